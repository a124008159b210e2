#!/usr/bin/env bash
# Bytes the packaged service writes to disk per device state change. CHANGES presses of a simulated DECT-ULE plug
# (each toggles it: one StateChanged in the core, one USP/Matter-visible change) through the simulator's HTTP
# control; the JVM's /proc/<pid>/io write_bytes before and after, divided by CHANGES. The service's output goes to a
# pipe, so log lines are not counted; -XX:-UsePerfData keeps the JVM's own perf file out. Loopback only.
# Usage: bench/state-writes.sh [CHANGES]
set -euo pipefail
cd "$(dirname "$0")/.."
changes=${1:-200}
jar=bridge-service/target/cpe-bridge.jar
[ -f "$jar" ] || mvn -B -q -DskipTests package
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port); control=$(free_port)
out="$work/out"; : >"$out"
java -XX:-UsePerfData ${JAVA_OPTS:-} -jar "$jar" --data-dir "$work/data" --set matter.enabled=false \
  --set zigbee.simulator.devices= --set zigbee.enabled=false --set usp.websocket.listen= \
  --set "mqtt.embedded.listen=127.0.0.1:$port" --set "usp.mqtt.url=tcp://127.0.0.1:$port" \
  --set dect.simulator.devices=plug:1 --set "dect.simulator.control=127.0.0.1:$control" > >(cat >"$out") 2>&1 &
pid=$!
until grep -q READY "$out"; do
  kill -0 "$pid" 2>/dev/null || { echo "bridge exited before READY:" >&2; cat "$out" >&2; exit 1; }
  sleep 0.05
done
plug=$(curl -sf "http://127.0.0.1:$control/devices" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
sleep 5  # registration and first writes settle
io() { awk '/^write_bytes/ {print $2}' "/proc/$pid/io"; }
before=$(io)
for _ in $(seq 1 "$changes"); do
  curl -sf -X POST "http://127.0.0.1:$control/devices/$plug/press" >/dev/null
done
sleep 3  # anything coalesced is written by now (bridge.deviceWriteDelay is 1 s)
after=$(io)
kill -TERM "$pid"; set +e; wait "$pid"; code=$?; set -e; pid=
echo "changes=$changes jvm_disk_write_bytes=$(( after - before ))" \
  "bytes_per_change=$(awk -v d=$(( after - before )) -v n="$changes" 'BEGIN {printf "%.1f", d / n}') exit=$code"
