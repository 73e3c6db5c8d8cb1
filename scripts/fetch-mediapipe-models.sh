#!/usr/bin/env bash
# Re-creates the vendored MediaPipe model files from their npm packages (face mesh, selfie
# segmentation), then checks them
# against the sha256 sums kept beside them. Needs npm (it asks npm's configured registry),
# tar, GNU dd and sha256sum. Run from anywhere; it writes only into the resources folder.
#
#   scripts/fetch-mediapipe-models.sh           # re-create and verify
#   scripts/fetch-mediapipe-models.sh --check   # only verify what is there
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/tracking/src/main/resources/dev/marionette/tracking/mediapipe"
seg_dest="$root/models/src/main/resources/dev/marionette/models/mediapipe"

FACE_MESH_PACKAGE="@mediapipe/face_mesh"
FACE_MESH_VERSION="0.4.1657299874"
SEGMENTATION_PACKAGE="@mediapipe/selfie_segmentation"
SEGMENTATION_VERSION="0.1.1675465747"

verify() {
  (cd "$dest" && sha256sum --quiet -c SHA256SUMS) && echo "MediaPipe models verified in $dest"
  (cd "$seg_dest" && sha256sum --quiet -c SHA256SUMS) && echo "MediaPipe models verified in $seg_dest"
}

if [ "${1:-}" = "--check" ]; then verify; exit; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$FACE_MESH_PACKAGE@$FACE_MESH_VERSION" >/dev/null)
tar -xzf "$work"/mediapipe-face_mesh-"$FACE_MESH_VERSION".tgz -C "$work"
packed="$work/package/face_mesh_solution_packed_assets.data"

# The packed asset file holds the models back to back; the offsets are listed in the
# package's face_mesh_solution_packed_assets_loader.js. They are repeated here so that a
# changed package fails the sha256 check instead of silently cutting files differently.
cut_out() { # name start end
  local name=$1 start=$2 end=$3
  dd if="$packed" of="$dest/$name" bs=65536 iflag=skip_bytes,count_bytes \
     skip="$start" count="$((end - start))" status=none
}
grep -q '"start": 0, "end": 2495952' "$work/package/face_mesh_solution_packed_assets_loader.js" \
  || { echo "unexpected packed-asset layout in $FACE_MESH_PACKAGE@$FACE_MESH_VERSION" >&2; exit 1; }
cut_out face_landmark_with_attention.tflite              0       2495952
cut_out face_landmark.tflite                             2495952 3737848
cut_out geometry_pipeline_metadata_landmarks.binarypb    3737848 3757224
cut_out face_detection_short_range.tflite                3757224 3986256

# The segmentation package ships its model as a file of its own.
mkdir -p "$work/seg"
(cd "$work/seg" && npm pack --silent "$SEGMENTATION_PACKAGE@$SEGMENTATION_VERSION" >/dev/null)
tar -xzf "$work"/seg/mediapipe-selfie_segmentation-"$SEGMENTATION_VERSION".tgz -C "$work/seg"
cp "$work/seg/package/selfie_segmentation.tflite" "$seg_dest/"

verify
