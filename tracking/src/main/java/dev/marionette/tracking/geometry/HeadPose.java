package dev.marionette.tracking.geometry;

/**
 * The head's 6-DoF pose: head frame (see {@link CanonicalFaceMesh}) to camera frame.
 *
 * <p>Camera frame: x right, y up, z towards the viewer (the camera looks down −z, as in OpenGL
 * and MediaPipe's geometry pipeline), millimetres. A point p of the head frame is at
 * {@code R p + t} in the camera frame. A face looking straight into the camera has R = I.
 *
 * <p>Angles, degrees, as the viewer of the image sees them: positive yaw turns the nose towards
 * the image's right, positive pitch turns it up, positive roll turns the head counter-clockwise
 * on screen. R = Ry(yaw) · Rx(−pitch) · Rz(roll).
 *
 * @param rotation      3×3 row-major, copied in and out
 * @param translationMm camera-frame position of the head frame's origin, copied in and out
 */
public record HeadPose(double yawDeg, double pitchDeg, double rollDeg, double[] rotation, double[] translationMm) {
    public static final HeadPose FRONTAL_AT_60CM = fromAngles(0, 0, 0, 0, 0, -600);

    public HeadPose {
        if (rotation.length != 9 || translationMm.length != 3) {
            throw new IllegalArgumentException("rotation must be 3x3 and translation 3 values");
        }
        rotation = rotation.clone();
        translationMm = translationMm.clone();
    }

    @Override public double[] rotation() { return rotation.clone(); }

    @Override public double[] translationMm() { return translationMm.clone(); }

    /** Element (row, col) of the rotation, without copying. */
    public double r(int row, int col) { return rotation[3 * row + col]; }

    public double t(int axis) { return translationMm[axis]; }

    /** Builds R from the angles (as documented above) and the given translation. */
    public static HeadPose fromAngles(double yawDeg, double pitchDeg, double rollDeg, double tx, double ty, double tz) {
        return new HeadPose(yawDeg, pitchDeg, rollDeg, rotationFromAngles(yawDeg, pitchDeg, rollDeg), new double[] {tx, ty, tz});
    }

    /** Builds the pose from a rotation matrix (must be orthonormal, det +1) and reads the angles off it. */
    public static HeadPose fromRotation(double[] r, double[] translationMm) {
        double[] angles = anglesFromRotation(r);
        return new HeadPose(angles[0], angles[1], angles[2], r, translationMm);
    }

    static double[] rotationFromAngles(double yawDeg, double pitchDeg, double rollDeg) {
        double a = Math.toRadians(yawDeg), b = Math.toRadians(-pitchDeg), c = Math.toRadians(rollDeg);
        double ca = Math.cos(a), sa = Math.sin(a), cb = Math.cos(b), sb = Math.sin(b), cc = Math.cos(c), sc = Math.sin(c);
        return new double[] {
            ca * cc + sa * sb * sc, -ca * sc + sa * sb * cc, sa * cb,
            cb * sc, cb * cc, -sb,
            -sa * cc + ca * sb * sc, sa * sc + ca * sb * cc, ca * cb,
        };
    }

    /** {yaw, pitch, roll} in degrees; at pitch ±90° (gimbal lock) roll is folded into yaw. */
    static double[] anglesFromRotation(double[] r) {
        double sb = -r[5];
        double b = Math.asin(Math.max(-1, Math.min(1, sb)));
        double a, c;
        if (Math.abs(sb) < 0.999999) {
            a = Math.atan2(r[2], r[8]);
            c = Math.atan2(r[3], r[4]);
        } else {
            a = Math.atan2(-r[6], r[0]);
            c = 0;
        }
        return new double[] {Math.toDegrees(a), -Math.toDegrees(b), Math.toDegrees(c)};
    }

    /** Maps head-frame point (x, y, z) to the camera frame, into out[0..2]. */
    public void toCamera(double x, double y, double z, double[] out) {
        out[0] = rotation[0] * x + rotation[1] * y + rotation[2] * z + translationMm[0];
        out[1] = rotation[3] * x + rotation[4] * y + rotation[5] * z + translationMm[1];
        out[2] = rotation[6] * x + rotation[7] * y + rotation[8] * z + translationMm[2];
    }

    /** Maps camera-frame point to the head frame (inverse of {@link #toCamera}), into out[0..2]. */
    public void toHead(double x, double y, double z, double[] out) {
        double dx = x - translationMm[0], dy = y - translationMm[1], dz = z - translationMm[2];
        out[0] = rotation[0] * dx + rotation[3] * dy + rotation[6] * dz;
        out[1] = rotation[1] * dx + rotation[4] * dy + rotation[7] * dz;
        out[2] = rotation[2] * dx + rotation[5] * dy + rotation[8] * dz;
    }

    /** Angle in degrees between this rotation and another's. */
    public double angleTo(HeadPose other) {
        double trace = 0;
        for (int i = 0; i < 3; i++) for (int k = 0; k < 3; k++) trace += rotation[3 * k + i] * other.rotation[3 * k + i];
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, (trace - 1) / 2))));
    }
}
