package dev.marionette.calibration.testing;

import dev.marionette.calibration.face.FacePhase;
import dev.marionette.calibration.face.FaceSample;
import dev.marionette.tracking.params.ExpressionProfile;
import dev.marionette.tracking.params.Measure;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Made-up calibration sessions: a person whose neutral measures differ from the population's,
 * measured with Gaussian noise; each phase ramps from neutral to a held offset (the reaction
 * time), holds it, and may carry a one-frame tracking glitch.
 */
public final class SyntheticFace {
    public final float[] neutral;
    public final double noiseMm;
    private final Random random;
    private final List<FaceSample> samples = new ArrayList<>();
    private final Map<FacePhase, float[]> held = new EnumMap<>(FacePhase.class);

    /** A person: the standard neutral with their own eye opening, brow height and mouth width. */
    public SyntheticFace(long seed, double noiseMm) {
        this.random = new Random(seed);
        this.noiseMm = noiseMm;
        neutral = ExpressionProfile.standard().neutral();
        neutral[Measure.EYE_OPEN_LEFT.ordinal()] *= 0.85f;
        neutral[Measure.EYE_OPEN_RIGHT.ordinal()] *= 0.9f;
        neutral[Measure.BROW_INNER_LEFT.ordinal()] += 1.5f;
        neutral[Measure.BROW_INNER_RIGHT.ordinal()] += 1.2f;
        neutral[Measure.MOUTH_WIDTH.ordinal()] += 3f;
        neutral[Measure.JAW_DROP.ordinal()] -= 2f;
        neutral[Measure.IRIS_X_LEFT.ordinal()] += 0.4f;
        neutral[Measure.IRIS_Y_RIGHT.ordinal()] -= 0.3f;
    }

    public float neutral(Measure m) { return neutral[m.ordinal()]; }

    /**
     * Adds a phase: {@code rampFrames} frames easing from neutral to the offsets, then
     * {@code holdFrames} frames held there.
     *
     * @param offsets measure, offset (mm) pairs, e.g. {@code Measure.JAW_DROP, 22f}
     */
    public SyntheticFace phase(FacePhase phase, int rampFrames, int holdFrames, Object... offsets) {
        float[] target = neutral.clone();
        for (int i = 0; i < offsets.length; i += 2) target[((Measure) offsets[i]).ordinal()] += ((Number) offsets[i + 1]).floatValue();
        held.put(phase, target);
        for (int f = 0; f < rampFrames; f++) add(phase, mix(neutral, target, (f + 0.5f) / rampFrames));
        for (int f = 0; f < holdFrames; f++) add(phase, target);
        return this;
    }

    /** Adds one frame at given offsets from neutral (a blink in the neutral phase, a glitch). */
    public SyntheticFace frame(FacePhase phase, Object... offsets) {
        float[] v = neutral.clone();
        for (int i = 0; i < offsets.length; i += 2) v[((Measure) offsets[i]).ordinal()] += ((Number) offsets[i + 1]).floatValue();
        add(phase, v);
        return this;
    }

    /** The noiseless held measures of a phase: its typical frame. */
    public float[] held(FacePhase phase) { return held.get(phase).clone(); }

    public List<FaceSample> samples() { return List.copyOf(samples); }

    private void add(FacePhase phase, float[] v) {
        float[] noisy = v.clone();
        for (int i = 0; i < noisy.length; i++) noisy[i] += (float) (noiseMm * random.nextGaussian());
        samples.add(new FaceSample(phase, noisy, true));
    }

    private static float[] mix(float[] a, float[] b, float t) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] + t * (b[i] - a[i]);
        return out;
    }
}
