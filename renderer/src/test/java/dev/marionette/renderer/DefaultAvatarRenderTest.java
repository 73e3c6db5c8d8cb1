package dev.marionette.renderer;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.models.avatar.Avatar;
import dev.marionette.models.avatar.AvatarBuilder;
import dev.marionette.models.template.HeadTemplate;
import dev.marionette.models.template.TemplateDeformer;
import dev.marionette.renderer.mesh.AvatarMesh;
import dev.marionette.renderer.mesh.MeshRenderer;
import dev.marionette.renderer.mesh.OrbitCamera;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.FrameSources;
import dev.marionette.tracking.image.RgbImage;
import dev.marionette.tracking.params.Blink;
import dev.marionette.tracking.params.EyeGaze;
import dev.marionette.tracking.params.Gaze;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The avatar built from the bundled portrait, through the mesh path: pictures to look at. */
class DefaultAvatarRenderTest {
    @Test
    void rendersFromTheSidesAndWithExpressions() {
        Avatar avatar;
        try (FrameSource s = FrameSources.bundledSample()) {
            avatar = new AvatarBuilder().build(s.next().image(), "astronaut", "astronaut.png", "");
        }
        HeadTemplate template = HeadTemplate.around(avatar.neutralFace());
        TemplateDeformer deformer = new TemplateDeformer(template);
        float[] rest = template.neutralPositions();
        try (VulkanContext vk = VulkanTests.validatedContext();
             MeshRenderer r = new MeshRenderer(vk, new AvatarMesh(rest, template.uvs(), template.triangles()), avatar.texture(),
                     MeshRenderer.Settings.of(256, 256).withBackground(0.12f, 0.12f, 0.14f))) {
            String[] names = {"yaw-45", "yaw0", "yaw45", "mouth-open", "eyes-closed", "gaze-left"};
            double[] yaws = {-45, 0, 45, 0, 0, 0};
            float[] jaws = {0, 0, 0, 0.8f, 0, 0};
            Blink[] blinks = {Blink.OPEN, Blink.OPEN, Blink.OPEN, Blink.OPEN, new Blink(1, 1), Blink.OPEN};
            Gaze[] gazes = {Gaze.AHEAD, Gaze.AHEAD, Gaze.AHEAD, Gaze.AHEAD, Gaze.AHEAD,
                    new Gaze(new EyeGaze(-25, 0), new EyeGaze(-25, 0))};
            BufferedImage sheet = new BufferedImage(256 * 6, 256, BufferedImage.TYPE_3BYTE_BGR);
            float[] out = new float[rest.length], displacement = new float[rest.length];
            for (int k = 0; k < names.length; k++) {
                deformer.deform(null, jaws[k], blinks[k], gazes[k], out);
                for (int i = 0; i < rest.length; i++) displacement[i] = out[i] - rest[i];
                r.render(OrbitCamera.pose(yaws[k], 0, 600, new float[] {0, 0, -30}), displacement, true);
                RgbImage img = r.target().toRgbImage();
                sheet.getGraphics().drawImage(img.toBufferedImage(), 256 * k, 0, null);
                // A face fills the middle of every view.
                int skin = 0;
                for (int y = 100; y < 156; y++) for (int x = 100; x < 156; x++) if (img.get(x, y, 0) > img.get(x, y, 2) + 20) skin++;
                assertTrue(skin > 56 * 56 / 2, names[k] + ": skin-coloured centre, " + skin);
            }
            VulkanTests.writePng(sheet, "default-avatar-sheet.png");
            VulkanTests.assertNoValidationMessages(vk);
        }
    }
}
