#!/usr/bin/env bash
# bench/pdf.sh - how fast the PDF reader is, next to pdftotext -layout (#18).
#
# For each PDF: the CPU time (user + system, as the kernel counts it for the
# whole process: start-up, reading, the grid, the recognizer, the rules and the
# JSON output) of `juesuan check --format json FILE` against that of
# `pdftotext -layout FILE` on the same file, RUNS runs each, the two programs
# run alternately so that both see the same load. Prints the medians, pages per
# CPU-second, and the ratio juesuan / pdftotext (target: <= 1.0).
#
# The PDFs: the given ones, else every PDF in ../shared/pdf and ../shared/budgets and a 100-page
# document made of four copies of the Shanghai 2024 disclosure (pdfunite, a
# text PDF without scans; made in a temporary directory).
#
# usage: bench/pdf.sh [path/to/juesuan] [RUNS] [FILE.pdf...]
# (build with -DCMAKE_BUILD_TYPE=Release or RelWithDebInfo for figures worth quoting)
set -eu
JS="${1:-build/juesuan}"
RUNS="${2:-11}"
shift 2 2>/dev/null || shift $#
SRC="$(cd "$(dirname "$0")/.." && pwd)"
command -v pdftotext >/dev/null || { echo "pdf.sh: pdftotext not found (poppler-utils)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ $# -eq 0 ]; then
    set -- "$SRC"/../shared/pdf/*.pdf "$SRC"/../shared/budgets/*.pdf
    sh="$SRC/../shared/pdf/shanghai-putuo-finance-bureau-2024.pdf"
    if [ -f "$sh" ] && command -v pdfunite >/dev/null; then
        pdfunite "$sh" "$sh" "$sh" "$sh" "$tmp/shanghai-x4-100pages.pdf" 2>/dev/null && set -- "$@" "$tmp/shanghai-x4-100pages.pdf"
    fi
fi

# CPU seconds (user + sys) of one run of "$@", output discarded
cpu() {
    local TIMEFORMAT='%3U %3S' t
    t=$({ time "$@" >/dev/null 2>&1; } 2>&1 | tail -1) || true
    awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%.0f\n", (a[1] + a[2]) * 1000 }'
}
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

worst=0
printf '%-44s %6s %12s %12s %7s\n' "PDF (median of $RUNS runs, CPU ms)" pages "juesuan" "pdftotext" ratio
for pdf in "$@"; do
    [ -f "$pdf" ] || { echo "pdf.sh: no $pdf" >&2; continue; }
    pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
    # a timing is only worth printing when the program really read the PDF
    rc=0
    "$JS" check --format json "$pdf" >/dev/null 2>&1 || rc=$?
    [ "$rc" -le 1 ] || { echo "pdf.sh: $JS check $pdf: exit $rc (build it first?)" >&2; exit 2; }
    "$JS" check --format json "$pdf" >/dev/null 2>&1 || true # warm the page cache
    pdftotext -layout "$pdf" /dev/null 2>/dev/null || true
    js_t=() pt_t=()
    for _ in $(seq "$RUNS"); do
        js_t+=("$(cpu "$JS" check --format json "$pdf")")
        pt_t+=("$(cpu pdftotext -layout "$pdf" /dev/null)")
    done
    j=$(median "${js_t[@]}")
    t=$(median "${pt_t[@]}")
    r=$(awk -v j="$j" -v t="$t" 'BEGIN { printf "%.2f", (t > 0) ? j / t : 0 }')
    worst=$(awk -v r="$r" -v w="$worst" 'BEGIN { print (r > w) ? r : w }')
    printf '%-44s %6d %7.0f ms %7.0f ms %7s\n' "$(basename "$pdf")" "$pages" "$j" "$t" "$r"
    awk -v p="$pages" -v j="$j" -v t="$t" 'BEGIN {
        if (j > 0 && t > 0) printf "%-44s %6s %7.0f p/s %7.0f p/s\n", "  pages per CPU-second", "", p / (j / 1000), p / (t / 1000) }'
done
echo "worst ratio juesuan check / pdftotext -layout: $worst (target <= 1.0)"
