package dev.marionette.renderer.mesh;

import dev.marionette.tracking.geometry.HeadPose;

/** Head poses for a camera circling the head, for turntables, goldens and benchmarks. */
public final class OrbitCamera {
    private OrbitCamera() {}

    /**
     * The head→camera pose of a camera {@code distanceMm} from {@code pivotMm} (head frame),
     * looking at it. Yaw and pitch follow {@link HeadPose}: positive yaw shows the face turned
     * with the nose towards the image's right, positive pitch with the nose up.
     */
    public static HeadPose pose(double yawDeg, double pitchDeg, double distanceMm, float[] pivotMm) {
        if (!(distanceMm > 0)) throw new IllegalArgumentException("orbit distance must be > 0: " + distanceMm);
        HeadPose rotation = HeadPose.fromAngles(yawDeg, pitchDeg, 0, 0, 0, 0);
        double[] rotated = new double[3];
        rotation.toCamera(pivotMm[0], pivotMm[1], pivotMm[2], rotated);
        return HeadPose.fromAngles(yawDeg, pitchDeg, 0, -rotated[0], -rotated[1], -rotated[2] - distanceMm);
    }
}
