// Sampling, decoding and marching the blended tri-plane (geometry/UV format). Include after
// triplane_layout.glsl and triplane_frame.glsl, with the planes declared as
//   readonly buffer Planes { vec4 texels[]; } planes;
//   readonly buffer Tiles { uint minMax[]; } tiles;  (see tile_window.comp)
//
// Sampling: the four bilinear taps of a layer. The coverage distance is interpolated; every
// covered tap gives a local plane (its height plus its slope times the offset), the planes are
// averaged with the bilinear weights, except at a depth step (they disagree by more than
// frame.sampling.y mm) where the highest wins: the surface in front hides the one behind.
//
// Decoding (analytic): the solid is carved: a point is inside when it is covered by the FRONT,
// LEFT and RIGHT layers and lies below each one's surface. Its signed distance (mm, + inside)
// is the smallest of the per-layer distances (coverage distance; height difference scaled to a
// distance from the local plane). TOP does not carve (the face is edge-on from above) but gives
// colour. Colour features: the UV of the layers whose surface passes through the point,
// weighted by |n . axis|^2. A learned decoder replaces decodeSdf/decodeUv (features -> density,
// colour); the sampling and the march stay.
//
// UV charts: the texture atlas holds several charts (the face, the back-of-head shell, which is
// also cut open along a meridian, the eyeballs, the static content, ...). UVs of two charts must
// never be averaged: their mean points between the charts in the atlas. Two UVs belong to one
// chart when they are no further apart than their UV gradients allow over the distance between
// their points (sameChart); taps or layers on another chart than the one with the most weight
// are left out of the average (chartMean). A chart boundary then falls where the weights cross,
// within half a texel of where the mesh has it.

// Outside, a sample may skip ahead by this fraction of its distance (at most SKIP_STEPS even
// steps): the distance is to the nearest local plane, so only a fraction of it is safe.
#define SKIP_FRACTION 0.8
#define SKIP_STEPS 4.0

// UVs of one chart differ by at most their UV gradient times the distance between their points
// along the surface; CHART_SLACK times that (with CHART_UV_EPSILON for flat charts) leaves room
// for the chord being shorter than the path, gradients changing between triangles and
// interpolation, while the charts' gaps in the atlas are far larger over a texel or a pixel
// (the default head's smallest, at the chin, is 0.037, about 12 mm of its face chart).
#define CHART_SLACK 2.0
#define CHART_UV_EPSILON 1e-3

const ivec2 TAP[4] = ivec2[4](ivec2(0, 0), ivec2(1, 0), ivec2(0, 1), ivec2(1, 1));

float planeTexelMm() { return frame.box.w / float(frame.plane.x); }

// Whether surface channels a and b (|n . axis|, u, v, UV gradient) may lie on one UV chart when
// their points are distanceMm apart (a texel at least: the planes resolve nothing finer).
bool sameChart(vec4 a, vec4 b, float distanceMm) {
    vec2 gap = abs(a.yz - b.yz);
    return max(gap.x, gap.y) <= CHART_SLACK * max(a.w, b.w) * max(distanceMm, planeTexelMm()) + CHART_UV_EPSILON;
}

// The weighted mean of surface channels (taps of a layer, or layers) over one UV chart, gathered
// one entry at a time: an entry joins the first of two running sums whose first entry it shares a
// chart with (sameChart against that entry), the sum with more weight wins. Two sums hold every
// case met in practice (a chart boundary between the taps or layers); an entry on a third chart
// is left out. No arrays: a CPU driver keeps per-invocation arrays in memory, and with arrays of
// taps and layers (every entry compared with every other) in decodeUv, lavapipe's march and
// resolve took 70 ms a frame on the default avatar at a 128² march, against 26 ms without them.
struct ChartSum {
    vec4 first;    // the sum's first entry
    vec3 point;    // its point
    vec4 sum;      // weighted sum of the entries
    float weight;  // their weight
};

struct ChartSums { ChartSum a, b; };

ChartSums noChartSums() {
    ChartSum none = ChartSum(vec4(0.0), vec3(0.0), vec4(0.0), 0.0);
    return ChartSums(none, none);
}

// Adds the entry to sum s when s is empty or the entry shares its first entry's chart.
bool chartJoin(inout ChartSum s, vec4 surface, vec3 point, float weight) {
    if (s.weight <= 0.0) {
        s.first = surface;
        s.point = point;
    } else if (!sameChart(s.first, surface, distance(s.point, point))) {
        return false;
    }
    s.sum += weight * surface;
    s.weight += weight;
    return true;
}

void chartAdd(inout ChartSums c, vec4 surface, vec3 point, float weight) {
    if (weight > 0.0 && !chartJoin(c.a, surface, point, weight)) chartJoin(c.b, surface, point, weight);
}

// The mean of the heavier sum; needs some weight added.
vec4 chartMean(ChartSums c) { return c.b.weight > c.a.weight ? c.b.sum / c.b.weight : c.a.sum / c.a.weight; }

struct LayerSample {
    float coverageMm;  // signed distance to the layer's coverage boundary, + inside
    float heightMm;    // surface height along the layer's axis (valid when surface)
    vec2 slope;        // dh/ds, dh/dt of that surface
    bool surface;      // some tap is covered
    vec4 surfaceChannels;  // |n . axis|, u, v, UV gradient over the covered taps of one chart (only when asked)
};

LayerSample sampleLayer(int layer, vec2 st, bool withSurface) {
    int n = frame.plane.x, groups = frame.plane.y;
    float texel = frame.box.w / float(n);
    vec2 f = st * float(n) - 0.5;
    vec2 base = floor(f);
    vec2 w = f - base;
    ivec2 i0 = ivec2(base);
    vec4 bilinear = vec4((1.0 - w.x) * (1.0 - w.y), w.x * (1.0 - w.y), (1.0 - w.x) * w.y, w.x * w.y);
    float coverage = 0.0, sum = 0.0, weightSum = 0.0, highest = -1e30, lowest = 1e30;
    vec2 slopeSum = vec2(0.0), highestSlope = vec2(0.0);
    vec4 tapHeights = vec4(0.0);  // the covered taps' stored heights
    uint covered = 0u;            // bit k: tap k is covered
    int highestTap = 0;
    for (int k = 0; k < 4; k++) {
        ivec2 ij = clamp(i0 + TAP[k], ivec2(0), ivec2(n - 1));
        vec4 g = planes.texels[planeTexel(layer, GROUP_GEOMETRY, ij, n, groups)];
        coverage += bilinear[k] * g.x;
        if (g.x > 0.0) {
            covered |= 1u << k;
            tapHeights[k] = g.y;
            float h = g.y + dot(g.zw, (w - vec2(TAP[k])) * texel);
            sum += bilinear[k] * h;
            weightSum += bilinear[k];
            slopeSum += bilinear[k] * g.zw;
            if (h > highest) {
                highest = h;
                highestSlope = g.zw;
                highestTap = k;
            }
            lowest = min(lowest, h);
        }
    }
    LayerSample r;
    r.coverageMm = coverage * texel;
    r.surface = highest > -1e29;
    bool single = weightSum < 1e-6 || highest - lowest > frame.sampling.y;
    r.heightMm = single ? highest : sum / weightSum;
    r.slope = single ? highestSlope : slopeSum / weightSum;
    r.surfaceChannels = vec4(0.0);
    if (!withSurface || !r.surface) return r;
    if (single) {
        r.surfaceChannels = planes.texels[planeTexel(layer, GROUP_SURFACE, clamp(i0 + TAP[highestTap], ivec2(0), ivec2(n - 1)), n, groups)];
        return r;
    }
    ChartSums charts = noChartSums();
    for (int k = 0; k < 4; k++) {
        if ((covered & (1u << k)) == 0u) continue;
        ivec2 ij = clamp(i0 + TAP[k], ivec2(0), ivec2(n - 1));
        // the tap's surface point: mm, in the layer's s, t, height
        chartAdd(charts, planes.texels[planeTexel(layer, GROUP_SURFACE, ij, n, groups)], vec3(vec2(TAP[k]) * texel, tapHeights[k]), bilinear[k]);
    }
    r.surfaceChannels = chartMean(charts);
    return r;
}

// Signed distance of a point at height h over plane point st to one layer's part of the solid.
float layerSdf(int layer, vec2 st, float h) {
    LayerSample s = sampleLayer(layer, st, false);
    if (!s.surface) return s.coverageMm;
    return min(s.coverageMm, (s.heightMm - h) * inversesqrt(1.0 + dot(s.slope, s.slope)));
}

// Signed distance (mm, + inside) of head-frame point p to the carved solid. Once it is clearly
// outside (below -frame.sampling.z) the remaining layers cannot bring it back: it returns early.
float decodeSdf(vec3 p) {
    vec3 q = (p - frame.box.xyz) / frame.box.w;
    if (any(lessThan(q, vec3(0.0))) || any(greaterThan(q, vec3(1.0)))) return -frame.sampling.x * planeTexelMm();
    vec3 c = (q - 0.5) * frame.box.w;
    float early = -frame.sampling.z;
    float s = layerSdf(LAYER_FRONT, q.xy, c.z);
    if (s < early) return s;
    s = min(s, layerSdf(LAYER_LEFT, q.zy, -c.x));
    if (s < early) return s;
    return min(s, layerSdf(LAYER_RIGHT, q.zy, c.x));
}

// UV at surface point p, and its UV gradient (per mm, see triplane_layout.glsl): from the
// layers whose surface passes within frame.sampling.w mm of it, weighted by |n . axis|^2 and
// closeness, those on another UV chart than the one with the most weight left out. When none
// does (p is on a part of the solid no layer sees as its front-most surface, e.g. static content
// behind the face seen from the side), from the layer whose own distance is nearest zero: the
// one whose boundary p lies on.
vec3 decodeUv(vec3 p) {
    vec3 q = clamp((p - frame.box.xyz) / frame.box.w, vec3(0.0), vec3(1.0));
    vec3 c = (q - 0.5) * frame.box.w;
    float tolerance = frame.sampling.w;
    ChartSums charts = noChartSums();
    float closest = 1e30;
    vec4 closestSurface = vec4(0.0);
    for (int layer = 0; layer < LAYERS; layer++) {
        vec3 sth = layerCoordinates(layer, q, c);
        LayerSample s = sampleLayer(layer, sth.xy, true);
        if (!s.surface) continue;
        float height = s.heightMm - sth.z;
        // the layer's surface point over (or under) p
        chartAdd(charts, s.surfaceChannels, p + height * layerAxis(layer),
                 s.surfaceChannels.x * s.surfaceChannels.x * max(0.0, 1.0 - abs(height) / tolerance));
        float boundary = abs(min(s.coverageMm, height * inversesqrt(1.0 + dot(s.slope, s.slope))));
        if (boundary < closest) {
            closest = boundary;
            closestSurface = s.surfaceChannels;
        }
    }
    return charts.a.weight > 0.0 ? chartMean(charts).yzw : closestSurface.yzw;
}

// The ray through march-grid point pixel (pixel units, y down) in the head frame, scaled so that
// origin + d * direction lies at view depth d.
vec3 rayDirection(vec2 pixel) {
    vec3 cameraDir = vec3((pixel.x - frame.intrinsics.z) / frame.intrinsics.x,
                          -(pixel.y - frame.intrinsics.w) / frame.intrinsics.y, -1.0);
    return cameraDir.x * frame.cameraRow[0].xyz + cameraDir.y * frame.cameraRow[1].xyz + cameraDir.z * frame.cameraRow[2].xyz;
}

// The depth windows of the pixel's tile: the face's and the static content's (x > y when the
// tile has none).
void tileWindows(ivec2 pixel, out vec2 face, out vec2 still) {
    int tile = frame.march.z;
    uint t = uint((pixel.y / tile) * frame.march.w + pixel.x / tile);
    uint count = uint(frame.options.z);
    face = vec2(uintBitsToFloat(tiles.minMax[t]), uintBitsToFloat(tiles.minMax[2u * count + t]));
    still = vec2(uintBitsToFloat(tiles.minMax[count + t]), uintBitsToFloat(tiles.minMax[3u * count + t]));
}

// The first entry into the solid along origin + d * direction, d in window: samples at an even
// step (the window over frame.plane.w - 1, but no finer than frame.cameraOrigin.w mm along the
// ray: the planes resolve nothing finer), a sample clearly outside skipping further (see
// SKIP_FRACTION); then frame.options.x bisection steps on the first inside sample and a secant
// step on the final bracket. Narrow windows (most tiles: the mesh is nearly flat across a few
// pixels) take few samples.
bool marchSurface(vec3 origin, vec3 direction, vec2 window, out float depth) {
    float perDepth = length(direction);  // mm along the ray per mm of view depth
    float span = window.y - window.x;
    float step = max(span / float(max(frame.plane.w, 2) - 1), frame.cameraOrigin.w / perDepth);
    float d = window.x, previousD = window.x, previous = 0.0;
    for (int i = 0; i < frame.plane.w; i++) {
        float s = decodeSdf(origin + d * direction);
        if (s > 0.0) {
            if (i == 0) {
                depth = d;
                return true;
            }
            float lo = previousD, hi = d, sLo = previous, sHi = s;
            for (int k = 0; k < frame.options.x; k++) {
                float mid = 0.5 * (lo + hi);
                float sm = decodeSdf(origin + mid * direction);
                if (sm > 0.0) {
                    hi = mid;
                    sHi = sm;
                } else {
                    lo = mid;
                    sLo = sm;
                }
            }
            depth = lo + (hi - lo) * clamp(-sLo / max(sHi - sLo, 1e-6), 0.0, 1.0);
            return true;
        }
        if (d >= window.y) break;
        previous = s;
        previousD = d;
        d = min(window.y, d + max(step, min(SKIP_FRACTION * -s / perDepth, SKIP_STEPS * step)));
    }
    return false;
}

// The first entry into the solid within the pixel's tile windows. The face window is marched
// at its own step; the static window only in front of what that found, since it can hold only
// something nearer there (hair over a forehead). A merged window would take the coarse step of
// the wider one and could step over thin parts of the face.
bool marchTile(ivec2 pixel, vec3 origin, vec3 direction, out float depth) {
    vec2 face, still;
    tileWindows(pixel, face, still);
    bool hit = face.x <= face.y && marchSurface(origin, direction, face, depth);
    if (hit) still.y = min(still.y, depth);
    float nearer;
    if (still.x < still.y && marchSurface(origin, direction, still, nearer) && (!hit || nearer < depth)) {
        depth = nearer;
        hit = true;
    }
    return hit;
}
