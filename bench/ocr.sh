#!/usr/bin/env bash
# bench/ocr.sh - how fast, and how well, scanned pages are read (tesseract OCR).
#
# Makes a scan of a PDF (js_mkscan: every page rendered at DPI into an image-only
# PDF, nothing of the text layer left), then runs `juesuan facts` on the scan and
# on the original RUNS times each, interleaved, and prints the median CPU time
# (user + system: pages per second per core, as OCR is single-threaded here) and
# wall time of both, and the facts F1 of the scan's reading against the text
# layer's (spec/facts.md: non-zero facts, equal to the cent), with the differences.
#
# usage: bench/ocr.sh [path/to/juesuan] [FILE.pdf] [RUNS] [DPI] [FIRST LAST]
#   defaults: build/juesuan, the Shanghai 2024 disclosure, 1 run, 200 dpi, all pages
# The whole 25-page document takes minutes; FIRST LAST scan a page range (the
# other pages are left out of both readings).
set -eu
JS="${1:-build/juesuan}"
SRC="$(cd "$(dirname "$0")/.." && pwd)"
PDF="${2:-$SRC/../shared/pdf/shanghai-putuo-finance-bureau-2024.pdf}"
RUNS="${3:-1}"
DPI="${4:-200}"
FIRST="${5:-1}"
MKSCAN="$(dirname "$JS")/js_mkscan"
[ -x "$MKSCAN" ] || { echo "ocr.sh: no $MKSCAN (cmake --build build)" >&2; exit 2; }
[ -f "$PDF" ] || { echo "ocr.sh: no $PDF" >&2; exit 2; }
PAGES=$(pdfinfo "$PDF" 2>/dev/null | awk '/^Pages:/ { print $2 }')
LAST="${6:-$PAGES}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$MKSCAN" "$PDF" "$tmp/scan.pdf" "$DPI" "$FIRST" "$LAST" 2>/dev/null
if [ "$FIRST" -eq 1 ] && [ "$LAST" -eq "$PAGES" ]; then
    cp "$PDF" "$tmp/text.pdf"
else
    pdfseparate -f "$FIRST" -l "$LAST" "$PDF" "$tmp/p%d.pdf" 2>/dev/null
    pdfunite $(for p in $(seq "$FIRST" "$LAST"); do echo "$tmp/p$p.pdf"; done) "$tmp/text.pdf"
fi
N=$((LAST - FIRST + 1))

# CPU seconds (user+sys) and wall seconds of one run; facts into $2
run() { /usr/bin/time -f "%U %S %e" -o "$tmp/t" "$JS" facts "$1" >"$2" 2>/dev/null || true
        awk '{ printf "%.2f %.2f\n", $1 + $2, $3 }' "$tmp/t"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

: >"$tmp/scan.times"; : >"$tmp/text.times"
for _ in $(seq "$RUNS"); do
    run "$tmp/scan.pdf" "$tmp/scan.tsv" >>"$tmp/scan.times"
    run "$tmp/text.pdf" "$tmp/text.tsv" >>"$tmp/text.times"
done
sc=$(cut -d' ' -f1 "$tmp/scan.times" | median); sw=$(cut -d' ' -f2 "$tmp/scan.times" | median)
tc=$(cut -d' ' -f1 "$tmp/text.times" | median); tw=$(cut -d' ' -f2 "$tmp/text.times" | median)
echo "pages $FIRST-$LAST ($N) at $DPI dpi, median of $RUNS"
awk -v n="$N" -v c="$sc" -v w="$sw" 'BEGIN { printf "scan (OCR):   %7.2f s CPU  %7.2f s wall  %6.3f pages/s per core\n", c, w, n / (c > 0 ? c : 1e-9) }'
awk -v n="$N" -v c="$tc" -v w="$tw" 'BEGIN { printf "text layer:   %7.2f s CPU  %7.2f s wall  %6.1f pages/s per core\n", c, w, n / (c > 0 ? c : 1e-9) }'
awk -v a="$sc" -v b="$tc" 'BEGIN { printf "ratio:        %7.1fx the text layer'"'"'s CPU time\n", a / (b > 0 ? b : 1e-9) }'
awk -F'\t' 'FNR == 1 { next } $4 + 0 == 0 { next }
  FILENAME == ARGV[1] { r[$1 FS $2 FS $3] = $4; n++; next }
  { g++; if (($1 FS $2 FS $3) in r && r[$1 FS $2 FS $3] + 0 == $4 + 0) ok++ }
  END { p = g ? ok / g : 0; q = n ? ok / n : 0
        printf "facts:        %d right of %d read, %d in the text layer: precision %.4f recall %.4f F1 %.4f\n", ok, g, n, p, q, (p + q ? 2 * p * q / (p + q) : 0) }' \
  "$tmp/text.tsv" "$tmp/scan.tsv"
diff <(sort "$tmp/text.tsv") <(sort "$tmp/scan.tsv") | grep '^[<>]' | head -40 || true
