package dev.marionette.app.gui;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.FrameSources;
import dev.marionette.tracking.image.RgbImage;
import dev.marionette.tracking.output.FrameWriter;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app as a user launches it, on a video given as the camera, under a display server
 * (DISPLAY, or an Xvfb started here; CI installs xvfb): the panel and the avatar window come
 * up, the avatar is visible and moves between two screenshots, and the app quits with status
 * 0 and none of its threads left behind.
 */
class GuiAppTest {
    @Test
    void launchesShowsAMovingAvatarAndQuitsCleanly(@TempDir Path tmp) throws Exception {
        assumeTrue(dev.marionette.renderer.vk.Vulkan.isAvailable() || System.getenv("CI") != null, "no Vulkan driver");
        // A clip of a head turning: the portrait shifted and turned a little each frame.
        Path clip = tmp.resolve("turning.mp4");
        RgbImage portrait;
        try (FrameSource s = FrameSources.bundledSample()) {
            portrait = s.next().image();
        }
        try (FrameWriter w = FrameWriter.open(clip, 30)) {
            for (int i = 0; i < 90; i++) {
                BufferedImage f = new BufferedImage(512, 512, BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D g = f.createGraphics();
                g.rotate(Math.toRadians(12 * Math.sin(i / 8.0)), 256, 256);
                g.drawImage(portrait.toBufferedImage(), 0, 0, null);
                g.dispose();
                w.write(f);
            }
        }
        String display = System.getenv("DISPLAY");
        Process xvfb = null;
        try {
            if (display == null) {
                Path binary = Path.of("/usr/bin/Xvfb");
                if (!Files.isExecutable(binary)) {
                    if (System.getenv("CI") != null) fail("no DISPLAY and no Xvfb in CI: install xvfb");
                    assumeTrue(false, "no display server and no Xvfb");
                }
                display = ":" + (90 + (int) (ProcessHandle.current().pid() % 50));
                xvfb = new ProcessBuilder(binary.toString(), display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                Path socket = Path.of("/tmp/.X11-unix/X" + display.substring(1));
                for (int i = 0; i < 50 && !Files.exists(socket); i++) Thread.sleep(100);
            }
            Path shots = tmp.resolve("shots");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.marionette.app.Main",
                    "gui", "--input", clip.toString(), "--size", "256", "--screenshots", shots.toString(),
                    "--quit-after-frames", "60", "--settings", tmp.resolve("settings.json").toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("DISPLAY", display);
            pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
            Process app = pb.start();
            String output = new String(app.getInputStream().readAllBytes());
            assertTrue(app.waitFor(240, TimeUnit.SECONDS), "the app did not quit");
            assertEquals(0, app.exitValue(), output);
            assertFalse(output.contains("threads still running"), output);

            BufferedImage panel = ImageIO.read(shots.resolve("panel-2.png").toFile());
            BufferedImage first = ImageIO.read(shots.resolve("presenter-1.png").toFile());
            BufferedImage second = ImageIO.read(shots.resolve("presenter-2.png").toFile());
            assertTrue(panel.getWidth() > 400 && panel.getHeight() > 300, "panel screenshot " + panel.getWidth() + "x" + panel.getHeight());
            assertTrue(skinPixels(first) > first.getWidth() * first.getHeight() / 20, "the avatar is visible in the window");
            assertTrue(difference(first, second) > 0.002, "the avatar moved between the screenshots");
            assertTrue(Files.exists(tmp.resolve("settings.json")), "settings saved on exit");
            int[] window = GuiSettings.load(tmp.resolve("settings.json")).windowSize();
            assertTrue(window != null && window[0] >= 64 && window[1] >= 64, "the avatar window's size is remembered");
        } finally {
            if (xvfb != null) xvfb.destroy();
        }
    }

    static int skinPixels(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) {
            int p = img.getRGB(x, y), r = (p >> 16) & 255, g = (p >> 8) & 255, b = p & 255;
            if (r > 120 && r > b + 25 && g > 70) n++;
        }
        return n;
    }

    /** Fraction of pixels that changed noticeably. */
    static double difference(BufferedImage a, BufferedImage b) {
        int n = 0, w = Math.min(a.getWidth(), b.getWidth()), h = Math.min(a.getHeight(), b.getHeight());
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            int p = a.getRGB(x, y), q = b.getRGB(x, y);
            int d = Math.abs(((p >> 16) & 255) - ((q >> 16) & 255)) + Math.abs(((p >> 8) & 255) - ((q >> 8) & 255)) + Math.abs((p & 255) - (q & 255));
            if (d > 30) n++;
        }
        return (double) n / (w * h);
    }
}
