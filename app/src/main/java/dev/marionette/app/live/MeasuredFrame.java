package dev.marionette.app.live;

/**
 * One tracked frame's raw face measures, for calibration: {@code measures} is null when no face
 * was found (a copy: the receiver may keep it).
 *
 * @param capturedNanos when the frame was captured (System.nanoTime)
 * @param iris          the landmarks carried the iris
 */
public record MeasuredFrame(long capturedNanos, float[] measures, boolean iris) {}
