package dev.marionette.renderer.mesh;

import dev.marionette.tracking.geometry.CanonicalFaceMesh;

/**
 * A textured triangle mesh in the head frame (millimetres, +x viewer's right, +y up, +z towards
 * the camera; see {@link CanonicalFaceMesh}), triangles counter-clockwise seen from outside,
 * UVs with u right and v down ((0,0) = top-left texel). Arrays are copied in; the accessors
 * return the arrays themselves for speed: do not write to them.
 *
 * <p>The first 468 vertices of a face avatar are the canonical landmarks, so a FaceParams dense
 * displacement applies to them directly.
 */
public record AvatarMesh(float[] positionsMm, float[] uvs, int[] triangles) {
    public AvatarMesh {
        if (positionsMm.length == 0 || positionsMm.length % 3 != 0) {
            throw new IllegalArgumentException("positions must be 3 floats per vertex, got " + positionsMm.length);
        }
        int vertices = positionsMm.length / 3;
        if (uvs.length != 2 * vertices) {
            throw new IllegalArgumentException("need 2 UV floats for each of " + vertices + " vertices, got " + uvs.length);
        }
        if (triangles.length == 0 || triangles.length % 3 != 0) {
            throw new IllegalArgumentException("triangle list must be 3 indices per triangle, got " + triangles.length);
        }
        for (int index : triangles) {
            if (index < 0 || index >= vertices) throw new IllegalArgumentException("triangle index " + index + " outside 0.." + (vertices - 1));
        }
        for (float p : positionsMm) if (!Float.isFinite(p)) throw new IllegalArgumentException("vertex position is not finite");
        positionsMm = positionsMm.clone();
        uvs = uvs.clone();
        triangles = triangles.clone();
    }

    /** MediaPipe's canonical face mesh: 468 vertices, 898 triangles. */
    public static AvatarMesh canonicalFace() {
        CanonicalFaceMesh mesh = CanonicalFaceMesh.bundled();
        return new AvatarMesh(mesh.positionsMm(), mesh.uvs(), mesh.triangles());
    }

    public int vertexCount() { return positionsMm.length / 3; }

    public int triangleCount() { return triangles.length / 3; }

    /** Centre of the axis-aligned bounding box, millimetres: a pivot for orbit cameras. */
    public float[] boundsCentreMm() {
        float[] min = {Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE};
        float[] max = {-Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE};
        for (int i = 0; i < positionsMm.length; i++) {
            min[i % 3] = Math.min(min[i % 3], positionsMm[i]);
            max[i % 3] = Math.max(max[i % 3], positionsMm[i]);
        }
        return new float[] {(min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2};
    }
}
