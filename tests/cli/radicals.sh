#!/usr/bin/env bash
# radicals.sh - some PDF fonts print CJK radicals for the ideographs (⻔ ⻋ ⻓ ⻝ of the
# Radicals Supplement, ⼈ ⼯ of the Kangxi radicals: issue #12): a seed with 门 车 长 食 人 工
# written so reads to the same facts and the same findings (src/lib/text/text.c).
set -u
JS="$1"
SH="${JS_SHARED_DIR:-$(dirname "$0")/../../../shared}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for s in "$SH"/seeds/000_*.txt "$SH"/seeds/003_*.txt; do
  [ -f "$s" ] || { echo "radicals: SKIP (no seed $s)"; continue; }
  n=$(grep -o '[门车长食人工]' "$s" | wc -l)
  sed 's/门/⻔/g; s/车/⻋/g; s/长/⻓/g; s/食/⻝/g; s/人/⼈/g; s/工/⼯/g' "$s" >"$tmp/r.txt"
  cmp -s "$s" "$tmp/r.txt" && { echo "FAIL $s: nothing substituted"; fail=1; continue; }
  "$JS" facts "$s" >"$tmp/f0" 2>&1
  "$JS" facts "$tmp/r.txt" >"$tmp/f1" 2>&1
  "$JS" check --format tsv "$s" 2>&1 | sed "s|$s|F|g" >"$tmp/c0"
  "$JS" check --format tsv "$tmp/r.txt" 2>&1 | sed "s|$tmp/r.txt|F|g" >"$tmp/c1"
  if ! cmp -s "$tmp/f0" "$tmp/f1"; then
    echo "FAIL $(basename "$s"): facts differ with $n radicals"; diff "$tmp/f0" "$tmp/f1" | head -5; fail=1
  elif ! cmp -s "$tmp/c0" "$tmp/c1"; then
    echo "FAIL $(basename "$s"): findings differ with $n radicals"; diff "$tmp/c0" "$tmp/c1" | head -5; fail=1
  else echo "ok $(basename "$s"): $n characters as radicals, $(wc -l <"$tmp/f0") facts and $(($(wc -l <"$tmp/c0") - 1)) findings the same"; fi
done
exit $fail
