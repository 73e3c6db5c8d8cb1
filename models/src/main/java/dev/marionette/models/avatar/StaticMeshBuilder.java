package dev.marionette.models.avatar;

import dev.marionette.models.template.HeadTemplate;
import dev.marionette.models.template.Part;
import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.image.RgbImage;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts an avatar's static content ({@link StaticMesh}) out of its portrait: the person's pixels
 * (person segmentation) that the head template's face does not cover — hair, ears, neck,
 * torso — become a relief mesh in the head frame, textured with the photo itself.
 *
 * <ol>
 * <li>The head template, posed as the photo shows it, is rasterised into the photo: where its
 *     face (with eyes and mouth) is nearest is the face hole, where the back-of-head shell is,
 *     hair and neck lie over it.</li>
 * <li>The static region: person probability ≥ ½, inside a head-frame crop (what the app's
 *     framing can show), outside the face hole but for a margin band under the face's edge, so
 *     no gap opens between the two when the head turns.</li>
 * <li>A lattice of {@link #CELL_MM} cells over it, cut along the region's outline by marching
 *     squares (the outline follows the mask's ½ contour, not the lattice's stairs).</li>
 * <li>Depth along each pixel's ray: over the shell, just in front of it ({@link #OVER_SHELL_MM});
 *     in the margin band, behind the face ({@link #UNDER_FACE_MM}, rising to meet the face's
 *     edge, {@link #EDGE_UNDER_FACE_MM}); both further back below
 *     the mouth ({@link #JAW_CLEARANCE_MM}), where the chin drops; elsewhere an inflated
 *     silhouette — the plane {@link #BACK_Z_MM} at the outline, rising with a parabolic profile
 *     by up to {@link #INFLATE_MM} towards the camera — plus a harmonic correction (SOR) that
 *     meets the shell and face values without a step.</li>
 * <li>Vertices are back-projected through the photo's camera into the head frame; UVs point at
 *     the photo's pixels in a crop, whose colours are pulled inwards from confident person
 *     pixels where the mask is unsure, so no background fringe is filtered in.</li>
 * <li>Triangles the photo saw too obliquely ({@link #MIN_FACING_COS}) are dropped: the photo
 *     has too little of them to be turned towards a viewer without smearing.</li>
 * </ol>
 * From the photo's viewpoint the relief reproduces the photo exactly; turned, it behaves like a
 * bas-relief (Next3D's static tri-plane is the same idea, learned).
 */
public final class StaticMeshBuilder {
    /** Lattice cell, mm at the head's distance: a few thousand triangles for a head and shoulders. */
    static final float CELL_MM = 6;
    /** Head-frame window kept (x, y at {@link #CROP_PLANE_Z_MM}): what a head-and-shoulders frame can show. */
    static final float CROP_MIN_X_MM = -210, CROP_MAX_X_MM = 210, CROP_MIN_Y_MM = -240, CROP_MAX_Y_MM = 175;
    static final float CROP_PLANE_Z_MM = -30;
    /** Where the outline lies: a plane behind the ears (the shell's centre is near z = -50). */
    static final float BACK_Z_MM = -90;
    /** How far the inflated relief rises towards the camera, and over what distance from the outline. */
    static final float INFLATE_MM = 65, ROUND_MM = 70;
    /**
     * Triangles seen by the photo's camera more obliquely than this (cosine between their normal
     * and the ray) are dropped: the photo spreads each of its pixels over more than three times
     * its area there, which turned towards a viewer becomes a smear; with them gone the relief
     * ends where the photo stops telling (the cliff between hair over the shell and the
     * silhouette, the band beside the jaw) and what is behind it (the head's shell, the
     * background) shows instead. Triangles that reach under the face's edge stay: they close
     * the gap between the face and the hair around it, and the face hides their steep part.
     */
    static final double MIN_FACING_COS = 0.34;
    /**
     * Depth may fall away from the camera by at most this much per millimetre across: cliffs
     * (hair over the shell's steep sides, the neck below the jaw, hair beyond the head's outline)
     * become slopes by moving their far side towards the camera along its own rays, which leaves
     * the photo's view unchanged and keeps everything in front of the shell.
     */
    static final float MAX_DEPTH_SLOPE = 1.2f;
    /** Hair and neck over the shell sit this far in front of it. */
    static final float OVER_SHELL_MM = 7;
    /** The band under the face's edge sits this far behind the face, and is this wide. */
    static final float UNDER_FACE_MM = 7, FACE_MARGIN_MM = 8;
    /**
     * At the face's very edge the band lies this far behind the face: a little in front of it
     * (negative), so that from any pose the relief meets the face's edge instead of leaving a
     * slit through which the back-of-head shell shows; it sinks to {@link #UNDER_FACE_MM} within
     * {@link #FACE_MARGIN_MM}. The overlap shows the photo's own pixels of that spot.
     */
    static final float EDGE_UNDER_FACE_MM = -1.5f;
    /**
     * Below the mouth the band under the face, and the neck over the shell under the chin, sit
     * this much further back: the jaw drops and moves forward by up to ~20 mm, and the neck
     * (static) must stay behind the chin it uncovers. (With the neck over the shell only 7 mm in
     * front of the shell's rest position, a dropping chin went behind it: a straight cut across
     * the chin of every open mouth.)
     */
    static final float JAW_CLEARANCE_MM = 30;
    /** Person probability above which a pixel's colour is the person's own. */
    static final float SURE_PERSON = 0.95f, UNSURE_PERSON = 0.6f;
    static final int MAX_TEXTURE = 1024;
    /** Masks are analysed at most this many pixels across. */
    static final int WORK_MAX = 512;

    private static final byte OUT_SILHOUETTE = 0, OUT_HOLE = 1, IN = 2;
    /** Canonical mesh landmark at the lower lip's outer middle. */
    private static final int LOWER_LIP = 17;

    private final RgbImage photo;
    private final float[] person;
    private final HeadTemplate template;
    private final HeadPose pose;
    private final CameraIntrinsics camera;
    private final double[] eye = new double[3];   // the camera's centre, head frame
    private final float lowerLipY;                // head-frame height of the lower lip's outer edge

    // work grid
    private final float ws;
    private final int ww, wh;
    private final float mmPerWorkPx;
    private float[] depth;      // nearest template surface, camera depth (mm), +inf where none
    private byte[] surface;     // 0 none, 1 shell, 2 face (face, eyes, mouth)
    private float[] field;      // > 0 inside the static region
    private byte[] outsideKind; // for field <= 0: silhouette or face hole
    private float[] intoFace;   // distance into the face hole from its edge, work pixels (0 outside)

    private StaticMeshBuilder(RgbImage photo, float[] person, HeadTemplate template, HeadPose pose, CameraIntrinsics camera) {
        this.photo = photo;
        this.person = person;
        this.template = template;
        this.pose = pose;
        this.camera = camera;
        pose.toHead(0, 0, 0, eye);
        lowerLipY = template.neutralPositions()[3 * LOWER_LIP + 1];
        ws = Math.min(1f, (float) WORK_MAX / Math.max(photo.width(), photo.height()));
        ww = Math.max(1, Math.round(photo.width() * ws));
        wh = Math.max(1, Math.round(photo.height() * ws));
        double headDepth = -pose.t(2);
        mmPerWorkPx = (float) (headDepth / camera.fy() / ws);
    }

    /**
     * @param photo    the portrait
     * @param person   person probability per photo pixel (PersonSegmenter)
     * @param template the avatar's head template (its neutral face)
     * @param pose     the template's head frame to the photo's camera
     * @param camera   the photo's camera
     * @return the relief, or null when the photo shows nothing of the person outside the face
     */
    public static StaticMesh build(RgbImage photo, float[] person, HeadTemplate template, HeadPose pose, CameraIntrinsics camera) {
        if (person.length != photo.width() * photo.height()) {
            throw new IllegalArgumentException("person mask has " + person.length + " values for a " + photo.width() + "x" + photo.height() + " photo");
        }
        if (!(pose.t(2) < -1)) throw new IllegalArgumentException("the head must be in front of the camera: " + pose);
        return new StaticMeshBuilder(photo, person, template, pose, camera).build();
    }

    private StaticMesh build() {
        rasteriseTemplate();
        classify();
        Lattice lattice = lattice();
        if (lattice == null) return null;
        return lattice.mesh();
    }

    // ---- the template in the photo ----

    /** Photo pixel (x, y) and camera depth of a head-frame point, into out; work-grid scaled. */
    private void project(double x, double y, double z, double[] out) {
        double[] c = new double[3];
        pose.toCamera(x, y, z, c);
        double d = -c[2];
        out[0] = (camera.fx() * c[0] / d + camera.cx()) * ws;
        out[1] = (camera.cy() - camera.fy() * c[1] / d) * ws;
        out[2] = d;
    }

    private void rasteriseTemplate() {
        depth = new float[ww * wh];
        surface = new byte[ww * wh];
        Arrays.fill(depth, Float.POSITIVE_INFINITY);
        float[] p = template.neutralPositions();
        int n = p.length / 3;
        double[][] s = new double[n][3];
        for (int i = 0; i < n; i++) project(p[3 * i], p[3 * i + 1], p[3 * i + 2], s[i]);
        int[] t = template.triangles();
        for (int k = 0; k < t.length; k += 3) {
            byte kind = template.part(t[k]) == Part.SHELL ? (byte) 1 : (byte) 2;
            fillTriangle(s[t[k]], s[t[k + 1]], s[t[k + 2]], kind);
        }
    }

    /** Depth-tested scan conversion at pixel centres, 1/depth interpolated (perspective-correct). */
    private void fillTriangle(double[] a, double[] b, double[] c, byte kind) {
        if (a[2] <= 0 || b[2] <= 0 || c[2] <= 0) return;
        double area = (b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1]);
        if (Math.abs(area) < 1e-12) return;
        int x0 = Math.max(0, (int) Math.floor(Math.min(a[0], Math.min(b[0], c[0])))), x1 = Math.min(ww - 1, (int) Math.ceil(Math.max(a[0], Math.max(b[0], c[0]))));
        int y0 = Math.max(0, (int) Math.floor(Math.min(a[1], Math.min(b[1], c[1])))), y1 = Math.min(wh - 1, (int) Math.ceil(Math.max(a[1], Math.max(b[1], c[1]))));
        for (int y = y0; y <= y1; y++) {
            double py = y + 0.5;
            for (int x = x0; x <= x1; x++) {
                double px = x + 0.5;
                double l1 = ((px - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (py - a[1])) / area;
                double l2 = ((b[0] - a[0]) * (py - a[1]) - (px - a[0]) * (b[1] - a[1])) / area;
                double l0 = 1 - l1 - l2;
                if (l0 < 0 || l1 < 0 || l2 < 0) continue;
                float d = (float) (1 / (l0 / a[2] + l1 / b[2] + l2 / c[2]));
                int i = y * ww + x;
                if (d < depth[i]) {
                    depth[i] = d;
                    surface[i] = kind;
                }
            }
        }
    }

    // ---- the static region ----

    private void classify() {
        // The face hole: the face's pixels and all they enclose (through the corners of the eye
        // and mouth openings the shell's far side shows; that is no place for hair).
        boolean[] face = enclosed(surface, ww, wh);
        // Distance into the face hole from its edge, work pixels (two-pass chamfer, 1 / √2).
        float[] inside = new float[ww * wh];
        for (int i = 0; i < inside.length; i++) inside[i] = face[i] ? Float.MAX_VALUE : 0;
        chamfer(inside, ww, wh);
        intoFace = inside;
        float margin = FACE_MARGIN_MM / mmPerWorkPx;
        field = new float[ww * wh];
        outsideKind = new byte[ww * wh];
        double[] ray = new double[3];
        for (int y = 0; y < wh; y++) {
            for (int x = 0; x < ww; x++) {
                int i = y * ww + x;
                if (inside[i] > margin) {
                    field[i] = -1;
                    outsideKind[i] = OUT_HOLE;
                    continue;
                }
                double[] q = onPlane((x + 0.5) / ws, (y + 0.5) / ws, CROP_PLANE_Z_MM, ray);
                boolean kept = q != null && q[0] >= CROP_MIN_X_MM && q[0] <= CROP_MAX_X_MM && q[1] >= CROP_MIN_Y_MM && q[1] <= CROP_MAX_Y_MM;
                field[i] = kept ? personAt((x + 0.5f) / ws, (y + 0.5f) / ws) - 0.5f : -1;
                outsideKind[i] = OUT_SILHOUETTE;
            }
        }
    }

    /** Pixels of kind 2 and those they enclose (not reachable from the border through other pixels). */
    static boolean[] enclosed(byte[] kind, int w, int h) {
        boolean[] reached = new boolean[w * h];
        int[] stack = new int[w * h];
        int top = 0;
        for (int x = 0; x < w; x++) {
            for (int y : new int[] {0, h - 1}) {
                int i = y * w + x;
                if (kind[i] != 2 && !reached[i]) { reached[i] = true; stack[top++] = i; }
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x : new int[] {0, w - 1}) {
                int i = y * w + x;
                if (kind[i] != 2 && !reached[i]) { reached[i] = true; stack[top++] = i; }
            }
        }
        while (top > 0) {
            int i = stack[--top], x = i % w, y = i / w;
            if (x > 0) top = visit(kind, reached, stack, top, i - 1);
            if (x + 1 < w) top = visit(kind, reached, stack, top, i + 1);
            if (y > 0) top = visit(kind, reached, stack, top, i - w);
            if (y + 1 < h) top = visit(kind, reached, stack, top, i + w);
        }
        boolean[] out = new boolean[w * h];
        for (int i = 0; i < out.length; i++) out[i] = !reached[i];
        return out;
    }

    private static int visit(byte[] kind, boolean[] reached, int[] stack, int top, int i) {
        if (reached[i] || kind[i] == 2) return top;
        reached[i] = true;
        stack[top] = i;
        return top + 1;
    }

    /** Person probability at a photo point, bilinear. */
    private float personAt(float px, float py) {
        return bilinear(person, photo.width(), photo.height(), px - 0.5f, py - 0.5f);
    }

    static float bilinear(float[] v, int w, int h, float x, float y) {
        x = Math.max(0, Math.min(w - 1, x));
        y = Math.max(0, Math.min(h - 1, y));
        int x0 = Math.min(w - 2 < 0 ? 0 : w - 2, (int) x), y0 = Math.min(h - 2 < 0 ? 0 : h - 2, (int) y);
        int x1 = Math.min(w - 1, x0 + 1), y1 = Math.min(h - 1, y0 + 1);
        float fx = x - x0, fy = y - y0;
        float top = v[y0 * w + x0] * (1 - fx) + v[y0 * w + x1] * fx;
        float bottom = v[y1 * w + x0] * (1 - fx) + v[y1 * w + x1] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    /** Two-pass chamfer distance (1, √2) to the nearest zero, in place. */
    static void chamfer(float[] d, int w, int h) {
        final float diag = (float) Math.sqrt(2);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float v = d[i];
                if (v == 0) continue;
                if (x > 0) v = Math.min(v, d[i - 1] + 1);
                if (y > 0) {
                    v = Math.min(v, d[i - w] + 1);
                    if (x > 0) v = Math.min(v, d[i - w - 1] + diag);
                    if (x + 1 < w) v = Math.min(v, d[i - w + 1] + diag);
                }
                d[i] = v;
            }
        }
        for (int y = h - 1; y >= 0; y--) {
            for (int x = w - 1; x >= 0; x--) {
                int i = y * w + x;
                float v = d[i];
                if (v == 0) continue;
                if (x + 1 < w) v = Math.min(v, d[i + 1] + 1);
                if (y + 1 < h) {
                    v = Math.min(v, d[i + w] + 1);
                    if (x + 1 < w) v = Math.min(v, d[i + w + 1] + diag);
                    if (x > 0) v = Math.min(v, d[i + w - 1] + diag);
                }
                d[i] = v;
            }
        }
    }

    /** Camera-frame direction of the ray through photo point (px, py) (not normalised, z = -1). */
    private void rayOf(double px, double py, double[] out) {
        out[0] = (px - camera.cx()) / camera.fx();
        out[1] = -(py - camera.cy()) / camera.fy();
        out[2] = -1;
    }

    /** Head-frame point where the ray through photo point (px, py) meets the plane z = planeZ, or null. */
    private double[] onPlane(double px, double py, double planeZ, double[] scratch) {
        double depthAlong = depthOnPlane(px, py, planeZ, scratch);
        if (!(depthAlong > 0)) return null;
        double[] head = new double[3];
        pose.toHead(scratch[0] * depthAlong, scratch[1] * depthAlong, -depthAlong, head);
        return head;
    }

    /** Camera depth at which the ray through (px, py) meets the head-frame plane z = planeZ (NaN if parallel); leaves the ray in ray. */
    private double depthOnPlane(double px, double py, double planeZ, double[] ray) {
        rayOf(px, py, ray);
        // Head-frame z of camera point D·ray: eye.z + D · (R^T ray).z
        double dz = pose.r(0, 2) * ray[0] + pose.r(1, 2) * ray[1] + pose.r(2, 2) * ray[2];
        if (Math.abs(dz) < 1e-6) return Double.NaN;
        return (planeZ - eye[2]) / dz;
    }

    // ---- lattice, outline, depth ----

    private Lattice lattice() {
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
        for (int y = 0; y < wh; y++) {
            for (int x = 0; x < ww; x++) {
                if (field[y * ww + x] <= 0) continue;
                x0 = Math.min(x0, x);
                x1 = Math.max(x1, x);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
            }
        }
        if (x1 < 0) return null;
        float cell = CELL_MM / mmPerWorkPx;
        if (cell < 1) cell = 1;
        return new Lattice(x0 + 0.5f - cell, y0 + 0.5f - cell, cell, (int) Math.ceil((x1 - x0) / cell) + 3,
                (int) Math.ceil((y1 - y0) / cell) + 3);
    }

    /** Work-grid value at (x, y) (work pixel units, centres at +0.5), outside the grid a silhouette. */
    private float fieldAt(float x, float y) {
        if (x < 0 || y < 0 || x > ww || y > wh) return -1;
        return bilinear(field, ww, wh, x - 0.5f, y - 0.5f);
    }

    private byte outsideAt(float x, float y) {
        int ix = (int) Math.floor(x), iy = (int) Math.floor(y);
        if (ix < 0 || iy < 0 || ix >= ww || iy >= wh) return OUT_SILHOUETTE;
        return outsideKind[iy * ww + ix];
    }

    /** Nearest template surface at a work point: 0 none, 1 shell, 2 face. */
    private int surfaceAt(float x, float y) {
        int ix = Math.max(0, Math.min(ww - 1, (int) Math.floor(x))), iy = Math.max(0, Math.min(wh - 1, (int) Math.floor(y)));
        return surface[iy * ww + ix];
    }

    /** Exact template depth at a work point (the ray cast against the posed template's nearest surface is approximated by the raster). */
    private float templateDepthAt(float x, float y) {
        int ix = Math.max(0, Math.min(ww - 1, (int) Math.floor(x))), iy = Math.max(0, Math.min(wh - 1, (int) Math.floor(y)));
        return depth[iy * ww + ix];
    }

    private final class Lattice {
        final float ox, oy, cell;
        final int nx, ny;
        final float[] value;
        final byte[] kind;      // IN, OUT_SILHOUETTE, OUT_HOLE

        // mesh vertices (work coordinates) and how their depth is set
        final List<float[]> vertices = new ArrayList<>();   // {x, y}
        final List<int[]> origin = new ArrayList<>();       // {lattice index, IN} or {inside lattice index, outside kind}
        final int[] latticeVertex;
        final Map<Long, Integer> edgeVertex = new HashMap<>();
        final List<int[]> triangles = new ArrayList<>();

        Lattice(float ox, float oy, float cell, int nx, int ny) {
            this.ox = ox;
            this.oy = oy;
            this.cell = cell;
            this.nx = nx;
            this.ny = ny;
            value = new float[nx * ny];
            kind = new byte[nx * ny];
            latticeVertex = new int[nx * ny];
            Arrays.fill(latticeVertex, -1);
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    float x = ox + i * cell, y = oy + j * cell;
                    float v = (i == 0 || j == 0 || i == nx - 1 || j == ny - 1) ? -1 : fieldAt(x, y);
                    value[j * nx + i] = v;
                    kind[j * nx + i] = v > 0 ? IN : outsideAt(x, y);
                }
            }
        }

        float lx(int index) { return ox + (index % nx) * cell; }

        float ly(int index) { return oy + (index / nx) * cell; }

        int latticePoint(int index) {
            int v = latticeVertex[index];
            if (v >= 0) return v;
            vertices.add(new float[] {lx(index), ly(index)});
            origin.add(new int[] {index, IN});
            latticeVertex[index] = vertices.size() - 1;
            return vertices.size() - 1;
        }

        int crossingPoint(int in, int out) {
            long key = Math.min(in, out) * (long) (nx * ny) + Math.max(in, out);
            Integer v = edgeVertex.get(key);
            if (v != null) return v;
            float a = value[in], b = value[out];
            float t = a / (a - b);
            t = Math.max(0.02f, Math.min(0.98f, t));
            vertices.add(new float[] {lx(in) + t * (lx(out) - lx(in)), ly(in) + t * (ly(out) - ly(in))});
            origin.add(new int[] {in, kind[out]});
            edgeVertex.put(key, vertices.size() - 1);
            return vertices.size() - 1;
        }

        /** Marching squares: per cell, the polygon of inside corners and edge crossings, fanned into triangles. */
        void cut() {
            int[] corner = new int[4];
            int[] poly = new int[8];
            for (int j = 0; j + 1 < ny; j++) {
                for (int i = 0; i + 1 < nx; i++) {
                    corner[0] = j * nx + i;
                    corner[1] = j * nx + i + 1;
                    corner[2] = (j + 1) * nx + i + 1;
                    corner[3] = (j + 1) * nx + i;
                    int n = 0;
                    boolean any = false;
                    for (int k = 0; k < 4; k++) any |= kind[corner[k]] == IN;
                    if (!any) continue;
                    for (int k = 0; k < 4; k++) {
                        int a = corner[k], b = corner[(k + 1) % 4];
                        boolean ia = kind[a] == IN, ib = kind[b] == IN;
                        if (ia) poly[n++] = latticePoint(a);
                        if (ia && !ib) poly[n++] = crossingPoint(a, b);
                        else if (!ia && ib) poly[n++] = crossingPoint(b, a);
                    }
                    for (int k = 1; k + 1 < n; k++) triangles.add(new int[] {poly[0], poly[k], poly[k + 1]});
                }
            }
        }

        StaticMesh mesh() {
            cut();
            if (triangles.isEmpty()) return null;
            float[] d = depths();
            boolean[] tucked = new boolean[vertices.size()];
            for (int v = 0; v < tucked.length; v++) tucked[v] = surfaceAt(vertices.get(v)[0], vertices.get(v)[1]) == 2;
            return assemble(vertices, d, tucked, triangles);
        }

        /** Camera depth of every mesh vertex. */
        float[] depths() {
            // Distance of each lattice point to the outline (silhouette crossings), mm.
            List<float[]> outline = new ArrayList<>();
            for (int v = 0; v < vertices.size(); v++) {
                if (origin.get(v)[1] == OUT_SILHOUETTE) outline.add(vertices.get(v));
            }
            int count = nx * ny;
            double[] ray = new double[3];
            float[] fixedDepth = new float[count];  // NaN where free
            float[] inflated = new float[count];
            float[] correction = new float[count];
            boolean[] free = new boolean[count];
            Arrays.fill(fixedDepth, Float.NaN);
            for (int index = 0; index < count; index++) {
                if (kind[index] != IN) continue;
                float x = lx(index), y = ly(index);
                inflated[index] = inflatedDepth(x, y, outline, ray);
                float fixed = anchoredDepth(x, y);
                if (Float.isNaN(fixed)) {
                    free[index] = true;
                } else {
                    fixedDepth[index] = fixed;
                    correction[index] = fixed - inflated[index];
                }
            }
            // Harmonic correction: 0 at the outline, meets the anchors, Neumann at the face hole.
            int[] step = {1, -1, nx, -nx};
            for (int iteration = 0; iteration < 600; iteration++) {
                float change = 0;
                for (int index = 0; index < count; index++) {
                    if (!free[index]) continue;
                    float sum = 0;
                    int n = 0;
                    for (int s : step) {
                        int m = index + s;
                        if (kind[m] == OUT_HOLE) continue;
                        sum += kind[m] == IN ? correction[m] : 0;
                        n++;
                    }
                    if (n == 0) continue;
                    float next = correction[index] + 1.8f * (sum / n - correction[index]);
                    change = Math.max(change, Math.abs(next - correction[index]));
                    correction[index] = next;
                }
                if (change < 0.01f) break;
            }
            float[] out = new float[vertices.size()];
            for (int v = 0; v < out.length; v++) {
                float[] p = vertices.get(v);
                int[] c = origin.get(v);
                if (c[1] == IN) {
                    out[v] = free[c[0]] ? inflated[c[0]] + correction[c[0]] : fixedDepth[c[0]];
                    continue;
                }
                float anchored = anchoredDepth(p[0], p[1]);
                if (!Float.isNaN(anchored)) {
                    out[v] = anchored;
                } else if (c[1] == OUT_SILHOUETTE) {
                    out[v] = (float) depthOnPlane(p[0] / ws, p[1] / ws, BACK_Z_MM, ray);
                } else {
                    int index = c[0];
                    out[v] = free[index] ? inflated[index] + correction[index] : fixedDepth[index];
                }
            }
            return out;
        }

        /** Depth pinned by the template: just in front of the shell, just behind the face; NaN where neither is. */
        float anchoredDepth(float x, float y) {
            int s = surfaceAt(x, y);
            if (s == 1) {
                float d = templateDepthAt(x, y);
                return d - OVER_SHELL_MM + JAW_CLEARANCE_MM * belowMouth(x, y, d);
            }
            if (s == 2) {
                float d = templateDepthAt(x, y);
                return d + underFace(x, y) + JAW_CLEARANCE_MM * belowMouth(x, y, d);
            }
            return Float.NaN;
        }

        /**
         * How far behind the face the band under its edge lies: {@link #EDGE_UNDER_FACE_MM} at the
         * edge, {@link #UNDER_FACE_MM} from {@link #FACE_MARGIN_MM} in. Seen from another pose than
         * the photo's, a point behind the face moves against the face's edge by that depth times
         * the turn: 7 mm all the way to the edge let the back-of-head shell show through in a
         * line between the face's top edge and the relief over the shell (2 px at 512² on a high
         * forehead, at the front view already; StaticContentSeamTest).
         */
        float underFace(float x, float y) {
            int ix = Math.max(0, Math.min(ww - 1, (int) Math.floor(x))), iy = Math.max(0, Math.min(wh - 1, (int) Math.floor(y)));
            float in = intoFace[iy * ww + ix] * mmPerWorkPx;
            return EDGE_UNDER_FACE_MM + (UNDER_FACE_MM - EDGE_UNDER_FACE_MM) * smoothstep(0, FACE_MARGIN_MM, in);
        }

        /** 0 above the lower lip, rising to 1 within 10 mm below it (head frame height of the point at camera depth d). */
        float belowMouth(float x, float y, float d) {
            double[] ray = new double[3], head = new double[3];
            rayOf(x / ws, y / ws, ray);
            pose.toHead(ray[0] * d, ray[1] * d, -d, head);
            return smoothstep(0, 10, (float) (lowerLipY - head[1]));
        }

        /** The inflated silhouette: the back plane at the outline, rising towards the camera with a parabolic profile. */
        float inflatedDepth(float x, float y, List<float[]> outline, double[] ray) {
            float best = Float.MAX_VALUE;
            for (float[] q : outline) {
                float dx = q[0] - x, dy = q[1] - y;
                best = Math.min(best, dx * dx + dy * dy);
            }
            float distanceMm = outline.isEmpty() ? ROUND_MM : (float) Math.sqrt(best) * mmPerWorkPx;
            float t = Math.min(1, distanceMm / ROUND_MM);
            // Parabolic: the rim leaves the back plane at 2 · INFLATE / ROUND (about 60°), steep enough to
            // read as round from the side, not so steep that MIN_FACING_COS drops it.
            float rise = INFLATE_MM * (1 - (1 - t) * (1 - t));
            double back = depthOnPlane(x / ws, y / ws, BACK_Z_MM, ray);
            return (float) back - rise;
        }
    }

    // ---- mesh and texture ----

    /** @param tucked per vertex: it lies under the face's edge (those triangles are kept however steep: they join the relief to the face) */
    private StaticMesh assemble(List<float[]> work, float[] cameraDepth, boolean[] tucked, List<int[]> cells) {
        int n = work.size();
        limitSlopes(work, cameraDepth, tucked, cells);
        float[] positions = new float[3 * n];
        float[] photoXy = new float[2 * n];
        double[] ray = new double[3], head = new double[3];
        for (int v = 0; v < n; v++) {
            float px = work.get(v)[0] / ws, py = work.get(v)[1] / ws;
            photoXy[2 * v] = px;
            photoXy[2 * v + 1] = py;
            rayOf(px, py, ray);
            double d = cameraDepth[v];
            pose.toHead(ray[0] * d, ray[1] * d, -d, head);
            positions[3 * v] = (float) head[0];
            positions[3 * v + 1] = (float) head[1];
            positions[3 * v + 2] = (float) head[2];
        }
        // Wind every triangle to face the photo's camera; drop slivers of no area.
        int[] tris = new int[3 * cells.size()];
        int m = 0;
        for (int[] t : cells) {
            int a = t[0], b = t[1], c = t[2];
            double ux = positions[3 * b] - positions[3 * a], uy = positions[3 * b + 1] - positions[3 * a + 1], uz = positions[3 * b + 2] - positions[3 * a + 2];
            double vx = positions[3 * c] - positions[3 * a], vy = positions[3 * c + 1] - positions[3 * a + 1], vz = positions[3 * c + 2] - positions[3 * a + 2];
            double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
            if (nx * nx + ny * ny + nz * nz < 1e-8) continue;
            double cx = (positions[3 * a] + positions[3 * b] + positions[3 * c]) / 3, cy = (positions[3 * a + 1] + positions[3 * b + 1] + positions[3 * c + 1]) / 3;
            double cz = (positions[3 * a + 2] + positions[3 * b + 2] + positions[3 * c + 2]) / 3;
            double ex = eye[0] - cx, ey = eye[1] - cy, ez = eye[2] - cz;
            double towards = nx * ex + ny * ey + nz * ez;
            boolean joinsFace = tucked[a] || tucked[b] || tucked[c];
            if (!joinsFace && Math.abs(towards) < MIN_FACING_COS * Math.sqrt((nx * nx + ny * ny + nz * nz) * (ex * ex + ey * ey + ez * ez))) continue;
            boolean facing = towards >= 0;
            tris[m++] = a;
            tris[m++] = facing ? b : c;
            tris[m++] = facing ? c : b;
        }
        if (m == 0) return null;
        tris = Arrays.copyOf(tris, m);
        // The texture: the photo crop around the relief (a few pixels of border for filtering).
        float minX = Float.MAX_VALUE, minY = Float.MAX_VALUE, maxX = -Float.MAX_VALUE, maxY = -Float.MAX_VALUE;
        for (int v = 0; v < n; v++) {
            minX = Math.min(minX, photoXy[2 * v]);
            maxX = Math.max(maxX, photoXy[2 * v]);
            minY = Math.min(minY, photoXy[2 * v + 1]);
            maxY = Math.max(maxY, photoXy[2 * v + 1]);
        }
        int pad = 4;
        int x0 = Math.max(0, (int) Math.floor(minX) - pad), y0 = Math.max(0, (int) Math.floor(minY) - pad);
        int x1 = Math.min(photo.width(), (int) Math.ceil(maxX) + pad), y1 = Math.min(photo.height(), (int) Math.ceil(maxY) + pad);
        int cw = Math.max(1, x1 - x0), ch = Math.max(1, y1 - y0);
        float scale = Math.min(1f, (float) MAX_TEXTURE / Math.max(cw, ch));
        int tw = Math.max(StaticMesh.MIN_TEXTURE, Math.round(cw * scale)), th = Math.max(StaticMesh.MIN_TEXTURE, Math.round(ch * scale));
        float[] uvs = new float[2 * n];
        for (int v = 0; v < n; v++) {
            uvs[2 * v] = clamp01((photoXy[2 * v] - x0) / cw);
            uvs[2 * v + 1] = clamp01((photoXy[2 * v + 1] - y0) / ch);
        }
        return new StaticMesh(positions, uvs, tris, texture(x0, y0, cw, ch, tw, th));
    }

    /**
     * Pulls vertices towards the camera until no edge falls away faster than {@link
     * #MAX_DEPTH_SLOPE} (a shortest-path relaxation over the mesh's edges); vertices under the
     * face's edge stay where they are (in front they would show through the face).
     */
    private void limitSlopes(List<float[]> work, float[] depth, boolean[] tucked, List<int[]> cells) {
        double mmPerPixelAtUnitDepth = 1 / (camera.fy() * ws);
        for (int pass = 0; pass < 500; pass++) {
            boolean changed = false;
            for (int[] t : cells) {
                for (int k = 0; k < 3; k++) {
                    int a = t[k], b = t[(k + 1) % 3];
                    float[] pa = work.get(a), pb = work.get(b);
                    double across = Math.hypot(pa[0] - pb[0], pa[1] - pb[1]) * mmPerPixelAtUnitDepth * 0.5 * (depth[a] + depth[b]);
                    float limit = (float) (MAX_DEPTH_SLOPE * across);
                    if (!tucked[b] && depth[b] > depth[a] + limit + 1e-3f) {
                        depth[b] = depth[a] + limit;
                        changed = true;
                    } else if (!tucked[a] && depth[a] > depth[b] + limit + 1e-3f) {
                        depth[a] = depth[b] + limit;
                        changed = true;
                    }
                }
            }
            if (!changed) return;
        }
    }

    private static float clamp01(float v) {
        return Math.max(0, Math.min(1, v));
    }

    /**
     * The photo's pixels in [x0, x0 + cw) × [y0, y0 + ch), area-averaged to tw × th; where the
     * mask is unsure of the person, colours are pulled in from sure person pixels (pull-push),
     * so the outline carries no background.
     */
    private BufferedImage texture(int x0, int y0, int cw, int ch, int tw, int th) {
        float[] rgb = new float[3 * tw * th];
        float[] sure = new float[tw * th];
        for (int ty = 0; ty < th; ty++) {
            int ya = y0 + (int) Math.floor((double) ty * ch / th), yb = Math.max(ya + 1, y0 + (int) Math.floor((double) (ty + 1) * ch / th));
            for (int tx = 0; tx < tw; tx++) {
                int xa = x0 + (int) Math.floor((double) tx * cw / tw), xb = Math.max(xa + 1, x0 + (int) Math.floor((double) (tx + 1) * cw / tw));
                float r = 0, g = 0, b = 0, m = 0;
                int k = 0;
                for (int y = ya; y < Math.min(yb, photo.height()); y++) {
                    for (int x = xa; x < Math.min(xb, photo.width()); x++) {
                        r += photo.get(x, y, 0);
                        g += photo.get(x, y, 1);
                        b += photo.get(x, y, 2);
                        m += person[y * photo.width() + x];
                        k++;
                    }
                }
                int i = ty * tw + tx;
                if (k == 0) continue;
                rgb[3 * i] = r / k;
                rgb[3 * i + 1] = g / k;
                rgb[3 * i + 2] = b / k;
                sure[i] = smoothstep(UNSURE_PERSON, SURE_PERSON, m / k);
            }
        }
        float[] filled = pullPush(rgb, sure, tw, th);
        BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_3BYTE_BGR);
        for (int i = 0; i < tw * th; i++) {
            int r = Math.max(0, Math.min(255, Math.round(filled[3 * i])));
            int g = Math.max(0, Math.min(255, Math.round(filled[3 * i + 1])));
            int b = Math.max(0, Math.min(255, Math.round(filled[3 * i + 2])));
            out.setRGB(i % tw, i / tw, (r << 16) | (g << 8) | b);
        }
        return out;
    }

    /** Fills every texel from the weighted texels around it: weighted 2× reductions, then back up where weights are low. */
    static float[] pullPush(float[] rgb, float[] weight, int w, int h) {
        if (w <= 1 && h <= 1) return rgb.clone();
        int cw = (w + 1) / 2, ch = (h + 1) / 2;
        float[] coarseRgb = new float[3 * cw * ch];
        float[] coarseWeight = new float[cw * ch];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x, c = (y / 2) * cw + x / 2;
                float wt = weight[i];
                coarseWeight[c] += wt;
                for (int k = 0; k < 3; k++) coarseRgb[3 * c + k] += wt * rgb[3 * i + k];
            }
        }
        for (int c = 0; c < cw * ch; c++) {
            if (coarseWeight[c] > 0) for (int k = 0; k < 3; k++) coarseRgb[3 * c + k] /= coarseWeight[c];
            coarseWeight[c] = Math.min(1, coarseWeight[c]);
        }
        float[] coarse = pullPush(coarseRgb, coarseWeight, cw, ch);
        float[] out = new float[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                // Bilinear from the coarser level (texel centres at (2c + 0.5)).
                float sx = Math.max(0, Math.min(cw - 1, (x - 0.5f) / 2)), sy = Math.max(0, Math.min(ch - 1, (y - 0.5f) / 2));
                int ax = (int) sx, ay = (int) sy, bx = Math.min(cw - 1, ax + 1), by = Math.min(ch - 1, ay + 1);
                float fx = sx - ax, fy = sy - ay;
                float wt = weight[i];
                for (int k = 0; k < 3; k++) {
                    float up = (1 - fy) * ((1 - fx) * coarse[3 * (ay * cw + ax) + k] + fx * coarse[3 * (ay * cw + bx) + k])
                            + fy * ((1 - fx) * coarse[3 * (by * cw + ax) + k] + fx * coarse[3 * (by * cw + bx) + k]);
                    out[3 * i + k] = wt * rgb[3 * i + k] + (1 - wt) * up;
                }
            }
        }
        return out;
    }

    static float smoothstep(float e0, float e1, float x) {
        float t = Math.max(0, Math.min(1, (x - e0) / (e1 - e0)));
        return t * t * (3 - 2 * t);
    }
}
