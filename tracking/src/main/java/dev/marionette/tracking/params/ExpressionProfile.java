package dev.marionette.tracking.params;

import java.util.Arrays;

/**
 * How a person's face measures map to coefficients: per {@link Measure}, the neutral value and
 * how far it moves up and down at a full expression (canonical millimetres; see
 * {@link Measure}). The default takes the neutral from the canonical mesh and ranges typical
 * of adults; calibration replaces both with the user's own.
 *
 * @param neutral   {@link Measure#COUNT} neutral values
 * @param rangeUp   increase that reads as coefficient 1, > 0
 * @param rangeDown decrease that reads as coefficient 1, > 0
 */
public record ExpressionProfile(float[] neutral, float[] rangeUp, float[] rangeDown) {
    /**
     * Default radius about which the iris centre turns, millimetres (an adult eye is about 24 mm
     * across); the iris measures' ranges hold the radius in use.
     */
    public static final float EYE_ROTATION_RADIUS_MM = 11.5f;

    private static volatile ExpressionProfile standard;

    public ExpressionProfile {
        if (neutral.length != Measure.COUNT || rangeUp.length != Measure.COUNT || rangeDown.length != Measure.COUNT) {
            throw new IllegalArgumentException("a profile needs " + Measure.COUNT + " values per array");
        }
        for (int i = 0; i < Measure.COUNT; i++) {
            if (!Float.isFinite(neutral[i]) || !(rangeUp[i] > 0) || !(rangeDown[i] > 0)
                    || !Float.isFinite(rangeUp[i]) || !Float.isFinite(rangeDown[i])) {
                throw new IllegalArgumentException("bad profile entry for " + Measure.values()[i]
                        + ": neutral " + neutral[i] + ", ranges " + rangeUp[i] + "/" + rangeDown[i]);
            }
        }
        neutral = neutral.clone();
        rangeUp = rangeUp.clone();
        rangeDown = rangeDown.clone();
    }

    @Override public float[] neutral() { return neutral.clone(); }

    @Override public float[] rangeUp() { return rangeUp.clone(); }

    @Override public float[] rangeDown() { return rangeDown.clone(); }

    public float neutral(Measure m) { return neutral[m.ordinal()]; }

    public float rangeUp(Measure m) { return rangeUp[m.ordinal()]; }

    public float rangeDown(Measure m) { return rangeDown[m.ordinal()]; }

    /** Rise above neutral as a fraction of the upward range, clamped to [0, 1]. */
    public float up(Measure m, float value) {
        return clamp01((value - neutral[m.ordinal()]) / rangeUp[m.ordinal()]);
    }

    /** Fall below neutral as a fraction of the downward range, clamped to [0, 1]. */
    public float down(Measure m, float value) {
        return clamp01((neutral[m.ordinal()] - value) / rangeDown[m.ordinal()]);
    }

    /** The same ranges around another neutral (a calibrated or running estimate). */
    public ExpressionProfile withNeutral(float[] newNeutral) {
        return new ExpressionProfile(newNeutral, rangeUp, rangeDown);
    }

    static float clamp01(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : (Float.isNaN(v) ? 0 : v));
    }

    /**
     * Population defaults: the canonical mesh's measures, except two where that mesh is not a
     * resting face — its lips are parted (5.8 mm; resting lips measured 0.7–1.5 mm on four
     * real clips, so 1 mm) and it has no irises (the iris centre sat a median 0.8 mm above the
     * eye-corner line on those clips) — and adult ranges.
     */
    public static ExpressionProfile standard() {
        ExpressionProfile p = standard;
        if (p == null) {
            float[] neutral = FaceMeasures.ofCanonicalMesh();
            neutral[Measure.LIP_GAP.ordinal()] = 1.0f;
            neutral[Measure.IRIS_Y_LEFT.ordinal()] = 0.8f;
            neutral[Measure.IRIS_Y_RIGHT.ordinal()] = 0.8f;
            float[] up = new float[Measure.COUNT];
            float[] down = new float[Measure.COUNT];
            Arrays.fill(up, 5f);
            Arrays.fill(down, 5f);
            set(up, down, Measure.EYE_OPEN_LEFT, 0.4f * neutral[Measure.EYE_OPEN_LEFT.ordinal()], 0.8f * neutral[Measure.EYE_OPEN_LEFT.ordinal()]);
            set(up, down, Measure.EYE_OPEN_RIGHT, 0.4f * neutral[Measure.EYE_OPEN_RIGHT.ordinal()], 0.8f * neutral[Measure.EYE_OPEN_RIGHT.ordinal()]);
            set(up, down, Measure.LOWER_LID_LEFT, 2f, 2f);
            set(up, down, Measure.LOWER_LID_RIGHT, 2f, 2f);
            set(up, down, Measure.LIP_GAP, 20f, 2f);
            set(up, down, Measure.JAW_DROP, 25f, 5f);
            set(up, down, Measure.MOUTH_WIDTH, 12f, 15f);
            set(up, down, Measure.CORNER_LIFT_LEFT, 6f, 5f);
            set(up, down, Measure.CORNER_LIFT_RIGHT, 6f, 5f);
            set(up, down, Measure.LIP_PROTRUSION, 6f, 4f);
            set(up, down, Measure.JAW_SHIFT, 8f, 8f);
            set(up, down, Measure.MOUTH_SHIFT, 8f, 8f);
            set(up, down, Measure.BROW_INNER_LEFT, 6f, 4f);
            set(up, down, Measure.BROW_INNER_RIGHT, 6f, 4f);
            set(up, down, Measure.BROW_OUTER_LEFT, 6f, 4f);
            set(up, down, Measure.BROW_OUTER_RIGHT, 6f, 4f);
            set(up, down, Measure.CHEEK_WIDTH, 6f, 6f);
            for (Measure m : new Measure[] {Measure.IRIS_X_LEFT, Measure.IRIS_Y_LEFT, Measure.IRIS_X_RIGHT, Measure.IRIS_Y_RIGHT}) {
                set(up, down, m, EYE_ROTATION_RADIUS_MM, EYE_ROTATION_RADIUS_MM);
            }
            p = new ExpressionProfile(neutral, up, down);
            standard = p;
        }
        return p;
    }

    private static void set(float[] up, float[] down, Measure m, float u, float d) {
        up[m.ordinal()] = u;
        down[m.ordinal()] = d;
    }
}
