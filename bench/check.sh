#!/usr/bin/env bash
# check.sh - what the audit engine (`juesuan check`) costs next to the parse.
#
#   bench/check.sh [BUILD_DIR] [FILE...]      (default: the five seeds)
#
# bench/check_bench.c (compiled here against the build's libjuesuan, -O2) parses the
# files repeatedly for 2 s of CPU time, then checks the parsed documents repeatedly for 2 s, on
# one core; 5 runs, medians. Prints microseconds per document for parse and for
# check, check/parse, and parse+check documents per second on one core.
# Targets (issue #4): check < parse; parse+check >= 1,000 seed-size documents/s.
# Build with -DCMAKE_BUILD_TYPE=Release for meaningful figures.
set -u
SRC="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$SRC/build}"
shift || true
FILES=("$@")
[ ${#FILES[@]} -gt 0 ] || FILES=("$SRC"/../shared/seeds/*.txt)
LIB="$BUILD/libjuesuan.a"
[ -f "$LIB" ] || { echo "check.sh: build first (no $LIB)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --build "$BUILD" --target check_bench >/dev/null || exit 4
cp "$BUILD/check_bench" "$tmp/check_bench"

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "input: ${#FILES[@]} documents, $(cat "${FILES[@]}" | wc -c) bytes"
for i in 1 2 3 4 5; do "$tmp/check_bench" 2 "${FILES[@]}" || exit $?; done >"$tmp/all"
awk 'NF == 5' "$tmp/all" >"$tmp/runs"
pus=$(awk '{ print $2 / $1 * 1e6 }' "$tmp/runs" | median)
cus=$(awk '{ print $4 / $3 * 1e6 }' "$tmp/runs" | median)
nf=$(awk '{ print $5 }' "$tmp/runs" | median)
printf "parse:        %.1f us/document\n" "$pus"
printf "check:        %.1f us/document (%s findings over the %d documents)\n" "$cus" "$nf" "${#FILES[@]}"
printf "check/parse:  %.3f\n" "$(awk -v c="$cus" -v p="$pus" 'BEGIN { print c / p }')"
printf "parse+check:  %.0f documents/s on one core\n" "$(awk -v c="$cus" -v p="$pus" 'BEGIN { print 1e6 / (c + p) }')"
echo "check by rule family (median us/document):"
for fam in completeness arithmetic cross-table classification narrative performance format; do
  printf "  %-15s %s\n" "$fam" "$(awk -v f="$fam" '$1 == f { print $2 }' "$tmp/all" | median)"
done
