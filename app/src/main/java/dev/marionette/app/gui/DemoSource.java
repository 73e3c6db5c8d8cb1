package dev.marionette.app.gui;

import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.FrameSources;
import dev.marionette.tracking.capture.VideoFrame;
import dev.marionette.tracking.image.RgbImage;
import dev.marionette.tracking.image.TensorSampler;
import dev.marionette.tracking.landmarks.Roi;
import java.nio.FloatBuffer;

/**
 * The demo input when there is no webcam: the bundled portrait as a live "camera" at 30 fps,
 * gently turned, shifted and zoomed, so the avatar visibly follows something.
 */
public final class DemoSource implements FrameSource {
    static final int SIZE = 480;
    static final double FPS = 30;

    private final RgbImage portrait;
    private final FloatBuffer scratch = FloatBuffer.allocate(SIZE * SIZE * 3);
    private final long startNanos = System.nanoTime();
    private long index;

    public DemoSource() {
        try (FrameSource s = FrameSources.bundledSample()) {
            portrait = s.next().image();
        }
    }

    @Override
    public VideoFrame next() {
        long due = startNanos + (long) (index * 1e9 / FPS);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        double t = index / FPS;
        float roll = (float) Math.toRadians(9 * Math.sin(2 * Math.PI * t / 4.0));
        float dx = (float) (25 * Math.sin(2 * Math.PI * t / 6.0)), dy = (float) (10 * Math.sin(2 * Math.PI * t / 5.0));
        float zoom = (float) (1 + 0.08 * Math.sin(2 * Math.PI * t / 7.0));
        Roi view = new Roi(256 + dx, 256 + dy, 512 / zoom, 512 / zoom, roll);
        TensorSampler.sample(portrait, view, SIZE, SIZE, TensorSampler.Border.REPLICATE, 0, 255, scratch);
        byte[] rgb = new byte[SIZE * SIZE * 3];
        for (int i = 0; i < rgb.length; i++) rgb[i] = (byte) Math.round(scratch.get(i));
        return new VideoFrame(index++, System.nanoTime() / 1000, new RgbImage(SIZE, SIZE, rgb));
    }

    @Override public boolean isLive() { return true; }

    @Override public String description() { return "demo input (the bundled portrait, moving)"; }

    @Override public double frameRate() { return FPS; }

    @Override public int width() { return SIZE; }

    @Override public int height() { return SIZE; }

    @Override public void close() {}
}
