package dev.marionette.models.learned;

import java.util.Arrays;

/**
 * The small MLP that turns a feature vector into RGB: fully connected layers, {@code hidden}
 * after every layer but the last, {@code output} after the last. This is the reference the GPU
 * decoder and the DJL fitter implement; weights are stored as the fitter trained them.
 *
 * @param sizes   layer widths, inputs first: e.g. [32, 64, 64, 3]
 * @param weights per layer l, sizes[l+1] × sizes[l] row-major (out × in)
 * @param biases  per layer l, sizes[l+1]
 */
public record MlpDecoder(int[] sizes, float[][] weights, float[][] biases, Activation hidden, Activation output) {
    /** What follows a layer. */
    public enum Activation {
        RELU, SIGMOID, LINEAR;

        public String id() { return name().toLowerCase(java.util.Locale.ROOT); }

        /** @throws IllegalArgumentException naming the allowed ones */
        public static Activation of(String id) {
            for (Activation a : values()) if (a.id().equals(id)) return a;
            throw new IllegalArgumentException("activation '" + id + "' is not one of relu, sigmoid, linear");
        }

        float apply(float x) {
            return switch (this) {
                case RELU -> Math.max(0f, x);
                case SIGMOID -> 1f / (1f + (float) Math.exp(-x));
                case LINEAR -> x;
            };
        }
    }

    /** No layer is wider: bounds the GPU decoder's activations in shared memory (a workgroup of 16 still fits 32 KiB). */
    public static final int MAX_WIDTH = 128;
    public static final int MAX_LAYERS = 6;

    public MlpDecoder {
        if (sizes.length < 2 || sizes.length > MAX_LAYERS + 1) {
            throw new IllegalArgumentException("decoder needs 1.." + MAX_LAYERS + " layers, has " + (sizes.length - 1));
        }
        for (int s : sizes) {
            if (s < 1 || s > MAX_WIDTH) throw new IllegalArgumentException("decoder layer width " + s + " is outside 1.." + MAX_WIDTH);
        }
        if (sizes[sizes.length - 1] != 3) throw new IllegalArgumentException("decoder must end in 3 outputs (RGB), ends in " + sizes[sizes.length - 1]);
        int layers = sizes.length - 1;
        if (weights.length != layers || biases.length != layers) {
            throw new IllegalArgumentException("decoder has " + weights.length + " weight and " + biases.length + " bias arrays for " + layers + " layers");
        }
        float[][] w = new float[layers][], b = new float[layers][];
        for (int l = 0; l < layers; l++) {
            if (weights[l].length != sizes[l + 1] * sizes[l]) {
                throw new IllegalArgumentException("decoder layer " + l + " has " + weights[l].length + " weights, " + sizes[l + 1] + "x" + sizes[l] + " needs " + sizes[l + 1] * sizes[l]);
            }
            if (biases[l].length != sizes[l + 1]) {
                throw new IllegalArgumentException("decoder layer " + l + " has " + biases[l].length + " biases, needs " + sizes[l + 1]);
            }
            finite(weights[l], "weight", l);
            finite(biases[l], "bias", l);
            w[l] = weights[l].clone();
            b[l] = biases[l].clone();
        }
        sizes = sizes.clone();
        weights = w;
        biases = b;
        java.util.Objects.requireNonNull(hidden, "hidden");
        java.util.Objects.requireNonNull(output, "output");
    }

    private static void finite(float[] values, String what, int layer) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i]) || Math.abs(values[i]) > 1e4f) {
                throw new IllegalArgumentException("decoder layer " + layer + " " + what + " " + i + " is " + values[i] + ", not a finite weight");
            }
        }
    }

    @Override public int[] sizes() { return sizes.clone(); }
    @Override public float[][] weights() { return deepCopy(weights); }
    @Override public float[][] biases() { return deepCopy(biases); }

    public int inputs() { return sizes[0]; }
    public int layers() { return sizes.length - 1; }

    /** Number of floats in all weights and biases. */
    public int parameterCount() {
        int n = 0;
        for (int l = 0; l < layers(); l++) n += weights[l].length + biases[l].length;
        return n;
    }

    /** All weights then biases of layer 0, then of layer 1, ...: the order of the file and the GPU buffer. */
    public float[] packed() {
        float[] out = new float[parameterCount()];
        int o = 0;
        for (int l = 0; l < layers(); l++) {
            System.arraycopy(weights[l], 0, out, o, weights[l].length);
            o += weights[l].length;
            System.arraycopy(biases[l], 0, out, o, biases[l].length);
            o += biases[l].length;
        }
        return out;
    }

    /** Inverse of {@link #packed()}. */
    public static MlpDecoder unpack(int[] sizes, float[] packed, Activation hidden, Activation output) {
        int layers = sizes.length - 1;
        float[][] w = new float[Math.max(layers, 0)][], b = new float[Math.max(layers, 0)][];
        int o = 0, need = 0;
        for (int l = 0; l < layers; l++) need += sizes[l + 1] * sizes[l] + sizes[l + 1];
        if (packed.length != need) throw new IllegalArgumentException("decoder weights have " + packed.length + " floats, layers " + Arrays.toString(sizes) + " need " + need);
        for (int l = 0; l < layers; l++) {
            w[l] = Arrays.copyOfRange(packed, o, o += sizes[l + 1] * sizes[l]);
            b[l] = Arrays.copyOfRange(packed, o, o += sizes[l + 1]);
        }
        return new MlpDecoder(sizes, w, b, hidden, output);
    }

    /** A decoder with its own scratch space; one per thread. */
    public Evaluator evaluator() { return new Evaluator(); }

    public final class Evaluator {
        private final float[] a = new float[MAX_WIDTH], b = new float[MAX_WIDTH];

        private Evaluator() {}

        /** Decodes {@code features[0..inputs)} into {@code rgb[0..3)}. */
        public void decode(float[] features, float[] rgb) {
            float[] in = a, out = b;
            System.arraycopy(features, 0, in, 0, sizes[0]);
            int layers = layers();
            for (int l = 0; l < layers; l++) {
                int nIn = sizes[l], nOut = sizes[l + 1];
                float[] w = weights[l], bias = biases[l];
                Activation act = l == layers - 1 ? output : hidden;
                for (int o = 0; o < nOut; o++) {
                    float s = bias[o];
                    int row = o * nIn;
                    for (int i = 0; i < nIn; i++) s += w[row + i] * in[i];
                    out[o] = act.apply(s);
                }
                float[] t = in; in = out; out = t;
            }
            System.arraycopy(in, 0, rgb, 0, 3);
        }
    }

    private static float[][] deepCopy(float[][] x) {
        float[][] c = new float[x.length][];
        for (int i = 0; i < x.length; i++) c[i] = x[i].clone();
        return c;
    }

    @Override public boolean equals(Object o) {
        return o instanceof MlpDecoder d && Arrays.equals(sizes, d.sizes) && Arrays.deepEquals(weights, d.weights)
                && Arrays.deepEquals(biases, d.biases) && hidden == d.hidden && output == d.output;
    }

    @Override public int hashCode() { return Arrays.hashCode(sizes) * 31 + Arrays.deepHashCode(weights); }

    @Override public String toString() { return "MlpDecoder" + Arrays.toString(sizes) + " " + hidden.id() + "/" + output.id(); }
}
