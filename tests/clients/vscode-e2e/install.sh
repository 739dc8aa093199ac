#!/bin/sh
# Installs real VS Code (code-server from npm) and playwright-core for the end-to-end test of
# the packaged extension (tests/clients/vscode-e2e/e2e.test.mjs), from package-lock.json.
#   install.sh            install unless already there (a note and exit 0 under Node < 20)
#   install.sh --print    print the install folder only (how run.sh finds it)
# The result is cached under build/vscode-e2e/<key>, keyed on the lockfile, RECIPE and Node's
# major version: code-server's cold install builds native modules (minutes on 2 cores), a
# rerun with the same key does nothing. Bump RECIPE when a change here changes the result.
# Chromium itself comes from Debian (apt: chromium).
#
# Workarounds for an offline-from-GitHub, run-as-root machine (only apt and npm reachable):
# - code-server's postinstall refuses to run as root without npm_config_unsafe_perm=true;
# - @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache
#   ($TMPDIR/vscode-ripgrep-cache-<version>/ripgrep-<tag>-<target>.tar.gz) already holds the
#   archive: it is pre-filled with Debian's rg (apt: ripgrep);
# - node-gyp builds against the installed Node headers (/usr/include/node) instead of
#   downloading them, on every core (JOBS=max); modules whose prebuilt binaries live on GitHub
#   (argon2, kerberos) fall back to building (not npm_config_build_from_source: that would
#   also build @parcel/watcher, whose binary comes from npm); node-pty's build asks for
#   confirmation unless npm_config_yes=true.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)

RECIPE=1
node_major() { node -p 'process.versions.node.split(".")[0]'; }
key() {
  { cat "$here/package-lock.json"; echo "recipe $RECIPE node $(node_major)"; } | sha256sum | cut -c1-16
}
dir="$root/build/vscode-e2e/$(key)"
if [ "${1:-}" = --print ]; then
  echo "$dir"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "vscode-e2e: npm is not installed; skipping the VS Code end-to-end install" >&2
  exit 0
fi
if [ "$(node_major)" -lt 20 ]; then
  echo "vscode-e2e: code-server 4.100 and playwright-core need Node >= 20 (this is $(node --version)); skipping the install"
  exit 0
fi
if [ -f "$dir/.complete" ]; then
  echo "vscode-e2e: already installed in $dir"
  exit 0
fi
command -v rg >/dev/null 2>&1 || { echo "vscode-e2e: rg is missing (apt-get install ripgrep)" >&2; exit 1; }

start=$(date +%s)
stage="$dir.partial"
rm -rf "$stage"
mkdir -p "$stage/tmp"
cp "$here/package.json" "$here/package-lock.json" "$stage/"
cd "$stage"
TMPDIR="$stage/tmp"
npm_config_unsafe_perm=true
npm_config_yes=true
npm_config_update_notifier=false
JOBS=max
export TMPDIR npm_config_unsafe_perm npm_config_yes npm_config_update_notifier JOBS
if [ -f /usr/include/node/common.gypi ]; then
  npm_config_nodedir=/usr
  export npm_config_nodedir
fi

# First the packages without their scripts, so that the ripgrep version code-server's
# VS Code pins can be read before its postinstall runs.
npm ci --ignore-scripts --no-audit --no-fund
shrinkwrap=node_modules/code-server/lib/vscode/npm-shrinkwrap.json
rg_version=$(node -e '
  const lock = require(process.argv[1]);
  process.stdout.write(lock.packages["node_modules/@vscode/ripgrep"].version);' "$PWD/$shrinkwrap")
# VS Code's packages are installed by that postinstall: read the release tag @vscode/ripgrep
# downloads from its published tarball.
npm pack "@vscode/ripgrep@$rg_version" --pack-destination "$TMPDIR" --silent >/dev/null
rg_tag=$(tar -xzOf "$TMPDIR/vscode-ripgrep-$rg_version.tgz" package/lib/postinstall.js |
  sed -n "s/^const VERSION = '\\(v[^']*\\)'.*/\\1/p")
[ -n "$rg_tag" ] || { echo "vscode-e2e: no ripgrep release tag in @vscode/ripgrep $rg_version" >&2; exit 1; }
case "$(uname -m)" in
  x86_64) rg_target=x86_64-unknown-linux-musl ;;
  aarch64) rg_target=aarch64-unknown-linux-musl ;;
  *) echo "vscode-e2e: no ripgrep target for $(uname -m)" >&2; exit 1 ;;
esac
rg_cache="$TMPDIR/vscode-ripgrep-cache-$rg_version"
mkdir -p "$rg_cache/rg"
cp "$(command -v rg)" "$rg_cache/rg/rg"
tar -czf "$rg_cache/ripgrep-$rg_tag-$rg_target.tar.gz" -C "$rg_cache/rg" rg
echo "vscode-e2e: @vscode/ripgrep $rg_version gets Debian's rg as ripgrep-$rg_tag-$rg_target"

# Now every install script: code-server's postinstall installs VS Code's packages and builds
# their native modules.
npm rebuild
rm -rf "$stage/tmp"
touch "$stage/.complete"
rm -rf "$dir"
mv "$stage" "$dir"
# Keep one cached install: older keys are stale.
for old in "$root"/build/vscode-e2e/*; do
  [ "$old" = "$dir" ] || rm -rf "$old"
done
echo "vscode-e2e: installed in $dir after $(( $(date +%s) - start )) s"
