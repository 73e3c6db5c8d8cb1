package dev.marionette.renderer.vk;

/** A Vulkan call failed; the message names what was attempted and the VkResult. */
public class VulkanException extends RuntimeException {
    private final int result;

    public VulkanException(String attempt, int result) {
        super(attempt + " failed: " + VkCheck.resultName(result));
        this.result = result;
    }

    public VulkanException(String message) {
        super(message);
        this.result = 0;
    }

    /** The VkResult, or 0 when the failure was not a Vulkan return code. */
    public int result() { return result; }
}
