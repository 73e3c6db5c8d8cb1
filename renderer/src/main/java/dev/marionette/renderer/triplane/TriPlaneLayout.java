package dev.marionette.renderer.triplane;

/**
 * Where a tri-plane lies and how it is stored; mirrors {@code glsl/common/triplane_layout.glsl}.
 *
 * <p>The head box is a cube (edge {@code boxSizeMm}, min corner {@code boxMinMm}, head frame) so
 * texels are square on every plane. Three orthographic planes over it hold {@link #LAYERS}
 * layers: FRONT on the XY plane seen from +z; LEFT and RIGHT both on the ZY plane, seen from −x
 * and from +x, so neither cheek hides the other; TOP on the XZ plane seen from +y. Each layer is
 * {@code planeSize²} texels of {@link #CHANNELS} channels, stored planar in a storage buffer as
 * [layer][group of 4 channels][row][column], one vec4 per group.
 *
 * <p>The geometry/UV format (channels 0–7): coverage signed distance (texels, + inside), surface
 * height along the layer's axis (mm from the box centre), the height's slope along the plane's
 * s and t axes, |n · axis|, u, v, and the UV gradient: the larger of |grad u|, |grad v| along
 * the texel's triangle (per mm), by which samples tell a jump between UV charts from the UV's
 * own change. A learned avatar's 32 neural channels travel as half floats in a buffer of their
 * own ({@link NeuralPlanes}) in the same planar order.
 */
public record TriPlaneLayout(int planeSize, float[] boxMinMm, float boxSizeMm) {
    public static final int LAYERS = 4;
    public static final int LAYER_FRONT = 0, LAYER_LEFT = 1, LAYER_RIGHT = 2, LAYER_TOP = 3;
    public static final int CHANNELS = 8;
    public static final int GROUPS = CHANNELS / 4;
    public static final int CHANNEL_COVERAGE = 0, CHANNEL_HEIGHT = 1, CHANNEL_SLOPE_S = 2, CHANNEL_SLOPE_T = 3,
            CHANNEL_FACING = 4, CHANNEL_U = 5, CHANNEL_V = 6, CHANNEL_UV_GRADIENT = 7;
    /** Storage buffers are kept within this (a limit every desktop driver meets). */
    public static final long MAX_BUFFER_BYTES = 128L << 20;

    public TriPlaneLayout {
        if (planeSize < 8 || planeSize > 4096) throw new IllegalArgumentException("plane size outside 8..4096: " + planeSize);
        if (boxMinMm.length != 3) throw new IllegalArgumentException("box min corner needs x, y, z");
        for (float v : boxMinMm) if (!Float.isFinite(v)) throw new IllegalArgumentException("box corner is not finite");
        if (!(boxSizeMm > 0) || !Float.isFinite(boxSizeMm)) throw new IllegalArgumentException("box edge must be > 0: " + boxSizeMm);
        boxMinMm = boxMinMm.clone();
        if ((long) LAYERS * GROUPS * planeSize * planeSize * 16 > MAX_BUFFER_BYTES) {
            throw new IllegalArgumentException(planeSize + "² planes need more than " + (MAX_BUFFER_BYTES >> 20) + " MiB");
        }
    }

    /**
     * The smallest cube holding the box [min, max] grown by {@code marginMm} on every side,
     * centred on it.
     */
    public static TriPlaneLayout enclosing(float[] minMm, float[] maxMm, float marginMm, int planeSize) {
        float edge = 0;
        for (int a = 0; a < 3; a++) edge = Math.max(edge, maxMm[a] - minMm[a]);
        edge += 2 * marginMm;
        float[] corner = new float[3];
        for (int a = 0; a < 3; a++) corner[a] = (minMm[a] + maxMm[a]) / 2 - edge / 2;
        return new TriPlaneLayout(planeSize, corner, edge);
    }

    @Override public float[] boxMinMm() { return boxMinMm.clone(); }

    public float boxMinMm(int axis) { return boxMinMm[axis]; }

    public float boxCentreMm(int axis) { return boxMinMm[axis] + boxSizeMm / 2; }

    public float texelMm() { return boxSizeMm / planeSize; }

    /** Texels over all layers. */
    public long texels() { return (long) LAYERS * planeSize * planeSize; }

    /** Bytes of one set of planes ({@link #CHANNELS} floats per texel). */
    public long planeBytes() { return texels() * GROUPS * 16; }

    /** Float index of (layer, channel, row, column) in a read-back plane buffer. */
    public int floatIndex(int layer, int channel, int row, int column) {
        int group = channel / 4;
        return ((((layer * GROUPS + group) * planeSize + row) * planeSize + column) * 4) + channel % 4;
    }
}
