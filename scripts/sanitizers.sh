#!/usr/bin/env bash
# The unit, transcript and generation suites under ASan+UBSan, and the concurrency-heavy
# suites (generation scheduler/engine, analysis pool and scan, the event loop's cross-thread
# queue) under TSan.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache hits across checkouts (CI clones into a fresh folder).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
jobs=$(nproc)
# Sanitized Debug code is 10-30x slower: the fault tests take a 30 MB document (not 100 MB)
# and 20,000 edits (not 100,000); the quarantine is kept small so memory bounds still hold.
export CC_BIG_FILE_MB="${CC_BIG_FILE_MB:-30}" CC_EDIT_COUNT="${CC_EDIT_COUNT:-20000}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=32:detect_leaks=1}"
cmake --preset asan-ubsan >/dev/null
cmake --build --preset asan-ubsan -j "$jobs" --target codecrucible protocol_tests server_tests analysis_tests generation_tests
status=0
ctest --preset asan-ubsan -j 2 -L "protocol|server|analysis|generation" -LE load || status=1
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "$jobs" --target generation_tests analysis_tests server_tests
ctest --preset tsan -j 2 || status=1
TSAN_OPTIONS="halt_on_error=1:suppressions=$PWD/scripts/tsan.supp" build/tsan/tests/server_tests --gtest_filter='EventLoop.*' || status=1
exit $status
