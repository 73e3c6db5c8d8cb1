package dev.marionette.app.cli;

import dev.marionette.app.overlay.OverlayPainter;
import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.FaceTracker;
import dev.marionette.tracking.TrackerOptions;
import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.FrameSources;
import dev.marionette.tracking.capture.VideoFrame;
import dev.marionette.tracking.io.FaceParamsJson;
import dev.marionette.tracking.output.FrameWriter;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** marionette track: one JSON line of face parameters per decoded frame. */
@Command(name = "track", mixinStandardHelpOptions = true,
        description = {"Track one face per frame and write one JSON line per frame.",
                "Exit status: 0 done, 1 error, 2 bad usage, 3 no face in any frame."})
public final class TrackCommand implements Callable<Integer> {
    static final int NO_FACE = 3;

    @Spec CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "INPUT",
            description = "Webcam index (0), camera device or name, video file, image, folder of images, "
                    + "or 'sample' for the bundled portrait.")
    String input;

    @Option(names = {"-o", "--out"}, defaultValue = "params.jsonl", paramLabel = "FILE",
            description = "Parameters, one JSON line per frame ('-' for standard output; default ${DEFAULT-VALUE}).")
    String out;

    @Option(names = "--overlay", paramLabel = "FILE",
            description = "Also write the input with landmarks, head axes and gaze drawn on it (.mp4/.mkv video, or .png/.jpg).")
    Path overlay;

    @Option(names = "--dense", description = "Include the dense 468x3 expression displacement in each line.")
    boolean dense;

    @Option(names = "--frames", paramLabel = "N", description = "Stop after N frames (live inputs run until Ctrl-C otherwise).")
    Long maxFrames;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Face profile written by 'marionette calibrate face': your neutral and ranges (the neutral then stays fixed).")
    Path profile;

    @Mixin TrackingOptions tracking;
    @Mixin CameraOptions camera;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        GlobalOptions global = ((MarionetteCommand) spec.root().userObject()).global;
        try (FrameSource source = openInput(input, camera.toCaptureOptions())) {
            return run(source, global.quiet, err);
        }
    }

    /** Opens an input; "sample" (when no such file exists) is the bundled portrait. */
    static FrameSource openInput(String input, dev.marionette.tracking.capture.CaptureOptions options) {
        if (SAMPLE.equals(input) && !Files.exists(Path.of(input))) return FrameSources.bundledSample();
        return FrameSources.open(input, options);
    }

    static final String SAMPLE = "sample";

    /** The tracking loop, shared with the default job. Returns the exit status. */
    int run(FrameSource source, boolean quiet, PrintWriter err) throws IOException {
        if (maxFrames != null && maxFrames <= 0) throw new UserFacingException("--frames must be positive");
        // Checked before the stop hook is installed: a bad file must not leave a hook waiting.
        TrackerOptions options = tracking.toTrackerOptions(source.width(), source.height());
        if (profile != null) options = CalibrationFiles.profile(profile).applyTo(options);
        if (!quiet) err.println("marionette: tracking " + source.description());
        Stats stats = new Stats();
        CountDownLatch finished = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            stats.stopRequested = true;
            try {
                finished.await();
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }, "marionette-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try (FaceTracker tracker = new FaceTracker(options);
             Writer lines = openOut();
             FrameWriter video = overlay == null ? null : FrameWriter.open(overlay, source.frameRate())) {
            OverlayPainter painter = new OverlayPainter();
            StringBuilder line = new StringBuilder(64 * 1024);
            long start = System.nanoTime(), lastReport = start;
            VideoFrame frame;
            while (!stats.stopRequested && (maxFrames == null || stats.frames < maxFrames) && (frame = source.next()) != null) {
                FaceParams params = tracker.track(frame);
                stats.frames++;
                if (params.face()) stats.faces++;
                line.setLength(0);
                FaceParamsJson.write(params, dense, line);
                line.append('\n');
                lines.append(line);
                if (video != null) {
                    BufferedImage img = frame.image().toBufferedImage();
                    painter.paint(img, params, tracker.camera());
                    video.write(img);
                }
                long now = System.nanoTime();
                if (!quiet && now - lastReport > 1_000_000_000L) {
                    lastReport = now;
                    err.printf("  frame %d  faces %.0f%%  %.1f frames/s%n", stats.frames, 100.0 * stats.faces / stats.frames,
                            stats.frames / ((now - start) / 1e9));
                    err.flush();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!quiet) {
                err.printf("marionette: %d frames, face in %d (%.1f%%), %.1f frames/s%s%s%n", stats.frames, stats.faces,
                        stats.frames == 0 ? 0 : 100.0 * stats.faces / stats.frames, stats.frames / Math.max(seconds, 1e-9),
                        "-".equals(out) ? "" : ", parameters in " + out,
                        overlay == null ? "" : ", overlay in " + overlay);
            }
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook is running and waits for us
            }
        }
        if (stats.frames == 0) throw new UserFacingException("no frame could be decoded from " + source.description());
        if (stats.faces == 0) {
            err.println("marionette: no face found in " + source.description()
                    + (stats.frames == 1 ? "" : " (" + stats.frames + " frames)"));
            return NO_FACE;
        }
        return 0;
    }

    private Writer openOut() throws IOException {
        if ("-".equals(out)) {
            return new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)) {
                @Override public void close() throws IOException {
                    flush(); // leave standard output open
                }
            };
        }
        Path p = Path.of(out);
        Path parent = p.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserFacingException("cannot write '" + out + "': folder " + parent + " does not exist");
        }
        return Files.newBufferedWriter(p, StandardCharsets.UTF_8);
    }

    private static final class Stats {
        long frames;
        long faces;
        volatile boolean stopRequested;
    }
}
