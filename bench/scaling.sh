#!/usr/bin/env bash
# Many-core scaling of `codecrucible analyze` beside ripgrep over the same vocabulary.
#
#   bench/scaling.sh [--bin PATH] [--max-threads N | --threads "1 2 4 8 16"] [--repeat 3] [--rg PATH] TREE...
#
# For each tree and thread count (default 1, 2, 4, ... up to the core count, or up to
# --max-threads): the median wall time of `analyze --jobs N --format json` (output to a file),
# speed-up and efficiency against one thread, the process's CPU seconds (user + system), the
# analyzer's own figures from its JSON stats (scan = walk + analysis, wall; walk CPU = listing
# directories and worker CPU = reading and analysing files, each summed over the threads;
# rest = the process outside the scan: start and output), and `rg -j N` with the analyzer's
# sink vocabulary over the files of its languages. On a busy machine compare CPU seconds too.
# Needs bash and coreutils only; ripgrep is optional (the column then says why it is empty).
# Prints Markdown tables. To run a build on another machine, copy the binary with the shared
# libraries `ldd` lists and point LD_LIBRARY_PATH at them. The binary: --bin, else $CC_BIN, else
# build/release/server/codecrucible.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${CC_BIN:-$here/../build/release/server/codecrucible}
rg=$(command -v rg || true)
threads=""
max_threads=""
repeat=3
trees=()
while [ $# -gt 0 ]; do
  case $1 in
    --bin) bin=$2; shift 2 ;;
    --rg) rg=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --max-threads) max_threads=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    -h|--help) sed -n 2,16p "$0"; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) trees+=("$1"); shift ;;
  esac
done
[ ${#trees[@]} -gt 0 ] || { echo "usage: bench/scaling.sh [options] TREE... (see --help)" >&2; exit 2; }
[ -x "$bin" ] || { echo "no codecrucible binary at $bin (build it, or pass --bin)" >&2; exit 2; }
cores=$(nproc)
top=${max_threads:-$cores}
if [ -z "$threads" ]; then
  n=1
  while [ $n -lt "$top" ]; do threads+="$n "; n=$((n * 2)); done
  threads+="$top"
fi

# The analyzer's sink vocabulary as one alternation (as bench/analysis_bench.cpp), and its
# file types, so ripgrep reads what the analyzer reads.
patterns='\b(eval|exec|system|popen|execute|executeQuery|query|pickle\.loads?|yaml\.load|md5|sha1|MD5|SHA1|random\.|Math\.random|rand\(|strcpy|strcat|sprintf|gets|scanf|verify=False|rejectUnauthorized|InsecureSkipVerify|innerHTML|document\.write|unserialize|readObject|Marshal\.load|debugger|breakpoint|set_trace|TODO|FIXME|HACK|XXX|password|secret|token|api_key)\b'
globs=()
for e in py pyw pyi js mjs cjs jsx ts tsx mts cts c h cc cpp cxx c++ hpp hh hxx ipp go java rs rb rake gemspec php phtml inc sh bash zsh ksh cs csx; do
  globs+=(-g "*.$e")
done

TIMEFORMAT='%R %U %S'  # bash's own `time`: wall, user and system seconds of what it runs
# timed OUT COMMAND...: runs COMMAND with stdout to OUT (stderr dropped); prints "wall cpu".
timed() { local out=$1; shift; { time "$@" > "$out" 2>/dev/null; } 2>&1 | awk '{print $1, $2 + $3}'; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# A number from the report's "stats" (the last occurrence of the key: stats come after findings,
# and a key inside a message is escaped, \"key\", so it cannot match).
stat_of() { grep -o "\"$1\": [-0-9.e+]*" "$2" | tail -n 1 | awk '{print $2 + 0}'; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rg_note="rg -j N: same vocabulary and file types"
[ -n "$rg" ] || rg_note="ripgrep (rg) not found: its column is empty (install ripgrep or pass --rg PATH)"
for tree in "${trees[@]}"; do
  [ -d "$tree" ] || { echo "skip $tree: not a directory" >&2; continue; }
  "$bin" analyze --jobs 1 --format json "$tree" > "$tmp/warm.json" 2>/dev/null || true  # page cache
  files=$(stat_of files "$tmp/warm.json")
  mb=$(awk -v b="$(stat_of bytes "$tmp/warm.json")" 'BEGIN {printf "%.1f", b / 1e6}')
  nfind=$(grep -c '^   "rule": ' "$tmp/warm.json" || true)
  echo
  echo "### $tree: $files files, $mb MB analysed, $nfind findings ($cores cores here; median of $repeat)"
  echo
  echo "$rg_note."
  echo
  echo "| threads | analyze s | speed-up | efficiency | CPU s | scan s | walk CPU s | worker CPU s | rest s | rg -j N s | analyze / rg |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  base=""
  for n in $threads; do
    : > "$tmp/wall"; : > "$tmp/cpu"; : > "$tmp/scan"; : > "$tmp/walk"; : > "$tmp/work"; : > "$tmp/rg"
    for _ in $(seq 1 "$repeat"); do
      read -r w c < <(timed "$tmp/out.json" "$bin" analyze --jobs "$n" --format json "$tree")
      echo "$w" >> "$tmp/wall"; echo "$c" >> "$tmp/cpu"
      stat_of seconds "$tmp/out.json" >> "$tmp/scan"
      stat_of walkSeconds "$tmp/out.json" >> "$tmp/walk"
      stat_of workerSeconds "$tmp/out.json" >> "$tmp/work"
      if [ -n "$rg" ]; then
        timed /dev/null "$rg" --no-config -j "$n" -c "${globs[@]}" -e "$patterns" "$tree" | cut -d' ' -f1 >> "$tmp/rg"
      fi
    done
    wall=$(median < "$tmp/wall"); cpu=$(median < "$tmp/cpu"); scan=$(median < "$tmp/scan"); walk=$(median < "$tmp/walk"); work=$(median < "$tmp/work")
    [ -n "$base" ] || base=$(awk -v w="$wall" -v n="$n" 'BEGIN {print w * n}')  # one thread's time
    rgt=$( [ -s "$tmp/rg" ] && median < "$tmp/rg" || echo 0)
    awk -v n="$n" -v w="$wall" -v c="$cpu" -v s="$scan" -v k="$walk" -v x="$work" -v b="$base" -v r="$rgt" 'BEGIN {
      sp = b / w; printf "| %d | %.3f | %.2fx | %.0f %% | %.3f | %.3f | %.3f | %.3f | %.3f | %s | %s |\n",
        n, w, sp, 100 * sp / n, c, s, k, x, w - s, (r > 0 ? sprintf("%.3f", r) : "—"), (r > 0 ? sprintf("%.2fx", w / r) : "—") }'
  done
done
