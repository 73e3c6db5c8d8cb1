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
            String transparency = "not checked";
            if (List.of(args).contains("transparent")) transparency = checkTransparent(context);
            List<String> messages = context.validationMessages();
            check(messages.isEmpty(), "validation: " + messages);
            System.out.println("OK " + context.info().name() + ", " + presenter.presentMode() + ", validation "
                    + context.validationEnabled() + ", swapchain rebuilt " + presenter.recreations() + "x, transparent window "
                    + transparency);
        } catch (Throwable t) {
            System.out.println("FAILED: " + t);
            t.printStackTrace(System.out);
            System.exit(1);
        }
        System.exit(0);
    }

    /**
     * A transparent window under a compositing manager: the X11 ARGB window (forced: on a
     * software driver the automatic choice keeps the window opaque, as Mesa's software
     * presentation cannot fill a 32-bit window), a premultiplied swapchain, and frames over a
     * transparent background keep alpha 0 around the avatar and 255 on it, on both paths; the
     * letterbox bars are transparent too.
     */
    private static String checkTransparent(VulkanContext context) {
        String automatic;
        try (Presenter opaque = new Presenter(context, "Marionette transparent test (auto)", 200, 160, true)) {
            boolean software = "CPU".equals(context.info().type());
            check(opaque.transparent() != software, "automatic choice on a " + context.info().type() + " device: transparent "
                    + opaque.transparent() + " (" + opaque.transparencyProblem() + ")");
            check(software == (opaque.transparencyProblem() != null), "problem: " + opaque.transparencyProblem());
            automatic = opaque.transparent() ? "auto: yes" : "auto: no (" + opaque.transparencyProblem() + ")";
        }
        System.setProperty(Presenter.ARGB_PROPERTY, "always");
        // 128 wide like the renders, taller: the blit is 1:1 (filtering premultiplied, encoded
        // colour in linear light would brighten partly covered pixels) with bars above and below.
        try (Presenter presenter = new Presenter(context, "Marionette transparent test", 128, 160, true);
             MeshRenderer mesh = new MeshRenderer(context, TestAvatars.mesh(), TestAvatars.texture(),
                     MeshRenderer.Settings.of(128, 128));
             TriPlaneRenderer triPlane = new TriPlaneRenderer(context, TriPlaneAvatar.of(TestAvatars.mesh(), TestAvatars.texture()),
                     TriPlaneRenderer.Settings.of(128, 128).withPresentable(true).withBackground(0.2f, 0.9f, 0.3f, 0f))) {
            check(presenter.transparent(), "no transparent window under a compositor: " + presenter.transparencyProblem());
            presenter.setLetterboxColor(1f, 0f, 1f, 0f);
            mesh.target().setBackground(0.2f, 0.9f, 0.3f, 0f);
            checkAlpha(presenter, () -> mesh.render(TestAvatars.orbit(0, 0), false), () -> mesh.target().output(), "mesh");
            checkAlpha(presenter, () -> triPlane.render(TestAvatars.orbit(0, 0), false), triPlane::presentable, "tri-plane");
        } finally {
            System.clearProperty(Presenter.ARGB_PROPERTY);
        }
        return "yes (" + automatic + ")";
    }

    private static void checkAlpha(Presenter presenter, Runnable render, Supplier<GpuImage> image, String path) {
        boolean shown = false;
        for (int attempt = 0; attempt < 5 && !shown; attempt++) {
            presenter.pollEvents();
            render.run();
            presenter.captureNextFrame();
            shown = presenter.present(image.get());
        }
        check(shown, path + ": nothing was presented");
        int w = presenter.capturedWidth(), h = presenter.capturedHeight();
        int side = Math.min(w, h), x0 = (w - side) / 2, y0 = (h - side) / 2;
        BufferedImage captured = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) captured.setRGB(x, y, presenter.capturedAlpha(x, y) << 24 | presenter.capturedPixel(x, y));
        }
        VulkanTests.writePng(captured, "presented-transparent-" + path + ".png");
        check(w == 128 && h == 160, path + ": window is " + w + "x" + h);
        check(presenter.capturedAlpha(w / 2, 1) == 0, path + ": letterbox bar alpha " + presenter.capturedAlpha(w / 2, 1));
        check(presenter.capturedPixel(w / 2, 1) == 0, path + ": letterbox bar not premultiplied black");
        check(presenter.capturedAlpha(x0 + 2, y0 + 2) == 0, path + ": background alpha " + presenter.capturedAlpha(x0 + 2, y0 + 2));
        check(presenter.capturedPixel(x0 + 2, y0 + 2) == 0, path + ": transparent background keeps colour "
                + Integer.toHexString(presenter.capturedPixel(x0 + 2, y0 + 2)) + " (not premultiplied)");
        int centre = presenter.capturedAlpha(x0 + side / 2, y0 + side / 2);
        check(centre == 255, path + ": the avatar's middle has alpha " + centre);
        // Premultiplied in the encoded space, as compositors blend: no channel above alpha. The
        // mesh path resolves its MSAA edges in linear light in an sRGB attachment, so its
        // partly covered outline pixels are premultiplied in linear light (brighter): known,
        // and only there; the tri-plane path (the one a GPU runs live) writes encoded premultiplied
        // colour.
        if (path.equals("mesh")) return;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int a = presenter.capturedAlpha(x, y), rgb = presenter.capturedPixel(x, y);
                for (int c = 0; c < 3; c++) {
                    int v = (rgb >> (8 * c)) & 255;
                    check(v <= a + 1, path + ": pixel " + x + "," + y + " has a channel " + v + " above its alpha " + a);
                }
            }
        }
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
