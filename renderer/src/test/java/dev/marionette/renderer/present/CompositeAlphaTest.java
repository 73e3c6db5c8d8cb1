package dev.marionette.renderer.present;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lwjgl.vulkan.KHRSurface.VK_COMPOSITE_ALPHA_INHERIT_BIT_KHR;
import static org.lwjgl.vulkan.KHRSurface.VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR;
import static org.lwjgl.vulkan.KHRSurface.VK_COMPOSITE_ALPHA_POST_MULTIPLIED_BIT_KHR;
import static org.lwjgl.vulkan.KHRSurface.VK_COMPOSITE_ALPHA_PRE_MULTIPLIED_BIT_KHR;

import org.junit.jupiter.api.Test;

/** How the presenter's swapchain blends with the desktop, for what surfaces offer. */
class CompositeAlphaTest {
    static final int OPAQUE = VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR;
    static final int PRE = VK_COMPOSITE_ALPHA_PRE_MULTIPLIED_BIT_KHR;
    static final int POST = VK_COMPOSITE_ALPHA_POST_MULTIPLIED_BIT_KHR;
    static final int INHERIT = VK_COMPOSITE_ALPHA_INHERIT_BIT_KHR;

    @Test
    void transparentWindowsBlendPremultipliedWhenOffered() {
        assertEquals(PRE, Presenter.compositeAlpha(OPAQUE | PRE | INHERIT, true));
        assertEquals(PRE, Presenter.compositeAlpha(PRE | INHERIT, true));    // Mesa X11, 32-bit visual
        assertEquals(INHERIT, Presenter.compositeAlpha(OPAQUE | INHERIT, true));  // left to the window system
        assertEquals(OPAQUE, Presenter.compositeAlpha(OPAQUE | POST, true));  // frames are premultiplied: never POST
    }

    @Test
    void opaqueWindowsStayOpaque() {
        assertEquals(OPAQUE, Presenter.compositeAlpha(OPAQUE | PRE | INHERIT, false));
        assertEquals(INHERIT, Presenter.compositeAlpha(PRE | INHERIT, false));  // no OPAQUE: the window system's own
        assertEquals(PRE, Presenter.compositeAlpha(PRE, false));               // the only choice (alpha is 1 then)
    }
}
