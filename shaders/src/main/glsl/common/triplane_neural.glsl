// Learned avatars on the tri-plane (Next3D): the neural features the planes carry (see
// triplane_layout.glsl), blended at a surface point and decoded by the avatar's MLP. Include
// after triplane_march.glsl and mlp.glsl, with
//   readonly buffer Features { uvec4 packed[]; } features;
//
// A point's features are blended with the weights its UV gets in decodeUv (before decodeUv
// leaves out taps and layers on other UV charts): per layer the
// covered taps' bilinear weights (the highest tap alone at a depth step, as sampleLayer), the
// layers by |n . axis|^2 and closeness to their surface, else the layer whose boundary the
// point lies on. Features need no UV-chart care: they are blended where they lie on the
// surface, never looked up across the atlas. Static content carries no features (its colour
// is a photo texture): taps whose UV lies beyond the face atlas (frame.neural.xy) are static,
// their share of the weight is left to the texture.

// The tap weights sampleLayer gives layer's taps at st (normalised; 0 for uncovered taps), and
// the first tap's texel.
vec4 layerTapWeights(int layer, vec2 st, out ivec2 i0) {
    int n = frame.plane.x, groups = frame.plane.y;
    float texel = frame.box.w / float(n);
    vec2 f = st * float(n) - 0.5;
    vec2 base = floor(f);
    vec2 w = f - base;
    i0 = ivec2(base);
    vec4 bilinear = vec4((1.0 - w.x) * (1.0 - w.y), w.x * (1.0 - w.y), (1.0 - w.x) * w.y, w.x * w.y);
    vec4 covered = vec4(0.0);
    float highest = -1e30, lowest = 1e30;
    int highestTap = 0;
    for (int k = 0; k < 4; k++) {
        ivec2 ij = clamp(i0 + TAP[k], ivec2(0), ivec2(n - 1));
        vec4 g = planes.texels[planeTexel(layer, GROUP_GEOMETRY, ij, n, groups)];
        if (g.x <= 0.0) continue;
        covered[k] = bilinear[k];
        float h = g.y + dot(g.zw, (w - vec2(TAP[k])) * texel);
        if (h > highest) {
            highest = h;
            highestTap = k;
        }
        lowest = min(lowest, h);
    }
    float sum = dot(covered, vec4(1.0));
    if (sum < 1e-6 || highest - lowest > frame.sampling.y) {
        vec4 single = vec4(0.0);
        if (highest > -1e29) single[highestTap] = 1.0;
        return single;
    }
    return covered / sum;
}

// A layer's share of the features at p (normalised box point q, centred c): |n . axis|^2 times
// closeness to its surface (0 where it has none), its tap weights and first tap, and the
// distance to its boundary (how the fallback layer is chosen).
float layerFeatureWeight(int layer, vec3 q, vec3 c, out vec4 taps, out ivec2 first, out float boundary) {
    int n = frame.plane.x, groups = frame.plane.y;
    vec3 sth = layerCoordinates(layer, q, c);
    LayerSample s = sampleLayer(layer, sth.xy, false);
    taps = layerTapWeights(layer, sth.xy, first);
    boundary = 1e30;
    if (!s.surface) return 0.0;
    float facing = 0.0;
    for (int k = 0; k < 4; k++) {
        if (taps[k] <= 0.0) continue;
        ivec2 ij = clamp(first + TAP[k], ivec2(0), ivec2(n - 1));
        facing += taps[k] * planes.texels[planeTexel(layer, GROUP_SURFACE, ij, n, groups)].x;
    }
    float height = s.heightMm - sth.z;
    boundary = abs(min(s.coverageMm, height * inversesqrt(1.0 + dot(s.slope, s.slope))));
    return facing * facing * max(0.0, 1.0 - abs(height) / frame.sampling.w);
}

// Adds layer's covered face taps, weighted (the layer's share times each tap's), to mlpIn;
// returns the face's share it added (taps whose UV lies beyond the face atlas are static).
float addLayerFeatures(int layer, float layerWeight, vec4 taps, ivec2 first, int featureGroups) {
    if (layerWeight <= 0.0) return 0.0;
    int n = frame.plane.x;
    float face = 0.0;
    for (int k = 0; k < 4; k++) {
        float w = layerWeight * taps[k];
        if (w <= 0.0) continue;
        ivec2 ij = clamp(first + TAP[k], ivec2(0), ivec2(n - 1));
        vec2 uv = planes.texels[planeTexel(layer, GROUP_SURFACE, ij, n, frame.plane.y)].yz;
        if (uv.x >= frame.neural.x || uv.y >= frame.neural.y) continue;  // static content
        face += w;
        for (int g = 0; g < featureGroups; g++) {
            uvec4 h = features.packed[planeTexel(layer, g, ij, n, featureGroups)];
            mlpIn(2 * g) += w * vec4(unpackHalf2x16(h.x), unpackHalf2x16(h.y));
            mlpIn(2 * g + 1) += w * vec4(unpackHalf2x16(h.z), unpackHalf2x16(h.w));
        }
    }
    return face;
}

// The features at surface point p, blended over the face's taps, into mlpIn(0 .. channels / 4);
// returns the face's share of the weight (0: only static content there, mlpIn untouched).
// Each layer's weights are computed once and kept in named variables, one set per layer (the
// four layers written out): not in arrays, which a CPU driver keeps in memory (see ChartSums),
// and not recomputed in a second pass over the layers, which cost half of this function.
#if LAYERS != 4
#error decodeFeatures writes out the four layers of triplane_layout.glsl: update it with LAYERS
#endif
float decodeFeatures(vec3 p) {
    vec3 q = clamp((p - frame.box.xyz) / frame.box.w, vec3(0.0), vec3(1.0));
    vec3 c = (q - 0.5) * frame.box.w;
    int featureGroups = int(frame.neural.z) / 8;
    vec4 t0, t1, t2, t3;
    ivec2 f0, f1, f2, f3;
    float b0, b1, b2, b3;
    float w0 = layerFeatureWeight(LAYER_FRONT, q, c, t0, f0, b0);
    float w1 = layerFeatureWeight(LAYER_LEFT, q, c, t1, f1, b1);
    float w2 = layerFeatureWeight(LAYER_RIGHT, q, c, t2, f2, b2);
    float w3 = layerFeatureWeight(LAYER_TOP, q, c, t3, f3, b3);
    float total = w0 + w1 + w2 + w3, closest = 1e30;
    int closestLayer = -1;
    if (b0 < closest) { closest = b0; closestLayer = 0; }
    if (b1 < closest) { closest = b1; closestLayer = 1; }
    if (b2 < closest) { closest = b2; closestLayer = 2; }
    if (b3 < closest) { closest = b3; closestLayer = 3; }
    if (total <= 0.0 && closestLayer < 0) return 0.0;
    for (int i = 0; i < 2 * featureGroups; i++) mlpIn(i) = vec4(0.0);
    float norm = total;
    if (total <= 0.0) {  // the layer whose boundary p lies on
        w0 = closestLayer == 0 ? 1.0 : 0.0;
        w1 = closestLayer == 1 ? 1.0 : 0.0;
        w2 = closestLayer == 2 ? 1.0 : 0.0;
        w3 = closestLayer == 3 ? 1.0 : 0.0;
        norm = 1.0;
    }
    float face = addLayerFeatures(LAYER_FRONT, w0 / norm, t0, f0, featureGroups)
               + addLayerFeatures(LAYER_LEFT, w1 / norm, t1, f1, featureGroups)
               + addLayerFeatures(LAYER_RIGHT, w2 / norm, t2, f2, featureGroups)
               + addLayerFeatures(LAYER_TOP, w3 / norm, t3, f3, featureGroups);
    if (face > 0.0) for (int i = 0; i < 2 * featureGroups; i++) mlpIn(i) /= face;
    return face;
}

vec3 srgbToLinear(vec3 c) {
    return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(vec3(0.04045), c));
}
