package dev.marionette.models.learned;

import java.awt.image.BufferedImage;

/**
 * The colours a fit aims at: the atlas area-averaged to size × size (sRGB values averaged, as
 * a mip level is), and for each pixel centre the four neural texels and bilinear weights that
 * {@link NeuralTexture#sample} would use.
 */
public final class FitTarget {
    public final int size;
    /** size² × 3 colours in [0, 1], rows top to bottom. */
    public final float[] rgb;

    public FitTarget(BufferedImage atlas, int size) {
        if (atlas.getWidth() != atlas.getHeight()) throw new IllegalArgumentException("atlas must be square, is " + atlas.getWidth() + "x" + atlas.getHeight());
        if (atlas.getWidth() < size || atlas.getWidth() % size != 0) {
            throw new IllegalArgumentException("atlas of " + atlas.getWidth() + " px cannot be averaged down to " + size + " px");
        }
        this.size = size;
        int f = atlas.getWidth() / size;
        int[] row = new int[atlas.getWidth()];
        double[] sum = new double[3 * size];
        rgb = new float[size * size * 3];
        for (int y = 0; y < size; y++) {
            java.util.Arrays.fill(sum, 0);
            for (int dy = 0; dy < f; dy++) {
                atlas.getRGB(0, y * f + dy, row.length, 1, row, 0, row.length);
                for (int x = 0; x < row.length; x++) {
                    int p = row[x], o = 3 * (x / f);
                    sum[o] += p >> 16 & 255;
                    sum[o + 1] += p >> 8 & 255;
                    sum[o + 2] += p & 255;
                }
            }
            for (int i = 0; i < 3 * size; i++) rgb[3 * size * y + i] = (float) (sum[i] / (255.0 * f * f));
        }
    }

    /**
     * Bilinear taps of every pixel centre in a texture of {@code textureSize}: indices (texel
     * y × textureSize + x) and weights, 4 per pixel, in the order of {@link NeuralTexture#sample}.
     */
    public void taps(int textureSize, long[] index, float[] weight) {
        for (int y = 0; y < size; y++) {
            float ty = (y + 0.5f) / size * textureSize - 0.5f;
            int y0 = (int) Math.floor(ty);
            float fy = ty - y0;
            int ya = clamp(y0, textureSize), yb = clamp(y0 + 1, textureSize);
            for (int x = 0; x < size; x++) {
                float tx = (x + 0.5f) / size * textureSize - 0.5f;
                int x0 = (int) Math.floor(tx);
                float fx = tx - x0;
                int xa = clamp(x0, textureSize), xb = clamp(x0 + 1, textureSize);
                int o = 4 * (y * size + x);
                index[o] = (long) ya * textureSize + xa;
                index[o + 1] = (long) ya * textureSize + xb;
                index[o + 2] = (long) yb * textureSize + xa;
                index[o + 3] = (long) yb * textureSize + xb;
                weight[o] = (1 - fx) * (1 - fy);
                weight[o + 1] = fx * (1 - fy);
                weight[o + 2] = (1 - fx) * fy;
                weight[o + 3] = fx * fy;
            }
        }
    }

    /** PSNR in dB of what {@code appearance} decodes at each pixel centre against these colours. */
    public double psnr(LearnedAppearance appearance) {
        double se = java.util.stream.IntStream.range(0, size).parallel().mapToDouble(y -> {
            MlpDecoder.Evaluator ev = appearance.decoder().evaluator();
            float[] f = new float[appearance.texture().channels()], c = new float[3];
            double s = 0;
            for (int x = 0; x < size; x++) {
                appearance.colour((x + 0.5f) / size, (y + 0.5f) / size, ev, f, c);
                int o = 3 * (y * size + x);
                for (int k = 0; k < 3; k++) {
                    double d = c[k] - rgb[o + k];
                    s += d * d;
                }
            }
            return s;
        }).sum();
        double mse = se / (3.0 * size * size);
        return 10 * Math.log10(1 / Math.max(mse, 1e-12));
    }

    private static int clamp(int i, int n) { return i < 0 ? 0 : Math.min(i, n - 1); }
}
