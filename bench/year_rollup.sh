#!/bin/bash
# bench/year_rollup.sh - the whole year's roll-up at the shape of a national year
# (issue #17): one PostgreSQL server (a throw-away cluster), one year of DOCS
# current documents spread over REGIONS regions, with the year's roll-up sums
# of every region (REGIONS x the 414 keys of a bench/gen_docs document) and
# year_sums made from them, each row with its check value.
#
#   bench/year_rollup.sh [BUILD_DIR [DOCS [REGIONS]]]
#       BUILD_DIR  a CMake build directory or a directory of copied binaries
#                  (juesuan, juesuan-pg.so, gen_docs); default build
#       DOCS       documents of the year (default 500000, a national year)
#       REGIONS    regions (default 3000, ~the counties); DOCS / REGIONS each
#
# The documents are rows of documents only (the whole year's roll-up reads no
# facts: it counts the year's documents and their facts, and reads the sums);
# 100 documents of bench/gen_docs give the schema and the keys. Prints the
# server time of the roll-up's queries (EXPLAIN ANALYZE, median of 5: the
# documents counted, as the program does with --region or --dept-prefix or
# before schema 8, and from year_sums), the
# whole roll-up in one process from the regions' sums added and from
# year_sums (gen_docs --rollup: medians of 7, alternately, and the ratio),
# and `juesuan report rollup` with process start (median of 5).
# Not a test: nothing is asserted.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
DOCS=${2:-500000}
REGIONS=${3:-3000}
PER=$((DOCS / REGIONS))
[ "$PER" -ge 1 ] || { echo "bench/year_rollup.sh: fewer documents than regions" >&2; exit 2; }
DOCS=$((PER * REGIONS))
WORK=$(mktemp -d /tmp/js-bench-year.XXXXXX)
. "$SRC/tests/cli/lib/pg_cluster.sh"
trap 'pg_stop_all; rm -rf "$WORK"' EXIT
export LANGUAGE=en # the program's title in English
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
PG=$(pg_start -c shared_buffers=512MB -c max_wal_size=4GB)
DB=$(pg_createdb "$PG" year)
"$BUILD/gen_docs" "$DB" 100 1 batch 1 > /dev/null # the schema, the keys of 2015
q() { psql -XAtq -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }
t0=$(date +%s)
psql -XAtq -v ON_ERROR_STOP=1 -d "$DB" > /dev/null <<SQL
SET synchronous_commit = off;
CREATE TEMP TABLE k AS SELECT DISTINCT tbl, row_key, col_key FROM facts;
CREATE TEMP TABLE proto AS SELECT * FROM documents ORDER BY id LIMIT 1;
TRUNCATE documents, doc_tables, facts, findings, sections, paras, notes, region_sums, year_sums;
-- region r holds documents r*PER … (r+1)*PER-1, each a current one of its own dept
INSERT INTO documents (hash, path, bytes, dept, year, region, form, unit, npages, nlines, ntables,
  nfacts, nsections, nparas, checked, nerrors, nwarnings, nnotices, sangong, jiguan, jiguan_src,
  staff, office, loaded_at, current, region_src)
SELECT md5(i::text) || md5('x' || i), 'year/' || i, p.bytes, '国' || (i / $PER) || '县D' || i || '局',
  2015, '国' || (i / $PER) || '县', p.form, p.unit, p.npages, p.nlines, p.ntables,
  (SELECT COUNT(*) FROM k), p.nsections, p.nparas, p.checked, p.nerrors, p.nwarnings, p.nnotices,
  p.sangong, p.jiguan, p.jiguan_src, p.staff, p.office, p.loaded_at, 1, p.region_src
FROM proto p, generate_series(0, $DOCS - 1) i;
-- every key in every region, all its documents having it (schema 9: a row a region)
INSERT INTO region_sums (year, region, data, chk)
SELECT 2015, r, d, js_hash('2015|' || r || '|' || d)
FROM (SELECT r, CAST(json_agg(json_build_array(tbl, row_key, col_key, v, $PER) ORDER BY tbl,
  row_key, col_key) AS text) AS d
  FROM (SELECT '国' || g || '县' AS r, k.*, (g % 97 + 1) * 1000000::bigint AS v
        FROM generate_series(0, $REGIONS - 1) g, k) x GROUP BY r) y;
INSERT INTO year_sums (year, tbl, row_key, col_key, value, units, chk)
SELECT year, tbl, row_key, col_key, v, u,
  js_hash(year::text || '|*|' || tbl || '|' || row_key || '|' || col_key || '|' || v::text || '|' || u::text)
FROM (SELECT year, tbl, row_key, col_key, SUM(value) AS v, SUM(units) AS u FROM sums GROUP BY 1, 2, 3, 4) x;
-- schema 8: the year's current documents counted, with their facts (tbl '#': final accounts)
INSERT INTO year_sums (year, tbl, row_key, col_key, value, units, chk)
SELECT 2015, '#', '', '', v, u, js_hash('2015|*|#|||' || v::text || '|' || u::text)
FROM (SELECT SUM(nfacts) AS v, COUNT(*) AS u FROM documents) x;
VACUUM ANALYZE;
SQL
echo "== one year: $(q 'select count(*) from documents') documents over $REGIONS regions," \
  "$(q 'select count(*) from sums') rows of sums, $(q 'select count(*) from year_sums') of year_sums" \
  "(made in $(($(date +%s) - t0)) s); database $(q 'select pg_size_pretty(pg_database_size(current_database()))')"

server_ms() { # SQL: median of 5 of EXPLAIN ANALYZE's execution time
  for _ in 1 2 3 4 5; do
    q "EXPLAIN (ANALYZE, FORMAT JSON) $1" | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["Execution Time"])'
  done | sort -n | sed -n 3p
}
KIND="(CASE WHEN form LIKE 'budget%' THEN '预算' ELSE '决算' END) = '决算'"
SKIND="(CASE WHEN tbl LIKE 'Y%' THEN '预算' ELSE '决算' END) = '决算'"
CHK="js_hash(year::text || '|' || region || '|' || tbl || '|' || row_key || '|' || col_key || '|' || value::text || '|' || units::text)"
YCHK="js_hash(year::text || '|*|' || tbl || '|' || row_key || '|' || col_key || '|' || value::text || '|' || units::text)"
echo "== server time of the whole year's queries (EXPLAIN ANALYZE, median of 5, ms)"
echo "  the year's current documents and their facts counted: $(server_ms "SELECT COUNT(*), SUM(nfacts) FROM documents WHERE year = 2015 AND current = 1 AND $KIND")"
echo "  the regions' sums added per key (before year_sums):     $(server_ms "SELECT tbl, row_key, col_key, SUM(value), SUM(units), SUM(CASE WHEN chk IS NOT NULL AND chk <> $CHK THEN 1 ELSE 0 END) FROM sums WHERE year = 2015 AND $SKIND GROUP BY 1, 2, 3 ORDER BY 1, 2, 3")"
echo "  year_sums:                                             $(server_ms "SELECT tbl, row_key, col_key, value, units, CASE WHEN chk IS NOT NULL AND chk <> $YCHK THEN 1 ELSE 0 END FROM year_sums WHERE year = 2015 AND $SKIND AND tbl NOT IN ('#', 'Y#') ORDER BY 1, 2, 3")"
echo "  the documents counted in year_sums (schema 8):         $(server_ms "SELECT units, value FROM year_sums WHERE year = 2015 AND tbl = '#' AND row_key = '' AND col_key = ''")"
echo "== the whole roll-up in one process (js_report_rollup; wall, the server's part included)"
echo "  $("$BUILD/gen_docs" "$DB" --rollup 2015 7)"
w=()
for _ in 1 2 3 4 5; do
  a=$(date +%s%N); "$BUILD/juesuan" report --db "$DB" rollup --year 2015 > "$WORK/out"; b=$(date +%s%N)
  w+=($(((b - a) / 1000000)))
done
echo "  juesuan report rollup --year 2015 (process start included): $(printf '%s\n' "${w[@]}" | sort -n | sed -n 3p) ms wall, median of 5;" \
  "$(grep -o '[0-9]* units, [0-9]* keys' "$WORK/out")"
