package dev.marionette.tracking.params;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.tracking.geometry.CanonicalFaceMesh;
import org.junit.jupiter.api.Test;

class ExpressionEstimatorTest {
    private static final CanonicalFaceMesh MESH = CanonicalFaceMesh.bundled();

    /**
     * The canonical mesh plus iris centres (and 4 rim points each) looking in a direction, the
     * irises where the landmark model reports them: turned about the radius it reads
     * ({@link ExpressionProfile#IRIS_RANGE_MM}), not the eye's true one.
     */
    static float[] canonicalWithIris(double yawDeg, double pitchDeg) {
        float[] p = new float[3 * 478];
        System.arraycopy(MESH.positionsMm(), 0, p, 0, 3 * 468);
        placeIris(p, 468, 33, 133, yawDeg, pitchDeg);
        placeIris(p, 473, 263, 362, yawDeg, pitchDeg);
        return p;
    }

    private static void placeIris(float[] p, int first, int outer, int inner, double yawDeg, double pitchDeg) {
        double r = ExpressionProfile.IRIS_RANGE_MM;
        double cx = (MESH.x(outer) + MESH.x(inner)) / 2, cy = (MESH.y(outer) + MESH.y(inner)) / 2;
        double cz = (MESH.z(outer) + MESH.z(inner)) / 2;
        double x = cx + r * Math.sin(Math.toRadians(yawDeg));
        double y = cy + ExpressionProfile.standard().neutral(Measure.IRIS_Y_LEFT) + r * Math.sin(Math.toRadians(pitchDeg));
        for (int k = 0; k < 5; k++) {
            double ox = k == 1 ? 5.8 : k == 3 ? -5.8 : 0, oy = k == 2 ? 5.8 : k == 4 ? -5.8 : 0;
            p[3 * (first + k)] = (float) (x + ox);
            p[3 * (first + k) + 1] = (float) (y + oy);
            p[3 * (first + k) + 2] = (float) (cz + 4);
        }
    }

    /** Moves the upper lid points onto the lower lid points: a closed eye. */
    static void closeEye(float[] p, int[][] lids, double fraction) {
        for (int[] pair : lids) {
            for (int a = 0; a < 3; a++) {
                p[3 * pair[0] + a] += (float) (fraction * (p[3 * pair[1] + a] - p[3 * pair[0] + a]));
            }
        }
    }

    @Test
    void canonicalFaceIsNeutral() {
        ExpressionEstimator.Reading r = new ExpressionEstimator().estimate(canonicalWithIris(0, 0), ExpressionProfile.standard());
        for (Blendshape b : Blendshape.values()) assertEquals(0, r.blendshapes().get(b), 1e-4, b.arkitName());
        assertEquals(0, r.gaze().left().yawDeg(), 1e-3);
        assertEquals(0, r.gaze().right().pitchDeg(), 1e-3);
    }

    @Test
    void closedEyeBlinksOnlyThatEye() {
        float[] p = canonicalWithIris(0, 0);
        closeEye(p, new int[][] {{387, 373}, {386, 374}, {385, 380}}, 1.0);
        ExpressionEstimator.Reading r = new ExpressionEstimator().estimate(p, ExpressionProfile.standard());
        assertEquals(1, r.blink().left(), 1e-3, "subject's left eye (263 side) closed");
        assertEquals(0, r.blink().right(), 1e-3);
        float[] half = canonicalWithIris(0, 0);
        closeEye(half, new int[][] {{160, 144}, {159, 145}, {158, 153}}, 0.4);
        r = new ExpressionEstimator().estimate(half, ExpressionProfile.standard());
        assertEquals(0.5, r.blink().right(), 0.01, "40% closure over an 80% range");
    }

    @Test
    void gazeAnglesComeBackFromIrisOffsets() {
        ExpressionEstimator e = new ExpressionEstimator();
        ExpressionEstimator.Reading r = e.estimate(canonicalWithIris(15, -10), ExpressionProfile.standard());
        assertEquals(15, r.gaze().left().yawDeg(), 0.01);
        assertEquals(15, r.gaze().right().yawDeg(), 0.01);
        assertEquals(-10, r.gaze().left().pitchDeg(), 0.01);
        // Looking to the image's right: the subject's left eye looks out, the right eye in.
        assertEquals(0.6, r.blendshapes().get(Blendshape.EYE_LOOK_OUT_LEFT), 0.01);
        assertEquals(0.6, r.blendshapes().get(Blendshape.EYE_LOOK_IN_RIGHT), 0.01);
        assertEquals(0.4, r.blendshapes().get(Blendshape.EYE_LOOK_DOWN_LEFT), 0.01);
    }

    @Test
    void scaleDoesNotChangeTheReading() {
        float[] p = canonicalWithIris(10, 5);
        closeEye(p, new int[][] {{160, 144}, {159, 145}, {158, 153}}, 0.5);
        float[] big = p.clone();
        for (int i = 0; i < big.length; i++) big[i] *= 1.37f;
        ExpressionEstimator.Reading a = new ExpressionEstimator().estimate(p, ExpressionProfile.standard());
        ExpressionEstimator.Reading b = new ExpressionEstimator().estimate(big, ExpressionProfile.standard());
        assertArrayEquals(a.blendshapes().toArray(), b.blendshapes().toArray(), 1e-4f);
    }

    @Test
    void droppedJawReadsAsJawOpenNotMouthClose() {
        float[] p = canonicalWithIris(0, 0);
        double mouthY = (MESH.y(13) + MESH.y(14)) / 2;
        for (int i = 0; i < 468; i++) if (p[3 * i + 1] < mouthY) p[3 * i + 1] -= 15;
        // As the landmark model reports a 15 mm jaw drop: the lips part in full, the chin moves short.
        p[3 * 152 + 1] += (1 - ExpressionProfile.LANDMARK_CHIN_GAIN) * 15;
        ExpressionEstimator.Reading r = new ExpressionEstimator().estimate(p, ExpressionProfile.standard());
        assertEquals(0.6, r.blendshapes().get(Blendshape.JAW_OPEN), 0.05);
        assertEquals(0, r.blendshapes().get(Blendshape.MOUTH_CLOSE), 0.05, "lips part with the jaw");
        assertEquals(0, r.blendshapes().get(Blendshape.EYE_BLINK_LEFT), 1e-3);
    }

    @Test
    void withoutIrisThereIsNoGaze() {
        ExpressionEstimator.Reading r = new ExpressionEstimator().estimate(MESH.positionsMm(), ExpressionProfile.standard());
        assertNull(r.gaze());
    }
}
