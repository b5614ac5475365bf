#!/bin/bash
# bench/db_real.sh - the store at scale with every document loaded for real (issue
# #17): bench/db.sh scales its databases up in SQL (copies, facts only up to
# 100,000 documents); here N documents of bench/gen_docs (~160 facts, a
# narrative, 0-3 findings each) are stored through the store API in batches as
# `juesuan db load` stores them, into SQLite or into one PostgreSQL server (a
# throw-away cluster, fsync on), then every report of bench/db.sh is timed on
# the result.
#
#   bench/db_real.sh [BUILD_DIR [N [REGIONS [BACKEND]]]]
#       BUILD_DIR  a CMake build directory (gen_docs built here on demand) or a
#                  directory of copied binaries (juesuan, juesuan-pg.so, gen_docs);
#                  default build
#       N          documents (default 1000000), 10 years of N/10 departments
#       REGIONS    the regions they are spread over (default 1000)
#       BACKEND    postgres (default) or sqlite
#   JS_BENCH_CHECK=1  also times `juesuan db check` of the database
#
# Prints the load (documents per CPU-second of the loader and, on PostgreSQL,
# of the server; wall), the database's size, the report latencies (median of
# 5, process start included; CPU of the program and the server). Disk: ~27 KB
# a document on PostgreSQL (27 GB for 1,000,000), ~21 KB on SQLite; the load
# is stopped when /tmp has less than 4 GB left. Everything is removed at the
# end. Quoted in docs/scale.md. Not a test: nothing is asserted.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
N=${2:-1000000}
REGIONS=${3:-1000}
BACKEND=${4:-postgres}
if [ -f "$BUILD/CMakeCache.txt" ]; then cmake --build "$BUILD" -j2 --target juesuan gen_docs > /dev/null; fi
J=$BUILD/juesuan
GEN=$BUILD/gen_docs
export LANGUAGE=en
WORK=$(mktemp -d /tmp/js-bench-real.XXXXXX)
. "$SRC/tests/cli/lib/pg_cluster.sh"
trap 'pg_stop_all; rm -rf "$WORK"' EXIT
. "$SRC/bench/db_reports.sh"

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
URL=""
if [ "$BACKEND" = postgres ]; then
  URL=$(pg_start -c shared_buffers=512MB -c max_wal_size=2GB -c checkpoint_timeout=30min -c wal_compression=on)
  DB=$(pg_createdb "$URL" real)
else
  DB=$WORK/real.db
fi
size() {
  if [ -n "$URL" ]; then psql -XAtq -d "$DB" -c "select pg_size_pretty(pg_database_size(current_database()))"
  else du -ch "$DB"* | tail -1 | cut -f1; fi
}
c0=$([ -n "$URL" ] && pg_cpu "$URL" || echo 0)
/usr/bin/time -f '%e %U %S' -o "$WORK/time" "$GEN" "$DB" "$N" 10 batch "$REGIONS" > "$WORK/load" 2>&1 &
gp=$!
while kill -0 "$gp" 2> /dev/null; do
  sleep 30
  if [ "$(df --output=avail -k /tmp | tail -1)" -lt 4000000 ]; then
    echo "  /tmp has less than 4 GB left: the load is stopped"
    kill "$gp"
  fi
done
wait "$gp" || true
c1=$([ -n "$URL" ] && pg_cpu "$URL" || echo 0)
echo "== load: $N documents over $REGIONS regions into $BACKEND"
echo "  $(tail -1 "$WORK/load")"
read -r wall user sys < <(tail -1 "$WORK/time")
echo "  loader: ${user} s user, ${sys} s system, ${wall} s wall"
if [ -n "$URL" ]; then
  cpu=$(echo "$c1 - $c0" | bc -l)
  printf '  server: %.1f CPU-s, %.0f documents per server CPU-second\n' "$cpu" "$(echo "$N / ($cpu + 0.001)" | bc -l)"
  psql -XAtq -d "$DB" -c "VACUUM ANALYZE"
fi
echo "  database $(size)"
echo "== report latency (median of 5, ms, process start included; CPU: the program's and the server's)"
reports "$DB" "$BACKEND, $N documents loaded" "$URL"
if [ "${JS_BENCH_CHECK:-0}" = 1 ]; then
  /usr/bin/time -f '%e %U %S' -o "$WORK/ctime" "$J" db --db "$DB" check > "$WORK/check" 2>&1 || true
  read -r wall user sys < <(tail -1 "$WORK/ctime")
  echo "== db check: ${wall} s wall, ${user} s user, ${sys} s system: $(tail -1 "$WORK/check")"
fi
