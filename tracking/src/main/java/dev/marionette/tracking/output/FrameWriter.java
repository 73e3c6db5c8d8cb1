package dev.marionette.tracking.output;

import dev.marionette.tracking.capture.CaptureException;
import dev.marionette.tracking.capture.FfmpegLog;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Writes frames to a video (H.264 in MP4/MKV/MOV, yuv420p, by FFmpeg) or, for a .png/.jpg
 * name, to a still image. H.264 in yuv420p needs even sizes: an odd width or height loses its
 * last column or row. A still-image name receiving several frames keeps the last one (for a
 * one-image input, the natural case).
 */
public final class FrameWriter implements AutoCloseable {
    static {
        // FFmpeg's encoder banners would otherwise go straight to the native stderr.
        FfmpegLog.install();
    }

    private final Path path;
    private final boolean still;
    private final double fps;
    private FFmpegFrameRecorder recorder;
    private Frame frame;
    private int width, height;
    private BufferedImage lastStill;
    private long frames;

    private FrameWriter(Path path, double fps) {
        this.path = path;
        this.fps = fps > 0 ? fps : 30;
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        this.still = n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp");
    }

    /**
     * @param fps frame rate of the video (ignored for still images; 0 means 30)
     * @throws CaptureException when the folder does not exist or is not writable
     */
    public static FrameWriter open(Path path, double fps) {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new CaptureException("cannot write '" + path + "': folder " + parent + " does not exist");
        }
        return new FrameWriter(path, fps);
    }

    public boolean isStillImage() { return still; }

    /** Adds one frame; the first frame fixes the video size. TYPE_3BYTE_BGR images are written without conversion. */
    public void write(BufferedImage image) {
        frames++;
        if (still) {
            lastStill = image;
            return;
        }
        if (recorder == null) start(image.getWidth() & ~1, image.getHeight() & ~1);
        BufferedImage bgr = image.getType() == BufferedImage.TYPE_3BYTE_BGR ? image : convert(image);
        byte[] src = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        ByteBuffer dst = (ByteBuffer) frame.image[0];
        int rowBytes = width * 3, srcStride = bgr.getWidth() * 3;
        int rows = Math.min(height, bgr.getHeight());
        for (int y = 0; y < rows; y++) dst.put(y * frame.imageStride, src, y * srcStride, Math.min(rowBytes, srcStride));
        try {
            recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
        } catch (FrameRecorder.Exception e) {
            throw new CaptureException("cannot encode frame " + frames + " to '" + path + "': " + e.getMessage(), e);
        }
    }

    private void start(int w, int h) {
        if (w < 2 || h < 2) throw new CaptureException("frames of " + w + "x" + h + " are too small to encode");
        width = w;
        height = h;
        frame = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
        recorder = new FFmpegFrameRecorder(path.toString(), w, h);
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        recorder.setFormat(n.endsWith(".mkv") ? "matroska" : n.endsWith(".mov") ? "mov" : "mp4");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setVideoQuality(20); // constant quality (CRF-like): sharp landmarks, small files
        recorder.setGopSize((int) Math.max(1, Math.round(fps * 2)));
        try {
            recorder.start();
        } catch (FrameRecorder.Exception e) {
            throw new CaptureException("cannot start writing video '" + path + "': " + e.getMessage(), e);
        }
    }

    private static BufferedImage convert(BufferedImage image) {
        BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(image, 0, 0, null);
        return bgr;
    }

    public long framesWritten() { return frames; }

    @Override
    public void close() {
        if (still) {
            if (lastStill == null) return;
            String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
            String format = n.endsWith(".png") ? "png" : n.endsWith(".bmp") ? "bmp" : "jpg";
            try {
                BufferedImage img = format.equals("png") ? lastStill : convert(lastStill);
                if (!ImageIO.write(img, format, path.toFile())) throw new IOException("no " + format + " writer");
            } catch (IOException e) {
                throw new CaptureException("cannot write image '" + path + "': " + e.getMessage(), e);
            }
            return;
        }
        if (recorder != null) {
            try {
                recorder.close();
            } catch (FrameRecorder.Exception e) {
                throw new CaptureException("cannot finish video '" + path + "': " + e.getMessage(), e);
            } finally {
                recorder = null;
                frame.close();
            }
        }
    }
}
