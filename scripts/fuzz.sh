#!/usr/bin/env bash
# Builds the libFuzzer targets with clang 14 (ASan + UBSan) in build/fuzz and runs each for
# SECONDS (default 60) from its committed seed corpus. Fails on any crash, leak, timeout or
# out-of-memory, and when a saved regression input (fuzz/regressions/<target>/) fails again.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     e.g. scripts/fuzz.sh 10 frame_decoder
#   (TARGET names: fuzz/<TARGET>_fuzz.cpp; default all.) CC_FUZZ_BUILD_JOBS sets build -j;
#   CC_FUZZ_PARALLEL how many targets fuzz at once (default: one per core).
#
# Findings are written to build/fuzz/findings/<target>/; the evolving corpus to
# build/fuzz/corpus/<target>/ (the committed seeds in fuzz/corpus/ are never modified).
set -euo pipefail

seconds="${1:-60}"
shift || true
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${root}/build/fuzz"
# ccache hits across checkouts (CI clones into a fresh folder).
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
jobs="${CC_FUZZ_BUILD_JOBS:-2}"

for tool in clang-14 clang++-14; do
  command -v "$tool" >/dev/null || { echo "fuzz.sh: $tool not found (apt-get install clang-14)" >&2; exit 2; }
done

flags="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
configure=(cmake -S "$root" -B "$build" -G Ninja
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14
  -DCMAKE_BUILD_TYPE=
  "-DCMAKE_CXX_FLAGS=${flags}"
  -DCC_BUILD_FUZZ=ON -DCC_BUILD_TESTS=OFF -DCC_BUILD_BENCH=OFF)
# Until the top CMakeLists.txt adds fuzz/ itself, inject it (a no-op once it does).
if ! grep -q 'add_subdirectory(fuzz)' "$root/CMakeLists.txt"; then
  configure+=("-DCMAKE_PROJECT_codecrucible_INCLUDE=${root}/fuzz/cmake/inject.cmake")
fi

# Per-target input size limits: frames/messages need room for a few LSP messages; source
# snippets for a few hundred lines.
declare -A max_len=(
  [frame_decoder]=4096
  [jsonrpc_dispatch]=8192
  [document_edits]=4096
  [stream_parsers]=4096
  [analyzer]=16384
  [config]=8192
)

if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  targets=()
  for src in "$root"/fuzz/*_fuzz.cpp; do
    name="$(basename "$src" _fuzz.cpp)"
    targets+=("$name")
  done
fi

# CC_FUZZ_SKIP_BUILD=1 reuses the binaries already in build/fuzz (e.g. while rebuilding).
if [[ "${CC_FUZZ_SKIP_BUILD:-0}" != 1 ]]; then
  "${configure[@]}" >/dev/null
  cmake --build "$build" -j "$jobs" --target "${targets[@]/#/fuzz_}"
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# One target per core at a time: libFuzzer is single-threaded, so two targets on two cores
# take the wall time of one.
run_one() {
  local name=$1
  local bin="$build/fuzz/fuzz_${name}"
  local seeds="$root/fuzz/corpus/${name}"
  local regressions="$root/fuzz/regressions/${name}"
  local work="$build/corpus/${name}"
  local findings="$build/findings/${name}"
  local log="$build/logs/${name}.log"
  local result="$build/results/${name}"
  mkdir -p "$work" "$findings" "$(dirname "$log")" "$(dirname "$result")"

  if [[ -d "$regressions" ]] && compgen -G "$regressions/*" >/dev/null; then
    echo "== ${name}: replaying $(ls "$regressions" | wc -l) regression input(s)"
    if ! "$bin" -runs=0 "$regressions" >"$build/logs/${name}.regressions.log" 2>&1; then
      echo "FAIL ${name}: a regression input crashes again (see $build/logs/${name}.regressions.log)" >&2
      echo "${name}: REGRESSION" >"$result"
      return 1
    fi
  fi

  echo "== ${name}: fuzzing for ${seconds}s (max_len ${max_len[$name]:-4096})"
  local dict=()
  [[ -f "$root/fuzz/dict/${name}.dict" ]] && dict=("-dict=$root/fuzz/dict/${name}.dict")
  local rc=0
  "$bin" "$work" "$seeds" "${dict[@]}" \
    -max_total_time="$seconds" -max_len="${max_len[$name]:-4096}" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$findings/" >"$log" 2>&1 || rc=$?
  local cov execs runs
  cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)"
  execs="$(grep -o 'exec/s: [0-9]*' "$log" | tail -1 || true)"
  runs="$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' || true)"
  if [[ $rc -ne 0 ]]; then
    { echo "FAIL ${name}: exit ${rc}; artifacts in ${findings}/, log ${log}"
      grep -m1 -A30 'ERROR: \|runtime error' "$log" || tail -30 "$log"; } >&2
    echo "${name}: CRASH (${cov}, ${execs})" >"$result"
    return 1
  fi
  echo "${name}: ok (${cov}, ${execs}, runs ${runs})" >"$result"
}

parallel="${CC_FUZZ_PARALLEL:-$(nproc)}"
rm -rf "$build/results"
running=0
for name in "${targets[@]}"; do
  run_one "$name" &
  running=$((running + 1))
  if (( running >= parallel )); then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

status=0
echo "== summary"
for name in "${targets[@]}"; do
  line="$(cat "$build/results/${name}" 2>/dev/null || echo "${name}: NO RESULT")"
  echo "  ${line}"
  [[ "$line" == *": ok "* ]] || status=1
done
exit $status
