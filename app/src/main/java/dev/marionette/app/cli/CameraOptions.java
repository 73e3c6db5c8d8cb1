package dev.marionette.app.cli;

import dev.marionette.tracking.capture.CaptureOptions;
import picocli.CommandLine.Option;

/** What to ask a webcam for; files ignore these. */
public final class CameraOptions {
    @Option(names = "--width", description = "Camera capture width in pixels.")
    Integer width;

    @Option(names = "--height", description = "Camera capture height in pixels.")
    Integer height;

    @Option(names = "--fps", description = "Camera frame rate.")
    Double fps;

    @Option(names = "--pixel-format", description = "Camera wire format, e.g. mjpeg or yuyv422 (default: MJPEG above 640x480).")
    String pixelFormat;

    CaptureOptions toCaptureOptions() {
        try {
            return new CaptureOptions(width, height, fps, pixelFormat);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException("bad camera option: " + e.getMessage());
        }
    }
}
