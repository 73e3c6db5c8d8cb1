#version 450
// Colour of each march pixel, premultiplied linear RGBA. Inside a surface: the texture at the
// hit's UV, filtered with UV steps to the neighbouring pixels on the same surface and UV chart
// (what a fragment shader's derivatives give the mesh path; a step across a chart boundary
// would pick a mip level from the gap between the charts). Where coverage, depth or UV chart
// changes between neighbours (the outline, a nose over a cheek, the face chart meeting the
// head's), four rays at the standard 4x MSAA sample positions are marched and their colours
// averaged, so edges and chart boundaries are anti-aliased like the multisampled mesh path.
// Edge pixels are put in a list and shaded by a second dispatch of this shader (EDGE_PASS, as
// many invocations as the list holds, dispatched indirectly): shaded in place, one edge pixel in
// a SIMD group kept all its lanes through four rays and, for a learned avatar, four decodes.
// Measured on lavapipe at a 128² march (windows + march + resolve, back to back): learned
// avatar 76-83 ms in place, 52-54 ms listed; photo avatar 25-27 ms, 17-18 ms.
// A learned avatar (NEURAL) takes its colour from the planes' neural features at the surface
// point, decoded by its MLP (triplane_neural.glsl); only static content uses the texture.
#include "common/workgroup.glsl"
#include "common/triplane_layout.glsl"
#include "common/triplane_frame.glsl"

layout(set = 0, binding = 1) readonly buffer Planes { vec4 texels[]; } planes;
layout(set = 0, binding = 2) readonly buffer Tiles { uint minMax[]; } tiles;
layout(set = 0, binding = 3) readonly buffer Hits { vec4 hit[]; } hits;  // depth (mm, -1 = miss), u, v, UV gradient
layout(set = 0, binding = 4) uniform sampler2D albedo;  // sRGB: filtered in linear
layout(set = 0, binding = 5) writeonly buffer Colour { vec4 premultiplied[]; } colour;
layout(set = 0, binding = 6) readonly buffer Features { uvec4 packed[]; } features;
layout(set = 0, binding = 7) readonly buffer MlpStorage { uvec4 header[4]; vec4 params[]; } mlpStorage;

// A learned avatar: colour from the neural features (a photo avatar's pipeline leaves them out).
layout(constant_id = 3) const bool NEURAL = false;
// Where the decoder's weights are read from (common/mlp.glsl).
layout(constant_id = 4) const bool MLP_UNIFORM = false;
layout(constant_id = 5) const int MLP_UNIFORM_VEC4S = 1;
layout(constant_id = 6) const int MLP_VEC4S = 1;
layout(set = 0, binding = 8, std140) uniform MlpUniform { uvec4 header[4]; vec4 params[MLP_UNIFORM_VEC4S]; } mlpUniform;
// The second dispatch: shade the listed edge pixels (one invocation each, 1-D workgroups of
// EDGE_GROUP) instead of finding them.
layout(constant_id = 7) const bool EDGE_PASS = false;
layout(constant_id = 8) const uint EDGE_GROUP = 64u;
// The edge list, with the second dispatch's VkDispatchIndirectCommand in front: groups (x, y, z;
// the host resets them to 0, 1, 1 and the count to 0 each frame), then the listed pixels' indices.
layout(set = 0, binding = 9) coherent buffer Edges { uint groupsX; uint groupsY; uint groupsZ; uint count; uint pixel[]; } edges;
// Per march pixel, for the upsampler (upsample.comp): (u, v, 1, 0) where the pixel's colour is
// the texture at the ray's UV alone (one ray, no neural features), else zero.
layout(set = 0, binding = 10) writeonly buffer TextureUv { vec4 uv[]; } textureUv;

#include "common/triplane_march.glsl"
#include "common/mlp.glsl"
#include "common/triplane_neural.glsl"

const vec2 SAMPLE_POSITIONS[4] = vec2[4](vec2(0.375, 0.125), vec2(0.875, 0.375), vec2(0.125, 0.625), vec2(0.625, 0.875));

bool onGrid(ivec2 p) { return p.x >= 0 && p.y >= 0 && p.x < frame.march.x && p.y < frame.march.y; }

vec4 hitAt(ivec2 p) { return hits.hit[p.y * frame.march.x + p.x]; }

// Neighbouring pixels' hits on the same surface and UV chart: no coverage change, no depth
// jump, and UVs no further apart than the hits' UV gradients allow over the distance between
// them (the pixel footprint across, the depth difference along the ray).
bool continuous(vec4 a, vec4 b) {
    if (a.x < 0.0 || b.x < 0.0 || abs(a.x - b.x) > frame.margins.w) return false;
    float distanceMm = length(vec2(max(a.x, b.x) / min(frame.intrinsics.x, frame.intrinsics.y), a.x - b.x));
    return sameChart(vec4(0.0, a.yzw), vec4(0.0, b.yzw), distanceMm);
}

// Whether the pixel between hits a and b needs its four rays: the outline, a depth step or a
// change of UV chart.
bool edgeBetween(vec4 a, vec4 b) {
    if ((a.x >= 0.0) != (b.x >= 0.0)) return true;
    return a.x >= 0.0 && !continuous(a, b);
}

// UV change per pixel along axis: with the quad partner as a fragment shader would, else with
// the other neighbour, else (the pixel itself missed) between the next two pixels either side.
vec2 uvStep(ivec2 pixel, ivec2 axis) {
    bool even = ((axis.x != 0 ? pixel.x : pixel.y) & 1) == 0;
    ivec2 firsts[4] = ivec2[4](even ? pixel : pixel - axis, even ? pixel - axis : pixel,
                               pixel + axis, pixel - 2 * axis);
    for (int k = 0; k < 4; k++) {
        ivec2 a = firsts[k], b = firsts[k] + axis;
        if (!onGrid(a) || !onGrid(b)) continue;
        vec4 ha = hitAt(a), hb = hitAt(b);
        if (continuous(ha, hb)) return hb.yz - ha.yz;
    }
    return vec2(0.0);
}

// Linear colour of surface point p, whose UV is uv (filtered with UV steps dx, dy); face: the
// share of it decoded from neural features (0 for a photo avatar).
vec3 surfaceColour(vec3 p, vec2 uv, vec2 dx, vec2 dy, out float face) {
    face = 0.0;
    if (!NEURAL) return textureGrad(albedo, uv, dx, dy).rgb;
    face = decodeFeatures(p);
    vec3 decoded = face > 0.0 ? srgbToLinear(clamp(mlpDecode(), 0.0, 1.0)) : vec3(0.0);
    return face >= 0.999 ? decoded : mix(textureGrad(albedo, uv, dx, dy).rgb, decoded, face);
}

// An edge pixel's colour: four rays at the MSAA sample positions, averaged.
vec4 edgeColour(ivec2 pixel) {
    vec2 dx = uvStep(pixel, ivec2(1, 0)), dy = uvStep(pixel, ivec2(0, 1));
    vec3 origin = frame.cameraOrigin.xyz;
    vec4 result = vec4(0.0);
    for (int k = 0; k < 4; k++) {
        vec3 direction = rayDirection(vec2(pixel) + SAMPLE_POSITIONS[k]);
        float depth;
        if (marchTile(pixel, origin, direction, depth)) {
            vec3 p = origin + depth * direction;
            float face;
            result += vec4(surfaceColour(p, decodeUv(p).xy, dx, dy, face), 1.0);
        }
    }
    return 0.25 * result;
}

void main() {
    if (EDGE_PASS) {
        uint index = gl_GlobalInvocationID.x;
        if (index >= edges.count) return;
        uint at = edges.pixel[index];
        ivec2 pixel = ivec2(int(at % uint(frame.march.x)), int(at / uint(frame.march.x)));
        colour.premultiplied[at] = edgeColour(pixel);
        return;
    }
    ivec2 pixel = ivec2(gl_GlobalInvocationID.xy);
    if (pixel.x >= frame.march.x || pixel.y >= frame.march.y) return;
    vec4 centre = hitAt(pixel);
    bool hit = centre.x >= 0.0;
    bool edge = false;
    const ivec2 NEIGHBOURS[4] = ivec2[4](ivec2(1, 0), ivec2(-1, 0), ivec2(0, 1), ivec2(0, -1));
    for (int k = 0; k < 4; k++) {
        ivec2 p = pixel + NEIGHBOURS[k];
        if (!onGrid(p)) continue;
        if (edgeBetween(centre, hitAt(p))) edge = true;
    }
    uint at = uint(pixel.y * frame.march.x + pixel.x);
    if (edge) {
        textureUv.uv[at] = vec4(0.0);
        uint index = atomicAdd(edges.count, 1u);
        edges.pixel[index] = at;
        if (index % EDGE_GROUP == 0u) atomicAdd(edges.groupsX, 1u);
        return;
    }
    vec4 result = vec4(0.0);
    vec4 uv = vec4(0.0);
    if (hit) {
        vec2 dx = uvStep(pixel, ivec2(1, 0)), dy = uvStep(pixel, ivec2(0, 1));
        vec3 direction = rayDirection(vec2(pixel) + 0.5);
        float face;
        result = vec4(surfaceColour(frame.cameraOrigin.xyz + centre.x * direction, centre.yz, dx, dy, face), 1.0);
        if (face <= 0.0) uv = vec4(centre.yz, 1.0, 0.0);
    }
    colour.premultiplied[at] = result;
    textureUv.uv[at] = uv;
}
