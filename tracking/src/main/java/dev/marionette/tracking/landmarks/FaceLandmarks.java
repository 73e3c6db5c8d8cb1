package dev.marionette.tracking.landmarks;

import java.util.Objects;

/**
 * The landmarks of one face in image pixels.
 *
 * <p>Point {@code i} is {@code (xyz[3i], xyz[3i+1], xyz[3i+2])}: x and y in pixels of the full
 * image (x right, y down), z relative depth in the same pixel scale as x, smaller = closer to
 * the camera, with MediaPipe's origin (roughly the face's centre of mass). 468 points are the
 * face mesh in MediaPipe's canonical order; models with iris append 10 points: 468–472 the
 * subject's right iris (the one on the image's left for an unmirrored camera; centre first),
 * 473–477 the left iris.
 *
 * @param xyz      3 × count floats, owned by this record: read only
 * @param presence face-presence score of the landmark model, 0..1
 * @param roi      the region the model looked at
 */
public record FaceLandmarks(float[] xyz, float presence, Roi roi) {
    public static final int MESH_POINTS = 468;
    public static final int WITH_IRIS_POINTS = 478;
    public static final int RIGHT_IRIS_CENTER = 468;
    public static final int LEFT_IRIS_CENTER = 473;

    public FaceLandmarks {
        Objects.requireNonNull(xyz, "xyz");
        Objects.requireNonNull(roi, "roi");
        if (xyz.length != 3 * MESH_POINTS && xyz.length != 3 * WITH_IRIS_POINTS) {
            throw new IllegalArgumentException("expected 468 or 478 points, got " + xyz.length / 3.0);
        }
        if (!(presence >= 0 && presence <= 1)) {
            throw new IllegalArgumentException("presence outside [0,1]: " + presence);
        }
    }

    public int count() { return xyz.length / 3; }

    public boolean hasIris() { return count() == WITH_IRIS_POINTS; }

    public float x(int i) { return xyz[3 * i]; }

    public float y(int i) { return xyz[3 * i + 1]; }

    public float z(int i) { return xyz[3 * i + 2]; }
}
