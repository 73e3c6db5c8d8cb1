#version 450
// Upsamples the premultiplied linear march image to the output size with a Catmull-Rom bicubic
// filter (4 x 4 taps), clamped to the range of the four nearest source pixels so edges do not
// ring, composites over the background, encodes sRGB by hand (an sRGB image cannot be a storage
// image) and stores into the RGBA8 UNORM output. At equal sizes it copies.
#include "common/workgroup.glsl"

layout(set = 0, binding = 0) readonly buffer Colour { vec4 premultiplied[]; } source;
layout(set = 0, binding = 1, rgba8) uniform writeonly image2D outputImage;

layout(push_constant) uniform Push {
    ivec4 size;        // source width, height, output width, height
    vec4 background;   // linear RGB
} push;

vec4 texel(ivec2 p) {
    p = clamp(p, ivec2(0), push.size.xy - 1);
    return source.premultiplied[p.y * push.size.x + p.x];
}

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

void main() {
    ivec2 out_ = ivec2(gl_GlobalInvocationID.xy);
    if (out_.x >= push.size.z || out_.y >= push.size.w) return;
    vec2 scale = vec2(push.size.xy) / vec2(push.size.zw);
    vec2 f = (vec2(out_) + 0.5) * scale - 0.5;
    vec2 base = floor(f);
    vec2 t = f - base;
    ivec2 b = ivec2(base);
    vec4 wx = catmullRomWeights(t.x), wy = catmullRomWeights(t.y);
    vec4 sum = vec4(0.0);
    for (int j = 0; j < 4; j++) {
        vec4 row = wx.x * texel(b + ivec2(-1, j - 1)) + wx.y * texel(b + ivec2(0, j - 1))
                 + wx.z * texel(b + ivec2(1, j - 1)) + wx.w * texel(b + ivec2(2, j - 1));
        sum += wy[j] * row;
    }
    vec4 a = texel(b), c = texel(b + ivec2(1, 0)), d = texel(b + ivec2(0, 1)), e = texel(b + ivec2(1, 1));
    sum = clamp(sum, min(min(a, c), min(d, e)), max(max(a, c), max(d, e)));
    float alpha = clamp(sum.a, 0.0, 1.0);
    vec3 rgb = min(max(sum.rgb, vec3(0.0)), vec3(alpha)) + (1.0 - alpha) * push.background.rgb;
    imageStore(outputImage, out_, vec4(srgbEncode(rgb), 1.0));
}
