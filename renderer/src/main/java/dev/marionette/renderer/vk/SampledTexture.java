package dev.marionette.renderer.vk;

import static dev.marionette.renderer.vk.VkCheck.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferImageCopy;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkImageBlit;
import org.lwjgl.vulkan.VkSamplerCreateInfo;

/**
 * An RGBA8 sRGB texture with a full mip chain and a trilinear, edge-clamped sampler, uploaded
 * once through a staging buffer and left in SHADER_READ_ONLY_OPTIMAL.
 *
 * <p>Texel rows are stored top row first, so texture coordinate (0,0) is the top-left pixel of
 * the source image and v grows downwards: the convention of the canonical face mesh's UVs.
 */
public final class SampledTexture implements AutoCloseable {
    private static final int FORMAT = VK_FORMAT_R8G8B8A8_SRGB;

    private final VulkanContext context;
    private final GpuImage image;
    private final long sampler;

    private SampledTexture(VulkanContext context, GpuImage image, long sampler) {
        this.context = context;
        this.image = image;
        this.sampler = sampler;
    }

    /** Uploads an image (any BufferedImage type; alpha kept when present), filtered isotropically. */
    public static SampledTexture upload(VulkanContext context, BufferedImage source, String name) {
        return upload(context, source, name, false);
    }

    /**
     * Uploads an image; {@code anisotropic}: sampled with anisotropic filtering where the device
     * has it, for shaders whose gradients are the hardware's (a fragment shader's). A compute
     * shader's hand-made gradients are zero along an axis where a neighbour is missing, which an
     * anisotropic footprint reads as an extreme slant: keep those isotropic.
     */
    public static SampledTexture upload(VulkanContext context, BufferedImage source, String name, boolean anisotropic) {
        int w = source.getWidth(), h = source.getHeight();
        ByteBuffer rgba = ByteBuffer.allocateDirect(w * h * 4);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            source.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                rgba.put((byte) (argb >> 16)).put((byte) (argb >> 8)).put((byte) argb).put((byte) (argb >>> 24));
            }
        }
        return upload(context, w, h, rgba.flip(), name, anisotropic);
    }

    /** Uploads {@code width * height * 4} bytes of sRGB-encoded RGBA, rows top first, filtered isotropically. */
    public static SampledTexture upload(VulkanContext context, int width, int height, ByteBuffer rgba, String name) {
        return upload(context, width, height, rgba, name, false);
    }

    /** Uploads {@code width * height * 4} bytes of sRGB-encoded RGBA, rows top first. */
    public static SampledTexture upload(VulkanContext context, int width, int height, ByteBuffer rgba, String name, boolean anisotropic) {
        if ((long) width * height * 4 != rgba.remaining()) {
            throw new IllegalArgumentException(name + ": expected " + (long) width * height * 4 + " RGBA bytes for "
                    + width + "x" + height + ", got " + rgba.remaining());
        }
        int blit = VK_FORMAT_FEATURE_BLIT_SRC_BIT | VK_FORMAT_FEATURE_BLIT_DST_BIT | VK_FORMAT_FEATURE_SAMPLED_IMAGE_FILTER_LINEAR_BIT;
        int mips = context.supportsOptimal(FORMAT, blit) ? 32 - Integer.numberOfLeadingZeros(Math.max(width, height)) : 1;
        int usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
        GpuImage image = GpuImage.create(context, width, height, FORMAT, usage, mips, VK_SAMPLE_COUNT_1_BIT,
                VK_IMAGE_ASPECT_COLOR_BIT, false, name);
        try (GpuBuffer staging = GpuBuffer.staging(context, rgba.remaining(), name + " staging")) {
            staging.mapped().put(0, rgba, rgba.position(), rgba.remaining());
            context.submitAndWait("upload of " + name, commands -> {
                Barriers.image(commands, image, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                        VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, 0, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT);
                try (MemoryStack stack = stackPush()) {
                    VkBufferImageCopy.Buffer region = VkBufferImageCopy.calloc(1, stack);
                    region.imageSubresource().set(VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1);
                    region.imageExtent().set(width, height, 1);
                    vkCmdCopyBufferToImage(commands, staging.handle(), image.handle(), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, region);
                }
                generateMips(commands, image);
            });
        } catch (RuntimeException e) {
            image.close();
            throw e;
        }
        try (MemoryStack stack = stackPush()) {
            LongBuffer handle = stack.mallocLong(1);
            check(vkCreateSampler(context.device(), VkSamplerCreateInfo.calloc(stack)
                    .sType$Default()
                    .magFilter(VK_FILTER_LINEAR)
                    .minFilter(VK_FILTER_LINEAR)
                    .mipmapMode(VK_SAMPLER_MIPMAP_MODE_LINEAR)
                    .addressModeU(VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE)
                    .addressModeV(VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE)
                    .addressModeW(VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE)
                    .anisotropyEnable(anisotropic && context.maxAnisotropy() > 1)
                    .maxAnisotropy(anisotropic ? context.maxAnisotropy() : 1f)
                    .minLod(0)
                    .maxLod(image.mipLevels())
                    .borderColor(VK_BORDER_COLOR_FLOAT_OPAQUE_BLACK), null, handle), "create sampler for " + name);
            return new SampledTexture(context, image, handle.get(0));
        } catch (RuntimeException e) {
            image.close();
            throw e;
        }
    }

    /**
     * Level 0 is in TRANSFER_DST; each level is blitted (linear, halving) into the next, and every
     * level ends in SHADER_READ_ONLY_OPTIMAL for the fragment shader.
     */
    private static void generateMips(VkCommandBuffer commands, GpuImage image) {
        int w = image.width(), h = image.height();
        try (MemoryStack stack = stackPush()) {
            VkImageBlit.Buffer blit = VkImageBlit.calloc(1, stack);
            for (int level = 1; level < image.mipLevels(); level++) {
                Barriers.image(commands, image.handle(), VK_IMAGE_ASPECT_COLOR_BIT, level - 1, 1,
                        VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                        VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                        VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
                int nw = Math.max(1, w / 2), nh = Math.max(1, h / 2);
                blit.srcSubresource().set(VK_IMAGE_ASPECT_COLOR_BIT, level - 1, 0, 1);
                blit.srcOffsets(0).set(0, 0, 0);
                blit.srcOffsets(1).set(w, h, 1);
                blit.dstSubresource().set(VK_IMAGE_ASPECT_COLOR_BIT, level, 0, 1);
                blit.dstOffsets(0).set(0, 0, 0);
                blit.dstOffsets(1).set(nw, nh, 1);
                vkCmdBlitImage(commands, image.handle(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                        image.handle(), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, blit, VK_FILTER_LINEAR);
                Barriers.image(commands, image.handle(), VK_IMAGE_ASPECT_COLOR_BIT, level - 1, 1,
                        VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                        VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT,
                        VK_PIPELINE_STAGE_FRAGMENT_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT);
                w = nw;
                h = nh;
            }
            int last = image.mipLevels() - 1;
            Barriers.image(commands, image.handle(), VK_IMAGE_ASPECT_COLOR_BIT, last, 1,
                    VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                    VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                    VK_PIPELINE_STAGE_FRAGMENT_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT);
        }
    }

    public GpuImage image() { return image; }

    public long sampler() { return sampler; }

    @Override
    public void close() {
        vkDestroySampler(context.device(), sampler, null);
        image.close();
    }
}
