#!/usr/bin/env bash
# db_crash.sh - kill -9 during a large `juesuan db load`: no committed document
# is lost, none is left half-stored (every document row has all its facts,
# findings, sections, paragraphs and roll-up sums), integrity_check is ok;
# readers query while the load runs; loading again completes the batch.
set -u
JS="$1"
SEEDS="${JS_SHARED_DIR:-$(dirname "$0")/../../../shared}/seeds"
fail=0; pass=0
tmp=$(mktemp -d); trap 'kill -9 $loader 2>/dev/null; rm -rf "$tmp"' EXIT
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
eq() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi; }
DB="$tmp/c.db"
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
# readers while the load runs: list and a report must answer (WAL, busy timeout)
count=0; readers=0
for i in $(seq 1 300); do
  sleep 0.05
  count=$(sqlite3 "$DB" "select count(*) from documents" 2>/dev/null || echo 0)
  if [ "${count:-0}" -ge 20 ]; then
    "$JS" db --db "$DB" list > /dev/null 2> "$tmp/r.err" && readers=$((readers+1)) || { bad "db list during load"; cat "$tmp/r.err"; }
    "$JS" report --db "$DB" rank --metric 三公经费决算 --top 3 > /dev/null 2> "$tmp/r.err" && readers=$((readers+1)) || { bad "report during load"; cat "$tmp/r.err"; }
    [ "$readers" -ge 4 ] && break
  fi
done
seen=$(sqlite3 "$DB" "select count(*) from documents" 2>/dev/null || echo 0)
kill -9 $loader 2>/dev/null
wait $loader 2>/dev/null
eq "readers answered during the load" "$readers" 4

q() { sqlite3 "$DB" "$1"; }
eq "integrity_check" "$(q 'pragma integrity_check')" ok
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
  eq "$1: sums consistent" "$(q "select count(*) from (select year, coalesce(region,'') r, tbl, row_key, col_key, sum(value) v, count(*) n from facts join documents d on d.id=doc_id where current=1 and year is not null group by 1,2,3,4,5 except select year, region, tbl, row_key, col_key, value, units from sums)")" 0
  eq "$1: one current per dept and year" "$(q 'select count(*) from (select dept, year from documents where current=1 and dept is not null group by 1,2 having count(*) > 1)')" 0
}
check_whole "after kill"

# loading again: the committed ones are duplicates, the rest load
"$JS" db --db "$DB" load --files-from "$tmp/list" > "$tmp/load2.out" 2> "$tmp/load2.err"
eq "second load exit" "$?" 0
grep -q "loaded $((N - committed)), duplicates skipped $committed, failed 0" "$tmp/load2.out" && ok || { bad "second load: $(cat "$tmp/load2.out")"; }
eq "all stored" "$(q 'select count(*) from documents')" "$N"
eq "integrity after reload" "$(q 'pragma integrity_check')" ok
check_whole "after reload"

echo "db_crash: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
