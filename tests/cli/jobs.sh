#!/usr/bin/env bash
# jobs.sh - `check`, `facts` and `db load` with --jobs N (issue #18): the same output,
# messages and exit code as one job, in input order, whatever N (db load: the same
# database); a progress line on a terminal only (stderr), never in the output; a write
# error still stops the batch.
set -u
JS="$1"
SH="${JS_SHARED_DIR:-$(dirname "$0")/../../../shared}"
fail=0; pass=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# a batch: the seeds twice over, an unreadable file in the middle, a damaged copy,
# a missing file, a FIFO and a file checked clean (in this order)
seeds=("$SH"/seeds/*.txt)
[ ${#seeds[@]} -ge 5 ] || { echo "no seeds in $SH/seeds"; exit 1; }
i=0
for f in "${seeds[@]}" "${seeds[@]}"; do i=$((i + 1)); cp "$f" "$tmp/d$i.txt"; done
head -c 3000 /dev/urandom >"$tmp/binary.txt"
python3 -c 'import sys; s=open(sys.argv[1],"rb").read(); open(sys.argv[2],"wb").write(s[:900]+b"\xff"+s[900:])' \
  "${seeds[0]}" "$tmp/damaged.txt"
mkfifo "$tmp/fifo"
files=("$tmp"/d1.txt "$tmp"/d2.txt "$tmp"/d3.txt "$tmp/binary.txt" "$tmp"/d4.txt "$tmp"/d5.txt
       "$tmp/damaged.txt" "$tmp/missing.txt" "$tmp/fifo" "$tmp"/d6.txt "$tmp"/d7.txt
       "$tmp"/d8.txt "$tmp"/d9.txt "$tmp"/d10.txt)

for fmt in text json tsv html; do
  "$JS" check --jobs 1 --format "$fmt" "${files[@]}" >"$tmp/one.$fmt" 2>"$tmp/one.$fmt.err"
  rc1=$?
  [ "$rc1" -eq 3 ] && ok || bad "check --jobs 1 --format $fmt: exit $rc1, not 3 (unreadable files)"
  for j in 2 3 8; do
    "$JS" check --jobs "$j" --format "$fmt" "${files[@]}" >"$tmp/n.$fmt" 2>"$tmp/n.$fmt.err"
    rcn=$?
    [ "$rcn" -eq "$rc1" ] && ok || bad "check --jobs $j --format $fmt: exit $rcn, not $rc1"
    cmp -s "$tmp/one.$fmt" "$tmp/n.$fmt" && ok || bad "check --jobs $j --format $fmt: output differs"
    cmp -s "$tmp/one.$fmt.err" "$tmp/n.$fmt.err" && ok || bad "check --jobs $j --format $fmt: messages differ"
  done
done
# the order really is the input order: the documents' names in the JSON array
grep -o '"document": "[^"]*"' "$tmp/one.json" | sed 's/.*"\([^"]*\)"$/\1/' >"$tmp/order"
printf '%s\n' "${files[@]}" >"$tmp/want" # unreadable files are reported too (R-UNREADABLE)
diff -q "$tmp/want" "$tmp/order" >/dev/null && ok || bad "JSON reports not in input order: $(paste -sd' ' "$tmp/order")"
# text: one report per readable document, separated by one blank line; TSV: one header
[ "$(grep -c '^document' "$tmp/one.tsv")" -le 1 ] && ok || bad "TSV: the header repeated"
[ "$(grep -c '^<html' "$tmp/one.html")" -eq 1 ] && ok || bad "HTML: not one page"

"$JS" facts --jobs 1 "${files[@]}" >"$tmp/f1" 2>"$tmp/f1.err"; rc1=$?
[ -s "$tmp/f1" ] && [ "$rc1" -eq 3 ] && ok || bad "facts --jobs 1: exit $rc1"
for j in 2 4; do
  "$JS" facts -j "$j" "${files[@]}" >"$tmp/fn" 2>"$tmp/fn.err"; rcn=$?
  [ "$rcn" -eq "$rc1" ] && ok || bad "facts --jobs $j: exit $rcn, not $rc1"
  cmp -s "$tmp/f1" "$tmp/fn" && ok || bad "facts --jobs $j: output differs"
  cmp -s "$tmp/f1.err" "$tmp/fn.err" && ok || bad "facts --jobs $j: messages differ"
done
# facts in input order: the document column changes only at file boundaries, in order
cut -f1 "$tmp/f1" | uniq | tail -n +2 >"$tmp/forder"
printf '%s\n' "${files[@]}" | grep -v -e missing -e fifo -e binary >"$tmp/fwant"
diff -q "$tmp/fwant" "$tmp/forder" >/dev/null && ok || bad "facts not in input order"

# no progress line when stderr is not a terminal (the messages above are compared)
grep -q 'files, ' "$tmp/f1.err" "$tmp/fn.err" && bad "progress line on a non-terminal" || ok
# on a terminal (script gives a pty): "N/N files, K errors" on stderr (K: the binary,
# missing and FIFO inputs), stdout unchanged
if command -v script >/dev/null; then
  script -qec "'$JS' facts -j 2 ${files[*]} 2>$tmp/tty.err >$tmp/tty.out" /dev/null >/dev/null 2>&1
  : # stderr redirected to a file is no terminal: nothing
  grep -q 'files, ' "$tmp/tty.err" && bad "progress line into a file" || ok
  script -qec "'$JS' facts -j 2 ${files[*]} >$tmp/tty.out" /dev/null >"$tmp/tty.log" 2>&1
  grep -q "14/14 files, 3 errors" "$tmp/tty.log" && ok ||
    bad "no progress line on a terminal: $(tr '\r' '\n' <"$tmp/tty.log" | tail -2)"
  cmp -s "$tmp/f1" "$tmp/tty.out" && ok || bad "facts on a terminal: output differs"
fi

# db load --jobs N: workers read and check, one writer stores in input order; the
# database is the same as with one job (ids, facts, findings, documents but their load
# time), so are the counts, the messages and the exit code; a second load finds them all
listf="$tmp/list"
printf '%s\n' "$tmp/d3.txt" "$tmp/missing.txt" "$tmp/d1.txt" >"$listf" # d1 again: a duplicate
dbsum() { # the database's exports, less the time of loading
  for w in facts findings documents; do
    "$JS" db --db "$1" export --format csv --what "$w" | python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
drop = {i for i, c in enumerate(rows[0]) if c == "loaded_at"} if rows else set()
for r in rows: print([c for i, c in enumerate(r) if i not in drop])'
  done
}
for j in 1 2 3; do
  "$JS" db --db "$tmp/j$j.db" load --jobs "$j" --files-from "$listf" "${files[@]}" >"$tmp/l$j.out" 2>"$tmp/l$j.err"
  echo $? >"$tmp/l$j.rc"
  sed 's/ (.*//' "$tmp/l$j.out" >"$tmp/l$j.counts"
  dbsum "$tmp/j$j.db" >"$tmp/j$j.sum"
done
[ "$(cat "$tmp/l1.rc")" -eq 3 ] && ok || bad "db load --jobs 1: exit $(cat "$tmp/l1.rc"), not 3"
grep -q "^loaded 6, duplicates skipped 7, failed 4" "$tmp/l1.counts" && ok || bad "db load --jobs 1: $(cat "$tmp/l1.out")"
[ "$(grep -c . "$tmp/j1.sum")" -gt 100 ] && ok || bad "db load --jobs 1: little stored"
for j in 2 3; do
  cmp -s "$tmp/l1.rc" "$tmp/l$j.rc" && ok || bad "db load --jobs $j: exit $(cat "$tmp/l$j.rc")"
  cmp -s "$tmp/l1.counts" "$tmp/l$j.counts" && ok || bad "db load --jobs $j: $(cat "$tmp/l$j.out")"
  cmp -s "$tmp/l1.err" "$tmp/l$j.err" && ok || bad "db load --jobs $j: messages differ"
  cmp -s "$tmp/j1.sum" "$tmp/j$j.sum" && ok || bad "db load --jobs $j: the database differs from --jobs 1"
done
"$JS" db --db "$tmp/j2.db" load --jobs 2 "${files[@]}" >"$tmp/again.out" 2>/dev/null
grep -q "^loaded 0, duplicates skipped 11, failed 3" "$tmp/again.out" && ok || bad "db load again: $(cat "$tmp/again.out")"

# --jobs is checked: 0 and words are refused
"$JS" facts --jobs 0 "${seeds[0]}" >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "--jobs 0 accepted"
"$JS" check --jobs many "${seeds[0]}" >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "--jobs many accepted"
# a full disk stops the batch with exit 4, whatever the jobs
if [ -w /dev/full ]; then
  "$JS" facts -j 3 "${files[@]}" >/dev/full 2>/dev/null; rc=$?
  [ "$rc" -eq 4 ] && ok || bad "facts -j 3 >/dev/full: exit $rc, not 4"
  "$JS" check -j 3 "${files[@]}" >/dev/full 2>/dev/null; rc=$?
  [ "$rc" -eq 4 ] && ok || bad "check -j 3 >/dev/full: exit $rc, not 4"
fi

echo "jobs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
