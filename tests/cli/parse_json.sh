#!/usr/bin/env bash
# parse_json.sh - `juesuan parse --format json` writes the model JSON of docs/model-json.md,
# and every command reads it back: parse again (identical), facts (identical to the text's),
# malformed JSON exits 3 naming file, line and column.
set -u
JS="$1"
S="${JS_SHARED_DIR:-$(dirname "$0")/../../../shared}/seeds"
fail=0; pass=0
ok() { pass=$((pass+1)); }
# the structural checks read the JSON with python3 when it is there
py() { if command -v python3 >/dev/null; then python3 "$@"; else cat >/dev/null; return 0; fi; }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for f in "$S"/00[0-4]_*.txt; do
  b=$(basename "$f" .txt)
  "$JS" parse --format json "$f" > "$tmp/$b.json" || { bad "parse --format json $b"; continue; }
  # the JSON names its version and keeps amounts as decimal strings
  grep -q '"juesuan_model": 1' "$tmp/$b.json" && ok || bad "$b: no juesuan_model"
  py - "$tmp/$b.json" <<'PY' && ok || bad "$b: an amount or score written as a JSON number"
import json, sys
m = json.load(open(sys.argv[1]))
for t in m["tables"].values():
    for r in t["rows"]:
        for c in r["cells"].values():
            assert "value" not in c or isinstance(c["value"], str), c
for p in m["performance"]:
    vals = [p["total_weight"], p["total_score"]]
    for f in p["funds"]:
        vals += [f[k] for k in ("budget_start", "budget_full", "actual", "weight", "rate", "score")]
    for d in p["indicators"]:
        vals += [d["weight"], d["score"]]
    for v in vals:
        assert v is None or isinstance(v["value"], str), v
PY
  # read back: the same model again
  cp "$tmp/$b.json" "$tmp/$b.again.json"
  "$JS" parse --format json "$tmp/$b.again.json" > "$tmp/$b.2.json" || bad "parse $b.json"
  if diff <(grep -v '"path"' "$tmp/$b.json") <(grep -v '"path"' "$tmp/$b.2.json") >/dev/null; then ok
  else bad "$b: JSON -> model -> JSON differs"; fi
  # facts of the JSON = facts of the text
  if diff <("$JS" facts "$f") <("$JS" facts "$tmp/$b.json") >/dev/null; then ok
  else bad "$b: facts of the JSON differ from the text's"; fi
done

# seed 000 by hand: 说明 五(三)1 at line 373, the 部门整体 table's 总分 98 and 等级 优
j="$tmp/000_e65ad6a672f33cc8.json"
grep -q '"num": "五(三)1"' "$j" && ok || bad "000: section 五(三)1 missing"
py - "$j" <<'PY' && ok || bad "000: model content"
import json, sys
m = json.load(open(sys.argv[1]))
s = {x["num"]: x for x in m["sections"]}
assert s["五(三)1"]["loc"]["line"] == 373, s["五(三)1"]
assert s["十五"]["loc"]["line"] == 453
p1 = m["performance"][0]
assert p1["id"] == "P1" and p1["total_score"]["value"] == "98" and p1["grade"] == "优", p1["total_score"]
f = [x for x in p1["funds"] if x["name"] == "合计"][0]
assert f["budget_full"]["value"] == "179.22" and f["rate"]["text"] == "100%"
para = [x for x in m["paragraphs"] if "支出决算数为 75.40" in x["text"]][0]
assert para["loc"]["line"] == 369 and para["lines"][1][1] == 371
PY

# compact output is one line
"$JS" parse --format json --compact "$S/003_bacf23239032d27d.txt" > "$tmp/c.json"
[ "$(wc -l < "$tmp/c.json")" -eq 1 ] && ok || bad "--compact is not one line"

# malformed model JSON: exit 3, file:line:column
printf '{"juesuan_model": 1,\n  "tables": {"01": [}\n}\n' > "$tmp/broken.json"
"$JS" facts "$tmp/broken.json" > /dev/null 2> "$tmp/err"; rc=$?
[ "$rc" -eq 3 ] && ok || bad "malformed JSON: exit $rc, want 3"
grep -q "broken.json:2:" "$tmp/err" && ok || bad "malformed JSON: no file:line in '$(cat "$tmp/err")'"
printf '{"juesuan_model": 1, "sections": [{"num": "一", "parent": 5}]}\n' > "$tmp/invalid.json"
"$JS" parse --format json "$tmp/invalid.json" > /dev/null 2> "$tmp/err"; rc=$?
[ "$rc" -eq 3 ] && ok || bad "invalid model: exit $rc, want 3"
grep -q "invalid.json" "$tmp/err" && ok || bad "invalid model: file not named"

echo "parse_json: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
