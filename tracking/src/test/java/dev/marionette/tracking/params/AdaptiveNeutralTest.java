package dev.marionette.tracking.params;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class AdaptiveNeutralTest {
    static final long FRAME_US = 33_333;

    static float[] measures(float jaw, float irisX) {
        float[] m = ExpressionProfile.standard().neutral();
        m[Measure.JAW_DROP.ordinal()] = jaw;
        m[Measure.IRIS_X_LEFT.ordinal()] = irisX;
        return m;
    }

    @Test
    void convergesToWhatTheFaceMostlyShowsNotToItsExpressions() {
        float start = ExpressionProfile.standard().neutral(Measure.JAW_DROP);
        AdaptiveNeutral n = new AdaptiveNeutral(ExpressionProfile.standard().neutral());
        long t = 0;
        // 30 s: a resting jaw 3 mm longer than the default, open (+12 mm) a third of the time.
        for (int f = 0; f < 900; f++, t += FRAME_US) n.update(t, measures(start + 3 + (f % 3 == 0 ? 12 : 0), 0));
        assertEquals(start + 3, n.neutral()[Measure.JAW_DROP.ordinal()], 0.35, "the median, not the mean (+7)");
        assertEquals(30, n.trackedSeconds(), 0.1);
    }

    @Test
    void glancesAndCrossedEyesEarlyOnBarelyMoveTheIrisNeutral() {
        AdaptiveNeutral n = new AdaptiveNeutral(ExpressionProfile.standard().neutral());
        long t = 0;
        // The first 5 s: at rest (0.5 mm), then from 2.5 s on the eyes crossed (3 mm inwards), as
        // in shared clip d6. At the full rate the neutral followed them all the way (3.5 mm), and the
        // slow rate after settling took the rest of the clip to undo it.
        for (int f = 0; f < 150; f++, t += FRAME_US) n.update(t, measures(0, f >= 75 ? -3 : 0.5f));
        float iris = n.neutral()[Measure.IRIS_X_LEFT.ordinal()];
        assertTrue(Math.abs(iris - 0.5f) < 1.5f, "the iris neutral moves less than 1.5 mm from the resting 0.5 mm, got " + iris);
        // ...and still reaches a resting offset within the first seconds.
        AdaptiveNeutral m = new AdaptiveNeutral(ExpressionProfile.standard().neutral());
        t = 0;
        for (int f = 0; f < 150; f++, t += FRAME_US) m.update(t, measures(0, 1.2f));
        assertEquals(1.2, m.neutral()[Measure.IRIS_X_LEFT.ordinal()], 0.05);
    }

    @Test
    void aGapIsNotTimeSpentWatching() {
        AdaptiveNeutral n = new AdaptiveNeutral(ExpressionProfile.standard().neutral());
        n.update(0, measures(60, 0));
        n.pause();
        n.update(10_000_000, measures(60, 0)); // first frame after the gap only sets the clock
        assertEquals(0, n.trackedSeconds(), 1e-9);
        n.update(10_000_000 + FRAME_US, measures(60, 0));
        assertEquals(FRAME_US * 1e-6, n.trackedSeconds(), 1e-6);
    }
}
