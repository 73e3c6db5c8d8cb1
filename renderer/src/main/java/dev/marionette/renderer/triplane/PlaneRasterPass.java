package dev.marionette.renderer.triplane;

import static dev.marionette.renderer.vk.VkCheck.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;

import dev.marionette.renderer.offscreen.OffscreenTarget;
import dev.marionette.renderer.vk.GpuImage;
import dev.marionette.renderer.vk.ReleaseStack;
import dev.marionette.renderer.vk.ShaderModules;
import dev.marionette.renderer.vk.VulkanContext;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkAttachmentDescription;
import org.lwjgl.vulkan.VkAttachmentReference;
import org.lwjgl.vulkan.VkClearValue;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkFramebufferCreateInfo;
import org.lwjgl.vulkan.VkGraphicsPipelineCreateInfo;
import org.lwjgl.vulkan.VkPipelineColorBlendAttachmentState;
import org.lwjgl.vulkan.VkPipelineColorBlendStateCreateInfo;
import org.lwjgl.vulkan.VkPipelineDepthStencilStateCreateInfo;
import org.lwjgl.vulkan.VkPipelineDynamicStateCreateInfo;
import org.lwjgl.vulkan.VkPipelineInputAssemblyStateCreateInfo;
import org.lwjgl.vulkan.VkPipelineLayoutCreateInfo;
import org.lwjgl.vulkan.VkPipelineMultisampleStateCreateInfo;
import org.lwjgl.vulkan.VkPipelineRasterizationStateCreateInfo;
import org.lwjgl.vulkan.VkPipelineShaderStageCreateInfo;
import org.lwjgl.vulkan.VkPipelineVertexInputStateCreateInfo;
import org.lwjgl.vulkan.VkPipelineViewportStateCreateInfo;
import org.lwjgl.vulkan.VkPushConstantRange;
import org.lwjgl.vulkan.VkRect2D;
import org.lwjgl.vulkan.VkRenderPassBeginInfo;
import org.lwjgl.vulkan.VkRenderPassCreateInfo;
import org.lwjgl.vulkan.VkSubpassDependency;
import org.lwjgl.vulkan.VkSubpassDescription;
import org.lwjgl.vulkan.VkVertexInputAttributeDescription;
import org.lwjgl.vulkan.VkVertexInputBindingDescription;
import org.lwjgl.vulkan.VkViewport;

/**
 * Texture rasterisation of a mesh into the tri-plane layers: one render pass draws the mesh
 * once per layer, orthographically along the layer's axis, into that layer's N × N strip of two
 * N × (LAYERS·N) RGBA32F images (geometry: coverage, height, slope; surface: |n · axis|, u, v),
 * depth-tested so each texel keeps the surface nearest the layer's viewer. No face culling: a
 * layer records whatever surface it sees first. Afterwards both images are in
 * GENERAL for the blend pass, which reads them as storage images.
 */
public final class PlaneRasterPass implements AutoCloseable {
    public static final int FORMAT = VK_FORMAT_R32G32B32A32_SFLOAT;
    /** Push constants: vec4 box (min corner, edge), ivec4 layer, vec4 sweep (glsl/common/triplane_raster_push.glsl). */
    static final int PUSH_BYTES = 48;

    private final VkDevice device;
    private final int n;
    private final GpuImage geometry;
    private final GpuImage surface;
    private final GpuImage depth;
    private final long renderPass;
    private final long framebuffer;
    private final long pipelineLayout;
    private final long pipeline;

    public PlaneRasterPass(VulkanContext context, int planeSize) {
        this.device = context.device();
        this.n = planeSize;
        int height = TriPlaneLayout.LAYERS * planeSize;
        int depthFormat = OffscreenTarget.pickDepthFormat(context);
        ReleaseStack built = new ReleaseStack();
        try (MemoryStack stack = stackPush()) {
            int usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_STORAGE_BIT;
            geometry = built.push(GpuImage.create(context, n, height, FORMAT, usage, 1, VK_SAMPLE_COUNT_1_BIT,
                    VK_IMAGE_ASPECT_COLOR_BIT, false, "tri-plane raster geometry"));
            surface = built.push(GpuImage.create(context, n, height, FORMAT, usage, 1, VK_SAMPLE_COUNT_1_BIT,
                    VK_IMAGE_ASPECT_COLOR_BIT, false, "tri-plane raster surface"));
            depth = built.push(GpuImage.create(context, n, height, depthFormat, VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT, 1,
                    VK_SAMPLE_COUNT_1_BIT, VK_IMAGE_ASPECT_DEPTH_BIT, true, "tri-plane raster depth"));
            renderPass = createRenderPass(stack, depthFormat);
            built.onClose(() -> vkDestroyRenderPass(device, renderPass, null));
            LongBuffer handle = stack.mallocLong(1);
            check(vkCreateFramebuffer(device, VkFramebufferCreateInfo.calloc(stack)
                    .sType$Default()
                    .renderPass(renderPass)
                    .pAttachments(stack.longs(geometry.view(), surface.view(), depth.view()))
                    .width(n)
                    .height(height)
                    .layers(1), null, handle), "create tri-plane raster framebuffer");
            framebuffer = handle.get(0);
            built.onClose(() -> vkDestroyFramebuffer(device, framebuffer, null));
            VkPushConstantRange.Buffer push = VkPushConstantRange.calloc(1, stack)
                    .stageFlags(VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT).offset(0).size(PUSH_BYTES);
            check(vkCreatePipelineLayout(device, VkPipelineLayoutCreateInfo.calloc(stack)
                    .sType$Default()
                    .pPushConstantRanges(push), null, handle), "create tri-plane raster pipeline layout");
            pipelineLayout = handle.get(0);
            built.onClose(() -> vkDestroyPipelineLayout(device, pipelineLayout, null));
            pipeline = createPipeline();
            built.onClose(() -> vkDestroyPipeline(device, pipeline, null));
        } catch (RuntimeException e) {
            built.closeAll(e);
            throw e;
        }
    }

    /**
     * Colour attachments are cleared to 0 (uncovered) and end in GENERAL; the
     * dependencies order this pass after the previous blend's reads and before the next one.
     */
    private long createRenderPass(MemoryStack stack, int depthFormat) {
        VkAttachmentDescription.Buffer attachments = VkAttachmentDescription.calloc(3, stack);
        for (int i = 0; i < 2; i++) {
            attachments.get(i)
                    .format(FORMAT)
                    .samples(VK_SAMPLE_COUNT_1_BIT)
                    .loadOp(VK_ATTACHMENT_LOAD_OP_CLEAR)
                    .storeOp(VK_ATTACHMENT_STORE_OP_STORE)
                    .stencilLoadOp(VK_ATTACHMENT_LOAD_OP_DONT_CARE)
                    .stencilStoreOp(VK_ATTACHMENT_STORE_OP_DONT_CARE)
                    .initialLayout(VK_IMAGE_LAYOUT_UNDEFINED)
                    .finalLayout(VK_IMAGE_LAYOUT_GENERAL);
        }
        attachments.get(2)
                .format(depthFormat)
                .samples(VK_SAMPLE_COUNT_1_BIT)
                .loadOp(VK_ATTACHMENT_LOAD_OP_CLEAR)
                .storeOp(VK_ATTACHMENT_STORE_OP_DONT_CARE)
                .stencilLoadOp(VK_ATTACHMENT_LOAD_OP_DONT_CARE)
                .stencilStoreOp(VK_ATTACHMENT_STORE_OP_DONT_CARE)
                .initialLayout(VK_IMAGE_LAYOUT_UNDEFINED)
                .finalLayout(VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL);
        VkAttachmentReference.Buffer colorRefs = VkAttachmentReference.calloc(2, stack);
        colorRefs.get(0).attachment(0).layout(VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL);
        colorRefs.get(1).attachment(1).layout(VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL);
        VkAttachmentReference depthRef = VkAttachmentReference.calloc(stack)
                .attachment(2).layout(VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL);
        VkSubpassDescription.Buffer subpass = VkSubpassDescription.calloc(1, stack)
                .pipelineBindPoint(VK_PIPELINE_BIND_POINT_GRAPHICS)
                .colorAttachmentCount(2)
                .pColorAttachments(colorRefs)
                .pDepthStencilAttachment(depthRef);
        VkSubpassDependency.Buffer dependencies = VkSubpassDependency.calloc(2, stack);
        dependencies.get(0)
                .srcSubpass(VK_SUBPASS_EXTERNAL)
                .dstSubpass(0)
                .srcStageMask(VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_LATE_FRAGMENT_TESTS_BIT)
                .srcAccessMask(VK_ACCESS_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT)
                .dstStageMask(VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT | VK_PIPELINE_STAGE_EARLY_FRAGMENT_TESTS_BIT)
                .dstAccessMask(VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_DEPTH_STENCIL_ATTACHMENT_READ_BIT
                        | VK_ACCESS_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT);
        dependencies.get(1)
                .srcSubpass(0)
                .dstSubpass(VK_SUBPASS_EXTERNAL)
                .srcStageMask(VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT)
                .srcAccessMask(VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT)
                .dstStageMask(VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT)
                .dstAccessMask(VK_ACCESS_SHADER_READ_BIT);
        LongBuffer handle = stack.mallocLong(1);
        check(vkCreateRenderPass(device, VkRenderPassCreateInfo.calloc(stack)
                .sType$Default()
                .pAttachments(attachments)
                .pSubpasses(subpass)
                .pDependencies(dependencies), null, handle), "create tri-plane raster render pass");
        return handle.get(0);
    }

    private long createPipeline() {
        long vertex = ShaderModules.load(device, "triplane/plane_raster.vert");
        long fragment = VK_NULL_HANDLE;
        try (MemoryStack stack = stackPush()) {
            fragment = ShaderModules.load(device, "triplane/plane_raster.frag");
            ByteBuffer main = stack.UTF8("main");
            VkPipelineShaderStageCreateInfo.Buffer stages = VkPipelineShaderStageCreateInfo.calloc(2, stack);
            stages.get(0).sType$Default().stage(VK_SHADER_STAGE_VERTEX_BIT).module(vertex).pName(main);
            stages.get(1).sType$Default().stage(VK_SHADER_STAGE_FRAGMENT_BIT).module(fragment).pName(main);
            VkVertexInputBindingDescription.Buffer bindings = VkVertexInputBindingDescription.calloc(2, stack);
            bindings.get(0).binding(0).stride(3 * Float.BYTES).inputRate(VK_VERTEX_INPUT_RATE_VERTEX);
            bindings.get(1).binding(1).stride(2 * Float.BYTES).inputRate(VK_VERTEX_INPUT_RATE_VERTEX);
            VkVertexInputAttributeDescription.Buffer attributes = VkVertexInputAttributeDescription.calloc(2, stack);
            attributes.get(0).location(0).binding(0).format(VK_FORMAT_R32G32B32_SFLOAT).offset(0);
            attributes.get(1).location(1).binding(1).format(VK_FORMAT_R32G32_SFLOAT).offset(0);
            int all = VK_COLOR_COMPONENT_R_BIT | VK_COLOR_COMPONENT_G_BIT | VK_COLOR_COMPONENT_B_BIT | VK_COLOR_COMPONENT_A_BIT;
            VkPipelineColorBlendAttachmentState.Buffer blend = VkPipelineColorBlendAttachmentState.calloc(2, stack);
            blend.get(0).colorWriteMask(all);
            blend.get(1).colorWriteMask(all);
            VkGraphicsPipelineCreateInfo.Buffer info = VkGraphicsPipelineCreateInfo.calloc(1, stack)
                    .sType$Default()
                    .pStages(stages)
                    .pVertexInputState(VkPipelineVertexInputStateCreateInfo.calloc(stack).sType$Default()
                            .pVertexBindingDescriptions(bindings)
                            .pVertexAttributeDescriptions(attributes))
                    .pInputAssemblyState(VkPipelineInputAssemblyStateCreateInfo.calloc(stack).sType$Default()
                            .topology(VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST))
                    .pViewportState(VkPipelineViewportStateCreateInfo.calloc(stack).sType$Default()
                            .viewportCount(1).scissorCount(1))
                    .pRasterizationState(VkPipelineRasterizationStateCreateInfo.calloc(stack).sType$Default()
                            .polygonMode(VK_POLYGON_MODE_FILL)
                            .cullMode(VK_CULL_MODE_NONE)
                            .frontFace(VK_FRONT_FACE_COUNTER_CLOCKWISE)
                            .lineWidth(1f))
                    .pMultisampleState(VkPipelineMultisampleStateCreateInfo.calloc(stack).sType$Default()
                            .rasterizationSamples(VK_SAMPLE_COUNT_1_BIT))
                    .pDepthStencilState(VkPipelineDepthStencilStateCreateInfo.calloc(stack).sType$Default()
                            .depthTestEnable(true)
                            .depthWriteEnable(true)
                            .depthCompareOp(VK_COMPARE_OP_LESS))
                    .pColorBlendState(VkPipelineColorBlendStateCreateInfo.calloc(stack).sType$Default()
                            .pAttachments(blend))
                    .pDynamicState(VkPipelineDynamicStateCreateInfo.calloc(stack).sType$Default()
                            .pDynamicStates(stack.ints(VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR)))
                    .layout(pipelineLayout)
                    .renderPass(renderPass)
                    .subpass(0);
            LongBuffer handle = stack.mallocLong(1);
            check(vkCreateGraphicsPipelines(device, VK_NULL_HANDLE, info, null, handle), "create tri-plane raster pipeline");
            return handle.get(0);
        } finally {
            if (fragment != VK_NULL_HANDLE) vkDestroyShaderModule(device, fragment, null);
            vkDestroyShaderModule(device, vertex, null);
        }
    }

    /**
     * Records the pass: every layer of {@code layout} gets the indexed triangle list drawn from
     * the vertex buffers (positions: 3 floats, UVs: 2 floats per vertex), whose writes must
     * already be visible to vertex input.
     */
    public void record(VkCommandBuffer commands, TriPlaneLayout layout, long positions, long uvs, long indices, int indexCount) {
        record(commands, layout, positions, uvs, indices, indexCount, 0);
    }

    /**
     * As {@link #record(VkCommandBuffer, TriPlaneLayout, long, long, long, int)}, but the LEFT
     * and RIGHT layers see the mesh swept back along -z by {@code sideSweepMm} (drawn again,
     * moved back in steps of at most half a texel): they record the solid of that thickness
     * behind the mesh. A relief seen from the side is nearly edge-on, its triangles slivers that
     * miss most texel centres; swept, each covers a band as deep as the sweep.
     */
    public void record(VkCommandBuffer commands, TriPlaneLayout layout, long positions, long uvs, long indices, int indexCount,
                       float sideSweepMm) {
        if (!(sideSweepMm >= 0) || !Float.isFinite(sideSweepMm)) throw new IllegalArgumentException("sweep must be >= 0 mm: " + sideSweepMm);
        int copies = 1 + (int) Math.ceil(sideSweepMm / (0.5f * layout.texelMm()));
        float step = copies > 1 ? sideSweepMm / (copies - 1) : 0;
        if (layout.planeSize() != n) throw new IllegalArgumentException("layout of " + layout.planeSize() + "² planes, pass of " + n + "²");
        try (MemoryStack stack = stackPush()) {
            VkClearValue.Buffer clear = VkClearValue.calloc(3, stack);
            clear.get(2).depthStencil().set(1f, 0);
            VkRenderPassBeginInfo begin = VkRenderPassBeginInfo.calloc(stack)
                    .sType$Default()
                    .renderPass(renderPass)
                    .framebuffer(framebuffer)
                    .pClearValues(clear);
            begin.renderArea().extent().set(n, TriPlaneLayout.LAYERS * n);
            vkCmdBeginRenderPass(commands, begin, VK_SUBPASS_CONTENTS_INLINE);
            vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline);
            vkCmdBindVertexBuffers(commands, 0, stack.longs(positions, uvs), stack.longs(0, 0));
            vkCmdBindIndexBuffer(commands, indices, 0, VK_INDEX_TYPE_UINT32);
            VkViewport.Buffer viewport = VkViewport.calloc(1, stack);
            VkRect2D.Buffer scissor = VkRect2D.calloc(1, stack);
            ByteBuffer push = stack.malloc(PUSH_BYTES);
            push.putFloat(0, layout.boxMinMm(0)).putFloat(4, layout.boxMinMm(1)).putFloat(8, layout.boxMinMm(2))
                    .putFloat(12, layout.boxSizeMm());
            for (int layer = 0; layer < TriPlaneLayout.LAYERS; layer++) {
                viewport.x(0).y(layer * n).width(n).height(n).minDepth(0).maxDepth(1);
                vkCmdSetViewport(commands, 0, viewport);
                scissor.offset().set(0, layer * n);
                scissor.extent().set(n, n);
                vkCmdSetScissor(commands, 0, scissor);
                boolean side = layer == TriPlaneLayout.LAYER_LEFT || layer == TriPlaneLayout.LAYER_RIGHT;
                push.putInt(16, layer).putInt(20, 0).putInt(24, 0).putInt(28, 0);
                push.putFloat(32, side ? step : 0).putFloat(36, 0).putFloat(40, 0).putFloat(44, 0);
                vkCmdPushConstants(commands, pipelineLayout, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, push);
                vkCmdDrawIndexed(commands, indexCount, side ? copies : 1, 0, 0, 0);
            }
            vkCmdEndRenderPass(commands);
        }
    }

    public int planeSize() { return n; }

    /** Coverage, height, slope per texel; rows [layer·N, (layer+1)·N) hold one layer. */
    public GpuImage geometry() { return geometry; }

    /** |n · axis|, u, v per texel. */
    public GpuImage surface() { return surface; }

    @Override
    public void close() {
        vkDestroyPipeline(device, pipeline, null);
        vkDestroyPipelineLayout(device, pipelineLayout, null);
        vkDestroyFramebuffer(device, framebuffer, null);
        vkDestroyRenderPass(device, renderPass, null);
        depth.close();
        surface.close();
        geometry.close();
    }
}
