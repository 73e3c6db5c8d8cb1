// The learned decoder (MlpDecoder on the Java side, which is the reference): fully connected
// layers, the hidden activation after each but the last, the output activation after the last.
// Declare before including:
//   readonly buffer Mlp { uint header[MLP_HEADER]; float params[]; } mlp;
// header: [0] layers, [1] hidden activation, [2] output activation (0 ReLU, 1 sigmoid, 2 linear),
// [3 + l] layer l's input width (l = 0 .. layers; the last is the output width, 3).
// params: MlpDecoder.packed(): per layer, out x in weights row-major, then out biases.
// The caller writes the inputs to mlpIn[0 .. header[3]) and calls mlpDecode().
#define MLP_HEADER 16
#define MLP_MAX_WIDTH 128

float mlpIn[MLP_MAX_WIDTH];
float mlpOut[MLP_MAX_WIDTH];

float mlpActivate(float x, uint activation) {
    return activation == 0u ? max(x, 0.0) : activation == 1u ? 1.0 / (1.0 + exp(-x)) : x;
}

// One layer from mlpIn to mlpOut; its parameters start at offset.
void mlpLayer(uint offset, uint nIn, uint nOut, uint activation) {
    for (uint o = 0u; o < nOut; o++) {
        uint row = offset + o * nIn;
        float s = mlp.params[offset + nOut * nIn + o];
        for (uint i = 0u; i < nIn; i++) s += mlp.params[row + i] * mlpIn[i];
        mlpOut[o] = mlpActivate(s, activation);
    }
}

vec3 mlpDecode() {
    uint layers = mlp.header[0];
    uint offset = 0u;
    for (uint l = 0u; l < layers; l++) {
        uint nIn = mlp.header[3u + l], nOut = mlp.header[4u + l];
        mlpLayer(offset, nIn, nOut, l + 1u == layers ? mlp.header[2] : mlp.header[1]);
        offset += nOut * nIn + nOut;
        if (l + 1u < layers) for (uint i = 0u; i < nOut; i++) mlpIn[i] = mlpOut[i];
    }
    return vec3(mlpOut[0], mlpOut[1], mlpOut[2]);
}
