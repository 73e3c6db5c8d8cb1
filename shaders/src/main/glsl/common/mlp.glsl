// The learned decoder (MlpDecoder on the Java side, which is the reference): fully connected
// layers, the hidden activation after each but the last, the output activation after the last.
//
// Layout (NeuralPlanes.gpuDecoder): a header of 16 uints, [0] layers, [1] hidden activation,
// [2] output activation (0 ReLU, 1 sigmoid, 2 linear), [3 + l] layer l's input width (l = 0 ..
// layers; the last is the output width, 3); then per layer its weight rows (out x in, row-major)
// and its biases, every row and the bias list padded with zeros to whole vec4s, and the rows
// themselves to a multiple of 4. So a layer is evaluated four outputs at a time with vec4 dot
// products, and the zero padding keeps the padded lanes out of the next layer.
//
// The same words are bound twice: as a uniform block, which the decoder reads when it fits the
// device's maxUniformBufferRange (MLP_UNIFORM: every invocation reads the same weight at the same
// time, which a uniform block serves as one broadcast read on GPUs; on lavapipe it measured about
// 10 % faster than the storage buffer), and as a storage buffer for larger decoders. Measured on
// lavapipe at a 128² march, default learned avatar: one float per weight from a storage buffer
// 267 ms march + resolve, vec4 rows 140 ms, vec4 rows from the uniform block 127 ms (without any
// decoder: 119 ms). Declare before including:
//   layout(constant_id = 4) const bool MLP_UNIFORM = false;
//   layout(constant_id = 5) const int MLP_UNIFORM_VEC4S = 1;   // vec4s after the header
//   layout(constant_id = 6) const int MLP_VEC4S = 1;           // the widest layer's width in vec4s
//   layout(...) readonly buffer MlpStorage { uvec4 header[4]; vec4 params[]; } mlpStorage;
//   layout(..., std140) uniform MlpUniform { uvec4 header[4]; vec4 params[MLP_UNIFORM_VEC4S]; } mlpUniform;
// The caller writes the inputs, four per vec4, to mlpIn(0 .. ceil(header[3] / 4)) — the padding
// lanes of the last vec4 zero — and calls mlpDecode().

// Activations live in shared memory, a slice per invocation (MLP_VEC4S vec4s in, as many out),
// not in per-invocation arrays: lavapipe keeps a dynamically indexed private array in memory
// per SIMD lane: the learned march + resolve at a 128² march took 103-106 ms with the arrays and
// 77-81 ms with the slices, back to back (weights and arithmetic unchanged; ping-ponging between
// the two slices instead of copying the output back measured no better). The host sizes the
// workgroup so the slices fit the device's shared memory (MlpScratch).
shared vec4 mlpScratch[gl_WorkGroupSize.x * gl_WorkGroupSize.y * gl_WorkGroupSize.z * 2u * uint(MLP_VEC4S)];
#define mlpIn(i) mlpScratch[(2u * gl_LocalInvocationIndex) * uint(MLP_VEC4S) + uint(i)]
#define mlpOut(i) mlpScratch[(2u * gl_LocalInvocationIndex + 1u) * uint(MLP_VEC4S) + uint(i)]

uint mlpHeader(uint i) { return MLP_UNIFORM ? mlpUniform.header[i >> 2][i & 3u] : mlpStorage.header[i >> 2][i & 3u]; }

vec4 mlpParams(uint i) { return MLP_UNIFORM ? mlpUniform.params[i] : mlpStorage.params[i]; }

vec4 mlpActivate(vec4 x, uint activation) {
    return activation == 0u ? max(x, vec4(0.0)) : activation == 1u ? 1.0 / (1.0 + exp(-x)) : x;
}

// One layer from mlpIn to mlpOut (in4, out4: widths in vec4s); its parameters start at vec4 offset.
void mlpLayer(uint offset, uint in4, uint out4, uint activation) {
    uint biases = offset + 4u * out4 * in4;
    for (uint o = 0u; o < out4; o++) {
        uint row = offset + 4u * o * in4;
        vec4 s = mlpParams(biases + o);
        for (uint i = 0u; i < in4; i++) {
            vec4 x = mlpIn(i);
            s += vec4(dot(mlpParams(row + i), x), dot(mlpParams(row + in4 + i), x),
                      dot(mlpParams(row + 2u * in4 + i), x), dot(mlpParams(row + 3u * in4 + i), x));
        }
        mlpOut(o) = mlpActivate(s, activation);
    }
}

vec3 mlpDecode() {
    uint layers = mlpHeader(0u);
    uint offset = 0u;
    for (uint l = 0u; l < layers; l++) {
        uint in4 = (mlpHeader(3u + l) + 3u) / 4u, out4 = (mlpHeader(4u + l) + 3u) / 4u;
        mlpLayer(offset, in4, out4, l + 1u == layers ? mlpHeader(2u) : mlpHeader(1u));
        offset += 4u * out4 * in4 + out4;
        for (uint i = 0u; i < out4; i++) mlpIn(i) = mlpOut(i);
    }
    return mlpIn(0).xyz;
}
