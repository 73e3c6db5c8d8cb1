package dev.marionette.app.live;

import dev.marionette.models.avatar.Avatar;
import dev.marionette.models.avatar.AvatarFile;
import dev.marionette.models.avatar.DefaultAvatar;
import dev.marionette.models.avatar.Retargeter;
import dev.marionette.renderer.avatar.AvatarView;
import dev.marionette.tracking.params.Blendshape;
import dev.marionette.renderer.present.Presenter;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.renderer.vk.VulkanUnavailableException;
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
    /**
     * With static content (hair, neck, shoulders) a head-and-shoulders framing: farther away, so
     * the top of the hair stays in view as the head nods and the shoulders show.
     */
    static final double[] PORTRAIT_FRAMING_MM = {0, 0, -660};

    /** Where the avatar's head sits in front of the virtual camera. */
    static double[] framing(Avatar avatar) {
        return avatar.hasStaticContent() ? PORTRAIT_FRAMING_MM.clone() : new double[] {0, 0, -AVATAR_DISTANCE_MM};
    }

    private final LiveOptions options;
    private final PrintWriter log;
    private final BiFunction<String, dev.marionette.tracking.capture.CaptureOptions, FrameSource> opener;
    private volatile boolean stopRequested;
    private volatile String status = "starting";
    private volatile LiveSnapshot snapshot = LiveSnapshot.STARTING;
    private volatile double fpsCap;
    private volatile float[] background = {0.12f, 0.12f, 0.14f, 1f};
    private volatile Boolean windowTransparent;
    private volatile String transparencyProblem;
    private volatile java.nio.file.Path recordRequest;
    private volatile boolean recordChange;
    private volatile String virtualCameraRequest;
    private volatile boolean virtualCameraChange;
    private volatile boolean virtualCameraOn;
    private volatile String outputProblem;
    private volatile Avatar avatarRequest;
    private volatile dev.marionette.app.live.Handoff<CapturedFrame> framesForPanel;
    private volatile dev.marionette.app.live.Handoff<TrackedFrame> trackedForPanel;
    private volatile java.util.function.Consumer<dev.marionette.renderer.present.Presenter> presenterHook;
    private volatile boolean captureRequested;
    private volatile dev.marionette.tracking.image.RgbImage windowCapture;

    public LiveSession(LiveOptions options, PrintWriter log) {
        this(options, log, LiveSession::openInput);
    }

    /** A session whose input is opened by {@code opener} (the panel's demo source, tests' fake cameras). */
    public LiveSession(LiveOptions options, PrintWriter log, BiFunction<String, dev.marionette.tracking.capture.CaptureOptions, FrameSource> opener) {
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

    private volatile long renderedFrames;

    /** Frames rendered so far by the running session (thread-safe). */
    public long renderedFrames() { return renderedFrames; }

    /** The v4l2loopback devices a virtual camera could feed (Linux). */
    public static java.util.List<String> loopbackDevices() {
        return VirtualCamera.loopbackDevices();
    }

    /** The latest measurements (thread-safe). */
    public LiveSnapshot snapshot() { return snapshot; }

    /** The newest captured frame, or null (thread-safe). */
    public dev.marionette.tracking.capture.VideoFrame latestFrame() {
        Handoff<CapturedFrame> h = framesForPanel;
        CapturedFrame c = h == null ? null : h.peek();
        return c == null ? null : c.frame();
    }

    /** The newest tracker result, or null (thread-safe). */
    public dev.marionette.tracking.FaceParams latestParams() {
        Handoff<TrackedFrame> h = trackedForPanel;
        TrackedFrame t = h == null ? null : h.peek();
        return t == null ? null : t.params();
    }

    /** Most frames rendered per second; 0 = uncapped (thread-safe, applies at once). */
    public void setFpsCap(double cap) {
        if (!(cap >= 0)) throw new IllegalArgumentException("frame-rate cap must not be negative");
        fpsCap = cap;
    }

    /** Background colour behind the avatar, linear 0..1 (e.g. chroma green for keying in OBS). */
    public void setBackground(float r, float g, float b) {
        background = new float[] {r, g, b, 1f};
    }

    /**
     * A transparent background: the window shows what is behind it around the avatar where the
     * window system composites alpha (see {@link #windowTransparent()}); recordings and the
     * virtual camera get black there.
     */
    public void setTransparentBackground() {
        background = new float[] {0f, 0f, 0f, 0f};
    }

    /** The avatar window's size to open with (screen units), e.g. the last run's; before {@link #run}. */
    public void setInitialWindowSize(int width, int height) {
        if (width < 64 || height < 64) throw new IllegalArgumentException("window size " + width + "x" + height + " is too small");
        initialWindowSize = new int[] {width, height};
    }

    /** The avatar window's current size in pixels, or null before it opens (or without one). */
    public int[] windowSize() {
        int[] s = windowSize;
        return s == null ? null : s.clone();
    }

    private volatile int[] initialWindowSize;
    private volatile int[] windowSize;

    /** Whether the presenter window can be transparent: null until it exists (or without one). */
    public Boolean windowTransparent() {
        return windowTransparent;
    }

    /**
     * Why the presenter window cannot be transparent (for the user), or null: it is, or it was
     * not asked to be (the window asks for alpha only when the background is transparent as the
     * session starts; switching to it later needs a new session).
     */
    public String transparencyProblem() {
        return transparencyProblem;
    }

    /** Starts recording to {@code file}, or stops with null (applied on the render thread). */
    public void setRecording(java.nio.file.Path file) {
        recordRequest = file;
        recordChange = true;
    }

    /**
     * Starts feeding a v4l2loopback device ("auto" for the first one found), or stops with null
     * (applied on the render thread). A device that cannot be opened, or stops taking frames, is
     * reported through {@link #outputProblem()} and the session goes on without it.
     */
    public void setVirtualCamera(String device) {
        virtualCameraRequest = device;
        virtualCameraChange = true;
    }

    /**
     * The last output that failed (recording or virtual camera) and why, or null; reading it
     * clears it. The failed output is closed; the avatar keeps rendering.
     */
    public String outputProblem() {
        String p = outputProblem;
        outputProblem = null;
        return p;
    }

    /**
     * Receives every tracked frame's raw measures on the tracking thread, e.g. for the face
     * calibration wizard; null stops it. Keep the receiver quick: it runs in the tracking loop.
     */
    public void setMeasureSink(java.util.function.Consumer<MeasuredFrame> sink) {
        measureSink = sink;
        TrackingLoop t = trackingLoop;
        if (t != null) t.setMeasureSink(sink);
    }

    private volatile java.util.function.Consumer<MeasuredFrame> measureSink;
    private volatile TrackingLoop trackingLoop;

    /**
     * Receives every captured camera image on the tracking thread, e.g. for the camera
     * calibration wizard; null stops it. The receiver must return at once and must not change
     * the pixels.
     */
    public void setFrameSink(java.util.function.Consumer<dev.marionette.tracking.image.RgbImage> sink) {
        frameSink = sink;
        TrackingLoop t = trackingLoop;
        if (t != null) t.setFrameSink(sink);
    }

    private volatile java.util.function.Consumer<dev.marionette.tracking.image.RgbImage> frameSink;

    /** Whether frames go to a virtual camera now. */
    public boolean virtualCameraOn() { return virtualCameraOn; }

    /** Switches to another avatar (built on the caller's thread, swapped on the render thread). */
    public void setAvatar(Avatar next) {
        avatarRequest = java.util.Objects.requireNonNull(next);
    }

    /** Asks for the next frame shown in the window to be read back (see {@link #windowCapture}). */
    public void requestWindowCapture() {
        captureRequested = true;
    }

    /** The last window frame read back on request, or null. */
    public dev.marionette.tracking.image.RgbImage windowCapture() { return windowCapture; }

    /** Called on the render thread with the presenter window once it exists (e.g. to capture it). */
    public void onPresenter(java.util.function.Consumer<dev.marionette.renderer.present.Presenter> hook) {
        presenterHook = hook;
    }

    public LiveStats run() {
        LiveStats stats = new LiveStats();
        Handoff<CapturedFrame> frames = new Handoff<>();
        Handoff<TrackedFrame> tracked = new Handoff<>();
        framesForPanel = frames;
        trackedForPanel = tracked;
        fpsCap = options.fpsCap();
        if (options.record() != null) setRecording(options.record());
        int size = options.size();
        Avatar avatar = options.avatar() == null ? DefaultAvatar.get() : AvatarFile.load(options.avatar());
        double[] framing = framing(avatar);
        float[] retargeted = new float[468 * 3];
        Retargeter retargeter = null;
        BufferedImage frameImage = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        byte[] rgb = new byte[size * size * 3];
        LightMeter light = new LightMeter();
        try (CaptureLoop capture = new CaptureLoop(options.input(), options.capture(), options.loopInput(), frames, opener)) {
            String description = capture.start();
            log.println("marionette: live on " + description);
            log.flush();
            AvatarView renderer = null;
            FrameWriter recorder = null;
            VirtualCamera virtualCamera = null;
            try (TrackingLoop tracking = new TrackingLoop(options.tracker(), frames, tracked);
                 VulkanContext vk = openVulkan();
                 Presenter window = vk != null && options.window() ? new Presenter(vk, "Marionette", size, size, background[3] < 1) : null) {
                if (vk == null) {
                    trackOnly(capture, tracking, tracked, stats, light);
                    return stats;
                }
                if (window != null && initialWindowSize != null) window.setWindowSize(initialWindowSize[0], initialWindowSize[1]);
                windowTransparent = window == null ? null : window.transparent();
                transparencyProblem = window == null ? null : window.transparencyProblem();
                if (transparencyProblem != null && background[3] < 1) {
                    log.println("marionette: the window cannot be transparent here (" + transparencyProblem
                            + "); it shows black around the avatar: use --background green or blue as a key colour instead");
                }
                // Asked for on the command line: failing to open it is the run's error.
                virtualCamera = options.virtualCamera() == null ? null : VirtualCamera.open(options.virtualCamera(), size, size);
                virtualCameraOn = virtualCamera != null;
                AvatarView.Kind kind = options.renderer() != null ? options.renderer()
                        : "CPU".equals(vk.info().type()) ? AvatarView.Kind.MESH : AvatarView.Kind.TRIPLANE;
                renderer = AvatarView.create(kind, vk, avatar, size, options.window());
                try {
                log.println("marionette: rendering on " + vk.info().name() + " with the " + (kind == AvatarView.Kind.MESH
                        ? "mesh path" + (options.renderer() == null ? " (a software driver: the tri-plane path would be too slow live)" : "")
                        : "tri-plane generator"));
                log.flush();
                if (window != null && presenterHook != null) presenterHook.accept(window);
                trackingLoop = tracking;
                tracking.setMeasureSink(measureSink);
                tracking.setFrameSink(frameSink);
                tracking.start();
                ParamsInterpolator interpolator = new ParamsInterpolator();
                long seen = 0;
                stats.startNanos = System.nanoTime();
                long nextFrame = stats.startNanos;
                Interval interval = new Interval(stats.startNanos);
                while (!stopRequested && (options.maxFrames() == 0 || stats.frames < options.maxFrames())) {
                    if (window != null) {
                        window.pollEvents();
                        if (window.shouldClose()) break;
                        int[] known = windowSize;
                        if (known == null || known[0] != window.width() || known[1] != window.height()) {
                            windowSize = new int[] {window.width(), window.height()};  // only on a change
                        }
                    }
                    status = capture.status();
                    if (capture.failure() != null) throw new IllegalStateException(capture.failure());
                    if (tracking.failure() != null) throw new IllegalStateException("tracking stopped: " + tracking.failure());
                    // Requests from the panel, applied here on the render thread.
                    Avatar nextAvatar = avatarRequest;
                    if (nextAvatar != null) {
                        avatarRequest = null;
                        vk.waitIdle();
                        renderer.close();
                        renderer = null;
                        renderer = AvatarView.create(kind, vk, nextAvatar, size, options.window());
                        avatar = nextAvatar;
                        framing = framing(avatar);
                        retargeter = null;
                    }
                    if (recordChange) {
                        recordChange = false;
                        if (recorder != null) recorder.close();
                        recorder = null;
                        java.nio.file.Path file = recordRequest;
                        if (file != null) {
                            try {
                                recorder = FrameWriter.open(file, fpsCap > 0 ? fpsCap : 30);
                            } catch (RuntimeException e) {
                                outputProblem = "cannot record to " + file + ": " + e.getMessage();
                            }
                        }
                    }
                    if (virtualCameraChange) {
                        virtualCameraChange = false;
                        if (virtualCamera != null) virtualCamera.close();
                        virtualCamera = null;
                        String device = virtualCameraRequest;
                        if (device != null) {
                            try {
                                virtualCamera = VirtualCamera.open(device, size, size);
                                log.println("marionette: virtual camera on " + virtualCamera.device());
                                log.flush();
                            } catch (RuntimeException e) {
                                outputProblem = e.getMessage();
                            }
                        }
                        virtualCameraOn = virtualCamera != null;
                    }
                    float[] bg = background;
                    renderer.setBackground(bg[0], bg[1], bg[2], bg[3]);
                    if (window != null) window.setLetterboxColor(bg[0], bg[1], bg[2], bg[3]);

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
                        CapturedFrame c = frames.peek();
                        if (c != null) light.add(c.frame(), c.capturedNanos());
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
                    boolean readback = recorder != null || virtualCamera != null;
                    long now = System.nanoTime();
                    HeadPose user = interpolator.pose(now);
                    HeadPose avatarPose = HeadPose.fromRotation(user.rotation(), framing);
                    long r0 = System.nanoTime();
                    retargeter.retargetDelta(interpolator.expressionDelta(now), retargeted);
                    renderer.render(avatarPose, retargeted, interpolator.coefficient(now, Blendshape.JAW_OPEN),
                            interpolator.blink(now), interpolator.gaze(now), readback);
                    double renderMs = (System.nanoTime() - r0) / 1e6;
                    stats.renderMsSum += renderMs;
                    if (window != null) {
                        boolean capturing = captureRequested && window.canCapture();
                        if (capturing) window.captureNextFrame();
                        boolean shown = window.present(renderer.presentable());
                        if (capturing && shown) {
                            captureRequested = false;
                            windowCapture = readWindow(window);
                        }
                    }
                    if (readback) {
                        renderer.readRgb(rgb);
                        toBgr(rgb, frameImage);
                        if (recorder != null) recorder.write(frameImage);
                        if (virtualCamera != null) {
                            try {
                                virtualCamera.write(frameImage);
                            } catch (RuntimeException e) {
                                // e.g. the loopback module was unloaded: stop feeding it, keep the avatar.
                                virtualCamera.close();
                                virtualCamera = null;
                                virtualCameraOn = false;
                                outputProblem = e.getMessage();
                            }
                        }
                    }
                    long presented = System.nanoTime();
                    long latency = presented - interpolator.latest().capturedNanos();
                    stats.addLatency(latency);
                    stats.frames++;
                    renderedFrames = stats.frames;
                    if (!interpolator.latest().params().face()) stats.framesWithoutFace++;
                    if (interval.add(presented, latency, renderMs)) {
                        snapshot = new LiveSnapshot(status, interval.fps(), interval.renderMs(), tracking.lastTrackMs(),
                                interval.latencyMs(0.5), interval.latencyMs(0.99), light.low(), recorder != null);
                        interval.reset(presented);
                    }
                    double cap = fpsCap;
                    if (cap > 0) {
                        nextFrame += (long) (1e9 / cap);
                        long wait = nextFrame - System.nanoTime();
                        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        else nextFrame = System.nanoTime();
                    } else {
                        nextFrame = System.nanoTime();
                    }
                }
                stats.endNanos = System.nanoTime();
                } finally {
                    // Before the device goes: the renderer's resources belong to it.
                    if (recorder != null) recorder.close();
                    if (virtualCamera != null) virtualCamera.close();
                    virtualCameraOn = false;
                    if (renderer != null) {
                        vk.waitIdle();
                        renderer.close();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stats.endNanos = System.nanoTime();
        }
        return stats;
    }

    /**
     * Without Vulkan (no loader, no driver, no usable device) the avatar cannot be drawn, but
     * the camera, the tracker and the panel (preview with landmarks, meters, calibration) still
     * work: the panel's session goes on tracking and says why there is no avatar
     * ({@link #avatarProblem()}). Recording and the virtual camera, which carry the avatar, are
     * refused with that reason. Ends as the rendering loop does: stop, the input's end, or a
     * failure of capture or tracking.
     */
    private void trackOnly(CaptureLoop capture, TrackingLoop tracking, Handoff<TrackedFrame> tracked, LiveStats stats, LightMeter light)
            throws InterruptedException {
        String why = noVulkan;
        // The panel's one line: the reason without its asides ("(lavapipe)", "(GLFW sees no Vulkan)").
        String problem = "No avatar (" + why.replaceAll(" \\([^()]*\\)", "") + "); tracking goes on";
        avatarProblem = problem;
        log.println("marionette: the avatar cannot be drawn (" + why + "); tracking goes on");
        log.flush();
        trackingLoop = tracking;
        tracking.setMeasureSink(measureSink);
        tracking.setFrameSink(frameSink);
        tracking.start();
        stats.startNanos = System.nanoTime();
        long seen = 0, intervalStart = stats.startNanos, intervalTracked = 0;
        while (!stopRequested) {
            status = capture.status();
            if (capture.failure() != null) throw new IllegalStateException(capture.failure());
            if (tracking.failure() != null) throw new IllegalStateException("tracking stopped: " + tracking.failure());
            if (recordChange) {
                recordChange = false;
                if (recordRequest != null) outputProblem = "cannot record: " + problem;
            }
            if (virtualCameraChange) {
                virtualCameraChange = false;
                virtualCameraOn = false;
                if (virtualCameraRequest != null) outputProblem = "no virtual camera: " + problem;
            }
            avatarRequest = null;
            long sequence = tracked.sequence();
            if (sequence != seen) {
                seen = sequence;
                stats.trackedFrames++;
                intervalTracked++;
                if (!tracked.peek().params().face()) stats.framesWithoutFace++;
                CapturedFrame c = framesForPanel.peek();
                if (c != null) light.add(c.frame(), c.capturedNanos());
            }
            if (capture.ended() && !options.loopInput() && tracking.tracked() >= capture.delivered()) break;
            long now = System.nanoTime();
            if (now - intervalStart >= 500_000_000L) {
                snapshot = new LiveSnapshot(status, intervalTracked * 1e9 / (now - intervalStart), Double.NaN, tracking.lastTrackMs(),
                        Double.NaN, Double.NaN, light.low(), false);
                intervalStart = now;
                intervalTracked = 0;
            }
            Thread.sleep(5);
        }
        stats.endNanos = System.nanoTime();
    }

    private volatile boolean trackWithoutAvatar;
    private volatile String avatarProblem;
    private String noVulkan;

    /** Opens the device instead of {@link VulkanContext#create}: tests put in one that fails as a machine without a driver does. */
    private java.util.function.Supplier<VulkanContext> vulkanOpener;

    void setVulkanOpener(java.util.function.Supplier<VulkanContext> opener) {
        vulkanOpener = opener;
    }

    /** The device, or null when there is none and the session may track without an avatar. */
    private VulkanContext openVulkan() {
        try {
            return vulkanOpener != null ? vulkanOpener.get()
                    : VulkanContext.create(VulkanContext.Options.headless().withPresentation(options.window()));
        } catch (VulkanUnavailableException e) {
            if (!trackWithoutAvatar) throw e;
            noVulkan = e.getMessage();
            return null;
        }
    }

    /**
     * Whether the session tracks on without an avatar when Vulkan is unavailable (the panel's
     * choice) instead of failing with the reason (the command line's). Set before {@link #run()}.
     */
    public void setTrackWithoutAvatar(boolean on) {
        trackWithoutAvatar = on;
    }

    /** Why no avatar is drawn, for the panel, or null while it is (thread-safe). */
    public String avatarProblem() { return avatarProblem; }

    private static dev.marionette.tracking.image.RgbImage readWindow(Presenter window) {
        int w = window.capturedWidth(), h = window.capturedHeight();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = window.capturedPixel(x, y), i = (y * w + x) * 3;
                rgb[i] = (byte) (p >> 16);
                rgb[i + 1] = (byte) (p >> 8);
                rgb[i + 2] = (byte) p;
            }
        }
        return new dev.marionette.tracking.image.RgbImage(w, h, rgb);
    }

    /** Rendering figures over about half a second, for the panel. */
    private static final class Interval {
        private final long[] latencies = new long[1024];
        private int count;
        private long start;
        private double renderMs;

        Interval(long start) {
            this.start = start;
        }

        /** Adds a frame; true when the interval is full. */
        boolean add(long now, long latency, double frameRenderMs) {
            if (count < latencies.length) latencies[count++] = latency;
            renderMs += frameRenderMs;
            return now - start > 500_000_000L;
        }

        double fps() { return count / ((System.nanoTime() - start) / 1e9); }

        double renderMs() { return count == 0 ? 0 : renderMs / count; }

        double latencyMs(double q) {
            if (count == 0) return Double.NaN;
            long[] sorted = java.util.Arrays.copyOf(latencies, count);
            java.util.Arrays.sort(sorted);
            return sorted[Math.min(count - 1, (int) Math.ceil(q * count) - 1)] / 1e6;
        }

        void reset(long now) {
            start = now;
            count = 0;
            renderMs = 0;
        }
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
