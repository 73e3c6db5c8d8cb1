package dev.marionette.tracking.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Opens an input named on the command line and lists the cameras of this machine. */
public final class FrameSources {
    private static final Pattern VIDEO_NODE = Pattern.compile("video(\\d+)");

    private FrameSources() {}

    /**
     * Opens what {@code spec} names, deciding by what exists:
     * <ul>
     *   <li>a number: that camera in {@link #cameras()} order;</li>
     *   <li>an existing folder: its images in name order;</li>
     *   <li>an existing file with an image extension: that image; any other file: a video;</li>
     *   <li>a device path (/dev/video2) or a camera name: that camera.</li>
     * </ul>
     * Cameras come wrapped in {@link LatestFrameSource}, so they never queue stale frames.
     *
     * @throws CaptureException with a message naming the input and what is wrong
     */
    public static FrameSource open(String spec, CaptureOptions options) {
        if (spec == null || spec.isBlank()) throw new CaptureException("no input given");
        if (spec.matches("\\d+")) {
            int index = Integer.parseInt(spec);
            List<CameraInfo> cameras = cameras();
            if (index >= cameras.size()) {
                throw new CaptureException(cameras.isEmpty()
                        ? "no camera at index " + index + ": no camera found on this machine"
                        : "no camera at index " + index + " (found: " + describe(cameras) + ")");
            }
            return new LatestFrameSource(FfmpegSource.openCamera(cameras.get(index).device(), options));
        }
        Path path = Path.of(spec);
        if (Files.isDirectory(path)) return ImageFolderSource.open(path);
        if (Files.isRegularFile(path)) {
            if (!Files.isReadable(path)) throw new CaptureException("cannot read '" + spec + "': permission denied");
            if (ImageFolderSource.looksLikeImage(path)) return ImageSource.open(path);
            return FfmpegSource.openFile(spec);
        }
        if (spec.startsWith("/dev/")) {
            if (!Files.exists(path)) throw new CaptureException("no camera device " + spec + " (found: " + describe(cameras()) + ")");
            return new LatestFrameSource(FfmpegSource.openCamera(spec, options));
        }
        for (CameraInfo c : cameras()) {
            if (c.name().equalsIgnoreCase(spec)) return new LatestFrameSource(FfmpegSource.openCamera(c.device(), options));
        }
        boolean looksLikeFile = spec.contains("/") || spec.contains("\\") || spec.contains(".");
        throw new CaptureException(looksLikeFile
                ? "no such file: '" + spec + "'"
                : "no file or camera named '" + spec + "' (cameras: " + describe(cameras()) + ")");
    }

    /** The bundled public-domain portrait (NASA's astronaut Eileen Collins), as a one-frame source. */
    public static FrameSource bundledSample() {
        try (java.io.InputStream in = FrameSources.class.getResourceAsStream(SAMPLE)) {
            if (in == null) throw new CaptureException("the bundled sample " + SAMPLE + " is missing (broken build?)");
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(in);
            return new ImageSource("astronaut.png (bundled sample)", dev.marionette.tracking.image.RgbImage.of(img));
        } catch (IOException e) {
            throw new CaptureException("cannot read the bundled sample: " + e.getMessage(), e);
        }
    }

    /** Classpath location of the bundled sample portrait. */
    public static final String SAMPLE = "/dev/marionette/tracking/samples/astronaut.png";

    /**
     * Cameras that can capture. On Linux: the /dev/videoN nodes whose sysfs "index" is 0 (a
     * camera's first node; the others carry metadata), named from sysfs. On Windows and macOS
     * the devices FFmpeg's grabber reports.
     */
    public static List<CameraInfo> cameras() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        List<CameraInfo> out = new ArrayList<>();
        if (os.contains("linux")) {
            Path sys = Path.of("/sys/class/video4linux");
            if (!Files.isDirectory(sys)) return out;
            List<int[]> nodes = new ArrayList<>();
            try (Stream<Path> s = Files.list(sys)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Matcher m = VIDEO_NODE.matcher(p.getFileName().toString());
                    if (!m.matches()) continue;
                    int node = Integer.parseInt(m.group(1));
                    if (readTrimmed(p.resolve("index"), "0").equals("0")) nodes.add(new int[] {node});
                }
            } catch (IOException e) {
                return out;
            }
            nodes.sort((a, b) -> Integer.compare(a[0], b[0]));
            for (int[] n : nodes) {
                String device = "/dev/video" + n[0];
                String name = readTrimmed(sys.resolve("video" + n[0]).resolve("name"), device);
                out.add(new CameraInfo(out.size(), device, name));
            }
        } else {
            try {
                String[] names = org.bytedeco.javacv.FFmpegFrameGrabber.getDeviceDescriptions();
                if (names != null) for (String n : names) out.add(new CameraInfo(out.size(), n, n));
            } catch (Exception | UnsatisfiedLinkError e) {
                // Not every platform's grabber can list devices; then none are offered by number.
            }
        }
        return out;
    }

    private static String readTrimmed(Path p, String fallback) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return fallback;
        }
    }

    private static String describe(List<CameraInfo> cameras) {
        if (cameras.isEmpty()) return "none";
        StringBuilder sb = new StringBuilder();
        for (CameraInfo c : cameras) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(c.index()).append(": ").append(c.name()).append(" (").append(c.device()).append(')');
        }
        return sb.toString();
    }
}
