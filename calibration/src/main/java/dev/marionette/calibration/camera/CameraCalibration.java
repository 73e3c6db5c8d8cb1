package dev.marionette.calibration.camera;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marionette.calibration.CalibrationException;
import dev.marionette.tracking.io.AtomicFiles;
import dev.marionette.calibration.io.JsonFields;
import dev.marionette.tracking.geometry.CameraIntrinsics;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A camera's intrinsics as measured from checkerboard views, at the image size it was measured
 * at. Saved as versioned JSON ({@link #save}, {@link #load}); {@link #intrinsicsFor} gives
 * tracking's pinhole model for any capture size with the same aspect ratio.
 *
 * @param imageWidth  width of the calibration images, pixels
 * @param imageHeight height of the calibration images
 * @param fx          focal length along x, pixels
 * @param fy          focal length along y, pixels
 * @param cx          principal point x, pixels, OpenCV's convention (centre of the top-left pixel is 0)
 * @param cy          principal point y
 * @param distortion  OpenCV's distortion coefficients k1, k2, p1, p2[, k3[, k4, k5, k6[, s1..s4[, tx, ty]]]]
 *                    (4, 5, 8, 12 or 14 values)
 * @param rmsPx       root-mean-square reprojection error over all corners of all views, pixels
 * @param views       board views the solution used
 * @param coverage    fraction of the image (on an 8 x 6 grid of cells) that corners fell in
 * @param board       the checkerboard used
 * @param createdAt   when it was measured
 */
public record CameraCalibration(int imageWidth, int imageHeight, double fx, double fy, double cx, double cy,
        double[] distortion, double rmsPx, int views, double coverage, Checkerboard board, Instant createdAt) {

    public static final String FORMAT = "marionette-camera-calibration";
    public static final int VERSION = 1;
    /** Aspect ratios closer than this are the same sensor area scaled; farther means a different crop. */
    static final double ASPECT_TOLERANCE = 0.01;
    private static final List<Integer> DISTORTION_COUNTS = List.of(4, 5, 8, 12, 14);
    private static final List<String> FIELDS = List.of("format", "version", "createdAt", "imageWidth", "imageHeight",
            "fx", "fy", "cx", "cy", "distortion", "rmsPx", "views", "coverage", "board");
    private static final List<String> BOARD_FIELDS = List.of("columns", "rows", "squareMm");

    public CameraCalibration {
        Objects.requireNonNull(board, "board");
        Objects.requireNonNull(createdAt, "createdAt");
        if (imageWidth <= 0 || imageHeight <= 0) throw new IllegalArgumentException("image size must be positive");
        if (!(fx > 0 && fy > 0) || !Double.isFinite(fx) || !Double.isFinite(fy)) throw new IllegalArgumentException("bad focal length");
        if (!Double.isFinite(cx) || !Double.isFinite(cy)) throw new IllegalArgumentException("bad principal point");
        if (!DISTORTION_COUNTS.contains(distortion.length)) throw new IllegalArgumentException("bad distortion count " + distortion.length);
        for (double d : distortion) if (!Double.isFinite(d)) throw new IllegalArgumentException("distortion must be finite");
        if (!(rmsPx >= 0) || !Double.isFinite(rmsPx)) throw new IllegalArgumentException("bad RMS " + rmsPx);
        if (views < 1) throw new IllegalArgumentException("views must be >= 1");
        if (!(coverage >= 0 && coverage <= 1)) throw new IllegalArgumentException("coverage outside [0,1]");
        distortion = distortion.clone();
    }

    @Override public double[] distortion() { return distortion.clone(); }

    /** The pinhole part at the calibrated size (tracking does not model lens distortion). */
    public CameraIntrinsics intrinsics() {
        return new CameraIntrinsics(fx, fy, cx, cy, imageWidth, imageHeight);
    }

    /**
     * The intrinsics for frames of another size, scaled. Only valid when the camera delivers
     * the same field of view scaled (same aspect ratio); a 16:9 calibration says nothing about
     * the 4:3 mode of the same camera, which crops the sensor differently.
     *
     * @throws CalibrationException when the aspect ratios differ
     */
    public CameraIntrinsics intrinsicsFor(int width, int height) {
        if (width == imageWidth && height == imageHeight) return intrinsics();
        double a = (double) imageWidth / imageHeight, b = (double) width / height;
        if (Math.abs(a - b) > ASPECT_TOLERANCE * a) {
            throw new CalibrationException(String.format(Locale.ROOT,
                    "the camera was calibrated at %dx%d but the frames are %dx%d, a different aspect ratio: the camera "
                            + "crops its sensor differently in that mode; calibrate at %dx%d (or capture at %dx%d)",
                    imageWidth, imageHeight, width, height, width, height, imageWidth, imageHeight));
        }
        return intrinsics().scaledTo(width, height);
    }

    /** One line for people: "fx 612.3, fy 611.9, cx 320.4, cy 241.0 px at 640x480; RMS 0.21 px over 14 views". */
    public String summary() {
        return String.format(Locale.ROOT, "fx %.1f, fy %.1f, cx %.1f, cy %.1f px at %dx%d; k1 %.3f, k2 %.3f; "
                        + "RMS reprojection error %.3f px over %d views covering %.0f%% of the image",
                fx, fy, cx, cy, imageWidth, imageHeight, distortion[0], distortion[1], rmsPx, views, 100 * coverage);
    }

    /** Writes the file atomically (see {@link AtomicFiles}). */
    public void save(Path file) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("createdAt", createdAt.toString());
        root.put("imageWidth", imageWidth);
        root.put("imageHeight", imageHeight);
        root.put("fx", fx);
        root.put("fy", fy);
        root.put("cx", cx);
        root.put("cy", cy);
        ArrayNode d = root.putArray("distortion");
        for (double v : distortion) d.add(v);
        root.put("rmsPx", rmsPx);
        root.put("views", views);
        root.put("coverage", coverage);
        ObjectNode b = root.putObject("board");
        b.put("columns", board.columns());
        b.put("rows", board.rows());
        b.put("squareMm", board.squareMm());
        try {
            AtomicFiles.write(file, out -> json.writeValue(out, root));
        } catch (java.io.UncheckedIOException e) {
            throw new CalibrationException(e.getMessage(), e);
        }
    }

    /**
     * Reads and checks a file written by {@link #save}.
     *
     * @throws CalibrationException naming the file and the bad field
     */
    public static CameraCalibration load(Path file) {
        JsonNode root = JsonFields.read(file, "camera calibration");
        JsonFields f = JsonFields.of(file);
        f.checkFormat(root, FORMAT, VERSION);
        f.onlyKnown(root, "", FIELDS);
        int w = f.integer(root, "", "imageWidth"), h = f.integer(root, "", "imageHeight");
        if (w <= 0) throw f.error("imageWidth", "must be positive, got " + w);
        if (h <= 0) throw f.error("imageHeight", "must be positive, got " + h);
        double fx = f.positive(root, "", "fx"), fy = f.positive(root, "", "fy");
        double cx = f.number(root, "", "cx"), cy = f.number(root, "", "cy");
        if (cx < 0 || cx > w) throw f.error("cx", "must lie within the image width 0.." + w + ", got " + cx);
        if (cy < 0 || cy > h) throw f.error("cy", "must lie within the image height 0.." + h + ", got " + cy);
        JsonNode d = f.array(root, "", "distortion");
        if (!DISTORTION_COUNTS.contains(d.size())) {
            throw f.error("distortion", "must hold 4, 5, 8, 12 or 14 coefficients, found " + d.size());
        }
        double[] distortion = new double[d.size()];
        for (int i = 0; i < distortion.length; i++) distortion[i] = f.number(d.get(i), "distortion[" + i + "]");
        double rms = f.number(root, "", "rmsPx");
        if (rms < 0) throw f.error("rmsPx", "must not be negative, got " + rms);
        int views = f.integer(root, "", "views");
        if (views < 1) throw f.error("views", "must be at least 1, got " + views);
        double coverage = f.number(root, "", "coverage");
        if (coverage < 0 || coverage > 1) throw f.error("coverage", "must be between 0 and 1, got " + coverage);
        JsonNode b = f.object(root, "", "board");
        f.onlyKnown(b, "board", BOARD_FIELDS);
        int columns = f.integer(b, "board", "columns"), rows = f.integer(b, "board", "rows");
        double square = f.positive(b, "board", "squareMm");
        Checkerboard board;
        try {
            board = new Checkerboard(columns, rows, square);
        } catch (CalibrationException e) {
            throw f.error("board", "is not a usable board: " + e.getMessage());
        }
        Instant created;
        String createdText = f.text(root, "", "createdAt");
        try {
            created = Instant.parse(createdText);
        } catch (DateTimeParseException e) {
            throw f.error("createdAt", "must be an ISO-8601 instant such as 2025-01-31T12:00:00Z, got '" + createdText + "'");
        }
        return new CameraCalibration(w, h, fx, fy, cx, cy, distortion, rms, views, coverage, board, created);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CameraCalibration c && imageWidth == c.imageWidth && imageHeight == c.imageHeight
                && fx == c.fx && fy == c.fy && cx == c.cx && cy == c.cy && java.util.Arrays.equals(distortion, c.distortion)
                && rmsPx == c.rmsPx && views == c.views && coverage == c.coverage && board.equals(c.board)
                && createdAt.equals(c.createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(imageWidth, imageHeight, fx, fy, cx, cy, java.util.Arrays.hashCode(distortion), rmsPx, views, board);
    }
}
