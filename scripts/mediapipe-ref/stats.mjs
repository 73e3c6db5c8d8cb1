#!/usr/bin/env node
// Figures that say how tight an agreement test against a reference fixture can be.
//
//   node stats.mjs FILE [FILE...]      FILE: a fixture (.jsonl.gz) or the tool's raw .jsonl
//
// Per file: frames, fraction with a face, inter-ocular distance (IOD: landmarks 33 and 263,
// the outer eye corners) min / median / max, and the frame-to-frame motion of the reference:
// the median over all consecutive kept frame pairs and all landmarks of |p(i+1) - p(i)|
// (2D, pixels; also as % of that frame's IOD). On a quiet clip this bounds the reference's
// own jitter from above (it still holds real motion). "accel" is the median of
// |p(i+1) - 2 p(i) + p(i-1)|, which cancels steady motion: for frame-independent noise of
// std s per axis it is about 2.88 s (a 2D Rayleigh median, sqrt(6) s per axis), so
// "noiseSigmaPx" = accel / 2.88 bounds the reference's own noise per axis from above.
// Pairs are only taken over frames kept next to each other in the file, so for a fixture of
// every 2nd frame the deltas span 2 frames.
import fs from 'node:fs';
import zlib from 'node:zlib';

const median = (a) => {
  if (!a.length) return NaN;
  const s = Float64Array.from(a).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (a, q) => {
  const s = Float64Array.from(a).sort();
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const f2 = (v) => Number(v.toFixed(2));
const f3 = (v) => Number(v.toFixed(3));

function read(path) {
  let buf = fs.readFileSync(path);
  if (path.endsWith('.gz')) buf = zlib.gunzipSync(buf);
  return buf.toString('utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

for (const path of process.argv.slice(2)) {
  const rows = read(path);
  const iods = [], step = [], stepPct = [], accel = [], accelPct = [];
  let faces = 0;
  const iodOf = (lm) => Math.hypot(lm[33][0] - lm[263][0], lm[33][1] - lm[263][1]);
  for (let i = 0; i < rows.length; i++) {
    const lm = rows[i].landmarks;
    if (!lm) continue;
    faces++;
    const iod = iodOf(lm);
    iods.push(iod);
    const prev = i > 0 ? rows[i - 1].landmarks : null;
    if (prev) {
      for (let k = 0; k < lm.length; k++) {
        const d = Math.hypot(lm[k][0] - prev[k][0], lm[k][1] - prev[k][1]);
        step.push(d);
        stepPct.push((100 * d) / iod);
      }
    }
    const next = i + 1 < rows.length ? rows[i + 1].landmarks : null;
    if (prev && next) {
      for (let k = 0; k < lm.length; k++) {
        const d = Math.hypot(next[k][0] - 2 * lm[k][0] + prev[k][0], next[k][1] - 2 * lm[k][1] + prev[k][1]);
        accel.push(d);
        accelPct.push((100 * d) / iod);
      }
    }
  }
  const frameStride = rows.length > 1 ? rows[1].frame - rows[0].frame : 1;
  console.log(JSON.stringify({
    file: path,
    frames: rows.length,
    frameStride,
    faceFraction: f3(faces / rows.length),
    iodPx: iods.length ? { min: f2(Math.min(...iods)), median: f2(median(iods)), max: f2(Math.max(...iods)) } : null,
    stepPx: { median: f3(median(step)), p90: f3(quantile(step, 0.9)) },
    stepPctIod: { median: f3(median(stepPct)), p90: f3(quantile(stepPct, 0.9)) },
    accelPx: { median: f3(median(accel)) },
    accelPctIod: { median: f3(median(accelPct)) },
    noiseSigmaPx: f3(median(accel) / (Math.sqrt(6) * Math.sqrt(2 * Math.LN2))),
  }));
}
