package dev.marionette.calibration.face;

import static dev.marionette.tracking.params.Measure.*;

import dev.marionette.tracking.params.Measure;
import java.util.List;
import java.util.Locale;

/**
 * The steps of a face calibration, in the order they are asked for. The neutral phase gives
 * the person's resting measures; each other phase exercises a few measures in one direction and
 * gives their range.
 */
public enum FacePhase {
    NEUTRAL("Look straight at the camera with a relaxed face, mouth closed, and keep still.", "", List.of()),
    BLINK("Close both eyes gently and keep them closed; open them at the beep.", "close both eyes fully",
            List.of(Target.down(EYE_OPEN_LEFT), Target.down(EYE_OPEN_RIGHT))),
    JAW("Open your mouth as wide as is comfortable and hold it.", "open the mouth wider",
            List.of(Target.up(JAW_DROP), Target.up(LIP_GAP))),
    BROWS("Raise your eyebrows as high as you can and hold them.", "raise the eyebrows higher",
            List.of(Target.up(BROW_INNER_LEFT), Target.up(BROW_INNER_RIGHT), Target.up(BROW_OUTER_LEFT), Target.up(BROW_OUTER_RIGHT))),
    SMILE("Smile as broadly as you can and hold it.", "smile more broadly",
            List.of(Target.up(CORNER_LIFT_LEFT), Target.up(CORNER_LIFT_RIGHT), Target.up(MOUTH_WIDTH)));

    /** A measure a phase moves, and which way: its range in that direction comes from the phase. */
    public record Target(Measure measure, boolean up) {
        static Target up(Measure m) { return new Target(m, true); }

        static Target down(Measure m) { return new Target(m, false); }

        @Override public String toString() { return measure + (up ? " up" : " down"); }
    }

    private final String instruction;
    private final String moreHint;
    private final List<Target> targets;

    FacePhase(String instruction, String moreHint, List<Target> targets) {
        this.instruction = instruction;
        this.moreHint = moreHint;
        this.targets = targets;
    }

    /** What to tell the person. */
    public String instruction() { return instruction; }

    /** What to tell the person when the phase showed too little movement ("open the mouth wider"). */
    public String moreHint() { return moreHint; }

    /** The measures this phase calibrates (none for the neutral phase). */
    public List<Target> targets() { return targets; }

    /** The name in files and on the command line: "neutral", "blink", ... */
    public String id() { return name().toLowerCase(Locale.ROOT); }

    /** The phase named {@code id} (as {@link #id()}), or null. */
    public static FacePhase byId(String id) {
        for (FacePhase p : values()) if (p.id().equalsIgnoreCase(id)) return p;
        return null;
    }

    /** "neutral, blink, jaw, brows, smile". */
    public static String ids() {
        StringBuilder sb = new StringBuilder();
        for (FacePhase p : values()) sb.append(sb.length() == 0 ? "" : ", ").append(p.id());
        return sb.toString();
    }
}
