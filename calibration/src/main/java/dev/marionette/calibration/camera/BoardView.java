package dev.marionette.calibration.camera;

/**
 * The inner corners of a checkerboard found in one image, in OpenCV's order (row by row) and
 * OpenCV's pixel convention (the centre of the top-left pixel is (0, 0)).
 *
 * @param xy     2 values per corner, sub-pixel
 * @param width  width of the image they were found in
 * @param height height of that image
 */
public record BoardView(float[] xy, int width, int height) {
    public BoardView {
        if (xy.length == 0 || xy.length % 2 != 0) throw new IllegalArgumentException("need x, y per corner, got " + xy.length + " values");
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("image size must be positive");
        xy = xy.clone();
    }

    @Override public float[] xy() { return xy.clone(); }

    public int corners() { return xy.length / 2; }

    public float x(int i) { return xy[2 * i]; }

    public float y(int i) { return xy[2 * i + 1]; }

    /**
     * Mean distance between corresponding corners of two views of the same board, taking the
     * closer of the two orderings (a board turned half round lists its corners backwards).
     */
    public double meanDistance(BoardView other) {
        if (other.corners() != corners()) throw new IllegalArgumentException("views of different boards");
        int n = corners();
        double same = 0, reversed = 0;
        for (int i = 0; i < n; i++) {
            same += Math.hypot(x(i) - other.x(i), y(i) - other.y(i));
            reversed += Math.hypot(x(i) - other.x(n - 1 - i), y(i) - other.y(n - 1 - i));
        }
        return Math.min(same, reversed) / n;
    }
}
