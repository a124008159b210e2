#!/usr/bin/env bash
# Footprint of the packaged bridge as a router runs it, through the shipped launcher (bridge-service/target/cpe-bridge,
# or DIST=DIR/cpe-bridge for an installed copy; flags from jvm.options beside it; CPE_BRIDGE_OPTIONS=FILE measures
# another options file): the whole bridge (Matter,
# USP over MQTT and WebSocket, embedded broker, DECT simulator with DEVICES plugs, the default Zigbee simulator), then
# per round: time from launch to READY, 300 usp-js Gets of Device.ProxiedDevice. (1 + WARMUP + COUNT sequential +
# COUNT with 8 in flight, COUNT=100) and COUNT one-parameter Gets, then peak RSS (VmHWM), RSS and thread count from
# /proc. Also the sizes of the jar, the CDS archive and the jlink runtime (scripts/build-runtime.sh) when present, and
# the load average, since latency on a shared machine means little without it. When the class-data archive beside the
# jar is missing or stale, an unmeasured first run makes it (the launcher does that at its exit).
#
# Second agent: with PEER_MQTT_PORT and PEER_AGENT_ID (an agent already running, e.g. OB-USP-Agent on mosquitto,
# answering controller PEER_CONTROLLER_ID on PEER_CONTROLLER_TOPIC; PEER_MQTT_USERNAME/PASSWORD when its broker wants them), small Gets (Device.LocalAgent.EndpointID,
# Device.DeviceInfo.) are interleaved, ours then the peer's, and the median ratio printed (this whole bridge on its
# embedded broker against the peer on its own; bench/usp-vs-peer.sh compares the two agents alone on one broker). Without them that part is
# skipped with a message. Benchmark, not a test: it asserts nothing. Needs the build (README) and the npm peers
# (scripts/setup-test-peers.sh). NMT=1 adds -XX:NativeMemoryTracking=summary and prints, after the Gets, the JVM's
# committed Metaspace and class space (jcmd from JAVA_HOME or the PATH; the jlink runtime has none; NMT_OUT=FILE
# keeps the whole summary as FILE.ROUND); THREAD_NAMES=1
# prints the threads by name (/proc/PID/task/*/comm, digits folded). Usage:
#   bench/footprint.sh [ROUNDS] [-- extra service arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}; shift || true
[ "${1:-}" = "--" ] && shift
devices=${DEVICES:-200}
count=${COUNT:-100}
warmup=${WARMUP:-100}
dist=${DIST:-bridge-service/target}
launcher=$dist/cpe-bridge
jar=$dist/cpe-bridge.jar
modules=usp-agent/src/test/interop/node_modules
[ -x "$launcher" ] && [ -f "$jar" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }
[ -d "$modules/usp-js" ] || { echo "install the npm peers first: scripts/setup-test-peers.sh" >&2; exit 2; }
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
free_udp_port() {
  python3 -c 'import socket; s=socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.bind(("::",0)); print(s.getsockname()[1])'
}
status() { awk -v key="$2:" '$1 == key {print $2}' "/proc/$1/status"; }
ms() { date +%s%3N; }
kib() { [ -e "$1" ] && du -sk "$1" | cut -f1 || echo -; }
json() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

# get PORT AGENT PATH COUNT WARMUP EXPECT RESULT [CONTROLLER_ID CONTROLLER_TOPIC]
get() {
  MQTT_USERNAME=${MQTT_USERNAME:-} MQTT_PASSWORD=${MQTT_PASSWORD:-} EXPECT_DEVICES=$6 RESULT_FILE=$7 NODE_PATH="$modules" MQTT_PORT=$1 AGENT_ID=$2 AGENT_TOPIC="usp/agent/$2" \
    PATH_TO_GET=$3 COUNT=$4 WARMUP=$5 CONTROLLER_ID=${8:-proto::cpe-bridge-controller} \
    CONTROLLER_TOPIC=${9:-usp/controller} node bench/usp/get-bench.js >"$7.log" 2>&1 \
    || { cat "$7.log" >&2; return 1; }
}

echo "launcher: $launcher, options: ${CPE_BRIDGE_OPTIONS:-$dist/jvm.options}" \
  "($(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "${CPE_BRIDGE_OPTIONS:-$dist/jvm.options}" | xargs))"
echo "java: $( { [ -x "$dist/runtime/bin/java" ] && echo "jlink runtime $dist/runtime"; } \
  || echo "${JAVA_HOME:-PATH}")"
[ "${NMT:-0}" = 1 ] && export JAVA_OPTS="${JAVA_OPTS:-} -XX:NativeMemoryTracking=summary"
jcmd=$( { [ -n "${JAVA_HOME:-}" ] && echo "$JAVA_HOME/bin/jcmd"; } || command -v jcmd || echo jcmd)
# launch NAME [service arguments]: starts the bridge through the launcher on free ports (chosen before the clock
# starts: READY is the bridge's start, not python's; three interpreter starts took 0.65-0.95 s at load 8 when they
# were inside the timed launch line), waits for READY; sets pid, port, out and ready (ms from launch to READY).
launch() {
  local name=$1; shift
  port=$(free_port); local ws_port web_port matter_port start
  ws_port=$(free_port); web_port=$(free_port); matter_port=$(free_udp_port)
  out="$work/out.$name"; : >"$out"
  start=$(ms)
  "$launcher" --data-dir "$work/data.$name" \
    --set "mqtt.embedded.listen=127.0.0.1:$port" --set "zigbee.mqtt.url=tcp://127.0.0.1:$port" \
    --set "usp.mqtt.url=tcp://127.0.0.1:$port" --set "usp.websocket.listen=127.0.0.1:$ws_port" \
    --set "web.listen=127.0.0.1:$web_port" \
    --set "matter.port=$matter_port" --set "dect.simulator.devices=plug:$devices" "$@" >"$out" 2>&1 &
  pid=$!
  until grep -q READY "$out"; do
    kill -0 "$pid" 2>/dev/null || { echo "bridge exited before READY:" >&2; cat "$out" >&2; exit 1; }
    sleep 0.01
  done
  ready=$(( $(ms) - start ))
}
# A missing or stale class-data archive costs 7-14 MiB of peak RSS (docs/footprint.md): the launcher makes one at
# the exit of a run that finds none, so such a run comes first, unmeasured (CPE_BRIDGE_CDS=off measures without).
if [ "${CPE_BRIDGE_CDS:-auto}" = auto ] && ! CPE_BRIDGE_CDS=check "$launcher" >/dev/null; then
  echo "cds: $dist/cpe-bridge.jsa missing or stale; an unmeasured first run makes it"
  launch cds "$@"
  kill -TERM "$pid"; wait "$pid" || true; pid=
  CPE_BRIDGE_CDS=check "$launcher" >/dev/null || { echo "the archive was not made:" >&2; cat "$out" >&2; exit 1; }
fi
echo "sizes_kib: jar=$(kib "$jar") cds_archive=$(kib "$dist/cpe-bridge.jsa")" \
  "runtime=$(kib "$dist/runtime")"
printf "%-5s %-8s %-8s %-8s %-7s %-9s %-9s %-9s %-8s %s\n" round ready_ms hwm_kib rss_kib threads get_med get_p99 \
  small_med gets/s load1
for round in $(seq 1 "$rounds"); do
  launch "$round" "$@"
  agent=$(grep -o 'agent os::[^ ]*' "$out" | head -1 | cut -d' ' -f2)
  # The embedded broker admits only its accounts: the Controller's password is in the data directory.
  export MQTT_USERNAME=cpe-bridge-controller
  MQTT_PASSWORD=$(sed '1,/^$/d' "$work/data.$round/core/mqtt-accounts.rec" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["cpe-bridge-controller"])')
  export MQTT_PASSWORD
  get "$port" "$agent" Device.ProxiedDevice. "$count" "$warmup" "$devices" "$work/result.$round"
  r="$work/result.$round"
  printf "%-5s %-8s %-8s %-8s %-7s %-9s %-9s %-9s %-8s %s\n" "$round" "$ready" "$(status "$pid" VmHWM)" \
    "$(status "$pid" VmRSS)" "$(status "$pid" Threads)" "$(json "$r" medianMs)" "$(json "$r" p99Ms)" \
    "$(json "$r" oneParamMedianMs)" "$(json "$r" getsPerSecond)" "$(cut -d' ' -f1 /proc/loadavg)"
  if [ "${NMT:-0}" = 1 ]; then
    nmt=${NMT_OUT:-$work/nmt}.$round
    "$jcmd" "$pid" VM.native_memory summary scale=KB >"$nmt" 2>&1 || cat "$nmt" >&2
    python3 -c 'import re,sys; t=open(sys.argv[1]).read()
def get(pattern):
    m = re.search(pattern, t)
    return m.group(1) if m else "?"
print("  NMT committed KiB: total %s, metaspace %s + class space %s (%s classes), code %s, threads %s, symbols %s, compiler %s" % (
  get(r"Total: reserved=\d+KB, committed=(\d+)KB"), get(r"Metadata:\s*\)\s*\(\s*reserved=\d+KB, committed=(\d+)KB"),
  get(r"Class space:\s*\)\s*\(\s*reserved=\d+KB, committed=(\d+)KB"), get(r"classes #(\d+)"),
  get(r"-\s+Code \(reserved=\d+KB, committed=(\d+)KB"), get(r"-\s+Thread \(reserved=\d+KB, committed=(\d+)KB"),
  get(r"-\s+Symbol \(reserved=\d+KB, committed=(\d+)KB"), get(r"-\s+Compiler \(reserved=\d+KB, committed=(\d+)KB")))' "$nmt"
  fi
  if [ "${THREAD_NAMES:-0}" = 1 ]; then
    echo "  threads: $(cat /proc/"$pid"/task/*/comm | sed 's/[0-9]\+/N/g' | sort | uniq -c \
      | sed 's/^ *\([0-9]*\) \(.*\)/\2 x\1/' | paste -sd';' - | sed 's/;/; /g')"
  fi
  if [ "$round" = "$rounds" ] && [ -n "${PEER_MQTT_PORT:-}" ] && [ -n "${PEER_AGENT_ID:-}" ]; then
    echo "interleaved small Gets, this bridge / peer $PEER_AGENT_ID on port $PEER_MQTT_PORT (sequential medians, ms):"
    for path in Device.LocalAgent.EndpointID Device.DeviceInfo.; do
      ours=(); theirs=()
      for i in 1 2 3 4 5; do
        get "$port" "$agent" "$path" 100 20 -1 "$work/ours"
        MQTT_USERNAME=${PEER_MQTT_USERNAME:-} MQTT_PASSWORD=${PEER_MQTT_PASSWORD:-} \
          get "$PEER_MQTT_PORT" "$PEER_AGENT_ID" "$path" 100 20 -1 "$work/peer" \
          "${PEER_CONTROLLER_ID:-proto::cpe-bridge-controller}" "${PEER_CONTROLLER_TOPIC:-usp/controller}"
        ours+=("$(json "$work/ours" medianMs)"); theirs+=("$(json "$work/peer" medianMs)")
      done
      python3 -c 'import statistics,sys; a=[float(x) for x in sys.argv[2].split()]; b=[float(x) for x in sys.argv[3].split()]
print("  %-30s ours %6.2f  peer %6.2f  ratio %.2f  load %s" % (sys.argv[1], statistics.median(a), statistics.median(b),
      statistics.median(a)/statistics.median(b), open("/proc/loadavg").read().split()[0]))' \
        "$path" "${ours[*]}" "${theirs[*]}"
    done
  fi
  kill -TERM "$pid"; wait "$pid" || true; pid=
done
if [ -z "${PEER_MQTT_PORT:-}" ] || [ -z "${PEER_AGENT_ID:-}" ]; then
  if command -v obuspa >/dev/null; then
    echo "second agent: skipped; obuspa is installed: start it on an MQTT broker and set PEER_MQTT_PORT and PEER_AGENT_ID"
  else
    echo "second agent: skipped; no second USP agent on this machine (set PEER_MQTT_PORT and PEER_AGENT_ID to one)"
  fi
fi
