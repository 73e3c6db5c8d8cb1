package dev.marionette.renderer.mesh;

import java.awt.image.BufferedImage;

/** Procedural textures that make texture-mapping mistakes obvious. */
public final class DebugTextures {
    private DebugTextures() {}

    /**
     * Red = u, green = v (v down, so green grows towards the bottom), blue = 0.5, on a
     * {@code cells × cells} checkerboard whose dark cells are half as bright (sRGB values). A
     * texel whose UV is misplaced shows the wrong hue; a flipped v shows green at the top.
     */
    public static BufferedImage uvChecker(int size, int cells) {
        if (size < 2 || cells < 1 || cells > size) throw new IllegalArgumentException("bad checker: size " + size + ", cells " + cells);
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, uvCheckerRgb(size, cells, (x + 0.5) / size, (y + 0.5) / size));
            }
        }
        return image;
    }

    /** The colour {@link #uvChecker} has at (u, v), as 0xRRGGBB. */
    public static int uvCheckerRgb(int size, int cells, double u, double v) {
        int cx = (int) Math.min(cells - 1, Math.floor(u * cells));
        int cy = (int) Math.min(cells - 1, Math.floor(v * cells));
        double scale = ((cx + cy) & 1) == 0 ? 1.0 : 0.5;
        int r = (int) Math.round(255 * u * scale);
        int g = (int) Math.round(255 * v * scale);
        int b = (int) Math.round(128 * scale);
        return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
    }

    private static int clamp(int c) { return Math.max(0, Math.min(255, c)); }
}
