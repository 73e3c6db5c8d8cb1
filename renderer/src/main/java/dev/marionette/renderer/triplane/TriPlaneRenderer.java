package dev.marionette.renderer.triplane;

import static dev.marionette.renderer.vk.VkCheck.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;

import dev.marionette.renderer.mesh.AvatarMesh;
import dev.marionette.renderer.offscreen.ImageReadback;
import dev.marionette.renderer.vk.Barriers;
import dev.marionette.renderer.vk.GpuBuffer;
import dev.marionette.renderer.vk.GpuImage;
import dev.marionette.renderer.vk.GpuTimer;
import dev.marionette.renderer.vk.ReleaseStack;
import dev.marionette.renderer.vk.SampledTexture;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.geometry.HeadPose;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferCopy;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkCommandBufferAllocateInfo;
import org.lwjgl.vulkan.VkCommandBufferBeginInfo;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkFenceCreateInfo;
import org.lwjgl.vulkan.VkImageCopy;
import org.lwjgl.vulkan.VkSubmitInfo;

/**
 * The texture-rasterised tri-plane path (Next3D-style), beside {@link
 * dev.marionette.renderer.mesh.MeshRenderer} and checked against it. Per frame ({@link
 * #render}):
 * <ol>
 * <li>upload: the face mesh deformed by the frame's dense displacement (head frame), the frame
 *     constants (camera, box, sampling);</li>
 * <li>rasterise: the deformed mesh into four orthographic layers on three planes (FRONT on XY;
 *     LEFT and RIGHT on ZY; TOP on XZ), depth-tested, storing geometry and UV, not colour
 *     ({@link PlaneRasterPass});</li>
 * <li>blend: coverage to a signed distance, then per texel the covering source nearest the
 *     layer's viewer, dynamic or static ({@link PlaneBlendPass}, {@link StaticTriPlane});</li>
 * <li>march: per-tile depth windows from the mesh, a ray per pixel at the march resolution
 *     sampling the planes bilinearly, carving, bisection, analytic decode to UV, texture
 *     colour (a learned avatar's: its neural features, carried through the planes, decoded by
 *     its MLP; {@link NeuralPlanes}), four rays per edge pixel ({@link RayMarchPass});</li>
 * <li>upsample: Catmull-Rom to the output size, composited over the background, sRGB
 *     ({@link UpsamplePass});</li>
 * <li>read back (optional): packed RGB into host memory ({@link ImageReadback}).</li>
 * </ol>
 * One frame in flight: {@link #render} waits for the GPU. Everything is created once; nothing
 * is allocated per frame. GPU time per stage ({@link #STAGES}) comes from timestamp queries.
 */
public final class TriPlaneRenderer implements AutoCloseable {
    public static final List<String> STAGES = List.of("upload", "rasterize", "blend", "march", "upsample", "readback");
    public static final int STAGE_UPLOAD = 0, STAGE_RASTERIZE = 1, STAGE_BLEND = 2, STAGE_MARCH = 3, STAGE_UPSAMPLE = 4,
            STAGE_READBACK = 5;
    /** The march grid's longer side by default (Next3D renders its volume at 128²). */
    public static final int DEFAULT_MARCH = 128;

    /**
     * @param width, height            output pixels
     * @param marchWidth, marchHeight  ray-march grid (at most the output size; same aspect)
     * @param planeSize                texels per plane side
     * @param coarseSamples            evenly spaced samples per ray in its depth window
     * @param refineSteps              bisection steps on the first inside sample
     * @param backgroundRgb            sRGB, components in [0, 1]; an optional fourth is its alpha
     *                                 (0: a transparent background, the output premultiplied)
     * @param verticalFovDeg           pinhole camera (as the mesh path's); {@link #setCamera} replaces it
     * @param nearMm                   content closer to the camera is not rendered
     * @param presentable              also keep an sRGB copy of each frame for the Presenter ({@link #presentable()})
     */
    public record Settings(int width, int height, int marchWidth, int marchHeight, int planeSize, int coarseSamples,
                           int refineSteps, float[] backgroundRgb, double verticalFovDeg, double nearMm, boolean presentable) {
        public Settings {
            if (width <= 0 || height <= 0) throw new IllegalArgumentException("render size must be positive: " + width + "x" + height);
            if (marchWidth <= 0 || marchHeight <= 0 || marchWidth > width || marchHeight > height) {
                throw new IllegalArgumentException("march grid " + marchWidth + "x" + marchHeight + " must be within the output " + width + "x" + height);
            }
            if (coarseSamples < 2 || coarseSamples > 256) throw new IllegalArgumentException("coarse samples outside 2..256: " + coarseSamples);
            if (refineSteps < 0 || refineSteps > 16) throw new IllegalArgumentException("refine steps outside 0..16: " + refineSteps);
            if (backgroundRgb.length != 3 && backgroundRgb.length != 4) throw new IllegalArgumentException("background needs r, g, b (and alpha)");
            if (!(verticalFovDeg > 1 && verticalFovDeg < 179)) throw new IllegalArgumentException("field of view outside (1, 179): " + verticalFovDeg);
            if (!(nearMm > 0)) throw new IllegalArgumentException("near plane must be > 0: " + nearMm);
            backgroundRgb = backgroundRgb.clone();
        }

        /**
         * The output size, a march grid whose longer side is {@link #DEFAULT_MARCH} (or the
         * output's, if smaller), 256² planes, at most 32 coarse samples and 4 bisection steps
         * (with the final secant step, 6 measured no better), the mesh path's background and
         * 30° lens.
         */
        public static Settings of(int width, int height) {
            double scale = Math.min(1.0, (double) DEFAULT_MARCH / Math.max(width, height));
            int mw = Math.max(1, (int) Math.round(width * scale)), mh = Math.max(1, (int) Math.round(height * scale));
            return new Settings(width, height, mw, mh, 256, 32, 4, new float[] {0.12f, 0.12f, 0.14f}, 30, 10, false);
        }

        public Settings withMarch(int w, int h) {
            return new Settings(width, height, w, h, planeSize, coarseSamples, refineSteps, backgroundRgb, verticalFovDeg, nearMm, presentable);
        }

        public Settings withPlaneSize(int n) {
            return new Settings(width, height, marchWidth, marchHeight, n, coarseSamples, refineSteps, backgroundRgb, verticalFovDeg, nearMm, presentable);
        }

        public Settings withSampling(int coarse, int refine) {
            return new Settings(width, height, marchWidth, marchHeight, planeSize, coarse, refine, backgroundRgb, verticalFovDeg, nearMm, presentable);
        }

        public Settings withBackground(float r, float g, float b) {
            return withBackground(r, g, b, 1);
        }

        /** A background with alpha: 0 leaves it transparent (for a compositor or window capture). */
        public Settings withBackground(float r, float g, float b, float a) {
            return new Settings(width, height, marchWidth, marchHeight, planeSize, coarseSamples, refineSteps, new float[] {r, g, b, a},
                    verticalFovDeg, nearMm, presentable);
        }

        public Settings withVerticalFov(double deg) {
            return new Settings(width, height, marchWidth, marchHeight, planeSize, coarseSamples, refineSteps, backgroundRgb, deg, nearMm, presentable);
        }

        public Settings withPresentable(boolean p) {
            return new Settings(width, height, marchWidth, marchHeight, planeSize, coarseSamples, refineSteps, backgroundRgb, verticalFovDeg, nearMm, p);
        }
    }

    private final VulkanContext context;
    private final VkDevice device;
    private final TriPlaneAvatar avatar;
    private final Settings settings;
    private final TriPlaneLayout layout;
    private final SampledTexture texture;
    private final GpuBuffer positions;
    private final GpuBuffer positionsStaging;
    private final FloatBuffer stagedPositions;
    private final GpuBuffer uvs;
    private final GpuBuffer indices;
    private final GpuBuffer planes;
    private final NeuralPlanes neural;
    private final PlaneRasterPass raster;
    private final PlaneBlendPass blend;
    private final StaticTriPlane staticPlane;
    private final RayMarchPass march;
    private final UpsamplePass upsample;
    private final ImageReadback readback;
    private final GpuImage presentable;  // null unless settings.presentable()
    private final VkCommandBuffer commands;
    private final long frameFence;
    private final GpuTimer timer;
    private final float[] zeroDisplacement;
    private final float[] backgroundLinear = {0, 0, 0, 1};

    private CameraIntrinsics camera;
    private CameraIntrinsics marchCamera;  // the camera scaled to the march grid
    private boolean rendered;

    public TriPlaneRenderer(VulkanContext context, TriPlaneAvatar avatar, Settings settings) {
        this.context = context;
        this.device = context.device();
        this.avatar = avatar;
        this.settings = settings;
        this.layout = avatar.layout(settings.planeSize());
        AvatarMesh face = avatar.face();
        this.zeroDisplacement = new float[face.positionsMm().length];
        this.camera = CameraIntrinsics.fromVerticalFov(settings.width(), settings.height(), settings.verticalFovDeg());
        this.marchCamera = camera.scaledTo(settings.marchWidth(), settings.marchHeight());
        for (int c = 0; c < 3; c++) backgroundLinear[c] = srgbToLinear(settings.backgroundRgb()[c]);
        if (settings.backgroundRgb().length > 3) backgroundLinear[3] = settings.backgroundRgb()[3];
        ReleaseStack built = new ReleaseStack();
        try {
            texture = built.push(SampledTexture.upload(context, avatar.texture(), "avatar texture"));
            long positionBytes = (long) face.positionsMm().length * Float.BYTES;
            positions = built.push(GpuBuffer.deviceLocal(context, positionBytes,
                    VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, "face positions"));
            positionsStaging = built.push(GpuBuffer.staging(context, positionBytes, "face positions staging"));
            stagedPositions = positionsStaging.mapped().asFloatBuffer();
            uvs = built.push(GpuBuffer.deviceLocal(context, (long) face.uvs().length * Float.BYTES, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, "face UVs"));
            indices = built.push(GpuBuffer.deviceLocal(context, (long) face.triangles().length * Integer.BYTES,
                    VK_BUFFER_USAGE_INDEX_BUFFER_BIT | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, "face indices"));
            uploadStatic(face);
            planes = built.push(GpuBuffer.deviceLocal(context, layout.planeBytes(),
                    VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT, "tri-plane"));
            neural = built.push(avatar.learned() == null ? NeuralPlanes.none(context) : NeuralPlanes.upload(context, avatar.learned(), layout));
            raster = built.push(new PlaneRasterPass(context, settings.planeSize()));
            blend = built.push(new PlaneBlendPass(context, raster, neural));
            staticPlane = built.push(avatar.staticContent() == null
                    ? StaticTriPlane.empty(context, layout)
                    : StaticTriPlane.rasterise(context, layout, avatar.staticContent(), raster, blend, planes));
            blend.bind(staticPlane, planes);
            march = built.push(new RayMarchPass(context, settings.marchWidth(), settings.marchHeight(), positions, indices,
                    face.triangleCount(), staticPlane, planes, texture, neural));
            upsample = built.push(new UpsamplePass(context, march.colour(), march.textureUv(), texture, settings.marchWidth(),
                    settings.marchHeight(), settings.width(), settings.height()));
            readback = built.push(new ImageReadback(context, upsample.output().view(), settings.width(), settings.height()));
            presentable = settings.presentable()
                    ? built.push(GpuImage.create(context, settings.width(), settings.height(), VK_FORMAT_R8G8B8A8_SRGB,
                            VK_IMAGE_USAGE_TRANSFER_DST_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT | VK_IMAGE_USAGE_SAMPLED_BIT, 1, VK_SAMPLE_COUNT_1_BIT,
                            VK_IMAGE_ASPECT_COLOR_BIT, false, "tri-plane presentable"))
                    : null;
            try (MemoryStack stack = stackPush()) {
                PointerBuffer pCommands = stack.mallocPointer(1);
                check(vkAllocateCommandBuffers(device, VkCommandBufferAllocateInfo.calloc(stack)
                        .sType$Default()
                        .commandPool(context.commandPool())
                        .level(VK_COMMAND_BUFFER_LEVEL_PRIMARY)
                        .commandBufferCount(1), pCommands), "allocate tri-plane frame command buffer");
                commands = new VkCommandBuffer(pCommands.get(0), device);
                built.onClose(() -> vkFreeCommandBuffers(device, context.commandPool(), commands));
                LongBuffer handle = stack.mallocLong(1);
                check(vkCreateFence(device, VkFenceCreateInfo.calloc(stack).sType$Default(), null, handle), "create tri-plane frame fence");
                frameFence = handle.get(0);
                built.onClose(() -> vkDestroyFence(device, frameFence, null));
            }
            timer = built.push(new GpuTimer(context, STAGES));
        } catch (RuntimeException e) {
            built.closeAll(e);
            throw e;
        }
    }

    private void uploadStatic(AvatarMesh face) {
        float[] uv = face.uvs();
        int[] tris = face.triangles();
        long uvBytes = (long) uv.length * Float.BYTES, indexBytes = (long) tris.length * Integer.BYTES;
        try (GpuBuffer staging = GpuBuffer.staging(context, uvBytes + indexBytes, "face static staging")) {
            ByteBuffer mapped = staging.mapped();
            for (int i = 0; i < uv.length; i++) mapped.putFloat(i * Float.BYTES, uv[i]);
            for (int i = 0; i < tris.length; i++) mapped.putInt((int) uvBytes + i * Integer.BYTES, tris[i]);
            context.submitAndWait("upload of face UVs and indices", cmd -> {
                try (MemoryStack stack = stackPush()) {
                    vkCmdCopyBuffer(cmd, staging.handle(), uvs.handle(), VkBufferCopy.calloc(1, stack).srcOffset(0).dstOffset(0).size(uvBytes));
                    vkCmdCopyBuffer(cmd, staging.handle(), indices.handle(), VkBufferCopy.calloc(1, stack).srcOffset(uvBytes).dstOffset(0).size(indexBytes));
                }
                Barriers.buffer(cmd, uvs, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                        VK_PIPELINE_STAGE_VERTEX_INPUT_BIT, VK_ACCESS_VERTEX_ATTRIBUTE_READ_BIT);
                Barriers.buffer(cmd, indices, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                        VK_PIPELINE_STAGE_VERTEX_INPUT_BIT | VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                        VK_ACCESS_INDEX_READ_BIT | VK_ACCESS_SHADER_READ_BIT);
            });
        }
    }

    /** Replaces the pinhole camera, e.g. with the webcam's; scaled to the render size. */
    public void setCamera(CameraIntrinsics intrinsics) {
        this.camera = intrinsics.scaledTo(settings.width(), settings.height());
        this.marchCamera = camera.scaledTo(settings.marchWidth(), settings.marchHeight());
    }

    /** The camera at the output size. */
    public CameraIntrinsics camera() { return camera; }

    /** Renders the avatar as the webcam saw the face: the tracked pose and expression. */
    public void render(FaceParams params, boolean readback) {
        render(params.pose(), params.expressionMm(), readback);
    }

    /** Renders the undeformed face. */
    public void render(HeadPose headToCamera, boolean readback) {
        render(headToCamera, zeroDisplacement, readback);
    }

    /**
     * Renders one frame and waits for it. With {@code readback}, the pixels are then readable
     * ({@link #readRgb}, {@link #toRgbImage}).
     *
     * @param displacementMm per-vertex offsets of the face in the head frame, 3 per vertex
     */
    public void render(HeadPose headToCamera, float[] displacementMm, boolean readback) {
        float[] base = avatar.face().positionsMm();
        if (displacementMm.length != base.length) {
            throw new IllegalArgumentException("displacement has " + displacementMm.length + " values, the face needs "
                    + base.length + " (3 per vertex)");
        }
        for (int i = 0; i < base.length; i++) stagedPositions.put(i, base[i] + displacementMm[i]);
        try (MemoryStack stack = stackPush()) {
            ByteBuffer frame = stack.malloc(RayMarchPass.FRAME_BYTES);
            writeFrameConstants(headToCamera, frame);
            check(vkResetCommandBuffer(commands, 0), "reset tri-plane frame commands");
            check(vkBeginCommandBuffer(commands, VkCommandBufferBeginInfo.calloc(stack)
                    .sType$Default()
                    .flags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT)), "begin tri-plane frame commands");
            timer.begin(commands);
            vkCmdCopyBuffer(commands, positionsStaging.handle(), positions.handle(), VkBufferCopy.calloc(1, stack).size(positions.size()));
            march.recordUploads(commands, frame);
            Barriers.buffer(commands, positions, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                    VK_PIPELINE_STAGE_VERTEX_INPUT_BIT | VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                    VK_ACCESS_VERTEX_ATTRIBUTE_READ_BIT | VK_ACCESS_SHADER_READ_BIT);
            timer.endStage(commands, STAGE_UPLOAD);

            raster.record(commands, layout, positions.handle(), uvs.handle(), indices.handle(), avatar.face().triangles().length);
            timer.endStage(commands, STAGE_RASTERIZE);
            blend.record(commands, planes);
            timer.endStage(commands, STAGE_BLEND);
            march.record(commands);
            timer.endStage(commands, STAGE_MARCH);
            upsample.record(commands, backgroundLinear);
            GpuImage output = upsample.output();
            int outputLayout = VK_IMAGE_LAYOUT_GENERAL;
            int outputStage = VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, outputAccess = VK_ACCESS_SHADER_WRITE_BIT;
            if (presentable != null) {
                Barriers.image(commands, output, VK_IMAGE_LAYOUT_GENERAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                        VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
                Barriers.image(commands, presentable, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                        VK_PIPELINE_STAGE_TRANSFER_BIT, 0, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT);
                // Same bytes, sRGB format: a blit from it decodes them (the UNORM output would be taken as linear).
                VkImageCopy.Buffer region = VkImageCopy.calloc(1, stack);
                region.srcSubresource().set(VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1);
                region.dstSubresource().set(VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1);
                region.extent().set(settings.width(), settings.height(), 1);
                vkCmdCopyImage(commands, output.handle(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, presentable.handle(),
                        VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, region);
                Barriers.image(commands, presentable, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                        VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
                outputLayout = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL;
                outputStage = VK_PIPELINE_STAGE_TRANSFER_BIT;
                outputAccess = 0;
            }
            timer.endStage(commands, STAGE_UPSAMPLE);
            if (readback) {
                Barriers.image(commands, output, outputLayout, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                        outputStage, outputAccess, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT);
                this.readback.record(commands);
                timer.endStage(commands, STAGE_READBACK);
            }
            check(vkEndCommandBuffer(commands), "end tri-plane frame commands");
            check(vkResetFences(device, frameFence), "reset tri-plane frame fence");
            check(vkQueueSubmit(context.queue(), VkSubmitInfo.calloc(stack)
                    .sType$Default()
                    .pCommandBuffers(stack.pointers(commands)), frameFence), "submit tri-plane frame");
            check(vkWaitForFences(device, frameFence, true, -1L), "wait for tri-plane frame");
        }
        timer.collect();
        rendered = true;
    }

    /** The Frame block of glsl/common/triplane_frame.glsl, in its std140 order. */
    private void writeFrameConstants(HeadPose pose, ByteBuffer f) {
        CameraIntrinsics grid = marchCamera;
        for (int row = 0; row < 3; row++) {
            f.putFloat(16 * row, (float) pose.r(row, 0)).putFloat(16 * row + 4, (float) pose.r(row, 1))
                    .putFloat(16 * row + 8, (float) pose.r(row, 2)).putFloat(16 * row + 12, (float) pose.t(row));
        }
        for (int axis = 0; axis < 3; axis++) {  // camera centre in the head frame: -R^T t
            double o = 0;
            for (int row = 0; row < 3; row++) o -= pose.r(row, axis) * pose.t(row);
            f.putFloat(48 + 4 * axis, (float) o);
        }
        f.putFloat(60, 0.75f * layout.texelMm());
        f.putFloat(64, (float) grid.fx()).putFloat(68, (float) grid.fy()).putFloat(72, (float) grid.cx()).putFloat(76, (float) grid.cy());
        f.putFloat(80, layout.boxMinMm(0)).putFloat(84, layout.boxMinMm(1)).putFloat(88, layout.boxMinMm(2)).putFloat(92, layout.boxSizeMm());
        f.putInt(96, settings.marchWidth()).putInt(100, settings.marchHeight()).putInt(104, RayMarchPass.TILE).putInt(108, march.tilesX());
        f.putInt(112, layout.planeSize()).putInt(116, TriPlaneLayout.GROUPS).putInt(120, avatar.face().triangleCount())
                .putInt(124, settings.coarseSamples());
        f.putInt(128, settings.refineSteps()).putInt(132, staticPlane.proxyTriangles()).putInt(136, march.tileCount()).putInt(140, 0);
        float texel = layout.texelMm();
        // A march pixel's footprint at the head box centre: depth jumps between neighbours of a
        // few footprints are what a steep but continuous surface shows; more is an edge.
        double depth = -(pose.r(2, 0) * layout.boxCentreMm(0) + pose.r(2, 1) * layout.boxCentreMm(1)
                + pose.r(2, 2) * layout.boxCentreMm(2) + pose.t(2));
        float footprint = (float) (Math.max(depth, settings.nearMm()) / grid.fy());
        f.putFloat(144, 1.5f).putFloat(148, 3 * texel).putFloat(152, (float) settings.nearMm()).putFloat(156, 4 * footprint);
        f.putFloat(160, PlaneBlendPass.SDF_RADIUS).putFloat(164, 2 * texel).putFloat(168, 0.5f * texel).putFloat(172, 2 * texel);
        f.putFloat(176, neural.atlasU()).putFloat(180, neural.atlasV()).putFloat(184, neural.channels()).putFloat(188, 0);
    }

    /** Copies the last read-back into {@code rgbOut} ({@code width * height * 3} bytes). */
    public void readRgb(byte[] rgbOut) {
        requireFrame();
        readback.readRgb(rgbOut);
    }

    /** The last read-back as a new image. */
    public dev.marionette.tracking.image.RgbImage toRgbImage() {
        requireFrame();
        return readback.toRgbImage();
    }

    private void requireFrame() {
        if (!rendered) throw new IllegalStateException("nothing rendered yet");
    }

    /**
     * The last frame as an RGBA8 sRGB image in TRANSFER_SRC_OPTIMAL, for {@link
     * dev.marionette.renderer.present.Presenter#present}; needs {@code Settings.presentable}.
     */
    public GpuImage presentable() {
        if (presentable == null) throw new IllegalStateException("renderer was not made presentable (Settings.withPresentable)");
        return presentable;
    }

    /**
     * The blended planes of the last frame, read back for inspection (allocates a read-back
     * buffer: a debugging aid, not for the frame loop). Index with {@link TriPlaneLayout#floatIndex}.
     */
    public float[] readPlanes() {
        requireFrame();
        float[] values = new float[(int) (layout.planeBytes() / Float.BYTES)];
        try (GpuBuffer host = GpuBuffer.readback(context, layout.planeBytes(), "tri-plane inspection")) {
            context.submitAndWait("read-back of the tri-plane", cmd -> {
                try (MemoryStack stack = stackPush()) {
                    vkCmdCopyBuffer(cmd, planes.handle(), host.handle(), VkBufferCopy.calloc(1, stack).size(layout.planeBytes()));
                }
                Barriers.buffer(cmd, host, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                        VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_READ_BIT);
            });
            host.mapped().asFloatBuffer().get(values);
        }
        return values;
    }

    /**
     * A learned avatar's feature planes of the last frame, read back for inspection as half-float
     * bits (a debugging aid, not for the frame loop): layer, group of 8 channels, row, column,
     * channel, as glsl/common/triplane_layout.glsl. Only the face's covered texels hold features.
     */
    public short[] readFeatures() {
        requireFrame();
        if (!neural.learned()) throw new IllegalStateException("a photo avatar has no feature planes");
        long bytes = neural.features().size();
        short[] values = new short[(int) (bytes / 2)];
        try (GpuBuffer host = GpuBuffer.readback(context, bytes, "feature plane inspection")) {
            context.submitAndWait("read-back of the feature planes", cmd -> {
                try (MemoryStack stack = stackPush()) {
                    vkCmdCopyBuffer(cmd, neural.features().handle(), host.handle(), VkBufferCopy.calloc(1, stack).size(bytes));
                }
                Barriers.buffer(cmd, host, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                        VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_READ_BIT);
            });
            host.mapped().asShortBuffer().get(values);
        }
        return values;
    }

    public TriPlaneLayout layout() { return layout; }

    public TriPlaneAvatar avatar() { return avatar; }

    public Settings settings() { return settings; }

    /** GPU milliseconds of stage i ({@link #STAGES}) in the last frame; NaN without timestamps or when skipped. */
    public double stageMs(int stage) { return timer.stageMs(stage); }

    public boolean timestamps() { return timer.supported(); }

    static float srgbToLinear(float c) {
        return c <= 0.04045f ? c / 12.92f : (float) Math.pow((c + 0.055) / 1.055, 2.4);
    }

    @Override
    public void close() {
        vkDeviceWaitIdle(device);  // nothing in flight
        timer.close();
        vkDestroyFence(device, frameFence, null);
        vkFreeCommandBuffers(device, context.commandPool(), commands);
        if (presentable != null) presentable.close();
        readback.close();
        upsample.close();
        march.close();
        staticPlane.close();
        blend.close();
        raster.close();
        neural.close();
        planes.close();
        indices.close();
        uvs.close();
        positionsStaging.close();
        positions.close();
        texture.close();
    }
}
