package dev.marionette.calibration.camera;

import static org.bytedeco.opencv.global.opencv_calib3d.CALIB_CB_ADAPTIVE_THRESH;
import static org.bytedeco.opencv.global.opencv_calib3d.CALIB_CB_FAST_CHECK;
import static org.bytedeco.opencv.global.opencv_calib3d.CALIB_CB_NORMALIZE_IMAGE;
import static org.bytedeco.opencv.global.opencv_calib3d.findChessboardCorners;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.cornerSubPix;

import dev.marionette.tracking.image.RgbImage;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_core.TermCriteria;

/**
 * Finds a checkerboard's inner corners in an image (OpenCV's findChessboardCorners), then
 * refines each to sub-pixel accuracy (cornerSubPix) with a window scaled to the squares as they
 * appear, so a distant board's neighbouring corners never fall into one window.
 *
 * <p>One thread at a time (it reuses a grey buffer). Native memory lives only inside
 * {@link #detect}.
 */
public final class BoardDetector {
    /** cornerSubPix's half-window bounds, pixels: 11 is OpenCV's usual choice for close boards. */
    static final int MIN_HALF_WINDOW = 2, MAX_HALF_WINDOW = 11;

    private final Checkerboard board;
    private byte[] grey = new byte[0];

    public BoardDetector(Checkerboard board) {
        this.board = board;
    }

    public Checkerboard board() { return board; }

    /** The board's corners, or null when the whole board is not visible in this image. */
    public BoardView detect(RgbImage image) {
        int w = image.width(), h = image.height();
        toGrey(image);
        try (PointerScope scope = new PointerScope()) {
            Mat grey = new Mat(h, w, CV_8UC1);
            grey.data().put(this.grey, 0, w * h);
            Mat corners = new Mat();
            Size pattern = new Size(board.columns(), board.rows());
            boolean found = findChessboardCorners(grey, pattern, corners,
                    CALIB_CB_ADAPTIVE_THRESH | CALIB_CB_NORMALIZE_IMAGE | CALIB_CB_FAST_CHECK);
            if (!found || corners.rows() * corners.cols() != board.corners()) return null;
            float[] xy = read(corners);
            int half = halfWindow(xy);
            cornerSubPix(grey, corners, new Size(half, half), new Size(-1, -1),
                    new TermCriteria(TermCriteria.EPS + TermCriteria.COUNT, 40, 0.001));
            return new BoardView(read(corners), w, h);
        }
    }

    /** Rec. 601 luma, as OpenCV's RGB-to-grey conversion. */
    private void toGrey(RgbImage image) {
        int n = image.width() * image.height();
        if (grey.length < n) grey = new byte[n];
        byte[] rgb = image.rgb();
        for (int i = 0, j = 0; i < n; i++, j += 3) {
            int r = rgb[j] & 0xFF, g = rgb[j + 1] & 0xFF, b = rgb[j + 2] & 0xFF;
            grey[i] = (byte) ((r * 4899 + g * 9617 + b * 1868 + 8192) >> 14);
        }
    }

    private static float[] read(Mat corners) {
        int n = corners.rows() * corners.cols();
        float[] xy = new float[2 * n];
        try (FloatIndexer ix = corners.createIndexer()) {
            // findChessboardCorners returns an N x 1 two-channel matrix.
            for (int i = 0; i < n; i++) {
                xy[2 * i] = ix.get(i, 0, 0);
                xy[2 * i + 1] = ix.get(i, 0, 1);
            }
        }
        return xy;
    }

    /** About 0.4 of the smallest spacing between neighbouring corners, within OpenCV's usual bounds. */
    private int halfWindow(float[] xy) {
        double min = Double.MAX_VALUE;
        int cols = board.columns(), rows = board.rows();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                if (c + 1 < cols) min = Math.min(min, Math.hypot(xy[2 * i + 2] - xy[2 * i], xy[2 * i + 3] - xy[2 * i + 1]));
                if (r + 1 < rows) {
                    int j = i + cols;
                    min = Math.min(min, Math.hypot(xy[2 * j] - xy[2 * i], xy[2 * j + 1] - xy[2 * i + 1]));
                }
            }
        }
        return (int) Math.max(MIN_HALF_WINDOW, Math.min(MAX_HALF_WINDOW, Math.floor(0.4 * min)));
    }
}
