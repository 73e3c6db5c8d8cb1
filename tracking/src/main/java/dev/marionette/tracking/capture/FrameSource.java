package dev.marionette.tracking.capture;

/**
 * A stream of frames: a webcam, a video file, a still image or a folder of images.
 * Open sources are ready to deliver; {@link #close()} releases the device or file.
 */
public interface FrameSource extends AutoCloseable {
    /**
     * The next frame, blocking until there is one; null at the end of a file or folder.
     *
     * @throws CaptureException when the input fails mid-stream (camera unplugged, read error)
     */
    VideoFrame next();

    /** True for cameras: frames arrive in real time and old ones are worth nothing. */
    boolean isLive();

    /** What this is, for messages ("video d9.mp4 512x480 30 fps"). */
    String description();

    /** Nominal frame rate, or 0 when unknown. */
    double frameRate();

    int width();

    int height();

    @Override
    void close();
}
