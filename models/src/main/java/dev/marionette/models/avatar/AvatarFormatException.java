package dev.marionette.models.avatar;

/** An avatar file that cannot be used; the message says which file and what is wrong. */
public final class AvatarFormatException extends RuntimeException {
    public AvatarFormatException(String message) {
        super(message);
    }

    public AvatarFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
