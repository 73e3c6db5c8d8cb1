// Tri-plane layout, mirrored by TriPlaneLayout on the Java side.
//
// Three orthographic planes over the head box hold four layers: FRONT on the XY plane seen from
// +z, LEFT and RIGHT both on the ZY plane (seen from -x and from +x, so neither cheek hides the
// other), TOP on the XZ plane seen from +y. Plane coordinates (s, t) are normalised to [0, 1]
// over the box; texel (i, j) of an N x N layer has its centre at ((i + 0.5) / N, (j + 0.5) / N).
//
// Each layer texel holds C = 4 * groups channels, one vec4 per group, stored planar:
// [layer][group][row][column]. The geometry/UV format (what the analytic decoder reads):
//   group 0 (GEOMETRY): coverage signed distance (texels, + inside, clamped to +-R),
//                       height along the layer's axis (mm from the box centre),
//                       dh/ds, dh/dt (mm per mm): with the height, a local plane per texel
//   group 1 (SURFACE):  |n . axis|, u, v, UV gradient: the larger of |grad u|, |grad v| along
//                       the surface of the texel's triangle (per mm, at most 1). Two points
//                       whose UVs differ by much more than it times their distance lie on two
//                       UV charts (see triplane_march.glsl)
// Learned avatars' neural features (Next3D's C = 32 channels) lie in a buffer of their own as
// half floats, 8 channels per uvec4 (packHalf2x16 pairs), in the same planar order with
// C / 8 groups: [layer][feature group][row][column] (planeTexel with groups = C / 8). Only
// texels covered by the face hold features; they are blended with the surface group's weights.
#define LAYER_FRONT 0
#define LAYER_LEFT 1
#define LAYER_RIGHT 2
#define LAYER_TOP 3
#define LAYERS 4
#define GROUP_GEOMETRY 0
#define GROUP_SURFACE 1

// Head-frame axis a towards the layer's viewer, and the plane axes s, t.
vec3 layerAxis(int layer) {
    return layer == LAYER_FRONT ? vec3(0, 0, 1) : layer == LAYER_LEFT ? vec3(-1, 0, 0)
         : layer == LAYER_RIGHT ? vec3(1, 0, 0) : vec3(0, 1, 0);
}

vec3 layerS(int layer) {
    return (layer == LAYER_LEFT || layer == LAYER_RIGHT) ? vec3(0, 0, 1) : vec3(1, 0, 0);
}

vec3 layerT(int layer) {
    return layer == LAYER_TOP ? vec3(0, 0, 1) : vec3(0, 1, 0);
}

// (s, t, height) of a point for a layer: q is the point in normalised box coordinates ([0, 1]^3
// inside the box), centred = the point minus the box centre (any unit; the height is in it).
vec3 layerCoordinates(int layer, vec3 q, vec3 centred) {
    if (layer == LAYER_FRONT) return vec3(q.x, q.y, centred.z);
    if (layer == LAYER_LEFT) return vec3(q.z, q.y, -centred.x);
    if (layer == LAYER_RIGHT) return vec3(q.z, q.y, centred.x);
    return vec3(q.x, q.z, centred.y);
}

uint planeTexel(int layer, int group, ivec2 ij, int n, int groups) {
    return uint(((layer * groups + group) * n + ij.y) * n + ij.x);
}
