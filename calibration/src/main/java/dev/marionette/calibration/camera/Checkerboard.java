package dev.marionette.calibration.camera;

import dev.marionette.calibration.CalibrationException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A printed checkerboard, described as OpenCV counts it: by its inner corners (where four
 * squares meet), not its squares. A board of 10 x 7 squares has 9 x 6 inner corners.
 *
 * @param columns  inner corners along a row, >= 3
 * @param rows     inner corners along a column, >= 3
 * @param squareMm side of one square as printed, millimetres (measure it: printers scale)
 */
public record Checkerboard(int columns, int rows, double squareMm) {
    private static final Pattern SIZE = Pattern.compile("\\s*(\\d+)\\s*[xX×*]\\s*(\\d+)\\s*");

    public Checkerboard {
        if (columns < 3 || rows < 3) {
            throw new CalibrationException("a checkerboard needs at least 3x3 inner corners, got " + columns + "x" + rows);
        }
        if (columns == rows) {
            // A square corner grid has no defined orientation: views could be matched rotated by 90 degrees.
            throw new CalibrationException("use a board with different inner-corner counts across and down (e.g. 9x6), not "
                    + columns + "x" + rows);
        }
        if (!(squareMm > 0) || !Double.isFinite(squareMm)) {
            throw new CalibrationException("the square size must be a positive number of millimetres, got " + squareMm);
        }
    }

    /** Parses "9x6" (inner corners across x down). */
    public static Checkerboard parse(String innerCorners, double squareMm) {
        Matcher m = SIZE.matcher(innerCorners == null ? "" : innerCorners);
        if (!m.matches()) {
            throw new CalibrationException("board size must be inner corners as COLUMNSxROWS, e.g. 9x6, got '" + innerCorners + "'");
        }
        try {
            return new Checkerboard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), squareMm);
        } catch (NumberFormatException e) {
            throw new CalibrationException("board size out of range: '" + innerCorners + "'");
        }
    }

    public int corners() {
        return columns * rows;
    }

    /** "9x6 inner corners, 25 mm squares". */
    public String describe() {
        return String.format(Locale.ROOT, "%dx%d inner corners, %s mm squares", columns, rows, trim(squareMm));
    }

    @Override
    public String toString() {
        return columns + "x" + rows;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
