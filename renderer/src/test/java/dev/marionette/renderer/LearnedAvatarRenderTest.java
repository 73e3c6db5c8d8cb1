package dev.marionette.renderer;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.models.avatar.Avatar;
import dev.marionette.models.avatar.DefaultAvatar;
import dev.marionette.models.learned.AppearanceFitter;
import dev.marionette.models.learned.DjlAppearanceFitter;
import dev.marionette.models.learned.FitSettings;
import dev.marionette.models.template.TemplateDeformer;
import dev.marionette.renderer.avatar.AvatarSurfaces;
import dev.marionette.renderer.avatar.AvatarView;
import dev.marionette.renderer.triplane.TriPlaneAvatar;
import dev.marionette.renderer.triplane.TriPlaneRenderer;
import dev.marionette.renderer.mesh.OrbitCamera;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.tracking.params.Blink;
import dev.marionette.tracking.params.Gaze;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A learned avatar (fitted here to the default avatar's atlas) through both renderers: the mesh
 * path samples the atlas the Java decoder bakes (the oracle), the tri-plane path carries the
 * neural features through its planes and decodes them with the MLP on the GPU. That it does is
 * checked by rendering it once more with a flat grey texture: the face must not change.
 *
 * <p>Face pixels are those covered by a render: the same over two backgrounds. (Until
 * 2026-11-28 the mask was the opposite, the pixels that changed with the background, so the
 * figures this test printed then, 40–45 dB, compared backgrounds and outlines.)
 */
class LearnedAvatarRenderTest {
    static final int SIZE = 128;
    private static final float[] BG_A = {0.12f, 0.12f, 0.14f}, BG_B = {0.9f, 0.5f, 0.1f};

    @Test
    void triPlaneMatchesMeshAndTheLearnedAvatarLooksLikeThePhotoOne() {
        VulkanTests.requireVulkan();
        // The head alone: how the tri-plane path draws static content (hair, torso) is
        // DefaultAvatarRenderTest's; here the learned appearance is what is compared.
        Avatar photo = DefaultAvatar.get().withStaticMesh(null);
        Avatar learned;
        try (AppearanceFitter fitter = new DjlAppearanceFitter()) {
            learned = photo.withLearned(fitter.fit(photo.texture(), FitSettings.defaults().withSteps(100), null));
        }
        int[] yaws = {-25, 0, 25};
        BufferedImage sheet = new BufferedImage(SIZE * 4, SIZE * yaws.length, BufferedImage.TYPE_INT_RGB);
        StringBuilder table = new StringBuilder("face-pixel PSNR (dB): learned tri-plane vs learned mesh, learned mesh vs photo mesh,"
                + " learned tri-plane over a grey texture vs learned tri-plane\n");
        AvatarSurfaces surfaces = AvatarSurfaces.of(learned);
        BufferedImage grey = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) grey.setRGB(x, y, 0x808080);
        TriPlaneAvatar greyAvatar = TriPlaneAvatar.of(surfaces.head(), grey)
                .withLearned(new TriPlaneAvatar.Learned(learned.learned(), surfaces.atlasU(), surfaces.atlasV()));
        float[] rest = surfaces.template().neutralPositions(), displacement = new float[rest.length];
        new TemplateDeformer(surfaces.template()).deform(null, 0, Blink.OPEN, Gaze.AHEAD, displacement);
        for (int i = 0; i < rest.length; i++) displacement[i] -= rest[i];
        try (VulkanContext vk = VulkanTests.validatedContext();
             TriPlaneRenderer neuralOnly = new TriPlaneRenderer(vk, greyAvatar, TriPlaneRenderer.Settings.of(SIZE, SIZE)
                     .withBackground(BG_A[0], BG_A[1], BG_A[2]));
             AvatarView tri = AvatarView.create(AvatarView.Kind.TRIPLANE, vk, learned, SIZE, false);
             AvatarView mesh = AvatarView.create(AvatarView.Kind.MESH, vk, learned, SIZE, false);
             AvatarView photoMesh = AvatarView.create(AvatarView.Kind.MESH, vk, photo, SIZE, false)) {
            for (int k = 0; k < yaws.length; k++) {
                var pose = OrbitCamera.pose(yaws[k], 0, 600, new float[] {0, 0, -30});
                byte[][] t = twoBackgrounds(tri, pose), m = twoBackgrounds(mesh, pose), p = twoBackgrounds(photoMesh, pose);
                boolean[] face = new boolean[SIZE * SIZE];
                int pixels = 0;
                for (int i = 0; i < face.length; i++) {
                    // Covered: the pixel does not change with the background.
                    boolean meshFace = !differs(m[0], m[1], i);
                    face[i] = meshFace || !differs(t[0], t[1], i);
                    if (meshFace) pixels++;
                }
                assertTrue(pixels > SIZE * SIZE / 8, "the head covers only " + pixels + " pixels: set-up is wrong");
                neuralOnly.render(pose, displacement, true);
                byte[] g = new byte[3 * SIZE * SIZE];
                neuralOnly.readRgb(g);
                double triVsMesh = psnr(t[0], m[0], face), learnedVsPhoto = psnr(m[0], p[0], face), greyVsTri = psnr(g, t[0], face);
                table.append(String.format(Locale.ROOT, "yaw %4d: %6.2f %6.2f %6.2f%n", yaws[k], triVsMesh, learnedVsPhoto, greyVsTri));
                draw(sheet, m[0], 0, k);
                draw(sheet, t[0], 1, k);
                draw(sheet, p[0], 2, k);
                draw(sheet, g, 3, k);
                // Measured 29.1-29.7 dB (the photo path's own agreement on this head is of the same
                // order: the tri-plane's 128² outline and UV-chart edges), 46.6-47.3 dB, identical.
                assertTrue(triVsMesh >= 27, "yaw " + yaws[k] + ": tri-plane vs mesh " + triVsMesh + " dB\n" + table);
                assertTrue(greyVsTri >= 45, "yaw " + yaws[k] + ": the face changed with the texture: " + greyVsTri + " dB\n" + table);
                assertTrue(learnedVsPhoto >= 40, "yaw " + yaws[k] + ": learned vs photo " + learnedVsPhoto + " dB\n" + table);
            }
            VulkanTests.writePng(sheet, "learned-mesh-triplane-photo.png");

            // Upsampled (128² march, 512² output), the decoded face stays as close to the oracle.
            int big = 4 * SIZE;
            try (AvatarView triBig = AvatarView.create(AvatarView.Kind.TRIPLANE, vk, learned, big, false);
                 AvatarView meshBig = AvatarView.create(AvatarView.Kind.MESH, vk, learned, big, false)) {
                var pose = OrbitCamera.pose(0, 0, 600, new float[] {0, 0, -30});
                byte[] tb = new byte[3 * big * big], mb = new byte[3 * big * big], mb2 = new byte[3 * big * big];
                triBig.setBackground(BG_A[0], BG_A[1], BG_A[2]);
                triBig.render(pose, null, 0, Blink.OPEN, Gaze.AHEAD, true);
                triBig.readRgb(tb);
                meshBig.setBackground(BG_A[0], BG_A[1], BG_A[2]);
                meshBig.render(pose, null, 0, Blink.OPEN, Gaze.AHEAD, true);
                meshBig.readRgb(mb);
                meshBig.setBackground(BG_B[0], BG_B[1], BG_B[2]);
                meshBig.render(pose, null, 0, Blink.OPEN, Gaze.AHEAD, true);
                meshBig.readRgb(mb2);
                boolean[] face = new boolean[big * big];
                for (int i = 0; i < face.length; i++) face[i] = !differs(mb, mb2, i);
                double upsampled = psnr(tb, mb, face);
                table.append(String.format(Locale.ROOT, "upsampled to %d², frontal: %.2f dB%n", big, upsampled));
                // Measured 29.7 dB (the decoded atlas's finer detail added to it measured 28.9: it
                // was not kept).
                assertTrue(upsampled >= 28, "upsampled learned face vs mesh " + upsampled + " dB\n" + table);
            }
            VulkanTests.assertNoValidationMessages(vk);
        }
        System.out.print(table);
    }

    private static byte[][] twoBackgrounds(AvatarView view, dev.marionette.tracking.geometry.HeadPose pose) {
        byte[][] out = new byte[2][3 * SIZE * SIZE];
        float[][] bgs = {BG_A, BG_B};
        for (int i = 0; i < 2; i++) {
            view.setBackground(bgs[i][0], bgs[i][1], bgs[i][2]);
            view.render(pose, null, 0, Blink.OPEN, Gaze.AHEAD, true);
            view.readRgb(out[i]);
        }
        return out;
    }

    private static boolean differs(byte[] a, byte[] b, int pixel) {
        for (int c = 0; c < 3; c++) if (Math.abs((a[3 * pixel + c] & 255) - (b[3 * pixel + c] & 255)) > 1) return true;
        return false;
    }

    private static double psnr(byte[] a, byte[] b, boolean[] mask) {
        double sq = 0;
        long n = 0;
        for (int i = 0; i < mask.length; i++) {
            if (!mask[i]) continue;
            for (int c = 0; c < 3; c++) {
                int d = (a[3 * i + c] & 255) - (b[3 * i + c] & 255);
                sq += d * d;
                n++;
            }
        }
        return sq == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 * n / sq);
    }

    private static void draw(BufferedImage sheet, byte[] rgb, int column, int row) {
        for (int y = 0; y < SIZE; y++) for (int x = 0; x < SIZE; x++) {
            int i = 3 * (y * SIZE + x);
            sheet.setRGB(column * SIZE + x, row * SIZE + y, (rgb[i] & 255) << 16 | (rgb[i + 1] & 255) << 8 | rgb[i + 2] & 255);
        }
    }
}
