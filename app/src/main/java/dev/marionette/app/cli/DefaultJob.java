package dev.marionette.app.cli;

import dev.marionette.tracking.capture.FrameSources;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What "marionette" with no arguments does. On a desktop: the app (control panel and avatar
 * window; the demo input plays when there is no webcam). Without a display: with a webcam,
 * track it live (until Ctrl-C); without one, track the bundled portrait and write its
 * parameters and overlay image to out/.
 */
final class DefaultJob {
    static final Path OUT = Path.of("out");

    private final PrintWriter out;
    private final PrintWriter err;
    private final GlobalOptions global;

    DefaultJob(PrintWriter out, PrintWriter err, GlobalOptions global) {
        this.out = out;
        this.err = err;
        this.global = global;
    }

    int run() throws Exception {
        if (GuiCommand.displayAvailable() && System.getenv("MARIONETTE_NO_GUI") == null) {
            String[] gui = {"gui"};
            if (global.debug) gui = append(gui, "--debug");
            return MarionetteCommand.execute(gui, out, err);
        }
        Files.createDirectories(OUT);
        String[] args;
        if (!FrameSources.cameras().isEmpty()) {
            err.println("marionette: webcam found: tracking it live (Ctrl-C to stop); parameters in out/live-params.jsonl");
            args = new String[] {"track", "--input", "0", "--out", OUT.resolve("live-params.jsonl").toString(),
                    "--overlay", OUT.resolve("live-overlay.mp4").toString()};
        } else {
            err.println("marionette: no webcam found: tracking the bundled sample portrait instead");
            args = new String[] {"track", "--input", TrackCommand.SAMPLE, "--out", OUT.resolve("astronaut-params.jsonl").toString(),
                    "--overlay", OUT.resolve("astronaut-overlay.png").toString()};
        }
        if (global.quiet) args = append(args, "--quiet");
        if (global.debug) args = append(args, "--debug");
        return MarionetteCommand.execute(args, out, err);
    }

    private static String[] append(String[] a, String s) {
        String[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = s;
        return b;
    }
}
