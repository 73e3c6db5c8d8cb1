package dev.marionette.renderer;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.models.template.AtlasPainter;
import dev.marionette.models.template.HeadTemplate;
import dev.marionette.models.template.TemplateDeformer;
import dev.marionette.renderer.mesh.AvatarMesh;
import dev.marionette.renderer.mesh.MeshRenderer;
import dev.marionette.renderer.mesh.OrbitCamera;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.tracking.image.RgbImage;
import dev.marionette.tracking.params.Blink;
import dev.marionette.tracking.params.EyeGaze;
import dev.marionette.tracking.params.Gaze;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The head template through the mesh path: side views closed, mouth, lids and eyes work. */
class HeadTemplateRenderTest {
    static final int SIZE = 256;
    static VulkanContext vk;
    static MeshRenderer renderer;
    static HeadTemplate template;
    static TemplateDeformer deformer;
    static float[] rest;

    @BeforeAll
    static void setUp() {
        vk = VulkanTests.validatedContext();
        template = HeadTemplate.canonical();
        deformer = new TemplateDeformer(template);
        rest = template.neutralPositions();
        BufferedImage atlas = AtlasPainter.paint(template, 1024, null, AtlasPainter.Palette.NEUTRAL);
        VulkanTests.writePng(atlas, "template-atlas.png");
        renderer = new MeshRenderer(vk, new AvatarMesh(rest, template.uvs(), template.triangles()), atlas,
                MeshRenderer.Settings.of(SIZE, SIZE).withBackground(0.1f, 0.1f, 0.12f));
    }

    @AfterAll
    static void tearDown() {
        if (renderer != null) renderer.close();
        if (vk != null) {
            VulkanTests.assertNoValidationMessages(vk);
            vk.close();
        }
    }

    static RgbImage render(double yaw, double pitch, float jaw, Blink blink, Gaze gaze, String name) {
        float[] out = new float[rest.length];
        deformer.deform(null, jaw, blink, gaze, out);
        float[] displacement = new float[rest.length];
        for (int i = 0; i < rest.length; i++) displacement[i] = out[i] - rest[i];
        renderer.render(OrbitCamera.pose(yaw, pitch, 620, new float[] {0, 0, -30}), displacement, true);
        RgbImage img = renderer.target().toRgbImage();
        VulkanTests.writePng(img.toBufferedImage(), name);
        return img;
    }

    static int backgroundPixels(RgbImage img, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) {
            if (Math.abs(img.get(x, y, 0) - img.get(0, 0, 0)) < 4 && Math.abs(img.get(x, y, 2) - img.get(0, 0, 2)) < 4) n++;
        }
        return n;
    }

    @Test
    void sideViewsShowAClosedHead() {
        for (double yaw : new double[] {-90, -60, 0, 60, 90, 180}) {
            RgbImage img = render(yaw, 0, 0, Blink.OPEN, Gaze.AHEAD, "template-yaw" + (int) yaw + ".png");
            // The head's centre area is surface, not background, from every side.
            assertEquals(0, backgroundPixels(img, SIZE / 2 - 20, SIZE / 2 - 20, SIZE / 2 + 20, SIZE / 2 + 20), "holes at yaw " + yaw);
        }
        VulkanTests.assertNoValidationMessages(vk);
    }

    @Test
    void mouthOpensOnTheCavityAndEyesCloseAndTurn() {
        RgbImage neutral = render(0, 0, 0, Blink.OPEN, Gaze.AHEAD, "template-neutral.png");
        RgbImage open = render(0, 0, 1f, Blink.OPEN, Gaze.AHEAD, "template-jaw-open.png");
        RgbImage shut = render(0, 0, 0, new Blink(1, 1), Gaze.AHEAD, "template-eyes-closed.png");
        RgbImage left = render(0, 0, 0, Blink.OPEN, new Gaze(new EyeGaze(-25, 0), new EyeGaze(-25, 0)), "template-gaze-left.png");
        assertTrue(darkPixels(open) > darkPixels(neutral) + 100, "an open mouth shows the dark cavity");
        assertTrue(irisPixels(shut) < irisPixels(neutral) / 5, "closed lids hide the irises: " + irisPixels(shut) + " vs " + irisPixels(neutral));
        assertTrue(irisCentreX(left) < irisCentreX(neutral) - 2, "gaze to the image's left moves the irises left");
    }

    static int darkPixels(RgbImage img) {
        int n = 0;
        for (int y = 0; y < SIZE; y++) for (int x = 0; x < SIZE; x++) {
            int r = img.get(x, y, 0), g = img.get(x, y, 1), b = img.get(x, y, 2);
            if (r < 90 && g < 40 && b < 45 && r > g) n++;
        }
        return n;
    }

    /** Eye band of the frontal view (set by looking at template-neutral.png): rows 90–120, columns 80–180. */
    static final int EYE_TOP = 90, EYE_BOTTOM = 120, EYE_LEFT = 80, EYE_RIGHT = 180;

    /** Iris pixels in the eye band: the brown iris colour, darker and less red than skin. */
    static int irisPixels(RgbImage img) {
        int n = 0;
        for (int y = EYE_TOP; y < EYE_BOTTOM; y++) for (int x = EYE_LEFT; x < EYE_RIGHT; x++) if (isIris(img, x, y)) n++;
        return n;
    }

    static boolean isIris(RgbImage img, int x, int y) {
        int r = img.get(x, y, 0), g = img.get(x, y, 1), b = img.get(x, y, 2);
        return r < 110 && r > 20 && g < 90 && b < 70 && r >= b;
    }

    static double irisCentreX(RgbImage img) {
        double sum = 0;
        int n = 0;
        for (int y = EYE_TOP; y < EYE_BOTTOM; y++) for (int x = EYE_LEFT; x < EYE_RIGHT; x++) if (isIris(img, x, y)) {
            sum += x;
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
