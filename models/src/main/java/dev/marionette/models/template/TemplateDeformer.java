package dev.marionette.models.template;

import dev.marionette.tracking.params.Blink;
import dev.marionette.tracking.params.EyeGaze;
import dev.marionette.tracking.params.Gaze;

/**
 * Poses a {@link HeadTemplate} for one frame. Writes into a caller's array; allocates nothing.
 *
 * <p>How the parameters combine, so nothing is applied twice:
 * <ol>
 *   <li>The face's 468 vertices take the expression displacement (the tracker's dense
 *       displacement with the person's neutral removed and retargeted; it already carries the
 *       person's jaw, lids and lips).</li>
 *   <li>jawOpen and blink then add only what the displacement lacks: the jaw turns by the
 *       part of jawOpen beyond the opening the displaced chin already shows, and each lid pair
 *       closes only if it is wider than blink asks. Driving the template from parameters alone
 *       (no displacement) therefore still opens the mouth and shuts the eyes, and a tracked
 *       frame is not opened or shut twice.</li>
 *   <li>The parts the tracker cannot see follow: the lower teeth, tongue and the cavity's floor
 *       turn with the jaw's total angle; the eyeballs turn by gaze about their centres, which
 *       move with the eye openings; the shell's front ring follows the face outline and the
 *       rings behind it a fading share of that motion.</li>
 * </ol>
 */
public final class TemplateDeformer {
    private final HeadTemplate t;
    private final float[] neutral;
    private final float restChinDrop;
    private final float[] restLidGap = new float[14];
    private final float[] shellRingFollow;
    private final int shellColumns;
    private final float[] q = new float[3];

    public TemplateDeformer(HeadTemplate template) {
        this.t = template;
        this.neutral = template.neutral;
        this.restChinDrop = HeadTemplate.frontalDistance(neutral, 2, 152);
        for (int k = 0; k < 7; k++) {
            restLidGap[k] = gap(neutral, HeadTemplate.LEFT_LID_PAIRS[k]);
            restLidGap[7 + k] = gap(neutral, HeadTemplate.RIGHT_LID_PAIRS[k]);
        }
        shellColumns = template.faceOval.length + 1;
        int rings = (template.shellCount - 1) / shellColumns;
        shellRingFollow = new float[rings];
        for (int k = 0; k < rings; k++) {
            float s = 1 - (float) k / rings;
            shellRingFollow[k] = s * s;
        }
    }

    public HeadTemplate template() { return t; }

    /**
     * @param expressionMm 468 × 3 face displacement from the template's neutral, or null for none
     * @param jawOpen      0..1
     * @param blink        eyelid closure
     * @param gaze         eye rotation relative to the head (null = straight ahead)
     * @param out          receives 3 floats per template vertex
     */
    public void deform(float[] expressionMm, float jawOpen, Blink blink, Gaze gaze, float[] out) {
        if (out.length != neutral.length) throw new IllegalArgumentException("output needs " + neutral.length + " floats");
        if (expressionMm != null && expressionMm.length != 3 * HeadTemplate.FACE_VERTICES) {
            throw new IllegalArgumentException("expression needs 468 x 3 values");
        }
        int faceFloats = 3 * HeadTemplate.FACE_VERTICES;
        for (int i = 0; i < faceFloats; i++) out[i] = neutral[i] + (expressionMm == null ? 0 : expressionMm[i]);

        // Jaw: what the displaced chin already shows, and what jawOpen adds.
        float shown = (HeadTemplate.frontalDistance(out, 2, 152) - restChinDrop) / t.jawDropAtFullMm;
        float wanted = Math.max(0, Math.min(1, jawOpen));
        float shownAngle = t.jawAngle(Math.max(0, shown));
        float total = Math.max(t.jawAngle(wanted), shownAngle);
        float extra = total - shownAngle;
        if (extra > 0) {
            for (int i = 0; i < HeadTemplate.FACE_VERTICES; i++) {
                float w = t.jawWeight[i];
                if (w <= 0) continue;
                t.rotateAboutJaw(out[3 * i], out[3 * i + 1], out[3 * i + 2], extra * w, q);
                out[3 * i] = q[0];
                out[3 * i + 1] = q[1];
                out[3 * i + 2] = q[2];
            }
        }

        // Eye sockets and the mouth's lining: what lines a lid or a lip moves with it as the
        // expression and the jaw moved it (a blink closes the lids in front of the sockets); the
        // rest stays with the skull.
        for (int k = 0; k < t.followCount; k++) {
            int v = t.followStart + k, of = t.followOf[k];
            for (int a = 0; a < 3; a++) {
                out[3 * v + a] = neutral[3 * v + a] + (of < 0 ? 0 : out[3 * of + a] - neutral[3 * of + a]);
            }
        }

        closeLids(out, HeadTemplate.LEFT_LID_PAIRS, HeadTemplate.LEFT_LID_CREASE, 0, blink == null ? 0 : blink.left());
        closeLids(out, HeadTemplate.RIGHT_LID_PAIRS, HeadTemplate.RIGHT_LID_CREASE, 7, blink == null ? 0 : blink.right());

        deformShell(out);
        deformEye(out, 0, HeadTemplate.LEFT_EYE_RING, gaze == null ? EyeGaze.AHEAD : gaze.left());
        deformEye(out, 1, HeadTemplate.RIGHT_EYE_RING, gaze == null ? EyeGaze.AHEAD : gaze.right());
        deformMouth(out, total);
    }

    private static float gap(float[] pts, int[] pair) {
        return HeadTemplate.frontalDistance(pts, pair[0], pair[1]);
    }

    /**
     * Share of a closing that the lower lid makes: in a blink the upper lid comes most of the
     * way down and the lower lid rises a little (about 2 of 10 mm), so shut eyes meet above the
     * lower lid's rest line, where the landmark model expects them.
     */
    static final float LOWER_LID_SHARE = 0.2f;

    /** How far the skin row above the upper lid contour follows the contour down in a blink. */
    static final float CREASE_FOLLOW = 0.9f;

    /** Closes a lid pair to (1 − blink) of its rest opening when it is wider than that. */
    private void closeLids(float[] out, int[][] pairs, int[] crease, int offset, float blink) {
        float b = Math.max(0, Math.min(1, blink));
        if (b <= 0) return;
        for (int k = 0; k < pairs.length; k++) {
            int up = pairs[k][0], low = pairs[k][1];
            float dx = out[3 * up] - out[3 * low], dy = out[3 * up + 1] - out[3 * low + 1], dz = out[3 * up + 2] - out[3 * low + 2];
            float current = (float) Math.hypot(dx, dy);
            float desired = restLidGap[offset + k] * (1 - b);
            if (current <= desired || current <= 1e-6f) continue;
            float f = 1 - desired / current; // fraction of the gap to close
            float fu = (1 - LOWER_LID_SHARE) * f, fl = LOWER_LID_SHARE * f;
            out[3 * up] -= fu * dx;
            out[3 * up + 1] -= fu * dy;
            out[3 * up + 2] -= fu * dz;
            out[3 * low] += fl * dx;
            out[3 * low + 1] += fl * dy;
            out[3 * low + 2] += fl * dz;
            // The skin above the lid follows most of the way: the closed lid is then the unfolded
            // skin above the crease with the lash line at its foot (following halfway, the lash
            // texels stretched over the lid into vertical smears).
            int c = crease[k];
            out[3 * c] -= CREASE_FOLLOW * fu * dx;
            out[3 * c + 1] -= CREASE_FOLLOW * fu * dy;
            out[3 * c + 2] -= CREASE_FOLLOW * fu * dz;
        }
    }

    private void deformShell(float[] out) {
        int[] oval = t.faceOval;
        int rings = shellRingFollow.length;
        for (int k = 0; k < rings; k++) {
            float follow = shellRingFollow[k];
            for (int c = 0; c < shellColumns; c++) {
                int v = t.shellStart + k * shellColumns + c;
                int j = oval[c % oval.length];
                for (int a = 0; a < 3; a++) {
                    // The first ring is the face's outline itself: bit for bit, so no crack opens along the seam.
                    out[3 * v + a] = k == 0 ? out[3 * j + a] : neutral[3 * v + a] + follow * (out[3 * j + a] - neutral[3 * j + a]);
                }
            }
        }
        int pole = t.shellStart + t.shellCount - 1;
        for (int a = 0; a < 3; a++) out[3 * pole + a] = neutral[3 * pole + a];
    }

    /**
     * Moves the eyeball with its opening (the mean motion of the lid ring) and turns it by the
     * gaze: yaw about the head's y axis, pitch about x, so the iris centre lands at radius ×
     * (sin yaw cos pitch, sin pitch, cos yaw cos pitch) from the centre.
     */
    private void deformEye(float[] out, int eye, int[] ring, EyeGaze g) {
        float mx = 0, my = 0, mz = 0;
        for (int v : ring) {
            mx += out[3 * v] - neutral[3 * v];
            my += out[3 * v + 1] - neutral[3 * v + 1];
            mz += out[3 * v + 2] - neutral[3 * v + 2];
        }
        mx /= ring.length;
        my /= ring.length;
        mz /= ring.length;
        float[] c = t.eyeCentre[eye];
        double yaw = Math.toRadians(g.yawDeg()), pitch = Math.toRadians(g.pitchDeg());
        float cyw = (float) Math.cos(yaw), syw = (float) Math.sin(yaw);
        float cp = (float) Math.cos(pitch), sp = (float) Math.sin(pitch);
        for (int v = t.eyeStart[eye]; v < t.eyeStart[eye] + t.eyeCount[eye]; v++) {
            float x = neutral[3 * v] - c[0], y = neutral[3 * v + 1] - c[1], z = neutral[3 * v + 2] - c[2];
            // Rx(-pitch): y' = y cos p + z sin p, z' = -y sin p + z cos p (forward tips up for pitch > 0)
            float y1 = y * cp + z * sp, z1 = -y * sp + z * cp;
            // Ry(yaw): x' = x cos + z sin, z' = -x sin + z cos (forward tips to +x for yaw > 0)
            float x2 = x * cyw + z1 * syw, z2 = -x * syw + z1 * cyw;
            out[3 * v] = c[0] + mx + x2;
            out[3 * v + 1] = c[1] + my + y1;
            out[3 * v + 2] = c[2] + mz + z2;
        }
    }

    /**
     * Mouth parts: upper teeth stay with the skull; the cavity floor, lower teeth and tongue
     * turn with the jaw. The cavity is soft: it widens with the mouth and moves back and forth
     * with the lips, so its rim stays hidden behind them whatever the expression.
     */
    private void deformMouth(float[] out, float jawRadians) {
        float upperInner = neutral[3 * 13 + 1];
        float width = HeadTemplate.frontalDistance(out, 78, 308), restWidth = HeadTemplate.frontalDistance(neutral, 78, 308);
        float widen = restWidth > 1e-3f ? Math.max(0.7f, Math.min(1.6f, width / restWidth)) : 1;
        float lipsZ = 0;
        for (int v : HeadTemplate.MOUTH_RING) lipsZ += out[3 * v + 2] - neutral[3 * v + 2];
        lipsZ /= HeadTemplate.MOUTH_RING.length;
        float cx = t.mouthCentre[0];
        for (int v = t.mouthStart; v < t.mouthStart + t.mouthCount; v++) {
            Part p = t.parts[v];
            float w = switch (p) {
                case TEETH_LOWER, TONGUE -> 1f;
                case MOUTH_CAVITY -> HeadTemplate.smoothstep(upperInner + 2, upperInner - 10, neutral[3 * v + 1]);
                default -> 0f;
            };
            if (w > 0 && jawRadians > 0) {
                t.rotateAboutJaw(neutral[3 * v], neutral[3 * v + 1], neutral[3 * v + 2], jawRadians * w, q);
                out[3 * v] = q[0];
                out[3 * v + 1] = q[1];
                out[3 * v + 2] = q[2];
            } else {
                out[3 * v] = neutral[3 * v];
                out[3 * v + 1] = neutral[3 * v + 1];
                out[3 * v + 2] = neutral[3 * v + 2];
            }
            if (p == Part.MOUTH_CAVITY) {
                out[3 * v] = cx + widen * (out[3 * v] - cx);
                out[3 * v + 2] += lipsZ;
            }
        }
    }

    /**
     * The 10 iris landmarks the tracker would report for this pose, in MediaPipe's order
     * (468: the subject's right iris centre, then 4 rim points; 473: left), head frame: the
     * iris centre on the eyeball's front, rim points the iris radius (in the face's scale) away
     * in the iris plane.
     */
    public void irisPoints(float[] deformed, Gaze gaze, float[] out10x3) {
        for (int eye = 0; eye < 2; eye++) {
            EyeGaze g = gaze == null ? EyeGaze.AHEAD : (eye == 0 ? gaze.left() : gaze.right());
            int[] ring = eye == 0 ? HeadTemplate.LEFT_EYE_RING : HeadTemplate.RIGHT_EYE_RING;
            float mx = 0, my = 0, mz = 0;
            for (int v : ring) {
                mx += deformed[3 * v] - neutral[3 * v];
                my += deformed[3 * v + 1] - neutral[3 * v + 1];
                mz += deformed[3 * v + 2] - neutral[3 * v + 2];
            }
            mx /= ring.length;
            my /= ring.length;
            mz /= ring.length;
            double yaw = Math.toRadians(g.yawDeg()), pitch = Math.toRadians(g.pitchDeg());
            double fx = Math.sin(yaw) * Math.cos(pitch), fy = Math.sin(pitch), fz = Math.cos(yaw) * Math.cos(pitch);
            // Iris-plane axes: right = y × forward normalised, up = forward × right.
            double rx = fz, rz = -fx;
            double rl = Math.hypot(rx, rz);
            rx /= rl;
            rz /= rl;
            double ux = fy * rz, uy = fz * rx - fx * rz, uz = -fy * rx;
            float[] c = t.eyeCentre[eye];
            float r = t.eyeRadiusMm;
            int base = eye == 0 ? 5 : 0; // MediaPipe: the subject's right iris first
            double ccx = c[0] + mx + r * fx, ccy = c[1] + my + r * fy, ccz = c[2] + mz + r * fz;
            double[][] offsets = {{0, 0}, {1, 0}, {0, 1}, {-1, 0}, {0, -1}};
            for (int k = 0; k < 5; k++) {
                double a = offsets[k][0] * t.irisRadiusMm, b = offsets[k][1] * t.irisRadiusMm;
                out10x3[3 * (base + k)] = (float) (ccx + a * rx + b * ux);
                out10x3[3 * (base + k) + 1] = (float) (ccy + b * uy);
                out10x3[3 * (base + k) + 2] = (float) (ccz + a * rz + b * uz);
            }
        }
    }
}
