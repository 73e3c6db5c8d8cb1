package dev.marionette.calibration.camera;

import static org.bytedeco.opencv.global.opencv_calib3d.CALIB_FIX_K3;
import static org.bytedeco.opencv.global.opencv_calib3d.calibrateCamera;
import static org.bytedeco.opencv.global.opencv_calib3d.projectPoints;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;

import dev.marionette.calibration.CalibrationException;
import dev.marionette.tracking.image.RgbImage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Point2fVector;
import org.bytedeco.opencv.opencv_core.Point2fVectorVector;
import org.bytedeco.opencv.opencv_core.Point3f;
import org.bytedeco.opencv.opencv_core.Point3fVector;
import org.bytedeco.opencv.opencv_core.Point3fVectorVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_core.TermCriteria;

/**
 * Camera intrinsics from views of a checkerboard: offer frames (or corners already found), it
 * keeps the views that show the board somewhere new, then {@link #calibrate} solves for the
 * focal lengths, principal point and lens distortion (OpenCV's calibrateCamera).
 *
 * <p>A view is kept unless its corners lie, on average, within {@link Settings#minMotionFraction}
 * of the image diagonal of a view already kept: a video of a board held still for a second
 * yields one view, not thirty that weigh that pose thirty times. The third radial coefficient
 * k3 is held at 0: with the dozen or two views people take it fits noise in the corners.
 *
 * <p>One thread at a time.
 */
public final class CameraCalibrator {
    /**
     * @param minViews          fewest distinct views to calibrate from (&gt;= 3; 10 or more is better)
     * @param maxViews          views kept at most; later ones are refused as {@link Outcome#FULL}
     * @param minMotionFraction how far (mean corner distance, as a fraction of the image diagonal)
     *                          a view must differ from every kept one
     * @param maxRmsPx          largest acceptable RMS reprojection error; more means a wrong board
     *                          size, a bent board or blurred frames
     */
    public record Settings(int minViews, int maxViews, double minMotionFraction, double maxRmsPx) {
        public static final Settings DEFAULT = new Settings(8, 40, 0.03, 2.0);

        public Settings {
            if (minViews < 3) throw new CalibrationException("at least 3 views are needed to calibrate, got a minimum of " + minViews);
            if (maxViews < minViews) throw new CalibrationException("the most views (" + maxViews + ") must not be below the fewest (" + minViews + ")");
            if (!(minMotionFraction >= 0 && minMotionFraction < 1)) throw new CalibrationException("minimum motion must be in [0, 1)");
            if (!(maxRmsPx > 0)) throw new CalibrationException("the RMS limit must be positive");
        }
    }

    /** What happened to an offered frame. */
    public enum Outcome {
        /** Kept as a new view. */
        ACCEPTED,
        /** The board was found but too close to a view already kept. */
        DUPLICATE,
        /** The board was found but enough views are kept already. */
        FULL,
        /** No complete board in the frame. */
        NO_BOARD
    }

    /** Coverage is counted on a grid of this many cells across and down. */
    static final int GRID_X = 8, GRID_Y = 6;
    /** A view whose own RMS error exceeds this many times the median view's is dropped and the solve repeated. */
    static final double OUTLIER_FACTOR = 3.0;
    /** ... unless it is under this anyway. */
    static final double OUTLIER_FLOOR_PX = 0.5;

    private final Checkerboard board;
    private final Settings settings;
    private final BoardDetector detector;
    private final List<BoardView> views = new ArrayList<>();
    private final boolean[] covered = new boolean[GRID_X * GRID_Y];
    private int width, height;
    private int framesOffered, framesWithBoard, duplicates;

    public CameraCalibrator(Checkerboard board, Settings settings) {
        this.board = board;
        this.settings = settings;
        this.detector = new BoardDetector(board);
    }

    /** Looks for the board in a frame and keeps the view if it is new. */
    public Outcome offer(RgbImage image) {
        checkSize(image.width(), image.height());
        framesOffered++;
        if (views.size() >= settings.maxViews()) return Outcome.FULL;
        BoardView view = detector.detect(image);
        return view == null ? Outcome.NO_BOARD : offer(view);
    }

    /** Keeps a view found elsewhere if it is new. */
    public Outcome offer(BoardView view) {
        checkSize(view.width(), view.height());
        if (view.corners() != board.corners()) {
            throw new IllegalArgumentException("a view of " + view.corners() + " corners for a board of " + board.corners());
        }
        framesWithBoard++;
        if (views.size() >= settings.maxViews()) return Outcome.FULL;
        double minMove = settings.minMotionFraction() * Math.hypot(width, height);
        for (BoardView kept : views) {
            if (kept.meanDistance(view) < minMove) {
                duplicates++;
                return Outcome.DUPLICATE;
            }
        }
        views.add(view);
        for (int i = 0; i < view.corners(); i++) {
            int gx = (int) Math.floor(view.x(i) / width * GRID_X), gy = (int) Math.floor(view.y(i) / height * GRID_Y);
            if (gx >= 0 && gx < GRID_X && gy >= 0 && gy < GRID_Y) covered[gy * GRID_X + gx] = true;
        }
        return Outcome.ACCEPTED;
    }

    private void checkSize(int w, int h) {
        if (width == 0) {
            width = w;
            height = h;
        } else if (w != width || h != height) {
            throw new CalibrationException("all frames must have the same size: got " + w + "x" + h + " after " + width + "x" + height);
        }
    }

    public Checkerboard board() { return board; }

    public Settings settings() { return settings; }

    /** Views kept so far. */
    public int views() { return views.size(); }

    public int framesOffered() { return framesOffered; }

    public int framesWithBoard() { return framesWithBoard; }

    public int duplicates() { return duplicates; }

    public boolean isFull() { return views.size() >= settings.maxViews(); }

    /** Fraction of the image's grid cells that a kept view's corner fell in. */
    public double coverage() {
        int n = 0;
        for (boolean c : covered) if (c) n++;
        return (double) n / covered.length;
    }

    /**
     * Solves for the intrinsics from the views kept. A view far worse than the rest (a blurred
     * or mis-detected frame) is dropped and the solve repeated, as long as enough remain.
     *
     * @throws CalibrationException when there are too few views, or the result is not credible
     */
    public CameraCalibration calibrate() {
        if (views.size() < settings.minViews()) {
            throw new CalibrationException(String.format(Locale.ROOT,
                    "too few views of the %s board: need at least %d distinct views, found %d "
                            + "(%d frames read, the board found in %d, %d of those too close to a view already kept); "
                            + "show the whole board, in different positions and tilts, and check --board counts inner corners",
                    board, settings.minViews(), views.size(), framesOffered, framesWithBoard, duplicates));
        }
        List<BoardView> used = new ArrayList<>(views);
        Solution s = solve(used);
        double median = median(s.perViewRms);
        double limit = Math.max(OUTLIER_FLOOR_PX, OUTLIER_FACTOR * median);
        List<BoardView> kept = new ArrayList<>();
        for (int i = 0; i < used.size(); i++) if (s.perViewRms[i] <= limit) kept.add(used.get(i));
        if (kept.size() < used.size() && kept.size() >= settings.minViews()) {
            used = kept;
            s = solve(used);
        }
        check(s);
        return new CameraCalibration(width, height, s.fx, s.fy, s.cx, s.cy, s.distortion, s.rms, used.size(), coverage(),
                board, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    private void check(Solution s) {
        if (!Double.isFinite(s.rms) || s.rms > settings.maxRmsPx()) {
            throw new CalibrationException(String.format(Locale.ROOT,
                    "the calibration does not fit the views: RMS reprojection error %.2f px (limit %.2f px); "
                            + "check --board (inner corners) and that the board is flat, and avoid blurred frames",
                    s.rms, settings.maxRmsPx()));
        }
        boolean finite = Double.isFinite(s.fx) && Double.isFinite(s.fy) && Double.isFinite(s.cx) && Double.isFinite(s.cy);
        if (!finite || s.fx <= 0 || s.fy <= 0 || s.cx < 0 || s.cx > width || s.cy < 0 || s.cy > height
                || s.fx / s.fy > 1.5 || s.fy / s.fx > 1.5) {
            throw new CalibrationException(String.format(Locale.ROOT,
                    "the calibration came out implausible (fx %.1f, fy %.1f, cx %.1f, cy %.1f px for %dx%d images): "
                            + "the views are too alike; tilt the board more and show it across the whole image",
                    s.fx, s.fy, s.cx, s.cy, width, height));
        }
    }

    private record Solution(double fx, double fy, double cx, double cy, double[] distortion, double rms, double[] perViewRms) {}

    private Solution solve(List<BoardView> used) {
        try (PointerScope scope = new PointerScope()) {
            Point3fVector boardPoints = new Point3fVector(boardPoints());
            Point3fVectorVector objectPoints = new Point3fVectorVector();
            Point2fVectorVector imagePoints = new Point2fVectorVector();
            for (BoardView v : used) {
                objectPoints.push_back(boardPoints);
                Point2f[] p = new Point2f[v.corners()];
                for (int i = 0; i < p.length; i++) p[i] = new Point2f(v.x(i), v.y(i));
                imagePoints.push_back(new Point2fVector(p));
            }
            Mat cameraMatrix = new Mat(), distCoeffs = new Mat();
            MatVector rvecs = new MatVector(), tvecs = new MatVector();
            double rms = calibrateCamera(objectPoints, imagePoints, new Size(width, height), cameraMatrix, distCoeffs,
                    rvecs, tvecs, CALIB_FIX_K3, new TermCriteria(TermCriteria.COUNT + TermCriteria.EPS, 100, 1e-12));
            double fx, fy, cx, cy;
            try (DoubleIndexer k = cameraMatrix.createIndexer()) {
                fx = k.get(0, 0);
                fy = k.get(1, 1);
                cx = k.get(0, 2);
                cy = k.get(1, 2);
            }
            int nd = (int) distCoeffs.total();
            double[] distortion = new double[nd];
            int dCols = distCoeffs.cols(); // a row (1 x n) or a column (n x 1), depending on the OpenCV version
            try (DoubleIndexer d = distCoeffs.createIndexer()) {
                for (int i = 0; i < nd; i++) distortion[i] = d.get(i / dCols, i % dCols);
            }
            double[] perView = new double[used.size()];
            Mat object = boardPointsMat();
            for (int i = 0; i < used.size(); i++) {
                Mat projected = new Mat();
                projectPoints(object, rvecs.get(i), tvecs.get(i), cameraMatrix, distCoeffs, projected);
                BoardView v = used.get(i);
                double sum = 0;
                try (FloatIndexer ix = projected.createIndexer()) {
                    for (int c = 0; c < v.corners(); c++) {
                        double dx = ix.get(c, 0, 0) - v.x(c), dy = ix.get(c, 0, 1) - v.y(c);
                        sum += dx * dx + dy * dy;
                    }
                }
                perView[i] = Math.sqrt(sum / v.corners());
            }
            return new Solution(fx, fy, cx, cy, distortion, rms, perView);
        }
    }

    /** The board's corners in its own plane, millimetres, in the detector's row-by-row order. */
    private Point3f[] boardPoints() {
        Point3f[] p = new Point3f[board.corners()];
        for (int r = 0; r < board.rows(); r++) {
            for (int c = 0; c < board.columns(); c++) {
                p[r * board.columns() + c] = new Point3f((float) (c * board.squareMm()), (float) (r * board.squareMm()), 0f);
            }
        }
        return p;
    }

    private Mat boardPointsMat() {
        Mat m = new Mat(board.corners(), 1, CV_32FC3);
        try (FloatIndexer ix = m.createIndexer()) {
            for (int r = 0; r < board.rows(); r++) {
                for (int c = 0; c < board.columns(); c++) {
                    int i = r * board.columns() + c;
                    ix.put(i, 0, 0, (float) (c * board.squareMm()));
                    ix.put(i, 0, 1, (float) (r * board.squareMm()));
                    ix.put(i, 0, 2, 0f);
                }
            }
        }
        return m;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
