package dev.marionette.app.live;

import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.landmarks.FaceLandmarks;

/**
 * One tracked frame's raw face measures, for calibration: {@code measures} is null when no face
 * was found (a copy: the receiver may keep it).
 *
 * @param capturedNanos when the frame was captured (System.nanoTime)
 * @param iris          the landmarks carried the iris
 * @param landmarks     the frame's landmarks (null without a face), for the neutral face shape
 * @param camera        the intrinsics the frame was tracked with
 */
public record MeasuredFrame(long capturedNanos, float[] measures, boolean iris, FaceLandmarks landmarks, CameraIntrinsics camera) {}
