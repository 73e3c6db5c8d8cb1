package dev.marionette.app.live;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Feeds the avatar to a v4l2loopback device on Linux, so video-call apps can pick it as a
 * camera. The device must exist (e.g. {@code modprobe v4l2loopback video_nr=10
 * card_label=Marionette exclusive_caps=1}); without one the error says how to create it.
 */
final class VirtualCamera implements AutoCloseable {
    private final FFmpegFrameRecorder recorder;
    private final Frame frame;
    private final int width, height;
    private final String device;

    private VirtualCamera(FFmpegFrameRecorder recorder, String device, int width, int height) {
        this.recorder = recorder;
        this.device = device;
        this.width = width;
        this.height = height;
        this.frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
    }

    /** The v4l2loopback devices on this machine (their sysfs names mention the loopback driver). */
    static List<String> loopbackDevices() {
        List<String> out = new ArrayList<>();
        Path sys = Path.of("/sys/class/video4linux");
        if (!Files.isDirectory(sys)) return out;
        try (var s = Files.list(sys)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name;
                try {
                    name = Files.readString(p.resolve("name")).trim().toLowerCase(Locale.ROOT);
                } catch (IOException e) {
                    continue;
                }
                Path driver = p.resolve("device").resolve("driver");
                String driverName = Files.isSymbolicLink(driver) ? Files.readSymbolicLink(driver).getFileName().toString() : "";
                if (driverName.contains("v4l2loopback") || name.contains("loopback") || name.contains("dummy")) {
                    out.add("/dev/" + p.getFileName());
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(String::compareTo);
        return out;
    }

    static VirtualCamera open(String device, int width, int height) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            throw new IllegalStateException("the virtual camera needs Linux with v4l2loopback; on other systems capture the window (e.g. OBS)");
        }
        List<String> loopbacks = loopbackDevices();
        String target = "auto".equals(device) ? (loopbacks.isEmpty() ? null : loopbacks.get(0)) : device;
        if (target == null || !Files.exists(Path.of(target))) {
            throw new IllegalStateException("no v4l2loopback device" + (target == null ? "" : " at " + target)
                    + (loopbacks.isEmpty() ? "" : " (found: " + String.join(", ", loopbacks) + ")")
                    + "; create one with: sudo modprobe v4l2loopback video_nr=10 card_label=Marionette exclusive_caps=1");
        }
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(target, width, height);
        r.setFormat("v4l2");
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setFrameRate(30);
        try {
            r.start();
        } catch (FrameRecorder.Exception e) {
            throw new IllegalStateException("cannot open the virtual camera " + target + ": " + e.getMessage(), e);
        }
        return new VirtualCamera(r, target, width, height);
    }

    String device() {
        return device;
    }

    void write(BufferedImage bgr) {
        byte[] src = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        ByteBuffer dst = (ByteBuffer) frame.image[0];
        for (int y = 0; y < height; y++) dst.put(y * frame.imageStride, src, y * width * 3, width * 3);
        try {
            recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
        } catch (FrameRecorder.Exception e) {
            throw new IllegalStateException("the virtual camera stopped accepting frames: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            recorder.close();
        } catch (FrameRecorder.Exception ignored) {
            // the device is going away anyway
        }
        frame.close();
    }
}
