#!/usr/bin/env bash
# Joins DEVICES Zigbee devices at once (one Zigbee2MQTT device list from the simulator, as a big network does after a
# restart) into the packaged service on its embedded broker, and measures: time from `java -jar` to READY, time until
# the device list on disk holds every device, the number of writes of core/devices and the bytes the JVM wrote to disk
# by then (/proc/<pid>/io write_bytes; the service's output goes to a pipe, so log lines are not counted).
# Loopback only. Usage: bench/device-join.sh [DEVICES] [-- extra service arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
devices=${1:-5000}; shift || true
[ "${1:-}" = "--" ] && shift
jar=bridge-service/target/cpe-bridge.jar
[ -f "$jar" ] || mvn -B -q -DskipTests package
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ms() { date +%s%3N; }
stored() { [ -f "$work/data/core/devices.rec" ] && grep -o '"id":"zigbee:' "$work/data/core/devices.rec" | wc -l || echo 0; }
port=$(free_port)
out="$work/out"; : >"$out"
start=$(ms)
java -XX:-UsePerfData ${JAVA_OPTS:-} -jar "$jar" --data-dir "$work/data" --set matter.enabled=false \
  --set dect.enabled=false --set usp.websocket.listen= --set "mqtt.embedded.listen=127.0.0.1:$port" \
  --set "zigbee.mqtt.url=tcp://127.0.0.1:$port" --set "usp.mqtt.url=tcp://127.0.0.1:$port" \
  --set "zigbee.simulator.devices=ikea-plug:$devices" "$@" > >(cat >"$out") 2>&1 &
pid=$!
until grep -q READY "$out"; do
  kill -0 "$pid" 2>/dev/null || { echo "bridge exited before READY:" >&2; cat "$out" >&2; exit 1; }
  sleep 0.05
done
ready=$(( $(ms) - start ))
deadline=$(( $(date +%s) + 600 ))
until [ "$(stored)" -ge "$devices" ]; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "not all $devices devices stored within 600 s" >&2; exit 1; }
  kill -0 "$pid" 2>/dev/null || { echo "bridge died:" >&2; tail -20 "$out" >&2; exit 1; }
  sleep 0.1
done
joined=$(( $(ms) - start ))
written=$(awk '/^write_bytes/ {print $2}' "/proc/$pid/io")
size=$(stat -c %s "$work/data/core/devices.rec")
kill -TERM "$pid"; set +e; wait "$pid"; code=$?; set -e; pid=
echo "devices=$devices ready_ms=$ready all_stored_ms=$joined join_after_ready_ms=$(( joined - ready ))" \
  "jvm_disk_write_bytes=$written devices_rec_bytes=$size exit=$code"
