package dev.marionette.tracking.capture;

/** An input could not be opened or read; the message names the input and the reason. */
public final class CaptureException extends RuntimeException {
    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
