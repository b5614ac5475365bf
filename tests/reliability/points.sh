#!/usr/bin/env bash
# points.sh - issue #16, the reproducers as the issue states them that no other test runs
# end to end (the others: tests/reliability/README.md):
#  1. seed 000 with one 0xFF byte inserted reads (not "zero facts"): the same facts, and an
#     R-ENCODING notice naming the line; the same text as UTF-16 (with BOM) and with CR-only line
#     ends reads to the same facts; a file cut inside a multi-byte character still reads.
#  8. under the sanitizer build, a real PDF (fontconfig's leak) exits 0 with leak detection on.
set -u
JS="$1"
SHARED="${JS_SHARED_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/../shared}"
SEED="$SHARED/seeds/000_e65ad6a672f33cc8.txt"
PDF="$SHARED/pdf/shanghai-putuo-finance-bureau-2024.pdf"
export LANGUAGE=en
fail=0; pass=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
[ -f "$SEED" ] || { echo "SKIP: no $SEED"; exit 0; }

"$JS" facts "$SEED" > "$tmp/want.tsv" || bad "facts of seed 000"
n=$(($(wc -l < "$tmp/want.tsv") - 1))
[ "$n" -ge 50 ] && ok || bad "seed 000 has only $n facts"

# 1: one 0xFF byte inserted in the middle of line 40
awk 'NR == 40 { printf "%s\377%s\n", substr($0, 1, 3), substr($0, 4); next } { print }' "$SEED" > "$tmp/ff.txt"
cmp -s "$SEED" "$tmp/ff.txt" && bad "test setup: 0xFF not inserted"
"$JS" facts "$tmp/ff.txt" > "$tmp/ff.tsv" 2> "$tmp/ff.err"; rc=$?
[ "$rc" -eq 0 ] && ok || bad "0xFF: facts exit $rc: $(head -c 300 "$tmp/ff.err")"
kept=$(comm -12 <(sort "$tmp/want.tsv") <(sort "$tmp/ff.tsv") | wc -l)
[ "$kept" -ge "$n" ] && ok || bad "0xFF: $((kept - 1)) of $n facts kept"
"$JS" check --format json "$tmp/ff.txt" > "$tmp/ff.json" 2>/dev/null
python3 - "$tmp/ff.json" <<'PY' && ok || bad "0xFF: no R-ENCODING notice naming line 40"
import json, sys
d = json.load(open(sys.argv[1]))
d = d[0] if isinstance(d, list) else d
sys.exit(0 if any(f["rule"] == "R-ENCODING" and f.get("line") == 40 for f in d["findings"]) else 1)
PY
# cut inside a multi-byte character: the facts of the whole text but the last line's
head -c $(($(stat -c %s "$SEED") - 2)) "$SEED" > "$tmp/cut.txt"
"$JS" facts "$tmp/cut.txt" > "$tmp/cut.tsv" 2>/dev/null && ok || bad "cut inside a character: exit $?"
[ "$(comm -12 <(sort "$tmp/want.tsv") <(sort "$tmp/cut.tsv") | wc -l)" -ge $((n * 95 / 100)) ] && ok || bad "cut: facts lost"
# UTF-16 with a byte order mark (both orders), CR-only line ends
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$SEED"; } > "$tmp/le.txt"
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE "$SEED"; } > "$tmp/be.txt"
tr '\n' '\r' < "$SEED" > "$tmp/cr.txt"
for f in le be cr; do
  "$JS" facts "$tmp/$f.txt" > "$tmp/$f.tsv" 2> "$tmp/$f.err" || bad "$f: exit $?: $(head -c 200 "$tmp/$f.err")"
  cmp -s "$tmp/want.tsv" "$tmp/$f.tsv" && ok || bad "$f: facts differ"
done

# 8: a sanitizer build (the program links AddressSanitizer) reads a real PDF and exits 0 with
# leak detection on (system libraries' leaks are suppressed, ours stay fatal)
if [ -f "$PDF" ] && nm -D "$JS" 2>/dev/null | grep -q __asan_init; then
  ASAN_OPTIONS=detect_leaks=1 "$JS" facts "$PDF" > /dev/null 2> "$tmp/asan.err" && ok || \
    { bad "sanitizer build on a real PDF: exit $?"; tail -20 "$tmp/asan.err"; }
fi
echo "points: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
