package dev.marionette.renderer.vk;

import static dev.marionette.renderer.vk.VkCheck.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;

import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkComputePipelineCreateInfo;
import org.lwjgl.vulkan.VkDescriptorBufferInfo;
import org.lwjgl.vulkan.VkDescriptorImageInfo;
import org.lwjgl.vulkan.VkDescriptorPoolCreateInfo;
import org.lwjgl.vulkan.VkDescriptorPoolSize;
import org.lwjgl.vulkan.VkDescriptorSetAllocateInfo;
import org.lwjgl.vulkan.VkDescriptorSetLayoutBinding;
import org.lwjgl.vulkan.VkDescriptorSetLayoutCreateInfo;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkPipelineLayoutCreateInfo;
import org.lwjgl.vulkan.VkPipelineShaderStageCreateInfo;
import org.lwjgl.vulkan.VkPushConstantRange;
import org.lwjgl.vulkan.VkSpecializationInfo;
import org.lwjgl.vulkan.VkSpecializationMapEntry;
import org.lwjgl.vulkan.VkWriteDescriptorSet;

/**
 * A compute shader with its descriptor set layout (set 0, one descriptor per binding), pipeline
 * layout (optional push constants), a pool holding a fixed number of descriptor sets, and the
 * pipeline.
 *
 * <p>The workgroup size is chosen here, not in GLSL: the shader declares
 * {@code layout(local_size_x_id = 0, local_size_y_id = 1, local_size_z_id = 2) in;} and receives
 * it as specialization constants, so callers pick sizes from the device's limits (nothing
 * assumes a subgroup size) and {@link #dispatch} derives the group counts from them.
 */
public final class ComputePipeline implements AutoCloseable {
    private final VkDevice device;
    private final String shader;
    private final int[] localSize;
    private final int pushBytes;
    private final long setLayout;
    private final long pool;
    private final long[] sets;
    private final long layout;
    private final long pipeline;

    /**
     * @param bindingTypes VK_DESCRIPTOR_TYPE_* of bindings 0, 1, ... of set 0
     * @param pushBytes    size of the push-constant block (0 for none; at most 128 is portable)
     * @param localSize    workgroup size x, y, z (product within maxComputeWorkGroupInvocations)
     * @param setCount     descriptor sets to allocate (e.g. one per frame in flight)
     */
    public ComputePipeline(VulkanContext context, String shader, int[] bindingTypes, int pushBytes, int[] localSize, int setCount) {
        this(context, shader, bindingTypes, pushBytes, localSize, setCount, new int[0]);
    }

    /**
     * As above, with further specialization constants: {@code constants[i]} is constant_id
     * 3 + i (a 32-bit int, or a bool as 0 / 1), e.g. to pick a shader variant at no run-time cost.
     */
    public ComputePipeline(VulkanContext context, String shader, int[] bindingTypes, int pushBytes, int[] localSize, int setCount,
                           int[] constants) {
        if (localSize.length != 3) throw new IllegalArgumentException("local size needs x, y, z");
        long invocations = (long) localSize[0] * localSize[1] * localSize[2];
        if (invocations <= 0 || invocations > context.limits().maxComputeWorkGroupInvocations()) {
            throw new IllegalArgumentException(shader + ": workgroup of " + invocations + " invocations; the device allows "
                    + context.limits().maxComputeWorkGroupInvocations());
        }
        if (pushBytes < 0 || pushBytes % 4 != 0 || pushBytes > context.limits().maxPushConstantsSize()) {
            throw new IllegalArgumentException(shader + ": push constants of " + pushBytes + " bytes");
        }
        this.device = context.device();
        this.shader = shader;
        this.localSize = localSize.clone();
        this.pushBytes = pushBytes;
        ReleaseStack built = new ReleaseStack();
        try (MemoryStack stack = stackPush()) {
            LongBuffer handle = stack.mallocLong(1);
            VkDescriptorSetLayoutBinding.Buffer bindings = VkDescriptorSetLayoutBinding.calloc(bindingTypes.length, stack);
            for (int b = 0; b < bindingTypes.length; b++) {
                bindings.get(b).binding(b).descriptorType(bindingTypes[b]).descriptorCount(1).stageFlags(VK_SHADER_STAGE_COMPUTE_BIT);
            }
            check(vkCreateDescriptorSetLayout(device, VkDescriptorSetLayoutCreateInfo.calloc(stack)
                    .sType$Default().pBindings(bindings), null, handle), "create descriptor set layout of " + shader);
            setLayout = handle.get(0);
            built.onClose(() -> vkDestroyDescriptorSetLayout(device, setLayout, null));

            VkDescriptorPoolSize.Buffer sizes = VkDescriptorPoolSize.calloc(bindingTypes.length, stack);
            for (int b = 0; b < bindingTypes.length; b++) sizes.get(b).type(bindingTypes[b]).descriptorCount(setCount);
            check(vkCreateDescriptorPool(device, VkDescriptorPoolCreateInfo.calloc(stack)
                    .sType$Default().maxSets(setCount).pPoolSizes(sizes), null, handle), "create descriptor pool of " + shader);
            pool = handle.get(0);
            built.onClose(() -> vkDestroyDescriptorPool(device, pool, null));
            LongBuffer layouts = stack.mallocLong(setCount);
            for (int i = 0; i < setCount; i++) layouts.put(i, setLayout);
            LongBuffer allocated = stack.mallocLong(setCount);
            check(vkAllocateDescriptorSets(device, VkDescriptorSetAllocateInfo.calloc(stack)
                    .sType$Default().descriptorPool(pool).pSetLayouts(layouts), allocated), "allocate descriptor sets of " + shader);
            sets = new long[setCount];
            allocated.get(sets);

            VkPushConstantRange.Buffer push = pushBytes == 0 ? null
                    : VkPushConstantRange.calloc(1, stack).stageFlags(VK_SHADER_STAGE_COMPUTE_BIT).offset(0).size(pushBytes);
            check(vkCreatePipelineLayout(device, VkPipelineLayoutCreateInfo.calloc(stack)
                    .sType$Default()
                    .pSetLayouts(stack.longs(setLayout))
                    .pPushConstantRanges(push), null, handle), "create pipeline layout of " + shader);
            layout = handle.get(0);
            built.onClose(() -> vkDestroyPipelineLayout(device, layout, null));

            long module = ShaderModules.load(device, shader);
            try {
                int count = 3 + constants.length;
                VkSpecializationMapEntry.Buffer entries = VkSpecializationMapEntry.calloc(count, stack);
                for (int i = 0; i < count; i++) entries.get(i).constantID(i).offset(4 * i).size(4);
                ByteBuffer data = stack.malloc(4 * count);
                data.asIntBuffer().put(localSize).put(constants);
                VkPipelineShaderStageCreateInfo stage = VkPipelineShaderStageCreateInfo.calloc(stack)
                        .sType$Default()
                        .stage(VK_SHADER_STAGE_COMPUTE_BIT)
                        .module(module)
                        .pName(stack.UTF8("main"))
                        .pSpecializationInfo(VkSpecializationInfo.calloc(stack).pMapEntries(entries).pData(data));
                VkComputePipelineCreateInfo.Buffer info = VkComputePipelineCreateInfo.calloc(1, stack)
                        .sType$Default()
                        .stage(stage)
                        .layout(layout);
                check(vkCreateComputePipelines(device, VK_NULL_HANDLE, info, null, handle), "create compute pipeline " + shader);
                pipeline = handle.get(0);
            } finally {
                vkDestroyShaderModule(device, module, null);
            }
        } catch (RuntimeException e) {
            built.closeAll(e);
            throw e;
        }
    }

    /** Points binding {@code binding} of set {@code set} at an image view (sampler 0 for storage images). */
    public void writeImage(int set, int binding, int descriptorType, long view, long sampler, int imageLayout) {
        try (MemoryStack stack = stackPush()) {
            VkDescriptorImageInfo.Buffer image = VkDescriptorImageInfo.calloc(1, stack)
                    .sampler(sampler).imageView(view).imageLayout(imageLayout);
            vkUpdateDescriptorSets(device, VkWriteDescriptorSet.calloc(1, stack)
                    .sType$Default()
                    .dstSet(sets[set])
                    .dstBinding(binding)
                    .descriptorCount(1)
                    .descriptorType(descriptorType)
                    .pImageInfo(image), null);
        }
    }

    /** Points binding {@code binding} of set {@code set} at a whole buffer. */
    public void writeBuffer(int set, int binding, int descriptorType, GpuBuffer buffer) {
        try (MemoryStack stack = stackPush()) {
            VkDescriptorBufferInfo.Buffer info = VkDescriptorBufferInfo.calloc(1, stack)
                    .buffer(buffer.handle()).offset(0).range(VK_WHOLE_SIZE);
            vkUpdateDescriptorSets(device, VkWriteDescriptorSet.calloc(1, stack)
                    .sType$Default()
                    .dstSet(sets[set])
                    .dstBinding(binding)
                    .descriptorCount(1)
                    .descriptorType(descriptorType)
                    .pBufferInfo(info), null);
        }
    }

    /**
     * Binds the pipeline and set, pushes {@code push} (null without push constants) and
     * dispatches enough groups to cover {@code x × y × z} invocations.
     */
    public void dispatch(VkCommandBuffer commands, int set, ByteBuffer push, int x, int y, int z) {
        bind(commands, set, push);
        vkCmdDispatch(commands, groups(x, localSize[0]), groups(y, localSize[1]), groups(z, localSize[2]));
    }

    /**
     * Binds the pipeline and set, pushes {@code push} (null without push constants) and
     * dispatches the group counts the GPU left in {@code arguments} at {@code offset} (a
     * VkDispatchIndirectCommand; the buffer needs the indirect usage).
     */
    public void dispatchIndirect(VkCommandBuffer commands, int set, ByteBuffer push, GpuBuffer arguments, long offset) {
        bind(commands, set, push);
        vkCmdDispatchIndirect(commands, arguments.handle(), offset);
    }

    private void bind(VkCommandBuffer commands, int set, ByteBuffer push) {
        vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
        try (MemoryStack stack = stackPush()) {
            vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE, layout, 0, stack.longs(sets[set]), null);
        }
        if (pushBytes > 0) {
            if (push == null || push.remaining() != pushBytes) {
                throw new IllegalArgumentException(shader + " takes " + pushBytes + " bytes of push constants");
            }
            vkCmdPushConstants(commands, layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, push);
        }
    }

    private static int groups(int invocations, int local) {
        return (invocations + local - 1) / local;
    }

    @Override
    public void close() {
        vkDestroyPipeline(device, pipeline, null);
        vkDestroyPipelineLayout(device, layout, null);
        vkDestroyDescriptorPool(device, pool, null);
        vkDestroyDescriptorSetLayout(device, setLayout, null);
    }
}
