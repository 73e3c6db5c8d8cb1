package dev.marionette.renderer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.marionette.renderer.mesh.MeshRenderer;
import dev.marionette.renderer.triplane.TriPlaneAvatar;
import dev.marionette.renderer.triplane.TriPlaneRenderer;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.tracking.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The mesh path and the tri-plane path against stored pictures. Goldens are regenerated only on purpose:
 * {@code ./mvnw -pl renderer -am test -Dtest=GoldenImageTest -Dmarionette.updateGoldens=true
 * -Dsurefire.failIfNoSpecifiedTests=false}, then look at them before committing.
 */
class GoldenImageTest {
    static final int SIZE = 192;
    /** Lavapipe renders bit-exactly run to run; GPUs differ at edges (MSAA patterns, filtering). */
    static final double MIN_PSNR_DB = 38;
    static final double MAX_FAR_OFF_FRACTION = 0.005;
    static final Path SOURCE_FOLDER = Path.of("src", "test", "resources", "dev", "marionette", "renderer", "golden");

    private static VulkanContext context;
    private static MeshRenderer renderer;
    private static TriPlaneRenderer triPlane;

    @BeforeAll
    static void open() {
        context = VulkanTests.validatedContext();
        renderer = new MeshRenderer(context, TestAvatars.mesh(), TestAvatars.texture(), MeshRenderer.Settings.of(SIZE, SIZE));
        // The default march grid (128²) upsampled to 192²: the whole path, upsampler included.
        triPlane = new TriPlaneRenderer(context, TriPlaneAvatar.of(TestAvatars.mesh(), TestAvatars.texture()),
                TriPlaneRenderer.Settings.of(SIZE, SIZE));
    }

    @AfterAll
    static void close() {
        if (triPlane != null) triPlane.close();
        if (renderer != null) renderer.close();
        if (context != null) {
            VulkanTests.assertNoValidationMessages(context);
            context.close();
        }
    }

    @ParameterizedTest(name = "yaw {0}")
    @ValueSource(ints = {-30, 0, 30})
    void meshAtYaw(int yawDeg) throws IOException {
        renderer.render(TestAvatars.orbit(yawDeg, 0), true);
        compareWithGolden(renderer.target().toRgbImage(), "mesh-yaw" + yawDeg + ".png");
    }

    @ParameterizedTest(name = "yaw {0}, pitch {1}")
    @CsvSource({"-30, 0", "0, 0", "30, 0", "15, -15"})
    void triPlaneAt(int yawDeg, int pitchDeg) throws IOException {
        triPlane.render(TestAvatars.orbit(yawDeg, pitchDeg), true);
        compareWithGolden(triPlane.toRgbImage(), "triplane-yaw" + yawDeg + "-pitch" + pitchDeg + ".png");
    }

    private static void compareWithGolden(RgbImage rendered, String name) throws IOException {
        VulkanTests.writePng(rendered.toBufferedImage(), "golden-actual-" + name);
        VulkanTests.assertNoValidationMessages(context);

        if (Boolean.getBoolean("marionette.updateGoldens")) {
            Files.createDirectories(SOURCE_FOLDER);
            ImageIO.write(rendered.toBufferedImage(), "png", SOURCE_FOLDER.resolve(name).toFile());
            System.out.println("updated golden " + SOURCE_FOLDER.resolve(name).toAbsolutePath());
            return;
        }
        BufferedImage golden;
        try (InputStream in = GoldenImageTest.class.getResourceAsStream("golden/" + name)) {
            if (in == null) fail("no golden " + name + ": generate with -Dmarionette.updateGoldens=true and look at it");
            golden = ImageIO.read(in);
        }
        RgbImage expected = RgbImage.of(golden);
        assertEquals(SIZE, expected.width());
        assertEquals(SIZE, expected.height());
        double squared = 0;
        int farOff = 0;
        BufferedImage diff = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int worst = 0;
                for (int c = 0; c < 3; c++) {
                    int d = rendered.get(x, y, c) - expected.get(x, y, c);
                    squared += d * d;
                    worst = Math.max(worst, Math.abs(d));
                }
                if (worst > 32) farOff++;
                int g = Math.min(255, worst * 4);
                diff.setRGB(x, y, (g << 16) | (g << 8) | g);
            }
        }
        VulkanTests.writePng(diff, "golden-diff-" + name);
        double mse = squared / (SIZE * SIZE * 3.0);
        double psnr = mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
        double farOffFraction = farOff / (double) (SIZE * SIZE);
        System.out.printf("golden %s: PSNR %.1f dB, %.3f%% pixels off by > 32%n", name, psnr, 100 * farOffFraction);
        assertTrue(psnr >= MIN_PSNR_DB, name + ": PSNR " + psnr + " dB < " + MIN_PSNR_DB + " (see target/render-tests/golden-diff-" + name + ")");
        assertTrue(farOffFraction <= MAX_FAR_OFF_FRACTION, name + ": " + farOff + " pixels off by more than 32 levels");
    }
}
