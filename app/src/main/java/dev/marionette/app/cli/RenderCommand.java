package dev.marionette.app.cli;

import dev.marionette.models.avatar.Avatar;
import dev.marionette.models.avatar.Retargeter;
import dev.marionette.renderer.avatar.AvatarView;
import dev.marionette.renderer.mesh.OrbitCamera;
import dev.marionette.renderer.vk.Vulkan;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.io.FaceParamsReader;
import dev.marionette.tracking.output.FrameWriter;
import dev.marionette.tracking.params.Blendshape;
import dev.marionette.tracking.params.Blink;
import dev.marionette.tracking.params.Gaze;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** marionette render: an avatar driven by a parameter file, to a video, headless. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Render an avatar driven by a params.jsonl file (from 'marionette track') to a video.",
                "With --yaw-sweep the camera orbits +-45 degrees around one expression instead."})
public final class RenderCommand implements Callable<Integer> {
    static final double DISTANCE_MM = 520;

    @Spec CommandSpec spec;

    @Option(names = "--avatar", defaultValue = "default", description = "Avatar file, or 'default' (default).")
    String avatar;

    @Option(names = "--params", required = true, paramLabel = "FILE", description = "Parameter file (JSON lines).")
    Path params;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output video (.mp4) or image (.png, last frame).")
    Path out;

    @Option(names = "--size", defaultValue = "512", description = "Output size in pixels (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--yaw-sweep", description = "Orbit the camera +-45 degrees around the first tracked expression.")
    boolean yawSweep;

    @Option(names = "--renderer", defaultValue = "triplane", description = "triplane (default) or mesh (the reference path).")
    RendererName renderer;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (size < 64 || size > 4096) throw new UserFacingException("--size must be between 64 and 4096");
        List<String> warnings = new ArrayList<>();
        List<FaceParams> frames = new ArrayList<>();
        try (FaceParamsReader reader = FaceParamsReader.open(params, w -> {
            warnings.add(w);
            if (warnings.size() <= 5) err.println("marionette: warning: " + w);
        })) {
            for (FaceParams p; (p = reader.next()) != null; ) frames.add(p);
        } catch (IOException e) {
            throw new UserFacingException(e.getMessage(), e);
        }
        if (warnings.size() > 5) err.println("marionette: warning: " + (warnings.size() - 5) + " more damaged lines skipped");
        if (frames.isEmpty()) throw new UserFacingException("no usable frame in " + params);
        if (!Vulkan.isAvailable()) {
            throw new UserFacingException("no Vulkan driver found (" + Vulkan.probe().message()
                    + "): install your GPU's Vulkan driver, or mesa-vulkan-drivers for the software renderer");
        }
        Avatar model = AvatarOption.load(avatar);
        float[] neutral = personNeutral(frames);
        Retargeter retargeter = new Retargeter(neutral, model.identityMm());
        float[] delta = new float[neutral.length], retargeted = new float[neutral.length];
        double fps = frameRate(frames);
        long t0 = System.nanoTime();
        int written = 0;
        try (VulkanContext vk = VulkanContext.create(VulkanContext.Options.headless());
             AvatarView view = AvatarView.create(renderer.kind, vk, model, size, false);
             FrameWriter writer = FrameWriter.open(out, fps)) {
            err.println("marionette: rendering " + (yawSweep ? "a yaw sweep" : frames.size() + " frames") + " on " + vk.info().name()
                    + " with the " + (renderer == RendererName.mesh ? "mesh path" : "tri-plane generator"));
            BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
            byte[] rgb = new byte[size * size * 3];
            if (yawSweep) {
                FaceParams p = frames.stream().filter(FaceParams::face).findFirst().orElse(frames.get(0));
                expression(p, neutral, delta);
                retargeter.retargetDelta(delta, retargeted);
                int steps = 90;
                for (int k = 0; k < steps; k++) {
                    double yaw = 45 * Math.sin(2 * Math.PI * k / steps);
                    view.render(OrbitCamera.pose(yaw, 0, DISTANCE_MM, new float[] {0, 0, -30}), retargeted,
                            p.blendshapes().get(Blendshape.JAW_OPEN), p.blink(), p.gaze(), true);
                    write(view, rgb, image, writer);
                    written++;
                }
            } else {
                for (FaceParams p : frames) {
                    expression(p, neutral, delta);
                    retargeter.retargetDelta(delta, retargeted);
                    HeadPose pose = HeadPose.fromRotation(p.pose().rotation(), new double[] {0, 0, -DISTANCE_MM});
                    Gaze gaze = p.gaze() == null ? Gaze.AHEAD : p.gaze();
                    Blink blink = p.blink();
                    view.render(pose, retargeted, p.blendshapes().get(Blendshape.JAW_OPEN), blink, gaze, true);
                    write(view, rgb, image, writer);
                    written++;
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        err.printf("marionette: %d frames written to %s (%.1f frames/s)%n", written, out, written / seconds);
        return 0;
    }

    private static void write(AvatarView view, byte[] rgb, BufferedImage image, FrameWriter writer) {
        view.readRgb(rgb);
        byte[] dst = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i += 3) {
            dst[i] = rgb[i + 2];
            dst[i + 1] = rgb[i + 1];
            dst[i + 2] = rgb[i];
        }
        writer.write(image);
    }

    private static void expression(FaceParams p, float[] neutral, float[] out) {
        float[] e = p.expressionMm();
        boolean dense = false;
        for (float v : e) if (v != 0) { dense = true; break; }
        for (int i = 0; i < out.length; i++) out[i] = dense ? e[i] - neutral[i] : 0;
    }

    /**
     * The person's neutral dense displacement: the mean over frames whose coefficients are all
     * small (the person at rest), else over all frames with a face; zeros without dense data
     * (then only pose, jaw, lids and gaze drive the avatar).
     */
    static float[] personNeutral(List<FaceParams> frames) {
        float[] sum = new float[468 * 3];
        int n = 0;
        for (int pass = 0; pass < 2 && n == 0; pass++) {
            for (FaceParams p : frames) {
                if (!p.face()) continue;
                boolean rest = true;
                for (float c : p.blendshapes().toArray()) rest &= c < 0.2f;
                if (pass == 0 && !rest) continue;
                float[] e = p.expressionMm();
                for (int i = 0; i < sum.length; i++) sum[i] += e[i];
                n++;
            }
        }
        if (n > 0) for (int i = 0; i < sum.length; i++) sum[i] /= n;
        return sum;
    }

    private static double frameRate(List<FaceParams> frames) {
        if (frames.size() < 2) return 30;
        double seconds = (frames.get(frames.size() - 1).tMicros() - frames.get(0).tMicros()) / 1e6;
        double fps = seconds > 0 ? (frames.size() - 1) / seconds : 30;
        return fps > 1 && fps < 240 ? fps : 30;
    }
}
