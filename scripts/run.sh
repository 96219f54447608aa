#!/usr/bin/env bash
# The run command: install what is missing, build, create the data directory
# (keys, development certificate, database) and serve https://localhost:8443
# with the example config. Ctrl-C stops it gracefully.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
data_dir="${TIPLINE_DATA_DIR:-data}"
build/gateway/tipline init --config webhook-config/tipline.example.json --data "$data_dir"
echo "Tipline: open https://localhost:8443 (development certificate: accept the browser's warning)"
exec build/gateway/tipline serve --config webhook-config/tipline.example.json --data "$data_dir" "$@"
