package dev.marionette.models.avatar;

import dev.marionette.models.learned.LearnedAppearance;
import dev.marionette.tracking.geometry.CanonicalFaceMesh;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * An animatable avatar: the head template bent to a person's face, its texture, and optionally
 * the static content the portrait showed around the face (hair, ears, neck, torso) and a learned
 * appearance (neural texture and decoder).
 *
 * @param name        display name
 * @param identityMm  468 × 3 offsets of the avatar's neutral face from the canonical mesh
 *                    (head frame, mm): its face shape
 * @param texture     the template's texture atlas, RGB (see the template's AtlasLayout)
 * @param irisRgb     iris colour, 0xRRGGBB
 * @param provenance  where it came from (source file and checksum, when, which tool)
 * @param staticMesh  hair, ears, neck and torso as a relief in the head frame with its own
 *                    texture, or null (a head on its own)
 * @param learned     a neural texture and decoder fitted to the texture, or null (a photo
 *                    avatar: the renderers show the RGB texture)
 */
public record Avatar(String name, float[] identityMm, BufferedImage texture, int irisRgb, Provenance provenance,
                     StaticMesh staticMesh, LearnedAppearance learned) {
    /** How an avatar was made. */
    public record Provenance(String source, String sourceSha256, String created, String tool) {
        public Provenance {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(created, "created");
            Objects.requireNonNull(tool, "tool");
        }
    }

    public Avatar {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(texture, "texture");
        Objects.requireNonNull(provenance, "provenance");
        if (identityMm.length != 3 * CanonicalFaceMesh.VERTICES) {
            throw new IllegalArgumentException("identity needs 468 x 3 values, got " + identityMm.length);
        }
        for (float v : identityMm) {
            if (!Float.isFinite(v) || Math.abs(v) > MAX_IDENTITY_MM) {
                throw new IllegalArgumentException("identity offset " + v + " mm is not a face (limit " + MAX_IDENTITY_MM + " mm)");
            }
        }
        identityMm = identityMm.clone();
    }

    /** A photo avatar without static content. */
    public Avatar(String name, float[] identityMm, BufferedImage texture, int irisRgb, Provenance provenance) {
        this(name, identityMm, texture, irisRgb, provenance, null, null);
    }

    /** A photo avatar with static content (null for none). */
    public Avatar(String name, float[] identityMm, BufferedImage texture, int irisRgb, Provenance provenance, StaticMesh staticMesh) {
        this(name, identityMm, texture, irisRgb, provenance, staticMesh, null);
    }

    /** The same avatar with other static content (null for none). */
    public Avatar withStaticMesh(StaticMesh content) {
        return new Avatar(name, identityMm, texture, irisRgb, provenance, content, learned);
    }

    public boolean hasStaticContent() { return staticMesh != null; }

    /** The same avatar with another learned appearance (null for none). */
    public Avatar withLearned(LearnedAppearance appearance) {
        return new Avatar(name, identityMm, texture, irisRgb, provenance, staticMesh, appearance);
    }

    public boolean isLearned() { return learned != null; }

    /** A face differs from the canonical mesh by far less than this anywhere. */
    public static final float MAX_IDENTITY_MM = 60;

    @Override public float[] identityMm() { return identityMm.clone(); }

    /** The avatar's neutral face: canonical + identity, 468 × 3 mm. */
    public float[] neutralFace() {
        float[] face = CanonicalFaceMesh.bundled().positionsMm();
        for (int i = 0; i < face.length; i++) face[i] += identityMm[i];
        return face;
    }
}
