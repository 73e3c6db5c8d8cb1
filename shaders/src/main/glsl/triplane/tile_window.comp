#version 450
// Conservative depth windows for empty-space skipping, two per tile: one for the face, one for
// the static content (so the empty space between them is skipped, and a thin part of the face
// is not sampled at the coarse step a window reaching the static content would need).
// Invocation i < face triangle count projects face triangle i and widens the face window of
// every march tile its projected bounding rectangle (plus a margin) touches; the following
// invocations do the same with the static tri-plane's proxy triangles and the static windows. Depths are
// positive, so their float bits order as uints: atomicMin / atomicMax on the bits. Tiles start
// at min = 0xffffffff, max = 0 (no content).
// Everything inside a triangle lies within its corners' depth range and its projection within
// the rectangle of the projected corners, so a ray through a tile meets the mesh only inside
// the tile's window; the margins cover how far the tri-plane surface may stray from the mesh.
#include "common/workgroup.glsl"
#include "common/triplane_frame.glsl"

layout(set = 0, binding = 1) readonly buffer Positions { float xyz[]; } positions;  // deformed face, mm
layout(set = 0, binding = 2) readonly buffer Indices { uint index[]; } indices;
layout(set = 0, binding = 4) readonly buffer ProxyPositions { float xyz[]; } proxyPositions;  // static proxy, mm
layout(set = 0, binding = 5) readonly buffer ProxyIndices { uint index[]; } proxyIndices;
// [face min | static min | face max | static max], frame.options.z entries each
layout(set = 0, binding = 3) buffer Tiles { uint minMax[]; } tiles;

vec3 project(vec3 p) {  // pixel x, y of the march grid and view depth (mm)
    vec3 c = vec3(dot(frame.cameraRow[0].xyz, p) + frame.cameraRow[0].w,
                  dot(frame.cameraRow[1].xyz, p) + frame.cameraRow[1].w,
                  dot(frame.cameraRow[2].xyz, p) + frame.cameraRow[2].w);
    float depth = -c.z;
    float d = max(depth, 1e-3);
    return vec3(frame.intrinsics.x * c.x / d + frame.intrinsics.z, frame.intrinsics.w - frame.intrinsics.y * c.y / d, depth);
}

vec3 faceVertex(uint i) {
    return vec3(positions.xyz[3u * i], positions.xyz[3u * i + 1u], positions.xyz[3u * i + 2u]);
}

vec3 proxyVertex(uint i) {
    return vec3(proxyPositions.xyz[3u * i], proxyPositions.xyz[3u * i + 1u], proxyPositions.xyz[3u * i + 2u]);
}

void main() {
    uint element = gl_GlobalInvocationID.x;
    uint triangles = uint(frame.plane.z);
    vec2 lo = vec2(1e30), hi = vec2(-1e30);
    float near = 1e30, far = 0.0;
    uint window = 0u;  // 0: face, 1: static
    if (element >= triangles + uint(frame.options.y)) return;
    for (uint k = 0u; k < 3u; k++) {
        vec3 p;
        if (element < triangles) {
            p = faceVertex(indices.index[3u * element + k]);
        } else {
            window = 1u;
            p = proxyVertex(proxyIndices.index[3u * (element - triangles) + k]);
        }
        vec3 s = project(p);
        lo = min(lo, s.xy);
        hi = max(hi, s.xy);
        near = min(near, s.z);
        far = max(far, s.z);
    }
    float nearPlane = frame.margins.z;
    if (far < nearPlane) return;  // wholly behind the camera
    if (near < nearPlane) {       // crosses the camera plane: its projection is unbounded
        lo = vec2(-1e30);
        hi = vec2(1e30);
    }
    lo -= frame.margins.x;
    hi += frame.margins.x;
    near = max(nearPlane, near - frame.margins.y);
    far += frame.margins.y;
    int tile = frame.march.z;
    ivec2 tilesXY = ivec2(frame.march.w, (frame.march.y + tile - 1) / tile);
    ivec2 first = ivec2(clamp(floor(lo / float(tile)), vec2(0), vec2(tilesXY - 1)));
    ivec2 last = ivec2(clamp(floor(hi / float(tile)), vec2(0), vec2(tilesXY - 1)));
    if (hi.x < 0.0 || hi.y < 0.0 || lo.x >= float(frame.march.x) || lo.y >= float(frame.march.y)) return;
    uint nearBits = floatBitsToUint(near), farBits = floatBitsToUint(far);
    uint count = uint(frame.options.z);
    for (int ty = first.y; ty <= last.y; ty++) {
        for (int tx = first.x; tx <= last.x; tx++) {
            uint t = uint(ty * tilesXY.x + tx);
            atomicMin(tiles.minMax[window * count + t], nearBits);
            atomicMax(tiles.minMax[(2u + window) * count + t], farBits);
        }
    }
}
