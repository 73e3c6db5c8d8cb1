#version 450
// Decodes a list of feature vectors with the avatar's MLP (common/mlp.glsl), one per
// invocation: how the GPU decoder is checked against MlpDecoder, the Java reference.
#include "common/workgroup.glsl"

layout(set = 0, binding = 0) readonly buffer Mlp { uint header[16]; float params[]; } mlp;
layout(set = 0, binding = 1) readonly buffer Inputs { float features[]; } inputs;  // count x header[3]
layout(set = 0, binding = 2) writeonly buffer Outputs { vec4 rgb[]; } outputs;

layout(push_constant) uniform Push { int count; } push;

#include "common/mlp.glsl"

void main() {
    int i = int(gl_GlobalInvocationID.x);
    if (i >= push.count) return;
    int channels = int(mlp.header[3]);
    for (int k = 0; k < channels; k++) mlpIn[k] = inputs.features[i * channels + k];
    outputs.rgb[i] = vec4(mlpDecode(), 0.0);
}
