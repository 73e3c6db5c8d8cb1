package dev.marionette.calibration.face;

import static dev.marionette.tracking.params.Measure.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.calibration.CalibrationException;
import dev.marionette.calibration.testing.SyntheticFace;
import dev.marionette.tracking.params.Blendshape;
import dev.marionette.tracking.params.ExpressionEstimator;
import dev.marionette.tracking.params.ExpressionProfile;
import dev.marionette.tracking.params.Measure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceCalibratorTest {
    static final ExpressionProfile STANDARD = ExpressionProfile.standard();

    /** A full session: a closed-eye plateau at 15 % of the opening, a wide jaw, a lazy brow raise, a smile. */
    static SyntheticFace session() {
        SyntheticFace face = new SyntheticFace(42, 0.05);
        float eyeL = face.neutral(EYE_OPEN_LEFT), eyeR = face.neutral(EYE_OPEN_RIGHT);
        face.phase(FacePhase.NEUTRAL, 0, 80)
                // a blink during the neutral phase: the median must ignore it
                .frame(FacePhase.NEUTRAL, EYE_OPEN_LEFT, -0.8f * eyeL, EYE_OPEN_RIGHT, -0.8f * eyeR)
                .frame(FacePhase.NEUTRAL, EYE_OPEN_LEFT, -0.9f * eyeL, EYE_OPEN_RIGHT, -0.9f * eyeR)
                .phase(FacePhase.BLINK, 15, 70, EYE_OPEN_LEFT, -0.85f * eyeL, EYE_OPEN_RIGHT, -0.85f * eyeR)
                .phase(FacePhase.JAW, 15, 70, JAW_DROP, 22f, LIP_GAP, 18f)
                // one glitched frame far beyond what a jaw does
                .frame(FacePhase.JAW, JAW_DROP, 70f, LIP_GAP, 60f)
                .phase(FacePhase.BROWS, 10, 60, BROW_INNER_LEFT, 0.2f, BROW_INNER_RIGHT, 0.15f, BROW_OUTER_LEFT, 0.1f, BROW_OUTER_RIGHT, 0.2f)
                .phase(FacePhase.SMILE, 15, 70, CORNER_LIFT_LEFT, 5f, CORNER_LIFT_RIGHT, 4.5f, MOUTH_WIDTH, 9f);
        return face;
    }

    @Test
    void recoversNeutralRangesAndFloors() {
        SyntheticFace face = session();
        FaceCalibration c = new FaceCalibrator().calibrate(face.samples());
        ExpressionProfile p = c.profile().expression();

        for (Measure m : Measure.values()) assertEquals(face.neutral(m), p.neutral(m), 0.03, "neutral " + m);

        assertEquals(0.85 * face.neutral(EYE_OPEN_LEFT), p.rangeDown(EYE_OPEN_LEFT), 0.03 * face.neutral(EYE_OPEN_LEFT));
        assertEquals(0.85 * face.neutral(EYE_OPEN_RIGHT), p.rangeDown(EYE_OPEN_RIGHT), 0.03 * face.neutral(EYE_OPEN_RIGHT));
        assertEquals(22, p.rangeUp(JAW_DROP), 0.3, "the glitch frame does not stretch the range");
        assertEquals(18, p.rangeUp(LIP_GAP), 0.3);
        assertEquals(5, p.rangeUp(CORNER_LIFT_LEFT), 0.1);
        assertEquals(4.5, p.rangeUp(CORNER_LIFT_RIGHT), 0.1);
        assertEquals(9, p.rangeUp(MOUTH_WIDTH), 0.15);

        // The lazy brow raise (0.1-0.2 mm) hits the floor: 40 % of the standard 6 mm.
        for (Measure m : new Measure[] {BROW_INNER_LEFT, BROW_INNER_RIGHT, BROW_OUTER_LEFT, BROW_OUTER_RIGHT}) {
            assertEquals(FaceCalibrator.FLOOR_FRACTION * STANDARD.rangeUp(m), p.rangeUp(m), 1e-5, m.name());
        }
        assertTrue(c.ranges().stream().filter(r -> r.phase() == FacePhase.BROWS).allMatch(FaceCalibration.Range::floored));
        assertTrue(c.ranges().stream().filter(r -> r.phase() != FacePhase.BROWS).noneMatch(FaceCalibration.Range::floored));
        assertEquals(1, c.warnings().size(), c.warnings().toString());
        assertTrue(c.warnings().get(0).startsWith("brows phase: little movement"), c.warnings().get(0));
        assertTrue(c.warnings().get(0).contains("raise the eyebrows higher"), c.warnings().get(0));

        // Not exercised, or the other direction: the standard ranges.
        for (Measure m : new Measure[] {LOWER_LID_LEFT, JAW_SHIFT, CHEEK_WIDTH, LIP_PROTRUSION, IRIS_X_LEFT}) {
            assertEquals(STANDARD.rangeUp(m), p.rangeUp(m), m.name());
            assertEquals(STANDARD.rangeDown(m), p.rangeDown(m), m.name());
        }
        assertEquals(STANDARD.rangeUp(EYE_OPEN_LEFT), p.rangeUp(EYE_OPEN_LEFT));
        assertEquals(STANDARD.rangeDown(JAW_DROP), p.rangeDown(JAW_DROP));
        assertTrue(c.profile().iris());
        assertEquals(82, c.profile().sampleCount(FacePhase.NEUTRAL));
        assertEquals(86, c.profile().sampleCount(FacePhase.JAW));
    }

    @Test
    void theCalibratedProfileReadsEachPhaseAsAFullExpression() {
        SyntheticFace face = session();
        ExpressionProfile p = new FaceCalibrator().calibrate(face.samples()).profile().expression();
        ExpressionEstimator estimator = new ExpressionEstimator();

        ExpressionEstimator.Reading blink = estimator.estimate(face.held(FacePhase.BLINK), true, p);
        assertEquals(1, blink.blink().left(), 0.03, "closed eyes read as a full blink");
        assertEquals(1, blink.blink().right(), 0.03);
        ExpressionEstimator.Reading rest = estimator.estimate(face.held(FacePhase.NEUTRAL), true, p);
        // The estimated neutral is a median of noisy frames, a few hundredths of a millimetre off the true one.
        assertEquals(0, rest.blink().left(), 0.01);
        for (Blendshape b : Blendshape.values()) assertEquals(0, rest.blendshapes().get(b), 0.01, "neutral reads neutral: " + b.arkitName());
        assertEquals(0, rest.gaze().left().yawDeg(), 0.2, "looking at the camera is looking ahead");
        assertEquals(0, rest.gaze().right().pitchDeg(), 0.2);
        assertEquals(1, estimator.estimate(face.held(FacePhase.JAW), true, p).blendshapes().get(Blendshape.JAW_OPEN), 0.03);
        assertEquals(1, estimator.estimate(face.held(FacePhase.SMILE), true, p).blendshapes().get(Blendshape.MOUTH_SMILE_LEFT), 0.03);

        // The standard profile, not knowing this person's narrower eyes, reads their open eyes as partly closed.
        assertTrue(estimator.estimate(face.held(FacePhase.NEUTRAL), true, STANDARD).blink().left() > 0.1);
    }

    @Test
    void tooFewNeutralFramesIsRefused() {
        SyntheticFace face = new SyntheticFace(1, 0.05).phase(FacePhase.NEUTRAL, 0, 2).phase(FacePhase.BLINK, 0, 40, EYE_OPEN_LEFT, -2f);
        CalibrationException e = assertThrows(CalibrationException.class, () -> new FaceCalibrator().calibrate(face.samples()));
        assertTrue(e.getMessage().contains("neutral phase has 2 frames"), e.getMessage());
        assertTrue(e.getMessage().contains("at least " + FaceCalibrator.MIN_NEUTRAL_SAMPLES), e.getMessage());
    }

    @Test
    void aMissingPhaseKeepsTheDefaultRangesAndSaysSo() {
        SyntheticFace face = new SyntheticFace(2, 0.05).phase(FacePhase.NEUTRAL, 0, 30)
                .phase(FacePhase.JAW, 5, 30, JAW_DROP, 20f, LIP_GAP, 15f)
                .phase(FacePhase.SMILE, 0, 2, CORNER_LIFT_LEFT, 5f);
        FaceCalibration c = new FaceCalibrator().calibrate(face.samples());
        ExpressionProfile p = c.profile().expression();
        assertEquals(STANDARD.rangeDown(EYE_OPEN_LEFT), p.rangeDown(EYE_OPEN_LEFT));
        assertEquals(STANDARD.rangeUp(CORNER_LIFT_LEFT), p.rangeUp(CORNER_LIFT_LEFT));
        assertEquals(20, p.rangeUp(JAW_DROP), 0.3);
        List<String> w = c.warnings();
        assertTrue(w.stream().anyMatch(s -> s.startsWith("blink phase: no frames with a face")), w.toString());
        assertTrue(w.stream().anyMatch(s -> s.startsWith("smile phase: only 2 frames")), w.toString());
        assertTrue(w.stream().anyMatch(s -> s.startsWith("brows phase: no frames")), w.toString());
    }

    @Test
    void rangesAreCappedAndNoisyNeutralsRaiseTheFloor() {
        SyntheticFace face = new SyntheticFace(3, 0.05).phase(FacePhase.NEUTRAL, 0, 40)
                .phase(FacePhase.JAW, 5, 40, JAW_DROP, 120f, LIP_GAP, 10f)
                .phase(FacePhase.BLINK, 5, 40, EYE_OPEN_LEFT, -50f, EYE_OPEN_RIGHT, -0.5f);
        FaceCalibration c = new FaceCalibrator().calibrate(face.samples());
        ExpressionProfile p = c.profile().expression();
        assertEquals(FaceCalibrator.CEILING_FACTOR * STANDARD.rangeUp(JAW_DROP), p.rangeUp(JAW_DROP), 1e-4);
        assertEquals(face.neutral(EYE_OPEN_LEFT), p.rangeDown(EYE_OPEN_LEFT), 0.03, "an eye cannot close more than it is open");
        assertTrue(c.warnings().stream().anyMatch(s -> s.startsWith("jaw phase: implausibly large")), c.warnings().toString());

        // A trembling neutral (noise 0.8 mm) puts the brow floor at 4 sigma, above 40 % of the standard range.
        SyntheticFace shaky = new SyntheticFace(4, 0.8).phase(FacePhase.NEUTRAL, 0, 200)
                .phase(FacePhase.BROWS, 0, 50, BROW_INNER_LEFT, 0.5f);
        ExpressionProfile q = new FaceCalibrator().calibrate(shaky.samples()).profile().expression();
        assertEquals(FaceCalibrator.NOISE_FACTOR * 0.8, q.rangeUp(BROW_INNER_LEFT), 0.6);
        assertTrue(q.rangeUp(BROW_INNER_LEFT) > FaceCalibrator.FLOOR_FRACTION * STANDARD.rangeUp(BROW_INNER_LEFT));
    }

    @Test
    void withoutIrisPointsTheIrisNeutralStaysTheDefault() {
        SyntheticFace face = session();
        List<FaceSample> noIris = new ArrayList<>();
        for (FaceSample s : face.samples()) {
            float[] m = s.measures();
            for (Measure iris : new Measure[] {IRIS_X_LEFT, IRIS_Y_LEFT, IRIS_X_RIGHT, IRIS_Y_RIGHT}) m[iris.ordinal()] = 0;
            noIris.add(new FaceSample(s.phase(), m, false));
        }
        FaceCalibration c = new FaceCalibrator().calibrate(noIris);
        assertFalse(c.profile().iris());
        assertEquals(STANDARD.neutral(IRIS_Y_LEFT), c.profile().expression().neutral(IRIS_Y_LEFT));
        assertEquals(face.neutral(JAW_DROP), c.profile().expression().neutral(JAW_DROP), 0.03);
    }

    @Test
    void aNeutralWithClosedEyesOrOpenLipsIsFlagged() {
        SyntheticFace face = new SyntheticFace(5, 0.05);
        face.phase(FacePhase.NEUTRAL, 0, 30, EYE_OPEN_LEFT, -0.7f * face.neutral(EYE_OPEN_LEFT),
                EYE_OPEN_RIGHT, -0.7f * face.neutral(EYE_OPEN_RIGHT), LIP_GAP, 9f);
        List<String> w = new FaceCalibrator().calibrate(face.samples()).warnings();
        assertTrue(w.stream().anyMatch(s -> s.startsWith("neutral phase: the eyes looked half closed")), w.toString());
        assertTrue(w.stream().anyMatch(s -> s.startsWith("neutral phase: the lips were apart")), w.toString());
    }

    @Test
    void quantilesInterpolate() {
        assertEquals(2.5, FaceCalibrator.median(new double[] {4, 1, 3, 2}), 1e-12);
        assertEquals(9.1, FaceCalibrator.quantile(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.91), 1e-9);
        assertTrue(Double.isNaN(FaceCalibrator.median(new double[0])));
    }
}
