#!/usr/bin/env bash
# Stop and restart benchmark (run as root; build first with `mvn -B -q -DskipTests package` and install the interop
# peers with scripts/setup-test-peers.sh). In two network namespaces joined by a veth pair it starts the packaged
# bridge with DEVICES simulated DECT plugs (default 200) on its embedded defaults (embedded broker, USP face with its
# WebSocket MTP, Zigbee simulator), commissions it into two fabrics with the matter.js controller (the second through
# an enhanced commissioning window the first opens), then per round: SIGTERM, time to exit and the exit code, and at
# once a restart from the same data directory and configuration: whether it reached READY (every port bound again)
# and how long that took.
#   bench/stop.sh [ROUNDS] [DEVICES]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rounds=${1:-3}; devices=${2:-200}
interop="$root/matter-adapter/src/test/interop"
jar="$root/bridge-service/target/cpe-bridge.jar"
[ -d "$interop/node_modules" ] || { echo "run scripts/setup-test-peers.sh first" >&2; exit 2; }
[ -f "$jar" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }

tag="ms$$"; nsA="${tag}a"; nsB="${tag}b"; work=$(mktemp -d)
cleanup() {
  [ -n "${node_pid:-}" ] && kill "$node_pid" 2>/dev/null || true
  ip netns del "$nsA" 2>/dev/null || true; ip netns del "$nsB" 2>/dev/null || true
  [ -n "${KEEP_WORK:-}" ] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$nsA"; ip netns add "$nsB"
ip link add "${tag}x" type veth peer name "${tag}y"
ip link set "${tag}x" netns "$nsA"; ip link set "${tag}y" netns "$nsB"
ip -n "$nsA" addr add fd77::1/64 dev "${tag}x" nodad; ip -n "$nsB" addr add fd77::2/64 dev "${tag}y" nodad
for ns in "$nsA" "$nsB"; do ip -n "$ns" link set lo up; done
ip -n "$nsA" link set "${tag}x" up; ip -n "$nsB" link set "${tag}y" up
sleep 2

mkdir -p "$work/paa" "$work/controller1" "$work/controller2"
cp "$root/matter-protocol/src/test/resources/attestation/Chip-Test-PAA-FFF1-Cert.pem" "$work/paa/"
cd_signer="$root/matter-protocol/src/main/resources/attestation/Chip-Test-CD-Signing-Cert.pem"
now() { date +%s%3N; }

run=0
start_bridge() {  # starts the bridge in nsA; sets node_pid and ready_ms (or exits the script if it fails)
  run=$((run + 1)); log="$work/node.$run.log"
  local begin; begin=$(now)
  ip netns exec "$nsA" java -jar "$jar" --data-dir "$work/node" --set matter.interface="${tag}x" \
    --set matter.passcode=20202021 --set matter.discriminator=3840 --set dect.simulator.devices="plug:$devices" \
    >"$log" 2>&1 &
  node_pid=$!
  until grep -q READY "$log"; do
    if ! kill -0 "$node_pid" 2>/dev/null; then
      ready_ms="failed: $(grep -m1 -i "error\|in use\|failed" "$log" | cut -c1-120)"; node_pid=""; return
    fi
    sleep 0.02
  done
  ready_ms=$(( $(now) - begin ))
}
controller() {  # runs commission.mjs in nsB with the given arguments; prints its JSON line
  (cd "$interop" && ip netns exec "$nsB" node commission.mjs --paa-dir "$work/paa" --cd-signer "$cd_signer" \
     --interface "${tag}y" "$@") 2>>"$work/controller.log" | tail -1
}

start_bridge
[ -n "$node_pid" ] || { echo "bridge did not start: $ready_ms" >&2; cat "$work/node.1.log" >&2; exit 1; }
controller --pairing-code 34970112332 --fabric-dir "$work/controller1" | grep -q '"commissioned":true' \
  || { echo "first fabric: commissioning failed" >&2; exit 1; }
code=$(controller --reconnect --open-window --fabric-dir "$work/controller1" \
  | sed -n 's/.*"manualPairingCode":"\([0-9]*\)".*/\1/p')
[ -n "$code" ] || { echo "first fabric: no enhanced commissioning window" >&2; exit 1; }
controller --pairing-code "$code" --fabric-dir "$work/controller2" | grep -q '"commissioned":true' \
  || { echo "second fabric: commissioning failed" >&2; exit 1; }
fabrics=$(grep -c "FabricTable - .*fabric [0-9]* added" "$work/node.1.log" || true)
echo "bridge with $devices DECT plugs and $fabrics fabrics"

printf "%-6s %-10s %-6s %s\n" round stop_ms exit restart_ready_ms
for round in $(seq 1 "$rounds"); do
  begin=$(now)
  kill -TERM "$node_pid"
  set +e; wait "$node_pid"; exit_code=$?; set -e
  stop_ms=$(( $(now) - begin )); node_pid=""
  start_bridge
  printf "%-6s %-10s %-6s %s\n" "$round" "$stop_ms" "$exit_code" "$ready_ms"
  [ -n "$node_pid" ] || exit 1
done
kill -TERM "$node_pid"; wait "$node_pid" || true; node_pid=""
