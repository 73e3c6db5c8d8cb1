package dev.marionette.models.avatar;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.FrameSources;
import dev.marionette.tracking.image.RgbImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvatarTest {
    static RgbImage portrait;
    static Avatar built;
    static double buildSeconds;
    static List<String> stages = new ArrayList<>();

    @BeforeAll
    static void build() throws Exception {
        try (FrameSource s = FrameSources.bundledSample()) {
            portrait = s.next().image();
        }
        long t0 = System.nanoTime();
        built = new AvatarBuilder().onProgress((stage, f) -> stages.add(stage)).build(portrait, "astronaut", "astronaut.png", "");
        buildSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("avatar built in %.2f s from a %dx%d portrait%n", buildSeconds, portrait.width(), portrait.height());
        Path dir = Files.createDirectories(Path.of("target", "avatar-tests"));
        ImageIO.write(built.texture(), "png", new File(dir.toFile(), "astronaut-atlas.png"));
    }

    @Test
    void buildsWithProgressAndSaneContent() {
        assertEquals(List.of("detect", "landmarks", "shape", "texture", "colours", "atlas", "static", "done"), stages);
        assertEquals(2048, built.texture().getWidth());
        float max = 0;
        for (float v : built.identityMm()) max = Math.max(max, Math.abs(v));
        assertTrue(max > 1 && max < 40, "identity differs from the canonical face by millimetres, max " + max);
        Color iris = new Color(built.irisRgb());
        assertTrue(iris.getRed() + iris.getGreen() + iris.getBlue() < 3 * 150, "iris darker than skin: " + iris);
    }

    @Test
    void staticContentHoldsHairAndShouldersInThePhotosColours() {
        StaticMesh content = built.staticMesh();
        assertNotNull(content, "the portrait shows hair and shoulders");
        float[] p = content.positionsMm(), uv = content.uvs();
        BufferedImage tex = content.texture();
        System.out.printf("static content: %d vertices, %d triangles, texture %dx%d%n", content.vertexCount(), content.triangleCount(),
                tex.getWidth(), tex.getHeight());
        assertTrue(content.triangleCount() > 500 && content.triangleCount() < 40_000, content.triangleCount() + " triangles");
        // Where it lies in the head frame: hair above the face, the suit's collar low on both sides.
        float[] face = built.neutralFace();
        float faceTop = -Float.MAX_VALUE;
        for (int i = 1; i < face.length; i += 3) faceTop = Math.max(faceTop, face[i]);
        int hair = 0, left = 0, right = 0;
        double[] hairRgb = new double[3];
        for (int v = 0; v < content.vertexCount(); v++) {
            float x = p[3 * v], y = p[3 * v + 1];
            if (y > faceTop + 10 && Math.abs(x) < 60) {
                hair++;
                int rgb = tex.getRGB(Math.min(tex.getWidth() - 1, (int) (uv[2 * v] * tex.getWidth())), Math.min(tex.getHeight() - 1, (int) (uv[2 * v + 1] * tex.getHeight())));
                for (int c = 0; c < 3; c++) hairRgb[c] += (rgb >> (16 - 8 * c)) & 255;
            }
            if (y < -130 && x < -100) left++;
            if (y < -130 && x > 100) right++;
        }
        assertTrue(hair > 30, hair + " vertices of hair above the face (top " + faceTop + " mm)");
        assertTrue(left > 30 && right > 30, "collar and shoulders on both sides: " + left + " / " + right + " vertices");
        for (int c = 0; c < 3; c++) hairRgb[c] /= hair;
        // Her hair is light brown: red above blue, neither dark nor white.
        assertTrue(hairRgb[0] > hairRgb[2] + 20 && hairRgb[0] > 90 && hairRgb[0] < 230, "hair colour " + java.util.Arrays.toString(hairRgb));
        // Nothing in front of the face: static points over its middle (hair may fall over its edge) lie behind it.
        for (int v = 0; v < content.vertexCount(); v++) {
            for (int i = 0; i < face.length; i += 3) {
                if (Math.abs(face[i]) > 40 || Math.abs(face[i + 1]) > 50) continue;
                float dx = p[3 * v] - face[i], dy = p[3 * v + 1] - face[i + 1];
                if (dx * dx + dy * dy < 9) {
                    assertTrue(p[3 * v + 2] < face[i + 2] + 1, "static vertex " + v + " " + p[3 * v] + "," + p[3 * v + 1] + "," + p[3 * v + 2] + " in front of face point " + i / 3 + " " + face[i] + "," + face[i + 1] + "," + face[i + 2]);
                }
            }
        }
        // The texture is the photo's own pixels (a crop of it at this size): find where, and compare.
        assertTrue(tex.getWidth() <= portrait.width() && tex.getHeight() <= portrait.height());
        try {
            ImageIO.write(tex, "png", Path.of("target", "avatar-tests", "astronaut-static.png").toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int[] at = null;
        int best = 0;
        for (int y0 = 0; y0 + tex.getHeight() <= portrait.height(); y0++) {
            for (int x0 = 0; x0 + tex.getWidth() <= portrait.width(); x0++) {
                // A 5 × 5 grid of texels: the best placement matches where the person is (the rest is filled).
                int hits = 0;
                for (int k = 0; k < 25; k++) {
                    if (samePixel(tex, portrait, x0, y0, (2 * (k % 5) + 1) * tex.getWidth() / 10, (2 * (k / 5) + 1) * tex.getHeight() / 10)) hits++;
                }
                if (hits > best) {
                    best = hits;
                    at = new int[] {x0, y0};
                }
            }
        }
        if (best < 10) at = null;
        assertNotNull(at, "the static texture is a crop of the portrait");
        int same = 0, texels = tex.getWidth() * tex.getHeight();
        for (int y = 0; y < tex.getHeight(); y++) for (int x = 0; x < tex.getWidth(); x++) if (samePixel(tex, portrait, at[0], at[1], x, y)) same++;
        System.out.printf("static texture: crop at %d,%d of the portrait, %.1f%% of texels the photo's own%n", at[0], at[1], 100.0 * same / texels);
        // Texels where the segmentation is unsure of the person are filled from inside, the rest are the photo's.
        assertTrue(same > texels / 2, same + " of " + texels + " texels are the photo's");
    }

    private static boolean samePixel(BufferedImage tex, RgbImage photo, int x0, int y0, int x, int y) {
        // Within a few levels: PNG is lossless, but the builder averages and fills where the mask is unsure.
        int rgb = tex.getRGB(x, y);
        for (int c = 0; c < 3; c++) if (Math.abs(((rgb >> (16 - 8 * c)) & 255) - photo.get(x0 + x, y0 + y, c)) > 6) return false;
        return true;
    }

    @Test
    void saveAndLoadRoundTrip(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("a.mavatar");
        AvatarFile.save(built, file);
        Avatar back = AvatarFile.load(file);
        assertArrayEquals(built.identityMm(), back.identityMm());
        assertEquals(built.irisRgb(), back.irisRgb());
        assertEquals(built.texture().getRGB(700, 700), back.texture().getRGB(700, 700));
        assertEquals(built.provenance(), back.provenance());
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary files left");
        }
        StaticMesh content = built.staticMesh(), loaded = back.staticMesh();
        assertNotNull(loaded, "static content survives the file");
        assertArrayEquals(content.positionsMm(), loaded.positionsMm());
        assertArrayEquals(content.uvs(), loaded.uvs());
        assertArrayEquals(content.triangles(), loaded.triangles());
        assertEquals(content.texture().getWidth(), loaded.texture().getWidth());
        for (int y = 0; y < content.texture().getHeight(); y += 7) {
            for (int x = 0; x < content.texture().getWidth(); x += 7) {
                assertEquals(content.texture().getRGB(x, y), loaded.texture().getRGB(x, y), "static texel " + x + "," + y);
            }
        }
        // Without static content the manifest says so and the avatar loads without it.
        Path bald = tmp.resolve("bald.mavatar");
        AvatarFile.save(built.withStaticMesh(null), bald);
        assertNull(AvatarFile.load(bald).staticMesh());
    }

    @Test
    void damagedFilesAreRejectedWithTheReason(@TempDir Path tmp) throws Exception {
        Path good = tmp.resolve("good.mavatar");
        AvatarFile.save(built, good);
        assertThrows(AvatarFormatException.class, () -> AvatarFile.load(tmp.resolve("missing.mavatar")));
        Path text = tmp.resolve("text.mavatar");
        Files.writeString(text, "hello");
        assertTrue(assertThrows(AvatarFormatException.class, () -> AvatarFile.load(text)).getMessage().contains("text.mavatar"));
        byte[] bytes = Files.readAllBytes(good);
        Path cut = tmp.resolve("cut.mavatar");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThrows(AvatarFormatException.class, () -> AvatarFile.load(cut));
        // A changed manifest field and a tampered entry.
        Path newer = rewrite(good, tmp.resolve("newer.mavatar"), "manifest.json", s -> s.replace("\"formatVersion\" : 2", "\"formatVersion\" : 9"));
        assertTrue(assertThrows(AvatarFormatException.class, () -> AvatarFile.load(newer)).getMessage().contains("version 9"));
        Path tampered = rewrite(good, tmp.resolve("tampered.mavatar"), "identity.f32", s -> s);
        AvatarFormatException e = assertThrows(AvatarFormatException.class, () -> AvatarFile.load(tampered));
        assertTrue(e.getMessage().contains("identity.f32"), e.getMessage());
    }

    @Test
    void readsVersionOneFilesAsAvatarsWithoutStaticContent(@TempDir Path tmp) throws Exception {
        Path v2 = tmp.resolve("v2.mavatar");
        AvatarFile.save(built.withStaticMesh(null), v2);
        // What version 1 wrote: no staticMesh field.
        Path v1 = rewriteManifest(v2, tmp.resolve("v1.mavatar"), m -> {
            m.put("formatVersion", 1);
            m.remove("staticMesh");
        }, java.util.Map.of());
        Avatar old = AvatarFile.load(v1);
        assertNull(old.staticMesh());
        assertArrayEquals(built.identityMm(), old.identityMm());
        // Version 1 knew no static content, version 2 must state it (null for none).
        Path v1WithStatic = rewriteManifest(v2, tmp.resolve("v1s.mavatar"), m -> m.put("formatVersion", 1), java.util.Map.of());
        assertMessage(v1WithStatic, "staticMesh is not part of format version 1");
        Path v2Without = rewriteManifest(v2, tmp.resolve("v2n.mavatar"), m -> m.remove("staticMesh"), java.util.Map.of());
        assertMessage(v2Without, "'staticMesh' is missing");
    }

    /**
     * Head template 1 kept the teeth in a tall, narrow atlas region; its files load with the
     * teeth painted into the current region (nothing else changes), and a newer template than
     * this Marionette knows is refused with the reason.
     */
    @Test
    void readsTemplateOneFilesWithTheirTeethRepainted(@TempDir Path tmp) throws Exception {
        Path current = tmp.resolve("t2.mavatar");
        AvatarFile.save(built.withStaticMesh(null), current);
        // What template 1 wrote: the same atlas but nothing in the teeth's new region.
        java.awt.image.BufferedImage atlas = built.texture();
        java.awt.image.BufferedImage old = new java.awt.image.BufferedImage(atlas.getWidth(), atlas.getHeight(),
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        old.getGraphics().drawImage(atlas, 0, 0, null);
        int size = atlas.getWidth();
        float[] r = dev.marionette.models.template.AtlasLayout.TEETH;
        int x0 = Math.round(r[0] * size), y0 = Math.round(r[1] * size), x1 = Math.round(r[2] * size), y1 = Math.round(r[3] * size);
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) old.setRGB(x, y, 0);
        var png = new java.io.ByteArrayOutputStream();
        ImageIO.write(old, "png", png);
        Path t1 = rewriteManifest(current, tmp.resolve("t1.mavatar"), m -> m.put("templateVersion", 1),
                java.util.Map.of("texture.png", png.toByteArray()));
        Avatar upgraded = AvatarFile.load(t1);
        assertArrayEquals(built.identityMm(), upgraded.identityMm());
        long differing = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if ((upgraded.texture().getRGB(x, y) & 0xFFFFFF) != (atlas.getRGB(x, y) & 0xFFFFFF)) differing++;
            }
        }
        assertEquals(0, differing, "the repainted atlas is the current builder's, texel for texel");

        assertMessage(rewriteManifest(current, tmp.resolve("t9.mavatar"), m -> m.put("templateVersion", 9), java.util.Map.of()),
                "made for head template 9, this Marionette reads templates 1 to 2");
    }

    @Test
    void damagedStaticContentIsRejectedWithTheReason(@TempDir Path tmp) throws Exception {
        Path good = tmp.resolve("good.mavatar");
        AvatarFile.save(built, good);
        StaticMesh content = built.staticMesh();
        int v = content.vertexCount(), t = content.triangleCount();
        // Checksums catch a flipped byte in each entry.
        for (String entry : new String[] {"static-positions.f32", "static-uvs.f32", "static-triangles.i32", "static-texture.png"}) {
            Path tampered = rewrite(good, tmp.resolve("t-" + entry + ".mavatar"), entry, s -> s);
            assertMessage(tampered, entry);
        }
        // Counts that disagree with the data, out of range, or of the wrong type.
        assertMessage(rewriteManifest(good, tmp.resolve("v.mavatar"), m -> staticNode(m).put("vertices", v + 1), java.util.Map.of()),
                "staticMesh.positions (static-positions.f32) has " + 12 * v + " bytes, needs " + 12 * (v + 1));
        assertMessage(rewriteManifest(good, tmp.resolve("t.mavatar"), m -> staticNode(m).put("triangles", t - 1), java.util.Map.of()),
                "staticMesh.indices");
        assertMessage(rewriteManifest(good, tmp.resolve("big.mavatar"), m -> staticNode(m).put("vertices", 1 << 30), java.util.Map.of()),
                "staticMesh.vertices must be");
        assertMessage(rewriteManifest(good, tmp.resolve("s.mavatar"), m -> staticNode(m).put("vertices", "many"), java.util.Map.of()),
                "'vertices' is missing or not an integer");
        assertMessage(rewriteManifest(good, tmp.resolve("u.mavatar"), m -> staticNode(m).put("unit", "inch"), java.util.Map.of()),
                "staticMesh.unit must be mm");
        assertMessage(rewriteManifest(good, tmp.resolve("w.mavatar"), m -> ((com.fasterxml.jackson.databind.node.ObjectNode) staticNode(m).get("texture"))
                .put("width", content.texture().getWidth() + 1), java.util.Map.of()), "the manifest says");
        assertMessage(rewriteManifest(good, tmp.resolve("l.mavatar"), m -> ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("entries"))
                .remove("static-uvs.f32"), java.util.Map.of()), "static-uvs.f32 is used but not listed");
        // Data whose checksums match but whose values are wrong: an index past the last vertex, a UV outside [0, 1], a NaN.
        int[] tris = content.triangles();
        tris[7] = v;
        assertMessage(rewriteManifest(good, tmp.resolve("i.mavatar"), m -> { }, java.util.Map.of("static-triangles.i32", le(tris))),
                "static triangle index " + v);
        float[] uvs = content.uvs();
        uvs[3] = 1.5f;
        assertMessage(rewriteManifest(good, tmp.resolve("uv.mavatar"), m -> { }, java.util.Map.of("static-uvs.f32", le(uvs))), "UV 1.5");
        float[] positions = content.positionsMm();
        positions[5] = Float.NaN;
        assertMessage(rewriteManifest(good, tmp.resolve("nan.mavatar"), m -> { }, java.util.Map.of("static-positions.f32", le(positions))),
                "not finite");
        assertMessage(rewriteManifest(good, tmp.resolve("png.mavatar"), m -> { },
                java.util.Map.of("static-texture.png", "not a png".getBytes())), "staticMesh.texture is not a readable image");
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode staticNode(com.fasterxml.jackson.databind.node.ObjectNode m) {
        return (com.fasterxml.jackson.databind.node.ObjectNode) m.get("staticMesh");
    }

    private static void assertMessage(Path file, String expected) {
        AvatarFormatException e = assertThrows(AvatarFormatException.class, () -> AvatarFile.load(file));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    }

    static byte[] le(float[] values) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    static byte[] le(int[] values) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return b.array();
    }

    /**
     * Copies an avatar zip with its manifest edited and some entries replaced; the replaced
     * entries' sizes and checksums are updated in the manifest, so only the edit itself is wrong.
     */
    static Path rewriteManifest(Path in, Path out, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> edit,
                                java.util.Map<String, byte[]> replaced) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(in))) {
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) entries.put(e.getName(), zin.readAllBytes());
        }
        var manifest = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(entries.get("manifest.json"));
        replaced.forEach((name, data) -> {
            entries.put(name, data);
            var listed = (com.fasterxml.jackson.databind.node.ObjectNode) manifest.get("entries").get(name);
            listed.put("bytes", data.length);
            listed.put("sha256", AvatarFile.sha256(data));
        });
        edit.accept(manifest);
        entries.put("manifest.json", json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        writeZip(out, entries);
        return out;
    }

    /** Copies a zip, replacing one entry: text entries through {@code edit}; binary entries get one byte flipped. */
    static Path rewrite(Path in, Path out, String entry, java.util.function.UnaryOperator<String> edit) throws Exception {
        try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(in)); ZipOutputStream zout = new ZipOutputStream(Files.newOutputStream(out))) {
            ZipEntry e;
            while ((e = zin.getNextEntry()) != null) {
                byte[] data = zin.readAllBytes();
                if (e.getName().equals(entry)) {
                    if (entry.endsWith(".json")) data = edit.apply(new String(data, java.nio.charset.StandardCharsets.UTF_8)).getBytes();
                    else data[data.length / 2] ^= 0x55;
                }
                zout.putNextEntry(new ZipEntry(e.getName()));
                zout.write(data);
                zout.closeEntry();
            }
        }
        return out;
    }

    @Test
    void badPhotosGiveClearErrors() {
        BufferedImage wall = new BufferedImage(400, 300, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = wall.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 400, 300);
        g.dispose();
        AvatarBuildException none = assertThrows(AvatarBuildException.class, () -> new AvatarBuilder().build(RgbImage.of(wall), "x", "x", ""));
        assertTrue(none.getMessage().startsWith("no face"), none.getMessage());

        // Two heads side by side, each filling half the picture (the head crop of the portrait).
        BufferedImage head = portrait.toBufferedImage().getSubimage(130, 10, 190, 230);
        BufferedImage two = new BufferedImage(380, 230, BufferedImage.TYPE_3BYTE_BGR);
        g = two.createGraphics();
        g.drawImage(head, 0, 0, null);
        g.drawImage(head, 190, 0, null);
        g.dispose();
        AvatarBuildException pair = assertThrows(AvatarBuildException.class, () -> new AvatarBuilder().build(RgbImage.of(two), "x", "x", ""));
        assertTrue(pair.getMessage().contains("2 faces"), pair.getMessage());

        // The whole portrait at 200x200: the face is found but only ~36 px across.
        BufferedImage tiny = new BufferedImage(200, 200, BufferedImage.TYPE_3BYTE_BGR);
        g = tiny.createGraphics();
        g.drawImage(portrait.toBufferedImage(), 0, 0, 200, 200, null);
        g.dispose();
        AvatarBuildException small = assertThrows(AvatarBuildException.class, () -> new AvatarBuilder().build(RgbImage.of(tiny), "x", "x", ""));
        assertTrue(small.getMessage().contains("too small"), small.getMessage());
    }

    /** Writes the entries, in order, as a zip (for hand-damaged avatar files). */
    static void writeZip(Path out, java.util.Map<String, byte[]> entries) throws java.io.IOException {
        try (ZipOutputStream zout = new ZipOutputStream(Files.newOutputStream(out))) {
            for (var e : entries.entrySet()) {
                zout.putNextEntry(new ZipEntry(e.getKey()));
                zout.write(e.getValue());
                zout.closeEntry();
            }
        }
    }
}
