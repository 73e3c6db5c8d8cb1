package dev.marionette.renderer.vk;

import static dev.marionette.renderer.vk.VkCheck.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.vulkan.VK10.*;

import java.nio.LongBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkImageCreateInfo;
import org.lwjgl.vulkan.VkImageViewCreateInfo;
import org.lwjgl.vulkan.VkMemoryAllocateInfo;
import org.lwjgl.vulkan.VkMemoryRequirements;

/** A 2-D image with its own device memory and one view over all its mip levels. */
public final class GpuImage implements AutoCloseable {
    private final VkDevice device;
    private final long image;
    private final long memory;
    private final long view;
    private final int width;
    private final int height;
    private final int format;
    private final int mipLevels;
    private final int samples;
    private final int aspect;

    private GpuImage(VkDevice device, long image, long memory, long view, int width, int height, int format,
                     int mipLevels, int samples, int aspect) {
        this.device = device;
        this.image = image;
        this.memory = memory;
        this.view = view;
        this.width = width;
        this.height = height;
        this.format = format;
        this.mipLevels = mipLevels;
        this.samples = samples;
        this.aspect = aspect;
    }

    /**
     * @param usage     VK_IMAGE_USAGE_* bits
     * @param samples   VK_SAMPLE_COUNT_* (1 for anything sampled, stored or copied)
     * @param aspect    VK_IMAGE_ASPECT_COLOR_BIT or _DEPTH_BIT
     * @param lazy      an attachment that lives only inside a render pass (MSAA colour, depth):
     *                  takes lazily allocated memory where the device has it (tilers)
     */
    public static GpuImage create(VulkanContext context, int width, int height, int format, int usage, int mipLevels,
                                  int samples, int aspect, boolean lazy, String name) {
        return create(context, width, height, format, usage, mipLevels, samples, aspect, lazy, 0, name);
    }

    /**
     * @param createFlags VK_IMAGE_CREATE_* bits, e.g. MUTABLE_FORMAT for views of another format
     *                    (see {@link #createView})
     */
    public static GpuImage create(VulkanContext context, int width, int height, int format, int usage, int mipLevels,
                                  int samples, int aspect, boolean lazy, int createFlags, String name) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException(name + ": image size must be positive: " + width + "x" + height);
        VkDevice device = context.device();
        if (lazy) usage |= VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT;
        try (MemoryStack stack = stackPush()) {
            LongBuffer handle = stack.mallocLong(1);
            VkImageCreateInfo info = VkImageCreateInfo.calloc(stack)
                    .sType$Default()
                    .flags(createFlags)
                    .imageType(VK_IMAGE_TYPE_2D)
                    .format(format)
                    .mipLevels(mipLevels)
                    .arrayLayers(1)
                    .samples(samples)
                    .tiling(VK_IMAGE_TILING_OPTIMAL)
                    .usage(usage)
                    .sharingMode(VK_SHARING_MODE_EXCLUSIVE)
                    .initialLayout(VK_IMAGE_LAYOUT_UNDEFINED);
            info.extent().set(width, height, 1);
            check(vkCreateImage(device, info, null, handle), "create image " + name + " " + width + "x" + height);
            long image = handle.get(0);
            long memory = NULL;
            try {
                VkMemoryRequirements requirements = VkMemoryRequirements.malloc(stack);
                vkGetImageMemoryRequirements(device, image, requirements);
                int type = context.memoryType(requirements.memoryTypeBits(), VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT,
                        lazy ? VK_MEMORY_PROPERTY_LAZILY_ALLOCATED_BIT : 0);
                check(vkAllocateMemory(device, VkMemoryAllocateInfo.calloc(stack)
                        .sType$Default()
                        .allocationSize(requirements.size())
                        .memoryTypeIndex(type), null, handle), "allocate " + requirements.size() + " bytes for image " + name);
                memory = handle.get(0);
                check(vkBindImageMemory(device, image, memory, 0), "bind memory of image " + name);
                VkImageViewCreateInfo viewInfo = VkImageViewCreateInfo.calloc(stack)
                        .sType$Default()
                        .image(image)
                        .viewType(VK_IMAGE_VIEW_TYPE_2D)
                        .format(format);
                viewInfo.subresourceRange().set(aspect, 0, mipLevels, 0, 1);
                check(vkCreateImageView(device, viewInfo, null, handle), "create view of image " + name);
                return new GpuImage(device, image, memory, handle.get(0), width, height, format, mipLevels, samples, aspect);
            } catch (RuntimeException e) {
                if (memory != NULL) vkFreeMemory(device, memory, null);
                vkDestroyImage(device, image, null);
                throw e;
            }
        }
    }

    /**
     * A further view of all mips in another (size-compatible) format; the image must have been
     * created MUTABLE_FORMAT. The caller destroys it (before the image).
     */
    public long createView(int viewFormat, String name) {
        try (MemoryStack stack = stackPush()) {
            VkImageViewCreateInfo viewInfo = VkImageViewCreateInfo.calloc(stack)
                    .sType$Default()
                    .image(image)
                    .viewType(VK_IMAGE_VIEW_TYPE_2D)
                    .format(viewFormat);
            viewInfo.subresourceRange().set(aspect, 0, mipLevels, 0, 1);
            LongBuffer handle = stack.mallocLong(1);
            check(vkCreateImageView(device, viewInfo, null, handle), "create " + name + " view");
            return handle.get(0);
        }
    }

    public long handle() { return image; }

    public long view() { return view; }

    public int width() { return width; }

    public int height() { return height; }

    public int format() { return format; }

    public int mipLevels() { return mipLevels; }

    public int samples() { return samples; }

    public int aspect() { return aspect; }

    @Override
    public void close() {
        vkDestroyImageView(device, view, null);
        vkDestroyImage(device, image, null);
        vkFreeMemory(device, memory, null);
    }
}
