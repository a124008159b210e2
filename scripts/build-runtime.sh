#!/usr/bin/env bash
# Builds the custom Java runtime a router vendor ships with the bridge: a jlink image with only the JDK modules the
# packaged jar uses, at bridge-service/target/runtime (beside the jar, where the cpe-bridge launcher looks for it
# first). The modules are jdeps' answer for the shaded jar plus jdk.crypto.ec, which jdeps cannot see: it is found
# through the JCA provider list (Ed25519 for secure time, EC keys and cipher suites for TLS). Build the jar first
# (README). --generate-cds-archive gives the image the JDK's default class-data archive of its own classes, as a
# full JDK has. Prints the module list and the image's size. Usage:
#   scripts/build-runtime.sh [OUTPUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bridge-service/target/cpe-bridge.jar
out=${1:-bridge-service/target/runtime}
[ -f "$jar" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }
jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
[ -x "$jdk/bin/jlink" ] || { echo "no jlink in $jdk (set JAVA_HOME to a JDK 17)" >&2; exit 2; }
[ -d "$jdk/jmods" ] || { echo "no $jdk/jmods: jlink needs the JDK's jmods (Debian: openjdk-17-jmods)" >&2; exit 2; }
modules=$("$jdk/bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps "$jar"),jdk.crypto.ec
echo "modules: $modules"
rm -rf "$out"
strip_native=()
# The JDK's libjvm.so carries its debug symbols (about half of its size); the image does not need them.
command -v objcopy >/dev/null && strip_native=(--strip-native-debug-symbols "objcopy=$(command -v objcopy)")
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug "${strip_native[@]}" --no-man-pages --no-header-files \
  --compress=2 --generate-cds-archive --output "$out"
# The archive for heaps over 32 GB (no compressed oops): never used under jvm.options' -Xmx.
rm -f "$out/lib/server/classes_nocoops.jsa"
echo "runtime: $out $(du -sk "$out" | cut -f1) KiB ($(du -sk "$out/lib/modules" | cut -f1) KiB of modules)"
