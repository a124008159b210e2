#!/usr/bin/env bash
# Matter commissioning benchmark (run as root; build first with `mvn -B -q -DskipTests package` and install the
# interop peers with scripts/setup-test-peers.sh). In two network namespaces joined by a veth pair it starts a
# node, commissions it with the matter.js controller (commission.mjs, strict attestation for cpe-bridge), and
# prints per round: whole commissioning time (the controller process from launch to exit, node.js start included),
# in_controller_ms (from the controller's "Initiating discovery" to its "Commissioned" log line: discovery,
# PASE, attestation, certificates, CASE and CommissioningComplete, without process start), discovery_ms (from
# "Initiating discovery" to "Establish PASE": finding the commissionable record), PASE and CASE times (from the
# controller's log), and the node's
# resident memory after commissioning; then a second controller process reconnects from the stored fabric (CASE,
# resuming when the node kept the resumption record) and reads Basic Information: case_read_ms is from its CASE
# connection attempt to the answer of its first read (the controller's log). NODE is `bridge` (cpe-bridge with one
# simulated DECT light and no Zigbee devices: one bridged light, as the matter.js node has; ours dimmable), `bridge-full`
# (cpe-bridge with its embedded defaults, 9 DECT and 6 Zigbee devices) or `matterjs` (a matter.js bridge node with one
# bridged light, bench/matter/matterjs-bridge.mjs).
# The device set matters for case_read_ms: the controller's first read on reconnect carries a DataVersionFilter per
# cluster it knows, cut by matter.js to what fits one message; with bridge-full the clusters past the cut are read
# in full (179 attributes in 5 chunks), with one light nothing has changed and the answer is empty.
# cpe-bridge starts through the shipped launcher (bridge-service/target/cpe-bridge) with the router's flags of
# jvm.options (C1 only, serial GC, 64 MB heap), as the README runs it and as issue 20 asks of every benchmark;
# LAUNCHER=0 starts it with `java -jar` and the JVM's defaults instead (C2 compiler threads then compete for the
# cores during commissioning: docs/matter-commissioning.md has both).
# PCAP=1 captures the node's veth inside its namespace into the work directory (node.<round>.pcap; with KEEP_WORK=1
# to keep it). JAVA_TOOL_OPTIONS reaches the bridge either way (the node's timing loggers, docs/matter-commissioning.md).
#   [LAUNCHER=0] [PCAP=1] [KEEP_WORK=1] bench/matter-commissioning.sh [bridge|bridge-full|matterjs] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
kind=${1:-bridge}; rounds=${2:-3}
interop="$root/matter-adapter/src/test/interop"
jar="$root/bridge-service/target/cpe-bridge.jar"
[ -d "$interop/node_modules" ] || { echo "run scripts/setup-test-peers.sh first" >&2; exit 2; }
case "$kind" in
  bridge) devices=(--set dect.simulator.devices=light:1 --set zigbee.simulator.devices=) ;;
  bridge-full) devices=() ;;
  matterjs) ;;
  *) echo "NODE is bridge, bridge-full or matterjs, not '$kind'" >&2; exit 2 ;;
esac
[ "$kind" = matterjs ] || [ -f "$jar" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }
launcher="$root/bridge-service/target/cpe-bridge"
if [ "${LAUNCHER:-1}" = 1 ]; then
  [ -x "$launcher" ] || { echo "build first: mvn -B -q -DskipTests package (no $launcher)" >&2; exit 2; }
  bridge_cmd=("$launcher")
else
  bridge_cmd=(java -jar "$jar")
fi

tag="mb$$"; nsA="${tag}a"; nsB="${tag}b"; work=$(mktemp -d)
cleanup() {
  [ -n "${node_pid:-}" ] && kill "$node_pid" 2>/dev/null || true
  [ -n "${pcap_pid:-}" ] && kill "$pcap_pid" 2>/dev/null || true
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

ms() { date -d "$1" +%s%3N; }
printf "%-6s %-8s %-16s %-16s %-12s %-8s %-8s %-13s %s\n" round node commissioning_ms in_controller_ms discovery_ms \
  pase_ms case_ms case_read_ms rss_kib
for round in $(seq 1 "$rounds"); do
  rm -rf "$work/node" "$work/controller" "$work/paa"; mkdir -p "$work/controller" "$work/paa"
  cp "$root/matter-protocol/src/test/resources/attestation/Chip-Test-PAA-FFF1-Cert.pem" "$work/paa/"
  if [ "$kind" = matterjs ]; then
    # matter.js attests its devices with the SDK's test PAA without vendor id; take it from the installed package.
    grep -A1 "TestCert_PAA_NoVID_Cert = " \
      "$interop/node_modules/@matter/protocol/dist/esm/certificate/ChipPAAuthorities.js" | tail -1 \
      | tr -d ' ";' | xxd -r -p >"$work/paa/Chip-Test-PAA-NoVID-Cert.der"
  fi
  mkfifo "$work/stdin.$round"
  if [ "${PCAP:-0}" = 1 ]; then
    ip netns exec "$nsA" tcpdump -i "${tag}x" -n -U -w "$work/node.$round.pcap" udp 2>"$work/tcpdump.$round.log" &
    pcap_pid=$!
  fi
  if [ "$kind" != matterjs ]; then
    ip netns exec "$nsA" "${bridge_cmd[@]}" --data-dir "$work/node" --set matter.interface="${tag}x" \
      --set matter.passcode=20202021 --set matter.discriminator=3840 \
      --set mqtt.embedded.listen=127.0.0.1:18830 --set zigbee.mqtt.url=tcp://127.0.0.1:18830 "${devices[@]}" \
      >"$work/node.log" 2>&1 <"$work/stdin.$round" &
  else
    # ES modules resolve packages next to the script: run a copy beside a link to the interop node_modules.
    ln -sfn "$interop/node_modules" "$work/node_modules"; cp "$root/bench/matter/matterjs-bridge.mjs" "$work/"
    ip netns exec "$nsA" node "$work/matterjs-bridge.mjs" "$work/node" "${tag}x" \
      >"$work/node.log" 2>&1 <"$work/stdin.$round" &
  fi
  node_pid=$!
  exec 9>"$work/stdin.$round"
  until grep -q READY "$work/node.log"; do
    kill -0 "$node_pid" 2>/dev/null || { cat "$work/node.log" >&2; exit 1; }
    sleep 0.1
  done
  start=$(date +%s%3N)
  (cd "$interop" && ip netns exec "$nsB" node commission.mjs --pairing-code 34970112332 --paa-dir "$work/paa" \
     --cd-signer "$root/matter-protocol/src/main/resources/attestation/Chip-Test-CD-Signing-Cert.pem" \
     --fabric-dir "$work/controller" --interface "${tag}y" --skip-time) >"$work/controller.log" 2>&1 || true
  total=$(( $(date +%s%3N) - start ))
  log=$(sed 's/\x1b\[[0-9;]*m//g' "$work/controller.log")
  pase_start=$(grep -m1 "Establish PASE" <<<"$log" | cut -c1-23); pase_end=$(grep -m1 "Paired successfully" <<<"$log" | cut -c1-23)
  case_start=$(grep -m1 "step 18.1: Reconnect" <<<"$log" | cut -c1-23); case_end=$(grep -m1 "CaseClient .*New session" <<<"$log" | cut -c1-23)
  discovery_start=$(grep -m1 "Initiating discovery" <<<"$log" | cut -c1-23)
  commissioned=$(grep -m1 "Commissioned peer" <<<"$log" | cut -c1-23)
  in_controller=$([ -n "$commissioned" ] && echo $(( $(ms "$commissioned") - $(ms "$discovery_start") )) || echo failed)
  discovery=$([ -n "$pase_start" ] && echo $(( $(ms "$pase_start") - $(ms "$discovery_start") )) || echo failed)
  pase=$([ -n "$pase_end" ] && echo $(( $(ms "$pase_end") - $(ms "$pase_start") )) || echo failed)
  casems=$([ -n "$case_end" ] && echo $(( $(ms "$case_end") - $(ms "$case_start") )) || echo failed)
  pid=$(pgrep -n -f "$work/node" || true)
  rss=$([ -n "$pid" ] && awk '/VmRSS/ {print $2}' "/proc/$pid/status" || echo "?")
  grep -q '"commissioned":true' <<<"$log" || total="failed($total)"
  # A new controller process: CASE to the paired node, then the first read.
  (cd "$interop" && ip netns exec "$nsB" node commission.mjs --reconnect --paa-dir "$work/paa" \
     --cd-signer "$root/matter-protocol/src/main/resources/attestation/Chip-Test-CD-Signing-Cert.pem" \
     --fabric-dir "$work/controller" --interface "${tag}y") >"$work/reconnect.$round.log" 2>&1 || true
  again=$(sed 's/\x1b\[[0-9;]*m//g' "$work/reconnect.$round.log")
  connect=$(grep -m1 "PeerConnection .*Connecting" <<<"$again" | cut -c1-23)
  first_read=$(grep -m1 "Read «" <<<"$again" | cut -c1-23)
  case_read=$([ -n "$connect" ] && [ -n "$first_read" ] && echo $(( $(ms "$first_read") - $(ms "$connect") )) || echo failed)
  printf "%-6s %-8s %-16s %-16s %-12s %-8s %-8s %-13s %s\n" "$round" "$kind" "$total" "$in_controller" "$discovery" \
    "$pase" "$casems" "$case_read" "$rss"
  exec 9>&-
  # The bridge stops on SIGTERM; the matter.js node when its stdin closes.
  [ "$kind" != matterjs ] && kill -TERM "$node_pid" 2>/dev/null
  wait "$node_pid" 2>/dev/null || true
  node_pid=""
  if [ -n "${pcap_pid:-}" ]; then
    kill "$pcap_pid" 2>/dev/null || true; wait "$pcap_pid" 2>/dev/null || true; pcap_pid=""
  fi
done
