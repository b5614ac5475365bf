#!/usr/bin/env bash
# large_check.sh - `juesuan check` on one large text input: the five seeds concatenated
# 8 times (1.8 MB, one "document" whose tables the doubt search repairs). js_check freed
# the repaired view (js_doubts_release) before js_check_causes read its tables: a
# use-after-free that crashed (SIGSEGV) from 5 concatenations on, and that valgrind and
# ASan show on one. Exit status must be 0 or 1 (findings), the report whole.
set -u
JS="$1"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
SHARED="${JS_SHARED_DIR:-$SRC/../shared}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
seeds=("$SHARED"/seeds/*.txt)
[ -f "${seeds[0]}" ] || { echo "SKIP: no seeds in $SHARED/seeds"; exit 0; }
for i in $(seq 8); do cat "${seeds[@]}"; done > "$tmp/big.txt"
"$JS" check "$tmp/big.txt" > "$tmp/out.txt" 2> "$tmp/err.txt"
rc=$?
if [ "$rc" -gt 1 ]; then
  echo "FAIL: check of the seeds x8 exited $rc"; cat "$tmp/err.txt"; exit 1
fi
n=$(grep -c '^  error\|^  warning\|^  notice' "$tmp/out.txt")
[ "$n" -gt 0 ] || { echo "FAIL: no findings in the report"; head "$tmp/out.txt"; exit 1; }
echo "check of the seeds x8: exit $rc, $n findings: ok"
