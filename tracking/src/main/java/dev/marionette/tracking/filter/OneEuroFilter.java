package dev.marionette.tracking.filter;

/**
 * The One Euro filter (Casiez, Roussel, Vogel, CHI 2012): a low-pass filter whose cutoff rises
 * with the signal's speed, so slow motion is smoothed hard (no jitter) and fast motion passes
 * with little lag. Driven by the caller's timestamps, never the wall clock, so a replay gives the
 * same output.
 *
 * <p>One instance filters {@code channels} independent values that share parameters.
 */
public final class OneEuroFilter {
    private final double minCutoffHz;
    private final double beta;
    private final double derivativeCutoffHz;
    private final double[] value;
    private final double[] derivative;
    private long lastMicros;
    private boolean primed;

    /**
     * @param minCutoffHz        cutoff at rest; lower = smoother and more lag. Must be > 0.
     * @param beta               cutoff increase per unit/second of speed; higher = less lag in
     *                           fast motion. Must be >= 0.
     * @param derivativeCutoffHz cutoff of the speed estimate. Must be > 0.
     */
    public OneEuroFilter(int channels, double minCutoffHz, double beta, double derivativeCutoffHz) {
        if (channels <= 0) throw new IllegalArgumentException("channels must be > 0: " + channels);
        if (!(minCutoffHz > 0)) throw new IllegalArgumentException("minCutoffHz must be > 0: " + minCutoffHz);
        if (!(beta >= 0)) throw new IllegalArgumentException("beta must be >= 0: " + beta);
        if (!(derivativeCutoffHz > 0)) throw new IllegalArgumentException("derivativeCutoffHz must be > 0: " + derivativeCutoffHz);
        this.minCutoffHz = minCutoffHz;
        this.beta = beta;
        this.derivativeCutoffHz = derivativeCutoffHz;
        this.value = new double[channels];
        this.derivative = new double[channels];
    }

    public int channels() { return value.length; }

    /**
     * Filters one sample of every channel in place.
     *
     * @param tMicros timestamp; a sample not later than the previous one is passed through
     *                unchanged in time (the state takes it as the same instant)
     */
    public void filter(long tMicros, float[] x, int offset) {
        if (!primed) {
            reset(tMicros, x, offset);
            return;
        }
        double dt = (tMicros - lastMicros) * 1e-6;
        if (dt <= 0) {
            for (int i = 0; i < value.length; i++) x[offset + i] = (float) value[i];
            return;
        }
        lastMicros = tMicros;
        double aD = alpha(derivativeCutoffHz, dt);
        for (int i = 0; i < value.length; i++) {
            double raw = x[offset + i];
            double d = (raw - value[i]) / dt;
            derivative[i] += aD * (d - derivative[i]);
            double cutoff = minCutoffHz + beta * Math.abs(derivative[i]);
            value[i] += alpha(cutoff, dt) * (raw - value[i]);
            x[offset + i] = (float) value[i];
        }
    }

    /** Sets the state to these values at rest. */
    public void reset(long tMicros, float[] x, int offset) {
        for (int i = 0; i < value.length; i++) {
            value[i] = x[offset + i];
            derivative[i] = 0;
        }
        lastMicros = tMicros;
        primed = true;
    }

    /** Forgets all state: the next sample passes through. */
    public void clear() {
        primed = false;
    }

    public boolean primed() { return primed; }

    private static double alpha(double cutoffHz, double dt) {
        double tau = 1 / (2 * Math.PI * cutoffHz);
        return 1 / (1 + tau / dt);
    }
}
