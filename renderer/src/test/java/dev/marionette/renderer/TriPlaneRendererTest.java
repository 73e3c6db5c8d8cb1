package dev.marionette.renderer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marionette.renderer.mesh.AvatarMesh;
import dev.marionette.renderer.mesh.DebugTextures;
import dev.marionette.renderer.mesh.MeshRenderer;
import dev.marionette.renderer.triplane.TriPlaneAvatar;
import dev.marionette.renderer.triplane.TriPlaneLayout;
import dev.marionette.renderer.triplane.TriPlaneRenderer;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.image.RgbImage;
import dev.marionette.tracking.params.Blendshapes;
import dev.marionette.tracking.params.Blink;
import dev.marionette.tracking.params.Gaze;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tri-plane path against its oracle, the mesh path: same avatar, same frames, same camera.
 * One context for all; small sizes so the suite stays quick on a CPU driver.
 */
class TriPlaneRendererTest {
    /** Face-pixel PSNR the tri-plane render must reach against the mesh render, every view. */
    static final double MIN_PSNR_DB = 32;
    static final int SIZE = 128;
    private static final float[] BACKGROUND_A = {0.12f, 0.12f, 0.14f};
    private static final float[] BACKGROUND_B = {0.9f, 0.5f, 0.1f};

    private static VulkanContext context;

    @BeforeAll
    static void open() {
        context = VulkanTests.validatedContext();
    }

    @AfterAll
    static void close() {
        if (context != null) context.close();
    }

    @AfterEach
    void noValidationMessages() {
        if (context != null) VulkanTests.assertNoValidationMessages(context);
    }

    private static TriPlaneAvatar faceOnly() {
        return TriPlaneAvatar.of(TestAvatars.mesh(), TestAvatars.texture());
    }

    /** Output and march grid at {@code size}²: the comparison sees the march, not the upsampler. */
    private static TriPlaneRenderer.Settings unscaled(int size, float[] background) {
        return TriPlaneRenderer.Settings.of(size, size).withMarch(size, size).withBackground(background[0], background[1], background[2]);
    }

    private static MeshRenderer.Settings meshSettings(int size, float[] background) {
        return MeshRenderer.Settings.of(size, size).withBackground(background[0], background[1], background[2]);
    }

    /**
     * Pixels the content touches: whatever differs between renders over two backgrounds, or
     * differs from the background in either.
     */
    /** Both paths' renders of one pose over two backgrounds: what each covers, and where they agree to compare. */
    record Compared(RgbImage tri, RgbImage mesh, boolean[] covered, int meshPixels, int meshOnly) {}

    static Compared compare(HeadPose pose, TriPlaneRenderer triA, TriPlaneRenderer triB, MeshRenderer meshA, MeshRenderer meshB) {
        triA.render(pose, true);
        triB.render(pose, true);
        meshA.render(pose, true);
        meshB.render(pose, true);
        RgbImage tri = triA.toRgbImage(), mesh = meshA.target().toRgbImage();
        boolean[] a = touched(mesh, meshB.target().toRgbImage()), b = touched(tri, triB.toRgbImage());
        boolean[] union = new boolean[a.length];
        int meshPixels = 0, meshOnly = 0;
        for (int i = 0; i < a.length; i++) {
            union[i] = a[i] || b[i];
            if (a[i]) meshPixels++;
            if (a[i] && !b[i]) meshOnly++;
        }
        return new Compared(tri, mesh, union, meshPixels, meshOnly);
    }

    static boolean[] touched(RgbImage overA, RgbImage overB) {
        boolean[] mask = new boolean[overA.width() * overA.height()];
        for (int y = 0; y < overA.height(); y++) {
            for (int x = 0; x < overA.width(); x++) {
                boolean background = true;
                for (int c = 0; c < 3; c++) {
                    background &= Math.abs(overA.get(x, y, c) - Math.round(BACKGROUND_A[c] * 255)) <= 1
                            && Math.abs(overB.get(x, y, c) - Math.round(BACKGROUND_B[c] * 255)) <= 1;
                }
                mask[y * overA.width() + x] = !background;
            }
        }
        return mask;
    }

    /** PSNR (dB) over the masked pixels, all three channels. */
    /** Pixels where any of the images (all one size) differs from the background by more than 2 in a channel. */
    static boolean[] notBackground(int[] bg, RgbImage... images) {
        int w = images[0].width(), h = images[0].height();
        boolean[] out = new boolean[w * h];
        for (RgbImage img : images) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) out[y * w + x] |= Math.abs(img.get(x, y, c) - bg[c]) > 2;
                }
            }
        }
        return out;
    }

    static double psnr(RgbImage a, RgbImage b, boolean[] mask) {
        double squared = 0;
        long values = 0;
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                if (!mask[y * a.width() + x]) continue;
                for (int c = 0; c < 3; c++) {
                    int d = a.get(x, y, c) - b.get(x, y, c);
                    squared += d * d;
                    values++;
                }
            }
        }
        if (values == 0) throw new AssertionError("no pixels to compare");
        return squared == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 * values / squared);
    }

    @Test
    void matchesTheMeshPathOverFifteenViews() throws IOException {
        int[] yaws = {-30, -15, 0, 15, 30};
        int[] pitches = {-15, 0, 15};
        TriPlaneAvatar avatar = faceOnly();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "face-pixel PSNR (dB), tri-plane vs mesh, %dx%d, march %dx%d%n",
                SIZE, SIZE, SIZE, SIZE));
        table.append("pitch\\yaw");
        for (int yaw : yaws) table.append(String.format(Locale.ROOT, "%8d", yaw));
        table.append('\n');
        List<String> failures = new ArrayList<>();
        try (TriPlaneRenderer triA = new TriPlaneRenderer(context, avatar, unscaled(SIZE, BACKGROUND_A));
             TriPlaneRenderer triB = new TriPlaneRenderer(context, avatar, unscaled(SIZE, BACKGROUND_B));
             MeshRenderer meshA = new MeshRenderer(context, TestAvatars.mesh(), TestAvatars.texture(), meshSettings(SIZE, BACKGROUND_A));
             MeshRenderer meshB = new MeshRenderer(context, TestAvatars.mesh(), TestAvatars.texture(), meshSettings(SIZE, BACKGROUND_B))) {
            for (int pitch : pitches) {
                table.append(String.format(Locale.ROOT, "%9d", pitch));
                for (int yaw : yaws) {
                    HeadPose pose = TestAvatars.orbit(yaw, pitch);
                    Compared c = compare(pose, triA, triB, meshA, meshB);
                    RgbImage tri = c.tri(), mesh = c.mesh();
                    boolean[] face = c.covered();
                    int meshPixels = c.meshPixels();
                    assertTrue(meshPixels > SIZE * SIZE / 5, "the mesh covers only " + meshPixels + " pixels: set-up is wrong");
                    double db = psnr(tri, mesh, face);
                    table.append(String.format(Locale.ROOT, "%8.2f", db));
                    String name = "triplane-vs-mesh-yaw" + yaw + "-pitch" + pitch + ".png";
                    VulkanTests.writePng(sideBySide(mesh, tri), name);
                    if (!(db >= MIN_PSNR_DB)) failures.add(String.format(Locale.ROOT, "yaw %d pitch %d: %.2f dB (see %s)", yaw, pitch, db, name));
                }
                table.append('\n');
            }
        }
        System.out.print(table);
        Files.createDirectories(VulkanTests.outputFile("x").getParent());
        Files.writeString(VulkanTests.outputFile("triplane-psnr.txt"), table);
        assertTrue(failures.isEmpty(), "below " + MIN_PSNR_DB + " dB: " + failures + "\n" + table);
    }

    /**
     * The oracle with static content present: the face in front of two boxes (hair behind the
     * head, shoulders below it) whose fronts are textured across a row of checker cells. The
     * mesh path draws face and boxes as one mesh, the tri-plane path rasterises the boxes once
     * into its static tri-plane and blends them with the face by coverage.
     */
    @Test
    void matchesTheMeshPathWithStaticContent() throws IOException {
        AvatarMesh hair = texturedBox(new float[] {-110, -40, -95}, new float[] {110, 120, -50});
        AvatarMesh shoulders = texturedBox(new float[] {-140, -150, -80}, new float[] {140, -70, -20});
        AvatarMesh statics = join(hair, shoulders);
        AvatarMesh all = join(TestAvatars.mesh(), statics);
        TriPlaneAvatar avatar = faceOnly().withStaticContent(statics);
        StringBuilder table = new StringBuilder("PSNR (dB), tri-plane vs mesh, face and static content, " + SIZE + "x" + SIZE + "\n");
        List<String> failures = new ArrayList<>();
        try (TriPlaneRenderer triA = new TriPlaneRenderer(context, avatar, unscaled(SIZE, BACKGROUND_A));
             TriPlaneRenderer triB = new TriPlaneRenderer(context, avatar, unscaled(SIZE, BACKGROUND_B));
             MeshRenderer meshA = new MeshRenderer(context, all, TestAvatars.texture(), meshSettings(SIZE, BACKGROUND_A));
             MeshRenderer meshB = new MeshRenderer(context, all, TestAvatars.texture(), meshSettings(SIZE, BACKGROUND_B))) {
            for (int yaw : new int[] {-30, 0, 30}) {
                HeadPose pose = TestAvatars.orbit(yaw, 0);
                Compared c = compare(pose, triA, triB, meshA, meshB);
                RgbImage tri = c.tri(), mesh = c.mesh();
                boolean[] union = c.covered();
                int meshPixels = c.meshPixels();
                assertTrue(meshPixels > SIZE * SIZE / 3, "the mesh covers only " + meshPixels + " pixels: set-up is wrong");
                double db = psnr(tri, mesh, union);
                String name = "triplane-vs-mesh-static-yaw" + yaw + ".png";
                VulkanTests.writePng(sideBySide(mesh, tri), name);
                table.append(String.format(Locale.ROOT, "yaw %4d: %.2f dB over %d pixels%n", yaw, db, meshPixels));
                // Frontal the oracle's standard holds; turned, the boxes' sides and the face's open
                // back differ between the paths (measured 23.3 dB at -30, 30.4 dB at +30): a guard there.
                double least = yaw == 0 ? MIN_PSNR_DB : 22;
                if (!(db >= least)) failures.add(String.format(Locale.ROOT, "yaw %d: %.2f dB, below %.0f (see %s)", yaw, db, least, name));
            }
        }
        System.out.print(table);
        assertTrue(failures.isEmpty(), failures + "\n" + table);
    }

    /**
     * Static content as StaticMeshBuilder leaves a relief where it dropped the triangles the
     * photo saw obliquely: separate strips above the face, each facing the camera (tilted 1 mm
     * across its 20 mm), stepping back 4 mm per strip towards the sides with no risers between
     * them. From the side every strip is nearly edge-on; the side layers must not carve it
     * away (StaticTriPlane.RELIEF_DEPTH_MM): seen from the front the two paths must cover the
     * same pixels.
     */
    @Test
    void steppedReliefIsNotCarvedAwayBySideLayers() throws IOException {
        float top = -Float.MAX_VALUE;
        float[] face = TestAvatars.mesh().positionsMm();
        for (int i = 1; i < face.length; i += 3) top = Math.max(top, face[i]);
        int strips = 12;
        float width = 20, y0 = top + 5, y1 = top + 35;
        float[] p = new float[strips * 4 * 3], uv = new float[strips * 4 * 2];
        int[] t = new int[strips * 6];
        for (int i = 0; i < strips; i++) {
            float x0 = (i - strips / 2f) * width, x1 = x0 + width;
            float back = 4 * Math.abs(i + 0.5f - strips / 2f);
            boolean left = i < strips / 2;
            float z0 = -40 - back - (left ? 1 : 0), z1 = -40 - back - (left ? 0 : 1);  // the inner edge 1 mm nearer
            float[][] corners = {{x0, y0, z0}, {x1, y0, z1}, {x1, y1, z1}, {x0, y1, z0}};
            for (int k = 0; k < 4; k++) {
                System.arraycopy(corners[k], 0, p, 3 * (4 * i + k), 3);
                uv[2 * (4 * i + k)] = 0.05f + 0.9f * (corners[k][0] + strips * width / 2) / (strips * width);
                uv[2 * (4 * i + k) + 1] = 0.01f + 0.1f * (y1 - corners[k][1]) / (y1 - y0);
            }
            int[] quad = {0, 1, 2, 0, 2, 3};
            for (int k = 0; k < 6; k++) t[6 * i + k] = 4 * i + quad[k];
        }
        AvatarMesh relief = new AvatarMesh(p, uv, t);
        TriPlaneAvatar avatar = faceOnly().withStaticContent(relief);
        try (TriPlaneRenderer triA = new TriPlaneRenderer(context, avatar, unscaled(SIZE, BACKGROUND_A));
             TriPlaneRenderer triB = new TriPlaneRenderer(context, avatar, unscaled(SIZE, BACKGROUND_B));
             MeshRenderer meshA = new MeshRenderer(context, join(TestAvatars.mesh(), relief), TestAvatars.texture(), meshSettings(SIZE, BACKGROUND_A));
             MeshRenderer meshB = new MeshRenderer(context, join(TestAvatars.mesh(), relief), TestAvatars.texture(), meshSettings(SIZE, BACKGROUND_B))) {
            HeadPose pose = TestAvatars.orbit(0, 0);
            Compared c = compare(pose, triA, triB, meshA, meshB);
            RgbImage tri = c.tri(), mesh = c.mesh();
            boolean[] union = c.covered();
            int meshPixels = c.meshPixels(), meshOnly = c.meshOnly();
            VulkanTests.writePng(sideBySide(mesh, tri), "triplane-vs-mesh-stepped-relief.png");
            double db = psnr(tri, mesh, union);
            String report = String.format(Locale.ROOT, "stepped relief, frontal: %.2f dB over %d pixels, %d on the mesh path only", db, meshPixels, meshOnly);
            System.out.println(report);
            // Measured 36.2 dB, 15 pixels on the mesh path only; without the sweep the side layers
            // carved the strips into stripes: 24.2 dB, 203 pixels.
            assertTrue(meshOnly < meshPixels / 100 && db >= MIN_PSNR_DB, report);
        }
    }

    /** A box whose UVs run across the checker's top row of cells with x, and down it with y. */
    private static AvatarMesh texturedBox(float[] min, float[] max) {
        AvatarMesh box = TestAvatars.box(min, max, 0, 0);
        float[] p = box.positionsMm(), uv = new float[2 * box.vertexCount()];
        for (int k = 0; k < box.vertexCount(); k++) {
            uv[2 * k] = 0.05f + 0.9f * (p[3 * k] - min[0]) / (max[0] - min[0]);
            uv[2 * k + 1] = 0.01f + 0.1f * (max[1] - p[3 * k + 1]) / (max[1] - min[1]);
        }
        return new AvatarMesh(p, uv, box.triangles());
    }

    private static AvatarMesh join(AvatarMesh first, AvatarMesh second) {
        float[] p1 = first.positionsMm(), p2 = second.positionsMm(), u1 = first.uvs(), u2 = second.uvs();
        int[] t1 = first.triangles(), t2 = second.triangles();
        float[] p = Arrays.copyOf(p1, p1.length + p2.length), uv = Arrays.copyOf(u1, u1.length + u2.length);
        System.arraycopy(p2, 0, p, p1.length, p2.length);
        System.arraycopy(u2, 0, uv, u1.length, u2.length);
        int[] t = Arrays.copyOf(t1, t1.length + t2.length);
        for (int i = 0; i < t2.length; i++) t[t1.length + i] = t2[i] + first.vertexCount();
        return new AvatarMesh(p, uv, t);
    }

    /** Mesh | tri-plane | 4x absolute difference, for people to look at. */
    static BufferedImage sideBySide(RgbImage mesh, RgbImage tri) {
        int w = mesh.width(), h = mesh.height();
        BufferedImage out = new BufferedImage(3 * w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int worst = 0;
                for (int c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(mesh.get(x, y, c) - tri.get(x, y, c)));
                int g = Math.min(255, 4 * worst);
                out.setRGB(x, y, rgb(mesh, x, y));
                out.setRGB(w + x, y, rgb(tri, x, y));
                out.setRGB(2 * w + x, y, (g << 16) | (g << 8) | g);
            }
        }
        return out;
    }

    private static int rgb(RgbImage image, int x, int y) {
        return (image.get(x, y, 0) << 16) | (image.get(x, y, 1) << 8) | image.get(x, y, 2);
    }

    /** MediaPipe landmark indices used below. */
    private static final int LOWER_LIP_INNER = 14, NOSE_TIP = 1;

    @Test
    void openingTheJawChangesOnlyMouthAndChin() {
        AvatarMesh mesh = TestAvatars.mesh();
        float[] positions = mesh.positionsMm();
        float lipY = positions[3 * LOWER_LIP_INNER + 1];
        // Points below the lower lip move down and back, fading in over the first 15 mm.
        float[] jaw = new float[positions.length];
        boolean[] moved = new boolean[mesh.vertexCount()];
        for (int i = 0; i < mesh.vertexCount(); i++) {
            float below = lipY - positions[3 * i + 1];
            if (below <= 0 || Math.abs(positions[3 * i]) > 70) continue;
            float w = Math.min(1f, below / 15f);
            jaw[3 * i + 1] = -12f * w;
            jaw[3 * i + 2] = -4f * w;
            moved[i] = true;
        }
        HeadPose pose = TestAvatars.orbit(0, 0);
        FaceParams neutralFrame = new FaceParams(0, 0, false, 0, 0, null, null, pose, Blink.OPEN, Gaze.AHEAD,
                Blendshapes.NEUTRAL, new float[positions.length]);
        FaceParams openFrame = new FaceParams(1, 33_333, false, 0, 0, null, null, pose, Blink.OPEN, Gaze.AHEAD,
                Blendshapes.NEUTRAL, jaw);
        int size = 192;
        try (TriPlaneRenderer renderer = new TriPlaneRenderer(context, faceOnly(), unscaled(size, BACKGROUND_A))) {
            renderer.render(neutralFrame, true);
            RgbImage neutral = renderer.toRgbImage();
            renderer.render(openFrame, true);
            RgbImage open = renderer.toRgbImage();
            VulkanTests.writePng(open.toBufferedImage(), "triplane-jaw-open.png");

            // Allowed: everything covered by a triangle that touches a moved vertex, before or after.
            double[] region = TestAvatars.movedRegion(pose, renderer.camera(), mesh.triangles(), positions, jaw, moved);
            double[] nose = TestAvatars.project(pose, renderer.camera(), positions[3 * NOSE_TIP], positions[3 * NOSE_TIP + 1], positions[3 * NOSE_TIP + 2]);
            assertTrue(region[1] > nose[1], "the jaw region must lie below the nose tip: test set-up is wrong");

            BufferedImage diffImage = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            int changed = 0, outside = 0;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int d = 0;
                    for (int c = 0; c < 3; c++) d = Math.max(d, Math.abs(open.get(x, y, c) - neutral.get(x, y, c)));
                    if (d <= 24) continue;
                    changed++;
                    boolean inside = x >= region[0] - 2 && x <= region[2] + 2 && y >= region[1] - 2 && y <= region[3] + 2;
                    if (!inside) outside++;
                    diffImage.setRGB(x, y, inside ? 0xFFFFFF : 0xFF0000);
                }
            }
            VulkanTests.writePng(diffImage, "triplane-jaw-diff.png");
            assertTrue(changed > 300, "opening the jaw changed only " + changed + " pixels");
            assertEquals(0, outside, "pixels changed outside the mouth/chin region " + Arrays.toString(region));
        }
    }

    @Test
    void planesHoldTheMeshSurface() {
        try (TriPlaneRenderer renderer = new TriPlaneRenderer(context, faceOnly(), unscaled(32, BACKGROUND_A))) {
            renderer.render(TestAvatars.orbit(0, 0), false);
            float[] planes = renderer.readPlanes();
            TriPlaneLayout layout = renderer.layout();
            AvatarMesh mesh = TestAvatars.mesh();
            float[] p = mesh.positionsMm(), uv = mesh.uvs();
            float[] normals = MeshRendererTest.vertexNormals(mesh);
            int n = layout.planeSize();
            boolean[] boundary = boundaryVertices(mesh);
            // the UV gradients of the triangles around each vertex: its texel lies on one of them
            float[] gradientMin = new float[mesh.vertexCount()], gradientMax = new float[mesh.vertexCount()];
            Arrays.fill(gradientMin, Float.MAX_VALUE);
            int[] triangles = mesh.triangles();
            for (int k = 0; k < triangles.length; k += 3) {
                float g = uvGradient(p, uv, triangles[k], triangles[k + 1], triangles[k + 2]);
                for (int j = 0; j < 3; j++) {
                    gradientMin[triangles[k + j]] = Math.min(gradientMin[triangles[k + j]], g);
                    gradientMax[triangles[k + j]] = Math.max(gradientMax[triangles[k + j]], g);
                }
            }
            int checked = 0;
            List<String> wrong = new ArrayList<>();
            // A vertex facing a layer squarely lies on that layer's surface: same height, same UV.
            int[][] layers = {{TriPlaneLayout.LAYER_FRONT, 2, 0, 1, 1}, {TriPlaneLayout.LAYER_LEFT, 0, 2, 1, -1},
                              {TriPlaneLayout.LAYER_RIGHT, 0, 2, 1, 1}};  // layer, axis, s axis, t axis, sign
            for (int[] l : layers) {
                for (int i = 0; i < mesh.vertexCount(); i++) {
                    // a vertex on the open mesh's rim may have its nearest texel centre outside
                    if (boundary[i] || l[4] * normals[3 * i + l[1]] < 0.8) continue;
                    double s = (p[3 * i + l[2]] - layout.boxMinMm(l[2])) / layout.texelMm() - 0.5;
                    double t = (p[3 * i + l[3]] - layout.boxMinMm(l[3])) / layout.texelMm() - 0.5;
                    int col = (int) Math.round(s), row = (int) Math.round(t);
                    double expectHeight = l[4] * (p[3 * i + l[1]] - layout.boxCentreMm(l[1]));
                    float coverage = planes[layout.floatIndex(l[0], TriPlaneLayout.CHANNEL_COVERAGE, row, col)];
                    float height = planes[layout.floatIndex(l[0], TriPlaneLayout.CHANNEL_HEIGHT, row, col)];
                    float slopeS = planes[layout.floatIndex(l[0], TriPlaneLayout.CHANNEL_SLOPE_S, row, col)];
                    float slopeT = planes[layout.floatIndex(l[0], TriPlaneLayout.CHANNEL_SLOPE_T, row, col)];
                    float u = planes[layout.floatIndex(l[0], TriPlaneLayout.CHANNEL_U, row, col)];
                    float v = planes[layout.floatIndex(l[0], TriPlaneLayout.CHANNEL_V, row, col)];
                    float gradient = planes[layout.floatIndex(l[0], TriPlaneLayout.CHANNEL_UV_GRADIENT, row, col)];
                    // the texel centre is up to half a texel from the vertex: follow the local plane there
                    double ds = (col - s) * layout.texelMm(), dt = (row - t) * layout.texelMm();
                    double heightError = height - (expectHeight + slopeS * ds + slopeT * dt);
                    boolean gradientOff = gradient < 0.98f * gradientMin[i] || gradient > 1.02f * gradientMax[i];
                    if (coverage <= 0 || Math.abs(heightError) > 0.35 || Math.abs(u - uv[2 * i]) > 0.01 || Math.abs(v - uv[2 * i + 1]) > 0.01
                            || gradientOff) {
                        wrong.add(String.format(Locale.ROOT, "layer %d vertex %d: coverage %.1f height off %.2f mm, uv (%.3f %.3f) vs (%.3f %.3f), "
                                + "UV gradient %.5f/mm vs %.5f..%.5f", l[0], i, coverage, heightError, u, v, uv[2 * i], uv[2 * i + 1],
                                gradient, gradientMin[i], gradientMax[i]));
                    }
                    checked++;
                }
            }
            assertTrue(checked > 150, "too few vertices face a layer squarely: " + checked);
            assertTrue(wrong.size() <= checked / 50, wrong.size() + " of " + checked + " vertices are off their layer's surface, e.g. "
                    + wrong.subList(0, Math.min(5, wrong.size())));
            // far outside the face, nothing is covered
            assertTrue(planes[layout.floatIndex(TriPlaneLayout.LAYER_FRONT, TriPlaneLayout.CHANNEL_COVERAGE, 0, 0)] < 0);
            assertTrue(planes[layout.floatIndex(TriPlaneLayout.LAYER_TOP, TriPlaneLayout.CHANNEL_COVERAGE, n - 1, n - 1)] < 0);
        }
    }

    /**
     * The larger of |grad u| and |grad v| along triangle (a, b, c), per mm: with edges e1, e2 and
     * a component's changes r along them, the gradient g in the triangle's plane solves
     * g . e1 = r1, g . e2 = r2, so |g|^2 = r^T G^-1 r with G the edges' Gram matrix.
     */
    static float uvGradient(float[] p, float[] uv, int a, int b, int c) {
        double[] e1 = new double[3], e2 = new double[3];
        for (int k = 0; k < 3; k++) {
            e1[k] = p[3 * b + k] - p[3 * a + k];
            e2[k] = p[3 * c + k] - p[3 * a + k];
        }
        double g11 = e1[0] * e1[0] + e1[1] * e1[1] + e1[2] * e1[2], g22 = e2[0] * e2[0] + e2[1] * e2[1] + e2[2] * e2[2];
        double g12 = e1[0] * e2[0] + e1[1] * e2[1] + e1[2] * e2[2];
        double det = g11 * g22 - g12 * g12;
        double worst = 0;
        for (int component = 0; component < 2; component++) {
            double r1 = uv[2 * b + component] - uv[2 * a + component], r2 = uv[2 * c + component] - uv[2 * a + component];
            worst = Math.max(worst, (g22 * r1 * r1 - 2 * g12 * r1 * r2 + g11 * r2 * r2) / det);
        }
        return (float) Math.sqrt(worst);
    }

    /** Vertices on an edge that only one triangle uses. */
    static boolean[] boundaryVertices(AvatarMesh mesh) {
        java.util.Map<Long, Integer> edges = new java.util.HashMap<>();
        int[] t = mesh.triangles();
        for (int k = 0; k < t.length; k += 3) {
            for (int j = 0; j < 3; j++) {
                int a = t[k + j], b = t[k + (j + 1) % 3];
                edges.merge(((long) Math.min(a, b) << 32) | Math.max(a, b), 1, Integer::sum);
            }
        }
        boolean[] boundary = new boolean[mesh.vertexCount()];
        edges.forEach((edge, count) -> {
            if (count == 1) {
                boundary[(int) (edge >>> 32)] = true;
                boundary[(int) (edge & 0xffffffffL)] = true;
            }
        });
        return boundary;
    }

    @Test
    void timesEachStageOnTheGpu() {
        try (TriPlaneRenderer renderer = new TriPlaneRenderer(context, faceOnly(), TriPlaneRenderer.Settings.of(64, 64))) {
            renderer.render(TestAvatars.orbit(0, 0), true);
            if (!renderer.timestamps()) return;  // nothing to check on a queue without timestamps
            for (int stage = 0; stage < TriPlaneRenderer.STAGES.size(); stage++) {
                double ms = renderer.stageMs(stage);
                assertTrue(ms >= 0 && ms < 60_000, TriPlaneRenderer.STAGES.get(stage) + ": " + ms + " ms");
            }
            renderer.render(TestAvatars.orbit(0, 0), false);
            assertTrue(Double.isNaN(renderer.stageMs(TriPlaneRenderer.STAGE_READBACK)), "no read-back, no read-back time");
        }
    }

    @Test
    void rejectsBadInput() {
        try (TriPlaneRenderer renderer = new TriPlaneRenderer(context, faceOnly(), TriPlaneRenderer.Settings.of(32, 32))) {
            assertThrows(IllegalStateException.class, renderer::toRgbImage, "nothing rendered yet");
            assertThrows(IllegalStateException.class, renderer::presentable, "not made presentable");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> renderer.render(TestAvatars.orbit(0, 0), new float[12], true));
            assertTrue(e.getMessage().contains("1404"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> TriPlaneRenderer.Settings.of(64, 64).withMarch(65, 64));
        assertThrows(IllegalArgumentException.class, () -> TriPlaneRenderer.Settings.of(64, 64).withSampling(1, 4));
    }

    /** Odd sizes and an upsampling factor that is not an integer: no stride or edge mistakes. */
    @Test
    void oddSizesUpsampleWithoutSeams() {
        int w = 161, h = 123;
        try (TriPlaneRenderer renderer = new TriPlaneRenderer(context, faceOnly(),
                TriPlaneRenderer.Settings.of(w, h).withMarch(97, 74).withBackground(BACKGROUND_A[0], BACKGROUND_A[1], BACKGROUND_A[2]));
             MeshRenderer mesh = new MeshRenderer(context, TestAvatars.mesh(), TestAvatars.texture(), MeshRenderer.Settings.of(w, h).withBackground(BACKGROUND_A[0], BACKGROUND_A[1], BACKGROUND_A[2]))) {
            assertEquals(97, renderer.settings().marchWidth());
            HeadPose pose = TestAvatars.orbit(10, 5);
            renderer.render(pose, true);
            mesh.render(pose, true);
            RgbImage tri = renderer.toRgbImage(), reference = mesh.target().toRgbImage();
            VulkanTests.writePng(sideBySide(reference, tri), "triplane-odd-161x123.png");
            int[] bg = {Math.round(BACKGROUND_A[0] * 255), Math.round(BACKGROUND_A[1] * 255), Math.round(BACKGROUND_A[2] * 255)};
            for (int[] corner : new int[][] {{0, 0}, {w - 1, 0}, {0, h - 1}, {w - 1, h - 1}}) {
                for (int c = 0; c < 3; c++) assertEquals(bg[c], tri.get(corner[0], corner[1], c), 1.0, "background at a corner");
            }
            // Upsampled from a coarser march, edges are softer than the mesh's: a looser bound.
            boolean[] face = notBackground(bg, reference, tri);
            double db = psnr(tri, reference, face);
            System.out.printf(Locale.ROOT, "tri-plane 97x74 march upsampled to 161x123 vs mesh: %.2f dB%n", db);
            assertTrue(db > 26, "upsampled render too far from the mesh render: " + db + " dB");
        }
    }

    /**
     * Four times upsampled (64² march, 256² output), the face keeps the texture's detail: where
     * the march took its colour from the texture alone, the upsampler looks the texture up again
     * at the interpolated UV, so the checker's cell edges stay sharp inside the face. Face pixels
     * away from the outline (the ring of edge pixels keeps the filtered march colour) against the
     * mesh path at 256²; measured 42.8 dB, and 28.2 dB with the filter alone.
     */
    @Test
    void upsamplingKeepsTheTexturesDetail() {
        int size = 256;
        try (TriPlaneRenderer renderer = new TriPlaneRenderer(context, faceOnly(),
                TriPlaneRenderer.Settings.of(size, size).withMarch(64, 64).withBackground(BACKGROUND_A[0], BACKGROUND_A[1], BACKGROUND_A[2]));
             MeshRenderer mesh = new MeshRenderer(context, TestAvatars.mesh(), TestAvatars.texture(),
                     MeshRenderer.Settings.of(size, size).withBackground(BACKGROUND_A[0], BACKGROUND_A[1], BACKGROUND_A[2]))) {
            HeadPose pose = TestAvatars.orbit(10, 5);
            renderer.render(pose, true);
            mesh.render(pose, true);
            RgbImage tri = renderer.toRgbImage(), reference = mesh.target().toRgbImage();
            VulkanTests.writePng(sideBySide(reference, tri), "triplane-upsampled-detail.png");
            int[] bg = {Math.round(BACKGROUND_A[0] * 255), Math.round(BACKGROUND_A[1] * 255), Math.round(BACKGROUND_A[2] * 255)};
            boolean[] covered = notBackground(bg, reference);
            int ring = 12; // three march pixels
            boolean[] inner = new boolean[size * size];
            for (int y = ring; y < size - ring; y++) {
                for (int x = ring; x < size - ring; x++) {
                    boolean all = true;
                    for (int dy = -ring; dy <= ring && all; dy += ring) {
                        for (int dx = -ring; dx <= ring && all; dx += ring) all = covered[(y + dy) * size + x + dx];
                    }
                    inner[y * size + x] = all;
                }
            }
            double db = psnr(tri, reference, inner);
            System.out.printf(Locale.ROOT, "tri-plane 64² march upsampled to 256² vs mesh, inside the face: %.2f dB%n", db);
            assertTrue(db > 36, "the upsampled face lost the texture's detail: " + db + " dB");
        }
    }

    /**
     * The static content's one colour: a texel above every face UV (the face spans v 0.107 to
     * 0.954), inside a checker cell, so no face pixel can have it.
     */
    private static final float STATIC_U = 0.5625f, STATIC_V = 0.03f;

    @Test
    void staticContentShowsWhereTheFaceDoesNotCoverAndHidesBehindIt() {
        // A backdrop behind the whole head, larger than the face (as hair and torso would be).
        AvatarMesh backdrop = TestAvatars.box(new float[] {-120, -130, -60}, new float[] {120, 110, -45}, STATIC_U, STATIC_V);
        TriPlaneAvatar withStatic = faceOnly().withStaticContent(backdrop);
        int size = 160;
        int want = DebugTextures.uvCheckerRgb(TestAvatars.TEXTURE_SIZE, TestAvatars.CHECKER_CELLS, STATIC_U, STATIC_V);
        int[] wantRgb = {(want >> 16) & 255, (want >> 8) & 255, want & 255};
        HeadPose pose = TestAvatars.orbit(0, 0);
        // The reference: the face alone in the same head box (same texels), static plane empty.
        TriPlaneAvatar sameBox = new TriPlaneAvatar(TestAvatars.mesh(), TestAvatars.texture(), null,
                withStatic.boxMinMm(), withStatic.boxSizeMm());
        try (TriPlaneRenderer faceRenderer = new TriPlaneRenderer(context, sameBox, unscaled(size, BACKGROUND_A));
             TriPlaneRenderer both = new TriPlaneRenderer(context, withStatic, unscaled(size, BACKGROUND_A))) {
            // The box grew to hold the backdrop and the face's planes were blended into it.
            assertTrue(both.layout().boxSizeMm() > 240, "head box " + both.layout().boxSizeMm());
            both.render(pose, false);

            // In the planes: where the face covers FRONT it is in front (its height, its UV);
            // around it the backdrop shows (its height, its UV).
            float[] planes = both.readPlanes();
            TriPlaneLayout layout = both.layout();
            float[] nose = Arrays.copyOfRange(TestAvatars.mesh().positionsMm(), 3 * NOSE_TIP, 3 * NOSE_TIP + 3);
            int[] noseTexel = frontTexel(layout, nose[0], nose[1]);
            int[] besideTexel = frontTexel(layout, 100, 0);
            float noseHeight = planes[layout.floatIndex(TriPlaneLayout.LAYER_FRONT, TriPlaneLayout.CHANNEL_HEIGHT, noseTexel[1], noseTexel[0])];
            assertEquals(nose[2] - layout.boxCentreMm(2), noseHeight, 1.0, "the face is in front at the nose");
            assertTrue(Math.abs(planes[layout.floatIndex(TriPlaneLayout.LAYER_FRONT, TriPlaneLayout.CHANNEL_V, noseTexel[1], noseTexel[0])] - STATIC_V) > 0.1,
                    "the nose texel shows the face's UV");
            assertTrue(planes[layout.floatIndex(TriPlaneLayout.LAYER_FRONT, TriPlaneLayout.CHANNEL_COVERAGE, besideTexel[1], besideTexel[0])] > 0,
                    "the backdrop covers beside the face");
            assertEquals(-45 - layout.boxCentreMm(2),
                    planes[layout.floatIndex(TriPlaneLayout.LAYER_FRONT, TriPlaneLayout.CHANNEL_HEIGHT, besideTexel[1], besideTexel[0])], 0.5,
                    "beside the face, FRONT holds the backdrop's front");
            assertEquals(STATIC_U, planes[layout.floatIndex(TriPlaneLayout.LAYER_FRONT, TriPlaneLayout.CHANNEL_U, besideTexel[1], besideTexel[0])], 1e-4);

            // In the image, from the front and from both sides: the face render's pixels are
            // unchanged where it shows the face (away from its outline), and the backdrop's
            // colour fills the rest of the backdrop's front, right up to the face's outline.
            for (int yaw : new int[] {0, -30, 30}) {
                HeadPose view = TestAvatars.orbit(yaw, 0);
                both.render(view, true);
                RgbImage withBackdrop = both.toRgbImage();
                faceRenderer.render(view, true);
                RgbImage faceAlone = faceRenderer.toRgbImage();
                VulkanTests.writePng(withBackdrop.toBufferedImage(), "triplane-static-backdrop-yaw" + yaw + ".png");
                checkBackdrop(withBackdrop, faceAlone, view, both, wantRgb, size, "yaw " + yaw);
            }
        }
    }

    private static void checkBackdrop(RgbImage combined, RgbImage face, HeadPose pose, TriPlaneRenderer renderer, int[] wantRgb,
                                      int size, String view) {
        boolean[] faceMask = new boolean[size * size];
        int[] bg = {Math.round(BACKGROUND_A[0] * 255), Math.round(BACKGROUND_A[1] * 255), Math.round(BACKGROUND_A[2] * 255)};
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) faceMask[y * size + x] |= face.get(x, y, c) != bg[c];
            }
        }
        boolean[] deepFace = erode(faceMask, size, 2), nearFace = dilate(faceMask, size, 2);
        int faceChecked = 0, faceChanged = 0, backdropChecked = 0, backdropWrong = 0, staticInsideFace = 0;
        List<String> where = new ArrayList<>();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                int toStatic = 0, toFace = 0;
                for (int c = 0; c < 3; c++) {
                    toStatic = Math.max(toStatic, Math.abs(combined.get(x, y, c) - wantRgb[c]));
                    toFace = Math.max(toFace, Math.abs(combined.get(x, y, c) - face.get(x, y, c)));
                }
                if (deepFace[i]) {
                    faceChecked++;
                    if (toFace > 8) faceChanged++;
                    if (toStatic <= 6) {
                        staticInsideFace++;
                        where.add(x + "," + y);
                    }
                } else if (!nearFace[i] && onBackdropFront(pose, renderer.camera(), x, y)) {
                    backdropChecked++;
                    if (toStatic > 6) {
                        backdropWrong++;
                        where.add(x + "," + y);
                    }
                }
            }
        }
        assertTrue(faceChecked > 3000 && backdropChecked > 3000, view + ", set-up: " + faceChecked + " face and " + backdropChecked + " backdrop pixels");
        assertTrue(faceChanged <= faceChecked / 100, view + ": " + faceChanged + " of " + faceChecked + " face pixels changed with the backdrop behind");
        assertEquals(0, staticInsideFace, view + ": backdrop colour shows through the face at " + where);
        assertEquals(0, backdropWrong, view + ": of " + backdropChecked + " pixels around the face, these do not show the backdrop: " + where);
    }

    private static int[] frontTexel(TriPlaneLayout layout, double x, double y) {
        return new int[] {(int) ((x - layout.boxMinMm(0)) / layout.texelMm()), (int) ((y - layout.boxMinMm(1)) / layout.texelMm())};
    }

    /**
     * Whether pixel (x, y)'s centre ray meets the backdrop's front (z = -45, x in [-120, 120],
     * y in [-130, 110]) at least 5 mm (about 3 pixels) inside its edges.
     */
    private static boolean onBackdropFront(HeadPose pose, CameraIntrinsics camera, int x, int y) {
        double[] origin = new double[3], along = new double[3];
        pose.toHead(0, 0, 0, origin);
        pose.toHead((x + 0.5 - camera.cx()) / camera.fx(), -(y + 0.5 - camera.cy()) / camera.fy(), -1, along);
        double dz = along[2] - origin[2];
        double s = (-45 - origin[2]) / dz;
        double hx = origin[0] + s * (along[0] - origin[0]), hy = origin[1] + s * (along[1] - origin[1]);
        return hx > -115 && hx < 115 && hy > -125 && hy < 105;
    }

    static boolean[] erode(boolean[] mask, int size, int radius) {
        boolean[] out = new boolean[mask.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean all = true;
                for (int dy = -radius; dy <= radius && all; dy++) {
                    for (int dx = -radius; dx <= radius && all; dx++) {
                        int xx = x + dx, yy = y + dy;
                        all = xx >= 0 && yy >= 0 && xx < size && yy < size && mask[yy * size + xx];
                    }
                }
                out[y * size + x] = all;
            }
        }
        return out;
    }

    static boolean[] dilate(boolean[] mask, int size, int radius) {
        boolean[] inverse = new boolean[mask.length];
        for (int i = 0; i < mask.length; i++) inverse[i] = !mask[i];
        boolean[] eroded = erode(inverse, size, radius);
        for (int i = 0; i < mask.length; i++) eroded[i] = !eroded[i];
        return eroded;
    }
}
