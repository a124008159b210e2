#!/usr/bin/env bash
# Where the round trip of a large USP Get goes, on the whole bridge as bench/footprint.sh runs it (the launcher's
# flags, DIST=DIR for an installed copy, DEVICES simulated DECT plugs, the Zigbee simulator, the embedded broker):
# after WARMUP Gets of Device.ProxiedDevice., COUNT more, 20 ms apart, with tcpdump capturing the broker's port on
# loopback (headers only) and the usp-js Controller noting three times per Get (bench/usp/get-split.js). Per Get, on
# one clock (the wall clock tcpdump and node both read):
#   sent       usp-js calls get()
#   req>broker the request's PUBLISH on the wire, usp-js to the broker
#   req>agent  the broker's forward of it, to the agent
#   ans first  the answer's first segment, agent to the broker;  ans last  its last segment
#   fwd first  the broker's forward, first segment to usp-js;    fwd last  its last segment
#   message    usp-js's mqtt client has parsed the PUBLISH;      resolved  usp-js has decoded it, get() resolves
# and prints the median of each step, then usp-js's decode of one captured answer alone in node. Also the bridge
# process's CPU time (utime+stime of /proc/PID/stat) over the timed Gets and over 1 s without Gets, and the load average. Benchmark, not a
# test. ROUNDS bridges one after another (default 1). With JAVA_OPTS=-Xlog:gc:file=FILE and GC_LOG=FILE it also
# counts the young and full collections over the timed Gets and adds up their pauses. Usage:
#   bench/usp-get-split.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-1}
devices=${DEVICES:-200}
count=${COUNT:-100}
warmup=${WARMUP:-100}
dist=${DIST:-bridge-service/target}
launcher=$dist/cpe-bridge
modules=usp-agent/src/test/interop/node_modules
[ -x "$launcher" ] && [ -f "$dist/cpe-bridge.jar" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }
[ -d "$modules/usp-js" ] || { echo "install the npm peers first: scripts/setup-test-peers.sh" >&2; exit 2; }
command -v tcpdump >/dev/null || { echo "needs tcpdump (and the right to capture on lo)" >&2; exit 2; }
work=$(mktemp -d)
pid=
dump_pid=
node_pid=
cleanup() {
  [ -n "$node_pid" ] && kill -TERM "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null
  [ -n "$dump_pid" ] && kill -TERM "$dump_pid" 2>/dev/null && wait "$dump_pid" 2>/dev/null
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
free_udp_port() {
  python3 -c 'import socket; s=socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.bind(("::",0)); print(s.getsockname()[1])'
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

for round in $(seq 1 "$rounds"); do
  port=$(free_port); ws_port=$(free_port); web_port=$(free_port); matter_port=$(free_udp_port)
  out="$work/out.$round"; : >"$out"
  "$launcher" --data-dir "$work/data.$round" \
    --set "mqtt.embedded.listen=127.0.0.1:$port" --set "zigbee.mqtt.url=tcp://127.0.0.1:$port" \
    --set "usp.mqtt.url=tcp://127.0.0.1:$port" --set "usp.websocket.listen=127.0.0.1:$ws_port" \
    --set "web.listen=127.0.0.1:$web_port" \
    --set "matter.port=$matter_port" --set "dect.simulator.devices=plug:$devices" >"$out" 2>&1 &
  pid=$!
  until grep -q READY "$out"; do
    kill -0 "$pid" 2>/dev/null || { echo "bridge exited before READY:" >&2; cat "$out" >&2; exit 1; }
    sleep 0.05
  done
  agent=$(grep -o 'agent os::[^ ]*' "$out" | head -1 | cut -d' ' -f2)
  password=$(sed '1,/^$/d' "$work/data.$round/core/mqtt-accounts.rec" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["cpe-bridge-controller"])')
  rm -f "$work/ready.$round"
  MQTT_USERNAME=cpe-bridge-controller MQTT_PASSWORD=$password EXPECT_DEVICES=$devices RESULT_FILE="$work/split.$round" \
    READY_FILE="$work/ready.$round" NODE_PATH="$modules" MQTT_PORT=$port AGENT_ID="$agent" \
    AGENT_TOPIC="usp/agent/$agent" CONTROLLER_ID=proto::cpe-bridge-controller CONTROLLER_TOPIC=usp/controller \
    COUNT=$count WARMUP=$warmup CAPTURE_SETTLE_MS=1500 node bench/usp/get-split.js >"$work/node.$round" 2>&1 &
  node_pid=$!
  until [ -f "$work/ready.$round" ]; do
    kill -0 "$node_pid" 2>/dev/null || { cat "$work/node.$round" >&2; exit 1; }
    sleep 0.05
  done
  # Headers and the first bytes of each segment are enough: the times, the flows and the sizes.
  tcpdump -i lo -s 96 -B 8192 -w "$work/pcap.$round" "tcp port $port" 2>"$work/tcpdump.$round" &
  dump_pid=$!
  # The bridge's CPU with no Get in flight (simulators, timers), over 1 s of get-split.js's pause before it times.
  sleep 0.2; idle_before=$(cpu_ticks "$pid"); sleep 1; idle_after=$(cpu_ticks "$pid")
  cpu_before=$(cpu_ticks "$pid")
  gc_count() { if [ -n "${GC_LOG:-}" ]; then grep -c "Pause $1" "$GC_LOG" || true; else echo 0; fi; }
  young_before=$(gc_count Young); full_before=$(gc_count Full)
  gc_lines_before=$( [ -n "${GC_LOG:-}" ] && wc -l <"$GC_LOG" || echo 0)
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  wait "$node_pid" || { cat "$work/node.$round" >&2; exit 1; }
  node_pid=
  cpu_after=$(cpu_ticks "$pid")
  young_after=$(gc_count Young); full_after=$(gc_count Full)
  gc_lines_after=$( [ -n "${GC_LOG:-}" ] && wc -l <"$GC_LOG" || echo 0)
  sleep 0.2
  kill -TERM "$dump_pid"; wait "$dump_pid" || true; dump_pid=
  echo "round $round: load $load_before..$(cut -d' ' -f1 /proc/loadavg), bridge CPU over the timed Gets" \
    "$(( (cpu_after - cpu_before) * 1000 / $(getconf CLK_TCK) )) ms for $count Gets, idle" \
    "$(( (idle_after - idle_before) * 1000 / $(getconf CLK_TCK) )) ms/s"
  [ -n "${GC_LOG:-}" ] && echo "  collections over the timed Gets: $((young_after - young_before)) young," \
    "$((full_after - full_before)) full, their pauses $(sed -n "$((gc_lines_before + 1)),${gc_lines_after}p" "$GC_LOG" \
    | grep -o 'Pause Young.* \([0-9.]*\)ms$' | grep -o '[0-9.]*ms$' | tr -d ms | paste -sd+ | sed 's/^$/0/' | bc) ms young," \
    "$(sed -n "$((gc_lines_before + 1)),${gc_lines_after}p" "$GC_LOG" \
    | grep -o 'Pause Full.* \([0-9.]*\)ms$' | grep -o '[0-9.]*ms$' | tr -d ms | paste -sd+ | sed 's/^$/0/' | bc) ms full"
  python3 bench/usp/split-pcap.py "$work/pcap.$round" "$work/split.$round" "$port"
  kill -TERM "$pid"; wait "$pid" || true; pid=
done
