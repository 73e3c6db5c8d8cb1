package dev.marionette.renderer.avatar;

import dev.marionette.models.avatar.Avatar;
import dev.marionette.renderer.vk.GpuImage;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.params.Blink;
import dev.marionette.tracking.params.Gaze;

/**
 * An avatar drawn each frame from its parameters, by either renderer: the tri-plane generator
 * or the mesh reference path (the fast preview and fallback).
 */
public interface AvatarView extends AutoCloseable {
    /** Which renderer draws the avatar. */
    enum Kind { TRIPLANE, MESH }

    /**
     * @param headToCamera  where the avatar's head is relative to the virtual camera
     * @param expressionMm  468 × 3 displacement from the avatar's neutral (retargeted), or null
     */
    void render(HeadPose headToCamera, float[] expressionMm, float jawOpen, Blink blink, Gaze gaze, boolean readback);

    /** The last frame, packed RGB, after a render with read-back. */
    void readRgb(byte[] rgbOut);

    /** The last frame as an image the presenter window can show. */
    GpuImage presentable();

    /** Background colour behind the avatar from the next frame, linear 0..1. */
    default void setBackground(float r, float g, float b) {
        setBackground(r, g, b, 1);
    }

    /**
     * As {@link #setBackground(float, float, float)} with an alpha: 0 gives a transparent
     * background, the frames premultiplied (for a presenter window with a transparent surface).
     */
    void setBackground(float r, float g, float b, float a);

    /** GPU milliseconds of the last frame, per stage name. */
    java.util.Map<String, Double> stageMs();

    @Override
    void close();

    /** Builds the view of {@code avatar} with a square output of {@code size} pixels. */
    static AvatarView create(Kind kind, VulkanContext context, Avatar avatar, int size, boolean presentable) {
        return switch (kind) {
            case MESH -> new AvatarMeshView(context, avatar, dev.marionette.renderer.mesh.MeshRenderer.Settings.of(size, size));
            case TRIPLANE -> new AvatarTriPlaneView(context, avatar, size, presentable);
        };
    }
}
