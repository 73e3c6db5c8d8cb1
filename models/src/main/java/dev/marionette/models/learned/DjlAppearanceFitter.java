package dev.marionette.models.learned;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Fits with DJL's PyTorch engine on the CPU. The neural texture is a (texels, channels)
 * parameter; each step gathers the four taps of a random batch of target pixels, blends them
 * with their bilinear weights, decodes with the MLP and takes an Adam step on the squared colour
 * error. Per-step arrays live in a sub-manager that closes with the step (the parameters are
 * attached to it only for the step, so what is computed from them lands there too).
 */
public final class DjlAppearanceFitter implements AppearanceFitter {
    private final Engine engine;
    private final NDManager manager;

    public DjlAppearanceFitter() {
        engine = DjlRuntime.pytorch();
        manager = engine.newBaseManager();
    }

    @Override
    public LearnedAppearance fit(BufferedImage atlas, FitSettings s, Progress progress) {
        FitTarget target = new FitTarget(atlas, s.targetSize());
        int pixels = s.targetSize() * s.targetSize(), texels = s.textureSize() * s.textureSize(), c = s.channels();
        long[] tapIndex = new long[4 * pixels];
        float[] tapWeight = new float[4 * pixels];
        target.taps(s.textureSize(), tapIndex, tapWeight);
        int[] sizes = s.decoderSizes();
        int layers = sizes.length - 1;
        Random random = new Random(s.seed());

        try (NDManager fit = manager.newSubManager()) {
            NDArray taps = fit.create(tapIndex, new Shape(pixels, 4));
            NDArray weights = fit.create(tapWeight, new Shape(pixels, 4, 1));
            NDArray colours = fit.create(target.rgb, new Shape(pixels, 3));

            NDArray texture = fit.create(gaussian(random, texels * c, 0.1f), new Shape(texels, c));
            NDArray[] w = new NDArray[layers], b = new NDArray[layers];
            for (int l = 0; l < layers; l++) {
                // He initialisation for the ReLU layers; stored (in, out) so x.matMul(w) is a layer.
                float sd = (float) Math.sqrt(2.0 / sizes[l]);
                w[l] = fit.create(gaussian(random, sizes[l] * sizes[l + 1], sd), new Shape(sizes[l], sizes[l + 1]));
                b[l] = fit.zeros(new Shape(sizes[l + 1]));
            }
            NDArray[] params = new NDArray[1 + 2 * layers];
            params[0] = texture;
            for (int l = 0; l < layers; l++) {
                params[1 + 2 * l] = w[l];
                params[2 + 2 * l] = b[l];
            }
            for (NDArray p : params) p.setRequiresGradient(true);
            Optimizer textureAdam = Adam.builder().optLearningRateTracker(Tracker.fixed(s.textureRate())).build();
            Optimizer decoderAdam = Adam.builder().optLearningRateTracker(Tracker.fixed(s.decoderRate())).build();

            int[] order = new int[pixels];
            for (int i = 0; i < pixels; i++) order[i] = i;
            int cursor = pixels;
            long[] batch = new long[s.batch()];
            for (int step = 1; step <= s.steps(); step++) {
                for (int i = 0; i < batch.length; i++) {
                    if (cursor == pixels) {
                        shuffle(order, random);
                        cursor = 0;
                    }
                    batch[i] = order[cursor++];
                }
                float loss;
                try (NDManager stepScope = fit.newSubManager()) {
                    stepScope.tempAttachAll(params);
                    NDArray pick = stepScope.create(batch);
                    // Gathers from the fit's constants land in the fit's manager: move them here for good.
                    NDArray rows = taps.get(pick), wts = weights.get(pick), want = colours.get(pick);
                    rows.attach(stepScope);
                    wts.attach(stepScope);
                    want.attach(stepScope);
                    NDArray idx = rows.flatten();
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        NDArray x = texture.get(idx).reshape(batch.length, 4, c).mul(wts).sum(new int[] {1});
                        for (int l = 0; l < layers; l++) {
                            x = x.matMul(w[l]).add(b[l]);
                            x = l == layers - 1 ? x.getNDArrayInternal().sigmoid() : x.getNDArrayInternal().relu();
                        }
                        NDArray err = x.sub(want).square().mean();
                        gc.backward(err);
                        loss = err.getFloat();
                    }
                }
                if (!Float.isFinite(loss)) throw new IllegalStateException("fit diverged at step " + step + " (loss " + loss + ")");
                try (NDManager updateScope = fit.newSubManager()) {
                    for (int i = 0; i < params.length; i++) {
                        // A second handle on the parameter's gradient: closing it leaves the gradient.
                        NDArray grad = params[i].getGradient();
                        grad.attach(updateScope);
                        (i == 0 ? textureAdam : decoderAdam).update("p" + i, params[i], grad);
                        grad.subi(grad);
                    }
                }
                if (progress != null) progress.step(step, s.steps(), loss);
            }

            float[] values = texture.toFloatArray();
            // What the file and the GPU (rgba16f) keep: fitting ends at half precision.
            for (int i = 0; i < values.length; i++) values[i] = Float.float16ToFloat(Float.floatToFloat16(values[i]));
            float[][] ws = new float[layers][], bs = new float[layers][];
            for (int l = 0; l < layers; l++) {
                ws[l] = transpose(w[l].toFloatArray(), sizes[l], sizes[l + 1]);
                bs[l] = b[l].toFloatArray();
            }
            return new LearnedAppearance(new NeuralTexture(s.textureSize(), c, values),
                    new MlpDecoder(sizes, ws, bs, MlpDecoder.Activation.RELU, MlpDecoder.Activation.SIGMOID));
        }
    }

    /** (in, out) row-major to (out, in) row-major. */
    private static float[] transpose(float[] a, int in, int out) {
        float[] t = new float[a.length];
        for (int i = 0; i < in; i++) for (int o = 0; o < out; o++) t[o * in + i] = a[i * out + o];
        return t;
    }

    private static float[] gaussian(Random r, int n, float sd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian() * sd;
        return v;
    }

    private static void shuffle(int[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    @Override public void close() { manager.close(); }

}
