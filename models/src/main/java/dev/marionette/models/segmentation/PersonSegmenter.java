package dev.marionette.models.segmentation;

import dev.marionette.tracking.image.RgbImage;
import dev.marionette.tracking.image.TensorSampler;
import dev.marionette.tracking.landmarks.Roi;
import dev.marionette.tracking.tflite.TfLiteModel;
import java.nio.FloatBuffer;

/**
 * Separates a person from the background with MediaPipe's selfie segmentation model: the image
 * stretched to 256×256 in [0, 1], a person probability per pixel, resampled bilinearly to the
 * image size. The model's one custom op (Convolution2DTransposeBias) is registered with the
 * other MediaPipe ops; XNNPACK runs the graph.
 *
 * <p>One thread at a time.
 */
public final class PersonSegmenter implements AutoCloseable {
    static final String RESOURCE = "/dev/marionette/models/mediapipe/selfie_segmentation.tflite";
    static final int SIZE = 256;

    private final TfLiteModel model;
    private final FloatBuffer input;
    private final FloatBuffer output;

    public PersonSegmenter(int threads) {
        this(threads, true);
    }

    /** @param xnnpack false runs every op on plain kernels (a check of the Java kernel; slow) */
    PersonSegmenter(int threads, boolean xnnpack) {
        model = TfLiteModel.fromResource(RESOURCE, threads, true, xnnpack);
        input = model.input(0);
        String name = model.outputNames().iterator().next();
        output = model.output(name);
        if (output.capacity() != SIZE * SIZE) {
            model.close();
            throw new IllegalStateException("segmentation output has " + output.capacity() + " values, expected 256x256");
        }
    }

    /**
     * Person probability per pixel of {@code image}, row-major, width × height values in [0, 1].
     */
    public float[] segment(RgbImage image) {
        // A region exactly covering the image, stretched to the square input.
        Roi whole = new Roi(image.width() / 2f, image.height() / 2f, image.width(), image.height(), 0);
        TensorSampler.sample(image, whole, SIZE, SIZE, TensorSampler.Border.REPLICATE, 0f, 1f, input);
        model.invoke();
        int w = image.width(), h = image.height();
        float[] mask = new float[w * h];
        for (int y = 0; y < h; y++) {
            double sy = (y + 0.5) * SIZE / h - 0.5;
            int y0 = (int) Math.floor(sy);
            float fy = (float) (sy - y0);
            int ya = Math.max(0, Math.min(SIZE - 1, y0)), yb = Math.max(0, Math.min(SIZE - 1, y0 + 1));
            for (int x = 0; x < w; x++) {
                double sx = (x + 0.5) * SIZE / w - 0.5;
                int x0 = (int) Math.floor(sx);
                float fx = (float) (sx - x0);
                int xa = Math.max(0, Math.min(SIZE - 1, x0)), xb = Math.max(0, Math.min(SIZE - 1, x0 + 1));
                float top = (1 - fx) * output.get(ya * SIZE + xa) + fx * output.get(ya * SIZE + xb);
                float bottom = (1 - fx) * output.get(yb * SIZE + xa) + fx * output.get(yb * SIZE + xb);
                float v = (1 - fy) * top + fy * bottom;
                mask[y * w + x] = v < 0 ? 0 : (v > 1 ? 1 : v);
            }
        }
        return mask;
    }

    @Override
    public void close() {
        model.close();
    }
}
