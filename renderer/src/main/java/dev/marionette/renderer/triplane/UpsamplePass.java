package dev.marionette.renderer.triplane;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;

import dev.marionette.renderer.vk.Barriers;
import dev.marionette.renderer.vk.ComputePipeline;
import dev.marionette.renderer.vk.GpuBuffer;
import dev.marionette.renderer.vk.GpuImage;
import dev.marionette.renderer.vk.ReleaseStack;
import dev.marionette.renderer.vk.SampledTexture;
import dev.marionette.renderer.vk.VulkanContext;
import java.nio.ByteBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkCommandBuffer;

/**
 * Upsampling of the march colour to the output size (see upsample.comp): where the march
 * pixels around an output pixel all took their colour from the texture alone, the texture
 * again at their interpolated UV, with the output pixel's footprint, so the output keeps the
 * texture's detail; elsewhere (outlines, chart boundaries, a learned avatar's decoded face)
 * Catmull-Rom of the march colour. Composited over the background, sRGB-encoded by hand into
 * an RGBA8 UNORM storage image. The output is left in GENERAL with the shader's writes made
 * available to compute reads and transfers.
 */
public final class UpsamplePass implements AutoCloseable {
    private static final int PUSH_BYTES = 32;
    private static final int[] GROUP = {8, 8, 1};

    private final int sourceWidth;
    private final int sourceHeight;
    private final GpuImage output;
    private final ComputePipeline pipeline;

    /**
     * @param source    premultiplied linear colour per march pixel
     * @param textureUv per march pixel (u, v, 1, 0) where the colour is the texture's alone, else zero
     * @param texture   the texture the march looked up
     */
    public UpsamplePass(VulkanContext context, GpuBuffer source, GpuBuffer textureUv, SampledTexture texture, int sourceWidth,
                        int sourceHeight, int width, int height) {
        this.sourceWidth = sourceWidth;
        this.sourceHeight = sourceHeight;
        ReleaseStack built = new ReleaseStack();
        try {
            output = built.push(GpuImage.create(context, width, height, VK_FORMAT_R8G8B8A8_UNORM,
                    VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT, 1,
                    VK_SAMPLE_COUNT_1_BIT, VK_IMAGE_ASPECT_COLOR_BIT, false, "tri-plane output"));
            pipeline = built.push(new ComputePipeline(context, "triplane/upsample.comp",
                    new int[] {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, VK_DESCRIPTOR_TYPE_STORAGE_IMAGE, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
                               VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER}, PUSH_BYTES, GROUP, 1));
            pipeline.writeBuffer(0, 0, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, source);
            pipeline.writeImage(0, 1, VK_DESCRIPTOR_TYPE_STORAGE_IMAGE, output.view(), VK_NULL_HANDLE, VK_IMAGE_LAYOUT_GENERAL);
            pipeline.writeBuffer(0, 2, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, textureUv);
            pipeline.writeImage(0, 3, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, texture.image().view(), texture.sampler(),
                    VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
        } catch (RuntimeException e) {
            built.closeAll(e);
            throw e;
        }
    }

    /** @param backgroundLinear linear RGB under the avatar */
    public void record(VkCommandBuffer commands, float[] backgroundLinear) {
        Barriers.image(commands, output, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_GENERAL,
                VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT, 0,
                VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT);
        try (MemoryStack stack = stackPush()) {
            ByteBuffer push = stack.malloc(PUSH_BYTES);
            push.putInt(0, sourceWidth).putInt(4, sourceHeight).putInt(8, output.width()).putInt(12, output.height())
                    .putFloat(16, backgroundLinear[0]).putFloat(20, backgroundLinear[1]).putFloat(24, backgroundLinear[2])
                    .putFloat(28, backgroundLinear.length > 3 ? backgroundLinear[3] : 1f);
            pipeline.dispatch(commands, 0, push, output.width(), output.height(), 1);
        }
    }

    /** RGBA8 UNORM holding sRGB-encoded bytes; GENERAL after {@link #record}. */
    public GpuImage output() { return output; }

    @Override
    public void close() {
        pipeline.close();
        output.close();
    }
}
