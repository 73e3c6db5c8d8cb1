package dev.marionette.app.cli;

import static dev.marionette.app.cli.CommandLineTest.assertCleanError;
import static dev.marionette.app.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.tracking.capture.CaptureOptions;
import dev.marionette.tracking.capture.FrameSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvatarAndRenderCommandTest {
    @Test
    void createsAnAvatarAndRendersParamsWithGarbageLines(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(dev.marionette.renderer.vk.Vulkan.isAvailable() || System.getenv("CI") != null,
                "no Vulkan driver on this machine");
        Path avatar = tmp.resolve("me.mavatar");
        CommandLineTest.Run created = run("avatar", "create", "--photo", "sample", "--out", avatar.toString());
        assertEquals(0, created.code(), created.err());
        assertTrue(created.err().contains("100%"), "progress shown");

        Path params = tmp.resolve("p.jsonl");
        assertEquals(0, run("track", "--input", "sample", "--out", params.toString(), "--dense").code());
        String good = Files.readString(params).strip();
        Files.writeString(params, good + "\nthis line is garbage\n" + good.replace("\"frame\":0", "\"frame\":1") + "\n{\"frame\":\n");
        Path video = tmp.resolve("out.mp4");
        CommandLineTest.Run rendered = run("render", "--avatar", avatar.toString(), "--params", params.toString(),
                "--out", video.toString(), "--size", "128");
        assertEquals(0, rendered.code(), rendered.err());
        assertTrue(rendered.err().contains("p.jsonl:2: skipped"), rendered.err());
        assertTrue(rendered.err().contains("2 frames written"), rendered.err());
        try (var s = FrameSources.open(video.toString(), CaptureOptions.DEFAULT)) {
            int n = 0;
            while (s.next() != null) n++;
            assertEquals(2, n);
        }
    }

    @Test
    void badAvatarsAndPhotosGiveOneClearLine(@TempDir Path tmp) throws Exception {
        Path params = tmp.resolve("p.jsonl");
        assertEquals(0, run("track", "--input", "sample", "--out", params.toString()).code());
        assertCleanError(run("render", "--avatar", tmp.resolve("missing.mavatar").toString(), "--params", params.toString(),
                "--out", tmp.resolve("a.mp4").toString()), 1, "missing.mavatar");
        Path corrupt = tmp.resolve("corrupt.mavatar");
        Files.writeString(corrupt, "PK not really a zip");
        assertCleanError(run("render", "--avatar", corrupt.toString(), "--params", params.toString(),
                "--out", tmp.resolve("b.mp4").toString()), 1, "corrupt.mavatar");
        Path notImage = tmp.resolve("photo.jpg");
        Files.writeString(notImage, "text");
        assertCleanError(run("avatar", "create", "--photo", notImage.toString(), "--out", tmp.resolve("x.mavatar").toString()),
                1, "photo.jpg");
        Path blank = tmp.resolve("blank.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(300, 300, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", blank.toFile());
        assertCleanError(run("avatar", "create", "--photo", blank.toString(), "--out", tmp.resolve("y.mavatar").toString()),
                1, "no face found");
        assertCleanError(run("render", "--params", tmp.resolve("none.jsonl").toString(), "--out", tmp.resolve("c.mp4").toString()),
                1, "none.jsonl");
    }

    @Test
    void noVulkanDriverIsNamedWithWhatToInstall(@TempDir Path tmp) throws Exception {
        Path params = tmp.resolve("p.jsonl");
        assertEquals(0, run("track", "--input", "sample", "--out", params.toString()).code());
        // A separate JVM whose Vulkan loader finds no driver at all.
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.marionette.app.Main",
                "render", "--params", params.toString(), "--out", tmp.resolve("x.mp4").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("VK_DRIVER_FILES", tmp.resolve("no-driver.json").toString());
        pb.environment().put("VK_ICD_FILENAMES", tmp.resolve("no-driver.json").toString());
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), output);
        assertTrue(output.contains("no Vulkan driver") && output.contains("mesa-vulkan-drivers"), output);
        assertFalse(output.contains("\tat "), output);
    }
}
