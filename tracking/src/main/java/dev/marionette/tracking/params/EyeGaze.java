package dev.marionette.tracking.params;

/**
 * Where one eye looks relative to the head, degrees, as the viewer of the image sees it:
 * positive yaw looks towards the image's right, positive pitch looks up. (0, 0) is straight
 * out of the face.
 */
public record EyeGaze(float yawDeg, float pitchDeg) {
    public static final EyeGaze AHEAD = new EyeGaze(0, 0);

    public EyeGaze {
        if (!(Math.abs(yawDeg) <= 90 && Math.abs(pitchDeg) <= 90)) {
            throw new IllegalArgumentException("gaze outside ±90°: " + yawDeg + ", " + pitchDeg);
        }
    }
}
