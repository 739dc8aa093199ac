#!/usr/bin/env bash
# Starts the real-engine server (tiny random GGUF behind Ollama + OpenAI wire formats) in
# the background and prints shell exports for it:
#   eval "$(tests/real_engine/start.sh)"   # sets REAL_ENGINE_URL, REAL_ENGINE_PID, ...
# Options: --port N (default 0 = ephemeral), --wait SECONDS (default 120), any other
# arguments go to server.mjs. Idempotent: a running server is reused.
# When the tier cannot run here it prints "SKIP: <why>" on stderr, exports
# REAL_ENGINE_SKIP and exits 0. Stop with tests/real_engine/stop.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

port=0
wait_seconds=120
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --wait) wait_seconds="$2"; shift 2 ;;
    *) extra+=("$1"); shift ;;
  esac
done

problem="$(real_engine_unavailable)"
if [ -n "$problem" ]; then
  echo "SKIP: real-engine tier: $problem" >&2
  printf 'export REAL_ENGINE_SKIP=%q\n' "$problem"
  exit 0
fi

mkdir -p "$REAL_ENGINE_STATE_DIR"
state="$REAL_ENGINE_STATE_DIR"
if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null && [ -f "$state/env" ]; then
  cat "$state/env"
  exit 0
fi

# The model: written once per writer version and seed, then reused.
writer_digest="$(sha256sum "$REAL_ENGINE_DIR/make_tiny_gguf.py" | cut -c1-12)"
model="${REAL_ENGINE_MODEL:-${XDG_CACHE_HOME:-$HOME/.cache}/codecrucible/real-engine/tiny-$writer_digest-s1234.gguf}"
if [ ! -f "$model" ]; then
  mkdir -p "$(dirname "$model")"
  python3 "$REAL_ENGINE_DIR/make_tiny_gguf.py" "$model" --seed 1234
fi

# Synchronise on the server's own "LISTENING <port>" line through a FIFO (no polling).
fifo="$state/stdout.fifo"
rm -f "$fifo"
mkfifo "$fifo"
nohup node "$REAL_ENGINE_DIR/server.mjs" --port "$port" --model "$model" "${extra[@]+"${extra[@]}"}" \
  >"$fifo" 2>"$state/server.log" </dev/null &
pid=$!
exec 3<"$fifo"
line=""
if ! read -r -t "$wait_seconds" -u 3 line || [[ "$line" != LISTENING\ * ]]; then
  kill "$pid" 2>/dev/null || true
  echo "real-engine: server exited or did not report LISTENING within ${wait_seconds}s; log:" >&2
  tail -n 20 "$state/server.log" >&2 || true
  exit 1
fi
# Keep draining the server's stdout so a later write never hits a closed pipe; the drain
# ends by itself when the server exits.
nohup cat <&3 >>"$state/stdout.log" 2>/dev/null &
exec 3<&-
rm -f "$fifo"

url="http://127.0.0.1:${line#LISTENING }"
echo "$pid" >"$state/pid"
{
  printf 'export REAL_ENGINE_URL=%q\n' "$url"
  printf 'export REAL_ENGINE_PID=%q\n' "$pid"
  printf 'export REAL_ENGINE_MODEL=%q\n' "$model"
  printf 'export REAL_ENGINE_LOG=%q\n' "$state/server.log"
} >"$state/env"
cat "$state/env"
echo "real-engine: serving on $url (pid $pid, log $state/server.log)" >&2
