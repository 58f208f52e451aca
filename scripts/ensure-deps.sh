#!/usr/bin/env bash
# Installs what a fresh clone lacks: npm packages (when node_modules is missing or older than package.json)
# and, with --browser, Debian's chromium (test tools cannot download their own browser here).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ] || [ ! -f node_modules/.package-lock.json ]; then
  echo "deps: npm install"
  npm install --no-audit --no-fund
fi
if [ "${1:-}" = "--browser" ]; then
  CHROME="${CHROME_PATH:-/usr/bin/chromium}"
  if [ ! -x "$CHROME" ]; then
    echo "deps: installing Debian chromium"
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  fi
fi
