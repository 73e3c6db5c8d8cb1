package dev.marionette.renderer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marionette.models.avatar.Avatar;
import dev.marionette.models.avatar.DefaultAvatar;
import dev.marionette.models.template.HeadTemplate;
import dev.marionette.models.template.TemplateDeformer;
import dev.marionette.renderer.avatar.AvatarMeshView;
import dev.marionette.renderer.avatar.AvatarView;
import dev.marionette.renderer.mesh.AvatarMesh;
import dev.marionette.renderer.mesh.OrbitCamera;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.image.RgbImage;
import dev.marionette.tracking.params.Blink;
import dev.marionette.tracking.params.Gaze;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tri-plane path along the UV seams of the default avatar's head template, against the mesh
 * path: where the face chart meets the back-of-head shell's chart (the face outline) and where
 * the shell's chart wraps around (the meridian over the crown). The planes store UVs, so a
 * sample whose filter taps or layers straddle a seam must not mix UVs of two charts (they would
 * point between them in the atlas), nor take a texture footprint from a UV jump; the mesh path
 * has neither problem.
 *
 * <p>Mixed UVs show as colours the mesh render has nowhere near (a line of skin through the
 * hair, a dark line under the chin, eyes without irises): along the seams, away from the
 * outline, the tri-plane's colours must lie within the range of the mesh's colours a march
 * pixel and a half around. What stays is the 128² march's blur of the sharp colour step that a
 * seam often is, bounded more loosely: marching at 256² instead, the band's 99th percentile
 * error drops from 24-46 to 14-26 here.
 */
class TriPlaneSeamTest {
    static final int SIZE = 256;
    /** Pixels within this distance of a seam's projection form its band. */
    static final double BAND_PX = 2.0;
    /** Pixels this close to either render's outline are left out (the outline is TriPlaneRendererTest's). */
    static final int OUTLINE_PX = 3;
    /** Colours within this many pixels of the mesh render's (in both axes) count as its. */
    static final int STRAY_RADIUS_PX = 3;
    /** Worst allowed 99th percentile along the seams of how far a colour lies outside the mesh's nearby ones, per view (8-bit). */
    static final int MAX_BAND_STRAY_P99 = 8;
    /** Worst allowed 99th percentile of the largest channel error along the seams, per view (8-bit). */
    static final int MAX_BAND_P99 = 56;
    private static final float[] BACKGROUND = {0.12f, 0.12f, 0.14f};
    /** Orbit around the head template's middle at the app's viewing distance. */
    private static final float[] PIVOT_MM = {0, 0, -30};
    private static final double DISTANCE_MM = 520;

    private static VulkanContext context;
    private static Avatar avatar;

    @BeforeAll
    static void open() {
        context = VulkanTests.validatedContext();
        avatar = DefaultAvatar.build();
    }

    @AfterAll
    static void close() {
        if (context != null) {
            VulkanTests.assertNoValidationMessages(context);
            context.close();
        }
    }

    @Test
    void headSeamsMatchTheMeshPath() throws IOException {
        // {yaw, pitch}: front and both sides; from above (the crown's wrap seam), both sides from
        // above; both profiles; from behind, above (the wrap seam down the back of the head) and below.
        int[][] views = {{0, 0}, {-45, 0}, {45, 0}, {0, -35}, {0, -70}, {-40, -25}, {40, -25}, {-60, 0}, {60, 0}, {180, 25}, {180, -25}};
        compareAlongSeams(avatar.withStaticMesh(null), views, "head", true);
    }

    /**
     * With the avatar's static content (hair, collar), which covers part of the seams and is a
     * chart of its own beside the face. Only stray colours are bounded: the relief's own edges
     * next to the seams differ between the paths for reasons of their own (DefaultAvatarRenderTest).
     */
    @Test
    void seamsBesideStaticContentShowNoStrayColours() throws IOException {
        assertTrue(avatar.hasStaticContent(), "the default avatar has no static content: set-up is wrong");
        compareAlongSeams(avatar, new int[][] {{0, 0}, {-45, 0}, {45, 0}, {0, -35}}, "static", false);
    }

    /**
     * Renders {@code subject} on both paths from each {yaw, pitch} view, writes mesh | tri-plane |
     * difference sheets and a table, and fails on any view whose seam band shows stray colours
     * (or, with {@code boundError}, errors above {@link #MAX_BAND_P99}).
     */
    private static void compareAlongSeams(Avatar subject, int[][] views, String label, boolean boundError) throws IOException {
        List<String> failures = new ArrayList<>();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "seam band vs rest of the head, tri-plane vs mesh, %dx%d (march 128), default avatar (%s); stray: how far a%n"
                        + "colour lies outside the mesh's within %d px%n"
                        + "   yaw  pitch  band px  band p99  band max  band rms  rest rms  stray p99  stray max  stray rms  rest stray rms%n",
                SIZE, SIZE, label, STRAY_RADIUS_PX));
        try (AvatarMeshView mesh = (AvatarMeshView) AvatarView.create(AvatarView.Kind.MESH, context, subject, SIZE, false);
             AvatarView tri = AvatarView.create(AvatarView.Kind.TRIPLANE, context, subject, SIZE, false)) {
            mesh.setBackground(BACKGROUND[0], BACKGROUND[1], BACKGROUND[2]);
            tri.setBackground(BACKGROUND[0], BACKGROUND[1], BACKGROUND[2]);
            HeadTemplate template = mesh.template();
            float[] posed = new float[template.vertexCount() * 3];
            new TemplateDeformer(template).deform(null, 0, Blink.OPEN, Gaze.AHEAD, posed);
            int[] seams = seamEdges(posed, template.uvs(), template.triangles());
            assertTrue(seams.length / 2 > 40, "only " + seams.length / 2 + " seam edges found: set-up is wrong");
            CameraIntrinsics camera = mesh.renderer().camera();
            byte[] rgb = new byte[SIZE * SIZE * 3];
            for (int[] view : views) {
                HeadPose pose = OrbitCamera.pose(view[0], view[1], DISTANCE_MM, PIVOT_MM);
                mesh.render(pose, null, 0, Blink.OPEN, Gaze.AHEAD, true);
                mesh.readRgb(rgb);
                RgbImage meshImage = new RgbImage(SIZE, SIZE, rgb.clone());
                tri.render(pose, null, 0, Blink.OPEN, Gaze.AHEAD, true);
                tri.readRgb(rgb);
                RgbImage triImage = new RgbImage(SIZE, SIZE, rgb.clone());

                boolean[] inside = TriPlaneRendererTest.erode(both(covered(meshImage), covered(triImage)), SIZE, OUTLINE_PX);
                boolean[] band = seamBand(posed, template.triangles(), seams, pose, camera);
                Stats seam = new Stats(), rest = new Stats(), seamStray = new Stats(), restStray = new Stats();
                for (int i = 0; i < band.length; i++) {
                    if (!inside[i]) continue;
                    int e = worstChannelError(meshImage, triImage, i % SIZE, i / SIZE);
                    int stray = strayError(meshImage, triImage, i % SIZE, i / SIZE);
                    if (band[i]) {
                        seam.add(e);
                        seamStray.add(stray);
                    } else {
                        rest.add(e);
                        restStray.add(stray);
                    }
                }
                String name = String.format(Locale.ROOT, "triplane-seams-%s-yaw%d-pitch%d.png", label, view[0], view[1]);
                VulkanTests.writePng(sheet(meshImage, triImage, band, inside), name);
                table.append(String.format(Locale.ROOT, "%6d %6d %8d %9d %9d %9.2f %9.2f %10d %10d %10.2f %14.2f%n", view[0], view[1],
                        seam.count(), seam.percentile(0.99), seam.max(), seam.rms(), rest.rms(),
                        seamStray.percentile(0.99), seamStray.max(), seamStray.rms(), restStray.rms()));
                if (seam.count() < 60) {
                    failures.add(name + ": only " + seam.count() + " seam pixels in view (set-up is wrong)");
                } else if (seamStray.percentile(0.99) > MAX_BAND_STRAY_P99 || (boundError && seam.percentile(0.99) > MAX_BAND_P99)) {
                    failures.add(String.format(Locale.ROOT, "%s: seam band stray p99 %d (at most %d), error p99 %d (at most %d)",
                            name, seamStray.percentile(0.99), MAX_BAND_STRAY_P99, seam.percentile(0.99), boundError ? MAX_BAND_P99 : 255));
                }
            }
        }
        System.out.print(table);
        Files.createDirectories(VulkanTests.outputFile("x").getParent());
        Files.writeString(VulkanTests.outputFile("triplane-seams-" + label + ".txt"), table);
        assertTrue(failures.isEmpty(), "tri-plane differs from the mesh path along UV seams: " + failures + "\n" + table);
    }

    /**
     * Edges of the mesh along which the UV mapping is cut: both ends are split vertices (another
     * vertex at the same place with other UVs). Pairs of vertex indices.
     */
    static int[] seamEdges(float[] positions, float[] uvs, int[] triangles) {
        int n = positions.length / 3;
        boolean[] split = new boolean[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Float.compare(positions[3 * a], positions[3 * b]));
        for (int k = 0; k < n; k++) {
            int a = order[k];
            for (int m = k + 1; m < n && positions[3 * order[m]] - positions[3 * a] < 0.01f; m++) {
                int b = order[m];
                float d = Math.abs(positions[3 * a + 1] - positions[3 * b + 1]) + Math.abs(positions[3 * a + 2] - positions[3 * b + 2]);
                float duv = Math.abs(uvs[2 * a] - uvs[2 * b]) + Math.abs(uvs[2 * a + 1] - uvs[2 * b + 1]);
                if (d < 0.02f && duv > 1e-3f) split[a] = split[b] = true;
            }
        }
        Set<Long> edges = new LinkedHashSet<>();
        for (int t = 0; t < triangles.length; t += 3) {
            for (int e = 0; e < 3; e++) {
                int a = triangles[t + e], b = triangles[t + (e + 1) % 3];
                if (split[a] && split[b]) edges.add((long) Math.min(a, b) << 32 | Math.max(a, b));
            }
        }
        return edges.stream().flatMapToInt(e -> IntStream.of((int) (e >>> 32), (int) (long) e)).toArray();
    }

    /**
     * Pixels within {@link #BAND_PX} of a seam edge seen from the camera's side (by the normals of
     * its ends, so the seams behind the head are left out).
     */
    static boolean[] seamBand(float[] positions, int[] triangles, int[] seams, HeadPose pose, CameraIntrinsics camera) {
        float[] normals = MeshRendererTest.vertexNormals(new AvatarMesh(positions, new float[positions.length / 3 * 2], triangles));
        double[] eye = new double[3];
        pose.toHead(0, 0, 0, eye);
        boolean[] band = new boolean[SIZE * SIZE];
        for (int k = 0; k < seams.length; k += 2) {
            int a = seams[k], b = seams[k + 1];
            if (facing(positions, normals, a, eye) < 0.3 || facing(positions, normals, b, eye) < 0.3) continue;
            double[] pa = TestAvatars.project(pose, camera, positions[3 * a], positions[3 * a + 1], positions[3 * a + 2]);
            double[] pb = TestAvatars.project(pose, camera, positions[3 * b], positions[3 * b + 1], positions[3 * b + 2]);
            int steps = (int) Math.ceil(4 * Math.hypot(pb[0] - pa[0], pb[1] - pa[1])) + 1;
            for (int s = 0; s <= steps; s++) {
                double x = pa[0] + (pb[0] - pa[0]) * s / steps, y = pa[1] + (pb[1] - pa[1]) * s / steps;
                int r = (int) Math.ceil(BAND_PX);
                for (int py = (int) Math.floor(y) - r; py <= (int) y + r; py++) {
                    for (int px = (int) Math.floor(x) - r; px <= (int) x + r; px++) {
                        if (px < 0 || py < 0 || px >= SIZE || py >= SIZE) continue;
                        if (Math.hypot(px + 0.5 - x, py + 0.5 - y) <= BAND_PX) band[py * SIZE + px] = true;
                    }
                }
            }
        }
        return band;
    }

    /** Cosine between vertex i's normal and the direction to the eye. */
    private static double facing(float[] p, float[] n, int i, double[] eye) {
        double dx = eye[0] - p[3 * i], dy = eye[1] - p[3 * i + 1], dz = eye[2] - p[3 * i + 2];
        return (n[3 * i] * dx + n[3 * i + 1] * dy + n[3 * i + 2] * dz) / Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /** Pixels that differ from the background. */
    static boolean[] covered(RgbImage image) {
        boolean[] mask = new boolean[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                for (int c = 0; c < 3; c++) mask[y * SIZE + x] |= Math.abs(image.get(x, y, c) - Math.round(BACKGROUND[c] * 255)) > 2;
            }
        }
        return mask;
    }

    private static boolean[] both(boolean[] a, boolean[] b) {
        boolean[] out = new boolean[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] && b[i];
        return out;
    }

    /**
     * How far the tri-plane's colour at (x, y) lies outside the range of the mesh's colours
     * within {@link #STRAY_RADIUS_PX} (per channel, the worst; 0 inside). A blurred or slightly
     * displaced edge stays inside; a colour from between two charts of the atlas does not.
     */
    static int strayError(RgbImage mesh, RgbImage tri, int x, int y) {
        int r = STRAY_RADIUS_PX, e = 0;
        for (int c = 0; c < 3; c++) {
            int lo = 255, hi = 0;
            for (int yy = Math.max(0, y - r); yy <= Math.min(SIZE - 1, y + r); yy++) {
                for (int xx = Math.max(0, x - r); xx <= Math.min(SIZE - 1, x + r); xx++) {
                    lo = Math.min(lo, mesh.get(xx, yy, c));
                    hi = Math.max(hi, mesh.get(xx, yy, c));
                }
            }
            int v = tri.get(x, y, c);
            e = Math.max(e, Math.max(v - hi, lo - v));
        }
        return e;
    }

    private static int worstChannelError(RgbImage a, RgbImage b, int x, int y) {
        int e = 0;
        for (int c = 0; c < 3; c++) e = Math.max(e, Math.abs(a.get(x, y, c) - b.get(x, y, c)));
        return e;
    }

    /** Mesh | tri-plane | 4x difference, the seam band tinted red and the compared pixels' outline blue. */
    static BufferedImage sheet(RgbImage mesh, RgbImage tri, boolean[] band, boolean[] inside) {
        BufferedImage out = new BufferedImage(3 * SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int i = y * SIZE + x;
                int g = Math.min(255, 4 * worstChannelError(mesh, tri, x, y));
                out.setRGB(x, y, rgb(mesh, x, y));
                out.setRGB(SIZE + x, y, rgb(tri, x, y));
                int r = g, gg = g, b = g;
                if (inside[i] && band[i]) r = Math.max(r, 96);
                else if (!inside[i]) b = Math.max(b, 40);
                out.setRGB(2 * SIZE + x, y, (r << 16) | (gg << 8) | b);
            }
        }
        return out;
    }

    private static int rgb(RgbImage image, int x, int y) {
        return (image.get(x, y, 0) << 16) | (image.get(x, y, 1) << 8) | image.get(x, y, 2);
    }

    /** Error values 0..255: count, RMS, maximum, percentiles. */
    static final class Stats {
        private final long[] histogram = new long[256];
        private long count;
        private double squares;

        void add(int e) {
            histogram[e]++;
            count++;
            squares += (double) e * e;
        }

        long count() { return count; }

        double rms() { return count == 0 ? 0 : Math.sqrt(squares / count); }

        int max() { return percentile(1.0); }

        /** The smallest error at least fraction q of the values do not exceed. */
        int percentile(double q) {
            long need = (long) Math.ceil(q * count), seen = 0;
            for (int e = 0; e < 256; e++) {
                seen += histogram[e];
                if (seen >= need && seen > 0) return e;
            }
            return 0;
        }
    }
}
