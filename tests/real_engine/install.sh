#!/usr/bin/env bash
# Installs node-llama-cpp + its prebuilt linux-x64 CPU binaries from package-lock.json.
# No GPU variants (--omit=optional), no install scripts (nothing is built or downloaded
# outside the npm registry). Prints "SKIP: ..." and exits 0 when node >= 20 is missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
problem="$(real_engine_node_problem)"
if [ -n "$problem" ]; then
  echo "SKIP: real-engine tier: $problem"
  exit 0
fi
cd "$REAL_ENGINE_DIR"
# Already installed from this very lockfile: nothing to do (npm ci would wipe and redo it).
lock_digest="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -z "$(real_engine_unavailable)" ] && [ "$(cat node_modules/.codecrucible-lock 2>/dev/null)" = "$lock_digest" ]; then
  echo "real-engine: npm packages up to date"
  exit 0
fi
npm ci --omit=optional --ignore-scripts --no-audit --no-fund --loglevel=error
test -d node_modules/@node-llama-cpp/linux-x64/bins
echo "$lock_digest" >node_modules/.codecrucible-lock
echo "real-engine: node-llama-cpp $(node -p 'require("./node_modules/node-llama-cpp/package.json").version') installed"
