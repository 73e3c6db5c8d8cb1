#version 450
// Mesh reference path: the deformed head mesh under a perspective camera.
#include "common/mesh_push.glsl"

layout(location = 0) in vec3 inPositionMm;  // head frame, millimetres (binding 0, rewritten each frame)
layout(location = 1) in vec2 inUv;          // u right, v down: texel rows top first (binding 1, static)

layout(location = 0) out vec2 outUv;

void main() {
    outUv = inUv;
    gl_Position = push.clipFromHead * vec4(inPositionMm, 1.0);
}
