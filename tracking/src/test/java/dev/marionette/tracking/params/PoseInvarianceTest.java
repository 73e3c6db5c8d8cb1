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
}
