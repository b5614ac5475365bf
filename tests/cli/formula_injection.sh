#!/usr/bin/env bash
# formula_injection.sh - issue #16.3: a department or file name such as
# =HYPERLINK("http://x","点击") is written to every CSV/TSV with a leading ' so that a
# spreadsheet shows it instead of running it (OWASP CSV injection); numbers stay numbers.
set -u
JS="$1"
export LANGUAGE=en
fail=0; pass=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
evil='=HYPERLINK("http://x","点击")'
sed "s|\"department\": \"[^\"]*\"|\"department\": \"${evil//\"/\\\\\"}\"|" "$JS_SOURCE_DIR/examples/meta.json" > "$tmp/meta.json"
grep -q 'HYPERLINK' "$tmp/meta.json" || bad "test setup: department not replaced"
"$JS" build "$JS_SOURCE_DIR/examples/ledger.csv" --meta "$tmp/meta.json" --format txt -o "$tmp/evil.txt" || bad "build"
cp "$tmp/evil.txt" "$tmp/@SUM(1+1).txt"
cp "$JS_SOURCE_DIR/examples/disclosure-with-errors.txt" "$tmp/-2+3.txt"   # a file with findings
# check: every cell of every CSV/TSV written; a cell starting with = + - @ TAB CR must be a number
scan() { # name, file, separator
  python3 - "$2" "$3" <<'PY' && ok || bad "$1"
import csv, re, sys
path, sep = sys.argv[1], sys.argv[2]
num = re.compile(r'^[-+]?[0-9][0-9,]*(\.[0-9]+)?%?$')
data = open(path, encoding='utf-8-sig', newline='').read()
rows = list(csv.reader(data.splitlines(), delimiter=sep)) if sep == ',' else [l.split('\t') for l in data.splitlines()]
bad = [c for r in rows for c in r if c[:1] in ('=', '+', '-', '@', '\t', '\r') and not num.match(c)]
guarded = [c for r in rows for c in r if c.startswith("'=") or c.startswith("'@") or c.startswith("'-")]
if bad: print("  unguarded:", bad[:3]); sys.exit(1)
if not guarded: print("  the evil text is missing"); sys.exit(1)
PY
}
( cd "$tmp" && "$JS" check --format tsv -- '-2+3.txt' > check.tsv 2>/dev/null ); scan "check --format tsv" "$tmp/check.tsv" '	'
( cd "$tmp" && "$JS" facts '@SUM(1+1).txt' ./evil.txt > facts.tsv 2>/dev/null ); scan "facts (document column)" "$tmp/facts.tsv" '	'
# the numbers of the facts are unchanged (spec/facts.md): compare the value column
"$JS" facts "$tmp/evil.txt" | cut -f4 > "$tmp/v1"; cut -f5 "$tmp/facts.tsv" | head -n "$(wc -l < "$tmp/v1")" > "$tmp/v2"
cmp -s "$tmp/v1" "$tmp/v2" && ok || bad "facts values changed"
db="$tmp/t.db"
"$JS" db --db "$db" load "$tmp/evil.txt" "$tmp/@SUM(1+1).txt" >/dev/null 2>&1
"$JS" db --db "$db" load "$JS_SOURCE_DIR/examples/disclosure-with-errors.txt" >/dev/null 2>&1
"$JS" db --db "$db" list --format csv > "$tmp/list.csv" 2>/dev/null; scan "db list --format csv" "$tmp/list.csv" ,
for what in documents facts findings; do
  "$JS" db --db "$db" export --format csv --what $what > "$tmp/$what.csv" 2>/dev/null
done
scan "db export documents" "$tmp/documents.csv" ,
python3 -c 'import sys; d=open(sys.argv[1],encoding="utf-8-sig").read(); sys.exit(0 if "HYPERLINK" in d else 1)' "$tmp/facts.csv" && scan "db export facts" "$tmp/facts.csv" , || true
"$JS" report --db "$db" rank --metric findings --format csv > "$tmp/rank.csv" 2>/dev/null; scan "report rank --format csv" "$tmp/rank.csv" ,
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
