package dev.marionette.models.learned;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.models.avatar.DefaultAvatar;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class DjlAppearanceFitterTest {
    @Test
    void fitReproducesTheDefaultAvatarsAtlas() throws Exception {
        BufferedImage atlas = DefaultAvatar.get().texture();
        FitSettings settings = FitSettings.defaults();
        int steps = Integer.getInteger("fit.steps", settings.steps());
        settings = settings.withSteps(steps);
        List<Float> losses = new ArrayList<>();
        long t0 = System.nanoTime();
        LearnedAppearance learned;
        try (AppearanceFitter fitter = new DjlAppearanceFitter()) {
            learned = fitter.fit(atlas, settings, (step, n, loss) -> losses.add(loss));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        FitTarget target = new FitTarget(atlas, settings.targetSize());
        double psnr = target.psnr(learned);
        System.out.printf("fit %d steps in %.1f s, loss %.5f -> %.5f, PSNR %.2f dB at %d px%n", steps, seconds,
                losses.get(0), losses.get(losses.size() - 1), psnr, settings.targetSize());
        Path dir = Files.createDirectories(Path.of("target", "learned-tests"));
        ImageIO.write(learned.bake(settings.targetSize()), "png", new File(dir.toFile(), "baked.png"));
        assertEquals(steps, losses.size());
        float early = mean(losses.subList(0, 10)), late = mean(losses.subList(losses.size() - 10, losses.size()));
        assertTrue(late < early / 10, "loss falls: " + early + " -> " + late);
        assertTrue(psnr >= 30, "decoded colours match the atlas: " + psnr + " dB");
    }

    private static float mean(List<Float> v) {
        float s = 0;
        for (float x : v) s += x;
        return s / v.size();
    }
}
