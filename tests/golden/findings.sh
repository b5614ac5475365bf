#!/usr/bin/env bash
# findings.sh - the safety net of refactors: `juesuan check --format json` on every file of
# ../shared/seeds and ../shared/pdf must print exactly tests/golden/findings/<name>.json.
# A change that alters findings on purpose regenerates the expected files (then review the diff):
#   JS_REGEN=1 bash tests/golden/findings.sh build/juesuan
set -u
JS="$1"
case "$JS" in /*) ;; *) JS="$PWD/$JS" ;; esac
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
SHARED="${JS_SHARED_DIR:-$SRC/../shared}"
EXP="$SRC/tests/golden/findings"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0; n=0
cd "$SHARED" || { echo "FAIL no $SHARED"; exit 1; }
for f in seeds/* pdf/*; do
  [ -f "$f" ] || continue
  name=$(basename "$f"); name=${name%.*}
  "$JS" check --format json "$f" >"$tmp/$name.json" 2>"$tmp/$name.err"
  echo "exit $?" >>"$tmp/$name.json"
  n=$((n + 1))
  if [ "${JS_REGEN:-0}" = 1 ]; then cp "$tmp/$name.json" "$EXP/$name.json"; continue; fi
  if ! diff -u "$EXP/$name.json" "$tmp/$name.json" >"$tmp/$name.diff" 2>&1; then
    echo "FAIL findings of $f differ from tests/golden/findings/$name.json:"
    head -40 "$tmp/$name.diff"
    fail=1
  fi
done
[ "$n" -gt 0 ] || { echo "FAIL no documents in $SHARED/seeds or $SHARED/pdf"; exit 1; }
[ "$fail" = 0 ] && echo "ok: findings of $n documents unchanged"
exit $fail
