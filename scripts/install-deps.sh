#!/usr/bin/env bash
# Installs everything CodeCrucible needs on a fresh Debian 12 machine: build tools and
# libraries from Debian, the editor/client test tools, and the npm packages of the
# editor extensions and client tests. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

APT_PACKAGES=(
  build-essential g++ cmake ninja-build pkg-config ccache git python3 ca-certificates
  nlohmann-json3-dev libuv1-dev libcpp-httplib-dev libspdlog-dev libgtest-dev libgmock-dev
  libbenchmark-dev libhiredis-dev
  redis-server ripgrep neovim emacs-nox elpa-eglot groff-base nodejs npm
  clang-14 libclang-rt-14-dev
)
# The VS Code end-to-end test (code-server needs Node 20; Debian 12's own Node is 18): its
# browser, and the headers code-server's kerberos module builds against.
if command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ]; then
  APT_PACKAGES+=(chromium libkrb5-dev)
fi

# apt may be busy (unattended upgrades on a fresh machine): retry on the lock.
apt_retry() {
  local i
  for i in $(seq 1 30); do
    if $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 "$@"; then return 0; fi
    echo "apt-get $1 failed (attempt $i); retrying in 10 s" >&2
    sleep 10
  done
  return 1
}

missing=()
for p in "${APT_PACKAGES[@]}"; do
  # nodejs/npm may come from another source (nodesource) on build machines: keep theirs.
  if [ "$p" = nodejs ] || [ "$p" = npm ]; then command -v "${p/nodejs/node}" >/dev/null 2>&1 && continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  apt_retry update -qq
  apt_retry install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages for the editor extension, the client tests and the real-engine tier.
bash tests/clients/install_deps.sh
bash tests/real_engine/install.sh
# Real VS Code (code-server) and playwright-core for the end-to-end test, cached under
# build/vscode-e2e; skipped with a note under Node < 20.
sh tests/clients/vscode-e2e/install.sh
