package dev.marionette.renderer;

import dev.marionette.renderer.mesh.MeshRenderer;
import dev.marionette.renderer.present.Presenter;
import dev.marionette.renderer.triplane.TriPlaneAvatar;
import dev.marionette.renderer.triplane.TriPlaneRenderer;
import dev.marionette.renderer.vk.GpuImage;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.tracking.image.RgbImage;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.Supplier;

/**
 * Run by {@link PresenterTest} in its own JVM with DISPLAY set: opens a window, shows the mesh
 * render, checks the presented pixels (read back from the swapchain image), resizes, checks
 * again, then does the same for the tri-plane path's presentable image. Prints "OK ..." and
 * exits 0, or prints what went wrong and exits 1.
 */
public final class PresenterSmoke {
    private PresenterSmoke() {}

    public static void main(String[] args) {
        VulkanContext.Options options = VulkanContext.Options.headless()
                .withPresentation(true)
                .withValidation(VulkanContext.Validation.IF_INSTALLED);
        try (VulkanContext context = VulkanContext.create(options);
             MeshRenderer renderer = new MeshRenderer(context, TestAvatars.mesh(), TestAvatars.texture(), MeshRenderer.Settings.of(128, 128));
             Presenter presenter = new Presenter(context, "Marionette presenter test", 240, 160)) {
            renderer.render(TestAvatars.orbit(0, 0), true);
            RgbImage rendered = renderer.target().toRgbImage();
            presenter.setLetterboxColor(1f, 0f, 1f);

            check(showAndCapture(presenter, renderer, rendered, "presented-240x160.png"), "first window size");
            int before = presenter.recreations();
            presenter.setWindowSize(160, 280);
            // the window manager-less Xvfb applies the size at once; events tell the presenter
            for (int i = 0; i < 20 && presenter.recreations() == before; i++) {
                presenter.pollEvents();
                renderer.render(TestAvatars.orbit(0, 0), false);
                presenter.present(renderer.target().output());
            }
            check(presenter.recreations() > before, "resizing did not rebuild the swapchain");
            check(presenter.width() == 160 && presenter.height() == 280,
                    "swapchain is " + presenter.width() + "x" + presenter.height() + " after resizing to 160x280");
            check(showAndCapture(presenter, renderer, rendered, "presented-160x280.png"), "after resize");
            // The tri-plane path writes UNORM bytes by hand-encoded sRGB; its presentable copy is
            // sRGB-typed, so the blit must show the same colours as its read-back.
            try (TriPlaneRenderer triPlane = new TriPlaneRenderer(context, TriPlaneAvatar.of(TestAvatars.mesh(), TestAvatars.texture()),
                    TriPlaneRenderer.Settings.of(128, 128).withPresentable(true))) {
                triPlane.render(TestAvatars.orbit(0, 0), true);
                RgbImage triRendered = triPlane.toRgbImage();
                check(showAndCapture(presenter, () -> triPlane.render(TestAvatars.orbit(0, 0), false), triPlane::presentable,
                        triRendered, "presented-triplane-160x280.png"), "tri-plane");
            }
            List<String> messages = context.validationMessages();
            check(messages.isEmpty(), "validation: " + messages);
            System.out.println("OK " + context.info().name() + ", " + presenter.presentMode() + ", validation "
                    + context.validationEnabled() + ", swapchain rebuilt " + presenter.recreations() + "x");
        } catch (Throwable t) {
            System.out.println("FAILED: " + t);
            t.printStackTrace(System.out);
            System.exit(1);
        }
        System.exit(0);
    }

    /** Presents with capture and compares the captured frame with the rendered image, scaled. */
    private static boolean showAndCapture(Presenter presenter, MeshRenderer renderer, RgbImage rendered, String png) {
        return showAndCapture(presenter, () -> renderer.render(TestAvatars.orbit(0, 0), false), () -> renderer.target().output(), rendered, png);
    }

    private static boolean showAndCapture(Presenter presenter, Runnable render, Supplier<GpuImage> image, RgbImage rendered, String png) {
        boolean shown = false;
        for (int attempt = 0; attempt < 5 && !shown; attempt++) {
            presenter.pollEvents();
            render.run();
            if (presenter.canCapture()) presenter.captureNextFrame();
            shown = presenter.present(image.get());
        }
        check(shown, "nothing was presented");
        if (!presenter.canCapture()) return true;  // the surface cannot be read back; presenting worked
        int w = presenter.capturedWidth(), h = presenter.capturedHeight();
        BufferedImage captured = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) captured.setRGB(x, y, presenter.capturedPixel(x, y));
        VulkanTests.writePng(captured, png);

        int side = Math.min(w, h);  // the square render fills a centred square
        int x0 = (w - side) / 2, y0 = (h - side) / 2;
        if (w != h) {
            int bar = w > h ? presenter.capturedPixel(1, h / 2) : presenter.capturedPixel(w / 2, 1);
            check(bar == 0xFF00FF, String.format("letterbox bar is %06x, not magenta", bar));
        }
        int far = 0, total = 0;
        for (int y = 2; y < side - 2; y += 3) {
            for (int x = 2; x < side - 2; x += 3) {
                int sx = Math.min(rendered.width() - 1, x * rendered.width() / side);
                int sy = Math.min(rendered.height() - 1, y * rendered.height() / side);
                int got = presenter.capturedPixel(x0 + x, y0 + y);
                int worst = 0;
                for (int c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(((got >> (16 - 8 * c)) & 255) - rendered.get(sx, sy, c)));
                if (worst > 40) far++;
                total++;
            }
        }
        // scaling moves edges by a pixel; the bulk must match
        check(far < total / 20, far + " of " + total + " presented pixels differ from the render");
        return true;
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new AssertionError(what);
    }
}
