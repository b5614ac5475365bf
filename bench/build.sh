#!/usr/bin/env bash
# bench/build.sh - how fast `juesuan build` aggregates a large ledger.
#
# Generates a ledger of N postings (default 1,000,000) spread over the example's codes, funds,
# types and 经济分类, with income lines that cover the spending, then times `juesuan build`
# (to the JSON model) against `wc -l` of the same file. Prints the median of RUNS runs.
#
# usage: bench/build.sh [path/to/juesuan] [N] [RUNS]
set -eu
JS="${1:-build/juesuan}"
N="${2:-1000000}"
RUNS="${3:-5}"
SRC="$(cd "$(dirname "$0")/.." && pwd)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

awk -v n="$N" 'BEGIN {
  srand(42);
  split("2060101:30101 2060101:30102 2060101:30201 2060101:30211 2150501:30101 2150501:30239 2080505:30108 2101101:30110 2210201:30113 2080501:30302", basic, " ");
  split("2060199:30227 2060102:31002 2150510:39999", proj, " ");
  print "收支,功能分类,经济分类,资金来源,支出类型,金额,项目";
  for (i = 0; i < n; i++) {
    if (i % 4 == 3) { split(proj[1 + int(rand() * 3)], p, ":"); typ = "项目"; pj = "项目" (i % 17) }
    else { split(basic[1 + int(rand() * 10)], p, ":"); typ = "基本"; pj = "" }
    fen = 100 + int(rand() * 5000000);
    sum[p[1]] += fen;
    printf "支出,%s,%s,一般公共预算,%s,%d.%02d,%s\n", p[1], p[2], typ, fen / 100, fen % 100, pj;
  }
  # %.0f, not %d: mawk'"'"'s %d stops at 2^31
  for (c in sum) printf "收入,%s,,一般公共预算,,%.0f.%02d,\n", c, int(sum[c] / 100), sum[c] % 100;
}' > "$tmp/ledger.csv"
lines=$(wc -l < "$tmp/ledger.csv")
bytes=$(wc -c < "$tmp/ledger.csv")

median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
timeit() { # command... -> seconds (wall)
  local s e
  s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
  echo "$e - $s" | bc -l
}
"$JS" build "$tmp/ledger.csv" --meta "$SRC/examples/meta.json" --stats -o "$tmp/m.json"
b=$(for i in $(seq "$RUNS"); do timeit "$JS" build "$tmp/ledger.csv" --meta "$SRC/examples/meta.json" -o "$tmp/m.json"; done | median)
w=$(for i in $(seq "$RUNS"); do timeit wc -l "$tmp/ledger.csv"; done | median)
printf 'ledger: %d lines, %.1f MB\n' "$lines" "$(echo "$bytes / 1048576" | bc -l)"
printf 'juesuan build (median of %d): %.3f s   (%.0f lines/s)\n' "$RUNS" "$b" "$(echo "$lines / $b" | bc -l)"
printf 'wc -l        (median of %d): %.3f s\n' "$RUNS" "$w"
printf 'ratio build / wc -l: %.1f\n' "$(echo "$b / $w" | bc -l)"
