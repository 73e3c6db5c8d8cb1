package dev.marionette.app.cli;

/** An error whose message alone tells the user what happened and what to do. */
public final class UserFacingException extends RuntimeException {
    public UserFacingException(String message) {
        super(message);
    }

    public UserFacingException(String message, Throwable cause) {
        super(message, cause);
    }
}
