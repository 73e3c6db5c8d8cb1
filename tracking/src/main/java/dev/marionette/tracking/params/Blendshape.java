package dev.marionette.tracking.params;

/**
 * Named expression coefficients, ARKit-52 names (a subset that geometry can measure well).
 * "Left"/"Right" are the subject's sides, as in ARKit.
 */
public enum Blendshape {
    EYE_BLINK_LEFT("eyeBlinkLeft"),
    EYE_BLINK_RIGHT("eyeBlinkRight"),
    EYE_WIDE_LEFT("eyeWideLeft"),
    EYE_WIDE_RIGHT("eyeWideRight"),
    EYE_SQUINT_LEFT("eyeSquintLeft"),
    EYE_SQUINT_RIGHT("eyeSquintRight"),
    EYE_LOOK_UP_LEFT("eyeLookUpLeft"),
    EYE_LOOK_UP_RIGHT("eyeLookUpRight"),
    EYE_LOOK_DOWN_LEFT("eyeLookDownLeft"),
    EYE_LOOK_DOWN_RIGHT("eyeLookDownRight"),
    EYE_LOOK_IN_LEFT("eyeLookInLeft"),
    EYE_LOOK_IN_RIGHT("eyeLookInRight"),
    EYE_LOOK_OUT_LEFT("eyeLookOutLeft"),
    EYE_LOOK_OUT_RIGHT("eyeLookOutRight"),
    JAW_OPEN("jawOpen"),
    JAW_LEFT("jawLeft"),
    JAW_RIGHT("jawRight"),
    MOUTH_CLOSE("mouthClose"),
    MOUTH_SMILE_LEFT("mouthSmileLeft"),
    MOUTH_SMILE_RIGHT("mouthSmileRight"),
    MOUTH_FROWN_LEFT("mouthFrownLeft"),
    MOUTH_FROWN_RIGHT("mouthFrownRight"),
    MOUTH_PUCKER("mouthPucker"),
    MOUTH_FUNNEL("mouthFunnel"),
    MOUTH_LEFT("mouthLeft"),
    MOUTH_RIGHT("mouthRight"),
    BROW_INNER_UP("browInnerUp"),
    BROW_DOWN_LEFT("browDownLeft"),
    BROW_DOWN_RIGHT("browDownRight"),
    BROW_OUTER_UP_LEFT("browOuterUpLeft"),
    BROW_OUTER_UP_RIGHT("browOuterUpRight"),
    CHEEK_PUFF("cheekPuff");

    private static final Blendshape[] ALL = values();
    private final String arkitName;

    Blendshape(String arkitName) {
        this.arkitName = arkitName;
    }

    public String arkitName() { return arkitName; }

    /** The coefficient of this ARKit name, or null. */
    public static Blendshape byName(String arkitName) {
        for (Blendshape b : ALL) if (b.arkitName.equals(arkitName)) return b;
        return null;
    }
}
