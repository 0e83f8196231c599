#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests, unless a Chromium is already there (CHROMIUM_PATH, or Debian's at
# /usr/bin/chromium). Works as root, where there may be no sudo, and as a user with sudo. Never downloads a browser
# from anywhere but the system's package repositories.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
  echo "install-chromium: using $browser ($("$browser" --version 2>/dev/null || echo "version unknown"))"
  exit 0
fi
if ! command -v apt-get > /dev/null; then
  echo "install-chromium: no Chromium at $browser and no apt-get to install one; install Chromium or Chrome and set CHROMIUM_PATH" >&2
  exit 1
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y chromium
