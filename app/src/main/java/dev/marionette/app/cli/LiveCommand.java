package dev.marionette.app.cli;

import dev.marionette.app.live.LiveOptions;
import dev.marionette.app.live.LiveSession;
import dev.marionette.app.live.LiveStats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** marionette live: the live loop without the control panel, for scripts and demos. */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = {"Drive the avatar live from a webcam or a video (played in real time).",
                "Prints a JSON summary on standard output: frames, fps, latency percentiles."})
public final class LiveCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-i", "--input"}, defaultValue = "0", paramLabel = "INPUT",
            description = "Webcam index (default ${DEFAULT-VALUE}), camera device, video file, or 'sample'.")
    String input;

    @Option(names = "--frames", defaultValue = "0", description = "Stop after N rendered frames (0: until closed or Ctrl-C).")
    long frames;

    @Option(names = "--record", paramLabel = "FILE", description = "Record the avatar to an MP4 file.")
    Path record;

    @Option(names = "--virtual-camera", paramLabel = "DEVICE", arity = "0..1", fallbackValue = "auto",
            description = "Feed a v4l2loopback device (Linux; 'auto' takes the first one).")
    String virtualCamera;

    @Option(names = "--headless", description = "No window (record, feed the virtual camera, or just measure).")
    boolean headless;

    @Option(names = "--size", defaultValue = "512", description = "Avatar size in pixels (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--fps-cap", defaultValue = "0",
            description = "Most frames rendered per second (0: uncapped; recording defaults to 30).")
    double fpsCap;

    @Option(names = "--loop", description = "Replay a video input when it ends.")
    boolean loop;

    @Option(names = "--avatar", paramLabel = "FILE", description = "Avatar file (.mavatar); default: the built-in avatar.")
    Path avatar;

    @Option(names = "--renderer", description = "triplane or mesh (default: triplane on a GPU, mesh on a software Vulkan driver).")
    RendererName renderer;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Face profile written by 'marionette calibrate face': your neutral and ranges.")
    Path profile;

    @Option(names = "--background", defaultValue = "dark",
            description = "dark, green, blue (key colours for OBS) or transparent (a compositing desktop shows through the window).")
    String background;

    @Mixin TrackingOptions tracking;
    @Mixin CameraOptions camera;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        double cap = fpsCap > 0 ? fpsCap : (record != null ? 30 : 0);
        LiveOptions options;
        try {
            options = new LiveOptions(input, camera.toCaptureOptions(), tracking.toTrackerOptions(camera.width != null ? camera.width : 640, camera.height != null ? camera.height : 480), size, cap,
                    frames, record, virtualCamera, !headless, loop, avatar, renderer == null ? null : renderer.kind);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException(e.getMessage());
        }
        if (profile != null) options = options.withTracker(CalibrationFiles.profile(profile).applyTo(options.tracker()));
        LiveSession session = new LiveSession(options, err);
        switch (background) {
            case "dark" -> { }
            case "green" -> session.setBackground(0f, 1f, 0f);
            case "blue" -> session.setBackground(0f, 0f, 1f);
            case "transparent" -> session.setTransparentBackground();
            default -> throw new UserFacingException("--background must be dark, green, blue or transparent, not '" + background + "'");
        }
        CountDownLatch finished = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            session.stop();
            try {
                finished.await();
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }, "marionette-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        LiveStats stats;
        try {
            stats = session.run();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and waits for us
            }
        }
        spec.commandLine().getOut().println(stats.toJson());
        spec.commandLine().getOut().flush();
        if (record != null) err.println("marionette: recorded " + stats.frames() + " frames to " + record);
        return 0;
    }
}
