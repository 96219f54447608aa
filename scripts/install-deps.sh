#!/usr/bin/env bash
# Installs the Debian 12 packages Tipline builds and tests with. Safe to re-run:
# it installs only what is missing. Needs root (or sudo).
set -euo pipefail

packages=(build-essential cmake ninja-build ccache pkg-config libboost1.81-dev libssl-dev libsqlite3-dev
          nlohmann-json3-dev catch2 openssl sqlite3 python3)
if [[ "${1:-}" == "--browser" ]]; then
  packages+=(chromium)
  # A Node.js that bundles npm (as NodeSource's does) conflicts with Debian's npm package.
  command -v npm >/dev/null || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
echo "Installing: ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
