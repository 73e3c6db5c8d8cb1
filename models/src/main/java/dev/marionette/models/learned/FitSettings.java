package dev.marionette.models.learned;

/**
 * What a fit makes and how long it works.
 *
 * @param textureSize  neural texture width = height, texels
 * @param channels     features per texel (multiple of 4)
 * @param hidden       widths of the decoder's hidden layers
 * @param targetSize   the atlas is area-averaged to this square size and each pixel is a sample
 * @param steps        optimiser steps
 * @param batch        pixels per step
 * @param textureRate  Adam learning rate of the neural texture
 * @param decoderRate  Adam learning rate of the decoder
 * @param seed         for the initial values and the batches: a fit is repeatable
 */
public record FitSettings(int textureSize, int channels, int[] hidden, int targetSize, int steps, int batch,
                          float textureRate, float decoderRate, long seed) {
    public FitSettings {
        if (textureSize < 4 || textureSize > 1024) throw new IllegalArgumentException("neural texture size " + textureSize + " is outside 4..1024");
        if (channels < 4 || channels > 64 || channels % 4 != 0) throw new IllegalArgumentException("channels " + channels + " must be 4..64 and a multiple of 4");
        if (hidden.length < 1 || hidden.length >= MlpDecoder.MAX_LAYERS) throw new IllegalArgumentException("decoder needs 1.." + (MlpDecoder.MAX_LAYERS - 1) + " hidden layers");
        for (int h : hidden) if (h < 1 || h > MlpDecoder.MAX_WIDTH) throw new IllegalArgumentException("hidden width " + h + " is outside 1.." + MlpDecoder.MAX_WIDTH);
        if (targetSize < 8 || targetSize > 4096) throw new IllegalArgumentException("target size " + targetSize + " is outside 8..4096");
        if (steps < 1 || steps > 1_000_000) throw new IllegalArgumentException("steps " + steps + " is outside 1..1000000");
        if (batch < 1 || batch > targetSize * targetSize) throw new IllegalArgumentException("batch " + batch + " is outside 1.." + targetSize * targetSize);
        if (!(textureRate > 0 && textureRate < 1 && decoderRate > 0 && decoderRate < 1)) throw new IllegalArgumentException("learning rates must be in (0, 1)");
        hidden = hidden.clone();
    }

    /** Next3D's 32 channels at 256², a 64-64 decoder, fitted to the atlas at 512². */
    public static FitSettings defaults() {
        return new FitSettings(256, 32, new int[] {64, 64}, 512, 200, 16384, 0.03f, 0.005f, 1);
    }

    public FitSettings withSteps(int n) {
        return new FitSettings(textureSize, channels, hidden, targetSize, n, batch, textureRate, decoderRate, seed);
    }

    @Override public int[] hidden() { return hidden.clone(); }

    /** Layer widths of the decoder this fit makes, inputs first. */
    public int[] decoderSizes() {
        int[] s = new int[hidden.length + 2];
        s[0] = channels;
        System.arraycopy(hidden, 0, s, 1, hidden.length);
        s[s.length - 1] = 3;
        return s;
    }
}
