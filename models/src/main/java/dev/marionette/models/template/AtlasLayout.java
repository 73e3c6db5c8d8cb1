package dev.marionette.models.template;

/**
 * Where each part lives in the avatar's texture atlas (u right, v down, [0,1]²):
 *
 * <pre>
 *   u: 0 ............................ 0.75 ...... 1
 *   v 0  +-------------------------------+-----------+
 *        |                               |  eyeball  |
 *        |   face: the canonical UVs     +-----------+ 0.25
 *        |   scaled by 0.75              |cav|   |tng|
 *        |                               +-----------+ 0.5
 *        |                               |  teeth    |
 *        |                               +-----------+ 0.59375
 *        |                               |  (spare)  |
 *   0.75 +-------------------------------+           |
 *        |   back-of-head shell          |           |
 *   1    +-------------------------------+-----------+
 * </pre>
 * The face keeps the canonical layout (mirror-symmetric in u), so a photo baked in canonical
 * UVs is pasted into its quarter unchanged. The teeth get a wide, short region, about as many
 * texels per millimetre along the rows as across them (at 2048²: 512 × 192 texels for a 54 mm
 * arch and two rows of about 10 mm): in the tall, narrow region of head template 1 (between
 * cavity and tongue, now unused) a texture sampler's isotropic mip level, chosen for the fast
 * direction, blurred the teeth into one bar.
 */
public final class AtlasLayout {
    public static final float FACE_SCALE = 0.75f;
    public static final float[] SHELL = {0f, 0.75f, 0.75f, 1f};        // u0, v0, u1, v1
    public static final float[] EYEBALL = {0.75f, 0f, 1f, 0.25f};
    public static final float[] CAVITY = {0.75f, 0.25f, 0.8333f, 0.5f};
    public static final float[] TEETH = {0.75f, 0.5f, 1f, 0.59375f};
    /** Where head template 1 had the teeth (avatar files of that template are upgraded on load). */
    public static final float[] TEETH_TEMPLATE_1 = {0.8333f, 0.25f, 0.9167f, 0.5f};
    public static final float[] TONGUE = {0.9167f, 0.25f, 1f, 0.5f};

    private AtlasLayout() {}
}
