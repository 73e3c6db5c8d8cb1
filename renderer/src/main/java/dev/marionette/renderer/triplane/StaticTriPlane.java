package dev.marionette.renderer.triplane;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;

import dev.marionette.renderer.mesh.AvatarMesh;
import dev.marionette.renderer.vk.Barriers;
import dev.marionette.renderer.vk.GpuBuffer;
import dev.marionette.renderer.vk.ReleaseStack;
import dev.marionette.renderer.vk.VulkanContext;
import java.nio.ByteBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferCopy;

/**
 * The avatar's static tri-plane (hair, ears, neck, torso): channels in the {@link
 * TriPlaneLayout} format on the GPU, and a proxy triangle mesh enclosing its content, which the
 * march projects to skip empty space. Built once: empty (nothing covered, no proxy triangles)
 * or by rasterising a static mesh through the same passes as the face (the mesh is its own
 * proxy). Learned static planes would be uploaded into the same buffer with a coarse hull as
 * proxy.
 */
public final class StaticTriPlane implements AutoCloseable {
    /** Bits of -SDF_RADIUS as a float: every channel of an uncovered texel (coverage distance < 0). */
    private static final int EMPTY_BITS = Float.floatToRawIntBits(-PlaneBlendPass.SDF_RADIUS);
    /**
     * How thick the side layers take the static content to be. It is a relief, a sheet seen
     * nearly edge-on from the side, with steps where triangles the photo saw obliquely were
     * dropped (StaticMeshBuilder): its triangles project to slivers and gaps there, through which
     * a side layer recorded the far flank of the hair and so carved the near flank away (the
     * top of the default avatar's hair was cut off at yaw -45 and 0). Swept back this far along
     * -z (PlaneRasterPass) the sheet covers its side projection. A thicker solid shows from the
     * side as a band beyond the mesh's outline: on the default avatar (DefaultAvatarRenderTest,
     * tri-plane vs mesh at yaw -45 / 0 / 45) 0.8 mm left pinholes in the hair and measured
     * 22.6 / 25.2 / 26.2 dB, 2 mm 24.8 / 26.8 / 25.6 dB, 3 mm 24.2 / 26.7 / 25.0 dB, 6 mm
     * 22.6 / 26.7 / 23.6 dB; without the sweep 19.6 / 22.1 / 25.7 dB.
     */
    static final float RELIEF_DEPTH_MM = 2;

    private final GpuBuffer planes;
    private final GpuBuffer proxyPositions;
    private final GpuBuffer proxyIndices;
    private final int proxyTriangles;

    private StaticTriPlane(GpuBuffer planes, GpuBuffer proxyPositions, GpuBuffer proxyIndices, int proxyTriangles) {
        this.planes = planes;
        this.proxyPositions = proxyPositions;
        this.proxyIndices = proxyIndices;
        this.proxyTriangles = proxyTriangles;
    }

    /** Nothing covered anywhere. */
    public static StaticTriPlane empty(VulkanContext context, TriPlaneLayout layout) {
        ReleaseStack built = new ReleaseStack();
        try {
            GpuBuffer planes = built.push(GpuBuffer.deviceLocal(context, layout.planeBytes(),
                    VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT, "static tri-plane"));
            // No proxy triangles; the buffers exist so descriptors always have something to point at.
            GpuBuffer positions = built.push(GpuBuffer.deviceLocal(context, 3 * Float.BYTES, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, "static proxy positions"));
            GpuBuffer indices = built.push(GpuBuffer.deviceLocal(context, 3 * Integer.BYTES, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, "static proxy indices"));
            context.submitAndWait("clear of the static tri-plane", commands -> {
                vkCmdFillBuffer(commands, planes.handle(), 0, VK_WHOLE_SIZE, EMPTY_BITS);
                vkCmdFillBuffer(commands, positions.handle(), 0, VK_WHOLE_SIZE, 0);
                vkCmdFillBuffer(commands, indices.handle(), 0, VK_WHOLE_SIZE, 0);
                for (GpuBuffer b : new GpuBuffer[] {planes, positions, indices}) {
                    Barriers.buffer(commands, b, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                            VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT);
                }
            });
            return new StaticTriPlane(planes, positions, indices, 0);
        } catch (RuntimeException e) {
            built.closeAll(e);
            throw e;
        }
    }

    /**
     * Rasterises {@code content} (UVs into the avatar's texture) into a new static tri-plane with
     * the given passes, using {@code scratch} (a planes-sized buffer) on the way; the blend pass
     * is left bound to (this static tri-plane's empty predecessor, scratch): rebind it.
     */
    static StaticTriPlane rasterise(VulkanContext context, TriPlaneLayout layout, AvatarMesh content,
                                    PlaneRasterPass raster, PlaneBlendPass blend, GpuBuffer scratch) {
        ReleaseStack built = new ReleaseStack();
        try (StaticTriPlane empty = empty(context, layout)) {
            float[] positions = content.positionsMm(), uvs = content.uvs();
            int[] triangles = content.triangles();
            long positionBytes = (long) positions.length * Float.BYTES, uvBytes = (long) uvs.length * Float.BYTES;
            long indexBytes = (long) triangles.length * Integer.BYTES;
            GpuBuffer vertexPositions = built.push(GpuBuffer.deviceLocal(context, positionBytes,
                    VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, "static positions"));
            GpuBuffer vertexUvs = built.push(GpuBuffer.deviceLocal(context, uvBytes, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, "static UVs"));
            GpuBuffer indices = built.push(GpuBuffer.deviceLocal(context, indexBytes,
                    VK_BUFFER_USAGE_INDEX_BUFFER_BIT | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, "static indices"));
            GpuBuffer staging = built.push(GpuBuffer.staging(context, positionBytes + uvBytes + indexBytes, "static mesh staging"));
            ByteBuffer mapped = staging.mapped();
            for (int i = 0; i < positions.length; i++) mapped.putFloat(i * Float.BYTES, positions[i]);
            for (int i = 0; i < uvs.length; i++) mapped.putFloat((int) positionBytes + i * Float.BYTES, uvs[i]);
            for (int i = 0; i < triangles.length; i++) mapped.putInt((int) (positionBytes + uvBytes) + i * Integer.BYTES, triangles[i]);
            GpuBuffer planes = built.push(GpuBuffer.deviceLocal(context, layout.planeBytes(),
                    VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT, "static tri-plane"));
            blend.bind(empty.planes, scratch);
            context.submitAndWait("rasterisation of the static tri-plane", commands -> {
                try (MemoryStack stack = stackPush()) {
                    VkBufferCopy.Buffer region = VkBufferCopy.calloc(1, stack);
                    vkCmdCopyBuffer(commands, staging.handle(), vertexPositions.handle(), region.srcOffset(0).dstOffset(0).size(positionBytes));
                    vkCmdCopyBuffer(commands, staging.handle(), vertexUvs.handle(), region.srcOffset(positionBytes).dstOffset(0).size(uvBytes));
                    vkCmdCopyBuffer(commands, staging.handle(), indices.handle(), region.srcOffset(positionBytes + uvBytes).dstOffset(0).size(indexBytes));
                    Barriers.buffer(commands, vertexPositions, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                            VK_PIPELINE_STAGE_VERTEX_INPUT_BIT | VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                            VK_ACCESS_VERTEX_ATTRIBUTE_READ_BIT | VK_ACCESS_SHADER_READ_BIT);
                    Barriers.buffer(commands, vertexUvs, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                            VK_PIPELINE_STAGE_VERTEX_INPUT_BIT, VK_ACCESS_VERTEX_ATTRIBUTE_READ_BIT);
                    Barriers.buffer(commands, indices, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                            VK_PIPELINE_STAGE_VERTEX_INPUT_BIT | VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                            VK_ACCESS_INDEX_READ_BIT | VK_ACCESS_SHADER_READ_BIT);
                    raster.record(commands, layout, vertexPositions.handle(), vertexUvs.handle(), indices.handle(), triangles.length,
                            RELIEF_DEPTH_MM);
                    blend.record(commands, scratch);
                    vkCmdCopyBuffer(commands, scratch.handle(), planes.handle(), region.srcOffset(0).dstOffset(0).size(layout.planeBytes()));
                    Barriers.buffer(commands, planes, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                            VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT);
                }
            });
            staging.close();
            vertexUvs.close();
            return new StaticTriPlane(planes, vertexPositions, indices, content.triangleCount());
        } catch (RuntimeException e) {
            built.closeAll(e);
            throw e;
        }
    }

    public GpuBuffer planes() { return planes; }

    /** Whether anything is covered. */
    public boolean hasContent() { return proxyTriangles > 0; }

    /** Vertices of the proxy (3 floats each, head frame, mm), storage usage. */
    public GpuBuffer proxyPositions() { return proxyPositions; }

    /** The proxy's triangle list (storage usage). */
    public GpuBuffer proxyIndices() { return proxyIndices; }

    public int proxyTriangles() { return proxyTriangles; }

    @Override
    public void close() {
        proxyIndices.close();
        proxyPositions.close();
        planes.close();
    }
}
