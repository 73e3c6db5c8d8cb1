package dev.marionette.models.avatar;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.FrameSources;
import dev.marionette.tracking.image.RgbImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvatarTest {
    static RgbImage portrait;
    static Avatar built;
    static double buildSeconds;
    static List<String> stages = new ArrayList<>();

    @BeforeAll
    static void build() throws Exception {
        try (FrameSource s = FrameSources.bundledSample()) {
            portrait = s.next().image();
        }
        long t0 = System.nanoTime();
        built = new AvatarBuilder().onProgress((stage, f) -> stages.add(stage)).build(portrait, "astronaut", "astronaut.png", "");
        buildSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("avatar built in %.2f s from a %dx%d portrait%n", buildSeconds, portrait.width(), portrait.height());
        Path dir = Files.createDirectories(Path.of("target", "avatar-tests"));
        ImageIO.write(built.texture(), "png", new File(dir.toFile(), "astronaut-atlas.png"));
    }

    @Test
    void buildsWithProgressAndSaneContent() {
        assertEquals(List.of("detect", "landmarks", "shape", "texture", "colours", "atlas", "done"), stages);
        assertEquals(2048, built.texture().getWidth());
        float max = 0;
        for (float v : built.identityMm()) max = Math.max(max, Math.abs(v));
        assertTrue(max > 1 && max < 40, "identity differs from the canonical face by millimetres, max " + max);
        Color iris = new Color(built.irisRgb());
        assertTrue(iris.getRed() + iris.getGreen() + iris.getBlue() < 3 * 150, "iris darker than skin: " + iris);
    }

    @Test
    void saveAndLoadRoundTrip(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("a.mavatar");
        AvatarFile.save(built, file);
        Avatar back = AvatarFile.load(file);
        assertArrayEquals(built.identityMm(), back.identityMm());
        assertEquals(built.irisRgb(), back.irisRgb());
        assertEquals(built.texture().getRGB(700, 700), back.texture().getRGB(700, 700));
        assertEquals(built.provenance(), back.provenance());
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary files left");
        }
    }

    @Test
    void damagedFilesAreRejectedWithTheReason(@TempDir Path tmp) throws Exception {
        Path good = tmp.resolve("good.mavatar");
        AvatarFile.save(built, good);
        assertThrows(AvatarFormatException.class, () -> AvatarFile.load(tmp.resolve("missing.mavatar")));
        Path text = tmp.resolve("text.mavatar");
        Files.writeString(text, "hello");
        assertTrue(assertThrows(AvatarFormatException.class, () -> AvatarFile.load(text)).getMessage().contains("text.mavatar"));
        byte[] bytes = Files.readAllBytes(good);
        Path cut = tmp.resolve("cut.mavatar");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThrows(AvatarFormatException.class, () -> AvatarFile.load(cut));
        // A changed manifest field and a tampered entry.
        Path newer = rewrite(good, tmp.resolve("newer.mavatar"), "manifest.json", s -> s.replace("\"formatVersion\" : 1", "\"formatVersion\" : 9"));
        assertTrue(assertThrows(AvatarFormatException.class, () -> AvatarFile.load(newer)).getMessage().contains("version 9"));
        Path tampered = rewrite(good, tmp.resolve("tampered.mavatar"), "identity.f32", s -> s);
        AvatarFormatException e = assertThrows(AvatarFormatException.class, () -> AvatarFile.load(tampered));
        assertTrue(e.getMessage().contains("identity.f32"), e.getMessage());
    }

    /** Copies a zip, replacing one entry: text entries through {@code edit}; binary entries get one byte flipped. */
    static Path rewrite(Path in, Path out, String entry, java.util.function.UnaryOperator<String> edit) throws Exception {
        try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(in)); ZipOutputStream zout = new ZipOutputStream(Files.newOutputStream(out))) {
            ZipEntry e;
            while ((e = zin.getNextEntry()) != null) {
                byte[] data = zin.readAllBytes();
                if (e.getName().equals(entry)) {
                    if (entry.endsWith(".json")) data = edit.apply(new String(data, java.nio.charset.StandardCharsets.UTF_8)).getBytes();
                    else data[data.length / 2] ^= 0x55;
                }
                zout.putNextEntry(new ZipEntry(e.getName()));
                zout.write(data);
                zout.closeEntry();
            }
        }
        return out;
    }

    @Test
    void badPhotosGiveClearErrors() {
        BufferedImage wall = new BufferedImage(400, 300, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = wall.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 400, 300);
        g.dispose();
        AvatarBuildException none = assertThrows(AvatarBuildException.class, () -> new AvatarBuilder().build(RgbImage.of(wall), "x", "x", ""));
        assertTrue(none.getMessage().startsWith("no face"), none.getMessage());

        // Two heads side by side, each filling half the picture (the head crop of the portrait).
        BufferedImage head = portrait.toBufferedImage().getSubimage(130, 10, 190, 230);
        BufferedImage two = new BufferedImage(380, 230, BufferedImage.TYPE_3BYTE_BGR);
        g = two.createGraphics();
        g.drawImage(head, 0, 0, null);
        g.drawImage(head, 190, 0, null);
        g.dispose();
        AvatarBuildException pair = assertThrows(AvatarBuildException.class, () -> new AvatarBuilder().build(RgbImage.of(two), "x", "x", ""));
        assertTrue(pair.getMessage().contains("2 faces"), pair.getMessage());

        // The whole portrait at 200x200: the face is found but only ~36 px across.
        BufferedImage tiny = new BufferedImage(200, 200, BufferedImage.TYPE_3BYTE_BGR);
        g = tiny.createGraphics();
        g.drawImage(portrait.toBufferedImage(), 0, 0, 200, 200, null);
        g.dispose();
        AvatarBuildException small = assertThrows(AvatarBuildException.class, () -> new AvatarBuilder().build(RgbImage.of(tiny), "x", "x", ""));
        assertTrue(small.getMessage().contains("too small"), small.getMessage());
    }
}
