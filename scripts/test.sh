#!/usr/bin/env bash
# The test command: install what is missing, build, run every test through ctest, then
# the console's browser tests in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --browser
scripts/build.sh
ctest --test-dir "${TIPLINE_BUILD_DIR:-build}" --output-on-failure -j2
TIPLINE_BINARY="${TIPLINE_BUILD_DIR:-build}/gateway/tipline" scripts/browser-test.sh
