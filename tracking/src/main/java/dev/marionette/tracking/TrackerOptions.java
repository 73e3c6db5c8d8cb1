package dev.marionette.tracking;

import dev.marionette.tracking.filter.FilterSettings;
import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.geometry.FaceShape;
import dev.marionette.tracking.landmarks.LandmarkModel;
import dev.marionette.tracking.params.ExpressionProfile;
import java.util.Objects;

/**
 * How a {@link FaceTracker} runs; checked once at construction.
 *
 * @param model              landmark model (the attention model gives irises and refined lips/eyes)
 * @param threads            TFLite threads per model, >= 1
 * @param presenceThreshold  below this face-presence score the face counts as lost and the
 *                           detector runs again (MediaPipe's face mesh uses 0.5)
 * @param camera             intrinsics of the input, or null for the default field of view
 *                           scaled to each frame's size
 * @param filter             temporal filtering
 * @param profile            neutral and ranges for the expression coefficients
 * @param adaptNeutral       move the profile's neutral towards this person's running median
 *                           face (see {@link dev.marionette.tracking.params.AdaptiveNeutral});
 *                           off when the profile comes from calibration
 * @param neutralShape       the person's neutral face (from calibration) for the pose solver
 *                           to fit instead of the canonical mean face, or null
 */
public record TrackerOptions(
        LandmarkModel model,
        int threads,
        float presenceThreshold,
        CameraIntrinsics camera,
        FilterSettings filter,
        ExpressionProfile profile,
        boolean adaptNeutral,
        FaceShape neutralShape) {

    public TrackerOptions {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(profile, "profile");
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (!(presenceThreshold > 0 && presenceThreshold < 1)) {
            throw new IllegalArgumentException("presence threshold must be in (0,1), got " + presenceThreshold);
        }
    }

    public static TrackerOptions defaults() {
        return new TrackerOptions(LandmarkModel.WITH_ATTENTION, 1, 0.5f, null, FilterSettings.DEFAULT, ExpressionProfile.standard(), true, null);
    }

    public TrackerOptions withModel(LandmarkModel m) {
        return new TrackerOptions(m, threads, presenceThreshold, camera, filter, profile, adaptNeutral, neutralShape);
    }

    public TrackerOptions withThreads(int n) {
        return new TrackerOptions(model, n, presenceThreshold, camera, filter, profile, adaptNeutral, neutralShape);
    }

    public TrackerOptions withCamera(CameraIntrinsics c) {
        return new TrackerOptions(model, threads, presenceThreshold, c, filter, profile, adaptNeutral, neutralShape);
    }

    public TrackerOptions withFilter(FilterSettings f) {
        return new TrackerOptions(model, threads, presenceThreshold, camera, f, profile, adaptNeutral, neutralShape);
    }

    /** A calibrated profile: used as it is, the neutral no longer adapts. */
    public TrackerOptions withProfile(ExpressionProfile p) {
        return new TrackerOptions(model, threads, presenceThreshold, camera, filter, p, false, neutralShape);
    }

    public TrackerOptions withAdaptNeutral(boolean adapt) {
        return new TrackerOptions(model, threads, presenceThreshold, camera, filter, profile, adapt, neutralShape);
    }

    /** The person's calibrated neutral face for the pose solver (null: the canonical face). */
    public TrackerOptions withNeutralShape(FaceShape shape) {
        return new TrackerOptions(model, threads, presenceThreshold, camera, filter, profile, adaptNeutral, shape);
    }
}
