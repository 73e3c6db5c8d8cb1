package dev.marionette.tracking.geometry;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.tracking.landmarks.FaceLandmarks;
import dev.marionette.tracking.landmarks.Roi;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PerspectiveProcrustesSolverTest {
    private static final CanonicalFaceMesh MESH = CanonicalFaceMesh.bundled();

    /**
     * Projects the canonical mesh plus a displacement through a known pose and camera, the way
     * the landmark model reports points: pixels, and z relative in the pixel scale of x
     * (weak perspective about the head), with an arbitrary origin.
     */
    static FaceLandmarks render(HeadPose pose, float[] displacement, CameraIntrinsics camera, double zOrigin, double noisePx, long seed) {
        Random random = new Random(seed);
        float[] xyz = new float[3 * CanonicalFaceMesh.VERTICES];
        double[] p = new double[3];
        double dHead = -pose.t(2);
        for (int i = 0; i < CanonicalFaceMesh.VERTICES; i++) {
            pose.toCamera(MESH.x(i) + displacement[3 * i], MESH.y(i) + displacement[3 * i + 1], MESH.z(i) + displacement[3 * i + 2], p);
            double d = -p[2];
            xyz[3 * i] = (float) (camera.cx() + camera.fx() * p[0] / d + noisePx * random.nextGaussian());
            xyz[3 * i + 1] = (float) (camera.cy() - camera.fy() * p[1] / d + noisePx * random.nextGaussian());
            xyz[3 * i + 2] = (float) (camera.fx() * (d - dHead) / dHead + zOrigin + noisePx * random.nextGaussian());
        }
        return new FaceLandmarks(xyz, 1f, new Roi(camera.width() / 2f, camera.height() / 2f, 100, 100, 0));
    }

    /**
     * An open jaw: the mandible (points below the mouth corners) turns about the jaw joints, an
     * axis through (y = 5, z = -40) mm, with the lower lip following; plus raised brows (the band 45..62 mm up, below the forehead basis points).
     */
    static float[] jawOpen(double degrees) {
        float[] d = new float[3 * CanonicalFaceMesh.VERTICES];
        double mouthY = (MESH.y(13) + MESH.y(14)) / 2;
        double a = Math.toRadians(degrees), c = Math.cos(a), s = Math.sin(a);
        for (int i = 0; i < CanonicalFaceMesh.VERTICES; i++) {
            double y = MESH.y(i), z = MESH.z(i);
            if (y < mouthY && Math.abs(MESH.x(i)) < 70) {
                double f = Math.min(1, (mouthY - y) / 6);
                double yy = y - 5, zz = z + 40;
                d[3 * i + 1] = (float) (f * (c * yy + s * zz + 5 - y));
                d[3 * i + 2] = (float) (f * (-s * yy + c * zz - 40 - z));
            } else if (y > 45 && y < 62) {
                d[3 * i + 1] = 4f;
            }
        }
        return d;
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0, 0, 0, 0, -600",
        "25, -10, 5, 40, -20, -550",
        "-35, 15, -8, -60, 30, -700",
        "10, 25, 12, 0, 0, -450",
        "-20, -20, -15, 80, 50, -900",
    })
    void recoversPoseAndDisplacementExactly(double yaw, double pitch, double roll, double tx, double ty, double tz) {
        CameraIntrinsics camera = CameraIntrinsics.defaultFor(1280, 720);
        HeadPose truth = HeadPose.fromAngles(yaw, pitch, roll, tx, ty, tz);
        float[] displacement = jawOpen(12);
        FaceLandmarks face = render(truth, displacement, camera, 37.5, 0, 1);

        FaceGeometry g = new PerspectiveProcrustesSolver(MESH).solve(face, camera, null);

        assertEquals(0, g.pose().angleTo(truth), 0.5, "rotation error, degrees");
        assertEquals(yaw, g.pose().yawDeg(), 0.5);
        assertEquals(pitch, g.pose().pitchDeg(), 0.5);
        assertEquals(roll, g.pose().rollDeg(), 0.5);
        for (int k = 0; k < 3; k++) assertEquals(truth.t(k), g.pose().t(k), 1.0, "translation axis " + k);
        double faceWidth = MESH.x(454) - MESH.x(234);
        double worst = 0;
        for (int i = 0; i < 3 * CanonicalFaceMesh.VERTICES; i++) worst = Math.max(worst, Math.abs(g.displacementMm()[i] - displacement[i]));
        assertTrue(worst < 0.01 * faceWidth, "worst displacement error " + worst + " mm, face width " + faceWidth);
    }

    @Test
    void anglesRoundTripThroughTheMatrix() {
        for (double[] a : new double[][] {{0, 0, 0}, {30, -20, 10}, {-70, 45, -30}, {179, 10, 5}}) {
            HeadPose p = HeadPose.fromAngles(a[0], a[1], a[2], 0, 0, -500);
            HeadPose q = HeadPose.fromRotation(p.rotation(), p.translationMm());
            assertEquals(a[0], q.yawDeg(), 1e-9);
            assertEquals(a[1], q.pitchDeg(), 1e-9);
            assertEquals(a[2], q.rollDeg(), 1e-9);
        }
        // Positive yaw turns the nose to the image's right; positive pitch turns it up.
        double[] nose = new double[3];
        HeadPose.fromAngles(20, 0, 0, 0, 0, 0).toCamera(0, 0, 1, nose);
        assertTrue(nose[0] > 0.3);
        HeadPose.fromAngles(0, 20, 0, 0, 0, 0).toCamera(0, 0, 1, nose);
        assertTrue(nose[1] > 0.3);
    }

    @Test
    void expressionDoesNotMoveThePose() {
        CameraIntrinsics camera = CameraIntrinsics.defaultFor(640, 480);
        HeadPose truth = HeadPose.fromAngles(5, 5, 0, 0, 0, -500);
        HeadPose neutral = new PerspectiveProcrustesSolver(MESH).solve(render(truth, new float[1404], camera, 0, 0, 2), camera, null).pose();
        HeadPose open = new PerspectiveProcrustesSolver(MESH).solve(render(truth, jawOpen(20), camera, 0, 0, 2), camera, null).pose();
        assertEquals(0, neutral.angleTo(open), 0.3, "a wide-open jaw must not read as a head pitch");
    }

    @Test
    void toleratesLandmarkNoise() {
        CameraIntrinsics camera = CameraIntrinsics.defaultFor(640, 480);
        HeadPose truth = HeadPose.fromAngles(-15, 8, 3, 10, -5, -550);
        FaceGeometry g = new PerspectiveProcrustesSolver(MESH).solve(render(truth, new float[1404], camera, -5, 0.7, 3), camera, null);
        assertEquals(0, g.pose().angleTo(truth), 2.0);
        assertEquals(truth.t(2), g.pose().t(2), 25);
        assertTrue(g.reprojectionRmsPx() < 1.5, "rms " + g.reprojectionRmsPx());
    }

    @Test
    void warmStartGivesTheSameAnswer() {
        CameraIntrinsics camera = CameraIntrinsics.defaultFor(640, 480);
        HeadPose truth = HeadPose.fromAngles(12, -6, 2, 0, 0, -520);
        FaceLandmarks face = render(truth, new float[1404], camera, 0, 0, 4);
        PerspectiveProcrustesSolver solver = new PerspectiveProcrustesSolver(MESH);
        HeadPose cold = solver.solve(face, camera, null).pose();
        HeadPose warm = solver.solve(face, camera, HeadPose.fromAngles(0, 0, 0, 0, 0, -600)).pose();
        assertEquals(0, cold.angleTo(warm), 0.05);
        assertEquals(cold.t(2), warm.t(2), 0.5);
    }
}
