package dev.marionette.renderer.vk;

/**
 * This machine cannot run Vulkan at all: no loader library, no driver, or no device that can
 * render. The message is meant for the user, e.g. "no Vulkan driver found: install
 * mesa-vulkan-drivers (lavapipe) or your GPU's driver".
 */
public final class VulkanUnavailableException extends VulkanException {
    public VulkanUnavailableException(String message) {
        super(message);
    }
}
