#!/usr/bin/env bash
# Runs on the lent GPU machine, from the repository root, with .device/ carried (made by
# scripts/device-bundle.sh): unpacks the Vulkan loader and the Java runtime, then prints
# `marionette bench render` JSON for both renderers at 256² and 512² (and writes it to $OUT).
#
#   device run, carry [".device"]: bash scripts/device-bench.sh
set -uo pipefail
here=$(pwd)
for f in .device/debs/*.deb; do dpkg -x "$f" /; done
ldconfig
if [ -z "${VK_DRIVER_FILES:-}" ] && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
    export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
work=$(mktemp -d)
tar -xJf .device/runtime.tar.xz -C "$work"
java="$work/runtime/bin/java"
out="${OUT:-$here/.device/results}"
mkdir -p "$out"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm --format=csv 2>&1 | tee "$out/gpu.txt"
for renderer in triplane mesh; do
    for size in 256 512; do
        "$java" --enable-native-access=ALL-UNNAMED -jar .device/app/marionette.jar bench render \
            --avatar .device/default.mavatar --renderer "$renderer" --size "$size" --frames "${FRAMES:-600}" \
            2>>"$out/bench.log" | tee -a "$out/bench.jsonl"
    done
done
