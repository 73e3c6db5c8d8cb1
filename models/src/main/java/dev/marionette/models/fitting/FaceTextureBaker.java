package dev.marionette.models.fitting;

import dev.marionette.tracking.geometry.CanonicalFaceMesh;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.image.RgbImage;
import dev.marionette.tracking.landmarks.FaceLandmarks;
import java.util.Arrays;

/**
 * Unwraps a photo into the face mesh's UV texture: every texel of a triangle in UV space takes
 * the photo's colour at the same barycentric point of that triangle's landmarks. Texels the
 * photo shows badly — triangles turned away get low confidence, texels hidden behind nearer
 * surface (a software depth buffer over the landmarks' relative z) none — and take the mirror texel
 * across the face's symmetry plane (the canonical UV layout is mirror-symmetric in u) when that
 * one was seen better. What no triangle covers (eye and mouth openings, the space between UV
 * islands) is filled by smooth membrane inpainting, so sampling with filtering shows no seams.
 *
 * <p>Output: a packed RGB texture of {@code size}² texels, v down as the mesh's UVs.
 */
public final class FaceTextureBaker {
    /** Below this facing (cosine of the angle to the view), a texel is not trusted. */
    static final float MIN_FACING = 0.25f;
    /** Texels seen with less confidence than this after mirroring are filled in instead. */
    static final float MIN_CONFIDENCE = 0.1f;

    /**
     * Confidence kept for grazing texels inside the face (facing at least {@link #MIN_INNER_FACING}):
     * just above {@link #MIN_CONFIDENCE}, so a better-seen mirror texel still wins, but the photo's
     * own view of a nose's side is kept rather than inpainted from the cheek beside it (which drew
     * a light line around the nostrils). Near the face outline grazing texels mix in hair and
     * background, and stay untrusted.
     */
    static final float INNER_GRAZING_CONFIDENCE = 0.12f;
    static final float MIN_INNER_FACING = 0.05f;

    private final CanonicalFaceMesh mesh;
    private final int size;
    /** Vertices on the mesh's boundary or next to it (the face outline, the openings). */
    private final boolean[] nearBoundary;

    /** The baked texture and, per texel, how well the photo saw it (0 = filled in). */
    public record Baked(RgbImage texture, float[] confidence) {}

    public FaceTextureBaker(CanonicalFaceMesh mesh, int size) {
        if (size < 64 || size > 8192) throw new IllegalArgumentException("texture size must be in 64..8192: " + size);
        this.mesh = mesh;
        this.size = size;
        this.nearBoundary = nearBoundary(mesh.triangles(), CanonicalFaceMesh.VERTICES);
    }

    /** Vertices on an edge used by one triangle only, and their neighbours. */
    private static boolean[] nearBoundary(int[] tris, int vertices) {
        java.util.Map<Long, Integer> uses = new java.util.HashMap<>();
        for (int t = 0; t < tris.length; t += 3) {
            for (int e = 0; e < 3; e++) uses.merge(edge(tris[t + e], tris[t + (e + 1) % 3]), 1, Integer::sum);
        }
        boolean[] onBoundary = new boolean[vertices];
        uses.forEach((key, count) -> {
            if (count == 1) {
                onBoundary[(int) (key / vertices)] = true;
                onBoundary[(int) (key % vertices)] = true;
            }
        });
        boolean[] near = onBoundary.clone();
        for (int t = 0; t < tris.length; t += 3) {
            boolean touches = onBoundary[tris[t]] || onBoundary[tris[t + 1]] || onBoundary[tris[t + 2]];
            if (touches) for (int e = 0; e < 3; e++) near[tris[t + e]] = true;
        }
        return near;
    }

    private static long edge(int a, int b) { return (long) Math.min(a, b) * CanonicalFaceMesh.VERTICES + Math.max(a, b); }

    /**
     * @param photo  the portrait
     * @param face   its landmarks (468 or 478 points, image pixels)
     * @param pose   its head pose (to judge which way each triangle faces)
     */
    public Baked bake(RgbImage photo, FaceLandmarks face, HeadPose pose) {
        int n = size * size;
        float[] rgb = new float[3 * n];
        float[] conf = new float[n];
        float[] depth = depthBuffer(photo.width(), photo.height(), face);
        int[] tris = mesh.triangles();
        float[] uv = mesh.uvs();
        for (int t = 0; t < tris.length; t += 3) {
            int a = tris[t], b = tris[t + 1], c = tris[t + 2];
            float facing = facing(a, b, c, pose);
            if (facing <= 0) continue;
            boolean inner = !nearBoundary[a] && !nearBoundary[b] && !nearBoundary[c];
            rasterizeTriangle(photo, face, depth, uv, a, b, c, facing, inner, rgb, conf);
        }
        mirrorFill(rgb, conf);
        // Grazing texels mix in hair and background at the outline: better filled than kept.
        float[] known = new float[n];
        for (int i = 0; i < n; i++) {
            if (conf[i] < MIN_CONFIDENCE) conf[i] = 0;
            known[i] = conf[i] > 0 ? 1 : 0;
        }
        inpaint(rgb, known);
        byte[] out = new byte[3 * n];
        for (int i = 0; i < 3 * n; i++) out[i] = (byte) Math.max(0, Math.min(255, Math.round(rgb[i])));
        return new Baked(new RgbImage(size, size, out), conf);
    }

    /** Cosine between a triangle's outward normal (head frame, rotated to the camera) and the view. */
    private float facing(int a, int b, int c, HeadPose pose) {
        double ux = mesh.x(b) - mesh.x(a), uy = mesh.y(b) - mesh.y(a), uz = mesh.z(b) - mesh.z(a);
        double vx = mesh.x(c) - mesh.x(a), vy = mesh.y(c) - mesh.y(a), vz = mesh.z(c) - mesh.z(a);
        double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
        double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
        if (len < 1e-9) return 0;
        // Camera-frame normal; the camera looks down -z, so facing = n.z after rotation.
        double cz = pose.r(2, 0) * nx + pose.r(2, 1) * ny + pose.r(2, 2) * nz;
        return (float) (cz / len);
    }

    /** Nearest landmark-surface z per photo pixel (smaller = closer), from the mesh triangles. */
    private float[] depthBuffer(int w, int h, FaceLandmarks face) {
        float[] z = new float[w * h];
        Arrays.fill(z, Float.POSITIVE_INFINITY);
        int[] tris = mesh.triangles();
        for (int t = 0; t < tris.length; t += 3) {
            int a = tris[t], b = tris[t + 1], c = tris[t + 2];
            float x0 = face.x(a), y0 = face.y(a), x1 = face.x(b), y1 = face.y(b), x2 = face.x(c), y2 = face.y(c);
            float area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
            if (Math.abs(area) < 1e-6f) continue;
            int minX = Math.max(0, (int) Math.floor(Math.min(x0, Math.min(x1, x2))));
            int maxX = Math.min(w - 1, (int) Math.ceil(Math.max(x0, Math.max(x1, x2))));
            int minY = Math.max(0, (int) Math.floor(Math.min(y0, Math.min(y1, y2))));
            int maxY = Math.min(h - 1, (int) Math.ceil(Math.max(y0, Math.max(y1, y2))));
            for (int py = minY; py <= maxY; py++) {
                for (int px = minX; px <= maxX; px++) {
                    float sx = px + 0.5f, sy = py + 0.5f;
                    float l1 = ((sx - x0) * (y2 - y0) - (x2 - x0) * (sy - y0)) / area;
                    float l2 = ((x1 - x0) * (sy - y0) - (sx - x0) * (y1 - y0)) / area;
                    float l0 = 1 - l1 - l2;
                    if (l0 < 0 || l1 < 0 || l2 < 0) continue;
                    float d = l0 * face.z(a) + l1 * face.z(b) + l2 * face.z(c);
                    int i = py * w + px;
                    if (d < z[i]) z[i] = d;
                }
            }
        }
        return z;
    }

    private void rasterizeTriangle(RgbImage photo, FaceLandmarks face, float[] depth, float[] uv, int a, int b, int c,
                                   float facing, boolean inner, float[] rgb, float[] conf) {
        float u0 = uv[2 * a] * size, v0 = uv[2 * a + 1] * size;
        float u1 = uv[2 * b] * size, v1 = uv[2 * b + 1] * size;
        float u2 = uv[2 * c] * size, v2 = uv[2 * c + 1] * size;
        float area = (u1 - u0) * (v2 - v0) - (u2 - u0) * (v1 - v0);
        if (Math.abs(area) < 1e-9f) return;
        int minU = Math.max(0, (int) Math.floor(Math.min(u0, Math.min(u1, u2))));
        int maxU = Math.min(size - 1, (int) Math.ceil(Math.max(u0, Math.max(u1, u2))));
        int minV = Math.max(0, (int) Math.floor(Math.min(v0, Math.min(v1, v2))));
        int maxV = Math.min(size - 1, (int) Math.ceil(Math.max(v0, Math.max(v1, v2))));
        int w = photo.width(), h = photo.height();
        // A half-texel tolerance so shared edges leave no uncovered cracks.
        float eps = 0.5f / (Math.abs(area) / Math.max(1f, perimeter(u0, v0, u1, v1, u2, v2)));
        for (int tv = minV; tv <= maxV; tv++) {
            for (int tu = minU; tu <= maxU; tu++) {
                float su = tu + 0.5f, sv = tv + 0.5f;
                float l1 = ((su - u0) * (v2 - v0) - (u2 - u0) * (sv - v0)) / area;
                float l2 = ((u1 - u0) * (sv - v0) - (su - u0) * (v1 - v0)) / area;
                float l0 = 1 - l1 - l2;
                if (l0 < -eps || l1 < -eps || l2 < -eps) continue;
                float x = l0 * face.x(a) + l1 * face.x(b) + l2 * face.x(c);
                float y = l0 * face.y(a) + l1 * face.y(b) + l2 * face.y(c);
                float zz = l0 * face.z(a) + l1 * face.z(b) + l2 * face.z(c);
                if (x < 0 || y < 0 || x > w - 1 || y > h - 1) continue;
                // Hidden behind nearer surface: the depth buffer is nearer by more than a margin.
                int pi = Math.min(h - 1, (int) y) * w + Math.min(w - 1, (int) x);
                if (zz > depth[pi] + 2.5f) continue; // hidden behind the nose or the cheek: leave to mirror/inpainting
                float confidence = Math.max(0, (facing - MIN_FACING) / (1 - MIN_FACING));
                if (inner && facing >= MIN_INNER_FACING) confidence = Math.max(confidence, INNER_GRAZING_CONFIDENCE);
                if (confidence <= 0) continue;
                int i = tv * size + tu;
                if (confidence <= conf[i]) continue;
                conf[i] = confidence;
                sample(photo, x, y, rgb, 3 * i);
            }
        }
    }

    private static float perimeter(float u0, float v0, float u1, float v1, float u2, float v2) {
        return (float) (Math.hypot(u1 - u0, v1 - v0) + Math.hypot(u2 - u1, v2 - v1) + Math.hypot(u0 - u2, v0 - v2));
    }

    /** Bilinear colour of the photo at continuous pixel position (x, y) measured from pixel centres. */
    private static void sample(RgbImage img, float x, float y, float[] out, int o) {
        int w = img.width(), h = img.height();
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        int x1 = Math.min(w - 1, x0 + 1), y1 = Math.min(h - 1, y0 + 1);
        float fx = x - x0, fy = y - y0;
        for (int ch = 0; ch < 3; ch++) {
            float top = (1 - fx) * img.get(x0, y0, ch) + fx * img.get(x1, y0, ch);
            float bottom = (1 - fx) * img.get(x0, y1, ch) + fx * img.get(x1, y1, ch);
            out[o + ch] = (1 - fy) * top + fy * bottom;
        }
    }

    /** Where the mirror texel (u → 1 − u) was seen clearly better, take it. */
    private void mirrorFill(float[] rgb, float[] conf) {
        float[] original = conf.clone();
        float[] colours = rgb.clone();
        for (int v = 0; v < size; v++) {
            for (int u = 0; u < size; u++) {
                int i = v * size + u, m = v * size + (size - 1 - u);
                if (original[m] > 2 * original[i] + 0.05f && original[i] < 0.5f) {
                    System.arraycopy(colours, 3 * m, rgb, 3 * i, 3);
                    conf[i] = original[m] * 0.9f;
                }
            }
        }
    }

    /**
     * Fills unknown texels with a membrane (Laplace) interpolation of the known ones, solved
     * coarse to fine: each level is filled from the next coarser one and relaxed, so large holes
     * converge in a few iterations and the fill meets the edges without a seam.
     */
    static void inpaint(float[] rgb, float[] known) {
        int size = (int) Math.round(Math.sqrt(known.length));
        fillLevel(rgb, known, size);
    }

    private static void fillLevel(float[] rgb, float[] known, int size) {
        boolean any = false, all = true;
        for (float k : known) {
            any |= k > 0;
            all &= k > 0;
        }
        if (all || !any) return;
        if (size > 4) {
            int half = (size + 1) / 2;
            float[] cRgb = new float[3 * half * half];
            float[] cKnown = new float[half * half];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int i = y * size + x;
                    if (known[i] <= 0) continue;
                    int j = (y / 2) * half + x / 2;
                    for (int ch = 0; ch < 3; ch++) cRgb[3 * j + ch] += rgb[3 * i + ch];
                    cKnown[j] += 1;
                }
            }
            for (int j = 0; j < cKnown.length; j++) {
                if (cKnown[j] > 0) for (int ch = 0; ch < 3; ch++) cRgb[3 * j + ch] /= cKnown[j];
            }
            fillLevel(cRgb, cKnown, half);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int i = y * size + x;
                    if (known[i] > 0) continue;
                    int j = (y / 2) * half + x / 2;
                    System.arraycopy(cRgb, 3 * j, rgb, 3 * i, 3);
                }
            }
        }
        // Relax the filled texels towards the average of their neighbours.
        for (int iteration = 0; iteration < 8; iteration++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int i = y * size + x;
                    if (known[i] > 0) continue;
                    int count = 0;
                    float r = 0, g = 0, b = 0;
                    if (x > 0) { r += rgb[3 * (i - 1)]; g += rgb[3 * (i - 1) + 1]; b += rgb[3 * (i - 1) + 2]; count++; }
                    if (x < size - 1) { r += rgb[3 * (i + 1)]; g += rgb[3 * (i + 1) + 1]; b += rgb[3 * (i + 1) + 2]; count++; }
                    if (y > 0) { r += rgb[3 * (i - size)]; g += rgb[3 * (i - size) + 1]; b += rgb[3 * (i - size) + 2]; count++; }
                    if (y < size - 1) { r += rgb[3 * (i + size)]; g += rgb[3 * (i + size) + 1]; b += rgb[3 * (i + size) + 2]; count++; }
                    rgb[3 * i] = r / count;
                    rgb[3 * i + 1] = g / count;
                    rgb[3 * i + 2] = b / count;
                }
            }
        }
    }
}
