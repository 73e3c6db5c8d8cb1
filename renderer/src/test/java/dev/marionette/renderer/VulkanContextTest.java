package dev.marionette.renderer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;

import dev.marionette.renderer.vk.Vulkan;
import dev.marionette.renderer.vk.VulkanContext;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferCreateInfo;

class VulkanContextTest {

    @Test
    void picksADeviceAndSaysWhich() {
        try (VulkanContext context = VulkanTests.validatedContext()) {
            VulkanContext.DeviceInfo info = context.info();
            assertFalse(info.name().isBlank());
            assertTrue(Vulkan.probe().devices().contains(info.name()), info.name() + " not among " + Vulkan.probe().devices());
            assertTrue(context.selectionReport().startsWith("Vulkan device: " + info.name()), context.selectionReport());
            assertTrue(context.selectionReport().contains("picked"), context.selectionReport());
            assertTrue(info.maxColorSamples() >= 1);
            assertTrue(context.queueFamily() >= 0);
            System.out.println(context.selectionReport() + " | timestamps " + info.timestamps()
                    + " (" + info.timestampPeriodNs() + " ns/tick), validation " + context.validationEnabled());
            VulkanTests.assertNoValidationMessages(context);
        }
    }

    @Test
    void preferredDeviceByName() {
        VulkanTests.requireVulkan();
        String name = Vulkan.probe().devices().get(Vulkan.probe().devices().size() - 1);
        try (VulkanContext context = VulkanContext.create(VulkanContext.Options.headless().withPreferredDevice(name))) {
            assertEquals(name, context.info().name());
            assertTrue(context.selectionReport().contains("as requested"), context.selectionReport());
        }
    }

    @Test
    void validationMessagesAreCollected() {
        try (VulkanContext context = VulkanTests.validatedContext()) {
            if (!context.validationEnabled()) {
                if (System.getenv("CI") != null) throw new AssertionError("CI installs vulkan-validationlayers; the layer did not load");
                org.junit.jupiter.api.Assumptions.assumeTrue(false, "validation layer not installed");
            }
            try (MemoryStack stack = stackPush()) {
                LongBuffer handle = stack.mallocLong(1);
                // usage 0 breaks a "must not be 0" rule: harmless to the driver, caught by the layer
                int result = vkCreateBuffer(context.device(), VkBufferCreateInfo.calloc(stack)
                        .sType$Default().size(64).usage(0).sharingMode(VK_SHARING_MODE_EXCLUSIVE), null, handle);
                if (result == VK_SUCCESS) vkDestroyBuffer(context.device(), handle.get(0), null);
            }
            List<String> messages = context.validationMessages();
            assertFalse(messages.isEmpty(), "the validation layer should have reported the zero usage");
            assertTrue(messages.stream().anyMatch(m -> m.contains("usage")), messages.toString());
            context.clearValidationMessages();
        }
    }

    @Test
    void noDriverGivesTheInstallMessage() throws Exception {
        VulkanTests.requireVulkan();  // the loader must exist to be pointed at nothing
        Map<String, String> noDrivers = Map.of("VK_DRIVER_FILES", "/nonexistent/marionette-no-icd.json",
                "VK_ICD_FILENAMES", "/nonexistent/marionette-no-icd.json");
        Forked probe = forkVulkanMain(noDrivers, List.of(), List.of());
        assertEquals(3, probe.exit(), probe.output());
        assertTrue(probe.output().contains("available: false"), probe.output());
        assertTrue(probe.output().contains(Vulkan.NO_DRIVER), probe.output());

        Forked context = forkVulkanMain(noDrivers, List.of(), List.of("context"));
        assertEquals(3, context.exit(), context.output());
        assertTrue(context.output().contains(Vulkan.NO_DRIVER), context.output());
    }

    @Test
    void noLoaderGivesTheInstallMessage() throws Exception {
        Forked probe = forkVulkanMain(Map.of(), List.of("-Dorg.lwjgl.vulkan.libname=/nonexistent/libvulkan-marionette.so.1"), List.of());
        assertEquals(3, probe.exit(), probe.output());
        assertTrue(probe.output().contains(Vulkan.NO_LOADER), probe.output());
    }

    @Test
    void workingDriverReportsTheDevice() throws Exception {
        VulkanTests.requireVulkan();
        Forked probe = forkVulkanMain(Map.of(), List.of(), List.of());
        assertEquals(0, probe.exit(), probe.output());
        assertTrue(probe.output().contains("available: true"), probe.output());
        assertTrue(probe.output().contains("Vulkan device: "), probe.output());
    }

    record Forked(int exit, String output) {}

    /** Runs {@link Vulkan#main} in a fresh JVM (the loader reads its environment once per process). */
    static Forked forkVulkanMain(Map<String, String> env, List<String> jvmArgs, List<String> args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-Dorg.lwjgl.system.memoryBackend=ffm", "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmArgs);
        command.add(Vulkan.class.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("forked JVM did not finish: " + command);
        }
        return new Forked(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
