#!/usr/bin/env bash
# The run command: install what is missing, build, create the data directory
# (keys, development certificate, database), make sure there is an admin account
# (the first run prints user "admin" and its one-time password) and serve
# https://localhost:8443 with the example config. Ctrl-C stops it gracefully.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
data_dir="${TIPLINE_DATA_DIR:-data}"
config=webhook-config/tipline.example.json
tipline="${TIPLINE_BUILD_DIR:-build}/gateway/tipline"
"$tipline" init --config "$config" --data "$data_dir"
"$tipline" officer ensure-admin --config "$config" --data "$data_dir"
echo "Tipline: open https://localhost:8443 (development certificate: accept the browser's warning)"
echo "Officers' console: https://localhost:8443/admin"
exec "$tipline" serve --config "$config" --data "$data_dir" "$@"
