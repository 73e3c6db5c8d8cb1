package dev.marionette.tracking.params;

import static dev.marionette.tracking.params.Blendshape.*;
import static dev.marionette.tracking.params.Measure.*;

/**
 * Turns head-frame measures into blink, gaze and named coefficients. Every input is already
 * pose-free (head frame) and scale-free (canonical millimetres), so a head turn cannot read as
 * a closed eye; gaze is measured against the eye corners, not the lids, so a blink does not
 * read as looking down (and the filter holds gaze while the lids are shut).
 */
public final class ExpressionEstimator {
    /** Eye rotation (degrees) that reads as a full eyeLook* coefficient. */
    static final float LOOK_RANGE_DEG = 25f;

    private final float[] measures = new float[Measure.COUNT];
    private final float[] coefficients = new float[Blendshape.values().length];

    /** The expression read from one face. */
    public record Reading(Blink blink, Gaze gaze, Blendshapes blendshapes) {}

    /**
     * @param headPoints head-frame landmarks, mm (468, or 478 with irises)
     * @param profile    neutral and ranges
     * @return gaze is null when there are no iris landmarks
     */
    public Reading estimate(float[] headPoints, ExpressionProfile profile) {
        FaceMeasures.compute(headPoints, measures);
        return fromMeasures(headPoints.length >= 3 * 478, profile);
    }

    /**
     * Reads the expression from measures already computed (see {@link FaceMeasures}).
     *
     * @param iris whether the iris measures are real (478-point landmarks)
     */
    public Reading estimate(float[] precomputedMeasures, boolean iris, ExpressionProfile profile) {
        System.arraycopy(precomputedMeasures, 0, measures, 0, Measure.COUNT);
        return fromMeasures(iris, profile);
    }

    private Reading fromMeasures(boolean iris, ExpressionProfile profile) {
        float[] c = coefficients;
        float blinkL = profile.down(EYE_OPEN_LEFT, m(EYE_OPEN_LEFT));
        float blinkR = profile.down(EYE_OPEN_RIGHT, m(EYE_OPEN_RIGHT));
        c[EYE_BLINK_LEFT.ordinal()] = blinkL;
        c[EYE_BLINK_RIGHT.ordinal()] = blinkR;
        c[EYE_WIDE_LEFT.ordinal()] = profile.up(EYE_OPEN_LEFT, m(EYE_OPEN_LEFT));
        c[EYE_WIDE_RIGHT.ordinal()] = profile.up(EYE_OPEN_RIGHT, m(EYE_OPEN_RIGHT));
        c[EYE_SQUINT_LEFT.ordinal()] = profile.up(LOWER_LID_LEFT, m(LOWER_LID_LEFT));
        c[EYE_SQUINT_RIGHT.ordinal()] = profile.up(LOWER_LID_RIGHT, m(LOWER_LID_RIGHT));

        float jaw = profile.up(JAW_DROP, m(JAW_DROP));
        float lips = profile.up(LIP_GAP, m(LIP_GAP));
        c[JAW_OPEN.ordinal()] = jaw;
        c[MOUTH_CLOSE.ordinal()] = ExpressionProfile.clamp01(jaw - lips);
        c[JAW_LEFT.ordinal()] = profile.up(JAW_SHIFT, m(JAW_SHIFT));
        c[JAW_RIGHT.ordinal()] = profile.down(JAW_SHIFT, m(JAW_SHIFT));

        float widen = profile.up(MOUTH_WIDTH, m(MOUTH_WIDTH));
        float smileL = ExpressionProfile.clamp01(0.7f * profile.up(CORNER_LIFT_LEFT, m(CORNER_LIFT_LEFT)) + 0.3f * widen);
        float smileR = ExpressionProfile.clamp01(0.7f * profile.up(CORNER_LIFT_RIGHT, m(CORNER_LIFT_RIGHT)) + 0.3f * widen);
        c[MOUTH_SMILE_LEFT.ordinal()] = smileL;
        c[MOUTH_SMILE_RIGHT.ordinal()] = smileR;
        c[MOUTH_FROWN_LEFT.ordinal()] = profile.down(CORNER_LIFT_LEFT, m(CORNER_LIFT_LEFT));
        c[MOUTH_FROWN_RIGHT.ordinal()] = profile.down(CORNER_LIFT_RIGHT, m(CORNER_LIFT_RIGHT));

        // Pucker and funnel both narrow the mouth; a funnel opens the lips into an O.
        float narrow = Math.max(profile.down(MOUTH_WIDTH, m(MOUTH_WIDTH)), 0.5f * profile.up(LIP_PROTRUSION, m(LIP_PROTRUSION)));
        float rounded = ExpressionProfile.clamp01((m(LIP_GAP) - profile.neutral(LIP_GAP)) / (0.4f * profile.rangeUp(LIP_GAP)));
        c[MOUTH_PUCKER.ordinal()] = ExpressionProfile.clamp01(narrow * (1 - rounded));
        c[MOUTH_FUNNEL.ordinal()] = ExpressionProfile.clamp01(narrow * rounded);
        c[MOUTH_LEFT.ordinal()] = profile.up(MOUTH_SHIFT, m(MOUTH_SHIFT));
        c[MOUTH_RIGHT.ordinal()] = profile.down(MOUTH_SHIFT, m(MOUTH_SHIFT));

        c[BROW_INNER_UP.ordinal()] = 0.5f * (profile.up(BROW_INNER_LEFT, m(BROW_INNER_LEFT)) + profile.up(BROW_INNER_RIGHT, m(BROW_INNER_RIGHT)));
        c[BROW_DOWN_LEFT.ordinal()] = profile.down(BROW_INNER_LEFT, m(BROW_INNER_LEFT));
        c[BROW_DOWN_RIGHT.ordinal()] = profile.down(BROW_INNER_RIGHT, m(BROW_INNER_RIGHT));
        c[BROW_OUTER_UP_LEFT.ordinal()] = profile.up(BROW_OUTER_LEFT, m(BROW_OUTER_LEFT));
        c[BROW_OUTER_UP_RIGHT.ordinal()] = profile.up(BROW_OUTER_RIGHT, m(BROW_OUTER_RIGHT));
        c[CHEEK_PUFF.ordinal()] = ExpressionProfile.clamp01(profile.up(CHEEK_WIDTH, m(CHEEK_WIDTH)) * (1 - Math.max(smileL, smileR)));

        Gaze gaze = null;
        if (iris) {
            EyeGaze left = eye(profile, IRIS_X_LEFT, IRIS_Y_LEFT);
            EyeGaze right = eye(profile, IRIS_X_RIGHT, IRIS_Y_RIGHT);
            gaze = new Gaze(left, right);
            // The subject's left eye looks "out" towards +x (the image's right).
            c[EYE_LOOK_OUT_LEFT.ordinal()] = ExpressionProfile.clamp01(left.yawDeg() / LOOK_RANGE_DEG);
            c[EYE_LOOK_IN_LEFT.ordinal()] = ExpressionProfile.clamp01(-left.yawDeg() / LOOK_RANGE_DEG);
            c[EYE_LOOK_OUT_RIGHT.ordinal()] = ExpressionProfile.clamp01(-right.yawDeg() / LOOK_RANGE_DEG);
            c[EYE_LOOK_IN_RIGHT.ordinal()] = ExpressionProfile.clamp01(right.yawDeg() / LOOK_RANGE_DEG);
            c[EYE_LOOK_UP_LEFT.ordinal()] = ExpressionProfile.clamp01(left.pitchDeg() / LOOK_RANGE_DEG);
            c[EYE_LOOK_DOWN_LEFT.ordinal()] = ExpressionProfile.clamp01(-left.pitchDeg() / LOOK_RANGE_DEG);
            c[EYE_LOOK_UP_RIGHT.ordinal()] = ExpressionProfile.clamp01(right.pitchDeg() / LOOK_RANGE_DEG);
            c[EYE_LOOK_DOWN_RIGHT.ordinal()] = ExpressionProfile.clamp01(-right.pitchDeg() / LOOK_RANGE_DEG);
        } else {
            for (Blendshape b : new Blendshape[] {EYE_LOOK_OUT_LEFT, EYE_LOOK_IN_LEFT, EYE_LOOK_OUT_RIGHT, EYE_LOOK_IN_RIGHT,
                    EYE_LOOK_UP_LEFT, EYE_LOOK_DOWN_LEFT, EYE_LOOK_UP_RIGHT, EYE_LOOK_DOWN_RIGHT}) {
                c[b.ordinal()] = 0;
            }
        }
        return new Reading(new Blink(blinkL, blinkR), gaze, Blendshapes.of(c));
    }

    /** The measures of the last {@link #estimate} call, for calibration and diagnostics. */
    public float[] lastMeasures() { return measures.clone(); }

    private float m(Measure measure) { return measures[measure.ordinal()]; }

    private EyeGaze eye(ExpressionProfile profile, Measure xMeasure, Measure yMeasure) {
        // The iris measures' ranges are the eye's rotation radius: sin(angle) = offset / radius.
        double sx = (m(xMeasure) - profile.neutral(xMeasure)) / profile.rangeUp(xMeasure);
        double sy = (m(yMeasure) - profile.neutral(yMeasure)) / profile.rangeUp(yMeasure);
        float yaw = (float) Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, sx))));
        float pitch = (float) Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, sy))));
        return new EyeGaze(yaw, pitch);
    }
}
