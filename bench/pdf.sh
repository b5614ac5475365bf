#!/usr/bin/env bash
# bench/pdf.sh - how fast the PDF reader is, next to pdftotext -layout.
#
# Times `juesuan parse --format json FILE` (poppler-glib glyphs, a rendering of
# each page that can hold a table to find its rulings, the grid, the recognizer
# and the JSON) against `pdftotext -layout FILE` on the same file, both pinned
# to one core (taskset, when there is one), RUNS runs each, interleaved so that
# both see the same load. Prints the medians as pages per second per core and
# the ratio of the times (target: juesuan no slower than 2x pdftotext), and
# the start-up time of each program alone (loading its shared libraries).
#
# usage: bench/pdf.sh [path/to/juesuan] [FILE.pdf] [RUNS]
# (build with -DCMAKE_BUILD_TYPE=Release or RelWithDebInfo for figures worth quoting)
set -eu
JS="${1:-build/juesuan}"
SRC="$(cd "$(dirname "$0")/.." && pwd)"
PDF="${2:-$SRC/../shared/pdf/shanghai-putuo-finance-bureau-2024.pdf}"
RUNS="${3:-7}"
command -v pdftotext >/dev/null || { echo "pdf.sh: pdftotext not found (poppler-utils)" >&2; exit 2; }
[ -f "$PDF" ] || { echo "pdf.sh: no $PDF" >&2; exit 2; }
PAGES=$(pdfinfo "$PDF" 2>/dev/null | awk '/^Pages:/ { print $2 }')
# a timing is only worth printing when the program really read the PDF
nf=$("$JS" facts "$PDF" 2>/dev/null | wc -l) || nf=0
[ "$nf" -gt 1 ] || { echo "pdf.sh: $JS facts $PDF gives no facts: build it first" >&2; exit 2; }
PIN=""
command -v taskset >/dev/null && PIN="taskset -c 0"

now() { date +%s%N; }
run_js() { $PIN "$JS" parse --format json "$PDF" >/dev/null 2>&1 || true; }
run_pt() { $PIN pdftotext -layout "$PDF" /dev/null 2>/dev/null; }

# start-up alone (loading the shared libraries): part of both times above
up_js() { $PIN "$JS" --help >/dev/null 2>&1 || true; }
up_pt() { $PIN pdftotext -v >/dev/null 2>&1 || true; }

run_js; run_pt # warm the page cache
js_t=() pt_t=() ju_t=() pu_t=()
for _ in $(seq "$RUNS"); do
    t0=$(now); run_js; t1=$(now); run_pt; t2=$(now)
    js_t+=($(((t1 - t0) / 1000))) # microseconds
    pt_t+=($(((t2 - t1) / 1000)))
    t0=$(now); up_js; t1=$(now); up_pt; t2=$(now)
    ju_t+=($(((t1 - t0) / 1000)))
    pu_t+=($(((t2 - t1) / 1000)))
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
js_m=$(median "${js_t[@]}")
pt_m=$(median "${pt_t[@]}")
ju_m=$(median "${ju_t[@]}")
pu_m=$(median "${pu_t[@]}")
awk -v p="$PAGES" -v j="$js_m" -v t="$pt_m" -v ju="$ju_m" -v pu="$pu_m" -v n="$RUNS" -v f="$(basename "$PDF")" 'BEGIN {
    printf "%s: %d pages, median of %d runs, one core\n", f, p, n
    printf "  juesuan parse (PDF reader + recognizer + JSON)  %8.1f ms  %7.1f pages/s\n", j / 1000, p / (j / 1e6)
    printf "  pdftotext -layout (baseline)                    %8.1f ms  %7.1f pages/s\n", t / 1000, p / (t / 1e6)
    printf "  ratio juesuan / pdftotext: %.2f (target <= 2)\n", j / t
    printf "  of which start-up (juesuan --help, pdftotext -v): %.1f ms, %.1f ms\n", ju / 1000, pu / 1000
}'
