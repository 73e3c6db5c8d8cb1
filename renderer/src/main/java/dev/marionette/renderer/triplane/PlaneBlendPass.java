package dev.marionette.renderer.triplane;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;

import dev.marionette.renderer.vk.Barriers;
import dev.marionette.renderer.vk.ComputePipeline;
import dev.marionette.renderer.vk.GpuBuffer;
import dev.marionette.renderer.vk.VulkanContext;
import java.nio.ByteBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkCommandBuffer;

/**
 * Turns the rasterised layers into tri-plane channels and blends them with the static
 * tri-plane in one dispatch (plane_blend.comp): coverage becomes a signed distance (texels,
 * exact within {@link #SDF_RADIUS}) by a separable distance transform in shared memory, and
 * each texel takes the channels of the covering source nearest the layer's viewer. Input: a
 * {@link PlaneRasterPass}'s images in GENERAL. Output: the planes buffer
 * ({@link TriPlaneLayout}), visible to compute shaders and transfers after {@link #record}.
 */
public final class PlaneBlendPass implements AutoCloseable {
    /** Coverage distances are exact up to this many texels and clamped beyond (RADIUS in the shader). */
    public static final int SDF_RADIUS = 4;
    private static final int PUSH_BYTES = 32;

    private final int n;
    private final NeuralPlanes neural;
    private final ComputePipeline blend;
    private boolean hasStatic;
    private NeuralPlanes placeholders;  // ours, when built without neural planes

    /** Reads {@code raster}'s images; {@link #bind} the static and output buffers before recording. */
    public PlaneBlendPass(VulkanContext context, PlaneRasterPass raster) {
        this(context, raster, null);
    }

    /**
     * As above; for a learned avatar ({@code neural.learned()}) the face's texels also get their
     * neural features, written to {@code neural.features()}. Null or placeholders: a photo avatar.
     */
    public PlaneBlendPass(VulkanContext context, PlaneRasterPass raster, NeuralPlanes neural) {
        this.n = raster.planeSize();
        this.neural = neural != null && neural.learned() ? neural : null;
        // Each tile reloads an apron of SDF_RADIUS texels: larger tiles reload less. 16 x 16 needs
        // 256 invocations and 3.8 KiB of shared memory; 8 x 8 (2 KiB) fits every device.
        int edge = context.limits().maxComputeWorkGroupInvocations() >= 256
                && context.limits().maxComputeWorkGroupSize(0) >= 16 && context.limits().maxComputeWorkGroupSize(1) >= 16 ? 16 : 8;
        blend = new ComputePipeline(context, "triplane/plane_blend.comp",
                new int[] {VK_DESCRIPTOR_TYPE_STORAGE_IMAGE, VK_DESCRIPTOR_TYPE_STORAGE_IMAGE,
                        VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
                        VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER},
                PUSH_BYTES, new int[] {edge, edge, 1}, 1, new int[] {this.neural != null ? 1 : 0});
        blend.writeImage(0, 0, VK_DESCRIPTOR_TYPE_STORAGE_IMAGE, raster.geometry().view(), VK_NULL_HANDLE, VK_IMAGE_LAYOUT_GENERAL);
        blend.writeImage(0, 1, VK_DESCRIPTOR_TYPE_STORAGE_IMAGE, raster.surface().view(), VK_NULL_HANDLE, VK_IMAGE_LAYOUT_GENERAL);
        if (this.neural != null) {
            blend.writeBuffer(0, 4, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, this.neural.texture());
            blend.writeBuffer(0, 5, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, this.neural.features());
        } else {  // our own: the march's placeholders are only read, these are (as far as descriptors say) written
            placeholders = NeuralPlanes.none(context);
            blend.writeBuffer(0, 4, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, placeholders.texture());
            blend.writeBuffer(0, 5, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, placeholders.features());
        }
    }

    /**
     * Reads the static tri-plane from {@code staticPlanes} and writes the blend to {@code planes}
     * (distinct buffers of {@link TriPlaneLayout#planeBytes()}). Only between submissions.
     */
    public void bind(StaticTriPlane staticPlane, GpuBuffer planes) {
        bind(staticPlane.planes(), planes);
        hasStatic = staticPlane.hasContent();
    }

    /** As {@link #bind(StaticTriPlane, GpuBuffer)}, reading every texel of {@code staticPlanes}. */
    public void bind(GpuBuffer staticPlanes, GpuBuffer planes) {
        hasStatic = true;
        if (staticPlanes == planes) throw new IllegalArgumentException("the blend cannot read and write the same buffer");
        blend.writeBuffer(0, 2, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, staticPlanes);
        blend.writeBuffer(0, 3, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, planes);
    }

    /** Records the dispatch; afterwards the planes buffer is visible to compute shaders and transfers. */
    public void record(VkCommandBuffer commands, GpuBuffer planes) {
        try (MemoryStack stack = stackPush()) {
            ByteBuffer push = stack.malloc(PUSH_BYTES);
            push.putInt(0, n).putInt(4, TriPlaneLayout.GROUPS).putInt(8, hasStatic ? 1 : 0)
                    .putInt(12, neural == null ? 0 : neural.channels()).putInt(16, neural == null ? 0 : neural.textureSize()).putInt(20, 0)
                    .putFloat(24, neural == null ? 1 : neural.atlasU()).putFloat(28, neural == null ? 1 : neural.atlasV());
            blend.dispatch(commands, 0, push, n, n, TriPlaneLayout.LAYERS);
        }
        Barriers.buffer(commands, planes, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
                VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
                VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_TRANSFER_READ_BIT);
        if (neural != null) {
            Barriers.buffer(commands, neural.features(), VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
                    VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
                    VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_TRANSFER_READ_BIT);
        }
    }

    @Override
    public void close() {
        blend.close();
        if (placeholders != null) placeholders.close();
    }
}
