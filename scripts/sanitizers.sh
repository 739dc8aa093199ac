#!/usr/bin/env bash
# The whole unit/transcript suite under ASan+UBSan, and the concurrency tests under TSan.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset asan-ubsan >/dev/null
cmake --build --preset asan-ubsan -j "$(nproc)"
ctest --preset asan-ubsan -j 2 -LE "clients|real_engine|bench"
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "$(nproc)"
ctest --preset tsan -j 2
