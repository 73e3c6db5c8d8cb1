package dev.marionette.renderer.vk;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;

import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferMemoryBarrier;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkImageMemoryBarrier;

/** Pipeline barriers for layout transitions and buffer hand-overs, structs on the MemoryStack. */
public final class Barriers {
    private Barriers() {}

    /**
     * Transitions mip levels [baseMip, baseMip + mipCount) of a colour or depth image, making
     * {@code srcAccess} writes in {@code srcStage} visible to {@code dstAccess} in {@code dstStage}.
     */
    public static void image(VkCommandBuffer commands, long image, int aspect, int baseMip, int mipCount,
                             int oldLayout, int newLayout, int srcStage, int srcAccess, int dstStage, int dstAccess) {
        try (MemoryStack stack = stackPush()) {
            VkImageMemoryBarrier.Buffer barrier = VkImageMemoryBarrier.calloc(1, stack)
                    .sType$Default()
                    .srcAccessMask(srcAccess)
                    .dstAccessMask(dstAccess)
                    .oldLayout(oldLayout)
                    .newLayout(newLayout)
                    .srcQueueFamilyIndex(VK_QUEUE_FAMILY_IGNORED)
                    .dstQueueFamilyIndex(VK_QUEUE_FAMILY_IGNORED)
                    .image(image);
            barrier.subresourceRange().set(aspect, baseMip, mipCount, 0, 1);
            vkCmdPipelineBarrier(commands, srcStage, dstStage, 0, null, null, barrier);
        }
    }

    /** The whole image, all mips. */
    public static void image(VkCommandBuffer commands, GpuImage image, int oldLayout, int newLayout,
                             int srcStage, int srcAccess, int dstStage, int dstAccess) {
        image(commands, image.handle(), image.aspect(), 0, image.mipLevels(), oldLayout, newLayout,
                srcStage, srcAccess, dstStage, dstAccess);
    }

    /** Makes {@code srcAccess} writes to a whole buffer visible to {@code dstAccess}. */
    public static void buffer(VkCommandBuffer commands, GpuBuffer buffer, int srcStage, int srcAccess, int dstStage, int dstAccess) {
        try (MemoryStack stack = stackPush()) {
            VkBufferMemoryBarrier.Buffer barrier = VkBufferMemoryBarrier.calloc(1, stack)
                    .sType$Default()
                    .srcAccessMask(srcAccess)
                    .dstAccessMask(dstAccess)
                    .srcQueueFamilyIndex(VK_QUEUE_FAMILY_IGNORED)
                    .dstQueueFamilyIndex(VK_QUEUE_FAMILY_IGNORED)
                    .buffer(buffer.handle())
                    .offset(0)
                    .size(VK_WHOLE_SIZE);
            vkCmdPipelineBarrier(commands, srcStage, dstStage, 0, null, barrier, null);
        }
    }
}
