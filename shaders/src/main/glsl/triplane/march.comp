#version 450
// Ray march of the blended tri-plane at the march resolution: one ray per pixel centre, in its
// tile's depth windows; writes the hit (view depth, UV, UV gradient) or a miss (depth -1) for the
// resolve pass.
#include "common/workgroup.glsl"
#include "common/triplane_layout.glsl"
#include "common/triplane_frame.glsl"

layout(set = 0, binding = 1) readonly buffer Planes { vec4 texels[]; } planes;
layout(set = 0, binding = 2) readonly buffer Tiles { uint minMax[]; } tiles;
layout(set = 0, binding = 3) writeonly buffer Hits { vec4 hit[]; } hits;  // depth (mm, -1 = miss), u, v, UV gradient

#include "common/triplane_march.glsl"

void main() {
    ivec2 pixel = ivec2(gl_GlobalInvocationID.xy);
    if (pixel.x >= frame.march.x || pixel.y >= frame.march.y) return;
    vec4 result = vec4(-1.0, 0.0, 0.0, 0.0);
    vec3 direction = rayDirection(vec2(pixel) + 0.5);
    float depth;
    if (marchTile(pixel, frame.cameraOrigin.xyz, direction, depth)) {
        result = vec4(depth, decodeUv(frame.cameraOrigin.xyz + depth * direction));
    }
    hits.hit[pixel.y * frame.march.x + pixel.x] = result;
}
