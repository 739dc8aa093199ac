#!/bin/sh
# Installs the npm packages of the client tests and the VS Code extension from their
# lockfiles (npm ci). Safe to re-run. Called by .ci/run before ctest.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v npm >/dev/null 2>&1; then
  echo "install_deps.sh: npm is not installed (apt-get install nodejs npm)" >&2
  exit 1
fi
for dir in "$root/tests/clients/node" "$root/editors/vscode"; do
  echo "npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund)
done
