package dev.marionette.tracking.detect;

import dev.marionette.tracking.image.RgbImage;
import java.util.List;

/** Finds faces in a whole image. */
public interface FaceDetector extends AutoCloseable {
    /** Faces in image pixels, best score first; empty when there is none. */
    List<Detection> detect(RgbImage image);

    @Override
    void close();
}
