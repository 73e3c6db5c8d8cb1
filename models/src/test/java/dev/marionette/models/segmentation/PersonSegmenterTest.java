package dev.marionette.models.segmentation;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.FrameSources;
import dev.marionette.tracking.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On the bundled portrait (regions set by looking at the image and the mask drawn over it):
 * the face and the orange suit are the person; the flag at the left edge, the grey backdrop
 * above the shoulders and the rocket on the right are not.
 */
class PersonSegmenterTest {
    static RgbImage image;

    @BeforeAll
    static void load() {
        try (FrameSource s = FrameSources.bundledSample()) {
            image = s.next().image();
        }
    }

    static float mean(float[] mask, int w, int x0, int y0, int x1, int y1) {
        double s = 0;
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) s += mask[y * w + x];
        return (float) (s / ((x1 - x0) * (y1 - y0)));
    }

    @Test
    void separatesThePersonFromTheBackground() throws Exception {
        float[] mask;
        try (PersonSegmenter seg = new PersonSegmenter(1)) {
            mask = seg.segment(image);
        }
        int w = image.width();
        assertTrue(mean(mask, w, 190, 80, 260, 170) > 0.9, "face");
        assertTrue(mean(mask, w, 60, 300, 160, 450) > 0.9, "suit");
        assertTrue(mean(mask, w, 0, 0, 40, 120) < 0.1, "flag");
        assertTrue(mean(mask, w, 320, 20, 360, 120) < 0.1, "backdrop above the right shoulder");
        assertTrue(mean(mask, w, 380, 60, 450, 240) < 0.1, "rocket");
        Path dir = Files.createDirectories(Path.of("target", "segmentation-tests"));
        BufferedImage vis = image.toBufferedImage();
        for (int y = 0; y < image.height(); y++) for (int x = 0; x < w; x++) {
            if (mask[y * w + x] < 0.5) {
                int rgb = vis.getRGB(x, y);
                vis.setRGB(x, y, (rgb >> 2) & 0x3F3F3F);
            }
        }
        ImageIO.write(vis, "png", new File(dir.toFile(), "astronaut-mask.png"));
    }

    @Test
    void javaKernelMatchesXnnpack() {
        // Without XNNPACK, Convolution2DTransposeBias runs our Java kernel.
        float[] fast, plain;
        try (PersonSegmenter seg = new PersonSegmenter(1, true)) {
            fast = seg.segment(image);
        }
        try (PersonSegmenter seg = new PersonSegmenter(1, false)) {
            plain = seg.segment(image);
        }
        double worst = 0;
        for (int i = 0; i < fast.length; i++) worst = Math.max(worst, Math.abs(fast[i] - plain[i]));
        assertTrue(worst < 0.02, "largest difference " + worst);
    }
}
