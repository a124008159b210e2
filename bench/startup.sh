#!/usr/bin/env bash
# Measures, for the packaged service on its embedded defaults: time from `java -jar` to the READY line, time from
# SIGTERM to exit, the exit code and resident memory at READY, through the launcher (bridge-service/target/cpe-bridge,
# flags from jvm.options). Build first (see README). Usage:
#   bench/startup.sh [ROUNDS] [-- extra service arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}; shift || true
[ "${1:-}" = "--" ] && shift
jar=bridge-service/target/cpe-bridge.jar
launcher=bridge-service/target/cpe-bridge
[ -f "$jar" ] && [ -x "$launcher" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ms() { date +%s%3N; }
printf "%-6s %-10s %-10s %-6s %s\n" round ready_ms stop_ms exit rss_kib
for round in $(seq 1 "$rounds"); do
  out="$work/out.$round"; : >"$out"
  start=$(ms)
  "$launcher" --data-dir "$work/data" "$@" >"$out" 2>&1 &
  pid=$!
  until grep -q READY "$out"; do
    kill -0 "$pid" 2>/dev/null || { echo "bridge exited before READY:" >&2; cat "$out" >&2; exit 1; }
    sleep 0.01
  done
  ready=$(( $(ms) - start ))
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  stop_start=$(ms)
  kill -TERM "$pid"
  set +e; wait "$pid"; code=$?; set -e
  stop=$(( $(ms) - stop_start ))
  printf "%-6s %-10s %-10s %-6s %s\n" "$round" "$ready" "$stop" "$code" "$rss"
done
