package dev.marionette.app.cli;

import dev.marionette.app.gui.GuiApp;
import dev.marionette.app.gui.GuiSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** marionette gui: the control panel and the presenter window (what plain "marionette" opens on a desktop). */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = "Open the control panel and the avatar window; the avatar follows the webcam (or the demo input).")
public final class GuiCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-i", "--input"}, description = "Webcam index, camera device, video file, or 'demo' (default: last used, else the first webcam, else the demo).")
    String input;

    @Option(names = "--size", defaultValue = "512", description = "Avatar window size in pixels (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--quit-after-frames", defaultValue = "0", hidden = true, description = "For scripted checks: quit after N rendered frames.")
    long quitAfterFrames;

    @Option(names = "--screenshots", hidden = true, description = "For scripted checks: save panel and window screenshots here.")
    Path screenshots;

    @Option(names = "--settings", description = "Settings file (default: ${XDG_CONFIG_HOME:-~/.config}/marionette/settings.json).")
    Path settingsFile;

    @Override
    public Integer call() throws Exception {
        if (!GuiCommand.displayAvailable()) {
            throw new UserFacingException("no display: the panel needs a desktop session (DISPLAY is not set); use 'marionette live --headless'");
        }
        if (screenshots != null && quitAfterFrames <= 0) quitAfterFrames = 120;
        int status = new GuiApp(new GuiApp.Options(input, size, quitAfterFrames, screenshots,
                settingsFile != null ? settingsFile : GuiSettings.defaultFile()), spec.commandLine().getErr()).run();
        java.util.List<String> leaked = leakedThreads(3000);
        if (!leaked.isEmpty()) {
            spec.commandLine().getErr().println("marionette: threads still running after the app closed: " + leaked);
            return 1;
        }
        return status;
    }

    /** Marionette's own threads still alive after {@code graceMs}: capture, tracking, rendering, builders. */
    static java.util.List<String> leakedThreads(long graceMs) {
        long deadline = System.currentTimeMillis() + graceMs;
        java.util.List<String> alive;
        do {
            alive = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                    .map(Thread::getName).filter(n -> n.startsWith("marionette-") || n.startsWith("capture ") || n.startsWith("decode "))
                    .sorted().toList();
            if (alive.isEmpty()) return alive;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return alive;
            }
        } while (System.currentTimeMillis() < deadline);
        return alive;
    }

    /** Whether windows can be opened: not headless, and on Linux an X or Wayland display. */
    static boolean displayAvailable() {
        if (java.awt.GraphicsEnvironment.isHeadless()) return false;
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("linux")) return System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
        return true;
    }
}
