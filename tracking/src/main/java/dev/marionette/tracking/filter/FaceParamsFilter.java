package dev.marionette.tracking.filter;

import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.geometry.CanonicalFaceMesh;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.params.Blendshape;
import dev.marionette.tracking.params.Blendshapes;
import dev.marionette.tracking.params.Blink;
import dev.marionette.tracking.params.EyeGaze;
import dev.marionette.tracking.params.Gaze;

/**
 * Smooths a stream of per-frame parameters over time and eases them to neutral while no face
 * is tracked, so the avatar never jumps. Timestamps come from the frames.
 *
 * <p>Also keeps a running estimate of the person's neutral dense displacement — their identity,
 * which retargeting removes so it never reaches the avatar, and where the dense displacement
 * eases to when the face is lost. The first tracked face seeds it; after that each coordinate
 * steps towards its running median at {@link #NEUTRAL_RATE_MM_PER_S} over frames without a
 * large expression (open jaw, closed eyes, smile, raised brows, pucker). A median, not a mean:
 * real coefficients are seldom all near zero (on the shared clips no frame had all 32 under
 * 0.2), so "quiet" looks only at the expressions that move the face a lot, and the median
 * shrugs off the ones that slip through.
 *
 * <p>Not thread-safe: one instance per tracking stream.
 */
public final class FaceParamsFilter {
    static final double NEUTRAL_RATE_MM_PER_S = 2;
    /** A frame is quiet when none of {@link #LARGE} reaches this. */
    private static final float QUIET_BELOW = 0.5f;
    private static final float QUIET_JAW_BELOW = 0.25f;
    private static final Blendshape[] LARGE = {Blendshape.EYE_BLINK_LEFT, Blendshape.EYE_BLINK_RIGHT,
            Blendshape.MOUTH_SMILE_LEFT, Blendshape.MOUTH_SMILE_RIGHT, Blendshape.BROW_INNER_UP,
            Blendshape.MOUTH_PUCKER, Blendshape.MOUTH_FUNNEL};
    private static final float EYES_SHUT = 0.5f;
    private static final int DENSE = 3 * CanonicalFaceMesh.VERTICES;
    private static final int COEFFICIENTS = Blendshape.values().length;

    private final FilterSettings settings;
    private final OneEuroFilter rotation;
    private final OneEuroFilter translation;
    private final OneEuroFilter eyelids;
    private final OneEuroFilter gaze;
    private final OneEuroFilter coefficients;
    private final OneEuroFilter dense;

    private final float[] rotationState = new float[3];
    private final float[] translationState = {0, 0, (float) HeadPose.FRONTAL_AT_60CM.t(2)};
    private final float[] blinkState = new float[2];
    private final float[] gazeState = new float[4];
    private final float[] coefficientState = new float[COEFFICIENTS];
    private final float[] denseState = new float[DENSE];
    private final float[] neutralDense = new float[DENSE];
    private boolean haveNeutral;
    private boolean haveGaze;
    private long lastMicros = Long.MIN_VALUE;

    public FaceParamsFilter(FilterSettings settings) {
        this.settings = settings;
        double d = FilterSettings.DERIVATIVE_CUTOFF_HZ;
        rotation = new OneEuroFilter(3, settings.headRotation().minCutoffHz(), settings.headRotation().beta(), d);
        translation = new OneEuroFilter(3, settings.headTranslation().minCutoffHz(), settings.headTranslation().beta(), d);
        eyelids = new OneEuroFilter(2, settings.eyelids().minCutoffHz(), settings.eyelids().beta(), d);
        gaze = new OneEuroFilter(4, settings.gaze().minCutoffHz(), settings.gaze().beta(), d);
        coefficients = new OneEuroFilter(COEFFICIENTS, settings.coefficients().minCutoffHz(), settings.coefficients().beta(), d);
        dense = new OneEuroFilter(DENSE, settings.dense().minCutoffHz(), settings.dense().beta(), d);
    }

    /** The running neutral dense displacement (zeros until a face was tracked). */
    public float[] neutralEstimate() { return neutralDense.clone(); }

    /** Filters one frame's raw parameters. */
    public FaceParams apply(FaceParams raw) {
        long t = raw.tMicros();
        double dt = lastMicros == Long.MIN_VALUE ? 0 : Math.max(0, (t - lastMicros) * 1e-6);
        lastMicros = t;
        if (raw.face()) {
            track(raw, t, dt);
        } else {
            ease(dt, t);
        }
        HeadPose pose = HeadPose.fromAngles(rotationState[0], rotationState[1], rotationState[2],
                translationState[0], translationState[1], translationState[2]);
        Blink blink = new Blink(clamp01(blinkState[0]), clamp01(blinkState[1]));
        Gaze g = (raw.face() && raw.gaze() == null) ? null
                : new Gaze(eye(gazeState[0], gazeState[1]), eye(gazeState[2], gazeState[3]));
        float[] c = new float[COEFFICIENTS];
        for (int i = 0; i < COEFFICIENTS; i++) c[i] = clamp01(coefficientState[i]);
        c[Blendshape.EYE_BLINK_LEFT.ordinal()] = blink.left();
        c[Blendshape.EYE_BLINK_RIGHT.ordinal()] = blink.right();
        return new FaceParams(raw.frame(), t, raw.face(), raw.score(), raw.facesDetected(), raw.roi(),
                raw.landmarks(), pose, blink, g, Blendshapes.of(c), denseState);
    }

    private void track(FaceParams raw, long t, double dt) {
        HeadPose p = raw.pose();
        rotationState[0] = (float) p.yawDeg();
        rotationState[1] = (float) p.pitchDeg();
        rotationState[2] = (float) p.rollDeg();
        rotation.filter(t, rotationState, 0);
        for (int k = 0; k < 3; k++) translationState[k] = (float) p.t(k);
        translation.filter(t, translationState, 0);

        blinkState[0] = raw.blink().left();
        blinkState[1] = raw.blink().right();
        boolean shut = Math.max(blinkState[0], blinkState[1]) > EYES_SHUT;
        eyelids.filter(t, blinkState, 0);

        if (raw.gaze() != null) {
            // With the lids shut the iris points are guesses: hold the last gaze.
            if (!shut || !haveGaze) {
                gazeState[0] = raw.gaze().left().yawDeg();
                gazeState[1] = raw.gaze().left().pitchDeg();
                gazeState[2] = raw.gaze().right().yawDeg();
                gazeState[3] = raw.gaze().right().pitchDeg();
                gaze.filter(t, gazeState, 0);
                haveGaze = true;
            }
        }

        float[] c = raw.blendshapes().toArray();
        System.arraycopy(c, 0, coefficientState, 0, COEFFICIENTS);
        coefficients.filter(t, coefficientState, 0);

        System.arraycopy(raw.expressionMm(), 0, denseState, 0, DENSE);
        if (!haveNeutral) {
            System.arraycopy(denseState, 0, neutralDense, 0, DENSE);
            haveNeutral = true;
        } else if (quiet(c)) {
            float step = (float) (NEUTRAL_RATE_MM_PER_S * dt);
            for (int i = 0; i < DENSE; i++) {
                float d = denseState[i] - neutralDense[i];
                neutralDense[i] += Math.max(-step, Math.min(step, d));
            }
        }
        dense.filter(t, denseState, 0);
    }

    private static boolean quiet(float[] coefficients) {
        if (coefficients[Blendshape.JAW_OPEN.ordinal()] >= QUIET_JAW_BELOW) return false;
        for (Blendshape b : LARGE) if (coefficients[b.ordinal()] >= QUIET_BELOW) return false;
        return true;
    }

    private void ease(double dt, long t) {
        double keep = Math.exp(-dt / settings.lostEaseSeconds());
        for (int k = 0; k < 3; k++) rotationState[k] *= (float) keep;
        for (int k = 0; k < 2; k++) blinkState[k] *= (float) keep;
        for (int k = 0; k < 4; k++) gazeState[k] *= (float) keep;
        for (int k = 0; k < COEFFICIENTS; k++) coefficientState[k] *= (float) keep;
        for (int k = 0; k < DENSE; k++) denseState[k] = (float) (neutralDense[k] + keep * (denseState[k] - neutralDense[k]));
        // Re-prime at the eased state, so a face that comes back is smoothed in from here.
        rotation.reset(t, rotationState, 0);
        translation.reset(t, translationState, 0);
        eyelids.reset(t, blinkState, 0);
        gaze.reset(t, gazeState, 0);
        coefficients.reset(t, coefficientState, 0);
        dense.reset(t, denseState, 0);
    }

    private static EyeGaze eye(float yaw, float pitch) {
        return new EyeGaze(Math.max(-90, Math.min(90, yaw)), Math.max(-90, Math.min(90, pitch)));
    }

    private static float clamp01(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }
}
