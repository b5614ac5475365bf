#!/usr/bin/env bash
# build_rerender.sh - render works on documents that were read, not built: every seed
# disclosure and the Shanghai PDF, rendered as text, read back to the same facts; the other
# formats render without error.
set -u
JS="$1"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
SHARED="${JS_SHARED_DIR:-$SRC/../shared}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0; pass=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
n=0
for s in "$SHARED"/seeds/*.txt "$SHARED"/pdf/shanghai*.pdf; do
  [ -e "$s" ] || continue
  n=$((n+1))
  b=$(basename "$s")
  for f in txt html md xlsx; do
    "$JS" render "$s" --format "$f" -o "$tmp/$b.$f" 2>"$tmp/err" && [ -s "$tmp/$b.$f" ] && ok ||
      { bad "$b: render $f"; head -3 "$tmp/err"; }
  done
  "$JS" facts "$s" | sort > "$tmp/a.tsv"
  "$JS" facts "$tmp/$b.txt" | sort > "$tmp/b.tsv"
  if [ "$(wc -l < "$tmp/a.tsv")" -gt 1 ] && cmp -s "$tmp/a.tsv" "$tmp/b.tsv"; then ok; else
    bad "$b: facts of the re-rendered text differ"; diff "$tmp/a.tsv" "$tmp/b.tsv" | head -5
  fi
done
[ "$n" -gt 0 ] || echo "SKIP: no shared documents at $SHARED"
echo "build_rerender: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
