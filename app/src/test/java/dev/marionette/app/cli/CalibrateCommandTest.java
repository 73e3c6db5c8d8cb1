package dev.marionette.app.cli;

import static dev.marionette.app.cli.CommandLineTest.assertCleanError;
import static dev.marionette.app.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.app.cli.CommandLineTest.Run;
import dev.marionette.calibration.camera.CameraCalibration;
import dev.marionette.calibration.camera.Checkerboard;
import dev.marionette.calibration.face.FacePhase;
import dev.marionette.calibration.face.FaceProfile;
import dev.marionette.calibration.testing.SyntheticBoard;
import dev.marionette.calibration.testing.SyntheticBoard.Pinhole;
import dev.marionette.calibration.testing.SyntheticBoard.Pose;
import dev.marionette.tracking.capture.FrameSources;
import dev.marionette.tracking.output.FrameWriter;
import dev.marionette.tracking.params.ExpressionProfile;
import dev.marionette.tracking.params.Measure;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** marionette calibrate camera|face and track --camera/--profile, as a user runs them. */
class CalibrateCommandTest {
    static final Checkerboard BOARD = new Checkerboard(9, 6, 25);

    @Test
    void calibratesACameraFromAFolderOfBoardPictures(@TempDir Path tmp) throws Exception {
        Pinhole cam = new Pinhole(600, 600, 322, 238, 640, 480);
        Path dir = Files.createDirectories(tmp.resolve("shots"));
        List<Pose> poses = SyntheticBoard.poses(BOARD, cam, 12, 3);
        for (int i = 0; i < poses.size(); i++) {
            ImageIO.write(SyntheticBoard.render(BOARD, cam, poses.get(i)), "png", dir.resolve(String.format(Locale.ROOT, "view%02d.png", i)).toFile());
        }
        ImageIO.write(blank(640, 480), "png", dir.resolve("view99-no-board.png").toFile());
        Path out = tmp.resolve("camera.json");
        Run r = run("calibrate", "camera", "--input", dir.toString(), "--board", "9x6", "--square-mm", "25", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("13 frames, board in 12, 12 distinct views"), r.err());
        assertTrue(r.err().contains("camera calibration written to " + out), r.err());
        CameraCalibration c = CameraCalibration.load(out);
        assertEquals(600, c.fx(), 6);
        assertEquals(600, c.fy(), 6);
        assertEquals(322, c.cx(), 2);
        assertEquals(238, c.cy(), 2);
        assertTrue(c.rmsPx() < 0.5, "RMS " + c.rmsPx());
        assertEquals(new Checkerboard(9, 6, 25), c.board());

        // The bundled portrait is 512x512, not 4:3: a 640x480 calibration does not describe it.
        assertCleanError(run("track", "--input", "sample", "--camera", out.toString(), "--out", tmp.resolve("p.jsonl").toString()),
                1, "calibrated at 640x480", "512x512", "different aspect ratio");
        assertCleanError(run("track", "--input", "sample", "--camera", out.toString(), "--fov", "60", "--out", tmp.resolve("p.jsonl").toString()),
                1, "give one of them");
    }

    @Test
    void calibratesFromAVideoSkippingHeldFramesAndTrackUsesIt(@TempDir Path tmp) throws Exception {
        Pinhole cam = new Pinhole(470, 470, 257, 254, 512, 512);
        Path clip = tmp.resolve("board.mp4");
        try (FrameWriter w = FrameWriter.open(clip, 10)) {
            for (Pose p : SyntheticBoard.poses(BOARD, cam, 10, 5)) {
                BufferedImage img = SyntheticBoard.render(BOARD, cam, p);
                for (int k = 0; k < 3; k++) w.write(img); // the board held still: one view, not three
            }
        }
        Path out = tmp.resolve("cam.json");
        Run r = run("calibrate", "camera", "-i", clip.toString(), "-o", out.toString(), "--min-views", "6");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("30 frames, board in 30, 10 distinct views"), r.err());
        CameraCalibration c = CameraCalibration.load(out);
        assertEquals(470, c.fx(), 0.02 * 470, "through H.264 compression");
        assertEquals(257, c.cx(), 4);
        assertEquals(512, c.imageWidth());

        Path params = tmp.resolve("p.jsonl");
        Run t = run("track", "--input", "sample", "--camera", out.toString(), "--out", params.toString());
        assertEquals(0, t.code(), t.err());
        assertEquals(1, Files.readAllLines(params).size());
    }

    @Test
    void badCameraInputsGiveOneClearLine(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("walls"));
        for (int i = 0; i < 3; i++) ImageIO.write(blank(320, 240), "png", dir.resolve("wall" + i + ".png").toFile());
        Path out = tmp.resolve("camera.json");
        assertCleanError(run("calibrate", "camera", "-i", dir.toString(), "-o", out.toString()),
                1, "no 9x6 checkerboard found in any of the 3 frames", "inner corners");
        assertFalse(Files.exists(out), "nothing written on failure");
        assertCleanError(run("calibrate", "camera", "-i", tmp.resolve("missing.mp4").toString(), "-o", out.toString()), 1, "missing.mp4");
        assertCleanError(run("calibrate", "camera", "-i", dir.toString(), "--board", "9by6"), 1, "COLUMNSxROWS");

        Pinhole cam = new Pinhole(600, 600, 320, 240, 640, 480);
        Path few = Files.createDirectories(tmp.resolve("few"));
        for (Pose p : SyntheticBoard.poses(BOARD, cam, 3, 9)) {
            ImageIO.write(SyntheticBoard.render(BOARD, cam, p), "png", few.resolve(p.hashCode() + ".png").toFile());
        }
        assertCleanError(run("calibrate", "camera", "-i", few.toString(), "-o", out.toString()), 1, "need at least 8 distinct views, found 3");
        // The right board, counted as squares instead of inner corners, is not found.
        assertCleanError(run("calibrate", "camera", "-i", few.toString(), "--board", "10x7", "-o", out.toString()),
                1, "no 10x7 checkerboard found", "a board of 10x7 squares is 9x6");
        assertFalse(Files.exists(out));
    }

    @Test
    void calibratesAFaceFromAClipAndTrackAcceptsTheProfile(@TempDir Path tmp) throws Exception {
        Path clip = tmp.resolve("me.mp4");
        BufferedImage portrait = ImageIO.read(getClass().getResource(FrameSources.SAMPLE));
        try (FrameWriter w = FrameWriter.open(clip, 25)) {
            for (int i = 0; i < 50; i++) w.write(portrait);
        }
        Path out = tmp.resolve("profile.json");
        Run r = run("calibrate", "face", "--input", clip.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("face profile written to " + out), r.err());
        // A still picture does not blink or smile: the ranges fall back to their floors, and the user is told.
        assertTrue(r.err().contains("warning: blink phase: little movement"), r.err());
        assertTrue(r.err().contains("close both eyes fully"), r.err());
        FaceProfile p = FaceProfile.load(out);
        assertTrue(p.iris());
        assertNotNull(p.neutralShape(), "her neutral face, for the pose solver");
        assertTrue(p.neutralShape().maxDeviationMm() > 1, "her own face, not the mean one");
        // Five equal parts of 50 frames (0.4 s each), the first third of each skipped as reaction time: 6 or 7 frames per phase.
        for (FacePhase phase : FacePhase.values()) {
            assertTrue(p.sampleCount(phase) >= 6 && p.sampleCount(phase) <= 7, phase + ": " + p.sampleCount(phase));
        }
        ExpressionProfile standard = ExpressionProfile.standard();
        assertNotEquals(standard.neutral(Measure.EYE_OPEN_LEFT), p.expression().neutral(Measure.EYE_OPEN_LEFT), "her own neutral");
        assertEquals(0.4f * standard.rangeUp(Measure.JAW_DROP), p.expression().rangeUp(Measure.JAW_DROP), 1e-4, "floored");

        Path params = tmp.resolve("p.jsonl");
        Run t = run("track", "--input", clip.toString(), "--profile", out.toString(), "--out", params.toString());
        assertEquals(0, t.code(), t.err());
        List<String> lines = Files.readAllLines(params);
        assertEquals(50, lines.size());
        // Her own neutral: the open eyes she calibrated with read as open once tracking has settled on the face
        // (the first frame's landmarks come from the detector's box and differ by about a millimetre).
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (int i = 5; i < 50; i++) {
            var n = json.readTree(lines.get(i));
            assertTrue(n.get("face").asBoolean(), "frame " + i);
            var blink = n.get("blink");
            assertTrue(blink.get("left").asDouble() < 0.15 && blink.get("right").asDouble() < 0.15, "frame " + i + ": " + blink);
        }
        Run still = run("track", "--input", "sample", "--profile", out.toString(), "--out", tmp.resolve("still.jsonl").toString());
        assertEquals(0, still.code(), still.err());

        // With a phases file: only the phases listed, at the times given.
        Path phases = tmp.resolve("phases.txt");
        Files.writeString(phases, "neutral 0 0.6\nblink 0.6 1.0\n");
        Path out2 = tmp.resolve("profile2.json");
        Run r2 = run("calibrate", "face", "-i", clip.toString(), "-o", out2.toString(), "--phases", phases.toString());
        assertEquals(0, r2.code(), r2.err());
        FaceProfile p2 = FaceProfile.load(out2);
        assertEquals(15, p2.sampleCount(FacePhase.NEUTRAL));
        assertEquals(10, p2.sampleCount(FacePhase.BLINK));
        assertEquals(0, p2.sampleCount(FacePhase.SMILE));
        assertTrue(r2.err().contains("warning: smile phase: no frames with a face"), r2.err());
    }

    @Test
    void badFaceInputsAndProfilesGiveOneClearLine(@TempDir Path tmp) throws Exception {
        Path wall = tmp.resolve("wall.mp4");
        try (FrameWriter w = FrameWriter.open(wall, 25)) {
            for (int i = 0; i < 10; i++) w.write(blank(256, 256));
        }
        Path out = tmp.resolve("profile.json");
        assertCleanError(run("calibrate", "face", "-i", wall.toString(), "-o", out.toString()), 1, "no face found in any of the 10 frames");
        assertFalse(Files.exists(out));
        assertCleanError(run("calibrate", "face", "-i", tmp.resolve("nope.mp4").toString()), 1, "nope.mp4");
        assertCleanError(run("calibrate", "face", "-i", "sample", "-o", out.toString()), 1, "is a single frame", "a webcam");
        Path shortClip = tmp.resolve("short.mp4");
        BufferedImage portrait = ImageIO.read(getClass().getResource(FrameSources.SAMPLE));
        try (FrameWriter w = FrameWriter.open(shortClip, 25)) {
            for (int i = 0; i < 12; i++) w.write(portrait);
        }
        assertCleanError(run("calibrate", "face", "-i", shortClip.toString(), "-o", out.toString()), 1,
                "the neutral phase has 2 frames with a face; at least 5 are needed");
        assertCleanError(run("calibrate", "face", "-i", wall.toString(), "--phases", tmp.resolve("none.txt").toString()),
                1, "no face found");

        Path params = tmp.resolve("p.jsonl");
        assertCleanError(run("track", "--input", "sample", "--profile", tmp.resolve("absent.json").toString(), "--out", params.toString()),
                1, "no such face profile file", "absent.json");
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"format\": \"marionette-face-profile\", \"version\": 4, \"createdAt\": \"2025-01-01T00:00:00Z\", "
                + "\"iris\": true, \"measures\": {}}");
        Run r = run("track", "--input", "sample", "--profile", broken.toString(), "--out", params.toString());
        assertCleanError(r, 1, "field 'measures.EYE_OPEN_LEFT' is missing");
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        Path old = tmp.resolve("old.json");
        Files.writeString(old, "{\"format\": \"marionette-face-profile\", \"version\": 3, \"createdAt\": \"2025-01-01T00:00:00Z\", "
                + "\"iris\": true, \"measures\": {}}");
        r = run("track", "--input", "sample", "--profile", old.toString(), "--out", params.toString());
        assertCleanError(r, 1, "old.json", "calibrate again");
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        Path truncated = tmp.resolve("truncated.json");
        Files.writeString(truncated, "{\"format\": \"marionette-face-profile\", \"vers");
        r = run("track", "--input", "sample", "--profile", truncated.toString(), "--out", params.toString());
        assertCleanError(r, 1, "truncated.json", "not valid JSON");
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    static BufferedImage blank(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(128, 120, 110));
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }
}
