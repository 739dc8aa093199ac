#!/usr/bin/env bash
# Many-core scaling of `codecrucible analyze` beside ripgrep over the same vocabulary.
#
#   bench/scaling.sh [--bin PATH] [--rg PATH] [--threads "1 2 4 8 16"] [--repeat 3] TREE...
#
# For each tree and thread count: the median wall time of `analyze --jobs N --format json`
# (output to /dev/null), the analyzer's own scan seconds (walk + analysis, from the JSON stats)
# and the rest of the process (start, output), speed-up and efficiency against one thread,
# and `rg -j N` with the analyzer's sink vocabulary over the files of the analyzer's languages.
# Thread counts default to 1, 2, 4, … up to the core count. Prints a Markdown table.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${CC_BIN:-$here/../build/release/server/codecrucible}
rg=$(command -v rg || true)
threads=""
repeat=3
trees=()
while [ $# -gt 0 ]; do
  case $1 in
    --bin) bin=$2; shift 2 ;;
    --rg) rg=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    -h|--help) sed -n 2,11p "$0"; exit 0 ;;
    *) trees+=("$1"); shift ;;
  esac
done
[ ${#trees[@]} -gt 0 ] || { echo "usage: bench/scaling.sh [options] TREE..." >&2; exit 2; }
[ -x "$bin" ] || { echo "no codecrucible binary at $bin (build it, or pass --bin)" >&2; exit 2; }
cores=$(nproc)
if [ -z "$threads" ]; then
  n=1
  while [ $n -lt "$cores" ]; do threads+="$n "; n=$((n * 2)); done
  threads+="$cores"
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

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for tree in "${trees[@]}"; do
  [ -d "$tree" ] || { echo "skip $tree: not a directory" >&2; continue; }
  "$bin" analyze --jobs 1 --format json "$tree" > "$tmp/warm.json" 2>/dev/null || true  # page cache
  info=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["stats"]; print(s.get("files",0), round(s.get("bytes",0)/1e6,1), len(json.load(open(sys.argv[1]))["findings"]))' "$tmp/warm.json")
  read -r files mb nfind <<<"$info"
  echo
  echo "### $tree: $files files, $mb MB analysed, $nfind findings ($cores cores)"
  echo
  echo "| threads | analyze s | scan s | rest s | speed-up | efficiency | MB/s per thread | rg -j N s | analyze / rg |"
  echo "|---|---|---|---|---|---|---|---|---|"
  base=""
  for n in $threads; do
    : > "$tmp/wall"; : > "$tmp/scan"; : > "$tmp/rg"
    for _ in $(seq 1 "$repeat"); do
      t0=$(now)
      "$bin" analyze --jobs "$n" --format json "$tree" > "$tmp/out.json" 2>/dev/null || true
      t1=$(now)
      awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}' >> "$tmp/wall"
      python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["stats"]["seconds"])' "$tmp/out.json" >> "$tmp/scan"
      if [ -n "$rg" ]; then
        t0=$(now)
        "$rg" --no-config -j "$n" -c "${globs[@]}" -e "$patterns" "$tree" > /dev/null 2>&1 || true
        t1=$(now)
        awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}' >> "$tmp/rg"
      fi
    done
    wall=$(median < "$tmp/wall"); scan=$(median < "$tmp/scan")
    [ -n "$base" ] || base=$wall
    rgt=$( [ -s "$tmp/rg" ] && median < "$tmp/rg" || echo 0)
    awk -v n="$n" -v w="$wall" -v s="$scan" -v b="$base" -v r="$rgt" -v mb="$mb" 'BEGIN {
      sp = b / w; printf "| %d | %.3f | %.3f | %.3f | %.2fx | %.0f %% | %.1f | %s | %s |\n",
        n, w, s, w - s, sp, 100 * sp / n, mb / w / n, (r > 0 ? sprintf("%.3f", r) : "—"), (r > 0 ? sprintf("%.2fx", w / r) : "—") }'
  done
done
