#!/usr/bin/env bash
# build_roundtrip.sh - build -> render txt -> parse gives the facts of the built model, and
# `juesuan check` finds no error in what build made: for the example ledger and for generated
# variations of it (amounts scaled, lines dropped, 政府性基金 and 国有资本经营 postings added,
# lines shuffled with CRLF endings and every field quoted).
set -u
JS="$1"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
EX="$SRC/examples"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0; pass=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }

roundtrip() { # name ledger
  local n="$1" l="$2"
  if ! "$JS" build "$l" --meta "$EX/meta.json" -o "$tmp/$n.json" 2>"$tmp/$n.err"; then
    bad "$n: build failed"; sed 's/^/  /' "$tmp/$n.err" | head -5; return
  fi
  "$JS" render "$tmp/$n.json" --format txt -o "$tmp/$n.txt" || { bad "$n: render txt"; return; }
  "$JS" facts "$tmp/$n.json" | sort > "$tmp/$n.model.tsv"
  "$JS" facts "$tmp/$n.txt" | sort > "$tmp/$n.txt.tsv"
  local nf; nf=$(wc -l < "$tmp/$n.model.tsv")
  if [ "$nf" -lt 50 ]; then bad "$n: only $nf facts"; fi
  if diff -q "$tmp/$n.model.tsv" "$tmp/$n.txt.tsv" >/dev/null; then ok; else
    bad "$n: facts of the rendered text differ from the model's"
    diff "$tmp/$n.model.tsv" "$tmp/$n.txt.tsv" | head -10
  fi
  # build --format txt writes the same text as render
  "$JS" build "$l" --meta "$EX/meta.json" --format txt -o "$tmp/$n.direct.txt" &&
    cmp -s "$tmp/$n.txt" "$tmp/$n.direct.txt" && ok || bad "$n: build --format txt differs from render"
  if "$JS" check "$tmp/$n.txt" > "$tmp/$n.check" 2>&1; then ok; else
    bad "$n: check found errors in the built disclosure"; grep -E "error" "$tmp/$n.check" | head -10
  fi
}

roundtrip example "$EX/ledger.csv"
# the example's checked-in rendering is what build makes now
"$JS" build "$EX/ledger.csv" --meta "$EX/meta.json" --format txt -o "$tmp/ex.txt" &&
  cmp -s "$tmp/ex.txt" "$EX/disclosure.txt" && ok || bad "examples/disclosure.txt is stale"

# amounts x 1.37 (rounded to the fen)
awk -F, -v OFS=, 'NR==1{print;next}{ $6=sprintf("%.2f",$6*1.37); print }' "$EX/ledger.csv" > "$tmp/scaled.csv"
roundtrip scaled "$tmp/scaled.csv"
# every fifth expenditure line dropped
awk -F, 'NR==1||$1!="支出"||NR%5!=0' "$EX/ledger.csv" > "$tmp/dropped.csv"
roundtrip dropped "$tmp/dropped.csv"
# 政府性基金 and 国有资本经营 postings: tables 08 and 09 are no longer empty
{ cat "$EX/ledger.csv"
  echo "收入,2299901,,政府性基金,,150000.00,"
  echo "支出,2299901,30227,政府性基金,项目,123456.78,基金项目"
  echo "收入,2299901,,国有资本经营,,80000.00,"
  echo "支出,2299901,30299,国有资本经营,基本,65432.10,"
} > "$tmp/funds.csv"
roundtrip funds "$tmp/funds.csv"
if grep -q "^08	2299901	本年支出:项目支出	12.35" <("$JS" facts "$tmp/funds.json"); then ok; else bad "funds: 08 row missing"; fi
if grep -q "^09	合计	本年支出:基本支出	6.54" <("$JS" facts "$tmp/funds.json"); then ok; else bad "funds: 09 total missing"; fi
# shuffled, CRLF, every field quoted
{ head -1 "$EX/ledger.csv"; tail -n +2 "$EX/ledger.csv" | awk 'BEGIN{srand(7)}{print rand()"\t"$0}' | sort | cut -f2-; } |
  awk -F, -v OFS=, '{for(i=1;i<=NF;i++) $i="\"" $i "\""; printf "%s\r\n", $0}' > "$tmp/quoted.csv"
roundtrip quoted "$tmp/quoted.csv"
cmp -s <("$JS" facts "$tmp/quoted.json") <("$JS" facts "$tmp/example.json") && ok || bad "quoted: facts differ from the example's"

echo "build_roundtrip: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
