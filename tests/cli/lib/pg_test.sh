# pg_test.sh - sourced by the store tests that start their own PostgreSQL
# clusters (db_postgres.sh, db_shards.sh): what they share (issue #17).
#   pg_test_init            skips the test (exit 0) without the server programs;
#                           makes $tmp (removed with every cluster at exit) and
#                           the counters of ok / bad
#   ok, bad MESSAGE         count a check that passed / failed (bad prints FAIL)
#   pg_test_clusters N OPTS starts N throw-away clusters (pg_cluster.sh), their
#                           base URLs in PG_URLS[0..N-1]; fails the test when one
#                           does not start
#   same_output NAME A B ARGS...   runs "$JS" ARGS with the word DB replaced by
#                           the database A, then B: both must succeed and print
#                           the same (the databases' names and loaded_at aside)
#   pg_test_end NAME        prints the counts; the exit status of the test
. "$(dirname "${BASH_SOURCE[0]}")/pg_cluster.sh"

pg_test_init() {
  if ! pg_available; then echo "SKIP: no PostgreSQL server programs (apt-get install postgresql)"; exit 0; fi
  tmp=$(mktemp -d)
  trap 'pg_stop_all; rm -rf "$tmp"' EXIT
  fail=0 pass=0
}

ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }

pg_test_clusters() {
  local n=$1 i; shift
  PG_URLS=()
  for ((i = 0; i < n; i++)); do
    PG_URLS[i]=$(pg_start "$@") || { echo "FAIL cannot start a PostgreSQL cluster"; exit 1; }
  done
}

same_output() {
  local name=$1 a=$2 b=$3; shift 3
  "$JS" "${@/DB/$a}" > "$tmp/same.a" 2>&1; local r1=$?
  "$JS" "${@/DB/$b}" > "$tmp/same.b" 2>&1; local r2=$?
  sed -i "s|$a|DB|g; s|$b|DB|g; /loaded_at\|载入时间/d" "$tmp/same.a" "$tmp/same.b" # db show: loaded_at, or its label
  if [ "$r1" -eq 0 ] && [ "$r2" -eq 0 ] && cmp -s "$tmp/same.a" "$tmp/same.b"; then ok; else
    bad "$name: $a (exit $r1) and $b (exit $r2) differ"; diff "$tmp/same.a" "$tmp/same.b" | head -5; fi
}

pg_test_end() {
  echo "$1: $pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
