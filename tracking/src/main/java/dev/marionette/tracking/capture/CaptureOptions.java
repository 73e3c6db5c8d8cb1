package dev.marionette.tracking.capture;

/**
 * What to ask a camera for. Null fields leave the choice to the device. Files ignore these.
 *
 * @param width       requested width in pixels
 * @param height      requested height in pixels
 * @param fps         requested frame rate
 * @param pixelFormat the camera's wire format, e.g. "mjpeg" or "yuyv422"; null picks MJPEG
 *                    above 640×480 (raw YUYV at 1080p over USB 2 delivers a few frames/s)
 */
public record CaptureOptions(Integer width, Integer height, Double fps, String pixelFormat) {
    public static final CaptureOptions DEFAULT = new CaptureOptions(null, null, null, null);

    public CaptureOptions {
        if (width != null && width <= 0) throw new IllegalArgumentException("width must be positive");
        if (height != null && height <= 0) throw new IllegalArgumentException("height must be positive");
        if (fps != null && !(fps > 0)) throw new IllegalArgumentException("fps must be positive");
    }

    /** The wire format to request: the explicit one, else MJPEG for sizes above VGA. */
    String effectivePixelFormat() {
        if (pixelFormat != null) return pixelFormat;
        if (width != null && height != null && (long) width * height > 640L * 480) return "mjpeg";
        return null;
    }
}
