package dev.marionette.app.live;

import dev.marionette.models.avatar.Avatar;
import dev.marionette.models.avatar.AvatarFile;
import dev.marionette.models.avatar.DefaultAvatar;
import dev.marionette.models.avatar.Retargeter;
import dev.marionette.renderer.avatar.AvatarMeshView;
import dev.marionette.renderer.mesh.MeshRenderer;
import dev.marionette.tracking.params.Blendshape;
import dev.marionette.renderer.present.Presenter;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.FrameSources;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.output.FrameWriter;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.PrintWriter;
import java.util.function.BiFunction;

/**
 * The live loop: capture and tracking on their own threads, handing over only the newest
 * value; rendering here at the display rate (or the cap), with parameters interpolated between
 * tracker results; then the window, the recording and the virtual camera.
 *
 * <p>The avatar is drawn facing the viewer with the user's head rotation and expression (the
 * person's running neutral removed, retargeted to the avatar's proportions), jaw, lids and
 * gaze, at a fixed distance so it stays framed.
 */
public final class LiveSession {
    /** Distance of the avatar's head from the virtual camera, mm: frames the head in a 30° lens. */
    static final double AVATAR_DISTANCE_MM = 520;

    private final LiveOptions options;
    private final PrintWriter log;
    private final BiFunction<String, dev.marionette.tracking.capture.CaptureOptions, FrameSource> opener;
    private volatile boolean stopRequested;
    private volatile String status = "starting";

    public LiveSession(LiveOptions options, PrintWriter log) {
        this(options, log, LiveSession::openInput);
    }

    LiveSession(LiveOptions options, PrintWriter log, BiFunction<String, dev.marionette.tracking.capture.CaptureOptions, FrameSource> opener) {
        this.options = options;
        this.log = log;
        this.opener = opener;
    }

    static FrameSource openInput(String spec, dev.marionette.tracking.capture.CaptureOptions capture) {
        if ("sample".equals(spec) && !java.nio.file.Files.exists(java.nio.file.Path.of(spec))) return FrameSources.bundledSample();
        return FrameSources.open(spec, capture);
    }

    /** Asks the loop to finish after the current frame (thread-safe). */
    public void stop() {
        stopRequested = true;
    }

    /** A line for a status bar: what capture is doing. */
    public String status() { return status; }

    public LiveStats run() {
        LiveStats stats = new LiveStats();
        Handoff<CapturedFrame> frames = new Handoff<>();
        Handoff<TrackedFrame> tracked = new Handoff<>();
        int size = options.size();
        Avatar avatar = options.avatar() == null ? DefaultAvatar.get() : AvatarFile.load(options.avatar());
        float[] retargeted = new float[468 * 3];
        Retargeter retargeter = null;
        try (CaptureLoop capture = new CaptureLoop(options.input(), options.capture(), options.loopInput(), frames, opener)) {
            String description = capture.start();
            log.println("marionette: live on " + description);
            log.flush();
            try (TrackingLoop tracking = new TrackingLoop(options.tracker(), frames, tracked);
                 VulkanContext vk = VulkanContext.create(VulkanContext.Options.headless().withPresentation(options.window()));
                 AvatarMeshView renderer = new AvatarMeshView(vk, avatar, MeshRenderer.Settings.of(size, size));
                 Presenter window = options.window() ? new Presenter(vk, "Marionette", size, size) : null;
                 FrameWriter recorder = options.record() == null ? null : FrameWriter.open(options.record(), fpsForRecording());
                 VirtualCamera virtualCamera = options.virtualCamera() == null ? null : VirtualCamera.open(options.virtualCamera(), size, size)) {
                log.println("marionette: rendering on " + vk.info().name());
                log.flush();
                tracking.start();
                boolean readback = recorder != null || virtualCamera != null;
                BufferedImage frameImage = readback ? new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR) : null;
                byte[] rgb = readback ? new byte[size * size * 3] : null;
                ParamsInterpolator interpolator = new ParamsInterpolator();
                long seen = 0;
                long minFrameNanos = options.fpsCap() > 0 ? (long) (1e9 / options.fpsCap()) : 0;
                stats.startNanos = System.nanoTime();
                long nextFrame = stats.startNanos;
                while (!stopRequested && (options.maxFrames() == 0 || stats.frames < options.maxFrames())) {
                    if (window != null) {
                        window.pollEvents();
                        if (window.shouldClose()) break;
                    }
                    status = capture.status();
                    if (capture.failure() != null) throw new IllegalStateException(capture.failure());
                    if (tracking.failure() != null) throw new IllegalStateException("tracking stopped: " + tracking.failure());
                    long sequence = tracked.sequence();
                    if (sequence != seen) {
                        seen = sequence;
                        TrackedFrame newest = tracked.peek();
                        interpolator.add(newest);
                        // The person's proportions follow their running neutral as it settles.
                        if (retargeter == null || stats.trackedFrames % 30 == 0) {
                            retargeter = new Retargeter(newest.neutralDense(), avatar.identityMm());
                        }
                        stats.trackedFrames++;
                    }
                    if (!interpolator.ready()) {
                        if (capture.ended() && frames.sequence() == 0) throw new IllegalStateException("the input delivered no frame");
                        Thread.sleep(2);
                        continue;
                    }
                    if (capture.ended() && !options.loopInput() && tracking.tracked() >= capture.delivered()
                            && options.maxFrames() == 0) {
                        break;
                    }
                    long now = System.nanoTime();
                    HeadPose user = interpolator.pose(now);
                    HeadPose avatarPose = HeadPose.fromRotation(user.rotation(), new double[] {0, 0, -AVATAR_DISTANCE_MM});
                    long r0 = System.nanoTime();
                    retargeter.retargetDelta(interpolator.expressionDelta(now), retargeted);
                    renderer.render(avatarPose, retargeted, interpolator.coefficient(now, Blendshape.JAW_OPEN),
                            interpolator.blink(now), interpolator.gaze(now), readback);
                    stats.renderMsSum += (System.nanoTime() - r0) / 1e6;
                    if (window != null) window.present(renderer.target().output());
                    if (readback) {
                        renderer.target().readRgb(rgb);
                        toBgr(rgb, frameImage);
                        if (recorder != null) recorder.write(frameImage);
                        if (virtualCamera != null) virtualCamera.write(frameImage);
                    }
                    long presented = System.nanoTime();
                    stats.addLatency(presented - interpolator.latest().capturedNanos());
                    stats.frames++;
                    if (!interpolator.latest().params().face()) stats.framesWithoutFace++;
                    if (minFrameNanos > 0) {
                        nextFrame += minFrameNanos;
                        long wait = nextFrame - System.nanoTime();
                        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        else nextFrame = System.nanoTime();
                    }
                }
                stats.endNanos = System.nanoTime();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stats.endNanos = System.nanoTime();
        }
        return stats;
    }

    /** Recordings play at the cap (LiveCommand sets one when recording). */
    private double fpsForRecording() {
        return options.fpsCap() > 0 ? options.fpsCap() : 30;
    }

    private static void toBgr(byte[] rgb, BufferedImage bgr) {
        byte[] dst = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i += 3) {
            dst[i] = rgb[i + 2];
            dst[i + 1] = rgb[i + 1];
            dst[i + 2] = rgb[i];
        }
    }
}
