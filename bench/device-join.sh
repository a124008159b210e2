#!/usr/bin/env bash
# Joins DEVICES Zigbee devices at once into the packaged service on its embedded broker: the Zigbee2MQTT simulator
# starts with one IKEA plug, then bench/join/DeviceListPublisher.java republishes Zigbee2MQTT's retained
# bridge/devices with that plug cloned DEVICES times (as a Zigbee2MQTT with a big network does after a restart).
# Measures the time from that publish until core/devices on disk holds every device (and until the USP agent's
# usp/instances holds a number for each), the number of bytes the JVM wrote to disk meanwhile (/proc/<pid>/io write_bytes; the service's output goes to a pipe, so log lines are not
# counted) and the final size of core/devices. Loopback only.
# Usage: bench/device-join.sh [DEVICES] [-- extra service arguments, e.g. --set bridge.deviceWriteDelay=0]
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
javac -d "$work/classes" -cp "$jar" bench/join/DeviceListPublisher.java
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ms() { date +%s%3N; }
stored() { [ -f "$work/data/core/devices.rec" ] && grep -o '"id":"zigbee:' "$work/data/core/devices.rec" | wc -l || echo 0; }
stored_at_least() { [ "$(stored)" -ge "$1" ]; }
# The USP agent numbers each new device (Device.ProxiedDevice.{i}) and keeps the numbers in usp/instances.
numbered() { [ -f "$work/data/usp/instances.rec" ] && grep -c ' zigbee:' "$work/data/usp/instances.rec" || echo 0; }
numbered_at_least() { [ "$(numbered)" -ge "$1" ]; }
io() { awk '/^write_bytes/ {print $2}' "/proc/$pid/io"; }
port=$(free_port)
out="$work/out"; : >"$out"
java -XX:-UsePerfData ${JAVA_OPTS:-} -jar "$jar" --data-dir "$work/data" --set matter.enabled=false \
  --set dect.enabled=false --set usp.websocket.listen= --set "mqtt.embedded.listen=127.0.0.1:$port" \
  --set "zigbee.mqtt.url=tcp://127.0.0.1:$port" --set "usp.mqtt.url=tcp://127.0.0.1:$port" \
  --set "zigbee.simulator.devices=ikea-plug:1" "$@" > >(cat >"$out") 2>&1 &
pid=$!
wait_for() { # seconds condition...
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out waiting for: $*" >&2; tail -20 "$out" >&2; exit 1; }
    kill -0 "$pid" 2>/dev/null || { echo "bridge died:" >&2; tail -20 "$out" >&2; exit 1; }
    if grep -q "ignored a malformed message" "$out"; then grep "malformed" "$out" >&2; exit 1; fi
    sleep 0.05
  done
}
wait_for 120 grep -q READY "$out"
wait_for 60 grep -q "adapter zigbee is online" "$out"
wait_for 60 stored_at_least 1
sleep 2
password=$(sed '1,/^$/d' "$work/data/core/mqtt-accounts.rec" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["cpe-bridge-zigbee"])')
before=$(io)
read -r published list_bytes < <(java -cp "$work/classes:$jar" DeviceListPublisher "tcp://127.0.0.1:$port" \
  cpe-bridge-zigbee "$password" zigbee2mqtt "$devices")
wait_for 900 stored_at_least "$devices"
joined=$(( $(ms) - published ))
written=$(( $(io) - before ))
size=$(stat -c %s "$work/data/core/devices.rec")
wait_for 1800 numbered_at_least "$devices"
numbered_ms=$(( $(ms) - published ))
written_all=$(( $(io) - before ))
kill -TERM "$pid"; set +e; wait "$pid"; code=$?; set -e; pid=
echo "devices=$devices device_list_bytes=$list_bytes core_devices_on_disk_ms=$joined jvm_disk_write_bytes=$written" \
  "devices_rec_bytes=$size usp_instances_on_disk_ms=$numbered_ms jvm_disk_write_bytes_until_then=$written_all exit=$code"
