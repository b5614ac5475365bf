#!/usr/bin/env bash
# xls_helper.sh - .xls workbooks are read by the helper program juesuan-xls (libfreexl in a
# process of its own, started by posix_spawn; src/lib/ingest/xls.c): the same facts from the file
# and from standard input (a temporary copy), several at once with --jobs 4 in input order; a
# helper that fails is a damaged workbook (exit 3), a missing one a broken installation (exit 4),
# each with one message naming the file.
set -u
JS="$1"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
X="$SRC/tests/fuzz/corpus/xlsx/render-s0.xls"
fail=0; pass=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset JUESUAN_XLS_HELPER

"$JS" facts "$X" > "$tmp/file.tsv" 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] && [ "$(grep -c . "$tmp/file.tsv")" -gt 20 ] && ok || bad "facts of the .xls: exit $rc $(cat "$tmp/err")"
"$JS" facts - < "$X" > "$tmp/stdin.tsv" 2>/dev/null
cmp -s "$tmp/file.tsv" "$tmp/stdin.tsv" && ok || bad "facts from standard input differ"

# eight copies at once: every one read, in input order
for i in 1 2 3 4 5 6 7 8; do cp "$X" "$tmp/b$i.xls"; done
"$JS" facts --jobs 4 "$tmp"/b?.xls > "$tmp/jobs.tsv" 2>"$tmp/err"; rc=$?
"$JS" facts --jobs 1 "$tmp"/b?.xls > "$tmp/one.tsv" 2>/dev/null
[ $rc -eq 0 ] && cmp -s "$tmp/jobs.tsv" "$tmp/one.tsv" && [ -s "$tmp/one.tsv" ] && ok ||
  bad "--jobs 4 over 8 .xls: exit $rc, or not the output of one job"

# a helper that fails: a damaged workbook, named
JUESUAN_XLS_HELPER=/bin/false "$JS" facts "$X" > /dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 3 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q "render-s0.xls: not a readable XLS" "$tmp/err" &&
  ok || bad "failing helper: exit $rc, $(cat "$tmp/err")"
# no helper: the installation is broken
JUESUAN_XLS_HELPER="$tmp/none" "$JS" facts "$X" > /dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 4 ] && grep -q "render-s0.xls: cannot start the XLS reader" "$tmp/err" && ok ||
  bad "missing helper: exit $rc, $(cat "$tmp/err")"
# the helper itself is not for users: no arguments, exit 2, nothing written
"$(dirname "$JS")/juesuan-xls" > "$tmp/h.out" 2>&1; rc=$?
[ $rc -eq 2 ] && [ ! -s "$tmp/h.out" ] && ok || bad "juesuan-xls without arguments: exit $rc"

echo "xls_helper: $pass passed, $fail failed"
[ $fail -eq 0 ]
