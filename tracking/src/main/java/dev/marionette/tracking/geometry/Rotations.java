package dev.marionette.tracking.geometry;

/** Small dense 3-D rotation helpers on row-major double[9] matrices. */
final class Rotations {
    private Rotations() {}

    /**
     * The rotation R maximising sum_k H[k] contributions, i.e. the R that best maps the centred
     * source points onto the centred target points, from the cross-covariance
     * H = sum w a b^T (a source, b target), by Horn's closed form with unit quaternions: R is the
     * eigenvector of the largest eigenvalue of a symmetric 4x4 matrix built from H. Always proper
     * (det +1), unlike a bare SVD solution.
     */
    static double[] bestRotation(double[] h) {
        double sxx = h[0], sxy = h[1], sxz = h[2];
        double syx = h[3], syy = h[4], syz = h[5];
        double szx = h[6], szy = h[7], szz = h[8];
        double[] n = {
            sxx + syy + szz, syz - szy, szx - sxz, sxy - syx,
            syz - szy, sxx - syy - szz, sxy + syx, szx + sxz,
            szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy,
            sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz,
        };
        double[] q = largestEigenvector4(n);
        return fromQuaternion(q[0], q[1], q[2], q[3]);
    }

    static double[] fromQuaternion(double w, double x, double y, double z) {
        double norm = Math.sqrt(w * w + x * x + y * y + z * z);
        w /= norm; x /= norm; y /= norm; z /= norm;
        return new double[] {
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
        };
    }

    /** Jacobi eigenvalue iteration on a symmetric 4x4 (row-major); returns the top eigenvector. */
    static double[] largestEigenvector4(double[] symmetric) {
        double[] a = symmetric.clone();
        double[] v = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        for (int sweep = 0; sweep < 50; sweep++) {
            double off = 0;
            for (int p = 0; p < 4; p++) for (int q = p + 1; q < 4; q++) off += a[4 * p + q] * a[4 * p + q];
            if (off < 1e-30) break;
            for (int p = 0; p < 4; p++) {
                for (int q = p + 1; q < 4; q++) {
                    double apq = a[4 * p + q];
                    if (Math.abs(apq) < 1e-300) continue;
                    double theta = (a[4 * q + q] - a[4 * p + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < 4; k++) {
                        double akp = a[4 * k + p], akq = a[4 * k + q];
                        a[4 * k + p] = c * akp - s * akq;
                        a[4 * k + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < 4; k++) {
                        double apk = a[4 * p + k], aqk = a[4 * q + k];
                        a[4 * p + k] = c * apk - s * aqk;
                        a[4 * q + k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < 4; k++) {
                        double vkp = v[4 * k + p], vkq = v[4 * k + q];
                        v[4 * k + p] = c * vkp - s * vkq;
                        v[4 * k + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i < 4; i++) if (a[5 * i] > a[5 * best]) best = i;
        return new double[] {v[best], v[4 + best], v[8 + best], v[12 + best]};
    }

    /** out = exp([w]x) * r (Rodrigues), the small-update step of the pose solver. */
    static void rotateBy(double wx, double wy, double wz, double[] r, double[] out) {
        double angle = Math.sqrt(wx * wx + wy * wy + wz * wz);
        double[] e;
        if (angle < 1e-15) {
            e = new double[] {1, -wz, wy, wz, 1, -wx, -wy, wx, 1};
        } else {
            double kx = wx / angle, ky = wy / angle, kz = wz / angle;
            double c = Math.cos(angle), s = Math.sin(angle), t = 1 - c;
            e = new double[] {
                t * kx * kx + c, t * kx * ky - s * kz, t * kx * kz + s * ky,
                t * kx * ky + s * kz, t * ky * ky + c, t * ky * kz - s * kx,
                t * kx * kz - s * ky, t * ky * kz + s * kx, t * kz * kz + c,
            };
        }
        double[] tmp = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                tmp[3 * i + j] = e[3 * i] * r[j] + e[3 * i + 1] * r[3 + j] + e[3 * i + 2] * r[6 + j];
            }
        }
        System.arraycopy(tmp, 0, out, 0, 9);
    }
}
