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
    /**
     * Behind each eye opening, from just inside the lids back to the eyeball's side: what a turned
     * head shows in the eye's corners where the eyeball does not reach (fixed to the skull).
     */
    EYE_SOCKET,
    /** Dark mouth cavity behind the lips. */
    MOUTH_CAVITY,
    /** The inside of the lips, a short tube back from the inner lip contour to the cavity (carried with the lips). */
    MOUTH_LINING,
    /** Upper teeth, fixed to the skull. */
    TEETH_UPPER,
    /** Lower teeth, on the jaw. */
    TEETH_LOWER,
    /** Tongue, on the jaw. */
    TONGUE
}
