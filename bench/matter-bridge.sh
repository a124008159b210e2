#!/usr/bin/env bash
# This Matter bridge against a matter.js 0.17.9 bridge with the same number of bridged On/Off lights, measured by the
# same matter.js controller (bridge.mjs) in one run over two network namespaces (run as root; install the peers with
# scripts/setup-test-peers.sh). Per bridge and size N: startup to READY, full wildcard read, subscription priming,
# command->report and device-change->report latency (median and max of 20, ms), peak RSS (VmHWM, KiB) of the bridge
# process (ours: the router's flags of bridge-service's jvm.options, as the launcher gives them). Runs
# matter-adapter's MatterBridgeBenchmark. Usage:
#   bench/matter-bridge.sh [SIZES]      e.g. bench/matter-bridge.sh 1,50,200 (the default)
# BENCH_JVM_ARGS adds JVM options to our bridge only ({N} = the size), for a profiling run, e.g.
#   BENCH_JVM_ARGS='-XX:StartFlightRecording=filename=/tmp/bridge-{N}.jfr' bench/matter-bridge.sh 200
# ROUTER_FLAGS=false leaves jvm.options' flags out of our bridge's command line (the JVM's defaults), to check issue
# 20's "the Matter full read no slower than without the flags".
# BENCH_CONTROLLER_NODE_ARGS adds Node.js options to the controller ({N} = the size, {SIDE} = cpe-bridge or matter.js),
# e.g. a CPU profile of the controller: BENCH_CONTROLLER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof-{SIDE}-{N}'
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d matter-adapter/src/test/interop/node_modules ] || { echo "run scripts/setup-test-peers.sh first" >&2; exit 2; }
mvn -B -o -pl matter-adapter -am test -Dtest=MatterBridgeBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.sizes="${1:-1,50,200}" -Dbench.jvmArgs="${BENCH_JVM_ARGS:-}" -Dbench.routerFlags="${ROUTER_FLAGS:-true}" \
  -Dbench.controllerNodeArgs="${BENCH_CONTROLLER_NODE_ARGS:-}" 2>&1 | grep -a "MatterBridgeBenchmark - " | sed 's/.*MatterBridgeBenchmark - //'
