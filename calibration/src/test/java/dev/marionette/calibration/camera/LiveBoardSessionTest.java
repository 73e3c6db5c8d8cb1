package dev.marionette.calibration.camera;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.calibration.CalibrationException;
import dev.marionette.calibration.testing.SyntheticBoard;
import dev.marionette.calibration.testing.SyntheticBoard.Pinhole;
import dev.marionette.calibration.testing.SyntheticBoard.Pose;
import dev.marionette.tracking.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The panel's live checkerboard session: frames at camera rate from one thread, never waiting. */
class LiveBoardSessionTest {
    static final Checkerboard BOARD = new Checkerboard(9, 6, 25);
    static final Pinhole CAMERA = new Pinhole(620, 612, 327.5, 236.0, 640, 480);

    @Test
    void framesNeverWaitAndTheViewsSolveToTheKnownCamera() throws Exception {
        List<RgbImage> frames = new ArrayList<>();
        for (Pose p : SyntheticBoard.poses(BOARD, CAMERA, 14, 7)) frames.add(RgbImage.of(SyntheticBoard.render(BOARD, CAMERA, p)));
        try (LiveBoardSession session = new LiveBoardSession(BOARD, CameraCalibrator.Settings.DEFAULT, 12)) {
            assertFalse(session.progress().solvable());
            // A camera delivering bursts while the board is moved from pose to pose: each pose is held
            // until the worker has searched one of its frames (more arrive meanwhile).
            long slowest = 0;
            for (int round = 0; round < 3 && !session.progress().complete(); round++) {
                for (RgbImage f : frames) {
                    int searched = session.progress().framesSearched();
                    for (int k = 0; k < 400 && session.progress().framesSearched() == searched && !session.progress().complete(); k++) {
                        for (int burst = 0; burst < 3; burst++) {  // frames closer together than a search takes
                            long t0 = System.nanoTime();
                            session.offer(f);
                            slowest = Math.max(slowest, System.nanoTime() - t0);
                        }
                        Thread.sleep(5);
                    }
                }
            }
            LiveBoardSession.Progress p = session.progress();
            assertTrue(p.complete(), "12 views wanted: " + p);
            assertEquals(12, p.views(), "no views beyond the wanted number");
            assertTrue(p.framesSearched() < p.framesSeen(), "frames arriving during a search are dropped: " + p);
            assertTrue(slowest < 50_000_000L, "offer returned after " + slowest / 1e6 + " ms");
            assertTrue(p.coverage() > 0.2, "coverage " + p.coverage());
            CameraCalibration c = session.solve();
            assertEquals(CAMERA.fx(), c.fx(), 0.015 * CAMERA.fx(), "fx");
            assertEquals(CAMERA.fy(), c.fy(), 0.015 * CAMERA.fy(), "fy");
            assertEquals(CAMERA.cx(), c.cx(), 3.0, "cx");
            assertEquals(CAMERA.cy(), c.cy(), 3.0, "cy");
            session.offer(frames.get(0));  // after solving: ignored, no failure
        }
    }

    @Test
    void tooFewViewsAndAChangedFrameSizeAreClearErrors() throws Exception {
        List<Pose> poses = SyntheticBoard.poses(BOARD, CAMERA, 3, 11);
        try (LiveBoardSession session = new LiveBoardSession(BOARD, CameraCalibrator.Settings.DEFAULT, 20)) {
            for (Pose p : poses) {
                RgbImage f = RgbImage.of(SyntheticBoard.render(BOARD, CAMERA, p));
                for (int i = 0; i < 100 && session.progress().views() < poses.indexOf(p) + 1; i++) {
                    session.offer(f);
                    Thread.sleep(10);
                }
            }
            assertFalse(session.progress().solvable());
            CalibrationException e = assertThrows(CalibrationException.class, session::solve);
            assertTrue(e.getMessage().contains("only 3 distinct views") && e.getMessage().contains("8 needed"), e.getMessage());
        }
        try (LiveBoardSession session = new LiveBoardSession(BOARD, CameraCalibrator.Settings.DEFAULT, 20)) {
            RgbImage vga = RgbImage.of(SyntheticBoard.render(BOARD, CAMERA, poses.get(0)));
            RgbImage other = new RgbImage(320, 240, new byte[320 * 240 * 3]);
            offerUntilSearched(session, vga, 1);
            offerUntilSearched(session, other, 2);
            LiveBoardSession.Progress p = session.progress();
            assertNotNull(p.problem(), "a frame size change is reported");
            assertTrue(p.problem().contains("320x240"), p.problem());
            assertFalse(p.solvable());
            assertThrows(CalibrationException.class, session::solve);
        }
    }

    private static void offerUntilSearched(LiveBoardSession session, RgbImage frame, int searched) throws InterruptedException {
        for (int i = 0; i < 200 && session.progress().framesSearched() < searched && session.progress().problem() == null; i++) {
            session.offer(frame);
            Thread.sleep(10);
        }
    }
}
