package dev.marionette.renderer.present;

import static dev.marionette.renderer.vk.VkCheck.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.system.MemoryUtil.memAddress;

import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.renderer.vk.VulkanException;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import org.lwjgl.system.JNI;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.SharedLibrary;
import org.lwjgl.system.linux.X11;
import org.lwjgl.system.linux.XEvent;
import org.lwjgl.system.linux.XSetWindowAttributes;
import org.lwjgl.system.linux.XVisualInfo;
import org.lwjgl.vulkan.KHRXlibSurface;
import org.lwjgl.vulkan.VkXlibSurfaceCreateInfoKHR;

/**
 * A top-level X11 window with a 32-bit ARGB visual, so that a compositing window manager
 * blends the frames' alpha with the desktop (and OBS's window capture keeps it). GLFW cannot
 * give a Vulkan window such a visual on X11 (it takes the screen's default, opaque one), so
 * the presenter opens this one itself when a transparent window is asked for there.
 *
 * <p>It has its own connection to the X server; only what a presenter needs is handled:
 * the window manager's close button (WM_DELETE_WINDOW) and size changes (ConfigureNotify).
 * libX11 functions that LWJGL does not bind are called through their addresses.
 */
final class XlibArgbWindow implements PresenterWindow {
    private static final int TRUE_COLOR = 4;  // X visual class

    private final long display;
    private final long window;
    private final long colormap;
    private final long wmDelete;
    private final long xPending, xNextEvent, xResizeWindow, xFlush;
    private final int[] size = new int[2];
    private boolean resized;
    private boolean closeRequested;

    private XlibArgbWindow(long display, long window, long colormap, long wmDelete, SharedLibrary x11, int width, int height) {
        this.display = display;
        this.window = window;
        this.colormap = colormap;
        this.wmDelete = wmDelete;
        this.xPending = function(x11, "XPending");
        this.xNextEvent = function(x11, "XNextEvent");
        this.xResizeWindow = function(x11, "XResizeWindow");
        this.xFlush = function(x11, "XFlush");
        size[0] = width;
        size[1] = height;
    }

    /**
     * Opens the window, or returns null (saying why through {@code reason}) when the display has
     * no 32-bit TrueColor visual or no compositing manager runs (an ARGB window would then show
     * undefined colours where it is transparent, not the desktop).
     */
    static XlibArgbWindow open(String title, int width, int height, StringBuilder reason) {
        SharedLibrary x11 = X11.getLibrary();
        long display = X11.nXOpenDisplay(NULL);
        if (display == NULL) {
            reason.append("cannot connect to the X server");
            return null;
        }
        long colormap = NULL;
        try (MemoryStack stack = stackPush()) {
            int screen = X11.XDefaultScreen(display);
            // A compositing manager owns the selection _NET_WM_CM_S<screen>.
            long cmAtom = internAtom(x11, display, stack, "_NET_WM_CM_S" + screen);
            long owner = JNI.invokePPP(display, cmAtom, function(x11, "XGetSelectionOwner"));
            if (owner == NULL) {
                reason.append("no compositing window manager is running");
                X11.XCloseDisplay(display);
                return null;
            }
            XVisualInfo visual = XVisualInfo.calloc(stack);
            int found = JNI.invokePPI(display, screen, 32, TRUE_COLOR, visual.address(), function(x11, "XMatchVisualInfo"));
            if (found == 0) {
                reason.append("the X server offers no 32-bit visual");
                X11.XCloseDisplay(display);
                return null;
            }
            long root = X11.XRootWindow(display, screen);
            colormap = X11.nXCreateColormap(display, root, visual.visual().address(), X11.AllocNone);
            XSetWindowAttributes attributes = XSetWindowAttributes.calloc(stack)
                    .colormap(colormap)
                    .background_pixel(0)  // transparent until the first frame
                    .border_pixel(0)
                    .event_mask(X11.StructureNotifyMask);
            long window = X11.nXCreateWindow(display, root, 0, 0, width, height, 0, 32, X11.InputOutput,
                    visual.visual().address(), X11.CWColormap | X11.CWBackPixel | X11.CWBorderPixel | X11.CWEventMask,
                    attributes.address());
            if (window == NULL) {
                throw new VulkanException("cannot open an X11 window (" + width + "x" + height + ")");
            }
            ByteBuffer name = stack.UTF8(title);
            JNI.invokePPPI(display, window, memAddress(name), function(x11, "XStoreName"));
            long wmDelete = internAtom(x11, display, stack, "WM_DELETE_WINDOW");
            LongBuffer protocols = stack.longs(wmDelete);
            JNI.invokePPPI(display, window, memAddress(protocols), 1, function(x11, "XSetWMProtocols"));
            JNI.invokePPI(display, window, function(x11, "XMapWindow"));
            JNI.invokePI(display, function(x11, "XFlush"));
            return new XlibArgbWindow(display, window, colormap, wmDelete, x11, width, height);
        } catch (RuntimeException e) {
            if (colormap != NULL) X11.XFreeColormap(display, colormap);
            X11.XCloseDisplay(display);
            throw e;
        }
    }

    private static long internAtom(SharedLibrary x11, long display, MemoryStack stack, String name) {
        ByteBuffer text = stack.ASCII(name);
        return JNI.invokePPP(display, memAddress(text), 0, function(x11, "XInternAtom"));
    }

    private static long function(SharedLibrary x11, String name) {
        long address = x11.getFunctionAddress(name);
        if (address == NULL) throw new VulkanException("libX11 lacks " + name);
        return address;
    }

    @Override
    public long createSurface(VulkanContext context) {
        if (!context.instanceExtensionEnabled(KHRXlibSurface.VK_KHR_XLIB_SURFACE_EXTENSION_NAME)) {
            throw new VulkanException("the Vulkan instance has no " + KHRXlibSurface.VK_KHR_XLIB_SURFACE_EXTENSION_NAME);
        }
        try (MemoryStack stack = stackPush()) {
            LongBuffer handle = stack.mallocLong(1);
            check(KHRXlibSurface.vkCreateXlibSurfaceKHR(context.instance(), VkXlibSurfaceCreateInfoKHR.calloc(stack)
                    .sType$Default().dpy(display).window(window), null, handle), "create X11 window surface");
            return handle.get(0);
        }
    }

    @Override
    public void framebufferSize(int[] out) {
        out[0] = size[0];
        out[1] = size[1];
    }

    @Override
    public boolean takeResized() {
        boolean was = resized;
        resized = false;
        return was;
    }

    @Override
    public void pollEvents() {
        try (MemoryStack stack = stackPush()) {
            XEvent event = XEvent.calloc(stack);
            while (JNI.invokePI(display, xPending) > 0) {
                JNI.invokePPI(display, event.address(), xNextEvent);
                switch (event.type()) {
                    case X11.ConfigureNotify -> {
                        int w = event.xconfigure().width(), h = event.xconfigure().height();
                        if (w != size[0] || h != size[1]) {
                            size[0] = w;
                            size[1] = h;
                            resized = true;
                        }
                    }
                    case X11.ClientMessage -> {
                        if (event.xclient().data_l(0) == wmDelete) closeRequested = true;
                    }
                    case X11.DestroyNotify -> closeRequested = true;
                    default -> { }
                }
            }
        }
    }

    @Override
    public boolean shouldClose() {
        return closeRequested;
    }

    @Override
    public void setSize(int width, int height) {
        JNI.invokePPI(display, window, width, height, xResizeWindow);
        JNI.invokePI(display, xFlush);
    }

    @Override
    public boolean hasAlpha() {
        return true;
    }

    @Override
    public void close() {
        X11.XDestroyWindow(display, window);
        X11.XFreeColormap(display, colormap);
        X11.XCloseDisplay(display);
    }

    @Override
    public String toString() {
        return "X11 ARGB window " + Long.toHexString(window);
    }
}
