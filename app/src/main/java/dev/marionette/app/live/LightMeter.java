package dev.marionette.app.live;

import dev.marionette.tracking.capture.VideoFrame;

/**
 * Warns of poor light: the camera delivers dark frames (mean luma under {@link #DARK_LUMA}) or
 * its frame rate sags under {@link #SLOW_FPS} (webcams lengthen exposure in the dark). Averages
 * over about two seconds so one dark frame does not flicker the warning.
 */
final class LightMeter {
    static final double DARK_LUMA = 45;
    static final double SLOW_FPS = 18;

    private double luma = 128;
    private double fps = 30;
    private long lastNanos;
    private long lastIndex = -1;

    void add(VideoFrame f, long capturedNanos) {
        if (f.index() == lastIndex) return;
        byte[] rgb = f.image().rgb();
        long sum = 0;
        int n = 0;
        for (int i = 0; i + 2 < rgb.length; i += 3 * 17) {
            sum += (299 * (rgb[i] & 255) + 587 * (rgb[i + 1] & 255) + 114 * (rgb[i + 2] & 255)) / 1000;
            n++;
        }
        luma += 0.05 * ((double) sum / Math.max(1, n) - luma);
        if (lastIndex >= 0 && capturedNanos > lastNanos) {
            double instant = (f.index() - lastIndex) * 1e9 / (capturedNanos - lastNanos);
            fps += 0.05 * (instant - fps);
        }
        lastIndex = f.index();
        lastNanos = capturedNanos;
    }

    boolean low() {
        return luma < DARK_LUMA || fps < SLOW_FPS;
    }
}
