package dev.marionette.app.live;

import dev.marionette.tracking.FaceParams;

/**
 * Parameters of one frame, with the capture time of that frame and when tracking finished
 * (System.nanoTime both).
 */
record TrackedFrame(FaceParams params, float[] neutralDense, long capturedNanos, long trackedNanos) {}
