#!/usr/bin/env bash
# read_corpus.sh - read back built disclosures printed by LibreOffice (issue #12).
#
# For each seed, tests/cli/build_property_gen.awk makes a ledger; `juesuan build` makes the
# model and `juesuan render --format xlsx` the workbook; tests/corpus/read_corpus_layout.py
# lays the workbook out anew (narrow text columns so that names wrap over two or three
# lines, other fonts and sizes, A4/A5, portrait/landscape, tables over several pages with
# the header repeated) and ONE `soffice --headless --convert-to pdf` call prints them all.
# Then, against the facts of the model:
#   - the PDF read by juesuan: facts identical (every layout, every ledger);
#   - `pdftotext -layout` of the PDF: facts F1 >= 0.99 per layout;
#   - `pdftotext` (raw) of the PDF: facts F1 >= MIN_RAW per layout (default 0.6);
#   - `juesuan check` on the PDF: no error or warning other than kind `read` (the
#     workbook has no 情况说明, so C-SECTION is expected and ignored).
# The bars (environment): MIN_PDF (PDF facts F1, default 1), MIN_LAYOUT (layout text F1,
# default 0.99), MIN_RAW (raw text F1, default 0.6), MAX_FALSE (findings caused by reading per layout, default 0); DIFF and
# FALSE lines show each document that misses them.
# Usage: read_corpus.sh JUESUAN [FIRST_SEED] [COUNT] [LAYOUTS] [KEEP_DIR]
#   REUSE=1 with KEEP_DIR: read again the PDFs a previous run printed there (LibreOffice is
#   the slow part: about 2 PDFs a minute on a loaded machine); seeds without them are skipped.
#   defaults 1 10 "wrap fit serif" (ctest: 1 2 "wrap fit serif bare"); the full run:
#   read_corpus.sh build/juesuan 1 50 "wrap big fit serif bare" (bare: 01 and 04 printed
#   without their 行次 column). Without soffice, pdftotext or python3 it says SKIP and passes.
set -u
JS="$1"
case "$JS" in /*) ;; *) JS="$PWD/$JS" ;; esac
MIN_PDF="${MIN_PDF:-1}"
MIN_LAYOUT="${MIN_LAYOUT:-0.99}"
MIN_RAW="${MIN_RAW:-0.6}"
MAX_FALSE="${MAX_FALSE:-0}"
FIRST="${2:-1}"
COUNT="${3:-10}"
LAYOUTS="${4:-wrap fit serif}"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
GEN="$SRC/tests/cli/build_property_gen.awk"
LAY="$SRC/tests/corpus/read_corpus_layout.py"
CAT="$SRC/data/catalog/classification.tsv"
for p in soffice pdftotext python3; do
  command -v "$p" >/dev/null || { echo "read_corpus: SKIP (no $p)"; exit 0; }
done
if [ -n "${5:-}" ]; then tmp="$5"; mkdir -p "$tmp"; else
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT; fi
fail=0
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

mkdir -p "$tmp/x" "$tmp/pdf"
REUSE="${REUSE:-0}"
[ -n "${5:-}" ] || REUSE=0
for ((s = FIRST; s < FIRST + COUNT && REUSE == 0; s++)); do
  d="$tmp/$s"; mkdir -p "$d"
  awk -v seed="$s" -v out="$d" -f "$GEN" "$CAT" >"$d/desc" || { bad "seed $s: generator"; continue; }
  "$JS" build "$d/ledger.csv" --meta "$d/meta.json" -o "$d/model.json" 2>/dev/null &&
    "$JS" render "$d/model.json" --format xlsx -o "$d/d.xlsx" || { bad "seed $s: build/render"; continue; }
  "$JS" facts "$d/model.json" | sed 1d | sort >"$d/model.tsv"
  for L in $LAYOUTS; do python3 "$LAY" "$d/d.xlsx" "$tmp/x/${s}_$L.xlsx" "$L" || bad "seed $s: layout $L"; done
done
# one LibreOffice start for all (its start-up dominates); its own profile, so that a
# desktop session of the same user is not disturbed
[ "$REUSE" = 1 ] ||
  HOME="$tmp" soffice --headless -env:UserInstallation="file://$tmp/lo" --convert-to pdf \
    --outdir "$tmp/pdf" "$tmp"/x/*.xlsx >"$tmp/soffice.log" 2>&1

# F1 of got against ref (sorted facts files, header included in neither)
score() { # ref got -> "right given reference"
  echo "$(comm -12 "$1" "$2" | wc -l) $(wc -l <"$2") $(wc -l <"$1")"
}
for L in $LAYOUTS; do
  declare -A R=() G=() F=()
  for k in pdf layout raw; do R[$k]=0; G[$k]=0; F[$k]=0; done
  ref=0; exact=0; n=0; falsef=0
  for ((s = FIRST; s < FIRST + COUNT; s++)); do
    d="$tmp/$s"; pdf="$tmp/pdf/${s}_$L.pdf"
    [ -f "$d/model.tsv" ] || continue
    if [ ! -f "$pdf" ]; then [ "$REUSE" = 1 ] || bad "seed $s $L: LibreOffice made no PDF"; continue; fi
    n=$((n + 1))
    "$JS" facts "$pdf" 2>"$d/$L.err" | sed 1d | sort >"$d/${L}_pdf.tsv"
    pdftotext -layout "$pdf" "$d/${L}_layout.txt" 2>/dev/null
    pdftotext "$pdf" "$d/${L}_raw.txt" 2>/dev/null
    for k in layout raw; do "$JS" facts "$d/${L}_$k.txt" 2>/dev/null | sed 1d | sort >"$d/${L}_$k.tsv"; done
    cp "$d/model.tsv" "$d/model.body"
    ref=$((ref + $(wc -l <"$d/model.body")))
    for k in pdf layout raw; do
      read -r right given _ < <(score "$d/model.body" "$d/${L}_$k.tsv")
      R[$k]=$((R[$k] + right)); G[$k]=$((G[$k] + given))
    done
    if cmp -s "$d/model.body" "$d/${L}_pdf.tsv"; then exact=$((exact + 1)); else
      echo "DIFF seed $s $L: PDF facts differ from the model's ($(cat "$d/desc"))"
      diff "$d/model.body" "$d/${L}_pdf.tsv" | head -6 | sed 's/^/  /'
    fi
    # findings caused by reading: any error/warning of another kind than read
    "$JS" check --format tsv "$pdf" 2>/dev/null |
      awk -F'\t' 'NR > 1 && ($4 == "error" || $4 == "warning") && $3 != "read" && $2 != "C-SECTION"' \
        >"$d/${L}_false.tsv"
    if [ -s "$d/${L}_false.tsv" ]; then
      falsef=$((falsef + $(wc -l <"$d/${L}_false.tsv")))
      echo "FALSE seed $s $L: check reports what the reading caused"
      cut -f2,5,6,7,13 "$d/${L}_false.tsv" | head -4 | sed 's/^/  /'
    fi
  done
  f1() { awk -v r="$1" -v g="$2" -v t="$3" 'BEGIN { p = g ? r / g : 0; q = t ? r / t : 0;
    printf "%.4f", (p + q) ? 2 * p * q / (p + q) : 0 }'; }
  printf 'read_corpus %-6s %3d PDFs, %5d facts: PDF exact %d/%d F1 %s; layout text F1 %s; raw text F1 %s; false findings %d\n' \
    "$L" "$n" "$ref" "$exact" "$n" "$(f1 "${R[pdf]}" "${G[pdf]}" "$ref")" \
    "$(f1 "${R[layout]}" "${G[layout]}" "$ref")" "$(f1 "${R[raw]}" "${G[raw]}" "$ref")" "$falsef"
  lf=$(f1 "${R[layout]}" "${G[layout]}" "$ref")
  pf=$(f1 "${R[pdf]}" "${G[pdf]}" "$ref")
  awk -v f="$pf" -v m="$MIN_PDF" 'BEGIN { exit !(f >= m) }' || bad "$L: PDF F1 $pf below $MIN_PDF"
  awk -v f="$lf" -v m="$MIN_LAYOUT" 'BEGIN { exit !(f >= m) }' || bad "$L: layout text F1 $lf below $MIN_LAYOUT"
  rf=$(f1 "${R[raw]}" "${G[raw]}" "$ref")
  awk -v f="$rf" -v m="$MIN_RAW" 'BEGIN { exit !(f >= m) }' || bad "$L: raw text F1 $rf below $MIN_RAW"
  [ "$falsef" -le "$MAX_FALSE" ] || bad "$L: $falsef findings caused by reading (at most $MAX_FALSE)"
done
echo "read_corpus: $fail failed"
[ "$fail" -eq 0 ]
