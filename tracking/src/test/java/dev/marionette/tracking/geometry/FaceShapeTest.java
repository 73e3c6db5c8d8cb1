package dev.marionette.tracking.geometry;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pose solver against a person's own neutral face, on synthetic faces shaped unlike the mean. */
class FaceShapeTest {
    private static final CanonicalFaceMesh MESH = CanonicalFaceMesh.bundled();
    private static final CameraIntrinsics CAMERA = CameraIntrinsics.fromVerticalFov(640, 480, 40);
    private static final double[][] POSES = {{20, -10}, {-25, 5}, {10, 15}, {0, -15}, {-15, -12}, {30, 0}};

    /**
     * A face unlike the canonical mean: deeper relief (every depth 25 % further from the
     * head's centre), a nose standing 6 mm further out, a long lower face (the chin 12 % further
     * down), cheeks 6 % wider — the kind of differences the mean-face solver reads as rotation.
     */
    static float[] identity() {
        float[] d = new float[3 * CanonicalFaceMesh.VERTICES];
        double noseX = MESH.x(4), noseY = MESH.y(4);
        for (int i = 0; i < CanonicalFaceMesh.VERTICES; i++) {
            double x = MESH.x(i), y = MESH.y(i), z = MESH.z(i);
            d[3 * i] = (float) (0.06 * x);
            if (y < -10) d[3 * i + 1] = (float) (0.12 * (y + 10));
            double r2 = (x - noseX) * (x - noseX) + (y - noseY) * (y - noseY);
            d[3 * i + 2] = (float) (0.25 * z + 6 * Math.exp(-r2 / (2 * 12 * 12)));
        }
        return d;
    }

    static float[] plus(float[] a, float[] b) {
        float[] out = a.clone();
        for (int i = 0; i < out.length; i++) out[i] += b[i];
        return out;
    }

    /** The person's neutral as calibration takes it: a few frames near frontal, solved against the canonical face. */
    static FaceShape calibrate(float[] identity, double noisePx) {
        List<float[]> frames = new ArrayList<>();
        PoseSolver canonical = PoseSolver.create();
        for (int k = 0; k < 9; k++) {
            HeadPose near = HeadPose.fromAngles(1.5 * Math.sin(k), 1.5 * Math.cos(k), 0, 5, -10, -550);
            frames.add(canonical.solve(PerspectiveProcrustesSolverTest.render(near, identity, CAMERA, 12, noisePx, 100 + k), CAMERA, null)
                    .headPointsMm());
        }
        return FaceShape.median(frames);
    }

    /**
     * How far a solver's reading of the turn from the frontal view is from the true turn,
     * degrees. Calibration defines the person's frame as the one the mean-face solver read for
     * the neutral frames, so a constant offset (how this face reads when frontal) is shared by
     * both solvers and is not what the own neutral can fix; the turns are.
     */
    static double turnError(PoseSolver solver, float[] face, HeadPose truth, HeadPose frontal, double noisePx, long seed) {
        HeadPose atFrontal = solver.solve(PerspectiveProcrustesSolverTest.render(frontal, face, CAMERA, 12, noisePx, seed), CAMERA, null).pose();
        HeadPose seen = solver.solve(PerspectiveProcrustesSolverTest.render(truth, face, CAMERA, -3, noisePx, seed + 1), CAMERA, null).pose();
        return angle(relative(seen, atFrontal), relative(truth, frontal));
    }

    /** Rotation of a relative to b (b's frame to a's), 3 × 3 row-major. */
    static double[] relative(HeadPose a, HeadPose b) {
        double[] ra = a.rotation(), rb = b.rotation(), out = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < 3; k++) out[3 * r + c] += ra[3 * r + k] * rb[3 * c + k];
            }
        }
        return out;
    }

    static double angle(double[] p, double[] q) {
        double trace = 0;
        for (int r = 0; r < 3; r++) for (int k = 0; k < 3; k++) trace += p[3 * r + k] * q[3 * r + k];
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, (trace - 1) / 2))));
    }

    @Test
    void ownNeutralReadsTurnsThatTheMeanFaceGetsWrong() {
        float[] id = identity();
        PoseSolver canonicalSolver = PoseSolver.create();
        PoseSolver ownSolver = PoseSolver.create(calibrate(id, 0));
        HeadPose frontal = HeadPose.fromAngles(0, 0, 0, 5, -10, -550);
        double worstCanonical = 0, worstOwn = 0;
        for (double[] a : POSES) {
            HeadPose truth = HeadPose.fromAngles(a[0], a[1], 0, 5, -10, -550);
            double c = turnError(canonicalSolver, id, truth, frontal, 0, 1);
            double o = turnError(ownSolver, id, truth, frontal, 0, 1);
            System.out.printf("turn yaw %5.1f pitch %5.1f: error against the mean face %.2f, own neutral %.2f degrees%n", a[0], a[1], c, o);
            worstCanonical = Math.max(worstCanonical, c);
            worstOwn = Math.max(worstOwn, o);
        }
        assertTrue(worstCanonical > 1.5, "the test face must bias the mean-face solver, worst turn error only " + worstCanonical);
        assertTrue(worstOwn < 0.3, "own neutral: turns off by up to " + worstOwn + " degrees (mean face " + worstCanonical + ")");
    }

    @Test
    void ownNeutralStaysBetterWithNoiseAndExpression() {
        float[] id = identity();
        PoseSolver canonicalSolver = PoseSolver.create();
        PoseSolver ownSolver = PoseSolver.create(calibrate(id, 0.5));
        float[] talking = plus(id, PerspectiveProcrustesSolverTest.jawOpen(12));
        HeadPose frontal = HeadPose.fromAngles(0, 0, 0, -20, 15, -600);
        double sumCanonical = 0, sumOwn = 0;
        long seed = 10;
        for (double[] a : POSES) {
            HeadPose truth = HeadPose.fromAngles(a[0], a[1], 0, -20, 15, -600);
            sumCanonical += turnError(canonicalSolver, talking, truth, frontal, 0.7, seed);
            sumOwn += turnError(ownSolver, talking, truth, frontal, 0.7, seed);
            seed += 2;
        }
        System.out.printf("mean turn error, noisy landmarks and an open jaw: mean face %.2f, own neutral %.2f degrees%n",
                sumCanonical / POSES.length, sumOwn / POSES.length);
        assertTrue(sumOwn < 0.5 * sumCanonical, "own neutral " + sumOwn / POSES.length + " vs mean face " + sumCanonical / POSES.length);
    }

    @Test
    void canonicalShapeChangesNothing() {
        HeadPose truth = HeadPose.fromAngles(18, -7, 3, 10, 0, -500);
        var face = PerspectiveProcrustesSolverTest.render(truth, new float[3 * CanonicalFaceMesh.VERTICES], CAMERA, 0, 0, 3);
        FaceGeometry a = PoseSolver.create().solve(face, CAMERA, null);
        FaceGeometry b = PoseSolver.create(FaceShape.canonical()).solve(face, CAMERA, null);
        assertEquals(0, a.pose().angleTo(b.pose()), 1e-6);
        assertArrayEquals(a.displacementMm(), b.displacementMm(), 1e-4f);
    }

    @Test
    void scaleFollowsTheCanonicalFaceSoDistanceReadsTheSame() {
        float[] big = MESH.positionsMm();
        for (int i = 0; i < big.length; i++) big[i] *= 1.3f;
        FaceShape s = FaceShape.of(big);
        assertTrue(s.maxDeviationMm() < 0.5, "a uniformly larger face is the canonical face at the canonical scale: " + s.maxDeviationMm());

        float[] id = identity();
        FaceShape own = calibrate(id, 0);
        HeadPose truth = HeadPose.fromAngles(10, 5, 0, 0, 0, -500);
        var face = PerspectiveProcrustesSolverTest.render(truth, id, CAMERA, 0, 0, 4);
        double canonicalDepth = PoseSolver.create().solve(face, CAMERA, null).pose().t(2);
        double ownDepth = PoseSolver.create(own).solve(face, CAMERA, null).pose().t(2);
        assertEquals(canonicalDepth, ownDepth, 0.02 * Math.abs(canonicalDepth), "head distance, mm");
    }

    @Test
    void rejectsBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> new FaceShape(new float[30]));
        float[] p = MESH.positionsMm();
        p[7] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> new FaceShape(p));
        assertThrows(IllegalArgumentException.class, () -> FaceShape.of(new float[3 * CanonicalFaceMesh.VERTICES]));
        assertThrows(IllegalArgumentException.class, () -> FaceShape.median(List.of()));
    }
}
