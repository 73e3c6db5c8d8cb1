package dev.marionette.tracking.image;

import dev.marionette.tracking.landmarks.Roi;
import java.nio.FloatBuffer;

/**
 * Samples a rotated region of an {@link RgbImage} into a float tensor (H × W × 3, channels
 * last) with bilinear filtering, mapping 0..255 to {@code [low, high]}. Output pixel (i, j)
 * takes the image at the centre of its cell in the region, so a region exactly covering the
 * image reproduces it. Allocates nothing.
 */
public final class TensorSampler {
    /** What lies outside the image. */
    public enum Border {
        /** The nearest edge pixel (MediaPipe's BORDER_REPLICATE, used for landmark crops). */
        REPLICATE,
        /** Black (MediaPipe's BORDER_ZERO, used for the detector's letterbox). */
        ZERO
    }

    private TensorSampler() {}

    /**
     * @param out receives outWidth × outHeight × 3 floats from its position 0
     */
    public static void sample(RgbImage image, Roi roi, int outWidth, int outHeight, Border border,
                              float low, float high, FloatBuffer out) {
        int w = image.width(), h = image.height();
        byte[] px = image.rgb();
        float scale = (high - low) / 255f;
        double c = Math.cos(roi.rotation()), s = Math.sin(roi.rotation());
        // Image position of output pixel (ox, oy): centre + R * ((o + 0.5)/out - 0.5) * size,
        // then -0.5 to move from continuous coordinates to pixel-centre indices.
        double ux = roi.width() / outWidth, uy = roi.height() / outHeight;
        double dxdx = c * ux, dydx = s * ux;   // step per output column
        double dxdy = -s * uy, dydy = c * uy;  // step per output row
        double startX = roi.centerX() + (0.5 - outWidth / 2.0) * dxdx + (0.5 - outHeight / 2.0) * dxdy - 0.5;
        double startY = roi.centerY() + (0.5 - outWidth / 2.0) * dydx + (0.5 - outHeight / 2.0) * dydy - 0.5;
        int o = 0;
        for (int oy = 0; oy < outHeight; oy++) {
            double x = startX + oy * dxdy, y = startY + oy * dydy;
            for (int ox = 0; ox < outWidth; ox++, x += dxdx, y += dydx) {
                float r, g, b;
                if (border == Border.ZERO && (x < -0.5 || y < -0.5 || x > w - 0.5 || y > h - 0.5)) {
                    r = g = b = 0;
                } else {
                    double cx = x < 0 ? 0 : (x > w - 1 ? w - 1 : x);
                    double cy = y < 0 ? 0 : (y > h - 1 ? h - 1 : y);
                    int x0 = (int) cx, y0 = (int) cy;
                    int x1 = x0 + 1 < w ? x0 + 1 : x0, y1 = y0 + 1 < h ? y0 + 1 : y0;
                    float fx = (float) (cx - x0), fy = (float) (cy - y0);
                    int i00 = (y0 * w + x0) * 3, i10 = (y0 * w + x1) * 3, i01 = (y1 * w + x0) * 3, i11 = (y1 * w + x1) * 3;
                    float w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy;
                    r = w00 * (px[i00] & 0xFF) + w10 * (px[i10] & 0xFF) + w01 * (px[i01] & 0xFF) + w11 * (px[i11] & 0xFF);
                    g = w00 * (px[i00 + 1] & 0xFF) + w10 * (px[i10 + 1] & 0xFF) + w01 * (px[i01 + 1] & 0xFF) + w11 * (px[i11 + 1] & 0xFF);
                    b = w00 * (px[i00 + 2] & 0xFF) + w10 * (px[i10 + 2] & 0xFF) + w01 * (px[i01 + 2] & 0xFF) + w11 * (px[i11 + 2] & 0xFF);
                }
                out.put(o++, low + r * scale);
                out.put(o++, low + g * scale);
                out.put(o++, low + b * scale);
            }
        }
    }

    /** The square region that letterboxes the whole image (aspect kept, centred). */
    public static Roi letterbox(RgbImage image) {
        float side = Math.max(image.width(), image.height());
        return new Roi(image.width() / 2f, image.height() / 2f, side, side, 0);
    }
}
