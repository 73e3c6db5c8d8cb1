package dev.marionette.renderer.triplane;

import static org.lwjgl.vulkan.VK10.*;

import dev.marionette.renderer.vk.Barriers;
import dev.marionette.renderer.vk.ComputePipeline;
import dev.marionette.renderer.vk.GpuBuffer;
import dev.marionette.renderer.vk.ReleaseStack;
import dev.marionette.renderer.vk.SampledTexture;
import dev.marionette.renderer.vk.VulkanContext;
import java.nio.ByteBuffer;
import org.lwjgl.vulkan.VkCommandBuffer;

/**
 * Ray march and decode of the blended tri-plane at the march resolution, in three dispatches:
 * conservative per-tile depth windows, one from the deformed mesh and one from the static
 * tri-plane's proxy triangles (tile_window.comp), one ray per pixel through its window (march.comp: coarse samples,
 * bisection, UV at the hit), then colour (resolve.comp: texture lookups; a learned avatar's
 * colour decoded from the planes' neural features by its MLP, a pipeline variant a photo avatar
 * does not pay for), edge pixels listed and shaded with four rays each by a second, indirect
 * dispatch of the same shader. Owns the per-frame constants (a uniform buffer updated in the command buffer), the
 * tile windows, the hit buffer and the premultiplied linear colour it leaves for upsampling.
 */
public final class RayMarchPass implements AutoCloseable {
    /** Bytes of the Frame block (glsl/common/triplane_frame.glsl): 12 vec4. */
    public static final int FRAME_BYTES = 12 * 16;
    /** Edge of a depth-window tile, march pixels. */
    public static final int TILE = 4;
    private static final int[] PIXEL_GROUP = {8, 8, 1};
    private static final int[] TRIANGLE_GROUP = {64, 1, 1};
    /** Groups x, y, z of the edge pass and the edge count, ahead of the list (resolve.comp). */
    private static final int EDGE_HEADER_BYTES = 16;

    private final int width;
    private final int height;
    private final int tilesX;
    private final int tileCount;
    private final int elements;
    private final GpuBuffer frame;
    private final GpuBuffer tiles;
    private final GpuBuffer hits;
    private final GpuBuffer colour;
    /** The edge pass's VkDispatchIndirectCommand, the edge count, then the edge pixels' indices. */
    private final GpuBuffer edges;
    /** Per march pixel: its UV where its colour is the texture's alone (resolve.comp), for upsampling. */
    private final GpuBuffer textureUv;
    private final ComputePipeline windows;
    private final ComputePipeline march;
    private final ComputePipeline resolve;
    private final ComputePipeline resolveEdges;

    /**
     * @param positions the deformed face vertices (3 floats each, storage usage)
     * @param indices   the face's triangle list (storage usage)
     * @param neural    a learned avatar's feature planes and decoder, or placeholders
     */
    public RayMarchPass(VulkanContext context, int width, int height, GpuBuffer positions, GpuBuffer indices, int triangleCount,
                        StaticTriPlane staticPlane, GpuBuffer planes, SampledTexture texture, NeuralPlanes neural) {
        this.width = width;
        this.height = height;
        this.tilesX = (width + TILE - 1) / TILE;
        this.tileCount = tilesX * ((height + TILE - 1) / TILE);
        this.elements = triangleCount + staticPlane.proxyTriangles();
        long pixels = (long) width * height;
        if (pixels * 16 > TriPlaneLayout.MAX_BUFFER_BYTES) throw new IllegalArgumentException("march grid too large: " + width + "x" + height);
        ReleaseStack built = new ReleaseStack();
        try {
            frame = built.push(GpuBuffer.deviceLocal(context, FRAME_BYTES, VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT, "tri-plane frame constants"));
            // [face min | static min | face max | static max] per tile (tile_window.comp)
            tiles = built.push(GpuBuffer.deviceLocal(context, 4L * tileCount * Integer.BYTES, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, "tile depth windows"));
            hits = built.push(GpuBuffer.deviceLocal(context, pixels * 16, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, "march hits"));
            colour = built.push(GpuBuffer.deviceLocal(context, pixels * 16, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, "march colour"));
            edges = built.push(GpuBuffer.deviceLocal(context, EDGE_HEADER_BYTES + pixels * Integer.BYTES,
                    VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT, "edge pixels"));
            textureUv = built.push(GpuBuffer.deviceLocal(context, pixels * 16, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, "march texture UVs"));
            int ubo = VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, ssbo = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, image = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
            windows = built.push(new ComputePipeline(context, "triplane/tile_window.comp",
                    new int[] {ubo, ssbo, ssbo, ssbo, ssbo, ssbo}, 0, TRIANGLE_GROUP, 1));
            windows.writeBuffer(0, 0, ubo, frame);
            windows.writeBuffer(0, 1, ssbo, positions);
            windows.writeBuffer(0, 2, ssbo, indices);
            windows.writeBuffer(0, 3, ssbo, tiles);
            windows.writeBuffer(0, 4, ssbo, staticPlane.proxyPositions());
            windows.writeBuffer(0, 5, ssbo, staticPlane.proxyIndices());
            march = built.push(new ComputePipeline(context, "triplane/march.comp", new int[] {ubo, ssbo, ssbo, ssbo}, 0, PIXEL_GROUP, 1));
            march.writeBuffer(0, 0, ubo, frame);
            march.writeBuffer(0, 1, ssbo, planes);
            march.writeBuffer(0, 2, ssbo, tiles);
            march.writeBuffer(0, 3, ssbo, hits);
            int[] resolveTypes = {ubo, ssbo, ssbo, ssbo, image, ssbo, ssbo, ssbo, ubo, ssbo, ssbo};
            int[] group = MlpScratch.pixelGroup(context, PIXEL_GROUP, neural.scratchVec4s());
            int edgeGroup = group[0] * group[1];
            int[] neuralConstants = {neural.learned() ? 1 : 0, neural.uniformDecoder() ? 1 : 0, neural.uniformParamVec4s(), neural.scratchVec4s()};
            resolve = built.push(new ComputePipeline(context, "triplane/resolve.comp", resolveTypes, 0, group, 1,
                    constants(neuralConstants, 0, edgeGroup)));
            resolveEdges = built.push(new ComputePipeline(context, "triplane/resolve.comp", resolveTypes, 0,
                    new int[] {edgeGroup, 1, 1}, 1, constants(neuralConstants, 1, edgeGroup)));
            for (ComputePipeline p : new ComputePipeline[] {resolve, resolveEdges}) {
                p.writeBuffer(0, 0, ubo, frame);
                p.writeBuffer(0, 1, ssbo, planes);
                p.writeBuffer(0, 2, ssbo, tiles);
                p.writeBuffer(0, 3, ssbo, hits);
                p.writeImage(0, 4, image, texture.image().view(), texture.sampler(), VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
                p.writeBuffer(0, 5, ssbo, colour);
                p.writeBuffer(0, 6, ssbo, neural.features());
                p.writeBuffer(0, 7, ssbo, neural.mlp());
                p.writeBuffer(0, 8, ubo, neural.mlpUniform());
                p.writeBuffer(0, 9, ssbo, edges);
                p.writeBuffer(0, 10, ssbo, textureUv);
            }
        } catch (RuntimeException e) {
            built.closeAll(e);
            throw e;
        }
    }

    /** resolve.comp's specialization constants 3.. : the decoder's, then EDGE_PASS and EDGE_GROUP. */
    private static int[] constants(int[] neural, int edgePass, int edgeGroup) {
        int[] all = java.util.Arrays.copyOf(neural, neural.length + 2);
        all[neural.length] = edgePass;
        all[neural.length + 1] = edgeGroup;
        return all;
    }

    /** Records the new frame constants ({@link #FRAME_BYTES}) and the reset of the tile windows (transfers). */
    public void recordUploads(VkCommandBuffer commands, ByteBuffer frameConstants) {
        if (frameConstants.remaining() != FRAME_BYTES) throw new IllegalArgumentException("frame constants are " + FRAME_BYTES + " bytes");
        vkCmdUpdateBuffer(commands, frame.handle(), 0, frameConstants);
        vkCmdFillBuffer(commands, tiles.handle(), 0, 2L * tileCount * Integer.BYTES, 0xffffffff);
        vkCmdFillBuffer(commands, tiles.handle(), 2L * tileCount * Integer.BYTES, 2L * tileCount * Integer.BYTES, 0);
        Barriers.buffer(commands, frame, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_UNIFORM_READ_BIT);
        Barriers.buffer(commands, tiles, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
        // The edge pass: no groups yet (x = 0), y = z = 1, no edges listed.
        vkCmdFillBuffer(commands, edges.handle(), 0, 4, 0);
        vkCmdFillBuffer(commands, edges.handle(), 4, 8, 1);
        vkCmdFillBuffer(commands, edges.handle(), 12, 4, 0);
        Barriers.buffer(commands, edges, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
    }

    /**
     * Records windows, march and resolve; the planes and the deformed positions must be visible
     * to compute shaders. Afterwards {@link #colour()} and {@link #textureUv()} are visible to compute shader reads.
     */
    public void record(VkCommandBuffer commands) {
        windows.dispatch(commands, 0, null, elements, 1, 1);
        Barriers.buffer(commands, tiles, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT,
                VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT);
        march.dispatch(commands, 0, null, width, height, 1);
        Barriers.buffer(commands, hits, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
                VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT);
        resolve.dispatch(commands, 0, null, width, height, 1);
        Barriers.buffer(commands, edges, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
                VK_PIPELINE_STAGE_DRAW_INDIRECT_BIT | VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                VK_ACCESS_INDIRECT_COMMAND_READ_BIT | VK_ACCESS_SHADER_READ_BIT);
        resolveEdges.dispatchIndirect(commands, 0, null, edges, 0);
        Barriers.buffer(commands, colour, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
                VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT);
        Barriers.buffer(commands, textureUv, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
                VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT);
    }

    public int tilesX() { return tilesX; }

    public int tileCount() { return tileCount; }

    /** Premultiplied linear RGBA per march pixel, rows top first. */
    public GpuBuffer colour() { return colour; }

    /**
     * Per march pixel, rows top first: (u, v, 1, 0) where its colour is the texture at that UV
     * alone (an interior pixel of a photo avatar, or of a learned avatar's static content), else
     * zero. Visible to compute shader reads after {@link #record}.
     */
    public GpuBuffer textureUv() { return textureUv; }

    @Override
    public void close() {
        resolveEdges.close();
        resolve.close();
        march.close();
        windows.close();
        textureUv.close();
        edges.close();
        colour.close();
        hits.close();
        tiles.close();
        frame.close();
    }
}
