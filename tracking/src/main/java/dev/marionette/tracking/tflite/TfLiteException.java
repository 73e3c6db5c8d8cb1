package dev.marionette.tracking.tflite;

/** A model could not be loaded or run; the message says which and why. */
public final class TfLiteException extends RuntimeException {
    public TfLiteException(String message) {
        super(message);
    }

    public TfLiteException(String message, Throwable cause) {
        super(message, cause);
    }
}
