package dev.marionette.calibration.camera;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marionette.calibration.CalibrationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraCalibrationFileTest {
    static final CameraCalibration SAMPLE = new CameraCalibration(1280, 720, 905.25, 903.5, 641.75, 358.0,
            new double[] {0.0812, -0.1973, 0.0011, -0.0004, 0}, 0.231, 17, 0.71, new Checkerboard(9, 6, 24.5),
            Instant.parse("2025-02-03T04:05:06Z"));

    @Test
    void roundTripAndScaling(@TempDir Path dir) {
        Path f = dir.resolve("camera.json");
        SAMPLE.save(f);
        CameraCalibration back = CameraCalibration.load(f);
        assertEquals(SAMPLE, back);
        var small = back.intrinsicsFor(640, 360);
        assertEquals(452.625, small.fx(), 1e-9);
        assertEquals(179.0, small.cy(), 1e-9);
        assertEquals(640, small.width());
        assertEquals(1280, back.intrinsics().width());
        CalibrationException e = assertThrows(CalibrationException.class, () -> back.intrinsicsFor(640, 480));
        assertTrue(e.getMessage().contains("different aspect ratio"), e.getMessage());
    }

    @Test
    void badFilesAreRefusedNamingTheField(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.json");
        SAMPLE.save(good);
        String text = Files.readString(good);
        Path bad = dir.resolve("bad.json");

        Files.writeString(bad, text.substring(0, text.length() - 40));
        assertMessage(bad, "not valid JSON");
        edit(text, bad, r -> r.remove("fx"), "field 'fx' is missing");
        edit(text, bad, r -> r.put("fy", -900), "field 'fy' must be positive");
        edit(text, bad, r -> r.put("cx", 5000), "field 'cx' must lie within the image width 0..1280");
        edit(text, bad, r -> r.putArray("distortion").add(0.1).add(0.2).add(0.3), "field 'distortion' must hold 4, 5, 8, 12 or 14");
        edit(text, bad, r -> ((com.fasterxml.jackson.databind.node.ArrayNode) r.get("distortion")).set(1, "k2"), "field 'distortion[1]' must be a number");
        edit(text, bad, r -> r.put("imageWidth", 0), "field 'imageWidth' must be positive");
        edit(text, bad, r -> r.put("views", 0), "field 'views' must be at least 1");
        edit(text, bad, r -> ((ObjectNode) r.get("board")).put("rows", 9), "field 'board' is not a usable board");
        edit(text, bad, r -> r.put("format", "marionette-face-profile"), "field 'format'");
        edit(text, bad, r -> r.put("focal", 3), "field 'focal' is not a known field");
    }

    private static void edit(String text, Path bad, Consumer<ObjectNode> change, String expected) throws Exception {
        ObjectNode root = (ObjectNode) new ObjectMapper().readTree(text);
        change.accept(root);
        Files.writeString(bad, root.toString());
        assertMessage(bad, expected);
    }

    private static void assertMessage(Path f, String expected) {
        CalibrationException e = assertThrows(CalibrationException.class, () -> CameraCalibration.load(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
