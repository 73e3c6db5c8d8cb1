// Push constants of the mesh pass; mirrored by MeshRenderer.PUSH_BYTES on the Java side.
// clipFromHead: head frame (mm) -> Vulkan clip space (y down, depth 0..1), column-major.
layout(push_constant) uniform MeshPush {
    mat4 clipFromHead;
} push;
