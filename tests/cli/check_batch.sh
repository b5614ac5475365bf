#!/usr/bin/env bash
# check_batch.sh - issue #15.3: `check --format html|xlsx` over a batch of documents.
# 31 documents (the five seeds, each with five mutated copies in which a few amounts change,
# and one unreadable file): the page opens with a summary table (one row per document, its
# counts matching the JSON report, linked to its section), a contents list, the findings by
# rule and filters; 尾数 notices are folded; the workbook has the sheets 汇总, 审核结果 and
# 规则统计 with a frozen header, filters, column widths, one row per finding, amounts as numbers.
set -u
JS="$1"
SEEDS="${JS_SHARED_DIR:-$(dirname "$0")/../../../shared}/seeds"
fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bad() { echo "FAIL $*"; fail=$((fail+1)); }
ok() { echo "ok $*"; }

mkdir "$tmp/docs"
for s in "$SEEDS"/00*.txt; do
  n=$(basename "$s" .txt)
  cp "$s" "$tmp/docs/${n}_0.txt"
  for i in 1 2 3 4 5; do # a few figures of the tables changed: arithmetic and cross-table errors
    awk -v seed="$i$n" 'BEGIN{srand(length(seed) * 7 + substr(seed, 1, 1))}
      NR > 30 && rand() < 0.02 { sub(/[0-9]\./, int(rand() * 10) ".") } { print }' "$s" >"$tmp/docs/${n}_$i.txt"
  done
done
head -c 3000 /dev/urandom >"$tmp/docs/zz-binary.txt"
ndocs=$(find "$tmp/docs" -type f | wc -l)

"$JS" check --format json "$tmp"/docs/* >"$tmp/all.json" 2>/dev/null
[ $? -eq 3 ] || bad "json: exit 3 for the unreadable file"
"$JS" check --format html -o "$tmp/all.html" "$tmp"/docs/* 2>/dev/null
[ $? -eq 3 ] || bad "html: exit 3 for the unreadable file"
"$JS" check --format xlsx -o "$tmp/all.xlsx" "$tmp"/docs/* 2>/dev/null
[ $? -eq 3 ] || bad "xlsx: exit 3 for the unreadable file"
"$JS" check --format xlsx "$JS_SOURCE_DIR/examples/disclosure-with-errors.txt" >"$tmp/piped.xlsx" 2>/dev/null
head -c 2 "$tmp/piped.xlsx" | grep -q PK || bad "xlsx to a pipe: not a workbook"

python3 - "$tmp" "$ndocs" <<'EOF' || fail=$((fail+1))
import json, re, sys, zipfile
tmp, ndocs = sys.argv[1], int(sys.argv[2])
docs = json.load(open(tmp + "/all.json"))
errs = []
def want(cond, what):
    if not cond:
        errs.append(what)
want(len(docs) == ndocs, "json: %d documents" % len(docs))
tot = {k: sum(d["summary"][k] for d in docs) for k in ("error", "warning", "notice")}
nfind = sum(len(d["findings"]) for d in docs)
rules = {f["rule"] for d in docs for f in d["findings"]}
rounding = sum(1 for d in docs for f in d["findings"] if f["kind"] == "rounding" and f["severity"] == "notice")
want(tot["error"] > 50 and rounding > 0, "the batch has errors and 尾数 notices: %s %d" % (tot, rounding))

# ---- the page
h = open(tmp + "/all.html", encoding="utf-8").read()
top = h.index('id="summary"')
want(top < h.index('<section class="doc"'), "summary before the documents")
want("<nav>" in h and 'href="#rules"' in h and 'href="#docs"' in h, "contents list")
rows = re.findall(r'<tr id="s-d(\d+)"><td class="n">\d+</td><td><a href="#d(\d+)">', h)
want(len(rows) == ndocs and all(a == b for a, b in rows), "summary: one linked row per document")
want(len(re.findall(r'<section class="doc" id="d\d+"', h)) == ndocs, "one section per document")
m = re.search(r'<tr class="total"><td></td><td>合计（(\d+) 份）</td><td></td>'
              r'<td class="n[^"]*">(\d+)</td><td class="n[^"]*">(\d+)</td><td class="n[^"]*">(\d+)</td>', h)
want(m and int(m.group(1)) == ndocs and (int(m.group(2)), int(m.group(3)), int(m.group(4))) ==
     (tot["error"], tot["warning"], tot["notice"]), "summary totals equal the JSON counts")
for d, sec in zip(docs, re.split(r'<section class="doc"', h)[1:]):
    s = d["summary"]
    want('错误 %d</span><span class="warning">警告 %d</span><span class="notice">提示 %d<' %
         (s["error"], s["warning"], s["notice"]) in sec, "section counts of " + d["document"])
want(all('data-rule="%s"' % r in h for r in rules), "rules table: every rule of the batch")
want(all("<option>%s</option>" % r in h for r in rules), "rule filter: every rule")
want('id="filters" hidden' in h and 'data-sev="rounding"' in h and 'id="f-err"' in h, "filters")
# 尾数 notices only inside the folded <details>, which is closed
outside = re.sub(r'<details class="tail">.*?</details>', "", h, flags=re.S)
want('<tr class="f" data-s="rounding"' not in outside, "尾数 notices folded (a consequence follows its root)")
want(h.count('data-s="rounding"') == rounding, "every 尾数 notice in a fold")
want('<details class="tail" open' not in h, "folds closed")
n_rows = len(re.findall(r'<tr class="(?:f|sub)" data-s=', h))
want(n_rows == nfind, "html rows %d = findings %d" % (n_rows, nfind))

# ---- the workbook
z = zipfile.ZipFile(tmp + "/all.xlsx")
wb = z.read("xl/workbook.xml").decode()
want(re.findall(r'<sheet name="([^"]+)"', wb) == ["汇总", "审核结果", "规则统计"], "sheet names")
shared = re.findall(r"<si><t[^>]*>(.*?)</t></si>", z.read("xl/sharedStrings.xml").decode(), re.S)
for i, n in ((1, ndocs), (2, nfind), (3, len(rules))):
    x = z.read("xl/worksheets/sheet%d.xml" % i).decode()
    want('state="frozen"' in x, "sheet %d: frozen header" % i)
    want(re.search(r'<autoFilter ref="A1:[A-Z]+%d"/>' % (n + 1), x), "sheet %d: filter over %d rows" % (i, n))
    want('customWidth="1"' in x, "sheet %d: column widths" % i)
    want(len(re.findall(r'<row r="', x)) >= n + 1, "sheet %d: %d rows" % (i, n))
s1 = z.read("xl/worksheets/sheet1.xml").decode()
want(s1.count("<hyperlink ") >= ndocs - 2, "汇总: links to the findings")
s2 = z.read("xl/worksheets/sheet2.xml").decode()
# 表中 (column I) holds numbers: a stated amount is a number cell, not a string
nums = re.findall(r'<c r="I\d+" s="\d+"><v>', s2)
want(len(nums) > 20, "amounts as numbers (%d)" % len(nums))
heads = [shared[int(v)] for v in re.findall(r'<c r="[A-O]1" s="\d+" t="s"><v>(\d+)</v>', s2)]
want(heads[:6] == ["序号", "部门", "年度", "编号", "级别", "规则"] and "问题" in heads, "findings header: %s" % heads)
for e in errs:
    print("FAIL", e)
sys.exit(1 if errs else 0)
EOF
[ "$fail" -eq 0 ] && ok "batch html and xlsx ($ndocs documents)"
exit $((fail > 0))
