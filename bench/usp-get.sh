#!/usr/bin/env bash
# USP Get benchmark on the packaged service: the bridge runs with DEVICES simulated Zigbee plugs (Matter and DECT off,
# its embedded broker on a free loopback port) and the usp-js Controller times Get Device.ProxiedDevice. over MQTT:
# median and p99 of sequential Gets, throughput with 8 in flight, a one-parameter Get, and the bridge process's
# resident memory (VmRSS, whole process: core, Zigbee adapter and simulator, embedded broker, USP agent) before and
# after. Needs the build (README) and the interop npm tree (scripts/setup-test-peers.sh). Usage:
#   bench/usp-get.sh [DEVICES] [ROUNDS]
# The bridge runs through the launcher, with the router flags of jvm.options; JAVA_OPTS go after them (a later flag
# wins), CPE_BRIDGE_OPTIONS=/dev/null runs it without them. BROKER=mosquitto runs a
# Debian mosquitto on the free port instead of the embedded broker (which is then off). ROLE=isp makes the Controller
# ISP-Operations before timing (privacy classes, the access log); the default is the household's full access.
# ROLE=both runs the two in the same bridge, Get for Get: the household Controller adds an ISP-Operations Controller
# and the two alternate (the fair comparison of what the policy costs: same load, same JIT); each round reports the
# ISP's median over the household's, the median and spread of that over BLOCKS blocks of the run (default 10) and of
# each ISP Get over the household Get next to it, and the load average (1 min) before and after; after the last
# round, the median of the rounds' figures and their range. BRIDGE_ARGS adds
# arguments to the bridge's command line, e.g. BRIDGE_ARGS="--set usp.privacy.accessLogJournal=false". DIST=DIR runs
# the launcher and jar of an installed copy (e.g. one built from another commit, for interleaved runs).
set -euo pipefail
cd "$(dirname "$0")/.."
devices=${1:-200}
rounds=${2:-3}
dist=${DIST:-bridge-service/target}
jar=$dist/cpe-bridge.jar
launcher=$dist/cpe-bridge
modules=usp-agent/src/test/interop/node_modules
[ -f "$jar" ] && [ -x "$launcher" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }
[ -d "$modules/usp-js" ] || { echo "install the npm peers first: scripts/setup-test-peers.sh" >&2; exit 2; }
work=$(mktemp -d)
pid=
broker_pid=
cleanup() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  [ -n "$broker_pid" ] && kill -TERM "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

for round in $(seq 1 "$rounds"); do
  port=$(free_port)
  out="$work/out.$round"; : >"$out"
  broker_args=(--set "mqtt.embedded.listen=127.0.0.1:$port")
  if [ "${BROKER:-embedded}" = mosquitto ]; then
    printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nset_tcp_nodelay true\n' "$port" \
      >"$work/mosquitto.conf"
    mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.$round" 2>&1 &
    broker_pid=$!
    broker_args=(--set mqtt.embedded.enabled=false)
  fi
  "$launcher" --data-dir "$work/data.$round" --set matter.enabled=false --set dect.enabled=false --set web.listen=127.0.0.1:0 \
    --set "zigbee.simulator.devices=ikea-plug:$devices" "${broker_args[@]}" \
    --set "zigbee.mqtt.url=tcp://127.0.0.1:$port" --set "usp.mqtt.url=tcp://127.0.0.1:$port" ${BRIDGE_ARGS:-} \
    >"$out" 2>&1 &
  pid=$!
  until grep -q READY "$out"; do
    kill -0 "$pid" 2>/dev/null || { echo "bridge exited before READY:" >&2; cat "$out" >&2; exit 1; }
    sleep 0.05
  done
  agent=$(grep -o 'agent os::[^ ]*' "$out" | head -1 | cut -d' ' -f2)
  rss_ready=$(rss "$pid")
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  # The embedded broker admits only its accounts: the Controller's password is in the data directory.
  mqtt_user=; mqtt_password=
  if [ "${BROKER:-embedded}" != mosquitto ]; then
    mqtt_user=cpe-bridge-controller
    mqtt_password=$(sed '1,/^$/d' "$work/data.$round/core/mqtt-accounts.rec" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["cpe-bridge-controller"])')
  fi
  ROLE=${ROLE:-household} MQTT_USERNAME=$mqtt_user MQTT_PASSWORD=$mqtt_password EXPECT_DEVICES=$devices RESULT_FILE="$work/result.$round" NODE_PATH="$modules" MQTT_PORT=$port CONTROLLER_ID=proto::cpe-bridge-controller AGENT_ID="$agent" \
    AGENT_TOPIC="usp/agent/$agent" CONTROLLER_TOPIC=usp/controller node bench/usp/get-bench.js >"$work/node.$round" 2>&1 \
    || { cat "$work/node.$round" >&2; exit 1; }
  result=$(cat "$work/result.$round")
  rss_after=$(rss "$pid")
  load_after=$(cut -d' ' -f1 /proc/loadavg)
  echo "round $round: broker=${BROKER:-embedded} devices=$devices $result rss_ready_kib=$rss_ready" \
    "rss_after_kib=$rss_after load_before=$load_before load_after=$load_after"
  kill -TERM "$pid"; wait "$pid" || true; pid=
  if [ -n "$broker_pid" ]; then kill -TERM "$broker_pid"; wait "$broker_pid" || true; broker_pid=; fi
done
if [ "${ROLE:-household}" = both ]; then
  # Across rounds (each a fresh bridge): the median of each figure and its range.
  cat "$work"/result.* | python3 -c '
import json, statistics, sys
runs = [json.loads(line) for line in sys.stdin if line.strip()]
def summary(name, values):
    values = sorted(values)
    print("%s: median %+.1f %%, range %+.1f to %+.1f %% (%d rounds)" % (name, statistics.median(values),
          values[0], values[-1], len(values)))
summary("ISP over household, median of the rounds medians", [r["ispOverHouseholdMedianPercent"] for r in runs])
summary("ISP over household, median of the rounds block medians", [r["blockMedians"]["median"] for r in runs])
summary("ISP over household, median of the rounds paired medians", [r["pairedPercent"]["median"] for r in runs])
'
fi
