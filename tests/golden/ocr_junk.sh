#!/usr/bin/env bash
# ocr_junk.sh - a scan with an invisible junk text layer (issue #14) is read by OCR, not trusted.
#
# The junk layer is made the way scanners and OCR tools make it: page 8 of the Shanghai 2024
# disclosure (table 02) rendered at 200 dpi, then the tesseract command line writes it as a PDF with
# its recognised text as an invisible layer (text render mode 3, GlyphLessFont) — read in the wrong
# language (English only), so the layer holds Latin garbage and digits, no Chinese. juesuan must see
# through it: the page's facts are those of the text PDF's page 8, and the reading is an R-OCR notice.
# A text layer that is good is trusted as before (the text page gives no R-OCR notice).
set -u
JS="$1"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
SHARED="${JS_SHARED_DIR:-$SRC/../shared}"
PDF="$SHARED/pdf/shanghai-putuo-finance-bureau-2024.pdf"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0; pass=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
if [ ! -f "$PDF" ]; then echo "SKIP: no $PDF"; exit 0; fi
for t in pdftoppm pdfseparate pdftotext tesseract; do
  command -v $t >/dev/null || { echo "SKIP: no $t (poppler-utils, tesseract-ocr)"; exit 0; }
done

pdfseparate -f 8 -l 8 "$PDF" "$tmp/text.pdf" || bad "pdfseparate"
pdftoppm -r 200 -gray -f 8 -l 8 -png "$PDF" "$tmp/p" || bad "pdftoppm"
tesseract "$tmp"/p*.png "$tmp/junk" -l eng --dpi 200 pdf >/dev/null 2>&1 || bad "tesseract"
# the junk layer is there: text, digits among it, and not one Chinese character
pdftotext "$tmp/junk.pdf" "$tmp/layer.txt" 2>/dev/null
[ "$(tr -d ' \n\f' <"$tmp/layer.txt" | wc -c)" -gt 200 ] && ok || bad "the junk PDF has no text layer"
grep -q '[0-9],[0-9][0-9][0-9]\.[0-9][0-9]' "$tmp/layer.txt" && ok || bad "no amounts in the junk layer"
LC_ALL=C.UTF-8 grep -qP '[\x{4e00}-\x{9fff}]' "$tmp/layer.txt" && bad "the junk layer has Chinese" || ok

"$JS" facts "$tmp/text.pdf" >"$tmp/ref.tsv" 2>/dev/null
"$JS" facts "$tmp/junk.pdf" >"$tmp/got.tsv" 2>"$tmp/err" && ok || bad "facts of the junk PDF: $(cat "$tmp/err")"
nref=$(awk -F'\t' 'NR > 1 && $4 + 0 != 0' "$tmp/ref.tsv" | wc -l)
[ "$nref" -ge 20 ] && ok || bad "only $nref facts on the text page"
# the same facts as the text page (the OCR of table 02 reads these right; ocr.sh checks the whole table)
diff "$tmp/ref.tsv" "$tmp/got.tsv" >/dev/null && ok || { bad "facts differ from the text page's"; diff "$tmp/ref.tsv" "$tmp/got.tsv" | head -10; }

"$JS" check "$tmp/junk.pdf" >"$tmp/junk.out" 2>&1
grep -q 'R-OCR.*已用OCR识别' "$tmp/junk.out" && ok || bad "no R-OCR notice: the junk layer was trusted"
"$JS" check "$tmp/text.pdf" >"$tmp/text.out" 2>&1
grep -q 'R-OCR' "$tmp/text.out" && bad "the good text layer was OCR'd" || ok

echo "ocr_junk: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
