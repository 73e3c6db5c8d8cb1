#!/usr/bin/env bash
# Packs what `marionette bench render` needs on a GPU machine that has no Java and maybe no
# Vulkan loader (the lent device machine): a jlink runtime (only the modules the app needs,
# xz-compressed), the app's jars without the FFmpeg/OpenCV/OpenBLAS/TFLite natives (rendering
# needs none of them), the default avatar already built (building it needs those natives), and
# Debian's Vulkan loader package. Everything lands in .device/ (git-ignored), under the 64 MiB
# the device tool carries; scripts/device-bench.sh runs there.
#
#   scripts/device-bundle.sh            # build the app if needed, then pack .device/
#
# Needs a JDK >= 24 (jlink from the run-time image, JEP 493) or one with jmods, xz, and apt-get.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/.device"
: "${JAVA_HOME:?set JAVA_HOME to a JDK (>= 24, or one with jmods)}"
cd "$root"

if [ ! -f app/target/marionette.jar ]; then
    ./mvnw -B -q install -DskipTests
fi

rm -rf "$out"
mkdir -p "$out/app/lib" "$out/debs"

# 1. The app's jars, minus the bytedeco natives (their Java classes stay: picocli loads every
#    command class, and those name JavaCV types) and libtorch (only 'avatar learn' fits with it;
#    rendering a learned avatar decodes it in Java).
cp app/target/marionette.jar "$out/app/"
for jar in app/target/lib/*.jar; do
    case "$(basename "$jar")" in
        ffmpeg-*-linux-*.jar|opencv-*-linux-*.jar|openblas-*-linux-*.jar|tensorflow-lite-*-linux-*.jar|javacpp-*-linux-*.jar|pytorch-native-*.jar) ;;
        *) cp "$jar" "$out/app/lib/" ;;
    esac
done

# 2. The default avatar (the bundled portrait), built here: building needs the face tracker.
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar app/target/marionette.jar \
    avatar create --photo sample --out "$out/default.mavatar" >/dev/null 2>"$out/avatar.log" \
    || { echo "device-bundle: building the default avatar failed:" >&2; cat "$out/avatar.log" >&2; exit 1; }
rm -f "$out/avatar.log"

# 3. A runtime with the modules the app uses (jdeps), debug info and native symbols stripped,
#    then xz: the modules file compresses far better there than with jlink's zip.
modules=$("$JAVA_HOME/bin/jdeps" --multi-release 21 --ignore-missing-deps --print-module-deps \
    --class-path "app/target/lib/*" app/target/marionette.jar)
modules="$modules,java.logging"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --output "$tmp/runtime"
strip --strip-unneeded "$tmp/runtime/lib/server/libjvm.so" 2>/dev/null || true
tar -cJf "$out/runtime.tar.xz" -C "$tmp" runtime

# 4. The Vulkan loader, as a Debian package to unpack there (the NVIDIA driver brings only its ICD).
(cd "$out/debs" && apt-get download libvulkan1 >/dev/null)

size=$(du -sm "$out" | cut -f1)
echo "device-bundle: $out holds ${size} MiB (modules: $modules)"
if [ "$size" -ge 64 ]; then
    echo "device-bundle: over the 64 MiB the device tool carries" >&2
    exit 1
fi
