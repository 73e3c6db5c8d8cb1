package dev.marionette.models.learned;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

public class LearnedAppearanceTest {
    /** A random appearance: the file and decoder tests need one that is not special. */
    public static LearnedAppearance random(int size, int channels, long seed) {
        Random r = new Random(seed);
        float[] values = new float[size * size * channels];
        for (int i = 0; i < values.length; i++) values[i] = (float) r.nextGaussian();
        int[] sizes = {channels, 16, 3};
        float[][] w = new float[2][], b = new float[2][];
        for (int l = 0; l < 2; l++) {
            w[l] = new float[sizes[l + 1] * sizes[l]];
            b[l] = new float[sizes[l + 1]];
            for (int i = 0; i < w[l].length; i++) w[l][i] = (float) (r.nextGaussian() / Math.sqrt(sizes[l]));
            for (int i = 0; i < b[l].length; i++) b[l][i] = (float) r.nextGaussian() * 0.1f;
        }
        return new LearnedAppearance(new NeuralTexture(size, channels, values),
                new MlpDecoder(sizes, w, b, MlpDecoder.Activation.RELU, MlpDecoder.Activation.SIGMOID));
    }

    @Test
    void decoderComputesTheMlpByHand() {
        // 4 -> 2 (relu) -> 3 (sigmoid), weights chosen so each unit is easy to follow.
        MlpDecoder d = new MlpDecoder(new int[] {4, 2, 3},
                new float[][] {{1, 0, 0, 0, /* row 2 */ 0, -1, 0, 0}, {1, 0, 0, 1, -1, 0}},
                new float[][] {{0.5f, 0}, {0, 0, 2}},
                MlpDecoder.Activation.RELU, MlpDecoder.Activation.SIGMOID);
        float[] rgb = new float[3];
        d.evaluator().decode(new float[] {1, 2, 0, 0}, rgb);
        // hidden = relu(1 + 0.5, -2) = (1.5, 0); out = sigmoid(1.5, 0, -1.5 + 2)
        assertEquals(sigmoid(1.5f), rgb[0], 1e-6);
        assertEquals(0.5f, rgb[1], 1e-6);
        assertEquals(sigmoid(0.5f), rgb[2], 1e-6);
        assertEquals(d, MlpDecoder.unpack(d.sizes(), d.packed(), d.hidden(), d.output()));
        assertEquals(8 + 2 + 6 + 3, d.parameterCount());
    }

    @Test
    void textureSamplesBilinearlyBetweenTexelCentresAndClampsAtEdges() {
        int size = 4, c = 4;
        float[] v = new float[size * size * c];
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) for (int k = 0; k < c; k++) v[(y * size + x) * c + k] = x + 10 * y + 100 * k;
        NeuralTexture t = new NeuralTexture(size, c, v);
        float[] out = new float[c];
        t.sample(1.5f / size, 2.5f / size, out);         // centre of texel (1, 2)
        assertEquals(21, out[0], 1e-5);
        assertEquals(321, out[3], 1e-4);
        t.sample(2f / size, 2.25f / size, out);          // half way in x, a quarter back towards row 1 in y
        assertEquals(1.5f + 10 * 1.75f, out[0], 1e-5);
        t.sample(0f, 1f, out);                           // the corner clamps to texel (0, 3)
        assertEquals(30, out[0], 1e-5);
    }

    @Test
    void badPartsAreRefusedWithTheReason() {
        float[] nan = new float[4 * 4 * 4];
        nan[17] = Float.NaN;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new NeuralTexture(4, 4, nan)).getMessage().contains("channel 1"));
        assertThrows(IllegalArgumentException.class, () -> new NeuralTexture(4, 6, new float[4 * 4 * 6]));
        assertThrows(IllegalArgumentException.class, () -> new NeuralTexture(4, 4, new float[10]));
        IllegalArgumentException notRgb = assertThrows(IllegalArgumentException.class, () -> new MlpDecoder(new int[] {4, 2},
                new float[][] {new float[8]}, new float[][] {new float[2]}, MlpDecoder.Activation.RELU, MlpDecoder.Activation.SIGMOID));
        assertTrue(notRgb.getMessage().contains("RGB"), notRgb.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MlpDecoder(new int[] {4, 3},
                new float[][] {new float[11]}, new float[][] {new float[3]}, MlpDecoder.Activation.RELU, MlpDecoder.Activation.SIGMOID));
        float[] inf = new float[12];
        inf[5] = Float.POSITIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> new MlpDecoder(new int[] {4, 3},
                new float[][] {inf}, new float[][] {new float[3]}, MlpDecoder.Activation.RELU, MlpDecoder.Activation.SIGMOID));
        LearnedAppearance a = random(8, 4, 1);
        assertThrows(IllegalArgumentException.class, () -> new LearnedAppearance(new NeuralTexture(8, 8, new float[8 * 8 * 8]), a.decoder()));
        assertEquals("activation 'tanh' is not one of relu, sigmoid, linear",
                assertThrows(IllegalArgumentException.class, () -> MlpDecoder.Activation.of("tanh")).getMessage());
    }

    @Test
    void bakeDecodesEachPixelCentre() {
        LearnedAppearance a = random(16, 8, 7);
        BufferedImage baked = a.bake(32);
        float[] f = new float[8], rgb = new float[3];
        MlpDecoder.Evaluator ev = a.decoder().evaluator();
        for (int[] p : new int[][] {{0, 0}, {5, 17}, {31, 31}}) {
            a.colour((p[0] + 0.5f) / 32, (p[1] + 0.5f) / 32, ev, f, rgb);
            int px = baked.getRGB(p[0], p[1]);
            assertEquals(Math.round(rgb[0] * 255), px >> 16 & 255);
            assertEquals(Math.round(rgb[2] * 255), px & 255);
        }
    }

    private static float sigmoid(float x) { return 1f / (1f + (float) Math.exp(-x)); }
}
