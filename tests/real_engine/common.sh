# Shared by install.sh / start.sh / stop.sh (sourced, not run).
# Sets REAL_ENGINE_DIR and REAL_ENGINE_STATE_DIR; real_engine_unavailable prints why the
# real-engine tier cannot run here (empty output: it can).
REAL_ENGINE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REAL_ENGINE_STATE_DIR="${REAL_ENGINE_STATE_DIR:-${TMPDIR:-/tmp}/codecrucible-real-engine-$(id -u)}"
# Never build or download llama.cpp: only the prebuilt CPU binaries inside the npm package.
export NODE_LLAMA_CPP_SKIP_DOWNLOAD=true NODE_LLAMA_CPP_POSTINSTALL=skip NODE_LLAMA_CPP_GPU=false

real_engine_node_problem() {
  if ! command -v node >/dev/null 2>&1; then
    echo "node is not installed (need node >= 20)"
    return
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "${major:-0}" -lt 20 ]; then
    echo "node $(node --version 2>/dev/null) is too old (need >= 20)"
  fi
}

real_engine_unavailable() {
  local problem
  problem="$(real_engine_node_problem)"
  if [ -n "$problem" ]; then
    echo "$problem"
  elif [ ! -f "$REAL_ENGINE_DIR/node_modules/node-llama-cpp/package.json" ] ||
       [ ! -d "$REAL_ENGINE_DIR/node_modules/@node-llama-cpp/linux-x64/bins" ]; then
    echo "npm packages missing: run tests/real_engine/install.sh"
  elif ! command -v python3 >/dev/null 2>&1; then
    echo "python3 is not installed (needed to write the tiny model)"
  fi
}
