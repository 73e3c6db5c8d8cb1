#version 450
// Texture rasterisation of the deformed mesh into one tri-plane layer: an orthographic view of
// the head box along the layer's axis. The viewport is the layer's N x N strip of the plane
// images; depth is 0 at the top of the box along the axis, so LESS keeps the surface nearest
// the layer's viewer.
// A sweep (instances k = 0, 1, ...) draws the mesh moved back k * push.sweep.x mm along -z: a
// side layer then sees a relief as a solid of that thickness (see StaticTriPlane).
#include "common/triplane_layout.glsl"
#include "common/triplane_raster_push.glsl"

layout(location = 0) in vec3 inPositionMm;  // head frame, deformed
layout(location = 1) in vec2 inUv;

layout(location = 0) out vec3 outPositionMm;
layout(location = 1) out vec2 outUv;

void main() {
    vec3 p = inPositionMm - vec3(0.0, 0.0, float(gl_InstanceIndex) * push.sweep.x);
    vec3 q = (p - push.box.xyz) / push.box.w;
    vec3 sth = layerCoordinates(push.layer.x, q, q - 0.5);
    gl_Position = vec4(2.0 * sth.x - 1.0, 2.0 * sth.y - 1.0, 0.5 - sth.z, 1.0);
    outPositionMm = p;
    outUv = inUv;
}
