// Per-frame constants of the tri-plane march passes (std140), written by TriPlaneRenderer with
// vkCmdUpdateBuffer; the Java side mirrors this order (TriPlaneRenderer.FRAME_BYTES).
layout(set = 0, binding = 0, std140) uniform Frame {
    vec4 cameraRow[3];  // rows of the head->camera rotation, translation (mm) in w
    vec4 cameraOrigin;  // camera centre in the head frame (mm); w: least sample spacing along a ray (mm)
    vec4 intrinsics;    // fx, fy, cx, cy of the march grid (pixels)
    vec4 box;           // head box: min corner (mm), edge length (mm)
    ivec4 march;        // march width, height, tile edge (pixels), tiles per row
    ivec4 plane;        // plane size N, channel groups, face triangle count, coarse samples
    ivec4 options;      // refine steps, static proxy triangle count, tile count, 0
    vec4 margins;       // tile margin (pixels), depth margin (mm), near plane (mm), edge depth jump (mm)
    vec4 sampling;      // SDF radius (texels), depth-step threshold (mm), early-out (mm), colour match tolerance (mm)
    vec4 neural;        // learned avatars: the face atlas's extent in the texture's u, v (UVs beyond it are
                        // static content, without features), feature channels (0: a photo avatar), 0
} frame;
