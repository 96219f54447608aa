#!/usr/bin/env bash
# The test command: install what is missing, build, run every test through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir "${TIPLINE_BUILD_DIR:-build}" --output-on-failure -j2
