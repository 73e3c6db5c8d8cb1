package dev.marionette.renderer.avatar;

import dev.marionette.models.avatar.Avatar;
import dev.marionette.models.template.HeadTemplate;
import dev.marionette.models.template.TemplateDeformer;
import dev.marionette.renderer.mesh.AvatarMesh;
import dev.marionette.renderer.mesh.MeshRenderer;
import dev.marionette.renderer.offscreen.OffscreenTarget;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.params.Blink;
import dev.marionette.tracking.params.Gaze;

/**
 * An {@link Avatar} on the mesh path: its head template (face bent to the avatar's identity,
 * eyes, mouth, shell) posed by {@link TemplateDeformer} each frame and drawn by
 * {@link MeshRenderer}. Arrays are allocated once.
 */
public final class AvatarMeshView implements AvatarView {
    private final HeadTemplate template;
    private final TemplateDeformer deformer;
    private final MeshRenderer renderer;
    private final float[] rest;
    private final float[] posed;
    private final float[] displacement;

    public AvatarMeshView(VulkanContext context, Avatar avatar, MeshRenderer.Settings settings) {
        template = HeadTemplate.around(avatar.neutralFace());
        deformer = new TemplateDeformer(template);
        rest = template.neutralPositions();
        posed = new float[rest.length];
        displacement = new float[rest.length];
        renderer = new MeshRenderer(context, new AvatarMesh(rest, template.uvs(), template.triangles()), AvatarAlbedo.of(avatar), settings);
    }

    /**
     * @param headToCamera  where the avatar's head is relative to the virtual camera
     * @param expressionMm  468 × 3 displacement from the avatar's neutral (retargeted), or null
     */
    @Override
    public void render(HeadPose headToCamera, float[] expressionMm, float jawOpen, Blink blink, Gaze gaze, boolean readback) {
        deformer.deform(expressionMm, jawOpen, blink, gaze, posed);
        for (int i = 0; i < rest.length; i++) displacement[i] = posed[i] - rest[i];
        renderer.render(headToCamera, displacement, readback);
    }

    public OffscreenTarget target() { return renderer.target(); }

    @Override
    public void readRgb(byte[] rgbOut) {
        renderer.target().readRgb(rgbOut);
    }

    @Override
    public dev.marionette.renderer.vk.GpuImage presentable() {
        return renderer.target().output();
    }

    @Override
    public void setBackground(float r, float g, float b, float a) {
        renderer.target().setBackground(r, g, b, a);
    }

    @Override
    public java.util.Map<String, Double> stageMs() {
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < MeshRenderer.STAGES.size(); i++) out.put(MeshRenderer.STAGES.get(i), renderer.stageMs(i));
        return out;
    }

    public MeshRenderer renderer() { return renderer; }

    public HeadTemplate template() { return template; }

    @Override
    public void close() {
        renderer.close();
    }
}
