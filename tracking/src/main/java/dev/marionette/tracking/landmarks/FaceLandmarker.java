package dev.marionette.tracking.landmarks;

import dev.marionette.tracking.image.RgbImage;
import dev.marionette.tracking.image.TensorSampler;
import dev.marionette.tracking.tflite.TfLiteModel;
import java.nio.FloatBuffer;

/**
 * Runs a face landmark model on a region of an image: the region is sampled to 192×192 in
 * [0, 1] (edges replicated), the model's points (in input pixels) are mapped back through the
 * region to image pixels, z scaled like x (MediaPipe's LandmarkProjectionCalculator).
 *
 * <p>For the attention model the outputs are merged as MediaPipe's
 * tensors_to_face_landmarks_with_attention graph does: the 468-point mesh (x, y, z), overwritten
 * by the refined lips (80 points) and eyes (71 each), which the model gives as x, y only (z
 * stays the mesh's), then the two 5-point irises (x, y) appended with z set to the mean z of the eye's 16 contour points. The
 * index maps below are facts of that graph.
 *
 * <p>One thread at a time.
 */
public final class FaceLandmarker implements AutoCloseable {
    static final int INPUT = 192;

    private static final int[] LIPS = {
        61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291,
        185, 40, 39, 37, 0, 267, 269, 270, 409,
        78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308,
        191, 80, 81, 82, 13, 312, 311, 310, 415,
        76, 77, 90, 180, 85, 16, 315, 404, 320, 307, 306,
        184, 74, 73, 72, 11, 302, 303, 304, 408,
        62, 96, 89, 179, 86, 15, 316, 403, 319, 325, 292,
        183, 42, 41, 38, 12, 268, 271, 272, 407,
    };
    /** The eye around landmark 33 (the subject's right eye); MediaPipe's graph calls it "left". */
    private static final int[] EYE_A = {
        33, 7, 163, 144, 145, 153, 154, 155, 133,
        246, 161, 160, 159, 158, 157, 173,
        130, 25, 110, 24, 23, 22, 26, 112, 243,
        247, 30, 29, 27, 28, 56, 190,
        226, 31, 228, 229, 230, 231, 232, 233, 244,
        113, 225, 224, 223, 222, 221, 189,
        35, 124, 46, 53, 52, 65,
        143, 111, 117, 118, 119, 120, 121, 128, 245,
        156, 70, 63, 105, 66, 107, 55, 193,
    };
    /** The eye around landmark 263 (the subject's left eye). */
    private static final int[] EYE_B = {
        263, 249, 390, 373, 374, 380, 381, 382, 362,
        466, 388, 387, 386, 385, 384, 398,
        359, 255, 339, 254, 253, 252, 256, 341, 463,
        467, 260, 259, 257, 258, 286, 414,
        446, 261, 448, 449, 450, 451, 452, 453, 464,
        342, 445, 444, 443, 442, 441, 413,
        265, 353, 276, 283, 282, 295,
        372, 340, 346, 347, 348, 349, 350, 357, 465,
        383, 300, 293, 334, 296, 336, 285, 417,
    };
    /** Iris z is the mean z of the first 16 entries of its eye list (the lid contours). */
    private static final int EYE_CONTOUR = 16;

    private final LandmarkModel kind;
    private final TfLiteModel model;
    private final FloatBuffer input;
    private final FloatBuffer mesh;
    private final FloatBuffer flag;
    private final FloatBuffer lips, eyeA, eyeB, irisA, irisB;
    private final float[] raw;

    public FaceLandmarker(LandmarkModel kind, int threads) {
        this.kind = kind;
        model = TfLiteModel.fromResource(kind.resource(), threads, kind.customOps());
        try {
            input = model.input(0);
            int[] in = model.inputShape(0);
            if (in[1] != INPUT || in[2] != INPUT || in[3] != 3) {
                throw new IllegalStateException(kind.file() + " takes " + java.util.Arrays.toString(in) + ", expected [1, 192, 192, 3]");
            }
            if (kind == LandmarkModel.WITH_ATTENTION) {
                mesh = model.output("output_mesh_identity");
                lips = model.output("output_lips");
                eyeA = model.output("output_left_eye");
                eyeB = model.output("output_right_eye");
                irisA = model.output("output_left_iris");
                irisB = model.output("output_right_iris");
                flag = model.output("conv_faceflag");
            } else {
                FloatBuffer m = null, f = null;
                for (String name : model.outputNames()) {
                    int size = model.output(name).capacity();
                    if (size == 3 * FaceLandmarks.MESH_POINTS) m = model.output(name);
                    else if (size == 1) f = model.output(name);
                }
                if (m == null || f == null) throw new IllegalStateException(kind.file() + " lacks the mesh or face-flag output");
                mesh = m;
                flag = f;
                lips = eyeA = eyeB = irisA = irisB = null;
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        raw = new float[3 * kind.points()];
    }

    public LandmarkModel kind() { return kind; }

    /**
     * Landmarks of the face in {@code roi}, whatever its presence score (the caller decides).
     * The region should be square in pixels (as {@link Rois} makes them).
     */
    public FaceLandmarks detect(RgbImage image, Roi roi) {
        TensorSampler.sample(image, roi, INPUT, INPUT, TensorSampler.Border.REPLICATE, 0f, 1f, input);
        model.invoke();
        mesh.get(0, raw, 0, 3 * FaceLandmarks.MESH_POINTS);
        if (kind == LandmarkModel.WITH_ATTENTION) refine();
        float presence = (float) (1 / (1 + Math.exp(-flag.get(0))));
        float[] xyz = new float[raw.length];
        float[] p = new float[2];
        for (int i = 0; i < raw.length / 3; i++) {
            roi.toImage(raw[3 * i] / INPUT, raw[3 * i + 1] / INPUT, p, 0);
            xyz[3 * i] = p[0];
            xyz[3 * i + 1] = p[1];
            xyz[3 * i + 2] = raw[3 * i + 2] / INPUT * roi.width();
        }
        return new FaceLandmarks(xyz, presence, roi);
    }

    private void refine() {
        overwriteXY(lips, LIPS);
        overwriteXY(eyeA, EYE_A);
        overwriteXY(eyeB, EYE_B);
        appendIris(irisA, FaceLandmarks.RIGHT_IRIS_CENTER, EYE_A);
        appendIris(irisB, FaceLandmarks.LEFT_IRIS_CENTER, EYE_B);
    }

    private void overwriteXY(FloatBuffer points, int[] indices) {
        for (int k = 0; k < indices.length; k++) {
            raw[3 * indices[k]] = points.get(2 * k);
            raw[3 * indices[k] + 1] = points.get(2 * k + 1);
        }
    }

    private void appendIris(FloatBuffer iris, int first, int[] eye) {
        float z = 0;
        for (int k = 0; k < EYE_CONTOUR; k++) z += raw[3 * eye[k] + 2];
        z /= EYE_CONTOUR;
        for (int k = 0; k < 5; k++) {
            raw[3 * (first + k)] = iris.get(2 * k);
            raw[3 * (first + k) + 1] = iris.get(2 * k + 1);
            raw[3 * (first + k) + 2] = z;
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
