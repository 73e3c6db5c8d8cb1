package dev.marionette.renderer.avatar;

import dev.marionette.models.avatar.Avatar;
import dev.marionette.models.template.HeadTemplate;
import dev.marionette.models.template.TemplateDeformer;
import dev.marionette.renderer.triplane.TriPlaneAvatar;
import dev.marionette.renderer.triplane.TriPlaneRenderer;
import dev.marionette.renderer.vk.GpuImage;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.params.Blink;
import dev.marionette.tracking.params.Gaze;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@link Avatar} on the tri-plane path: its posed head template rasterised into the feature
 * planes each frame, marched at 128² and upsampled (Next3D's representation). The avatar's
 * static content (hair, ears, neck, torso) is rasterised once into the static tri-plane and
 * blended with the face by coverage. What moves with what: the face planes follow pose and
 * expression (re-rasterised each frame); the static planes live in the same head box and so
 * follow the head pose rigidly, never the expression (as Next3D's static tri-plane does).
 * Without static content the static tri-plane is empty. A learned avatar's face carries its
 * neural features through the planes and is decoded by its MLP in the march (Next3D); its
 * static content keeps its photo texture.
 */
public final class AvatarTriPlaneView implements AvatarView {
    private final TemplateDeformer deformer;
    private final TriPlaneRenderer renderer;
    private final float[] rest;
    private final float[] posed;
    private final float[] displacement;
    private float[] background = {0.12f, 0.12f, 0.14f, 1f};
    private final int size;
    private final VulkanContext context;
    private final TriPlaneAvatar triPlaneAvatar;
    private final boolean presentable;
    private TriPlaneRenderer current;

    public AvatarTriPlaneView(VulkanContext context, Avatar avatar, int size, boolean presentable) {
        AvatarSurfaces surfaces = AvatarSurfaces.of(avatar);
        HeadTemplate template = surfaces.template();
        this.deformer = new TemplateDeformer(template);
        this.rest = template.neutralPositions();
        this.posed = new float[rest.length];
        this.displacement = new float[rest.length];
        this.size = size;
        this.context = context;
        this.presentable = presentable;
        TriPlaneAvatar head = TriPlaneAvatar.of(surfaces.head(), surfaces.texture());
        if (avatar.isLearned()) {  // the neural path; the baked atlas in the texture serves only the mesh path
            head = head.withLearned(new TriPlaneAvatar.Learned(avatar.learned(), surfaces.atlasU(), surfaces.atlasV()));
        }
        this.triPlaneAvatar = surfaces.staticContent() == null ? head : head.withStaticContent(surfaces.staticContent());
        this.renderer = new TriPlaneRenderer(context, triPlaneAvatar, settings(background));
        this.current = renderer;
    }

    private TriPlaneRenderer.Settings settings(float[] bg) {
        return TriPlaneRenderer.Settings.of(size, size).withBackground(bg[0], bg[1], bg[2], bg[3]).withPresentable(presentable);
    }

    @Override
    public void render(HeadPose headToCamera, float[] expressionMm, float jawOpen, Blink blink, Gaze gaze, boolean readback) {
        deformer.deform(expressionMm, jawOpen, blink, gaze, posed);
        for (int i = 0; i < rest.length; i++) displacement[i] = posed[i] - rest[i];
        current.render(headToCamera, displacement, readback);
    }

    @Override
    public void readRgb(byte[] rgbOut) {
        current.readRgb(rgbOut);
    }

    @Override
    public GpuImage presentable() {
        return current.presentable();
    }

    /**
     * The tri-plane renderer fixes its background at construction: a change rebuilds it (rare:
     * a user switching to a key colour), outside the frame loop's steady state.
     */
    @Override
    public void setBackground(float r, float g, float b, float a) {
        if (background[0] == r && background[1] == g && background[2] == b && background[3] == a) return;
        background = new float[] {r, g, b, a};
        context.waitIdle();
        TriPlaneRenderer next = new TriPlaneRenderer(context, triPlaneAvatar, settings(background));
        if (current != renderer) current.close();
        current = next;
    }

    @Override
    public Map<String, Double> stageMs() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < TriPlaneRenderer.STAGES.size(); i++) out.put(TriPlaneRenderer.STAGES.get(i), current.stageMs(i));
        return out;
    }

    @Override
    public void close() {
        if (current != renderer) current.close();
        renderer.close();
    }
}
