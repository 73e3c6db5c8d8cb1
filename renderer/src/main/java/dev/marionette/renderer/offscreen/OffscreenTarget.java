package dev.marionette.renderer.offscreen;

import static dev.marionette.renderer.vk.VkCheck.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;

import dev.marionette.renderer.vk.Barriers;
import dev.marionette.renderer.vk.GpuImage;
import dev.marionette.renderer.vk.ReleaseStack;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.renderer.vk.VulkanException;
import dev.marionette.tracking.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkAttachmentDescription;
import org.lwjgl.vulkan.VkAttachmentReference;
import org.lwjgl.vulkan.VkClearValue;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkFramebufferCreateInfo;
import org.lwjgl.vulkan.VkRenderPassBeginInfo;
import org.lwjgl.vulkan.VkRenderPassCreateInfo;
import org.lwjgl.vulkan.VkSubpassDependency;
import org.lwjgl.vulkan.VkSubpassDescription;

/**
 * A headless render target: colour (multisampled when asked) and depth attachments, a
 * single-sample RGBA8 sRGB output image they resolve into, a render pass and framebuffer over
 * them, and an {@link ImageReadback} of the output.
 *
 * <p>Per frame: {@link #beginRenderPass} (clears to the background), draw, {@link
 * #endRenderPass} (the output is left in TRANSFER_SRC_OPTIMAL, ready to copy or blit), then
 * optionally {@link #recordReadback}; once the submission has completed, {@link #readRgba} /
 * {@link #toRgbImage} / {@link #writePng} read the pixels. All of it is created once.
 */
public final class OffscreenTarget implements AutoCloseable {
    /** The output's format: 8-bit sRGB, so shading and MSAA resolve happen in linear light. */
    public static final int COLOR_FORMAT = VK_FORMAT_R8G8B8A8_SRGB;
    private static final int[] DEPTH_FORMATS = {VK_FORMAT_D32_SFLOAT, VK_FORMAT_D32_SFLOAT_S8_UINT, VK_FORMAT_D24_UNORM_S8_UINT};

    private final VulkanContext context;
    private final int width;
    private final int height;
    private final int samples;
    private final int depthFormat;
    private final GpuImage multisampled;  // null when samples == 1
    private final GpuImage depth;
    private final GpuImage output;
    private final long renderPass;
    private final long framebuffer;
    private final long rawView;           // UNORM view of the output: its bytes, undecoded
    private final ImageReadback reader;
    private final float[] clearRgb = new float[3];
    private float clearAlpha = 1;

    /**
     * @param samples requested MSAA sample count (1, 2, 4, 8...); lowered to what the device supports
     */
    public OffscreenTarget(VulkanContext context, int width, int height, int samples) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("target size must be positive: " + width + "x" + height);
        if (samples < 1 || Integer.bitCount(samples) != 1) throw new IllegalArgumentException("samples must be a power of two >= 1: " + samples);
        this.context = context;
        this.width = width;
        this.height = height;
        this.samples = Math.min(samples, context.info().maxColorSamples());
        this.depthFormat = pickDepthFormat(context);
        ReleaseStack built = new ReleaseStack();
        try {
            multisampled = this.samples > 1
                    ? built.push(GpuImage.create(context, width, height, COLOR_FORMAT, VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT, 1,
                            this.samples, VK_IMAGE_ASPECT_COLOR_BIT, true, "offscreen MSAA colour"))
                    : null;
            depth = built.push(GpuImage.create(context, width, height, depthFormat, VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT, 1,
                    this.samples, VK_IMAGE_ASPECT_DEPTH_BIT, true, "offscreen depth"));
            output = built.push(GpuImage.create(context, width, height, COLOR_FORMAT, VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT
                    | VK_IMAGE_USAGE_TRANSFER_SRC_BIT | VK_IMAGE_USAGE_SAMPLED_BIT, 1, VK_SAMPLE_COUNT_1_BIT,
                    VK_IMAGE_ASPECT_COLOR_BIT, false, VK_IMAGE_CREATE_MUTABLE_FORMAT_BIT, "offscreen output"));
            rawView = output.createView(VK_FORMAT_R8G8B8A8_UNORM, "offscreen output UNORM");
            built.onClose(() -> vkDestroyImageView(context.device(), rawView, null));
            renderPass = createRenderPass(context, this.samples, depthFormat);
            built.onClose(() -> vkDestroyRenderPass(context.device(), renderPass, null));

            reader = built.push(new ImageReadback(context, rawView, width, height));
        } catch (RuntimeException e) {
            built.closeAll(e);
            throw e;
        }
        try (MemoryStack stack = stackPush()) {
            LongBuffer attachments = multisampled != null
                    ? stack.longs(multisampled.view(), depth.view(), output.view())
                    : stack.longs(output.view(), depth.view());
            LongBuffer handle = stack.mallocLong(1);
            int result = vkCreateFramebuffer(context.device(), VkFramebufferCreateInfo.calloc(stack)
                    .sType$Default()
                    .renderPass(renderPass)
                    .pAttachments(attachments)
                    .width(width)
                    .height(height)
                    .layers(1), null, handle);
            if (result != VK_SUCCESS) {
                closeParts();
                check(result, "create offscreen framebuffer");
            }
            framebuffer = handle.get(0);
        }
    }

    /** The first depth attachment format the device has: D32, D32S8, D24S8. */
    public static int pickDepthFormat(VulkanContext context) {
        for (int format : DEPTH_FORMATS) {
            if (context.supportsOptimal(format, VK_FORMAT_FEATURE_DEPTH_STENCIL_ATTACHMENT_BIT)) return format;
        }
        throw new VulkanException("no depth attachment format (D32, D32S8, D24S8) on " + context.info().name());
    }

    /**
     * Attachments: [MSAA colour, depth, resolve output] or, single-sampled, [output, depth].
     * The output ends in TRANSFER_SRC_OPTIMAL; its old content is never loaded.
     */
    private static long createRenderPass(VulkanContext context, int samples, int depthFormat) {
        boolean msaa = samples > 1;
        try (MemoryStack stack = stackPush()) {
            VkAttachmentDescription.Buffer attachments = VkAttachmentDescription.calloc(msaa ? 3 : 2, stack);
            attachments.get(0)
                    .format(COLOR_FORMAT)
                    .samples(samples)
                    .loadOp(VK_ATTACHMENT_LOAD_OP_CLEAR)
                    .storeOp(msaa ? VK_ATTACHMENT_STORE_OP_DONT_CARE : VK_ATTACHMENT_STORE_OP_STORE)
                    .stencilLoadOp(VK_ATTACHMENT_LOAD_OP_DONT_CARE)
                    .stencilStoreOp(VK_ATTACHMENT_STORE_OP_DONT_CARE)
                    .initialLayout(VK_IMAGE_LAYOUT_UNDEFINED)
                    .finalLayout(msaa ? VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL : VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL);
            attachments.get(1)
                    .format(depthFormat)
                    .samples(samples)
                    .loadOp(VK_ATTACHMENT_LOAD_OP_CLEAR)
                    .storeOp(VK_ATTACHMENT_STORE_OP_DONT_CARE)
                    .stencilLoadOp(VK_ATTACHMENT_LOAD_OP_DONT_CARE)
                    .stencilStoreOp(VK_ATTACHMENT_STORE_OP_DONT_CARE)
                    .initialLayout(VK_IMAGE_LAYOUT_UNDEFINED)
                    .finalLayout(VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL);
            if (msaa) {
                attachments.get(2)
                        .format(COLOR_FORMAT)
                        .samples(VK_SAMPLE_COUNT_1_BIT)
                        .loadOp(VK_ATTACHMENT_LOAD_OP_DONT_CARE)
                        .storeOp(VK_ATTACHMENT_STORE_OP_STORE)
                        .stencilLoadOp(VK_ATTACHMENT_LOAD_OP_DONT_CARE)
                        .stencilStoreOp(VK_ATTACHMENT_STORE_OP_DONT_CARE)
                        .initialLayout(VK_IMAGE_LAYOUT_UNDEFINED)
                        .finalLayout(VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL);
            }
            VkAttachmentReference.Buffer colorRef = VkAttachmentReference.calloc(1, stack)
                    .attachment(0).layout(VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL);
            VkAttachmentReference depthRef = VkAttachmentReference.calloc(stack)
                    .attachment(1).layout(VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL);
            VkAttachmentReference.Buffer resolveRef = msaa
                    ? VkAttachmentReference.calloc(1, stack).attachment(2).layout(VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL)
                    : null;
            VkSubpassDescription.Buffer subpass = VkSubpassDescription.calloc(1, stack)
                    .pipelineBindPoint(VK_PIPELINE_BIND_POINT_GRAPHICS)
                    .colorAttachmentCount(1)
                    .pColorAttachments(colorRef)
                    .pDepthStencilAttachment(depthRef)
                    .pResolveAttachments(resolveRef);
            VkSubpassDependency.Buffer dependencies = VkSubpassDependency.calloc(2, stack);
            // Before: the previous frame's copy/blit of the output and its depth writes are done.
            dependencies.get(0)
                    .srcSubpass(VK_SUBPASS_EXTERNAL)
                    .dstSubpass(0)
                    .srcStageMask(VK_PIPELINE_STAGE_TRANSFER_BIT | VK_PIPELINE_STAGE_LATE_FRAGMENT_TESTS_BIT)
                    .srcAccessMask(VK_ACCESS_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT)
                    .dstStageMask(VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT | VK_PIPELINE_STAGE_EARLY_FRAGMENT_TESTS_BIT)
                    .dstAccessMask(VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT
                            | VK_ACCESS_DEPTH_STENCIL_ATTACHMENT_READ_BIT);
            // After: the resolved output is complete before anyone copies or blits it.
            dependencies.get(1)
                    .srcSubpass(0)
                    .dstSubpass(VK_SUBPASS_EXTERNAL)
                    .srcStageMask(VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT)
                    .srcAccessMask(VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT)
                    .dstStageMask(VK_PIPELINE_STAGE_TRANSFER_BIT)
                    .dstAccessMask(VK_ACCESS_TRANSFER_READ_BIT);
            LongBuffer handle = stack.mallocLong(1);
            check(vkCreateRenderPass(context.device(), VkRenderPassCreateInfo.calloc(stack)
                    .sType$Default()
                    .pAttachments(attachments)
                    .pSubpasses(subpass)
                    .pDependencies(dependencies), null, handle), "create offscreen render pass");
            return handle.get(0);
        }
    }

    /** The background colour the next render passes clear to, sRGB-encoded components in [0, 1]. */
    public void setBackground(float r, float g, float b) {
        setBackground(r, g, b, 1);
    }

    /**
     * As {@link #setBackground(float, float, float)} with an alpha: 0 clears to transparent, and
     * the resolved image is then premultiplied (edges carry their coverage in alpha).
     */
    public void setBackground(float r, float g, float b, float a) {
        clearRgb[0] = r;
        clearRgb[1] = g;
        clearRgb[2] = b;
        clearAlpha = Math.max(0, Math.min(1, a));
    }

    /** Begins the render pass over the whole target, clearing colour and depth (depth to 1, far). */
    public void beginRenderPass(VkCommandBuffer commands) {
        try (MemoryStack stack = stackPush()) {
            VkClearValue.Buffer clear = VkClearValue.calloc(2, stack);
            // The attachment is sRGB: clear values are linear, so decode the sRGB background.
            clear.get(0).color().float32(0, clearAlpha * srgbToLinear(clearRgb[0])).float32(1, clearAlpha * srgbToLinear(clearRgb[1]))
                    .float32(2, clearAlpha * srgbToLinear(clearRgb[2])).float32(3, clearAlpha);
            clear.get(1).depthStencil().set(1f, 0);
            VkRenderPassBeginInfo begin = VkRenderPassBeginInfo.calloc(stack)
                    .sType$Default()
                    .renderPass(renderPass)
                    .framebuffer(framebuffer)
                    .pClearValues(clear);
            begin.renderArea().extent().set(width, height);
            vkCmdBeginRenderPass(commands, begin, VK_SUBPASS_CONTENTS_INLINE);
        }
    }

    public void endRenderPass(VkCommandBuffer commands) {
        vkCmdEndRenderPass(commands);
    }

    /**
     * Packs the output (in TRANSFER_SRC_OPTIMAL after the render pass) into RGB bytes on the GPU
     * and copies them to the read-back buffer, visible to the host once the submission's fence
     * has signalled; the output is back in TRANSFER_SRC_OPTIMAL afterwards.
     */
    public void recordReadback(VkCommandBuffer commands) {
        Barriers.image(commands, output, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT,
                VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT);
        reader.record(commands);
        Barriers.image(commands, output, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
    }

    /** The last read-back: {@code width * height * 3} bytes of packed sRGB RGB, rows top first (read only). */
    public ByteBuffer readbackBytes() {
        return reader.bytes();
    }

    /** Copies the last read-back into {@code rgbOut} ({@code width * height * 3} bytes, RgbImage's layout). */
    public void readRgb(byte[] rgbOut) {
        if (rgbOut.length != width * height * 3) {
            throw new IllegalArgumentException("need " + width * height * 3 + " bytes for " + width + "x" + height + " RGB, got " + rgbOut.length);
        }
        reader.readRgb(rgbOut);
    }

    /** The last read-back as a new image. */
    public RgbImage toRgbImage() {
        byte[] rgb = new byte[width * height * 3];
        readRgb(rgb);
        return new RgbImage(width, height, rgb);
    }

    /** The last read-back as a new TYPE_3BYTE_BGR image. */
    public BufferedImage toBufferedImage() {
        return toRgbImage().toBufferedImage();
    }

    /** Writes the last read-back as a PNG (folders created). */
    public void writePng(Path file) throws IOException {
        writePng(toBufferedImage(), file);
    }

    public static void writePng(BufferedImage image, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (!ImageIO.write(image, "png", file.toFile())) throw new IOException("no PNG writer for " + file);
    }

    static float srgbToLinear(float c) {
        return c <= 0.04045f ? c / 12.92f : (float) Math.pow((c + 0.055) / 1.055, 2.4);
    }

    public int width() { return width; }

    public int height() { return height; }

    /** The sample count in use (the request, capped by the device). */
    public int samples() { return samples; }

    public long renderPass() { return renderPass; }

    /** The single-sample output image; in TRANSFER_SRC_OPTIMAL after each render pass. */
    public GpuImage output() { return output; }

    private void closeParts() {
        reader.close();
        vkDestroyRenderPass(context.device(), renderPass, null);
        vkDestroyImageView(context.device(), rawView, null);
        output.close();
        depth.close();
        if (multisampled != null) multisampled.close();
    }

    @Override
    public void close() {
        vkDestroyFramebuffer(context.device(), framebuffer, null);
        closeParts();
    }
}
