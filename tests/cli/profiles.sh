#!/usr/bin/env bash
# profiles.sh - issue #15.2: rule profiles (--profile, --disable, --enable, --severity,
# --tolerance), the baseline of accepted findings (--accept: check --format json output) and
# `juesuan rules` showing the profile in force.
set -u
JS="$1"
fail=0; pass=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
doc="$JS_SOURCE_DIR/examples/disclosure-with-errors.txt"
q() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
"$JS" check --format json "$doc" > "$tmp/base.json"
rule=$(q "$tmp/base.json" "[f['rule'] for f in d['findings'] if f['severity']=='error'][0]")
nrule=$(q "$tmp/base.json" "len([f for f in d['findings'] if f['rule']=='$rule'])")
[ "$nrule" -gt 0 ] && ok || bad "setup: no error finding"
# --disable: the rule is not reported; ids stay 1..n; causes point at findings that exist
"$JS" check --format json --disable "$rule" "$doc" > "$tmp/d.json"
[ "$(q "$tmp/d.json" "len([f for f in d['findings'] if f['rule']=='$rule'])")" -eq 0 ] && ok || bad "--disable $rule"
[ "$(q "$tmp/d.json" "[f['id'] for f in d['findings']] == list(range(1, len(d['findings'])+1))")" = True ] && ok || bad "ids renumbered"
[ "$(q "$tmp/d.json" "all(f.get('cause',0) <= len(d['findings']) for f in d['findings'])")" = True ] && ok || bad "causes renumbered"
# --enable after --disable in a profile file
printf 'name test\ndisable %s   # comment\n' "$rule" > "$tmp/p.profile"
"$JS" check --format json --profile "$tmp/p.profile" --enable "$rule" "$doc" > "$tmp/e.json"
[ "$(q "$tmp/e.json" "len([f for f in d['findings'] if f['rule']=='$rule'])")" -eq "$nrule" ] && ok || bad "--enable after profile disable"
# --severity
"$JS" check --format json --severity "$rule=notice" "$doc" > "$tmp/s.json"
[ "$(q "$tmp/s.json" "set(f['severity'] for f in d['findings'] if f['rule']=='$rule')")" = "{'notice'}" ] && ok || bad "--severity $rule=notice"
# --tolerance: every arithmetic difference up to 100000 万元 is a rounding notice
"$JS" check --format json --tolerance 100000 "$doc" > "$tmp/t.json"
[ "$(q "$tmp/t.json" "len([f for f in d['findings'] if f['kind']=='arithmetic' and 'stated' in f and 'expected' in f])")" -eq 0 ] && ok || bad "--tolerance"
# --accept: the baseline is the earlier JSON output; everything accepted, nothing counted, exit 0
"$JS" check --format json --accept "$tmp/base.json" "$doc" > "$tmp/a.json"; rc=$?
[ "$rc" -eq 0 ] && ok || bad "--accept exit $rc"
[ "$(q "$tmp/a.json" "d['summary']")" = "{'error': 0, 'warning': 0, 'notice': 0}" ] && ok || bad "--accept summary: $(q "$tmp/a.json" "d['summary']")"
[ "$(q "$tmp/a.json" "all('accepted' in f for f in d['findings'])")" = True ] && ok || bad "--accept marks findings"
# an accepted finding keeps the baseline's comment
python3 - "$tmp/base.json" "$tmp/c.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d['findings'] = d['findings'][:1]
d['findings'][0]['accepted'] = {'by': '张审核', 'comment': '已与单位核实，系印刷错误'}
json.dump(d, open(sys.argv[2], 'w'), ensure_ascii=False)
PY
"$JS" check --format json --accept "$tmp/c.json" "$doc" > "$tmp/c2.json"
[ "$(q "$tmp/c2.json" "[f['accepted']['comment'] for f in d['findings'] if 'accepted' in f]")" = "['已与单位核实，系印刷错误']" ] && ok || bad "baseline comment kept"
# misuse
"$JS" check --disable NO-SUCH "$doc" >/dev/null 2>"$tmp/err"; [ $? -eq 2 ] && grep -q "NO-SUCH" "$tmp/err" && ok || bad "unknown rule"
"$JS" check --severity "$rule=fatal" "$doc" >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "bad severity"
"$JS" check --profile no-such-profile "$doc" >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "unknown profile"
printf 'frobnicate x\n' > "$tmp/bad.profile"
"$JS" check --profile "$tmp/bad.profile" "$doc" >/dev/null 2>"$tmp/err"; [ $? -eq 2 ] && grep -q "bad.profile:1" "$tmp/err" && ok || bad "bad profile line named"
# shipped profiles load; rules shows the profile in force
for p in default hunan-2020 shanghai-2024; do
  "$JS" rules --profile "$p" > "$tmp/r.txt" || bad "rules --profile $p"
  grep -q "规则配置" "$tmp/r.txt" && ok || bad "rules --profile $p header"
done
grep -q "尾数容差" "$tmp/r.txt" && ok || bad "shanghai tolerance shown"
"$JS" rules --disable "$rule" --severity C-SECTION=notice > "$tmp/r.txt"
grep -q "^$rule .* off " "$tmp/r.txt" && ok || bad "rules shows $rule off"
grep -q "^C-SECTION .* notice " "$tmp/r.txt" && ok || bad "rules shows the severity"
"$JS" rules > "$tmp/plain.txt"; ! grep -q "规则配置" "$tmp/plain.txt" && ok || bad "rules without profile unchanged"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
