#!/usr/bin/env bash
# Installs Debian's Chromium for the explorer's browser test (ExplorerPageIT) when it is missing.
# Without it that test is skipped, not failed. Needs root (CI and the dev machines run as root)
# and Debian's package archive; it downloads no browser build of its own.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || [ -n "${CHROMIUM:-}" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no apt-get here; install Chromium yourself and set CHROMIUM=/path/to/it" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
chromium --version
