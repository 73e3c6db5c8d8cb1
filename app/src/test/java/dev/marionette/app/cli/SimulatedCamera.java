package dev.marionette.app.cli;

import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.VideoFrame;
import dev.marionette.tracking.image.RgbImage;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A live source without a camera: it hands out the given pictures in turn, each {@code repeat}
 * times, stamped at a fixed frame rate (so a session of seconds runs in the time tracking
 * takes), and ends after {@code limit} frames as an unplugged camera would.
 */
final class SimulatedCamera implements FrameSource {
    private final List<RgbImage> pictures;
    private final int repeat;
    private final double fps;
    private final long limit;
    private long index;

    SimulatedCamera(List<BufferedImage> pictures, int repeat, double fps, long limit) {
        this.pictures = pictures.stream().map(RgbImage::of).toList();
        this.repeat = repeat;
        this.fps = fps;
        this.limit = limit;
    }

    @Override
    public VideoFrame next() {
        if (index >= limit) return null;
        RgbImage img = pictures.get((int) ((index / repeat) % pictures.size()));
        VideoFrame f = new VideoFrame(index, 5_000_000L + Math.round(index * 1e6 / fps), img);
        index++;
        return f;
    }

    long delivered() { return index; }

    @Override public boolean isLive() { return true; }

    @Override public String description() { return "simulated camera " + width() + "x" + height(); }

    @Override public double frameRate() { return fps; }

    @Override public int width() { return pictures.get(0).width(); }

    @Override public int height() { return pictures.get(0).height(); }

    @Override public void close() {}
}
