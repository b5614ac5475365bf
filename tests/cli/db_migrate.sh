#!/usr/bin/env bash
# db_migrate.sh - juesuan db migrate on both backends (issue #17): databases made by older
# juesuan versions, filled with the rows of the seeds as a database of today holds them,
# are refused by the read-only commands with what to do, migrated in place, and then have
# the schema of a new database (tables, columns, indexes, constraints) and list, show,
# export, report and check exactly as a database loaded today with the same files, also
# after one more document is loaded into both.
#   SQLite: version 2 (tests/golden/budgets/old-schema-v2.sql, its tables) -> 10
#   PostgreSQL (a throw-away cluster, tests/cli/lib/pg_cluster.sh; skipped without the
#   server programs): versions 3, 4, 5 (tests/golden/store/pg-schema-v3.sql, the DDL the
#   juesuan of those versions ran) and version 3 as its first build made it (sums
#   without chk, no js_hash function) -> 10
set -u
JS="$1"
HERE=$(cd "$(dirname "$0")" && pwd)
SEEDS="${JS_SHARED_DIR:-$HERE/../../../shared}/seeds"
OLD_SQ="$HERE/../golden/budgets/old-schema-v2.sql"
OLD_PG="$HERE/../golden/store/pg-schema-v3.sql"
. "$HERE/lib/pg_test.sh" # ok, bad, same_output, pg_test_end; the clusters of pg_cluster.sh
tmp=$(mktemp -d)
trap 'pg_stop_all; rm -rf "$tmp"' EXIT
fail=0 pass=0 NOSUM=0
command -v sqlite3 > /dev/null || { echo "SKIP: no sqlite3 CLI"; exit 0; }
ls "$SEEDS"/*.txt > "$tmp/seeds.list" || { echo "FAIL no seeds in $SEEDS"; exit 1; }
# one more document after the migration: a seed again, changed (a later document of its
# department and year: the earlier one stops being current)
EXTRA="$tmp/extra.txt"
{ cat "$(head -1 "$tmp/seeds.list")"; printf '\n（更正）\n'; } > "$EXTRA"

# the commands whose output must not change; DB is replaced by each database. NOSUM:
# the documents stored before checksums (version < 3), which db check names and cannot verify
same_all() { # NAME MIGRATED FRESH
  local n=$1 a=$2 b=$3 m
  same_output "$n list" "$a" "$b" db --db DB list
  same_output "$n show" "$a" "$b" db --db DB show 2
  same_output "$n export facts" "$a" "$b" db --db DB export --format csv
  same_output "$n export findings" "$a" "$b" db --db DB export --format json --what findings
  # the documents as copied (the extra one was loaded at another time into each)
  [[ $n == *+1 ]] || same_output "$n export documents" "$a" "$b" db --db DB export --format csv --what documents
  same_output "$n rollup" "$a" "$b" report --db DB rollup --year "$YEAR"
  same_output "$n rollup region" "$a" "$b" report --db DB rollup --year "$YEAR" --region "$REGION"
  for m in 三公经费决算 机关运行经费 findings; do
    same_output "$n rank $m" "$a" "$b" report --db DB rank --metric "$m" --top 0
  done
  same_output "$n yoy" "$a" "$b" report --db DB yoy --dept "$DEPT" --years "$YEAR,$YEAR"
  "$JS" db --db "$a" check > "$tmp/check.a" 2>&1; local r1=$?
  "$JS" db --db "$b" check > "$tmp/check.b" 2>&1; local r2=$?
  if [ "$NOSUM" -gt 0 ]; then
    grep -q "^$NOSUM documents were stored before checksums (schema version < 3) and could not be verified" "$tmp/check.a" && ok ||
      bad "$n check: the $NOSUM documents without checksums not named"
    sed -i '/stored before checksums/d' "$tmp/check.a"
  fi
  sed -i "s|$a|DB|g; s|$b|DB|g" "$tmp/check.a" "$tmp/check.b"
  [ "$r1" -eq 0 ] && [ "$r2" -eq 0 ] && cmp -s "$tmp/check.a" "$tmp/check.b" && ok ||
    { bad "$n check: exit $r1, $r2"; diff "$tmp/check.a" "$tmp/check.b" | head -5; }
}

# refused before, migrated, the history printed, the same outputs after and after one more load
migrate_and_compare() { # NAME OLD FRESH FRESH_AFTER_EXTRA VERSION
  local n=$1 old=$2 fresh=$3 fresh2=$4 v=$5
  "$JS" db --db "$old" list > "$tmp/out" 2> "$tmp/err"
  if [ $? -eq 3 ] && grep -q "schema version $v, older than this juesuan's 10: migrate it once with 'juesuan db --db $old migrate'" "$tmp/err"; then ok; else
    bad "$n: list before migrate does not say what to do"; head -3 "$tmp/err"; fi
  if "$JS" db --db "$old" migrate > "$tmp/mig" 2>&1; then ok; else bad "$n: migrate failed"; head -5 "$tmp/mig"; return; fi
  grep -q "schema version 10" "$tmp/mig" && grep -q "indexes of the reports" "$tmp/mig" &&
    grep -q "bulk load" "$tmp/mig" && grep -q "documents of each year counted" "$tmp/mig" &&
    grep -q "region_sums" "$tmp/mig" && grep -q "cannot be read is left out" "$tmp/mig" && ok || { bad "$n: migrate's history"; cat "$tmp/mig"; }
  same_all "$n" "$old" "$fresh"
  "$JS" db --db "$old" load "$EXTRA" > "$tmp/out" 2>&1 || { bad "$n: load after migrate"; head -3 "$tmp/out"; }
  same_all "$n +1" "$old" "$fresh2"
}

# ---- SQLite: version 2 -------------------------------------------------------------
FRESH="$tmp/fresh.db"; FRESH2="$tmp/fresh2.db"
"$JS" db --db "$FRESH" load --files-from "$tmp/seeds.list" > /dev/null 2>&1 || { echo "FAIL load the seeds"; exit 1; }
cp "$FRESH" "$FRESH2"
"$JS" db --db "$FRESH2" load "$EXTRA" > /dev/null 2>&1 || { echo "FAIL load the extra document"; exit 1; }
YEAR=$(sqlite3 "$FRESH" "select year from documents order by id limit 1")
REGION=$(sqlite3 "$FRESH" "select region from documents where year = $YEAR and region <> '' order by id limit 1")
DEPT=$(sqlite3 "$FRESH" "select dept from documents order by id limit 1")
nfacts=$(sqlite3 "$FRESH" "select count(*) from facts")

OLD="$tmp/v2.db"
{ sed '/^INSERT INTO/,$d' "$OLD_SQ"; echo "PRAGMA user_version = 2;"; } | sqlite3 "$OLD" || { echo "FAIL the version 2 database"; exit 1; }
for t in documents facts sums findings sections paras notes sources acceptances; do
  cols=$(sqlite3 "$OLD" "select group_concat(name, ', ') from pragma_table_info('$t')")
  sqlite3 "$OLD" "attach '$FRESH' as cur; insert into main.$t ($cols) select $cols from cur.$t" ||
    bad "sqlite v2: copying $t"
done
[ "$(sqlite3 "$OLD" 'select count(*) from facts')" = "$nfacts" ] && [ "$nfacts" -gt 0 ] && ok || bad "sqlite v2: facts not copied"
NOSUM=$(sqlite3 "$FRESH" "select count(*) from documents") # stored at version 2
migrate_and_compare "sqlite v2" "$OLD" "$FRESH" "$FRESH2" 2
NOSUM=0
sq_schema() {
  sqlite3 "$1" "select m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk from sqlite_master m,
    pragma_table_info(m.name) p where m.type = 'table' order by 1, p.cid;
    select name, tbl_name from sqlite_master where type = 'index' order by 1;
    select m.name, f.\"table\", f.\"from\" from sqlite_master m, pragma_foreign_key_list(m.name) f
    where m.type = 'table' order by 1, 2, 3; pragma user_version"
}
[ "$(sq_schema "$OLD")" = "$(sq_schema "$FRESH")" ] && ok || { bad "sqlite v2: migrated schema differs from a new database's"; diff <(sq_schema "$OLD") <(sq_schema "$FRESH") | head -10; }

# version 3 as its first build made it (commit f341178: sums without chk); today's
# database taken back to it: what versions 4 to 9 added removed (sums a table again, of
# the rows of its view)
OLD="$tmp/v3first.db"
cp "$FRESH" "$OLD"
sqlite3 "$OLD" "drop table doc_tables; $(sqlite3 "$FRESH" "select 'drop index ' || name || ';' from sqlite_master
  where type = 'index' and sql like '%current%'") drop table year_sums; create table old_sums as select * from sums;
  drop view sums; drop table region_sums; create table sums (year INTEGER NOT NULL, region TEXT NOT NULL,
  tbl TEXT NOT NULL, row_key TEXT NOT NULL, col_key TEXT NOT NULL, value INTEGER NOT NULL,
  units INTEGER NOT NULL, PRIMARY KEY (year, region, tbl, row_key, col_key));
  insert into sums select * from old_sums; drop table old_sums;
  delete from schema_version where version > 3; pragma user_version = 3" || bad "sqlite v3first: making it"
migrate_and_compare "sqlite v3first" "$OLD" "$FRESH" "$FRESH2" 3
[ "$(sq_schema "$OLD")" = "$(sq_schema "$FRESH")" ] && ok || { bad "sqlite v3first: migrated schema differs from a new database's"; diff <(sq_schema "$OLD") <(sq_schema "$FRESH") | head -10; }

# ---- PostgreSQL: versions 3, 4, 5 ----------------------------------------------------
if ! pg_available; then
  echo "SKIP PostgreSQL: no server programs (apt-get install postgresql)"
  pg_test_end db_migrate
  exit
fi
pg_test_clusters 1 -c fsync=off
URL=${PG_URLS[0]}
PFRESH=$(pg_createdb "$URL" fresh); PFRESH2=$(pg_createdb "$URL" fresh2)
"$JS" db --db "$PFRESH" load --files-from "$tmp/seeds.list" > /dev/null 2>&1 || bad "pg: load the seeds"
"$JS" db --db "$PFRESH2" load --files-from "$tmp/seeds.list" > /dev/null 2>&1 || bad "pg: load the seeds"
"$JS" db --db "$PFRESH2" load "$EXTRA" > /dev/null 2>&1 || bad "pg: load the extra document"
pg_schema() { "$PG_BIN/pg_dump" --schema-only --no-owner -d "$1" | grep -v '^--\|^$\|^SET \|^SELECT pg_catalog\|^\\\(un\)\?restrict'; }
TABLES="-t documents -t facts -t findings -t sections -t paras -t notes -t sources -t acceptances"
for v in 3 4 5 3first 5bad; do
  case $v in
    3*) part='/^-- @v4/,$d' ;;
    4) part='/^-- @v5/,$d' ;;
    5*) part='' ;;
  esac
  DB=$(pg_createdb "$URL" "v$v")
  {
    sed "$part" "$OLD_PG"
    # the rows of today's database (they hold to the old foreign keys: not checked again)
    echo "SET session_replication_role = replica;"
    # shellcheck disable=SC2086
    "$PG_BIN/pg_dump" --data-only --no-owner $TABLES -d "$PFRESH" | grep -v '^SELECT pg_catalog.set_config'
    # sums, a table then: the rows of today's view (version 9), with their check values
    echo "COPY sums (year, region, tbl, row_key, col_key, value, units, chk) FROM stdin;"
    psql -XAtq -d "$PFRESH" -c "COPY (SELECT year, region, tbl, row_key, col_key, value, units,
      js_hash(CAST(year AS text) || '|' || region || '|' || tbl || '|' || row_key || '|' || col_key
      || '|' || CAST(value AS text) || '|' || CAST(units AS text)) FROM sums) TO STDOUT"
    echo '\.'
    # the first build of version 3 (commit f341178) made sums without chk and no js_hash
    [ "$v" = 3first ] && echo "ALTER TABLE sums DROP COLUMN chk; DROP FUNCTION js_hash(text);"
    # one row of sums damaged (its value changed, its check value not)
    [ "$v" = 5bad ] && echo "UPDATE sums SET value = value + 1 WHERE ctid = (SELECT min(ctid) FROM sums);"
  } > "$tmp/v$v.sql"
  psql -XAtq -v ON_ERROR_STOP=1 -d "$DB" -f "$tmp/v$v.sql" > "$tmp/psql.out" 2>&1 || { bad "pg v$v: making the old database"; head -5 "$tmp/psql.out"; continue; }
  if [ "$v" = 5bad ]; then # migrated, the damage is still found, not given a good check value
    "$JS" db --db "$DB" migrate > "$tmp/mig" 2>&1 || { bad "pg v5bad: migrate failed"; head -3 "$tmp/mig"; }
    "$JS" db --db "$DB" check > "$tmp/check.bad" 2>&1
    [ $? -eq 3 ] && grep -q "^sums .*do not match their check value" "$tmp/check.bad" && ok || { bad "pg v5bad: db check after migrate does not find the damaged sums"; head -5 "$tmp/check.bad"; }
    continue
  fi
  [ "$(psql -XAtq -d "$DB" -c 'select max(version) from schema_version')" = "${v%first}" ] && ok || bad "pg v$v: not made at version ${v%first}"
  migrate_and_compare "pg v$v" "$DB" "$PFRESH" "$PFRESH2" "${v%first}"
  [ "$(pg_schema "$DB")" = "$(pg_schema "$PFRESH")" ] && ok || { bad "pg v$v: migrated schema differs from a new database's"; diff <(pg_schema "$DB") <(pg_schema "$PFRESH") | head -10; }
done

pg_test_end db_migrate
