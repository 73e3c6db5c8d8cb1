package dev.marionette.tracking.capture;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The images of a folder in file-name order, one frame each, 1/30 s apart. Files that are not
 * images are skipped with a warning; a folder with no readable image is an error at open.
 */
final class ImageFolderSource implements FrameSource {
    private static final System.Logger LOG = System.getLogger(ImageFolderSource.class.getName());
    static final double FRAME_RATE = 30;

    private final Path folder;
    private final List<Path> files;
    private int nextFile;
    private long index;
    private VideoFrame pending;

    private ImageFolderSource(Path folder, List<Path> files) {
        this.folder = folder;
        this.files = files;
    }

    static ImageFolderSource open(Path folder) {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(Files::isRegularFile).filter(ImageFolderSource::looksLikeImage).sorted().toList();
        } catch (IOException e) {
            throw new CaptureException("cannot list folder '" + folder + "': " + e.getMessage(), e);
        }
        if (files.isEmpty()) throw new CaptureException("folder '" + folder + "' has no images (png, jpg, jpeg, bmp, gif)");
        ImageFolderSource source = new ImageFolderSource(folder, files);
        source.pending = source.read();
        if (source.pending == null) throw new CaptureException("no image in folder '" + folder + "' could be read");
        return source;
    }

    static boolean looksLikeImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp") || n.endsWith(".gif");
    }

    private VideoFrame read() {
        while (nextFile < files.size()) {
            Path p = files.get(nextFile++);
            try {
                VideoFrame f = new VideoFrame(index, Math.round(index * 1e6 / FRAME_RATE), ImageSource.read(p));
                index++;
                return f;
            } catch (CaptureException e) {
                LOG.log(Level.WARNING, "skipping {0}", e.getMessage());
            }
        }
        return null;
    }

    @Override
    public VideoFrame next() {
        VideoFrame f = pending;
        pending = f == null ? null : read();
        return f;
    }

    @Override public boolean isLive() { return false; }

    @Override public String description() { return "folder " + folder + " (" + files.size() + " images)"; }

    @Override public double frameRate() { return FRAME_RATE; }

    /** Size of the next frame (images in a folder may differ in size). */
    @Override public int width() { return pending == null ? 0 : pending.width(); }

    @Override public int height() { return pending == null ? 0 : pending.height(); }

    @Override public void close() {}
}
