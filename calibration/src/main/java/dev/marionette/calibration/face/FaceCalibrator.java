package dev.marionette.calibration.face;

import static dev.marionette.tracking.params.Measure.*;

import dev.marionette.calibration.CalibrationException;
import dev.marionette.tracking.geometry.FaceShape;
import dev.marionette.tracking.geometry.PoseSolver;
import dev.marionette.tracking.params.FaceMeasures;
import dev.marionette.tracking.params.ExpressionProfile;
import dev.marionette.tracking.params.Measure;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A person's expression profile from phase-labelled face measures: a pure function of the
 * samples, so it runs the same on a webcam session, a recorded clip or numbers made up in a test.
 *
 * <ul>
 *   <li><b>Neutral face shape</b>, when the neutral frames come with their landmarks: each
 *       neutral frame solved against the canonical face, the median of their head points
 *       ({@link FaceShape#median}). The tracker then solves head pose against it, and since
 *       the expression measures depend on the pose (the steady points are placed by it), every frame with landmarks is measured again against it first, so
 *       neutral and ranges are in the units tracking will see.</li>
 *   <li><b>Neutral</b>: per measure, the median over the neutral phase (blinks and twitches
 *       during it are outliers the median ignores). The iris measures come only from frames
 *       with iris points; without any, they keep the base profile's.</li>
 *   <li><b>Ranges</b>: for each measure a phase exercises ({@link FacePhase#targets()}), the
 *       deviation from neutral in the phase's direction is taken per frame. The level the
 *       person held is the median deviation over the frames that reach at least half of the
 *       phase's 90th-percentile deviation: the held plateau, without the reaction time at the
 *       phase's start (small deviations) and without single-frame spikes (the percentile and
 *       the median both ignore them). The frame typical of the phase thus reads as 1.</li>
 *   <li><b>Floors and caps</b>: a range is at least {@link #FLOOR_FRACTION} of the base
 *       profile's (a half-hearted phase must not turn every twitch into a full expression) and
 *       at least {@link #NOISE_FACTOR} times the measure's frame-to-frame noise in the neutral
 *       phase; it is at most {@link #CEILING_FACTOR} times the base range, and an opening that
 *       closes (the eyes) cannot close by more than it was open. Clamped ranges are reported.</li>
 *   <li>Measures no phase exercises, and the other direction of those that are, keep the base
 *       profile's ranges.</li>
 * </ul>
 */
public final class FaceCalibrator {
    /** Fewest neutral frames with a face; below this there is no calibration. */
    public static final int MIN_NEUTRAL_SAMPLES = 5;
    /** Fewest frames with a face for another phase to count; below this its ranges stay the base's. */
    public static final int MIN_PHASE_SAMPLES = 3;
    static final double EXTREME_QUANTILE = 0.9;
    static final double HELD_FRACTION = 0.5;
    static final float FLOOR_FRACTION = 0.4f;
    static final float NOISE_FACTOR = 4f;
    static final float CEILING_FACTOR = 3f;
    /** Median absolute deviation to standard deviation, for normally distributed noise. */
    static final double MAD_TO_SIGMA = 1.4826;

    private static final Set<Measure> IRIS = EnumSet.of(IRIS_X_LEFT, IRIS_Y_LEFT, IRIS_X_RIGHT, IRIS_Y_RIGHT);
    /** Distances that cannot go below zero: closing them cannot take more than their neutral value. */
    private static final Set<Measure> OPENINGS = EnumSet.of(EYE_OPEN_LEFT, EYE_OPEN_RIGHT, LIP_GAP, JAW_DROP, MOUTH_WIDTH, CHEEK_WIDTH);

    private final ExpressionProfile base;

    /** Calibrates against the population defaults. */
    public FaceCalibrator() {
        this(ExpressionProfile.standard());
    }

    /** @param base the ranges kept for what the phases do not exercise, and the scale of the floors */
    public FaceCalibrator(ExpressionProfile base) {
        this.base = base;
    }

    /**
     * @param samples the measures of the frames with a face, each labelled with its phase, in
     *                any order (frames between phases or without a face are simply not given)
     * @throws CalibrationException when the neutral phase has too few frames
     */
    public FaceCalibration calibrate(List<FaceSample> samples) {
        FaceShape shape = neutralShape(samples);
        if (shape != null) samples = measuredAgainst(shape, samples);
        Map<FacePhase, List<FaceSample>> byPhase = new EnumMap<>(FacePhase.class);
        for (FacePhase p : FacePhase.values()) byPhase.put(p, new ArrayList<>());
        for (FaceSample s : samples) byPhase.get(s.phase()).add(s);

        List<FaceSample> neutralSamples = byPhase.get(FacePhase.NEUTRAL);
        if (neutralSamples.size() < MIN_NEUTRAL_SAMPLES) {
            throw new CalibrationException("the neutral phase has " + neutralSamples.size() + " frame"
                    + (neutralSamples.size() == 1 ? "" : "s") + " with a face; at least " + MIN_NEUTRAL_SAMPLES
                    + " are needed: face the camera in good light and keep your whole face in view");
        }
        boolean iris = neutralSamples.stream().anyMatch(FaceSample::iris);
        float[] neutral = base.neutral();
        float[] noise = new float[Measure.COUNT];
        for (Measure m : Measure.values()) {
            boolean isIris = IRIS.contains(m);
            if (isIris && !iris) continue;
            double[] v = neutralSamples.stream().filter(s -> !isIris || s.iris()).mapToDouble(s -> s.get(m)).toArray();
            double median = median(v);
            neutral[m.ordinal()] = (float) median;
            for (int i = 0; i < v.length; i++) v[i] = Math.abs(v[i] - median);
            noise[m.ordinal()] = (float) (MAD_TO_SIGMA * median(v));
        }

        List<String> warnings = new ArrayList<>();
        checkNeutral(neutral, warnings);

        float[] up = base.rangeUp(), down = base.rangeDown();
        List<FaceCalibration.Range> ranges = new ArrayList<>();
        for (FacePhase phase : FacePhase.values()) {
            if (phase == FacePhase.NEUTRAL) continue;
            List<FaceSample> s = byPhase.get(phase);
            if (s.size() < MIN_PHASE_SAMPLES) {
                warnings.add(String.format(Locale.ROOT, "%s phase: %s with a face (need %d): kept the default ranges for %s",
                        phase.id(), s.isEmpty() ? "no frames" : "only " + s.size() + " frame" + (s.size() == 1 ? "" : "s"),
                        MIN_PHASE_SAMPLES, names(phase.targets())));
                continue;
            }
            List<String> weak = new ArrayList<>(), capped = new ArrayList<>();
            for (FacePhase.Target t : phase.targets()) {
                FaceCalibration.Range r = range(phase, t, s, neutral, noise);
                (t.up() ? up : down)[t.measure().ordinal()] = r.range();
                ranges.add(r);
                String what = String.format(Locale.ROOT, "%s %.2f mm", t.measure(), r.held());
                if (r.floored()) weak.add(what);
                if (r.capped()) capped.add(what);
            }
            if (!weak.isEmpty()) {
                warnings.add(phase.id() + " phase: little movement (" + String.join(", ", weak)
                        + "): used the minimum ranges; calibrate again and " + phase.moreHint() + " for a fuller range");
            }
            if (!capped.isEmpty()) {
                warnings.add(phase.id() + " phase: implausibly large movement (" + String.join(", ", capped)
                        + "): capped; was the face tracked steadily (good light, whole face in view)?");
            }
        }

        Map<FacePhase, List<float[]>> kept = new EnumMap<>(FacePhase.class);
        for (var e : byPhase.entrySet()) kept.put(e.getKey(), e.getValue().stream().map(FaceSample::measures).toList());
        ExpressionProfile profile = new ExpressionProfile(neutral, up, down);
        FaceProfile file = new FaceProfile(profile, iris, Instant.now().truncatedTo(ChronoUnit.SECONDS), kept, shape);
        return new FaceCalibration(file, ranges, warnings);
    }

    /** The median neutral face of the neutral frames with landmarks, or null with too few of them. */
    static FaceShape neutralShape(List<FaceSample> samples) {
        PoseSolver canonical = PoseSolver.create();
        List<float[]> points = new ArrayList<>();
        for (FaceSample s : samples) {
            if (s.phase() != FacePhase.NEUTRAL || s.landmarks() == null) continue;
            points.add(canonical.solve(s.landmarks(), s.camera(), null).headPointsMm());
        }
        return points.size() < MIN_NEUTRAL_SAMPLES ? null : FaceShape.median(points);
    }

    /** The frames with landmarks measured as a tracker fitting {@code shape} measures them. */
    static List<FaceSample> measuredAgainst(FaceShape shape, List<FaceSample> samples) {
        PoseSolver own = PoseSolver.create(shape);
        List<FaceSample> out = new ArrayList<>(samples.size());
        for (FaceSample s : samples) {
            if (s.landmarks() == null) {
                out.add(s);
                continue;
            }
            float[] m = new float[Measure.COUNT];
            FaceMeasures.compute(own.solve(s.landmarks(), s.camera(), null).steadyPointsMm(), m);
            out.add(s.withMeasures(m));
        }
        return out;
    }

    private FaceCalibration.Range range(FacePhase phase, FacePhase.Target t, List<FaceSample> s, float[] neutral, float[] noise) {
        Measure m = t.measure();
        float n = neutral[m.ordinal()];
        double[] dev = new double[s.size()];
        for (int i = 0; i < dev.length; i++) dev[i] = t.up() ? s.get(i).get(m) - n : n - s.get(i).get(m);
        double extreme = quantile(dev, EXTREME_QUANTILE);
        double held = 0;
        if (extreme > 0) {
            held = median(Arrays.stream(dev).filter(d -> d >= HELD_FRACTION * extreme).toArray());
        }
        float standard = t.up() ? base.rangeUp(m) : base.rangeDown(m);
        float floor = Math.max(FLOOR_FRACTION * standard, NOISE_FACTOR * noise[m.ordinal()]);
        float ceiling = Math.max(floor, CEILING_FACTOR * standard);
        if (!t.up() && OPENINGS.contains(m) && n > 0) ceiling = Math.max(floor, Math.min(ceiling, n));
        float range = (float) Math.max(floor, Math.min(ceiling, held));
        return new FaceCalibration.Range(phase, t, n, (float) held, floor, ceiling, range);
    }

    /** Signs that the neutral phase was not a resting face; the calibration still goes ahead. */
    private void checkNeutral(float[] neutral, List<String> warnings) {
        for (Measure eye : new Measure[] {EYE_OPEN_LEFT, EYE_OPEN_RIGHT}) {
            if (neutral[eye.ordinal()] < 0.5f * base.neutral(eye)) {
                warnings.add(String.format(Locale.ROOT, "neutral phase: the eyes looked half closed (%s %.2f mm, typical %.2f mm); "
                        + "blinks will read weakly: calibrate again with the eyes open, looking at the camera",
                        eye, neutral[eye.ordinal()], base.neutral(eye)));
                break;
            }
        }
        float lipsLimit = base.neutral(LIP_GAP) + 0.25f * base.rangeUp(LIP_GAP);
        if (neutral[LIP_GAP.ordinal()] > lipsLimit) {
            warnings.add(String.format(Locale.ROOT, "neutral phase: the lips were apart (%.1f mm); a closed mouth will read "
                    + "as pressed shut: calibrate again with the mouth relaxed and closed", neutral[LIP_GAP.ordinal()]));
        }
    }

    private static String names(List<FacePhase.Target> targets) {
        return String.join(", ", targets.stream().map(t -> t.measure().name()).toList());
    }

    static double median(double[] v) {
        return quantile(v, 0.5);
    }

    /** Linear interpolation between order statistics; NaN for no values. */
    static double quantile(double[] v, double q) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos), hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }
}
