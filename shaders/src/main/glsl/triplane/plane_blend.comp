#version 450
// Turns the rasterised layers into tri-plane channels and blends them with the avatar's static
// tri-plane.
//
// Coverage distance: a separable Euclidean distance transform limited to RADIUS texels, per
// workgroup tile in shared memory. The tile and an apron of RADIUS texels are loaded once; per
// row, the distance to the nearest uncovered and nearest covered texel; per texel, the exact
// minimum over rows dy of rowDistance^2 + dy^2 to a texel of opposite coverage. The boundary
// lies half a texel before that texel: the signed distance is +-(d - 0.5), + inside, clamped
// to +-RADIUS. Outside the plane counts as uncovered.
//
// Blend, per layer texel, by coverage: the covering source whose surface is nearer the layer's
// viewer (higher) is drawn over the other with its coverage as alpha, as a depth-tested
// compositor would; a texel neither covers keeps the channels of the nearer boundary. The
// coverage distance of the result is the larger of the two (the union's).
//
// A learned avatar (NEURAL): a texel that takes the face's channels also gets its neural
// features, the neural texture sampled bilinearly (clamp to edge, as NeuralTexture.sample) at
// the texel's UV, stored as half floats (triplane_layout.glsl). Static content has none.
#include "common/workgroup.glsl"
#include "common/triplane_layout.glsl"

const int RADIUS = 4;  // mirrored by PlaneBlendPass.SDF_RADIUS
const uint APRON_W = gl_WorkGroupSize.x + 2 * RADIUS;
const uint APRON_H = gl_WorkGroupSize.y + 2 * RADIUS;

layout(set = 0, binding = 0, rgba32f) readonly uniform image2D rasterGeometry;  // N x (LAYERS * N), x = coverage
layout(set = 0, binding = 1, rgba32f) readonly uniform image2D rasterSurface;
layout(set = 0, binding = 2) readonly buffer StaticPlanes { vec4 texels[]; } staticPlanes;
layout(set = 0, binding = 3) writeonly buffer Planes { vec4 texels[]; } planes;
// size x size texels, rows top first, channels interleaved as half floats in pairs
layout(set = 0, binding = 4) readonly buffer NeuralTexture { uvec4 groups[]; } neuralTexture;  // per texel C / 8 groups of 8 halves
layout(set = 0, binding = 5) writeonly buffer Features { uvec4 packed[]; } features;

layout(constant_id = 3) const bool NEURAL = false;

layout(push_constant) uniform Push {
    int n;
    int groups;     // channel groups per texel (2 for the geometry/UV format)
    int hasStatic;  // 0: the static tri-plane is empty (not read)
    int channels;   // neural features (a multiple of 8)
    int textureSize;
    int pad;
    vec2 atlas;     // the face atlas's extent in the texture's UVs: beyond it, static content
} push;

shared uint covered[APRON_W * APRON_H];
shared uint rowDistance[APRON_H * gl_WorkGroupSize.x];  // to uncovered | to covered << 8

// One channel pair (packed halves a, b, c, d of the four texels) blended with the bilinear weights.
uint blendedPair(uint a, uint b, uint c, uint d, vec4 weights) {
    return packHalf2x16(weights.x * unpackHalf2x16(a) + weights.y * unpackHalf2x16(b)
                      + weights.z * unpackHalf2x16(c) + weights.w * unpackHalf2x16(d));
}

// The neural texture's features at the face texel (layer, ij) whose UV in the avatar texture is
// uv: per group of 8 channels one uvec4 from each of the four texels (vectors rather than arrays,
// which a CPU driver keeps in memory).
void writeFeatures(int layer, ivec2 ij, vec2 uv) {
    if (!NEURAL || uv.x >= push.atlas.x || uv.y >= push.atlas.y) return;
    int size = push.textureSize, groups = push.channels / 8;
    vec2 t = uv / push.atlas * float(size) - 0.5;
    vec2 base = floor(t);
    vec2 f = t - base;
    ivec2 a = clamp(ivec2(base), ivec2(0), ivec2(size - 1)), b = clamp(ivec2(base) + 1, ivec2(0), ivec2(size - 1));
    ivec4 texels = ivec4(a.y * size + a.x, a.y * size + b.x, b.y * size + a.x, b.y * size + b.x) * groups;
    vec4 weights = vec4((1.0 - f.x) * (1.0 - f.y), f.x * (1.0 - f.y), (1.0 - f.x) * f.y, f.x * f.y);
    for (int g = 0; g < groups; g++) {
        uvec4 t0 = neuralTexture.groups[texels.x + g], t1 = neuralTexture.groups[texels.y + g];
        uvec4 t2 = neuralTexture.groups[texels.z + g], t3 = neuralTexture.groups[texels.w + g];
        features.packed[planeTexel(layer, g, ij, push.n, groups)] = uvec4(
                blendedPair(t0.x, t1.x, t2.x, t3.x, weights), blendedPair(t0.y, t1.y, t2.y, t3.y, weights),
                blendedPair(t0.z, t1.z, t2.z, t3.z, weights), blendedPair(t0.w, t1.w, t2.w, t3.w, weights));
    }
}

void main() {
    int n = push.n;
    int layer = int(gl_WorkGroupID.z);
    ivec2 origin = ivec2(gl_WorkGroupID.xy * gl_WorkGroupSize.xy) - RADIUS;
    uint invocations = gl_WorkGroupSize.x * gl_WorkGroupSize.y;
    for (uint i = gl_LocalInvocationIndex; i < APRON_W * APRON_H; i += invocations) {
        ivec2 ij = origin + ivec2(i % APRON_W, i / APRON_W);
        bool inside = all(greaterThanEqual(ij, ivec2(0))) && ij.x < n && ij.y < n;
        covered[i] = inside && imageLoad(rasterGeometry, ivec2(ij.x, layer * n + ij.y)).x > 0.5 ? 1u : 0u;
    }
    barrier();
    for (uint i = gl_LocalInvocationIndex; i < APRON_H * gl_WorkGroupSize.x; i += invocations) {
        uint row = i / gl_WorkGroupSize.x, column = i % gl_WorkGroupSize.x + RADIUS;
        uint toUncovered = RADIUS + 1, toCovered = RADIUS + 1;
        for (int dx = -RADIUS; dx <= RADIUS; dx++) {
            uint d = uint(abs(dx));
            if (covered[row * APRON_W + column + dx] != 0u) toCovered = min(toCovered, d); else toUncovered = min(toUncovered, d);
        }
        rowDistance[i] = toUncovered | (toCovered << 8);
    }
    barrier();

    ivec2 local = ivec2(gl_LocalInvocationID.xy);
    ivec2 ij = ivec2(gl_GlobalInvocationID.xy);
    if (ij.x >= n || ij.y >= n) return;
    bool inside = covered[(local.y + RADIUS) * APRON_W + local.x + RADIUS] != 0u;
    int best = 0x7fffffff;
    for (int dy = -RADIUS; dy <= RADIUS; dy++) {
        uint p = rowDistance[(local.y + RADIUS + dy) * gl_WorkGroupSize.x + local.x];
        int d = int(inside ? (p & 0xffu) : (p >> 8));
        if (d <= RADIUS) best = min(best, d * d + dy * dy);
    }
    float distance = best == 0x7fffffff ? float(RADIUS) + 0.5 : sqrt(float(best));
    float sdf = clamp(distance - 0.5, 0.0, float(RADIUS)) * (inside ? 1.0 : -1.0);

    uint g0 = planeTexel(layer, GROUP_GEOMETRY, ij, n, push.groups);
    uint g1 = planeTexel(layer, GROUP_SURFACE, ij, n, push.groups);
    if (push.hasStatic == 0 && !inside) {  // samplers read only the coverage of uncovered texels
        planes.texels[g0] = vec4(sdf, 0.0, 0.0, 0.0);
        planes.texels[g1] = vec4(0.0);
        return;
    }
    int imageRow = layer * n + ij.y;
    vec4 dynamicGeometry = imageLoad(rasterGeometry, ivec2(ij.x, imageRow));
    vec4 dynamicSurface = imageLoad(rasterSurface, ivec2(ij.x, imageRow));
    dynamicGeometry.x = sdf;
    if (push.hasStatic == 0) {
        planes.texels[g0] = dynamicGeometry;
        planes.texels[g1] = dynamicSurface;
        writeFeatures(layer, ij, dynamicSurface.yz);
        return;
    }
    vec4 staticGeometry = staticPlanes.texels[g0];
    vec4 staticSurface = staticPlanes.texels[g1];

    bool dynamicCovers = sdf > 0.0, staticCovers = staticGeometry.x > 0.0;
    float alpha;  // weight of the dynamic layer
    if (dynamicCovers && staticCovers) {
        alpha = dynamicGeometry.y >= staticGeometry.y ? 1.0 : 0.0;
    } else if (dynamicCovers || staticCovers) {
        alpha = dynamicCovers ? 1.0 : 0.0;
    } else {
        alpha = sdf >= staticGeometry.x ? 1.0 : 0.0;
    }
    vec4 geometry = mix(staticGeometry, dynamicGeometry, alpha);
    geometry.x = max(sdf, staticGeometry.x);
    planes.texels[g0] = geometry;
    planes.texels[g1] = mix(staticSurface, dynamicSurface, alpha);
    if (dynamicCovers && alpha > 0.5) writeFeatures(layer, ij, dynamicSurface.yz);
}
