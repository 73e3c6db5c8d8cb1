package dev.marionette.renderer.triplane;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;

import dev.marionette.models.learned.MlpDecoder;
import dev.marionette.models.learned.NeuralTexture;
import dev.marionette.renderer.vk.Barriers;
import dev.marionette.renderer.vk.GpuBuffer;
import dev.marionette.renderer.vk.ReleaseStack;
import dev.marionette.renderer.vk.VulkanContext;
import java.nio.ByteBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferCopy;

/**
 * What a learned avatar adds to the tri-plane path, uploaded once per avatar: its neural texture
 * (half floats, channels interleaved per texel, as the file stores them), its MLP ({@link
 * #gpuDecoder}: a header of layer widths and activations, then the weights in whole vec4s, read
 * as a uniform block when it fits the device's limit, else as a storage buffer) and the
 * feature planes the blend pass fills each frame (C / 8 groups of 8 half floats per texel,
 * glsl/common/triplane_layout.glsl). A photo avatar gets {@link #none}: placeholders the
 * descriptors point at, which its pipelines (NEURAL = false) never read.
 */
public final class NeuralPlanes implements AutoCloseable {
    /** uints before the MLP's parameters (MLP_HEADER in mlp.glsl). */
    public static final int MLP_HEADER = 16;

    private final GpuBuffer texture;
    private final GpuBuffer mlp;
    private final GpuBuffer features;
    /** The decoder's words as a uniform block, or a placeholder when they exceed maxUniformBufferRange. */
    private final GpuBuffer mlpUniform;
    private final boolean uniformDecoder;
    private final int channels;
    private final int textureSize;
    private final float atlasU;
    private final float atlasV;
    private final int scratchVec4s;

    private NeuralPlanes(GpuBuffer texture, GpuBuffer mlp, GpuBuffer mlpUniform, boolean uniformDecoder, GpuBuffer features,
                         int channels, int textureSize, float atlasU, float atlasV, int scratchVec4s) {
        this.texture = texture;
        this.mlp = mlp;
        this.mlpUniform = mlpUniform;
        this.uniformDecoder = uniformDecoder;
        this.features = features;
        this.channels = channels;
        this.textureSize = textureSize;
        this.atlasU = atlasU;
        this.atlasV = atlasV;
        this.scratchVec4s = scratchVec4s;
    }

    /** Placeholders for a photo avatar. */
    public static NeuralPlanes none(VulkanContext context) {
        ReleaseStack built = new ReleaseStack();
        try {
            int usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
            GpuBuffer texture = built.push(GpuBuffer.deviceLocal(context, 16, usage, "no neural texture"));
            GpuBuffer mlp = built.push(GpuBuffer.deviceLocal(context, 4 * MLP_HEADER + 16,
                    usage | VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT, "no decoder"));
            GpuBuffer features = built.push(GpuBuffer.deviceLocal(context, 16, usage, "no feature planes"));
            context.submitAndWait("clear of the neural placeholders", commands -> {
                for (GpuBuffer b : new GpuBuffer[] {texture, mlp, features}) {
                    vkCmdFillBuffer(commands, b.handle(), 0, VK_WHOLE_SIZE, 0);
                    Barriers.buffer(commands, b, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                            VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
                }
            });
            return new NeuralPlanes(texture, mlp, null, false, features, 0, 0, 1, 1, 1);
        } catch (RuntimeException e) {
            built.closeAll(e);
            throw e;
        }
    }

    /** Uploads {@code learned} and makes feature planes for {@code layout}. */
    public static NeuralPlanes upload(VulkanContext context, TriPlaneAvatar.Learned learned, TriPlaneLayout layout) {
        NeuralTexture neural = learned.appearance().texture();
        MlpDecoder decoder = learned.appearance().decoder();
        int channels = neural.channels();
        long featureBytes = featureBytes(layout, channels);
        if (featureBytes > TriPlaneLayout.MAX_BUFFER_BYTES) {
            throw new IllegalArgumentException(layout.planeSize() + "² feature planes of " + channels + " channels need more than "
                    + (TriPlaneLayout.MAX_BUFFER_BYTES >> 20) + " MiB");
        }
        ReleaseStack built = new ReleaseStack();
        try {
            int usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
            float[] values = neural.values();
            long textureBytes = (long) values.length * 2;
            int[] words = gpuDecoder(decoder);
            long mlpBytes = 4L * words.length;
            boolean uniform = mlpBytes <= Integer.toUnsignedLong(context.limits().maxUniformBufferRange());
            GpuBuffer texture = built.push(GpuBuffer.deviceLocal(context, textureBytes, usage, "neural texture"));
            GpuBuffer mlp = built.push(GpuBuffer.deviceLocal(context, mlpBytes,
                    usage | (uniform ? VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT : 0), "decoder weights"));
            GpuBuffer mlpUniform = uniform ? null
                    : built.push(GpuBuffer.deviceLocal(context, 4 * MLP_HEADER + 16, VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT, "decoder (uniform placeholder)"));
            GpuBuffer features = built.push(GpuBuffer.deviceLocal(context, featureBytes,
                    usage | VK_BUFFER_USAGE_TRANSFER_SRC_BIT, "feature planes"));
            try (GpuBuffer staging = GpuBuffer.staging(context, textureBytes + mlpBytes, "learned appearance staging")) {
                ByteBuffer mapped = staging.mapped();
                for (int i = 0; i < values.length; i++) mapped.putShort(2 * i, Float.floatToFloat16(values[i]));
                int o = (int) textureBytes;
                for (int i = 0; i < words.length; i++) mapped.putInt(o + 4 * i, words[i]);
                context.submitAndWait("upload of the learned appearance", commands -> {
                    try (MemoryStack stack = stackPush()) {
                        VkBufferCopy.Buffer region = VkBufferCopy.calloc(1, stack);
                        vkCmdCopyBuffer(commands, staging.handle(), texture.handle(), region.srcOffset(0).dstOffset(0).size(textureBytes));
                        vkCmdCopyBuffer(commands, staging.handle(), mlp.handle(), region.srcOffset(textureBytes).dstOffset(0).size(mlpBytes));
                    }
                    for (GpuBuffer b : new GpuBuffer[] {texture, mlp}) {
                        Barriers.buffer(commands, b, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                                VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT);
                    }
                });
            }
            return new NeuralPlanes(texture, mlp, mlpUniform, uniform, features, channels, neural.size(), learned.atlasU(), learned.atlasV(),
                    MlpScratch.vec4s(decoder));
        } catch (RuntimeException e) {
            built.closeAll(e);
            throw e;
        }
    }

    /** The header of glsl/common/mlp.glsl: layers, hidden and output activation, layer widths. */
    public static int[] mlpHeader(MlpDecoder decoder) {
        int[] header = new int[MLP_HEADER];
        int[] sizes = decoder.sizes();
        header[0] = decoder.layers();
        header[1] = activationId(decoder.hidden());
        header[2] = activationId(decoder.output());
        System.arraycopy(sizes, 0, header, 3, sizes.length);
        return header;
    }

    /**
     * The decoder as glsl/common/mlp.glsl reads it, in 32-bit words: the header ({@link
     * #mlpHeader}), then per layer its weight rows, each padded with zeros to a multiple of 4
     * floats and their number to a multiple of 4, then its biases padded to a multiple of 4.
     */
    public static int[] gpuDecoder(MlpDecoder decoder) {
        int[] sizes = decoder.sizes();
        float[][] weights = decoder.weights(), biases = decoder.biases();
        int words = MLP_HEADER;
        for (int l = 0; l < decoder.layers(); l++) {
            int in = padded(sizes[l]), out = padded(sizes[l + 1]);
            words += out * in + out;
        }
        int[] packed = new int[words];
        System.arraycopy(mlpHeader(decoder), 0, packed, 0, MLP_HEADER);
        int o = MLP_HEADER;
        for (int l = 0; l < decoder.layers(); l++) {
            int nIn = sizes[l], nOut = sizes[l + 1], in = padded(nIn), out = padded(nOut);
            for (int r = 0; r < nOut; r++) {
                for (int i = 0; i < nIn; i++) packed[o + r * in + i] = Float.floatToRawIntBits(weights[l][r * nIn + i]);
            }
            o += out * in;
            for (int r = 0; r < nOut; r++) packed[o + r] = Float.floatToRawIntBits(biases[l][r]);
            o += out;
        }
        return packed;
    }

    private static int padded(int n) { return (n + 3) & ~3; }

    private static int activationId(MlpDecoder.Activation a) {
        return switch (a) {
            case RELU -> 0;
            case SIGMOID -> 1;
            case LINEAR -> 2;
        };
    }

    /** Bytes of feature planes of {@code channels} half floats per texel. */
    public static long featureBytes(TriPlaneLayout layout, int channels) {
        return layout.texels() * channels * 2;
    }

    /** Whether this is a learned avatar's (else placeholders). */
    public boolean learned() { return channels > 0; }

    public int channels() { return channels; }

    public int textureSize() { return textureSize; }

    public float atlasU() { return atlasU; }

    public float atlasV() { return atlasV; }

    /** The neural texture: size² texels of {@link #channels()} half floats. */
    public GpuBuffer texture() { return texture; }

    /** The MLP ({@link #gpuDecoder}) as a storage buffer. */
    public GpuBuffer mlp() { return mlp; }

    /** The MLP as a uniform block when {@link #uniformDecoder()}, else a placeholder. */
    public GpuBuffer mlpUniform() { return mlpUniform != null ? mlpUniform : mlp; }

    /** The decoder's widest layer in vec4s (the shaders' MLP_VEC4S; 1 for a photo avatar). */
    public int scratchVec4s() { return scratchVec4s; }

    /** Whether the decoder fits a uniform block (the shaders' MLP_UNIFORM). */
    public boolean uniformDecoder() { return uniformDecoder; }

    /** vec4s of decoder parameters after the header (the shaders' MLP_UNIFORM_VEC4S; 1 when not uniform). */
    public int uniformParamVec4s() { return uniformDecoder ? (int) (mlp.size() / 16) - MLP_HEADER / 4 : 1; }

    /** The feature planes. */
    public GpuBuffer features() { return features; }

    @Override
    public void close() {
        features.close();
        if (mlpUniform != null) mlpUniform.close();
        mlp.close();
        texture.close();
    }
}
