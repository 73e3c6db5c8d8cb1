package dev.marionette.calibration.camera;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.calibration.CalibrationException;
import dev.marionette.calibration.testing.SyntheticBoard;
import dev.marionette.calibration.testing.SyntheticBoard.Pinhole;
import dev.marionette.calibration.testing.SyntheticBoard.Pose;
import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.image.RgbImage;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Calibration against pictures rendered by a pinhole camera whose intrinsics are known. */
class CameraCalibratorTest {
    static final Checkerboard BOARD = new Checkerboard(9, 6, 25);
    /** Deliberately not square pixels and not a centred principal point, so each is really measured. */
    static final Pinhole CAMERA = new Pinhole(620, 612, 327.5, 236.0, 640, 480);

    @Test
    void recoversKnownIntrinsicsFromSyntheticViews() {
        List<Pose> poses = SyntheticBoard.poses(BOARD, CAMERA, 14, 7);
        CameraCalibrator calibrator = new CameraCalibrator(BOARD, CameraCalibrator.Settings.DEFAULT);
        for (Pose p : poses) {
            assertEquals(CameraCalibrator.Outcome.ACCEPTED, calibrator.offer(RgbImage.of(SyntheticBoard.render(BOARD, CAMERA, p))), p.toString());
        }
        CameraCalibration c = calibrator.calibrate();
        System.out.printf(Locale.ROOT, "synthetic 640x480, %d views: fx %.3f (true %.1f, %+.3f%%), fy %.3f (true %.1f, %+.3f%%), "
                        + "cx %.3f (true %.1f), cy %.3f (true %.1f), RMS %.4f px, k1 %.5f k2 %.5f, coverage %.0f%%%n",
                c.views(), c.fx(), CAMERA.fx(), 100 * (c.fx() / CAMERA.fx() - 1), c.fy(), CAMERA.fy(), 100 * (c.fy() / CAMERA.fy() - 1),
                c.cx(), CAMERA.cx(), c.cy(), CAMERA.cy(), c.rmsPx(), c.distortion()[0], c.distortion()[1], 100 * c.coverage());
        assertEquals(CAMERA.fx(), c.fx(), 0.01 * CAMERA.fx(), "fx within 1 %");
        assertEquals(CAMERA.fy(), c.fy(), 0.01 * CAMERA.fy(), "fy within 1 %");
        assertEquals(CAMERA.cx(), c.cx(), 2.0, "cx within 2 px");
        assertEquals(CAMERA.cy(), c.cy(), 2.0, "cy within 2 px");
        assertTrue(c.rmsPx() < 0.5, "RMS " + c.rmsPx());
        assertEquals(640, c.imageWidth());
        assertEquals(480, c.imageHeight());
        assertEquals(5, c.distortion().length);
        assertEquals(0.0, c.distortion()[4], "k3 held at 0");
        assertTrue(c.coverage() > 0.3, "coverage " + c.coverage());

        CameraIntrinsics half = c.intrinsicsFor(320, 240);
        assertEquals(c.fx() / 2, half.fx(), 1e-9);
        assertEquals(c.cy() / 2, half.cy(), 1e-9);
        CalibrationException e = assertThrows(CalibrationException.class, () -> c.intrinsicsFor(1280, 720));
        assertTrue(e.getMessage().contains("640x480") && e.getMessage().contains("1280x720"), e.getMessage());
    }

    @Test
    void aViewFarWorseThanTheRestIsDropped() {
        CameraCalibrator calibrator = new CameraCalibrator(BOARD, CameraCalibrator.Settings.DEFAULT);
        BoardDetector detector = new BoardDetector(BOARD);
        List<Pose> poses = SyntheticBoard.poses(BOARD, CAMERA, 13, 17);
        for (int i = 0; i < 12; i++) calibrator.offer(RgbImage.of(SyntheticBoard.render(BOARD, CAMERA, poses.get(i))));
        // A mis-detected frame: the right board, its corners scattered by about 3 px.
        float[] xy = detector.detect(RgbImage.of(SyntheticBoard.render(BOARD, CAMERA, poses.get(12)))).xy();
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < xy.length; i++) xy[i] += (float) (3 * r.nextGaussian());
        assertEquals(CameraCalibrator.Outcome.ACCEPTED, calibrator.offer(new BoardView(xy, 640, 480)));
        assertEquals(13, calibrator.views());
        CameraCalibration c = calibrator.calibrate();
        assertEquals(12, c.views(), "the scattered view is left out");
        assertTrue(c.rmsPx() < 0.2, "RMS " + c.rmsPx());
        assertEquals(CAMERA.fx(), c.fx(), 0.01 * CAMERA.fx());
    }

    @Test
    void tooFewViewsIsRefusedSayingHowManyWereNeededAndFound() {
        CameraCalibrator calibrator = new CameraCalibrator(BOARD, CameraCalibrator.Settings.DEFAULT);
        for (Pose p : SyntheticBoard.poses(BOARD, CAMERA, 4, 11)) calibrator.offer(RgbImage.of(SyntheticBoard.render(BOARD, CAMERA, p)));
        calibrator.offer(RgbImage.of(new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR)));
        CalibrationException e = assertThrows(CalibrationException.class, calibrator::calibrate);
        assertTrue(e.getMessage().contains("need at least 8"), e.getMessage());
        assertTrue(e.getMessage().contains("found 4"), e.getMessage());
        assertTrue(e.getMessage().contains("5 frames read"), e.getMessage());
    }

    @Test
    void nearDuplicateViewsAreSkippedAndEmptyFramesFindNoBoard() {
        CameraCalibrator calibrator = new CameraCalibrator(BOARD, CameraCalibrator.Settings.DEFAULT);
        Pose p = new Pose(10, -15, 5, 0, 0, 700);
        assertEquals(CameraCalibrator.Outcome.ACCEPTED, calibrator.offer(RgbImage.of(SyntheticBoard.render(BOARD, CAMERA, p))));
        Pose nudged = new Pose(10.5, -15, 5, 1, 0, 700);
        assertEquals(CameraCalibrator.Outcome.DUPLICATE, calibrator.offer(RgbImage.of(SyntheticBoard.render(BOARD, CAMERA, nudged))));
        Pose moved = new Pose(-20, 10, -5, 60, 20, 650);
        assertEquals(CameraCalibrator.Outcome.ACCEPTED, calibrator.offer(RgbImage.of(SyntheticBoard.render(BOARD, CAMERA, moved))));
        BufferedImage blank = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
        assertEquals(CameraCalibrator.Outcome.NO_BOARD, calibrator.offer(RgbImage.of(blank)));
        assertEquals(2, calibrator.views());
        assertEquals(1, calibrator.duplicates());
        assertEquals(3, calibrator.framesWithBoard());
        assertEquals(4, calibrator.framesOffered());
        CalibrationException e = assertThrows(CalibrationException.class,
                () -> calibrator.offer(RgbImage.of(new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR))));
        assertTrue(e.getMessage().contains("same size"), e.getMessage());
    }

    @Test
    void wrongBoardCountsFindNothing() {
        Checkerboard wrong = new Checkerboard(7, 5, 25);
        BoardDetector detector = new BoardDetector(wrong);
        assertNull(detector.detect(RgbImage.of(SyntheticBoard.render(BOARD, CAMERA, new Pose(0, 20, 0, 0, 0, 700)))));
    }

    @Test
    void detectedCornersMatchTheProjectedOnes() {
        Pose p = new Pose(25, -20, 12, 15, -10, 650);
        BoardView v = new BoardDetector(BOARD).detect(RgbImage.of(SyntheticBoard.render(BOARD, CAMERA, p)));
        assertNotNull(v);
        double worst = 0, sum = 0;
        for (int r = 0; r < BOARD.rows(); r++) {
            for (int c = 0; c < BOARD.columns(); c++) {
                double[] truth = SyntheticBoard.project(BOARD, CAMERA, p, c * BOARD.squareMm(), r * BOARD.squareMm());
                // The detector may list the corners from either end; compare with the nearer one.
                int i = r * BOARD.columns() + c, j = BOARD.corners() - 1 - i;
                double d = Math.min(Math.hypot(v.x(i) - truth[0], v.y(i) - truth[1]), Math.hypot(v.x(j) - truth[0], v.y(j) - truth[1]));
                worst = Math.max(worst, d);
                sum += d;
            }
        }
        System.out.printf(Locale.ROOT, "corner error on one synthetic view: mean %.3f px, worst %.3f px%n", sum / BOARD.corners(), worst);
        assertTrue(worst < 0.3, "worst corner error " + worst);
    }

    @Test
    void boardSizesParseAndBadOnesAreExplained() {
        assertEquals(new Checkerboard(9, 6, 25), Checkerboard.parse("9x6", 25));
        assertEquals(new Checkerboard(7, 5, 30.5), Checkerboard.parse(" 7 X 5 ", 30.5));
        assertTrue(assertThrows(CalibrationException.class, () -> Checkerboard.parse("nine", 25)).getMessage().contains("9x6"));
        assertTrue(assertThrows(CalibrationException.class, () -> Checkerboard.parse("6x6", 25)).getMessage().contains("different"));
        assertTrue(assertThrows(CalibrationException.class, () -> Checkerboard.parse("2x5", 25)).getMessage().contains("at least 3x3"));
        assertTrue(assertThrows(CalibrationException.class, () -> Checkerboard.parse("9x6", 0)).getMessage().contains("square size"));
    }
}
