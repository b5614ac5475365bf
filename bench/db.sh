#!/bin/bash
# bench/db.sh - the store benchmark (issue #7).
#
#   bench/db.sh BUILD_DIR [N]      (N defaults to 100000; BUILD_DIR holds juesuan and libjuesuan.a;
#                                   a RelWithDebInfo build gives the figures of docs/store.md)
#
# 1. builds bench/gen_docs.c against BUILD_DIR/libjuesuan.a and stores N
#    synthetic documents (varied departments, regions, years, amounts; tables
#    that add up) through the store API, one transaction each: documents/s, facts/s;
# 2. the database size;
# 3. the latency of each report (median of 5 runs of the juesuan program,
#    process start included) on that database;
# 4. the real path: `juesuan db load` of 200 variants of the five seeds
#    (parse + check attempt + store), documents/s.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:?usage: bench/db.sh BUILD_DIR [N]}
N=${2:-100000}
J=$BUILD/juesuan
WORK=$(mktemp -d /tmp/js-bench-db.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/bench.db
PKGS="libutf8proc jansson sqlite3 poppler-glib xlsxwriter"
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$SRC/include" $(pkg-config --cflags $PKGS) \
   "$SRC/bench/gen_docs.c" "$BUILD/libjuesuan.a" $(pkg-config --libs $PKGS) -lm -o "$WORK/gen_docs"

echo "== load: $N synthetic documents through the store API"
"$WORK/gen_docs" "$DB" "$N" 10
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
echo "database: $(du -h "$DB" | cut -f1) ($(stat -c %s "$DB") bytes)," \
     "$(sqlite3 "$DB" 'select count(*) from documents') documents," \
     "$(sqlite3 "$DB" 'select count(*) from facts') facts," \
     "$(sqlite3 "$DB" 'select count(*) from findings') findings"

median_ms() { # command... : median wall time of 5 runs in ms
    local t=()
    for i in 1 2 3 4 5; do
        local a=$(date +%s%N)
        "$@" >/dev/null
        local b=$(date +%s%N)
        t+=($(( (b - a) / 1000000 )))
    done
    printf '%s\n' "${t[@]}" | sort -n | sed -n 3p
}
DEPT=$(sqlite3 "$DB" "select dept from documents where year=2016 limit 1")
REGION=$(sqlite3 "$DB" "select region from documents limit 1")
echo "== report latency (median of 5, ms, process start included)"
printf '%-55s %6s\n' "report" "ms"
run() { printf '%-55s %6s\n' "$1" "$(median_ms "${@:2}")"; }
run "rollup --year 2020 --region $REGION" $J report --db "$DB" rollup --year 2020 --region "$REGION"
run "rollup --year 2020 --dept-prefix 测试市第1区D00" $J report --db "$DB" rollup --year 2020 --dept-prefix "测试市第1区D00"
run "rollup --year 2020 (every unit of the year)" $J report --db "$DB" rollup --year 2020
run "rank --metric 三公经费决算 --year 2020 --top 20" $J report --db "$DB" rank --metric 三公经费决算 --year 2020 --top 20
run "rank --metric 机关运行经费 --year 2020 --top 20" $J report --db "$DB" rank --metric 机关运行经费 --year 2020 --top 20
run "rank --metric 人员经费占比 --year 2020 --top 20" $J report --db "$DB" rank --metric 人员经费占比 --year 2020 --top 20
run "rank --metric findings --year 2020 --top 20" $J report --db "$DB" rank --metric findings --year 2020 --top 20
run "rank --metric 三公经费决算 (all years) --top 20" $J report --db "$DB" rank --metric 三公经费决算 --top 20
run "yoy --dept $DEPT --years 2016,2020" $J report --db "$DB" yoy --dept "$DEPT" --years 2016,2020
run "db show 1" $J db --db "$DB" show 1
run "juesuan version (process start alone)" $J version
echo "== consistency of the synthetic roll-up (all identities should hold)"
$J report --db "$DB" rollup --year 2020 | grep -E '^consistency'

echo "== real path: juesuan db load of 200 seed variants (text parse + store)"
mkdir -p "$WORK/seeds"
for k in $(seq 1 40); do
  for f in "$SRC"/../shared/seeds/*.txt; do
    { cat "$f"; printf '\n（副本 %d）\n' "$k"; } > "$WORK/seeds/$k-$(basename "$f")"
  done
done
ls "$WORK"/seeds/*.txt | "$J" db --db "$WORK/seeds.db" load --files-from -
