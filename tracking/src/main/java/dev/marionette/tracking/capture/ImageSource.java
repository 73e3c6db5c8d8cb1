package dev.marionette.tracking.capture;

import dev.marionette.tracking.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** One still image as a one-frame stream (PNG, JPEG, BMP, GIF: what ImageIO reads). */
final class ImageSource implements FrameSource {
    private final String name;
    private final RgbImage image;
    private boolean delivered;

    ImageSource(String name, RgbImage image) {
        this.name = name;
        this.image = image;
    }

    static ImageSource open(Path path) {
        return new ImageSource(path.toString(), read(path));
    }

    /** Reads an image file, with a message naming the file when it is not one. */
    static RgbImage read(Path path) {
        BufferedImage img;
        try {
            img = ImageIO.read(path.toFile());
        } catch (IOException e) {
            throw new CaptureException("cannot read image '" + path + "': " + e.getMessage(), e);
        }
        if (img == null) {
            String size;
            try {
                size = Files.size(path) + " bytes";
            } catch (IOException e) {
                size = "unreadable";
            }
            throw new CaptureException("'" + path + "' is not an image this program can read (" + size
                    + "; PNG, JPEG, BMP and GIF are supported)");
        }
        return RgbImage.of(img);
    }

    @Override
    public VideoFrame next() {
        if (delivered) return null;
        delivered = true;
        return new VideoFrame(0, 0, image);
    }

    @Override public boolean isLive() { return false; }

    @Override public String description() { return "image " + name + " " + image.width() + "x" + image.height(); }

    @Override public double frameRate() { return 0; }

    @Override public int width() { return image.width(); }

    @Override public int height() { return image.height(); }

    @Override public void close() {}
}
