#!/usr/bin/env bash
# sheet_read.sh - spreadsheets (issue #14): the nine tables as workbooks read back to the
# same facts. (1) Each seed laid out in the style of the final-accounts software's export
# (tests/golden/input/mkxlsx.py: several tables on a sheet, merged titles, codes in three
# columns, "00" formats, text numbers, SUM formulas with cached values, 元) gives the seed's
# golden facts; (2) what `render --format xlsx` writes reads back to the model's facts, also
# after LibreOffice re-saves it as .xlsx and as .xls; (3) findings name sheet and cell;
# (4) broken workbooks exit 3 naming the file.
set -u
JS="$1"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
SHARED="${JS_SHARED_DIR:-$SRC/../shared}"
GOLD="$SRC/tests/golden/facts"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0; pass=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
same() { # name, expected facts, got facts (compared as sets: a model lists rows in its own order)
  if diff -u <(sort "$2") <(sort "$3") >"$tmp/diff"; then ok; else bad "$1: facts differ"; head -20 "$tmp/diff"; fi
}

# (1) export-style workbooks of the five seeds
if command -v python3 >/dev/null; then
  for seed in "$SHARED"/seeds/*.txt; do
    b=$(basename "$seed" .txt)
    [ -f "$GOLD/$b.tsv" ] || continue
    python3 "$SRC/tests/golden/input/mkxlsx.py" "$seed" "$tmp/$b.xlsx" || { bad "mkxlsx $b"; continue; }
    "$JS" facts "$tmp/$b.xlsx" >"$tmp/got.tsv" 2>"$tmp/err" || { bad "facts $b.xlsx: $(cat "$tmp/err")"; continue; }
    same "export-style $b" "$GOLD/$b.tsv" "$tmp/got.tsv"
  done
else echo "SKIP export-style workbooks: no python3"; fi
# the committed one (seed 000) without python
"$JS" facts "$SRC/tests/golden/input/export-style.xlsx" >"$tmp/got.tsv" && ok || bad "facts export-style.xlsx"
same "export-style.xlsx" "$GOLD/000_e65ad6a672f33cc8.tsv" "$tmp/got.tsv"

# (3) findings of a spreadsheet name sheet and cell: seed 000's 01 本年支出合计 (179.22 万元
# = 1792200.00 元 in the export) is F34 of the first sheet
"$JS" check --format json "$SRC/tests/golden/input/export-style.xlsx" >"$tmp/f.json"
grep -q '"sheet": "决算表(一)"' "$tmp/f.json" && grep -q '"cell": "F34"' "$tmp/f.json" && ok \
  || bad "finding without sheet/cell"
"$JS" check "$SRC/tests/golden/input/export-style.xlsx" | grep -q '决算表(一)!F34' && ok \
  || bad "text report without sheet!cell"

# (2) render --format xlsx reads back; LibreOffice re-saves as .xlsx and .xls
"$JS" build "$SRC/examples/ledger.csv" --meta "$SRC/examples/meta.json" -o "$tmp/m.json" || bad "build"
"$JS" facts "$tmp/m.json" >"$tmp/model.tsv"
"$JS" render "$tmp/m.json" --format xlsx -o "$tmp/d.xlsx" || bad "render xlsx"
"$JS" facts "$tmp/d.xlsx" >"$tmp/got.tsv" 2>"$tmp/err" || bad "facts d.xlsx: $(cat "$tmp/err")"
same "render xlsx" "$tmp/model.tsv" "$tmp/got.tsv"
"$JS" render "$SHARED/seeds/000_e65ad6a672f33cc8.txt" --format xlsx -o "$tmp/s.xlsx" || bad "render seed"
"$JS" facts "$tmp/s.xlsx" >"$tmp/got.tsv" && same "render seed 000" "$GOLD/000_e65ad6a672f33cc8.tsv" "$tmp/got.tsv"
if command -v soffice >/dev/null; then
  # as .xls, that .xls again as .xlsx, and the workbook itself re-saved as .xlsx (LibreOffice's own
  # styles, shared strings and number formats in place of libxlsxwriter's)
  mkdir -p "$tmp/xls" "$tmp/re" "$tmp/lo"
  HOME="$tmp" timeout 180 soffice --headless --convert-to xls --outdir "$tmp/xls" "$tmp/d.xlsx" >/dev/null 2>&1
  HOME="$tmp" timeout 180 soffice --headless --convert-to xlsx --outdir "$tmp/re" "$tmp/xls/d.xls" >/dev/null 2>&1
  HOME="$tmp" timeout 180 soffice --headless --convert-to xlsx --outdir "$tmp/lo" "$tmp/d.xlsx" >/dev/null 2>&1
  for f in "$tmp/xls/d.xls" "$tmp/re/d.xlsx" "$tmp/lo/d.xlsx"; do
    if [ -s "$f" ]; then
      "$JS" facts "$f" >"$tmp/got.tsv" 2>"$tmp/err" || bad "facts $f: $(cat "$tmp/err")"
      same "LibreOffice $(basename "$f")" "$tmp/model.tsv" "$tmp/got.tsv"
    else bad "LibreOffice did not write $f"; fi
  done
else echo "SKIP LibreOffice re-saves: soffice not installed"; fi

# (4) broken workbooks: exit 3, one message naming the file; the other files still read
head -c 3000 "$SRC/tests/golden/input/export-style.xlsx" >"$tmp/cut.xlsx"
printf 'PK\003\004 xl/workbook.xml and nothing else' >"$tmp/fake.xlsx"
head -c 1024 /dev/zero | sed 's/^/\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1/' >"$tmp/fake.xls"
for f in cut.xlsx fake.xlsx fake.xls; do
  "$JS" facts "$tmp/$f" "$SRC/tests/golden/input/export-style.xlsx" >"$tmp/out" 2>"$tmp/err"; rc=$?
  [ $rc -eq 3 ] && ok || bad "$f: exit $rc, want 3"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "$f" "$tmp/err" && ok || bad "$f: message: $(cat "$tmp/err")"
  grep -q "export-style.xlsx" "$tmp/out" && ok || bad "$f: the other file was not read"
done

# (5) a folder of mixed files: check reports on every one (a text, a workbook in a subfolder,
# a file that is no disclosure); hidden files are left out
mkdir -p "$tmp/dir/sub"
cp "$SHARED/seeds/000_e65ad6a672f33cc8.txt" "$tmp/dir/a.txt"
cp "$SRC/tests/golden/input/export-style.xlsx" "$tmp/dir/sub/b.xlsx"
echo "not a disclosure" >"$tmp/dir/c.md"
echo "hidden" >"$tmp/dir/.d.txt"
"$JS" check --format json "$tmp/dir" >"$tmp/dir.json" 2>/dev/null; rc=$?
[ $rc -eq 3 ] && ok || bad "folder: exit $rc, want 3 (one file is unreadable)"
for f in dir/a.txt dir/sub/b.xlsx dir/c.md; do
  grep -q "\"document\": \"$tmp/$f\"" "$tmp/dir.json" && ok || bad "folder: no report on $f"
done
grep -q '\.d\.txt' "$tmp/dir.json" && bad "folder: a hidden file was read" || ok
"$JS" facts "$tmp/dir" 2>/dev/null | cut -f1 | sort -u | grep -c . | grep -q '^3$' && ok \
  || bad "facts of a folder: not two documents and the header"

echo "sheet_read: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
