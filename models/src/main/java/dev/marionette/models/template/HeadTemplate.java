package dev.marionette.models.template;

import dev.marionette.tracking.geometry.CanonicalFaceMesh;
import dev.marionette.tracking.params.ExpressionProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The open head template: MediaPipe's canonical face mesh with its eye and mouth openings cut
 * out, plus what rendering needs and the face mesh lacks — eyeballs that turn with gaze behind
 * the openings and sockets behind them, a mouth interior (cavity, lining at the corners, upper
 * and lower teeth, tongue) and a closed back-of-head shell stitched to the face outline, so that
 * no view shows through the head — in the head frame of
 * {@link CanonicalFaceMesh} (millimetres, +x the subject's left, +y up, +z out of the face).
 *
 * <p>Vertex i < 468 is face landmark i, so a tracked dense displacement applies directly. UVs
 * follow {@link AtlasLayout}. Triangles are counter-clockwise seen from where they are meant to
 * be seen (outside for skin, eyes and teeth; inside for the mouth cavity; forwards for the
 * sockets and the lining).
 *
 * <p>Built around a neutral face (the canonical mesh plus an avatar's identity offsets), so the
 * eyes and mouth sit where that face has them.
 */
public final class HeadTemplate {
    public static final int FACE_VERTICES = CanonicalFaceMesh.VERTICES;
    /**
     * Eye rotation radius: the iris centre's distance from the eyeball's centre, the true one (the
     * tracker's default range is the shorter turn its landmark model reports, {@link ExpressionProfile#IRIS_RANGE_MM}).
     */
    public static final float EYE_RADIUS_MM = ExpressionProfile.EYE_ROTATION_RADIUS_MM;
    /** The eyeball is a little wider than deep, so it fills the corners of the eye opening. */
    static final float EYE_RADIUS_X_MM = 13.5f, EYE_RADIUS_Y_MM = 12.5f;
    /** Iris radius on the eyeball, mm (an adult iris is about 11.7 mm across). */
    public static final float IRIS_RADIUS_MM = 5.85f;
    static final float PUPIL_RADIUS_MM = 2.0f;

    /** Lid contours of the subject's right eye (around landmark 33), upper row then lower row, corner to corner. */
    static final int[] RIGHT_EYE_RING = {33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7};
    static final int[] LEFT_EYE_RING = {263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249};
    /** Upper lid contour point → the lower contour point it closes onto (subject's right eye, then left). */
    static final int[][] RIGHT_LID_PAIRS = {{246, 7}, {161, 163}, {160, 144}, {159, 145}, {158, 153}, {157, 154}, {173, 155}};
    static final int[][] LEFT_LID_PAIRS = {{466, 249}, {388, 390}, {387, 373}, {386, 374}, {385, 380}, {384, 381}, {398, 382}};
    /** The skin row above each upper lid contour point, in the same order (moves half as far in a blink). */
    static final int[] RIGHT_LID_CREASE = {247, 30, 29, 27, 28, 56, 190};
    static final int[] LEFT_LID_CREASE = {467, 260, 259, 257, 258, 286, 414};
    /** Inner lip contour. */
    static final int[] MOUTH_RING = {78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95};

    /** Lower incisors: how far their edges stand above the lower lip's inner edge, and the crown below that, mm. */
    static final float LOWER_TEETH_SHOW_MM = 2f, LOWER_CROWN_MM = 9f;
    /** With the lips together, the lower incisors' edges sit this far under the upper lip's inner edge, mm. */
    static final float LOWER_TEETH_BEHIND_UPPER_LIP_MM = 1f;
    /** Upper incisors reach this far below the lower ones' edges (overbite), and show at most this much below the upper lip, mm. */
    static final float OVERBITE_MM = 2f, UPPER_TEETH_MAX_SHOW_MM = 9f;

    static final int SHELL_RINGS = 10;
    static final int EYE_RINGS = 12, EYE_SEGMENTS = 20;

    final float[] neutral;      // positions of all vertices at rest
    final float[] uvs;
    final int[] triangles;
    final Part[] parts;
    final int[] faceOval;       // face outline, in order around the face
    final int shellStart, shellCount;
    final int[] eyeStart = new int[2], eyeCount = new int[2]; // 0 = left (+x), 1 = right
    final float[][] eyeCentre = new float[2][3];
    final int mouthStart, mouthCount;
    /**
     * The eye sockets and the mouth's lining: per vertex of the range, the face vertex whose
     * displacement it takes (a lid or lip it lines), or -1 (it stays with the skull).
     */
    final int followStart, followCount;
    final int[] followOf;
    final float[] mouthCentre = new float[3];
    final float[] jawAxis = new float[3]; // a point on the jaw's hinge axis (along x)
    final float jawMaxRadians;
    /**
     * This face's eye-corner distance over the canonical mesh's, frontal plane. The tracker
     * reads its measures in canonical millimetres (rescaled to the canonical eye-corner
     * distance), so the jaw drop of jawOpen = 1 and the eye's rotation radius are this many
     * template millimetres per canonical one; then exact landmarks of a render read jawOpen and gaze
     * back as given (the landmark model reads both short, which the tracker's default ranges allow for).
     */
    final float canonicalScale;
    final float eyeRadiusMm, irisRadiusMm, jawDropAtFullMm;
    final float[] jawWeight = new float[FACE_VERTICES];

    private final List<Float> p = new ArrayList<>();
    private final List<Float> uv = new ArrayList<>();
    private final List<Integer> tri = new ArrayList<>();
    private final List<Part> part = new ArrayList<>();

    /** The template around the canonical mesh itself. */
    public static HeadTemplate canonical() {
        return around(CanonicalFaceMesh.bundled().positionsMm());
    }

    /** The template around a neutral face: 468 × 3 head-frame positions (canonical + identity). */
    public static HeadTemplate around(float[] neutralFace) {
        if (neutralFace.length != 3 * FACE_VERTICES) throw new IllegalArgumentException("need 468 x 3 face positions");
        for (float v : neutralFace) if (!Float.isFinite(v)) throw new IllegalArgumentException("face position is not finite");
        return new HeadTemplate(neutralFace);
    }

    private HeadTemplate(float[] face) {
        CanonicalFaceMesh canonical = CanonicalFaceMesh.bundled();
        canonicalScale = frontalDistance(face, 33, 263) / frontalDistance(canonical.positionsMm(), 33, 263);
        eyeRadiusMm = EYE_RADIUS_MM * canonicalScale;
        irisRadiusMm = IRIS_RADIUS_MM * canonicalScale;
        jawDropAtFullMm = JAW_DROP_AT_FULL_MM * canonicalScale;
        float[] faceUv = canonical.uvs();
        for (int i = 0; i < FACE_VERTICES; i++) {
            add(face[3 * i], face[3 * i + 1], face[3 * i + 2], faceUv[2 * i] * AtlasLayout.FACE_SCALE,
                    faceUv[2 * i + 1] * AtlasLayout.FACE_SCALE, Part.FACE);
        }
        addFaceTriangles(canonical.triangles());
        faceOval = boundaryLoop(canonical.triangles());

        shellStart = part.size();
        buildShell(face);
        shellCount = part.size() - shellStart;

        buildEye(face, 0, LEFT_EYE_RING);
        buildEye(face, 1, RIGHT_EYE_RING);

        followStart = part.size();
        List<Integer> follows = new ArrayList<>();
        buildSocket(face, 0, LEFT_EYE_RING, follows);
        buildSocket(face, 1, RIGHT_EYE_RING, follows);
        buildMouthLining(face, follows);
        followCount = part.size() - followStart;
        followOf = follows.stream().mapToInt(Integer::intValue).toArray();

        mouthStart = part.size();
        buildMouth(face);
        mouthCount = part.size() - mouthStart;

        neutral = toFloats(p);
        uvs = toFloats(uv);
        triangles = tri.stream().mapToInt(Integer::intValue).toArray();
        parts = part.toArray(new Part[0]);

        setJaw(face, canonical.positionsMm());
        jawMaxRadians = solveJawMax(face);
    }

    // ---- accessors ----

    public int vertexCount() { return neutral.length / 3; }

    /** Rest positions of all vertices, 3 per vertex (a copy). */
    public float[] neutralPositions() { return neutral.clone(); }

    /** UVs in the atlas, 2 per vertex (a copy). */
    public float[] uvs() { return uvs.clone(); }

    /** Triangles, 3 indices each (a copy). */
    public int[] triangles() { return triangles.clone(); }

    public int triangleCount() { return triangles.length / 3; }

    public Part part(int vertex) { return parts[vertex]; }

    /** The face outline, landmark indices in order around the face. */
    public int[] faceOval() { return faceOval.clone(); }

    /** Rest centre of an eyeball (0 = the subject's left, 1 = right), head frame. */
    public float[] eyeCentre(int eye) { return eyeCentre[eye].clone(); }

    /** Radius about which the iris centre turns with gaze, mm: the true one, in this face's scale. */
    public float eyeRadiusMm() { return eyeRadiusMm; }

    /** The jaw rotation, radians, of jawOpen = 1. */
    public float jawMaxRadians() { return jawMaxRadians; }

    // ---- construction ----

    private int add(float x, float y, float z, float u, float v, Part which) {
        p.add(x);
        p.add(y);
        p.add(z);
        uv.add(u);
        uv.add(v);
        part.add(which);
        return part.size() - 1;
    }

    /** Adds a vertex whose UV is (s, t) within an atlas region {u0, v0, u1, v1}. */
    private int addIn(float[] region, float s, float t, float x, float y, float z, Part which) {
        // Inset from the region's edges so filtered (and mip-mapped) sampling stays inside it.
        float is = REGION_INSET + s * (1 - 2 * REGION_INSET), it = REGION_INSET + t * (1 - 2 * REGION_INSET);
        return add(x, y, z, region[0] + is * (region[2] - region[0]), region[1] + it * (region[3] - region[1]), which);
    }

    /** Fraction of a region kept clear at its edges: a few texels of a 1024² atlas. */
    static final float REGION_INSET = 0.01f;

    private void triangle(int a, int b, int c) {
        tri.add(a);
        tri.add(b);
        tri.add(c);
    }

    /** Adds a triangle wound so its normal points along {@code (ox, oy, oz)}. */
    private void orientedTriangle(int a, int b, int c, float ox, float oy, float oz) {
        float[] n = normal(a, b, c);
        if (n[0] * ox + n[1] * oy + n[2] * oz >= 0) triangle(a, b, c);
        else triangle(a, c, b);
    }

    private float[] normal(int a, int b, int c) {
        float ux = p.get(3 * b) - p.get(3 * a), uy = p.get(3 * b + 1) - p.get(3 * a + 1), uz = p.get(3 * b + 2) - p.get(3 * a + 2);
        float vx = p.get(3 * c) - p.get(3 * a), vy = p.get(3 * c + 1) - p.get(3 * a + 1), vz = p.get(3 * c + 2) - p.get(3 * a + 2);
        return new float[] {uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx};
    }

    /** The face triangles except the membranes that close the eye and mouth openings. */
    private void addFaceTriangles(int[] canonicalTriangles) {
        List<Set<Integer>> openings = List.of(setOf(RIGHT_EYE_RING), setOf(LEFT_EYE_RING), setOf(MOUTH_RING));
        for (int t = 0; t < canonicalTriangles.length; t += 3) {
            int a = canonicalTriangles[t], b = canonicalTriangles[t + 1], c = canonicalTriangles[t + 2];
            boolean membrane = false;
            for (Set<Integer> ring : openings) membrane |= ring.contains(a) && ring.contains(b) && ring.contains(c);
            if (!membrane) triangle(a, b, c);
        }
    }

    private static Set<Integer> setOf(int[] values) {
        Set<Integer> s = new HashSet<>();
        for (int v : values) s.add(v);
        return s;
    }

    /** The mesh's outer boundary loop (edges used by one triangle), in winding order. */
    static int[] boundaryLoop(int[] t) {
        Map<Long, Integer> uses = new HashMap<>();
        for (int k = 0; k < t.length; k += 3) {
            for (int e = 0; e < 3; e++) uses.merge(edgeKey(t[k + e], t[k + (e + 1) % 3]), 1, Integer::sum);
        }
        Map<Integer, Integer> next = new HashMap<>();
        for (int k = 0; k < t.length; k += 3) {
            for (int e = 0; e < 3; e++) {
                int a = t[k + e], b = t[k + (e + 1) % 3];
                if (uses.get(edgeKey(a, b)) == 1) next.put(a, b);
            }
        }
        int start = next.keySet().stream().min(Integer::compare).orElseThrow();
        List<Integer> loop = new ArrayList<>();
        int c = start;
        do {
            loop.add(c);
            c = next.get(c);
        } while (c != start && loop.size() <= next.size());
        return loop.stream().mapToInt(Integer::intValue).toArray();
    }

    private static long edgeKey(int a, int b) {
        return Math.min(a, b) * 100_000L + Math.max(a, b);
    }

    /**
     * The back of the head: from each outline vertex a meridian runs over an ellipsoid to the
     * back pole, in {@link #SHELL_RINGS} rings. Ring 0 duplicates the outline (its own UVs)
     * and follows it when the face moves. A seam column repeats the first meridian so the UVs
     * wrap without stretching.
     */
    private void buildShell(float[] face) {
        float minY = Float.MAX_VALUE, maxY = -Float.MAX_VALUE, maxX = 0, front = -Float.MAX_VALUE;
        for (int i : faceOval) {
            minY = Math.min(minY, face[3 * i + 1]);
            maxY = Math.max(maxY, face[3 * i + 1]);
            maxX = Math.max(maxX, Math.abs(face[3 * i]));
            front = Math.max(front, face[3 * i + 2]);
        }
        // An adult head is about 190 mm from forehead to the back and 150 mm wide.
        float cy = (minY + maxY) / 2 + 10, cz = front - 95;
        float rx = maxX * 1.02f, ry = (maxY - minY) / 2 + 15, rz = 100;
        int columns = faceOval.length + 1;
        int[][] ring = new int[SHELL_RINGS][columns];
        for (int k = 0; k < SHELL_RINGS; k++) {
            float t = (float) k / SHELL_RINGS;
            for (int c = 0; c < columns; c++) {
                int j = faceOval[c % faceOval.length];
                float qx = face[3 * j] / rx, qy = (face[3 * j + 1] - cy) / ry, qz = (face[3 * j + 2] - cz) / rz;
                float len = (float) Math.sqrt(qx * qx + qy * qy + qz * qz);
                float[] dir = slerp(qx / len, qy / len, qz / len, 0, 0, -1, t);
                float scale = len + (1 - len) * smooth(t);
                float x = dir[0] * scale * rx, y = cy + dir[1] * scale * ry, z = cz + dir[2] * scale * rz;
                if (k == 0) { // the outline itself, exactly
                    x = face[3 * j];
                    y = face[3 * j + 1];
                    z = face[3 * j + 2];
                }
                ring[k][c] = addIn(AtlasLayout.SHELL, (float) c / faceOval.length, t, x, y, z, Part.SHELL);
            }
        }
        int pole = addIn(AtlasLayout.SHELL, 0.5f, 1f, 0, cy, cz - rz, Part.SHELL);
        for (int k = 0; k + 1 < SHELL_RINGS; k++) {
            for (int c = 0; c + 1 < columns; c++) {
                int a = ring[k][c], b = ring[k][c + 1], d = ring[k + 1][c], e = ring[k + 1][c + 1];
                outward(a, b, e, 0, cy, cz);
                outward(a, e, d, 0, cy, cz);
            }
        }
        for (int c = 0; c + 1 < columns; c++) outward(ring[SHELL_RINGS - 1][c], ring[SHELL_RINGS - 1][c + 1], pole, 0, cy, cz);
    }

    /** A triangle wound to face away from the point (cx, cy, cz). */
    private void outward(int a, int b, int c, float cx, float cy, float cz) {
        float mx = (p.get(3 * a) + p.get(3 * b) + p.get(3 * c)) / 3 - cx;
        float my = (p.get(3 * a + 1) + p.get(3 * b + 1) + p.get(3 * c + 1)) / 3 - cy;
        float mz = (p.get(3 * a + 2) + p.get(3 * b + 2) + p.get(3 * c + 2)) / 3 - cz;
        orientedTriangle(a, b, c, mx, my, mz);
    }

    /**
     * An eyeball: an ellipsoid whose depth radius is {@link #eyeRadiusMm}, centred behind the
     * eye opening so its front (where the iris is) sits at the lid contour's mean depth, at the height the
     * tracker expects a straight-ahead iris. UVs: an azimuthal map around the forward axis,
     * iris in the middle of the eyeball region.
     */
    private void buildEye(float[] face, int eye, int[] ring) {
        int outer = ring[0], inner = ring[8];
        float ringZ = 0;
        for (int v : ring) ringZ += face[3 * v + 2];
        ringZ /= ring.length;
        float neutralIrisY = ExpressionProfile.standard().neutral(dev.marionette.tracking.params.Measure.IRIS_Y_LEFT);
        float cx = (face[3 * outer] + face[3 * inner]) / 2;
        float cy = (face[3 * outer + 1] + face[3 * inner + 1]) / 2 + neutralIrisY * canonicalScale;
        // The iris centre at the lid contour's mean depth: where the tracker (and the landmark
        // model) take it to be, so a turned head does not shift the iris it reads.
        float cz = ringZ - eyeRadiusMm;
        eyeCentre[eye] = new float[] {cx, cy, cz};
        Part which = eye == 0 ? Part.EYE_LEFT : Part.EYE_RIGHT;
        eyeStart[eye] = part.size();
        int front = addIn(AtlasLayout.EYEBALL, 0.5f, 0.5f, cx, cy, cz + eyeRadiusMm, which);
        int[][] grid = new int[EYE_RINGS - 1][EYE_SEGMENTS];
        for (int r = 1; r < EYE_RINGS; r++) {
            double theta = Math.PI * r / EYE_RINGS;
            for (int sgm = 0; sgm < EYE_SEGMENTS; sgm++) {
                double phi = 2 * Math.PI * sgm / EYE_SEGMENTS;
                float x = (float) (EYE_RADIUS_X_MM * canonicalScale * Math.sin(theta) * Math.cos(phi));
                float y = (float) (EYE_RADIUS_Y_MM * canonicalScale * Math.sin(theta) * Math.sin(phi));
                float z = (float) (eyeRadiusMm * Math.cos(theta));
                float radial = (float) (theta / Math.PI);
                grid[r - 1][sgm] = addIn(AtlasLayout.EYEBALL, 0.5f + 0.5f * radial * (float) Math.cos(phi),
                        0.5f - 0.5f * radial * (float) Math.sin(phi), cx + x, cy + y, cz + z, which);
            }
        }
        int back = addIn(AtlasLayout.EYEBALL, 1f, 0.5f, cx, cy, cz - eyeRadiusMm, which);
        for (int sgm = 0; sgm < EYE_SEGMENTS; sgm++) {
            int n = (sgm + 1) % EYE_SEGMENTS;
            outward(front, grid[0][sgm], grid[0][n], cx, cy, cz);
            for (int r = 0; r + 1 < EYE_RINGS - 1; r++) {
                outward(grid[r][sgm], grid[r + 1][sgm], grid[r + 1][n], cx, cy, cz);
                outward(grid[r][sgm], grid[r + 1][n], grid[r][n], cx, cy, cz);
            }
            outward(grid[EYE_RINGS - 2][sgm], back, grid[EYE_RINGS - 2][n], cx, cy, cz);
        }
        eyeCount[eye] = part.size() - eyeStart[eye];
    }

    /**
     * An eye's socket: a cup seen from the front, from a ring just outside the lid contour (1.5 mm
     * behind it, {@link #SOCKET_OVERLAP} of the way away from the eye's centre) straight back by
     * {@link #SOCKET_DEPTH_MM}, then closed behind the eyeball. Through the opening it shows only
     * where the eyeball does not reach, the corners of a turned eye (the eye opening is wider
     * than the eyeball), where the background showed through before: pink at the lids (the
     * eyeball's pink back in the atlas), darkening inwards (the mouth cavity's dark).
     */
    private void buildSocket(float[] face, int eye, int[] ring, List<Integer> lids) {
        float[] c = eyeCentre[eye];
        int n = ring.length;
        int[] outer = new int[n], deep = new int[n];
        for (int k = 0; k < n; k++) {
            int v = ring[k];
            float lx = face[3 * v], ly = face[3 * v + 1], lz = face[3 * v + 2];
            double phi = Math.atan2((ly - c[1]) / EYE_RADIUS_Y_MM, (lx - c[0]) / EYE_RADIUS_X_MM);
            float su = 0.5f + 0.475f * (float) Math.cos(phi), sv = 0.5f - 0.475f * (float) Math.sin(phi);
            // A little outside the contour and behind it: under the lid's skin, so no sliver of
            // the corner opens between the lid and the socket.
            float ox = lx - SOCKET_OVERLAP * (c[0] - lx), oy = ly - SOCKET_OVERLAP * (c[1] - ly);
            outer[k] = addIn(AtlasLayout.EYEBALL, su, sv, ox, oy, lz - 1.5f, Part.EYE_SOCKET);
            lids.add(v);
            deep[k] = addIn(AtlasLayout.CAVITY, 0.5f + 0.2f * (float) Math.cos(phi), 0.5f - 0.2f * (float) Math.sin(phi),
                    ox + 0.05f * (c[0] - ox), oy + 0.05f * (c[1] - oy), lz - 1.5f - SOCKET_DEPTH_MM * canonicalScale, Part.EYE_SOCKET);
            lids.add(-1);
        }
        int pole = addIn(AtlasLayout.CAVITY, 0.5f, 0.5f, c[0], c[1], c[2] - eyeRadiusMm - 1, Part.EYE_SOCKET);
        lids.add(-1);
        for (int k = 0; k < n; k++) {
            int m = (k + 1) % n;
            orientedTriangle(outer[k], deep[k], deep[m], 0, 0, 1);
            orientedTriangle(outer[k], deep[m], outer[m], 0, 0, 1);
            orientedTriangle(deep[k], pole, deep[m], 0, 0, 1);
        }
    }

    /**
     * The mouth's lining at its corners: walls from just outside the inner lip contour (1.5 mm
     * behind it) straight back by {@link #LINING_DEPTH_MM}, every vertex carried with its lip (the
     * jaw included). The cavity's rim did not reach a turned, open mouth's far corner, and the
     * background showed through there. Only the corners, within {@link #LINING_CORNER_DEG} of the
     * mouth's horizontal: along the lips a wall would stand in front of the teeth (it drew a dark
     * line over the lower teeth, and the landmark model read the resting face 2 degrees pitched).
     * Coloured as the cavity's rim.
     */
    private void buildMouthLining(float[] face, List<Integer> follows) {
        float mx = 0, my = 0;
        for (int v : MOUTH_RING) {
            mx += face[3 * v];
            my += face[3 * v + 1];
        }
        mx /= MOUTH_RING.length;
        my /= MOUTH_RING.length;
        int n = MOUTH_RING.length;
        int[] front = new int[n], back = new int[n];
        boolean[] corner = new boolean[n];
        double limit = Math.cos(Math.toRadians(LINING_CORNER_DEG));
        for (int k = 0; k < n; k++) {
            int v = MOUTH_RING[k];
            float lx = face[3 * v], ly = face[3 * v + 1], lz = face[3 * v + 2];
            double phi = Math.atan2((ly - my) * 3, lx - mx); // a mouth is about three times wider than tall
            corner[k] = Math.abs(Math.cos(phi)) >= limit;
            if (!corner[k]) continue;
            float su = 0.5f + 0.48f * (float) Math.cos(phi), sv = 0.5f - 0.48f * (float) Math.sin(phi);
            float ox = lx + LINING_OVERLAP * (lx - mx), oy = ly + LINING_OVERLAP * (ly - my);
            front[k] = addIn(AtlasLayout.CAVITY, su, sv, ox, oy, lz - 1.5f, Part.MOUTH_LINING);
            follows.add(v);
            back[k] = addIn(AtlasLayout.CAVITY, 0.5f + 0.4f * (float) Math.cos(phi), 0.5f - 0.4f * (float) Math.sin(phi),
                    ox, oy, lz - 1.5f - LINING_DEPTH_MM * canonicalScale, Part.MOUTH_LINING);
            follows.add(v);
        }
        for (int k = 0; k < n; k++) {
            int m = (k + 1) % n;
            if (!corner[k] || !corner[m]) continue;
            orientedTriangle(front[k], back[k], back[m], 0, 0, 1);
            orientedTriangle(front[k], back[m], front[m], 0, 0, 1);
        }
    }

    /** How far the mouth's lining goes back from the lips, mm, and how far outside the lip contour it starts (fraction of the way from the mouth's centre). */
    static final float LINING_DEPTH_MM = 8, LINING_OVERLAP = 0.06f;
    /** Lip contour points within this angle of the mouth's horizontal (seen from the mouth's centre, height tripled) get the lining. */
    static final double LINING_CORNER_DEG = 35;

    /** How far the socket's wall goes straight back from the lids before it closes behind the eyeball, mm. */
    static final float SOCKET_DEPTH_MM = 10;
    /** The socket's rim lies this fraction of the way from the eye's centre beyond the lid contour. */
    static final float SOCKET_OVERLAP = 0.08f;

    /**
     * Behind the lips: a dark cavity (the back half of an ellipsoid, seen from inside), upper
     * teeth (fixed to the skull), lower teeth and tongue (carried by the jaw).
     */
    private void buildMouth(float[] face) {
        float mx = 0, my = 0, mz = 0;
        for (int v : MOUTH_RING) {
            mx += face[3 * v];
            my += face[3 * v + 1];
            mz += face[3 * v + 2];
        }
        mx /= MOUTH_RING.length;
        my /= MOUTH_RING.length;
        mz /= MOUTH_RING.length;
        mouthCentre[0] = mx;
        mouthCentre[1] = my;
        mouthCentre[2] = mz;
        float halfWidth = Math.abs(face[3 * 308] - face[3 * 78]) / 2;
        float upperLip = face[3 * 13 + 1];

        // Cavity: a bowl going back into the head, visible from inside, its rim set back 12 mm
        // from the lips so it never shows through the cheeks beside the mouth corners, where the
        // face curves back; 3 mm wider than the mouth and 24 mm high, so a smile's raised corners
        // still look into it (18 mm and the mouth's own width left the background showing there).
        float ccx = mx, ccy = my - 3, ccz = mz - 12;
        float rx = halfWidth + 3, ry = 24, rz = 28;
        int rings = 6, segments = 18;
        int[][] grid = new int[rings][segments];
        for (int r = 0; r < rings; r++) {
            double theta = Math.PI / 2 + (Math.PI / 2) * r / rings;
            for (int sgm = 0; sgm < segments; sgm++) {
                double phi = 2 * Math.PI * sgm / segments;
                float x = (float) (rx * Math.sin(theta) * Math.cos(phi));
                float y = (float) (ry * Math.sin(theta) * Math.sin(phi));
                float z = (float) (rz * Math.cos(theta));
                grid[r][sgm] = addIn(AtlasLayout.CAVITY, 0.5f + x / (2 * rx), 0.5f - y / (2 * ry), ccx + x, ccy + y, ccz + z,
                        Part.MOUTH_CAVITY);
            }
        }
        int bottom = addIn(AtlasLayout.CAVITY, 0.5f, 0.5f, ccx, ccy, ccz - rz, Part.MOUTH_CAVITY);
        for (int sgm = 0; sgm < segments; sgm++) {
            int n = (sgm + 1) % segments;
            for (int r = 0; r + 1 < rings; r++) {
                inward(grid[r][sgm], grid[r + 1][sgm], grid[r + 1][n], ccx, ccy, ccz);
                inward(grid[r][sgm], grid[r + 1][n], grid[r][n], ccx, ccy, ccz);
            }
            inward(grid[rings - 1][sgm], bottom, grid[rings - 1][n], ccx, ccy, ccz);
        }

        // Teeth: two bands along an arch behind the lips, facing forward, biting at rest. The
        // lower incisors' edges stand a little above the lower lip's inner edge and the crowns
        // go on down behind the lip; the upper incisors overlap them in front by the usual
        // overbite. A face that rests with parted lips (a smile showing teeth) so shows the two
        // rows meeting, not the tongue between them, and an opening jaw parts the rows.
        float lowerLip = face[3 * 14 + 1];
        float lowerTop = Math.min(upperLip - LOWER_TEETH_BEHIND_UPPER_LIP_MM, lowerLip + LOWER_TEETH_SHOW_MM);
        float upperBottom = Math.max(upperLip - UPPER_TEETH_MAX_SHOW_MM, Math.min(upperLip - 1.5f, lowerTop - OVERBITE_MM));
        teeth(Part.TEETH_UPPER, mx, upperLip + 4, upperBottom, mz - 2.5f, halfWidth * 0.95f, 0f, 0.5f);
        teeth(Part.TEETH_LOWER, mx, lowerTop, lowerTop - LOWER_CROWN_MM, mz - 3.5f, halfWidth * 0.9f, 0.5f, 1f);

        // Tongue: a low dome on the floor of the mouth, behind the lower teeth, its top a little
        // below their edges.
        float tx = mx, ty = lowerTop - 1.5f - 6, tz = mz - 22;
        float trx = halfWidth * 0.8f, trY = 6, trz = 17;
        int tRings = 4, tSegments = 12;
        int[][] tg = new int[tRings][tSegments + 1];
        int top = addIn(AtlasLayout.TONGUE, 0.5f, 0.5f, tx, ty + trY, tz, Part.TONGUE);
        for (int r = 1; r <= tRings; r++) {
            double theta = (Math.PI / 2) * r / tRings;
            for (int sgm = 0; sgm <= tSegments; sgm++) {
                double phi = Math.PI * sgm / tSegments; // front half only: x from +rx to -rx, z forward
                float x = (float) (trx * Math.sin(theta) * Math.cos(phi));
                float z = (float) (trz * Math.sin(theta) * Math.sin(phi));
                float y = (float) (trY * Math.cos(theta));
                tg[r - 1][sgm] = addIn(AtlasLayout.TONGUE, 0.5f + x / (2 * trx), 0.5f - z / (2 * trz), tx + x, ty + y, tz + z, Part.TONGUE);
            }
        }
        for (int sgm = 0; sgm < tSegments; sgm++) {
            orientedTriangle(top, tg[0][sgm], tg[0][sgm + 1], 0, 1, 0.3f);
            for (int r = 0; r + 1 < tRings; r++) {
                orientedFrom(tg[r][sgm], tg[r + 1][sgm], tg[r + 1][sgm + 1], tx, ty - trY, tz);
                orientedFrom(tg[r][sgm], tg[r + 1][sgm + 1], tg[r][sgm + 1], tx, ty - trY, tz);
            }
        }
    }

    private void teeth(Part which, float mx, float yTop, float yBottom, float zFront, float halfWidth, float t0, float t1) {
        int columns = 15;
        float depth = 14;
        int[] upper = new int[columns], lower = new int[columns];
        for (int c = 0; c < columns; c++) {
            double alpha = Math.toRadians(-65 + 130.0 * c / (columns - 1));
            float x = mx + (float) (halfWidth * Math.sin(alpha));
            float z = zFront - (float) (depth * (1 - Math.cos(alpha)));
            float s = (float) c / (columns - 1);
            upper[c] = addIn(AtlasLayout.TEETH, s, t0, x, yTop, z, which);
            lower[c] = addIn(AtlasLayout.TEETH, s, t1, x, yBottom, z, which);
        }
        // Face away from the arch's centre of curvature (forwards and out).
        float cz = zFront - depth - 10;
        for (int c = 0; c + 1 < columns; c++) {
            orientedFrom(upper[c], lower[c], lower[c + 1], mx, (yTop + yBottom) / 2, cz);
            orientedFrom(upper[c], lower[c + 1], upper[c + 1], mx, (yTop + yBottom) / 2, cz);
        }
    }

    /** A triangle wound to face towards the point (cx, cy, cz): for surfaces seen from inside. */
    private void inward(int a, int b, int c, float cx, float cy, float cz) {
        float mx = (p.get(3 * a) + p.get(3 * b) + p.get(3 * c)) / 3 - cx;
        float my = (p.get(3 * a + 1) + p.get(3 * b + 1) + p.get(3 * c + 1)) / 3 - cy;
        float mz = (p.get(3 * a + 2) + p.get(3 * b + 2) + p.get(3 * c + 2)) / 3 - cz;
        orientedTriangle(a, b, c, -mx, -my, -mz);
    }

    /** A triangle wound to face away from (cx, cy, cz). */
    private void orientedFrom(int a, int b, int c, float cx, float cy, float cz) {
        outward(a, b, c, cx, cy, cz);
    }

    /**
     * The jaw hinges about an axis along x near the ears (placed on this face). Face vertices
     * turn with it by a weight: 1 below the lower lip, 0 above the upper lip's inner edge, about
     * half at the mouth corners, fading out towards the jaw's angle. The weights are the
     * canonical face's, whatever this face's shape, as a skinning weight belongs to the vertex:
     * which tissue rides on the mandible does not change with an expression the portrait
     * happened to wear. (Taken on a broadly smiling face by height, the lifted mouth corners and
     * the lower lip beside them stayed put while the lip's middle dropped: a wide rectangular
     * opening without a lower lip to see, which the landmark model read as no more than half
     * open however far the jaw turned.)
     */
    private void setJaw(float[] face, float[] canonicalFace) {
        jawAxis[0] = 0;
        jawAxis[1] = (face[3 * 234 + 1] + face[3 * 454 + 1]) / 2 - 5;
        jawAxis[2] = (face[3 * 234 + 2] + face[3 * 454 + 2]) / 2 - 15;
        float upperInner = canonicalFace[3 * 13 + 1];
        for (int i = 0; i < FACE_VERTICES; i++) {
            float y = canonicalFace[3 * i + 1], ax = Math.abs(canonicalFace[3 * i]);
            float below = smoothstep(upperInner, upperInner - 6, y);
            float lateral = 1 - smoothstep(50, 72, ax);
            jawWeight[i] = below * lateral;
        }
    }

    /** The jaw angle that lowers the chin (152) by 25 canonical mm from the subnasale (2): the tracker's jawOpen = 1. */
    private float solveJawMax(float[] face) {
        float max = jawAngleForDrop(face, jawDropAtFullMm);
        for (int k = 0; k < JAW_TABLE; k++) {
            jawAngleTable[k] = jawAngleForDrop(face, jawDropAtFullMm * k / (JAW_TABLE - 1));
        }
        return max;
    }

    /** Angle that moves the chin {@code drop} mm further from the subnasale in the frontal plane (bisection). */
    private float jawAngleForDrop(float[] face, float drop) {
        float target = frontalDistance(face, 2, 152) + drop;
        float lo = 0, hi = 1.2f;
        float[] q = new float[3];
        for (int k = 0; k < 40; k++) {
            float mid = (lo + hi) / 2;
            rotateAboutJaw(face[3 * 152], face[3 * 152 + 1], face[3 * 152 + 2], mid * jawWeight[152], q);
            float d = (float) Math.hypot(q[0] - face[3 * 2], q[1] - face[3 * 2 + 1]);
            if (d < target) lo = mid;
            else hi = mid;
        }
        return (lo + hi) / 2;
    }

    /**
     * Jaw angle for a jawOpen value: the chin drop, and so the tracker's reading, is linear in
     * jawOpen, the angle is not.
     */
    float jawAngle(float jawOpen) {
        float j = Math.max(0, Math.min(1, jawOpen)) * (JAW_TABLE - 1);
        int k = Math.min(JAW_TABLE - 2, (int) j);
        float f = j - k;
        return jawAngleTable[k] + f * (jawAngleTable[k + 1] - jawAngleTable[k]);
    }

    private static final int JAW_TABLE = 21;
    private final float[] jawAngleTable = new float[JAW_TABLE];

    /** Chin drop of jawOpen = 1, canonical mm: the true one (the tracker's range is the shorter drop its landmark model reads). */
    static final float JAW_DROP_AT_FULL_MM = ExpressionProfile.JAW_DROP_AT_FULL_MM;

    static float frontalDistance(float[] pts, int a, int b) {
        return (float) Math.hypot(pts[3 * a] - pts[3 * b], pts[3 * a + 1] - pts[3 * b + 1]);
    }

    /**
     * How far the jaw joints glide forward and down per radian of opening, mm. A real mandible
     * does not only hinge: its condyles slide forward down the joint's slope (about 15 mm forward
     * and 5 mm down over a 30 degree opening), so the chin drops more than it swings back. A
     * pure hinge here moved the chin 1.2 mm back per mm down, which the tracker, seeing no
     * depth, read as a third less jaw drop.
     */
    static final float GLIDE_FORWARD_MM_PER_RAD = 29f, GLIDE_DOWN_MM_PER_RAD = 10f;

    /** Turns (x, y, z) about the jaw axis by {@code radians} (positive opens), with the joints' glide, into out. */
    void rotateAboutJaw(float x, float y, float z, float radians, float[] out) {
        float c = (float) Math.cos(radians), s = (float) Math.sin(radians);
        float dy = y - jawAxis[1], dz = z - jawAxis[2];
        out[0] = x;
        out[1] = jawAxis[1] + c * dy - s * dz - GLIDE_DOWN_MM_PER_RAD * canonicalScale * radians;
        out[2] = jawAxis[2] + s * dy + c * dz + GLIDE_FORWARD_MM_PER_RAD * canonicalScale * radians;
    }

    static float smoothstep(float edge0, float edge1, float x) {
        float t = Math.max(0, Math.min(1, (x - edge0) / (edge1 - edge0)));
        return t * t * (3 - 2 * t);
    }

    private static float smooth(float t) {
        return t * t * (3 - 2 * t);
    }

    private static float[] slerp(float ax, float ay, float az, float bx, float by, float bz, float t) {
        double dot = Math.max(-1, Math.min(1, ax * bx + ay * by + az * bz));
        double omega = Math.acos(dot);
        if (omega < 1e-6) return new float[] {ax, ay, az};
        double sa = Math.sin((1 - t) * omega) / Math.sin(omega), sb = Math.sin(t * omega) / Math.sin(omega);
        return new float[] {(float) (sa * ax + sb * bx), (float) (sa * ay + sb * by), (float) (sa * az + sb * bz)};
    }

    private static float[] toFloats(List<Float> list) {
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = list.get(i);
        return out;
    }
}
