package dev.marionette.tracking.io;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.landmarks.FaceLandmarks;
import dev.marionette.tracking.landmarks.Roi;
import dev.marionette.tracking.params.Blendshape;
import dev.marionette.tracking.params.Blendshapes;
import dev.marionette.tracking.params.Blink;
import dev.marionette.tracking.params.EyeGaze;
import dev.marionette.tracking.params.Gaze;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceParamsJsonTest {
    static FaceParams sample(long frame) {
        float[] xyz = new float[3 * 478];
        for (int i = 0; i < xyz.length; i++) xyz[i] = (float) (i * 0.37 - 20.125);
        float[] c = new float[Blendshape.values().length];
        c[Blendshape.JAW_OPEN.ordinal()] = 0.625f;
        c[Blendshape.MOUTH_SMILE_LEFT.ordinal()] = 0.0625f;
        float[] dense = new float[1404];
        dense[5] = -1.5f;
        return new FaceParams(frame, 1_234_567 + frame * 33_333, true, 0.9876f, 2, new Roi(320.5f, 240.25f, 180, 180, 0.125f),
                new FaceLandmarks(xyz, 0.9876f, new Roi(320.5f, 240.25f, 180, 180, 0.125f)),
                HeadPose.fromAngles(12.5, -7.25, 3, 15.5, -20, -612.75), new Blink(0.25f, 1f),
                new Gaze(new EyeGaze(10, -5), new EyeGaze(9.5f, -4.5f)), Blendshapes.of(c), dense);
    }

    @Test
    void numbersAreWrittenCompactlyAndExactly() {
        StringBuilder sb = new StringBuilder();
        for (double v : new double[] {0, 1, -1, 1.05, 0.5, -0.0001, 12.346, 1e-9, 100.999}) {
            JsonNumbers.append(sb, v, 2);
            sb.append(' ');
        }
        JsonNumbers.append(sb, Double.NaN, 2);
        assertEquals("0 1 -1 1.05 0.5 0 12.35 0 101 null", sb.toString());
    }

    @Test
    void lineHasTheDocumentedSchema() throws Exception {
        JsonNode n = new ObjectMapper().readTree(FaceParamsJson.toLine(sample(3), false));
        assertEquals(3, n.get("frame").asLong());
        assertEquals(1334.566, n.get("timeMs").asDouble(), 1e-9);
        assertTrue(n.get("face").asBoolean());
        assertEquals(478, n.get("landmarks").size());
        assertEquals(3, n.get("landmarks").get(0).size());
        assertEquals(12.5, n.get("pose").get("yaw").asDouble(), 1e-6);
        assertEquals(3, n.get("pose").get("matrix").size());
        assertEquals(-612.75, n.get("pose").get("translationMm").get(2).asDouble(), 1e-6);
        assertEquals(1.0, n.get("blink").get("right").asDouble());
        assertEquals(-4.5, n.get("gaze").get("right").get("pitch").asDouble(), 1e-6);
        assertEquals(0.625, n.get("blendshapes").get("jawOpen").asDouble(), 1e-6);
        assertEquals(Blendshape.values().length, n.get("blendshapes").size());
        assertNull(n.get("expression"), "dense expression only on request");
        assertEquals(1404, new ObjectMapper().readTree(FaceParamsJson.toLine(sample(3), true)).get("expression").size());
    }

    @Test
    void roundTrips() {
        FaceParams a = sample(7);
        FaceParams b = FaceParamsJson.parse(FaceParamsJson.toLine(a, true));
        assertEquals(a.frame(), b.frame());
        assertEquals(a.tMicros(), b.tMicros());
        assertEquals(a.pose().yawDeg(), b.pose().yawDeg(), 1e-3);
        assertEquals(0, a.pose().angleTo(b.pose()), 1e-3);
        assertEquals(a.landmarks().x(100), b.landmarks().x(100), 0.006);
        assertArrayEquals(a.blendshapes().toArray(), b.blendshapes().toArray(), 1e-4f);
        assertEquals(-1.5f, b.expressionMm()[5], 1e-3);
        assertEquals(a.gaze(), b.gaze());
        FaceParams none = FaceParams.neutral(9, 300_000);
        FaceParams back = FaceParamsJson.parse(FaceParamsJson.toLine(none, false));
        assertFalse(back.face());
        assertNull(back.landmarks());
    }

    @Test
    void damagedLinesAreRejectedWithTheFieldNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaceParamsJson.parse("{\"frame\":1}"));
        assertTrue(e.getMessage().contains("timeMs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FaceParamsJson.parse("garbage"));
        assertThrows(IllegalArgumentException.class, () -> FaceParamsJson.parse("[1,2]"));
        String line = FaceParamsJson.toLine(sample(1), false).replace("\"yaw\":12.5", "\"yaw\":\"x\"");
        e = assertThrows(IllegalArgumentException.class, () -> FaceParamsJson.parse(line));
        assertTrue(e.getMessage().contains("yaw"), e.getMessage());
    }

    @Test
    void readerSkipsGarbageLinesWithAWarning(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("params.jsonl");
        Files.writeString(file, FaceParamsJson.toLine(sample(0), false) + "\n"
                + "not json at all\n\n"
                + FaceParamsJson.toLine(sample(1), false).substring(0, 50) + "\n"
                + FaceParamsJson.toLine(sample(2), false) + "\n");
        List<String> warnings = new ArrayList<>();
        List<Long> frames = new ArrayList<>();
        try (FaceParamsReader r = FaceParamsReader.open(file, warnings::add)) {
            for (FaceParams p; (p = r.next()) != null; ) frames.add(p.frame());
            assertEquals(2, r.skipped());
        }
        assertEquals(List.of(0L, 2L), frames);
        assertEquals(2, warnings.size());
        assertTrue(warnings.get(0).startsWith("params.jsonl:2:"), warnings.get(0));
        Exception missing = assertThrows(java.io.IOException.class, () -> FaceParamsReader.open(dir.resolve("nope.jsonl"), w -> {}));
        assertTrue(missing.getMessage().contains("nope.jsonl"));
    }
}
