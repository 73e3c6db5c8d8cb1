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

    /**
     * Pixels per millimetre at the face. Axes and rays are drawn with this scale from a
     * landmark (a scaled orthographic view): a full perspective projection of a ray that points
     * at the camera would smear it radially, which reads as a wrong direction.
     */
    private static double pixelsPerMm(HeadPose pose, CameraIntrinsics cam) {
        return cam.fx() / Math.max(1, -pose.t(2));
    }

    private static void drawAxes(Graphics2D g, FaceParams params, CameraIntrinsics cam, float unit) {
        FaceLandmarks lm = params.landmarks();
        HeadPose pose = params.pose();
        double s = pixelsPerMm(pose, cam) * AXIS_MM;
        double ox = lm.x(NOSE_BRIDGE), oy = lm.y(NOSE_BRIDGE);
        Color[] colors = {new Color(255, 60, 60), new Color(60, 255, 60), new Color(70, 120, 255)};
        g.setStroke(new BasicStroke(2.5f * unit, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        // Draw back to front so the axis pointing at the viewer stays on top.
        Integer[] order = {0, 1, 2};
        java.util.Arrays.sort(order, (a, b) -> Double.compare(pose.r(2, a), pose.r(2, b)));
        for (int axis : order) {
            g.setColor(colors[axis]);
            g.draw(new Line2D.Double(ox, oy, ox + s * pose.r(0, axis), oy - s * pose.r(1, axis)));
        }
    }

    private static void drawGaze(Graphics2D g, FaceParams params, CameraIntrinsics cam, float unit) {
        FaceLandmarks lm = params.landmarks();
        if (!lm.hasIris() || params.gaze() == null) return;
        g.setColor(GAZE);
        g.setStroke(new BasicStroke(2f * unit, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        HeadPose pose = params.pose();
        double s = pixelsPerMm(pose, cam) * GAZE_MM;
        drawRay(g, s, pose, lm, FaceLandmarks.LEFT_IRIS_CENTER, params.gaze().left(), params.gaze().right());
        drawRay(g, s, pose, lm, FaceLandmarks.RIGHT_IRIS_CENTER, params.gaze().left(), params.gaze().right());
    }

    /** The iris at index {@code center} gets the gaze of the eye it sits in (left eye = larger head x). */
    private static void drawRay(Graphics2D g, double length, HeadPose pose, FaceLandmarks lm, int center, EyeGaze left, EyeGaze right) {
        int other = center == FaceLandmarks.LEFT_IRIS_CENTER ? FaceLandmarks.RIGHT_IRIS_CENTER : FaceLandmarks.LEFT_IRIS_CENTER;
        // The subject's left eye is the one further along the head's +x axis.
        double dx = lm.x(center) - lm.x(other), dy = -(lm.y(center) - lm.y(other));
        boolean isLeft = dx * pose.r(0, 0) + dy * pose.r(1, 0) > 0;
        EyeGaze eye = isLeft ? left : right;
        double yaw = Math.toRadians(eye.yawDeg()), pitch = Math.toRadians(eye.pitchDeg());
        double hx = Math.sin(yaw) * Math.cos(pitch), hy = Math.sin(pitch), hz = Math.cos(yaw) * Math.cos(pitch);
        double cx = pose.r(0, 0) * hx + pose.r(0, 1) * hy + pose.r(0, 2) * hz;
        double cy = pose.r(1, 0) * hx + pose.r(1, 1) * hy + pose.r(1, 2) * hz;
        double x0 = lm.x(center), y0 = lm.y(center);
        g.draw(new Line2D.Double(x0, y0, x0 + length * cx, y0 - length * cy));
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
