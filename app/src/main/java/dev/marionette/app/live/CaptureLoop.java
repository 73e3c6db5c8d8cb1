package dev.marionette.app.live;

import dev.marionette.tracking.capture.CaptureException;
import dev.marionette.tracking.capture.CaptureOptions;
import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.VideoFrame;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs the input on its own thread and hands the newest frame on. A video file plays in real
 * time at its own rate (looping when asked), as a camera would deliver it. A camera that fails
 * (unplugged) is reopened every second until it is back; meanwhile {@link #status()} says so.
 */
final class CaptureLoop implements AutoCloseable {
    private final Function<String, FrameSource> opener;
    private final String input;
    private final boolean loop;
    private final Handoff<CapturedFrame> out;
    private final AtomicReference<String> status = new AtomicReference<>("starting");
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean ended;
    private volatile String failure;
    private long delivered;

    CaptureLoop(String input, CaptureOptions options, boolean loop, Handoff<CapturedFrame> out,
                java.util.function.BiFunction<String, CaptureOptions, FrameSource> open) {
        this.input = input;
        this.loop = loop;
        this.out = out;
        this.opener = spec -> open.apply(spec, options);
        this.thread = new Thread(this::run, "marionette-capture");
        thread.setDaemon(true);
    }

    private FrameSource firstSource;

    /**
     * Opens the input once on the caller's thread, so a bad input fails fast with its message,
     * then starts the thread, which owns the source from here on.
     *
     * @return the input's description
     */
    String start() {
        firstSource = opener.apply(input);
        String description = firstSource.description();
        thread.start();
        return description;
    }

    private void run() {
        FrameSource source = firstSource;
        long frameIndex = 0;
        long offsetMicros = 0;
        try {
            while (!stopping) {
                if (source == null) {
                    try {
                        source = opener.apply(input);
                        status.set("capturing " + source.description());
                    } catch (CaptureException e) {
                        status.set("input unavailable, retrying: " + e.getMessage());
                        sleep(1000);
                        continue;
                    }
                }
                status.set("capturing " + source.description());
                boolean live = source.isLive();
                long startNanos = System.nanoTime();
                long firstMicros = Long.MIN_VALUE, lastMicros = 0;
                try {
                    VideoFrame f;
                    while (!stopping && (f = source.next()) != null) {
                        if (!live) {
                            // Pace a file like a camera: show frame t at start + (t - first).
                            if (firstMicros == Long.MIN_VALUE) firstMicros = f.tMicros();
                            long due = startNanos + (f.tMicros() - firstMicros) * 1000;
                            long wait = due - System.nanoTime();
                            if (wait > 0) sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            lastMicros = f.tMicros();
                        }
                        VideoFrame renumbered = new VideoFrame(frameIndex++, live ? f.tMicros() : f.tMicros() + offsetMicros, f.image());
                        out.put(new CapturedFrame(renumbered, System.nanoTime()));
                        delivered++;
                    }
                    if (!live) {
                        source.close();
                        source = null;
                        if (!loop) {
                            ended = true;
                            status.set("input ended");
                            return;
                        }
                        offsetMicros += lastMicros - firstMicros + 33_333;
                    }
                } catch (CaptureException e) {
                    status.set("camera lost: " + e.getMessage() + " (retrying)");
                    source.close();
                    source = null;
                    sleep(1000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
            status.set("capture failed: " + failure);
            ended = true;
        } finally {
            if (source != null) source.close();
        }
    }

    private static void sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
    }

    private static void sleep(long ms, int nanos) throws InterruptedException {
        Thread.sleep(ms, nanos);
    }

    String status() { return status.get(); }

    boolean ended() { return ended; }

    String failure() { return failure; }

    long delivered() { return delivered; }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
