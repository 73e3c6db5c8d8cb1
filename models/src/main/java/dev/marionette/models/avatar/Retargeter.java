package dev.marionette.models.avatar;

import dev.marionette.tracking.geometry.CanonicalFaceMesh;

/**
 * Maps a tracked person's expression onto an avatar: the displacement measured against the
 * person's own neutral face, scaled per axis by the ratio of the two faces' proportions (face
 * width for x, forehead-to-chin for y, their mean for z). What comes out is a displacement from
 * the avatar's neutral: the person's identity (their neutral shape) never reaches the avatar.
 *
 * <p>Writes into a caller's array; allocates nothing.
 */
public final class Retargeter {
    private final float sx, sy, sz;

    /**
     * @param personNeutral 468 × 3 dense displacement of the person's neutral face (from a
     *                      calibration profile, or the tracker's running estimate)
     * @param avatarIdentity 468 × 3 identity offsets of the avatar
     */
    public Retargeter(float[] personNeutral, float[] avatarIdentity) {
        float[] person = withCanonical(personNeutral), avatar = withCanonical(avatarIdentity);
        sx = ratio(span(avatar, 0, 234, 454), span(person, 0, 234, 454));
        sy = ratio(span(avatar, 1, 10, 152), span(person, 1, 10, 152));
        sz = (sx + sy) / 2;
    }

    private static float[] withCanonical(float[] offsets) {
        if (offsets.length != 3 * CanonicalFaceMesh.VERTICES) throw new IllegalArgumentException("need 468 x 3 values");
        float[] face = CanonicalFaceMesh.bundled().positionsMm();
        for (int i = 0; i < face.length; i++) face[i] += offsets[i];
        return face;
    }

    private static float span(float[] p, int axis, int a, int b) {
        return Math.abs(p[3 * a + axis] - p[3 * b + axis]);
    }

    private static float ratio(float avatar, float person) {
        float r = person > 1e-3f ? avatar / person : 1;
        return Math.max(0.5f, Math.min(2f, r));
    }

    /**
     * @param trackedDense the frame's dense displacement (from the canonical mesh, identity included)
     * @param personNeutral the person's neutral dense displacement
     * @param out          receives the avatar's expression displacement from its neutral
     */
    public void retarget(float[] trackedDense, float[] personNeutral, float[] out) {
        for (int i = 0; i < out.length; i += 3) {
            out[i] = sx * (trackedDense[i] - personNeutral[i]);
            out[i + 1] = sy * (trackedDense[i + 1] - personNeutral[i + 1]);
            out[i + 2] = sz * (trackedDense[i + 2] - personNeutral[i + 2]);
        }
    }

    /** As {@link #retarget}, for a displacement already taken against the person's neutral. */
    public void retargetDelta(float[] personDelta, float[] out) {
        for (int i = 0; i < out.length; i += 3) {
            out[i] = sx * personDelta[i];
            out[i + 1] = sy * personDelta[i + 1];
            out[i + 2] = sz * personDelta[i + 2];
        }
    }

    public float[] scales() { return new float[] {sx, sy, sz}; }
}
