#!/usr/bin/env bash
# db_crash.sh - kill -9 during a large `juesuan db load`: no committed document
# is lost, none is left half-stored (every document row has all its facts,
# findings, sections, paragraphs and roll-up sums), integrity_check is ok;
# readers query while the load runs; loading again completes the batch.
# SQLite stores documents in batches (savepoints of one transaction): a kill
# loses the uncommitted batch whole. A second load is killed too, then a third
# completes. JS_DB_BACKEND=postgres runs the same on PostgreSQL.
set -u
JS="$1"
SEEDS="${JS_SHARED_DIR:-$(dirname "$0")/../../../shared}/seeds"
fail=0; pass=0
tmp=$(mktemp -d); trap 'kill -9 $loader 2>/dev/null; kill -CONT $loader 2>/dev/null; rm -rf "$tmp"' EXIT
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
eq() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi; }
. "$(dirname "$0")/lib/db_backend.sh"
# The loader runs a fifth of the time (stopped 40 ms, run 10 ms) so that a kill lands
# mid-load however fast the machine: idle, PostgreSQL stored all 300 documents in one or
# two batches before a poll could see the first. The process itself is not changed: it is
# killed at whatever point it has reached, as a crash would.
throttle() { while kill -STOP "$1" 2>/dev/null; do sleep 0.04; kill -CONT "$1" 2>/dev/null; sleep 0.01; done; }
DB=$(new_db c) || { echo "FAIL cannot create the database"; exit 1; }
N=300
mkdir "$tmp/in"
for k in $(seq 1 $((N / 5))); do
  for f in "$SEEDS"/*.txt; do
    { cat "$f"; printf '\n（副本 %d）\n' "$k"; } > "$tmp/in/$k-$(basename "$f")"
  done
done
ls "$tmp"/in/*.txt > "$tmp/list"

"$JS" db --db "$DB" load --files-from "$tmp/list" > "$tmp/load1.out" 2> "$tmp/load1.err" &
loader=$!
throttle $loader & throttler=$!
# readers while the load runs: list and a report must answer (WAL, busy timeout). They
# start once 20 documents are stored and run beside the load; the load is killed when
# they are done or half the documents are stored, whichever comes first, so the kill
# lands mid-load however fast the load is (an idle machine loaded all 300 before four
# reader processes had finished one after the other).
for i in $(seq 1 1500); do
  sleep 0.01
  [ "$(q "select count(*) from documents" 2>/dev/null || echo 0)" -ge 20 ] && break
done
( for r in 1 2; do
    "$JS" db --db "$DB" list > /dev/null 2> "$tmp/r$r.err" && echo ok || { echo "FAIL db list during load"; cat "$tmp/r$r.err"; }
    "$JS" report --db "$DB" rank --metric 三公经费决算 --top 3 > /dev/null 2> "$tmp/r$r.err" && echo ok || { echo "FAIL report during load"; cat "$tmp/r$r.err"; }
  done > "$tmp/readers" ) &
rpid=$!
while kill -0 $rpid 2>/dev/null; do
  sleep 0.01
  [ "$(q "select count(*) from documents" 2>/dev/null || echo 0)" -ge $((N / 2)) ] && break
done
seen=$(q "select count(*) from documents" 2>/dev/null || echo 0)
kill -9 $loader 2>/dev/null
wait $loader 2>/dev/null
wait $rpid $throttler
grep FAIL -A3 "$tmp/readers" && bad "readers during the load"
readers=$(grep -c '^ok$' "$tmp/readers")
eq "readers answered during the load" "$readers" 4

is_pg || eq "integrity_check" "$(q 'pragma integrity_check')" ok
committed=$(q 'select count(*) from documents')
echo "killed after $committed of $N documents"
[ "$committed" -gt 0 ] && [ "$committed" -lt "$N" ] && ok || bad "kill landed mid-load ($committed of $N)"
# every document a reader saw committed before the kill is still there
[ "$committed" -ge "$seen" ] && ok || bad "lost committed documents: saw $seen before the kill, $committed after"
check_whole() {
  eq "$1: facts complete" "$(q 'select count(*) from documents d where nfacts <> (select count(*) from facts where doc_id=d.id) or nfacts = 0')" 0
  eq "$1: paras complete" "$(q 'select count(*) from documents d where nparas <> (select count(*) from paras where doc_id=d.id)')" 0
  eq "$1: sections complete" "$(q 'select count(*) from documents d where nsections <> (select count(*) from sections where doc_id=d.id)')" 0
  eq "$1: findings complete" "$(q 'select count(*) from documents d where checked=1 and nerrors+nwarnings+nnotices <> (select count(*) from findings where doc_id=d.id)')" 0
  eq "$1: no orphan facts" "$(q 'select count(*) from facts where doc_id not in (select id from documents)')" 0
  # the roll-up sums are exactly the facts of the current documents
  eq "$1: sums consistent" "$(q "select count(*) from (select d.year, coalesce(d.region,'') r, tbl, row_key, col_key, sum(value) v, count(*) n from facts join documents d on d.id=doc_id where current=1 and d.year is not null group by 1,2,3,4,5 except select year, region, tbl, row_key, col_key, value, units from sums) x")" 0
  eq "$1: one current per dept and year" "$(q 'select count(*) from (select dept, year from documents where current=1 and dept is not null group by 1,2 having count(*) > 1) x')" 0
}
check_whole "after kill"
"$JS" db --db "$DB" check > "$tmp/check.out" 2>&1 && ok || { bad "db check after kill"; head -5 "$tmp/check.out"; }

# a second load, killed as well once it has stored more. It is given N more documents
# than the first: the remainder of the first list alone loads in a fraction of a second
# on an idle machine (batches of documents), too fast for a poll to land inside it.
mkdir "$tmp/in2"
for k in $(seq $((N / 5 + 1)) $((2 * N / 5))); do
  for f in "$SEEDS"/*.txt; do
    { cat "$f"; printf '\n（副本 %d）\n' "$k"; } > "$tmp/in2/$k-$(basename "$f")"
  done
done
{ cat "$tmp/list"; ls "$tmp"/in2/*.txt; } > "$tmp/list2"
N=$((2 * N))
"$JS" db --db "$DB" load --files-from "$tmp/list2" > /dev/null 2>&1 &
loader=$!
throttle $loader & throttler=$!
for i in $(seq 1 2000); do
  sleep 0.01
  [ "$(q 'select count(*) from documents' 2>/dev/null || echo 0)" -ge $((committed + 10)) ] && break
done
kill -9 $loader 2>/dev/null
wait $loader 2>/dev/null
wait $throttler
committed2=$(q 'select count(*) from documents')
echo "second kill after $committed2 of $N documents"
[ "$committed2" -gt "$committed" ] && [ "$committed2" -lt "$N" ] && ok || bad "second kill landed mid-load ($committed -> $committed2 of $N)"
check_whole "after second kill"
committed=$committed2

# loading again: the committed ones are duplicates, the rest load
"$JS" db --db "$DB" load --files-from "$tmp/list2" > "$tmp/load2.out" 2> "$tmp/load2.err"
eq "second load exit" "$?" 0
grep -q "loaded $((N - committed)), duplicates skipped $committed, failed 0" "$tmp/load2.out" && ok || { bad "second load: $(cat "$tmp/load2.out")"; }
eq "all stored" "$(q 'select count(*) from documents')" "$N"
is_pg || eq "integrity after reload" "$(q 'pragma integrity_check')" ok
check_whole "after reload"

"$JS" db --db "$DB" check > "$tmp/check.out" 2>&1 && ok || { bad "db check after reload"; head -5 "$tmp/check.out"; }
echo "db_crash (${JS_DB_BACKEND:-sqlite}): $pass passed, $fail failed"
[ "$fail" -eq 0 ]
