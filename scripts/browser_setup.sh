#!/usr/bin/env bash
# Make the browser-test tools present: Debian's Chromium (apt, as root) and
# axe-core from the npm registry (into ./node_modules, from package-lock.json).
# Never downloads a browser build of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "browser_setup.sh: installing chromium and fonts with apt-get" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "browser_setup.sh: chromium is missing and cannot be installed here" >&2
    exit 3
  fi
fi

if [ ! -f node_modules/axe-core/axe.min.js ]; then
  if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
    else
      echo "browser_setup.sh: npm is missing" >&2; exit 3
    fi
  fi
  npm ci --no-audit --no-fund --silent
fi
echo "browser_setup.sh: $(chromium --version 2>/dev/null | head -n 1); axe-core $(node -p "require('./node_modules/axe-core/package.json').version" 2>/dev/null || echo '?')" >&2
