package dev.marionette.tracking.tflite;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteIntArrayCreate;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteError;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteFloat32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.tensorflowlite.MutableOpResolver;
import org.bytedeco.tensorflowlite.TfLiteContext;
import org.bytedeco.tensorflowlite.TfLiteIntArray;
import org.bytedeco.tensorflowlite.TfLiteNode;
import org.bytedeco.tensorflowlite.TfLiteRegistration;
import org.bytedeco.tensorflowlite.TfLiteTensor;

/**
 * MediaPipe's three custom TFLite ops used by {@code face_landmark_with_attention.tflite}
 * (version 2 of each), written in Java from their documented semantics:
 *
 * <ul>
 *   <li><b>Landmarks2TransformMatrix</b>: from landmarks [1, N, 3] builds the 4×4 matrix that
 *       maps pixel (x, y) of an output crop of {@code output_width × output_height} to input
 *       coordinates: the crop is centred on the rotated bounding box of {@code subset_idxs},
 *       turned so the line {@code left_rotation_idx → right_rotation_idx} lies at
 *       {@code target_rotation_radians}, scaled by {@code scale_x/scale_y} × box size.</li>
 *   <li><b>TransformTensorBilinear</b>: resamples a [1, H, W, C] feature map through that
 *       matrix with bilinear taps (zero outside the input), with the half-pixel correction
 *       T → S·T·A (sample at pixel centres).</li>
 *   <li><b>TransformLandmarks</b>: maps landmarks [1, N, D] (D = 2 or 3) through the matrix;
 *       z passes unchanged.</li>
 *   <li><b>Convolution2DTransposeBias</b> (version 1, used by the selfie segmentation model): a
 *       transposed convolution with weights OHWI plus a bias per output channel; options are
 *       the raw TfLiteTransposeConvParams struct (padding, stride_width, stride_height).
 *       XNNPACK normally runs it itself; this kernel is for interpreters without XNNPACK.</li>
 * </ul>
 *
 * <p>JavaCPP limits live instances of one callback class (10), so every callback here is a
 * stateless singleton shared by all interpreters; registrations and their name pointers are
 * static and never freed, because TFLite keeps raw pointers to them. An exception escaping a
 * callback would kill the JVM: each is caught, logged and turned into kTfLiteError.
 */
public final class MediaPipeOps {
    private static final System.Logger LOG = System.getLogger(MediaPipeOps.class.getName());
    static final int VERSION = 2;

    private static final BytePointer LANDMARKS_TO_MATRIX_NAME = new BytePointer("Landmarks2TransformMatrix");
    private static final BytePointer TRANSFORM_TENSOR_NAME = new BytePointer("TransformTensorBilinear");
    private static final BytePointer TRANSFORM_LANDMARKS_NAME = new BytePointer("TransformLandmarks");
    private static final BytePointer TRANSPOSE_CONV_BIAS_NAME = new BytePointer("Convolution2DTransposeBias");

    // The callbacks must stay reachable: a collected FunctionPointer frees the native thunk the
    // registration points to, and the next invoke jumps into freed memory.
    private static final PrepareMatrix PREPARE_MATRIX = new PrepareMatrix();
    private static final InvokeMatrix INVOKE_MATRIX = new InvokeMatrix();
    private static final PrepareTensor PREPARE_TENSOR = new PrepareTensor();
    private static final InvokeTensor INVOKE_TENSOR = new InvokeTensor();
    private static final PrepareLandmarks PREPARE_LANDMARKS = new PrepareLandmarks();
    private static final InvokeLandmarks INVOKE_LANDMARKS = new InvokeLandmarks();
    private static final PrepareTransposeConv PREPARE_TRANSPOSE_CONV = new PrepareTransposeConv();
    private static final InvokeTransposeConv INVOKE_TRANSPOSE_CONV = new InvokeTransposeConv();

    private static final TfLiteRegistration LANDMARKS_TO_MATRIX =
            registration(LANDMARKS_TO_MATRIX_NAME, PREPARE_MATRIX, INVOKE_MATRIX);
    private static final TfLiteRegistration TRANSFORM_TENSOR =
            registration(TRANSFORM_TENSOR_NAME, PREPARE_TENSOR, INVOKE_TENSOR);
    private static final TfLiteRegistration TRANSFORM_LANDMARKS =
            registration(TRANSFORM_LANDMARKS_NAME, PREPARE_LANDMARKS, INVOKE_LANDMARKS);
    private static final TfLiteRegistration TRANSPOSE_CONV_BIAS =
            registration(TRANSPOSE_CONV_BIAS_NAME, PREPARE_TRANSPOSE_CONV, INVOKE_TRANSPOSE_CONV, 1);

    private MediaPipeOps() {}

    /** Adds the three ops to a resolver; the registrations outlive every interpreter. */
    public static void register(MutableOpResolver resolver) {
        resolver.AddCustom(LANDMARKS_TO_MATRIX_NAME, LANDMARKS_TO_MATRIX, VERSION);
        resolver.AddCustom(TRANSFORM_TENSOR_NAME, TRANSFORM_TENSOR, VERSION);
        resolver.AddCustom(TRANSFORM_LANDMARKS_NAME, TRANSFORM_LANDMARKS, VERSION);
        resolver.AddCustom(TRANSPOSE_CONV_BIAS_NAME, TRANSPOSE_CONV_BIAS, 1);
    }

    private static TfLiteRegistration registration(BytePointer name,
            TfLiteRegistration.Prepare_TfLiteContext_TfLiteNode prepare,
            TfLiteRegistration.Invoke_TfLiteContext_TfLiteNode invoke) {
        return registration(name, prepare, invoke, VERSION);
    }

    private static TfLiteRegistration registration(BytePointer name,
            TfLiteRegistration.Prepare_TfLiteContext_TfLiteNode prepare,
            TfLiteRegistration.Invoke_TfLiteContext_TfLiteNode invoke, int version) {
        TfLiteRegistration r = new TfLiteRegistration();
        r.prepare(prepare);
        r.invoke(invoke);
        r.custom_name(name);
        r.version(version);
        return r;
    }

    // ---- The ops' mathematics, on plain Java arrays (tested directly). ----

    /** Options of Landmarks2TransformMatrix v2. */
    record MatrixOptions(int[] subsetIdxs, int leftRotationIdx, int rightRotationIdx, float targetRotationRadians,
                         int outputWidth, int outputHeight, float scaleX, float scaleY) {
        static MatrixOptions of(Map<String, Object> m) {
            MatrixOptions o = new MatrixOptions(FlexBuffers.intsOf(m, "subset_idxs"),
                    FlexBuffers.intOf(m, "left_rotation_idx"), FlexBuffers.intOf(m, "right_rotation_idx"),
                    FlexBuffers.floatOf(m, "target_rotation_radians"),
                    FlexBuffers.intOf(m, "output_width"), FlexBuffers.intOf(m, "output_height"),
                    FlexBuffers.floatOf(m, "scale_x"), FlexBuffers.floatOf(m, "scale_y"));
            if (o.leftRotationIdx < 0 || o.rightRotationIdx < 0) throw new IllegalArgumentException("negative rotation index");
            if (o.outputWidth <= 0 || o.outputHeight <= 0) throw new IllegalArgumentException("output size must be positive");
            if (!(o.scaleX > 0 && o.scaleY > 0)) throw new IllegalArgumentException("scales must be positive");
            if (o.subsetIdxs.length == 0) throw new IllegalArgumentException("empty subset");
            for (int i : o.subsetIdxs) if (i < 0) throw new IllegalArgumentException("negative subset index");
            return o;
        }
    }

    /**
     * Landmarks2TransformMatrix v2: writes the row-major 4×4 matrix into {@code out}.
     * {@code landmarks} holds N points of 3 values.
     */
    static void landmarksToMatrix(MatrixOptions o, float[] landmarks, float[] out) {
        int n = landmarks.length / 3;
        checkIndex(o.leftRotationIdx, n);
        checkIndex(o.rightRotationIdx, n);
        float lx = landmarks[3 * o.leftRotationIdx], ly = landmarks[3 * o.leftRotationIdx + 1];
        float rx = landmarks[3 * o.rightRotationIdx], ry = landmarks[3 * o.rightRotationIdx + 1];
        // The rotation that brings the left→right line to the target angle.
        double rotation = o.targetRotationRadians - Math.atan2(ry - ly, rx - lx);
        double c = Math.cos(rotation), s = Math.sin(rotation);

        // Bounding box of the subset (pairs; an odd count repeats its last index) after rotating.
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (int idx : o.subsetIdxs) {
            checkIndex(idx, n);
            double x = landmarks[3 * idx], y = landmarks[3 * idx + 1];
            double xr = c * x - s * y, yr = s * x + c * y;
            minX = Math.min(minX, xr);
            maxX = Math.max(maxX, xr);
            minY = Math.min(minY, yr);
            maxY = Math.max(maxY, yr);
        }
        double width = maxX - minX, height = maxY - minY;
        double mx = (minX + maxX) / 2, my = (minY + maxY) / 2;
        // Centre back in input coordinates (inverse rotation).
        double cropX = c * mx + s * my, cropY = -s * mx + c * my;

        // T = shift(crop) · rot(−rotation) · scale · shift(−out/2).
        double sx = o.scaleX * width / o.outputWidth, sy = o.scaleY * height / o.outputHeight;
        double rc = Math.cos(-rotation), rs = Math.sin(-rotation);
        double a00 = rc * sx, a01 = -rs * sy, a10 = rs * sx, a11 = rc * sy;
        double hx = -o.outputWidth / 2.0, hy = -o.outputHeight / 2.0;
        java.util.Arrays.fill(out, 0, 16, 0f);
        out[0] = (float) a00;
        out[1] = (float) a01;
        out[3] = (float) (a00 * hx + a01 * hy + cropX);
        out[4] = (float) a10;
        out[5] = (float) a11;
        out[7] = (float) (a10 * hx + a11 * hy + cropY);
        out[10] = 1;
        out[15] = 1;
    }

    /**
     * TransformTensorBilinear v2: {@code input} is H×W×C (row-major, channels last), output
     * outH×outW×C; matrix rows 0 and 1 map output pixel (x, y) to input coordinates.
     */
    static void transformTensor(float[] matrix, FloatBuffer input, int inH, int inW, int channels,
                                FloatBuffer output, int outH, int outW) {
        // Half-pixel correction: sample the input at the centre of each output pixel.
        double x0 = matrix[0], x1 = matrix[1], x3 = matrix[3] + 0.5 * matrix[0] + 0.5 * matrix[1] - 0.5;
        double y0 = matrix[4], y1 = matrix[5], y3 = matrix[7] + 0.5 * matrix[4] + 0.5 * matrix[5] - 0.5;
        int rowStride = inW * channels;
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                double tx = x0 * ox + x1 * oy + x3;
                double ty = y0 * ox + y1 * oy + y3;
                int out = (oy * outW + ox) * channels;
                if (tx < 0 || tx > inW - 1 || ty < 0 || ty > inH - 1 || Double.isNaN(tx) || Double.isNaN(ty)) {
                    for (int ch = 0; ch < channels; ch++) output.put(out + ch, 0f);
                    continue;
                }
                int fx = (int) Math.floor(tx), fy = (int) Math.floor(ty);
                float wx = (float) (tx - fx), wy = (float) (ty - fy);
                boolean hasRight = fx + 1 < inW, hasDown = fy + 1 < inH;
                int base = fy * rowStride + fx * channels;
                for (int ch = 0; ch < channels; ch++) {
                    float q11 = input.get(base + ch);
                    float q21 = hasRight ? input.get(base + channels + ch) : 0f;
                    float q12 = hasDown ? input.get(base + rowStride + ch) : 0f;
                    float q22 = hasRight && hasDown ? input.get(base + rowStride + channels + ch) : 0f;
                    float upper = (1 - wx) * q11 + wx * q21;
                    float lower = (1 - wx) * q12 + wx * q22;
                    output.put(out + ch, wy * lower + (1 - wy) * upper);
                }
            }
        }
    }

    /** TransformLandmarks v2 on N points of {@code dims} values (2 or 3). */
    static void transformLandmarks(float[] matrix, FloatBuffer input, FloatBuffer output, int points, int dims) {
        for (int i = 0; i < points; i++) {
            int o = i * dims;
            float x = input.get(o), y = input.get(o + 1);
            output.put(o, matrix[0] * x + matrix[1] * y + matrix[3]);
            output.put(o + 1, matrix[4] * x + matrix[5] * y + matrix[7]);
            if (dims == 3) output.put(o + 2, input.get(o + 2));
        }
    }

    /** TfLitePadding values of the options struct. */
    static final int PADDING_SAME = 1;

    /** Output height or width of a transposed convolution (TFLite's rule, SAME or VALID padding). */
    static int transposeConvSize(int in, int filter, int stride, int padding) {
        int pad = padding == PADDING_SAME ? Math.max(0, filter - (in - 1) % stride - 1) : 0;
        return stride * (in - 1) + filter - pad;
    }

    /**
     * Convolution2DTransposeBias: every input pixel scatters weights × value into the output,
     * offset by half the SAME padding; the output starts from the bias. Input H×W×Cin, weights
     * Cout×KH×KW×Cin (OHWI), output outH×outW×Cout.
     */
    static void transposeConvBias(FloatBuffer input, int inH, int inW, int inC, FloatBuffer weights, int kH, int kW,
                                  FloatBuffer bias, int outC, int strideH, int strideW, int padding,
                                  FloatBuffer output, int outH, int outW) {
        int padH = padding == PADDING_SAME ? Math.max(0, kH - (inH - 1) % strideH - 1) / 2 : 0;
        int padW = padding == PADDING_SAME ? Math.max(0, kW - (inW - 1) % strideW - 1) / 2 : 0;
        float[] out = new float[outH * outW * outC];
        float[] b = new float[outC];
        bias.get(0, b);
        for (int p = 0; p < outH * outW; p++) System.arraycopy(b, 0, out, p * outC, outC);
        float[] w = new float[outC * kH * kW * inC];
        weights.get(0, w);
        float[] in = new float[inH * inW * inC];
        input.get(0, in);
        for (int iy = 0; iy < inH; iy++) {
            for (int ix = 0; ix < inW; ix++) {
                int oy0 = iy * strideH - padH, ox0 = ix * strideW - padW;
                int inBase = (iy * inW + ix) * inC;
                for (int fy = 0; fy < kH; fy++) {
                    int oy = oy0 + fy;
                    if (oy < 0 || oy >= outH) continue;
                    for (int fx = 0; fx < kW; fx++) {
                        int ox = ox0 + fx;
                        if (ox < 0 || ox >= outW) continue;
                        int outBase = (oy * outW + ox) * outC;
                        for (int oc = 0; oc < outC; oc++) {
                            int wBase = ((oc * kH + fy) * kW + fx) * inC;
                            float sum = 0;
                            for (int ic = 0; ic < inC; ic++) sum += in[inBase + ic] * w[wBase + ic];
                            out[outBase + oc] += sum;
                        }
                    }
                }
            }
        }
        output.put(0, out);
    }

    /** padding, stride_width, stride_height: the first three ints of the options struct. */
    private static int[] transposeConvOptions(TfLiteNode node) {
        if (node.custom_initial_data() == null || node.custom_initial_data_size() < 12) {
            throw new IllegalStateException("Convolution2DTransposeBias has no options");
        }
        java.nio.IntBuffer ints = new BytePointer(node.custom_initial_data()).capacity(12).asByteBuffer()
                .order(java.nio.ByteOrder.nativeOrder()).asIntBuffer();
        int[] o = {ints.get(0), ints.get(1), ints.get(2)};
        if (o[1] <= 0 || o[2] <= 0) throw new IllegalStateException("bad strides " + o[1] + "x" + o[2]);
        return o;
    }

    private static void checkIndex(int idx, int n) {
        if (idx >= n) throw new IllegalArgumentException("landmark index " + idx + " out of " + n);
    }

    // ---- Glue to TFLite's C structures. ----

    private static TfLiteTensor tensor(TfLiteContext context, TfLiteIntArray list, int k) {
        if (list == null || list.size() <= k) throw new IllegalStateException("node has no tensor #" + k);
        int index = list.data(k);
        if (index < 0 || index >= context.tensors_size()) throw new IllegalStateException("tensor index " + index + " out of range");
        return context.tensors().getPointer(index);
    }

    private static int[] dims(TfLiteTensor t) {
        TfLiteIntArray d = t.dims();
        int[] out = new int[d.size()];
        for (int i = 0; i < out.length; i++) out[i] = d.data(i);
        return out;
    }

    private static int elements(int[] dims) {
        int n = 1;
        for (int d : dims) n *= d;
        return n;
    }

    private static FloatBuffer floats(TfLiteTensor t, int count) {
        if (t.type() != kTfLiteFloat32) throw new IllegalStateException("expected a float32 tensor");
        FloatPointer p = t.data().f();
        if (p == null || p.isNull()) throw new IllegalStateException("tensor has no data");
        return p.capacity(count).asBuffer();
    }

    private static Map<String, Object> options(TfLiteNode node) {
        int size = node.custom_initial_data_size();
        if (size <= 0 || node.custom_initial_data() == null) throw new IllegalStateException("op has no options");
        ByteBuffer raw = new BytePointer(node.custom_initial_data()).capacity(size).asByteBuffer();
        ByteBuffer copy = ByteBuffer.allocate(size);
        copy.put(raw).flip();
        return FlexBuffers.decodeMap(copy);
    }

    private static int resize(TfLiteContext context, TfLiteTensor output, int... shape) {
        int[] current = dims(output);
        if (java.util.Arrays.equals(current, shape)) return kTfLiteOk;
        TfLiteIntArray size = TfLiteIntArrayCreate(shape.length);
        for (int i = 0; i < shape.length; i++) size.data(i, shape[i]);
        return context.ResizeTensor().call(context, output, size); // takes ownership of size
    }

    private static int fail(String op, Throwable e) {
        LOG.log(Level.ERROR, "MediaPipe op " + op + " failed: " + e, e);
        return kTfLiteError;
    }

    private static final class PrepareMatrix extends TfLiteRegistration.Prepare_TfLiteContext_TfLiteNode {
        @Override
        public int call(TfLiteContext context, TfLiteNode node) {
            try {
                TfLiteTensor input = tensor(context, node.inputs(), 0);
                if (dims(input).length != 3) throw new IllegalStateException("landmarks must be [1, N, 3]");
                return resize(context, tensor(context, node.outputs(), 0), 1, 4, 4);
            } catch (Throwable e) {
                return fail("Landmarks2TransformMatrix.prepare", e);
            }
        }
    }

    private static final class InvokeMatrix extends TfLiteRegistration.Invoke_TfLiteContext_TfLiteNode {
        @Override
        public int call(TfLiteContext context, TfLiteNode node) {
            try {
                TfLiteTensor input = tensor(context, node.inputs(), 0);
                int[] d = dims(input);
                float[] landmarks = new float[elements(d)];
                floats(input, landmarks.length).get(landmarks);
                float[] matrix = new float[16];
                landmarksToMatrix(MatrixOptions.of(options(node)), landmarks, matrix);
                floats(tensor(context, node.outputs(), 0), 16).put(matrix);
                return kTfLiteOk;
            } catch (Throwable e) {
                return fail("Landmarks2TransformMatrix", e);
            }
        }
    }

    private static final class PrepareTensor extends TfLiteRegistration.Prepare_TfLiteContext_TfLiteNode {
        @Override
        public int call(TfLiteContext context, TfLiteNode node) {
            try {
                TfLiteTensor input = tensor(context, node.inputs(), 0);
                TfLiteTensor output = tensor(context, node.outputs(), 0);
                if (dims(input).length != 4 || dims(output).length != 4) throw new IllegalStateException("feature maps must be 4-D");
                if (input.type() != kTfLiteFloat32 || output.type() != kTfLiteFloat32) throw new IllegalStateException("float32 only");
                return kTfLiteOk;
            } catch (Throwable e) {
                return fail("TransformTensorBilinear.prepare", e);
            }
        }
    }

    private static final class InvokeTensor extends TfLiteRegistration.Invoke_TfLiteContext_TfLiteNode {
        @Override
        public int call(TfLiteContext context, TfLiteNode node) {
            try {
                TfLiteTensor input = tensor(context, node.inputs(), 0);
                TfLiteTensor matrixTensor = tensor(context, node.inputs(), 1);
                TfLiteTensor output = tensor(context, node.outputs(), 0);
                int[] in = dims(input), out = dims(output);
                if (in[3] != out[3]) throw new IllegalStateException("channel counts differ: " + in[3] + " vs " + out[3]);
                float[] matrix = new float[16];
                floats(matrixTensor, 16).get(matrix);
                transformTensor(matrix, floats(input, elements(in)), in[1], in[2], in[3],
                        floats(output, elements(out)), out[1], out[2]);
                return kTfLiteOk;
            } catch (Throwable e) {
                return fail("TransformTensorBilinear", e);
            }
        }
    }

    private static final class PrepareLandmarks extends TfLiteRegistration.Prepare_TfLiteContext_TfLiteNode {
        @Override
        public int call(TfLiteContext context, TfLiteNode node) {
            try {
                int[] in = dims(tensor(context, node.inputs(), 0));
                if (in.length != 3) throw new IllegalStateException("landmarks must be [1, N, D]");
                return resize(context, tensor(context, node.outputs(), 0), in);
            } catch (Throwable e) {
                return fail("TransformLandmarks.prepare", e);
            }
        }
    }

    private static final class InvokeLandmarks extends TfLiteRegistration.Invoke_TfLiteContext_TfLiteNode {
        @Override
        public int call(TfLiteContext context, TfLiteNode node) {
            try {
                TfLiteTensor input = tensor(context, node.inputs(), 0);
                int[] in = dims(input);
                int dimensions = in[2];
                if (dimensions != 2 && dimensions != 3) throw new IllegalStateException("landmarks need 2 or 3 values, got " + dimensions);
                float[] matrix = new float[16];
                floats(tensor(context, node.inputs(), 1), 16).get(matrix);
                int count = elements(in);
                transformLandmarks(matrix, floats(input, count), floats(tensor(context, node.outputs(), 0), count),
                        count / dimensions, dimensions);
                return kTfLiteOk;
            } catch (Throwable e) {
                return fail("TransformLandmarks", e);
            }
        }
    }

    private static final class PrepareTransposeConv extends TfLiteRegistration.Prepare_TfLiteContext_TfLiteNode {
        @Override
        public int call(TfLiteContext context, TfLiteNode node) {
            try {
                int[] in = dims(tensor(context, node.inputs(), 0));
                int[] w = dims(tensor(context, node.inputs(), 1));
                int[] b = dims(tensor(context, node.inputs(), 2));
                if (in.length != 4 || w.length != 4 || b.length != 1) throw new IllegalStateException("expected 4-D input and weights, 1-D bias");
                if (w[0] != b[0] || w[3] != in[3]) throw new IllegalStateException("weights, bias and input channels disagree");
                int[] o = transposeConvOptions(node);
                return resize(context, tensor(context, node.outputs(), 0), in[0],
                        transposeConvSize(in[1], w[1], o[2], o[0]), transposeConvSize(in[2], w[2], o[1], o[0]), w[0]);
            } catch (Throwable e) {
                return fail("Convolution2DTransposeBias.prepare", e);
            }
        }
    }

    private static final class InvokeTransposeConv extends TfLiteRegistration.Invoke_TfLiteContext_TfLiteNode {
        @Override
        public int call(TfLiteContext context, TfLiteNode node) {
            try {
                TfLiteTensor input = tensor(context, node.inputs(), 0), weights = tensor(context, node.inputs(), 1);
                TfLiteTensor bias = tensor(context, node.inputs(), 2), output = tensor(context, node.outputs(), 0);
                int[] in = dims(input), w = dims(weights), out = dims(output);
                if (in[0] != 1) throw new IllegalStateException("batch of 1 only");
                int[] o = transposeConvOptions(node);
                transposeConvBias(floats(input, elements(in)), in[1], in[2], in[3], floats(weights, elements(w)), w[1], w[2],
                        floats(bias, w[0]), w[0], o[2], o[1], o[0], floats(output, elements(out)), out[1], out[2]);
                return kTfLiteOk;
            } catch (Throwable e) {
                return fail("Convolution2DTransposeBias", e);
            }
        }
    }
}
