#!/usr/bin/env bash
# export_labels.sh - issue #15.1/#15.4: `db export` and the report texts in the interface's
# language. In Chinese: CSV with a UTF-8 BOM and Chinese column names, XLSX with Chinese
# column and sheet names, the store's titles and notes (汇总…个单位, 全部年度) and the HTML
# report's charts in Chinese; JSON keeps its keys in both languages; in English the keys.
set -u
. "$(dirname "$0")/lib/common.sh" # JS SRC tmp ok bad finish
zh() { env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$JS" "$@"; }
en() { env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=en_US.UTF-8 "$JS" "$@"; }
DB="$tmp/r.db"
"$JS" db --db "$DB" load "$SRC"/examples/*.txt "$SRC"/examples/yunxi/*.txt > /dev/null 2>&1 || bad "load"

# CSV: BOM and Chinese header in Chinese; keys and no BOM in English
zh db --db "$DB" export --format csv --what facts -o "$tmp/zh.csv" && ok || bad "export csv (zh)"
[ "$(head -c 3 "$tmp/zh.csv" | od -An -tx1 | tr -d ' ')" = "efbbbf" ] && ok || bad "Chinese CSV without BOM"
head -1 "$tmp/zh.csv" | grep -q "^.\{1,3\}文件编号,哈希,部门,年度,地区,表,行,科目名称,列,值,分,行号,页" && ok || bad "Chinese CSV header: $(head -1 "$tmp/zh.csv")"
en db --db "$DB" export --format csv --what facts -o "$tmp/en.csv" && ok || bad "export csv (en)"
head -1 "$tmp/en.csv" | grep -q "^doc,hash,dept,year,region,table,row,name,column,value,fen,line,page" && ok || bad "English CSV header: $(head -1 "$tmp/en.csv")"
[ "$(wc -l < "$tmp/zh.csv")" = "$(wc -l < "$tmp/en.csv")" ] && cmp -s <(tail -n +2 "$tmp/zh.csv") <(tail -n +2 "$tmp/en.csv") && ok || bad "the rows differ between languages"
# the 科目名称 beside the code (catalogue of the document's year), empty for rows that are no code
for w in ",01,支出:206,科学技术支出,决算数," ",03,2060101,行政运行," ",06,30101,基本工资," ",01,支出:本年支出合计,,决算数,"; do
  grep -q "$w" "$tmp/zh.csv" && ok || bad "facts CSV: no '$w'"
done
[ "$(grep -c ',2060101,,' "$tmp/zh.csv")" = 0 ] && ok || bad "facts CSV: a known code without its name"
zh db --db "$DB" export --format csv --what findings | head -1 | grep -q "规则,类别,级别" && ok || bad "findings CSV header"
zh db --db "$DB" export --format csv --what documents | head -1 | grep -q "文件编号,哈希,文件,字节数,部门" && ok || bad "documents CSV header"
# the words of severity and kind too (级别 警告, 类别 科目编码与名称); English: the words of the spec
zh db --db "$DB" export --format csv --what findings | grep -q ",K-NAME,科目编码与名称,警告,02," && ok || bad "findings CSV: severity and kind in Chinese"
en db --db "$DB" export --format csv --what findings | grep -q ",K-NAME,classification,warning,02," && ok || bad "findings CSV: severity and kind (en)"
# JSON: the keys, whatever the language
zh db --db "$DB" export --format json --what findings > "$tmp/zh.json" && en db --db "$DB" export --format json --what findings > "$tmp/en.json" &&
  cmp -s "$tmp/zh.json" "$tmp/en.json" && grep -q '"rule":' "$tmp/zh.json" && ok || bad "JSON keys depend on the language"
# XLSX: sheet and column names, the header frozen
zh db --db "$DB" export --format xlsx --what findings -o "$tmp/f.xlsx" && ok || bad "export xlsx"
python3 - "$tmp/f.xlsx" <<'PY' && ok || bad "Chinese XLSX"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
wb = z.read("xl/workbook.xml").decode()
ws = z.read("xl/worksheets/sheet1.xml").decode()
strs = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
assert 'name="审核结果"' in wb, wb
assert "规则" in ws + strs and "级别" in ws + strs, "header"
assert 'state="frozen"' in ws, "frozen header"
assert "科目编码与名称" in ws + strs and "警告" in ws + strs and ">warning<" not in ws + strs, "severity and kind"
PY
zh db --db "$DB" export --format xlsx --what facts -o "$tmp/zf.xlsx" && unzip -p "$tmp/zf.xlsx" xl/worksheets/sheet1.xml > "$tmp/zf.xml" &&
  grep -q "<t>科目名称</t>" "$tmp/zf.xml" && grep -q "<t>行政运行</t>" "$tmp/zf.xml" && ok || bad "facts XLSX: no 科目名称 column"
# JSON facts keep the spec's columns (no name)
zh db --db "$DB" export --format json --what facts | grep -q '"name"' && bad "facts JSON has a name" || ok
en db --db "$DB" export --format xlsx --what facts -o "$tmp/e.xlsx" &&
  python3 -c 'import sys,zipfile; w=zipfile.ZipFile(sys.argv[1]).read("xl/workbook.xml").decode(); sys.exit(0 if "name=\"facts\"" in w else 1)' "$tmp/e.xlsx" && ok || bad "English XLSX sheet name"

# db list as CSV: one column per count (the text keeps 6/4/0)
zh db --db "$DB" list --format csv > "$tmp/list.csv"
head -1 "$tmp/list.csv" | grep -q "数字数,错误,警告,提示,文件" && ok || bad "list CSV header: $(head -1 "$tmp/list.csv")"
grep -q ",253,6,4,0,.*disclosure-with-errors.txt" "$tmp/list.csv" && ok || bad "list CSV: counts not in columns"
en db --db "$DB" list --format csv | head -1 | grep -q ",facts,errors,warnings,notices,path" && ok || bad "list CSV header (en)"
zh db --db "$DB" list | grep -q " 6/4/0 " && ok || bad "list text: e/w/n"

# spreadsheets that read as they open (#15.4): db export and report --format xlsx with the
# header bold and frozen, an autofilter over the table, widths that fit the cells (the
# 部门 column wider than the 年度 one); report sheets named after their content, the
# roll-up's identity checks on a sheet of their own
python3 - "$tmp/zf.xlsx" <<'PY' && ok || bad "db export XLSX: header, filter, widths"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); ws = z.read("xl/worksheets/sheet1.xml").decode()
assert re.search(r'<autoFilter ref="A1:M\d+"/>', ws), "no autofilter"
w = {int(m[0]): float(m[1]) for m in re.findall(r'<col min="(\d+)" max="\d+" width="([\d.]+)"', ws)}
assert w.get(3, 0) > 30 and w.get(4, 99) < 12, w   # 部门 (CJK, 17 characters) vs 年度
assert re.search(r'<c r="A1" s="\d+"', ws), "header without a style"
PY
zh report --db "$DB" rollup --year 2020 --region 云溪市 --format xlsx -o "$tmp/ru.xlsx" 2>"$tmp/err" && ok || bad "rollup xlsx"
[ ! -s "$tmp/err" ] && ok || bad "rollup xlsx: the checks printed on stderr: $(head -2 "$tmp/err")"
python3 - "$tmp/ru.xlsx" <<'PY' && ok || bad "rollup XLSX: sheets, frozen header, filter"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); wb = z.read("xl/workbook.xml").decode()
names = re.findall(r'<sheet name="([^"]+)"', wb)
assert names == ["汇总 2020  地区 云溪市", "汇总表的勾稽关系"], names
for i in (1, 2):
    ws = z.read(f"xl/worksheets/sheet{i}.xml").decode()
    assert 'ySplit="2"' in ws and re.search(r'<autoFilter ref="A2:E\d+"/>', ws), i
ws2 = z.read("xl/worksheets/sheet2.xml").decode()
ss = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
assert "相符" in ws2 + ss and "check:" not in ws2 + ss, "the checks"
PY
en report --db "$DB" rank --metric findings --format xlsx -o "$tmp/rk.xlsx" &&
  unzip -p "$tmp/rk.xlsx" xl/workbook.xml | grep -q '<sheet name="rank findings"' && ok || bad "English rank sheet name"

# the store's titles and notes through the catalogue
zh report --db "$DB" rollup --year 2020 --region 云溪市 > "$tmp/out" 2>&1
grep -q "汇总 2020  地区 云溪市：3 个单位" "$tmp/out" && grep -q "汇总表的勾稽关系：0 条（共 15 条）不符" "$tmp/out" && ok || bad "rollup titles in Chinese: $(head -1 "$tmp/out")"
en report --db "$DB" rollup --year 2020 --region 云溪市 > "$tmp/out" 2>&1
grep -q "3 units" "$tmp/out" && grep -q "consistency of the roll-up" "$tmp/out" && ok || bad "rollup titles in English"
zh report --db "$DB" rank --metric 机关运行经费 | head -3 > "$tmp/out"
grep -q "（全部年度）" "$tmp/out" && grep -q "来源" "$tmp/out" && ok || bad "rank title/source in Chinese: $(cat "$tmp/out")"
zh report --db "$DB" rank --metric 机关运行经费 | grep -q "情况说明$" && ok || bad "rank source values in Chinese"
zh report --db "$DB" yoy --dept 云溪市临江区科学技术和工业信息化局 --years 2019,2020 | head -3 > "$tmp/out"
grep -q "（文件 3、2）" "$tmp/out" && grep -q "增减率" "$tmp/out" && ok || bad "yoy in Chinese: $(cat "$tmp/out")"
# the HTML report in Chinese
zh report --db "$DB" rollup --year 2020 --region 云溪市 --format html -o "$tmp/r.html" && ok || bad "html"
grep -q 'lang="zh-CN"' "$tmp/r.html" && grep -q "金额单位：万元" "$tmp/r.html" && grep -q '<th>单位数</th>' "$tmp/r.html" && ok || bad "html page in Chinese"
if grep -q 'id="chart-data"' "$tmp/r.html"; then
  grep -q '"title":"收入构成' "$tmp/r.html" && ok || bad "chart titles in Chinese"
fi
en report --db "$DB" rollup --year 2020 --region 云溪市 --format html -o "$tmp/e.html" && grep -q 'lang="en"' "$tmp/e.html" && grep -q '<th>units</th>' "$tmp/e.html" && ok || bad "html page in English"
# db show: the store's words among the values in Chinese (来源 情况说明/部门名称, 是/否), keys in English
zh db --db "$DB" show 2 > "$tmp/show.txt" 2>&1 || bad "db show (zh)"
grep -Eq "^机关运行经费来源 +情况说明" "$tmp/show.txt" && grep -Eq "^地区来源 +部门名称" "$tmp/show.txt" &&
  grep -Eq "^已审核 +是" "$tmp/show.txt" && grep -Eq "^当前版本 +是" "$tmp/show.txt" && ok || bad "db show values: $(grep -E '来源|已审核|当前' "$tmp/show.txt")"
en db --db "$DB" show 2 > "$tmp/show.txt" 2>&1 || bad "db show (en)"
grep -Eq "^jiguan_src +narrative" "$tmp/show.txt" && grep -Eq "^checked +1" "$tmp/show.txt" && ok || bad "db show values (en)"
# rules: kind and severity in the interface's language, aligned by display width
zh rules --disable T-TOTAL > "$tmp/rules.txt" || bad "rules (zh)"
grep -Eq "^T-ROW +表内运算 +错误 +行合计" "$tmp/rules.txt" && grep -Eq "^T-TOTAL +表内运算 +关闭 +" "$tmp/rules.txt" &&
  grep -Eq "^R-DOUBT +读取 +提示 +" "$tmp/rules.txt" && ok || bad "rules severity (zh): $(head -2 "$tmp/rules.txt")"
python3 - "$tmp/rules.txt" <<'EOF' && ok || bad "rules (zh): descriptions not aligned"
import re, sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
cols = set()
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"((?:T-ROW|K-NAME|R-DOUBT|X-NAME) +\S+ +\S+ +)\S", line)
    if m: cols.add(w(m.group(1)))
sys.exit(0 if len(cols) == 1 else 1)
EOF
en rules > "$tmp/rules.txt" && grep -Eq "^T-ROW +arithmetic +error +" "$tmp/rules.txt" && ok || bad "rules severity (en)"

finish export_labels
