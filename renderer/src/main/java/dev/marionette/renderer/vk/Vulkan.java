package dev.marionette.renderer.vk;

import static dev.marionette.renderer.vk.VkCheck.resultName;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.vulkan.VK10.*;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.Configuration;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VK;
import org.lwjgl.vulkan.VkInstance;
import org.lwjgl.vulkan.VkInstanceCreateInfo;
import org.lwjgl.vulkan.VkPhysicalDevice;
import org.lwjgl.vulkan.VkPhysicalDeviceProperties;

/**
 * Whether this machine can run Vulkan, asked without ever crashing the JVM: the loader library
 * is opened through LWJGL (a missing one is a Java exception), then an instance is created and
 * its devices are counted. The answer is computed once per JVM.
 *
 * <p>The loader honours {@code VK_DRIVER_FILES} / {@code VK_ICD_FILENAMES}; LWJGL's
 * {@code -Dorg.lwjgl.vulkan.libname} names another loader library.
 */
public final class Vulkan {
    /** For users: what to install when there is no driver. */
    public static final String NO_DRIVER = "no Vulkan driver found: install mesa-vulkan-drivers (lavapipe) or your GPU's driver";
    /** For users: what to install when the loader library itself is missing. */
    public static final String NO_LOADER = "no Vulkan loader found (libvulkan): install libvulkan1 and "
            + "mesa-vulkan-drivers (lavapipe) or your GPU's driver";

    /** Lowest Vulkan version Marionette runs on (SPIR-V 1.5 needs 1.2). */
    public static final int REQUIRED_API = VK_MAKE_API_VERSION(0, 1, 2, 0);

    /**
     * @param available whether a Vulkan device can be used
     * @param message   why not (for the user), or a summary of what was found
     * @param devices   names of the physical devices
     */
    public record Probe(boolean available, String message, List<String> devices) {}

    private static Probe probe;
    private static String loaderFailure;
    private static boolean loaderLoaded;

    private Vulkan() {}

    /** The probe's answer, computed on first use. */
    public static synchronized Probe probe() {
        if (probe == null) probe = runProbe();
        return probe;
    }

    public static boolean isAvailable() {
        return probe().available();
    }

    /** @throws VulkanUnavailableException with the user-facing message when Vulkan is unusable */
    public static void require() {
        Probe p = probe();
        if (!p.available()) throw new VulkanUnavailableException(p.message());
    }

    /**
     * Opens the loader library once per JVM.
     *
     * @throws VulkanUnavailableException when it cannot be loaded
     */
    static synchronized void loadLoader() {
        if (loaderLoaded) return;
        if (loaderFailure == null) {
            // LWJGL would open the loader in VK's static initialiser, where a failure leaves the
            // class unusable; opening it explicitly keeps the error an ordinary exception.
            Configuration.VULKAN_EXPLICIT_INIT.set(true);
            try {
                if (!alreadyCreated()) VK.create();
                loaderLoaded = true;
                return;
            } catch (Throwable t) {  // UnsatisfiedLinkError or IllegalStateException from the library loader
                Throwable cause = t instanceof ExceptionInInitializerError && t.getCause() != null ? t.getCause() : t;
                loaderFailure = NO_LOADER + " [" + cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage()) + "]";
            }
        }
        throw new VulkanUnavailableException(loaderFailure);
    }

    private static boolean alreadyCreated() {
        try {
            return VK.getFunctionProvider() != null;
        } catch (IllegalStateException notCreated) {
            return false;
        }
    }

    private static Probe runProbe() {
        try {
            loadLoader();
        } catch (VulkanUnavailableException e) {
            return new Probe(false, e.getMessage(), List.of());
        }
        try (MemoryStack stack = stackPush()) {
            PointerBuffer pInstance = stack.mallocPointer(1);
            VkInstanceCreateInfo createInfo = Instances.createInfo(stack, "marionette-probe", List.of(), List.of(), NULL);
            int created = vkCreateInstance(createInfo, null, pInstance);
            if (created == VK_ERROR_INCOMPATIBLE_DRIVER) return new Probe(false, NO_DRIVER, List.of());
            if (created != VK_SUCCESS) {
                return new Probe(false, "cannot create a Vulkan instance (" + resultName(created) + "): " + NO_DRIVER, List.of());
            }
            VkInstance instance = new VkInstance(pInstance.get(0), createInfo);
            try {
                IntBuffer count = stack.mallocInt(1);
                int listed = vkEnumeratePhysicalDevices(instance, count, null);
                if (listed != VK_SUCCESS || count.get(0) == 0) return new Probe(false, NO_DRIVER, List.of());
                PointerBuffer handles = stack.mallocPointer(count.get(0));
                VkCheck.check(vkEnumeratePhysicalDevices(instance, count, handles), "list physical devices");
                List<String> names = new ArrayList<>();
                VkPhysicalDeviceProperties properties = VkPhysicalDeviceProperties.malloc(stack);
                for (int i = 0; i < count.get(0); i++) {
                    vkGetPhysicalDeviceProperties(new VkPhysicalDevice(handles.get(i), instance), properties);
                    names.add(properties.deviceNameString());
                }
                return new Probe(true, "Vulkan devices: " + String.join(", ", names), List.copyOf(names));
            } finally {
                vkDestroyInstance(instance, null);
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * Diagnostics: prints whether Vulkan is usable and, if so, which device a context picks.
     * With the argument {@code context} it skips the probe and creates a context straight away.
     * Exit status 0 when usable, 3 when not (the message says what to install).
     */
    public static void main(String[] args) {
        boolean contextOnly = args.length > 0 && args[0].equals("context");
        if (!contextOnly) {
            Probe p = probe();
            System.out.println("available: " + p.available());
            System.out.println(p.message());
            if (!p.available()) System.exit(3);
        }
        try (VulkanContext context = VulkanContext.create(VulkanContext.Options.headless())) {
            System.out.println(context.selectionReport());
        } catch (VulkanUnavailableException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
    }
}
