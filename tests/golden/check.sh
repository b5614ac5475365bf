#!/usr/bin/env bash
# check.sh - `juesuan check` on each seed (and on the text of the 2024 Shanghai
# disclosure in tests/golden/input/) against the defects listed by hand in
# tests/golden/defects/<name>.tsv:
#   - every listed defect is found (rule, and table/row/column/section/line where
#     given, with the listed severity; N-* narrative lines on rule, section and line);
#   - a line with severity "-" must NOT be reported (a known false alarm);
#   - every error or warning reported by a rule other than N-* is listed (no
#     unlisted alarms), and the exit code is 1 exactly when an error is reported;
# then the hand-corrected copies in tests/golden/clean/ give no error or warning
# from any rule other than N-* (no false alarms on a consistent document).
set -u
JS="$1"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
SHARED="${JS_SHARED_DIR:-$SRC/../shared}"
DEF="$SRC/tests/golden/defects"
CLEAN="$SRC/tests/golden/clean"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

compare() { # expected.tsv got.tsv -> prints FAIL lines, exit status = number of failures
  awk -F'\t' '
    FNR == NR {
      if ($0 ~ /^#/ || $0 == "") next
      n++; rule[n] = $1; tab[n] = $2; row[n] = $3; col[n] = $4; sec[n] = $5; line[n] = $6
      sev[n] = $7; what[n] = $8; next
    }
    FNR == 1 { next }  # header of the findings TSV
    { m++; g_rule[m] = $2; g_sev[m] = $4; g_tab[m] = $5; g_row[m] = $6; g_col[m] = $7
      g_sec[m] = $8; g_line[m] = $9; g_msg[m] = $13 }
    function match_(i, j, narr) {
      if (g_rule[j] != rule[i]) return 0
      if (line[i] != "" && g_line[j] != line[i]) return 0
      if (sec[i] != "" && g_sec[j] != sec[i]) return 0
      if (narr) return 1
      if (tab[i] != "" && g_tab[j] != tab[i]) return 0
      if (row[i] != "" && g_row[j] != row[i]) return 0
      if (col[i] != "" && g_col[j] != col[i]) return 0
      return 1
    }
    END {
      bad = 0
      for (i = 1; i <= n; i++) {
        narr = rule[i] ~ /^N-/
        found = 0
        for (j = 1; j <= m; j++)
          if (match_(i, j, narr) && (narr || sev[i] == "-" || g_sev[j] == sev[i])) { found = 1; used[j] = 1 }
        if (sev[i] == "-" && found) { print "FAIL false alarm reported: " rule[i] " " tab[i] " " row[i] " line " line[i] " (" what[i] ")"; bad++ }
        if (sev[i] != "-" && !found) { print "FAIL not found: " rule[i] " " tab[i] " " row[i] " " col[i] " " sec[i] " line " line[i] " " sev[i] " (" what[i] ")"; bad++ }
      }
      for (j = 1; j <= m; j++)
        if (!used[j] && g_rule[j] !~ /^N-/ && (g_sev[j] == "error" || g_sev[j] == "warning")) {
          print "FAIL unlisted " g_sev[j] ": " g_rule[j] " " g_tab[j] " " g_row[j] " line " g_line[j] ": " g_msg[j]; bad++
        }
      exit bad > 0
    }' "$1" "$2"
}

nseed=0; ndef=0
for def in "$DEF"/*.tsv; do
  b=$(basename "$def" .tsv)
  in="$SHARED/seeds/$b.txt"
  [ -f "$in" ] || in="$SRC/tests/golden/input/$b.txt"
  if [ ! -f "$in" ]; then echo "skip $b: no input"; continue; fi
  "$JS" check --format tsv "$in" >"$tmp/got.tsv" 2>"$tmp/err"; rc=$?
  nerr=$(awk -F'\t' 'NR > 1 && $4 == "error"' "$tmp/got.tsv" | wc -l)
  want=0; [ "$nerr" -gt 0 ] && want=1
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL $b: exit $rc, expected $want ($nerr errors)"; cat "$tmp/err"; fail=$((fail+1))
  fi
  if ! compare "$def" "$tmp/got.tsv"; then fail=$((fail+1)); echo "FAIL $b"; fi
  k=$(grep -vc '^#' "$def")
  nseed=$((nseed+1)); ndef=$((ndef+k))
  echo "$b: $k listed defects checked, $(($(wc -l <"$tmp/got.tsv")-1)) findings"
done

for in in "$CLEAN"/*.txt; do
  [ -f "$in" ] || continue
  b=$(basename "$in")
  "$JS" check --format tsv "$in" >"$tmp/got.tsv" 2>"$tmp/err"
  bad=$(awk -F'\t' 'NR > 1 && $2 !~ /^N-/ && ($4 == "error" || $4 == "warning")' "$tmp/got.tsv")
  if [ -n "$bad" ]; then
    echo "FAIL clean/$b: false alarms:"; echo "$bad" | cut -f2,4-9,13; fail=$((fail+1))
  else
    echo "clean/$b: no error or warning outside the narrative rules"
  fi
done

[ "$nseed" -ge 5 ] || { echo "FAIL only $nseed seeds checked"; fail=$((fail+1)); }
echo "check golden: $nseed seeds, $ndef defects listed, $fail failures"
[ "$fail" -eq 0 ]
