#!/usr/bin/env bash
# db_postgres.sh - the whole store test suite on PostgreSQL (issue #17): starts
# a throw-away cluster (tests/cli/lib/pg_cluster.sh), then runs the store unit
# tests (test_store, next to the program) and tests/cli/db_load.sh,
# db_report.sh and db_crash.sh with JS_DB_BACKEND=postgres against it, three
# loaders at once into one database (nothing lost, nothing twice), and the
# same files loaded into SQLite and PostgreSQL list, export and report the same.
set -u
JS="$1"
HERE=$(cd "$(dirname "$0")" && pwd)
SEEDS="${JS_SHARED_DIR:-$HERE/../../../shared}/seeds"
. "$HERE/lib/pg_test.sh"
pg_test_init
# fsync=off: a test cluster need not survive a power cut (the kill -9 test kills juesuan, not the server)
pg_test_clusters 1 -c fsync=off
URL=${PG_URLS[0]}
export JS_PG_URL="$URL" JS_DB_BACKEND=postgres

UNIT="$(dirname "$JS")/test_store"
if [ -x "$UNIT" ]; then
  JS_TEST_PG=$(pg_createdb "$URL" unit) "$UNIT" > "$tmp/unit.out" 2>&1 && ok || { bad "test_store on PostgreSQL"; grep -E "FAIL|ERROR|LINE" "$tmp/unit.out" | head -10; }
else
  bad "no test_store next to $JS"
fi
for t in db_load db_report db_crash db_execution; do
  bash "$HERE/$t.sh" "$JS" > "$tmp/$t.out" 2>&1 && ok || { bad "$t on PostgreSQL"; grep FAIL "$tmp/$t.out" | head -10; }
  tail -1 "$tmp/$t.out"
done

# several loaders at once, overlapping files: every document once, one current per dept and year
DB=$(pg_createdb "$URL" conc)
mkdir "$tmp/in"
for k in $(seq 1 12); do
  for f in "$SEEDS"/*.txt; do { cat "$f"; printf '\n（副本 %d）\n' "$k"; } > "$tmp/in/$k-$(basename "$f")"; done
done
ls "$tmp"/in/*.txt > "$tmp/list"
for l in 1 2 3; do "$JS" db --db "$DB" load --files-from "$tmp/list" > "$tmp/l$l.out" 2>&1 & done
wait
q() { psql -XAtq -d "$DB" -c "$1"; }
[ "$(q 'select count(*) from documents')" = 60 ] && ok || bad "concurrent loaders: $(q 'select count(*) from documents') documents, want 60"
loaded=$(cat "$tmp"/l?.out | awk '/^loaded/ { s += $2 } END { print s + 0 }')
[ "$loaded" = 60 ] && ok || bad "concurrent loaders stored $loaded in all, want 60 ($(cat "$tmp"/l?.out))"
[ "$(q 'select count(*) from (select dept, year from documents where current = 1 group by 1, 2 having count(*) > 1) x')" = 0 ] && ok || bad "concurrent loaders: two current documents of one dept and year"
"$JS" db --db "$DB" check > "$tmp/check.out" 2>&1 && ok || { bad "db check after concurrent loads"; head -5 "$tmp/check.out"; }

# SQLite and PostgreSQL give the same listings, exports and reports for the same files
SQ="$tmp/same.db"; PGS=$(pg_createdb "$URL" same)
ls "$SEEDS"/*.txt > "$tmp/seeds.list"
"$JS" db --db "$SQ" load --files-from "$tmp/seeds.list" > /dev/null 2>&1
"$JS" db --db "$PGS" load --files-from "$tmp/seeds.list" > /dev/null 2>&1
DEPT=$(psql -XAtq -d "$PGS" -c "select dept from documents where year = 2020 order by id limit 1")
same() { same_output "$1" "$SQ" "$PGS" "${@:2}"; } # SQLite and PostgreSQL
same "list" db --db DB list
same "show" db --db DB show 2
same "export facts csv" db --db DB export --format csv
same "export findings json" db --db DB export --format json --what findings
same "rollup" report --db DB rollup --year 2020
same "rollup region" report --db DB rollup --year 2020 --region 株洲市
same "rollup prefix" report --db DB rollup --year 2020 --dept-prefix 株洲市石峰区
for m in 三公经费决算 机关运行经费 人员经费占比 findings; do same "rank $m" report --db DB rank --metric "$m" --top 0; done
same "yoy" report --db DB yoy --dept "$DEPT" --years 2020,2020
same "check" db --db DB check

pg_test_end db_postgres
