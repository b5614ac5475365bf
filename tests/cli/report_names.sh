#!/usr/bin/env bash
# report_names.sh - issue #15: `juesuan report rollup|yoy` show the 科目 name beside
# each code (206 科学技术支出, not the store's key 支出:206) in text, CSV, XLSX and HTML,
# in Chinese and in English, with the rows in the order of the printed form (income before
# expenditure, 合计 first, 类 → 款 → 项, 06's 人员经费 before 公用经费, columns as printed);
# a code the catalogue does not know is shown alone; JSON keeps the store's keys.
set -u
. "$(dirname "$0")/lib/common.sh" # JS SRC tmp ok bad has hasnt finish
# line of the first match of ERE $2 in file $1 (0: none)
at() { grep -n -m1 -E -- "$2" "$1" | cut -d: -f1 | grep . || echo 0; }
before() { # name file ERE-a ERE-b: a's first line is before b's
  local a b; a=$(at "$2" "$3"); b=$(at "$2" "$4")
  [ "$a" -gt 0 ] && [ "$b" -gt 0 ] && [ "$a" -lt "$b" ] && ok || bad "$1: /$3/ (line $a) not before /$4/ (line $b)"; }

DB="$tmp/r.db"
"$JS" db --db "$DB" load "$SRC"/examples/*.txt "$SRC"/examples/yunxi/*.txt > /dev/null 2>&1 || { echo "FAIL load"; exit 1; }
R=(--region 云溪市)
zh() { LANGUAGE=zh_CN LANG=zh_CN.UTF-8 "$JS" "$@"; }

# ---- text, Chinese
zh report --db "$DB" rollup --year 2020 "${R[@]}" > "$tmp/t.txt" 2>&1 || bad "rollup text: exit $?"
has "text: 类 name" "$tmp/t.txt" "^01  206 科学技术支出  *决算数 *1529.74"
has "text: 项 name" "$tmp/t.txt" "^02  2060101 行政运行 "
has "text: 款 name" "$tmp/t.txt" "^03  20805 行政事业单位养老支出 "
has "text: 经济分类 name" "$tmp/t.txt" "^06  30101 基本工资 "
hasnt "text: no store key" "$tmp/t.txt" "支出:2[0-9][0-9] "
before "01: income side first" "$tmp/t.txt" "^01  收入:总计" "^01  206 "
before "01: 类 rows before 本年支出合计" "$tmp/t.txt" "^01  229 " "^01  支出:本年支出合计"
before "01: 本年收入合计 before 总计 (form order)" "$tmp/t.txt" "^01  收入:本年收入合计" "^01  收入:总计"
before "02: 合计 first" "$tmp/t.txt" "^02  合计 " "^02  206 "
before "02: 类 before its 款" "$tmp/t.txt" "^02  206 " "^02  20601 "
before "02: 款 before its 项, before the next 类" "$tmp/t.txt" "^02  2060101 " "^02  208 "
before "02: columns as printed" "$tmp/t.txt" "^02  合计 .*本年收入合计" "^02  合计 .*财政拨款收入"
before "06: 人员经费 before 公用经费" "$tmp/t.txt" "^06  303 " "^06  302 "
before "06: 人员经费合计 after its rows" "$tmp/t.txt" "^06  30302 " "^06  人员经费合计"

# ---- CSV, XLSX, HTML, Chinese
zh report --db "$DB" rollup --year 2020 "${R[@]}" --format csv -o "$tmp/r.csv" 2> "$tmp/r.err" || bad "rollup csv: exit $?"
# the identities go to stderr beside a CSV: in Chinese too (勾稽关系 … 相符), not the store's keys
has "csv: the checks on stderr in Chinese" "$tmp/r.err" "^勾稽关系 .*结果"
has "csv: 相符" "$tmp/r.err" "^01 收入总计 = 支出总计 .* 相符$"
hasnt "csv: no English keys on stderr" "$tmp/r.err" "identity\| ok$"
has "csv: header" "$tmp/r.csv" "表,行,列,万元,单位数"
has "csv: name beside code" "$tmp/r.csv" "^01,206 科学技术支出,决算数,1529.74,3"
hasnt "csv: no store key" "$tmp/r.csv" "支出:2[0-9][0-9],"
zh report --db "$DB" rollup --year 2020 "${R[@]}" --format xlsx -o "$tmp/r.xlsx" 2> /dev/null || bad "rollup xlsx: exit $?"
python3 - "$tmp/r.xlsx" <<'EOF' && ok || bad "xlsx: the names in the sheet"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
s = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
# the names, and the identities on their own sheet in Chinese (… 相符)
sys.exit(0 if "206 科学技术支出" in s and "2060101 行政运行" in s and "支出:206" not in s
         and "01 收入总计 = 支出总计" in s and "相符" in s else 1)
EOF
zh report --db "$DB" rollup --year 2020 "${R[@]}" --format html -o "$tmp/r.html" 2> /dev/null || bad "rollup html: exit $?"
has "html: table cell" "$tmp/r.html" "<td>206 科学技术支出</td>"
hasnt "html: no store key in the table" "$tmp/r.html" "<td>支出:206</td>"
if grep -q 'id="chart-data"' "$tmp/r.html"; then
  has "html: the spending chart names its slices as the table" "$tmp/r.html" '"name":"206 科学技术支出","values":\[1529.74\]'
fi

# ---- year on year
zh report --db "$DB" yoy --dept 云溪市临江区科学技术和工业信息化局 --years 2019,2020 > "$tmp/y.txt" 2>&1 || bad "yoy: exit $?"
has "yoy: name beside code" "$tmp/y.txt" "^01  206 科学技术支出  *决算数 *464.01 *509.93"
has "yoy: 项" "$tmp/y.txt" "^02  2060199 其他科学技术管理事务支出 "
before "yoy: income side first" "$tmp/y.txt" "^01  收入:" "^01  206 "

# ---- rank by findings: named 审核结果 in Chinese (title, and accepted as --metric)
zh report --db "$DB" rank --metric findings > "$tmp/k.txt" 2>&1 || bad "rank findings: exit $?"
has "rank findings: Chinese title" "$tmp/k.txt" "^排名 审核结果"
hasnt "rank findings: no English metric" "$tmp/k.txt" "findings"
zh report --db "$DB" rank --metric 审核结果 > "$tmp/k2.txt" 2>&1 || bad "rank 审核结果: exit $?"
cmp -s "$tmp/k.txt" "$tmp/k2.txt" && ok || bad "rank --metric 审核结果 differs from findings"
zh report --db "$DB" rank --metric findings --format html -o "$tmp/k.html" 2> /dev/null || bad "rank findings html: exit $?"
hasnt "rank findings html: no English metric in the title" "$tmp/k.html" "<title>[^<]*findings"
if grep -q 'id="chart-data"' "$tmp/k.html"; then has "rank findings html: chart title" "$tmp/k.html" '"title":"审核结果'; fi

# ---- English: the same rows (the names are the catalogue's Chinese names)
LANGUAGE=en "$JS" report --db "$DB" rollup --year 2020 "${R[@]}" --format csv > "$tmp/e.csv" 2> /dev/null || bad "rollup csv en: exit $?"
has "en csv: header" "$tmp/e.csv" "^table,row,column,万元,units"
has "en csv: name beside code" "$tmp/e.csv" "^01,206 科学技术支出,决算数,1529.74,3"

# ---- JSON keeps the store's keys
zh report --db "$DB" rollup --year 2020 "${R[@]}" --format json > "$tmp/r.json" 2> /dev/null || bad "rollup json: exit $?"
has "json: store keys" "$tmp/r.json" '"row": *"支出:206"'

# ---- a code the catalogue does not know: shown alone
sed 's/^2060199\t其他科学技术管理事务支出/2060198\t另一事务/' "$SRC/examples/disclosure.txt" > "$tmp/x.txt"
"$JS" db --db "$tmp/x.db" load "$tmp/x.txt" > /dev/null 2>&1 || bad "load x"
zh report --db "$tmp/x.db" rollup --year 2020 > "$tmp/x.out" 2>&1 || bad "rollup x: exit $?"
has "unknown code alone" "$tmp/x.out" "^02  2060198  *本年收入合计"
has "known codes still named" "$tmp/x.out" "^02  2060101 行政运行 "

finish report_names
