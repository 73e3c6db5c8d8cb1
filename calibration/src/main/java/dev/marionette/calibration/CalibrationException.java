package dev.marionette.calibration;

/**
 * Calibration could not produce a usable result, or a calibration file is unusable. The message
 * alone tells the user what is wrong and, where there is one, what to do about it; a command
 * line prints it as it is.
 */
public final class CalibrationException extends RuntimeException {
    public CalibrationException(String message) {
        super(message);
    }

    public CalibrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
