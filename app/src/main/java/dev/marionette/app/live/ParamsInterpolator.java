package dev.marionette.app.live;

import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.geometry.HeadPose;

/**
 * Blends the two newest tracker results for a render instant between them, so an avatar drawn
 * at the display rate (60–144 Hz) moves smoothly on a 30 Hz camera. Rendering one tracker
 * interval behind the newest result keeps every instant between two known results; the cost is
 * that interval of latency, which {@link #renderDelayNanos} keeps to the measured interval.
 *
 * <p>Writes into preallocated arrays: no allocation per rendered frame apart from the pose.
 */
final class ParamsInterpolator {
    private TrackedFrame previous;
    private TrackedFrame latest;
    private long intervalNanos = 33_333_333;
    private final float[] dense = new float[468 * 3];
    private final float[] blend = new float[468 * 3];

    /** Takes a new tracker result (call once per new sequence number). */
    void add(TrackedFrame f) {
        if (latest != null) {
            long gap = f.trackedNanos() - latest.trackedNanos();
            if (gap > 0 && gap < 500_000_000L) intervalNanos = (intervalNanos * 7 + gap) / 8;
        }
        previous = latest;
        latest = f;
    }

    boolean ready() { return latest != null; }

    TrackedFrame latest() { return latest; }

    long renderDelayNanos() { return intervalNanos; }

    /** Weight of the latest result at time {@code nowNanos} (0 = previous, 1 = latest). */
    double weight(long nowNanos) {
        if (previous == null) return 1;
        long target = nowNanos - intervalNanos;
        long span = latest.trackedNanos() - previous.trackedNanos();
        if (span <= 0) return 1;
        double w = (double) (target - previous.trackedNanos()) / span;
        return Math.max(0, Math.min(1, w));
    }

    /** The pose at {@code nowNanos}: rotation blended by angles, translation linearly. */
    HeadPose pose(long nowNanos) {
        HeadPose b = latest.params().pose();
        if (previous == null) return b;
        HeadPose a = previous.params().pose();
        double w = weight(nowNanos);
        return HeadPose.fromAngles(lerp(a.yawDeg(), b.yawDeg(), w), lerp(a.pitchDeg(), b.pitchDeg(), w),
                lerp(a.rollDeg(), b.rollDeg(), w), lerp(a.t(0), b.t(0), w), lerp(a.t(1), b.t(1), w), lerp(a.t(2), b.t(2), w));
    }

    /**
     * The expression at {@code nowNanos} with the person's running neutral removed: what the
     * avatar's face should do, in head-frame millimetres (468 × 3, reused array).
     */
    float[] expressionDelta(long nowNanos) {
        FaceParams b = latest.params();
        float[] nb = latest.neutralDense();
        if (previous == null) {
            for (int i = 0; i < dense.length; i++) dense[i] = b.expressionMm()[i] - nb[i];
            return dense;
        }
        float w = (float) weight(nowNanos);
        FaceParams a = previous.params();
        float[] na = previous.neutralDense();
        float[] ea = a.expressionMm(), eb = b.expressionMm();
        for (int i = 0; i < dense.length; i++) {
            blend[i] = (1 - w) * (ea[i] - na[i]) + w * (eb[i] - nb[i]);
        }
        return blend;
    }

    /** A coefficient blended between the two results. */
    float coefficient(long nowNanos, dev.marionette.tracking.params.Blendshape shape) {
        float b = latest.params().blendshapes().get(shape);
        if (previous == null) return b;
        float w = (float) weight(nowNanos);
        return (1 - w) * previous.params().blendshapes().get(shape) + w * b;
    }

    dev.marionette.tracking.params.Blink blink(long nowNanos) {
        var b = latest.params().blink();
        if (previous == null) return b;
        var a = previous.params().blink();
        float w = (float) weight(nowNanos);
        return new dev.marionette.tracking.params.Blink((1 - w) * a.left() + w * b.left(), (1 - w) * a.right() + w * b.right());
    }

    dev.marionette.tracking.params.Gaze gaze(long nowNanos) {
        var b = latest.params().gaze();
        if (b == null) return null;
        var a = previous == null ? null : previous.params().gaze();
        if (a == null) return b;
        float w = (float) weight(nowNanos);
        return new dev.marionette.tracking.params.Gaze(eye(a.left(), b.left(), w), eye(a.right(), b.right(), w));
    }

    private static dev.marionette.tracking.params.EyeGaze eye(dev.marionette.tracking.params.EyeGaze a, dev.marionette.tracking.params.EyeGaze b, float w) {
        return new dev.marionette.tracking.params.EyeGaze((1 - w) * a.yawDeg() + w * b.yawDeg(), (1 - w) * a.pitchDeg() + w * b.pitchDeg());
    }

    private static double lerp(double a, double b, double w) {
        return a + (b - a) * w;
    }
}
