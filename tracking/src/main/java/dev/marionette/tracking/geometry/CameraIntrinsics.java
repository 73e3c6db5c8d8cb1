package dev.marionette.tracking.geometry;

/**
 * A pinhole camera in pixels: focal lengths and principal point of an image of the given size.
 * Lens distortion is not modelled (webcams at face distance stay well under a pixel near the
 * image centre; calibration may supply undistorted landmarks).
 */
public record CameraIntrinsics(double fx, double fy, double cx, double cy, int width, int height) {
    /** MediaPipe's geometry pipeline assumes this vertical field of view; typical of webcams. */
    public static final double DEFAULT_VERTICAL_FOV_DEG = 63.0;

    public CameraIntrinsics {
        if (!(fx > 0 && fy > 0) || !Double.isFinite(fx) || !Double.isFinite(fy)) {
            throw new IllegalArgumentException("focal lengths must be positive: fx=" + fx + " fy=" + fy);
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        if (!Double.isFinite(cx) || !Double.isFinite(cy)) {
            throw new IllegalArgumentException("principal point must be finite");
        }
    }

    /** Square pixels, principal point at the image centre, the given vertical field of view. */
    public static CameraIntrinsics fromVerticalFov(int width, int height, double verticalFovDeg) {
        if (!(verticalFovDeg > 1 && verticalFovDeg < 179)) {
            throw new IllegalArgumentException("vertical field of view must be in (1, 179) degrees: " + verticalFovDeg);
        }
        double f = 0.5 * height / Math.tan(Math.toRadians(verticalFovDeg) / 2);
        return new CameraIntrinsics(f, f, width / 2.0, height / 2.0, width, height);
    }

    public static CameraIntrinsics defaultFor(int width, int height) {
        return fromVerticalFov(width, height, DEFAULT_VERTICAL_FOV_DEG);
    }

    /** The same camera for an image scaled to another size (e.g. calibration at 1280x720, capture at 640x360). */
    public CameraIntrinsics scaledTo(int newWidth, int newHeight) {
        double sx = (double) newWidth / width, sy = (double) newHeight / height;
        return new CameraIntrinsics(fx * sx, fy * sy, cx * sx, cy * sy, newWidth, newHeight);
    }
}
