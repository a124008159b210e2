#!/usr/bin/env bash
# Requests and signatures per second of secure-time's Roughtime server over 127.0.0.1 (RoughtimeServerBenchmark):
# the in-process signing rate with one request per signature, then a closed-loop UDP load (512 requests in
# flight) against the server with maxBatch 1, 16 and 256. Prints the lines the benchmark logs. Usage:
#   bench/roughtime-server.sh [SECONDS_PER_RUN]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -o -pl secure-time -am test -Dtest=RoughtimeServerBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.seconds="${1:-10}" | grep -a "RoughtimeServerBenchmark - "
