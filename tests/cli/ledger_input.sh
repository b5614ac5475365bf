#!/usr/bin/env bash
# ledger_input.sh - the inputs of `juesuan build` as users save them (issue #14): the example
# ledger in GB18030 (with and without its BOM, with thousands separators), with a UTF-8 BOM, with
# amounts "1,234.56", and ledger + metadata as two sheets of one XLSX (tests/cli/mkbook.py) all
# build the same facts as the plain CSV; a bad value names file, row and column (or sheet cell),
# in a GB18030 file too; a code not in the year's catalogue names its column; a CSV in neither
# UTF-8 nor GB18030 says so.
set -u
JS="$1"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
EX="$SRC/examples"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0; pass=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }

"$JS" build "$EX/ledger.csv" --meta "$EX/meta.json" -o "$tmp/ref.json" || bad "build the example"
"$JS" facts "$tmp/ref.json" >"$tmp/ref.tsv"
same() { # name, ledger, [--meta file]
  local name="$1"; shift
  if "$JS" build "$@" -o "$tmp/got.json" 2>"$tmp/err"; then
    "$JS" facts "$tmp/got.json" >"$tmp/got.tsv"
    cmp -s "$tmp/ref.tsv" "$tmp/got.tsv" && ok || bad "$name: facts differ"
  else bad "$name: $(head -3 "$tmp/err")"; fi
}

iconv -f UTF-8 -t GB18030 "$EX/ledger.csv" >"$tmp/gb.csv"
same "GB18030 CSV" "$tmp/gb.csv" --meta "$EX/meta.json"
printf '\357\273\277' | cat - "$EX/ledger.csv" >"$tmp/bom.csv"
same "UTF-8 BOM" "$tmp/bom.csv" --meta "$EX/meta.json"
# amounts of 1,000 元 or more with thousands separators (quoted, as Excel writes them)
awk -F, -v OFS=, 'NR > 1 && $6 ~ /^[0-9][0-9][0-9][0-9]+\./ { i = index($6, "."); ip = substr($6, 1, i - 1); s = "";
  while (length(ip) > 3) { s = "," substr(ip, length(ip) - 2) s; ip = substr(ip, 1, length(ip) - 3) }
  $6 = "\"" ip s substr($6, i) "\"" } { print }' "$EX/ledger.csv" >"$tmp/th.csv"
grep -q '"[0-9]*,[0-9][0-9][0-9]\.' "$tmp/th.csv" && ok || bad "no amount with a separator made"
same "thousands separators" "$tmp/th.csv" --meta "$EX/meta.json"

# GB18030 with its own byte order mark (84 31 95 33), and with thousands separators, as WPS saves it
printf '\204\061\225\063' | cat - "$tmp/gb.csv" >"$tmp/gbbom.csv"
same "GB18030 with BOM" "$tmp/gbbom.csv" --meta "$EX/meta.json"
iconv -f UTF-8 -t GB18030 "$tmp/th.csv" >"$tmp/gbth.csv"
same "GB18030, thousands separators" "$tmp/gbth.csv" --meta "$EX/meta.json"

# errors name the row and the column
sed '3s/,748820.81,/,"74,8820.81",/' "$EX/ledger.csv" >"$tmp/bad.csv"
"$JS" build "$tmp/bad.csv" --meta "$EX/meta.json" -o "$tmp/x.json" 2>"$tmp/err"; rc=$?
[ $rc -eq 3 ] && grep -q 'bad.csv:3: F列“金额”' "$tmp/err" && ok || bad "bad separator: exit $rc, $(cat "$tmp/err")"
# the same in a GB18030 file: the message is UTF-8 and names row 3, column F
iconv -f UTF-8 -t GB18030 "$tmp/bad.csv" >"$tmp/badgb.csv"
"$JS" build "$tmp/badgb.csv" --meta "$EX/meta.json" -o "$tmp/x.json" 2>"$tmp/err"; rc=$?
[ $rc -eq 3 ] && grep -q 'badgb.csv:3: F列“金额”' "$tmp/err" && ok || bad "GB18030 bad separator: exit $rc, $(cat "$tmp/err")"
# a code not in the year's catalogue: the 功能分类 one names column B, the 经济分类 one column C
printf '%s\n' '收支,功能分类,经济分类,资金来源,支出类型,金额,项目' \
  '支出,2069998,30217,一般公共预算,基本,1033.77,' '支出,2060101,39876,一般公共预算,基本,1033.77,' \
  >"$tmp/code.csv"
"$JS" build "$tmp/code.csv" --meta "$EX/meta.json" -o "$tmp/x.json" 2>"$tmp/err"; rc=$?
[ $rc -eq 3 ] && grep -q 'code.csv:2: B列“功能分类”：功能分类科目编码 2069998 不在 2020 年' "$tmp/err" &&
  grep -q 'code.csv:3: C列“经济分类”：经济分类科目编码 39876 不在 2020 年' "$tmp/err" && ok ||
  bad "codes not in the catalogue: exit $rc, $(cat "$tmp/err")"
printf '收支,功能分类,经济分类,资金来源,支出类型,金额,项目\n\377\376\375\n' >"$tmp/bin.csv"
"$JS" build "$tmp/bin.csv" --meta "$EX/meta.json" -o "$tmp/x.json" 2>"$tmp/err"; rc=$?
[ $rc -eq 3 ] && grep -q 'bin.csv:2:.*GB18030' "$tmp/err" && ok || bad "not text: exit $rc, $(cat "$tmp/err")"

# ledger and metadata as sheets of one workbook
if command -v python3 >/dev/null; then
  python3 "$SRC/tests/cli/mkbook.py" "$EX/ledger.csv" "$EX/meta.json" "$tmp/book.xlsx" || bad "mkbook"
  same "XLSX ledger + metadata" "$tmp/book.xlsx"
  same "XLSX ledger, JSON metadata" "$tmp/book.xlsx" --meta "$EX/meta.json"
  same "CSV ledger, XLSX metadata" "$EX/ledger.csv" --meta "$tmp/book.xlsx"
  python3 "$SRC/tests/cli/mkbook.py" "$EX/ledger.csv" "$EX/meta.json" "$tmp/bad.xlsx" amount
  "$JS" build "$tmp/bad.xlsx" -o "$tmp/x.json" 2>"$tmp/err"; rc=$?
  [ $rc -eq 3 ] && grep -q 'bad.xlsx:5: 明细账!F5“金额”' "$tmp/err" && ok || bad "bad cell: exit $rc, $(cat "$tmp/err")"
  [ ! -e "$tmp/x.json" ] && ok || bad "output written despite errors"
  python3 "$SRC/tests/cli/mkbook.py" "$EX/ledger.csv" "$EX/meta.json" "$tmp/badk.xlsx" key
  "$JS" build "$tmp/badk.xlsx" -o "$tmp/x.json" 2>"$tmp/err"; rc=$?
  [ $rc -eq 3 ] && grep -q 'badk.xlsx!元数据: budget.items.x' "$tmp/err" && ok || bad "bad key: exit $rc, $(cat "$tmp/err")"
else echo "SKIP workbooks: no python3"; fi
# a CSV ledger without --meta is a usage error
"$JS" build "$EX/ledger.csv" -o "$tmp/x.json" 2>/dev/null; [ $? -eq 2 ] && ok || bad "no --meta not exit 2"

echo "ledger_input: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
