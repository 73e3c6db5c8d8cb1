package dev.marionette.models.learned;

import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A learned avatar's appearance (Next3D): a neural texture in the template's UV space and the
 * MLP that decodes sampled features into colour. Colour means the same as the RGB atlas's
 * values: sRGB-encoded, in [0, 1].
 */
public record LearnedAppearance(NeuralTexture texture, MlpDecoder decoder) {
    public LearnedAppearance {
        Objects.requireNonNull(texture, "texture");
        Objects.requireNonNull(decoder, "decoder");
        if (decoder.inputs() != texture.channels()) {
            throw new IllegalArgumentException("decoder takes " + decoder.inputs() + " features, the neural texture has " + texture.channels());
        }
        if (decoder.output() != MlpDecoder.Activation.SIGMOID) {
            throw new IllegalArgumentException("decoder output must be sigmoid (colour in [0,1]), is " + decoder.output().id());
        }
    }

    /** Decoded colour at atlas coordinates (u, v), sRGB [0,1], into {@code rgb[0..3)}. */
    public void colour(float u, float v, MlpDecoder.Evaluator evaluator, float[] features, float[] rgb) {
        texture.sample(u, v, features);
        evaluator.decode(features, rgb);
    }

    /**
     * The RGB atlas this appearance decodes to at size × size, each pixel decoded at its centre:
     * what the mesh renderer shows for a learned avatar.
     */
    public BufferedImage bake(int size) {
        if (size < 1 || size > 8192) throw new IllegalArgumentException("bake size " + size + " is outside 1..8192");
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int[][] rows = new int[size][];
        IntStream.range(0, size).parallel().forEach(y -> {
            MlpDecoder.Evaluator ev = decoder.evaluator();
            float[] f = new float[texture.channels()], rgb = new float[3];
            int[] row = new int[size];
            for (int x = 0; x < size; x++) {
                colour((x + 0.5f) / size, (y + 0.5f) / size, ev, f, rgb);
                row[x] = byte8(rgb[0]) << 16 | byte8(rgb[1]) << 8 | byte8(rgb[2]);
            }
            rows[y] = row;
        });
        for (int y = 0; y < size; y++) out.setRGB(0, y, size, 1, rows[y], 0, size);
        return out;
    }

    private static int byte8(float c) { return Math.round(Math.max(0f, Math.min(1f, c)) * 255f); }
}
