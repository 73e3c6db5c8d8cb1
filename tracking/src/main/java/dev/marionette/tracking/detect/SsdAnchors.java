package dev.marionette.tracking.detect;

/**
 * Anchor centres of MediaPipe's SSD anchor generator for the BlazeFace short-range model
 * (its options, facts of the model: input 128×128, 4 layers with strides 8, 16, 16, 16, aspect
 * ratio 1 plus one interpolated scale per layer, anchor offset 0.5, fixed anchor size). Layers
 * of equal stride share one grid, so the 16×16 grid carries 2 anchors per cell and the 8×8
 * grid 6: 512 + 384 = 896. With fixed anchor size every anchor is 1×1 in normalized units.
 */
final class SsdAnchors {
    static final int INPUT_SIZE = 128;
    private static final int[] STRIDES = {8, 16, 16, 16};
    private static final int ANCHORS_PER_LAYER = 2; // aspect ratio 1.0 + interpolated scale
    private static final float OFFSET = 0.5f;

    private SsdAnchors() {}

    /** x, y centres (normalized to [0,1]) of all anchors, in the model's output order. */
    static float[] centres() {
        int total = 0;
        for (int layer = 0; layer < STRIDES.length; ) {
            int last = layer;
            while (last < STRIDES.length && STRIDES[last] == STRIDES[layer]) last++;
            int grid = (int) Math.ceil((double) INPUT_SIZE / STRIDES[layer]);
            total += grid * grid * ANCHORS_PER_LAYER * (last - layer);
            layer = last;
        }
        float[] out = new float[2 * total];
        int k = 0;
        for (int layer = 0; layer < STRIDES.length; ) {
            int last = layer;
            while (last < STRIDES.length && STRIDES[last] == STRIDES[layer]) last++;
            int perCell = ANCHORS_PER_LAYER * (last - layer);
            int grid = (int) Math.ceil((double) INPUT_SIZE / STRIDES[layer]);
            for (int y = 0; y < grid; y++) {
                for (int x = 0; x < grid; x++) {
                    for (int a = 0; a < perCell; a++) {
                        out[k++] = (x + OFFSET) / grid;
                        out[k++] = (y + OFFSET) / grid;
                    }
                }
            }
            layer = last;
        }
        return out;
    }
}
