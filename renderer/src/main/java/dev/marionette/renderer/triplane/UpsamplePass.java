package dev.marionette.renderer.triplane;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;

import dev.marionette.renderer.vk.Barriers;
import dev.marionette.renderer.vk.ComputePipeline;
import dev.marionette.renderer.vk.GpuBuffer;
import dev.marionette.renderer.vk.GpuImage;
import dev.marionette.renderer.vk.ReleaseStack;
import dev.marionette.renderer.vk.VulkanContext;
import java.nio.ByteBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkCommandBuffer;

/**
 * Catmull-Rom upsampling of the march colour to the output size, composited over the
 * background, sRGB-encoded by hand into an RGBA8 UNORM storage image (see upsample.comp). The
 * output is left in GENERAL with the shader's writes made available to compute reads and
 * transfers.
 */
public final class UpsamplePass implements AutoCloseable {
    private static final int PUSH_BYTES = 32;
    private static final int[] GROUP = {8, 8, 1};

    private final int sourceWidth;
    private final int sourceHeight;
    private final GpuImage output;
    private final ComputePipeline pipeline;

    public UpsamplePass(VulkanContext context, GpuBuffer source, int sourceWidth, int sourceHeight, int width, int height) {
        this.sourceWidth = sourceWidth;
        this.sourceHeight = sourceHeight;
        ReleaseStack built = new ReleaseStack();
        try {
            output = built.push(GpuImage.create(context, width, height, VK_FORMAT_R8G8B8A8_UNORM,
                    VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT, 1,
                    VK_SAMPLE_COUNT_1_BIT, VK_IMAGE_ASPECT_COLOR_BIT, false, "tri-plane output"));
            pipeline = built.push(new ComputePipeline(context, "triplane/upsample.comp",
                    new int[] {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, VK_DESCRIPTOR_TYPE_STORAGE_IMAGE}, PUSH_BYTES, GROUP, 1));
            pipeline.writeBuffer(0, 0, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, source);
            pipeline.writeImage(0, 1, VK_DESCRIPTOR_TYPE_STORAGE_IMAGE, output.view(), VK_NULL_HANDLE, VK_IMAGE_LAYOUT_GENERAL);
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
