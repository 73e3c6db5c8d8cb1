// Push constants of the plane rasteriser; mirrored by PlaneRasterPass.PUSH_BYTES.
layout(push_constant) uniform RasterPush {
    vec4 box;       // head box: min corner (mm), edge length (mm)
    ivec4 layer;    // x: the layer drawn (LAYER_*)
    vec4 sweep;     // x: instance k draws the mesh moved k * x mm along -z (plane_raster.vert); y, z, w: 0
} push;
