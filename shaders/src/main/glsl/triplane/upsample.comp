#version 450
// Upsamples the premultiplied linear march image to the output size with a Catmull-Rom bicubic
// filter, clamped to the range of the four nearest source pixels so edges do not ring,
// composites over the background, encodes sRGB by hand (an sRGB image cannot be a storage
// image) and stores into the RGBA8 UNORM output. At equal sizes it copies.
//
// Separable, through shared memory: the workgroup loads its source footprint once (the output
// is never smaller than the source, so WG + 4 texels per axis hold every tap), filters each
// footprint row horizontally for its output columns, then each pixel filters vertically.
#include "common/workgroup.glsl"

const uint FOOT_W = gl_WorkGroupSize.x + 4;
const uint FOOT_H = gl_WorkGroupSize.y + 4;

layout(set = 0, binding = 0) readonly buffer Colour { vec4 premultiplied[]; } source;
layout(set = 0, binding = 1, rgba8) uniform writeonly image2D outputImage;

layout(push_constant) uniform Push {
    ivec4 size;        // source width, height, output width, height (output >= source)
    vec4 background;   // linear RGB
} push;

shared vec4 footprint[FOOT_H * FOOT_W];
shared vec4 filteredRows[FOOT_H * gl_WorkGroupSize.x];

vec4 catmullRomWeights(float t) {
    return vec4(t * (-0.5 + t * (1.0 - 0.5 * t)),
                1.0 + t * t * (-2.5 + 1.5 * t),
                t * (0.5 + t * (2.0 - 1.5 * t)),
                t * t * (-0.5 + 0.5 * t));
}

vec3 srgbEncode(vec3 linear) {
    vec3 c = clamp(linear, 0.0, 1.0);
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(vec3(0.0031308), c));
}

// Source coordinate (texel units, texel centres at integers) of output pixel centre o.
vec2 sourceAt(vec2 o) {
    return (o + 0.5) * vec2(push.size.xy) / vec2(push.size.zw) - 0.5;
}

void main() {
    ivec2 groupFirst = ivec2(gl_WorkGroupID.xy * gl_WorkGroupSize.xy);
    ivec2 origin = ivec2(floor(sourceAt(vec2(groupFirst)))) - 1;  // footprint's first texel
    uint invocations = gl_WorkGroupSize.x * gl_WorkGroupSize.y;
    for (uint i = gl_LocalInvocationIndex; i < FOOT_W * FOOT_H; i += invocations) {
        ivec2 p = clamp(origin + ivec2(i % FOOT_W, i / FOOT_W), ivec2(0), push.size.xy - 1);
        footprint[i] = source.premultiplied[p.y * push.size.x + p.x];
    }
    barrier();
    for (uint i = gl_LocalInvocationIndex; i < FOOT_H * gl_WorkGroupSize.x; i += invocations) {
        uint row = i / gl_WorkGroupSize.x, column = i % gl_WorkGroupSize.x;
        float f = sourceAt(vec2(groupFirst.x + int(column), 0.0)).x;
        float base = floor(f);
        vec4 w = catmullRomWeights(f - base);
        uint first = row * FOOT_W + uint(int(base) - 1 - origin.x);
        filteredRows[i] = w.x * footprint[first] + w.y * footprint[first + 1u] + w.z * footprint[first + 2u] + w.w * footprint[first + 3u];
    }
    barrier();

    ivec2 out_ = ivec2(gl_GlobalInvocationID.xy);
    if (out_.x >= push.size.z || out_.y >= push.size.w) return;
    vec2 f = sourceAt(vec2(out_));
    vec2 base = floor(f);
    vec4 wy = catmullRomWeights(f.y - base.y);
    uint row = uint(int(base.y) - 1 - origin.y);
    uint column = gl_LocalInvocationID.x;
    vec4 sum = wy.x * filteredRows[row * gl_WorkGroupSize.x + column] + wy.y * filteredRows[(row + 1u) * gl_WorkGroupSize.x + column]
             + wy.z * filteredRows[(row + 2u) * gl_WorkGroupSize.x + column] + wy.w * filteredRows[(row + 3u) * gl_WorkGroupSize.x + column];
    uint nearest = (row + 1u) * FOOT_W + uint(int(base.x) - origin.x);
    vec4 a = footprint[nearest], b = footprint[nearest + 1u], c = footprint[nearest + FOOT_W], d = footprint[nearest + FOOT_W + 1u];
    sum = clamp(sum, min(min(a, b), min(c, d)), max(max(a, b), max(c, d)));
    float alpha = clamp(sum.a, 0.0, 1.0);
    // Over the background, whose alpha is 1 for a solid colour and 0 for a transparent window:
    // the result is stored premultiplied in the encoded space, as compositors blend.
    vec3 premultiplied = min(max(sum.rgb, vec3(0.0)), vec3(alpha)) + (1.0 - alpha) * push.background.a * push.background.rgb;
    float outAlpha = alpha + (1.0 - alpha) * push.background.a;
    vec3 straight = outAlpha > 0.0 ? premultiplied / outAlpha : vec3(0.0);
    imageStore(outputImage, out_, vec4(srgbEncode(straight) * outAlpha, outAlpha));
}
