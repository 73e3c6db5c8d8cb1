package dev.marionette.renderer.vk;

import static dev.marionette.renderer.vk.VkCheck.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.memAlloc;
import static org.lwjgl.system.MemoryUtil.memFree;

import dev.marionette.shaders.Shaders;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkShaderModuleCreateInfo;

/** Shader modules from the shaders module's SPIR-V; callers destroy them once the pipeline exists. */
public final class ShaderModules {
    private ShaderModules() {}

    /** A module for e.g. {@code "mesh/mesh.vert"}. */
    public static long load(VkDevice device, String shader) {
        byte[] spirv = Shaders.spirv(shader);
        ByteBuffer code = memAlloc(spirv.length);
        try (MemoryStack stack = stackPush()) {
            code.put(spirv).flip();
            LongBuffer handle = stack.mallocLong(1);
            check(org.lwjgl.vulkan.VK10.vkCreateShaderModule(device, VkShaderModuleCreateInfo.calloc(stack)
                    .sType$Default()
                    .pCode(code), null, handle), "create shader module " + shader);
            return handle.get(0);
        } finally {
            memFree(code);
        }
    }
}
