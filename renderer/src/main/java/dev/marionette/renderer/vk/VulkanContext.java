package dev.marionette.renderer.vk;

import static dev.marionette.renderer.vk.VkCheck.check;
import static org.lwjgl.glfw.GLFW.glfwInit;
import static org.lwjgl.glfw.GLFW.glfwSetErrorCallback;
import static org.lwjgl.glfw.GLFW.glfwTerminate;
import static org.lwjgl.glfw.GLFWVulkan.glfwGetPhysicalDevicePresentationSupport;
import static org.lwjgl.glfw.GLFWVulkan.glfwGetRequiredInstanceExtensions;
import static org.lwjgl.glfw.GLFWVulkan.glfwInitVulkanLoader;
import static org.lwjgl.glfw.GLFWVulkan.glfwVulkanSupported;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.system.MemoryUtil.memUTF8;
import static org.lwjgl.vulkan.EXTDebugUtils.*;
import static org.lwjgl.vulkan.EXTValidationFeatures.VK_EXT_VALIDATION_FEATURES_EXTENSION_NAME;
import static org.lwjgl.vulkan.EXTValidationFeatures.VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT;
import static org.lwjgl.vulkan.KHRSwapchain.VK_KHR_SWAPCHAIN_EXTENSION_NAME;
import static org.lwjgl.vulkan.VK10.*;

import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.glfw.GLFWErrorCallback;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VK;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkCommandBufferAllocateInfo;
import org.lwjgl.vulkan.VkCommandBufferBeginInfo;
import org.lwjgl.vulkan.VkCommandPoolCreateInfo;
import org.lwjgl.vulkan.VkDebugUtilsMessengerCallbackDataEXT;
import org.lwjgl.vulkan.VkDebugUtilsMessengerCallbackEXT;
import org.lwjgl.vulkan.VkDebugUtilsMessengerCreateInfoEXT;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkDeviceCreateInfo;
import org.lwjgl.vulkan.VkPhysicalDeviceFeatures;
import org.lwjgl.vulkan.VkDeviceQueueCreateInfo;
import org.lwjgl.vulkan.VkExtensionProperties;
import org.lwjgl.vulkan.VkFenceCreateInfo;
import org.lwjgl.vulkan.VkFormatProperties;
import org.lwjgl.vulkan.VkInstance;
import org.lwjgl.vulkan.VkInstanceCreateInfo;
import org.lwjgl.vulkan.VkPhysicalDevice;
import org.lwjgl.vulkan.VkPhysicalDeviceLimits;
import org.lwjgl.vulkan.VkPhysicalDeviceMemoryProperties;
import org.lwjgl.vulkan.VkPhysicalDeviceProperties;
import org.lwjgl.vulkan.VkQueue;
import org.lwjgl.vulkan.VkQueueFamilyProperties;
import org.lwjgl.vulkan.VkSubmitInfo;
import org.lwjgl.vulkan.VkValidationFeaturesEXT;

/**
 * The Vulkan instance, the chosen physical device, a logical device with one queue that does
 * graphics and compute (and presents, when asked), and a command pool on it. Everything else
 * (passes, targets, the presenter) is created from a context and must be closed before it.
 *
 * <p>Device choice: a discrete GPU first, then an integrated one, then anything else that can
 * render (a virtual GPU, a CPU driver such as lavapipe). {@code -Dmarionette.vulkan.device=NAME}
 * (or {@link Options#preferredDevice}) picks the first device whose name contains NAME.
 *
 * <p>With validation on, every validation warning or error is collected ({@link
 * #validationMessages()}) so tests can fail on any.
 *
 * <p>Not thread-safe: one thread records and submits (the queue is externally synchronized).
 */
public final class VulkanContext implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(VulkanContext.class.getName());
    private static final String VALIDATION_LAYER = "VK_LAYER_KHRONOS_validation";
    private static final String PORTABILITY_SUBSET = "VK_KHR_portability_subset";

    public enum Validation {
        /** No layer. */
        OFF,
        /** The Khronos validation layer when it is installed, else a warning and none. */
        IF_INSTALLED,
        /** Fail when the layer is not installed. */
        REQUIRED
    }

    /**
     * @param applicationName reported to the driver
     * @param validation      whether to load the validation layer
     * @param presentation    initialise GLFW and pick a device and queue that can present to a window
     * @param preferredDevice substring of the device name to prefer, or null
     */
    public record Options(String applicationName, Validation validation, boolean presentation, String preferredDevice) {
        /** Headless, no validation, device preference from {@code -Dmarionette.vulkan.device}. */
        public static Options headless() {
            return new Options("marionette", Validation.OFF, false, System.getProperty("marionette.vulkan.device"));
        }

        public Options withValidation(Validation v) { return new Options(applicationName, v, presentation, preferredDevice); }

        public Options withPresentation(boolean p) { return new Options(applicationName, validation, p, preferredDevice); }

        public Options withPreferredDevice(String name) { return new Options(applicationName, validation, presentation, name); }
    }

    /**
     * What was picked.
     *
     * @param timestampPeriodNs   nanoseconds per timestamp tick
     * @param timestampValidBits  0 when the queue cannot write timestamps
     * @param maxColorSamples     highest MSAA sample count usable for colour and depth together
     */
    public record DeviceInfo(String name, String type, String apiVersion, String driverVersion,
                             int timestampValidBits, double timestampPeriodNs, int maxColorSamples,
                             long maxStorageBufferBytes, int maxComputeSharedMemoryBytes) {
        public boolean timestamps() { return timestampValidBits > 0 && timestampPeriodNs > 0; }
    }

    private static final String XLIB_SURFACE = "VK_KHR_xlib_surface";

    private final Options options;
    private final Set<String> instanceExtensions;
    private final boolean glfwInitialised;
    private final GLFWErrorCallback glfwErrors;
    private final VkInstance instance;
    private final boolean validationEnabled;
    private final VkDebugUtilsMessengerCallbackEXT debugCallback;
    private final long debugMessenger;
    private final VkPhysicalDevice physicalDevice;
    private final DeviceInfo info;
    private final String selectionReport;
    private final VkPhysicalDeviceMemoryProperties memoryProperties;
    private final VkPhysicalDeviceLimits limits;
    private final VkPhysicalDeviceProperties properties;
    private final int queueFamily;
    private final VkDevice device;
    private final VkQueue queue;
    private final long commandPool;
    private final long setupFence;
    private final List<String> validationMessages = Collections.synchronizedList(new ArrayList<>());
    /** The most anisotropy samplers ask for (texture detail at a slant for a few more taps). */
    static final float MAX_ANISOTROPY = 8f;
    /** What samplers may use here: 1 without the feature. */
    private float maxAnisotropy = 1f;
    private boolean closed;

    private record Candidate(VkPhysicalDevice device, String name, int type, int queueFamily, String rejection) {}

    /**
     * @throws VulkanUnavailableException when there is no loader, driver or usable device (message for the user)
     * @throws VulkanException            when a Vulkan call fails, naming it
     */
    public static VulkanContext create(Options options) {
        return new VulkanContext(options);
    }

    private VulkanContext(Options options) {
        this.options = options;
        Vulkan.loadLoader();
        boolean glfwUp = false;
        GLFWErrorCallback errors = null;
        VkInstance createdInstance = null;
        List<String> enabledExtensions = List.of();
        VkDebugUtilsMessengerCallbackEXT callback = null;
        long messenger = NULL;
        VkDevice createdDevice = null;
        long pool = NULL;
        try (MemoryStack stack = stackPush()) {
            List<String> extensions = new ArrayList<>();
            if (options.presentation()) {
                List<String> lastGlfwError = new ArrayList<>(1);
                errors = GLFWErrorCallback.create((code, description) -> {
                    lastGlfwError.clear();
                    lastGlfwError.add(memUTF8(description));
                });
                glfwSetErrorCallback(errors);
                // GLFW must use the loader LWJGL opened, or two loaders would disagree on handles.
                glfwInitVulkanLoader(VK.getFunctionProvider().getFunctionAddress("vkGetInstanceProcAddr"));
                if (!glfwInit()) {
                    throw new VulkanException("cannot open windows: GLFW did not initialise ("
                            + (lastGlfwError.isEmpty() ? "no reason given" : lastGlfwError.get(0))
                            + "); is a display server running (DISPLAY, or xvfb-run)?");
                }
                glfwUp = true;
                if (!glfwVulkanSupported()) throw new VulkanUnavailableException(Vulkan.NO_DRIVER + " (GLFW sees no Vulkan)");
                PointerBuffer required = glfwGetRequiredInstanceExtensions();
                // Null when no driver offers the window system's surface extensions (a loader without drivers).
                if (required == null) throw new VulkanUnavailableException(Vulkan.NO_DRIVER + " (none offers Vulkan windows here)");
                for (int i = 0; i < required.limit(); i++) extensions.add(required.getStringUTF8(i));
                // On X11 the presenter may open its own ARGB window for a transparent background
                // (GLFW's Vulkan windows are opaque there): that needs Xlib surfaces too.
                if (org.lwjgl.glfw.GLFW.glfwGetPlatform() == org.lwjgl.glfw.GLFW.GLFW_PLATFORM_X11
                        && !extensions.contains(XLIB_SURFACE)
                        && Instances.availableExtensions(stack).contains(XLIB_SURFACE)) {
                    extensions.add(XLIB_SURFACE);
                }
            }

            Set<String> layers = Instances.availableLayers(stack);
            boolean validate = switch (options.validation()) {
                case OFF -> false;
                case IF_INSTALLED -> {
                    if (!layers.contains(VALIDATION_LAYER)) {
                        LOG.log(System.Logger.Level.WARNING, VALIDATION_LAYER + " is not installed: running without validation");
                    }
                    yield layers.contains(VALIDATION_LAYER);
                }
                case REQUIRED -> {
                    if (!layers.contains(VALIDATION_LAYER)) {
                        throw new VulkanException(VALIDATION_LAYER + " is not installed (Debian: vulkan-validationlayers)");
                    }
                    yield true;
                }
            };
            long messengerInfo = NULL;
            if (validate) {
                extensions.add(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
                callback = VkDebugUtilsMessengerCallbackEXT.create(this::onDebugMessage);
                messengerInfo = messengerCreateInfo(stack, callback).address();
                // Synchronization validation too: missing barriers are the bugs a CPU driver hides.
                if (Instances.availableExtensions(stack, VALIDATION_LAYER).contains(VK_EXT_VALIDATION_FEATURES_EXTENSION_NAME)) {
                    extensions.add(VK_EXT_VALIDATION_FEATURES_EXTENSION_NAME);
                    VkValidationFeaturesEXT features = VkValidationFeaturesEXT.calloc(stack)
                            .sType$Default()
                            .pNext(messengerInfo)
                            .pEnabledValidationFeatures(stack.ints(VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT));
                    messengerInfo = features.address();
                }
            }
            VkInstanceCreateInfo createInfo = Instances.createInfo(stack, options.applicationName(),
                    validate ? List.of(VALIDATION_LAYER) : List.of(), extensions, messengerInfo);
            PointerBuffer pInstance = stack.mallocPointer(1);
            int result = vkCreateInstance(createInfo, null, pInstance);
            if (result == VK_ERROR_INCOMPATIBLE_DRIVER) throw new VulkanUnavailableException(Vulkan.NO_DRIVER);
            check(result, "create Vulkan instance (extensions " + extensions + ")");
            createdInstance = new VkInstance(pInstance.get(0), createInfo);
            enabledExtensions = extensions;
            if (validate) {
                LongBuffer pMessenger = stack.mallocLong(1);
                check(vkCreateDebugUtilsMessengerEXT(createdInstance, messengerCreateInfo(stack, callback), null, pMessenger),
                        "create debug messenger");
                messenger = pMessenger.get(0);
            }

            List<Candidate> candidates = candidates(stack, createdInstance, options.presentation());
            Candidate chosen = choose(candidates, options.preferredDevice());
            StringBuilder report = new StringBuilder("Vulkan device: ").append(chosen.name())
                    .append(" (").append(typeName(chosen.type())).append(")");
            report.append(", picked ").append(whyPicked(chosen, candidates, options.preferredDevice()));
            for (Candidate c : candidates) {
                if (c != chosen) {
                    report.append("; also ").append(c.name()).append(" (").append(typeName(c.type())).append(")");
                    if (c.rejection() != null) report.append(": ").append(c.rejection());
                }
            }
            selectionReport = report.toString();
            LOG.log(System.Logger.Level.INFO, selectionReport);

            physicalDevice = chosen.device();
            queueFamily = chosen.queueFamily();
            properties = VkPhysicalDeviceProperties.calloc();
            vkGetPhysicalDeviceProperties(physicalDevice, properties);
            limits = properties.limits();
            memoryProperties = VkPhysicalDeviceMemoryProperties.calloc();
            vkGetPhysicalDeviceMemoryProperties(physicalDevice, memoryProperties);

            IntBuffer familyCount = stack.mallocInt(1);
            vkGetPhysicalDeviceQueueFamilyProperties(physicalDevice, familyCount, null);
            VkQueueFamilyProperties.Buffer families = VkQueueFamilyProperties.malloc(familyCount.get(0), stack);
            vkGetPhysicalDeviceQueueFamilyProperties(physicalDevice, familyCount, families);
            int timestampBits = families.get(queueFamily).timestampValidBits();
            int samples = highestBit(limits.framebufferColorSampleCounts() & limits.framebufferDepthSampleCounts());
            info = new DeviceInfo(chosen.name(), typeName(chosen.type()), version(properties.apiVersion()),
                    Integer.toUnsignedString(properties.driverVersion()), timestampBits, limits.timestampPeriod(),
                    samples, Integer.toUnsignedLong(limits.maxStorageBufferRange()), limits.maxComputeSharedMemorySize());

            Set<String> deviceExtensions = deviceExtensions(stack, physicalDevice);
            List<String> enable = new ArrayList<>();
            if (options.presentation()) enable.add(VK_KHR_SWAPCHAIN_EXTENSION_NAME);
            if (deviceExtensions.contains(PORTABILITY_SUBSET)) enable.add(PORTABILITY_SUBSET);
            VkDeviceQueueCreateInfo.Buffer queueInfo = VkDeviceQueueCreateInfo.calloc(1, stack)
                    .sType$Default()
                    .queueFamilyIndex(queueFamily)
                    .pQueuePriorities(stack.floats(1f));
            // Anisotropic filtering where the device has it (SampledTexture asks for it where the
            // gradients are the hardware's).
            VkPhysicalDeviceFeatures available = VkPhysicalDeviceFeatures.calloc(stack);
            vkGetPhysicalDeviceFeatures(physicalDevice, available);
            VkPhysicalDeviceFeatures wanted = VkPhysicalDeviceFeatures.calloc(stack);
            if (available.samplerAnisotropy() && !"CPU".equals(info.type())) wanted.samplerAnisotropy(true);
            // Not on a CPU driver: lavapipe's anisotropic sampling took the mesh path from 181 to
            // 68 frames/s at 256² (36 at 512²), whatever the level (2, 4 or 8).
            boolean cheap = available.samplerAnisotropy() && !"CPU".equals(info.type());
            maxAnisotropy = cheap ? Math.min(MAX_ANISOTROPY, limits.maxSamplerAnisotropy()) : 1f;
            VkDeviceCreateInfo deviceInfo = VkDeviceCreateInfo.calloc(stack)
                    .sType$Default()
                    .pEnabledFeatures(wanted)
                    .pQueueCreateInfos(queueInfo)
                    .ppEnabledExtensionNames(enable.isEmpty() ? null : Instances.strings(stack, enable));
            PointerBuffer pDevice = stack.mallocPointer(1);
            check(vkCreateDevice(physicalDevice, deviceInfo, null, pDevice), "create logical device on " + chosen.name());
            createdDevice = new VkDevice(pDevice.get(0), physicalDevice, deviceInfo, Vulkan.REQUIRED_API);
            PointerBuffer pQueue = stack.mallocPointer(1);
            vkGetDeviceQueue(createdDevice, queueFamily, 0, pQueue);
            queue = new VkQueue(pQueue.get(0), createdDevice);

            LongBuffer handle = stack.mallocLong(1);
            check(vkCreateCommandPool(createdDevice, VkCommandPoolCreateInfo.calloc(stack)
                    .sType$Default()
                    .flags(VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT)
                    .queueFamilyIndex(queueFamily), null, handle), "create command pool");
            pool = handle.get(0);
            check(vkCreateFence(createdDevice, VkFenceCreateInfo.calloc(stack).sType$Default(), null, handle), "create setup fence");
            setupFence = handle.get(0);
        } catch (RuntimeException e) {
            if (pool != NULL) vkDestroyCommandPool(createdDevice, pool, null);
            if (createdDevice != null) vkDestroyDevice(createdDevice, null);
            if (messenger != NULL) vkDestroyDebugUtilsMessengerEXT(createdInstance, messenger, null);
            if (createdInstance != null) vkDestroyInstance(createdInstance, null);
            if (callback != null) callback.free();
            if (glfwUp) glfwTerminate();
            if (errors != null) {
                glfwSetErrorCallback(null);
                errors.free();
            }
            throw e;
        }
        this.instanceExtensions = Set.copyOf(enabledExtensions);
        this.glfwInitialised = glfwUp;
        this.glfwErrors = errors;
        this.instance = createdInstance;
        this.validationEnabled = callback != null;
        this.debugCallback = callback;
        this.debugMessenger = messenger;
        this.device = createdDevice;
        this.commandPool = pool;
    }

    private static VkDebugUtilsMessengerCreateInfoEXT messengerCreateInfo(MemoryStack stack, VkDebugUtilsMessengerCallbackEXT callback) {
        return VkDebugUtilsMessengerCreateInfoEXT.calloc(stack)
                .sType$Default()
                .messageSeverity(VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT)
                .messageType(VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT
                        | VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT)
                .pfnUserCallback(callback);
    }

    private int onDebugMessage(int severity, int types, long pCallbackData, long pUserData) {
        String message = VkDebugUtilsMessengerCallbackDataEXT.create(pCallbackData).pMessageString();
        String level = (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) != 0 ? "error" : "warning";
        validationMessages.add(level + ": " + message);
        LOG.log((severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) != 0
                ? System.Logger.Level.ERROR : System.Logger.Level.WARNING, "Vulkan validation: " + message);
        return VK_FALSE;
    }

    private static List<Candidate> candidates(MemoryStack stack, VkInstance instance, boolean presentation) {
        IntBuffer count = stack.mallocInt(1);
        check(vkEnumeratePhysicalDevices(instance, count, null), "count physical devices");
        if (count.get(0) == 0) throw new VulkanUnavailableException(Vulkan.NO_DRIVER);
        PointerBuffer handles = stack.mallocPointer(count.get(0));
        check(vkEnumeratePhysicalDevices(instance, count, handles), "list physical devices");
        List<Candidate> out = new ArrayList<>();
        VkPhysicalDeviceProperties properties = VkPhysicalDeviceProperties.malloc(stack);
        for (int i = 0; i < count.get(0); i++) {
            VkPhysicalDevice device = new VkPhysicalDevice(handles.get(i), instance);
            vkGetPhysicalDeviceProperties(device, properties);
            String name = properties.deviceNameString();
            int type = properties.deviceType();
            if (Integer.compareUnsigned(properties.apiVersion(), Vulkan.REQUIRED_API) < 0) {
                out.add(new Candidate(device, name, type, -1, "Vulkan " + version(properties.apiVersion()) + " < 1.2"));
                continue;
            }
            if (presentation && !deviceExtensions(stack, device).contains(VK_KHR_SWAPCHAIN_EXTENSION_NAME)) {
                out.add(new Candidate(device, name, type, -1, "no swapchain extension"));
                continue;
            }
            IntBuffer familyCount = stack.mallocInt(1);
            vkGetPhysicalDeviceQueueFamilyProperties(device, familyCount, null);
            VkQueueFamilyProperties.Buffer families = VkQueueFamilyProperties.malloc(familyCount.get(0), stack);
            vkGetPhysicalDeviceQueueFamilyProperties(device, familyCount, families);
            int family = -1;
            int wanted = VK_QUEUE_GRAPHICS_BIT | VK_QUEUE_COMPUTE_BIT;
            for (int f = 0; f < familyCount.get(0) && family < 0; f++) {
                if ((families.get(f).queueFlags() & wanted) != wanted) continue;
                if (presentation && !glfwGetPhysicalDevicePresentationSupport(instance, device, f)) continue;
                family = f;
            }
            out.add(new Candidate(device, name, type, family, family < 0
                    ? (presentation ? "no queue that does graphics, compute and presentation" : "no graphics+compute queue")
                    : null));
        }
        return out;
    }

    private static Candidate choose(List<Candidate> candidates, String preferred) {
        List<Candidate> usable = candidates.stream().filter(c -> c.rejection() == null).toList();
        if (usable.isEmpty()) {
            StringBuilder why = new StringBuilder("no usable Vulkan device:");
            for (Candidate c : candidates) why.append(' ').append(c.name()).append(" (").append(c.rejection()).append(')');
            throw new VulkanUnavailableException(why + "; " + Vulkan.NO_DRIVER);
        }
        if (preferred != null && !preferred.isBlank()) {
            String needle = preferred.toLowerCase(Locale.ROOT);
            for (Candidate c : usable) if (c.name().toLowerCase(Locale.ROOT).contains(needle)) return c;
            LOG.log(System.Logger.Level.WARNING, "no usable Vulkan device named like '" + preferred + "'; choosing by type");
        }
        Candidate best = usable.get(0);
        for (Candidate c : usable) if (rank(c.type()) < rank(best.type())) best = c;
        return best;
    }

    private static String whyPicked(Candidate chosen, List<Candidate> candidates, String preferred) {
        if (preferred != null && !preferred.isBlank()
                && chosen.name().toLowerCase(Locale.ROOT).contains(preferred.toLowerCase(Locale.ROOT))) {
            return "as requested ('" + preferred + "')";
        }
        return switch (chosen.type()) {
            case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU -> "as the first discrete GPU";
            case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU -> "as the first integrated GPU (no usable discrete GPU)";
            default -> "because no usable discrete or integrated GPU was found";
        };
    }

    /** Lower is better: discrete, integrated, virtual, CPU, other. */
    private static int rank(int type) {
        return switch (type) {
            case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU -> 0;
            case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU -> 1;
            case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU -> 2;
            case VK_PHYSICAL_DEVICE_TYPE_CPU -> 3;
            default -> 4;
        };
    }

    private static String typeName(int type) {
        return switch (type) {
            case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU -> "discrete GPU";
            case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU -> "integrated GPU";
            case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU -> "virtual GPU";
            case VK_PHYSICAL_DEVICE_TYPE_CPU -> "CPU";
            default -> "other";
        };
    }

    private static Set<String> deviceExtensions(MemoryStack stack, VkPhysicalDevice device) {
        try (MemoryStack frame = stack.push()) {
            IntBuffer count = frame.mallocInt(1);
            check(vkEnumerateDeviceExtensionProperties(device, (String) null, count, null), "count device extensions");
            Set<String> names = new LinkedHashSet<>();
            if (count.get(0) == 0) return names;
            VkExtensionProperties.Buffer extensions = VkExtensionProperties.malloc(count.get(0), frame);
            check(vkEnumerateDeviceExtensionProperties(device, (String) null, count, extensions), "list device extensions");
            for (VkExtensionProperties e : extensions) names.add(e.extensionNameString());
            return names;
        }
    }

    private static String version(int v) {
        return VK_API_VERSION_MAJOR(v) + "." + VK_API_VERSION_MINOR(v) + "." + VK_API_VERSION_PATCH(v);
    }

    private static int highestBit(int mask) {
        return mask == 0 ? 1 : Integer.highestOneBit(mask);
    }

    // ---- accessors -------------------------------------------------------------------------

    public VkInstance instance() { return instance; }

    /** Whether the instance was created with the named extension. */
    public boolean instanceExtensionEnabled(String name) { return instanceExtensions.contains(name); }

    public VkPhysicalDevice physicalDevice() { return physicalDevice; }

    public VkDevice device() { return device; }

    public VkQueue queue() { return queue; }

    public int queueFamily() { return queueFamily; }

    public long commandPool() { return commandPool; }

    public DeviceInfo info() { return info; }

    /** Anisotropy a sampler may ask for on this device: 1 when it has no anisotropic filtering. */
    public float maxAnisotropy() { return maxAnisotropy; }

    /** Device limits (owned by the context, valid until close). */
    public VkPhysicalDeviceLimits limits() { return limits; }

    /** One line naming the chosen device, why, and the others. */
    public String selectionReport() { return selectionReport; }

    public boolean validationEnabled() { return validationEnabled; }

    public Options options() { return options; }

    /** Validation warnings and errors so far (a copy); always empty when validation is off. */
    public List<String> validationMessages() {
        synchronized (validationMessages) {
            return List.copyOf(validationMessages);
        }
    }

    public void clearValidationMessages() { validationMessages.clear(); }

    // ---- helpers for the resources built on the context -------------------------------------

    /**
     * A memory type allowed by {@code typeBits} with every {@code required} flag, preferring one
     * that also has the {@code preferred} flags.
     *
     * @throws VulkanException when none qualifies
     */
    public int memoryType(int typeBits, int required, int preferred) {
        int fallback = -1;
        for (int i = 0; i < memoryProperties.memoryTypeCount(); i++) {
            if ((typeBits & (1 << i)) == 0) continue;
            int flags = memoryProperties.memoryTypes(i).propertyFlags();
            if ((flags & required) != required) continue;
            if ((flags & preferred) == preferred) return i;
            if (fallback < 0) fallback = i;
        }
        if (fallback < 0) {
            throw new VulkanException("no memory type with flags 0x" + Integer.toHexString(required)
                    + " among types 0x" + Integer.toHexString(typeBits) + " on " + info.name());
        }
        return fallback;
    }

    public int memoryTypeFlags(int type) {
        return memoryProperties.memoryTypes(type).propertyFlags();
    }

    /** Whether a format with optimal tiling has all the given features. */
    public boolean supportsOptimal(int format, int features) {
        try (MemoryStack stack = stackPush()) {
            VkFormatProperties props = VkFormatProperties.malloc(stack);
            vkGetPhysicalDeviceFormatProperties(physicalDevice, format, props);
            return (props.optimalTilingFeatures() & features) == features;
        }
    }

    /**
     * Records commands with {@code recorder}, submits them and waits: for set-up work (uploads,
     * first layout transitions), never per frame.
     */
    public void submitAndWait(String what, Consumer<VkCommandBuffer> recorder) {
        try (MemoryStack stack = stackPush()) {
            PointerBuffer pCommands = stack.mallocPointer(1);
            check(vkAllocateCommandBuffers(device, VkCommandBufferAllocateInfo.calloc(stack)
                    .sType$Default()
                    .commandPool(commandPool)
                    .level(VK_COMMAND_BUFFER_LEVEL_PRIMARY)
                    .commandBufferCount(1), pCommands), "allocate command buffer for " + what);
            VkCommandBuffer commands = new VkCommandBuffer(pCommands.get(0), device);
            try {
                check(vkBeginCommandBuffer(commands, VkCommandBufferBeginInfo.calloc(stack)
                        .sType$Default()
                        .flags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT)), "begin commands for " + what);
                recorder.accept(commands);
                check(vkEndCommandBuffer(commands), "end commands for " + what);
                check(vkResetFences(device, setupFence), "reset fence for " + what);
                check(vkQueueSubmit(queue, VkSubmitInfo.calloc(stack).sType$Default().pCommandBuffers(pCommands),
                        setupFence), "submit " + what);
                check(vkWaitForFences(device, setupFence, true, -1L), "wait for " + what);
            } finally {
                vkFreeCommandBuffers(device, commandPool, pCommands);
            }
        }
    }

    /** Waits until the device is idle. */
    public void waitIdle() {
        check(vkDeviceWaitIdle(device), "wait for the device to be idle");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        vkDeviceWaitIdle(device);  // nothing in flight; a lost device must not stop the release
        vkDestroyFence(device, setupFence, null);
        vkDestroyCommandPool(device, commandPool, null);
        vkDestroyDevice(device, null);
        memoryProperties.free();
        properties.free();
        if (debugMessenger != NULL) vkDestroyDebugUtilsMessengerEXT(instance, debugMessenger, null);
        vkDestroyInstance(instance, null);
        if (debugCallback != null) debugCallback.free();
        if (glfwInitialised) glfwTerminate();
        if (glfwErrors != null) {
            glfwSetErrorCallback(null);
            glfwErrors.free();
        }
    }
}
