#!/usr/bin/env bash
# Installs the real peers the interop tests run against, on a fresh Debian machine (run as root).
# Idempotent: a peer already installed is left alone. Tests fail, never skip, when a peer is missing.
set -euo pipefail

need_apt=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need_apt+=(mosquitto)
command -v ip >/dev/null 2>&1 || need_apt+=(iproute2)
# Debian's chromium, the browser of the web console's browser test (WebConsoleBrowserIT runs /usr/bin/chromium).
[ -x /usr/bin/chromium ] || need_apt+=(chromium)

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup-test-peers: installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# The Debian package starts a system mosquitto on port 1883; tests start their own on free ports instead.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now mosquitto >/dev/null 2>&1 || true; fi

# matter.js controller scripts for the matter-adapter interop tests; package-lock.json pins every package.
matter_interop="$(cd "$(dirname "$0")/.." && pwd)/matter-adapter/src/test/interop"
if [ ! -d "$matter_interop/node_modules" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup-test-peers: Node.js >= 20 with npm is needed for the matter.js interop tests" >&2
    exit 1
  fi
  echo "setup-test-peers: npm ci in $matter_interop"
  (cd "$matter_interop" && npm ci --no-audit --no-fund)
fi

# usp-js 0.5.1, the USP Controller of usp-agent's UspJsInteropIT, pinned by usp-agent/src/test/interop/package-lock.json.
usp_interop="$(cd "$(dirname "$0")/.." && pwd)/usp-agent/src/test/interop"
if [ ! -d "$usp_interop/node_modules/usp-js" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup-test-peers: Node.js >= 20 with npm is needed for the usp-js interop tests" >&2
    exit 1
  fi
  echo "setup-test-peers: npm ci in $usp_interop"
  (cd "$usp_interop" && npm ci --no-audit --no-fund)
fi

# playwright-core and jsqr for the web console's browser test, pinned by web-console/src/test/browser/package-lock.json.
# playwright-core downloads no browser; the test drives Debian's chromium installed above.
browser_tests="$(cd "$(dirname "$0")/.." && pwd)/web-console/src/test/browser"
if [ ! -d "$browser_tests/node_modules/playwright-core" ] || [ ! -d "$browser_tests/node_modules/jsqr" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup-test-peers: Node.js >= 20 with npm is needed for the web console's browser test" >&2
    exit 1
  fi
  echo "setup-test-peers: npm ci in $browser_tests"
  (cd "$browser_tests" && npm ci --no-audit --no-fund)
fi
