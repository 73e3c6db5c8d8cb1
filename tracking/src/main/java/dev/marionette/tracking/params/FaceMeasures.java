package dev.marionette.tracking.params;

import dev.marionette.tracking.geometry.CanonicalFaceMesh;
import dev.marionette.tracking.landmarks.FaceLandmarks;

/**
 * Computes {@link Measure}s from head-frame points. Stateless.
 *
 * <p>Distances are taken in the head's frontal (x, y) plane. The landmark model's relative z
 * is far noisier than its x and y — on a real clip the chin's z swung by 35 px between
 * frames of similar mouth opening — so a 3-D distance followed that noise, while the frontal
 * plane, with the pose already removed, keeps what an expression changes.
 */
public final class FaceMeasures {
    static final int RIGHT_EYE_OUTER = 33, RIGHT_EYE_INNER = 133, LEFT_EYE_OUTER = 263, LEFT_EYE_INNER = 362;
    private static final int[][] LEFT_LIDS = {{387, 373}, {386, 374}, {385, 380}};
    private static final int[][] RIGHT_LIDS = {{160, 144}, {159, 145}, {158, 153}};

    /** The canonical mesh's eye-corner distance in the frontal plane (its corners share z). */
    private static final double CANONICAL_FRONTAL_IOD = frontalIod();

    private FaceMeasures() {}

    private static double frontalIod() {
        CanonicalFaceMesh m = CanonicalFaceMesh.bundled();
        return Math.hypot(m.x(LEFT_EYE_OUTER) - m.x(RIGHT_EYE_OUTER), m.y(LEFT_EYE_OUTER) - m.y(RIGHT_EYE_OUTER));
    }

    /**
     * @param head head-frame points, millimetres, 3 per landmark (468, or 478 with the irises)
     * @param out  receives {@link Measure#COUNT} values in canonical millimetres
     */
    public static void compute(float[] head, float[] out) {
        if (head.length < 3 * CanonicalFaceMesh.VERTICES) {
            throw new IllegalArgumentException("need at least the 468 mesh points");
        }
        double iod = dist(head, RIGHT_EYE_OUTER, LEFT_EYE_OUTER);
        // Normalise by the canonical mesh's frontal eye-corner distance, so both are like for like.
        if (!(iod > 1e-6)) throw new IllegalArgumentException("degenerate face: eye corners coincide");
        double k = CANONICAL_FRONTAL_IOD / iod;

        out[Measure.EYE_OPEN_LEFT.ordinal()] = (float) (k * meanDist(head, LEFT_LIDS));
        out[Measure.EYE_OPEN_RIGHT.ordinal()] = (float) (k * meanDist(head, RIGHT_LIDS));
        out[Measure.LOWER_LID_LEFT.ordinal()] = (float) (k * (y(head, 374) - mid(head, 1, LEFT_EYE_OUTER, LEFT_EYE_INNER)));
        out[Measure.LOWER_LID_RIGHT.ordinal()] = (float) (k * (y(head, 145) - mid(head, 1, RIGHT_EYE_OUTER, RIGHT_EYE_INNER)));
        out[Measure.LIP_GAP.ordinal()] = (float) (k * dist(head, 13, 14));
        out[Measure.JAW_DROP.ordinal()] = (float) (k * dist(head, 2, 152));
        out[Measure.MOUTH_WIDTH.ordinal()] = (float) (k * dist(head, 61, 291));
        double lipsY = mid(head, 1, 13, 14);
        out[Measure.CORNER_LIFT_LEFT.ordinal()] = (float) (k * (y(head, 291) - lipsY));
        out[Measure.CORNER_LIFT_RIGHT.ordinal()] = (float) (k * (y(head, 61) - lipsY));
        out[Measure.LIP_PROTRUSION.ordinal()] = (float) (k * (mid(head, 2, 0, 17) - z(head, 2)));
        out[Measure.JAW_SHIFT.ordinal()] = (float) (k * (x(head, 152) - x(head, 2)));
        out[Measure.MOUTH_SHIFT.ordinal()] = (float) (k * (mid(head, 0, 61, 291) - x(head, 2)));
        out[Measure.BROW_INNER_LEFT.ordinal()] = (float) (k * (mid(head, 1, 336, 285) - y(head, LEFT_EYE_INNER)));
        out[Measure.BROW_INNER_RIGHT.ordinal()] = (float) (k * (mid(head, 1, 107, 55) - y(head, RIGHT_EYE_INNER)));
        out[Measure.BROW_OUTER_LEFT.ordinal()] = (float) (k * (mid(head, 1, 300, 276) - y(head, LEFT_EYE_OUTER)));
        out[Measure.BROW_OUTER_RIGHT.ordinal()] = (float) (k * (mid(head, 1, 70, 46) - y(head, RIGHT_EYE_OUTER)));
        out[Measure.CHEEK_WIDTH.ordinal()] = (float) (k * dist(head, 205, 425));

        boolean iris = head.length >= 3 * FaceLandmarks.WITH_IRIS_POINTS;
        if (iris) {
            // Assign each iris to the eye it sits in rather than trusting an index order.
            int a = FaceLandmarks.RIGHT_IRIS_CENTER, b = FaceLandmarks.LEFT_IRIS_CENTER;
            boolean aIsLeft = x(head, a) > x(head, b);
            int left = aIsLeft ? a : b, right = aIsLeft ? b : a;
            out[Measure.IRIS_X_LEFT.ordinal()] = (float) (k * (x(head, left) - mid(head, 0, LEFT_EYE_OUTER, LEFT_EYE_INNER)));
            out[Measure.IRIS_Y_LEFT.ordinal()] = (float) (k * (y(head, left) - mid(head, 1, LEFT_EYE_OUTER, LEFT_EYE_INNER)));
            out[Measure.IRIS_X_RIGHT.ordinal()] = (float) (k * (x(head, right) - mid(head, 0, RIGHT_EYE_OUTER, RIGHT_EYE_INNER)));
            out[Measure.IRIS_Y_RIGHT.ordinal()] = (float) (k * (y(head, right) - mid(head, 1, RIGHT_EYE_OUTER, RIGHT_EYE_INNER)));
        } else {
            out[Measure.IRIS_X_LEFT.ordinal()] = 0;
            out[Measure.IRIS_Y_LEFT.ordinal()] = 0;
            out[Measure.IRIS_X_RIGHT.ordinal()] = 0;
            out[Measure.IRIS_Y_RIGHT.ordinal()] = 0;
        }
    }

    /** The measures of the canonical mesh itself: a neutral face with the eyes looking ahead. */
    public static float[] ofCanonicalMesh() {
        float[] out = new float[Measure.COUNT];
        compute(CanonicalFaceMesh.bundled().positionsMm(), out);
        return out;
    }

    private static double x(float[] p, int i) { return p[3 * i]; }

    private static double y(float[] p, int i) { return p[3 * i + 1]; }

    private static double z(float[] p, int i) { return p[3 * i + 2]; }

    private static double mid(float[] p, int axis, int i, int j) { return 0.5 * (p[3 * i + axis] + p[3 * j + axis]); }

    /** Distance in the head's frontal plane. */
    private static double dist(float[] p, int i, int j) {
        double dx = p[3 * i] - p[3 * j], dy = p[3 * i + 1] - p[3 * j + 1];
        return Math.sqrt(dx * dx + dy * dy);
    }

    private static double meanDist(float[] p, int[][] pairs) {
        double s = 0;
        for (int[] pair : pairs) s += dist(p, pair[0], pair[1]);
        return s / pairs.length;
    }
}
