package dev.marionette.calibration.face;

import static dev.marionette.tracking.params.Measure.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.calibration.testing.SyntheticFace;
import dev.marionette.tracking.params.ExpressionProfile;
import org.junit.jupiter.api.Test;

class GuidedSessionTest {
    /** A person who does what the prompt says 0.6 s after it appears, at 30 frames/s, face lost in every 10th frame. */
    @Test
    void aPersonFollowingThePromptsGivesTheirRanges() {
        SyntheticFace face = FaceCalibratorTest.session();
        GuidedSession session = GuidedSession.standard();
        long t0 = 5_000_000;
        session.start(t0);
        FacePhase shown = null;
        long shownAt = 0;
        int frame = 0;
        for (long t = t0; ; t += 33_333, frame++) {
            GuidedSession.Prompt p = session.prompt(t);
            if (p.finished()) {
                assertFalse(session.add(t, face.held(FacePhase.NEUTRAL), true), "frames after the end are refused");
                break;
            }
            if (p.phase() != shown) {
                shown = p.phase();
                shownAt = t;
            }
            FacePhase doing = t - shownAt > 600_000 ? shown : previous(shown);
            assertTrue(session.add(t, frame % 10 == 9 ? null : face.held(doing), true));
        }
        for (FacePhase ph : FacePhase.values()) {
            assertEquals(90, session.frames(ph), 2, ph + ": 3 s at 30 frames/s");
            assertEquals(81, session.faces(ph), 2, ph + ": face lost in one frame of ten");
        }
        ExpressionProfile p = new FaceCalibrator().calibrate(session.samples()).profile().expression();
        assertEquals(face.neutral(JAW_DROP), p.neutral(JAW_DROP), 0.05);
        assertEquals(22, p.rangeUp(JAW_DROP), 0.5, "the reaction time before each phase's window is not sampled");
        assertEquals(5, p.rangeUp(CORNER_LIFT_LEFT), 0.1);
        assertEquals(0.85 * face.neutral(EYE_OPEN_LEFT), p.rangeDown(EYE_OPEN_LEFT), 0.03 * face.neutral(EYE_OPEN_LEFT));
    }

    private static FacePhase previous(FacePhase p) {
        return p.ordinal() == 0 ? p : FacePhase.values()[p.ordinal() - 1];
    }

    @Test
    void promptsCountDownThroughThePhases() {
        GuidedSession session = new GuidedSession(PhaseSchedule.guided(1, 2));
        session.start(0);
        GuidedSession.Prompt ready = session.prompt(500_000);
        assertEquals(FacePhase.NEUTRAL, ready.phase());
        assertFalse(ready.recording());
        assertEquals(0.5, ready.secondsLeft(), 1e-9);
        assertTrue(ready.text().startsWith("[1/5] Look straight"), ready.text());
        assertTrue(ready.text().endsWith("(get ready)"), ready.text());

        GuidedSession.Prompt rec = session.prompt(1_200_000);
        assertTrue(rec.recording());
        assertEquals(1.8, rec.secondsLeft(), 1e-9);
        assertTrue(rec.text().endsWith("(recording, 2 s)"), rec.text());

        GuidedSession.Prompt blink = session.prompt(3_100_000);
        assertEquals(FacePhase.BLINK, blink.phase());
        assertEquals(1, blink.index());
        assertEquals(3.1 / 15, blink.fractionDone(), 1e-9);

        assertFalse(session.finished(14_999_999));
        assertTrue(session.finished(15_000_000));
        assertTrue(session.prompt(15_000_000).finished());
    }

    @Test
    void nothingIsSampledWhileThePersonGetsReady() {
        GuidedSession session = new GuidedSession(PhaseSchedule.guided(1, 2));
        float[] m = new float[values().length];
        session.add(0, m, true);
        session.add(900_000, m, true);
        assertEquals(0, session.samples().size());
        session.add(1_000_000, m, true);
        assertEquals(1, session.samples().size());
        assertEquals(FacePhase.NEUTRAL, session.samples().get(0).phase());
    }
}
