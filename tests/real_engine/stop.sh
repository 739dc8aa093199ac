#!/usr/bin/env bash
# Stops the server started by start.sh (SIGTERM, then waits for it, bounded).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
pid_file="$REAL_ENGINE_STATE_DIR/pid"
if [ ! -f "$pid_file" ]; then
  echo "real-engine: not running" >&2
  exit 0
fi
pid="$(cat "$pid_file")"
rm -f "$pid_file" "$REAL_ENGINE_STATE_DIR/env"
if kill "$pid" 2>/dev/null; then
  # Wait for the exit itself (tail re-checks the pid every 0.1 s), bounded by timeout.
  timeout 15 tail -s 0.1 --pid="$pid" -f /dev/null || kill -9 "$pid" 2>/dev/null || true
  echo "real-engine: stopped pid $pid" >&2
fi
