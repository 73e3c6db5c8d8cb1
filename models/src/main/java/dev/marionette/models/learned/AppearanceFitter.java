package dev.marionette.models.learned;

import java.awt.image.BufferedImage;

/**
 * Fits a learned appearance to an RGB atlas: a neural texture and decoder such that decoding
 * the bilinearly sampled features at each target pixel's centre gives that pixel's colour.
 * Implementations own their engine; close them to release it.
 */
public interface AppearanceFitter extends AutoCloseable {
    /** Called after every step with the mean squared error of that step's batch (colours in [0,1]). */
    interface Progress {
        void step(int step, int steps, float loss);
    }

    /**
     * @param atlas the avatar's RGB atlas; it is area-averaged to {@link FitSettings#targetSize()}
     * @throws IllegalArgumentException when the atlas is smaller than the target
     */
    LearnedAppearance fit(BufferedImage atlas, FitSettings settings, Progress progress);

    @Override void close();
}
