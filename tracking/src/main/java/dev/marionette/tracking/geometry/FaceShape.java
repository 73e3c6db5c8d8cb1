package dev.marionette.tracking.geometry;

import java.util.Arrays;
import java.util.List;

/**
 * A person's neutral face: the 468 mesh points in the head frame, millimetres, the reference
 * the pose solver fits instead of the canonical mean face once the person is known.
 *
 * <p>Conventions, so that a pose read against it means what a pose read against the canonical
 * face means:
 * <ul>
 *   <li>Orientation and origin: the head frame the canonical solver read for those frames
 *       (a tracker's head points are already in it). So the pose a person calls straight ahead
 *       at calibration still reads as it did; what changes is how turns away from it read.
 *       Not a 3-D rigid fit onto the canonical mesh: that leans on the landmark model's depth,
 *       which on the default avatar's render tilts the fitted face 5.8 degrees (the solver
 *       down-weights that depth for the same reason).</li>
 *   <li>Scale: about the head-frame origin, so that its basis points spread as far across
 *       the frontal plane as the canonical ones (a monocular tracker cannot know a face's true size; the canonical face
 *       sets the scale, and so the head's distance reads the same with either reference).</li>
 * </ul>
 *
 * @param pointsMm 468 × 3 head-frame points, finite
 */
public record FaceShape(float[] pointsMm) {
    public FaceShape {
        if (pointsMm.length != 3 * CanonicalFaceMesh.VERTICES) {
            throw new IllegalArgumentException("a face shape needs 468 x 3 values, got " + pointsMm.length);
        }
        for (float v : pointsMm) {
            if (!Float.isFinite(v)) throw new IllegalArgumentException("a face shape point is not finite: " + v);
        }
        pointsMm = pointsMm.clone();
    }

    @Override public float[] pointsMm() { return pointsMm.clone(); }

    public float x(int i) { return pointsMm[3 * i]; }

    public float y(int i) { return pointsMm[3 * i + 1]; }

    public float z(int i) { return pointsMm[3 * i + 2]; }

    /** The canonical mean face itself. */
    public static FaceShape canonical() {
        return new FaceShape(CanonicalFaceMesh.bundled().positionsMm());
    }

    /**
     * One face's points (a tracker's head points: 468, or 478 with the irises, which are
     * dropped), scaled as the class comment says.
     *
     * @throws IllegalArgumentException when there are too few points or they are degenerate
     */
    public static FaceShape of(float[] headPointsMm) {
        if (headPointsMm.length < 3 * CanonicalFaceMesh.VERTICES) {
            throw new IllegalArgumentException("a face shape needs at least the 468 mesh points, got " + headPointsMm.length / 3);
        }
        return new FaceShape(scaledToCanonical(Arrays.copyOf(headPointsMm, 3 * CanonicalFaceMesh.VERTICES)));
    }

    /**
     * The neutral of several frames of one face: each scaled by {@link #of}, then the median of
     * every coordinate (blinks and twitches among them are outliers the median ignores).
     *
     * @throws IllegalArgumentException when there are no frames
     */
    public static FaceShape median(List<float[]> headPointsMm) {
        if (headPointsMm.isEmpty()) throw new IllegalArgumentException("no frames to take a face shape from");
        int n = headPointsMm.size();
        float[][] scaled = new float[n][];
        for (int k = 0; k < n; k++) scaled[k] = of(headPointsMm.get(k)).pointsMm;
        float[] out = new float[3 * CanonicalFaceMesh.VERTICES];
        float[] column = new float[n];
        for (int c = 0; c < out.length; c++) {
            for (int k = 0; k < n; k++) column[k] = scaled[k][c];
            Arrays.sort(column);
            out[c] = n % 2 == 1 ? column[n / 2] : 0.5f * (column[n / 2 - 1] + column[n / 2]);
        }
        // The median of scaled shapes has the canonical spread up to rounding; scale once more.
        return of(out);
    }

    /**
     * Largest distance of a point from its canonical position, millimetres: a plausibility
     * check for shapes read from files.
     */
    public double maxDeviationMm() {
        CanonicalFaceMesh mesh = CanonicalFaceMesh.bundled();
        double worst = 0;
        for (int i = 0; i < CanonicalFaceMesh.VERTICES; i++) {
            worst = Math.max(worst, Math.sqrt(sq(x(i) - mesh.x(i)) + sq(y(i) - mesh.y(i)) + sq(z(i) - mesh.z(i))));
        }
        return worst;
    }

    /**
     * Scales the points about the head-frame origin so that their basis spreads across the
     * frontal (x, y) plane as far as the canonical basis does: the head's distance is read from
     * the face's size in the image, that is across that plane (about the origin, not the
     * centroid, so the origin stays where the head's distance is measured to).
     */
    private static float[] scaledToCanonical(float[] points) {
        CanonicalFaceMesh mesh = CanonicalFaceMesh.bundled();
        double sw = 0, ax = 0, ay = 0, bx = 0, by = 0;
        for (int i = 0; i < CanonicalFaceMesh.VERTICES; i++) {
            double w = mesh.procrustesWeight(i);
            if (w <= 0) continue;
            sw += w;
            ax += w * points[3 * i];
            ay += w * points[3 * i + 1];
            bx += w * mesh.x(i);
            by += w * mesh.y(i);
        }
        ax /= sw; ay /= sw; bx /= sw; by /= sw;
        double spread = 0, canonicalSpread = 0;
        for (int i = 0; i < CanonicalFaceMesh.VERTICES; i++) {
            double w = mesh.procrustesWeight(i);
            if (w <= 0) continue;
            spread += w * (sq(points[3 * i] - ax) + sq(points[3 * i + 1] - ay));
            canonicalSpread += w * (sq(mesh.x(i) - bx) + sq(mesh.y(i) - by));
        }
        if (!(spread > 1e-9)) throw new IllegalArgumentException("degenerate face shape: its basis points coincide");
        double s = Math.sqrt(canonicalSpread / spread);
        float[] out = new float[points.length];
        for (int i = 0; i < points.length / 3; i++) {
            out[3 * i] = (float) (s * points[3 * i]);
            out[3 * i + 1] = (float) (s * points[3 * i + 1]);
            out[3 * i + 2] = (float) (s * points[3 * i + 2]);
        }
        return out;
    }

    private static double sq(double v) { return v * v; }

    @Override
    public boolean equals(Object o) {
        return o instanceof FaceShape s && Arrays.equals(pointsMm, s.pointsMm);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(pointsMm); }

    @Override
    public String toString() { return "FaceShape[468 points]"; }
}
