#!/usr/bin/env bash
# db_report.sh - juesuan report on the five seeds: the roll-up equals the sum of
# what `juesuan facts` prints, the ranking follows the 07 and 06 figures, year on
# year lines two versions of a document up; output formats and misuse.
set -u
JS="$1"
SEEDS="${JS_SHARED_DIR:-$(dirname "$0")/../../../shared}/seeds"
fail=0; pass=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
t() { local name="$1" want="$2"; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [ "$got" -ne "$want" ]; then echo "FAIL $name: exit $got, want $want"; sed 's/^/  stderr: /' "$tmp/err" | head -5; fail=$((fail+1)); else pass=$((pass+1)); fi; }
has() { if grep -q -- "$3" "$2"; then pass=$((pass+1)); else echo "FAIL $1: '$3' not in output"; fail=$((fail+1)); fi; }
eq() { if [ "$2" = "$3" ]; then pass=$((pass+1)); else echo "FAIL $1: got '$2', want '$3'"; fail=$((fail+1)); fi; }
. "$(dirname "$0")/lib/db_backend.sh"   # JS_DB_BACKEND=postgres: the same on PostgreSQL
DB=$(new_db j) || { echo "FAIL cannot create the database"; exit 1; }
"$JS" db --db "$DB" load "$SEEDS"/*.txt >/dev/null || { echo "FAIL load"; exit 1; }

# expected sums from `juesuan facts` (independent of the database), in fen
"$JS" facts "$SEEDS"/*.txt > "$tmp/facts.tsv"
want_sum() { # table row column -> 万元 with two decimals
  awk -F'\t' -v t="$1" -v r="$2" -v c="$3" '$2==t && $3==r && $4==c { split($5, p, "."); s += p[1]*100 + substr(p[2]"00",1,2) * (p[1] ~ /^-/ ? -1 : 1) }
      END { printf "%d.%02d\n", s/100, s%100 }' "$tmp/facts.tsv"; }

t "rollup year" 0 "$JS" report --db "$DB" rollup --year 2020
has "rollup units" "$tmp/out" "5 units"
for key in "01 收入:总计 决算数" "01 支出:本年支出合计 决算数" "02 合计 本年收入合计" "07 三公经费 决算:合计" "06 人员经费合计 决算数"; do
  set -- $key
  w=$(want_sum "$1" "$2" "$3")
  got=$(awk -v t="$1" -v r="$2" -v c="$3" 'NF==5 && $1==t && $2==r && $3==c {print $4}' "$tmp/out")
  eq "rollup $key" "$got" "$w"
done
has "rollup checks" "$tmp/out" "consistency of the roll-up"
# the whole year is read from year_sums (schema 7): its rows are the sums of every region
# added, which a roll-up without it (--region, --dept-prefix) reads; none missing, none extra
yrows=$(q "select tbl, row_key, col_key, value, units from year_sums where year = 2020 and tbl not in ('#', 'Y#') order by 1, 2, 3")
rrows=$(q "select tbl, row_key, col_key, sum(value), sum(units) from sums where year = 2020 group by 1, 2, 3 order by 1, 2, 3")
eq "year_sums = the regions' sums added" "$yrows" "$rrows"
eq "year_sums counts the year's documents" "$(q "select units, value from year_sums where year = 2020 and tbl = '#'")" \
  "$(q "select count(*), sum(nfacts) from documents where year = 2020 and current = 1")"
eq "year_sums keys = the roll-up's keys" "$(echo "$yrows" | wc -l)" "$(sed -n 's/.*units, \([0-9]*\) keys.*/\1/p' "$tmp/out")"
has "rollup identity" "$tmp/out" "01 收入总计 = 支出总计"
# dept prefix: only the 石峰区 units
n=$(q "select count(*) from documents where dept like '株洲市石峰区%'")
t "rollup dept prefix" 0 "$JS" report --db "$DB" rollup --year 2020 --dept-prefix 株洲市石峰区
has "prefix units" "$tmp/out" " $n units"
# region: read off the dept names of the seeds (they state none)
n=$(q "select count(*) from documents where dept like '%株洲市石峰区%'")
t "rollup region" 0 "$JS" report --db "$DB" rollup --year 2020 --region 株洲市石峰区
has "region units" "$tmp/out" "region 株洲市石峰区: $n units"
t "rollup csv" 0 "$JS" report --db "$DB" rollup --year 2020 --format csv -o "$tmp/r.csv"
has "rollup csv header" "$tmp/r.csv" "^table,row,column,万元,units"
t "rollup xlsx" 0 "$JS" report --db "$DB" rollup --year 2020 --format xlsx -o "$tmp/r.xlsx"
eq "rollup xlsx zip" "$(head -c 2 "$tmp/r.xlsx")" "PK"
t "rollup no docs" 2 "$JS" report --db "$DB" rollup --year 2019

# rank by 三公: the largest 07 决算:合计 first
top=$(awk -F'\t' '$2=="07" && $3=="三公经费" && $4=="决算:合计" {print $5"\t"$1}' "$tmp/facts.tsv" | sort -t$'\t' -k1,1 -g -r | head -1 | cut -f2)
topdept=$(q "select dept from documents where path='$top'")
t "rank 三公" 0 "$JS" report --db "$DB" rank --metric 三公经费决算 --year 2020 --top 3 --format csv
eq "rank 三公 first" "$(sed -n 2p "$tmp/out" | cut -d, -f3)" "$topdept"
eq "rank top 3" "$(wc -l < "$tmp/out")" 4
t "rank 机关运行经费" 0 "$JS" report --db "$DB" rank --metric 机关运行经费
t "rank 人员经费占比" 0 "$JS" report --db "$DB" rank --metric 人员经费占比 --format csv
# shares are exact and decreasing: compare each with the next by cross-multiplying the fen
awk -F, 'NR>1 { gsub(/\./,"",$7); gsub(/\./,"",$8); s[NR]=$7; o[NR]=$8; n=NR }
  END { for (i=2;i<n;i++) if (s[i]*(s[i+1]+o[i+1]) < s[i+1]*(s[i]+o[i])) bad=1; exit bad }' "$tmp/out" \
  && pass=$((pass+1)) || { echo "FAIL rank share order"; fail=$((fail+1)); }
t "rank findings" 0 "$JS" report --db "$DB" rank --metric findings
t "rank bad metric" 2 "$JS" report --db "$DB" rank --metric 花费
t "rank no metric" 2 "$JS" report --db "$DB" rank

# year on year: a 2019 version of one seed with one figure changed
src="$SEEDS/000_e65ad6a672f33cc8.txt"
sed -e 's/2020/2019/g' -e 's/^八、其他收入\t8\t103.82\t/八、其他收入\t8\t100.00\t/' "$src" > "$tmp/y2019.txt"
t "load 2019" 0 "$JS" db --db "$DB" load "$tmp/y2019.txt"
dept=$(q "select dept from documents where path='$src'")
eq "2019 parsed" "$(q "select year from documents where path='$tmp/y2019.txt'")" 2019
t "yoy" 0 "$JS" report --db "$DB" yoy --dept "$dept" --years 2019,2020 --format csv
eq "yoy rows" "$(($(wc -l < "$tmp/out") - 1))" "$(q "select count(*) from (select tbl,row_key,col_key from facts where doc_id in (select id from documents where dept='$dept') group by 1,2,3) x")"
has "yoy header" "$tmp/out" "^table,row,column,2019,2020,change,change %"
has "yoy same" "$tmp/out" "^01,支出:总计,决算数,179.22,179.22,0.00,0.00%"
has "yoy changed" "$tmp/out" "^01,收入:其他收入,决算数,100.00,103.82,3.82,3.82%"
t "yoy missing year" 2 "$JS" report --db "$DB" yoy --dept "$dept" --years 2018,2020
t "yoy bad years" 2 "$JS" report --db "$DB" yoy --dept "$dept" --years 2019
t "no report" 2 "$JS" report --db "$DB"
t "missing db" 3 "$JS" report --db "$tmp/none.db" rank --metric findings

echo "db_report (${JS_DB_BACKEND:-sqlite}): $pass passed, $fail failed"
[ "$fail" -eq 0 ]
