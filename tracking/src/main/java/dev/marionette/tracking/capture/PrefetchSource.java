package dev.marionette.tracking.capture;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Decodes a file on its own thread a few frames ahead, so decoding overlaps tracking. Unlike
 * {@link LatestFrameSource} it drops nothing: every decoded frame is delivered in order.
 */
public final class PrefetchSource extends BackgroundSource {
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private boolean ended;

    public PrefetchSource(FrameSource source, int depth) {
        super(source, "decode");
        if (depth < 1) throw new IllegalArgumentException("depth must be >= 1");
        this.queue = new ArrayBlockingQueue<>(depth);
        start();
    }

    @Override
    protected void readLoop() {
        Object item;
        try {
            VideoFrame f;
            while (!closing && (f = source.next()) != null) {
                while (!closing && !queue.offer(f, 100, TimeUnit.MILLISECONDS)) {
                    // wait for room
                }
            }
            item = END;
        } catch (RuntimeException e) {
            item = e;
        } catch (InterruptedException e) {
            return;
        }
        try {
            while (!closing && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                // wait for room
            }
        } catch (InterruptedException ignored) {
            // closing
        }
    }

    @Override
    public VideoFrame next() {
        if (ended) return null;
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (item == END) {
            ended = true;
            return null;
        }
        if (item instanceof RuntimeException e) {
            ended = true;
            throw e;
        }
        return (VideoFrame) item;
    }
}
