#version 450
// Unlit: the reference path shows the avatar's texture as it is, so a misplaced texel is visible.

layout(set = 0, binding = 0) uniform sampler2D albedo;  // sRGB format: sampled and blended in linear

layout(location = 0) in vec2 inUv;
layout(location = 0) out vec4 outColor;

void main() {
    outColor = vec4(texture(albedo, inUv).rgb, 1.0);
}
