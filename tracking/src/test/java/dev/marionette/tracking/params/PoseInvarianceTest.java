package dev.marionette.tracking.params;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.geometry.FaceGeometry;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.geometry.PerspectiveProcrustesSolver;
import dev.marionette.tracking.geometry.CanonicalFaceMesh;
import dev.marionette.tracking.landmarks.FaceLandmarks;
import dev.marionette.tracking.landmarks.Roi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A head turn must not read as a closed eye, nor a blink as looking down. */
class PoseInvarianceTest {
    static FaceLandmarks project(float[] head, HeadPose pose, CameraIntrinsics cam) {
        int n = head.length / 3;
        float[] xyz = new float[3 * n];
        double[] p = new double[3];
        double dHead = -pose.t(2);
        for (int i = 0; i < n; i++) {
            pose.toCamera(head[3 * i], head[3 * i + 1], head[3 * i + 2], p);
            double d = -p[2];
            xyz[3 * i] = (float) (cam.cx() + cam.fx() * p[0] / d);
            xyz[3 * i + 1] = (float) (cam.cy() - cam.fy() * p[1] / d);
            xyz[3 * i + 2] = (float) (cam.fx() * (d - dHead) / dHead);
        }
        return new FaceLandmarks(xyz, 1f, new Roi(cam.width() / 2f, cam.height() / 2f, 200, 200, 0));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "35, 0", "-35, 0", "0, 25", "0, -25", "25, -20"})
    void readingIsTheSameFromAnyHeadPose(double yaw, double pitch) {
        float[] face = ExpressionEstimatorTest.canonicalWithIris(10, 8);
        ExpressionEstimatorTest.closeEye(face, new int[][] {{387, 373}, {386, 374}, {385, 380}}, 0.5);
        CameraIntrinsics cam = CameraIntrinsics.defaultFor(640, 480);
        FaceLandmarks seen = project(face, HeadPose.fromAngles(yaw, pitch, 0, 0, 0, -500), cam);
        FaceGeometry g = new PerspectiveProcrustesSolver(CanonicalFaceMesh.bundled()).solve(seen, cam, null);
        ExpressionEstimator.Reading r = new ExpressionEstimator().estimate(g.headPointsMm(), ExpressionProfile.standard());
        assertEquals(0.625, r.blink().left(), 0.03, "half-closed left eye");
        assertEquals(0, r.blink().right(), 0.03, "open right eye");
        assertEquals(10, r.gaze().right().yawDeg(), 1.0);
        assertEquals(8, r.gaze().right().pitchDeg(), 1.0);
    }

    /**
     * The measures the tracker uses (from the steady points) of a neutral face are those of the
     * face itself from any pose at webcam distance. With one depth for the whole face, a 10
     * degree pitch read as a 4 mm change of the jaw drop (0.16 of jawOpen) on a rendered avatar.
     */
    @ParameterizedTest
    @CsvSource({"0, 0, -450", "0, -10, -450", "0, 15, -450", "30, 0, -450", "20, -10, -480", "-25, 10, -600"})
    void steadyMeasuresOfANeutralFaceDoNotDependOnPose(double yaw, double pitch, double tz) {
        float[] face = ExpressionEstimatorTest.canonicalWithIris(0, 0);
        // The landmark model gives an iris centre the mean depth of its eye's lid contour (on the
        // d9, d11 and d18 references: median difference 0.00 mm); so does this face.
        placeAtRingDepth(face, 468, new int[] {33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7});
        placeAtRingDepth(face, 473, new int[] {263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249});
        float[] truth = new float[Measure.COUNT];
        FaceMeasures.compute(face, truth);
        CameraIntrinsics cam = CameraIntrinsics.defaultFor(640, 480);
        FaceLandmarks seen = project(face, HeadPose.fromAngles(yaw, pitch, 0, 0, 0, tz), cam);
        FaceGeometry g = new PerspectiveProcrustesSolver(CanonicalFaceMesh.bundled()).solve(seen, cam, null);
        float[] read = new float[Measure.COUNT];
        FaceMeasures.compute(g.steadyPointsMm(), read);
        for (Measure m : Measure.values()) {
            assertEquals(truth[m.ordinal()], read[m.ordinal()], 0.3, m + " at yaw " + yaw + ", pitch " + pitch);
        }
    }

    private static void placeAtRingDepth(float[] face, int firstIrisPoint, int[] ring) {
        float z = 0;
        for (int v : ring) z += face[3 * v + 2] / ring.length;
        for (int k = 0; k < 5; k++) face[3 * (firstIrisPoint + k) + 2] = z;
    }
}
