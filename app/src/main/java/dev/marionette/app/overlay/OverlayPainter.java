package dev.marionette.app.overlay;

import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.landmarks.FaceLandmarks;
import dev.marionette.tracking.landmarks.Roi;
import dev.marionette.tracking.params.Blendshape;
import dev.marionette.tracking.params.EyeGaze;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/**
 * Draws what the tracker saw onto a frame, so a person can judge tracking at a glance: the
 * landmarks (mesh green, irises cyan), the tracked region, the head-pose axes (x red, y green,
 * z blue, 50 mm from the nose bridge), the gaze rays (yellow) and a line of numbers.
 */
public final class OverlayPainter {
    private static final int NOSE_BRIDGE = 168;
    private static final double AXIS_MM = 50;
    private static final double GAZE_MM = 70;
    private static final Color MESH = new Color(60, 255, 120, 210);
    private static final Color IRIS = new Color(0, 230, 255);
    private static final Color ROI = new Color(255, 255, 255, 110);
    private static final Color GAZE = new Color(255, 220, 0);

    private final double[] p = new double[3];

    /** Paints onto {@code image} in place. */
    public void paint(BufferedImage image, FaceParams params, CameraIntrinsics camera) {
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            float unit = Math.max(1f, Math.min(image.getWidth(), image.getHeight()) / 480f);
            if (params.face() && params.landmarks() != null) {
                if (params.roi() != null) drawRoi(g, params.roi(), unit);
                drawLandmarks(g, params.landmarks(), unit);
                drawAxes(g, params, camera, unit);
                drawGaze(g, params, camera, unit);
            }
            drawText(g, params, unit);
        } finally {
            g.dispose();
        }
    }

    private static void drawRoi(Graphics2D g, Roi roi, float unit) {
        float[] c = new float[8];
        roi.toImage(0, 0, c, 0);
        roi.toImage(1, 0, c, 2);
        roi.toImage(1, 1, c, 4);
        roi.toImage(0, 1, c, 6);
        Path2D.Float path = new Path2D.Float();
        path.moveTo(c[0], c[1]);
        for (int k = 2; k < 8; k += 2) path.lineTo(c[k], c[k + 1]);
        path.closePath();
        g.setColor(ROI);
        g.setStroke(new BasicStroke(unit));
        g.draw(path);
    }

    private static void drawLandmarks(Graphics2D g, FaceLandmarks lm, float unit) {
        double r = 1.1 * unit;
        g.setColor(MESH);
        Ellipse2D.Double dot = new Ellipse2D.Double();
        for (int i = 0; i < Math.min(lm.count(), FaceLandmarks.MESH_POINTS); i++) {
            dot.setFrame(lm.x(i) - r, lm.y(i) - r, 2 * r, 2 * r);
            g.fill(dot);
        }
        if (lm.hasIris()) {
            g.setColor(IRIS);
            for (int i = FaceLandmarks.MESH_POINTS; i < lm.count(); i++) {
                dot.setFrame(lm.x(i) - r, lm.y(i) - r, 2 * r, 2 * r);
                g.fill(dot);
            }
            g.setStroke(new BasicStroke(unit));
            for (int center : new int[] {FaceLandmarks.RIGHT_IRIS_CENTER, FaceLandmarks.LEFT_IRIS_CENTER}) {
                double radius = 0;
                for (int k = 1; k <= 4; k++) radius += Math.hypot(lm.x(center + k) - lm.x(center), lm.y(center + k) - lm.y(center));
                radius /= 4;
                g.draw(new Ellipse2D.Double(lm.x(center) - radius, lm.y(center) - radius, 2 * radius, 2 * radius));
            }
        }
    }

    /** Depth (distance along the optical axis) of the head origin, mm. */
    private static double headDepth(HeadPose pose) {
        return Math.max(1, -pose.t(2));
    }

    /** Camera-frame point of a pixel at a given distance. */
    private static void unproject(CameraIntrinsics cam, double u, double v, double depth, double[] out) {
        out[0] = (u - cam.cx()) * depth / cam.fx();
        out[1] = -(v - cam.cy()) * depth / cam.fy();
        out[2] = -depth;
    }

    private static double[] project(CameraIntrinsics cam, double x, double y, double z) {
        double d = Math.max(1e-3, -z);
        return new double[] {cam.cx() + cam.fx() * x / d, cam.cy() - cam.fy() * y / d};
    }

    private void drawAxes(Graphics2D g, FaceParams params, CameraIntrinsics cam, float unit) {
        FaceLandmarks lm = params.landmarks();
        HeadPose pose = params.pose();
        unproject(cam, lm.x(NOSE_BRIDGE), lm.y(NOSE_BRIDGE), headDepth(pose) - 60, p);
        double[] origin = project(cam, p[0], p[1], p[2]);
        Color[] colors = {new Color(255, 60, 60), new Color(60, 255, 60), new Color(70, 120, 255)};
        g.setStroke(new BasicStroke(2.5f * unit, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int axis = 0; axis < 3; axis++) {
            double ex = p[0] + AXIS_MM * pose.r(0, axis);
            double ey = p[1] + AXIS_MM * pose.r(1, axis);
            double ez = p[2] + AXIS_MM * pose.r(2, axis);
            double[] end = project(cam, ex, ey, ez);
            g.setColor(colors[axis]);
            g.draw(new Line2D.Double(origin[0], origin[1], end[0], end[1]));
        }
    }

    private void drawGaze(Graphics2D g, FaceParams params, CameraIntrinsics cam, float unit) {
        FaceLandmarks lm = params.landmarks();
        if (!lm.hasIris() || params.gaze() == null) return;
        g.setColor(GAZE);
        g.setStroke(new BasicStroke(2f * unit, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        HeadPose pose = params.pose();
        drawRay(g, cam, pose, lm, FaceLandmarks.LEFT_IRIS_CENTER, params.gaze().left(), params.gaze().right());
        drawRay(g, cam, pose, lm, FaceLandmarks.RIGHT_IRIS_CENTER, params.gaze().left(), params.gaze().right());
    }

    /** The iris at index {@code center} gets the gaze of the eye it sits in (left eye = larger head x). */
    private void drawRay(Graphics2D g, CameraIntrinsics cam, HeadPose pose, FaceLandmarks lm, int center, EyeGaze left, EyeGaze right) {
        int other = center == FaceLandmarks.LEFT_IRIS_CENTER ? FaceLandmarks.RIGHT_IRIS_CENTER : FaceLandmarks.LEFT_IRIS_CENTER;
        // In the image the subject's left eye is the one further along the head's +x axis.
        double dx = lm.x(center) - lm.x(other), dy = -(lm.y(center) - lm.y(other));
        boolean isLeft = dx * pose.r(0, 0) + dy * pose.r(1, 0) > 0;
        EyeGaze eye = isLeft ? left : right;
        double yaw = Math.toRadians(eye.yawDeg()), pitch = Math.toRadians(eye.pitchDeg());
        double hx = Math.sin(yaw) * Math.cos(pitch), hy = Math.sin(pitch), hz = Math.cos(yaw) * Math.cos(pitch);
        double cx = pose.r(0, 0) * hx + pose.r(0, 1) * hy + pose.r(0, 2) * hz;
        double cy = pose.r(1, 0) * hx + pose.r(1, 1) * hy + pose.r(1, 2) * hz;
        double cz = pose.r(2, 0) * hx + pose.r(2, 1) * hy + pose.r(2, 2) * hz;
        unproject(cam, lm.x(center), lm.y(center), headDepth(pose) - 70, p);
        double[] start = project(cam, p[0], p[1], p[2]);
        double[] end = project(cam, p[0] + GAZE_MM * cx, p[1] + GAZE_MM * cy, p[2] + GAZE_MM * cz);
        g.draw(new Line2D.Double(start[0], start[1], end[0], end[1]));
    }

    private static void drawText(Graphics2D g, FaceParams params, float unit) {
        g.setFont(new Font(Font.MONOSPACED, Font.BOLD, Math.round(12 * unit)));
        String line;
        if (params.face()) {
            HeadPose pose = params.pose();
            line = String.format("#%d yaw %+.0f pitch %+.0f roll %+.0f  z %.0fmm  blink L%.2f R%.2f  jaw %.2f",
                    params.frame(), pose.yawDeg(), pose.pitchDeg(), pose.rollDeg(), -pose.t(2),
                    params.blink().left(), params.blink().right(), params.blendshapes().get(Blendshape.JAW_OPEN));
        } else {
            line = String.format("#%d no face", params.frame());
        }
        int x = Math.round(6 * unit), y = Math.round(16 * unit);
        g.setColor(new Color(0, 0, 0, 160));
        g.fillRect(0, 0, g.getFontMetrics().stringWidth(line) + 2 * x, y + Math.round(6 * unit));
        g.setColor(Color.WHITE);
        g.drawString(line, x, y);
    }
}
