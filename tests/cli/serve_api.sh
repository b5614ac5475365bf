#!/usr/bin/env bash
# serve_api.sh - `juesuan serve` through its JSON API with curl (no browser):
# /api/check answers the findings JSON of spec/findings.md exactly as `check
# --format json` does; storing needs the CSRF token; a document comes back
# with its boxes; accepting a finding lowers the counts and survives loading
# the same file again and a restart; the annotated PDF has the original's
# pages + 1; page images are PNG; bad uploads get a clear message; users and
# login with --auth; `check --annotate` from the command line.
set -u
JS="$1"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
. "$(dirname "$0")/lib/serve_wait.sh" # serve_url
SHARED="${JS_SHARED_DIR:-$SRC/../shared}"
tmp=$(mktemp -d)
pid=""
stop() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=""; }
trap 'stop; rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=$((fail+1)); }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
command -v curl >/dev/null || { echo "SKIP: no curl"; exit 0; }

PDF="$SHARED/pdf/shanghai-putuo-finance-bureau-2024.pdf"
SEED="$SHARED/seeds/000_e65ad6a672f33cc8.txt"

start() { # extra options...
  rm -f "$tmp/log" # not the URL of the server before
  "$JS" serve --listen 127.0.0.1:0 --db "$tmp/t.db" "$@" 2>"$tmp/log" &
  pid=$!
  URL=$(serve_url "$tmp/log" "$pid") && [ -n "$URL" ] && return 0
  bad "server did not start: $(cat "$tmp/log")"; exit 1
}
json() { python3 -c "import json,sys; d=json.load(open('$1')); print($2)"; }

start
# /api/check is exactly `check --format json`, apart from the document name
curl -s -o "$tmp/c.json" -w '%{http_code}' -F "file=@$SEED" "$URL/api/check" >"$tmp/code"
"$JS" check --format json "$SEED" >"$tmp/cli.json"
check "check: 200" '[ "$(cat "$tmp/code")" = 200 ]'
check "check: same findings as the CLI" \
  "python3 -c \"import json; a=json.load(open('$tmp/c.json')); b=json.load(open('$tmp/cli.json')); a.pop('document'); b.pop('document'); exit(a!=b)\""
head -c 300000 "$JS" >"$tmp/prog.bin" # the start of a program (an ASan build is over the upload limit)
curl -s -o "$tmp/bad.json" -w '%{http_code}' -F "file=@$tmp/prog.bin" "$URL/api/check" >"$tmp/code"
check "binary upload: 422 with a read finding" \
  '[ "$(cat "$tmp/code")" = 422 ] && grep -q "不是决算公开文件" "$tmp/bad.json" && grep -q "\"kind\": \"read\"" "$tmp/bad.json"'
printf '这是一封普通的信。\n没有任何表格。\n' >"$tmp/letter.txt"
curl -s -o "$tmp/bad.json" -w '%{http_code}' -F "file=@$tmp/letter.txt" "$URL/api/check" >"$tmp/code"
check "text that is no disclosure: 422" '[ "$(cat "$tmp/code")" = 422 ]'

# a spreadsheet (XLSX, as `render` writes it) is read by its bytes, whatever its name
"$JS" parse --format json "$SEED" >"$tmp/m.json" && "$JS" render "$tmp/m.json" --format xlsx -o "$tmp/m.xlsx"
cp "$tmp/m.xlsx" "$tmp/sheet.bin"
curl -s -o "$tmp/x.json" -w '%{http_code}' -F "file=@$tmp/sheet.bin" "$URL/api/check" >"$tmp/code"
check "XLSX upload: checked, department read" \
  '[ "$(cat "$tmp/code")" = 200 ] && [ "$(json "$tmp/x.json" "d[\"department\"]")" = "$(json "$tmp/cli.json" "d[\"department\"]")" ]'

# storing needs the CSRF token
code=$(curl -s -o /dev/null -w '%{http_code}' -F "file=@$SEED" "$URL/api/documents")
check "store without CSRF token: 403" '[ "$code" = 403 ]'
TOK=$(curl -s "$URL/api/session" | python3 -c "import json,sys; print(json.load(sys.stdin)['csrf'])")
H="X-CSRF-Token: $TOK"
curl -s -o "$tmp/s.json" -H "$H" -F "file=@$PDF" -F "file=@$SEED" "$URL/api/documents"
check "store two files" '[ "$(json "$tmp/s.json" "len(d[\"documents\"])")" = 2 ]'
ID=$(json "$tmp/s.json" 'd["documents"][0]["id"]')
E0=$(json "$tmp/s.json" 'd["documents"][0]["summary"]["error"]')
curl -s -o "$tmp/d.json" "$URL/api/documents/$ID"
check "document: boxes for every PDF finding" \
  '[ "$(json "$tmp/d.json" "sum(1 for b in d[\"boxes\"] if b)")" = "$(json "$tmp/d.json" "len(d[\"report\"][\"findings\"])")" ]'
check "document: the model's tables" '[ "$(json "$tmp/d.json" "len(d[\"model\"][\"tables\"])")" -ge 8 ]'

# accept the first error: the count drops, and stays after loading again and a restart
FID=$(json "$tmp/d.json" '[f["id"] for f in d["report"]["findings"] if f["severity"]=="error"][0]')
curl -s -o "$tmp/a.json" -H "$H" -H 'Content-Type: application/json' \
  -d "{\"id\": $FID, \"comment\": \"已核实：<b>说明</b>\"}" "$URL/api/documents/$ID/accept"
check "accept: errors drop by one" '[ "$(json "$tmp/a.json" "d[\"summary\"][\"error\"]")" = $((E0 - 1)) ]'
curl -s -o "$tmp/a2.json" -w '%{http_code}' -H "$H" -H 'Content-Type: application/json' \
  -d "{\"id\": $FID}" "$URL/api/documents/$ID/accept" >"$tmp/code"
check "accept without a comment: 400" '[ "$(cat "$tmp/code")" = 400 ]'
curl -s -o "$tmp/s2.json" -H "$H" -F "file=@$PDF" "$URL/api/documents"
check "loaded again: same id, still accepted" \
  '[ "$(json "$tmp/s2.json" "d[\"documents\"][0][\"id\"]")" = "$ID" ] && [ "$(json "$tmp/s2.json" "d[\"documents\"][0][\"summary\"][\"error\"]")" = $((E0 - 1)) ]'
stop
start
curl -s -o "$tmp/d2.json" "$URL/api/documents/$ID"
check "after a restart: accepted with its comment" \
  "json '$tmp/d2.json' 'd[\"report\"][\"findings\"][$FID-1][\"accepted\"][\"comment\"]' | grep -q '<b>说明</b>'"
curl -s -o "$tmp/l.json" "$URL/api/documents?errors=1&year=2024"
check "list: filter by year and errors" '[ "$(json "$tmp/l.json" "[x[\"id\"] for x in d[\"documents\"]]")" = "[$ID]" ]'

# downloads
curl -s -o "$tmp/a.pdf" "$URL/api/documents/$ID/annotated.pdf"
pages=$(pdfinfo "$PDF" | awk '/^Pages:/{print $2}')
check "annotated PDF: pages + 1" '[ "$(pdfinfo "$tmp/a.pdf" | awk "/^Pages:/{print \$2}")" = $((pages + 1)) ]'
check "annotated PDF: the list page names the findings" 'pdftotext -f $((pages + 1)) "$tmp/a.pdf" - | grep -q "审核问题清单"'
curl -s -o "$tmp/p.png" "$URL/api/documents/$ID/pages/6.png"
check "page image is a PNG" '[ "$(head -c 4 "$tmp/p.png" | tail -c 3)" = PNG ]'
code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/documents/$ID/pages/999.png")
check "page out of range: 404" '[ "$code" = 404 ]'
curl -s -o "$tmp/f.csv" "$URL/api/documents/$ID/findings.csv"
check "findings CSV" 'grep -q "X-01-03" "$tmp/f.csv"'
curl -s -o "$tmp/f.xlsx" "$URL/api/documents/$ID/findings.xlsx"
check "findings XLSX" '[ "$(head -c 2 "$tmp/f.xlsx")" = PK ]'
code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/../../etc/passwd")
check "no path reaches the file system" '[ "$code" = 404 ]'
code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/documents/2/annotated.pdf")
check "annotated PDF of a text file: 409" '[ "$code" = 409 ]'
stop

# a document loaded by `juesuan db load` (its file not kept): its stored findings
"$JS" db --db "$tmp/t.db" load "$SHARED/seeds/003_bacf23239032d27d.txt" >/dev/null 2>&1
start
curl -s -o "$tmp/l2.json" "$URL/api/documents?dept=荷塘"
DID=$(json "$tmp/l2.json" 'd["documents"][0]["id"]')
curl -s -o "$tmp/d3.json" "$URL/api/documents/$DID"
"$JS" check --format json "$SHARED/seeds/003_bacf23239032d27d.txt" >"$tmp/c3.json"
check "db-loaded document: its stored findings, marked stored_only" \
  '[ "$(json "$tmp/d3.json" "(d[\"stored_only\"], len(d[\"report\"][\"findings\"]))")" = "(True, $(json "$tmp/c3.json" "len(d[\"findings\"])"))" ]'
TOK=$(curl -s "$URL/api/session" | python3 -c "import json,sys; print(json.load(sys.stdin)['csrf'])")
curl -s -o /dev/null -H "X-CSRF-Token: $TOK" -F "file=@$SHARED/seeds/003_bacf23239032d27d.txt" "$URL/api/documents"
curl -s -o "$tmp/d4.json" "$URL/api/documents/$DID"
check "the same file uploaded on the page: now with its tables" \
  '[ "$(json "$tmp/d4.json" "(d[\"stored_only\"], len(d[\"model\"][\"tables\"]) > 0)")" = "(False, True)" ]'
stop

# upload limit
start --max-upload 1
head -c 1500000 /dev/zero >"$tmp/big.txt"
code=$(curl -s -o "$tmp/big.json" -w '%{http_code}' -F "file=@$tmp/big.txt" "$URL/api/check")
check "oversized upload: 413 with a message" '[ "$code" = 413 ] && grep -q "文件过大" "$tmp/big.json"'
stop

# users and login
printf 'correct horse battery\n' | "$JS" user add "$tmp/users" 审核员 2>/dev/null
check "user add: a hash, no password" 'grep -q "^审核员:\$argon2id" "$tmp/users" && ! grep -q horse "$tmp/users"'
start --auth "$tmp/users"
code=$(curl -s -o /dev/null -w '%{http_code}' -F "file=@$SEED" "$URL/api/check")
check "auth: API refused without a session" '[ "$code" = 401 ]'
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"user":"审核员","password":"wrong password"}' "$URL/api/login")
check "auth: wrong password refused" '[ "$code" = 401 ]'
check "auth: the failed login in the server's log" 'grep -q "login failed for .审核员." "$tmp/log"'
curl -s -c "$tmp/jar" -o "$tmp/login.json" -D "$tmp/hdr" -H 'Content-Type: application/json' \
  -d '{"user":"审核员","password":"correct horse battery"}' "$URL/api/login"
check "auth: cookie HttpOnly, SameSite=Strict" 'grep -qi "set-cookie: js_session=.*HttpOnly; SameSite=Strict" "$tmp/hdr"'
code=$(curl -s -b "$tmp/jar" -o /dev/null -w '%{http_code}' -F "file=@$SEED" "$URL/api/check")
check "auth: API with the session" '[ "$code" = 200 ]'
for i in 1 2 3 4 5 6; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"user":"guess","password":"password'$i'"}' "$URL/api/login")
done
check "auth: the 6th failed login of a name in 5 minutes: 429" '[ "$code" = 429 ]'
stop

# the command line: check --annotate
"$JS" check --annotate "$tmp/cli.pdf" "$PDF" >/dev/null 2>&1
check "check --annotate: pages + 1" '[ "$(pdfinfo "$tmp/cli.pdf" | awk "/^Pages:/{print \$2}")" = $((pages + 1)) ]'
"$JS" check --annotate "$tmp/no.pdf" "$SEED" >/dev/null 2>"$tmp/err"
check "check --annotate of a text file: usage error" '[ $? -eq 2 ] || grep -q "needs a PDF" "$tmp/err"'

[ "$fail" -eq 0 ] && echo "all serve API tests passed" || echo "$fail failed"
exit $((fail > 0))
