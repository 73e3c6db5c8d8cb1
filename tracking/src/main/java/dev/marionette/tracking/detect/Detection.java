package dev.marionette.tracking.detect;

import java.util.Objects;

/**
 * One face found by the detector, in image pixels.
 *
 * @param score     0..1 after sigmoid (and after weighted non-max suppression, the best score of
 *                  the merged cluster)
 * @param xMin      box left, pixels
 * @param yMin      box top, pixels
 * @param width     box width, pixels
 * @param height    box height, pixels
 * @param keypoints 6 (x, y) pairs in pixels, BlazeFace order: right eye, left eye, nose tip,
 *                  mouth centre, right ear tragion, left ear tragion ("right" = the subject's)
 */
public record Detection(float score, float xMin, float yMin, float width, float height, float[] keypoints) {
    public static final int KEYPOINTS = 6;

    public Detection {
        Objects.requireNonNull(keypoints, "keypoints");
        if (keypoints.length != 2 * KEYPOINTS) {
            throw new IllegalArgumentException("expected 6 keypoints, got " + keypoints.length / 2.0);
        }
    }

    public float keypointX(int k) { return keypoints[2 * k]; }

    public float keypointY(int k) { return keypoints[2 * k + 1]; }

    public float centerX() { return xMin + width / 2; }

    public float centerY() { return yMin + height / 2; }

    public float area() { return width * height; }
}
