package dev.marionette.models.template;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Paints a template's texture atlas ({@link AtlasLayout}): the face quarter from a texture in
 * canonical UVs (a baked photo, or flat skin), and the parts no photo shows — eyeballs (sclera,
 * iris in the given colour, pupil), mouth cavity, teeth, tongue, and the back-of-head shell
 * (hair over the crown fading to skin towards the neck) — procedurally.
 */
public final class AtlasPainter {
    /** Colours of an avatar's unseen parts. */
    public record Palette(Color skin, Color hair, Color iris) {
        public static final Palette NEUTRAL = new Palette(new Color(205, 160, 135), new Color(70, 50, 35), new Color(90, 70, 50));
    }

    private AtlasPainter() {}

    /**
     * @param face a texture in the canonical face UVs (any size, v down), or null for flat skin
     */
    public static BufferedImage paint(HeadTemplate template, int size, BufferedImage face, Palette palette) {
        return paint(template, size, face, null, palette);
    }

    /**
     * @param faceConfidence per texel of {@code face}, how well the photo saw it (0 = filled in);
     *                       filled-in texels are pulled towards the skin colour, so the face's
     *                       edges meet the shell without a seam of background colour. May be null.
     */
    public static BufferedImage paint(HeadTemplate template, int size, BufferedImage face, float[] faceConfidence, Palette palette) {
        if (face != null && faceConfidence != null) face = towardsSkin(face, faceConfidence, palette.skin());
        BufferedImage atlas = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = atlas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(palette.skin());
        g.fillRect(0, 0, size, size);
        int faceSize = Math.round(size * AtlasLayout.FACE_SCALE);
        if (face != null) g.drawImage(face, 0, 0, faceSize, faceSize, null);
        paintShell(atlas, template, palette);
        paintEyeball(atlas, palette);
        g.dispose();
        paintCavity(atlas);
        paintTeeth(atlas);
        paintTongue(atlas);
        return atlas;
    }

    private static BufferedImage towardsSkin(BufferedImage face, float[] confidence, Color skin) {
        int w = face.getWidth(), h = face.getHeight();
        if (confidence.length != w * h) throw new IllegalArgumentException("confidence must have one value per texel");
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float c = Math.min(1, confidence[y * w + x] * 4);
                Color seen = new Color(face.getRGB(x, y));
                out.setRGB(x, y, mix(skin, seen, c == 0 ? 0.35f : 0.35f + 0.65f * c));
            }
        }
        return out;
    }

    /**
     * The shell's u runs around the face outline and v from the outline (0) to the back of the
     * head (1). Where the outline is high (forehead, temples) the shell is hair; along the jaw
     * and chin it is skin (neck), blending over the ears' height; towards the back, hair
     * takes over the upper half. Lit from the front like the photo: where the shell turns away
     * from the view axis it darkens to {@link #SHELL_AMBIENT} (a flat, bright shell stood out as a
     * patch of skin and hair behind the cheek of a head turned 45 degrees).
     */
    private static void paintShell(BufferedImage atlas, HeadTemplate t, Palette p) {
        int size = atlas.getWidth();
        float[] r = AtlasLayout.SHELL;
        int x0 = Math.round(r[0] * size), x1 = Math.round(r[2] * size), y0 = Math.round(r[1] * size), y1 = Math.round(r[3] * size);
        int[] oval = t.faceOval;
        float minY = Float.MAX_VALUE, maxY = -Float.MAX_VALUE;
        for (int v : oval) {
            minY = Math.min(minY, t.neutral[3 * v + 1]);
            maxY = Math.max(maxY, t.neutral[3 * v + 1]);
        }
        float earY = t.jawAxis[1] + 10;
        for (int x = x0; x < x1; x++) {
            float s = (x - x0 + 0.5f) / (x1 - x0);
            float column = s * oval.length;
            int a = (int) Math.floor(column) % oval.length, b = (a + 1) % oval.length;
            float f = column - (float) Math.floor(column);
            float y = (1 - f) * t.neutral[3 * oval[a] + 1] + f * t.neutral[3 * oval[b] + 1];
            for (int yy = y0; yy < y1; yy++) {
                float v = (yy - y0 + 0.5f) / (y1 - y0);
                // Going back, every meridian rises towards the crown or falls towards the neck.
                float height = y + v * (y > earY ? 40 : -10);
                float hair = HeadTemplate.smoothstep(earY - 15, earY + 15, height);
                // Behind the ears hair comes down to the nape: the back of a head is hair, not
                // the bare skin a side view otherwise shows between the hair and the neck.
                float[] q = shellPoint(t, s, v);
                float behind = HeadTemplate.smoothstep(t.jawAxis[2] - 5, t.jawAxis[2] - 30, q[2]);
                float aboveNape = HeadTemplate.smoothstep(earY - NAPE_BELOW_EAR_MM - 10, earY - NAPE_BELOW_EAR_MM + 10, q[1]);
                hair = Math.max(hair, behind * aboveNape);
                // Under the jaw the surface turns away from the light: a shadowed neck keeps
                // the jaw line visible (the mesh path draws no lighting), as it is on people.
                float under = (1 - HeadTemplate.smoothstep(earY - 25, earY - 5, y)) * HeadTemplate.smoothstep(0.01f, 0.08f, v);
                Color skin = scale(p.skin(), 1 - 0.45f * under);
                // The photo's light falls from the front: the face's texture darkens where its
                // surface turns away, and so must the shell beside it, or a turned head shows a
                // flat, bright patch of skin and hair behind the cheek.
                float light = frontLight(t, s, v);
                atlas.setRGB(x, yy, scale(mixColor(skin, p.hair(), hair), light).getRGB());
            }
        }
    }

    /** Share of the light that does not depend on facing (the rest falls from the front). */
    static final float SHELL_AMBIENT = 0.65f;

    /**
     * Light on the shell at (s, v) from the front: ambient plus the cosine between its outward
     * normal (from neighbouring shell points) and the view axis.
     */
    private static float frontLight(HeadTemplate t, float s, float v) {
        float ds = 0.5f / t.faceOval.length, dv = 0.02f;
        // s goes round the face outline and meets itself: step across that seam, not up to it,
        // or the two sides of the seam get different normals.
        float sa = s - ds < 0 ? s - ds + 1 : s - ds, sb = s + ds > 1 ? s + ds - 1 : s + ds;
        float[] a = shellPoint(t, sa, v), b = shellPoint(t, sb, v);
        float[] c = shellPoint(t, s, Math.max(0, v - dv)), d = shellPoint(t, s, Math.min(1, v + dv));
        float ux = b[0] - a[0], uy = b[1] - a[1], uz = b[2] - a[2];
        float wx = d[0] - c[0], wy = d[1] - c[1], wz = d[2] - c[2];
        float nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
        float len = (float) Math.sqrt(nx * nx + ny * ny + nz * nz);
        if (!(len > 1e-9f)) return 1f;
        // Outward: away from the head's centre (the shell wraps the skull behind the face).
        float[] q = shellPoint(t, s, v);
        float out = (q[0] * nx + q[1] * ny + (q[2] - t.jawAxis[2]) * nz) >= 0 ? 1 : -1;
        float facing = Math.max(0, out * nz / len);
        return SHELL_AMBIENT + (1 - SHELL_AMBIENT) * facing;
    }

    /** How far below the ear's level the hair ends at the back of the neck, mm. */
    static final float NAPE_BELOW_EAR_MM = 35;

    /** The shell's rest position at atlas coordinates (s around the outline, v from the outline back). */
    private static float[] shellPoint(HeadTemplate t, float s, float v) {
        int columns = t.faceOval.length + 1;
        float ring = v * HeadTemplate.SHELL_RINGS, column = s * t.faceOval.length;
        int k0 = Math.min((int) ring, HeadTemplate.SHELL_RINGS - 1), c0 = Math.min((int) column, columns - 2);
        float fk = Math.min(1, ring - k0), fc = column - c0;
        int pole = t.shellStart + t.shellCount - 1;
        float[] out = new float[3];
        for (int a = 0; a < 3; a++) {
            float p00 = t.neutral[3 * (t.shellStart + k0 * columns + c0) + a], p01 = t.neutral[3 * (t.shellStart + k0 * columns + c0 + 1) + a];
            float near = p00 + fc * (p01 - p00), far;
            if (k0 + 1 < HeadTemplate.SHELL_RINGS) {
                float p10 = t.neutral[3 * (t.shellStart + (k0 + 1) * columns + c0) + a];
                float p11 = t.neutral[3 * (t.shellStart + (k0 + 1) * columns + c0 + 1) + a];
                far = p10 + fc * (p11 - p10);
            } else {
                far = t.neutral[3 * pole + a];
            }
            out[a] = near + fk * (far - near);
        }
        return out;
    }

    /** Sclera with a faint pink towards the back, iris with radial streaks and a dark limbus, pupil. */
    private static void paintEyeball(BufferedImage atlas, Palette p) {
        double irisAngle = Math.asin(HeadTemplate.IRIS_RADIUS_MM / HeadTemplate.EYE_RADIUS_MM);
        double pupilAngle = Math.asin(HeadTemplate.PUPIL_RADIUS_MM / HeadTemplate.EYE_RADIUS_MM);
        Color sclera = new Color(238, 232, 226), back = new Color(210, 160, 160);
        Color irisDark = scale(p.iris(), 0.55f);
        forRegion(atlas, AtlasLayout.EYEBALL, (u, v) -> {
            double du = u - 0.5, dv = v - 0.5;
            double theta = Math.hypot(du, dv) * 2 * Math.PI; // the azimuthal map: radius ∝ angle from the front
            double phi = Math.atan2(-dv, du);
            if (theta < pupilAngle) return new Color(12, 10, 10).getRGB();
            if (theta < irisAngle) {
                double radial = (theta - pupilAngle) / (irisAngle - pupilAngle);
                double streak = 0.85 + 0.15 * Math.sin(phi * 23) * Math.sin(phi * 7 + 1);
                Color c = mixColor(p.iris(), irisDark, (float) Math.pow(radial, 3));
                return scale(c, (float) streak).getRGB();
            }
            return mix(sclera, back, (float) HeadTemplate.smoothstep((float) Math.PI / 2, (float) Math.PI, (float) theta));
        });
    }

    /**
     * The mouth parts carry their light, as the photo's skin does (the mesh path draws no
     * lighting): a mouth is dark inside and lit from the front.
     */
    private static void paintCavity(BufferedImage atlas) {
        // u, v: the cavity seen from the front, its rim at the region's edge, the throat in the middle.
        Color rim = new Color(92, 34, 38), deep = new Color(30, 8, 10);
        forRegion(atlas, AtlasLayout.CAVITY, (u, v) -> {
            double r = Math.min(1, 2 * Math.hypot(u - 0.5, v - 0.5));
            return mix(deep, rim, (float) (r * r));
        });
    }

    /** Nominal dental arch radius, mm: turns the teeth band's arch angle into tooth widths. */
    static final double ARCH_RADIUS_MM = 24;
    /** Tooth widths from the midline outwards, mm: incisors, canine, premolars, first molar. */
    private static final double[] UPPER_TEETH_MM = {8.5, 6.5, 7.5, 7, 6.5, 10};
    private static final double[] LOWER_TEETH_MM = {5.2, 5.8, 7, 7, 7, 11};

    /**
     * Teeth: u runs along the arch (-65° to 65°, {@link HeadTemplate}'s teeth bands), v from the
     * upper row's gum (0) to its edge (0.5), then from the lower row's edge (0.5) to its gum (1).
     * Each tooth is parted from the next by a thin dark line and has rounded corners at its
     * biting edge (the mouth's dark shows in the notch between two teeth), is grey and
     * translucent at the edge and pink at the gum; the central incisors are the brightest and the
     * rows darken towards the back of the mouth. (With soft, wide shading between the teeth
     * instead, a row read as one grey-white bar.)
     */
    /**
     * Brings an atlas painted for head template 1 up to the current template: paints the teeth
     * into their new region (the mouth parts are drawn, not taken from the photo, so nothing of
     * the person is lost). Returns a copy; the original is left alone.
     */
    public static BufferedImage upgradeFromTemplate1(BufferedImage atlas) {
        BufferedImage out = new BufferedImage(atlas.getWidth(), atlas.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.drawImage(atlas, 0, 0, null);
        g.dispose();
        paintTeeth(out);
        return out;
    }

    private static void paintTeeth(BufferedImage atlas) {
        Color enamel = new Color(238, 233, 220), edge = new Color(196, 196, 190), gum = new Color(196, 110, 112);
        Color dark = new Color(52, 16, 18);
        forRegion(atlas, AtlasLayout.TEETH, (u, v) -> {
            double angle = -65 + 130 * u;
            boolean upper = v < 0.5;
            double fromEdge = upper ? (0.5 - v) / 0.5 : (v - 0.5) / 0.5; // 0 at the biting edge, 1 at the gum
            double fromEdgeMm = fromEdge * (upper ? UPPER_CROWN_MM : HeadTemplate.LOWER_CROWN_MM);
            double[] widths = upper ? UPPER_TEETH_MM : LOWER_TEETH_MM;
            double along = Math.toRadians(Math.abs(angle)) * ARCH_RADIUS_MM;
            double start = 0, gap = 1e9;
            int tooth = 0;
            for (double w : widths) {
                gap = Math.min(Math.abs(along - start), Math.abs(along - start - w));
                if (along < start + w) break;
                start += w;
                tooth++;
            }
            // The rounded corner: inside the corner square, outside the circle of radius r.
            double r = CORNER_RADIUS_MM;
            if (gap < r && fromEdgeMm < r && Math.hypot(r - gap, r - fromEdgeMm) > r) return dark.getRGB();
            Color c = mixColor(edge, enamel, (float) HeadTemplate.smoothstep(0.0f, 0.08f, (float) fromEdge));
            c = mixColor(c, gum, (float) HeadTemplate.smoothstep(0.8f, 0.95f, (float) fromEdge));
            float line = 1 - 0.45f * (1 - HeadTemplate.smoothstep(0.1f, 0.45f, (float) gap));
            float rounding = 1 - 0.12f * (1 - HeadTemplate.smoothstep(0.4f, 1.6f, (float) gap)); // the crown's sides turn away
            float which = tooth == 0 ? 1f : 0.95f;
            float backShade = 1 - 0.55f * HeadTemplate.smoothstep(25, 65, (float) Math.abs(angle));
            return scale(c, line * rounding * which * backShade).getRGB();
        });
    }

    /** The upper row's crown height the teeth texture is drawn for, mm (the band's height varies a little by face). */
    static final double UPPER_CROWN_MM = 11;
    /** Radius of a tooth's corners at its biting edge, mm. */
    static final double CORNER_RADIUS_MM = 1.6;

    /** Tongue: u across, v from its tip (0) to the middle of its back (0.5); a groove down the middle, darker further in. */
    private static void paintTongue(BufferedImage atlas) {
        Color tongue = new Color(196, 100, 104);
        forRegion(atlas, AtlasLayout.TONGUE, (u, v) -> {
            double back = Math.min(1, Math.abs(v) / 0.5);
            float groove = 1 - 0.18f * (1 - HeadTemplate.smoothstep(0.0f, 0.06f, (float) Math.abs(u - 0.5)));
            return scale(tongue, groove * (1 - 0.45f * (float) back)).getRGB();
        });
    }

    private interface TexelColour {
        int at(double u, double v);
    }

    /** Paints a region of the atlas texel by texel; u, v in [0, 1] across the region. */
    private static void forRegion(BufferedImage atlas, float[] r, TexelColour colour) {
        int size = atlas.getWidth();
        int x0 = Math.round(r[0] * size), x1 = Math.round(r[2] * size), y0 = Math.round(r[1] * size), y1 = Math.round(r[3] * size);
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                atlas.setRGB(x, y, colour.at((x - x0 + 0.5) / (x1 - x0), (y - y0 + 0.5) / (y1 - y0)));
            }
        }
    }

    private static int mix(Color a, Color b, float t) {
        return mixColor(a, b, t).getRGB();
    }

    private static Color mixColor(Color a, Color b, float t) {
        return new Color(Math.round(a.getRed() + (b.getRed() - a.getRed()) * t), Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    private static Color scale(Color c, float k) {
        return new Color(Math.min(255, Math.round(c.getRed() * k)), Math.min(255, Math.round(c.getGreen() * k)),
                Math.min(255, Math.round(c.getBlue() * k)));
    }
}
