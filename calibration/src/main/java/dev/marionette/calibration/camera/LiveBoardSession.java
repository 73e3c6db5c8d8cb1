package dev.marionette.calibration.camera;

import dev.marionette.calibration.CalibrationException;
import dev.marionette.tracking.image.RgbImage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A checkerboard calibration as it runs against a live camera (the panel's wizard): frames are
 * offered from any thread at the camera's rate and never wait; one worker looks for the board
 * in the newest frame while it is free (finding a board takes longer than a frame interval on
 * a slow machine, so frames that arrive meanwhile are dropped, not queued). A window's timer
 * reads {@link #progress()} and, once there are enough views, asks for {@link #solve()}.
 */
public final class LiveBoardSession implements AutoCloseable {
    /** What to show: frames seen and searched, views with the board, distinct views kept, image covered. */
    public record Progress(long framesSeen, int framesSearched, int framesWithBoard, int views, int minViews, int wantedViews,
                           double coverage, CameraCalibrator.Outcome last, String problem) {
        /** Whether {@link #solve()} can be asked for. */
        public boolean solvable() { return views >= minViews && problem == null; }

        /** Whether the wanted number of views is reached. */
        public boolean complete() { return views >= wantedViews; }
    }

    private final CameraCalibrator calibrator;
    private final int wantedViews;
    private final ExecutorService worker;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile long framesSeen;
    private volatile CameraCalibrator.Outcome last;
    private volatile String problem;
    private volatile boolean closed;

    /**
     * @param wantedViews distinct views after which the session stops looking (the calibrator
     *                    keeps at most its settings' maximum)
     */
    public LiveBoardSession(Checkerboard board, CameraCalibrator.Settings settings, int wantedViews) {
        if (wantedViews < settings.minViews()) {
            throw new IllegalArgumentException("wanted views " + wantedViews + " below the minimum " + settings.minViews());
        }
        this.calibrator = new CameraCalibrator(board, settings);
        this.wantedViews = Math.min(wantedViews, settings.maxViews());
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "marionette-board-search");
            t.setDaemon(true);
            return t;
        });
    }

    public Checkerboard board() { return calibrator.board(); }

    /**
     * Offers a frame (the caller must not change its pixels afterwards). Returns at once: the
     * frame is searched when the worker is free, else dropped.
     */
    public void offer(RgbImage frame) {
        framesSeen++;
        if (closed || problem != null || calibrator.views() >= wantedViews) return;
        if (!busy.compareAndSet(false, true)) return;
        try {
            worker.execute(() -> search(frame));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            busy.set(false);  // closed meanwhile
        }
    }

    private void search(RgbImage frame) {
        try {
            synchronized (calibrator) {
                last = calibrator.offer(frame);
            }
        } catch (CalibrationException e) {
            problem = e.getMessage();  // e.g. the camera changed its frame size mid-session
        } finally {
            busy.set(false);
        }
    }

    public Progress progress() {
        synchronized (calibrator) {
            return new Progress(framesSeen, calibrator.framesOffered(), calibrator.framesWithBoard(), calibrator.views(),
                    calibrator.settings().minViews(), wantedViews, calibrator.coverage(), last, problem);
        }
    }

    /**
     * Stops looking and solves for the intrinsics from the views so far.
     *
     * @throws CalibrationException with the reason when there are too few views or the fit does not hold
     */
    public CameraCalibration solve() {
        close();
        if (problem != null) throw new CalibrationException(problem);
        synchronized (calibrator) {
            if (calibrator.views() < calibrator.settings().minViews()) {
                throw new CalibrationException("only " + calibrator.views() + " distinct views of the board, "
                        + calibrator.settings().minViews() + " needed: show it in more positions");
            }
            return calibrator.calibrate();
        }
    }

    /** Stops the worker (a search under way finishes first). */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) worker.shutdownNow();
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
