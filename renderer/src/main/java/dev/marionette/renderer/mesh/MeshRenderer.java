package dev.marionette.renderer.mesh;

import static dev.marionette.renderer.vk.VkCheck.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;

import dev.marionette.renderer.offscreen.OffscreenTarget;
import dev.marionette.renderer.vk.Barriers;
import dev.marionette.renderer.vk.GpuBuffer;
import dev.marionette.renderer.vk.GpuTimer;
import dev.marionette.renderer.vk.ReleaseStack;
import dev.marionette.renderer.vk.SampledTexture;
import dev.marionette.renderer.vk.ShaderModules;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.geometry.HeadPose;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import org.joml.Matrix4f;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferCopy;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkCommandBufferAllocateInfo;
import org.lwjgl.vulkan.VkCommandBufferBeginInfo;
import org.lwjgl.vulkan.VkDescriptorImageInfo;
import org.lwjgl.vulkan.VkDescriptorPoolCreateInfo;
import org.lwjgl.vulkan.VkDescriptorPoolSize;
import org.lwjgl.vulkan.VkDescriptorSetAllocateInfo;
import org.lwjgl.vulkan.VkDescriptorSetLayoutBinding;
import org.lwjgl.vulkan.VkDescriptorSetLayoutCreateInfo;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkFenceCreateInfo;
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
import org.lwjgl.vulkan.VkSubmitInfo;
import org.lwjgl.vulkan.VkVertexInputAttributeDescription;
import org.lwjgl.vulkan.VkVertexInputBindingDescription;
import org.lwjgl.vulkan.VkViewport;
import org.lwjgl.vulkan.VkWriteDescriptorSet;

/**
 * The mesh reference path: the avatar mesh, deformed by a dense displacement in the head frame,
 * posed by a head→camera transform, rasterised with a pinhole camera, depth-tested, textured,
 * multisampled, over a solid background, into an {@link OffscreenTarget}.
 *
 * <p>Per frame ({@link #render}): the deformed positions are written into a persistently mapped
 * staging buffer and copied to the device-local vertex buffer, the pass is drawn, and optionally
 * the image is copied to the read-back buffer; the call waits for the GPU (one frame in flight,
 * so the single staging buffer is never overwritten while read). Nothing is allocated per frame:
 * structs live on the MemoryStack, matrices in fields.
 *
 * <p>GPU time per stage ({@link #STAGES}) is measured with timestamps when the queue has them.
 */
public final class MeshRenderer implements AutoCloseable {
    /** Stages timed on the GPU, in order. */
    public static final List<String> STAGES = List.of("upload", "raster", "readback");
    public static final int STAGE_UPLOAD = 0, STAGE_RASTER = 1, STAGE_READBACK = 2;
    /** Bytes of push constants: one column-major mat4 (see glsl/common/mesh_push.glsl). */
    static final int PUSH_BYTES = 64;

    /**
     * @param width, height   output pixels
     * @param samples         MSAA samples requested (capped by the device)
     * @param backgroundRgb   sRGB background colour, components in [0, 1]
     * @param verticalFovDeg  the pinhole camera's vertical field of view (square pixels, centred);
     *                        {@link #setCamera} replaces it with measured intrinsics
     * @param nearMm, farMm   depth range of the camera
     */
    public record Settings(int width, int height, int samples, float[] backgroundRgb, double verticalFovDeg,
                           double nearMm, double farMm) {
        public Settings {
            if (width <= 0 || height <= 0) throw new IllegalArgumentException("render size must be positive: " + width + "x" + height);
            if (backgroundRgb.length != 3) throw new IllegalArgumentException("background needs r, g, b");
            if (!(nearMm > 0 && farMm > nearMm)) throw new IllegalArgumentException("need 0 < near < far, got " + nearMm + ", " + farMm);
            if (!(verticalFovDeg > 1 && verticalFovDeg < 179)) throw new IllegalArgumentException("field of view outside (1, 179): " + verticalFovDeg);
            backgroundRgb = backgroundRgb.clone();
        }

        /** 4× MSAA, a dark grey background, a 30° portrait lens, 10 mm to 5 m. */
        public static Settings of(int width, int height) {
            return new Settings(width, height, 4, new float[] {0.12f, 0.12f, 0.14f}, 30, 10, 5000);
        }

        public Settings withSamples(int s) { return new Settings(width, height, s, backgroundRgb, verticalFovDeg, nearMm, farMm); }

        public Settings withBackground(float r, float g, float b) {
            return new Settings(width, height, samples, new float[] {r, g, b}, verticalFovDeg, nearMm, farMm);
        }

        public Settings withVerticalFov(double deg) { return new Settings(width, height, samples, backgroundRgb, deg, nearMm, farMm); }
    }

    private final VulkanContext context;
    private final VkDevice device;
    private final AvatarMesh mesh;
    private final Settings settings;
    private final OffscreenTarget target;
    private final SampledTexture texture;
    private final GpuBuffer positions;
    private final GpuBuffer positionsStaging;
    private final FloatBuffer stagedPositions;
    private final GpuBuffer uvs;
    private final GpuBuffer indices;
    private final long descriptorSetLayout;
    private final long descriptorPool;
    private final long descriptorSet;
    private final long pipelineLayout;
    private final long pipeline;
    private final VkCommandBuffer commands;
    private final long frameFence;
    private final GpuTimer timer;

    private CameraIntrinsics camera;
    private final Matrix4f projection = new Matrix4f();
    private final Matrix4f view = new Matrix4f();
    private final Matrix4f clipFromHead = new Matrix4f();
    private final float[] zeroDisplacement;

    /**
     * Uploads the mesh's static data and the texture, builds the pipeline and the target. The
     * texture is sRGB-encoded (as image files are); its top row is v = 0.
     */
    public MeshRenderer(VulkanContext context, AvatarMesh mesh, BufferedImage textureImage, Settings settings) {
        this.context = context;
        this.device = context.device();
        this.mesh = mesh;
        this.settings = settings;
        this.zeroDisplacement = new float[mesh.positionsMm().length];
        this.camera = CameraIntrinsics.fromVerticalFov(settings.width(), settings.height(), settings.verticalFovDeg());
        // Everything below is closed in reverse by close(); a failure part-way closes what exists.
        ReleaseStack built = new ReleaseStack();
        try {
            target = built.push(new OffscreenTarget(context, settings.width(), settings.height(), settings.samples()));
            target.setBackground(settings.backgroundRgb()[0], settings.backgroundRgb()[1], settings.backgroundRgb()[2]);
            // Anisotropic: a cheek seen at a slant and the teeth (a tall, narrow atlas region for a
            // wide row) keep their detail along the long axis.
            texture = built.push(SampledTexture.upload(context, textureImage, "avatar texture", true));
            long positionBytes = (long) mesh.positionsMm().length * Float.BYTES;
            positions = built.push(GpuBuffer.deviceLocal(context, positionBytes, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, "mesh positions"));
            positionsStaging = built.push(GpuBuffer.staging(context, positionBytes, "mesh positions staging"));
            stagedPositions = positionsStaging.mapped().asFloatBuffer();
            uvs = built.push(GpuBuffer.deviceLocal(context, (long) mesh.uvs().length * Float.BYTES, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, "mesh UVs"));
            indices = built.push(GpuBuffer.deviceLocal(context, (long) mesh.triangles().length * Integer.BYTES, VK_BUFFER_USAGE_INDEX_BUFFER_BIT, "mesh indices"));
            uploadStatic();

            try (MemoryStack stack = stackPush()) {
                LongBuffer handle = stack.mallocLong(1);
                VkDescriptorSetLayoutBinding.Buffer binding = VkDescriptorSetLayoutBinding.calloc(1, stack)
                        .binding(0)
                        .descriptorType(VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER)
                        .descriptorCount(1)
                        .stageFlags(VK_SHADER_STAGE_FRAGMENT_BIT);
                check(vkCreateDescriptorSetLayout(device, VkDescriptorSetLayoutCreateInfo.calloc(stack)
                        .sType$Default().pBindings(binding), null, handle), "create mesh descriptor set layout");
                descriptorSetLayout = handle.get(0);
                built.onClose(() -> vkDestroyDescriptorSetLayout(device, descriptorSetLayout, null));

                VkDescriptorPoolSize.Buffer poolSize = VkDescriptorPoolSize.calloc(1, stack)
                        .type(VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER).descriptorCount(1);
                check(vkCreateDescriptorPool(device, VkDescriptorPoolCreateInfo.calloc(stack)
                        .sType$Default().maxSets(1).pPoolSizes(poolSize), null, handle), "create mesh descriptor pool");
                descriptorPool = handle.get(0);
                built.onClose(() -> vkDestroyDescriptorPool(device, descriptorPool, null));

                check(vkAllocateDescriptorSets(device, VkDescriptorSetAllocateInfo.calloc(stack)
                        .sType$Default()
                        .descriptorPool(descriptorPool)
                        .pSetLayouts(stack.longs(descriptorSetLayout)), handle), "allocate mesh descriptor set");
                descriptorSet = handle.get(0);
                VkDescriptorImageInfo.Buffer imageInfo = VkDescriptorImageInfo.calloc(1, stack)
                        .sampler(texture.sampler())
                        .imageView(texture.image().view())
                        .imageLayout(VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
                VkWriteDescriptorSet.Buffer write = VkWriteDescriptorSet.calloc(1, stack)
                        .sType$Default()
                        .dstSet(descriptorSet)
                        .dstBinding(0)
                        .descriptorCount(1)
                        .descriptorType(VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER)
                        .pImageInfo(imageInfo);
                vkUpdateDescriptorSets(device, write, null);

                VkPushConstantRange.Buffer push = VkPushConstantRange.calloc(1, stack)
                        .stageFlags(VK_SHADER_STAGE_VERTEX_BIT).offset(0).size(PUSH_BYTES);
                check(vkCreatePipelineLayout(device, VkPipelineLayoutCreateInfo.calloc(stack)
                        .sType$Default()
                        .pSetLayouts(stack.longs(descriptorSetLayout))
                        .pPushConstantRanges(push), null, handle), "create mesh pipeline layout");
                pipelineLayout = handle.get(0);
                built.onClose(() -> vkDestroyPipelineLayout(device, pipelineLayout, null));
            }
            pipeline = createPipeline();
            built.onClose(() -> vkDestroyPipeline(device, pipeline, null));

            try (MemoryStack stack = stackPush()) {
                PointerBuffer pCommands = stack.mallocPointer(1);
                check(vkAllocateCommandBuffers(device, VkCommandBufferAllocateInfo.calloc(stack)
                        .sType$Default()
                        .commandPool(context.commandPool())
                        .level(VK_COMMAND_BUFFER_LEVEL_PRIMARY)
                        .commandBufferCount(1), pCommands), "allocate mesh frame command buffer");
                commands = new VkCommandBuffer(pCommands.get(0), device);
                built.onClose(() -> vkFreeCommandBuffers(device, context.commandPool(), commands));
                LongBuffer handle = stack.mallocLong(1);
                check(vkCreateFence(device, VkFenceCreateInfo.calloc(stack).sType$Default(), null, handle), "create mesh frame fence");
                frameFence = handle.get(0);
                built.onClose(() -> vkDestroyFence(device, frameFence, null));
            }
            timer = built.push(new GpuTimer(context, STAGES));
        } catch (RuntimeException e) {
            built.closeAll(e);
            throw e;
        }
    }

    private void uploadStatic() {
        float[] uv = mesh.uvs();
        int[] tris = mesh.triangles();
        long uvBytes = (long) uv.length * Float.BYTES, indexBytes = (long) tris.length * Integer.BYTES;
        try (GpuBuffer staging = GpuBuffer.staging(context, uvBytes + indexBytes, "mesh static staging")) {
            ByteBuffer mapped = staging.mapped();
            mapped.asFloatBuffer().put(uv);
            mapped.position((int) uvBytes).slice().order(mapped.order()).asIntBuffer().put(tris);
            mapped.position(0);
            context.submitAndWait("upload of mesh UVs and indices", cmd -> {
                try (MemoryStack stack = stackPush()) {
                    vkCmdCopyBuffer(cmd, staging.handle(), uvs.handle(), VkBufferCopy.calloc(1, stack).srcOffset(0).dstOffset(0).size(uvBytes));
                    vkCmdCopyBuffer(cmd, staging.handle(), indices.handle(), VkBufferCopy.calloc(1, stack).srcOffset(uvBytes).dstOffset(0).size(indexBytes));
                }
                Barriers.buffer(cmd, uvs, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                        VK_PIPELINE_STAGE_VERTEX_INPUT_BIT, VK_ACCESS_VERTEX_ATTRIBUTE_READ_BIT);
                Barriers.buffer(cmd, indices, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                        VK_PIPELINE_STAGE_VERTEX_INPUT_BIT, VK_ACCESS_INDEX_READ_BIT);
            });
        }
    }

    private long createPipeline() {
        long vertex = ShaderModules.load(device, "mesh/mesh.vert");
        long fragment = VK_NULL_HANDLE;
        try (MemoryStack stack = stackPush()) {
            fragment = ShaderModules.load(device, "mesh/mesh.frag");
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

            VkPipelineColorBlendAttachmentState.Buffer blend = VkPipelineColorBlendAttachmentState.calloc(1, stack)
                    .colorWriteMask(VK_COLOR_COMPONENT_R_BIT | VK_COLOR_COMPONENT_G_BIT | VK_COLOR_COMPONENT_B_BIT | VK_COLOR_COMPONENT_A_BIT);
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
                    // The projection flips y for Vulkan's framebuffer, so what the camera sees
                    // counter-clockwise stays counter-clockwise on screen: the mesh's front.
                    .pRasterizationState(VkPipelineRasterizationStateCreateInfo.calloc(stack).sType$Default()
                            .polygonMode(VK_POLYGON_MODE_FILL)
                            .cullMode(VK_CULL_MODE_BACK_BIT)
                            .frontFace(VK_FRONT_FACE_COUNTER_CLOCKWISE)
                            .lineWidth(1f))
                    .pMultisampleState(VkPipelineMultisampleStateCreateInfo.calloc(stack).sType$Default()
                            .rasterizationSamples(target.samples()))
                    .pDepthStencilState(VkPipelineDepthStencilStateCreateInfo.calloc(stack).sType$Default()
                            .depthTestEnable(true)
                            .depthWriteEnable(true)
                            .depthCompareOp(VK_COMPARE_OP_LESS))
                    .pColorBlendState(VkPipelineColorBlendStateCreateInfo.calloc(stack).sType$Default()
                            .pAttachments(blend))
                    .pDynamicState(VkPipelineDynamicStateCreateInfo.calloc(stack).sType$Default()
                            .pDynamicStates(stack.ints(VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR)))
                    .layout(pipelineLayout)
                    .renderPass(target.renderPass())
                    .subpass(0);
            LongBuffer handle = stack.mallocLong(1);
            check(vkCreateGraphicsPipelines(device, VK_NULL_HANDLE, info, null, handle), "create mesh pipeline");
            return handle.get(0);
        } finally {
            if (fragment != VK_NULL_HANDLE) vkDestroyShaderModule(device, fragment, null);
            vkDestroyShaderModule(device, vertex, null);
        }
    }

    /** Replaces the pinhole camera, e.g. with the webcam's; scaled to the render size. */
    public void setCamera(CameraIntrinsics intrinsics) {
        this.camera = intrinsics.scaledTo(settings.width(), settings.height());
    }

    public CameraIntrinsics camera() { return camera; }

    /** Renders the avatar as the webcam saw the face: the tracked pose and expression. */
    public void render(FaceParams params, boolean readback) {
        render(params.pose(), params.expressionMm(), readback);
    }

    /** Renders the undeformed mesh. */
    public void render(HeadPose headToCamera, boolean readback) {
        render(headToCamera, zeroDisplacement, readback);
    }

    /**
     * Renders one frame and waits for it. With {@code readback}, the pixels are then readable from
     * {@link #target()}; either way the output image is left in TRANSFER_SRC_OPTIMAL.
     *
     * @param displacementMm per-vertex offsets in the head frame, 3 per vertex (a FaceParams
     *                       expression for the canonical mesh)
     */
    public void render(HeadPose headToCamera, float[] displacementMm, boolean readback) {
        float[] base = mesh.positionsMm();
        if (displacementMm.length != base.length) {
            throw new IllegalArgumentException("displacement has " + displacementMm.length + " values, the mesh needs "
                    + base.length + " (3 per vertex)");
        }
        for (int i = 0; i < base.length; i++) stagedPositions.put(i, base[i] + displacementMm[i]);
        updateMatrix(headToCamera);

        try (MemoryStack stack = stackPush()) {
            check(vkResetCommandBuffer(commands, 0), "reset mesh frame commands");
            check(vkBeginCommandBuffer(commands, VkCommandBufferBeginInfo.calloc(stack)
                    .sType$Default()
                    .flags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT)), "begin mesh frame commands");
            timer.begin(commands);
            vkCmdCopyBuffer(commands, positionsStaging.handle(), positions.handle(),
                    VkBufferCopy.calloc(1, stack).size(positions.size()));
            Barriers.buffer(commands, positions, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                    VK_PIPELINE_STAGE_VERTEX_INPUT_BIT, VK_ACCESS_VERTEX_ATTRIBUTE_READ_BIT);
            timer.endStage(commands, STAGE_UPLOAD);

            target.beginRenderPass(commands);
            vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline);
            VkViewport.Buffer viewport = VkViewport.calloc(1, stack)
                    .x(0).y(0).width(settings.width()).height(settings.height()).minDepth(0).maxDepth(1);
            vkCmdSetViewport(commands, 0, viewport);
            VkRect2D.Buffer scissor = VkRect2D.calloc(1, stack);
            scissor.extent().set(settings.width(), settings.height());
            vkCmdSetScissor(commands, 0, scissor);
            vkCmdBindVertexBuffers(commands, 0, stack.longs(positions.handle(), uvs.handle()), stack.longs(0, 0));
            vkCmdBindIndexBuffer(commands, indices.handle(), 0, VK_INDEX_TYPE_UINT32);
            vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, pipelineLayout, 0,
                    stack.longs(descriptorSet), null);
            ByteBuffer push = stack.malloc(PUSH_BYTES);
            clipFromHead.get(push);
            vkCmdPushConstants(commands, pipelineLayout, VK_SHADER_STAGE_VERTEX_BIT, 0, push);
            vkCmdDrawIndexed(commands, mesh.triangles().length, 1, 0, 0, 0);
            target.endRenderPass(commands);
            timer.endStage(commands, STAGE_RASTER);

            if (readback) {
                target.recordReadback(commands);
                timer.endStage(commands, STAGE_READBACK);
            }
            check(vkEndCommandBuffer(commands), "end mesh frame commands");
            check(vkResetFences(device, frameFence), "reset mesh frame fence");
            check(vkQueueSubmit(context.queue(), VkSubmitInfo.calloc(stack)
                    .sType$Default()
                    .pCommandBuffers(stack.pointers(commands)), frameFence), "submit mesh frame");
            check(vkWaitForFences(device, frameFence, true, -1L), "wait for mesh frame");
        }
        timer.collect();
    }

    /**
     * clipFromHead = projection · view, view = the head→camera pose, projection = the pinhole
     * camera mapped to Vulkan clip space: x right, y down, depth 0 at near and 1 at far.
     */
    private void updateMatrix(HeadPose pose) {
        view.set(
                (float) pose.r(0, 0), (float) pose.r(1, 0), (float) pose.r(2, 0), 0f,
                (float) pose.r(0, 1), (float) pose.r(1, 1), (float) pose.r(2, 1), 0f,
                (float) pose.r(0, 2), (float) pose.r(1, 2), (float) pose.r(2, 2), 0f,
                (float) pose.t(0), (float) pose.t(1), (float) pose.t(2), 1f);
        float w = settings.width(), h = settings.height();
        float n = (float) settings.nearMm(), f = (float) settings.farMm();
        // Pixel u = fx·X/(−Z) + cx, v = cy − fy·Y/(−Z) (camera looks down −z, y up; image v down).
        projection.set(
                (float) (2 * camera.fx() / w), 0f, 0f, 0f,
                0f, (float) (-2 * camera.fy() / h), 0f, 0f,
                (float) (1 - 2 * camera.cx() / w), (float) (1 - 2 * camera.cy() / h), -f / (f - n), -1f,
                0f, 0f, -f * n / (f - n), 0f);
        projection.mul(view, clipFromHead);
    }

    public OffscreenTarget target() { return target; }

    public AvatarMesh mesh() { return mesh; }

    public Settings settings() { return settings; }

    /** GPU milliseconds of stage i ({@link #STAGES}) in the last frame; NaN without timestamps or when skipped. */
    public double stageMs(int stage) { return timer.stageMs(stage); }

    public boolean timestamps() { return timer.supported(); }

    @Override
    public void close() {
        vkDeviceWaitIdle(device);  // nothing in flight
        timer.close();
        vkDestroyFence(device, frameFence, null);
        vkFreeCommandBuffers(device, context.commandPool(), commands);
        vkDestroyPipeline(device, pipeline, null);
        vkDestroyPipelineLayout(device, pipelineLayout, null);
        vkDestroyDescriptorPool(device, descriptorPool, null);
        vkDestroyDescriptorSetLayout(device, descriptorSetLayout, null);
        indices.close();
        uvs.close();
        positionsStaging.close();
        positions.close();
        texture.close();
        target.close();
    }
}
