package dev.marionette.app.cli;

import dev.marionette.calibration.CalibrationException;
import dev.marionette.calibration.camera.CameraCalibration;
import dev.marionette.calibration.face.FaceProfile;
import dev.marionette.tracking.capture.CaptureException;
import dev.marionette.tracking.capture.CaptureOptions;
import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.geometry.CameraIntrinsics;
import java.nio.file.Files;
import java.nio.file.Path;

/** Calibration files and inputs as the commands use them: every failure becomes one line for the user. */
final class CalibrationFiles {
    /** What "--input webcam" means when no file of that name exists. */
    static final String WEBCAM = "webcam";

    private CalibrationFiles() {}

    static FaceProfile profile(Path file) {
        try {
            return FaceProfile.load(file);
        } catch (CalibrationException e) {
            throw new UserFacingException(e.getMessage(), e);
        }
    }

    /** The calibrated camera for frames of this size. */
    static CameraIntrinsics camera(Path file, int width, int height) {
        try {
            return CameraCalibration.load(file).intrinsicsFor(width, height);
        } catch (CalibrationException e) {
            throw new UserFacingException(e.getMessage(), e);
        }
    }

    /** Opens an input as {@code track} does, plus "webcam" for the first camera. */
    static FrameSource open(String input, CaptureOptions options) {
        String spec = WEBCAM.equalsIgnoreCase(input) && !Files.exists(Path.of(input)) ? "0" : input;
        try {
            return TrackCommand.openInput(spec, options);
        } catch (CaptureException e) {
            throw new UserFacingException(e.getMessage(), e);
        }
    }
}
