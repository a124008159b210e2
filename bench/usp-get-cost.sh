#!/usr/bin/env bash
# The agent's side of a Get of Device.ProxiedDevice. over 200 devices, in-process (usp-agent's GetCostBenchmark: from
# the decoded request to the encoded answer, no MTP): 200 DECT plugs as the household's and as an ISP-Operations
# Controller, and the mixed 200-device model of GetAnswerGoldenTest, ROUNDS rounds of WARMUP + COUNT Gets each, with
# the router's JIT and heap flags (C1 only, SerialGC, the heap caps of bridge-service's jvm.options; OPTIONS=FILE for
# another flags file). Prints the medians it logs and the load average. JFR=FILE also records a JFR profile there;
# HOUSEHOLD_ONLY=true leaves the ISP out (its answers wait for the access log's fdatasync); PROTOBUF_ENCODE=true
# parses each answer back into protobuf and encodes it with toByteArray() instead of copying out the bytes the agent
# wrote during the walk (GetAnswerWriter), to compare.
# Each line gives the wall-time median and p90, the Get thread's CPU-time median (the collector's time is in neither)
# and the median of what one Get allocates (which the load does not move).
# Usage:
#   bench/usp-get-cost.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
options=${OPTIONS:-bridge-service/src/main/dist/jvm.options}
flags=$(grep -v '^\s*#' "$options" | grep -v '^\s*$' | tr '\n' ' ')
[ -n "${JFR:-}" ] && flags="$flags -XX:StartFlightRecording=filename=$JFR,settings=profile"
echo "flags: $flags"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
mvn -B -o -pl usp-agent -am test -Dtest=GetCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="$flags" -Dgetcost.householdOnly="${HOUSEHOLD_ONLY:-false}" -Dgetcost.protobufEncode="${PROTOBUF_ENCODE:-false}" -Dgetcost.rounds="$rounds" -Dgetcost.warmup="${WARMUP:-100}" -Dgetcost.count="${COUNT:-100}" \
  | grep -a "GetCostBenchmark - "
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
