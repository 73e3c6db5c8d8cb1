package dev.marionette.renderer.avatar;

import dev.marionette.models.avatar.Avatar;
import dev.marionette.models.avatar.StaticMesh;
import dev.marionette.models.template.HeadTemplate;
import dev.marionette.renderer.mesh.AvatarMesh;
import java.awt.image.BufferedImage;

/**
 * What either renderer draws of an {@link Avatar}: its head template at rest, its static content
 * (when it has some) and one texture both look up. The static relief keeps its own texture in
 * the avatar file; here it is put beside the atlas in one image and both meshes' UVs are
 * rescaled into it, so the renderers sample one texture (the march's colour lookup stays a
 * single fetch) and render the atlas texels exactly as before.
 *
 * <pre>
 *   +-----------------+--------+
 *   |                 | static |
 *   |  atlas (S × S)  +--------+
 *   |                 | (edge) |
 *   +-----------------+--------+
 * </pre>
 */
public final class AvatarSurfaces {
    private final HeadTemplate template;
    private final AvatarMesh head;
    private final AvatarMesh statics;
    private final BufferedImage texture;
    private final float atlasU;
    private final float atlasV;

    private AvatarSurfaces(HeadTemplate template, AvatarMesh head, AvatarMesh statics, BufferedImage texture, float atlasU, float atlasV) {
        this.template = template;
        this.head = head;
        this.statics = statics;
        this.texture = texture;
        this.atlasU = atlasU;
        this.atlasV = atlasV;
    }

    public static AvatarSurfaces of(Avatar avatar) {
        HeadTemplate template = HeadTemplate.around(avatar.neutralFace());
        float[] rest = template.neutralPositions();
        StaticMesh content = avatar.staticMesh();
        BufferedImage atlas = AvatarAlbedo.of(avatar);  // a learned avatar's decoded appearance
        if (content == null) return new AvatarSurfaces(template, new AvatarMesh(rest, template.uvs(), template.triangles()), null, atlas, 1, 1);

        BufferedImage side = content.texture();
        int aw = atlas.getWidth(), ah = atlas.getHeight(), sw = side.getWidth(), sh = side.getHeight();
        int width = aw + sw, height = Math.max(ah, sh);
        BufferedImage combined = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        copy(atlas, combined, 0);
        copy(side, combined, aw);

        float[] headUv = template.uvs();
        for (int i = 0; i < headUv.length; i += 2) {
            headUv[i] = headUv[i] * aw / width;
            headUv[i + 1] = headUv[i + 1] * ah / height;
        }
        float[] staticUv = content.uvs();
        for (int i = 0; i < staticUv.length; i += 2) {
            staticUv[i] = (aw + staticUv[i] * sw) / width;
            staticUv[i + 1] = staticUv[i + 1] * sh / height;
        }
        return new AvatarSurfaces(template, new AvatarMesh(rest, headUv, template.triangles()),
                new AvatarMesh(content.positionsMm(), staticUv, content.triangles()), combined, (float) aw / width, (float) ah / height);
    }

    /** Copies {@code from} into {@code to} at column {@code x0}, repeating its last row down to the bottom. */
    private static void copy(BufferedImage from, BufferedImage to, int x0) {
        int w = from.getWidth(), h = from.getHeight();
        int[] row = new int[w];
        for (int y = 0; y < to.getHeight(); y++) {
            from.getRGB(0, Math.min(y, h - 1), w, 1, row, 0, w);
            to.setRGB(x0, y, w, 1, row, 0, w);
        }
    }

    public HeadTemplate template() { return template; }

    /** The head template at rest, its UVs in {@link #texture()}. */
    public AvatarMesh head() { return head; }

    /** The static relief, UVs in {@link #texture()}; null without static content. */
    public AvatarMesh staticContent() { return statics; }

    public BufferedImage texture() { return texture; }

    /** The atlas's extent in {@link #texture()}'s UVs (u, v): the head's UVs lie within it, the static content's beyond. */
    public float atlasU() { return atlasU; }

    public float atlasV() { return atlasV; }

    /** Head then static content in one mesh (the head's vertices first, so a template deformation applies to them). */
    public AvatarMesh combined() {
        if (statics == null) return head;
        float[] hp = head.positionsMm(), sp = statics.positionsMm(), hu = head.uvs(), su = statics.uvs();
        int[] ht = head.triangles(), st = statics.triangles();
        float[] p = new float[hp.length + sp.length], uv = new float[hu.length + su.length];
        int[] t = new int[ht.length + st.length];
        System.arraycopy(hp, 0, p, 0, hp.length);
        System.arraycopy(sp, 0, p, hp.length, sp.length);
        System.arraycopy(hu, 0, uv, 0, hu.length);
        System.arraycopy(su, 0, uv, hu.length, su.length);
        System.arraycopy(ht, 0, t, 0, ht.length);
        int offset = head.vertexCount();
        for (int i = 0; i < st.length; i++) t[ht.length + i] = st[i] + offset;
        return new AvatarMesh(p, uv, t);
    }
}
