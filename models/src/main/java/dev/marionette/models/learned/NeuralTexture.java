package dev.marionette.models.learned;

/**
 * A C-channel feature image in the template atlas's UV space (u right, v down, [0,1]²; texel
 * (x, y) is centred on ((x + ½) / size, (y + ½) / size)), sampled bilinearly with clamp to edge,
 * as a Vulkan linear sampler does.
 *
 * @param size     width = height in texels
 * @param channels features per texel, a multiple of 4 (they travel as rgba16f images)
 * @param values   size × size × channels, rows top to bottom, channels interleaved per texel
 */
public record NeuralTexture(int size, int channels, float[] values) {
    /** Features larger than this are not features but a broken fit (and do not fit in float16). */
    public static final float MAX_ABS = 1000f;

    public NeuralTexture {
        if (size < 4 || size > 2048) throw new IllegalArgumentException("neural texture size " + size + " is outside 4..2048");
        if (channels < 4 || channels > 64 || channels % 4 != 0) {
            throw new IllegalArgumentException("neural texture channels " + channels + " must be 4..64 and a multiple of 4");
        }
        if (values.length != size * size * channels) {
            throw new IllegalArgumentException("neural texture has " + values.length + " values, " + size + "x" + size + "x"
                    + channels + " needs " + size * size * channels);
        }
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (!(Math.abs(v) <= MAX_ABS)) {
                throw new IllegalArgumentException("neural texture value " + v + " at texel " + i / channels + " channel "
                        + i % channels + " is not a finite feature within +-" + MAX_ABS);
            }
        }
        values = values.clone();
    }

    @Override public float[] values() { return values.clone(); }

    /** Bilinear sample at (u, v) into {@code out[0..channels)}. */
    public void sample(float u, float v, float[] out) {
        float tx = u * size - 0.5f, ty = v * size - 0.5f;
        int x0 = (int) Math.floor(tx), y0 = (int) Math.floor(ty);
        float fx = tx - x0, fy = ty - y0;
        int xa = clamp(x0), xb = clamp(x0 + 1), ya = clamp(y0), yb = clamp(y0 + 1);
        int a = (ya * size + xa) * channels, b = (ya * size + xb) * channels;
        int c = (yb * size + xa) * channels, d = (yb * size + xb) * channels;
        float wa = (1 - fx) * (1 - fy), wb = fx * (1 - fy), wc = (1 - fx) * fy, wd = fx * fy;
        for (int k = 0; k < channels; k++) {
            out[k] = wa * values[a + k] + wb * values[b + k] + wc * values[c + k] + wd * values[d + k];
        }
    }

    /** Value of texel (x, y), channel k. */
    public float texel(int x, int y, int k) { return values[(y * size + x) * channels + k]; }

    private int clamp(int i) { return i < 0 ? 0 : Math.min(i, size - 1); }
}
