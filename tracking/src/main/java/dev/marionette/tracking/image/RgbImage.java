package dev.marionette.tracking.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Objects;

/**
 * A packed 8-bit RGB image: {@code width * height * 3} bytes, row-major, no row padding.
 * The array is owned by this object; producers hand it over and consumers must not write it.
 * This is the one pixel format between capture and tracking, so every stage indexes pixels
 * the same way ({@code (y * width + x) * 3 + channel}).
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final byte[] rgb;

    public RgbImage(int width, int height, byte[] rgb) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        Objects.requireNonNull(rgb, "rgb");
        if (rgb.length != (long) width * height * 3) {
            throw new IllegalArgumentException("expected " + (long) width * height * 3
                    + " bytes for " + width + "x" + height + " RGB, got " + rgb.length);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    public int width() { return width; }

    public int height() { return height; }

    /** The pixel bytes, shared: read only. */
    public byte[] rgb() { return rgb; }

    /** Channel {@code c} (0 = R) of pixel (x, y) as 0..255. */
    public int get(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xFF;
    }

    /** Copies any BufferedImage into packed RGB (alpha dropped). */
    public static RgbImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * 3];
        // The fast path reads the raster's array directly, which is only this image's pixels
        // when the image owns the whole buffer (a getSubimage() view shares its parent's).
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && image.getRaster().getParent() == null
                && image.getRaster().getSampleModelTranslateX() == 0 && image.getRaster().getSampleModelTranslateY() == 0
                && ((DataBufferByte) image.getRaster().getDataBuffer()).getData().length == w * h * 3) {
            byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < out.length; i += 3) {
                out[i] = bgr[i + 2];
                out[i + 1] = bgr[i + 1];
                out[i + 2] = bgr[i];
            }
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                int o = y * w * 3;
                for (int x = 0; x < w; x++) {
                    int p = row[x];
                    out[o++] = (byte) (p >> 16);
                    out[o++] = (byte) (p >> 8);
                    out[o++] = (byte) p;
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /** A new {@link BufferedImage#TYPE_3BYTE_BGR} copy, for drawing and encoding. */
    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return image;
    }
}
