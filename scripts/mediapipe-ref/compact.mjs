#!/usr/bin/env node
// Turns the JSON lines written by the MediaPipe reference tool (shared/tools/mediapipe-ref,
// one line per decoded frame: {"frame":i,"w":W,"h":H,"landmarks":[[x,y,z],...]|null[,"pose":[16]]})
// into a compact gzip'd JSON-lines test fixture.
//
//   node compact.mjs IN.jsonl OUT.jsonl.gz [--stride N] [--no-z] [--pose-only] [--expect-frames N]
//
//   --stride N         keep frames whose index is a multiple of N (default 1: every frame)
//   --no-z             keep only x,y of each landmark (default: x,y,z)
//   --pose-only        keep only "pose" (the 4x4 column-major face pose matrix of --geometry runs)
//   --expect-frames N  fail unless IN has exactly N lines numbered 0..N-1 (the clip's frame count)
//
// Output lines: {"frame":i,"w":W,"h":H,"landmarks":[[x,y(,z)],...]|null}, x,y,z rounded to 0.1
// (pixels; z is MediaPipe's normalized z times W). With --pose-only: {"frame":i,"pose":[16]|null},
// pose values kept as the tool wrote them (rounded to 1e-4). Prints a one-line summary as JSON.
import fs from 'node:fs';
import zlib from 'node:zlib';

const args = process.argv.slice(2);
const positional = [];
const opt = { stride: 1, z: true, poseOnly: false, expectFrames: null };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--stride') opt.stride = parseInt(args[++i], 10);
  else if (a === '--no-z') opt.z = false;
  else if (a === '--pose-only') opt.poseOnly = true;
  else if (a === '--expect-frames') opt.expectFrames = parseInt(args[++i], 10);
  else if (a.startsWith('--')) { console.error('unknown option ' + a); process.exit(2); }
  else positional.push(a);
}
if (positional.length !== 2 || !(opt.stride >= 1)) {
  console.error('usage: node compact.mjs IN.jsonl OUT.jsonl.gz [--stride N] [--no-z] [--pose-only] [--expect-frames N]');
  process.exit(2);
}
const [inPath, outPath] = positional;

const tenth = (v) => {
  const r = Math.round(v * 10) / 10;
  return Object.is(r, -0) ? 0 : r;
};

const rows = fs.readFileSync(inPath, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
rows.forEach((r, i) => {
  if (r.frame !== i) throw new Error(`${inPath}: line ${i + 1} holds frame ${r.frame}, expected ${i}`);
});
if (opt.expectFrames !== null && rows.length !== opt.expectFrames) {
  throw new Error(`${inPath}: ${rows.length} frames, the clip has ${opt.expectFrames}`);
}

let kept = 0, withFace = 0, points = null;
const lines = [];
for (const r of rows) {
  if (r.frame % opt.stride !== 0) continue;
  kept++;
  if (opt.poseOnly) {
    if (!('pose' in r)) throw new Error(`${inPath}: frame ${r.frame} has no "pose" (not a --geometry run)`);
    if (r.pose) withFace++;
    lines.push(JSON.stringify({ frame: r.frame, pose: r.pose }));
    continue;
  }
  let lm = null;
  if (r.landmarks) {
    withFace++;
    if (points === null) points = r.landmarks.length;
    if (r.landmarks.length !== points) throw new Error(`${inPath}: frame ${r.frame} has ${r.landmarks.length} points`);
    lm = r.landmarks.map((p) => (opt.z ? [tenth(p[0]), tenth(p[1]), tenth(p[2])] : [tenth(p[0]), tenth(p[1])]));
  }
  lines.push(JSON.stringify({ frame: r.frame, w: r.w, h: r.h, landmarks: lm }));
}

// mtime 0 in the gzip header (node writes none), so re-running gives identical bytes
fs.writeFileSync(outPath, zlib.gzipSync(lines.join('\n') + '\n', { level: 9 }));
console.log(JSON.stringify({
  in: inPath, out: outPath, framesIn: rows.length, framesKept: kept, withFace,
  points, stride: opt.stride, z: opt.poseOnly ? null : opt.z, poseOnly: opt.poseOnly,
  bytes: fs.statSync(outPath).size,
}));
