#version 450
// Upsamples the premultiplied linear march image to the output size, composites over the
// background, encodes sRGB by hand (an sRGB image cannot be a storage image) and stores into the
// RGBA8 UNORM output. At equal sizes it copies.
//
// The march colour is filtered with a Catmull-Rom bicubic filter, clamped to the range of the
// four nearest source pixels so edges do not ring. Where march pixels around an output pixel
// took their colour from the texture alone (resolve.comp marks them with their UV: one ray
// each, same surface and chart, no neural features), the texture at their interpolated UV,
// filtered with the output pixel's own UV footprint, replaces it by their share of the
// bilinear weight (withTextureDetail): the texture's detail survives the 128² march, and
// outlines, depth steps, chart boundaries (whose march pixels took four rays) and a learned
// avatar's decoded face keep the filtered march colour.
//
// Separable, through shared memory: the workgroup loads its source footprint once (the output
// is never smaller than the source, so WG + 4 texels per axis hold every tap), filters each
// footprint row horizontally for its output columns, then each pixel filters vertically.
#include "common/workgroup.glsl"

const uint FOOT_W = gl_WorkGroupSize.x + 4;
const uint FOOT_H = gl_WorkGroupSize.y + 4;

layout(set = 0, binding = 0) readonly buffer Colour { vec4 premultiplied[]; } source;
layout(set = 0, binding = 1, rgba8) uniform writeonly image2D outputImage;
layout(set = 0, binding = 2) readonly buffer TextureUv { vec4 uv[]; } textureUv;  // (u, v, 1, 0) or zero
layout(set = 0, binding = 3) uniform sampler2D albedo;  // sRGB: filtered in linear

layout(push_constant) uniform Push {
    ivec4 size;        // source width, height, output width, height (output >= source)
    vec4 background;   // linear RGB
} push;

shared vec4 footprint[FOOT_H * FOOT_W];
shared vec4 footprintUv[FOOT_H * FOOT_W];
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

// The output pixel at offset t (0..1 each way) from march pixel footprint[corner] towards its
// right and lower neighbours, given the march colour filtered there: the texture at the UV
// interpolated from the corners whose colour is the texture's alone, mixed in by their share of
// the bilinear weight (so the texture's detail fades into the march colour towards outlines and
// chart boundaries instead of switching per march pixel). Those corners lie on one surface and
// chart: each has every neighbour on its own. The footprint is the UV step per output pixel,
// from a pair of such corners along each axis (none: the finest level).
vec4 withTextureDetail(vec4 filtered, vec2 t, uint corner) {
    vec4 a = footprintUv[corner], b = footprintUv[corner + 1u], c = footprintUv[corner + FOOT_W], d = footprintUv[corner + FOOT_W + 1u];
    vec4 w = vec4((1.0 - t.x) * (1.0 - t.y), t.x * (1.0 - t.y), (1.0 - t.x) * t.y, t.x * t.y) * vec4(a.z, b.z, c.z, d.z);
    float share = w.x + w.y + w.z + w.w;
    if (share <= 0.0) return filtered;
    vec2 uv = (w.x * a.xy + w.y * b.xy + w.z * c.xy + w.w * d.xy) / share;
    vec2 scale = vec2(push.size.zw) / vec2(push.size.xy);
    vec2 dx = vec2(0.0), dy = vec2(0.0);
    if (a.z * b.z > 0.0) dx = b.xy - a.xy; else if (c.z * d.z > 0.0) dx = d.xy - c.xy;
    if (a.z * c.z > 0.0) dy = c.xy - a.xy; else if (b.z * d.z > 0.0) dy = d.xy - b.xy;
    vec4 detail = vec4(textureGrad(albedo, uv, dx / scale.x, dy / scale.y).rgb, 1.0);
    return mix(filtered, detail, share);
}

void main() {
    ivec2 groupFirst = ivec2(gl_WorkGroupID.xy * gl_WorkGroupSize.xy);
    ivec2 origin = ivec2(floor(sourceAt(vec2(groupFirst)))) - 1;  // footprint's first texel
    uint invocations = gl_WorkGroupSize.x * gl_WorkGroupSize.y;
    for (uint i = gl_LocalInvocationIndex; i < FOOT_W * FOOT_H; i += invocations) {
        ivec2 p = clamp(origin + ivec2(i % FOOT_W, i / FOOT_W), ivec2(0), push.size.xy - 1);
        footprint[i] = source.premultiplied[p.y * push.size.x + p.x];
        footprintUv[i] = textureUv.uv[p.y * push.size.x + p.x];
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
    if (push.size.z > push.size.x) sum = withTextureDetail(sum, f - base, nearest);
    float alpha = clamp(sum.a, 0.0, 1.0);
    // Over the background, whose alpha is 1 for a solid colour and 0 for a transparent window:
    // the result is stored premultiplied in the encoded space, as compositors blend.
    vec3 premultiplied = min(max(sum.rgb, vec3(0.0)), vec3(alpha)) + (1.0 - alpha) * push.background.a * push.background.rgb;
    float outAlpha = alpha + (1.0 - alpha) * push.background.a;
    vec3 straight = outAlpha > 0.0 ? premultiplied / outAlpha : vec3(0.0);
    imageStore(outputImage, out_, vec4(srgbEncode(straight) * outAlpha, outAlpha));
}
