#!/bin/sh
# Runs one real-client interop test against the built server.
#   run.sh KIND BINARY WORK_DIR
#   KIND: node | node-ai | nvim | nvim-ai | emacs | emacs-ai | vscode | configs
#   (*-ai: the editor test also applies an AI fix served by fake_model_server.mjs, needs node)
# Exit 77 (ctest SKIP_RETURN_CODE) with a reason when the client's tools are missing.
set -u
kind=$1
binary=$2
work=$3
case "$binary" in /*) ;; *) binary="$PWD/$binary" ;; esac
case "$work" in /*) ;; *) work="$PWD/$work" ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mkdir -p "$work"
# Hermetic: a developer's ~/.config/codecrucible or caches must not change the results.
XDG_CONFIG_HOME="$work/config"
XDG_CACHE_HOME="$work/cache"
XDG_DATA_HOME="$work/data"
XDG_STATE_HOME="$work/state"
export XDG_CONFIG_HOME XDG_CACHE_HOME XDG_DATA_HOME XDG_STATE_HOME

skip() {
  echo "SKIP: $*"
  exit 77
}
need() {
  command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed ($2)"
}
need_server() {
  [ -x "$binary" ] || { echo "FAIL: server binary $binary is missing"; exit 1; }
}

case "$kind" in
  nvim-ai | emacs-ai)
    command -v node >/dev/null 2>&1 || { echo "SKIP: node is not installed (the fake model server needs it)"; exit 77; }
    CC_FAKE_MODEL="$here/fake_model_server.mjs"
    export CC_FAKE_MODEL
    kind=${kind%-ai}
    ;;
esac

case "$kind" in
  node)
    need node "apt-get install nodejs npm"
    [ -d "$here/node/node_modules/vscode-languageserver-protocol" ] ||
      skip "tests/clients/node/node_modules missing: run tests/clients/install_deps.sh"
    need_server
    exec node "$here/node/interop.test.mjs" "$binary"
    ;;
  node-ai)
    need node "apt-get install nodejs npm"
    [ -d "$here/node/node_modules/vscode-languageserver-protocol" ] ||
      skip "tests/clients/node/node_modules missing: run tests/clients/install_deps.sh"
    need_server
    exec node "$here/node/ai_action.test.mjs" "$binary"
    ;;
  nvim)
    need nvim "apt-get install neovim"
    need_server
    cd "$work" || exit 1
    CC_BINARY=$binary exec nvim --headless -u NONE -i NONE -n \
      -c "set rtp+=$root/editors/nvim" -c "luafile $here/nvim/interop.lua"
    ;;
  emacs)
    need emacs "apt-get install emacs-nox elpa-eglot"
    loadpath=""
    for dir in /usr/share/emacs/site-lisp/elpa/*/; do
      [ -d "$dir" ] && loadpath="$loadpath -L $dir"
    done
    emacs -Q --batch $loadpath --eval "(kill-emacs (if (require 'eglot nil t) 0 1))" 2>/dev/null ||
      skip "eglot is not available to emacs -Q (apt-get install elpa-eglot)"
    need_server
    # Byte-compile a copy with warnings as errors (keeps .elc out of the source tree).
    cp "$root/editors/emacs/codecrucible.el" "$work/codecrucible.el" || exit 1
    emacs -Q --batch $loadpath --eval '(setq byte-compile-error-on-warn t)' \
      -f batch-byte-compile "$work/codecrucible.el" || { echo "FAIL: codecrucible.el does not byte-compile cleanly"; exit 1; }
    echo "byte-compiled codecrucible.el without warnings"
    CC_BINARY=$binary exec emacs -Q --batch $loadpath -L "$work" \
      -l "$here/emacs/interop-test.el" -f ert-run-tests-batch-and-exit
    ;;
  vscode)
    need node "apt-get install nodejs npm"
    ext="$root/editors/vscode"
    [ -d "$ext/node_modules/vscode-languageclient" ] ||
      skip "editors/vscode/node_modules missing: run tests/clients/install_deps.sh"
    need_server
    cd "$ext" || exit 1
    set -e
    node scripts/sync-settings.mjs --check
    npx --no-install tsc --noEmit -p .
    npx --no-install eslint src test scripts
    node scripts/bundle.mjs --production
    npx --no-install vsce package --no-dependencies --out "$work/codecrucible.vsix"
    node --test test/unit.test.mjs
    node test/check-vsix.mjs "$work/codecrucible.vsix"
    node test/harness.mjs "$binary"
    ;;
  configs)
    need python3 "apt-get install python3"
    python3 -c 'import tomllib' 2>/dev/null || skip "python3 >= 3.11 (tomllib) is required"
    exec python3 "$here/check_editor_configs.py" "$root"
    ;;
  *)
    echo "unknown kind $kind"
    exit 2
    ;;
esac
