#!/usr/bin/env bash
# facts.sh - `juesuan facts` on each seed (and on the pdftotext -layout text of
# the 2024 Shanghai disclosure PDF, stored under tests/golden/input/) against the
# hand-checked golden files in tests/golden/facts/, with precision and recall on
# non-zero facts (spec/facts.md); then bad inputs: exit 3 naming the file.
set -u
JS="$1"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
SHARED="${JS_SHARED_DIR:-$SRC/../shared}"
GOLD="$SRC/tests/golden/facts"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# precision/recall of got against ref (both facts TSV): non-zero facts keyed by table,row,column
score() {
  awk -F'\t' '
    FNR == 1 { next }
    $4 + 0 == 0 { next }
    FILENAME == ARGV[1] { ref[$1 FS $2 FS $3] = $4; nref++; next }
    { ngot++; if (($1 FS $2 FS $3) in ref && ref[$1 FS $2 FS $3] + 0 == $4 + 0) right++ }
    END { printf "%d %d %d\n", right, ngot, nref }' "$1" "$2"
}

tr=0; tg=0; tf=0
check() { # name, input, golden
  local name="$1" in="$2" gold="$3"
  if [ ! -f "$in" ]; then echo "skip $name: no $in"; return; fi
  "$JS" facts "$in" >"$tmp/got.tsv" 2>"$tmp/err"; local rc=$?
  if [ $rc -ne 0 ]; then echo "FAIL $name: exit $rc"; cat "$tmp/err"; fail=$((fail+1)); return; fi
  if ! diff -u "$gold" "$tmp/got.tsv" >"$tmp/diff"; then
    echo "FAIL $name: facts differ from $gold"; head -20 "$tmp/diff"; fail=$((fail+1))
  fi
  read -r right got ref < <(score "$gold" "$tmp/got.tsv")
  tr=$((tr+right)); tg=$((tg+got)); tf=$((tf+ref))
  echo "$name: $right right of $got given, $ref in reference"
}

for gold in "$GOLD"/*.tsv; do
  b=$(basename "$gold" .tsv)
  if [ -f "$SHARED/seeds/$b.txt" ]; then
    check "$b" "$SHARED/seeds/$b.txt" "$gold"
  elif [ -f "$SRC/tests/golden/input/$b.txt" ]; then
    check "$b" "$SRC/tests/golden/input/$b.txt" "$gold"
  fi
done
if [ "$tg" -gt 0 ] && [ "$tf" -gt 0 ]; then
  awk -v r="$tr" -v g="$tg" -v f="$tf" 'BEGIN { printf "precision %.4f  recall %.4f  (%d/%d, %d/%d)\n", r/g, r/f, r, g, r, f }'
fi

# the seeds with their tab-separated cells turned into runs of spaces (the column
# form of pdftotext -layout): the same facts
for gold in "$GOLD"/*.tsv; do
  b=$(basename "$gold" .tsv)
  [ -f "$SHARED/seeds/$b.txt" ] || continue
  sed 's/\t/    /g' "$SHARED/seeds/$b.txt" >"$tmp/$b.txt"
  "$JS" facts "$tmp/$b.txt" >"$tmp/sp.tsv" 2>"$tmp/err" || { echo "FAIL spaced $b: exit $?"; fail=$((fail+1)); continue; }
  read -r right got ref < <(score "$gold" "$tmp/sp.tsv")
  if [ "$right" != "$ref" ] || [ "$got" != "$ref" ]; then
    echo "FAIL spaced $b: $right right of $got given, $ref in reference"; fail=$((fail+1))
  fi
done

# pdftotext -layout of a 2020-form PDF made from seed 000 (tests/golden/input/form2020.pdf,
# written for the PDF reader's tests): the facts of seed 000
pdf="$SRC/tests/golden/input/form2020.pdf"
if command -v pdftotext >/dev/null && [ -f "$pdf" ]; then
  pdftotext -layout "$pdf" "$tmp/form2020.txt" 2>/dev/null
  "$JS" facts "$tmp/form2020.txt" >"$tmp/f.tsv" 2>"$tmp/err"
  read -r right got ref < <(score "$GOLD/000_e65ad6a672f33cc8.tsv" "$tmp/f.tsv")
  echo "form2020.pdf via pdftotext -layout: $right right of $got given, $ref in reference"
  if [ "$right" != "$ref" ] || [ "$got" != "$ref" ]; then echo "FAIL form2020 layout"; fail=$((fail+1)); fi
fi

# several files: one header and a document column
seeds=("$SHARED"/seeds/*.txt)
if [ -f "${seeds[0]}" ]; then
  "$JS" facts "${seeds[0]}" "${seeds[1]}" >"$tmp/two.tsv" 2>/dev/null
  [ "$(grep -c '^document' "$tmp/two.tsv")" = 1 ] || { echo "FAIL two files: header"; fail=$((fail+1)); }
  grep -q "^${seeds[1]}	01	收入:总计" "$tmp/two.tsv" || { echo "FAIL two files: document column"; fail=$((fail+1)); }
fi

# bad input: exit 3, the message names the file
bad() { # name, file, pattern in stderr
  "$JS" facts "$2" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  if [ $rc -ne 3 ]; then echo "FAIL bad $1: exit $rc, want 3"; fail=$((fail+1)); return; fi
  grep -q -- "$2" "$tmp/err" || { echo "FAIL bad $1: file not named"; cat "$tmp/err"; fail=$((fail+1)); }
  [ -z "$3" ] || grep -q -- "$3" "$tmp/err" || { echo "FAIL bad $1: no '$3' in"; cat "$tmp/err"; fail=$((fail+1)); }
}
: >"$tmp/empty.txt"; bad empty "$tmp/empty.txt" "empty"
printf 'abc\0def\n' >"$tmp/bin.txt"; bad binary "$tmp/bin.txt" ":1:"
head -c 4096 /dev/urandom >"$tmp/random.txt"; bad random "$tmp/random.txt" ""
printf '今天天气很好。\n我们去公园散步。\n' >"$tmp/prose.txt"; bad prose "$tmp/prose.txt" "not a final-account"
if [ -f "${seeds[0]}" ]; then
  n=$(grep -n '^一般公共预算财政拨款支出决算表' "${seeds[3]}" | head -1 | cut -d: -f1)
  # cut in half (issue #12): what was read is kept — tables 01–04 whole, 05 cut, and check
  # says where (C-TRUNCATED, C-MISSING), exit 0 for facts
  head -n $((n + 12)) "${seeds[3]}" >"$tmp/cut.txt"
  "$JS" facts "$tmp/cut.txt" >"$tmp/cut.tsv" 2>"$tmp/err"; rc=$?
  "$JS" facts "${seeds[3]}" | awk -F'\t' '$1 < "05"' >"$tmp/full04.tsv"
  if [ $rc -ne 0 ]; then echo "FAIL cut in half: facts exit $rc, want 0"; fail=$((fail+1));
  elif [ -n "$(awk -F'\t' '$1 < "05"' "$tmp/cut.tsv" | diff - "$tmp/full04.tsv")" ]; then
    echo "FAIL cut in half: tables 01-04 not read whole"; fail=$((fail+1)); fi
  "$JS" check --format tsv "$tmp/cut.txt" >"$tmp/cut.find" 2>/dev/null
  grep -q "C-TRUNCATED" "$tmp/cut.find" && grep -q "C-MISSING" "$tmp/cut.find" ||
    { echo "FAIL cut in half: no C-TRUNCATED / C-MISSING"; fail=$((fail+1)); }
fi

[ $fail -eq 0 ] && echo "facts: all passed" || echo "facts: $fail failed"
exit $((fail > 0))
