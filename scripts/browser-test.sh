#!/usr/bin/env bash
# Browser tests of the officers' console: Debian's Chromium driven by playwright-core
# (which never downloads a browser), run by Node's built-in test runner.
#
#   scripts/browser-test.sh            # tests build/gateway/tipline
#   TIPLINE_BINARY=/path/to/tipline scripts/browser-test.sh
#
# Installs chromium, nodejs and npm when missing (scripts/install-deps.sh --browser),
# then the locked npm packages of tests/browser/ (npm ci), then runs the tests. A failing
# step leaves a screenshot in tests/browser/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."

binary="${TIPLINE_BINARY:-build/gateway/tipline}"
case "$binary" in /*) ;; *) binary="$PWD/$binary" ;; esac
if [[ ! -x "$binary" ]]; then
  echo "browser-test: no tipline binary at $binary (build it first, or set TIPLINE_BINARY)" >&2
  exit 2
fi

# Node.js may come from Debian (nodejs + npm) or from a distribution that bundles npm
# with nodejs; either will do, so look for the commands rather than the packages.
if ! command -v node >/dev/null || ! command -v npm >/dev/null || [[ ! -x /usr/bin/chromium ]]; then
  scripts/install-deps.sh --browser
fi

# No browser download, ever: playwright-core has none, and this says so to anything else.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error >/dev/null

rm -rf tests/browser/artifacts
export TIPLINE_BINARY="$binary"
exec node --test tests/browser/*.test.mjs
