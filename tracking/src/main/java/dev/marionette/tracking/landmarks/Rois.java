package dev.marionette.tracking.landmarks;

import dev.marionette.tracking.detect.Detection;

/**
 * Regions for the landmark model, as MediaPipe's face mesh graph makes them
 * (face_detection_front_detection_to_roi and face_landmark_landmarks_to_roi): an axis-aligned
 * box turned so the eyes are level, grown 1.5× and made square on its long side.
 */
public final class Rois {
    static final float SCALE = 1.5f;
    /**
     * Landmarks that set the rotation of the next frame's region: the outer corners of both
     * eyes, as MediaPipe's graph has it. (One eye's own corners, 33 → 133, turned every crop by
     * that eye's slant; our landmarks then differed from MediaPipe's by 0.7–1.2 % of the
     * inter-ocular distance on real clips, 0.03–0.13 % since.)
     */
    static final int ROTATION_START = 33, ROTATION_END = 263;

    private Rois() {}

    /** From a detection: rotation from the right-eye → left-eye keypoints. */
    public static Roi fromDetection(Detection d) {
        float rotation = rotation(d.keypointX(0), d.keypointY(0), d.keypointX(1), d.keypointY(1));
        return grow(d.centerX(), d.centerY(), d.width(), d.height(), rotation);
    }

    /** From landmarks of this frame, for the next: box of all points, rotation 33 → 263. */
    public static Roi fromLandmarks(FaceLandmarks face) {
        float minX = Float.MAX_VALUE, minY = Float.MAX_VALUE, maxX = -Float.MAX_VALUE, maxY = -Float.MAX_VALUE;
        for (int i = 0; i < face.count(); i++) {
            minX = Math.min(minX, face.x(i));
            maxX = Math.max(maxX, face.x(i));
            minY = Math.min(minY, face.y(i));
            maxY = Math.max(maxY, face.y(i));
        }
        float rotation = rotation(face.x(ROTATION_START), face.y(ROTATION_START), face.x(ROTATION_END), face.y(ROTATION_END));
        return grow((minX + maxX) / 2, (minY + maxY) / 2, Math.max(1, maxX - minX), Math.max(1, maxY - minY), rotation);
    }

    /**
     * The angle that makes the vector start → end horizontal (target 0), in image pixels with y
     * down; positive when the end point lies lower, as {@link Roi#rotation()} expects.
     */
    static float rotation(float x0, float y0, float x1, float y1) {
        double angle = -Math.atan2(-(y1 - y0), x1 - x0);
        return (float) Math.IEEEremainder(angle, 2 * Math.PI);
    }

    private static Roi grow(float cx, float cy, float w, float h, float rotation) {
        float side = Math.max(w, h) * SCALE;
        return new Roi(cx, cy, side, side, rotation);
    }
}
