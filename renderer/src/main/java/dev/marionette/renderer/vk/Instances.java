package dev.marionette.renderer.vk;

import static org.lwjgl.vulkan.KHRPortabilityEnumeration.VK_INSTANCE_CREATE_ENUMERATE_PORTABILITY_BIT_KHR;
import static org.lwjgl.vulkan.KHRPortabilityEnumeration.VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME;
import static org.lwjgl.vulkan.VK10.*;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkApplicationInfo;
import org.lwjgl.vulkan.VkExtensionProperties;
import org.lwjgl.vulkan.VkInstanceCreateInfo;
import org.lwjgl.vulkan.VkLayerProperties;

/** Instance creation details shared by the probe and the context. */
final class Instances {
    private Instances() {}

    static Set<String> availableLayers(MemoryStack stack) {
        IntBuffer count = stack.mallocInt(1);
        VkCheck.check(vkEnumerateInstanceLayerProperties(count, null), "count instance layers");
        Set<String> names = new LinkedHashSet<>();
        if (count.get(0) == 0) return names;
        VkLayerProperties.Buffer layers = VkLayerProperties.malloc(count.get(0), stack);
        VkCheck.check(vkEnumerateInstanceLayerProperties(count, layers), "list instance layers");
        for (VkLayerProperties layer : layers) names.add(layer.layerNameString());
        return names;
    }

    static Set<String> availableExtensions(MemoryStack stack) {
        return availableExtensions(stack, null);
    }

    /** Instance extensions of the loader and drivers (layer null) or of one layer. */
    static Set<String> availableExtensions(MemoryStack stack, String layer) {
        IntBuffer count = stack.mallocInt(1);
        VkCheck.check(vkEnumerateInstanceExtensionProperties(layer, count, null), "count instance extensions");
        Set<String> names = new LinkedHashSet<>();
        if (count.get(0) == 0) return names;
        VkExtensionProperties.Buffer extensions = VkExtensionProperties.malloc(count.get(0), stack);
        VkCheck.check(vkEnumerateInstanceExtensionProperties(layer, count, extensions), "list instance extensions");
        for (VkExtensionProperties e : extensions) names.add(e.extensionNameString());
        return names;
    }

    /**
     * Create info asking for Vulkan 1.2, the given layers and extensions, plus portability
     * enumeration where the loader has it (MoltenVK devices are listed only then).
     */
    static VkInstanceCreateInfo createInfo(MemoryStack stack, String applicationName, List<String> layers,
                                           List<String> extensions, long pNext) {
        List<String> allExtensions = new ArrayList<>(extensions);
        int flags = 0;
        if (availableExtensions(stack).contains(VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME)) {
            allExtensions.add(VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME);
            flags |= VK_INSTANCE_CREATE_ENUMERATE_PORTABILITY_BIT_KHR;
        }
        VkApplicationInfo app = VkApplicationInfo.calloc(stack)
                .sType$Default()
                .pApplicationName(stack.UTF8(applicationName))
                .applicationVersion(VK_MAKE_API_VERSION(0, 0, 1, 0))
                .pEngineName(stack.UTF8("marionette"))
                .engineVersion(VK_MAKE_API_VERSION(0, 0, 1, 0))
                .apiVersion(Vulkan.REQUIRED_API);
        return VkInstanceCreateInfo.calloc(stack)
                .sType$Default()
                .pNext(pNext)
                .flags(flags)
                .pApplicationInfo(app)
                .ppEnabledLayerNames(layers.isEmpty() ? null : strings(stack, layers))
                .ppEnabledExtensionNames(allExtensions.isEmpty() ? null : strings(stack, allExtensions));
    }

    static PointerBuffer strings(MemoryStack stack, List<String> values) {
        PointerBuffer buffer = stack.mallocPointer(values.size());
        for (String v : values) buffer.put(stack.UTF8(v));
        return buffer.flip();
    }
}
