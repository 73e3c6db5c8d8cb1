package dev.marionette.renderer;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.models.avatar.Avatar;
import dev.marionette.models.avatar.AvatarBuilder;
import dev.marionette.renderer.avatar.AvatarView;
import dev.marionette.renderer.mesh.OrbitCamera;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.FrameSources;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.image.RgbImage;
import dev.marionette.tracking.params.Blink;
import dev.marionette.tracking.params.EyeGaze;
import dev.marionette.tracking.params.Gaze;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The avatar built from the bundled portrait through both views the app uses (mesh path, the
 * oracle, and tri-plane path), with its static content (hair, ears, neck, torso): pictures to
 * look at, coverage beyond the head, and the two paths' agreement.
 */
class DefaultAvatarRenderTest {
    static final int SIZE = 256;
    static final double DISTANCE_MM = 600;
    static final float[] PIVOT = {0, 0, -30};
    /** A key colour no part of the avatar has: whatever differs from it is covered. */
    static final float[] KEY = {0, 1, 0};

    static VulkanContext vk;
    static Avatar avatar;

    @BeforeAll
    static void setUp() {
        try (FrameSource s = FrameSources.bundledSample()) {
            avatar = new AvatarBuilder().build(s.next().image(), "astronaut", "astronaut.png", "");
        }
        vk = VulkanTests.validatedContext();
    }

    @AfterAll
    static void tearDown() {
        if (vk != null) {
            VulkanTests.assertNoValidationMessages(vk);
            vk.close();
        }
    }

    static RgbImage render(AvatarView view, HeadPose pose, float jaw, Blink blink, Gaze gaze) {
        view.render(pose, null, jaw, blink, gaze, true);
        byte[] rgb = new byte[3 * SIZE * SIZE];
        view.readRgb(rgb);
        return new RgbImage(SIZE, SIZE, rgb);
    }

    static HeadPose orbit(double yaw) {
        return OrbitCamera.pose(yaw, 0, DISTANCE_MM, PIVOT);
    }

    @Test
    void rendersFromTheSidesAndWithExpressionsOnBothPaths() {
        String[] names = {"yaw-45", "yaw0", "yaw45", "mouth-open", "eyes-closed", "gaze-left"};
        double[] yaws = {-45, 0, 45, 0, 0, 0};
        float[] jaws = {0, 0, 0, 0.8f, 0, 0};
        Blink[] blinks = {Blink.OPEN, Blink.OPEN, Blink.OPEN, Blink.OPEN, new Blink(1, 1), Blink.OPEN};
        Gaze[] gazes = {Gaze.AHEAD, Gaze.AHEAD, Gaze.AHEAD, Gaze.AHEAD, Gaze.AHEAD, new Gaze(new EyeGaze(-25, 0), new EyeGaze(-25, 0))};
        BufferedImage sheet = new BufferedImage(SIZE * names.length, 2 * SIZE, BufferedImage.TYPE_3BYTE_BGR);
        AvatarView.Kind[] kinds = {AvatarView.Kind.MESH, AvatarView.Kind.TRIPLANE};
        for (int row = 0; row < kinds.length; row++) {
            try (AvatarView view = AvatarView.create(kinds[row], vk, avatar, SIZE, false)) {
                for (int k = 0; k < names.length; k++) {
                    RgbImage img = render(view, orbit(yaws[k]), jaws[k], blinks[k], gazes[k]);
                    sheet.getGraphics().drawImage(img.toBufferedImage(), SIZE * k, SIZE * row, null);
                    // A face fills the middle of every view.
                    int skin = 0;
                    for (int y = 100; y < 156; y++) for (int x = 100; x < 156; x++) if (img.get(x, y, 0) > img.get(x, y, 2) + 20) skin++;
                    assertTrue(skin > 56 * 56 / 2, kinds[row] + " " + names[k] + ": skin-coloured centre, " + skin);
                }
            }
        }
        VulkanTests.writePng(sheet, "default-avatar-sheet.png");
        VulkanTests.assertNoValidationMessages(vk);
    }

    /** Pixels that differ from the key colour. */
    static boolean[] covered(RgbImage img) {
        boolean[] out = new boolean[img.width() * img.height()];
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                boolean key = true;
                for (int c = 0; c < 3; c++) key &= Math.abs(img.get(x, y, c) - Math.round(KEY[c] * 255)) <= 2;
                out[y * img.width() + x] = !key;
            }
        }
        return out;
    }

    static int count(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) if (b) n++;
        return n;
    }

    static RgbImage keyed(AvatarView.Kind kind, Avatar which, double yaw) {
        return keyed(kind, which, yaw, 0);
    }

    static RgbImage keyed(AvatarView.Kind kind, Avatar which, double yaw, float jaw) {
        try (AvatarView view = AvatarView.create(kind, vk, which, SIZE, false)) {
            view.setBackground(KEY[0], KEY[1], KEY[2]);
            return render(view, orbit(yaw), jaw, Blink.OPEN, Gaze.AHEAD);
        }
    }

    /**
     * An opening jaw drops the chin over the neck, which is static content: the face must stay in
     * front of it. The face alone is rendered with the back-of-head shell keyed out of the
     * texture; over the lower third of the face (inner pixels, not its one-pixel rim) the picture
     * with static content must show the same pixels. Measured at jawOpen 0.8, frontal, before the
     * neck over the shell stood back under the chin: mesh 10.1 % of those pixels showed the static
     * neck instead (a straight cut across the chin), tri-plane 17.8 % (4.7 % at rest); after, 0.0 %
     * and 7.2 % (4.6 % at rest).
     */
    @ParameterizedTest
    @EnumSource(AvatarView.Kind.class)
    void anOpenJawStaysInFrontOfTheStaticNeck(AvatarView.Kind kind) {
        BufferedImage texture = avatar.texture();
        BufferedImage keyedShell = new BufferedImage(texture.getWidth(), texture.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        keyedShell.getGraphics().drawImage(texture, 0, 0, null);
        int w = texture.getWidth(), h = texture.getHeight();
        float[] shell = dev.marionette.models.template.AtlasLayout.SHELL;
        int key = new java.awt.Color(KEY[0], KEY[1], KEY[2]).getRGB();
        for (int y = Math.round(shell[1] * h); y < Math.round(shell[3] * h); y++) {
            for (int x = Math.round(shell[0] * w); x < Math.round(shell[2] * w); x++) keyedShell.setRGB(x, y, key);
        }
        Avatar faceOnly = new Avatar("face only", avatar.identityMm(), keyedShell, avatar.irisRgb(), avatar.provenance());
        double[] fractions = new double[2];
        float[] jaws = {0, 0.8f};
        for (int j = 0; j < 2; j++) {
            float jaw = jaws[j];
            RgbImage face = keyed(kind, faceOnly, 0, jaw), all = keyed(kind, avatar, 0, jaw);
            boolean[] covered = covered(face);
            int top = SIZE, bottom = -1;
            for (int i = 0; i < covered.length; i++) {
                if (!covered[i]) continue;
                top = Math.min(top, i / SIZE);
                bottom = Math.max(bottom, i / SIZE);
            }
            int lower = 0, hidden = 0;
            for (int y = bottom - (bottom - top) / 3; y < bottom; y++) {
                for (int x = 1; x < SIZE - 1; x++) {
                    int i = y * SIZE + x;
                    if (!(covered[i] && covered[i - 1] && covered[i + 1] && covered[i - SIZE] && covered[i + SIZE])) continue;
                    lower++;
                    int worst = 0;
                    for (int c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(face.get(x, y, c) - all.get(x, y, c)));
                    if (worst > 40) hidden++;
                }
            }
            if (jaw > 0) {
                String name = "default-avatar-open-jaw-" + kind.name().toLowerCase(Locale.ROOT);
                VulkanTests.writePng(all.toBufferedImage(), name + ".png");
                VulkanTests.writePng(face.toBufferedImage(), name + "-face-only.png");
            }
            double fraction = (double) hidden / lower;
            System.out.printf(Locale.ROOT, "%s, jawOpen %.1f: %.1f %% of the lower third of the face (%d pixels) hidden by static content%n", kind,
                    jaw, 100 * fraction, lower);
            assertTrue(lower > 1000, kind + ": the face's lower third has only " + lower + " pixels");
            fractions[j] = fraction;
        }
        // The tri-plane path blends the static planes into the face's near its edge even at rest
        // (4.6 %): what the open jaw adds to that is what counts there. Of the 2.6 points it adds
        // now, the chin is whole (default-avatar-open-jaw-triplane.png); the rest lies inside the
        // open mouth, where the static planes' side layers meet the cavity.
        double allowed = kind == AvatarView.Kind.MESH ? 0.02 : fractions[0] + 0.04;
        assertTrue(fractions[1] < allowed, kind + ": with the jaw open static content hides " + 100 * fractions[1] + " % of the chin (at rest "
                + 100 * fractions[0] + " %)");
    }

    /**
     * Nothing behind the head shows through it: no background pixel enclosed by the avatar, on
     * both paths, turned and with the jaw shut or open. Measured on the mesh path before the eye
     * sockets, the mouth-corner lining and the wider cavity: 19 to 26 pixels at yaw ±30 (the
     * eyes' corners, where the opening is wider than the eyeball), up to 48 with the jaw open (a
     * turned open mouth's far corner), 1 to 2 at the frontal mouth's corners as it opens (and,
     * with the static content in the frame, at the resting smile's corners).
     */
    @ParameterizedTest
    @ValueSource(floats = {0, 0.5f, 1})
    void noHolesThroughTheHead(float jaw) {
        Avatar bald = avatar.withStaticMesh(null);
        StringBuilder report = new StringBuilder();
        int total = 0;
        for (AvatarView.Kind kind : AvatarView.Kind.values()) {
            try (AvatarView view = AvatarView.create(kind, vk, bald, SIZE, false)) {
                view.setBackground(KEY[0], KEY[1], KEY[2]);
                for (double yaw : new double[] {-30, 0, 30}) {
                    int holes = enclosedBackground(covered(render(view, orbit(yaw), jaw, Blink.OPEN, Gaze.AHEAD)));
                    total += holes;
                    report.append(String.format(Locale.ROOT, "%s yaw %.0f: %d enclosed background pixels; ", kind, yaw, holes));
                }
            }
        }
        System.out.println("jawOpen " + jaw + ": " + report);
        assertEquals(0, total, "background shows through the head: " + report);
    }

    /** Background pixels the border's background cannot reach through background (4-connected). */
    static int enclosedBackground(boolean[] covered) {
        boolean[] reached = new boolean[covered.length];
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        for (int i = 0; i < SIZE; i++) {
            for (int p : new int[] {i, (SIZE - 1) * SIZE + i, i * SIZE, i * SIZE + SIZE - 1}) {
                if (!covered[p] && !reached[p]) {
                    reached[p] = true;
                    queue.add(p);
                }
            }
        }
        while (!queue.isEmpty()) {
            int p = queue.poll(), x = p % SIZE, y = p / SIZE;
            int[] next = {x > 0 ? p - 1 : -1, x < SIZE - 1 ? p + 1 : -1, y > 0 ? p - SIZE : -1, y < SIZE - 1 ? p + SIZE : -1};
            for (int q : next) {
                if (q >= 0 && !covered[q] && !reached[q]) {
                    reached[q] = true;
                    queue.add(q);
                }
            }
        }
        int enclosed = 0;
        for (int i = 0; i < covered.length; i++) if (!covered[i] && !reached[i]) enclosed++;
        return enclosed;
    }

    @Test
    void staticContentAddsHairAndShouldersOnBothPaths() {
        assertTrue(avatar.hasStaticContent(), "the default avatar has static content");
        Avatar bald = avatar.withStaticMesh(null);
        boolean[][] all = new boolean[2][];
        int[] aboveHead = new int[2];
        StringBuilder report = new StringBuilder();
        AvatarView.Kind[] kinds = {AvatarView.Kind.MESH, AvatarView.Kind.TRIPLANE};
        for (int k = 0; k < kinds.length; k++) {
            AvatarView.Kind kind = kinds[k];
            boolean[] head = covered(keyed(kind, bald, 0));
            RgbImage withStatic = keyed(kind, avatar, 0);
            all[k] = covered(withStatic);
            VulkanTests.writePng(withStatic.toBufferedImage(), "default-avatar-static-" + kind.name().toLowerCase(Locale.ROOT) + ".png");
            int headPixels = count(head), allPixels = count(all[k]);
            // Hair above the head alone, collar and shoulders in the bottom corners.
            int top = SIZE;
            for (int i = 0; i < head.length; i++) if (head[i]) top = Math.min(top, i / SIZE);
            int above = 0;
            for (int i = 0; i < top * SIZE; i++) if (all[k][i]) above++;
            int left = 0, right = 0;
            int third = SIZE / 3, band = 40 * third;
            for (int y = SIZE - 40; y < SIZE; y++) {
                for (int x = 0; x < third; x++) {
                    if (all[k][y * SIZE + x]) left++;
                    if (all[k][y * SIZE + SIZE - 1 - x]) right++;
                }
            }
            report.append(String.format(Locale.ROOT, "%s: covers %d of %d pixels with static content, %d without; %d above the head (top row %d);"
                    + " bottom 40 rows, outer thirds: %d / %d of %d%n", kind, allPixels, SIZE * SIZE, headPixels, above, top, left, right, band));
            assertTrue(allPixels > headPixels + SIZE * SIZE / 8, kind + ": static content adds too little\n" + report);
            assertTrue(above > 200, kind + ": too little hair above the head\n" + report);
            aboveHead[k] = above;
            assertTrue(left > band / 3 && right > band / 3, kind + ": collar and shoulders missing low on the left or right\n" + report);
        }
        int both = 0, meshOnly = 0;
        for (int i = 0; i < all[0].length; i++) {
            if (all[0][i] && all[1][i]) both++;
            else if (all[0][i]) meshOnly++;
        }
        report.append(String.format(Locale.ROOT, "covered on both paths %d, on the mesh path only %d%n", both, meshOnly));
        System.out.print(report);
        // Measured: 0 pixels, and 2936 above the head against the mesh path's 2894. Before the side
        // layers saw the relief swept back (StaticTriPlane.RELIEF_DEPTH_MM) they carved the top of
        // the hair away: 611 pixels on the mesh path only, 2384 above the head.
        assertTrue(meshOnly < (both + meshOnly) / 200, "the tri-plane path misses too much of what the mesh path covers\n" + report);
        assertTrue(Math.abs(aboveHead[1] - aboveHead[0]) < aboveHead[0] / 10,
                "the tri-plane path's hair above the head differs from the mesh path's\n" + report);
        VulkanTests.assertNoValidationMessages(vk);
    }

    @Test
    void triPlaneMatchesTheMeshPathOverAllCoveredPixels() throws IOException {
        StringBuilder report = new StringBuilder("default avatar, tri-plane vs mesh PSNR over covered pixels (" + SIZE + "², march 128²)\n");
        double worst = Double.POSITIVE_INFINITY, worstDrop = 0;
        int worstDiffer = 0;
        for (double yaw : new double[] {-45, 0, 45}) {
            RgbImage bareMesh = keyed(AvatarView.Kind.MESH, avatar.withStaticMesh(null), yaw);
            RgbImage bareTri = keyed(AvatarView.Kind.TRIPLANE, avatar.withStaticMesh(null), yaw);
            boolean[] bareA = covered(bareMesh), bareB = covered(bareTri);
            int bareDiffer = 0;
            for (int i = 0; i < bareA.length; i++) {
                if (bareA[i] != bareB[i]) bareDiffer++;
                bareA[i] |= bareB[i];
            }
            double bareDb = TriPlaneRendererTest.psnr(bareTri, bareMesh, bareA);
            report.append(String.format(Locale.ROOT, "yaw %4.0f, head alone: %.2f dB over %d pixels, coverage differs on %d%n",
                    yaw, bareDb, count(bareA), bareDiffer));
            VulkanTests.writePng(TriPlaneRendererTest.sideBySide(bareMesh, bareTri), String.format(Locale.ROOT, "default-avatar-bare-triplane-vs-mesh-yaw%.0f.png", yaw));
            RgbImage mesh = keyed(AvatarView.Kind.MESH, avatar, yaw);
            RgbImage tri = keyed(AvatarView.Kind.TRIPLANE, avatar, yaw);
            boolean[] a = covered(mesh), b = covered(tri), union = new boolean[a.length];
            int differ = 0;
            for (int i = 0; i < a.length; i++) {
                union[i] = a[i] || b[i];
                if (a[i] != b[i]) differ++;
            }
            double db = TriPlaneRendererTest.psnr(tri, mesh, union);
            worst = Math.min(worst, db);
            worstDrop = Math.max(worstDrop, bareDb - db);
            worstDiffer = Math.max(worstDiffer, differ - bareDiffer);
            report.append(String.format(Locale.ROOT, "yaw %4.0f: %.2f dB over %d pixels, coverage differs on %d%n", yaw, db, count(union), differ));
            VulkanTests.writePng(TriPlaneRendererTest.sideBySide(mesh, tri), String.format(Locale.ROOT, "default-avatar-triplane-vs-mesh-yaw%.0f.png", yaw));
        }
        System.out.print(report);
        Files.createDirectories(VulkanTests.outputFile("x").getParent());
        Files.writeString(VulkanTests.outputFile("default-avatar-psnr.txt"), report);
        // At this size the tri-plane path is upsampled from a 128² march and blurs what the mesh
        // path draws sharply (the head alone measures 25.7 / 26.4 / 26.5 dB at yaw -45 / 0 / 45;
        // the 32 dB oracle is TriPlaneRendererTest, unscaled), and its soft outline covers a ring
        // of about one pixel more (the head alone: 783 / 667 / 750 pixels). With static content
        // it measures 24.8 / 26.8 / 25.6 dB, coverage differing on 1183 / 911 / 1118 pixels (a
        // longer outline). Before the static relief was swept back in the side layers
        // (StaticTriPlane.RELIEF_DEPTH_MM) those layers carved the top of the hair away at yaw
        // -45 and 0: 19.6 / 22.1 / 25.7 dB, 2086 / 1380 / 973 pixels differing. Before UV charts
        // were kept apart (TriPlaneSeamTest) the head alone measured 23.9 / 23.5 / 24.8 dB. A
        // regression guard, not the oracle's standard. Now (the jaw's clearance in the static
        // neck, the eye sockets and the mouth lining): head alone 27.1 / 26.8 / 27.7 dB, with
        // static content 25.9 / 27.0 / 26.2 dB, coverage differing on 1122 / 914 / 1095 pixels.
        assertTrue(worst >= 24 && worstDrop <= 1.5, "worst " + worst + " dB, " + worstDrop + " dB below the head alone\n" + report);
        assertTrue(worstDiffer <= 600, "coverage differs on " + worstDiffer + " more pixels than for the head alone\n" + report);
        VulkanTests.assertNoValidationMessages(vk);
    }
}
