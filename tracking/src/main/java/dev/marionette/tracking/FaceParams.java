package dev.marionette.tracking;

import dev.marionette.tracking.geometry.CanonicalFaceMesh;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.landmarks.FaceLandmarks;
import dev.marionette.tracking.landmarks.Roi;
import dev.marionette.tracking.params.Blendshapes;
import dev.marionette.tracking.params.Blink;
import dev.marionette.tracking.params.Gaze;
import java.util.Objects;

/**
 * Everything the tracker says about one frame: what drives the avatar. Immutable (arrays are
 * copied in; accessors of arrays return the array itself for speed — do not write to it).
 *
 * @param frame          0-based index of the decoded frame
 * @param tMicros        the frame's timestamp
 * @param face           whether a face was tracked in this frame; when false the parameters
 *                       are easing towards neutral
 * @param score          the landmark model's face-presence score (0 without a face)
 * @param facesDetected  faces the detector saw the last time it ran (it runs only when
 *                       tracking is lost); the tracked one is the largest, most central
 * @param roi            the region tracked in this frame, or null
 * @param landmarks      raw landmarks in image pixels (not filtered), or null without a face
 * @param pose           head pose, filtered
 * @param blink          filtered
 * @param gaze           filtered; null when the landmark model gives no iris points
 * @param blendshapes    filtered
 * @param expressionMm   468 × 3 dense displacement of the canonical vertices in the head frame,
 *                       millimetres, filtered (identity included: the avatar's retargeting
 *                       removes the person's neutral)
 */
public record FaceParams(
        long frame,
        long tMicros,
        boolean face,
        float score,
        int facesDetected,
        Roi roi,
        FaceLandmarks landmarks,
        HeadPose pose,
        Blink blink,
        Gaze gaze,
        Blendshapes blendshapes,
        float[] expressionMm) {

    public FaceParams {
        if (frame < 0) throw new IllegalArgumentException("frame must be >= 0");
        if (!(score >= 0 && score <= 1)) throw new IllegalArgumentException("score outside [0,1]: " + score);
        Objects.requireNonNull(pose, "pose");
        Objects.requireNonNull(blink, "blink");
        Objects.requireNonNull(blendshapes, "blendshapes");
        Objects.requireNonNull(expressionMm, "expressionMm");
        if (expressionMm.length != 3 * CanonicalFaceMesh.VERTICES) {
            throw new IllegalArgumentException("expression must have 468 x 3 values");
        }
        if (face && landmarks == null) throw new IllegalArgumentException("a tracked face needs landmarks");
        expressionMm = expressionMm.clone();
    }

    /** The neutral face at a default pose: what the avatar shows before any face is seen. */
    public static FaceParams neutral(long frame, long tMicros) {
        return new FaceParams(frame, tMicros, false, 0, 0, null, null, HeadPose.FRONTAL_AT_60CM,
                Blink.OPEN, Gaze.AHEAD, Blendshapes.NEUTRAL, new float[3 * CanonicalFaceMesh.VERTICES]);
    }
}
