package dev.marionette.app.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.calibration.camera.CameraCalibration;
import dev.marionette.calibration.camera.Checkerboard;
import dev.marionette.calibration.face.FacePhase;
import dev.marionette.calibration.face.FaceProfile;
import dev.marionette.calibration.testing.SyntheticBoard;
import dev.marionette.calibration.testing.SyntheticBoard.Pinhole;
import dev.marionette.tracking.capture.FrameSources;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The webcam sessions of calibrate face and camera, on a simulated live source with the options a user would give. */
class CalibrateLiveTest {
    /** The command object as picocli fills it from these arguments. */
    static <T> T command(Class<T> type, String... args) {
        CommandLine.ParseResult parsed = new CommandLine(new MarionetteCommand()).parseArgs(args);
        while (parsed.hasSubcommand()) parsed = parsed.subcommand();
        return type.cast(parsed.commandSpec().userObject());
    }

    @Test
    void guidedFaceSessionPromptsCountsDownAndRecordsEachPhase(@TempDir Path tmp) throws Exception {
        BufferedImage portrait = ImageIO.read(getClass().getResource(FrameSources.SAMPLE));
        Path out = tmp.resolve("profile.json");
        CalibrateFaceCommand cmd = command(CalibrateFaceCommand.class, "calibrate", "face", "-i", "webcam", "-o", out.toString(),
                "--seconds-per-phase", "1", "--settle-seconds", "0.5", "--model", "plain");
        SimulatedCamera camera = new SimulatedCamera(List.of(portrait), 1, 20, 10_000);
        StringWriter err = new StringWriter();
        assertEquals(0, cmd.calibrate(camera, false, new PrintWriter(err, true)));
        String log = err.toString();
        // 5 phases of 0.5 s settling + 1 s recorded at 20 frames/s; the session stops at its end.
        assertEquals(5 * 30 + 1, camera.delivered(), log);
        assertTrue(log.contains("[1/5] " + FacePhase.NEUTRAL.instruction() + "\n      get ready ... recording 1 done: face in 20 of 20 frames"), log);
        assertTrue(log.contains("[2/5] " + FacePhase.BLINK.instruction()), log);
        assertTrue(log.contains("\u0007 (open your eyes)"), "a bell ends the closed-eye phase: " + log);
        assertTrue(log.contains("[5/5] " + FacePhase.SMILE.instruction()), log);
        FaceProfile p = FaceProfile.load(out);
        for (FacePhase phase : FacePhase.values()) assertEquals(20, p.sampleCount(phase), phase.id());
        assertFalse(p.iris(), "the plain model has no irises");
        assertNotNull(p.neutralShape(), "the neutral face from the live frames' landmarks");

        // A camera that stops in the middle: no profile, one clear reason.
        Path out2 = tmp.resolve("p2.json");
        CalibrateFaceCommand again = command(CalibrateFaceCommand.class, "calibrate", "face", "-i", "webcam", "-o", out2.toString(),
                "--seconds-per-phase", "1", "--settle-seconds", "0.5", "--model", "plain");
        UserFacingException e = assertThrows(UserFacingException.class,
                () -> again.calibrate(new SimulatedCamera(List.of(portrait), 1, 20, 40), true, new PrintWriter(new StringWriter())));
        assertTrue(e.getMessage().contains("stopped delivering frames"), e.getMessage());
        assertFalse(out2.toFile().exists());
    }

    @Test
    void webcamCameraSessionStopsAtTheViewsAskedFor(@TempDir Path tmp) {
        Checkerboard board = new Checkerboard(9, 6, 25);
        Pinhole pinhole = new Pinhole(610, 610, 318, 242, 640, 480);
        List<BufferedImage> shots = SyntheticBoard.poses(board, pinhole, 30, 21).stream()
                .map(pose -> SyntheticBoard.render(board, pinhole, pose)).toList();
        Path out = tmp.resolve("camera.json");
        CalibrateCameraCommand cmd = command(CalibrateCameraCommand.class, "calibrate", "camera", "-i", "webcam", "-o", out.toString(),
                "--views", "10");
        SimulatedCamera camera = new SimulatedCamera(shots, 5, 30, 100_000);
        StringWriter err = new StringWriter();
        assertEquals(0, cmd.calibrate(camera, false, new PrintWriter(err, true)));
        assertTrue(camera.delivered() <= 10 * 5 + 5, "stopped once 10 views were in: " + camera.delivered());
        CameraCalibration c = CameraCalibration.load(out);
        assertEquals(10, c.views());
        assertEquals(610, c.fx(), 6.1);

        // Without enough distinct views before --seconds runs out: refused, saying how many were found.
        CalibrateCameraCommand shortSession = command(CalibrateCameraCommand.class, "calibrate", "camera", "-i", "webcam",
                "-o", tmp.resolve("c2.json").toString(), "--seconds", "1");
        UserFacingException e = assertThrows(UserFacingException.class,
                () -> shortSession.calibrate(new SimulatedCamera(shots, 10, 30, 100_000), true, new PrintWriter(new StringWriter())));
        assertTrue(e.getMessage().contains("need at least 8 distinct views, found 4"), e.getMessage());
    }
}
