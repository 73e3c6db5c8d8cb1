package dev.marionette.models.fitting;

import dev.marionette.tracking.geometry.CanonicalFaceMesh;

/**
 * Tempers a face shape measured from one photo. Two errors dominate it: the landmark model's
 * depth (z) is far noisier than x and y, and a single view mixes the head's small turn and the
 * light into left-right differences. So the shape is pulled towards its own mirror image (faces
 * are nearly symmetric) and its depth offsets are shrunk towards the canonical face's.
 * Measured on the default avatar: without this, the tracker read a rendered 30° turn to the
 * left as 23° and a frontal view as 3° pitched; with it, close to the canonical face's own
 * readings.
 */
public final class IdentityRegularizer {
    /** Share of the mirrored shape mixed in (0.5 = fully symmetric). */
    static final float SYMMETRY = 0.5f;
    /** Factor on the depth offsets. */
    static final float DEPTH = 0.5f;

    private static volatile int[] mirror;

    private IdentityRegularizer() {}

    /** Returns a regularized copy of 468 × 3 identity offsets. */
    public static float[] apply(float[] identity) {
        int[] m = mirrorIndex();
        float[] out = new float[identity.length];
        for (int i = 0; i < CanonicalFaceMesh.VERTICES; i++) {
            int j = m[i];
            // The mirror's offsets, reflected: x flips sign, y and z stay.
            float mx = -identity[3 * j], my = identity[3 * j + 1], mz = identity[3 * j + 2];
            out[3 * i] = (1 - SYMMETRY) * identity[3 * i] + SYMMETRY * mx;
            out[3 * i + 1] = (1 - SYMMETRY) * identity[3 * i + 1] + SYMMETRY * my;
            out[3 * i + 2] = DEPTH * ((1 - SYMMETRY) * identity[3 * i + 2] + SYMMETRY * mz);
        }
        return out;
    }

    /** For each canonical vertex, the vertex nearest to its mirror image across x = 0. */
    static int[] mirrorIndex() {
        int[] m = mirror;
        if (m != null) return m;
        CanonicalFaceMesh mesh = CanonicalFaceMesh.bundled();
        m = new int[CanonicalFaceMesh.VERTICES];
        for (int i = 0; i < m.length; i++) {
            double best = Double.MAX_VALUE;
            for (int j = 0; j < m.length; j++) {
                double dx = mesh.x(j) + mesh.x(i), dy = mesh.y(j) - mesh.y(i), dz = mesh.z(j) - mesh.z(i);
                double d = dx * dx + dy * dy + dz * dz;
                if (d < best) {
                    best = d;
                    m[i] = j;
                }
            }
        }
        mirror = m;
        return m;
    }
}
