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

    /**
     * A closed axis-aligned box, triangles counter-clockwise seen from outside, every vertex at
     * texture coordinate (u, v): static content of one known colour.
     */
    public static AvatarMesh box(float[] min, float[] max, float u, float v) {
        float[] p = new float[24];
        for (int k = 0; k < 8; k++) {
            p[3 * k] = (k & 1) == 0 ? min[0] : max[0];
            p[3 * k + 1] = (k & 2) == 0 ? min[1] : max[1];
            p[3 * k + 2] = (k & 4) == 0 ? min[2] : max[2];
        }
        float[] uv = new float[16];
        for (int k = 0; k < 8; k++) {
            uv[2 * k] = u;
            uv[2 * k + 1] = v;
        }
        int[] t = {
            0, 2, 3, 0, 3, 1,  // -z
            4, 5, 7, 4, 7, 6,  // +z
            0, 4, 6, 0, 6, 2,  // -x
            1, 3, 7, 1, 7, 5,  // +x
            0, 1, 5, 0, 5, 4,  // -y
            2, 6, 7, 2, 7, 3,  // +y
        };
        return new AvatarMesh(p, uv, t);
    }

    /** Pixel (u, v) and depth of a head-frame point, by the pinhole model independently of the GPU path. */
    /**
     * The image box {minX, minY, maxX, maxY} of every triangle that touches a moved vertex, both
     * at rest ({@code positions}) and displaced by {@code offsets}: where a change may show.
     */
    public static double[] movedRegion(HeadPose pose, CameraIntrinsics camera, int[] triangles, float[] positions, float[] offsets,
                                       boolean[] moved) {
        double[] region = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int k = 0; k < triangles.length; k += 3) {
            if (!moved[triangles[k]] && !moved[triangles[k + 1]] && !moved[triangles[k + 2]]) continue;
            for (int j = 0; j < 3; j++) {
                int i = triangles[k + j];
                for (float s : new float[] {0, 1}) {
                    double[] p = project(pose, camera, positions[3 * i] + s * offsets[3 * i],
                            positions[3 * i + 1] + s * offsets[3 * i + 1], positions[3 * i + 2] + s * offsets[3 * i + 2]);
                    region[0] = Math.min(region[0], p[0]);
                    region[1] = Math.min(region[1], p[1]);
                    region[2] = Math.max(region[2], p[0]);
                    region[3] = Math.max(region[3], p[1]);
                }
            }
        }
        return region;
    }

    public static double[] project(HeadPose pose, CameraIntrinsics camera, double x, double y, double z) {
        double[] c = new double[3];
        pose.toCamera(x, y, z, c);
        double depth = -c[2];
        return new double[] {camera.fx() * c[0] / depth + camera.cx(), camera.cy() - camera.fy() * c[1] / depth, depth};
    }
}
