#!/usr/bin/env bash
# check_cli.sh - `juesuan check` and `juesuan rules` from the command line:
# exit codes (0 clean, 1 errors, 2 usage, 3 unreadable input while the others
# are still reported), the text / JSON / HTML / TSV forms, and docs/rules.md
# being the output of `juesuan rules --format md`.
set -u
JS="$1"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
SHARED="${JS_SHARED_DIR:-$SRC/../shared}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=$((fail+1)); }
expect_rc() { # want name cmd...
  local want="$1" name="$2"; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  if [ "$rc" -eq "$want" ]; then ok "$name (exit $rc)"; else bad "$name: exit $rc, want $want"; head -5 "$tmp/err"; fi
}

SEED="$SHARED/seeds/002_4b65da696dc0427c.txt"  # has errors (T-ROW, X-03-05, P-TOTAL …)
CLEAN="$SRC/tests/golden/clean/001_97ec0fee91833ab7.txt"  # corrected: no error at all

# ---- exit codes
expect_rc 0 "help" "$JS" check --help
grep -q "usage: juesuan check" "$tmp/out" || bad "help text"
expect_rc 2 "no file" "$JS" check
grep -q "try 'juesuan check --help'" "$tmp/err" || bad "usage hint on stderr"
expect_rc 2 "unknown option" "$JS" check --bogus "$SEED"
expect_rc 2 "unknown format" "$JS" check --format xml "$SEED"
expect_rc 2 "format without value" "$JS" check --format
expect_rc 1 "errors found" "$JS" check "$SEED"
expect_rc 0 "clean document" "$JS" check "$CLEAN"
printf '\x00\x01\x02binary' >"$tmp/bin.txt"
expect_rc 3 "unreadable input" "$JS" check --format json "$tmp/nonexistent.txt" "$CLEAN"
grep -q "nonexistent.txt" "$tmp/err" || bad "stderr names the unreadable file"
grep -q '"document"' "$tmp/out" || bad "the readable input is still reported"
expect_rc 3 "binary input" "$JS" check "$tmp/bin.txt"
# issue #12: a file that cannot be read is in every report (R-UNREADABLE, kind read, error)
for fmt in json html tsv text; do
  expect_rc 3 "unreadable in $fmt" "$JS" check --format "$fmt" "$CLEAN" "$tmp/nonexistent.txt"
  grep -q "nonexistent.txt" "$tmp/out" || bad "$fmt report lacks the unreadable file"
  grep -q "R-UNREADABLE" "$tmp/out" || bad "$fmt report lacks R-UNREADABLE"
done
# every input failing: still a valid report
expect_rc 3 "all unreadable json" "$JS" check --format json "$tmp/nonexistent.txt" "$tmp/bin.txt"
jq -e 'length == 2 and .[0].department == "" and .[0].findings[0].kind == "read"
       and .[0].findings[0].severity == "error" and .[1].findings[0].line == 1' "$tmp/out" >/dev/null ||
  bad "all-unreadable JSON is not the spec's array of two read errors"
expect_rc 3 "one unreadable json" "$JS" check --format json "$tmp/nonexistent.txt"
jq -e '.summary.error == 1 and .findings[0].rule == "R-UNREADABLE"' "$tmp/out" >/dev/null ||
  bad "single unreadable JSON object"
expect_rc 3 "all unreadable html" "$JS" check --format html "$tmp/nonexistent.txt" "$tmp/bin.txt"
grep -q "</html>" "$tmp/out" && [ "$(grep -o "<tr class=\"f\" data-s=\"error\" data-r=\"R-UNREADABLE\"" "$tmp/out" | wc -l)" -eq 2 ] ||
  bad "all-unreadable HTML page"

# ---- JSON: the object of spec/findings.md; an array for several files
"$JS" check --format json "$SEED" >"$tmp/one.json"
for k in '"document"' '"department"' '"year": 2020' '"summary"' '"error"' '"warning"' '"notice"' \
         '"findings"' '"rule": "T-ROW"' '"kind": "arithmetic"' '"table": "05"' '"row": "20199"' \
         '"column": "小计"' '"line": 283' '"stated": "7.92"' '"expected": "7.93"'; do
  grep -q -- "$k" "$tmp/one.json" || bad "json lacks $k"
done
head -c 1 "$tmp/one.json" | grep -q '{' || bad "one file: a JSON object"
"$JS" check --format json "$SEED" "$CLEAN" >"$tmp/two.json"
head -c 1 "$tmp/two.json" | grep -q '\[' || bad "two files: a JSON array"
[ "$(grep -c '"document"' "$tmp/two.json")" -eq 2 ] || bad "two documents in the array"
if command -v jq >/dev/null; then
  jq -e 'length == 2 and (.[0].findings | length) == (.[0].summary.error + .[0].summary.warning + .[0].summary.notice)' \
    "$tmp/two.json" >/dev/null || bad "json array does not parse or summary does not count the findings"
  jq -e '.findings | all(has("rule") and has("kind") and has("severity") and has("message") and (has("line") or has("page")))' \
    "$tmp/one.json" >/dev/null || bad "a finding lacks a required field"
fi
ok "json"

# ---- text: grouped, with the source line quoted
"$JS" check "$SEED" >"$tmp/out.txt"
grep -q "公开05表 一般公共预算财政拨款支出决算表" "$tmp/out.txt" || bad "text: group heading"
grep -q "T-ROW" "$tmp/out.txt" || bad "text: rule id"
grep -q "| 20199  其他一般公共服务支出  7.92  0.00  7.93" "$tmp/out.txt" || bad "text: source line quoted"
ok "text"

# ---- HTML: a self-contained page
"$JS" check --format html "$SEED" "$CLEAN" >"$tmp/out.html"
grep -q "<!DOCTYPE html>" "$tmp/out.html" || bad "html: doctype"
grep -q "</html>" "$tmp/out.html" || bad "html: end"
grep -q "<style>" "$tmp/out.html" || bad "html: inline style"
if grep -Eq '<script [^>]*src|<link|src="http' "$tmp/out.html"; then bad "html: not self-contained"; fi
[ "$(grep -c "<section class=\"doc\"" "$tmp/out.html")" -eq 2 ] || bad "html: one section per document"
ok "html"

# ---- TSV
"$JS" check --format tsv "$SEED" "$CLEAN" >"$tmp/out.tsv"
head -1 "$tmp/out.tsv" | grep -q "^document	rule	kind	severity" || bad "tsv header"
[ "$(grep -c '^document	' "$tmp/out.tsv")" -eq 1 ] || bad "tsv: one header for several files"
awk -F'\t' 'NR > 1 && NF != 13 { exit 1 }' "$tmp/out.tsv" || bad "tsv: 13 fields a line"
ok "tsv"

# ---- rules
expect_rc 0 "rules" "$JS" rules
for id in T-TOTAL T-HIER X-01-02 C-MISSING C-LABEL C-TWICE K-CODE-LEN K-NAME P-RATE P-SCORE \
          F-PLACEHOLDER N-AMOUNT N-SANGONG N-ITEM; do
  grep -q "^$id " "$tmp/out" || bad "rules lacks $id"
done
expect_rc 2 "rules bad format" "$JS" rules --format pdf
env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=en "$JS" rules --format md >"$tmp/rules.md"
if diff -u "$SRC/docs/rules.md" "$tmp/rules.md" >"$tmp/diff"; then ok "docs/rules.md is up to date"
else bad "docs/rules.md differs from 'LANG=en juesuan rules --format md'"; head -20 "$tmp/diff"; fi
"$JS" rules --format json >"$tmp/rules.json"
grep -q '"id": "K-NAME"' "$tmp/rules.json" || bad "rules json"

echo "check_cli: $fail failures"
[ "$fail" -eq 0 ]
