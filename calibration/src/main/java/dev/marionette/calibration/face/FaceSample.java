package dev.marionette.calibration.face;

import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.landmarks.FaceLandmarks;
import dev.marionette.tracking.params.Measure;
import java.util.Objects;

/**
 * The raw face measures of one frame (see {@link Measure}; canonical millimetres, as
 * {@code FaceTracker.lastMeasures()} gives them) and the calibration phase it was taken in;
 * optionally the frame's landmarks and camera, from which calibration takes the person's
 * neutral face shape and measures every frame again against it (see {@link FaceCalibrator}).
 *
 * @param iris      whether the iris measures are real (the landmark model gave iris points)
 * @param landmarks the frame's landmarks, or null
 * @param camera    the intrinsics they were found with; null exactly when landmarks are
 */
public record FaceSample(FacePhase phase, float[] measures, boolean iris, FaceLandmarks landmarks, CameraIntrinsics camera) {
    public FaceSample {
        Objects.requireNonNull(phase, "phase");
        if (measures.length != Measure.COUNT) {
            throw new IllegalArgumentException("need " + Measure.COUNT + " measures, got " + measures.length);
        }
        for (int i = 0; i < measures.length; i++) {
            if (!Float.isFinite(measures[i])) throw new IllegalArgumentException(Measure.values()[i] + " is not finite: " + measures[i]);
        }
        if ((landmarks == null) != (camera == null)) throw new IllegalArgumentException("landmarks need their camera");
        measures = measures.clone();
    }

    /** Measures only. */
    public FaceSample(FacePhase phase, float[] measures, boolean iris) {
        this(phase, measures, iris, null, null);
    }

    @Override public float[] measures() { return measures.clone(); }

    public float get(Measure m) { return measures[m.ordinal()]; }

    /** The same frame with other measures (the landmarks measured against another reference face). */
    FaceSample withMeasures(float[] m) {
        return new FaceSample(phase, m, iris, landmarks, camera);
    }
}
