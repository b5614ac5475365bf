#!/usr/bin/env bash
# narrative.sh - the narrative rules (N-*) on the five seeds and the Shanghai 2024 PDF.
# For each, defects-narrative/<name>.tsv lists BY HAND every defect of the 情况说明 (rule,
# section, line, stated, expected, severity; line "-" for a PDF: matched by section and
# stated value). The test asserts that
#   1. each listed defect is reported: same rule and line, same stated value, and the
#      same expected value and severity where the list gives them;
#   2. no N-* finding of severity error is reported that is not in the list.
set -u
JS="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
S="${JS_SHARED_DIR:-$HERE/../../../shared}/seeds"
command -v python3 >/dev/null || { echo "FAIL: python3 is needed to read the JSON"; exit 1; }
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for list in "$HERE"/defects-narrative/*.tsv; do
  b=$(basename "$list" .tsv)
  f="$S/$b.txt"
  [ -f "$f" ] || f="$S/../pdf/$b.pdf"
  [ -f "$f" ] || { echo "FAIL $b: no seed or PDF named $b"; fail=$((fail+1)); continue; }
  "$JS" check --format json "$f" > "$tmp/$b.json"
  rc=$?
  if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then echo "FAIL $b: check exited $rc"; fail=$((fail+1)); continue; fi
  python3 - "$tmp/$b.json" "$list" "$b" <<'PY' || fail=$((fail+1))
import json, sys
doc = json.load(open(sys.argv[1]))
if isinstance(doc, list):
    doc = doc[0]
found = [x for x in doc["findings"] if x["rule"].startswith("N-")]
want = []
for ln in open(sys.argv[2], encoding="utf-8"):
    if not ln.strip() or ln.startswith("#"):
        continue
    f = ln.rstrip("\n").split("\t")
    want.append(dict(rule=f[0], section=f[1], line=None if f[2] == "-" else int(f[2]),
                     stated=f[3], expected=f[4],
                     severity=f[5]))
bad = 0
used = set()
for w in want:
    hit = None
    for i, x in enumerate(found):
        if i in used or x["rule"] != w["rule"]:
            continue
        if w["line"] is not None and x.get("line") != w["line"]:
            continue
        if w["line"] is None and x.get("section") != w["section"]:
            continue
        if x.get("stated") != (None if w["stated"] == "-" else w["stated"]):
            continue
        if w["stated"] == "-" and w["expected"] != "-" and x.get("expected") != w["expected"]:
            continue
        hit = i
        break
    if hit is None:
        print("FAIL %s: not reported: %s" % (sys.argv[3], "\t".join(str(v) for v in w.values())))
        bad += 1
        continue
    used.add(hit)
    x = found[hit]
    if x.get("section") != w["section"]:
        print("FAIL %s line %s: section %s, want %s" % (sys.argv[3], w["line"], x.get("section"), w["section"]))
        bad += 1
    if w["expected"] != "-" and x.get("expected") != w["expected"]:
        print("FAIL %s line %s: expected %s, want %s" % (sys.argv[3], w["line"], x.get("expected"), w["expected"]))
        bad += 1
    if x.get("severity") != w["severity"]:
        print("FAIL %s line %s: severity %s, want %s" % (sys.argv[3], w["line"], x.get("severity"), w["severity"]))
        bad += 1
    if x.get("kind") not in ("narrative", "rounding"):
        print("FAIL %s line %s: kind %s" % (sys.argv[3], w["line"], x.get("kind")))
        bad += 1
    pre = w["section"] if w["section"].startswith("附件") else "说明" + w["section"]
    if not x.get("message", "").startswith(pre + "："):
        print("FAIL %s line %s: message %s" % (sys.argv[3], w["line"], x.get("message")))
        bad += 1
for i, x in enumerate(found):
    if i not in used and x["severity"] == "error":
        print("FAIL %s: unlisted error %s line %s: %s" % (sys.argv[3], x["rule"], x.get("line"), x["message"]))
        bad += 1
print("%s: %d listed, %d N-* findings" % (sys.argv[3], len(want), len(found)))
sys.exit(1 if bad else 0)
PY
done
[ $fail -eq 0 ] && echo "narrative: all seeds pass" || echo "narrative: $fail seed(s) failed"
[ $fail -eq 0 ]
