#version 450
// Conservative depth windows for empty-space skipping. Invocation i < triangle count projects
// face triangle i, invocation i == triangle count the static content's bounding box (when there
// is one); each widens the [min, max] view depth of every march tile its projected bounding
// rectangle (plus a margin) touches. Depths are positive, so their float bits order as uints:
// atomicMin / atomicMax on the bits. Tiles start at min = 0xffffffff, max = 0 (no content).
// Everything inside a triangle lies within its corners' depth range and its projection within
// the rectangle of the projected corners, so a ray through a tile meets the mesh only inside
// the tile's window; the margins cover how far the tri-plane surface may stray from the mesh.
#include "common/workgroup.glsl"
#include "common/triplane_frame.glsl"

layout(set = 0, binding = 1) readonly buffer Positions { float xyz[]; } positions;  // deformed, mm
layout(set = 0, binding = 2) readonly buffer Indices { uint index[]; } indices;
layout(set = 0, binding = 3) buffer Tiles { uint minMax[]; } tiles;  // min bits of every tile, then max bits

vec3 project(vec3 p) {  // pixel x, y of the march grid and view depth (mm)
    vec3 c = vec3(dot(frame.cameraRow[0].xyz, p) + frame.cameraRow[0].w,
                  dot(frame.cameraRow[1].xyz, p) + frame.cameraRow[1].w,
                  dot(frame.cameraRow[2].xyz, p) + frame.cameraRow[2].w);
    float depth = -c.z;
    float d = max(depth, 1e-3);
    return vec3(frame.intrinsics.x * c.x / d + frame.intrinsics.z, frame.intrinsics.w - frame.intrinsics.y * c.y / d, depth);
}

vec3 vertex(uint i) {
    return vec3(positions.xyz[3u * i], positions.xyz[3u * i + 1u], positions.xyz[3u * i + 2u]);
}

void main() {
    uint element = gl_GlobalInvocationID.x;
    uint triangles = uint(frame.plane.z);
    vec2 lo = vec2(1e30), hi = vec2(-1e30);
    float near = 1e30, far = 0.0;
    if (element < triangles) {
        for (uint k = 0u; k < 3u; k++) {
            vec3 s = project(vertex(indices.index[3u * element + k]));
            lo = min(lo, s.xy); hi = max(hi, s.xy);
            near = min(near, s.z); far = max(far, s.z);
        }
    } else if (element == triangles && frame.options.y != 0) {
        for (int k = 0; k < 8; k++) {
            vec3 corner = mix(frame.staticMin.xyz, frame.staticMax.xyz, vec3(k & 1, (k >> 1) & 1, (k >> 2) & 1));
            vec3 s = project(corner);
            lo = min(lo, s.xy); hi = max(hi, s.xy);
            near = min(near, s.z); far = max(far, s.z);
        }
    } else {
        return;
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
    for (int ty = first.y; ty <= last.y; ty++) {
        for (int tx = first.x; tx <= last.x; tx++) {
            uint t = uint(ty * tilesXY.x + tx);
            atomicMin(tiles.minMax[t], nearBits);
            atomicMax(tiles.minMax[uint(frame.options.z) + t], farBits);
        }
    }
}
