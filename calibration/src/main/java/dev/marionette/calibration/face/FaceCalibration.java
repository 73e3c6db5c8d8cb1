package dev.marionette.calibration.face;

import dev.marionette.tracking.params.Measure;
import java.util.List;
import java.util.Locale;

/**
 * What a face calibration produced and how: the profile, each calibrated range with the
 * numbers it came from, and warnings for the person (phases with too little movement or too
 * few frames, a neutral face that did not look relaxed).
 */
public record FaceCalibration(FaceProfile profile, List<Range> ranges, List<String> warnings) {
    public FaceCalibration {
        ranges = List.copyOf(ranges);
        warnings = List.copyOf(warnings);
    }

    /**
     * One calibrated range, canonical millimetres.
     *
     * @param held    how far the person held the measure from neutral (see {@link FaceCalibrator})
     * @param floor   the least range accepted
     * @param ceiling the most range accepted
     * @param range   what the profile uses: {@code held} clamped to [floor, ceiling]
     */
    public record Range(FacePhase phase, FacePhase.Target target, float neutral, float held, float floor, float ceiling, float range) {
        public boolean floored() { return held < floor; }

        public boolean capped() { return held > ceiling; }

        public Measure measure() { return target.measure(); }
    }

    /** One line per range, e.g. "blink  EYE_OPEN_LEFT down  neutral 3.41  held 2.90  range 2.90 mm". */
    public List<String> describeRanges() {
        return ranges.stream().map(r -> String.format(Locale.ROOT, "%-6s %-18s %-4s neutral %6.2f  held %6.2f  range %6.2f mm%s",
                r.phase().id(), r.measure(), r.target().up() ? "up" : "down", r.neutral(), r.held(), r.range(),
                r.floored() ? " (minimum)" : r.capped() ? " (capped)" : "")).toList();
    }
}
