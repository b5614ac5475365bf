#!/usr/bin/env bash
# parse.sh - parse throughput and peak memory of `juesuan facts` on text disclosures.
#
#   bench/parse.sh [BUILD_DIR] [FILE...]      (default: the five seeds)
#
# 1. throughput: bench/parse_bench.c (the build's parse_bench target)
#    parses the files repeatedly for 2 s of CPU time, 5 runs; median MB/s and documents/s
#    per core (process CPU time, so a busy machine does not skew it); baseline: `wc -l`
#    over the same bytes (user+sys time, median of 5), and the ratio.
# 2. whole processes (issue #18): `juesuan facts` and `juesuan check` (--jobs 1) over
#    100 copies of the files (500 files for the seeds) in ONE call, MB/s per core =
#    bytes / (user+sys CPU of the process, bench/cpu.py), median of 5, start-up
#    included; baseline: `wc -l` over the same files in the same run, and the ratio.
#    Target: >= 100 MB/s. Then `check` on one large document (the files concatenated
#    3 times), which shows whether check is still linear in a document's findings.
# 3. memory: /usr/bin/time -v max RSS of `juesuan facts` on one document and on the
#    documents concatenated 20 and 200 times (one big input), against `cat` of the same
#    input (issue #16.7: target <= 3x the input); and of one call over 5 and over
#    500 files (a batch's memory must not grow with the number of files).
set -u
SRC="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$SRC/build}"
shift || true
FILES=("$@")
[ ${#FILES[@]} -gt 0 ] || FILES=("$SRC"/../shared/seeds/*.txt)
JS="$BUILD/juesuan"
LIB="$BUILD/libjuesuan.a"
[ -x "$JS" ] && [ -f "$LIB" ] || { echo "parse.sh: build first (no $JS or $LIB)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --build "$BUILD" --target parse_bench >/dev/null || exit 4
cp "$BUILD/parse_bench" "$tmp/parse_bench"

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
size=$(cat "${FILES[@]}" | wc -c)
echo "input: ${#FILES[@]} documents, $size bytes"

for i in 1 2 3 4 5; do "$tmp/parse_bench" 2 "${FILES[@]}"; done >"$tmp/runs"
mbs=$(awk '{ print $1 / $3 / 1e6 }' "$tmp/runs" | median)
dps=$(awk '{ print $2 / $3 }' "$tmp/runs" | median)

# baseline: wc -l over the same bytes, repeated to ~50 MB
reps=$(( 50000000 / size + 1 ))
for i in $(seq $reps); do cat "${FILES[@]}"; done >"$tmp/big"
bsz=$(wc -c <"$tmp/big")
for i in 1 2 3 4 5; do
  /usr/bin/time -f "%U %S" wc -l "$tmp/big" 2>&1 >/dev/null | tail -1 |
    awk -v b="$bsz" '{ t = $1 + $2; if (t < 0.01) t = 0.01; print b / t / 1e6 }'
done | median >"$tmp/wc"
wcm=$(cat "$tmp/wc")
printf "parse:    median %.1f MB/s, %.0f documents/s (one core)\n" "$mbs" "$dps"
printf "baseline: wc -l %.1f MB/s; parse/wc = %.3f\n" "$wcm" "$(awk -v a="$mbs" -v b="$wcm" 'BEGIN { print a / b }')"

# 2. whole processes over many files
CPU="$SRC/bench/cpu.py"
mkdir "$tmp/many"
for i in $(seq 100); do
  for f in "${FILES[@]}"; do cp "$f" "$tmp/many/c${i}_$(basename "$f")"; done
done
many=("$tmp"/many/*)
msz=$(cat "${many[@]}" | wc -c)
for r in 1 2 3 4 5; do
  "$CPU" "$JS" facts --jobs 1 "${many[@]}" | awk '{ print $1 }' >>"$tmp/wfacts"
  "$CPU" "$JS" check --jobs 1 "${many[@]}" | awk '{ print $1 }' >>"$tmp/wcheck"
  "$CPU" wc -l "${many[@]}" | awk '{ print $1 }' >>"$tmp/wwc"
done
wf=$(median <"$tmp/wfacts"); wk=$(median <"$tmp/wcheck"); ww=$(median <"$tmp/wwc")
awk -v b="$msz" -v n="${#many[@]}" -v f="$wf" -v k="$wk" -v w="$ww" 'BEGIN {
  if (w < 1e-6) w = 1e-6
  printf "whole process, %d files (%d bytes) in one call, CPU medians:\n", n, b
  printf "  facts: %.3f s = %.1f MB/s per core; wc -l %.3f s = %.0f MB/s; facts/wc = %.4f (target 100 MB/s)\n", f, b / f / 1e6, w, b / w / 1e6, w / f
  printf "  check: %.3f s = %.1f MB/s per core; check/wc = %.4f\n", k, b / k / 1e6, w / k
}'
# one large document: the files concatenated 3 times (for the seeds 666 KB, one "document"
# with ~1,000 findings): check must stay near-linear (the report's roots, the doubt search's
# finding lookups were quadratic); CPU median of 3 against wc -l on the same file
for i in 1 2 3; do cat "${FILES[@]}"; done >"$tmp/cat3.txt"
c3=$(wc -c <"$tmp/cat3.txt")
for r in 1 2 3; do
  "$CPU" "$JS" check "$tmp/cat3.txt" | awk '{ print $1, $4 }' >>"$tmp/wc3"
  "$CPU" wc -l "$tmp/cat3.txt" | awk '{ print $1 }' >>"$tmp/wwc3"
done
awk '$2 > 1 { bad = 1 } END { exit bad }' "$tmp/wc3" || echo "  check on one large document: exit status > 1 (crash?)"
awk -v b="$c3" -v k="$(awk '{ print $1 }' "$tmp/wc3" | median)" -v w="$(median <"$tmp/wwc3")" 'BEGIN {
  if (w < 1e-6) w = 1e-6
  printf "  check, one document of %d bytes (the files x3): %.3f s = %.1f MB/s per core; check/wc = %.4f\n", b, k, b / k / 1e6, w / k
}'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ { gsub(/ /, "", $2); print $2 }'; }
one="${FILES[0]}"
for i in $(seq 20); do cat "${FILES[@]}"; done >"$tmp/cat20.txt"
# the program's fixed footprint (shared libraries, catalogue, templates) with no input
base=$(rss "$JS" version)
echo "memory: juesuan with no input (juesuan version) max RSS $base KB"
for i in $(seq 10); do cat "$tmp/cat20.txt"; done >"$tmp/cat200.txt"
for input in "$one" "$tmp/cat20.txt" "$tmp/cat200.txt"; do
  isz=$(wc -c <"$input")
  r=$(rss "$JS" facts "$input")
  c=$(rss cat "$input")
  printf "memory: input %d KB: juesuan facts max RSS %d KB (cat %d KB); (RSS - cat) / input = %.1fx; (RSS - no-input RSS) / input = %.1fx\n" \
    $((isz / 1024)) "$r" "$c" "$(awk -v r="$r" -v c="$c" -v s="$isz" 'BEGIN { print (r - c) * 1024 / s }')" \
    "$(awk -v r="$r" -v b="$base" -v s="$isz" 'BEGIN { print (r - b) * 1024 / s }')"
done
# a batch: memory of one call over 5 files and over 500 (one job, and two)
for j in 1 2; do
  r5=$(rss "$JS" facts --jobs "$j" "${many[@]:0:5}")
  r500=$(rss "$JS" facts --jobs "$j" "${many[@]:0:500}")
  printf "memory: facts --jobs %d over 5 files max RSS %d KB, over 500 files %d KB (ratio %.2f)\n" \
    "$j" "$r5" "$r500" "$(awk -v a="$r500" -v b="$r5" 'BEGIN { print a / b }')"
done
