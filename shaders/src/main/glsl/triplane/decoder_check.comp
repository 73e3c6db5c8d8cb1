#version 450
// Decodes a list of feature vectors with the avatar's MLP (common/mlp.glsl), one per
// invocation: how the GPU decoder is checked against MlpDecoder, the Java reference.
#include "common/workgroup.glsl"

layout(set = 0, binding = 0) readonly buffer MlpStorage { uvec4 header[4]; vec4 params[]; } mlpStorage;
layout(set = 0, binding = 1) readonly buffer Inputs { float features[]; } inputs;  // count x header[3]
layout(set = 0, binding = 2) writeonly buffer Outputs { vec4 rgb[]; } outputs;
layout(constant_id = 4) const bool MLP_UNIFORM = false;
layout(constant_id = 5) const int MLP_UNIFORM_VEC4S = 1;
layout(constant_id = 6) const int MLP_VEC4S = 1;
layout(set = 0, binding = 3, std140) uniform MlpUniform { uvec4 header[4]; vec4 params[MLP_UNIFORM_VEC4S]; } mlpUniform;

layout(push_constant) uniform Push { int count; } push;

#include "common/mlp.glsl"

void main() {
    int i = int(gl_GlobalInvocationID.x);
    if (i >= push.count) return;
    int channels = int(mlpHeader(3u));
    for (int k = 0; k < (channels + 3) / 4; k++) mlpIn(k) = vec4(0.0);
    for (int k = 0; k < channels; k++) mlpIn(k / 4)[k % 4] = inputs.features[i * channels + k];
    outputs.rgb[i] = vec4(mlpDecode(), 0.0);
}
