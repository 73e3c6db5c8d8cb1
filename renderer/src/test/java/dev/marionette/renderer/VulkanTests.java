package dev.marionette.renderer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.marionette.renderer.vk.Vulkan;
import dev.marionette.renderer.vk.VulkanContext;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Shared by the Vulkan tests: skip without a driver (never in CI), validation on, output folder. */
public final class VulkanTests {
    private VulkanTests() {}

    public static void requireVulkan() {
        boolean ci = System.getenv("CI") != null;
        if (!Vulkan.isAvailable()) {
            if (ci) fail("no Vulkan driver in CI: install mesa-vulkan-drivers (" + Vulkan.probe().message() + ")");
            assumeTrue(false, "no Vulkan driver on this machine: " + Vulkan.probe().message());
        }
    }

    /** A headless context with the validation layer whenever it is installed. */
    public static VulkanContext validatedContext() {
        requireVulkan();
        return VulkanContext.create(VulkanContext.Options.headless().withValidation(VulkanContext.Validation.IF_INSTALLED));
    }

    /** Fails the test on any validation message so far, and clears them. */
    public static void assertNoValidationMessages(VulkanContext context) {
        List<String> messages = context.validationMessages();
        context.clearValidationMessages();
        assertEquals(List.of(), messages, "Vulkan validation messages");
    }

    /** Where tests leave pictures for people to look at: target/render-tests/. */
    public static Path outputFile(String name) {
        return Path.of("target", "render-tests", name);
    }

    public static void writePng(BufferedImage image, String name) {
        try {
            Path file = outputFile(name);
            java.nio.file.Files.createDirectories(file.getParent());
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
