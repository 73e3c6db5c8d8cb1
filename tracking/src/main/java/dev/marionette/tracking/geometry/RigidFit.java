package dev.marionette.tracking.geometry;

/**
 * Rigid (rotation + translation) weighted alignment of a face onto the canonical mesh, over
 * the same Procrustes basis the pose solver uses. Removes from a measured face shape the head
 * rotation it still carries, so that shape rendered "frontal" also reads frontal.
 */
public final class RigidFit {
    private RigidFit() {}

    /**
     * @param face 468 × 3 head-frame points
     * @return the points moved by the rigid motion that best maps their basis points onto the
     *         canonical ones (a new array)
     */
    public static float[] ontoCanonical(float[] face) {
        CanonicalFaceMesh mesh = CanonicalFaceMesh.bundled();
        double sw = 0, ax = 0, ay = 0, az = 0, bx = 0, by = 0, bz = 0;
        for (int i = 0; i < CanonicalFaceMesh.VERTICES; i++) {
            double w = mesh.procrustesWeight(i);
            if (w <= 0) continue;
            sw += w;
            ax += w * face[3 * i];
            ay += w * face[3 * i + 1];
            az += w * face[3 * i + 2];
            bx += w * mesh.x(i);
            by += w * mesh.y(i);
            bz += w * mesh.z(i);
        }
        ax /= sw; ay /= sw; az /= sw; bx /= sw; by /= sw; bz /= sw;
        double[] h = new double[9];
        for (int i = 0; i < CanonicalFaceMesh.VERTICES; i++) {
            double w = mesh.procrustesWeight(i);
            if (w <= 0) continue;
            double a0 = face[3 * i] - ax, a1 = face[3 * i + 1] - ay, a2 = face[3 * i + 2] - az;
            double b0 = mesh.x(i) - bx, b1 = mesh.y(i) - by, b2 = mesh.z(i) - bz;
            h[0] += w * a0 * b0; h[1] += w * a0 * b1; h[2] += w * a0 * b2;
            h[3] += w * a1 * b0; h[4] += w * a1 * b1; h[5] += w * a1 * b2;
            h[6] += w * a2 * b0; h[7] += w * a2 * b1; h[8] += w * a2 * b2;
        }
        double[] r = Rotations.bestRotation(h);
        float[] out = new float[face.length];
        for (int i = 0; i < face.length / 3; i++) {
            double x = face[3 * i] - ax, y = face[3 * i + 1] - ay, z = face[3 * i + 2] - az;
            out[3 * i] = (float) (r[0] * x + r[1] * y + r[2] * z + bx);
            out[3 * i + 1] = (float) (r[3] * x + r[4] * y + r[5] * z + by);
            out[3 * i + 2] = (float) (r[6] * x + r[7] * y + r[8] * z + bz);
        }
        return out;
    }
}
