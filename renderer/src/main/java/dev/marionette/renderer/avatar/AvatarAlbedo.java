package dev.marionette.renderer.avatar;

import dev.marionette.models.avatar.Avatar;
import java.awt.image.BufferedImage;

/**
 * The RGB atlas a renderer samples for an avatar: a photo avatar's texture; for a learned one,
 * what its neural texture and decoder decode to at each atlas pixel (the Java reference decoder,
 * at the resolution the appearance was fitted at). The mesh path shows a learned avatar this way
 * (the oracle the tri-plane path is checked against); the tri-plane path carries the neural
 * channels through its planes and decodes them on the GPU, using this atlas only beside the
 * static content's texture.
 */
public final class AvatarAlbedo {
    /** The fitter's default target size: the learned appearance holds no finer detail. */
    public static final int LEARNED_BAKE_SIZE = 512;

    private AvatarAlbedo() {}

    public static BufferedImage of(Avatar avatar) {
        return avatar.isLearned() ? avatar.learned().bake(LEARNED_BAKE_SIZE) : avatar.texture();
    }
}
