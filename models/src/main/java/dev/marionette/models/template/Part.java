package dev.marionette.models.template;

/** What each vertex of the {@link HeadTemplate} belongs to. */
public enum Part {
    /** The 468 face landmarks' vertices (the eye and mouth openings cut out). */
    FACE,
    /** Closed back-of-head shell stitched to the face outline. */
    SHELL,
    /** The subject's left eyeball (+x side). */
    EYE_LEFT,
    /** The subject's right eyeball. */
    EYE_RIGHT,
    /** Dark mouth cavity behind the lips. */
    MOUTH_CAVITY,
    /** Upper teeth, fixed to the skull. */
    TEETH_UPPER,
    /** Lower teeth, on the jaw. */
    TEETH_LOWER,
    /** Tongue, on the jaw. */
    TONGUE
}
