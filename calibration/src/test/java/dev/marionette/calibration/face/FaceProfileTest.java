package dev.marionette.calibration.face;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marionette.calibration.CalibrationException;
import dev.marionette.tracking.params.Measure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceProfileTest {
    static FaceProfile calibrated() {
        return new FaceCalibrator().calibrate(FaceCalibratorTest.session().samples()).profile();
    }

    @Test
    void roundTripKeepsEveryValue(@TempDir Path dir) throws Exception {
        FaceProfile p = calibrated();
        Path file = dir.resolve("me.json");
        p.save(file);
        FaceProfile q = FaceProfile.load(file);
        assertArrayEquals(p.expression().neutral(), q.expression().neutral());
        assertArrayEquals(p.expression().rangeUp(), q.expression().rangeUp());
        assertArrayEquals(p.expression().rangeDown(), q.expression().rangeDown());
        assertEquals(p.iris(), q.iris());
        assertEquals(p.createdAt(), q.createdAt());
        for (FacePhase phase : FacePhase.values()) {
            assertEquals(p.sampleCount(phase), q.sampleCount(phase), phase.id());
            for (int i = 0; i < p.sampleCount(phase); i++) {
                assertArrayEquals(p.samples().get(phase).get(i), q.samples().get(phase).get(i), phase.id() + " row " + i);
            }
        }
        // Readable: one line per sample row, the format marker first.
        String text = Files.readString(file);
        assertTrue(text.startsWith("{\n  \"format\" : \"marionette-face-profile\""), text.substring(0, 80));
        long lines = text.lines().count();
        int rows = 0;
        for (FacePhase phase : FacePhase.values()) rows += p.sampleCount(phase);
        assertTrue(lines > rows && lines < rows + 200, lines + " lines for " + rows + " rows");
        // Recalibrating from the saved samples gives the same profile.
        java.util.List<FaceSample> again = new java.util.ArrayList<>();
        for (FacePhase phase : FacePhase.values()) for (float[] row : q.samples().get(phase)) again.add(new FaceSample(phase, row, true));
        assertArrayEquals(p.expression().rangeDown(), new FaceCalibrator().calibrate(again).profile().expression().rangeDown());
    }

    @Test
    void aProfileWithoutSamplesLoads(@TempDir Path dir) {
        FaceProfile p = FaceProfile.of(calibrated().expression(), false, java.time.Instant.parse("2025-03-01T10:00:00Z"));
        Path file = dir.resolve("bare.json");
        p.save(file);
        FaceProfile q = FaceProfile.load(file);
        assertFalse(q.iris());
        assertEquals(0, q.sampleCount(FacePhase.NEUTRAL));
        assertArrayEquals(p.expression().rangeUp(), q.expression().rangeUp());
    }

    @Test
    void corruptOrPartialFilesAreRefusedNamingTheField(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.json");
        calibrated().save(good);
        String text = Files.readString(good);

        assertRefused(dir, text.substring(0, text.length() / 2), "not valid JSON", "line ");
        assertRefused(dir, "", "empty");
        assertRefused(dir, "[1, 2]", "expected a JSON object");
        assertRefused(dir, "{\"format\": \"marionette-camera-calibration\", \"version\": 1}", "field 'format'", "right file");
        assertRefused(dir, "{\"version\": 1}", "field 'format' is missing");

        edit(dir, text, root -> root.put("version", FaceProfile.VERSION + 1), "field 'version'", "newer Marionette");
        edit(dir, text, root -> root.put("version", "1"), "field 'version' must be an integer");
        edit(dir, text, root -> root.remove("iris"), "field 'iris' is missing");
        edit(dir, text, root -> root.put("createdAt", "yesterday"), "field 'createdAt'", "ISO-8601");
        edit(dir, text, root -> ((ObjectNode) root.get("measures")).remove("JAW_DROP"), "field 'measures.JAW_DROP' is missing");
        edit(dir, text, root -> ((ObjectNode) root.get("measures").get("EYE_OPEN_LEFT")).put("rangeUp", -1.5),
                "field 'measures.EYE_OPEN_LEFT.rangeUp' must be positive, got -1.5");
        edit(dir, text, root -> ((ObjectNode) root.get("measures").get("EYE_OPEN_LEFT")).put("rangeDown", 0),
                "field 'measures.EYE_OPEN_LEFT.rangeDown' must be positive");
        edit(dir, text, root -> ((ObjectNode) root.get("measures").get("LIP_GAP")).put("neutral", "wide"),
                "field 'measures.LIP_GAP.neutral' must be a number, found a string");
        edit(dir, text, root -> ((ObjectNode) root.get("measures").get("LIP_GAP")).put("neutral", 1e300),
                "field 'measures.LIP_GAP.neutral' is out of range");
        edit(dir, text, root -> ((ObjectNode) root.get("measures").get("LIP_GAP")).put("nuetral", 1.0),
                "field 'measures.LIP_GAP.nuetral' is not a known field");
        edit(dir, text, root -> ((ObjectNode) root.get("measures")).putObject("EAR_WIGGLE"), "field 'measures.EAR_WIGGLE' is not a known field");
        edit(dir, text, root -> ((ArrayNode) root.get("samples").get("blink").get(3)).remove(0),
                "field 'samples.blink[3]' must be an array of " + Measure.COUNT + " numbers, found " + (Measure.COUNT - 1) + " values");
        edit(dir, text, root -> ((ArrayNode) root.get("samples").get("jaw").get(0)).set(2, "x"), "field 'samples.jaw[0][2]' must be a number");
        edit(dir, text, root -> ((ObjectNode) root.get("samples")).putArray("wink"), "field 'samples.wink' is not a calibration phase");
        edit(dir, text, root -> ((ArrayNode) root.get("samples").get("columns")).set(0, "EYE_OPEN_RIGHT"), "field 'samples.columns[0]'");
        // NaN is not JSON; a file with it does not even parse.
        assertRefused(dir, text.replaceFirst("\"neutral\" : [-0-9.E]+", "\"neutral\" : NaN"), "not valid JSON");

        CalibrationException missing = assertThrows(CalibrationException.class, () -> FaceProfile.load(dir.resolve("nope.json")));
        assertEquals("no such face profile file: '" + dir.resolve("nope.json") + "'", missing.getMessage());
    }

    private static void edit(Path dir, String text, Consumer<ObjectNode> change, String... expected) throws Exception {
        ObjectNode root = (ObjectNode) new ObjectMapper().readTree(text);
        change.accept(root);
        assertRefused(dir, new ObjectMapper().writeValueAsString(root), expected);
    }

    private static void assertRefused(Path dir, String content, String... expected) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        CalibrationException e = assertThrows(CalibrationException.class, () -> FaceProfile.load(f));
        assertTrue(e.getMessage().startsWith(f.toString()) || e.getMessage().contains("'" + f + "'"), "names the file: " + e.getMessage());
        for (String s : expected) assertTrue(e.getMessage().contains(s), "expected '" + s + "' in: " + e.getMessage());
    }
}
