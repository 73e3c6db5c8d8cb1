package dev.marionette.tracking.geometry;

import dev.marionette.tracking.landmarks.FaceLandmarks;

/**
 * Head pose by weighted Procrustes against a reference face — the canonical mesh, or once the
 * person is known their own neutral {@link FaceShape} — refined under the pinhole camera.
 *
 * <ol>
 *   <li>Weak-perspective start: the landmarks, lifted to (x, −y, −z) pixels about the principal
 *       point, are matched to the reference's basis points by a weighted similarity Procrustes
 *       (Horn's quaternion solution); its scale (pixels per millimetre) gives the head's depth
 *       as focal length / scale.</li>
 *   <li>Perspective refinement: Levenberg–Marquardt over rotation, translation and the unknown
 *       origin of the landmark model's relative z, minimising the weighted reprojection error of
 *       the basis points plus a down-weighted depth term. The model's z is read as weak
 *       perspective about the head: {@code z ≈ fx (d − d_head) / d_head + offset}, d the
 *       distance along the optical axis.</li>
 *   <li>Back-projection: each landmark's depth from its z under that model, unprojected through
 *       the camera and moved into the head frame. Its difference from the canonical vertex is
 *       the dense displacement (always from the canonical mesh, whatever the reference: it carries
 *       the person's identity, which retargeting removes). The steady points instead take the
 *       canonical face's depth at each landmark, in the fitted pose (see {@link FaceGeometry});
 *       the canonical face's and not the reference's, whose depth is the landmark model's
 *       view of the person at calibration: on the default avatar that depth moved the eye
 *       corners against the irises (gaze at yaw 20 read 2 to 3 degrees further off) and it
 *       would make the expression measures depend on which reference is fitted.</li>
 * </ol>
 * Only the Procrustes basis drives the pose: MediaPipe's weights, chosen to follow the skull
 * and ignore expression, less the two points on the mandible (136, 365), which ride along with
 * an opening jaw (with them a 25 mm jaw drop read as 5 degrees of head pitch). So an open jaw or
 * a smile does not tilt the head.
 *
 * <p>Why a person's own reference: a face shaped unlike the mean face reads a biased pose
 * against it, because the solver explains the shape difference as rotation (the default
 * avatar's exact landmarks read pitch 11 % steep plus 1.2 degrees, yaw 4 % short). Against the
 * face's own neutral the only difference left is the expression, which the basis ignores.
 *
 * <p>Not thread-safe: one instance per tracking thread (it keeps scratch arrays).
 */
public final class PerspectiveProcrustesSolver implements PoseSolver {
    /** Weight of the depth residual relative to x/y: the model's z is noisier than its x/y. */
    private static final double DEPTH_WEIGHT = 0.25;
    private static final int MAX_ITERATIONS = 30;
    /** Basis points on the lower jaw bone, left out of the pose fit (see the class comment). */
    private static final java.util.Set<Integer> MANDIBLE = java.util.Set.of(136, 365, 132, 361, 147, 376, 205, 425);

    private final CanonicalFaceMesh mesh;
    private final int[] basis;
    private final double[] basisWeights;
    private final double[] canonical;
    /** The face the pose is fitted to, 468 × 3: the canonical mesh or the person's own. */
    private final double[] reference;

    // Scratch, reused across frames.
    private final double[] residual;
    private final double[] residualTry;
    private final double[] jacobian;
    private final double[] rotation = new double[9];
    private final double[] rotationTry = new double[9];
    private final double[] point = new double[3];
    private final double[] steadyPoint = new double[3];
    /**
     * Mean canonical position of each eye's lid contour: the depth given to its iris points. The
     * landmark model puts the iris there too (MediaPipe's own output on d9, d11 and d18: median
     * iris-centre depth minus lid-contour mean depth 0.00 mm).
     */
    private final double[] rightEyeCentre, leftEyeCentre;
    private static final int[] RIGHT_EYE_RING = {33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7};
    private static final int[] LEFT_EYE_RING = {263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249};

    /** Fits the canonical mean face. */
    public PerspectiveProcrustesSolver(CanonicalFaceMesh mesh) {
        this(mesh, null);
    }

    /**
     * @param mesh      the canonical mesh: basis, weights and the origin of the displacement
     * @param reference the person's neutral face to fit the pose to, or null for the mesh itself
     */
    public PerspectiveProcrustesSolver(CanonicalFaceMesh mesh, FaceShape reference) {
        this.mesh = mesh;
        int n = 0;
        for (int i = 0; i < CanonicalFaceMesh.VERTICES; i++) if (inBasis(mesh, i)) n++;
        basis = new int[n];
        basisWeights = new double[n];
        n = 0;
        for (int i = 0; i < CanonicalFaceMesh.VERTICES; i++) {
            if (inBasis(mesh, i)) {
                basis[n] = i;
                basisWeights[n] = mesh.procrustesWeight(i);
                n++;
            }
        }
        canonical = new double[3 * CanonicalFaceMesh.VERTICES];
        for (int i = 0; i < CanonicalFaceMesh.VERTICES; i++) {
            canonical[3 * i] = mesh.x(i);
            canonical[3 * i + 1] = mesh.y(i);
            canonical[3 * i + 2] = mesh.z(i);
        }
        if (reference == null) {
            this.reference = canonical;
        } else {
            float[] points = reference.pointsMm();
            this.reference = new double[points.length];
            for (int i = 0; i < points.length; i++) this.reference[i] = points[i];
        }
        rightEyeCentre = ringCentre(canonical, RIGHT_EYE_RING);
        leftEyeCentre = ringCentre(canonical, LEFT_EYE_RING);
        residual = new double[3 * n];
        residualTry = new double[3 * n];
        jacobian = new double[3 * n * 7];
    }

    private static boolean inBasis(CanonicalFaceMesh mesh, int i) {
        return mesh.procrustesWeight(i) > 0 && !MANDIBLE.contains(i);
    }

    @Override
    public FaceGeometry solve(FaceLandmarks face, CameraIntrinsics camera, HeadPose previous) {
        double[] t = new double[3];
        double[] offset = new double[1];
        initialise(face, camera, previous, t, offset);
        double rms = refine(face, camera, t, offset);
        return backProject(face, camera, t, offset[0], rms);
    }

    /** Step 1, or the previous pose when given (its depth offset re-estimated). */
    private void initialise(FaceLandmarks face, CameraIntrinsics camera, HeadPose previous, double[] t, double[] offset) {
        double sw = 0, ax = 0, ay = 0, az = 0, bx = 0, by = 0, bz = 0;
        for (int k = 0; k < basis.length; k++) {
            int i = basis[k];
            double w = basisWeights[k];
            sw += w;
            ax += w * reference[3 * i];
            ay += w * reference[3 * i + 1];
            az += w * reference[3 * i + 2];
            bx += w * (face.x(i) - camera.cx());
            by += w * -(face.y(i) - camera.cy()) * camera.fx() / camera.fy();
            bz += w * -face.z(i);
        }
        ax /= sw; ay /= sw; az /= sw; bx /= sw; by /= sw; bz /= sw;
        double[] h = new double[9];
        double aa = 0;
        for (int k = 0; k < basis.length; k++) {
            int i = basis[k];
            double w = basisWeights[k];
            double a0 = reference[3 * i] - ax, a1 = reference[3 * i + 1] - ay, a2 = reference[3 * i + 2] - az;
            double b0 = face.x(i) - camera.cx() - bx;
            double b1 = -(face.y(i) - camera.cy()) * camera.fx() / camera.fy() - by;
            double b2 = -face.z(i) - bz;
            h[0] += w * a0 * b0; h[1] += w * a0 * b1; h[2] += w * a0 * b2;
            h[3] += w * a1 * b0; h[4] += w * a1 * b1; h[5] += w * a1 * b2;
            h[6] += w * a2 * b0; h[7] += w * a2 * b1; h[8] += w * a2 * b2;
            aa += w * (a0 * a0 + a1 * a1 + a2 * a2);
        }
        double[] r = Rotations.bestRotation(h);
        double ab = 0;
        for (int k = 0; k < 9; k++) ab += r[k] * h[k];
        double scale = ab / aa; // pixels per millimetre at the head
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("degenerate landmarks: cannot estimate face scale");
        }
        if (previous != null) {
            for (int k = 0; k < 9; k++) rotation[k] = previous.r(k / 3, k % 3);
            for (int k = 0; k < 3; k++) t[k] = previous.t(k);
        } else {
            System.arraycopy(r, 0, rotation, 0, 9);
            double depth = camera.fx() / scale;
            // The canonical origin lands at pixel offset (b - s R a) from the principal point.
            double ox = bx - scale * (r[0] * ax + r[1] * ay + r[2] * az);
            double oy = by - scale * (r[3] * ax + r[4] * ay + r[5] * az);
            t[0] = ox * depth / camera.fx();
            t[1] = oy * depth / camera.fx();
            t[2] = -depth;
        }
        offset[0] = 0;
        evaluate(face, camera, rotation, t, 0, residual);
        double mean = 0;
        for (int k = 0; k < basis.length; k++) mean += basisWeights[k] * residual[3 * k + 2] / Math.sqrt(basisWeights[k] * DEPTH_WEIGHT);
        offset[0] = -mean / sw;
    }

    /**
     * Weighted residuals (predicted − measured) of the basis points: u, v in pixels and the
     * depth term, each times sqrt(weight).
     */
    private void evaluate(FaceLandmarks face, CameraIntrinsics camera, double[] r, double[] t, double offset, double[] out) {
        double dHead = -t[2];
        for (int k = 0; k < basis.length; k++) {
            int i = basis[k];
            double cx0 = reference[3 * i], cy0 = reference[3 * i + 1], cz0 = reference[3 * i + 2];
            double x = r[0] * cx0 + r[1] * cy0 + r[2] * cz0 + t[0];
            double y = r[3] * cx0 + r[4] * cy0 + r[5] * cz0 + t[1];
            double z = r[6] * cx0 + r[7] * cy0 + r[8] * cz0 + t[2];
            double d = -z;
            double u = camera.cx() + camera.fx() * x / d;
            double v = camera.cy() - camera.fy() * y / d;
            double zPx = camera.fx() * (d - dHead) / dHead + offset;
            double sw = Math.sqrt(basisWeights[k]);
            out[3 * k] = sw * (u - face.x(i));
            out[3 * k + 1] = sw * (v - face.y(i));
            out[3 * k + 2] = sw * Math.sqrt(DEPTH_WEIGHT) * (zPx - face.z(i));
        }
    }

    private static double squaredNorm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return s;
    }

    /** Levenberg–Marquardt on (rotation increment, translation, z offset); returns the xy RMS in px. */
    private double refine(FaceLandmarks face, CameraIntrinsics camera, double[] t, double[] offset) {
        int m = residual.length;
        double[] tTry = new double[3];
        double[] normal = new double[49];
        double[] gradient = new double[7];
        double[] step = new double[7];
        double lambda = 1e-3;
        evaluate(face, camera, rotation, t, offset[0], residual);
        double cost = squaredNorm(residual);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            numericJacobian(face, camera, t, offset[0]);
            java.util.Arrays.fill(normal, 0);
            java.util.Arrays.fill(gradient, 0);
            for (int row = 0; row < m; row++) {
                for (int a = 0; a < 7; a++) {
                    double ja = jacobian[7 * row + a];
                    if (ja == 0) continue;
                    gradient[a] += ja * residual[row];
                    for (int b = 0; b < 7; b++) normal[7 * a + b] += ja * jacobian[7 * row + b];
                }
            }
            boolean improved = false;
            for (int attempt = 0; attempt < 10 && !improved; attempt++) {
                double[] damped = normal.clone();
                for (int a = 0; a < 7; a++) damped[8 * a] += lambda * (normal[8 * a] + 1e-9);
                for (int a = 0; a < 7; a++) step[a] = -gradient[a];
                if (!solveInPlace(damped, step, 7)) {
                    lambda *= 10;
                    continue;
                }
                Rotations.rotateBy(step[0], step[1], step[2], rotation, rotationTry);
                for (int k = 0; k < 3; k++) tTry[k] = t[k] + step[3 + k];
                double offsetTry = offset[0] + step[6];
                if (!(tTry[2] < 0)) {
                    lambda *= 10;
                    continue;
                }
                evaluate(face, camera, rotationTry, tTry, offsetTry, residualTry);
                double costTry = squaredNorm(residualTry);
                if (costTry < cost) {
                    improved = true;
                    System.arraycopy(rotationTry, 0, rotation, 0, 9);
                    System.arraycopy(tTry, 0, t, 0, 3);
                    offset[0] = offsetTry;
                    System.arraycopy(residualTry, 0, residual, 0, m);
                    double relative = (cost - costTry) / Math.max(cost, 1e-30);
                    cost = costTry;
                    lambda = Math.max(lambda / 10, 1e-9);
                    if (relative < 1e-12) return xyRms();
                } else {
                    lambda *= 10;
                }
            }
            if (!improved) break;
        }
        return xyRms();
    }

    private double xyRms() {
        double s = 0, sw = 0;
        for (int k = 0; k < basis.length; k++) {
            s += residual[3 * k] * residual[3 * k] + residual[3 * k + 1] * residual[3 * k + 1];
            sw += basisWeights[k];
        }
        return Math.sqrt(s / sw / 2);
    }

    private void numericJacobian(FaceLandmarks face, CameraIntrinsics camera, double[] t, double offset) {
        int m = residual.length;
        double[] tPlus = new double[3];
        for (int a = 0; a < 7; a++) {
            double h;
            System.arraycopy(t, 0, tPlus, 0, 3);
            double offsetPlus = offset;
            if (a < 3) {
                h = 1e-6;
                Rotations.rotateBy(a == 0 ? h : 0, a == 1 ? h : 0, a == 2 ? h : 0, rotation, rotationTry);
            } else {
                System.arraycopy(rotation, 0, rotationTry, 0, 9);
                if (a < 6) {
                    h = 1e-4 * Math.max(1, Math.abs(t[2]) / 100);
                    tPlus[a - 3] += h;
                } else {
                    h = 1e-4;
                    offsetPlus += h;
                }
            }
            evaluate(face, camera, rotationTry, tPlus, offsetPlus, residualTry);
            for (int row = 0; row < m; row++) jacobian[7 * row + a] = (residualTry[row] - residual[row]) / h;
        }
    }

    /** Gaussian elimination with partial pivoting; b is replaced by the solution. */
    private static boolean solveInPlace(double[] a, double[] b, int n) {
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) if (Math.abs(a[n * row + col]) > Math.abs(a[n * pivot + col])) pivot = row;
            if (Math.abs(a[n * pivot + col]) < 1e-300) return false;
            if (pivot != col) {
                for (int k = 0; k < n; k++) {
                    double tmp = a[n * col + k]; a[n * col + k] = a[n * pivot + k]; a[n * pivot + k] = tmp;
                }
                double tmp = b[col]; b[col] = b[pivot]; b[pivot] = tmp;
            }
            for (int row = col + 1; row < n; row++) {
                double f = a[n * row + col] / a[n * col + col];
                if (f == 0) continue;
                for (int k = col; k < n; k++) a[n * row + k] -= f * a[n * col + k];
                b[row] -= f * b[col];
            }
        }
        for (int row = n - 1; row >= 0; row--) {
            double s = b[row];
            for (int k = row + 1; k < n; k++) s -= a[n * row + k] * b[k];
            b[row] = s / a[n * row + row];
        }
        return true;
    }

    private FaceGeometry backProject(FaceLandmarks face, CameraIntrinsics camera, double[] t, double offset, double rms) {
        HeadPose pose = HeadPose.fromRotation(rotation, t);
        int count = face.count();
        float[] head = new float[3 * count];
        float[] steady = new float[3 * count];
        float[] displacement = new float[3 * CanonicalFaceMesh.VERTICES];
        double dHead = -t[2];
        for (int i = 0; i < count; i++) {
            double d = dHead + (face.z(i) - offset) * dHead / camera.fx();
            double x = (face.x(i) - camera.cx()) * d / camera.fx();
            double y = -(face.y(i) - camera.cy()) * d / camera.fy();
            pose.toHead(x, y, -d, point);
            head[3 * i] = (float) point[0];
            head[3 * i + 1] = (float) point[1];
            head[3 * i + 2] = (float) point[2];
            // The point on its camera ray at the depth the canonical face, in the fitted pose, has there.
            double dModel = modelDepth(i, t);
            double xs = (face.x(i) - camera.cx()) * dModel / camera.fx();
            double ys = -(face.y(i) - camera.cy()) * dModel / camera.fy();
            pose.toHead(xs, ys, -dModel, steadyPoint);
            steady[3 * i] = (float) steadyPoint[0];
            steady[3 * i + 1] = (float) steadyPoint[1];
            steady[3 * i + 2] = (float) steadyPoint[2];
            if (i < CanonicalFaceMesh.VERTICES) {
                displacement[3 * i] = (float) (point[0] - canonical[3 * i]);
                displacement[3 * i + 1] = (float) (point[1] - canonical[3 * i + 1]);
                displacement[3 * i + 2] = (float) (point[2] - canonical[3 * i + 2]);
            }
        }
        return new FaceGeometry(pose, head, steady, displacement, rms);
    }

    /**
     * Distance along the optical axis of landmark i on the canonical face in the fitted pose
     * (the irises: their eye's lid ring), millimetres.
     */
    private double modelDepth(int i, double[] t) {
        double cx, cy, cz;
        if (i < CanonicalFaceMesh.VERTICES) {
            cx = canonical[3 * i];
            cy = canonical[3 * i + 1];
            cz = canonical[3 * i + 2];
        } else {
            double[] eye = i < FaceLandmarks.LEFT_IRIS_CENTER ? rightEyeCentre : leftEyeCentre;
            cx = eye[0];
            cy = eye[1];
            cz = eye[2];
        }
        return -(rotation[6] * cx + rotation[7] * cy + rotation[8] * cz + t[2]);
    }

    private static double[] ringCentre(double[] points, int[] ring) {
        double[] c = new double[3];
        for (int v : ring) for (int a = 0; a < 3; a++) c[a] += points[3 * v + a] / ring.length;
        return c;
    }

    /** The mesh this solver fits against. */
    public CanonicalFaceMesh mesh() { return mesh; }
}
