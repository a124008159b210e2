#!/usr/bin/env bash
# The whole test suite, as CI runs it: install the interop peers, then build and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-test-peers.sh
mvn -B verify "$@"
