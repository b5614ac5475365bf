#!/usr/bin/env bash
# render_md_escape.sh - issue #16.4: `render --format md` escapes HTML in every text taken
# from the document (Markdown passes raw HTML through), as the HTML writer does.
set -u
JS="$1"
export LANGUAGE=en
fail=0; pass=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
python3 - "$JS_SOURCE_DIR/examples/meta.json" "$tmp/meta.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1], encoding='utf-8'))
m['department'] = '<script>alert(1)</script>局'
m['units'] = ['<img src=x onerror=alert(2)>', 'a|b "q" & c']
m['duties'] = ['<iframe src=//x></iframe>职责']
json.dump(m, open(sys.argv[2], 'w', encoding='utf-8'), ensure_ascii=False)
PY
"$JS" build "$JS_SOURCE_DIR/examples/ledger.csv" --meta "$tmp/meta.json" -o "$tmp/model.json" || bad "build"
"$JS" render "$tmp/model.json" --format md -o "$tmp/out.md" || bad "render md"
n=$(grep -ciE '<(script|img|iframe)' "$tmp/out.md")
[ "$n" -eq 0 ] && ok || bad "$n raw tags in the Markdown"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;局' "$tmp/out.md" && ok || bad "department not escaped as text"
grep -q '&lt;iframe' "$tmp/out.md" && ok || bad "narrative text not escaped"
# the text still reads back: the md of the example has the same words as before
"$JS" render "$tmp/model.json" --format html -o "$tmp/out.html" || bad "render html"
[ "$(grep -ciE '<(script|img|iframe)' "$tmp/out.html")" -eq 0 ] && ok || bad "html has raw tags"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
