#!/usr/bin/env bash
# Re-creates the MediaPipe reference fixtures in tracking/src/test/resources/mediapipe-ref/
# from the official MediaPipe Face Mesh JS solution (npm @mediapipe/face_mesh 0.4.1657299874,
# run in headless Chromium by the developer tool shared/tools/mediapipe-ref).
# This is a development script: nothing the project builds or tests runs it.
#
#   scripts/mediapipe-ref/make-fixtures.sh [--clips "d18 d11 d9 d6"] [--no-geometry]
#                                          [--data DIR] [--tool DIR] [--raw-dir DIR]
#
#   --clips      which clips to (re)make (default: all four; the geometry fixture needs d18)
#   --no-geometry  skip the d18 head-pose fixture
#   --data       the clips and their SHA256SUMS (default: ../shared/data beside the project)
#   --tool       a writable copy of mediapipe-ref (default: a fresh temporary copy of
#                ../shared/tools/mediapipe-ref; its extract.sh installs its npm packages itself)
#   --raw-dir    keep the tool's full-precision JSON lines here (default: a temporary folder)
#
# Needs bash, node, ffmpeg/ffprobe, sha256sum and Debian's chromium (see the tool's README).
# Each clip is checked against SHA256SUMS first. Per clip the tool runs once with
# --refine --cpu (478 points, tracking like a live stream); the geometry run on d18 uses
# --geometry --cpu (468 points: the geometry pipeline of this build needs the plain model).
# compact.mjs then rounds and gzips; manifest.json lists what each file holds.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/scripts/mediapipe-ref"
dest="$root/tracking/src/test/resources/mediapipe-ref"
data="$root/../shared/data"
tool=""
raw=""
clips="d18 d11 d9 d6"
geometry=1
while [ $# -gt 0 ]; do
  case "$1" in
    --clips) clips="$2"; shift ;;
    --no-geometry) geometry=0 ;;
    --data) data="$2"; shift ;;
    --tool) tool="$2"; shift ;;
    --raw-dir) raw="$2"; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

# What each fixture keeps, chosen so that every file stays near or under 1 MB:
#   clip -> "stride z" (stride 1 = every frame; z 1 = keep z, 0 = x,y only)
declare -A keep=( [d18]="1 1" [d11]="1 1" [d9]="2 1" [d6]="2 0" )

FACE_MESH_VERSION="0.4.1657299874"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$tool" ]; then
  cp -r "$root/../shared/tools/mediapipe-ref" "$work/tool"
  chmod -R u+w "$work/tool"
  tool="$work/tool"
fi
[ -n "$raw" ] || raw="$work/raw"
mkdir -p "$raw" "$dest"
data=$(cd "$data" && pwd)

grep -q "\"@mediapipe/face_mesh\": \"$FACE_MESH_VERSION\"" "$tool/package.json" \
  || { echo "$tool does not pin @mediapipe/face_mesh $FACE_MESH_VERSION" >&2; exit 1; }

summaries="$work/summaries.jsonl"
: > "$summaries"

clip_info() { # clip -> "sha256 frames w h rate colorspace"
  local clip=$1 sum
  sum=$(awk -v f="$clip.mp4" '$2 == f { print $1 }' "$data/SHA256SUMS")
  [ -n "$sum" ] || { echo "$clip.mp4 is not in $data/SHA256SUMS" >&2; exit 1; }
  (cd "$data" && echo "$sum  $clip.mp4" | sha256sum --quiet -c -) \
    || { echo "$data/$clip.mp4 does not match SHA256SUMS" >&2; exit 1; }
  # key=value lines: ffprobe prints the fields in its own order, not in the order asked for
  local k v frames="" w="" h="" rate="" cs=""
  while IFS='=' read -r k v; do
    case "$k" in
      width) w=$v ;; height) h=$v ;; r_frame_rate) rate=$v ;;
      color_space) cs=$v ;; nb_read_frames) frames=$v ;;
    esac
  done < <(ffprobe -v error -select_streams v:0 -count_frames \
    -show_entries stream=width,height,r_frame_rate,color_space,nb_read_frames -of default=nw=1 "$data/$clip.mp4")
  [ -n "$frames" ] && [ -n "$w" ] && [ -n "$h" ] && [ -n "$rate" ] \
    || { echo "ffprobe gave no frame count/size/rate for $clip.mp4" >&2; exit 1; }
  echo "$sum $frames $w $h $rate ${cs:-unknown}"
}

run_clip() { # clip mode(refine|geometry) out-name compact-args...
  local clip=$1 mode=$2 name=$3; shift 3
  local sum frames w h rate cs flags
  read -r sum frames w h rate cs < <(clip_info "$clip")
  if [ "$mode" = geometry ]; then flags="--geometry --cpu"; else flags="--refine --cpu"; fi
  echo "== $clip: $frames frames ${w}x${h} @ $rate, colour matrix tag '$cs'; extract.sh $flags" >&2
  # shellcheck disable=SC2086  # flags are words on purpose
  "$tool/extract.sh" "$data/$clip.mp4" "$raw/$clip.$mode.jsonl" $flags >&2
  node "$here/compact.mjs" "$raw/$clip.$mode.jsonl" "$dest/$name" --expect-frames "$frames" "$@" \
    | CLIP="$clip" SUM="$sum" FRAMES="$frames" W="$w" H="$h" RATE="$rate" CS="$cs" FLAGS="$flags" node -e '
      let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
        const o = JSON.parse(s), e = process.env;
        const [n, d] = e.RATE.split("/").map(Number);
        console.log(JSON.stringify({
          file: o.out.split("/").pop(), clip: e.CLIP + ".mp4", clipSha256: e.SUM,
          clipFrames: +e.FRAMES, width: +e.W, height: +e.H, fps: d ? n / d : null,
          colorSpaceTag: e.CS,
          // the YUV->RGB matrix used by the tool (ffmpeg 5.1, scale in_color_matrix=auto)
          rgbMatrix: e.CS === "unknown" ? "bt601 (untagged: swscale default)" : e.CS + " (from the stream tag)",
          toolFlags: e.FLAGS, frameStride: o.stride, framesInFile: o.framesKept,
          framesWithFace: o.withFace, points: o.points, z: o.z, poseOnly: o.poseOnly, bytes: o.bytes,
        }));
      });' >> "$summaries"
  tail -n 1 "$summaries" >&2
}

for clip in $clips; do
  [ -n "${keep[$clip]:-}" ] || { echo "no settings for clip $clip" >&2; exit 1; }
  read -r stride z <<< "${keep[$clip]}"
  args=(--stride "$stride")
  [ "$z" = 1 ] || args+=(--no-z)
  run_clip "$clip" refine "$clip.refine.jsonl.gz" "${args[@]}"
done
if [ "$geometry" = 1 ]; then
  run_clip d18 geometry d18.geometry-pose.jsonl.gz --pose-only
fi

# merge into manifest.json (entries for clips not re-made this time are kept)
chromium_version=$("${CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null || echo unknown)
ffmpeg_version=$(ffmpeg -version | head -n 1 | awk '{print $3}')
SUMMARIES="$summaries" MANIFEST="$dest/manifest.json" FMV="$FACE_MESH_VERSION" \
PWV=$(node -p "require('$tool/node_modules/playwright-core/package.json').version") \
CHR="$chromium_version" FFV="$ffmpeg_version" node -e '
  const fs = require("fs"), e = process.env;
  const old = fs.existsSync(e.MANIFEST) ? JSON.parse(fs.readFileSync(e.MANIFEST, "utf8")) : { files: [] };
  const made = fs.readFileSync(e.SUMMARIES, "utf8").split("\n").filter(Boolean).map(JSON.parse);
  const date = new Date().toISOString().slice(0, 10);
  for (const m of made) {
    m.made = date;
    m.tool = { package: "@mediapipe/face_mesh@" + e.FMV, driver: "playwright-core@" + e.PWV,
               browser: e.CHR, ffmpeg: e.FFV };
  }
  const byFile = new Map(old.files.map((f) => [f.file, f]));
  for (const m of made) byFile.set(m.file, m);
  const out = {
    about: "MediaPipe Face Mesh reference landmarks; see README.md in this folder",
    settings: { maxNumFaces: 1, selfieMode: false, minTrackingConfidence: 0.5,
                minDetectionConfidence: "not set (graph built-in 0.5)", useCpuInference: true,
                timestampsMs: "frame * 1000 / fps", mode: "live-stream tracking (no reset between frames)" },
    files: [...byFile.values()].sort((a, b) => a.file.localeCompare(b.file)),
  };
  fs.writeFileSync(e.MANIFEST, JSON.stringify(out, null, 2) + "\n");
'
echo "wrote $dest/manifest.json" >&2
