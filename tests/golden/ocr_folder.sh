#!/usr/bin/env bash
# ocr_folder.sh - `juesuan check FOLDER` over a folder of mixed inputs (issue #14): a text PDF, a
# scanned PDF (page 8 of the Shanghai 2024 disclosure, table 02, as an image only: OCR), an XLSX
# workbook (in a subfolder), the same workbook saved by LibreOffice as .xls, a text disclosure and a
# file that is none. Every file is reported: one object each in the JSON, one row each in the HTML
# summary, and each readable one with its own tables (the scan with its R-OCR notice, the
# workbooks with sheet and cell); the unreadable one is a `read` finding and exit 3.
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
if [ ! -f "$PDF" ] || [ ! -x "$MKSCAN" ] || ! command -v python3 >/dev/null; then
  echo "SKIP: no $PDF, $MKSCAN or python3"; exit 0
fi

D="$tmp/in"
mkdir -p "$D/sheets"
cp "$SRC/tests/golden/input/form2020.pdf" "$D/a-text.pdf"
"$MKSCAN" "$PDF" "$D/b-scan.pdf" 200 8 8 2>/dev/null || bad "mkscan"
cp "$SRC/tests/golden/input/export-style.xlsx" "$D/sheets/c-book.xlsx"
cp "$SHARED/seeds/000_e65ad6a672f33cc8.txt" "$D/e-text.txt"
echo "会议纪要：无表" >"$D/f-none.txt"
want=5
if command -v soffice >/dev/null; then
  HOME="$tmp" timeout 180 soffice --headless --convert-to xls --outdir "$tmp/xls" \
    "$D/sheets/c-book.xlsx" >/dev/null 2>&1
  if [ -s "$tmp/xls/c-book.xls" ]; then
    cp "$tmp/xls/c-book.xls" "$D/sheets/d-book.xls"; want=6
  else bad "LibreOffice did not write the .xls"; fi
else echo "SKIP the .xls: soffice not installed"; fi

"$JS" check --format json "$D" >"$tmp/all.json" 2>"$tmp/err"; rc=$?
[ $rc -eq 3 ] && ok || bad "exit $rc, want 3 (one file is no disclosure)"
"$JS" check --format html -o "$tmp/all.html" "$D" 2>/dev/null
if python3 - "$tmp" "$D" "$want" <<'EOF'
import json, re, sys
tmp, d, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
errs = []
docs = json.load(open(tmp + "/all.json"))
by = {x["document"][len(d) + 1:]: x for x in docs}
names = ["a-text.pdf", "b-scan.pdf", "sheets/c-book.xlsx", "e-text.txt", "f-none.txt"]
if want == 6:
    names.insert(3, "sheets/d-book.xls")
if sorted(by) != sorted(names):
    errs.append("documents %s, want %s" % (sorted(by), sorted(names)))
for n in names:
    x = by.get(n)
    if not x:
        continue
    rules = {f["rule"] for f in x["findings"]}
    read_only = all(f["kind"] == "read" for f in x["findings"])
    if n == "f-none.txt":
        if not read_only or not x["findings"]:
            errs.append("f-none.txt: not one read finding: %s" % rules)
    elif read_only and len(x["findings"]) <= 1 and not x.get("year"):
        errs.append("%s: nothing read (%s)" % (n, rules))
if "b-scan.pdf" in by and "R-OCR" not in {f["rule"] for f in by["b-scan.pdf"]["findings"]}:
    errs.append("the scan has no R-OCR notice")
h = open(tmp + "/all.html", encoding="utf-8").read()
rows = re.findall(r'<tr id="s-d\d+">.*?<td><code>([^<]*)</code></td></tr>', h)
if len(rows) != len(names):
    errs.append("html summary: %d rows, want %d: %s" % (len(rows), len(names), rows))
for n in names:
    if sum(1 for r in rows if r == d + "/" + n) != 1:
        errs.append("html summary: not one row for " + n)
for e in errs:
    print("FAIL", e)
sys.exit(1 if errs else 0)
EOF
then ok; else fail=$((fail+1)); fi

echo "ocr_folder: $pass passed, $fail failed ($want files)"
[ "$fail" -eq 0 ]
