#version 450
// Writes the geometry/UV channels of the front-most surface (see triplane_layout.glsl): coverage
// (1 here; the blend pass turns it into a signed distance), height, the height's gradient over
// the plane, |n . axis|, UV and how fast the UV changes along the surface. The projection is
// orthographic, so the screen derivatives of the interpolated attributes are the triangle's own
// per texel, also in helper invocations at edges: the cross product of the position's is the
// exact face normal; with the UV's they give the UV gradient over the triangle.
#include "common/triplane_layout.glsl"
#include "common/triplane_raster_push.glsl"

layout(location = 0) in vec3 inPositionMm;
layout(location = 1) in vec2 inUv;

layout(location = 0) out vec4 outGeometry;
layout(location = 1) out vec4 outSurface;

// Steeper slopes are clamped: such texels are nearly edge-on and carry little weight.
const float MAX_SLOPE = 16.0;
// UV charts change faster than this per mm only in a degenerate triangle.
const float MAX_UV_GRADIENT = 1.0;

// The larger of |grad u| and |grad v| along the triangle's surface (per mm). The position's
// screen derivatives px, py span the surface (their in-plane parts are one texel along each
// axis, so they are never parallel); the UV's, r = (r.x along px, r.y along py), give a
// component's gradient g in that span by g . px = r.x, g . py = r.y, so |g|^2 = r^T G^-1 r with
// G the Gram matrix of px, py.
float uvGradient() {
    vec3 px = dFdx(inPositionMm), py = dFdy(inPositionMm);
    vec2 uvx = dFdx(inUv), uvy = dFdy(inUv);
    float a = dot(px, px), b = dot(px, py), c = dot(py, py);
    float det = max(a * c - b * b, 1e-20);
    vec2 r0 = vec2(uvx.x, uvy.x), r1 = vec2(uvx.y, uvy.y);  // u's, v's
    float gu = (c * r0.x * r0.x - 2.0 * b * r0.x * r0.y + a * r0.y * r0.y) / det;
    float gv = (c * r1.x * r1.x - 2.0 * b * r1.x * r1.y + a * r1.y * r1.y) / det;
    return min(sqrt(max(max(gu, gv), 0.0)), MAX_UV_GRADIENT);
}

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
    outSurface = vec4(len > 0.0 ? abs(na) / len : 0.0, inUv, uvGradient());
}
