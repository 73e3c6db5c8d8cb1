#version 450
// Writes the geometry/UV channels of the front-most surface (see triplane_layout.glsl): coverage
// (1 here; the blend pass turns it into a signed distance), height, the height's gradient over
// the plane, |n . axis| and UV. The projection is orthographic, so the screen derivatives of the
// interpolated position are the triangle's own edge vectors per texel: their cross product is
// the exact face normal, also in helper invocations at triangle edges.
#include "common/triplane_layout.glsl"
#include "common/triplane_raster_push.glsl"

layout(location = 0) in vec3 inPositionMm;
layout(location = 1) in vec2 inUv;

layout(location = 0) out vec4 outGeometry;
layout(location = 1) out vec4 outSurface;

// Steeper slopes are clamped: such texels are nearly edge-on and carry little weight.
const float MAX_SLOPE = 16.0;

void main() {
    int layer = push.layer.x;
    vec3 a = layerAxis(layer);
    vec3 n = cross(dFdx(inPositionMm), dFdy(inPositionMm));
    float len = length(n);
    float na = dot(n, a);
    float safe = (na < 0.0 ? -1.0 : 1.0) * max(abs(na), 1e-6 * len + 1e-20);
    vec2 slope = clamp(-vec2(dot(n, layerS(layer)), dot(n, layerT(layer))) / safe, -MAX_SLOPE, MAX_SLOPE);
    float height = dot(inPositionMm - (push.box.xyz + 0.5 * push.box.w), a);
    outGeometry = vec4(1.0, height, slope);
    outSurface = vec4(len > 0.0 ? abs(na) / len : 0.0, inUv, 0.0);
}
