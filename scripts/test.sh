#!/usr/bin/env bash
# Quick start, command 2 of 2: run every test (unit, transcript, generation with fake and
# real engines, Redis, editor clients) on the release build. Starts the services tests need
# (redis-server on a loopback port) and stops them afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache hits across checkouts (CI clones into a fresh folder).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
[ -f build/release/build.ninja ] || cmake --preset release
cmake --build --preset release -j "$(nproc)"

cleanup() { [ -n "${REDIS_PID:-}" ] && kill "$REDIS_PID" 2>/dev/null || true; }
trap cleanup EXIT
if command -v redis-server >/dev/null 2>&1; then
  REDIS_PORT=${REDIS_PORT:-6399}
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --daemonize no \
    >/tmp/codecrucible-redis.log 2>&1 &
  REDIS_PID=$!
  export CC_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

ctest --preset release -j 2 "$@"
