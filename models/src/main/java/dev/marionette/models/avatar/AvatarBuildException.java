package dev.marionette.models.avatar;

/** A photo an avatar cannot be built from (no face, two faces, a tiny face, not an image). */
public final class AvatarBuildException extends RuntimeException {
    public AvatarBuildException(String message) {
        super(message);
    }

    public AvatarBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
