package dev.marionette.renderer.offscreen;

import static dev.marionette.renderer.vk.VkCheck.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;

import dev.marionette.renderer.vk.Barriers;
import dev.marionette.renderer.vk.ComputePipeline;
import dev.marionette.renderer.vk.GpuBuffer;
import dev.marionette.renderer.vk.ReleaseStack;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.tracking.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferCopy;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkSamplerCreateInfo;

/**
 * Read-back of an RGBA8 image's bytes as tightly packed RGB: packed on the GPU
 * ({@code readback/pack_rgb.comp}) and copied into a mapped, host-cached buffer, all created
 * once. The view must be of a UNORM format so the bytes arrive undecoded.
 */
public final class ImageReadback implements AutoCloseable {
    private static final int PACK_GROUP = 64;

    private final VulkanContext context;
    private final int width;
    private final int height;
    private final long sampler;
    private final ComputePipeline packer;
    private final GpuBuffer packed;
    private final GpuBuffer readback;

    public ImageReadback(VulkanContext context, long unormView, int width, int height) {
        this.context = context;
        this.width = width;
        this.height = height;
        long pixels = (long) width * height;
        long packedBytes = (pixels + 3) / 4 * 12;  // whole 4-pixel quads, 3 words each
        if (packedBytes > Integer.toUnsignedLong(context.limits().maxStorageBufferRange())) {
            throw new IllegalArgumentException(width + "x" + height + " is too large to read back through one storage buffer on "
                    + context.info().name());
        }
        ReleaseStack built = new ReleaseStack();
        try (MemoryStack stack = stackPush()) {
            packed = built.push(GpuBuffer.deviceLocal(context, packedBytes,
                    VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT, "packed RGB"));
            readback = built.push(GpuBuffer.readback(context, packedBytes, "RGB read-back"));
            LongBuffer handle = stack.mallocLong(1);
            check(vkCreateSampler(context.device(), VkSamplerCreateInfo.calloc(stack)
                    .sType$Default()
                    .magFilter(VK_FILTER_NEAREST)
                    .minFilter(VK_FILTER_NEAREST)
                    .addressModeU(VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE)
                    .addressModeV(VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE)
                    .addressModeW(VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE), null, handle), "create read-back sampler");
            sampler = handle.get(0);
            built.onClose(() -> vkDestroySampler(context.device(), sampler, null));
            packer = built.push(new ComputePipeline(context, "readback/pack_rgb.comp",
                    new int[] {VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER}, 8,
                    new int[] {PACK_GROUP, 1, 1}, 1));
            packer.writeImage(0, 0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, unormView, sampler, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
            packer.writeBuffer(0, 1, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, packed);
        } catch (RuntimeException e) {
            built.closeAll(e);
            throw e;
        }
    }

    /**
     * Packs and copies; the image must be in SHADER_READ_ONLY_OPTIMAL with its writes visible
     * to compute shaders. The bytes are readable once the submission's fence has signalled.
     */
    public void record(VkCommandBuffer commands) {
        try (MemoryStack stack = stackPush()) {
            ByteBuffer push = stack.malloc(8);
            push.putInt(0, width).putInt(4, height);
            packer.dispatch(commands, 0, push, (int) (((long) width * height + 3) / 4), 1, 1);
            Barriers.buffer(commands, packed, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
                    VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
            vkCmdCopyBuffer(commands, packed.handle(), readback.handle(), VkBufferCopy.calloc(1, stack).size(packed.size()));
        }
        Barriers.buffer(commands, readback, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_READ_BIT);
    }

    /** The last read-back: {@code width * height * 3} bytes, rows top first (read only). */
    public ByteBuffer bytes() {
        return readback.mapped().asReadOnlyBuffer().limit(width * height * 3);
    }

    /** Copies the last read-back into {@code rgbOut} ({@code width * height * 3} bytes, RgbImage's layout). */
    public void readRgb(byte[] rgbOut) {
        if (rgbOut.length != width * height * 3) {
            throw new IllegalArgumentException("need " + width * height * 3 + " bytes for " + width + "x" + height + " RGB, got " + rgbOut.length);
        }
        readback.mapped().get(0, rgbOut, 0, rgbOut.length);
    }

    /** The last read-back as a new image. */
    public RgbImage toRgbImage() {
        byte[] rgb = new byte[width * height * 3];
        readRgb(rgb);
        return new RgbImage(width, height, rgb);
    }

    public BufferedImage toBufferedImage() { return toRgbImage().toBufferedImage(); }

    public void writePng(Path file) throws IOException {
        OffscreenTarget.writePng(toBufferedImage(), file);
    }

    public int width() { return width; }

    public int height() { return height; }

    @Override
    public void close() {
        packer.close();
        vkDestroySampler(context.device(), sampler, null);
        readback.close();
        packed.close();
    }
}
