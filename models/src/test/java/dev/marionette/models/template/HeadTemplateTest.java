package dev.marionette.models.template;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.tracking.geometry.CanonicalFaceMesh;
import dev.marionette.tracking.params.Blink;
import dev.marionette.tracking.params.EyeGaze;
import dev.marionette.tracking.params.ExpressionEstimator;
import dev.marionette.tracking.params.ExpressionProfile;
import dev.marionette.tracking.params.Gaze;
import dev.marionette.tracking.params.Measure;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The template speaks the tracker's language: its eyes, lids and jaw, read back by the
 * tracker's own expression estimator (on the 468 face points plus the 10 iris points the
 * template derives), give the parameters that posed them.
 */
class HeadTemplateTest {
    static final HeadTemplate T = HeadTemplate.canonical();
    static final TemplateDeformer D = new TemplateDeformer(T);

    static ExpressionEstimator.Reading read(float[] deformed, Gaze gaze) {
        float[] pts = new float[3 * 478];
        System.arraycopy(deformed, 0, pts, 0, 3 * 468);
        float[] iris = new float[30];
        D.irisPoints(deformed, gaze, iris);
        System.arraycopy(iris, 0, pts, 3 * 468, 30);
        return new ExpressionEstimator().estimate(pts, EXACT);
    }

    /**
     * The standard profile for exact landmarks: the iris ranges at the eye's true rotation radius
     * and the jaw's at its true drop, where the standard ones hold the shorter movements the
     * landmark model reads.
     */
    static final ExpressionProfile EXACT;

    static {
        ExpressionProfile s = ExpressionProfile.standard();
        float[] up = s.rangeUp(), down = s.rangeDown();
        for (var m : new Measure[] {Measure.IRIS_X_LEFT,
                Measure.IRIS_Y_LEFT, Measure.IRIS_X_RIGHT,
                Measure.IRIS_Y_RIGHT}) {
            up[m.ordinal()] = ExpressionProfile.EYE_ROTATION_RADIUS_MM;
            down[m.ordinal()] = ExpressionProfile.EYE_ROTATION_RADIUS_MM;
        }
        up[Measure.JAW_DROP.ordinal()] = ExpressionProfile.JAW_DROP_AT_FULL_MM;
        EXACT = new ExpressionProfile(s.neutral(), up, down);
    }

    static float[] pose(float[] expression, float jaw, Blink blink, Gaze gaze) {
        float[] out = new float[3 * T.vertexCount()];
        D.deform(expression, jaw, blink, gaze, out);
        return out;
    }

    @Test
    void faceVerticesAreTheLandmarks() {
        float[] rest = T.neutralPositions();
        CanonicalFaceMesh m = CanonicalFaceMesh.bundled();
        for (int i = 0; i < 468; i++) {
            assertEquals(m.x(i), rest[3 * i], 1e-5);
            assertEquals(Part.FACE, T.part(i));
        }
        assertEquals(36, T.faceOval().length);
    }

    static boolean inside(float[] region, float u, float v) {
        return u >= region[0] && u <= region[2] && v >= region[1] && v <= region[3];
    }

    @Test
    void meshIsWellFormed() {
        int[] tris = T.triangles();
        float[] p = T.neutralPositions(), uv = T.uvs();
        for (int k = 0; k < tris.length; k += 3) {
            float ux = p[3 * tris[k + 1]] - p[3 * tris[k]], uy = p[3 * tris[k + 1] + 1] - p[3 * tris[k] + 1], uz = p[3 * tris[k + 1] + 2] - p[3 * tris[k] + 2];
            float vx = p[3 * tris[k + 2]] - p[3 * tris[k]], vy = p[3 * tris[k + 2] + 1] - p[3 * tris[k] + 1], vz = p[3 * tris[k + 2] + 2] - p[3 * tris[k] + 2];
            double area = Math.sqrt(Math.pow(uy * vz - uz * vy, 2) + Math.pow(uz * vx - ux * vz, 2) + Math.pow(ux * vy - uy * vx, 2)) / 2;
            assertTrue(area > 1e-4, "degenerate triangle " + k / 3);
        }
        for (float f : uv) assertTrue(f >= 0 && f <= 1, "UV outside the atlas");
        // Each part's UVs stay in its own atlas region.
        for (int v = 0; v < T.vertexCount(); v++) {
            float u = uv[2 * v], w = uv[2 * v + 1];
            switch (T.part(v)) {
                case FACE -> assertTrue(u <= 0.75f && w <= 0.75f);
                case SHELL -> assertTrue(u <= 0.75f && w >= 0.75f);
                case EYE_LEFT, EYE_RIGHT -> assertTrue(u >= 0.75f && w <= 0.25f);
                // pink at the lids (the eyeball's back), dark inside (the cavity's)
                case EYE_SOCKET -> assertTrue(u >= 0.75f && w <= 0.5f);
                case TEETH_UPPER, TEETH_LOWER -> assertTrue(inside(AtlasLayout.TEETH, u, w), "teeth UV " + u + ", " + w);
                default -> assertTrue(u >= 0.75f && w >= 0.25f && w <= 0.5f);
            }
        }
        // Face + shell form one skin whose only open edges are the eye and mouth openings.
        Map<Long, Integer> uses = new HashMap<>();
        for (int k = 0; k < tris.length; k += 3) {
            if (!skin(tris[k]) || !skin(tris[k + 1]) || !skin(tris[k + 2])) continue;
            for (int e = 0; e < 3; e++) {
                int a = tris[k + e], b = tris[k + (e + 1) % 3];
                uses.merge(Math.min(a, b) * 100_000L + Math.max(a, b), 1, Integer::sum);
            }
        }
        long open = uses.values().stream().filter(n -> n == 1).count();
        long over = uses.values().stream().filter(n -> n > 2).count();
        assertEquals(0, over, "edges shared by more than two triangles");
        // 16 + 16 edges around the eyes, 20 around the mouth, the seam between the face outline
        // and the shell's first ring (duplicated vertices, 36 edges on each side), and the
        // shell's UV seam (its first meridian repeated: one edge per ring on each side).
        assertEquals(16 + 16 + 20 + 2 * 36 + 2 * HeadTemplate.SHELL_RINGS, open, "open edges");
    }

    private static boolean skin(int v) {
        return T.part(v) == Part.FACE || T.part(v) == Part.SHELL;
    }

    @Test
    void restPoseReadsNeutral() {
        ExpressionEstimator.Reading r = read(pose(null, 0, Blink.OPEN, Gaze.AHEAD), Gaze.AHEAD);
        assertEquals(0, r.blink().left(), 0.02);
        assertEquals(0, r.gaze().left().yawDeg(), 0.5);
        assertEquals(0, r.gaze().right().pitchDeg(), 0.5);
        assertEquals(0, r.blendshapes().get(dev.marionette.tracking.params.Blendshape.JAW_OPEN), 0.02);
    }

    @Test
    void gazeReadsBack() {
        for (float[] g : new float[][] {{15, 0}, {-20, 5}, {0, -12}, {10, 10}}) {
            Gaze gaze = new Gaze(new EyeGaze(g[0], g[1]), new EyeGaze(g[0], g[1]));
            ExpressionEstimator.Reading r = read(pose(null, 0, Blink.OPEN, gaze), gaze);
            assertEquals(g[0], r.gaze().left().yawDeg(), 1.0, "yaw " + g[0]);
            assertEquals(g[1], r.gaze().left().pitchDeg(), 1.0, "pitch " + g[1]);
            assertEquals(g[0], r.gaze().right().yawDeg(), 1.0);
        }
    }

    @Test
    void blinkAndJawReadBack() {
        ExpressionEstimator.Reading closed = read(pose(null, 0, new Blink(1, 1), Gaze.AHEAD), Gaze.AHEAD);
        assertTrue(closed.blink().left() > 0.95 && closed.blink().right() > 0.95);
        ExpressionEstimator.Reading half = read(pose(null, 0, new Blink(0, 0.5f), Gaze.AHEAD), Gaze.AHEAD);
        assertEquals(0.5 / 0.8, half.blink().right(), 0.05, "half closed: half the gap over an 80% range");
        assertEquals(0, half.blink().left(), 0.02);
        ExpressionEstimator.Reading jaw = read(pose(null, 0.6f, Blink.OPEN, Gaze.AHEAD), Gaze.AHEAD);
        assertEquals(0.6, jaw.blendshapes().get(dev.marionette.tracking.params.Blendshape.JAW_OPEN), 0.05);
    }

    @Test
    void jawMovesNothingAboveTheNose() {
        float[] rest = pose(null, 0, Blink.OPEN, Gaze.AHEAD), open = pose(null, 1, Blink.OPEN, Gaze.AHEAD);
        float noseY = T.neutralPositions()[3 * 1 + 1];
        for (int v = 0; v < T.vertexCount(); v++) {
            if (T.part(v) != Part.FACE || rest[3 * v + 1] < noseY) continue;
            for (int a = 0; a < 3; a++) assertEquals(rest[3 * v + a], open[3 * v + a], 1e-4, "vertex " + v);
        }
        assertTrue(open[3 * 152 + 1] < rest[3 * 152 + 1] - 15, "the chin drops");
    }

    @Test
    void trackedDisplacementIsNotAppliedTwice() {
        // A displacement that already opens the jaw to 0.6 and closes the left eye.
        float[] jawOnly = pose(null, 0.6f, new Blink(1, 0), Gaze.AHEAD);
        float[] expression = new float[3 * 468];
        float[] rest = T.neutralPositions();
        for (int i = 0; i < expression.length; i++) expression[i] = jawOnly[i] - rest[i];
        // Driving with the same parameters on top changes nothing: the displacement shows them.
        float[] again = pose(expression, 0.6f, new Blink(1, 0), Gaze.AHEAD);
        for (int i = 0; i < 3 * 468; i++) assertEquals(jawOnly[i], again[i], 0.05, "face value " + i + " of vertex " + i / 3);
        // The mouth interior still follows the jaw the displacement shows.
        int lowerTooth = -1;
        for (int v = 0; v < T.vertexCount(); v++) if (T.part(v) == Part.TEETH_LOWER) { lowerTooth = v; break; }
        float[] shownOnly = pose(expression, 0, Blink.OPEN, Gaze.AHEAD);
        assertEquals(jawOnly[3 * lowerTooth + 1], shownOnly[3 * lowerTooth + 1], 0.2);
    }

    @Test
    void deformingAllocatesNothing() {
        float[] out = new float[3 * T.vertexCount()];
        Gaze g = new Gaze(new EyeGaze(5, 5), new EyeGaze(5, 5));
        Blink b = new Blink(0.3f, 0.3f);
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!(threads instanceof com.sun.management.ThreadMXBean sun) || !sun.isThreadAllocatedMemoryEnabled()) return;
        for (int i = 0; i < 2000; i++) D.deform(null, 0.4f, b, g, out); // warm up: JIT, escape analysis
        long before = sun.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1000; i++) D.deform(null, 0.4f, b, g, out);
        long bytes = sun.getCurrentThreadAllocatedBytes() - before;
        assertTrue(bytes < 64 * 1024, "allocated " + bytes + " bytes in 1000 deformations");
    }
}
