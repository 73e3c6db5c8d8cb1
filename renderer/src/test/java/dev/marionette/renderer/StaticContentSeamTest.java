package dev.marionette.renderer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marionette.models.avatar.Avatar;
import dev.marionette.models.avatar.AvatarBuilder;
import dev.marionette.models.template.AtlasLayout;
import dev.marionette.renderer.avatar.AvatarMeshView;
import dev.marionette.renderer.mesh.MeshRenderer;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.FrameSources;
import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.image.RgbImage;
import dev.marionette.tracking.params.Blink;
import dev.marionette.tracking.params.Gaze;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The face and the static content around it (hair, forehead beyond the face mesh) meet without a
 * slit: the back-of-head shell, painted a key colour here, must not show in thin lines between
 * them above the eyes, from the front and turned or tilted as users move. (The band of static
 * content under the face's edge lay 7 mm behind the face all the way to the edge; from any pose
 * but the photo's the shell showed through in a line across the forehead and at the temples:
 * 60 to 150 such pixels per view on the default avatar, 33 to 163 on a high-forehead portrait.)
 * Below the eyes the shell may show by design: the neck under a dropping chin.
 */
class StaticContentSeamTest {
    static final int SIZE = 384;
    static final String S0_SHA256 = "ccd094951787cec391f3d444e056ee9a58d715f84152f49100c03bb3ce2962fc";
    static final double DISTANCE_MM = 660;

    /** Measured: none in all nine views. */
    @Test
    void noShellShowsBetweenFaceAndHair() {
        assertFewSlits(portrait(), "default", 12);
    }

    /**
     * A portrait with the hair drawn back from a high forehead (shared data; skipped without it).
     * Measured: none but at yaw 30, 1 to 29 pixels at the temple's hairline, where the photo saw
     * the relief edge-on (not this seam: the band's depth at the edge does not change them).
     */
    @Test
    void noShellShowsOnAHighForehead() {
        Path photo = Path.of(System.getProperty("marionette.sharedData", Path.of("..", "..", "shared", "data").toString()), "s0.jpg");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(photo), "shared portrait s0.jpg not available: skipping");
        // The shared data's convention: a file that is there but not the expected one is a failure.
        assertEquals(S0_SHA256, sha256(photo), "shared portrait s0.jpg is not the expected file");
        RgbImage image;
        try (FrameSource s = FrameSources.open(photo.toString(), dev.marionette.tracking.capture.CaptureOptions.DEFAULT)) {
            image = s.next().image();
        }
        assertFewSlits(image, "s0", 40);
    }

    static String sha256(Path file) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static RgbImage portrait() {
        try (FrameSource s = FrameSources.bundledSample()) {
            return s.next().image();
        }
    }

    static void assertFewSlits(RgbImage photo, String name, int most) {
        Avatar avatar = new AvatarBuilder().build(photo, name, name, "");
        assertTrue(avatar.hasStaticContent(), "the portrait gives static content");
        BufferedImage keyed = new BufferedImage(avatar.texture().getWidth(), avatar.texture().getHeight(), BufferedImage.TYPE_INT_RGB);
        keyed.getGraphics().drawImage(avatar.texture(), 0, 0, null);
        int size = keyed.getWidth();
        float[] r = AtlasLayout.SHELL;
        for (int y = Math.round(r[1] * size); y < Math.round(r[3] * size); y++) {
            for (int x = Math.round(r[0] * size); x < Math.round(r[2] * size); x++) keyed.setRGB(x, y, 0xFF0000);
        }
        Avatar red = new Avatar(avatar.name(), avatar.identityMm(), keyed, avatar.irisRgb(), avatar.provenance(), avatar.staticMesh());
        int worst = 0;
        StringBuilder counts = new StringBuilder();
        try (VulkanContext vk = VulkanTests.validatedContext();
             AvatarMeshView view = new AvatarMeshView(vk, red, MeshRenderer.Settings.of(SIZE, SIZE).withBackground(0f, 0.8f, 0f))) {
            CameraIntrinsics camera = view.renderer().camera();
            for (double yaw : new double[] {-30, 0, 30}) {
                for (double pitch : new double[] {-10, 0, 10}) {
                    HeadPose pose = HeadPose.fromAngles(yaw, pitch, 0, 0, 0, -DISTANCE_MM);
                    view.render(pose, null, 0f, Blink.OPEN, Gaze.AHEAD, true);
                    RgbImage img = view.target().toRgbImage();
                    int slits = slitsAboveTheEyes(img, eyeRow(view, pose, camera));
                    counts.append(String.format(" yaw %.0f pitch %.0f: %d;", yaw, pitch, slits));
                    if (slits > worst) {
                        worst = slits;
                        VulkanTests.writePng(img.toBufferedImage(), "seam-" + name + "-worst.png");
                    }
                }
            }
            VulkanTests.assertNoValidationMessages(vk);
        }
        System.out.println("shell pixels in slits above the eyes (" + name + "):" + counts);
        assertTrue(worst <= most, "the shell shows between face and static content:" + counts);
    }

    /** Image row of the point between the eyes (landmark 168 of the avatar's neutral face). */
    static int eyeRow(AvatarMeshView view, HeadPose pose, CameraIntrinsics camera) {
        float[] p = view.template().neutralPositions();
        double[] c = new double[3];
        pose.toCamera(p[3 * 168], p[3 * 168 + 1], p[3 * 168 + 2], c);
        return (int) Math.round(camera.cy() - camera.fy() * c[1] / -c[2]);
    }

    /**
     * Key-coloured pixels above the given row with face or hair (neither key nor background)
     * within 3 px on both sides, across or along: slits, not the shell's open areas.
     */
    static int slitsAboveTheEyes(RgbImage img, int eyeRow) {
        int w = img.width(), h = img.height();
        boolean[] key = new boolean[w * h], background = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rr = img.get(x, y, 0), g = img.get(x, y, 1), b = img.get(x, y, 2);
                key[y * w + x] = rr > 150 && g < 80 && b < 80;
                background[y * w + x] = g > 150 && rr < 80 && b < 80;
            }
        }
        int n = 0;
        for (int y = 3; y < Math.min(h - 3, eyeRow); y++) {
            for (int x = 3; x < w - 3; x++) {
                if (!key[y * w + x]) continue;
                boolean up = false, down = false, left = false, right = false;
                for (int k = 1; k <= 3; k++) {
                    up |= solid(key, background, (y - k) * w + x);
                    down |= solid(key, background, (y + k) * w + x);
                    left |= solid(key, background, y * w + x - k);
                    right |= solid(key, background, y * w + x + k);
                }
                if ((up && down) || (left && right)) n++;
            }
        }
        return n;
    }

    private static boolean solid(boolean[] key, boolean[] background, int i) {
        return !key[i] && !background[i];
    }
}
