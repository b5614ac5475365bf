#!/usr/bin/env bash
# db_shards.sh - scale-out on PostgreSQL's own machinery (issue #17): a
# coordinator and two shard servers on 127.0.0.1 (three throw-away clusters),
# laid out by scripts/pg-shards.sh (facts and findings partitioned by region
# on the coordinator, each partition a postgres_fdw foreign table on a shard,
# partitioned by year there). The seeds (and copies that supersede them) are
# loaded through the coordinator, spread over both shards; every listing,
# export and report equals that of a single server loaded the same way.
set -u
JS="$1"
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
SEEDS="${JS_SHARED_DIR:-$HERE/../../../shared}/seeds"
. "$HERE/lib/pg_test.sh"
pg_test_init
pg_test_clusters 3 -c fsync=off
C=${PG_URLS[0]} S1=${PG_URLS[1]} S2=${PG_URLS[2]}
ONE=$(pg_createdb "$C" single) && CO=$(pg_createdb "$C" nation) && A=$(pg_createdb "$S1" nation) \
  && B=$(pg_createdb "$S2" nation) || { echo "FAIL createdb"; exit 1; }

# the inputs: the seeds, then a copy of each (a later version: it supersedes the seed)
mkdir "$tmp/in"
for f in "$SEEDS"/*.txt; do { cat "$f"; printf '\n（更正）\n'; } > "$tmp/in/v2-$(basename "$f")"; done
ls "$SEEDS"/*.txt > "$tmp/list"; ls "$tmp"/in/*.txt >> "$tmp/list"
"$JS" db --db "$ONE" load --files-from "$tmp/list" > /dev/null || bad "load into the single server"
# split the regions between the shards at the second region in byte order
split=$(psql -XAtq -d "$ONE" -c "select distinct region from documents where region is not null order by 1 offset 1 limit 1")
[ -n "$split" ] && ok || bad "the seeds have fewer than two regions"
"$SRC/scripts/pg-shards.sh" "$CO" "$A" "$split" "$B" > /dev/null || bad "pg-shards.sh"
"$JS" db --db "$CO" load --files-from "$tmp/list" > "$tmp/load.out" || bad "load through the coordinator"
for s in "$A" "$B"; do
  n=$(psql -XAtq -d "$s" -c "select count(*) from facts")
  [ "${n:-0}" -gt 0 ] && ok || bad "shard $s holds no facts"
  y=$(psql -XAtq -d "$s" -c "select count(*) from facts_y_other")
  [ "${y:-1}" -eq 0 ] && ok || bad "shard $s: facts outside the year partitions"
done
[ "$(psql -XAtq -d "$CO" -c "select count(*) from facts")" = "$(psql -XAtq -d "$ONE" -c "select count(*) from facts")" ] && ok || bad "fact counts differ"
# the coordinator keeps no facts of its own
[ "$(psql -XAtq -d "$CO" -c "select count(*) from pg_class where relname in ('facts', 'findings') and relkind = 'p'")" = 2 ] && ok || bad "facts/findings not partitioned on the coordinator"

DEPT=$(psql -XAtq -d "$ONE" -c "select dept from documents where year = 2020 order by id limit 1")
same() { same_output "$1" "$ONE" "$CO" "${@:2}"; } # one server and the shards
same "list" db --db DB list
same "show" db --db DB show 3
same "export facts" db --db DB export --format csv
same "export findings" db --db DB export --format json --what findings
same "rollup year" report --db DB rollup --year 2020
same "rollup region" report --db DB rollup --year 2020 --region "$split"
same "rollup dept prefix" report --db DB rollup --year 2020 --dept-prefix 株洲市
for m in 三公经费决算 机关运行经费 人员经费占比 findings; do same "rank $m" report --db DB rank --metric "$m" --top 0; done
same "yoy" report --db DB yoy --dept "$DEPT" --years 2020,2020
same "check" db --db DB check
# the whole year's roll-up reads year_sums on the coordinator: the sums of every region added
ysql="select tbl, row_key, col_key, value, units from year_sums where year = 2020 and tbl not in ('#', 'Y#') order by 1, 2, 3"
rsql="select tbl, row_key, col_key, sum(value), sum(units) from sums where year = 2020 group by 1, 2, 3 order by 1, 2, 3"
y=$(psql -XAtq -d "$CO" -c "$ysql")
[ -n "$y" ] && [ "$y" = "$(psql -XAtq -d "$CO" -c "$rsql")" ] && ok || bad "year_sums differs from the regions' sums added"
[ "$(psql -XAtq -d "$CO" -c "select units, value from year_sums where year = 2020 and tbl = '#'")" = \
  "$(psql -XAtq -d "$CO" -c "select count(*), sum(nfacts) from documents where year = 2020 and current = 1")" ] && ok ||
  bad "year_sums does not count the year's documents"
pg_test_end db_shards
