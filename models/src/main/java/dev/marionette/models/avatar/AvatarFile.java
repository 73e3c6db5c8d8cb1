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
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/**
 * The .mavatar file: a zip holding {@code manifest.json} and the data it lists, each entry
 * with its size and sha256 so damage is caught on load.
 *
 * <pre>
 * manifest.json   {"format":"marionette-avatar","formatVersion":1,"templateVersion":1,"name":...,
 *                  "texture":{"file":"texture.png","width":W,"height":H,"channels":3,
 *                             "meaning":"albedo RGB in the template atlas (AtlasLayout)"},
 *                  "identity":{"file":"identity.f32","vertices":468,"unit":"mm","frame":"head"},
 *                  "decoder":{"kind":"analytic","weights":null},
 *                  "staticPlanes":null,
 *                  "irisRgb":"#RRGGBB",
 *                  "provenance":{"source":...,"sourceSha256":...,"created":...,"tool":...},
 *                  "entries":{"texture.png":{"bytes":N,"sha256":...},"identity.f32":{...}}}
 * texture.png     the atlas
 * identity.f32    468 × 3 little-endian float32
 * </pre>
 * Format version 2 is a learned avatar (Next3D-style appearance): version 1's fields, with
 * <pre>
 *                  "decoder":{"kind":"mlp","file":"decoder.f32","layers":[32,64,64,3],
 *                             "hidden":"relu","output":"sigmoid","layout":...},
 *                  "neuralTexture":{"file":"neural.f16","width":S,"height":S,"channels":32,
 *                                   "encoding":"float16-le","layout":...}
 * decoder.f32     per layer: out × in weights (row-major), then out biases; little-endian float32
 * neural.f16      S × S texels, rows top to bottom, channels interleaved; little-endian IEEE half
 * </pre>
 * Photo avatars are still written as version 1, so older Marionettes keep reading them.
 * The loader checks every field and size and names what is wrong. Saving is atomic
 * ({@link dev.marionette.tracking.io.AtomicFiles}), so a crash never leaves a half avatar.
 */
public final class AvatarFile {
    public static final String FORMAT = "marionette-avatar";
    public static final int FORMAT_VERSION = 1;
    /** The version of files that carry a learned appearance. */
    public static final int FORMAT_VERSION_LEARNED = 2;
    /** Version of the head template the identity and atlas are laid out for. */
    public static final int TEMPLATE_VERSION = 1;
    static final String MANIFEST = "manifest.json";
    static final String TEXTURE = "texture.png";
    static final String IDENTITY = "identity.f32";
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
        m.put("formatVersion", learned == null ? FORMAT_VERSION : FORMAT_VERSION_LEARNED);
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
        m.put("irisRgb", String.format("#%06X", avatar.irisRgb() & 0xFFFFFF));
        ObjectNode prov = m.putObject("provenance");
        prov.put("source", avatar.provenance().source());
        prov.put("sourceSha256", avatar.provenance().sourceSha256());
        prov.put("created", avatar.provenance().created());
        prov.put("tool", avatar.provenance().tool());
        ObjectNode entries = m.putObject("entries");
        entry(entries, TEXTURE, texture);
        entry(entries, IDENTITY, identity);
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
        if (version != FORMAT_VERSION && version != FORMAT_VERSION_LEARNED) {
            throw bad(name, "format version " + version + " is not supported (this Marionette reads versions " + FORMAT_VERSION
                    + " and " + FORMAT_VERSION_LEARNED + ")");
        }
        int template = integer(m, "templateVersion", name);
        if (template != TEMPLATE_VERSION) throw bad(name, "made for head template " + template + ", this Marionette has " + TEMPLATE_VERSION);
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
        String expected = version == FORMAT_VERSION ? "analytic" : "mlp";
        if (!expected.equals(kind)) {
            throw bad(name, "decoder.kind '" + kind + "' is not supported in format version " + version + " (expected '" + expected + "')");
        }
        LearnedAppearance learned = version == FORMAT_VERSION_LEARNED ? learned(m, decoder, entries, listed, name) : null;
        JsonNode planes = m.get("staticPlanes");
        if (planes != null && !planes.isNull()) throw bad(name, "staticPlanes are not supported in format version 1");
        String iris = text(m, "irisRgb", name);
        if (!iris.matches("#[0-9A-Fa-f]{6}")) throw bad(name, "irisRgb must be #RRGGBB, is " + iris);
        JsonNode prov = object(m, "provenance", name);
        Avatar.Provenance provenance = new Avatar.Provenance(text(prov, "source", name), prov.path("sourceSha256").asText(""),
                text(prov, "created", name), text(prov, "tool", name));
        try {
            return new Avatar(text(m, "name", name), identity, texture, Integer.parseInt(iris.substring(1), 16), provenance, learned);
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
