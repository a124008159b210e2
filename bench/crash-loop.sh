#!/usr/bin/env bash
# The kill -9 crash loop against the packaged service (builds the jar if needed). Each cycle starts
# `java -jar cpe-bridge.jar` on one data directory (embedded broker, DECT-ULE and Zigbee simulators, USP agent; Matter
# off, so that nothing listens beyond loopback; every listener on a free port, so that other services on the machine
# cannot make a start fail), and SIGKILLs it at a random moment: one cycle in five during
# startup, the others 0.3-2 s into a stream of acknowledged writes (USP Set Device.ProxiedDevice.{i}.Name as the
# local Controller; each SetResp is logged in a ledger; the core writes a rename before it answers, docs/store.md).
# Before every start, and once more at the end, bench/crash/CrashCycle.java opens the data directory as the service
# does and counts corrupt records and acknowledged renames missing from disk. A last clean start must reach READY
# and exit 0 on SIGTERM. Loopback only; bounded by MAX_SECONDS (default 3600): it stops early and says so.
# Usage: bench/crash-loop.sh [CYCLES]   (default 200; SEED=n for a repeatable kill schedule)
set -euo pipefail
cd "$(dirname "$0")/.."
cycles=${1:-200}
max_seconds=${MAX_SECONDS:-3600}
RANDOM=${SEED:-$$}
jar=bridge-service/target/cpe-bridge.jar
[ -f "$jar" ] || mvn -B -q -DskipTests package
work=$(mktemp -d)
pid=; driver=
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  [ -n "$driver" ] && kill -9 "$driver" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
# A copy, so that a rebuild during the loop does not change the jar under a running JVM.
cp "$jar" "$work/cpe-bridge.jar"; jar="$work/cpe-bridge.jar"
javac -d "$work/classes" -cp "$jar" bench/crash/CrashCycle.java
cp="$work/classes:$jar"
data="$work/data"; ledger="$work/ledger"; : >"$ledger"
agent=os::000000-CRASHLOOP
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" <<<"$2"; }
# Short-lived helper JVMs: the C1 compiler alone starts them faster.
check() { java -XX:TieredStopAtLevel=1 -cp "$cp" CrashCycle check "$data" "$ledger"; }

started=$(date +%s)
corrupt_total=0; lost_max=0; startup_failures=0; during_start=0; during_writes=0; idle_kills=0; done_cycles=0
for cycle in $(seq 1 "$cycles"); do
  if [ $(( $(date +%s) - started )) -ge "$max_seconds" ]; then
    echo "time bound of $max_seconds s reached after $done_cycles cycles" >&2
    break
  fi
  result=$(check)
  corrupt=$(field corrupt "$result"); lost=$(field lost "$result")
  corrupt_total=$(( corrupt_total + corrupt )); [ "$lost" -gt "$lost_max" ] && lost_max=$lost
  [ "$corrupt" -gt 0 ] || [ "$lost" -gt 0 ] && echo "cycle $cycle: $result" >&2
  port=$(free_port)
  out="$work/out.$cycle"; : >"$out"
  java -XX:+ExitOnOutOfMemoryError -jar "$jar" --data-dir "$data" --set matter.enabled=false --set web.listen=127.0.0.1:0 \
    --set usp.websocket.listen= --set "mqtt.embedded.listen=127.0.0.1:$port" \
    --set "zigbee.mqtt.url=tcp://127.0.0.1:$port" --set "usp.mqtt.url=tcp://127.0.0.1:$port" \
    --set "usp.endpointId=$agent" > >(cat >"$out") 2>&1 &
  pid=$!
  if [ $(( RANDOM % 5 )) -eq 0 ]; then
    sleep "$(( 2 + RANDOM % 18 ))e-1"
    during_start=$(( during_start + 1 ))
  else
    deadline=$(( $(date +%s) + 60 ))
    until grep -q READY "$out"; do
      if ! kill -0 "$pid" 2>/dev/null; then
        startup_failures=$(( startup_failures + 1 )); echo "cycle $cycle: the service exited before READY:" >&2
        tail -5 "$out" >&2; break
      fi
      [ "$(date +%s)" -lt "$deadline" ] || { echo "cycle $cycle: no READY within 60 s" >&2; break; }
      sleep 0.05
    done
    password=$(sed '1,/^$/d' "$data/core/mqtt-accounts.rec" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["cpe-bridge-controller"])')
    before=$(grep -c '^sent' "$ledger" || true)
    java -XX:TieredStopAtLevel=1 -cp "$cp" CrashCycle drive "tcp://127.0.0.1:$port" "$password" "$agent" "$ledger" "$data" \
      >"$work/driver.$cycle" 2>&1 &
    driver=$!
    # Kill while writes are in flight: wait (bounded) for the driver's first write, then a random while.
    for _ in $(seq 1 200); do
      [ "$(grep -c '^sent' "$ledger" || true)" -gt "$before" ] && break
      kill -0 "$driver" 2>/dev/null || break
      sleep 0.05
    done
    sleep "0.$(( 3 + RANDOM % 7 ))$(( RANDOM % 10 ))"
    [ $(( RANDOM % 3 )) -eq 0 ] && sleep 1
    if [ "$(grep -c '^sent' "$ledger" || true)" -gt "$before" ]; then
      during_writes=$(( during_writes + 1 ))
    else
      idle_kills=$(( idle_kills + 1 ))
    fi
  fi
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
  if [ -n "$driver" ]; then
    kill -9 "$driver" 2>/dev/null || true; wait "$driver" 2>/dev/null || true; driver=
  fi
  rm -f "$out" "$work/driver.$cycle"
  done_cycles=$cycle
done

result=$(check)
corrupt=$(field corrupt "$result"); lost=$(field lost "$result")
corrupt_total=$(( corrupt_total + corrupt )); [ "$lost" -gt "$lost_max" ] && lost_max=$lost
# A last clean start: READY, then SIGTERM and exit 0.
port=$(free_port); out="$work/out.final"; : >"$out"
java -jar "$jar" --data-dir "$data" --set matter.enabled=false --set web.listen=127.0.0.1:0 --set usp.websocket.listen= \
  --set "mqtt.embedded.listen=127.0.0.1:$port" --set "zigbee.mqtt.url=tcp://127.0.0.1:$port" \
  --set "usp.mqtt.url=tcp://127.0.0.1:$port" --set "usp.endpointId=$agent" > >(cat >"$out") 2>&1 &
pid=$!
final=failed
for _ in $(seq 1 1200); do
  grep -q READY "$out" && { final=ready; break; }
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
kill -TERM "$pid" 2>/dev/null || true; set +e; wait "$pid"; code=$?; set -e; pid=
acked=$(grep -c '^ack' "$ledger" || true)
echo "cycles=$done_cycles kills_during_startup=$during_start kills_during_writes=$during_writes" \
  "kills_before_first_write=$idle_kills startup_failures=$startup_failures acknowledged_writes=$acked" \
  "corrupt_files=$corrupt_total lost_acknowledged_writes=$lost_max final_start=$final final_exit=$code" \
  "seconds=$(( $(date +%s) - started ))"
