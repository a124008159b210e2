#!/usr/bin/env bash
# Measures, for the packaged service: time from launch to the READY line, time from SIGTERM to exit, the exit code
# and resident memory at READY, through the launcher (bridge-service/target/cpe-bridge, flags from jvm.options beside
# it; DIST=DIR for an installed copy, whose first run makes its own CDS archive, docs/footprint.md). Build first
# (see README). By default on the service's embedded defaults, one data directory for all rounds (the first round is
# a first start, the others restarts). Options, as environment variables:
#   FRESH=1      each round on an empty data directory: READY includes the first start's key generation, as in
#                bench/footprint.sh's rounds;
#   FOOTPRINT=1  bench/footprint.sh's arguments: free loopback ports for every listener, DEVICES simulated DECT
#                plugs (default 200) beside the default Zigbee simulator;
#   COMPARE=DIR  a second installed copy (e.g. the commit before, with its own archive): each round runs DIST, then
#                DIR, so both see the same load; the first column says which.
# The load average is printed with each round: on a shared machine a READY time means little without it. A start
# that exits before READY is printed as such (its output on stderr) and the rounds go on. Usage:
#   bench/startup.sh [ROUNDS] [-- extra service arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}; shift || true
[ "${1:-}" = "--" ] && shift
dists=("${DIST:-bridge-service/target}")
[ -n "${COMPARE:-}" ] && dists+=("$COMPARE")
for dist in "${dists[@]}"; do
  [ -f "$dist/cpe-bridge.jar" ] && [ -x "$dist/cpe-bridge" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }
  # The launcher makes a missing or stale class-data archive at the exit of the run that finds it so: that round's
  # READY has no archive and its stop includes writing one (bench/footprint.sh runs such a round first, unmeasured).
  if [ "${CPE_BRIDGE_CDS:-auto}" = auto ] && ! CPE_BRIDGE_CDS=check "$dist/cpe-bridge" >/dev/null; then
    echo "cds: $dist/cpe-bridge.jsa missing or stale: round 1 of $dist makes it (its READY without, its stop writing it)"
  fi
done
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
free_udp_port() {
  python3 -c 'import socket; s=socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.bind(("::",0)); print(s.getsockname()[1])'
}
printf "%-6s %-40s %-10s %-10s %-6s %-9s %s\n" round dist ready_ms stop_ms exit rss_kib load1
for round in $(seq 1 "$rounds"); do
  for dist in "${dists[@]}"; do
    data="$work/data"
    [ "${FRESH:-0}" = 1 ] && data="$work/data.$round.$(basename "$dist")"
    args=()
    if [ "${FOOTPRINT:-0}" = 1 ]; then
      port=$(free_port)
      args=(--set "mqtt.embedded.listen=127.0.0.1:$port" --set "zigbee.mqtt.url=tcp://127.0.0.1:$port"
        --set "usp.mqtt.url=tcp://127.0.0.1:$port" --set "usp.websocket.listen=127.0.0.1:$(free_port)"
        --set "web.listen=127.0.0.1:$(free_port)" --set "matter.port=$(free_udp_port)"
        --set "dect.simulator.devices=plug:${DEVICES:-200}")
    fi
    out="$work/out"; : >"$out"
    start=$(ms)
    "$dist/cpe-bridge" --data-dir "$data" "${args[@]}" "$@" >"$out" 2>&1 &
    pid=$!
    ready=
    until grep -q READY "$out"; do
      if ! kill -0 "$pid" 2>/dev/null; then
        ready=exited
        break
      fi
      sleep 0.01
    done
    if [ "$ready" = exited ]; then
      wait "$pid" || true; pid=
      printf "%-6s %-40s %s\n" "$round" "$dist" "exited before READY:" 
      grep -m3 "startup failed\|Exception\|ERROR" "$out" >&2 || cat "$out" >&2
      continue
    fi
    ready=$(( $(ms) - start ))
    load=$(cut -d' ' -f1 /proc/loadavg)
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    stop_start=$(ms)
    kill -TERM "$pid"
    set +e; wait "$pid"; code=$?; set -e
    pid=
    stop=$(( $(ms) - stop_start ))
    printf "%-6s %-40s %-10s %-10s %-6s %-9s %s\n" "$round" "$dist" "$ready" "$stop" "$code" "$rss" "$load"
  done
done
