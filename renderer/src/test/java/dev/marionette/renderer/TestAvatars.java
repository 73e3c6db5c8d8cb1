package dev.marionette.renderer;

import dev.marionette.renderer.mesh.AvatarMesh;
import dev.marionette.renderer.mesh.DebugTextures;
import dev.marionette.renderer.mesh.OrbitCamera;
import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.geometry.HeadPose;
import java.awt.image.BufferedImage;

/** The test avatar: the canonical face mesh with the UV checker texture, and its camera. */
public final class TestAvatars {
    public static final int TEXTURE_SIZE = 512;
    public static final int CHECKER_CELLS = 8;
    /** Orbit distance at which the face fills most of a 30° portrait frame. */
    public static final double ORBIT_DISTANCE_MM = 450;

    private static final AvatarMesh MESH = AvatarMesh.canonicalFace();
    private static final BufferedImage TEXTURE = DebugTextures.uvChecker(TEXTURE_SIZE, CHECKER_CELLS);

    private TestAvatars() {}

    public static AvatarMesh mesh() { return MESH; }

    public static BufferedImage texture() { return TEXTURE; }

    public static HeadPose orbit(double yawDeg, double pitchDeg) {
        return OrbitCamera.pose(yawDeg, pitchDeg, ORBIT_DISTANCE_MM, MESH.boundsCentreMm());
    }

    /** Pixel (u, v) and depth of a head-frame point, by the pinhole model independently of the GPU path. */
    public static double[] project(HeadPose pose, CameraIntrinsics camera, double x, double y, double z) {
        double[] c = new double[3];
        pose.toCamera(x, y, z, c);
        double depth = -c[2];
        return new double[] {camera.fx() * c[0] / depth + camera.cx(), camera.cy() - camera.fy() * c[1] / depth, depth};
    }
}
