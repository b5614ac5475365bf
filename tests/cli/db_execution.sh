#!/usr/bin/env bash
# db_execution.sh - juesuan report execution (预算执行, issue #19): a real budget of
# ../shared/budgets against final accounts of the same department and year built
# from tests/golden/budgets/execution/ (no real pair exists: see its README), for
# both forms (Shanghai: by 类 from 支出预算总表; Jiangsu: from 收支预算总表, 三公 with
# 会议费/培训费); budget and final accounts stay current side by side; rollup, rank
# and yoy never mix the kinds; 三公 比上年预算 statements against the budget of the
# year before; damaged doc_tables and the v3 -> v5 migration.
# JS_DB_BACKEND=postgres (db_postgres.sh) runs the same on PostgreSQL.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/common.sh" # JS tmp t has hasnt eq same finish
SHARED="${JS_SHARED_DIR:-$HERE/../../../shared}"
FIX="$HERE/../golden/budgets/execution"
. "$HERE/lib/db_backend.sh"
SH_BUDGET="$SHARED/budgets/shanghai-putuo-social-welfare-home-2024-unit-budget.pdf"
JS_BUDGET="$SHARED/budgets/jiangsu-npc-general-office-2018-dept-budget.pdf"
[ -f "$SH_BUDGET" ] && [ -f "$JS_BUDGET" ] || { echo "SKIP: no ../shared/budgets"; exit 0; }
for f in shanghai jiangsu; do
  "$JS" build "$FIX/$f-ledger.csv" --meta "$FIX/$f-meta.json" --format txt -o "$tmp/$f-final.txt" \
    || { echo "FAIL build the $f final accounts"; exit 1; }
done
DB=$(new_db x) || { echo "FAIL cannot create the database"; exit 1; }
t "load" 0 "$JS" db --db "$DB" load "$SH_BUDGET" "$tmp/shanghai-final.txt" "$JS_BUDGET" "$tmp/jiangsu-final.txt"
has "load summary" "$tmp/out" "loaded 4,"
# a budget and the final accounts of one department and year are both current
eq "both current" "$(q "select count(*) from documents where dept = '上海市普陀区社会福利院' and current = 1")" 2
eq "budget tables by role" "$(q "select role from doc_tables d join documents x on x.id = d.doc_id where x.dept = '上海市普陀区社会福利院' and d.tbl = 'Y03'")" expend
eq "jiangsu 三公 table" "$(q "select tbl from doc_tables where role = 'sangong' and doc_id = (select id from documents where form = 'budget-jiangsu')")" Y09

# the reports, checked by hand (the README of the fixtures)
for f in shanghai:上海市普陀区社会福利院:2024 jiangsu:江苏省人大常委会办公厅:2018; do
  IFS=: read -r name dept year <<< "$f"
  t "execution $name" 0 "$JS" report --db "$DB" execution --dept "$dept" --year "$year"
  same "execution $name" "$tmp/out" "$FIX/$name.execution"
  # the titles in the user's language (the golden is the English one, as the tests run)
  env -u LANGUAGE -u LC_ALL LANG=C.UTF-8 "$JS" report --db "$DB" execution --dept "$dept" --year "$year" > "$tmp/zh.out" 2>&1
  has "execution $name: 三公 title in Chinese" "$tmp/zh.out" "^预算执行 $dept $year：“三公”经费和机关运行经费（万元）$"
  has "execution $name: 功能分类 title in Chinese" "$tmp/zh.out" "^预算执行 $dept $year：支出按功能分类（万元；"
  t "execution $name json" 0 "$JS" report --db "$DB" execution --dept "$dept" --year "$year" --format json
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["tables"]) == 2; print(d["tables"][0]["rows"][-1]["完成率"])' "$tmp/out" > "$tmp/rate" 2>&1 \
    && pass=$((pass+1)) || { echo "FAIL execution $name json: $(cat "$tmp/rate")"; fail=$((fail+1)); }
  eq "execution $name json rate" "$(cat "$tmp/rate")" "$(awk '$1 == "合计" { print $7; exit }' "$FIX/$name.execution")"
  t "execution $name csv" 0 "$JS" report --db "$DB" execution --dept "$dept" --year "$year" --format csv -o "$tmp/x.csv"
  has "execution $name csv" "$tmp/x.csv" "^类,名称,预算数,决算数"
done
has "jiangsu 年初预算 differs" "$FIX/jiangsu.execution" "不一致 (-7.50)"
t "execution without final accounts" 2 "$JS" report --db "$DB" execution --dept 上海市普陀区社会福利院 --year 2025
has "says what is missing" "$tmp/err" "no budget (部门预算公开) of 上海市普陀区社会福利院 for 2025"
t "execution without --year" 2 "$JS" report --db "$DB" execution --dept 上海市普陀区社会福利院

# the kinds are never mixed
t "rollup final" 0 "$JS" report --db "$DB" rollup --year 2024
has "rollup final: one unit" "$tmp/out" "1 units"
hasnt "rollup final: no budget tables" "$tmp/out" "^Y0"
t "rollup budget" 0 "$JS" report --db "$DB" rollup --year 2024 --kind 预算
has "rollup budget: one unit" "$tmp/out" "1 units"
has "rollup budget: budget tables" "$tmp/out" "^Y03 *208 社会保障和就业支出 *合计 *1128.16"
hasnt "rollup budget: no final tables" "$tmp/out" "^0[1-9] "
t "rollup budget by dept" 0 "$JS" report --db "$DB" rollup --year 2018 --kind budget --dept-prefix 江苏省
has "rollup budget by dept" "$tmp/out" "^Y01 *201 一般公共服务支出 *金额 *12706.28"
t "rank findings final" 0 "$JS" report --db "$DB" rank --metric findings --top 0
eq "rank final: two documents" "$(grep -c '^ *[0-9]' "$tmp/out")" 2
t "rank findings budget" 0 "$JS" report --db "$DB" rank --metric findings --top 0 --kind 预算
has "rank budget: the welfare home's errors first" "$tmp/out" "1 .*上海市普陀区社会福利院 *2024 .* 4 *15"
t "yoy budget" 0 "$JS" report --db "$DB" yoy --dept 江苏省人大常委会办公厅 --years 2018,2018 --kind 预算
has "yoy budget: budget facts" "$tmp/out" "^Y01"
t "yoy final" 0 "$JS" report --db "$DB" yoy --dept 江苏省人大常委会办公厅 --years 2018,2018
hasnt "yoy final: no budget facts" "$tmp/out" "^Y01"

# 三公 "比上年预算增减" of the 2019 budget against a 2018 budget made from it (its text with
# 2018 for 2019 and last year's 三公 row: 100, 267.8, 120, 200.44, 700 — so the stated
# 公务接待费 decrease of 15.24 is wrong by the tables, 18.74, and the other four agree)
PJ="$SHARED/budgets/jiangsu-procuratorate-2019-dept-budget.pdf"
if command -v pdftotext > /dev/null && [ -f "$PJ" ]; then
  pdftotext -layout "$PJ" "$tmp/p2019.txt"
  python3 - "$tmp/p2019.txt" "$tmp/p2018.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read().replace('2019', '2018')
old = ' 1276.7    418.26   80       237              237     101.26   158.44    700'
assert old in t, 'the 三公 row of the 2019 budget'
line = [' '] * 90
for m, v in zip(re.finditer(r'\S+', old), ['1388.24', '487.8', '100', '267.8', '267.8', '120', '200.44', '700']):
    line[m.start():m.start() + len(v)] = v
open(sys.argv[2], 'w').write(t.replace(old, ''.join(line).rstrip()))
PY
  t "load two budget years" 0 "$JS" db --db "$DB" load "$PJ" "$tmp/p2018.txt"
  t "budget yoy with 三公 changes" 0 "$JS" report --db "$DB" yoy --kind 预算 --dept 江苏省人民检察院 --years 2018,2019
  has "三公 changes: 1 of 5 differ" "$tmp/out" "三公 比上年预算增减 against the 2018 budget .*: 1 of 5 differ"
  # split by a page break ("…比上年预算减少" / page number 30 / "30.8 万元，…"): found whole
  has "三公 changes: 公务用车运行费 across a page" "$tmp/out" "p.30 *公务用车运行费 *237.00 *237.00 *267.80 *-30.80 *-30.80 *一致"
  # the page of a statement in the user's language (p.30 with LANG=en, as the tests run)
  env -u LANGUAGE -u LC_ALL LANG=C.UTF-8 "$JS" report --db "$DB" yoy --kind 预算 --dept 江苏省人民检察院 --years 2018,2019 > "$tmp/zh.out" 2>&1
  has "三公 changes in Chinese" "$tmp/zh.out" "^第30页 *公务用车运行费 *237.00"
  has "三公 changes: 因公出国 agrees" "$tmp/out" "因公出国（境）费 *80.00 *80.00 *100.00 *-20.00 *-20.00 *一致"
  has "三公 changes: 公务接待费 differs" "$tmp/out" "公务接待费 *101.26 *101.26 *120.00 *-18.74 *-15.24 *不一致: 应为减少18.74万元"
  has "三公 changes: 培训费 持平" "$tmp/out" "培训费 .*持平 (0.00) *一致"
  t "budget changes without the year before" 2 "$JS" report --db "$DB" yoy --kind 预算 --dept 江苏省人民检察院 --years 2017,2018
else
  echo "SKIP the 三公 changes (no pdftotext)"
fi

if ! is_pg; then
  # a damaged role is never used: exit 3, and db check names it
  cp "$DB" "$tmp/bad.db"
  sqlite3 "$tmp/bad.db" "update doc_tables set role = 'total' where role = 'expend'"
  t "damaged doc_tables" 3 "$JS" report --db "$tmp/bad.db" execution --dept 上海市普陀区社会福利院 --year 2024
  has "damaged doc_tables message" "$tmp/err" "damaged"
  t "db check sees doc_tables" 3 "$JS" db --db "$tmp/bad.db" check
  has "db check names tables" "$tmp/out" "^tables"
  # a version 3 database gets doc_tables (and the v5 indexes) when next opened for writing
  cp "$DB" "$tmp/v3.db"
  sqlite3 "$tmp/v3.db" "drop table doc_tables; delete from schema_version where version = 4; pragma user_version = 3"
  t "v3 read-only" 3 "$JS" report --db "$tmp/v3.db" rank --metric findings
  t "v3 -> v5 on load" 0 "$JS" db --db "$tmp/v3.db" load "$SHARED/seeds/000_e65ad6a672f33cc8.txt"
  eq "v10 after migration" "$(sqlite3 "$tmp/v3.db" 'pragma user_version')" 10
  eq "doc_tables after migration" "$(sqlite3 "$tmp/v3.db" 'select count(*) from doc_tables')" 0
fi

finish "db_execution ($(is_pg && echo postgres || echo sqlite))"
