package dev.marionette.renderer.present;

import static dev.marionette.renderer.vk.VkCheck.check;
import static org.lwjgl.glfw.GLFW.*;
import static org.lwjgl.glfw.GLFWVulkan.glfwCreateWindowSurface;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;

import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.renderer.vk.VulkanException;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.lwjgl.glfw.GLFWFramebufferSizeCallback;
import org.lwjgl.system.MemoryStack;

/** A resizable GLFW window without a client API (Vulkan draws into it). */
final class GlfwPresenterWindow implements PresenterWindow {
    private final long window;
    private final GLFWFramebufferSizeCallback sizeCallback;
    private volatile boolean resized;

    /**
     * @param transparent ask for a framebuffer with alpha (granted on Wayland, Windows and macOS
     *                    as the platform allows; not on X11, see {@link XlibArgbWindow})
     */
    GlfwPresenterWindow(String title, int width, int height, boolean transparent) {
        glfwDefaultWindowHints();
        glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
        glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
        glfwWindowHint(GLFW_TRANSPARENT_FRAMEBUFFER, transparent ? GLFW_TRUE : GLFW_FALSE);
        window = glfwCreateWindow(width, height, title, NULL, NULL);
        if (window == NULL) throw new VulkanException("cannot open a window (" + width + "x" + height + ")");
        sizeCallback = GLFWFramebufferSizeCallback.create((w, fbWidth, fbHeight) -> resized = true);
        glfwSetFramebufferSizeCallback(window, sizeCallback);
    }

    @Override
    public long createSurface(VulkanContext context) {
        try (MemoryStack stack = stackPush()) {
            LongBuffer handle = stack.mallocLong(1);
            check(glfwCreateWindowSurface(context.instance(), window, null, handle), "create window surface");
            return handle.get(0);
        }
    }

    @Override
    public void framebufferSize(int[] size) {
        try (MemoryStack stack = stackPush()) {
            IntBuffer w = stack.mallocInt(1), h = stack.mallocInt(1);
            glfwGetFramebufferSize(window, w, h);
            size[0] = w.get(0);
            size[1] = h.get(0);
        }
    }

    @Override
    public boolean takeResized() {
        boolean was = resized;
        resized = false;
        return was;
    }

    @Override
    public void pollEvents() {
        glfwPollEvents();
    }

    @Override
    public boolean shouldClose() {
        return glfwWindowShouldClose(window);
    }

    @Override
    public void setSize(int width, int height) {
        glfwSetWindowSize(window, width, height);
    }

    @Override
    public boolean hasAlpha() {
        return glfwGetWindowAttrib(window, GLFW_TRANSPARENT_FRAMEBUFFER) == GLFW_TRUE;
    }

    @Override
    public void close() {
        glfwSetFramebufferSizeCallback(window, null);
        sizeCallback.free();
        glfwDestroyWindow(window);
    }
}
