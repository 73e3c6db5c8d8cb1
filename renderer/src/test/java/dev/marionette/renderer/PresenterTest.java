package dev.marionette.renderer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Opens a real window. Uses DISPLAY when set; otherwise starts Xvfb on a free display for the
 * duration of the test (CI installs xvfb). Skips only when there is no display server and no
 * Xvfb at all, and never in CI. On its own Xvfb it also runs a compositing manager (xcompmgr)
 * when installed, for the transparent window. The window runs in a child JVM (GLFW reads DISPLAY from the
 * process environment, and a native crash must not take the test JVM down).
 */
class PresenterTest {
    @Test
    void showsTheRenderAndSurvivesAResize() throws Exception {
        VulkanTests.requireVulkan();
        String display = System.getenv("DISPLAY");
        Process xvfb = null;
        if (display == null || display.isBlank()) {
            Path xvfbBinary = findOnPath("Xvfb");
            if (xvfbBinary == null) {
                if (System.getenv("CI") != null) fail("no DISPLAY and no Xvfb in CI: install xvfb");
                assumeTrue(false, "no display server and no Xvfb: window test skipped");
            }
            int number = freeDisplayNumber();
            display = ":" + number;
            xvfb = new ProcessBuilder(xvfbBinary.toString(), display, "-screen", "0", "640x480x24", "-nolisten", "tcp")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Path socket = Path.of("/tmp/.X11-unix/X" + number);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!Files.exists(socket) && xvfb.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(xvfb.isAlive() && Files.exists(socket), "Xvfb did not start on " + display);
        }
        Process compositor = null;
        try {
            // On our own Xvfb, a compositing manager (Debian: xcompmgr, which CI installs) lets
            // the smoke check the transparent window too.
            Path xcompmgr = xvfb == null ? null : findOnPath("xcompmgr");
            if (xvfb != null && xcompmgr == null && System.getenv("CI") != null) fail("no xcompmgr in CI: install xcompmgr");
            if (xcompmgr != null) {
                ProcessBuilder cm = new ProcessBuilder(xcompmgr.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                cm.environment().put("DISPLAY", display);
                compositor = cm.start();
                Thread.sleep(300);
                assertTrue(compositor.isAlive(), "xcompmgr did not start on " + display);
            }
            String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
            List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                    "-Dorg.lwjgl.system.memoryBackend=ffm", "-Djoml.nounsafe=true",
                    "-cp", System.getProperty("java.class.path"), PresenterSmoke.class.getName()));
            if (compositor != null) command.add("transparent");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("DISPLAY", display);
            Process child = builder.start();
            child.getOutputStream().close();
            byte[] out = child.getInputStream().readAllBytes();
            if (!child.waitFor(120, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                fail("presenter smoke did not finish");
            }
            String output = new String(out, StandardCharsets.UTF_8);
            System.out.println(output);
            assertEquals(0, child.exitValue(), output);
            assertTrue(output.contains("OK "), output);
        } finally {
            if (compositor != null) compositor.destroy();
            if (xvfb != null) {
                xvfb.destroy();
                if (!xvfb.waitFor(5, TimeUnit.SECONDS)) xvfb.destroyForcibly();
            }
        }
    }

    private static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }

    /** A display number with neither a lock file nor a socket, from :90 up. */
    private static int freeDisplayNumber() throws IOException {
        for (int n = 90; n < 190; n++) {
            if (!Files.exists(Path.of("/tmp/.X" + n + "-lock")) && !Files.exists(Path.of("/tmp/.X11-unix/X" + n))) return n;
        }
        throw new IOException("no free X display number between :90 and :189");
    }
}
