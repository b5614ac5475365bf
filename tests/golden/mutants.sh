#!/usr/bin/env bash
# mutants.sh - one defect, one finding: each mutant of tests/golden/mutants.tsv (one figure of a
# table or of the 说明 changed, a table dropped or emptied, a 科目 misnamed in a hand-corrected
# seed of tests/golden/clean/) must give exactly one root finding (error or warning, no `cause`)
# beyond those of the unchanged copy, of the listed rule.
set -u
JS="$1"
case "$JS" in /*) ;; *) JS="$PWD/$JS" ;; esac
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$JS" "$SRC/tests/golden/clean" "$SRC/tests/golden/mutants.tsv" "$tmp" <<'PY'
import json, subprocess, sys
js, clean, listing, tmp = sys.argv[1:5]

def check(text, name):
    p = f"{tmp}/{name}"
    with open(p, "w", encoding="utf-8") as f:
        f.write(text)
    r = subprocess.run([js, "check", "--format", "json", p], capture_output=True, text=True)
    return json.loads(r.stdout)["findings"]

def key(f):  # lines move when lines are deleted
    return tuple(f.get(k) for k in ("rule", "table", "row", "column", "section", "stated", "expected"))

base = {}
fail = n = 0
for ln in open(listing, encoding="utf-8"):
    ln = ln.rstrip("\n")
    if not ln or ln.startswith("#"):
        continue
    name, op, where, old, new, rule, what = ln.split("\t")
    old, new = old.replace("\\t", "\t"), new.replace("\\t", "\t")
    text = open(f"{clean}/{name}", encoding="utf-8").read()
    if name not in base:
        base[name] = {key(f) for f in check(text, name)}
    lines = text.split("\n")
    if op == "replace":
        i = int(where) - 1
        if old not in lines[i]:
            print(f"FAIL {name}:{where}: '{old}' not on the line"); fail += 1; continue
        lines[i] = lines[i].replace(old, new, 1)
    else:
        a, b = (int(x) for x in where.split("-"))
        lines = lines[:a - 1] + lines[b:]
    got = check("\n".join(lines), "m_" + name)
    roots = [f for f in got if key(f) not in base[name] and f["severity"] in ("error", "warning")
             and not f.get("cause")]
    n += 1
    if len(roots) != 1 or roots[0]["rule"] != rule:
        fail += 1
        print(f"FAIL {name} {op} {where} ({what}): want one root {rule}, got {len(roots)}:")
        for f in roots:
            print("   ", f["rule"], f.get("table") or f.get("section"), f["message"])
print(f"{'ok' if not fail else 'FAIL'}: {n - fail} of {n} mutants give one root finding")
sys.exit(1 if fail else 0)
PY
