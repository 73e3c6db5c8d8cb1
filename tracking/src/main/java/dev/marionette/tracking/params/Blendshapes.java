package dev.marionette.tracking.params;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** One value in [0, 1] per {@link Blendshape}; immutable. */
public final class Blendshapes {
    public static final Blendshapes NEUTRAL = new Blendshapes(new float[Blendshape.values().length]);

    private final float[] values;

    private Blendshapes(float[] values) {
        this.values = values;
    }

    /** Takes a copy; every value must be in [0, 1]. */
    public static Blendshapes of(float[] values) {
        if (values.length != Blendshape.values().length) {
            throw new IllegalArgumentException("expected " + Blendshape.values().length + " values, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 0 && values[i] <= 1)) {
                throw new IllegalArgumentException(Blendshape.values()[i].arkitName() + " outside [0,1]: " + values[i]);
            }
        }
        return new Blendshapes(values.clone());
    }

    public float get(Blendshape shape) { return values[shape.ordinal()]; }

    /** A copy of the values in {@link Blendshape} order. */
    public float[] toArray() { return values.clone(); }

    /** ARKit name to value, in {@link Blendshape} order. */
    public Map<String, Float> toMap() {
        Map<String, Float> map = new LinkedHashMap<>();
        for (Blendshape b : Blendshape.values()) map.put(b.arkitName(), values[b.ordinal()]);
        return map;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Blendshapes other && Arrays.equals(values, other.values);
    }

    @Override public int hashCode() { return Arrays.hashCode(values); }

    @Override public String toString() { return toMap().toString(); }
}
