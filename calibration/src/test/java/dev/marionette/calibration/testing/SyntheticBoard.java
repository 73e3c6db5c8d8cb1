package dev.marionette.calibration.testing;

import dev.marionette.calibration.camera.Checkerboard;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Pictures of a flat checkerboard taken by an ideal pinhole camera with known intrinsics: the
 * board's squares (and a white margin one square wide) are projected corner by corner and
 * filled as polygons, anti-aliased. A pinhole maps straight edges to straight edges, so the
 * polygons are exact. Camera axes as OpenCV's: x right, y down, z forward.
 */
public final class SyntheticBoard {
    /** A pinhole camera (no distortion), OpenCV's pixel convention. */
    public record Pinhole(double fx, double fy, double cx, double cy, int width, int height) {}

    /**
     * Where the board is: rotations in degrees about the board centre (tilt about x, turn about
     * y, roll about z, applied in that order), then the centre moved to (x, y, z) millimetres.
     */
    public record Pose(double tiltDeg, double turnDeg, double rollDeg, double xMm, double yMm, double zMm) {}

    private SyntheticBoard() {}

    public static BufferedImage render(Checkerboard board, Pinhole camera, Pose pose) {
        BufferedImage img = new BufferedImage(camera.width(), camera.height(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(new Color(96, 104, 100));
        g.fillRect(0, 0, camera.width(), camera.height());
        // Java2D's pixel (i, j) covers [i, i+1) x [j, j+1); OpenCV puts that pixel's centre at (i, j).
        g.translate(0.5, 0.5);
        double s = board.squareMm();
        int cols = board.columns(), rows = board.rows();
        g.setColor(new Color(235, 235, 230));
        g.fill(quad(board, camera, pose, -2 * s, -2 * s, (cols + 1) * s, (rows + 1) * s));
        g.setColor(new Color(20, 20, 24));
        // Square (i, j) spans inner-corner columns i-1..i and rows j-1..j; the outer ones reach the board edge.
        for (int j = 0; j <= rows; j++) {
            for (int i = 0; i <= cols; i++) {
                if ((i + j) % 2 != 0) continue;
                g.fill(quad(board, camera, pose, (i - 1) * s, (j - 1) * s, i * s, j * s));
            }
        }
        g.dispose();
        return img;
    }

    /** The image position of board point (u, v) millimetres (inner corner (c, r) is at (c * square, r * square)). */
    public static double[] project(Checkerboard board, Pinhole camera, Pose pose, double u, double v) {
        double x = u - (board.columns() - 1) * board.squareMm() / 2, y = v - (board.rows() - 1) * board.squareMm() / 2, z = 0;
        double a = Math.toRadians(pose.tiltDeg()), b = Math.toRadians(pose.turnDeg()), c = Math.toRadians(pose.rollDeg());
        double y1 = y * Math.cos(a) - z * Math.sin(a), z1 = y * Math.sin(a) + z * Math.cos(a);
        double x2 = x * Math.cos(b) + z1 * Math.sin(b), z2 = -x * Math.sin(b) + z1 * Math.cos(b);
        double x3 = x2 * Math.cos(c) - y1 * Math.sin(c), y3 = x2 * Math.sin(c) + y1 * Math.cos(c);
        double X = x3 + pose.xMm(), Y = y3 + pose.yMm(), Z = z2 + pose.zMm();
        return new double[] {camera.fx() * X / Z + camera.cx(), camera.fy() * Y / Z + camera.cy()};
    }

    private static Path2D quad(Checkerboard board, Pinhole camera, Pose pose, double u0, double v0, double u1, double v1) {
        double[][] c = {
            project(board, camera, pose, u0, v0), project(board, camera, pose, u1, v0),
            project(board, camera, pose, u1, v1), project(board, camera, pose, u0, v1)};
        Path2D.Double p = new Path2D.Double();
        p.moveTo(c[0][0], c[0][1]);
        for (int k = 1; k < 4; k++) p.lineTo(c[k][0], c[k][1]);
        p.closePath();
        return p;
    }

    /** Whether the board with its margin lies inside the image, with {@code marginPx} to spare. */
    public static boolean fits(Checkerboard board, Pinhole camera, Pose pose, double marginPx) {
        double s = board.squareMm();
        double[][] corners = {{-2 * s, -2 * s}, {(board.columns() + 1) * s, -2 * s},
            {(board.columns() + 1) * s, (board.rows() + 1) * s}, {-2 * s, (board.rows() + 1) * s}};
        for (double[] uv : corners) {
            double[] p = project(board, camera, pose, uv[0], uv[1]);
            if (p[0] < marginPx || p[1] < marginPx || p[0] > camera.width() - 1 - marginPx || p[1] > camera.height() - 1 - marginPx) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code count} varied poses that keep the whole board in view: tilted and turned up to
     * about 35 degrees, rolled, at different distances and places in the image. Deterministic.
     */
    public static List<Pose> poses(Checkerboard board, Pinhole camera, int count, long seed) {
        Random r = new Random(seed);
        List<Pose> out = new ArrayList<>();
        double boardMm = Math.max(board.columns() + 3, board.rows() + 3) * board.squareMm();
        int tries = 0;
        while (out.size() < count) {
            if (++tries > 100_000) throw new IllegalStateException("no fitting poses for this board and camera");
            double z = boardMm * (1.4 + 1.2 * r.nextDouble()) * camera.fx() / camera.width();
            Pose p = new Pose(-35 + 70 * r.nextDouble(), -35 + 70 * r.nextDouble(), -25 + 50 * r.nextDouble(),
                    (r.nextDouble() - 0.5) * 0.5 * z * camera.width() / camera.fx(),
                    (r.nextDouble() - 0.5) * 0.5 * z * camera.height() / camera.fy(), z);
            if (fits(board, camera, p, 4)) out.add(p);
        }
        return out;
    }
}
