package dev.marionette.calibration.face;

import dev.marionette.tracking.params.Measure;
import java.util.Objects;

/**
 * The raw face measures of one frame (see {@link Measure}; canonical millimetres, as
 * {@code FaceTracker.lastMeasures()} gives them) and the calibration phase it was taken in.
 *
 * @param iris whether the iris measures are real (the landmark model gave iris points)
 */
public record FaceSample(FacePhase phase, float[] measures, boolean iris) {
    public FaceSample {
        Objects.requireNonNull(phase, "phase");
        if (measures.length != Measure.COUNT) {
            throw new IllegalArgumentException("need " + Measure.COUNT + " measures, got " + measures.length);
        }
        for (int i = 0; i < measures.length; i++) {
            if (!Float.isFinite(measures[i])) throw new IllegalArgumentException(Measure.values()[i] + " is not finite: " + measures[i]);
        }
        measures = measures.clone();
    }

    @Override public float[] measures() { return measures.clone(); }

    public float get(Measure m) { return measures[m.ordinal()]; }
}
