package dev.marionette.tracking.capture;

import dev.marionette.tracking.image.RgbImage;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Frames from FFmpeg: video files and cameras (V4L2 on Linux, DirectShow on Windows,
 * AVFoundation on macOS). FFmpeg converts to packed RGB24; each frame is copied out of the
 * grabber's reused buffer into an image the frame owns.
 *
 * <p>Timestamps: a file's presentation times, forced to increase (a container with broken or
 * missing times gets index / frame rate); a camera's are a monotonic clock read at grab.
 */
final class FfmpegSource implements FrameSource {
    private static final System.Logger LOG = System.getLogger(FfmpegSource.class.getName());

    private final FFmpegFrameGrabber grabber;
    private final boolean live;
    private final String description;
    private final double frameRate;
    private long index;
    private long lastMicros = Long.MIN_VALUE;
    private boolean ended;
    /** FFmpeg's error count when this source opened: what it logged since is this source's. */
    private final long logMark;

    static {
        // FFmpeg's own log would otherwise go straight to the native stderr, unfiltered.
        FfmpegLog.install();
    }

    private FfmpegSource(FFmpegFrameGrabber grabber, boolean live, String what, long logMark) {
        this.grabber = grabber;
        this.logMark = logMark;
        this.live = live;
        double rate = grabber.getFrameRate();
        this.frameRate = Double.isFinite(rate) && rate > 0 && rate < 1000 ? rate : 0;
        this.description = String.format("%s %dx%d%s", what, grabber.getImageWidth(), grabber.getImageHeight(),
                frameRate > 0 ? String.format(" %.3g fps", frameRate) : "");
    }

    /** Opens a video file. */
    static FfmpegSource openFile(String path) {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(path);
        g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        long mark = FfmpegLog.mark();
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(g);
            throw opening("cannot decode video '" + path + "': " + reason(e) + FfmpegLog.detailSince(mark, 4), e);
        }
        if (g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
            closeQuietly(g);
            throw new CaptureException("'" + path + "' has no video stream");
        }
        return new FfmpegSource(g, false, "video " + path, mark);
    }

    /**
     * Opens a camera device: on Linux a /dev/videoN path, on Windows a DirectShow name, on macOS an
     * AVFoundation index or name.
     */
    static FfmpegSource openCamera(String device, CaptureOptions options) {
        String os = System.getProperty("os.name", "").toLowerCase();
        String format;
        String target;
        if (os.contains("win")) {
            format = "dshow";
            target = device.startsWith("video=") ? device : "video=" + device;
        } else if (os.contains("mac")) {
            format = "avfoundation";
            target = device;
        } else {
            format = "video4linux2";
            target = device;
        }
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(target);
        g.setFormat(format);
        g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        if (options.width() != null) g.setImageWidth(options.width());
        if (options.height() != null) g.setImageHeight(options.height());
        if (options.fps() != null) g.setFrameRate(options.fps());
        String wire = options.effectivePixelFormat();
        if (wire != null) g.setOption(format.equals("dshow") ? "vcodec" : "input_format", wire);
        // Drop what the driver queued while we were busy rather than let latency build up.
        g.setNumBuffers(0);
        g.setTimeout(5_000_000);
        long mark = FfmpegLog.mark();
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(g);
            throw opening("cannot open camera '" + device + "': " + reason(e) + FfmpegLog.detailSince(mark, 4), e);
        }
        return new FfmpegSource(g, true, "camera " + device, mark);
    }

    @Override
    public VideoFrame next() {
        if (ended) return null;
        Frame frame;
        try {
            frame = grabber.grabImage();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            if (live) throw new CaptureException("camera stopped delivering frames: " + reason(e), e);
            // A damaged stretch of a file: say where and end cleanly with what was decoded.
            LOG.log(Level.WARNING, "{0}: decoding stopped after {1} frames: {2}", description, index, reason(e));
            end();
            return null;
        }
        if (frame == null || frame.image == null) {
            if (live) throw new CaptureException("camera stopped delivering frames (device gone?)");
            end();
            return null;
        }
        RgbImage image = copy(frame);
        long t = live ? System.nanoTime() / 1000 : fileMicros(frame);
        if (lastMicros != Long.MIN_VALUE && t <= lastMicros) t = lastMicros + 1;
        lastMicros = t;
        return new VideoFrame(index++, t, image);
    }

    private long fileMicros(Frame frame) {
        long t = frame.timestamp;
        if (t <= 0 && index > 0) {
            double rate = frameRate > 0 ? frameRate : 30;
            t = Math.round(index * 1e6 / rate);
        }
        return t;
    }

    /** Packs the grabber's possibly padded rows into a new image owned by the frame. */
    static RgbImage copy(Frame frame) {
        int w = frame.imageWidth, h = frame.imageHeight;
        if (frame.imageChannels != 3 || frame.imageDepth != Frame.DEPTH_UBYTE) {
            throw new CaptureException("unexpected frame format: " + frame.imageChannels + " channels, depth " + frame.imageDepth);
        }
        ByteBuffer src = (ByteBuffer) frame.image[0];
        int stride = frame.imageStride;
        byte[] out = new byte[w * h * 3];
        if (stride == w * 3) {
            src.get(0, out, 0, out.length);
        } else {
            for (int y = 0; y < h; y++) src.get(y * stride, out, y * w * 3, w * 3);
        }
        return new RgbImage(w, h, out);
    }

    /**
     * The end of a file: what the decoder complained about on the way (damaged frames it
     * concealed or skipped) is said once, not line by line.
     */
    private void end() {
        ended = true;
        long errors = FfmpegLog.mark() - logMark;
        if (errors > 0) {
            LOG.log(Level.WARNING, "{0}: the decoder reported {1} error(s) in {2} frames (damaged data, concealed or skipped){3}",
                    description, errors, index, FfmpegLog.detailSince(logMark, 3));
        }
    }

    /**
     * A failure to open, said completely by the message: JavaCV's exception is kept as a
     * suppressed one (in the stack trace --debug prints), not as the cause, whose message
     * (its API hints and the error code again) would be appended to the user's line.
     */
    private static CaptureException opening(String message, Exception e) {
        CaptureException c = new CaptureException(message);
        c.addSuppressed(e);
        return c;
    }

    static String reason(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        // FFmpeg could not open the input at all: its own log line (appended by the caller) says why.
        if (m.contains("avformat_open_input()")) return "FFmpeg cannot open it as a video (damaged, cut short or not a video)";
        // JavaCV appends hints about its API that mean nothing to a user.
        for (String hint : new String[] {" (For more details, make sure FFmpegLogCallback.set()", " (Has setFormat() been called?)"}) {
            int at = m.indexOf(hint);
            if (at > 0) m = m.substring(0, at);
        }
        return m.trim();
    }

    @Override public boolean isLive() { return live; }

    @Override public String description() { return description; }

    @Override public double frameRate() { return frameRate; }

    @Override public int width() { return grabber.getImageWidth(); }

    @Override public int height() { return grabber.getImageHeight(); }

    @Override
    public void close() {
        closeQuietly(grabber);
    }

    private static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "closing grabber: {0}", e.toString());
        }
    }
}
