#!/usr/bin/env bash
# The unit, transcript and generation suites under ASan+UBSan, and the concurrency-heavy
# suites (generation scheduler/engine, analysis pool and scan) under TSan.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache hits across checkouts (CI clones into a fresh folder).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
jobs=$(nproc)
cmake --preset asan-ubsan >/dev/null
cmake --build --preset asan-ubsan -j "$jobs" --target codecrucible protocol_tests server_tests analysis_tests generation_tests
ctest --preset asan-ubsan -j 2 -L "protocol|server|analysis|generation"
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "$jobs" --target generation_tests analysis_tests
ctest --preset tsan -j 2
