#!/usr/bin/env bash
# db_load.sh - juesuan db on the five seeds: load stores every document once
# (by content hash) with exactly the facts `juesuan facts` prints, bad files are
# reported and skipped (exit 3), list/show/export read the database back.
set -u
JS="$1"
SEEDS="${JS_SHARED_DIR:-$(dirname "$0")/../../../shared}/seeds"
fail=0; pass=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
t() { # name, expected exit, command...
  local name="$1" want="$2"; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL $name: exit $got, want $want"; sed 's/^/  stderr: /' "$tmp/err" | head -5; fail=$((fail+1))
  else pass=$((pass+1)); fi
}
has() { if grep -q -- "$3" "$2"; then pass=$((pass+1)); else echo "FAIL $1: '$3' not in $2"; fail=$((fail+1)); fi; }
eq() { if [ "$2" = "$3" ]; then pass=$((pass+1)); else echo "FAIL $1: got '$2', want '$3'"; fail=$((fail+1)); fi; }
. "$(dirname "$0")/lib/db_backend.sh"   # JS_DB_BACKEND=postgres: the same on PostgreSQL
DB=$(new_db j) || { echo "FAIL cannot create the database"; exit 1; }

t "load seeds" 0 "$JS" db --db "$DB" load "$SEEDS"/*.txt
has "load summary" "$tmp/out" "loaded 5, duplicates skipped 0, failed 0"
eq "documents" "$(q 'select count(*) from documents')" 5
is_pg || eq "WAL mode" "$(q 'pragma journal_mode')" wal
eq "schema version" "$(q 'select max(version) from schema_version')" 10
eq "checksums stored" "$(q 'select count(*) from documents where length(docsum) = 64 and length(factsum) = 64 and length(findsum) = 64')" 5
eq "hash is sha256 of the bytes" "$(q "select hash from documents where path like '%000_e65ad6a672f33cc8.txt'")" \
   "$(sha256sum "$SEEDS/000_e65ad6a672f33cc8.txt" | cut -d' ' -f1)"
# the stored facts are exactly what `juesuan facts` prints, document by document
for f in "$SEEDS"/*.txt; do
  "$JS" facts "$f" | tail -n +2 | sort > "$tmp/want"
  q "select f.tbl||char(9)||f.row_key||char(9)||f.col_key||char(9)||f.wan from facts f join documents d on d.id=f.doc_id where d.path='$f'" | sort > "$tmp/got"
  if [ -s "$tmp/want" ] && cmp -s "$tmp/want" "$tmp/got"; then pass=$((pass+1)); else
    echo "FAIL facts of $(basename "$f") differ from juesuan facts"; diff "$tmp/want" "$tmp/got" | head -5; fail=$((fail+1)); fi
done
is_pg || eq "fen = 万元 x 1000000" "$(q "select count(*) from facts where printf('%.2f', value/1000000.0) <> wan and value % 10000 = 0")" 0
is_pg && eq "fen = 万元 x 1000000" "$(q "select count(*) from facts where to_char(value/1000000.0, 'FM9999999990.00') <> wan and value % 10000 = 0")" 0
eq "nfacts matches" "$(q 'select count(*) from documents d where nfacts <> (select count(*) from facts where doc_id=d.id)')" 0
eq "paras stored" "$(q 'select count(*) from documents d where nparas <> (select count(*) from paras where doc_id=d.id) or nparas = 0')" 0
eq "sections stored" "$(q 'select count(*) from documents d where nsections <> (select count(*) from sections where doc_id=d.id)')" 0
# checked, or a note saying why not
eq "check ran or note" "$(q 'select count(*) from documents where (checked=1 and nerrors is not null) or (checked=0 and check_note is not null)')" 5

t "load again" 0 "$JS" db --db "$DB" load "$SEEDS"/*.txt
has "duplicates" "$tmp/out" "loaded 0, duplicates skipped 5, failed 0"
eq "still 5" "$(q 'select count(*) from documents')" 5

# bad files in a batch: reported, skipped, exit 3; the good one is stored
: > "$tmp/empty.txt"
printf '%s\n' "这是一份会议纪要。" "与决算无关。" > "$tmp/notes.txt"
{ cat "$SEEDS/000_e65ad6a672f33cc8.txt"; echo "（副本）"; } > "$tmp/copy.txt"
t "bad files" 3 "$JS" db --db "$DB" load "$tmp/empty.txt" "$tmp/nope.txt" "$tmp/copy.txt" "$tmp/notes.txt"
has "bad: empty" "$tmp/err" "empty.txt: empty file"
has "bad: missing" "$tmp/err" "nope.txt"
has "bad: not a disclosure" "$tmp/err" "notes.txt"
has "bad summary" "$tmp/out" "loaded 1, duplicates skipped 0, failed 3"
eq "copy stored" "$(q "select count(*) from documents where path='$tmp/copy.txt'")" 1

# --files-from and $JUESUAN_DB
ls "$SEEDS"/*.txt > "$tmp/list"
JUESUAN_DB="$DB" t "files-from + env" 0 "$JS" db load --files-from "$tmp/list"
has "files-from" "$tmp/out" "duplicates skipped 5"
if ! is_pg; then
  (cd "$tmp" && "$JS" db load "$SEEDS/001_97ec0fee91833ab7.txt" >/dev/null 2>"$tmp/def.err") || cat "$tmp/def.err"
  eq "default juesuan.db" "$(sqlite3 "$tmp/juesuan.db" 'select count(*) from documents')" 1
fi

t "list" 0 "$JS" db --db "$DB" list
eq "list rows" "$(wc -l < "$tmp/out")" 8   # header, rule, 6 documents
has "list dept" "$tmp/out" "株洲市石峰区清水塘企业事务中心"
t "list csv" 0 "$JS" db --db "$DB" list --format csv
has "list csv header" "$tmp/out" "^id,hash,dept,year"
h=$(q "select substr(hash,1,8) from documents where id=3")
t "show by hash" 0 "$JS" db --db "$DB" show "$h"
has "show dept" "$tmp/out" "$(q 'select dept from documents where id=3')"
has "show facts" "$tmp/out" "nfacts *$(q 'select nfacts from documents where id=3')"
t "show by id" 0 "$JS" db --db "$DB" show 3
t "show missing" 2 "$JS" db --db "$DB" show 999
t "show bad ref" 2 "$JS" db --db "$DB" show zz

total=$(q 'select count(*) from facts')
t "export csv" 0 "$JS" db --db "$DB" export --format csv
eq "csv rows" "$(grep -c . "$tmp/out")" $((total + 1))
has "csv header" "$tmp/out" "^doc,hash,dept,year,region,table,row,name,column,value,fen,line,page"
t "export json" 0 "$JS" db --db "$DB" export --format json -o "$tmp/f.json"
eq "json rows" "$(sqlite3 :memory: "select json_array_length(readfile('$tmp/f.json'))")" "$total"
t "export findings json" 0 "$JS" db --db "$DB" export --format json --what findings
eq "findings rows" "$(sqlite3 :memory: "select json_array_length(readfile('$tmp/out'))")" "$(q 'select count(*) from findings')"
t "export xlsx" 0 "$JS" db --db "$DB" export --format xlsx --what documents -o "$tmp/d.xlsx"
eq "xlsx is a zip" "$(head -c 2 "$tmp/d.xlsx")" "PK"
unzip -p "$tmp/d.xlsx" xl/worksheets/sheet1.xml > "$tmp/ss.xml" 2>/dev/null
has "xlsx content" "$tmp/ss.xml" "株洲市石峰区清水塘企业事务中心"

t "no subcommand" 2 "$JS" db --db "$DB"
t "unknown subcommand" 2 "$JS" db --db "$DB" frob
t "export needs format" 2 "$JS" db --db "$DB" export
t "xlsx needs -o" 2 "$JS" db --db "$DB" export --format xlsx
t "check" 0 "$JS" db --db "$DB" check
has "check ok" "$tmp/out" "ok (integrity and every checksum verified)"
if is_pg; then
  t "no such server" 4 "$JS" db --db "postgres://postgres@127.0.0.1:1/x" list
  t "no juesuan schema" 3 "$JS" db --db "$(new_db empty)" list
else
  t "list missing db" 3 "$JS" db --db "$tmp/none.db" list
  t "not a database" 3 "$JS" db --db "$SEEDS/000_e65ad6a672f33cc8.txt" list
fi

# load builds on stored values only where they verify. The roll-up sums: a load appends
# its changes of a year and region as a row of region_sums of its own (it reads no stored
# row: a damaged one stays damaged, and the roll-up and db check find it; the merge of a
# year and region's rows verifies them: tests/unit/test_store.c). The facts of a document
# it supersedes are verified before they are taken out of the sums: exit 3 (both backends)
D2=$(new_db dmg) || { echo "FAIL cannot create the damage database"; exit 1; }
"$JS" db --db "$D2" load "$SEEDS/000_e65ad6a672f33cc8.txt" > /dev/null 2>&1
SEED0_DEPT=$(DB=$D2 q "select dept from documents where id = 1")
SEED0_YEAR=$(DB=$D2 q "select year from documents where id = 1")
SEED0_REGION=$(DB=$D2 q "select region from documents where id = 1")
{ cat "$SEEDS/000_e65ad6a672f33cc8.txt"; printf '\n（修订版）\n'; } > "$tmp/000-v2.txt"
{ cat "$SEEDS/000_e65ad6a672f33cc8.txt"; printf '\n（第二次修订）\n'; } > "$tmp/000-v3.txt"
DB=$D2 q "update region_sums set data = replace(data, '\"收入:总计\",', '\"收入:总计 \",')" > /dev/null
t "load beside damaged sums" 0 "$JS" db --db "$D2" load "$tmp/000-v2.txt"
t "rollup over damaged sums" 3 "$JS" report --db "$D2" rollup --year "$SEED0_YEAR" --region "$SEED0_REGION"
has "rollup over damaged sums says so" "$tmp/err" "damaged"
t "db check finds the damaged sums" 3 "$JS" db --db "$D2" check
DB=$D2 q "update region_sums set data = replace(data, '\"收入:总计 \",', '\"收入:总计\",')" > /dev/null
t "rollup after the repair" 0 "$JS" report --db "$D2" rollup --year "$SEED0_YEAR" --region "$SEED0_REGION"
# a row of region_sums that is not JSON at all: the region's roll-up says damaged; db check
# lists the row and goes on to the year's sums (PostgreSQL: the view sums raised on it and db
# check stopped there; check_sums.c reads the rows itself)
DB=$D2 q "insert into region_sums (year, region, data, chk) values ($SEED0_YEAR, '$SEED0_REGION', 'not json', 1)" > /dev/null
t "rollup over an unreadable sums row" 3 "$JS" report --db "$D2" rollup --year "$SEED0_YEAR" --region "$SEED0_REGION"
DB=$D2 q "update year_sums set value = value + 1 where year = $SEED0_YEAR and tbl = '01' and row_key = '收入:总计'" > /dev/null
t "db check past an unreadable sums row" 3 "$JS" db --db "$D2" check
has "db check names the unreadable row" "$tmp/out" "region $SEED0_REGION: a row of the sums cannot be read"
has "db check goes on to the year's sums" "$tmp/out" "year $SEED0_YEAR: 01 收入:总计 决算数 differs from the sums of its regions"
DB=$D2 q "delete from region_sums where data = 'not json'" > /dev/null
DB=$D2 q "update year_sums set value = value - 1 where year = $SEED0_YEAR and tbl = '01' and row_key = '收入:总计'" > /dev/null
t "db check after the repair" 0 "$JS" db --db "$D2" check
DB=$D2 q "update facts set value = value + 100 where doc_id = 2 and tbl = '01' and row_key = '收入:总计'" > /dev/null
t "superseding a damaged document" 3 "$JS" db --db "$D2" load "$tmp/000-v3.txt"
has "superseding a damaged document says so" "$tmp/err" "damaged"
eq "nothing of it stored" "$(DB=$D2 q "select count(*) from documents")" 2
eq "the old one stays current" "$(DB=$D2 q "select count(*) from documents where dept = '$SEED0_DEPT' and current = 1 and id = 2")" 1

echo "db_load (${JS_DB_BACKEND:-sqlite}): $pass passed, $fail failed"
[ "$fail" -eq 0 ]
