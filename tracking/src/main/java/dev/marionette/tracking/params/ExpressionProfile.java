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
     * Radius about which the iris centre turns, millimetres (an adult eye is about 24 mm
     * across): the true geometry, which a rendered eye uses.
     */
    public static final float EYE_ROTATION_RADIUS_MM = 11.5f;
    /**
     * How far the face landmark model moves its iris centre, relative to the eye corners, per
     * millimetre the iris really moves. The model reads eye turns short: it puts the iris part
     * of the way and drags the eye's contour points (and others around) along with it, a
     * behaviour MediaPipe's own users report. Measured two ways, with the same answer: on a real
     * clip of a man who keeps looking into the camera while he turns his head (the eyes' angle in
     * the head is then the camera's direction, known from the head pose), gaze read 0.62 to
     * 0.63 of that angle over 317 to 445 frames (correlation 0.9); on renders of the default
     * avatar looking 15 degrees sideways, 0.58 to 0.63 (ClosedLoopTest, frontal).
     */
    public static final float LANDMARK_IRIS_GAIN = 0.6f;
    /**
     * The iris measures' default range: the rotation radius as the landmark model reads it, so
     * that sin(gaze) = offset / range gives the true angle. The iris measures' ranges in a
     * profile hold the radius in use.
     */
    public static final float IRIS_RANGE_MM = EYE_ROTATION_RADIUS_MM * LANDMARK_IRIS_GAIN;
    /** How far the chin drops, nose to chin, at a fully open jaw (jawOpen = 1), millimetres: the true geometry. */
    public static final float JAW_DROP_AT_FULL_MM = 25f;
    /**
     * How far the face landmark model moves its chin point per millimetre the chin really drops:
     * it reads an opening jaw short, while it reads the lips' parting nearly in full. On real
     * clips with wide-open mouths (lips parted by more than 15 mm, when the jaw must be open and
     * the chin drops about as far as the lower lip), the tracked chin dropped 0.33 (a woman, 381
     * frames) and 0.38 (a child, 27 frames) of the lips' parting (medians;
     * {@code LandmarkModelGainTest}).
     */
    public static final float LANDMARK_CHIN_GAIN = 0.35f;
    /** The jaw-drop measure's default upward range: a full jaw drop as the landmark model reads it. */
    public static final float JAW_DROP_RANGE_MM = JAW_DROP_AT_FULL_MM * LANDMARK_CHIN_GAIN;

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
            set(up, down, Measure.JAW_DROP, JAW_DROP_RANGE_MM, 5f);
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
                set(up, down, m, IRIS_RANGE_MM, IRIS_RANGE_MM);
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
