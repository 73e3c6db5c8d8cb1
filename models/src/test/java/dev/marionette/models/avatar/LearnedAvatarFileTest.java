package dev.marionette.models.avatar;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marionette.models.learned.LearnedAppearance;
import dev.marionette.models.learned.LearnedAppearanceTest;
import dev.marionette.tracking.geometry.CanonicalFaceMesh;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnedAvatarFileTest {
    static Avatar photo() {
        BufferedImage tex = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) tex.setRGB(x, y, x * 4 << 16 | y * 4 << 8 | 128);
        return new Avatar("synthetic", new float[3 * CanonicalFaceMesh.VERTICES], tex, 0x334455,
                new Avatar.Provenance("test", "", "2025-01-01T00:00:00Z", "LearnedAvatarFileTest"));
    }

    @Test
    void learnedAvatarRoundTripsAtHalfPrecision(@TempDir Path tmp) throws Exception {
        LearnedAppearance learned = LearnedAppearanceTest.random(32, 8, 3);
        Path file = tmp.resolve("l.mavatar");
        AvatarFile.save(photo().withLearned(learned), file);
        Avatar back = AvatarFile.load(file);
        assertTrue(back.isLearned());
        assertEquals(learned.decoder(), back.learned().decoder(), "decoder weights are stored exactly");
        float[] a = learned.texture().values(), b = back.learned().texture().values();
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], Math.abs(a[i]) * 1e-3 + 1e-4, "texel value " + i);
        ObjectNode m = manifest(file);
        assertEquals(3, m.get("formatVersion").asInt());
        assertEquals(2 * 32 * 32 * 8, m.at("/entries/neural.f16/bytes").asInt());

        Path plain = tmp.resolve("p.mavatar");
        AvatarFile.save(photo(), plain);
        assertEquals(2, manifest(plain).get("formatVersion").asInt(), "photo avatars stay version 2");
        assertNull(AvatarFile.load(plain).learned());
    }

    @Test
    void damagedLearnedPartsAreNamed(@TempDir Path tmp) throws Exception {
        Path good = tmp.resolve("good.mavatar");
        AvatarFile.save(photo().withLearned(LearnedAppearanceTest.random(16, 8, 5)), good);

        assertRefused(tmp, good, "layers", m -> m.replace("\"layers\" : [ 8, 16, 3 ]", "\"layers\" : [ 8, 12, 3 ]"), null, "need");
        assertRefused(tmp, good, "wide", m -> m.replace("\"width\" : 16, \n    \"height\" : 16".replace(" \n", "\n"), "\"width\" : 32,\n    \"height\" : 32"), null, "bytes");
        assertRefused(tmp, good, "channels", m -> m.replace("\"channels\" : 8", "\"channels\" : 6"), null, "multiple of 4");
        assertRefused(tmp, good, "act", m -> m.replace("\"hidden\" : \"relu\"", "\"hidden\" : \"gelu\""), null, "gelu");
        assertRefused(tmp, good, "kind", m -> m.replace("\"kind\" : \"mlp\"", "\"kind\" : \"analytic\""), null, "decoder.kind");
        // A NaN weight and an infinite feature, with checksums fixed so only the values are wrong.
        assertRefused(tmp, good, "nanw", m -> m, Map.entry("decoder.f32", bytes -> {
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(4 * 3, Float.NaN);
            return bytes;
        }), "weight 3 is NaN");
        assertRefused(tmp, good, "inff", m -> m, Map.entry("neural.f16", bytes -> {
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(2 * 9, Float.floatToFloat16(Float.POSITIVE_INFINITY));
            return bytes;
        }), "texel 1 channel 1");
        assertRefused(tmp, good, "short", m -> m, Map.entry("neural.f16", bytes -> java.util.Arrays.copyOf(bytes, bytes.length - 2)), "needs");
    }

    private static void assertRefused(Path tmp, Path good, String tag, UnaryOperator<String> manifest,
                                      Map.Entry<String, UnaryOperator<byte[]>> data, String expected) throws Exception {
        Path bad = rewrite(good, tmp.resolve(tag + ".mavatar"), manifest, data);
        AvatarFormatException e = assertThrows(AvatarFormatException.class, () -> AvatarFile.load(bad), tag);
        assertTrue(e.getMessage().contains(expected), tag + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    private static ObjectNode manifest(Path file) throws Exception {
        return (ObjectNode) new ObjectMapper().readTree(entries(file).get(AvatarFile.MANIFEST));
    }

    private static Map<String, byte[]> entries(Path file) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) out.put(e.getName(), zin.readAllBytes());
        }
        return out;
    }

    /** Copies an avatar with an edited manifest and optionally one edited entry whose size and checksum are updated. */
    private static Path rewrite(Path in, Path out, UnaryOperator<String> manifest, Map.Entry<String, UnaryOperator<byte[]>> data) throws Exception {
        Map<String, byte[]> entries = entries(in);
        String m = new String(entries.get(AvatarFile.MANIFEST), java.nio.charset.StandardCharsets.UTF_8);
        if (data != null) {
            byte[] before = entries.get(data.getKey());
            byte[] after = data.getValue().apply(before.clone());
            entries.put(data.getKey(), after);
            m = m.replace(AvatarFile.sha256(before), AvatarFile.sha256(after)).replace("\"bytes\" : " + before.length + ",", "\"bytes\" : " + after.length + ",");
        }
        String edited = manifest.apply(m);
        if (data == null) assertNotEquals(m, edited, "the edit must change the manifest");
        entries.put(AvatarFile.MANIFEST, edited.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        AvatarTest.writeZip(out, entries);
        return out;
    }
}
