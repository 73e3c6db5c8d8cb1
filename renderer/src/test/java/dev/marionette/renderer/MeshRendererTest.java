package dev.marionette.renderer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marionette.renderer.mesh.AvatarMesh;
import dev.marionette.renderer.mesh.DebugTextures;
import dev.marionette.renderer.mesh.MeshRenderer;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.image.RgbImage;
import dev.marionette.tracking.io.FaceParamsJson;
import dev.marionette.tracking.io.FaceParamsReader;
import dev.marionette.tracking.params.Blendshapes;
import dev.marionette.tracking.params.Blink;
import dev.marionette.tracking.params.Gaze;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeshRendererTest {
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

    private static MeshRenderer renderer(int width, int height, int samples) {
        return new MeshRenderer(context, TestAvatars.mesh(), TestAvatars.texture(),
                MeshRenderer.Settings.of(width, height).withSamples(samples));
    }

    private static int[] backgroundRgb(MeshRenderer renderer) {
        float[] bg = renderer.settings().backgroundRgb();
        return new int[] {Math.round(bg[0] * 255), Math.round(bg[1] * 255), Math.round(bg[2] * 255)};
    }

    /** Bounding box {minX, minY, maxX, maxY} of pixels that are not the background, or null. */
    private static int[] foregroundBox(RgbImage image, int[] background) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int d = 0;
                for (int c = 0; c < 3; c++) d = Math.max(d, Math.abs(image.get(x, y, c) - background[c]));
                if (d > 8) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? null : new int[] {minX, minY, maxX, maxY};
    }

    /** {minU, minV, maxU, maxV} of the projected vertices (continuous pixel coordinates). */
    private static double[] projectedBox(HeadPose pose, CameraIntrinsics camera, float[] positions) {
        double[] box = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < positions.length; i += 3) {
            double[] p = TestAvatars.project(pose, camera, positions[i], positions[i + 1], positions[i + 2]);
            box[0] = Math.min(box[0], p[0]);
            box[1] = Math.min(box[1], p[1]);
            box[2] = Math.max(box[2], p[0]);
            box[3] = Math.max(box[3], p[1]);
        }
        return box;
    }

    @ParameterizedTest(name = "{0}x{1}, {2} samples, {3}")
    @CsvSource({"256, 256, 4, orbit", "257, 193, 1, orbit", "160, 120, 4, webcam"})
    void faceOccupiesTheProjectedRegion(int width, int height, int samples, String camera) {
        try (MeshRenderer renderer = renderer(width, height, samples)) {
            HeadPose pose;
            if (camera.equals("webcam")) {
                // What the app shows before a face is seen: the neutral face 60 cm in front of a webcam lens.
                renderer.setCamera(CameraIntrinsics.defaultFor(640, 480));
                FaceParams neutral = FaceParams.neutral(0, 0);
                pose = neutral.pose();
                renderer.render(neutral, true);
            } else {
                pose = TestAvatars.orbit(0, 0);
                renderer.render(pose, true);
            }
            RgbImage image = renderer.target().toRgbImage();
            VulkanTests.writePng(image.toBufferedImage(), "region-" + width + "x" + height + "-" + camera + ".png");
            int[] bg = backgroundRgb(renderer);
            for (int[] corner : new int[][] {{0, 0}, {width - 1, 0}, {0, height - 1}, {width - 1, height - 1}}) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(bg[c], image.get(corner[0], corner[1], c), 1.0, "background at corner " + corner[0] + "," + corner[1]);
                }
            }
            int[] seen = foregroundBox(image, bg);
            assertTrue(seen != null, "nothing was drawn");
            double[] expected = projectedBox(pose, renderer.camera(), TestAvatars.mesh().positionsMm());
            // pixel x covers [x, x+1): a covered pixel's index is floor of the covered coordinate
            double tolerance = 1.5;
            assertEquals(Math.floor(expected[0]), seen[0], tolerance, "left edge");
            assertEquals(Math.floor(expected[1]), seen[1], tolerance, "top edge");
            assertEquals(Math.ceil(expected[2]) - 1, seen[2], tolerance, "right edge");
            assertEquals(Math.ceil(expected[3]) - 1, seen[3], tolerance, "bottom edge");
            if (camera.equals("orbit")) {
                assertTrue(seen[3] - seen[1] > 0.6 * height, "the orbit camera frames the face large: " + (seen[3] - seen[1]) + " of " + height);
            }
        }
    }

    @Test
    void texelsLandWhereTheirUvsSay() {
        try (MeshRenderer renderer = renderer(256, 256, 4)) {
            HeadPose pose = TestAvatars.orbit(0, 0);
            renderer.render(pose, true);
            RgbImage image = renderer.target().toRgbImage();
            AvatarMesh mesh = TestAvatars.mesh();
            float[] positions = mesh.positionsMm(), uvs = mesh.uvs();
            float[] normals = vertexNormals(mesh);
            BufferedImage marked = image.toBufferedImage();
            int checked = 0;
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < mesh.vertexCount(); i++) {
                double u = uvs[2 * i], v = uvs[2 * i + 1];
                // well inside a checker cell, so neither filtering nor a sub-pixel offset crosses an edge
                double fu = u * TestAvatars.CHECKER_CELLS % 1, fv = v * TestAvatars.CHECKER_CELLS % 1;
                if (Math.min(Math.min(fu, 1 - fu), Math.min(fv, 1 - fv)) < 0.2) continue;
                // facing the camera (z towards it at yaw 0), so not hidden and not at a silhouette
                if (normals[3 * i + 2] < 0.7) continue;
                double[] p = TestAvatars.project(pose, renderer.camera(), positions[3 * i], positions[3 * i + 1], positions[3 * i + 2]);
                int x = (int) Math.floor(p[0]), y = (int) Math.floor(p[1]);
                int want = DebugTextures.uvCheckerRgb(TestAvatars.TEXTURE_SIZE, TestAvatars.CHECKER_CELLS, u, v);
                int[] wantRgb = {(want >> 16) & 255, (want >> 8) & 255, want & 255};
                int diff = 0;
                for (int c = 0; c < 3; c++) diff = Math.max(diff, Math.abs(image.get(x, y, c) - wantRgb[c]));
                if (diff > 8) {
                    wrong.add("vertex " + i + " uv (" + String.format("%.3f, %.3f", u, v) + ") at pixel " + x + "," + y
                            + ": rendered " + image.get(x, y, 0) + "/" + image.get(x, y, 1) + "/" + image.get(x, y, 2)
                            + ", texture " + wantRgb[0] + "/" + wantRgb[1] + "/" + wantRgb[2]);
                }
                marked.setRGB(x, y, diff > 8 ? Color.RED.getRGB() : Color.WHITE.getRGB());
                checked++;
            }
            VulkanTests.writePng(marked, "uv-samples.png");
            assertTrue(checked >= 60, "too few vertices to check: " + checked);
            assertTrue(wrong.isEmpty(), wrong.size() + " of " + checked + " sampled vertices show the wrong texel, e.g. "
                    + wrong.subList(0, Math.min(5, wrong.size())));
        }
    }

    /** Area-weighted vertex normals from the counter-clockwise triangles, unit length. */
    static float[] vertexNormals(AvatarMesh mesh) {
        float[] p = mesh.positionsMm();
        int[] t = mesh.triangles();
        float[] n = new float[p.length];
        for (int k = 0; k < t.length; k += 3) {
            int a = 3 * t[k], b = 3 * t[k + 1], c = 3 * t[k + 2];
            float ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
            float vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
            float nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
            for (int corner : new int[] {a, b, c}) {
                n[corner] += nx;
                n[corner + 1] += ny;
                n[corner + 2] += nz;
            }
        }
        for (int i = 0; i < n.length; i += 3) {
            float len = (float) Math.sqrt(n[i] * n[i] + n[i + 1] * n[i + 1] + n[i + 2] * n[i + 2]);
            if (len > 0) {
                n[i] /= len;
                n[i + 1] /= len;
                n[i + 2] /= len;
            }
        }
        return n;
    }

    /** MediaPipe landmark indices used below. */
    private static final int LOWER_LIP_INNER = 14, NOSE_TIP = 1;

    @Test
    void openingTheJawChangesOnlyMouthAndChin(@TempDir Path dir) throws IOException {
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
        // Two frames as the tracker would write them (dense expression), read back from the file.
        Path params = dir.resolve("params.jsonl");
        FaceParams neutralFrame = new FaceParams(0, 0, false, 0, 0, null, null, pose, Blink.OPEN, Gaze.AHEAD,
                Blendshapes.NEUTRAL, new float[positions.length]);
        FaceParams openFrame = new FaceParams(1, 33_333, false, 0, 0, null, null, pose, Blink.OPEN, Gaze.AHEAD,
                Blendshapes.NEUTRAL, jaw);
        Files.writeString(params, FaceParamsJson.toLine(neutralFrame, true) + "\n" + FaceParamsJson.toLine(openFrame, true) + "\n");
        List<String> warnings = new ArrayList<>();
        try (MeshRenderer renderer = renderer(256, 256, 4);
             FaceParamsReader reader = FaceParamsReader.open(params, warnings::add)) {
            renderer.render(reader.next(), true);
            RgbImage neutral = renderer.target().toRgbImage();
            renderer.render(reader.next(), true);
            RgbImage open = renderer.target().toRgbImage();
            assertEquals(List.of(), warnings);
            VulkanTests.writePng(open.toBufferedImage(), "jaw-open.png");

            // Allowed: everything covered by a triangle that touches a moved vertex, before or after.
            double[] region = TestAvatars.movedRegion(pose, renderer.camera(), mesh.triangles(), positions, jaw, moved);
            double[] nose = TestAvatars.project(pose, renderer.camera(), positions[3 * NOSE_TIP], positions[3 * NOSE_TIP + 1], positions[3 * NOSE_TIP + 2]);
            assertTrue(region[1] > nose[1], "the jaw region must lie below the nose tip: test set-up is wrong");

            BufferedImage diffImage = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
            int changed = 0, outside = 0;
            for (int y = 0; y < 256; y++) {
                for (int x = 0; x < 256; x++) {
                    int d = 0;
                    for (int c = 0; c < 3; c++) d = Math.max(d, Math.abs(open.get(x, y, c) - neutral.get(x, y, c)));
                    if (d <= 24) continue;
                    changed++;
                    boolean inside = x >= region[0] - 2 && x <= region[2] + 2 && y >= region[1] - 2 && y <= region[3] + 2;
                    if (!inside) outside++;
                    diffImage.setRGB(x, y, inside ? 0xFFFFFF : 0xFF0000);
                }
            }
            VulkanTests.writePng(diffImage, "jaw-diff.png");
            assertTrue(changed > 300, "opening the jaw changed only " + changed + " pixels");
            assertEquals(0, outside, "pixels changed outside the mouth/chin region " + java.util.Arrays.toString(region));
        }
    }

    @Test
    void timesEachStageOnTheGpu() {
        try (MeshRenderer renderer = renderer(64, 64, 4)) {
            renderer.render(TestAvatars.orbit(0, 0), true);
            if (!renderer.timestamps()) return;  // nothing to check on a queue without timestamps
            for (int stage = 0; stage < MeshRenderer.STAGES.size(); stage++) {
                double ms = renderer.stageMs(stage);
                assertTrue(ms >= 0 && ms < 60_000, MeshRenderer.STAGES.get(stage) + ": " + ms + " ms");
            }
            renderer.render(TestAvatars.orbit(0, 0), false);
            assertTrue(Double.isNaN(renderer.stageMs(MeshRenderer.STAGE_READBACK)), "no read-back, no read-back time");
        }
    }

    @Test
    void rejectsADisplacementOfTheWrongSize() {
        try (MeshRenderer renderer = renderer(32, 32, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> renderer.render(TestAvatars.orbit(0, 0), new float[12], true));
            assertTrue(e.getMessage().contains("1404"), e.getMessage());
        }
    }
}
