package dev.marionette.models.avatar;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * An avatar's static content: what the portrait shows of the person outside the face (hair,
 * ears, neck, torso) as a relief mesh in the head frame (millimetres, +x the subject's left, +y
 * up, +z out of the face, as the head template), textured with the photo's own pixels. It moves
 * rigidly with the head and never deforms; renderers draw it with the head template (the
 * tri-plane path rasterises it once into its static planes).
 *
 * @param positionsMm 3 floats per vertex, head frame
 * @param uvs         2 floats per vertex into {@code texture}, u right, v down, in [0, 1]
 * @param triangles   3 vertex indices each, counter-clockwise seen from the front (the photo's camera)
 * @param texture     RGB, the photo's region the relief was cut from (its own image, not the atlas)
 */
public record StaticMesh(float[] positionsMm, float[] uvs, int[] triangles, BufferedImage texture) {
    /** Limits that no relief from a portrait comes near (a file claiming more is damaged). */
    public static final int MAX_VERTICES = 1 << 18, MAX_TRIANGLES = 1 << 19;
    /** No coordinate of static content lies further than this from the head's origin. */
    public static final float MAX_EXTENT_MM = 2000;
    public static final int MIN_TEXTURE = 4, MAX_TEXTURE = 8192;

    public StaticMesh {
        Objects.requireNonNull(texture, "texture");
        if (positionsMm.length == 0 || positionsMm.length % 3 != 0) {
            throw new IllegalArgumentException("static positions must be 3 floats per vertex, got " + positionsMm.length);
        }
        int vertices = positionsMm.length / 3;
        if (vertices > MAX_VERTICES) throw new IllegalArgumentException("static mesh has " + vertices + " vertices, at most " + MAX_VERTICES);
        if (uvs.length != 2 * vertices) {
            throw new IllegalArgumentException("static mesh needs 2 UV floats for each of " + vertices + " vertices, got " + uvs.length);
        }
        if (triangles.length == 0 || triangles.length % 3 != 0) {
            throw new IllegalArgumentException("static triangles must be 3 indices each, got " + triangles.length);
        }
        if (triangles.length / 3 > MAX_TRIANGLES) {
            throw new IllegalArgumentException("static mesh has " + triangles.length / 3 + " triangles, at most " + MAX_TRIANGLES);
        }
        for (int index : triangles) {
            if (index < 0 || index >= vertices) throw new IllegalArgumentException("static triangle index " + index + " outside 0.." + (vertices - 1));
        }
        for (float p : positionsMm) {
            if (!Float.isFinite(p) || Math.abs(p) > MAX_EXTENT_MM) {
                throw new IllegalArgumentException("static vertex coordinate " + p + " mm is not finite or beyond " + MAX_EXTENT_MM + " mm");
            }
        }
        for (float t : uvs) {
            if (!(t >= 0 && t <= 1)) throw new IllegalArgumentException("static UV " + t + " outside [0, 1]");
        }
        int w = texture.getWidth(), h = texture.getHeight();
        if (w < MIN_TEXTURE || h < MIN_TEXTURE || w > MAX_TEXTURE || h > MAX_TEXTURE) {
            throw new IllegalArgumentException("static texture is " + w + "x" + h + ", must be " + MIN_TEXTURE + ".." + MAX_TEXTURE + " per side");
        }
        positionsMm = positionsMm.clone();
        uvs = uvs.clone();
        triangles = triangles.clone();
    }

    @Override public float[] positionsMm() { return positionsMm.clone(); }

    @Override public float[] uvs() { return uvs.clone(); }

    @Override public int[] triangles() { return triangles.clone(); }

    public int vertexCount() { return positionsMm.length / 3; }

    public int triangleCount() { return triangles.length / 3; }
}
