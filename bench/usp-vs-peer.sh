#!/usr/bin/env bash
# Small USP Gets, this bridge against a second USP agent on the same MQTT broker, interleaved. The second agent
# (e.g. OB-USP-Agent) is already running on a broker that admits anonymous clients on 127.0.0.1:PEER_MQTT_PORT, with
# Endpoint ID PEER_AGENT_ID, subscribed to usp/agent/PEER_AGENT_ID (PEER_AGENT_TOPIC to change it), answering
# Controller PEER_CONTROLLER_ID on PEER_CONTROLLER_TOPIC. This script starts the bridge through the shipped launcher
# (jvm.options) with its embedded broker, Matter, DECT and Zigbee off and its USP agent on that same broker (so both
# agents pay the same broker), then per round and per path (Device.LocalAgent.EndpointID, Device.DeviceInfo. or PATHS)
# runs the usp-js Controller once against the bridge and once against the peer (who goes first alternates per
# round; bench/usp/get-bench.js: WARMUP + COUNT sequential Gets, then COUNT with 8 in flight and COUNT of
# Device.DeviceInfo.SerialNumber), and prints the median of each side's sequential round medians, their ratio, the
# user+system CPU each process spent over all those Gets (/proc/PID/stat; the peer's only with PEER_PID) in clock ticks
# per 1000 Gets, and the load average. With THREADS=1 it also prints where the bridge's CPU went over its Gets, by
# thread name (bridge-io-N counted as bridge-io, bridge-worker-N as bridge-worker): a hand-off to a worker and back
# shows as worker ticks.
# Without PEER_MQTT_PORT and PEER_AGENT_ID it says so and exits 0: a benchmark, not a test; it asserts nothing.
# Needs the build (README) and the npm peers (scripts/setup-test-peers.sh). Usage:
#   bench/usp-vs-peer.sh [ROUNDS] [-- extra service arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}; shift || true
[ "${1:-}" = "--" ] && shift
if [ -z "${PEER_MQTT_PORT:-}" ] || [ -z "${PEER_AGENT_ID:-}" ]; then
  echo "usp-vs-peer: skipped; no second USP agent given (set PEER_MQTT_PORT and PEER_AGENT_ID, and" \
    "PEER_CONTROLLER_ID / PEER_CONTROLLER_TOPIC to the Controller it answers)"
  exit 0
fi
count=${COUNT:-200}
warmup=${WARMUP:-50}
paths=${PATHS:-"Device.LocalAgent.EndpointID Device.DeviceInfo."}
peer_topic=${PEER_AGENT_TOPIC:-usp/agent/$PEER_AGENT_ID}
peer_controller=${PEER_CONTROLLER_ID:-proto::cpe-bridge-controller}
peer_controller_topic=${PEER_CONTROLLER_TOPIC:-usp/controller}
dist=${DIST:-bridge-service/target}
launcher=$dist/cpe-bridge
modules=usp-agent/src/test/interop/node_modules
[ -x "$launcher" ] && [ -f "$dist/cpe-bridge.jar" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }
[ -d "$modules/usp-js" ] || { echo "install the npm peers first: scripts/setup-test-peers.sh" >&2; exit 2; }
peer_pid=${PEER_PID:-}
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# utime + stime of a process, in clock ticks (/proc/PID/stat fields 14 and 15, after the command's parentheses).
ticks() { [ -n "$1" ] && [ -r "/proc/$1/stat" ] && sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}' || echo 0; }
# utime + stime of each thread of a process, one "name ticks" line each, numbered names (bridge-io-2) by their prefix.
thread_ticks() {
  for task in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(sed 's/-[0-9]*$//' "$task/comm" 2>/dev/null | tr ' ' _)" \
      "$(sed 's/^.*) //' "$task/stat" 2>/dev/null | awk '{print $12 + $13}')"
  done
}

# get AGENT_ID AGENT_TOPIC CONTROLLER_ID CONTROLLER_TOPIC PATH RESULT
get() {
  EXPECT_DEVICES=-1 RESULT_FILE=$6 NODE_PATH="$modules" MQTT_PORT=$PEER_MQTT_PORT AGENT_ID=$1 AGENT_TOPIC=$2 \
    CONTROLLER_ID=$3 CONTROLLER_TOPIC=$4 PATH_TO_GET=$5 COUNT=$count WARMUP=$warmup node bench/usp/get-bench.js \
    >"$6.log" 2>&1 || { cat "$6.log" >&2; return 1; }
}
median() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["medianMs"])' "$1"; }

out=$work/bridge.out
: >"$out"
"$launcher" --data-dir "$work/data" --set mqtt.embedded.enabled=false --set matter.enabled=false \
  --set dect.enabled=false --set zigbee.enabled=false --set web.enabled=false \
  --set "usp.mqtt.url=tcp://127.0.0.1:$PEER_MQTT_PORT" --set "usp.websocket.listen=127.0.0.1:$(free_port)" "$@" \
  >"$out" 2>&1 &
pid=$!
until grep -q READY "$out"; do
  kill -0 "$pid" 2>/dev/null || { echo "bridge exited before READY:" >&2; cat "$out" >&2; exit 1; }
  sleep 0.05
done
agent=$(grep -o 'agent os::[^ ]*' "$out" | head -1 | cut -d' ' -f2)
echo "bridge $agent and peer $PEER_AGENT_ID on 127.0.0.1:$PEER_MQTT_PORT; $rounds rounds of $warmup + $count" \
  "sequential Gets per side and path; launcher options: $(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' \
  "${CPE_BRIDGE_OPTIONS:-$dist/jvm.options}" | xargs)"
for path in $paths; do
  ours=(); theirs=(); our_ticks=0; peer_ticks=0; : >"$work/threads"
  # One run of each side first, not counted: the bridge's JIT compiles the path's code here, not in round 1.
  get "$agent" "usp/agent/$agent" proto::cpe-bridge-controller usp/controller "$path" "$work/ours"
  get "$PEER_AGENT_ID" "$peer_topic" "$peer_controller" "$peer_controller_topic" "$path" "$work/peer"
  for round in $(seq 1 "$rounds"); do
    sides=(ours peer); [ $((round % 2)) = 0 ] && sides=(peer ours)
    for side in "${sides[@]}"; do
      if [ "$side" = ours ]; then
        before=$(ticks "$pid")
        if [ "${THREADS:-}" = 1 ]; then thread_ticks "$pid" | sed 's/^/- /' >>"$work/threads"; fi
        get "$agent" "usp/agent/$agent" proto::cpe-bridge-controller usp/controller "$path" "$work/ours"
        our_ticks=$((our_ticks + $(ticks "$pid") - before))
        if [ "${THREADS:-}" = 1 ]; then thread_ticks "$pid" | sed 's/^/+ /' >>"$work/threads"; fi
        ours+=("$(median "$work/ours")")
      else
        before=$(ticks "$peer_pid")
        get "$PEER_AGENT_ID" "$peer_topic" "$peer_controller" "$peer_controller_topic" "$path" "$work/peer"
        peer_ticks=$((peer_ticks + $(ticks "$peer_pid") - before))
        theirs+=("$(median "$work/peer")")
      fi
    done
  done
  python3 -c 'import statistics,sys
a=[float(x) for x in sys.argv[2].split()]; b=[float(x) for x in sys.argv[3].split()]
gets=int(sys.argv[6])
cpu=" cpu ticks/1000 Gets ours %.0f peer %s" % (int(sys.argv[4]) * 1000 / gets,
    "%.0f" % (int(sys.argv[5]) * 1000 / gets) if sys.argv[7] else "- (PEER_PID unset)")
print("%-30s ours %5.2f ms  peer %5.2f ms  ratio %.2f  (round medians ours %s, peer %s)%s  load %s" % (sys.argv[1],
      statistics.median(a), statistics.median(b), statistics.median(a) / statistics.median(b), sys.argv[2],
      sys.argv[3], cpu, open("/proc/loadavg").read().split()[0]))' \
    "$path" "${ours[*]}" "${theirs[*]}" "$our_ticks" "$peer_ticks" $((rounds * (2 + warmup + 3 * count))) "$peer_pid"
  if [ "${THREADS:-}" = 1 ]; then
    awk '{t[$2] += ($1 == "+" ? $3 : -$3)} END {for (n in t) if (t[n] > 0) printf "  %s %d", n, t[n]; print ""}' \
      "$work/threads" | sed "s|^|  our CPU ticks by thread over those Gets:|"
  fi
done
