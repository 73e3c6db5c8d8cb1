package dev.marionette.app.cli;

import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.FaceTracker;
import dev.marionette.tracking.TrackerOptions;
import dev.marionette.tracking.capture.CaptureOptions;
import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.PrefetchSource;
import dev.marionette.tracking.capture.VideoFrame;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * marionette bench track: the whole tracking pipeline over a clip, decode included (on its own
 * thread, a few frames ahead, as the live app does), timed per frame.
 */
@Command(name = "track", mixinStandardHelpOptions = true,
        description = {"Time the tracking pipeline on a clip. Prints JSON: fps (whole pipeline, decode included),",
                "trackP50Ms/trackP99Ms (frame in -> parameters out), faceFraction, frames, model, threads."})
public final class BenchTrackCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "VIDEO", description = "Video file (or image folder).")
    String input;

    @Option(names = "--repeat", defaultValue = "1", description = "Play the clip this many times (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--warmup", defaultValue = "30", description = "Frames run before timing starts (default ${DEFAULT-VALUE}).")
    int warmup;

    @Mixin TrackingOptions tracking;

    @Override
    public Integer call() throws Exception {
        if (repeat < 1) throw new UserFacingException("--repeat must be at least 1");
        if (warmup < 0) throw new UserFacingException("--warmup must not be negative");
        PrintWriter err = spec.commandLine().getErr();
        long[] trackNanos = new long[0];
        int timed = 0, faces = 0, detectorRuns = 0;
        long wallNanos = 0;
        int width, height;
        String description;
        TrackerOptions options;
        try (FrameSource probe = TrackCommand.openInput(input, CaptureOptions.DEFAULT)) {
            if (probe.isLive()) throw new UserFacingException("bench track needs a file, not a camera");
            width = probe.width();
            height = probe.height();
            description = probe.description();
            options = tracking.toTrackerOptions(width, height);
        }
        err.println("marionette: benchmarking tracking on " + description + " x" + repeat);
        try (FaceTracker tracker = new FaceTracker(options)) {
            long offsetMicros = 0;
            int seen = 0;
            long wallStart = 0;
            for (int r = 0; r < repeat; r++) {
                long lastMicros = 0;
                try (FrameSource source = new PrefetchSource(TrackCommand.openInput(input, CaptureOptions.DEFAULT), 4)) {
                    VideoFrame frame;
                    while ((frame = source.next()) != null) {
                        VideoFrame shifted = new VideoFrame(seen, frame.tMicros() + offsetMicros, frame.image());
                        lastMicros = shifted.tMicros();
                        if (seen == warmup) wallStart = System.nanoTime();
                        long t0 = System.nanoTime();
                        FaceParams p = tracker.track(shifted);
                        long t1 = System.nanoTime();
                        if (seen >= warmup) {
                            if (timed == trackNanos.length) trackNanos = Arrays.copyOf(trackNanos, Math.max(1024, 2 * timed));
                            trackNanos[timed++] = t1 - t0;
                            if (p.face()) faces++;
                            if (tracker.lastTimes().detectorRan) detectorRuns++;
                        }
                        seen++;
                    }
                }
                offsetMicros = lastMicros + 33_333;
            }
            wallNanos = System.nanoTime() - wallStart;
            if (timed == 0) {
                throw new UserFacingException("only " + seen + " frames decoded, all spent on warm-up: lower --warmup or raise --repeat");
            }
        }
        long[] sorted = Arrays.copyOf(trackNanos, timed);
        Arrays.sort(sorted);
        String json = String.format(Locale.ROOT,
                "{\"fps\":%.1f,\"trackP50Ms\":%.3f,\"trackP99Ms\":%.3f,\"trackMaxMs\":%.3f,\"faceFraction\":%.4f,\"frames\":%d,"
                        + "\"detectorRuns\":%d,\"model\":\"%s\",\"threads\":%d,\"input\":\"%s\",\"width\":%d,\"height\":%d,"
                        + "\"warmupFrames\":%d,\"cpus\":%d}",
                timed / (wallNanos / 1e9), percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6,
                sorted[sorted.length - 1] / 1e6, (double) faces / timed, timed, detectorRuns, tracking.model.name(),
                options.threads(), input.replace("\\", "\\\\").replace("\"", "\\\""), width, height, warmup,
                Runtime.getRuntime().availableProcessors());
        spec.commandLine().getOut().println(json);
        spec.commandLine().getOut().flush();
        return 0;
    }

    static long percentile(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
