package dev.marionette.renderer.triplane;

import dev.marionette.models.learned.MlpDecoder;
import dev.marionette.renderer.vk.VulkanContext;

/**
 * Shared memory for the learned decoder's activations (glsl/common/mlp.glsl): each invocation
 * has a slice of MLP_VEC4S vec4s for a layer's input and as many for its output, so a workgroup
 * needs {@code invocations × 2 × vec4s × 16} bytes. Workgroups are sized to fit the device's
 * maxComputeSharedMemorySize and never more than {@link #BUDGET_BYTES}, whatever a device offers.
 */
public final class MlpScratch {
    /** Shared memory the decoder may take: what every desktop GPU and lavapipe offer. */
    public static final int BUDGET_BYTES = 32 * 1024;

    private MlpScratch() {}

    /** The widest layer (inputs included) in vec4s: the shaders' MLP_VEC4S. */
    public static int vec4s(MlpDecoder decoder) {
        int widest = 0;
        for (int s : decoder.sizes()) widest = Math.max(widest, s);
        return (widest + 3) / 4;
    }

    /** Bytes a workgroup of {@code invocations} needs for slices of {@code vec4s}. */
    public static long bytes(int invocations, int vec4s) {
        return (long) invocations * 2 * vec4s * 16;
    }

    /** The shared memory the decoder may use on this device. */
    public static int budget(VulkanContext context) {
        return Math.min(BUDGET_BYTES, context.limits().maxComputeSharedMemorySize());
    }

    /**
     * The largest 2-D workgroup, up to {@code preferred}, whose slices fit: halving the longer
     * side first (8×8, 8×4, 4×4, ...).
     */
    public static int[] pixelGroup(VulkanContext context, int[] preferred, int vec4s) {
        int x = preferred[0], y = preferred[1];
        long budget = budget(context);
        while (bytes(x * y, vec4s) > budget) {
            if (x == 1 && y == 1) {
                throw new IllegalArgumentException("a decoder " + 4 * vec4s + " wide needs " + bytes(1, vec4s)
                        + " bytes of shared memory per invocation; the device offers " + budget);
            }
            if (x >= y) x = Math.max(1, x / 2);
            else y = Math.max(1, y / 2);
        }
        return new int[] {x, y, 1};
    }
}
