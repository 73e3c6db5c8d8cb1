package dev.marionette.tracking.capture;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.tracking.output.FrameWriter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capture and writing with clips made here: odd sizes catch stride bugs, a per-frame colour
 * code checks order and content after an H.264 round trip.
 */
class CaptureTest {
    static final int W = 321, H = 241, FRAMES = 24;
    @TempDir static Path dir;
    static Path clip;

    /** Frame i: left half grey level 10*i, right half a fixed colour; a white square moving right. */
    static BufferedImage frame(int i) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(10 * i, 10 * i, 10 * i));
        g.fillRect(0, 0, W / 2, H);
        g.setColor(new Color(200, 40, 90));
        g.fillRect(W / 2, 0, W - W / 2, H);
        g.setColor(Color.WHITE);
        g.fillRect(5 * i, 100, 20, 20);
        g.dispose();
        return img;
    }

    @BeforeAll
    static void makeClip() {
        clip = dir.resolve("odd.mp4");
        try (FrameWriter w = FrameWriter.open(clip, 24)) {
            for (int i = 0; i < FRAMES; i++) w.write(frame(i));
        }
    }

    @Test
    void videoFramesComeBackInOrderWithIncreasingTimes() {
        try (FrameSource s = FrameSources.open(clip.toString(), CaptureOptions.DEFAULT)) {
            assertFalse(s.isLive());
            // H.264 in yuv420p needs even sizes: the writer dropped the last column and row.
            assertEquals(W - 1, s.width());
            assertEquals(H - 1, s.height());
            assertEquals(24, s.frameRate(), 0.01);
            List<VideoFrame> frames = new ArrayList<>();
            for (VideoFrame f; (f = s.next()) != null; ) frames.add(f);
            assertEquals(FRAMES, frames.size());
            for (int i = 0; i < FRAMES; i++) {
                VideoFrame f = frames.get(i);
                assertEquals(i, f.index());
                if (i > 0) assertTrue(f.tMicros() > frames.get(i - 1).tMicros());
                assertEquals(i * 1e6 / 24, f.tMicros(), 2000, "presentation time of frame " + i);
                int grey = f.image().get(40, 30, 0);
                assertEquals(10 * i, grey, 6, "grey code of frame " + i);
                assertEquals(200, f.image().get(W - 20, 200, 0), 8);
                assertEquals(40, f.image().get(W - 20, 200, 1), 8);
                assertEquals(90, f.image().get(W - 20, 200, 2), 8);
                assertTrue(f.image().get(5 * i + 10, 110, 1) > 200, "moving square of frame " + i);
            }
            // Each frame owns its pixels: an early frame is unchanged after later decodes.
            assertEquals(0, frames.get(0).image().get(40, 30, 0), 6);
        }
    }

    @Test
    void stillImagesAndFolders(@TempDir Path tmp) throws Exception {
        Path folder = Files.createDirectory(tmp.resolve("frames"));
        ImageIO.write(frame(3), "png", folder.resolve("b.png").toFile());
        ImageIO.write(frame(1), "png", folder.resolve("a.png").toFile());
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        Files.writeString(folder.resolve("c.png"), "broken png");
        try (FrameSource s = FrameSources.open(folder.toString(), CaptureOptions.DEFAULT)) {
            VideoFrame a = s.next(), b = s.next();
            assertEquals(10, a.image().get(40, 30, 0), "a.png first");
            assertEquals(30, b.image().get(40, 30, 0));
            assertTrue(b.tMicros() > a.tMicros());
            assertNull(s.next(), "the broken c.png is skipped");
        }
        try (FrameSource s = FrameSources.open(folder.resolve("b.png").toString(), CaptureOptions.DEFAULT)) {
            assertEquals(W, s.width());
            assertNotNull(s.next());
            assertNull(s.next());
        }
    }

    @Test
    void badInputsAreNamed(@TempDir Path tmp) throws Exception {
        CaptureException missing = assertThrows(CaptureException.class,
                () -> FrameSources.open(tmp.resolve("nope.mp4").toString(), CaptureOptions.DEFAULT));
        assertTrue(missing.getMessage().contains("nope.mp4"), missing.getMessage());

        Path text = tmp.resolve("fake.mp4");
        Files.writeString(text, "this is text, not a video\n".repeat(100));
        CaptureException notVideo = assertThrows(CaptureException.class, () -> FrameSources.open(text.toString(), CaptureOptions.DEFAULT));
        assertTrue(notVideo.getMessage().contains("fake.mp4"), notVideo.getMessage());
        // One line for a person: what FFmpeg said, without JavaCV's hints about its own API, and
        // no cause that would repeat it (JavaCV's exception is kept as a suppressed one).
        assertTrue(notVideo.getMessage().contains("cannot open it as a video") && notVideo.getMessage().contains("(FFmpeg: "),
                notVideo.getMessage());
        assertFalse(notVideo.getMessage().contains("setFormat") || notVideo.getMessage().contains("LogCallback")
                || notVideo.getMessage().contains(" @ 0x"), notVideo.getMessage());
        assertNull(notVideo.getCause());
        assertEquals(1, notVideo.getSuppressed().length);

        Path half = tmp.resolve("half.mp4");
        byte[] bytes = Files.readAllBytes(clip);
        Files.write(half, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        // A cut MP4 may fail at open (index at the end) or decode fewer frames: never a crash.
        try (FrameSource s = FrameSources.open(half.toString(), CaptureOptions.DEFAULT)) {
            int n = 0;
            while (s.next() != null) n++;
            assertTrue(n < FRAMES);
        } catch (CaptureException e) {
            assertTrue(e.getMessage().contains("half.mp4"), e.getMessage());
        }

        Path notImage = tmp.resolve("photo.png");
        Files.writeString(notImage, "no pixels here");
        CaptureException image = assertThrows(CaptureException.class, () -> FrameSources.open(notImage.toString(), CaptureOptions.DEFAULT));
        assertTrue(image.getMessage().contains("photo.png") && image.getMessage().contains("not an image"), image.getMessage());

        CaptureException camera = assertThrows(CaptureException.class, () -> FrameSources.open("97", CaptureOptions.DEFAULT));
        assertTrue(camera.getMessage().startsWith("no camera at index 97"), camera.getMessage());

        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertThrows(CaptureException.class, () -> FrameSources.open(empty.toString(), CaptureOptions.DEFAULT));
    }

    /**
     * A clip damaged in the middle decodes to its end (the decoder conceals what it can), and
     * FFmpeg's complaints are collected for one warning instead of reaching standard error line
     * by line.
     */
    @Test
    void damagedVideoDecodesToItsEndAndFfmpegsErrorsAreCollected(@TempDir Path tmp) throws Exception {
        byte[] bytes = Files.readAllBytes(clip);
        java.util.Random random = new java.util.Random(7);
        for (int k = 0; k < 40; k++) {
            int at = bytes.length / 4 + random.nextInt(bytes.length / 2);
            for (int i = 0; i < 24 && at + i < bytes.length; i++) bytes[at + i] = (byte) random.nextInt(256);
        }
        Path damaged = tmp.resolve("damaged.mp4");
        Files.write(damaged, bytes);
        long mark = FfmpegLog.mark();
        int n = 0;
        try (FrameSource s = FrameSources.open(damaged.toString(), CaptureOptions.DEFAULT)) {
            while (s.next() != null) n++;
        }
        assertTrue(n > FRAMES / 2, "frames decoded from the damaged clip: " + n);
        List<String> errors = FfmpegLog.errorsSince(mark);
        assertFalse(errors.isEmpty(), "the decoder's complaints were collected");
        for (String e : errors) assertFalse(e.contains(" @ 0x"), e);
    }

    @Test
    void ffmpegLinesLoseTheirContextAddress() {
        assertEquals("mov,mp4,m4a,3gp,3g2,mj2: moov atom not found",
                FfmpegLog.clean("[mov,mp4,m4a,3gp,3g2,mj2 @ 0x7f41bc53e980] moov atom not found\n"));
        assertEquals("plain message", FfmpegLog.clean(" plain message "));
        assertEquals("[no address] kept", FfmpegLog.clean("[no address] kept"));
    }

    @Test
    void latestFrameSourceDropsStaleFramesAndNeverGoesBack() throws Exception {
        // A live-like producer: the clip, read as fast as it decodes, consumed slowly.
        FrameSource file = FrameSources.open(clip.toString(), CaptureOptions.DEFAULT);
        try (LatestFrameSource latest = new LatestFrameSource(file)) {
            List<VideoFrame> got = new ArrayList<>();
            for (VideoFrame f; (f = latest.next()) != null; ) {
                got.add(f);
                Thread.sleep(40);
            }
            assertFalse(got.isEmpty());
            assertTrue(got.size() < FRAMES, "slow consumer sees fewer frames: " + got.size());
            assertTrue(latest.dropped() > 0);
            assertEquals(FRAMES, got.size() + latest.dropped());
            for (int i = 1; i < got.size(); i++) {
                assertTrue(got.get(i).tMicros() > got.get(i - 1).tMicros(), "never an older frame");
                assertEquals(i, got.get(i).index());
            }
        }
    }

    @Test
    void latestFrameSourceReportsAFailingCamera() {
        FrameSource failing = new FrameSource() {
            int n;
            @Override public VideoFrame next() {
                if (n++ < 3) return new VideoFrame(n, n * 1000L, new dev.marionette.tracking.image.RgbImage(2, 2, new byte[12]));
                throw new CaptureException("camera stopped delivering frames (device gone?)");
            }
            @Override public boolean isLive() { return true; }
            @Override public String description() { return "test camera"; }
            @Override public double frameRate() { return 30; }
            @Override public int width() { return 2; }
            @Override public int height() { return 2; }
            @Override public void close() {}
        };
        try (LatestFrameSource latest = new LatestFrameSource(failing)) {
            CaptureException e = assertThrows(CaptureException.class, () -> {
                for (int i = 0; i < 10; i++) latest.next();
            });
            assertTrue(e.getMessage().contains("device gone"));
        }
    }

    @Test
    void prefetchKeepsEveryFrameInOrder() {
        try (FrameSource s = new PrefetchSource(FrameSources.open(clip.toString(), CaptureOptions.DEFAULT), 3)) {
            int n = 0;
            for (VideoFrame f; (f = s.next()) != null; n++) assertEquals(n, f.index());
            assertEquals(FRAMES, n);
        }
    }

    @Test
    void stillImageOutputKeepsTheLastFrame(@TempDir Path tmp) throws Exception {
        Path png = tmp.resolve("out.png");
        try (FrameWriter w = FrameWriter.open(png, 0)) {
            assertTrue(w.isStillImage());
            w.write(frame(2));
            w.write(frame(5));
        }
        BufferedImage back = ImageIO.read(png.toFile());
        assertEquals(W, back.getWidth());
        assertEquals(50, back.getRaster().getSample(40, 30, 0));
        assertThrows(CaptureException.class, () -> FrameWriter.open(tmp.resolve("no/such/dir/x.mp4"), 30));
    }
}
