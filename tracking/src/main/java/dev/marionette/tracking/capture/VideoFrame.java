package dev.marionette.tracking.capture;

import dev.marionette.tracking.image.RgbImage;
import java.util.Objects;

/**
 * One decoded frame.
 *
 * @param index  0-based index of the frame among those the source decoded (a live source that
 *               drops stale frames still counts only what it hands out)
 * @param tMicros monotonic timestamp in microseconds: the stream's presentation time for files,
 *               a monotonic clock reading at capture for live sources; never decreases
 * @param image  the pixels, owned by this frame
 */
public record VideoFrame(long index, long tMicros, RgbImage image) {
    public VideoFrame {
        if (index < 0) throw new IllegalArgumentException("frame index must be >= 0, got " + index);
        Objects.requireNonNull(image, "image");
    }

    public int width() { return image.width(); }

    public int height() { return image.height(); }
}
