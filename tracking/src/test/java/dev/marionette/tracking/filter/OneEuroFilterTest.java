package dev.marionette.tracking.filter;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OneEuroFilterTest {
    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new OneEuroFilter(1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new OneEuroFilter(1, 1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new OneEuroFilter(1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new OneEuroFilter(0, 1, 0, 1));
    }

    @Test
    void firstSamplePassesAndConstantStaysConstant() {
        OneEuroFilter f = new OneEuroFilter(1, 1, 0.5, 1);
        float[] x = {3f};
        f.filter(0, x, 0);
        assertEquals(3f, x[0]);
        for (int i = 1; i < 100; i++) {
            x[0] = 3f;
            f.filter(i * 33_333L, x, 0);
            assertEquals(3f, x[0], 1e-6);
        }
    }

    @Test
    void reducesJitterAtRest() {
        OneEuroFilter f = new OneEuroFilter(1, 1.0, 0.05, 1);
        Random r = new Random(7);
        double rawVar = 0, outVar = 0;
        float[] x = new float[1];
        for (int i = 0; i < 600; i++) {
            float noise = (float) r.nextGaussian();
            x[0] = 10 + noise;
            f.filter(i * 33_333L, x, 0);
            if (i > 60) {
                rawVar += noise * noise;
                outVar += (x[0] - 10) * (x[0] - 10);
            }
        }
        assertTrue(outVar < 0.15 * rawVar, "filtered variance " + outVar + " vs raw " + rawVar);
    }

    @Test
    void followsFastMotionWithLittleLag() {
        // A 30 fps ramp at 100 units/s: with beta the lag stays small; without, it is large.
        double lagWithBeta = rampLag(new OneEuroFilter(1, 1.0, 0.05, 1));
        double lagWithout = rampLag(new OneEuroFilter(1, 1.0, 0.0, 1));
        assertTrue(lagWithBeta < 4, "lag with beta " + lagWithBeta);
        assertTrue(lagWithout > 3 * lagWithBeta, "lag without beta " + lagWithout);
    }

    private static double rampLag(OneEuroFilter f) {
        float[] x = new float[1];
        double lag = 0;
        for (int i = 0; i < 90; i++) {
            double truth = 100.0 * i / 30;
            x[0] = (float) truth;
            f.filter(i * 33_333L, x, 0);
            lag = truth - x[0];
        }
        return lag;
    }

    @Test
    void sameTimestampsGiveTheSameOutput() {
        float[] a = run(new long[] {0, 33_000, 66_000, 100_000, 140_000});
        float[] b = run(new long[] {0, 33_000, 66_000, 100_000, 140_000});
        assertArrayEquals(a, b);
        float[] c = run(new long[] {0, 10_000, 20_000, 30_000, 40_000});
        assertFalse(java.util.Arrays.equals(a, c), "the output depends on the timestamps, not call order");
    }

    private static float[] run(long[] times) {
        OneEuroFilter f = new OneEuroFilter(1, 1, 0.1, 1);
        float[] out = new float[times.length];
        float[] x = new float[1];
        for (int i = 0; i < times.length; i++) {
            x[0] = i * i;
            f.filter(times[i], x, 0);
            out[i] = x[0];
        }
        return out;
    }
}
