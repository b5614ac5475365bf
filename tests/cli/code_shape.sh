#!/usr/bin/env bash
# code_shape.sh - the code-shape rules of the charter (issue #10), checked on the
# sources: no atoi, strcpy, strcat, sprintf, vsprintf or gets in src/ (strtol,
# memcpy/snprintf, js_buf instead); no source file (src/, include/) over 1,000
# lines; no function over cyclomatic complexity 40 as pmccabe counts it (the
# larger of its modified and traditional counts), except those listed in PENDING
# below, each waiting for its owner. A listed function that is now within the
# limit fails too: take it off the list. $1 (the program) is not used.
set -u
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$SRC" || exit 1
fail=0
bad() { echo "FAIL $*"; fail=1; }

# file:function, over 40 today, left to the helper who owns the file (COORD.md)
PENDING="
"

files=$(find src include -name '*.[ch]' | sort)
[ -n "$files" ] || { echo "FAIL no sources under $SRC"; exit 1; }

# 1. banned calls (a word followed by '(' outside comments and strings is close enough)
hits=$(grep -nE '\b(atoi|strcpy|strcat|sprintf|vsprintf|gets)[[:space:]]*\(' $files |
       grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)')
[ -z "$hits" ] || bad "banned calls (use strtol, memcpy/snprintf, js_buf):
$hits"

# 2. file length
for f in $files; do
  n=$(wc -l <"$f")
  [ "$n" -le 1000 ] || bad "$f has $n lines (at most 1,000)"
done

# 3. cyclomatic complexity
if ! command -v pmccabe >/dev/null; then
  bad "pmccabe is not installed (scripts/setup installs it)"
else
  over=$(pmccabe $(find src -name '*.c' | sort) 2>/dev/null |
         awk '{ cc = $1 > $2 ? $1 : $2; if (cc > 40) { f = $6; sub(/\(.*/, "", f); print f ":" $7 "\t" cc } }')
  while IFS=$'\t' read -r fn cc; do
    [ -n "$fn" ] || continue
    if grep -qxF "$fn" <<<"$PENDING"; then echo "pending: $fn complexity $cc"
    else bad "$fn has cyclomatic complexity $cc (at most 40): break it into named steps"; fi
  done <<<"$over"
  for fn in $PENDING; do
    grep -q "^$fn	" <<<"$over" || bad "$fn is within the limit now: take it off PENDING in $0"
  done
fi

[ "$fail" = 0 ] && echo "ok: code shape (banned calls, file length, complexity)"
exit $fail
