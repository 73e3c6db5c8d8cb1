package dev.marionette.app.cli;

import dev.marionette.tracking.TrackerOptions;
import dev.marionette.tracking.filter.FilterSettings;
import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.landmarks.LandmarkModel;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Tracker options shared by the commands that track. */
public final class TrackingOptions {
    /** The command-line names of the landmark models. */
    public enum ModelName {
        attention(LandmarkModel.WITH_ATTENTION), plain(LandmarkModel.PLAIN);

        final LandmarkModel model;

        ModelName(LandmarkModel model) {
            this.model = model;
        }
    }

    @Option(names = "--model", defaultValue = "attention",
            description = "Landmark model: attention (478 points with irises, default) or plain (468, lighter).")
    ModelName model;

    @Option(names = "--threads", defaultValue = "1", description = "TFLite threads per model (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--fov", description = "Vertical field of view of the camera in degrees (default "
            + CameraIntrinsics.DEFAULT_VERTICAL_FOV_DEG + ", typical of webcams).")
    Double fovDeg;

    @Option(names = "--no-filter", description = "Write raw per-frame parameters (no temporal smoothing).")
    boolean noFilter;

    @Option(names = "--camera", paramLabel = "FILE",
            description = "Camera calibration written by 'marionette calibrate camera' (instead of --fov).")
    Path cameraFile;

    TrackerOptions toTrackerOptions(int width, int height) {
        if (threads < 1) throw new UserFacingException("--threads must be at least 1");
        TrackerOptions o = TrackerOptions.defaults().withModel(model.model).withThreads(threads);
        if (fovDeg != null) {
            if (!(fovDeg > 1 && fovDeg < 179)) throw new UserFacingException("--fov must be between 1 and 179 degrees");
            o = o.withCamera(CameraIntrinsics.fromVerticalFov(width, height, fovDeg));
        }
        if (cameraFile != null) {
            if (fovDeg != null) throw new UserFacingException("--camera and --fov both describe the camera: give one of them");
            o = o.withCamera(CalibrationFiles.camera(cameraFile, width, height));
        }
        if (noFilter) o = o.withFilter(FilterSettings.NONE);
        return o;
    }
}
