package dev.marionette.renderer.triplane;

import dev.marionette.models.learned.LearnedAppearance;
import dev.marionette.renderer.mesh.AvatarMesh;
import java.awt.image.BufferedImage;

/**
 * What the tri-plane path renders: a face mesh that each frame deforms (its first vertices are
 * the canonical landmarks, so FaceParams displacements apply to them), the UV texture its UVs
 * and the static content's UVs look up, optional static content (hair, ears, neck, torso; here
 * a mesh rasterised once into the static tri-plane) and the head box the planes cover.
 *
 * <p>A learned avatar's face also carries its neural features through the planes and is decoded
 * by its MLP when marched ({@link Learned}); the texture then serves the static content.
 *
 * @param staticContent null for an empty static tri-plane
 * @param boxMinMm      min corner of the head box (a cube), head frame
 * @param boxSizeMm     edge of the cube; everything the face does must stay inside it
 * @param learned       null for a photo avatar
 */
public record TriPlaneAvatar(AvatarMesh face, BufferedImage texture, AvatarMesh staticContent, float[] boxMinMm, float boxSizeMm,
                             Learned learned) {
    /**
     * A learned appearance in the face's UV space: the face's UVs lie in [0, atlasU) × [0, atlasV)
     * of the texture (static content beyond), and atlas UV = UV / (atlasU, atlasV).
     */
    public record Learned(LearnedAppearance appearance, float atlasU, float atlasV) {
        public Learned {
            if (appearance == null) throw new IllegalArgumentException("a learned avatar needs its appearance");
            if (appearance.texture().channels() % 8 != 0) {
                throw new IllegalArgumentException("the planes carry features in groups of 8; the neural texture has "
                        + appearance.texture().channels() + " channels");
            }
            if (!(atlasU > 0 && atlasU <= 1 && atlasV > 0 && atlasV <= 1)) {
                throw new IllegalArgumentException("face atlas extent " + atlasU + " x " + atlasV + " is outside (0, 1]");
            }
        }
    }

    /** Room around the neutral face for expressions (an open jaw moves the chin ~15 mm). */
    public static final float EXPRESSION_MARGIN_MM = 20;

    public TriPlaneAvatar {
        if (face == null || texture == null) throw new IllegalArgumentException("an avatar needs a face mesh and a texture");
        new TriPlaneLayout(16, boxMinMm, boxSizeMm);  // validates the box
        boxMinMm = boxMinMm.clone();
    }

    /** A photo avatar. */
    public TriPlaneAvatar(AvatarMesh face, BufferedImage texture, AvatarMesh staticContent, float[] boxMinMm, float boxSizeMm) {
        this(face, texture, staticContent, boxMinMm, boxSizeMm, null);
    }

    /** The same avatar with a learned appearance on its face. */
    public TriPlaneAvatar withLearned(Learned appearance) {
        return new TriPlaneAvatar(face, texture, staticContent, boxMinMm, boxSizeMm, appearance);
    }

    /** The face alone (an empty static tri-plane) in a cube around it with room for expressions. */
    public static TriPlaneAvatar of(AvatarMesh face, BufferedImage texture) {
        float[][] bounds = bounds(face.positionsMm(), null);
        TriPlaneLayout box = TriPlaneLayout.enclosing(bounds[0], bounds[1], EXPRESSION_MARGIN_MM, 16);
        return new TriPlaneAvatar(face, texture, null, box.boxMinMm(), box.boxSizeMm());
    }

    /** The same face with static content; the box grows to hold both. */
    public TriPlaneAvatar withStaticContent(AvatarMesh content) {
        float[][] bounds = bounds(face.positionsMm(), null);
        for (int a = 0; a < 3; a++) {
            bounds[0][a] -= EXPRESSION_MARGIN_MM;
            bounds[1][a] += EXPRESSION_MARGIN_MM;
        }
        bounds = bounds(content.positionsMm(), bounds);
        TriPlaneLayout box = TriPlaneLayout.enclosing(bounds[0], bounds[1], 2, 16);
        return new TriPlaneAvatar(face, texture, content, box.boxMinMm(), box.boxSizeMm(), learned);
    }

    @Override public float[] boxMinMm() { return boxMinMm.clone(); }

    public TriPlaneLayout layout(int planeSize) {
        return new TriPlaneLayout(planeSize, boxMinMm, boxSizeMm);
    }

    /** {min, max} of the points, grown from {@code start} when given. */
    static float[][] bounds(float[] positions, float[][] start) {
        float[] min = start == null ? new float[] {Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE} : start[0].clone();
        float[] max = start == null ? new float[] {-Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE} : start[1].clone();
        for (int i = 0; i < positions.length; i++) {
            min[i % 3] = Math.min(min[i % 3], positions[i]);
            max[i % 3] = Math.max(max[i % 3], positions[i]);
        }
        return new float[][] {min, max};
    }
}
