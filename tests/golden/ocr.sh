#!/usr/bin/env bash
# ocr.sh - scanned PDFs (issue #14): pages of the Shanghai 2024 disclosure rendered at 200 dpi into
# an image-only PDF (js_mkscan: no text layer left) are read by OCR into the same facts as the
# text layer of the same pages (F1 >= 0.98), with no error or warning finding that the text-layer
# reading lacks; OCR is reported as a reading notice, and so is a table title read back to the
# form's. Only the pages of tables 02 (8-9) and 07 (18) are scanned here, the others keep their
# text, to keep the test short; bench/ocr.sh measures the whole document.
set -u
JS="$1"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
SHARED="${JS_SHARED_DIR:-$SRC/../shared}"
PDF="$SHARED/pdf/shanghai-putuo-finance-bureau-2024.pdf"
MKSCAN="${JS_MKSCAN:-$(dirname "$JS")/js_mkscan}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0; pass=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
if [ ! -f "$PDF" ] || [ ! -x "$MKSCAN" ]; then echo "SKIP: no $PDF or $MKSCAN"; exit 0; fi
if ! command -v pdfseparate >/dev/null || ! command -v pdfunite >/dev/null; then echo "SKIP: no poppler-utils"; exit 0; fi

# pages 8-9 (table 02) and 18 (table 07, whose title tesseract misreads as 财政拨TA 二 公 费
# 支出决算表) scanned, the others kept with their text: a document partly scanned, as many are;
# only the scanned pages are read by OCR
FIRST=8 LAST=9 T07=18
"$MKSCAN" "$PDF" "$tmp/scan89.pdf" 200 $FIRST $LAST 2>/dev/null || bad "mkscan"
"$MKSCAN" "$PDF" "$tmp/scan18.pdf" 200 $T07 $T07 2>/dev/null || bad "mkscan 18"
pdfseparate "$PDF" "$tmp/p%d.pdf" 2>/dev/null || bad "pdfseparate"
n=$(ls "$tmp"/p*.pdf | wc -l)
pdfunite $(for p in $(seq 1 $((FIRST - 1))); do echo "$tmp/p$p.pdf"; done) "$tmp/scan89.pdf" \
  $(for p in $(seq $((LAST + 1)) $((T07 - 1))); do echo "$tmp/p$p.pdf"; done) "$tmp/scan18.pdf" \
  $(for p in $(seq $((T07 + 1)) "$n"); do echo "$tmp/p$p.pdf"; done) "$tmp/scan.pdf" 2>/dev/null || bad "pdfunite"
# the scanned pages have no text layer at all
[ "$(pdftotext -f $FIRST -l $LAST "$tmp/scan.pdf" - 2>/dev/null | tr -d '\f\n ' | wc -c)" -eq 0 ] &&
  [ "$(pdftotext -f $T07 -l $T07 "$tmp/scan.pdf" - 2>/dev/null | tr -d '\f\n ' | wc -c)" -eq 0 ] && ok || bad "the scan has text"

"$JS" facts "$PDF" >"$tmp/ref.tsv" 2>/dev/null
"$JS" facts "$tmp/scan.pdf" >"$tmp/got.tsv" 2>"$tmp/err" && ok || bad "facts of the scan: $(cat "$tmp/err")"
# the facts of the scanned table, and all the others
read -r right got ref < <(awk -F'\t' 'FNR == 1 || $1 != "02" { next } $4 + 0 == 0 { next }
  FILENAME == ARGV[1] { r[$1 FS $2 FS $3] = $4; n++; next }
  { g++; if (($1 FS $2 FS $3) in r && r[$1 FS $2 FS $3] + 0 == $4 + 0) ok++ }
  END { printf "%d %d %d\n", ok, g, n }' "$tmp/ref.tsv" "$tmp/got.tsv")
f1=$(awk -v r="$right" -v g="$got" -v n="$ref" 'BEGIN { if (!g || !n) print 0; else { p = r / g; q = r / n; print (p + q ? 2 * p * q / (p + q) : 0) } }')
echo "ocr: table 02 from the scanned pages: $right right of $got read, $ref in the text layer, F1 $f1"
[ "$ref" -ge 30 ] && ok || bad "only $ref facts of table 02 in the text layer"
awk -v f="$f1" 'BEGIN { exit !(f >= 0.98) }' && ok || { bad "F1 $f1 < 0.98"; diff "$tmp/ref.tsv" "$tmp/got.tsv" | head -20; }
diff <(grep -v '^0[27]' "$tmp/ref.tsv") <(grep -v '^0[27]' "$tmp/got.tsv") >/dev/null && ok || bad "the text pages read differently"
# table 07 is found under its misread title, with its figures
read -r right7 got7 ref7 < <(awk -F'\t' 'FNR == 1 || $1 != "07" { next } $4 + 0 == 0 { next }
  FILENAME == ARGV[1] { r[$1 FS $2 FS $3] = $4; n++; next }
  { g++; if (($1 FS $2 FS $3) in r && r[$1 FS $2 FS $3] + 0 == $4 + 0) ok++ }
  END { printf "%d %d %d\n", ok, g, n }' "$tmp/ref.tsv" "$tmp/got.tsv")
echo "ocr: table 07 from the scanned page: $right7 right of $got7 read, $ref7 in the text layer"
[ "$ref7" -gt 0 ] && [ "$right7" -gt 0 ] && ok || bad "table 07 not read from the scan"

# findings: no error or warning the text-layer reading lacks; the OCR is a notice
"$JS" check --format json "$PDF" >"$tmp/ref.json" 2>/dev/null
"$JS" check --format json "$tmp/scan.pdf" >"$tmp/got.json" 2>/dev/null
keys() { python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
for f in d["findings"]:
    if f["severity"] in ("error", "warning") and f["kind"] != "read":
        print(f["rule"], f.get("table", ""), f.get("row", ""), f.get("column", ""))' "$1" | sort -u; }
if command -v python3 >/dev/null; then
  extra=$(comm -13 <(keys "$tmp/ref.json") <(keys "$tmp/got.json"))
  [ -z "$extra" ] && ok || bad "errors or warnings the text layer lacks: $extra"
  grep -q '表题：扫描页OCR识别为.*按表样读作“财政拨款“三公”经费支出决算表”' "$tmp/got.json" && ok ||
    bad "no read notice for table 07's title read back"
  grep -q "R-OCR" "$tmp/got.json" && ok || bad "no finding says the pages were read by OCR"
  grep -q "OCR识别为320.72，按表内及表间勾稽关系更正为326.72" "$tmp/got.json" && ok || bad "the misread 326.72 is not reported (or read right now: update the test)"

  # page 10 (table 03) alone as a scan: a 科目 name tesseract misreads (2080506 comes out as Latin
  # letters today) is an R-OCR reading notice, never a K-NAME/X-NAME warning about the document
  "$MKSCAN" "$PDF" "$tmp/scan10.pdf" 200 10 10 2>/dev/null || bad "mkscan page 10"
  "$JS" check --format json "$tmp/scan10.pdf" >"$tmp/p10.json" 2>/dev/null
  names=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(sum(1 for f in d["findings"] if f["rule"] in ("K-NAME", "X-NAME") and f["severity"] != "notice"))' "$tmp/p10.json")
  [ "$names" = 0 ] && ok || bad "$names K-NAME/X-NAME warnings about names read by OCR on page 10"
fi

echo "ocr: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
