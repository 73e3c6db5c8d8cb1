package dev.marionette.tracking.params;

/**
 * Eye closure per eye, 0 = open as at neutral, 1 = closed. "Left" is the subject's left eye
 * (on the image's right for an unmirrored camera), as in ARKit's naming.
 */
public record Blink(float left, float right) {
    public static final Blink OPEN = new Blink(0, 0);

    public Blink {
        if (!(left >= 0 && left <= 1 && right >= 0 && right <= 1)) {
            throw new IllegalArgumentException("blink outside [0,1]: " + left + ", " + right);
        }
    }
}
