package dev.marionette.app.live;

import java.util.Arrays;
import java.util.Locale;

/** What a live session measured: rendered frames per second and capture-to-present latency. */
public final class LiveStats {
    private long[] latencyNanos = new long[4096];
    private int latencies;
    long frames;
    long trackedFrames;
    long framesWithoutFace;
    long startNanos;
    long endNanos;
    double renderMsSum;

    void addLatency(long nanos) {
        if (latencies == latencyNanos.length) latencyNanos = Arrays.copyOf(latencyNanos, latencies * 2);
        latencyNanos[latencies++] = nanos;
    }

    public long frames() { return frames; }

    /** Rendered frames whose newest tracker result had no face (easing to neutral). */
    public long framesWithoutFace() { return framesWithoutFace; }

    /** Tracker results the render loop received. */
    public long trackedFrames() { return trackedFrames; }

    public double fps() {
        double s = (endNanos - startNanos) / 1e9;
        return s > 0 ? frames / s : 0;
    }

    public double latencyMs(double quantile) {
        if (latencies == 0) return Double.NaN;
        long[] sorted = Arrays.copyOf(latencyNanos, latencies);
        Arrays.sort(sorted);
        int i = (int) Math.ceil(quantile * latencies) - 1;
        return sorted[Math.max(0, Math.min(latencies - 1, i))] / 1e6;
    }

    public double renderMs() { return frames == 0 ? 0 : renderMsSum / frames; }

    public String toJson() {
        return String.format(Locale.ROOT, "{\"frames\":%d,\"fps\":%.1f,\"latencyP50Ms\":%.1f,\"latencyP99Ms\":%.1f,\"renderMs\":%.2f,\"trackedFrames\":%d}",
                frames, fps(), latencyMs(0.5), latencyMs(0.99), renderMs(), trackedFrames);
    }
}
