package dev.marionette.app.live;

import dev.marionette.tracking.TrackerOptions;
import dev.marionette.tracking.capture.CaptureOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a live session runs.
 *
 * @param input          webcam index, device, video file (played in real time) or "sample"
 * @param capture        what to ask a camera for
 * @param tracker        tracking options
 * @param size           avatar output size in pixels (square)
 * @param fpsCap         most frames rendered per second; 0 = as fast as the display/renderer allows
 * @param maxFrames      stop after this many rendered frames; 0 = until the window closes / Ctrl-C
 * @param record         MP4 file to record the avatar to, or null
 * @param virtualCamera  v4l2loopback device to feed (e.g. /dev/video10), or null
 * @param window         show the presenter window
 * @param loopInput      replay a video input from the start when it ends
 * @param avatar         the avatar file, or null for the default avatar
 * @param renderer       which renderer draws the avatar, or null to choose by device: the
 *                       tri-plane generator on a GPU, the mesh path on a software (CPU) driver,
 *                       where the tri-plane path runs at about 15 frames/s
 */
public record LiveOptions(String input, CaptureOptions capture, TrackerOptions tracker, int size, double fpsCap,
                          long maxFrames, Path record, String virtualCamera, boolean window, boolean loopInput, Path avatar,
                          dev.marionette.renderer.avatar.AvatarView.Kind renderer) {
    public LiveOptions {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(capture, "capture");
        Objects.requireNonNull(tracker, "tracker");
        if (size < 64 || size > 4096) throw new IllegalArgumentException("size must be between 64 and 4096, got " + size);
        if (fpsCap < 0) throw new IllegalArgumentException("frame-rate cap must not be negative");
        if (maxFrames < 0) throw new IllegalArgumentException("frame count must not be negative");
    }

    public LiveOptions withTracker(TrackerOptions t) {
        return new LiveOptions(input, capture, t, size, fpsCap, maxFrames, record, virtualCamera, window, loopInput, avatar, renderer);
    }
}
