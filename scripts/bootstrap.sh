#!/usr/bin/env bash
# Quick start, command 1 of 2: install dependencies, build (release), and run the main job:
# analyse a source tree and report which model servers are reachable. Works with no model
# server running.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache hits across checkouts (CI clones into a fresh folder).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
bash scripts/install-deps.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
BIN=build/release/server/codecrucible
echo
echo "== codecrucible analyze (static analysis, no model needed) =="
target=../shared/corpus
[ -d "$target" ] || target=tests/fixtures
"$BIN" analyze "$target" || true   # exit 1 means "findings reported"
echo
echo "== codecrucible doctor (model servers) =="
"$BIN" doctor || true              # exit 1 means "no model server reachable"
echo
echo "Built $BIN. Editors: see README.md."
