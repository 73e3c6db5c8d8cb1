package dev.marionette.renderer.present;

import dev.marionette.renderer.vk.VulkanContext;

/**
 * The window a {@link Presenter} shows frames in: GLFW's on every platform, or an X11 window
 * with an ARGB visual where a transparent window is asked for on X11 (GLFW gives Vulkan
 * windows the default, opaque visual there). All calls on the thread that created the context.
 */
interface PresenterWindow extends AutoCloseable {
    /** Creates a Vulkan surface for the window; the caller destroys it before closing the window. */
    long createSurface(VulkanContext context);

    /** The window's size in pixels: {@code size[0]} width, {@code size[1]} height. */
    void framebufferSize(int[] size);

    /** Whether the window's size changed since the last call (and clears that). */
    boolean takeResized();

    /** Handles pending window-system events (resize, close). */
    void pollEvents();

    /** Whether the user asked the window to close. */
    boolean shouldClose();

    /** Sets the window's size in screen coordinates. */
    void setSize(int width, int height);

    /** Whether the desktop blends the window's alpha with what is behind it. */
    boolean hasAlpha();

    @Override
    void close();
}
