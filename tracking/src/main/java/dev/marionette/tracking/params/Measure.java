package dev.marionette.tracking.params;

/**
 * Raw geometric measures of a face in the head frame (pose removed), distances in the head's
 * frontal plane, in "canonical millimetres": millimetres rescaled so the face's inter-ocular distance equals the canonical
 * mesh's. That makes every measure pose-invariant and scale-free; expression coefficients are
 * these measures relative to a neutral value over a range (see {@link ExpressionProfile}).
 *
 * <p>Landmark indices are MediaPipe's face mesh topology. "Left"/"right" are the subject's
 * sides; in the head frame the subject's left is +x.
 */
public enum Measure {
    /** Mean upper-to-lower lid distance, subject's left eye (387–373, 386–374, 385–380). */
    EYE_OPEN_LEFT,
    /** Same, right eye (160–144, 159–145, 158–153). */
    EYE_OPEN_RIGHT,
    /** Lower lid centre (374) height above the eye corners' midpoint: rises in a squint. */
    LOWER_LID_LEFT,
    /** Same, right eye (145). */
    LOWER_LID_RIGHT,
    /** Inner-lip gap, 13–14. */
    LIP_GAP,
    /** Subnasale (2) to chin (152): grows as the jaw drops. */
    JAW_DROP,
    /** Mouth-corner distance, 61–291. */
    MOUTH_WIDTH,
    /** Left corner (291) height above the lips' centre (13, 14 midpoint). */
    CORNER_LIFT_LEFT,
    /** Right corner (61) height above the lips' centre. */
    CORNER_LIFT_RIGHT,
    /** Lips' front (0, 17 midpoint) forward of the subnasale (2): grows in a pucker. */
    LIP_PROTRUSION,
    /** Chin (152) x relative to the subnasale (2). */
    JAW_SHIFT,
    /** Mouth centre (61, 291 midpoint) x relative to the subnasale. */
    MOUTH_SHIFT,
    /** Inner brow (336, 285 midpoint) height above the inner eye corner (362). */
    BROW_INNER_LEFT,
    /** Inner brow (107, 55 midpoint) height above the inner eye corner (133). */
    BROW_INNER_RIGHT,
    /** Outer brow (300, 276 midpoint) height above the outer eye corner (263). */
    BROW_OUTER_LEFT,
    /** Outer brow (70, 46 midpoint) height above the outer eye corner (33). */
    BROW_OUTER_RIGHT,
    /** Distance between the cheek fronts 205 and 425. */
    CHEEK_WIDTH,
    /** Iris centre x relative to the eye corners' midpoint, left eye (0 without iris landmarks). */
    IRIS_X_LEFT,
    /** Iris centre y relative to the eye corners' midpoint, left eye. */
    IRIS_Y_LEFT,
    /** Iris centre x relative to the eye corners' midpoint, right eye. */
    IRIS_X_RIGHT,
    /** Iris centre y relative to the eye corners' midpoint, right eye. */
    IRIS_Y_RIGHT;

    public static final int COUNT = values().length;
}
