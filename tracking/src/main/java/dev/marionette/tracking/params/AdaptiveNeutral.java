package dev.marionette.tracking.params;

/**
 * A running estimate of a person's neutral face measures, for when there is no calibration:
 * each measure's estimate steps towards the running median of what is seen (a fixed step per
 * second in the direction of the sample, which converges to the median), starting from the
 * population default. People rest their face most of the time — eyes open, mouth closed,
 * looking at the screen — so the median is their neutral, while blinks, words and glances are
 * outliers the median ignores.
 *
 * <p>Faster for the first {@link #SETTLE_SECONDS} seconds of tracked face, then slow, so an
 * expression held for a few seconds barely moves it. The iris measures step at
 * {@link #IRIS_RATE_FACTOR} of that rate: a resting iris sits within a millimetre or so of the
 * eye corners' middle, while glances and crossed eyes move it several millimetres; at the full
 * rate two seconds of crossed eyes in the first five (shared clip d6) shifted the neutral far
 * enough that the rest of the clip read 10 to 20 degrees off. Driven by frame timestamps.
 */
public final class AdaptiveNeutral {
    /** Step rate while settling, canonical millimetres per second. */
    static final float FAST_MM_PER_S = 2.0f;
    /** Step rate afterwards. */
    static final float SLOW_MM_PER_S = 0.3f;
    static final double SETTLE_SECONDS = 5;
    /** The iris measures' share of the step rate (see the class comment). */
    static final float IRIS_RATE_FACTOR = 0.25f;
    /** Per measure, its share of the step rate. */
    private static final float[] RATE_SHARE = new float[Measure.COUNT];

    static {
        java.util.Arrays.fill(RATE_SHARE, 1f);
        for (Measure m : new Measure[] {Measure.IRIS_X_LEFT, Measure.IRIS_Y_LEFT, Measure.IRIS_X_RIGHT, Measure.IRIS_Y_RIGHT}) {
            RATE_SHARE[m.ordinal()] = IRIS_RATE_FACTOR;
        }
    }

    private final float[] neutral;
    private long lastMicros = Long.MIN_VALUE;
    private double trackedSeconds;

    public AdaptiveNeutral(float[] start) {
        if (start.length != Measure.COUNT) throw new IllegalArgumentException("need " + Measure.COUNT + " measures");
        neutral = start.clone();
    }

    /** Takes one frame's measures; call only for frames with a face. */
    public void update(long tMicros, float[] measures) {
        if (lastMicros == Long.MIN_VALUE) {
            lastMicros = tMicros;
            return;
        }
        double dt = (tMicros - lastMicros) * 1e-6;
        lastMicros = tMicros;
        // A long gap (face lost, seek) is not time spent watching this face.
        if (!(dt > 0)) return;
        dt = Math.min(dt, 0.2);
        float rate = trackedSeconds < SETTLE_SECONDS ? FAST_MM_PER_S : SLOW_MM_PER_S;
        trackedSeconds += dt;
        float step = (float) (rate * dt);
        for (int i = 0; i < neutral.length; i++) {
            float s = step * RATE_SHARE[i];
            float d = measures[i] - neutral[i];
            neutral[i] += Math.abs(d) <= s ? d : Math.copySign(s, d);
        }
    }

    /** Forgets the gap before the next frame (the face was lost). */
    public void pause() {
        lastMicros = Long.MIN_VALUE;
    }

    /** The current estimate (a copy). */
    public float[] neutral() { return neutral.clone(); }

    /** Seconds of face seen so far. */
    public double trackedSeconds() { return trackedSeconds; }
}
