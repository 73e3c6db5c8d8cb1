#version 450
// Packs an RGBA8 image into tightly packed RGB bytes (RgbImage's layout: rows top first, no
// padding) so the host reads 3 bytes per pixel and copies them in one go.
// Invocation i packs linear pixels 4i .. 4i+3 (across row ends) into words 3i .. 3i+2;
// pixels past the end pack as zeros.
#include "common/workgroup.glsl"

// The image is read through a UNORM view: raw bytes, no sRGB decoding.
layout(set = 0, binding = 0) uniform sampler2D source;
layout(set = 0, binding = 1) writeonly buffer Packed { uint words[]; } packed;

layout(push_constant) uniform Push {
    uint width;
    uint height;
} push;

uvec3 rgbAt(uint pixel) {
    if (pixel >= push.width * push.height) return uvec3(0u);
    ivec2 xy = ivec2(pixel % push.width, pixel / push.width);
    return uvec3(round(texelFetch(source, xy, 0).rgb * 255.0));
}

void main() {
    uint quad = gl_GlobalInvocationID.x;
    uint first = quad * 4u;
    if (first >= push.width * push.height) return;
    uvec3 a = rgbAt(first), b = rgbAt(first + 1u), c = rgbAt(first + 2u), d = rgbAt(first + 3u);
    // little-endian words: byte k of the stream is bits 8(k%4).. of word k/4
    packed.words[3u * quad]      = a.r | (a.g << 8) | (a.b << 16) | (b.r << 24);
    packed.words[3u * quad + 1u] = b.g | (b.b << 8) | (c.r << 16) | (c.g << 24);
    packed.words[3u * quad + 2u] = c.b | (d.r << 8) | (d.g << 16) | (d.b << 24);
}
