package dev.marionette.tracking.filter;

/**
 * Temporal filtering parameters, one One Euro setting per signal group. Units of beta follow
 * each group's signal: 1/degree for angles, 1/mm for distances, 1 for 0..1 coefficients.
 *
 * <p>Defaults, and why:
 * <ul>
 *   <li>head rotation 1.0 Hz / 0.05: steady when still, ~6 Hz cutoff at 100°/s turns;</li>
 *   <li>head translation 1.0 Hz / 0.02: ~5 Hz at 200 mm/s;</li>
 *   <li>eyelids 4 Hz / 1.0: eyes must stay fast — a 100 ms blink moves at ~10/s, giving a
 *       ~14 Hz cutoff (11 ms lag), while 4 Hz at rest removes lid flicker;</li>
 *   <li>gaze 2 Hz / 0.05: saccades (300°/s) open the cutoff to ~17 Hz;</li>
 *   <li>mouth and other coefficients 2 Hz / 1.0: speech moves at ~4/s, ~6 Hz;</li>
 *   <li>dense displacement 2 Hz / 0.2: lips at 100 mm/s open it to ~22 Hz;</li>
 *   <li>lost face: parameters ease to neutral with a 0.25 s time constant.</li>
 * </ul>
 */
public record FilterSettings(
        Group headRotation,
        Group headTranslation,
        Group eyelids,
        Group gaze,
        Group coefficients,
        Group dense,
        double lostEaseSeconds) {

    /** One signal group's One Euro parameters. */
    public record Group(double minCutoffHz, double beta) {
        public Group {
            if (!(minCutoffHz > 0)) throw new IllegalArgumentException("minCutoffHz must be > 0: " + minCutoffHz);
            if (!(beta >= 0)) throw new IllegalArgumentException("beta must be >= 0: " + beta);
        }
    }

    /** Derivative cutoff shared by all groups, as in the One Euro paper. */
    public static final double DERIVATIVE_CUTOFF_HZ = 1.0;

    public static final FilterSettings DEFAULT = new FilterSettings(
            new Group(1.0, 0.05), new Group(1.0, 0.02), new Group(4.0, 1.0),
            new Group(2.0, 0.05), new Group(2.0, 1.0), new Group(2.0, 0.2), 0.25);

    /** Filtering off: every group passes its input through (very high cutoff). */
    public static final FilterSettings NONE = new FilterSettings(
            new Group(1e6, 0), new Group(1e6, 0), new Group(1e6, 0),
            new Group(1e6, 0), new Group(1e6, 0), new Group(1e6, 0), 0.25);

    public FilterSettings {
        if (!(lostEaseSeconds > 0)) throw new IllegalArgumentException("lostEaseSeconds must be > 0: " + lostEaseSeconds);
    }
}
