package dev.marionette.models.avatar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marionette.models.learned.LearnedAppearance;
import dev.marionette.models.learned.MlpDecoder;
import dev.marionette.models.learned.NeuralTexture;
import dev.marionette.tracking.geometry.CanonicalFaceMesh;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The .mavatar file: a zip holding {@code manifest.json} and the data it lists, each entry
 * with its size and sha256 so damage is caught on load.
 *
 * <pre>
 * manifest.json   {"format":"marionette-avatar","formatVersion":2,"templateVersion":2,"name":...,
 *                  "texture":{"file":"texture.png","width":W,"height":H,"channels":3,
 *                             "meaning":"albedo RGB in the template atlas (AtlasLayout)"},
 *                  "identity":{"file":"identity.f32","vertices":468,"unit":"mm","frame":"head"},
 *                  "decoder":{"kind":"analytic","weights":null},
 *                  "staticPlanes":null,
 *                  "staticMesh":null | {"vertices":V,"triangles":T,"unit":"mm","frame":"head",
 *                                "positions":"static-positions.f32","uvs":"static-uvs.f32",
 *                                "indices":"static-triangles.i32",
 *                                "texture":{"file":"static-texture.png","width":W,"height":H,"channels":3},
 *                                "meaning":...},
 *                  "irisRgb":"#RRGGBB",
 *                  "provenance":{"source":...,"sourceSha256":...,"created":...,"tool":...},
 *                  "entries":{"texture.png":{"bytes":N,"sha256":...},"identity.f32":{...}}}
 * texture.png     the atlas
 * identity.f32    468 × 3 little-endian float32
 * static-*        the static content ({@link StaticMesh}): V × 3 and V × 2 little-endian float32,
 *                 T × 3 little-endian int32, its own texture (version 2 on; absent without content)
 * </pre>
 * Version 1 files (no {@code staticMesh}) still load, as avatars without static content.
 * Format version 3 adds learned avatars (Next3D-style appearance): version 2's fields, with
 * <pre>
 *                  "decoder":{"kind":"mlp","file":"decoder.f32","layers":[32,64,64,3],
 *                             "hidden":"relu","output":"sigmoid","layout":...},
 *                  "neuralTexture":{"file":"neural.f16","width":S,"height":S,"channels":32,
 *                                   "encoding":"float16-le","layout":...}
 * decoder.f32     per layer: out × in weights (row-major), then out biases; little-endian float32
 * neural.f16      S × S texels, rows top to bottom, channels interleaved; little-endian IEEE half
 * </pre>
 * Photo avatars are written as version 2, so Marionettes before learned avatars keep reading them.
 * The loader checks every field and size and names what is wrong. Saving is atomic
 * ({@link dev.marionette.tracking.io.AtomicFiles}), so a crash never leaves a half avatar.
 */
public final class AvatarFile {
    public static final String FORMAT = "marionette-avatar";
    /** Newest version: learned appearance (format 3); static content (2); the first format (1). */
    public static final int FORMAT_VERSION = 3;
    /** The version of files that carry a learned appearance (they may carry static content too). */
    public static final int FORMAT_VERSION_LEARNED = 3;
    /** The version photo avatars are written in (static content, if any; no learned appearance). */
    public static final int FORMAT_VERSION_PHOTO = 2;
    /** The oldest version this loader reads (version 1 had no static content). */
    public static final int OLDEST_FORMAT_VERSION = 1;
    /** Version of the head template the identity and atlas are laid out for. */
    /**
     * The head template the atlas is painted for. 2: the teeth moved to a wide atlas region;
     * files of template 1 are upgraded on load (their teeth repainted).
     */
    public static final int TEMPLATE_VERSION = 2;
    static final int OLDEST_TEMPLATE_VERSION = 1;
    static final String MANIFEST = "manifest.json";
    static final String TEXTURE = "texture.png";
    static final String IDENTITY = "identity.f32";
    static final String STATIC_POSITIONS = "static-positions.f32", STATIC_UVS = "static-uvs.f32",
            STATIC_INDICES = "static-triangles.i32", STATIC_TEXTURE = "static-texture.png";
    static final String DECODER = "decoder.f32";
    static final String NEURAL_TEXTURE = "neural.f16";
    /** Larger entries are refused: no avatar needs them, and a zip bomb would. */
    static final long MAX_ENTRY_BYTES = 64L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private AvatarFile() {}

    public static void save(Avatar avatar, Path file) throws IOException {
        byte[] texture = png(avatar.texture());
        byte[] identity = floats(avatar.identityMm());
        LearnedAppearance learned = avatar.learned();
        byte[] decoderWeights = learned == null ? null : floats(learned.decoder().packed());
        byte[] neural = learned == null ? null : halves(learned.texture().values());
        ObjectNode m = JSON.createObjectNode();
        m.put("format", FORMAT);
        m.put("formatVersion", learned == null ? FORMAT_VERSION_PHOTO : FORMAT_VERSION_LEARNED);
        m.put("templateVersion", TEMPLATE_VERSION);
        m.put("name", avatar.name());
        ObjectNode tex = m.putObject("texture");
        tex.put("file", TEXTURE);
        tex.put("width", avatar.texture().getWidth());
        tex.put("height", avatar.texture().getHeight());
        tex.put("channels", 3);
        tex.put("meaning", "albedo RGB in the template atlas (AtlasLayout)");
        ObjectNode id = m.putObject("identity");
        id.put("file", IDENTITY);
        id.put("vertices", CanonicalFaceMesh.VERTICES);
        id.put("unit", "mm");
        id.put("frame", "head");
        ObjectNode decoder = m.putObject("decoder");
        if (learned == null) {
            decoder.put("kind", "analytic");
            decoder.putNull("weights");
        } else {
            MlpDecoder d = learned.decoder();
            decoder.put("kind", "mlp");
            decoder.put("file", DECODER);
            var layers = decoder.putArray("layers");
            for (int size : d.sizes()) layers.add(size);
            decoder.put("hidden", d.hidden().id());
            decoder.put("output", d.output().id());
            decoder.put("layout", "per layer: out x in weights row-major, then out biases; float32 little-endian");
            NeuralTexture t = learned.texture();
            ObjectNode nt = m.putObject("neuralTexture");
            nt.put("file", NEURAL_TEXTURE);
            nt.put("width", t.size());
            nt.put("height", t.size());
            nt.put("channels", t.channels());
            nt.put("encoding", "float16-le");
            nt.put("layout", "rows top to bottom (v down), channels interleaved per texel, template atlas UV space");
        }
        m.putNull("staticPlanes");
        StaticMesh content = avatar.staticMesh();
        Map<String, byte[]> staticEntries = content == null ? Map.of() : staticEntries(content);
        if (content == null) m.putNull("staticMesh");
        else staticManifest(m.putObject("staticMesh"), content);
        m.put("irisRgb", String.format("#%06X", avatar.irisRgb() & 0xFFFFFF));
        ObjectNode prov = m.putObject("provenance");
        prov.put("source", avatar.provenance().source());
        prov.put("sourceSha256", avatar.provenance().sourceSha256());
        prov.put("created", avatar.provenance().created());
        prov.put("tool", avatar.provenance().tool());
        ObjectNode entries = m.putObject("entries");
        entry(entries, TEXTURE, texture);
        entry(entries, IDENTITY, identity);
        for (String f : STATIC_FILES) if (staticEntries.containsKey(f)) entry(entries, f, staticEntries.get(f));
        if (learned != null) {
            entry(entries, DECODER, decoderWeights);
            entry(entries, NEURAL_TEXTURE, neural);
        }

        byte[] manifest = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
        try {
            dev.marionette.tracking.io.AtomicFiles.write(file, out -> {
                ZipOutputStream zip = new ZipOutputStream(out);
                put(zip, MANIFEST, manifest);
                put(zip, TEXTURE, texture);
                put(zip, IDENTITY, identity);
                for (String f : STATIC_FILES) if (staticEntries.containsKey(f)) put(zip, f, staticEntries.get(f));
                if (learned != null) {
                    put(zip, DECODER, decoderWeights);
                    put(zip, NEURAL_TEXTURE, neural);
                }
                zip.finish();
            });
        } catch (java.io.UncheckedIOException e) {
            throw new IOException(e.getMessage(), e.getCause());
        }
    }

    /**
     * @throws AvatarFormatException when the file is missing, not an avatar, damaged, or of an
     *                               unsupported version
     */
    public static Avatar load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new AvatarFormatException("no avatar file at '" + file + "'");
        } catch (IOException e) {
            throw new AvatarFormatException("cannot read avatar '" + file + "': " + e.getMessage(), e);
        }
        return load(bytes, file.toString());
    }

    public static Avatar load(byte[] bytes, String name) {
        Map<String, byte[]> entries = unzip(bytes, name);
        byte[] manifestBytes = entries.get(MANIFEST);
        if (manifestBytes == null) throw bad(name, "no " + MANIFEST + " inside (not a Marionette avatar?)");
        JsonNode m;
        try {
            m = JSON.readTree(manifestBytes);
        } catch (IOException e) {
            throw bad(name, MANIFEST + " is not JSON: " + e.getMessage());
        }
        if (m == null || !m.isObject()) throw bad(name, MANIFEST + " is not a JSON object");
        if (!FORMAT.equals(text(m, "format", name))) throw bad(name, "format is '" + m.get("format").asText() + "', not " + FORMAT);
        int version = integer(m, "formatVersion", name);
        if (version < OLDEST_FORMAT_VERSION || version > FORMAT_VERSION) {
            throw bad(name, "format version " + version + " is not supported (this Marionette reads versions "
                    + OLDEST_FORMAT_VERSION + " to " + FORMAT_VERSION + ")");
        }
        int template = integer(m, "templateVersion", name);
        if (template < OLDEST_TEMPLATE_VERSION || template > TEMPLATE_VERSION) {
            throw bad(name, "made for head template " + template + ", this Marionette reads templates "
                    + OLDEST_TEMPLATE_VERSION + " to " + TEMPLATE_VERSION);
        }
        JsonNode listed = object(m, "entries", name);
        for (var it = listed.fields(); it.hasNext(); ) {
            var e = it.next();
            byte[] data = entries.get(e.getKey());
            if (data == null) throw bad(name, "entry " + e.getKey() + " is listed but missing");
            long size = e.getValue().path("bytes").asLong(-1);
            if (size != data.length) throw bad(name, "entry " + e.getKey() + " has " + data.length + " bytes, the manifest says " + size);
            String sha = e.getValue().path("sha256").asText("");
            if (!sha.equalsIgnoreCase(sha256(data))) throw bad(name, "entry " + e.getKey() + " is damaged (checksum mismatch)");
        }

        JsonNode tex = object(m, "texture", name);
        if (integer(tex, "channels", name) != 3) throw bad(name, "texture.channels: only 3-channel (RGB) avatars are supported so far");
        byte[] texBytes = entry(entries, listed, text(tex, "file", name), name);
        BufferedImage texture;
        try {
            texture = ImageIO.read(new ByteArrayInputStream(texBytes));
        } catch (IOException e) {
            throw bad(name, "texture is not a readable image: " + e.getMessage());
        }
        if (texture == null) throw bad(name, "texture is not a readable image");
        int w = integer(tex, "width", name), h = integer(tex, "height", name);
        if (texture.getWidth() != w || texture.getHeight() != h) {
            throw bad(name, "texture is " + texture.getWidth() + "x" + texture.getHeight() + ", the manifest says " + w + "x" + h);
        }
        if (w < 64 || w > 8192 || w != h) throw bad(name, "texture must be square, 64..8192 pixels, is " + w + "x" + h);
        // Template 1 kept the teeth elsewhere in the atlas: paint them where the template now looks.
        if (template == 1) texture = dev.marionette.models.template.AtlasPainter.upgradeFromTemplate1(texture);

        JsonNode id = object(m, "identity", name);
        if (integer(id, "vertices", name) != CanonicalFaceMesh.VERTICES) throw bad(name, "identity.vertices must be 468");
        if (!"mm".equals(text(id, "unit", name))) throw bad(name, "identity.unit must be mm");
        byte[] idBytes = entry(entries, listed, text(id, "file", name), name);
        if (idBytes.length != 4 * 3 * CanonicalFaceMesh.VERTICES) {
            throw bad(name, "identity has " + idBytes.length + " bytes, needs " + 4 * 3 * CanonicalFaceMesh.VERTICES);
        }
        float[] identity = new float[3 * CanonicalFaceMesh.VERTICES];
        ByteBuffer.wrap(idBytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(identity);

        JsonNode decoder = object(m, "decoder", name);
        String kind = text(decoder, "kind", name);
        boolean mlp = "mlp".equals(kind);
        if (!"analytic".equals(kind) && !(mlp && version >= FORMAT_VERSION_LEARNED)) {
            throw bad(name, "decoder.kind '" + kind + "' is not supported in format version " + version + " (expected "
                    + (version >= FORMAT_VERSION_LEARNED ? "'analytic' or 'mlp'" : "'analytic'") + ")");
        }
        JsonNode neuralTexture = m.get("neuralTexture");
        if (!mlp && neuralTexture != null && !neuralTexture.isNull()) {
            throw bad(name, "a neuralTexture is given but decoder.kind is '" + kind + "' (a learned avatar's is 'mlp')");
        }
        LearnedAppearance learned = mlp ? learned(m, decoder, entries, listed, name) : null;
        JsonNode planes = m.get("staticPlanes");
        if (planes != null && !planes.isNull()) throw bad(name, "staticPlanes are not supported in format version " + version);
        StaticMesh content = staticMesh(m, version, entries, listed, name);
        String iris = text(m, "irisRgb", name);
        if (!iris.matches("#[0-9A-Fa-f]{6}")) throw bad(name, "irisRgb must be #RRGGBB, is " + iris);
        JsonNode prov = object(m, "provenance", name);
        Avatar.Provenance provenance = new Avatar.Provenance(text(prov, "source", name), prov.path("sourceSha256").asText(""),
                text(prov, "created", name), text(prov, "tool", name));
        try {
            return new Avatar(text(m, "name", name), identity, texture, Integer.parseInt(iris.substring(1), 16), provenance, content, learned);
        } catch (IllegalArgumentException e) {
            throw bad(name, e.getMessage());
        }
    }

    private static LearnedAppearance learned(JsonNode m, JsonNode decoder, Map<String, byte[]> entries, JsonNode listed, String name) {
        JsonNode layersNode = decoder.get("layers");
        if (layersNode == null || !layersNode.isArray() || layersNode.isEmpty()) throw bad(name, "decoder.layers is missing or not a list of widths");
        int[] layers = new int[layersNode.size()];
        for (int i = 0; i < layers.length; i++) {
            JsonNode w = layersNode.get(i);
            if (!w.isIntegralNumber()) throw bad(name, "decoder.layers[" + i + "] is not an integer");
            layers[i] = w.asInt();
        }
        MlpDecoder.Activation hidden, output;
        try {
            hidden = MlpDecoder.Activation.of(text(decoder, "hidden", name));
            output = MlpDecoder.Activation.of(text(decoder, "output", name));
        } catch (IllegalArgumentException e) {
            throw bad(name, "decoder: " + e.getMessage());
        }
        byte[] weightBytes = entry(entries, listed, text(decoder, "file", name), name);
        if (weightBytes.length % 4 != 0) throw bad(name, "decoder weights have " + weightBytes.length + " bytes, not whole float32s");
        float[] packed = new float[weightBytes.length / 4];
        ByteBuffer.wrap(weightBytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(packed);
        MlpDecoder mlp;
        try {
            mlp = MlpDecoder.unpack(layers, packed, hidden, output);
        } catch (IllegalArgumentException e) {
            throw bad(name, e.getMessage());
        }

        JsonNode nt = object(m, "neuralTexture", name);
        if (!"float16-le".equals(text(nt, "encoding", name))) throw bad(name, "neuralTexture.encoding must be float16-le, is " + nt.get("encoding").asText());
        int w = integer(nt, "width", name), h = integer(nt, "height", name), channels = integer(nt, "channels", name);
        if (w != h || w < 4 || w > 2048) throw bad(name, "neural texture must be square, 4..2048 texels, is " + w + "x" + h);
        if (channels < 4 || channels > 64 || channels % 4 != 0) throw bad(name, "neuralTexture.channels " + channels + " must be 4..64 and a multiple of 4");
        byte[] halfBytes = entry(entries, listed, text(nt, "file", name), name);
        long need = 2L * w * h * channels;
        if (halfBytes.length != need) throw bad(name, "neural texture has " + halfBytes.length + " bytes, " + w + "x" + h + "x" + channels + " float16 needs " + need);
        float[] values = new float[w * h * channels];
        ByteBuffer hb = ByteBuffer.wrap(halfBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) values[i] = Float.float16ToFloat(hb.getShort());
        try {
            return new LearnedAppearance(new NeuralTexture(w, channels, values), mlp);
        } catch (IllegalArgumentException e) {
            throw bad(name, e.getMessage());
        }
    }

    private static final String[] STATIC_FILES = {STATIC_POSITIONS, STATIC_UVS, STATIC_INDICES, STATIC_TEXTURE};

    private static Map<String, byte[]> staticEntries(StaticMesh content) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        out.put(STATIC_POSITIONS, floats(content.positionsMm()));
        out.put(STATIC_UVS, floats(content.uvs()));
        out.put(STATIC_INDICES, ints(content.triangles()));
        out.put(STATIC_TEXTURE, png(content.texture()));
        return out;
    }

    private static void staticManifest(ObjectNode s, StaticMesh content) {
        s.put("vertices", content.vertexCount());
        s.put("triangles", content.triangleCount());
        s.put("unit", "mm");
        s.put("frame", "head");
        s.put("positions", STATIC_POSITIONS);
        s.put("uvs", STATIC_UVS);
        s.put("indices", STATIC_INDICES);
        ObjectNode tex = s.putObject("texture");
        tex.put("file", STATIC_TEXTURE);
        tex.put("width", content.texture().getWidth());
        tex.put("height", content.texture().getHeight());
        tex.put("channels", 3);
        s.put("meaning", "hair, ears, neck and torso: a relief in the head frame that moves rigidly with the head pose");
    }

    /** The static content of a version 2 manifest (null when it has none); version 1 has no such field. */
    private static StaticMesh staticMesh(JsonNode m, int version, Map<String, byte[]> entries, JsonNode listed, String name) {
        JsonNode s = m.get("staticMesh");
        if (version < 2) {
            if (s != null) throw bad(name, "staticMesh is not part of format version " + version);
            return null;
        }
        if (s == null) throw bad(name, "field 'staticMesh' is missing (null for an avatar without static content)");
        if (s.isNull()) return null;
        if (!s.isObject()) throw bad(name, "staticMesh must be an object or null");
        int vertices = integer(s, "vertices", name), triangles = integer(s, "triangles", name);
        if (vertices < 1 || vertices > StaticMesh.MAX_VERTICES) {
            throw bad(name, "staticMesh.vertices must be 1.." + StaticMesh.MAX_VERTICES + ", is " + vertices);
        }
        if (triangles < 1 || triangles > StaticMesh.MAX_TRIANGLES) {
            throw bad(name, "staticMesh.triangles must be 1.." + StaticMesh.MAX_TRIANGLES + ", is " + triangles);
        }
        if (!"mm".equals(text(s, "unit", name))) throw bad(name, "staticMesh.unit must be mm");
        if (!"head".equals(text(s, "frame", name))) throw bad(name, "staticMesh.frame must be head");
        float[] positions = floats(sized(entries, listed, text(s, "positions", name), 4L * 3 * vertices, "staticMesh.positions", name));
        float[] uvs = floats(sized(entries, listed, text(s, "uvs", name), 4L * 2 * vertices, "staticMesh.uvs", name));
        int[] indices = ints(sized(entries, listed, text(s, "indices", name), 4L * 3 * triangles, "staticMesh.indices", name));
        JsonNode tex = object(s, "texture", name);
        if (integer(tex, "channels", name) != 3) throw bad(name, "staticMesh.texture.channels must be 3 (RGB)");
        int w = integer(tex, "width", name), h = integer(tex, "height", name);
        if (w < StaticMesh.MIN_TEXTURE || h < StaticMesh.MIN_TEXTURE || w > StaticMesh.MAX_TEXTURE || h > StaticMesh.MAX_TEXTURE) {
            throw bad(name, "staticMesh.texture must be " + StaticMesh.MIN_TEXTURE + ".." + StaticMesh.MAX_TEXTURE + " pixels a side, is " + w + "x" + h);
        }
        BufferedImage texture = image(entry(entries, listed, text(tex, "file", name), name), w, h, "staticMesh.texture", name);
        try {
            return new StaticMesh(positions, uvs, indices, texture);
        } catch (IllegalArgumentException e) {
            throw bad(name, e.getMessage());
        }
    }

    /** A listed entry that must have exactly {@code bytes} bytes. */
    private static byte[] sized(Map<String, byte[]> entries, JsonNode listed, String file, long bytes, String what, String name) {
        byte[] data = entry(entries, listed, file, name);
        if (data.length != bytes) throw bad(name, what + " (" + file + ") has " + data.length + " bytes, needs " + bytes);
        return data;
    }

    /** Decodes an image whose header must say width × height (checked before the pixels are decoded). */
    private static BufferedImage image(byte[] data, int width, int height, String what, String name) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) throw bad(name, what + " is not a readable image");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                if (w != width || h != height) throw bad(name, what + " is " + w + "x" + h + ", the manifest says " + width + "x" + height);
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof AvatarFormatException f) throw f;
            throw bad(name, what + " is not a readable image: " + e.getMessage());
        }
    }

    private static Map<String, byte[]> unzip(byte[] bytes, String name) {
        Map<String, byte[]> out = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.isDirectory()) continue;
                out.put(e.getName(), readLimited(zip, e.getName(), name));
            }
        } catch (ZipException e) {
            throw bad(name, "not a zip file: " + e.getMessage());
        } catch (IOException e) {
            throw bad(name, "cannot read: " + e.getMessage());
        }
        if (out.isEmpty()) throw bad(name, "not a Marionette avatar (no zip entries)");
        return out;
    }

    private static byte[] readLimited(InputStream in, String entry, String name) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(chunk)) > 0; ) {
            total += n;
            if (total > MAX_ENTRY_BYTES) throw bad(name, "entry " + entry + " is larger than " + (MAX_ENTRY_BYTES >> 20) + " MiB");
            buf.write(chunk, 0, n);
        }
        return buf.toByteArray();
    }

    private static byte[] entry(Map<String, byte[]> entries, JsonNode listed, String file, String name) {
        if (!listed.has(file)) throw bad(name, file + " is used but not listed in entries");
        byte[] data = entries.get(file);
        if (data == null) throw bad(name, "entry " + file + " is missing");
        return data;
    }

    private static AvatarFormatException bad(String name, String what) {
        return new AvatarFormatException("avatar '" + name + "': " + what);
    }

    private static String text(JsonNode n, String field, String name) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) throw bad(name, "field '" + field + "' is missing or not text");
        return v.asText();
    }

    private static int integer(JsonNode n, String field, String name) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber()) throw bad(name, "field '" + field + "' is missing or not an integer");
        return v.asInt();
    }

    private static JsonNode object(JsonNode n, String field, String name) {
        JsonNode v = n.get(field);
        if (v == null || !v.isObject()) throw bad(name, "field '" + field + "' is missing or not an object");
        return v;
    }

    private static void entry(ObjectNode entries, String file, byte[] data) {
        ObjectNode e = entries.putObject(file);
        e.put("bytes", data.length);
        e.put("sha256", sha256(data));
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer");
        return out.toByteArray();
    }

    private static byte[] floats(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    private static float[] floats(byte[] data) {
        float[] out = new float[data.length / 4];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private static byte[] ints(int[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return b.array();
    }

    private static int[] ints(byte[] data) {
        int[] out = new int[data.length / 4];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
        return out;
    }

    private static byte[] halves(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putShort(Float.floatToFloat16(v));
        return b.array();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
