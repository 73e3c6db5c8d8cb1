package dev.marionette.renderer.vk;

import static dev.marionette.renderer.vk.VkCheck.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.system.MemoryUtil.memByteBuffer;
import static org.lwjgl.vulkan.VK10.*;

import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferCreateInfo;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkMemoryAllocateInfo;
import org.lwjgl.vulkan.VkMemoryRequirements;

/**
 * A buffer with its own memory. Host-visible buffers are mapped once for their whole life
 * ({@link #mapped()}); they are always host-coherent, so writes need no flush.
 *
 * <p>One allocation per buffer is fine for the handful of long-lived buffers of a pass; a
 * suballocator belongs in front of this before anything allocates per object.
 */
public final class GpuBuffer implements AutoCloseable {
    private final VkDevice device;
    private final long buffer;
    private final long memory;
    private final long size;
    private final ByteBuffer mapped;

    private GpuBuffer(VkDevice device, long buffer, long memory, long size, ByteBuffer mapped) {
        this.device = device;
        this.buffer = buffer;
        this.memory = memory;
        this.size = size;
        this.mapped = mapped;
    }

    /** Device-local storage for the GPU only (vertex, index, storage buffers); filled by staging copies. */
    public static GpuBuffer deviceLocal(VulkanContext context, long size, int usage, String name) {
        return create(context, size, usage | VK_BUFFER_USAGE_TRANSFER_DST_BIT, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, 0, false, name);
    }

    /** Host-visible, coherent, mapped: the CPU writes here and a copy moves the data to the GPU. */
    public static GpuBuffer staging(VulkanContext context, long size, String name) {
        return create(context, size, VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT, 0, true, name);
    }

    /** Host-visible, coherent, preferably cached (fast CPU reads), mapped: the GPU copies results here. */
    public static GpuBuffer readback(VulkanContext context, long size, String name) {
        return create(context, size, VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT,
                VK_MEMORY_PROPERTY_HOST_CACHED_BIT, true, name);
    }

    /**
     * @param required  memory flags the buffer must have
     * @param preferred flags taken when a type with them exists
     * @param map       map the whole buffer persistently (needs HOST_VISIBLE in required)
     */
    public static GpuBuffer create(VulkanContext context, long size, int usage, int required, int preferred, boolean map, String name) {
        if (size <= 0) throw new IllegalArgumentException(name + ": buffer size must be > 0, got " + size);
        VkDevice device = context.device();
        try (MemoryStack stack = stackPush()) {
            LongBuffer handle = stack.mallocLong(1);
            check(vkCreateBuffer(device, VkBufferCreateInfo.calloc(stack)
                    .sType$Default()
                    .size(size)
                    .usage(usage)
                    .sharingMode(VK_SHARING_MODE_EXCLUSIVE), null, handle), "create buffer " + name);
            long buffer = handle.get(0);
            long memory = NULL;
            try {
                VkMemoryRequirements requirements = VkMemoryRequirements.malloc(stack);
                vkGetBufferMemoryRequirements(device, buffer, requirements);
                int type = context.memoryType(requirements.memoryTypeBits(), required, preferred);
                check(vkAllocateMemory(device, VkMemoryAllocateInfo.calloc(stack)
                        .sType$Default()
                        .allocationSize(requirements.size())
                        .memoryTypeIndex(type), null, handle), "allocate " + requirements.size() + " bytes for " + name);
                memory = handle.get(0);
                check(vkBindBufferMemory(device, buffer, memory, 0), "bind memory of " + name);
                ByteBuffer mapped = null;
                if (map) {
                    PointerBuffer pointer = stack.mallocPointer(1);
                    check(vkMapMemory(device, memory, 0, size, 0, pointer), "map " + name);
                    mapped = memByteBuffer(pointer.get(0), Math.toIntExact(size));
                }
                return new GpuBuffer(device, buffer, memory, size, mapped);
            } catch (RuntimeException e) {
                if (memory != NULL) vkFreeMemory(device, memory, null);
                vkDestroyBuffer(device, buffer, null);
                throw e;
            }
        }
    }

    public long handle() { return buffer; }

    public long size() { return size; }

    /**
     * The persistent mapping (position 0, limit size; callers may use duplicates or absolute
     * access).
     *
     * @throws IllegalStateException for a buffer that is not mapped
     */
    public ByteBuffer mapped() {
        if (mapped == null) throw new IllegalStateException("buffer is not host-mapped");
        return mapped;
    }

    @Override
    public void close() {
        if (mapped != null) vkUnmapMemory(device, memory);
        vkDestroyBuffer(device, buffer, null);
        vkFreeMemory(device, memory, null);
    }
}
