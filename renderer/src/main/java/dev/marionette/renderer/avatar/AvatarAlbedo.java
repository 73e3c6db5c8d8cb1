package dev.marionette.renderer.avatar;

import dev.marionette.models.avatar.Avatar;
import java.awt.image.BufferedImage;

/**
 * The RGB atlas a renderer samples for an avatar: a photo avatar's texture; for a learned one,
 * what its neural texture and decoder decode to at each atlas pixel (the Java reference decoder,
 * at the resolution the appearance was fitted at). Both renderers show a learned avatar this way
 * for now: the tri-plane path does not yet carry the neural channels through its planes.
 */
public final class AvatarAlbedo {
    /** The fitter's default target size: the learned appearance holds no finer detail. */
    public static final int LEARNED_BAKE_SIZE = 512;

    private AvatarAlbedo() {}

    public static BufferedImage of(Avatar avatar) {
        return avatar.isLearned() ? avatar.learned().bake(LEARNED_BAKE_SIZE) : avatar.texture();
    }
}
