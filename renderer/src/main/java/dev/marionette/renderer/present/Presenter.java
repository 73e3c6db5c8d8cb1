package dev.marionette.renderer.present;

import static dev.marionette.renderer.vk.VkCheck.check;
import static org.lwjgl.glfw.GLFW.GLFW_PLATFORM_X11;
import static org.lwjgl.glfw.GLFW.glfwGetPlatform;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.vulkan.KHRSurface.*;
import static org.lwjgl.vulkan.KHRSwapchain.*;
import static org.lwjgl.vulkan.VK10.*;

import dev.marionette.renderer.vk.Barriers;
import dev.marionette.renderer.vk.GpuBuffer;
import dev.marionette.renderer.vk.GpuImage;
import dev.marionette.renderer.vk.ReleaseStack;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.renderer.vk.VulkanException;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferImageCopy;
import org.lwjgl.vulkan.VkClearColorValue;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkCommandBufferAllocateInfo;
import org.lwjgl.vulkan.VkCommandBufferBeginInfo;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkExtent2D;
import org.lwjgl.vulkan.VkFenceCreateInfo;
import org.lwjgl.vulkan.VkImageBlit;
import org.lwjgl.vulkan.VkImageSubresourceRange;
import org.lwjgl.vulkan.VkPresentInfoKHR;
import org.lwjgl.vulkan.VkSemaphoreCreateInfo;
import org.lwjgl.vulkan.VkSubmitInfo;
import org.lwjgl.vulkan.VkSurfaceCapabilitiesKHR;
import org.lwjgl.vulkan.VkSurfaceFormatKHR;
import org.lwjgl.vulkan.VkSwapchainCreateInfoKHR;

/**
 * A window showing rendered images: a Vulkan surface and swapchain onto which each
 * {@link #present} blits a single-sample image (letterboxed, aspect kept, linear filtering).
 *
 * <p>Resizes and {@code VK_ERROR_OUT_OF_DATE_KHR} / {@code VK_SUBOPTIMAL_KHR} recreate the
 * swapchain; a minimised (0×0) window skips frames. Present mode MAILBOX when the surface has
 * it (no tearing, no blocking), else FIFO. One frame in flight.
 *
 * <p>Needs a context created with {@code Options.withPresentation(true)}; GLFW wants all
 * window calls on the thread that created the context (the main thread on macOS).
 */
public final class Presenter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Presenter.class.getName());

    private final VulkanContext context;
    private final VkDevice device;
    private final PresenterWindow window;
    private final long surface;
    private final VkCommandBuffer commands;
    private final long frameFence;
    private final long imageAcquired;
    private final float[] letterboxRgb = {0f, 0f, 0f};
    private float letterboxAlpha = 1f;
    private final boolean wantTransparent;
    private boolean transparent;
    private String transparencyProblem;
    /** System property choosing the X11 window for transparency: auto, always or never. */
    public static final String ARGB_PROPERTY = "marionette.presenter.argb";

    private long swapchain = VK_NULL_HANDLE;
    private long[] images = new long[0];
    private long[] renderFinished = new long[0];  // per swapchain image: reused only once that image comes back
    private int format;
    private int width;
    private int height;
    private int presentMode;
    private boolean canCapture;
    private volatile boolean resized;
    private int recreations;

    private boolean captureNext;
    private GpuBuffer capture;
    private int captureWidth;
    private int captureHeight;

    /**
     * Opens a window of the given size (screen coordinates) and builds its swapchain.
     *
     * @throws VulkanException when the context cannot present, or the surface cannot take blits
     */
    public Presenter(VulkanContext context, String title, int width, int height) {
        this(context, title, width, height, false);
    }

    /**
     * As {@link #Presenter(VulkanContext, String, int, int)}; with {@code transparent} the window
     * asks for a framebuffer with alpha and a swapchain that composites premultiplied alpha, so
     * frames rendered over a transparent background show the desktop (or OBS's scene) behind
     * the avatar. Whether the window system granted it: {@link #transparent()} (it needs a
     * compositing window manager on X11; without one the window stays opaque).
     */
    public Presenter(VulkanContext context, String title, int width, int height, boolean transparent) {
        this.wantTransparent = transparent;
        if (!context.options().presentation()) {
            throw new IllegalArgumentException("the Vulkan context was created without presentation (Options.withPresentation(true))");
        }
        this.context = context;
        this.device = context.device();
        ReleaseStack built = new ReleaseStack();
        try (MemoryStack stack = stackPush()) {
            PresenterWindow opened = openWindow(context, title, width, height, transparent);
            long openedSurface;
            try {
                openedSurface = presentableSurface(context, opened);
            } catch (VulkanException e) {
                opened.close();
                if (!(opened instanceof XlibArgbWindow)) throw e;
                // Our own X11 window is the less travelled road: fall back to GLFW's, opaque.
                transparencyProblem = "the X11 window with alpha cannot be presented to (" + e.getMessage() + ")";
                LOG.log(System.Logger.Level.DEBUG, transparencyProblem);
                opened = new GlfwPresenterWindow(title, width, height, transparent);
                try {
                    openedSurface = presentableSurface(context, opened);
                } catch (VulkanException again) {
                    opened.close();
                    throw again;
                }
            }
            window = opened;
            built.onClose(window::close);
            surface = openedSurface;
            built.onClose(() -> vkDestroySurfaceKHR(context.instance(), surface, null));
            LongBuffer handle = stack.mallocLong(1);

            PointerBuffer pCommands = stack.mallocPointer(1);
            check(vkAllocateCommandBuffers(device, VkCommandBufferAllocateInfo.calloc(stack)
                    .sType$Default()
                    .commandPool(context.commandPool())
                    .level(VK_COMMAND_BUFFER_LEVEL_PRIMARY)
                    .commandBufferCount(1), pCommands), "allocate presenter command buffer");
            commands = new VkCommandBuffer(pCommands.get(0), device);
            built.onClose(() -> vkFreeCommandBuffers(device, context.commandPool(), commands));
            check(vkCreateFence(device, VkFenceCreateInfo.calloc(stack).sType$Default().flags(VK_FENCE_CREATE_SIGNALED_BIT),
                    null, handle), "create presenter fence");
            frameFence = handle.get(0);
            built.onClose(() -> vkDestroyFence(device, frameFence, null));
            check(vkCreateSemaphore(device, VkSemaphoreCreateInfo.calloc(stack).sType$Default(), null, handle),
                    "create image-acquired semaphore");
            imageAcquired = handle.get(0);
            built.onClose(() -> vkDestroySemaphore(device, imageAcquired, null));
            createSwapchain();
        } catch (RuntimeException e) {
            destroySwapchain();
            built.closeAll(e);
            throw e;
        }
    }

    /** Builds (or rebuilds, replacing the old one) the swapchain for the current framebuffer size. */
    private void createSwapchain() {
        try (MemoryStack stack = stackPush()) {
            VkSurfaceCapabilitiesKHR caps = VkSurfaceCapabilitiesKHR.malloc(stack);
            check(vkGetPhysicalDeviceSurfaceCapabilitiesKHR(context.physicalDevice(), surface, caps), "read surface capabilities");
            if ((caps.supportedUsageFlags() & VK_IMAGE_USAGE_TRANSFER_DST_BIT) == 0) {
                throw new VulkanException("this window surface cannot be a blit target (no TRANSFER_DST usage)");
            }
            IntBuffer count = stack.mallocInt(1);
            check(vkGetPhysicalDeviceSurfaceFormatsKHR(context.physicalDevice(), surface, count, null), "count surface formats");
            VkSurfaceFormatKHR.Buffer formats = VkSurfaceFormatKHR.malloc(count.get(0), stack);
            check(vkGetPhysicalDeviceSurfaceFormatsKHR(context.physicalDevice(), surface, count, formats), "list surface formats");
            VkSurfaceFormatKHR chosen = chooseFormat(formats);
            check(vkGetPhysicalDeviceSurfacePresentModesKHR(context.physicalDevice(), surface, count, null), "count present modes");
            IntBuffer modes = stack.mallocInt(count.get(0));
            check(vkGetPhysicalDeviceSurfacePresentModesKHR(context.physicalDevice(), surface, count, modes), "list present modes");
            int mode = VK_PRESENT_MODE_FIFO_KHR;  // always there
            for (int i = 0; i < modes.limit(); i++) if (modes.get(i) == VK_PRESENT_MODE_MAILBOX_KHR) mode = VK_PRESENT_MODE_MAILBOX_KHR;

            VkExtent2D extent = VkExtent2D.malloc(stack);
            if (caps.currentExtent().width() != 0xFFFFFFFF) {
                extent.set(caps.currentExtent());
            } else {
                int[] size = new int[2];
                window.framebufferSize(size);
                extent.set(clamp(size[0], caps.minImageExtent().width(), caps.maxImageExtent().width()),
                        clamp(size[1], caps.minImageExtent().height(), caps.maxImageExtent().height()));
            }
            if (extent.width() == 0 || extent.height() == 0) {
                // minimised: keep the old swapchain (if any) and try again on a later frame
                resized = true;
                return;
            }
            int imageCount = caps.minImageCount() + 1;
            if (caps.maxImageCount() > 0) imageCount = Math.min(imageCount, caps.maxImageCount());
            int usage = VK_IMAGE_USAGE_TRANSFER_DST_BIT;
            canCapture = (caps.supportedUsageFlags() & VK_IMAGE_USAGE_TRANSFER_SRC_BIT) != 0;
            if (canCapture) usage |= VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
            boolean alphaWindow = wantTransparent && window.hasAlpha();
            int compositeAlpha = compositeAlpha(caps.supportedCompositeAlpha(), alphaWindow);
            transparent = alphaWindow && (compositeAlpha == VK_COMPOSITE_ALPHA_PRE_MULTIPLIED_BIT_KHR
                    || compositeAlpha == VK_COMPOSITE_ALPHA_INHERIT_BIT_KHR);

            long old = swapchain;
            VkSwapchainCreateInfoKHR info = VkSwapchainCreateInfoKHR.calloc(stack)
                    .sType$Default()
                    .surface(surface)
                    .minImageCount(imageCount)
                    .imageFormat(chosen.format())
                    .imageColorSpace(chosen.colorSpace())
                    .imageExtent(extent)
                    .imageArrayLayers(1)
                    .imageUsage(usage)
                    .imageSharingMode(VK_SHARING_MODE_EXCLUSIVE)
                    .preTransform(caps.currentTransform())
                    .compositeAlpha(compositeAlpha)
                    .presentMode(mode)
                    .clipped(true)
                    .oldSwapchain(old);
            LongBuffer handle = stack.mallocLong(1);
            check(vkCreateSwapchainKHR(device, info, null, handle), "create swapchain " + extent.width() + "x" + extent.height());
            if (old != VK_NULL_HANDLE) {
                vkDeviceWaitIdle(device);  // the old images may still be read by the presentation engine's last blit
                for (long s : renderFinished) vkDestroySemaphore(device, s, null);
                renderFinished = new long[0];
                vkDestroySwapchainKHR(device, old, null);
                recreations++;
            }
            swapchain = handle.get(0);
            format = chosen.format();
            width = extent.width();
            height = extent.height();
            presentMode = mode;

            check(vkGetSwapchainImagesKHR(device, swapchain, count, null), "count swapchain images");
            LongBuffer handles = stack.mallocLong(count.get(0));
            check(vkGetSwapchainImagesKHR(device, swapchain, count, handles), "list swapchain images");
            images = new long[count.get(0)];
            handles.get(images);
            renderFinished = new long[images.length];
            for (int i = 0; i < images.length; i++) {
                check(vkCreateSemaphore(device, VkSemaphoreCreateInfo.calloc(stack).sType$Default(), null, handle),
                        "create render-finished semaphore");
                renderFinished[i] = handle.get(0);
            }
            if (!context.supportsOptimal(format, VK_FORMAT_FEATURE_BLIT_DST_BIT)) {
                throw new VulkanException("swapchain format " + format + " cannot be a blit target on " + context.info().name());
            }
            resized = false;
            LOG.log(System.Logger.Level.DEBUG, "swapchain " + width + "x" + height + ", " + images.length + " images, "
                    + (mode == VK_PRESENT_MODE_MAILBOX_KHR ? "MAILBOX" : "FIFO"));
        }
    }

    /**
     * An sRGB swapchain format, so that blitting our sRGB images keeps their colours (a blit
     * decodes and re-encodes); a UNORM one would show them too dark.
     */
    private static VkSurfaceFormatKHR chooseFormat(VkSurfaceFormatKHR.Buffer formats) {
        for (VkSurfaceFormatKHR f : formats) {
            if ((f.format() == VK_FORMAT_B8G8R8A8_SRGB || f.format() == VK_FORMAT_R8G8B8A8_SRGB)
                    && f.colorSpace() == VK_COLOR_SPACE_SRGB_NONLINEAR_KHR) return f;
        }
        LOG.log(System.Logger.Level.WARNING, "no sRGB swapchain format: colours will look darker");
        return formats.get(0);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Processes window events (resize, close); call once per frame on the GLFW thread. */
    public void pollEvents() {
        window.pollEvents();
        if (window.takeResized()) resized = true;
    }

    public boolean shouldClose() {
        return window.shouldClose();
    }

    /** Sets the window's size in screen coordinates (the swapchain follows on the next present). */
    public void setWindowSize(int width, int height) {
        window.setSize(width, height);
    }

    /**
     * A GLFW window, except for a transparent one on X11: GLFW gives Vulkan windows the default,
     * opaque visual there, so an ARGB window of our own is opened when a compositing manager
     * runs. Not on a software Vulkan driver: Mesa's software presentation writes 24-bit images
     * into the window, which a 32-bit window rejects (BadMatch, seen with xtrace on lavapipe),
     * so nothing would show. The system property {@value #ARGB_PROPERTY} = auto (default),
     * always or never overrides the choice (e.g. never, if a driver misbehaves).
     * Why the window is not transparent, if it is not: {@link #transparencyProblem()}.
     */
    private PresenterWindow openWindow(VulkanContext context, String title, int width, int height, boolean transparent) {
        String mode = System.getProperty(ARGB_PROPERTY, "auto");
        if (transparent && glfwGetPlatform() == GLFW_PLATFORM_X11) {
            if (!context.instanceExtensionEnabled(org.lwjgl.vulkan.KHRXlibSurface.VK_KHR_XLIB_SURFACE_EXTENSION_NAME)) {
                transparencyProblem = "the Vulkan driver has no Xlib surfaces";
            } else if (mode.equals("never")) {
                transparencyProblem = ARGB_PROPERTY + "=never";
            } else if (mode.equals("auto") && "CPU".equals(context.info().type())) {
                transparencyProblem = "the software Vulkan driver (" + context.info().name() + ") cannot show transparent windows on X11";
            } else {
                StringBuilder reason = new StringBuilder();
                XlibArgbWindow argb = XlibArgbWindow.open(title, width, height, reason);
                if (argb != null) return argb;
                transparencyProblem = reason.toString();
            }
            LOG.log(System.Logger.Level.DEBUG, "transparent window not available: " + transparencyProblem + "; the window is opaque");
        }
        return new GlfwPresenterWindow(title, width, height, transparent);
    }

    /** A surface for the window that the context's queue can present to (destroyed again if not). */
    private static long presentableSurface(VulkanContext context, PresenterWindow window) {
        long created = window.createSurface(context);
        try (MemoryStack stack = stackPush()) {
            IntBuffer supported = stack.mallocInt(1);
            check(vkGetPhysicalDeviceSurfaceSupportKHR(context.physicalDevice(), context.queueFamily(), created, supported),
                    "ask whether the queue can present");
            if (supported.get(0) == VK_FALSE) throw new VulkanException("the chosen queue cannot present to this window");
            return created;
        } catch (RuntimeException e) {
            vkDestroySurfaceKHR(context.instance(), created, null);
            throw e;
        }
    }

    /**
     * How the swapchain blends with what is behind the window: premultiplied alpha when a
     * transparent window was asked for and the surface offers it (or leaves it to the window
     * system, which on X11 follows the window's ARGB visual), else opaque.
     */
    static int compositeAlpha(int supported, boolean transparentWindow) {
        if (transparentWindow) {
            if ((supported & VK_COMPOSITE_ALPHA_PRE_MULTIPLIED_BIT_KHR) != 0) return VK_COMPOSITE_ALPHA_PRE_MULTIPLIED_BIT_KHR;
            if ((supported & VK_COMPOSITE_ALPHA_INHERIT_BIT_KHR) != 0) return VK_COMPOSITE_ALPHA_INHERIT_BIT_KHR;
        }
        if ((supported & VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR) != 0) return VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR;
        if ((supported & VK_COMPOSITE_ALPHA_INHERIT_BIT_KHR) != 0) return VK_COMPOSITE_ALPHA_INHERIT_BIT_KHR;
        return Integer.lowestOneBit(supported);
    }

    /** Whether the window shows what is behind it where frames are transparent. */
    public boolean transparent() { return transparent; }

    /**
     * Why a transparent window was asked for and not granted, for the user (e.g. no compositing
     * window manager); null when it was granted or not asked for.
     */
    public String transparencyProblem() {
        if (!wantTransparent || transparent) return null;
        return transparencyProblem != null ? transparencyProblem : "this window system gives Vulkan windows no alpha";
    }

    /** Colour of the bars beside a letterboxed image, sRGB components in [0, 1]. */
    public void setLetterboxColor(float r, float g, float b) {
        setLetterboxColor(r, g, b, 1);
    }

    /** As {@link #setLetterboxColor(float, float, float)} with an alpha (0: transparent bars). */
    public void setLetterboxColor(float r, float g, float b, float a) {
        letterboxAlpha = Math.max(0, Math.min(1, a));
        letterboxRgb[0] = r;
        letterboxRgb[1] = g;
        letterboxRgb[2] = b;
    }

    /** Copy the next presented frame into host memory ({@link #capturedPixel}); needs {@link #canCapture()}. */
    public void captureNextFrame() {
        if (!canCapture) throw new IllegalStateException("this surface's images cannot be copied (no TRANSFER_SRC usage)");
        captureNext = true;
    }

    /**
     * Shows {@code source} (single-sample, in TRANSFER_SRC_OPTIMAL, its rendering submitted
     * before this call) in the window, scaled to fit and centred.
     *
     * @return false when nothing was shown (window minimised, or the swapchain had to be rebuilt first)
     */
    public boolean present(GpuImage source) {
        if (resized) createSwapchain();
        if (resized || swapchain == VK_NULL_HANDLE) return false;  // still minimised
        try (MemoryStack stack = stackPush()) {
            check(vkWaitForFences(device, frameFence, true, -1L), "wait for the previous presented frame");
            IntBuffer pIndex = stack.mallocInt(1);
            int acquired = vkAcquireNextImageKHR(device, swapchain, -1L, imageAcquired, VK_NULL_HANDLE, pIndex);
            if (acquired == VK_ERROR_OUT_OF_DATE_KHR) {
                createSwapchain();
                return false;
            }
            if (acquired != VK_SUBOPTIMAL_KHR) check(acquired, "acquire swapchain image");
            int index = pIndex.get(0);
            check(vkResetFences(device, frameFence), "reset presenter fence");
            boolean capturing = captureNext;
            if (capturing) prepareCapture();
            record(source, images[index], capturing);

            check(vkQueueSubmit(context.queue(), VkSubmitInfo.calloc(stack)
                    .sType$Default()
                    .waitSemaphoreCount(1)
                    .pWaitSemaphores(stack.longs(imageAcquired))
                    .pWaitDstStageMask(stack.ints(VK_PIPELINE_STAGE_TRANSFER_BIT))
                    .pCommandBuffers(stack.pointers(commands))
                    .pSignalSemaphores(stack.longs(renderFinished[index])), frameFence), "submit presented frame");
            int presented = vkQueuePresentKHR(context.queue(), VkPresentInfoKHR.calloc(stack)
                    .sType$Default()
                    .pWaitSemaphores(stack.longs(renderFinished[index]))
                    .swapchainCount(1)
                    .pSwapchains(stack.longs(swapchain))
                    .pImageIndices(pIndex));
            if (capturing) {
                check(vkWaitForFences(device, frameFence, true, -1L), "wait for the captured frame");
                captureNext = false;
            }
            if (presented == VK_ERROR_OUT_OF_DATE_KHR || presented == VK_SUBOPTIMAL_KHR || acquired == VK_SUBOPTIMAL_KHR || resized) {
                createSwapchain();
            } else {
                check(presented, "present swapchain image");
            }
            return true;
        }
    }

    private void prepareCapture() {
        long bytes = (long) width * height * 4;
        if (capture == null || capture.size() != bytes) {
            if (capture != null) capture.close();
            capture = GpuBuffer.readback(context, bytes, "presenter capture");
        }
        captureWidth = width;
        captureHeight = height;
    }

    private void record(GpuImage source, long target, boolean capturing) {
        try (MemoryStack stack = stackPush()) {
            check(vkResetCommandBuffer(commands, 0), "reset presenter commands");
            check(vkBeginCommandBuffer(commands, VkCommandBufferBeginInfo.calloc(stack)
                    .sType$Default()
                    .flags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT)), "begin presenter commands");
            // The source was written by an earlier submission: make those writes visible to the blit.
            Barriers.image(commands, source, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                    VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, VK_ACCESS_MEMORY_WRITE_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
            Barriers.image(commands, target, VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                    VK_PIPELINE_STAGE_TRANSFER_BIT, 0, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT);
            VkClearColorValue clear = VkClearColorValue.calloc(stack)
                    .float32(0, letterboxAlpha * srgbToLinear(letterboxRgb[0])).float32(1, letterboxAlpha * srgbToLinear(letterboxRgb[1]))
                    .float32(2, letterboxAlpha * srgbToLinear(letterboxRgb[2])).float32(3, letterboxAlpha);
            VkImageSubresourceRange range = VkImageSubresourceRange.calloc(stack).set(VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1);
            vkCmdClearColorImage(commands, target, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, clear, range);
            Barriers.image(commands, target, VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                    VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                    VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT);

            int[] box = letterbox(source.width(), source.height(), width, height);
            VkImageBlit.Buffer blit = VkImageBlit.calloc(1, stack);
            blit.srcSubresource().set(VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1);
            blit.srcOffsets(0).set(0, 0, 0);
            blit.srcOffsets(1).set(source.width(), source.height(), 1);
            blit.dstSubresource().set(VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1);
            blit.dstOffsets(0).set(box[0], box[1], 0);
            blit.dstOffsets(1).set(box[2], box[3], 1);
            int filter = context.supportsOptimal(source.format(), VK_FORMAT_FEATURE_SAMPLED_IMAGE_FILTER_LINEAR_BIT)
                    ? VK_FILTER_LINEAR : VK_FILTER_NEAREST;
            vkCmdBlitImage(commands, source.handle(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, target,
                    VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, blit, filter);

            if (capturing) {
                Barriers.image(commands, target, VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                        VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                        VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
                VkBufferImageCopy.Buffer region = VkBufferImageCopy.calloc(1, stack);
                region.imageSubresource().set(VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1);
                region.imageExtent().set(width, height, 1);
                vkCmdCopyImageToBuffer(commands, target, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, capture.handle(), region);
                Barriers.buffer(commands, capture, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                        VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_READ_BIT);
                Barriers.image(commands, target, VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                        VK_IMAGE_LAYOUT_PRESENT_SRC_KHR, VK_PIPELINE_STAGE_TRANSFER_BIT, 0, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, 0);
            } else {
                Barriers.image(commands, target, VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                        VK_IMAGE_LAYOUT_PRESENT_SRC_KHR, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                        VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, 0);
            }
            check(vkEndCommandBuffer(commands), "end presenter commands");
        }
    }

    /** {x0, y0, x1, y1}: the largest centred rectangle of the source's aspect inside the target. */
    static int[] letterbox(int srcW, int srcH, int dstW, int dstH) {
        double scale = Math.min((double) dstW / srcW, (double) dstH / srcH);
        int w = Math.max(1, (int) Math.round(srcW * scale)), h = Math.max(1, (int) Math.round(srcH * scale));
        int x = (dstW - w) / 2, y = (dstH - h) / 2;
        return new int[] {x, y, x + w, y + h};
    }

    private static float srgbToLinear(float c) {
        return c <= 0.04045f ? c / 12.92f : (float) Math.pow((c + 0.055) / 1.055, 2.4);
    }

    /**
     * Pixel (x, y) of the last captured frame as 0xRRGGBB (the swapchain's bytes, BGRA or RGBA
     * by its format).
     */
    public int capturedPixel(int x, int y) {
        if (capture == null) throw new IllegalStateException("no frame captured");
        int i = (y * captureWidth + x) * 4;
        var bytes = capture.mapped();
        int c0 = bytes.get(i) & 255, c1 = bytes.get(i + 1) & 255, c2 = bytes.get(i + 2) & 255;
        boolean bgr = format == VK_FORMAT_B8G8R8A8_SRGB || format == VK_FORMAT_B8G8R8A8_UNORM;
        return bgr ? (c2 << 16) | (c1 << 8) | c0 : (c0 << 16) | (c1 << 8) | c2;
    }

    /** Alpha (0..255) of pixel (x, y) of the last captured frame. */
    public int capturedAlpha(int x, int y) {
        if (capture == null) throw new IllegalStateException("no frame captured");
        return capture.mapped().get((y * captureWidth + x) * 4 + 3) & 255;
    }

    public int capturedWidth() { return captureWidth; }

    public int capturedHeight() { return captureHeight; }

    public boolean canCapture() { return canCapture; }

    public int width() { return width; }

    public int height() { return height; }

    /** "MAILBOX" or "FIFO". */
    public String presentMode() { return presentMode == VK_PRESENT_MODE_MAILBOX_KHR ? "MAILBOX" : "FIFO"; }

    /** How many times the swapchain was rebuilt (resize, out of date). */
    public int recreations() { return recreations; }

    private void destroySwapchain() {
        for (long s : renderFinished) vkDestroySemaphore(device, s, null);
        renderFinished = new long[0];
        if (swapchain != VK_NULL_HANDLE) vkDestroySwapchainKHR(device, swapchain, null);
        swapchain = VK_NULL_HANDLE;
    }

    @Override
    public void close() {
        vkDeviceWaitIdle(device);  // nothing in flight
        if (capture != null) capture.close();
        destroySwapchain();
        vkDestroySemaphore(device, imageAcquired, null);
        vkDestroyFence(device, frameFence, null);
        vkFreeCommandBuffers(device, context.commandPool(), commands);
        vkDestroySurfaceKHR(context.instance(), surface, null);
        window.close();
    }
}
