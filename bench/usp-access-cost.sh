#!/usr/bin/env bash
# What USP permission checks cost in-process (usp-agent's AccessCostBenchmark): Get Device.ProxiedDevice. over 200
# devices with full access, with the shipped policy as Household and as ISP-Operations (3 alternating rounds; the
# ISP's includes the access log's durable write), with a search-expression permission target cached per message,
# uncached, and with a privacy policy that needs the device lookup per item. Prints the medians it logs. Usage:
#   bench/usp-access-cost.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -o -pl usp-agent -am test -Dtest=AccessCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  | grep -a "AccessCostBenchmark - "
