package dev.marionette.renderer;

import static org.junit.jupiter.api.Assertions.*;
import static org.lwjgl.vulkan.VK10.*;

import dev.marionette.models.learned.LearnedAppearance;
import dev.marionette.models.learned.MlpDecoder;
import dev.marionette.models.learned.NeuralTexture;
import dev.marionette.renderer.triplane.MlpScratch;
import dev.marionette.renderer.triplane.NeuralPlanes;
import dev.marionette.renderer.triplane.TriPlaneAvatar;
import dev.marionette.renderer.triplane.TriPlaneLayout;
import dev.marionette.renderer.triplane.TriPlaneRenderer;
import dev.marionette.renderer.vk.Barriers;
import dev.marionette.renderer.vk.ComputePipeline;
import dev.marionette.renderer.vk.GpuBuffer;
import dev.marionette.renderer.vk.VulkanContext;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The learned path's GPU parts against their Java references: the MLP decoder and the feature planes. */
class NeuralTriPlaneTest {
    @Test
    void gpuDecoderMatchesMlpDecoder() {
        VulkanTests.requireVulkan();
        Random random = new Random(4);
        int count = 256;
        try (VulkanContext vk = VulkanTests.validatedContext()) {
            for (MlpDecoder decoder : new MlpDecoder[] {
                    randomDecoder(random, new int[] {32, 64, 64, 3}, MlpDecoder.Activation.RELU, MlpDecoder.Activation.SIGMOID),
                    randomDecoder(random, new int[] {16, 24, 3}, MlpDecoder.Activation.SIGMOID, MlpDecoder.Activation.LINEAR),
                    // widths that are not whole vec4s: the padding must stay out of the sums
                    randomDecoder(random, new int[] {13, 37, 6, 3}, MlpDecoder.Activation.SIGMOID, MlpDecoder.Activation.LINEAR),
                    // the widest a decoder may be: its activations take smaller workgroups (MlpScratch)
                    randomDecoder(random, new int[] {MlpDecoder.MAX_WIDTH, MlpDecoder.MAX_WIDTH, 3}, MlpDecoder.Activation.RELU,
                            MlpDecoder.Activation.SIGMOID)})
            for (boolean uniform : new boolean[] {true, false}) {
                // as the renderer does: a decoder beyond maxUniformBufferRange is read as a storage buffer only
                if (uniform && 4L * NeuralPlanes.gpuDecoder(decoder).length > Integer.toUnsignedLong(vk.limits().maxUniformBufferRange())) continue;
                int inputs = decoder.inputs();
                float[] features = new float[count * inputs];
                for (int i = 0; i < features.length; i++) features[i] = (float) (2 * random.nextGaussian());
                float[] gpu = decodeOnGpu(vk, decoder, features, count, uniform);
                MlpDecoder.Evaluator reference = decoder.evaluator();
                float[] in = new float[inputs], rgb = new float[3];
                double worst = 0, spread = 0;
                for (int i = 0; i < count; i++) {
                    System.arraycopy(features, i * inputs, in, 0, inputs);
                    reference.decode(in, rgb);
                    for (int c = 0; c < 3; c++) {
                        worst = Math.max(worst, Math.abs(gpu[4 * i + c] - rgb[c]) / Math.max(1, Math.abs(rgb[c])));
                        spread = Math.max(spread, Math.abs(rgb[c] - gpu[c]));
                    }
                }
                String path = decoder + (uniform ? " (uniform block)" : " (storage buffer)");
                assertTrue(spread > 0.05, path + ": outputs barely vary (" + spread + "): the check would be weak");
                assertTrue(worst <= 1e-3, path + ": GPU decoder differs from MlpDecoder by " + worst);
            }
            VulkanTests.assertNoValidationMessages(vk);
        }
    }

    @Test
    void featurePlanesHoldTheNeuralTextureAtEachFaceTexelsUv() {
        VulkanTests.requireVulkan();
        Random random = new Random(7);
        int size = 32, channels = 32;
        float[] values = new float[size * size * channels];
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) for (int k = 0; k < channels; k++) {
            values[(y * size + x) * channels + k] = (float) Math.sin(0.3 * x * (k % 5 + 1) + 0.2 * y * (k % 3 + 1) + k) * (1 + k % 4);
        }
        LearnedAppearance appearance = new LearnedAppearance(new NeuralTexture(size, channels, values),
                randomDecoder(random, new int[] {channels, 64, 64, 3}, MlpDecoder.Activation.RELU, MlpDecoder.Activation.SIGMOID));
        TriPlaneAvatar avatar = TriPlaneAvatar.of(TestAvatars.mesh(), TestAvatars.texture())
                .withLearned(new TriPlaneAvatar.Learned(appearance, 1, 1));
        try (VulkanContext vk = VulkanTests.validatedContext();
             TriPlaneRenderer renderer = new TriPlaneRenderer(vk, avatar, TriPlaneRenderer.Settings.of(64, 64).withPlaneSize(64))) {
            renderer.render(TestAvatars.orbit(0, 0), false);
            TriPlaneLayout layout = renderer.layout();
            float[] planes = renderer.readPlanes();
            short[] features = renderer.readFeatures();
            int n = layout.planeSize(), groups = channels / 8, covered = 0;
            float[] expected = new float[channels];
            double worst = 0;
            for (int layer = 0; layer < TriPlaneLayout.LAYERS; layer++) {
                for (int row = 0; row < n; row++) for (int column = 0; column < n; column++) {
                    if (planes[layout.floatIndex(layer, TriPlaneLayout.CHANNEL_COVERAGE, row, column)] <= 0) continue;
                    covered++;
                    float u = planes[layout.floatIndex(layer, TriPlaneLayout.CHANNEL_U, row, column)];
                    float v = planes[layout.floatIndex(layer, TriPlaneLayout.CHANNEL_V, row, column)];
                    appearance.texture().sample(u, v, expected);
                    for (int k = 0; k < channels; k++) {
                        int index = (((layer * groups + k / 8) * n + row) * n + column) * 8 + k % 8;
                        float got = Float.float16ToFloat(features[index]);
                        worst = Math.max(worst, Math.abs(got - expected[k]) / Math.max(1, Math.abs(expected[k])));
                    }
                }
            }
            assertTrue(covered > n * n / 4, "only " + covered + " covered texels");
            // half floats keep 11 significant bits: 2^-11 relative, with room for the sampler's float arithmetic
            assertTrue(worst <= 1e-3, "feature planes differ from NeuralTexture.sample by " + worst);
            VulkanTests.assertNoValidationMessages(vk);
        }
    }

    static MlpDecoder randomDecoder(Random random, int[] sizes, MlpDecoder.Activation hidden, MlpDecoder.Activation output) {
        int layers = sizes.length - 1;
        float[][] w = new float[layers][], b = new float[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = new float[sizes[l + 1] * sizes[l]];
            b[l] = new float[sizes[l + 1]];
            double scale = 1.5 / Math.sqrt(sizes[l]);
            for (int i = 0; i < w[l].length; i++) w[l][i] = (float) (scale * random.nextGaussian());
            for (int i = 0; i < b[l].length; i++) b[l][i] = (float) (0.3 * random.nextGaussian());
        }
        return new MlpDecoder(sizes, w, b, hidden, output);
    }

    /** decoder_check.comp over count feature vectors: RGB (and a pad) per vector. */
    private static float[] decodeOnGpu(VulkanContext vk, MlpDecoder decoder, float[] features, int count, boolean uniform) {
        int host = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
        int[] words = NeuralPlanes.gpuDecoder(decoder);
        int usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT;
        int storage = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
        try (GpuBuffer mlp = GpuBuffer.create(vk, 4L * words.length, usage, host, 0, true, "mlp");
             GpuBuffer placeholder = GpuBuffer.create(vk, 4L * NeuralPlanes.MLP_HEADER + 16, usage, host, 0, true, "mlp placeholder");
             GpuBuffer in = GpuBuffer.create(vk, 4L * features.length, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, host, 0, true, "features");
             GpuBuffer out = GpuBuffer.create(vk, 16L * count, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, host, 0, true, "rgb");
             ComputePipeline check = new ComputePipeline(vk, "triplane/decoder_check.comp",
                     new int[] {storage, storage, storage, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER}, 4,
                     MlpScratch.pixelGroup(vk, new int[] {64, 1, 1}, MlpScratch.vec4s(decoder)), 1,
                     new int[] {0, uniform ? 1 : 0, uniform ? words.length / 4 - NeuralPlanes.MLP_HEADER / 4 : 1, MlpScratch.vec4s(decoder)})) {
            mlp.mapped().asIntBuffer().put(words);
            placeholder.mapped().asIntBuffer().put(new int[NeuralPlanes.MLP_HEADER + 4]);
            in.mapped().asFloatBuffer().put(features);
            check.writeBuffer(0, 0, storage, uniform ? placeholder : mlp);
            check.writeBuffer(0, 3, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, uniform ? mlp : placeholder);
            check.writeBuffer(0, 1, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, in);
            check.writeBuffer(0, 2, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, out);
            ByteBuffer push = ByteBuffer.allocateDirect(4).order(java.nio.ByteOrder.nativeOrder()).putInt(0, count);
            vk.submitAndWait("decoder check", commands -> {
                check.dispatch(commands, 0, push, count, 1, 1);
                Barriers.buffer(commands, out, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
                        VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_READ_BIT);
            });
            float[] rgb = new float[4 * count];
            out.mapped().asFloatBuffer().get(rgb);
            return rgb;
        }
    }
}
