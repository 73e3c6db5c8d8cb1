package dev.marionette.tracking.params;

import java.util.Objects;

/** Gaze of both eyes relative to the head; "left" is the subject's left eye. */
public record Gaze(EyeGaze left, EyeGaze right) {
    public static final Gaze AHEAD = new Gaze(EyeGaze.AHEAD, EyeGaze.AHEAD);

    public Gaze {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
    }
}
