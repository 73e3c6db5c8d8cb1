package dev.marionette.app.live;

import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.FaceTracker;
import dev.marionette.tracking.TrackerOptions;

/**
 * Tracks the newest captured frame on its own thread and hands the parameters on. When no
 * frame comes for {@link #STALL_MS} (camera unplugged, stalled), it reports "no frame" so the
 * parameters ease to neutral instead of freezing.
 */
final class TrackingLoop implements AutoCloseable {
    static final long STALL_MS = 500;

    private final Handoff<CapturedFrame> in;
    private final Handoff<TrackedFrame> out;
    private final FaceTracker tracker;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile String failure;
    private volatile double lastTrackMs;
    private long tracked;
    private long lastFrameIndex;
    private long lastMicros;

    TrackingLoop(TrackerOptions options, Handoff<CapturedFrame> in, Handoff<TrackedFrame> out) {
        this.in = in;
        this.out = out;
        this.tracker = new FaceTracker(options);
        this.thread = new Thread(this::run, "marionette-tracking");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long seen = 0;
        try {
            while (!stopping) {
                Handoff.Versioned<CapturedFrame> next = in.awaitNewer(seen, STALL_MS);
                if (next == null) {
                    // Keep the clock of the stream moving so the easing has time to act.
                    lastMicros += STALL_MS * 1000;
                    FaceParams eased = tracker.noFrame(lastFrameIndex, lastMicros);
                    long now = System.nanoTime();
                    out.put(new TrackedFrame(eased, tracker.neutralEstimate(), now, now));
                    continue;
                }
                seen = next.sequence();
                CapturedFrame c = next.value();
                java.util.function.Consumer<dev.marionette.tracking.image.RgbImage> frames = frameSink;
                if (frames != null) frames.accept(c.frame().image());
                long t0 = System.nanoTime();
                FaceParams p = tracker.track(c.frame());
                long t1 = System.nanoTime();
                lastTrackMs = (t1 - t0) / 1e6;
                lastFrameIndex = c.frame().index();
                lastMicros = c.frame().tMicros();
                tracked++;
                out.put(new TrackedFrame(p, tracker.neutralEstimate(), c.capturedNanos(), t1));
                java.util.function.Consumer<MeasuredFrame> sink = measureSink;
                if (sink != null) {
                    sink.accept(new MeasuredFrame(c.capturedNanos(), p.face() ? tracker.lastMeasures().clone() : null,
                            p.face() && p.landmarks().hasIris(), p.face() ? p.landmarks() : null, tracker.camera()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    String failure() { return failure; }

    private volatile java.util.function.Consumer<MeasuredFrame> measureSink;

    /** Receives every tracked frame's measures on the tracking thread (null: none). */
    void setMeasureSink(java.util.function.Consumer<MeasuredFrame> sink) { measureSink = sink; }

    private volatile java.util.function.Consumer<dev.marionette.tracking.image.RgbImage> frameSink;

    void setFrameSink(java.util.function.Consumer<dev.marionette.tracking.image.RgbImage> sink) { frameSink = sink; }

    double lastTrackMs() { return lastTrackMs; }

    long tracked() { return tracked; }

    FaceTracker tracker() { return tracker; }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tracker.close();
    }
}
