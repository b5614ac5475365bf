#!/usr/bin/env bash
# kill9.sh - issue #16: `juesuan db load` killed with SIGKILL at a random moment, TRIALS times
# (JS_KILL9_TRIALS, 4 here; docs/reliability.md quotes a longer run): after every kill the SQLite
# database passes integrity_check and `db check`, every document stored is whole (its facts,
# findings, sections and paragraphs all there), no document a reader saw committed is lost, and a
# last load completes the batch. tests/cli/db_crash.sh does the same twice with readers running.
set -u
JS="$1"
SEEDS="${JS_SHARED_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/../shared}/seeds"
TRIALS="${JS_KILL9_TRIALS:-4}"
export LANGUAGE=en
fail=0; pass=0
tmp=$(mktemp -d); trap 'kill -9 $loader 2>/dev/null; rm -rf "$tmp"' EXIT
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
command -v sqlite3 >/dev/null || { echo "SKIP: no sqlite3"; exit 0; }
ls "$SEEDS"/*.txt >/dev/null 2>&1 || { echo "SKIP: no seeds"; exit 0; }
DB="$tmp/k.db"; loader=0
q() { sqlite3 "$DB" "$1"; }
N=100
mkdir "$tmp/in"
for k in $(seq 1 $((N / 5))); do
  for f in "$SEEDS"/*.txt; do { cat "$f"; printf '\n（副本 %d）\n' "$k"; } > "$tmp/in/$k-$(basename "$f")"; done
done
ls "$tmp"/in/*.txt > "$tmp/list"
whole() { # documents not whole after a kill: 0
  q "select count(*) from documents d where nfacts <> (select count(*) from facts where doc_id=d.id)
     or nparas <> (select count(*) from paras where doc_id=d.id)
     or nsections <> (select count(*) from sections where doc_id=d.id)
     or (checked=1 and nerrors+nwarnings+nnotices <> (select count(*) from findings where doc_id=d.id))"
}
RANDOM=16
mid=0; before=0; early=0
for t in $(seq 1 "$TRIALS"); do
  "$JS" db --db "$DB" load --files-from "$tmp/list" > /dev/null 2>&1 &
  loader=$!
  # a random moment: 0.05 to 2 s into the load
  sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.2f", 0.05 + (r % 196) / 100 }')"
  seen=$(q "select count(*) from documents" 2>/dev/null || echo 0)
  kill -9 $loader 2>/dev/null; wait $loader 2>/dev/null
  [ "$(q 'pragma integrity_check' 2>&1)" = ok ] && ok || bad "trial $t: integrity_check"
  if [ "$(q "select count(*) from sqlite_master where name = 'documents'" 2>/dev/null)" != 1 ]; then
    # killed before the schema was committed (a slow machine): nothing can have been stored;
    # the next load must create the schema in the same file (checked by the next trial/last load)
    [ "$before" = 0 ] && ok || bad "trial $t: the schema vanished after $before documents"
    echo "kill9: trial $t: killed before the database had its schema"
    early=$((early + 1))
    continue
  fi
  now=$(q "select count(*) from documents" 2>/dev/null || echo -1)
  [ "$now" -ge "$seen" ] && [ "$now" -ge "$before" ] && ok || bad "trial $t: committed documents lost ($before, saw $seen, now $now)"
  [ "$(whole)" = 0 ] && ok || bad "trial $t: a document left half-stored"
  "$JS" db --db "$DB" check > "$tmp/check.out" 2>&1 && ok || { bad "trial $t: db check: $(head -3 "$tmp/check.out")"; }
  [ "$now" -gt "$before" ] && [ "$now" -lt "$N" ] && mid=$((mid + 1))
  echo "kill9: trial $t: killed with $now of $N documents stored"
  before=$now
  # all stored before the kill: start again from an empty database
  if [ "$now" -ge "$N" ]; then rm -f "$DB" "$DB"-wal "$DB"-shm; before=0; fi
done
"$JS" db --db "$DB" load --files-from "$tmp/list" > "$tmp/last.out" 2>&1 && ok || bad "last load: $(tail -2 "$tmp/last.out")"
[ "$(q 'select count(*) from documents')" = "$N" ] && ok || bad "last load: not all $N stored"
[ "$(whole)" = 0 ] && ok || bad "last load: a document not whole"
echo "kill9: $TRIALS kills ($mid in the middle of storing, $early before the schema existed), no document lost or half-stored"
echo "kill9: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
