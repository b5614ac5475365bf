#!/usr/bin/env bash
# budgets.sh - budget disclosures (issue #19): `juesuan facts` of the real budgets in
# ../shared/budgets against the hand-checked golden facts in tests/golden/budgets/
# (precision and recall on non-zero facts, spec/facts.md Y tables); `check` on each of
# the six gives exactly the findings listed by hand in tests/golden/budgets/*.findings
# (rule and place), each a real defect or a reading limit named there.
set -u
JS="$1"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
SHARED="${JS_SHARED_DIR:-$SRC/../shared}"
GOLD="$SRC/tests/golden/budgets"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

score() { # golden got: right given reference (non-zero facts)
  awk -F'\t' '
    FNR == 1 { next }
    $4 + 0 == 0 { next }
    FILENAME == ARGV[1] { ref[$1 FS $2 FS $3] = $4; nref++; next }
    { ngot++; if (($1 FS $2 FS $3) in ref && ref[$1 FS $2 FS $3] + 0 == $4 + 0) right++ }
    END { printf "%d %d %d\n", right, ngot, nref }' "$1" "$2"
}

for gold in "$GOLD"/*.facts; do
  b=$(basename "$gold" .facts)
  in="$SHARED/budgets/$b.pdf"
  [ -f "$in" ] || { echo "skip $b: no $in"; continue; }
  "$JS" facts "$in" > "$tmp/got.tsv" || { echo "FAIL $b: facts exit $?"; fail=$((fail+1)); continue; }
  read -r right got ref < <(score "$gold" "$tmp/got.tsv")
  echo "$b: $right right of $got given, $ref in reference"
  if [ "$right" != "$got" ] || [ "$right" != "$ref" ]; then
    echo "FAIL $b: facts differ from the golden"; diff "$gold" "$tmp/got.tsv" | head -20
    fail=$((fail+1))
  fi
done

# check: the findings of each budget, as rule<TAB>table<TAB>row<TAB>column<TAB>section
for want in "$GOLD"/*.findings; do
  [ -f "$want" ] || continue
  b=$(basename "$want" .findings)
  in="$SHARED/budgets/$b.pdf"
  [ -f "$in" ] || continue
  "$JS" check --format json "$in" > "$tmp/f.json"
  python3 - "$tmp/f.json" > "$tmp/got.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d = d[0] if isinstance(d, list) else d
for f in d["findings"]:
    print("\t".join([f["rule"], f["severity"], f.get("table", ""), f.get("row", ""),
                     f.get("column", ""), f.get("section", "")]))
PY
  grep -v '^#' "$want" | sort > "$tmp/want.txt"
  sort "$tmp/got.txt" > "$tmp/got.sorted"
  if diff "$tmp/want.txt" "$tmp/got.sorted" > "$tmp/d"; then
    echo "$b: $(wc -l < "$tmp/want.txt") findings as listed"
  else
    echo "FAIL $b: findings differ from $want"; cat "$tmp/d" | head -30; fail=$((fail+1))
  fi
done
[ $fail -eq 0 ]
