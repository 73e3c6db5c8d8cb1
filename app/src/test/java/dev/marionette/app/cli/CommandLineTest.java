package dev.marionette.app.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marionette.tracking.output.FrameWriter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: outputs, exit codes, and one clear line per error. */
class CommandLineTest {
    record Run(int code, String out, String err) {}


    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = MarionetteCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static void assertCleanError(Run r, int code, String... fragments) {
        assertEquals(code, r.code(), r.err());
        for (String f : fragments) assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace for users: " + r.err());
        assertFalse(r.err().contains("Exception"), "no exception names for users: " + r.err());
    }

    @Test
    void tracksTheBundledPortraitWithOverlay(@TempDir Path tmp) throws Exception {
        Path params = tmp.resolve("p.jsonl"), overlay = tmp.resolve("o.png");
        Run r = run("track", "--input", "sample", "--out", params.toString(), "--overlay", overlay.toString(), "--dense");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(params);
        assertEquals(1, lines.size());
        JsonNode n = new ObjectMapper().readTree(lines.get(0));
        assertTrue(n.get("face").asBoolean());
        assertEquals(478, n.get("landmarks").size());
        assertEquals(1404, n.get("expression").size());
        for (String field : new String[] {"frame", "timeMs", "score", "pose", "blink", "gaze", "blendshapes"}) assertTrue(n.has(field), field);
        BufferedImage img = ImageIO.read(overlay.toFile());
        assertEquals(512, img.getWidth());
        // The overlay draws green landmark dots on the face: the nose tip area is no longer skin-coloured only.
        int green = 0;
        for (int y = 70; y < 180; y++) for (int x = 180; x < 270; x++) {
            int rgb = img.getRGB(x, y);
            if (((rgb >> 8) & 255) > 200 && ((rgb >> 16) & 255) < 120) green++;
        }
        assertTrue(green > 300, "landmark dots drawn: " + green);
    }

    @Test
    void writesEveryFrameOfAVideoAndAPlayableOverlay(@TempDir Path tmp) throws Exception {
        Path clip = tmp.resolve("face.mp4");
        BufferedImage portrait = ImageIO.read(getClass().getResource(dev.marionette.tracking.capture.FrameSources.SAMPLE));
        try (FrameWriter w = FrameWriter.open(clip, 25)) {
            for (int i = 0; i < 12; i++) {
                BufferedImage f = new BufferedImage(512, 512, BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D g = f.createGraphics();
                g.setColor(Color.DARK_GRAY);
                g.fillRect(0, 0, 512, 512);
                if (i < 8) g.drawImage(portrait, 2 * i, 0, null); // the face leaves in the last 4 frames
                g.dispose();
                w.write(f);
            }
        }
        Path params = tmp.resolve("p.jsonl"), overlay = tmp.resolve("o.mp4");
        Run r = run("track", "-i", clip.toString(), "-o", params.toString(), "--overlay", overlay.toString(), "--model", "plain");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(params);
        assertEquals(12, lines.size());
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 12; i++) {
            JsonNode n = json.readTree(lines.get(i));
            assertEquals(i, n.get("frame").asInt());
            assertEquals(i < 8, n.get("face").asBoolean(), "frame " + i);
            if (i < 8) {
                assertEquals(468, n.get("landmarks").size(), "plain model");
                assertTrue(n.get("gaze").isNull(), "no gaze without irises");
            }
        }
        try (var s = dev.marionette.tracking.capture.FrameSources.open(overlay.toString(), dev.marionette.tracking.capture.CaptureOptions.DEFAULT)) {
            int n = 0;
            while (s.next() != null) n++;
            assertEquals(12, n, "overlay video frames");
        }
    }

    @Test
    void badInputsGiveOneClearLineAndNonZeroExit(@TempDir Path tmp) throws Exception {
        assertCleanError(run("track", "--input", tmp.resolve("missing.mp4").toString(), "--out", tmp.resolve("a.jsonl").toString()),
                1, "missing.mp4");
        Path fake = tmp.resolve("corrupt.mp4");
        Files.writeString(fake, "garbage ".repeat(500));
        assertCleanError(run("track", "--input", fake.toString(), "--out", tmp.resolve("b.jsonl").toString()), 1, "corrupt.mp4");
        assertCleanError(run("track", "--input", "57", "--out", tmp.resolve("c.jsonl").toString()), 1, "no camera at index 57");
        Path blank = tmp.resolve("wall.png");
        BufferedImage grey = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grey.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 300, 200);
        g.dispose();
        ImageIO.write(grey, "png", blank.toFile());
        Path out = tmp.resolve("d.jsonl");
        assertCleanError(run("track", "--input", blank.toString(), "--out", out.toString()), TrackCommand.NO_FACE, "no face found", "wall.png");
        assertEquals(1, Files.readAllLines(out).size(), "the frame still gets its line");
        assertCleanError(run("track", "--input", "sample", "--out", tmp.resolve("no/dir/e.jsonl").toString()), 1, "does not exist");
        assertEquals(2, run("track").code(), "missing required option is a usage error");
        assertEquals(2, run("track", "--input", "sample", "--model", "huge").code());
    }

    @Test
    void benchPrintsOneJsonObject(@TempDir Path tmp) throws Exception {
        Path clip = tmp.resolve("bench.mp4");
        BufferedImage portrait = ImageIO.read(getClass().getResource(dev.marionette.tracking.capture.FrameSources.SAMPLE));
        try (FrameWriter w = FrameWriter.open(clip, 30)) {
            for (int i = 0; i < 20; i++) w.write(portrait);
        }
        Run r = run("bench", "track", "--input", clip.toString(), "--warmup", "5");
        assertEquals(0, r.code(), r.err());
        JsonNode n = new ObjectMapper().readTree(r.out());
        for (String f : new String[] {"fps", "trackP50Ms", "trackP99Ms", "faceFraction", "frames", "model", "threads"}) assertTrue(n.has(f), f);
        assertEquals(15, n.get("frames").asInt());
        assertEquals(1.0, n.get("faceFraction").asDouble());
        assertTrue(n.get("fps").asDouble() > 0);
        assertEquals("attention", n.get("model").asText());
    }
}
