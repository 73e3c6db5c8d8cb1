package dev.marionette.app.live;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.tracking.TrackerOptions;
import dev.marionette.tracking.capture.CaptureException;
import dev.marionette.tracking.capture.CaptureOptions;
import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.FrameSources;
import dev.marionette.tracking.capture.VideoFrame;
import dev.marionette.tracking.image.RgbImage;
import dev.marionette.tracking.output.FrameWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveSessionTest {
    static RgbImage portrait;

    @BeforeAll
    static void setUp() {
        Assumptions.assumeTrue(dev.marionette.renderer.vk.Vulkan.isAvailable() || System.getenv("CI") != null, "no Vulkan driver");
        try (FrameSource s = FrameSources.bundledSample()) {
            portrait = s.next().image();
        }
    }

    @Test
    void recordsThePlayableNumberOfFrames(@TempDir Path tmp) throws Exception {
        Path clip = tmp.resolve("clip.mp4");
        try (FrameWriter w = FrameWriter.open(clip, 30)) {
            for (int i = 0; i < 45; i++) w.write(portrait.toBufferedImage());
        }
        Path out = tmp.resolve("live.mp4");
        LiveOptions o = new LiveOptions(clip.toString(), CaptureOptions.DEFAULT, TrackerOptions.defaults(), 128, 30, 100, out, null,
                false, true, null, null);
        LiveStats stats = new LiveSession(o, new PrintWriter(new StringWriter())).run();
        assertEquals(100, stats.frames());
        assertTrue(stats.trackedFrames() > 30);
        try (var s = FrameSources.open(out.toString(), CaptureOptions.DEFAULT)) {
            int n = 0;
            while (s.next() != null) n++;
            assertEquals(100, n, "a playable video of 100 frames");
        }
    }

    /**
     * Without Vulkan the panel's session tracks on without an avatar and says why; recording,
     * which carries the avatar, is refused with that reason. The command line's session fails
     * with the reason instead.
     */
    @Test
    void withoutVulkanThePanelsSessionTracksOnAndSaysWhy() {
        java.util.function.Supplier<dev.marionette.renderer.vk.VulkanContext> none = () -> {
            throw new dev.marionette.renderer.vk.VulkanUnavailableException(
                    "no Vulkan driver found: install mesa-vulkan-drivers (lavapipe) or your GPU's driver (GLFW sees no Vulkan)");
        };
        LiveOptions o = new LiveOptions("sample", CaptureOptions.DEFAULT, TrackerOptions.defaults(), 96, 0, 0, null, null, false, false, null, null);
        StringWriter log = new StringWriter();
        LiveSession panel = new LiveSession(o, new PrintWriter(log));
        panel.setVulkanOpener(none);
        panel.setTrackWithoutAvatar(true);
        panel.setRecording(Path.of("never-written.mp4"));
        LiveStats stats = panel.run();
        assertEquals(0, stats.frames(), "nothing rendered");
        assertTrue(stats.trackedFrames() >= 1, "the portrait was tracked");
        assertNotNull(panel.latestParams());
        assertTrue(panel.latestParams().face());
        assertEquals("No avatar (no Vulkan driver found: install mesa-vulkan-drivers or your GPU's driver); tracking goes on",
                panel.avatarProblem());
        assertTrue(log.toString().contains("the avatar cannot be drawn (no Vulkan driver found"), log.toString());
        String refused = panel.outputProblem();
        assertNotNull(refused, "recording is refused");
        assertTrue(refused.startsWith("cannot record: No avatar"), refused);
        assertFalse(java.nio.file.Files.exists(Path.of("never-written.mp4")));

        LiveSession cli = new LiveSession(o, new PrintWriter(new StringWriter()));
        cli.setVulkanOpener(none);
        var e = assertThrows(dev.marionette.renderer.vk.VulkanUnavailableException.class, cli::run);
        assertTrue(e.getMessage().startsWith("no Vulkan driver found"), e.getMessage());
    }

    /** A camera that delivers the portrait, fails after 20 frames (unplugged) and works again when reopened. */
    static final class FlakyCamera implements FrameSource {
        static final AtomicInteger opened = new AtomicInteger();
        final int session = opened.incrementAndGet();
        int n;

        @Override public VideoFrame next() {
            if (session == 1 && n >= 20) throw new CaptureException("camera stopped delivering frames (device gone?)");
            try {
                Thread.sleep(33);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new VideoFrame(n++, System.nanoTime() / 1000, portrait);
        }
        @Override public boolean isLive() { return true; }
        @Override public String description() { return "flaky camera #" + session; }
        @Override public double frameRate() { return 30; }
        @Override public int width() { return portrait.width(); }
        @Override public int height() { return portrait.height(); }
        @Override public void close() {}
    }

    @Test
    void aCameraThatFailsMidStreamEasesToNeutralAndRecovers() {
        FlakyCamera.opened.set(0);
        LiveOptions o = new LiveOptions("flaky", CaptureOptions.DEFAULT, TrackerOptions.defaults(), 96, 60, 400, null, null, false, false, null, null);
        StringWriter log = new StringWriter();
        // Unplugged for a while: the first two attempts to reopen it fail too (about 3 s without frames).
        AtomicInteger attempts = new AtomicInteger();
        LiveSession session = new LiveSession(o, new PrintWriter(log), (spec, options) -> {
            int attempt = attempts.incrementAndGet();
            if (attempt == 2 || attempt == 3) throw new CaptureException("no such camera (unplugged)");
            return new FlakyCamera();
        });
        LiveStats stats = session.run();
        assertEquals(400, stats.frames(), "no crash: the loop rendered through the outage");
        assertTrue(attempts.get() >= 4 && FlakyCamera.opened.get() >= 2, "the camera was reopened");
        assertTrue(stats.framesWithoutFace() > 10, "the avatar eased to neutral during the outage: " + stats.framesWithoutFace());
        assertTrue(stats.trackedFrames() > 40, "tracking resumed after the outage: " + stats.trackedFrames());
    }

    @Test
    void outputsThatFailAtRunTimeAreReportedAndTheAvatarKeepsRendering(@TempDir Path tmp) throws Exception {
        FlakyCamera.opened.set(100); // never fails: only the first camera of a run does
        LiveOptions o = new LiveOptions("steady", CaptureOptions.DEFAULT, TrackerOptions.defaults(), 96, 60, 0, null, null, false, false, null, null);
        LiveSession session = new LiveSession(o, new PrintWriter(new StringWriter()), (spec, options) -> new FlakyCamera());
        Thread runner = new Thread(session::run, "live-test");
        runner.start();
        try {
            waitFor(() -> session.renderedFrames() > 5, "first frames");
            session.setVirtualCamera(tmp.resolve("video99").toString());
            String problem = waitForProblem(session);
            assertTrue(problem.contains("v4l2loopback"), problem);
            assertFalse(session.virtualCameraOn());
            Path blocked = tmp.resolve("not-a-folder");
            java.nio.file.Files.writeString(blocked, "x");
            session.setRecording(blocked.resolve("out.mp4"));
            problem = waitForProblem(session);
            assertTrue(problem.startsWith("cannot record to"), problem);
            long before = session.renderedFrames();
            waitFor(() -> session.renderedFrames() > before + 10, "rendering after the failures");
        } finally {
            session.stop();
            runner.join(20_000);
        }
        assertFalse(runner.isAlive(), "the session stopped");
    }

    @Test
    void trackedMeasuresFeedAGuidedFaceCalibration() throws Exception {
        FlakyCamera.opened.set(100);
        LiveOptions o = new LiveOptions("steady", CaptureOptions.DEFAULT, TrackerOptions.defaults(), 96, 60, 0, null, null, false, false, null, null);
        LiveSession session = new LiveSession(o, new PrintWriter(new StringWriter()), (spec, options) -> new FlakyCamera());
        Thread runner = new Thread(session::run, "live-test");
        runner.start();
        try {
            waitFor(() -> session.renderedFrames() > 5, "first frames");
            var guided = new dev.marionette.calibration.face.GuidedSession(dev.marionette.calibration.face.PhaseSchedule.guided(0.2, 0.8));
            guided.start(System.nanoTime() / 1000);
            session.setMeasureSink(m -> guided.add(m.capturedNanos() / 1000, m.measures(), m.iris()));
            waitFor(() -> guided.finished(System.nanoTime() / 1000), "the calibration schedule");
            session.setMeasureSink(null);
            // The camera calibration wizard's feed: the captured images themselves.
            var images = new java.util.concurrent.atomic.AtomicInteger();
            var sizes = java.util.concurrent.ConcurrentHashMap.<String>newKeySet();
            session.setFrameSink(img -> {
                images.incrementAndGet();
                sizes.add(img.width() + "x" + img.height());
            });
            waitFor(() -> images.get() >= 5, "captured images through the frame sink");
            session.setFrameSink(null);
            assertEquals(java.util.Set.of(portrait.width() + "x" + portrait.height()), sizes);
            for (var phase : dev.marionette.calibration.face.FacePhase.values()) {
                assertTrue(guided.faces(phase) >= 5, phase + ": " + guided.faces(phase) + " frames with a face");
            }
            var c = new dev.marionette.calibration.face.FaceCalibrator().calibrate(guided.samples());
            assertTrue(c.profile().iris(), "the attention model's iris reached the profile");
            // The portrait never moves: every phase is reported as too little movement.
            assertFalse(c.warnings().isEmpty());
        } finally {
            session.stop();
            runner.join(20_000);
        }
    }

    private static String waitForProblem(LiveSession session) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < end) {
            String p = session.outputProblem();
            if (p != null) return p;
            Thread.sleep(20);
        }
        return fail("no output problem was reported");
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) fail("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }
}
