#!/usr/bin/env bash
# Many-core scaling of `codecrucible analyze` beside ripgrep over the same vocabulary.
#
#   bench/scaling.sh [--bin PATH] [--max-threads N | --threads "1 2 4 8 16"] [--repeat 3] [--rg PATH] TREE...
#
# For each tree and thread count (default 1, 2, 4, ... up to the core count, or up to
# --max-threads): the median wall time of `analyze --jobs N --format json` (output to /dev/null),
# speed-up and efficiency against one thread, the analyzer's own figures from its JSON stats
# (scan = walk + analysis wall time, walk = until the last directory was listed, worker = time
# reading and analysing summed over the workers, rest = the process outside the scan: start and
# output), and `rg -j N` with the analyzer's sink vocabulary over the files of its languages.
# Needs bash and coreutils only; ripgrep is optional (the column then says why it is empty).
# Prints Markdown tables. To run a build on another machine, copy the binary with the shared
# libraries `ldd` lists and point LD_LIBRARY_PATH at them.
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
    -h|--help) sed -n 2,14p "$0"; exit 0 ;;
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

now() { date +%s.%N; }
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
  echo "| threads | analyze s | speed-up | efficiency | scan s | walk s | worker s | rest s | rg -j N s | analyze / rg |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  base=""
  for n in $threads; do
    : > "$tmp/wall"; : > "$tmp/scan"; : > "$tmp/walk"; : > "$tmp/work"; : > "$tmp/rg"
    for _ in $(seq 1 "$repeat"); do
      t0=$(now)
      "$bin" analyze --jobs "$n" --format json "$tree" > "$tmp/out.json" 2>/dev/null || true
      t1=$(now)
      awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}' >> "$tmp/wall"
      stat_of seconds "$tmp/out.json" >> "$tmp/scan"
      stat_of walkSeconds "$tmp/out.json" >> "$tmp/walk"
      stat_of workerSeconds "$tmp/out.json" >> "$tmp/work"
      if [ -n "$rg" ]; then
        t0=$(now)
        "$rg" --no-config -j "$n" -c "${globs[@]}" -e "$patterns" "$tree" > /dev/null 2>&1 || true
        t1=$(now)
        awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}' >> "$tmp/rg"
      fi
    done
    wall=$(median < "$tmp/wall"); scan=$(median < "$tmp/scan"); walk=$(median < "$tmp/walk"); work=$(median < "$tmp/work")
    [ -n "$base" ] || base=$(awk -v w="$wall" -v n="$n" 'BEGIN {print w * n}')  # one thread's time
    rgt=$( [ -s "$tmp/rg" ] && median < "$tmp/rg" || echo 0)
    awk -v n="$n" -v w="$wall" -v s="$scan" -v k="$walk" -v x="$work" -v b="$base" -v r="$rgt" 'BEGIN {
      sp = b / w; printf "| %d | %.3f | %.2fx | %.0f %% | %.3f | %.3f | %.3f | %.3f | %s | %s |\n",
        n, w, sp, 100 * sp / n, s, k, x, w - s, (r > 0 ? sprintf("%.3f", r) : "—"), (r > 0 ? sprintf("%.2fx", w / r) : "—") }'
  done
done
