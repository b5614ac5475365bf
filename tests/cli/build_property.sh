#!/usr/bin/env bash
# build_property.sh - property test of build -> render txt -> parse -> check (issues #4, #6).
# For each seed, tests/cli/build_property_gen.awk makes a varied but valid (ledger.csv,
# meta.json) pair. What `juesuan build` makes is consistent by construction, so:
#   - the facts read back from the rendered text equal the facts of the model;
#   - `juesuan check --format json` on the text reports no error and no warning (notices allowed).
# Usage: build_property.sh JUESUAN [FIRST_SEED] [COUNT] [MAX_YEAR]   (defaults 1, 50, 2024)
# MAX_YEAR: years are drawn from 2019..2024 and capped at MAX_YEAR. A built 2024 disclosure
# is printed in the 2020 form (行次/栏次), and the reader takes those marks over the year.
set -u
JS="$1"
FIRST="${2:-1}"
COUNT="${3:-50}"
MAXYEAR="${4:-2024}"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
GEN="$SRC/tests/cli/build_property_gen.awk"
CAT="$SRC/data/catalog/classification.tsv"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0; pass=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }

for ((s = FIRST; s < FIRST + COUNT; s++)); do
  d="$tmp/$s"; mkdir -p "$d"
  desc=$(awk -v seed="$s" -v out="$d" -v maxyear="$MAXYEAR" -f "$GEN" "$CAT") || { bad "seed $s: generator failed"; continue; }
  if ! "$JS" build "$d/ledger.csv" --meta "$d/meta.json" -o "$d/model.json" 2>"$d/build.err"; then
    bad "seed $s: build failed ($desc)"; sed 's/^/  /' "$d/build.err" | head -5; continue
  fi
  "$JS" render "$d/model.json" --format txt -o "$d/d.txt" || { bad "seed $s: render txt"; continue; }
  "$JS" facts "$d/model.json" | sort > "$d/model.tsv"
  "$JS" facts "$d/d.txt" | sort > "$d/txt.tsv"
  if diff -q "$d/model.tsv" "$d/txt.tsv" >/dev/null; then ok; else
    bad "seed $s: facts of the rendered text differ from the model's ($desc)"
    diff "$d/model.tsv" "$d/txt.tsv" | head -10 | sed 's/^/  /'
  fi
  "$JS" check --format json "$d/d.txt" > "$d/check.json" 2>"$d/check.err"
  rc=$?
  if [ "$rc" -gt 1 ]; then bad "seed $s: check exit $rc"; sed 's/^/  /' "$d/check.err" | head -5; continue; fi
  # the findings of severity error or warning, each on one line (the JSON has one member a line)
  offending=$(awk '/^    \{/ { b = ""; on = 1 } on { l = $0; sub(/^ +/, "", l); b = b l " " }
    /^    \}/ { on = 0; if (b ~ /"severity": "(error|warning)"/) print b }' "$d/check.json")
  if [ -z "$offending" ] && [ "$rc" -eq 0 ]; then ok; else
    bad "seed $s: check reports errors/warnings on a built disclosure ($desc)"
    printf '%s\n' "$offending" | head -10 | sed "s/^/  seed $s: /"
  fi
done

echo "build_property: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
