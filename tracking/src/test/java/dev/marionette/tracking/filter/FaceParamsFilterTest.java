package dev.marionette.tracking.filter;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.landmarks.FaceLandmarks;
import dev.marionette.tracking.landmarks.Roi;
import dev.marionette.tracking.params.Blendshape;
import dev.marionette.tracking.params.Blendshapes;
import dev.marionette.tracking.params.Blink;
import dev.marionette.tracking.params.EyeGaze;
import dev.marionette.tracking.params.Gaze;
import org.junit.jupiter.api.Test;

class FaceParamsFilterTest {
    private static final long FRAME_US = 33_333;
    private static final FaceLandmarks SOME_LANDMARKS =
            new FaceLandmarks(new float[3 * 478], 1f, new Roi(100, 100, 50, 50, 0));

    static FaceParams tracked(long frame, double yaw, float blink, float gazeYaw, float jaw, float denseValue) {
        float[] c = new float[Blendshape.values().length];
        c[Blendshape.JAW_OPEN.ordinal()] = jaw;
        c[Blendshape.EYE_BLINK_LEFT.ordinal()] = blink;
        c[Blendshape.EYE_BLINK_RIGHT.ordinal()] = blink;
        float[] dense = new float[1404];
        java.util.Arrays.fill(dense, denseValue);
        return new FaceParams(frame, frame * FRAME_US, true, 0.99f, 1, SOME_LANDMARKS.roi(), SOME_LANDMARKS,
                HeadPose.fromAngles(yaw, 0, 0, 10, 20, -500), new Blink(blink, blink),
                new Gaze(new EyeGaze(gazeYaw, 0), new EyeGaze(gazeYaw, 0)), Blendshapes.of(c), dense);
    }

    @Test
    void lostFaceEasesToNeutralWithoutJumping() {
        FaceParamsFilter f = new FaceParamsFilter(FilterSettings.DEFAULT);
        FaceParams last = null;
        for (int i = 0; i < 60; i++) last = f.apply(tracked(i, 30, 0, 10, 0.8f, i < 40 ? 2f : 5f));
        assertEquals(30, last.pose().yawDeg(), 1);
        assertEquals(0.8, last.blendshapes().get(Blendshape.JAW_OPEN), 0.02);
        double previousYaw = last.pose().yawDeg();
        FaceParams eased = null;
        for (int i = 60; i < 120; i++) {
            eased = f.apply(FaceParams.neutral(i, i * FRAME_US));
            assertFalse(eased.face());
            double step = previousYaw - eased.pose().yawDeg();
            assertTrue(step >= 0 && step < 5, "yaw eases down in small steps, got " + step);
            previousYaw = eased.pose().yawDeg();
        }
        // Two seconds later (8 time constants) everything is neutral, translation held.
        assertEquals(0, eased.pose().yawDeg(), 0.05);
        assertEquals(0, eased.blendshapes().get(Blendshape.JAW_OPEN), 1e-3);
        assertEquals(0, eased.gaze().left().yawDeg(), 0.05);
        assertEquals(-500, eased.pose().t(2), 1);
        // No quiet frame was seen (the jaw was open throughout): the running neutral the dense
        // displacement eases to is still the first frame's.
        assertEquals(2f, eased.expressionMm()[0], 0.05);
    }

    @Test
    void denseEasesToTheRunningNeutral() {
        FaceParamsFilter f = new FaceParamsFilter(FilterSettings.DEFAULT);
        for (int i = 0; i < 300; i++) f.apply(tracked(i, 0, 0, 0, 0f, 2f));      // neutral face: 2 mm
        for (int i = 300; i < 330; i++) f.apply(tracked(i, 0, 0, 0, 0.9f, 8f));  // expression: 8 mm
        FaceParams eased = null;
        for (int i = 330; i < 400; i++) eased = f.apply(FaceParams.neutral(i, i * FRAME_US));
        assertEquals(2f, eased.expressionMm()[7], 0.05);
        assertEquals(2f, f.neutralEstimate()[7], 1e-3);
    }

    @Test
    void aNeutralSeededDuringAnExpressionSettlesOnTheQuietFace() {
        FaceParamsFilter f = new FaceParamsFilter(FilterSettings.DEFAULT);
        for (int i = 0; i < 30; i++) f.apply(tracked(i, 0, 0, 0, 0.9f, 8f));    // starts with the mouth open: 8 mm
        assertEquals(8f, f.neutralEstimate()[7], 1e-3, "seeded by the first face");
        for (int i = 30; i < 60; i++) f.apply(tracked(i, 0, 0, 0, 0.9f, 8f));
        assertEquals(8f, f.neutralEstimate()[7], 1e-3, "large expressions do not move it");
        for (int i = 60; i < 210; i++) f.apply(tracked(i, 0, 0, 0, 0f, 2f));    // 5 s of a quiet face: 2 mm
        assertEquals(2f, f.neutralEstimate()[7], 0.05);
    }

    @Test
    void theNeutralIsAMedianThatShrugsOffNoiseAndSmallExpressions() {
        FaceParamsFilter f = new FaceParamsFilter(FilterSettings.DEFAULT);
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 600; i++) {
            // Around 2 mm with 1 mm of noise; one frame in five a small expression 10 mm away that "quiet" lets through.
            float v = i % 5 == 4 ? 12f : 2f + (float) r.nextGaussian();
            f.apply(tracked(i, 0, 0, 0, 0.1f, v));
        }
        // The mixture's median is 2.32 mm (0.8 Φ(m - 2) = 0.5); its mean is 4 mm.
        assertEquals(2.32f, f.neutralEstimate()[7], 0.25, "the median, not the mean");
    }

    @Test
    void gazeIsHeldWhileTheEyesAreShut() {
        FaceParamsFilter f = new FaceParamsFilter(FilterSettings.DEFAULT);
        FaceParams p = null;
        for (int i = 0; i < 30; i++) p = f.apply(tracked(i, 0, 0, 12, 0, 0));
        float before = p.gaze().left().yawDeg();
        for (int i = 30; i < 36; i++) p = f.apply(tracked(i, 0, 1, -25, 0, 0)); // lids shut, iris reads garbage
        assertEquals(before, p.gaze().left().yawDeg(), 0.01);
        assertTrue(p.blink().left() > 0.8, "the blink itself passes quickly: " + p.blink().left());
    }
}
