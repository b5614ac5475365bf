#!/bin/bash
# bench/db.sh - the store benchmark (issues #7, #17).
#
#   bench/db.sh [BUILD_DIR [N [BIG]]]
#       BUILD_DIR  a CMake build directory (built here if it has no juesuan:
#            default build-bench in the source tree, configured RelWithDebInfo,
#            so a fresh clone runs with one command), or a directory of
#            copied binaries (juesuan, its modules juesuan-*.so, gen_docs)
#       N    synthetic documents stored through the store API (default 20000)
#       BIG  the largest database the report latencies are measured on
#            (default 1000000 documents; 0 skips the scale-up, 100,000 included)
#   JS_BENCH_REGIONS  the regions the documents are spread over (default 50; a
#            national year has ~3,000 counties)
#
# 1. load rate: N synthetic documents (bench/gen_docs.c: ~160 facts, a
#    narrative paragraph, 0-3 findings each) through the store API into SQLite
#    and into PostgreSQL (a throw-away cluster with fsync on) in batches, as
#    `db load` stores them, and N/10 of them one transaction per document (the
#    baseline, the same run): documents per CPU-second of the loader and, on
#    PostgreSQL, of the server, and the ratios;
# 2. the real path: `juesuan db load` of 200 variants of the five seeds (read
#    text, parse, check, store) into each backend, and `juesuan check` of the
#    same files (read, parse, check: no store), CPU seconds of each;
# 3. report latency (median of 5 runs of the program, process start
#    included; wall time and CPU time of the program and the server) with N documents, then scaled up in SQL to 100,000 and BIG
#    documents, on SQLite (bench/scale_sqlite.py) and on PostgreSQL
#    (INSERT … SELECT over generate_series): copies of the generated
#    documents with their own hash, dept and checksums, facts copied up to
#    100,000 documents, documents only beyond;
# 4. the sharded layout (scripts/pg-shards.sh: a coordinator and two shards)
#    against one server: load rate and report latency on the same documents.
# Quoted in docs/store.md and docs/scale.md. Not a test: nothing is asserted.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build-bench}
if [ ! -x "$BUILD/juesuan" ] && [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null || exit 4
fi
if [ -f "$BUILD/CMakeCache.txt" ]; then cmake --build "$BUILD" -j2 --target juesuan gen_docs > /dev/null || exit 4; fi
BUILD=$(cd "$BUILD" && pwd)
N=${2:-20000}
BIG=${3:-1000000}
REGIONS=${JS_BENCH_REGIONS:-50} # the regions the documents are spread over (gen_docs)
J=$BUILD/juesuan
export LANGUAGE=en # the program's summaries in English, as quoted in docs/
WORK=$(mktemp -d /tmp/js-bench-db.XXXXXX)
. "$SRC/tests/cli/lib/pg_cluster.sh"
trap 'pg_stop_all; rm -rf "$WORK"' EXIT
cp "$BUILD/gen_docs" "$WORK/gen_docs"

GEN=$WORK/gen_docs
. "$SRC/bench/db_reports.sh" # timed, reports: the report latencies (also bench/db_real.sh)

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
NB=$(( N / 10 ))
rate() { sed -n 's/.* docs_per_cpu_s=\([0-9]*\).*/\1/p'; }
ratio() { echo "scale=2; $1 / $2" | bc -l; }
echo "== 1. load: $N synthetic documents through the store API in batches; $NB one transaction each (baseline)"
SQ=$WORK/bench.db
a=$("$WORK/gen_docs" "$SQ" "$N" 10 batch "$REGIONS"); printf '  sqlite      batches %s\n' "$a"
b=$("$WORK/gen_docs" "$WORK/single.db" "$NB" 10 single "$REGIONS"); printf '  sqlite      single  %s\n' "$b"
echo "  sqlite: $(echo "$a" | rate) documents per CPU-second in batches, $(echo "$b" | rate) one by one: x$(ratio "$(echo "$a" | rate)" "$(echo "$b" | rate)")"
PG=$(pg_start -c shared_buffers=512MB -c max_wal_size=4GB -c checkpoint_timeout=30min)
PGDB=$(pg_createdb "$PG" bench)
pgload() { # label db cluster-url count command... : the output, the server's CPU seconds, docs per server CPU-s
  local c0 c1 out cpu
  c0=$(pg_cpu "$3"); out=$("${@:5}" 2>&1 | tail -1); sleep 1; c1=$(pg_cpu "$3")
  cpu=$(echo "$c1 - $c0" | bc -l)
  printf '  %-11s %s server_cpu_s=%.2f server_docs_per_cpu_s=%.0f\n' "$1" "$out" "$cpu" "$(echo "$4 / ($cpu + 0.001)" | bc -l)"
}
a=$(pgload "postgresql batches" "$PGDB" "$PG" "$N" "$WORK/gen_docs" "$PGDB" "$N" 10 batch "$REGIONS"); echo "$a"
PG1=$(pg_createdb "$PG" single)
b=$(pgload "postgresql single" "$PG1" "$PG" "$NB" "$WORK/gen_docs" "$PG1" "$NB" 10 single "$REGIONS"); echo "$b"
srate() { sed -n 's/.*server_docs_per_cpu_s=\([0-9]*\).*/\1/p'; }
echo "  postgresql: server $(echo "$a" | srate) documents per CPU-second in batches, $(echo "$b" | srate) one by one: x$(ratio "$(echo "$a" | srate)" "$(echo "$b" | srate)"); client $(echo "$a" | rate) and $(echo "$b" | rate): x$(ratio "$(echo "$a" | rate)" "$(echo "$b" | rate)")"
echo "  sqlite file $(du -h "$SQ" | cut -f1); postgresql $(psql -XAtq -d "$PGDB" -c "select pg_size_pretty(pg_database_size(current_database()))")"

echo "== 2. juesuan db load of 200 seed variants (read, parse, check, store)"
mkdir -p "$WORK/seeds"
SEEDS=${JS_SHARED_DIR:-$SRC/../shared}/seeds # as the tests find them
ls "$SEEDS"/*.txt > /dev/null 2>&1 || { echo "bench/db.sh: no seeds in $SEEDS (set JS_SHARED_DIR)" >&2; exit 4; }
for k in $(seq 1 40); do
  for f in "$SEEDS"/*.txt; do
    { cat "$f"; printf '\n（副本 %d）\n' "$k"; } > "$WORK/seeds/$k-$(basename "$f")"
  done
done
ls "$WORK"/seeds/*.txt > "$WORK/list"
cpu() { # command... : its CPU seconds (user + system); its exit status does not matter
  /usr/bin/time -f '%U %S' -o "$WORK/time" "$@" > /dev/null 2>&1 || true
  awk 'END { printf "%.2f", $1 + $2 }' "$WORK/time"
}
printf '  sqlite      %s\n' "$("$J" db --db "$WORK/seeds.db" load --files-from "$WORK/list")"
SEEDDB=$(pg_createdb "$PG" seeds)
pgload postgresql "$SEEDDB" "$PG" 200 "$J" db --db "$SEEDDB" load --files-from "$WORK/list"
c_check=$(cpu "$J" check --format tsv $(cat "$WORK/list"))
c_sq=$(cpu "$J" db --db "$WORK/seeds2.db" load --files-from "$WORK/list")
SEED2=$(pg_createdb "$PG" seeds2)
c_pg=$(cpu "$J" db --db "$SEED2" load --files-from "$WORK/list")
echo "  CPU seconds for the 200 files: check (read, parse, check) $c_check; db load into sqlite $c_sq, into postgresql $c_pg (client)"
echo "  the store's part: sqlite $(echo "$c_sq - $c_check" | bc -l) s, postgresql client $(echo "$c_pg - $c_check" | bc -l) s; db load into sqlite $(echo "200 / $c_sq" | bc) documents per CPU-second"

echo "== 3. report latency (median of 5, ms, process start included; CPU: the program's and the server's)"
reports "$SQ" "sqlite, $N documents"
reports "$PGDB" "postgresql, $N documents" "$PG"

# scale PostgreSQL up in SQL: copy g of document i gets id i + g*N, its own
# hash, path and dept (dept || '#' || g), the same facts and findings (so the
# same factsum/findsum), its docsum computed as put.c does; then the sums are
# built again from the facts with their check values.
scale_to() { # total documents, facts (1: copies get the facts and findings; 0: documents only)
  local k=$(( ($1 + N - 1) / N - 1 )) have t0 t1 withf=${2:-1}
  have=$(psql -XAtq -d "$PGDB" -c "select count(*) from documents")
  local g0=$(( have / N ))
  [ "$k" -lt "$g0" ] && return 0
  t0=$(date +%s)
  psql -XAtq -v ON_ERROR_STOP=1 -d "$PGDB" > /dev/null <<SQL
SET synchronous_commit = off;
INSERT INTO documents (id, hash, path, bytes, dept, year, region, form, unit, npages, nlines, ntables,
  nfacts, nsections, nparas, checked, check_note, nerrors, nwarnings, nnotices, sangong, jiguan,
  jiguan_src, staff, office, loaded_at, current, region_src, factsum, findsum)
SELECT d.id + g * $N, encode(sha256(convert_to(d.hash || '#' || g, 'UTF8')), 'hex'), d.path || '#' || g,
  d.bytes, d.dept || '#' || g, d.year, d.region, d.form, d.unit, d.npages, d.nlines, d.ntables, d.nfacts,
  d.nsections, d.nparas, d.checked, d.check_note, d.nerrors, d.nwarnings, d.nnotices, d.sangong,
  d.jiguan, d.jiguan_src, d.staff, d.office, d.loaded_at, d.current, d.region_src, d.factsum, d.findsum
FROM documents d, generate_series($g0, $k) g WHERE d.id <= $N;
INSERT INTO facts (doc_id, tbl, row_key, col_key, value, wan, line, page, year, region)
SELECT f.doc_id + g * $N, f.tbl, f.row_key, f.col_key, f.value, f.wan, f.line, f.page, f.year, f.region
FROM facts f, generate_series($g0, $k) g WHERE f.doc_id <= $N AND $withf = 1;
INSERT INTO findings (doc_id, seq, rule, kind, severity, tbl, row_key, col_key, section, line, page,
  stated, expected, message, year, region)
SELECT f.doc_id + g * $N, f.seq, f.rule, f.kind, f.severity, f.tbl, f.row_key, f.col_key, f.section,
  f.line, f.page, f.stated, f.expected, f.message, f.year, f.region
FROM findings f, generate_series($g0, $k) g WHERE f.doc_id <= $N AND $withf = 1;
-- documents only: the copies have no facts and no findings, and say so
UPDATE documents SET nfacts = 0, nerrors = 0, nwarnings = 0, nnotices = 0,
  factsum = encode(sha256(''::bytea), 'hex'), findsum = encode(sha256(''::bytea), 'hex')
WHERE $withf = 0 AND id > $N * ($g0) AND docsum IS NULL;
UPDATE documents SET docsum = encode(sha256(convert_to(concat_ws(chr(31),
  COALESCE(hash, '\N'), COALESCE(path, '\N'), COALESCE(bytes::text, '\N'), COALESCE(dept, '\N'),
  COALESCE(year::text, '\N'), COALESCE(region, '\N'), COALESCE(form, '\N'), COALESCE(unit, '\N'),
  npages::text, nlines::text, ntables::text, nfacts::text, nsections::text, nparas::text, checked::text,
  COALESCE(check_note, '\N'), COALESCE(nerrors::text, '\N'), COALESCE(nwarnings::text, '\N'),
  COALESCE(nnotices::text, '\N'), COALESCE(sangong::text, '\N'), COALESCE(jiguan::text, '\N'),
  COALESCE(jiguan_src, '\N'), COALESCE(staff::text, '\N'), COALESCE(office::text, '\N'),
  COALESCE(loaded_at, '\N'), COALESCE(region_src, '\N'), COALESCE(factsum, '\N'),
  COALESCE(findsum, '\N')) || chr(10), 'UTF8')), 'hex') WHERE id > $N;
TRUNCATE region_sums; -- (schema 9) a row a year and region, its keys' sums in JSON
INSERT INTO region_sums (year, region, data, chk)
SELECT year, region, d, js_hash(year::text || '|' || region || '|' || d)
FROM (SELECT year, region, CAST(json_agg(json_build_array(tbl, row_key, col_key, v, u)
  ORDER BY tbl, row_key, col_key) AS text) AS d
FROM (SELECT d.year, COALESCE(d.region, '') AS region, f.tbl, f.row_key, f.col_key, SUM(f.value) AS v,
  COUNT(*) AS u FROM facts f JOIN documents d ON d.id = f.doc_id WHERE d.current = 1 AND d.year IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5) x GROUP BY 1, 2) y;
TRUNCATE year_sums;
INSERT INTO year_sums (year, tbl, row_key, col_key, value, units, chk)
SELECT year, tbl, row_key, col_key, v, u,
  js_hash(year::text || '|*|' || tbl || '|' || row_key || '|' || col_key || '|' || v::text || '|' || u::text)
FROM (SELECT year, tbl, row_key, col_key, SUM(value) AS v, SUM(units) AS u FROM sums GROUP BY 1, 2, 3, 4) x;
-- (schema 8) and the year's current documents of each kind counted, with their facts
INSERT INTO year_sums (year, tbl, row_key, col_key, value, units, chk)
SELECT year, t, '', '', v, u, js_hash(year::text || '|*|' || t || '|||' || v::text || '|' || u::text)
FROM (SELECT year, CASE WHEN form LIKE 'budget%' THEN 'Y#' ELSE '#' END AS t, SUM(nfacts) AS v,
  COUNT(*) AS u FROM documents WHERE current = 1 AND year > 0 GROUP BY 1, 2) x;
SELECT setval(pg_get_serial_sequence('documents', 'id'), (SELECT MAX(id) FROM documents));
VACUUM ANALYZE;
SQL
  t1=$(date +%s)
  echo "  scaled to $(psql -XAtq -d "$PGDB" -c "select count(*) from documents") documents," \
       "$(psql -XAtq -d "$PGDB" -c "select count(*) from facts") facts in $((t1 - t0)) s;" \
       "database $(psql -XAtq -d "$PGDB" -c "select pg_size_pretty(pg_database_size(current_database()))")"
}
TOTALS=""
[ "$BIG" -gt 0 ] && TOTALS=100000
[ "$BIG" -gt 100000 ] && TOTALS="$TOTALS $BIG"
for total in $TOTALS; do
  # up to 100,000 documents with all their facts; beyond, documents only
  # (160 M facts do not fit this machine's time budget): the rankings and the
  # roll-ups from sums see every document; facts stay at the 100,000 documents'
  withf=$([ "$total" -le 100000 ] && echo 1 || echo 0)
  python3 "$SRC/bench/scale_sqlite.py" "$SQ" "$N" "$total" "$withf"
  reports "$SQ" "sqlite, $total documents"
  scale_to "$total" "$withf"
  reports "$PGDB" "postgresql, $total documents" "$PG"
done
"$J" report --db "$PGDB" rollup --year 2020 | grep -E '^consistency' | sed 's/^/  /'

echo "== 4. sharded (coordinator + 2 shards, postgres_fdw) against one server, $N documents"
S1=$(pg_start -c shared_buffers=256MB) S2=$(pg_start -c shared_buffers=256MB)
CO=$(pg_createdb "$PG" coord); A=$(pg_createdb "$S1" shard); B=$(pg_createdb "$S2" shard)
"$SRC/scripts/pg-shards.sh" "$CO" "$A" "测试市第25区" "$B" > /dev/null
pgload sharded "$CO" "$PG" "$N" "$WORK/gen_docs" "$CO" "$N" 10 batch "$REGIONS"
for s in "$A" "$B"; do echo "  shard facts: $(psql -XAtq -d "$s" -c 'select count(*) from facts')"; done
reports "$CO" "sharded, $N documents" "$PG"
