#!/usr/bin/env bash
# build_render.sh - the renderings open in the programs people use: the XLSX converts to PDF
# in headless LibreOffice with one page per sheet holding the tables' titles and figures, the
# HTML prints to PDF in headless Chromium; errors in the input leave no output file.
set -u
JS="$1"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
EX="$SRC/examples"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0; pass=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }

"$JS" build "$EX/ledger.csv" --meta "$EX/meta.json" -o "$tmp/m.json" || bad "build json"
for f in html xlsx md txt json; do
  "$JS" render "$tmp/m.json" --format "$f" -o "$tmp/d.$f" && [ -s "$tmp/d.$f" ] && ok || bad "render $f"
done
[ "$(ls "$tmp" | grep -c tmp)" -eq 0 ] && ok || bad "temporary files left behind"
total=$("$JS" facts "$tmp/m.json" | awk -F'\t' '$1=="01" && $2=="收入:总计"{print $4}')
[ -n "$total" ] && ok || bad "no 01 总计 fact"

# usage errors
"$JS" render "$tmp/m.json" --format pdf -o "$tmp/x" 2>/dev/null; [ $? -eq 2 ] && ok || bad "unknown format not exit 2"
"$JS" build "$EX/ledger.csv" 2>/dev/null; [ $? -eq 2 ] && ok || bad "build without --meta not exit 2"
# input errors: exit 3, every line named, nothing written
printf '收支,功能分类,经济分类,资金来源,支出类型,金额,项目\n支出,2060101,30101,一般公共预算,基本,1.00,\n支出,20601,30101,一般公共预算,基本,1.00,\n支出,2060101,30101,一般公共预算,基本,x,\n' > "$tmp/bad.csv"
"$JS" build "$tmp/bad.csv" --meta "$EX/meta.json" -o "$tmp/bad.json" 2>"$tmp/bad.err"
[ $? -eq 3 ] && ok || bad "bad ledger not exit 3"
grep -q "bad.csv:3:" "$tmp/bad.err" && grep -q "bad.csv:4:" "$tmp/bad.err" && ok || bad "errors lack file:line"
[ ! -e "$tmp/bad.json" ] && [ "$(ls "$tmp" | grep -c 'bad.json')" -eq 0 ] && ok || bad "output written despite errors"

if command -v soffice >/dev/null; then
  HOME="$tmp" timeout 180 soffice --headless --convert-to pdf --outdir "$tmp/lo" "$tmp/d.xlsx" >/dev/null 2>&1
  if [ -s "$tmp/lo/d.pdf" ]; then
    pages=$(pdfinfo "$tmp/lo/d.pdf" | awk '/^Pages:/{print $2}')
    # nine tables and four 绩效自评表, one page each
    [ "$pages" -eq 13 ] && ok || bad "xlsx: $pages pages, want 13"
    pdftotext -layout "$tmp/lo/d.pdf" "$tmp/lo/d.txt"
    for t in 收入支出决算总表 收入决算表 支出决算表 财政拨款收入支出决算总表 一般公共预算财政拨款支出决算表 \
             一般公共预算财政拨款基本支出决算表 经费支出决算表 政府性基金预算财政拨款收入支出决算表 \
             国有资本经营预算财政拨款支出决算表 部门整体支出绩效自评表 公开09表 单位：万元; do
      grep -q "$t" "$tmp/lo/d.txt" && ok || bad "xlsx pdf lacks $t"
    done
    tr -d ',' < "$tmp/lo/d.txt" | grep -q "$total" && ok || bad "xlsx pdf lacks the total $total"
  else bad "LibreOffice did not convert the xlsx"; fi
else echo "SKIP xlsx in LibreOffice: soffice not installed"; fi

CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$CHROME" ]; then
  timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/chr" \
    --no-pdf-header-footer --print-to-pdf="$tmp/h.pdf" "file://$tmp/d.html" >/dev/null 2>&1
  if [ -s "$tmp/h.pdf" ]; then
    pages=$(pdfinfo "$tmp/h.pdf" | awk '/^Pages:/{print $2}')
    [ "$pages" -ge 13 ] && ok || bad "html printed to $pages pages"
    pdftotext "$tmp/h.pdf" "$tmp/h.txt"
    for t in 公开01表 公开05表 公开09表 十五、其他重要事项的情况说明 部门整体支出绩效自评表; do
      grep -q "$t" "$tmp/h.txt" && ok || bad "html pdf lacks $t"
    done
  else bad "Chromium did not print the html"; fi
else echo "SKIP html in Chromium: chromium not installed"; fi

echo "build_render: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
