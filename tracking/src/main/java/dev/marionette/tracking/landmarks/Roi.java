package dev.marionette.tracking.landmarks;

/**
 * A rotated rectangle in image pixels: the region the landmark model looks at.
 *
 * @param centerX  centre x in pixels
 * @param centerY  centre y in pixels
 * @param width    side along the rectangle's own x axis, pixels, > 0
 * @param height   side along the rectangle's own y axis, pixels, > 0
 * @param rotation radians; the rectangle's x axis is the image x axis turned by this angle
 *                 (positive turns clockwise on screen, since image y points down)
 */
public record Roi(float centerX, float centerY, float width, float height, float rotation) {
    public Roi {
        if (!(width > 0 && height > 0) || !Float.isFinite(width) || !Float.isFinite(height)) {
            throw new IllegalArgumentException("ROI size must be positive and finite: " + width + "x" + height);
        }
        if (!Float.isFinite(centerX) || !Float.isFinite(centerY) || !Float.isFinite(rotation)) {
            throw new IllegalArgumentException("ROI centre and rotation must be finite");
        }
    }

    /**
     * Maps a point given in the ROI's normalized frame ((0,0) top-left corner, (1,1) bottom-right,
     * before rotation) to image pixels, writing x, y into {@code out[offset]} and {@code out[offset + 1]}.
     */
    public void toImage(float u, float v, float[] out, int offset) {
        float dx = (u - 0.5f) * width;
        float dy = (v - 0.5f) * height;
        float c = (float) Math.cos(rotation);
        float s = (float) Math.sin(rotation);
        out[offset] = centerX + dx * c - dy * s;
        out[offset + 1] = centerY + dx * s + dy * c;
    }
}
