package dev.marionette.tracking.tflite;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteFloat32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.TfLiteIntArray;
import org.bytedeco.tensorflowlite.TfLiteTensor;

/**
 * Owns one TFLite interpreter and everything it points into: the model bytes (TFLite keeps
 * pointers into them), the flat-buffer model and the op resolver. Float32 inputs and outputs
 * are exposed as direct buffers over the tensors' memory, found once after allocation.
 *
 * <p>The builtin resolver applies XNNPACK when tensors are allocated, so the thread count is
 * set before that. One thread at a time per instance.
 */
public final class TfLiteModel implements AutoCloseable {
    private final String name;
    private final BytePointer bytes;
    private final FlatBufferModel model;
    private final BuiltinOpResolver resolver;
    private final Interpreter interpreter;
    private final FloatBuffer[] inputs;
    private final int[][] inputShapes;
    private final Map<String, FloatBuffer> outputs = new LinkedHashMap<>();
    private final Map<String, int[]> outputShapes = new LinkedHashMap<>();
    private boolean closed;

    private TfLiteModel(String name, byte[] data, int threads, boolean mediaPipeOps, boolean xnnpack) {
        this.name = name;
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
        bytes = new BytePointer(data.length);
        bytes.put(data);
        // The verifier rejects corrupt bytes instead of letting the interpreter read garbage.
        model = FlatBufferModel.VerifyAndBuildFromBuffer(bytes, data.length);
        if (model == null || model.isNull()) {
            bytes.close();
            throw new TfLiteException("'" + name + "' is not a valid TFLite model (" + data.length + " bytes)");
        }
        // Without default delegates every op runs on TFLite's (and our Java) kernels: slower, used
        // to check custom kernels that XNNPACK would otherwise replace.
        resolver = xnnpack ? new BuiltinOpResolver() : new BuiltinOpResolverWithoutDefaultDelegates();
        if (mediaPipeOps) MediaPipeOps.register(resolver);
        interpreter = new Interpreter((Pointer) null);
        try (InterpreterBuilder builder = new InterpreterBuilder(model, resolver)) {
            check(builder.apply(interpreter), "build the interpreter (an op the model needs may be missing)");
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        try {
            check(interpreter.SetNumThreads(threads), "set " + threads + " threads");
            check(interpreter.AllocateTensors(), "allocate tensors");
            int inputCount = (int) interpreter.inputs().limit();
            inputs = new FloatBuffer[inputCount];
            inputShapes = new int[inputCount][];
            for (int i = 0; i < inputCount; i++) {
                TfLiteTensor t = interpreter.input_tensor(i);
                inputShapes[i] = shape(t);
                inputs[i] = floatBuffer(t);
            }
            int outputCount = (int) interpreter.outputs().limit();
            for (int i = 0; i < outputCount; i++) {
                TfLiteTensor t = interpreter.output_tensor(i);
                String tensorName = t.name() == null ? "output" + i : t.name().getString();
                outputShapes.put(tensorName, shape(t));
                outputs.put(tensorName, floatBuffer(t));
            }
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    /**
     * Loads a model from the classpath.
     *
     * @param mediaPipeOps register MediaPipe's custom ops
     * @throws TfLiteException when the resource is missing or not a usable model
     */
    public static TfLiteModel fromResource(String resource, int threads, boolean mediaPipeOps) {
        return fromResource(resource, threads, mediaPipeOps, true);
    }

    /** As {@link #fromResource(String, int, boolean)}, optionally without the XNNPACK delegate. */
    public static TfLiteModel fromResource(String resource, int threads, boolean mediaPipeOps, boolean xnnpack) {
        try (InputStream in = TfLiteModel.class.getResourceAsStream(resource)) {
            if (in == null) throw new TfLiteException("model resource " + resource + " is missing (broken build?)");
            return new TfLiteModel(resource.substring(resource.lastIndexOf('/') + 1), in.readAllBytes(), threads, mediaPipeOps, xnnpack);
        } catch (IOException e) {
            throw new TfLiteException("cannot read model resource " + resource + ": " + e.getMessage(), e);
        }
    }

    /** Builds a model from bytes (mainly for tests and user-supplied models). */
    public static TfLiteModel fromBytes(String name, byte[] data, int threads, boolean mediaPipeOps) {
        return new TfLiteModel(name, data, threads, mediaPipeOps, true);
    }

    private static int[] shape(TfLiteTensor t) {
        TfLiteIntArray d = t.dims();
        int[] s = new int[d.size()];
        for (int i = 0; i < s.length; i++) s[i] = d.data(i);
        return s;
    }

    private FloatBuffer floatBuffer(TfLiteTensor t) {
        if (t.type() != kTfLiteFloat32) {
            throw new TfLiteException(name + ": tensor " + t.name().getString() + " is not float32");
        }
        int count = 1;
        for (int d : shape(t)) count *= d;
        FloatPointer p = t.data().f();
        return p.capacity(count).asBuffer();
    }

    private void check(int status, String what) {
        if (status != kTfLiteOk) {
            throw new TfLiteException(name + ": cannot " + what + " (TFLite status " + status + "; details on standard error)");
        }
    }

    public String name() { return name; }

    /** The float buffer of input i; write the input here before {@link #invoke}. */
    public FloatBuffer input(int i) { return inputs[i]; }

    public int[] inputShape(int i) { return inputShapes[i].clone(); }

    /** The float buffer of the output tensor with this name. */
    public FloatBuffer output(String tensorName) {
        FloatBuffer b = outputs.get(tensorName);
        if (b == null) throw new TfLiteException(name + " has no output '" + tensorName + "' (has " + outputs.keySet() + ")");
        return b;
    }

    public int[] outputShape(String tensorName) {
        int[] s = outputShapes.get(tensorName);
        if (s == null) throw new TfLiteException(name + " has no output '" + tensorName + "'");
        return s.clone();
    }

    /** Output tensor names in the model's order. */
    public java.util.Set<String> outputNames() { return outputs.keySet(); }

    /** Number of nodes the runtime executes (fewer than the model's ops when XNNPACK took them over). */
    public int executedNodes() { return (int) interpreter.execution_plan().limit(); }

    public void invoke() {
        if (closed) throw new IllegalStateException(name + " is closed");
        check(interpreter.Invoke(), "run");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        release();
    }

    private void release() {
        interpreter.close();
        resolver.close();
        model.close();
        bytes.close();
    }
}
