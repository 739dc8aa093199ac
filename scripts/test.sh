#!/usr/bin/env bash
# Quick start, command 2 of 2: every test. Starts the services tests need (redis-server on a
# loopback port) and stops them afterwards.
#   1. the release build: unit, transcript, generation (fake and real engines), Redis, editor
#      clients, fault, security and load tests (ctest);
#   2. the same suites under ASan+UBSan and the concurrency suites under TSan
#      (scripts/sanitizers.sh);
#   3. every libFuzzer target for 60 s plus its saved regression inputs (scripts/fuzz.sh).
# Every step runs even when an earlier one fails; the exit status is non-zero if any failed.
#
#   scripts/test.sh                          all three steps (what CI runs)
#   scripts/test.sh --release-only [ARGS]    step 1 only; ARGS go to ctest (e.g. -L clients)
set -uo pipefail
cd "$(dirname "$0")/.."
# ccache hits across checkouts (CI clones into a fresh folder).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true

release_only=0
if [[ "${1:-}" == "--release-only" ]]; then
  release_only=1
  shift
fi

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

failed=()
step() {
  local name=$1
  shift
  local start=$SECONDS
  echo "=== ${name}"
  if "$@"; then
    echo "=== ${name}: passed in $((SECONDS - start)) s"
  else
    echo "=== ${name}: FAILED after $((SECONDS - start)) s"
    failed+=("$name")
  fi
}

release_tests() {
  [ -f build/release/build.ninja ] || cmake --preset release || return 1
  cmake --build --preset release -j "$(nproc)" || return 1
  ctest --preset release -j 2 "$@"
}

step "release build + ctest" release_tests "$@"
if [[ $release_only == 0 ]]; then
  step "sanitizers (ASan+UBSan, TSan)" bash scripts/sanitizers.sh
  step "fuzzing (60 s per target)" bash scripts/fuzz.sh 60
fi

if [[ ${#failed[@]} -gt 0 ]]; then
  printf 'FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "all test steps passed"
