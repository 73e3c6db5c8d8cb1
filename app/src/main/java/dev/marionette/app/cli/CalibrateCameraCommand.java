package dev.marionette.app.cli;

import dev.marionette.calibration.CalibrationException;
import dev.marionette.calibration.camera.CameraCalibration;
import dev.marionette.calibration.camera.CameraCalibrator;
import dev.marionette.calibration.camera.Checkerboard;
import dev.marionette.tracking.capture.CaptureException;
import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.VideoFrame;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * marionette calibrate camera: focal lengths, principal point and lens distortion from views of
 * a printed checkerboard, saved as JSON for {@code track --camera}.
 */
@Command(name = "camera", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure the camera's intrinsics from views of a printed checkerboard and save them as JSON.",
                "Show the whole board in many positions: near each edge and corner, tilted up to about 45 degrees.",
                "A webcam session stops once --views distinct views are found or after --seconds.",
                "Exit status: 0 done, 1 error (too few views, a fit that does not hold), 2 bad usage."})
public final class CalibrateCameraCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "INPUT",
            description = "Video file, folder of images, 'webcam' (the first camera), a webcam index or a camera device.")
    String input;

    @Option(names = "--board", defaultValue = "9x6", paramLabel = "COLSxROWS",
            description = "Inner corners of the board (where four squares meet): a board of 10x7 squares is 9x6 (default ${DEFAULT-VALUE}).")
    String boardSize;

    @Option(names = "--square-mm", defaultValue = "25", paramLabel = "MM",
            description = "Side of one printed square in millimetres (default ${DEFAULT-VALUE}; recorded in the file, "
                    + "the intrinsics themselves do not depend on it).")
    double squareMm;

    @Option(names = {"-o", "--out"}, defaultValue = "camera.json", paramLabel = "FILE", description = "Where to write the calibration (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--min-views", defaultValue = "8", paramLabel = "N", description = "Fewest distinct board views to accept (default ${DEFAULT-VALUE}).")
    int minViews;

    @Option(names = "--views", defaultValue = "20", paramLabel = "N",
            description = "Distinct views to collect: a webcam session stops there; files use at most 2x this (default ${DEFAULT-VALUE}).")
    int views;

    @Option(names = "--seconds", defaultValue = "90", paramLabel = "S", description = "Longest webcam session in seconds (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--max-rms", defaultValue = "2.0", paramLabel = "PX",
            description = "Largest acceptable RMS reprojection error in pixels (default ${DEFAULT-VALUE}).")
    double maxRmsPx;

    @Mixin CameraOptions camera;

    @Override
    public Integer call() {
        GlobalOptions global = ((MarionetteCommand) spec.root().userObject()).global;
        if (views < minViews) throw new UserFacingException("--views (" + views + ") must not be below --min-views (" + minViews + ")");
        if (!(seconds > 0)) throw new UserFacingException("--seconds must be positive");
        try (FrameSource source = CalibrationFiles.open(input, camera.toCaptureOptions())) {
            return calibrate(source, global.quiet, spec.commandLine().getErr());
        }
    }

    /** The calibration on an open input; a live one stops at --views views or after --seconds. */
    int calibrate(FrameSource source, boolean quiet, PrintWriter err) {
        try {
            Checkerboard board = Checkerboard.parse(boardSize, squareMm);
            CameraCalibrator.Settings settings = new CameraCalibrator.Settings(minViews, 2 * views, 0.03, maxRmsPx);
            CameraCalibration c = run(source, new CameraCalibrator(board, settings), quiet, err);
            c.save(out);
            if (!quiet) {
                err.println("marionette: " + c.summary());
                if (c.coverage() < 0.35) {
                    err.printf(Locale.ROOT, "marionette: warning: the board covered only %.0f%% of the image; "
                            + "for the best distortion estimate show it near the edges and corners too%n", 100 * c.coverage());
                }
                err.println("marionette: camera calibration written to " + out);
            }
        } catch (CalibrationException | CaptureException e) {
            throw new UserFacingException(e.getMessage(), e);
        }
        err.flush();
        return 0;
    }

    private CameraCalibration run(FrameSource source, CameraCalibrator calibrator, boolean quiet, PrintWriter err) {
        boolean live = source.isLive();
        Checkerboard board = calibrator.board();
        if (!quiet) {
            err.println("marionette: looking for a " + board.describe() + " board in " + source.description()
                    + (live ? String.format(Locale.ROOT, "; move it around (tilted, near every edge and corner) until %d views are found, "
                            + "at most %.0f s", views, seconds) : ""));
            err.flush();
        }
        long firstMicros = Long.MIN_VALUE;
        VideoFrame frame;
        while ((frame = source.next()) != null) {
            if (firstMicros == Long.MIN_VALUE) firstMicros = frame.tMicros();
            CameraCalibrator.Outcome o = calibrator.offer(frame.image());
            if (o == CameraCalibrator.Outcome.ACCEPTED && !quiet) {
                err.printf(Locale.ROOT, "  view %d at frame %d (image covered %.0f%%)%n", calibrator.views(), frame.index(), 100 * calibrator.coverage());
                err.flush();
            }
            if (calibrator.isFull()) break;
            if (live && (calibrator.views() >= views || frame.tMicros() - firstMicros > seconds * 1e6)) break;
        }
        if (calibrator.framesOffered() == 0) throw new UserFacingException("no frame could be decoded from " + source.description());
        if (calibrator.framesWithBoard() == 0) {
            throw new UserFacingException("no " + board + " checkerboard found in " + (calibrator.framesOffered() == 1 ? "the frame" :
                    "any of the " + calibrator.framesOffered() + " frames") + " of " + source.description()
                    + ": check that --board counts inner corners (a board of 10x7 squares is 9x6) and that the whole board is in view");
        }
        if (!quiet) {
            err.printf(Locale.ROOT, "marionette: %d frames, board in %d, %d distinct views; solving%n",
                    calibrator.framesOffered(), calibrator.framesWithBoard(), calibrator.views());
        }
        return calibrator.calibrate();
    }
}
