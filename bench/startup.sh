#!/usr/bin/env bash
# startup.sh - what a juesuan command costs before it does any work (issue #18).
#
#   bench/startup.sh [BUILD_DIR] [ROUNDS]        (default build/, 21 rounds)
#
# CPU time (user+sys, getrusage of the child: bench/cpu.py) of `true`,
# `juesuan version` and `juesuan check SMALL` (the smallest seed), taken in
# alternation so that the machine's load hits them alike; medians. The work
# of the check itself (W) is the median CPU of checking SMALL 21 times in one
# process, less one check, over 20. The targets: version ≤ 2 × true, and
# check SMALL ≤ 2 × true + W. Also: the shared libraries the program loads.
set -u
SRC="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$SRC/build}"
ROUNDS="${2:-21}"
JS="$BUILD/juesuan"
[ -x "$JS" ] || { echo "startup.sh: build first (no $JS)" >&2; exit 2; }
CPU="$SRC/bench/cpu.py"
SMALL=$(ls -S "$SRC"/../shared/seeds/*.txt | tail -1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
many=()
for i in $(seq 21); do cp "$SMALL" "$tmp/s$i.txt"; many+=("$tmp/s$i.txt"); done

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
for r in $(seq "$ROUNDS"); do
  "$CPU" true | awk '{ print $1 }' >>"$tmp/true"
  "$CPU" "$JS" version | awk '{ print $1 }' >>"$tmp/version"
  "$CPU" "$JS" check "$SMALL" | awk '{ print $1 }' >>"$tmp/check1"
  if [ "$r" -le 7 ]; then
    "$CPU" "$JS" check --jobs 1 "${many[@]}" | awk '{ print $1 }' >>"$tmp/check21"
  fi
done
t=$(median <"$tmp/true")
v=$(median <"$tmp/version")
c1=$(median <"$tmp/check1")
c21=$(median <"$tmp/check21")
w=$(awk -v a="$c21" -v b="$c1" 'BEGIN { w = (a - b) / 20; print w < 0 ? 0 : w }')
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $ROUNDS rounds; SMALL = $(basename "$SMALL") ($(wc -c <"$SMALL") bytes)"
echo "shared libraries loaded by juesuan: $(ldd "$JS" | grep -c '=>') (the back-ends' modules only on first use)"
LD_DEBUG=statistics "$JS" version 2>&1 >/dev/null | awk -F: '
  /total startup time in dynamic loader/ { t = $3 } /time needed for relocation/ { r = $3 }
  /number of relocations:/ && !n { n = $3 } /number of relative relocations/ { rr = $3 }
  END { gsub(/^[ \t]+/, "", t); gsub(/^[ \t]+/, "", r); printf "dynamic linker (juesuan version): %s; relocation %s; %d symbol and %d relative relocations\n", t, r, n, rr }'
awk -v t="$t" -v v="$v" -v c="$c1" -v w="$w" 'BEGIN {
  printf "true:                   median %.2f ms CPU\n", t * 1000
  printf "juesuan version:        median %.2f ms CPU = %.1f x true (target <= 2)\n", v * 1000, v / t
  printf "work of one check (W):  %.2f ms CPU (21 checks in one process, less one, / 20)\n", w * 1000
  printf "juesuan check SMALL:    median %.2f ms CPU = %.2f x (2 x true + W) (target <= 1)\n", c * 1000, c / (2 * t + w)
  printf "start-up overhead:      %.2f ms CPU (version - true)\n", (v - t) * 1000
}'
