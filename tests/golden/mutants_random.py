#!/usr/bin/env python3
"""mutants_random.py - recall of `juesuan check` on generated defects (issue #13).

Usage: mutants_random.py JUESUAN [--seed N] [--per-doc N] [--built N] [--min-recall R]
                         [--min-one-root R] [--verbose] DOC.txt|DIR...

Each DOC is a consistent disclosure (a hand-corrected seed of tests/golden/clean/); --built N
adds N disclosures made by `juesuan build` from tests/cli/build_property_gen.awk (consistent by
construction, 2019..2024). For each document, mutants are drawn at random (fixed --seed) of
every kind of defect the domain lists:

  total      a total of a table (合计 row, 小计/合计 column, 01 本年收入合计 ...) changed
  figure     any other figure of a table changed
  disagree   a 项 of 02/03/05 changed with its 款, 类, 合计 and row total: the table adds up,
             it disagrees with the other tables
  amount     a 说明 amount that restates a table figure changed
  share      a share (占 X%) of the 说明 changed
  growth     a growth rate (增加 A 万元，增长 X%) recomputed on the wrong base (A / 本年)
  completion a completion rate (完成年初预算的 X%) changed
  missing    a table dropped (its title, label and rows)
  label      a table's 公开NN表 label changed to another table's
  code       a 功能分类 code of 02/03/05 changed (one digit dropped, unknown, other parent)
  name       a row's name replaced by another row's name
  year       the year over a table changed
  dept       the unit named over a table changed
  placeholder the unit's name in the 说明 replaced by a placeholder (XX局)

A table mutant is kept only when `juesuan facts` shows exactly the intended change. A mutant
is found when `juesuan check` gives a root finding (error or warning, no `cause`) that the
unchanged document does not give; it has one root when there is exactly one. The unchanged
documents' own errors and warnings are printed too (false errors are judged by hand). Prints
the recall per kind and in all; exit 1 when the recall is below --min-recall or the share
of mutants with one root below --min-one-root.
"""
import atexit
import json
import os
import random
import re
import subprocess
import sys
import shutil
import tempfile

ARGS = sys.argv[1:]
if not ARGS:
    print(__doc__)
    sys.exit(2)
JS = os.path.abspath(ARGS.pop(0))
SEED, PER_DOC, BUILT, MIN_RECALL, MIN_ONE, VERBOSE = 1, 30, 0, 0.0, 0.0, False
docs = []
while ARGS:
    a = ARGS.pop(0)
    if a == "--seed":
        SEED = int(ARGS.pop(0))
    elif a == "--per-doc":
        PER_DOC = int(ARGS.pop(0))
    elif a == "--built":
        BUILT = int(ARGS.pop(0))
    elif a == "--min-recall":
        MIN_RECALL = float(ARGS.pop(0))
    elif a == "--min-one-root":
        MIN_ONE = float(ARGS.pop(0))
    elif a == "--verbose":
        VERBOSE = True
    elif os.path.isdir(a):
        docs += sorted(os.path.join(a, f) for f in os.listdir(a) if f.endswith(".txt"))
    else:
        docs.append(a)
SRC = os.environ.get("JS_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TMP = tempfile.mkdtemp(prefix="jsmut")
atexit.register(shutil.rmtree, TMP, True)
rng = random.Random(SEED)


def run(*args):
    return subprocess.run([JS, *args], capture_output=True, text=True)


def findings(path):
    r = run("check", "--format", "json", path)
    try:
        return json.loads(r.stdout)["findings"]
    except (ValueError, KeyError):
        return None


def facts(path):
    r = run("facts", path)
    out = {}
    for ln in r.stdout.splitlines()[1:]:
        p = ln.split("\t")
        if len(p) == 4:
            out[(p[0], p[1], p[2])] = p[3]
    return out


def key(f):
    """lines move when lines are deleted; a 说明 figure already reported wrong in the
    unchanged document is not a new finding when the table figure it is compared with
    changes (its `expected`)"""
    ks = ("rule", "table", "row", "column", "section", "stated") + \
        (() if f.get("rule", "").startswith("N-") else ("expected",))
    return tuple(f.get(k) for k in ks)


def write(name, text):
    p = os.path.join(TMP, name)
    with open(p, "w", encoding="utf-8") as f:
        f.write(text)
    return p


# ---- amounts ----------------------------------------------------------------------------------

def cents(s):
    s = s.replace(",", "")
    neg = s.startswith("-")
    if neg:
        s = s[1:]
    if "." in s:
        a, b = s.split(".", 1)
        b = (b + "00")[:2]
    else:
        a, b = s, "00"
    v = int(a or "0") * 100 + int(b)
    return -v if neg else v


def fmt(v, like):
    """v cents printed as like is (commas, decimals)"""
    neg = v < 0
    v = abs(v)
    dec = len(like.split(".", 1)[1]) if "." in like else 0
    a, b = divmod(v, 100)
    ia = f"{a:,}" if "," in like else str(a)
    s = ia + ("." + f"{b:02d}"[:dec] if dec else "")
    if dec == 0 and b:
        s = f"{ia}.{b:02d}"
    return ("-" if neg else "") + s


NUM = r"[0-9][0-9,]*(?:\.[0-9]+)?"


def replace_token(line, old, new, nth):
    """replace the nth occurrence (0-based) of old as a whole number token"""
    k = 0
    for m in re.finditer(r"(?<![0-9.,])" + re.escape(old) + r"(?![0-9]|[.,][0-9])", line):
        if k == nth:
            return line[:m.start()] + new + line[m.end():]
        k += 1
    return None


def delta_for(v):
    d = rng.choice([100, 1000, 10000, -100, "swap", "x10"])
    if d == "x10":
        return v * 9 if v else 1000
    if d == "swap":  # two adjacent digits exchanged
        s = str(abs(v))
        pos = [i for i in range(len(s) - 1) if s[i] != s[i + 1]]
        if not pos:
            return 1000
        i = rng.choice(pos)
        t = s[:i] + s[i + 1] + s[i] + s[i + 2:]
        return int(t) - abs(v)
    if v + d < 0:
        return -d
    return d


# ---- the documents -------------------------------------------------------------------------

class Doc:
    def __init__(self, path, name):
        self.path, self.name = path, name
        self.text = open(path, encoding="utf-8").read()
        self.lines = self.text.split("\n")
        r = run("parse", "--format", "json", path)
        self.model = json.loads(r.stdout)
        self.facts = facts(path)
        self.base = findings(path) or []
        self.basekeys = {key(f) for f in self.base}
        self.values = {}  # table figure (cents) -> count
        for (t, row, col), v in self.facts.items():
            c = cents(v)
            if c:
                self.values[c] = self.values.get(c, 0) + 1

    def cells(self):
        """(table, row, col, text, line, nth) of every figure printed in the tables"""
        out = []
        for tno, t in sorted(self.model["tables"].items()):
            byline = {}
            for r in t["rows"]:
                for col in t["columns"]:
                    c = r["cells"].get(col)
                    if not c or not c.get("text") or "loc" not in c or "line" not in c["loc"]:
                        continue
                    ln = c["loc"]["line"]
                    seen = byline.setdefault(ln, {})
                    nth = seen.get(c["text"], 0)
                    seen[c["text"]] = nth + 1
                    out.append((tno, r["key"], col, c["text"], ln, nth, r))
        return out

    def narrative_lines(self):
        """line numbers of the 说明 and 附件 paragraphs"""
        secs = self.model["sections"]
        out = []
        for p in self.model["paragraphs"]:
            s = p.get("section", -1)
            if s < 0 or secs[s]["part"] not in (3, 5):
                continue
            for i in range(p.get("nlines", 1)):
                out.append(p["loc"]["line"] + i)
        return sorted(set(out))


def table_mutant(doc, changes, kind, what):
    """changes: [(line, old, nth, new, (table,row,col), newvalue)]"""
    lines = list(doc.lines)
    want = dict(doc.facts)
    for ln, old, nth, new, fk, nv in changes:
        s = replace_token(lines[ln - 1], old, new, nth)
        if s is None:
            return None
        lines[ln - 1] = s
        want[fk] = nv
    return {"kind": kind, "what": what, "text": "\n".join(lines), "facts": want}


def value_str(c):
    return f"{c // 100}.{c % 100:02d}" if c >= 0 else "-" + value_str(-c)


TOTAL_ROWS = re.compile(r"^(合计|总计|收入:本年收入合计|支出:本年支出合计|收入:总计|支出:总计|"
                        r"人员经费合计|公用经费合计|三公经费)$")
TOTAL_COLS = re.compile(r"(合计|小计|总计)")


def gen_figure(doc, total):
    cells = [c for c in doc.cells() if c[0] in "010203040506070809" and cents(c[3]) is not None]
    if total:
        cells = [c for c in cells if TOTAL_ROWS.match(c[1]) or (TOTAL_COLS.search(c[2]) and
                                                                c[0] != "07")
                 or (c[0] == "07" and c[2].endswith("合计"))]
    else:
        cells = [c for c in cells if not (TOTAL_ROWS.match(c[1]) or TOTAL_COLS.search(c[2]))]
    if not cells:
        return None
    tno, rk, col, text, ln, nth, _ = rng.choice(cells)
    v = cents(text)
    nv = v + delta_for(v)
    if nv < 0 or nv == v:
        return None
    return table_mutant(doc, [(ln, text, nth, fmt(nv, text), (tno, rk, col), value_str(nv))],
                        "total" if total else "figure",
                        f"{tno} {rk} {col}: {text} -> {fmt(nv, text)}")


TOTCOL = {"02": "本年收入合计", "03": "本年支出合计", "05": "小计"}


def gen_disagree(doc):
    tno = rng.choice(["02", "03", "05"])
    t = doc.model["tables"].get(tno)
    if not t:
        return None
    rows = {r["key"]: r for r in t["rows"]}
    tc = TOTCOL[tno]
    cand = []
    for r in t["rows"]:
        k = r["key"]
        if len(k) == 7 and k[:3] in rows and k[:5] in rows and "合计" in rows:
            for col in t["columns"]:
                c = r["cells"].get(col)
                if col != tc and c and c.get("text") and cents(c["text"]) > 0:
                    cand.append((r, col))
    if not cand:
        return None
    r, col = rng.choice(cand)
    d = rng.choice([100, 1000, 5000])
    cl = doc.cells()
    where = {(c[1], c[2]): c for c in cl if c[0] == tno}
    changes = []
    for rk in (r["key"], r["key"][:5], r["key"][:3], "合计"):
        for cc in (col, tc):
            c = where.get((rk, cc))
            if not c:
                return None
            nv = cents(c[3]) + d
            changes.append((c[4], c[3], c[5], fmt(nv, c[3]), (tno, rk, cc), value_str(nv)))
    # one line may hold several changed cells: apply right to left by nth is fragile, so
    # apply per line in order of nth descending
    changes.sort(key=lambda x: (x[0], -x[2]))
    return table_mutant(doc, changes, "disagree",
                        f"{tno} {r['key']} {col} and its 款/类/合计, +{value_str(d)}")


def narrative_matches(doc, pattern):
    out = []
    for ln in doc.narrative_lines():
        if ln - 1 >= len(doc.lines):
            continue
        for m in re.finditer(pattern, doc.lines[ln - 1]):
            out.append((ln, m))
    return out


def text_mutant(doc, ln, start, end, new, kind, what):
    lines = list(doc.lines)
    s = lines[ln - 1]
    lines[ln - 1] = s[:start] + new + s[end:]
    return {"kind": kind, "what": what, "text": "\n".join(lines), "facts": None}


def gen_amount(doc):
    # not a figure of a few hundred yuan: equal to a table figure by chance
    ms = [(ln, m) for ln, m in narrative_matches(doc, r"(?<![0-9.])(" + NUM + r")\s*万元")
          if cents(m.group(1)) >= 100 and doc.values.get(cents(m.group(1)))]
    if not ms:
        return None
    ln, m = rng.choice(ms)
    old = m.group(1)
    v = cents(old)
    nv = v + rng.choice([1000, 10000, -100 if v > 100 else 100])
    new = fmt(nv, old if "." in old else old + ".00").rstrip("0").rstrip(".") if "." not in old \
        else fmt(nv, old)
    return text_mutant(doc, ln, m.start(1), m.end(1), new, "amount",
                       f"line {ln}: {old}万元 -> {new}万元")


def small_amounts(line):
    """a rate of amounts under 1.00 万元 on the line: rounding leaves it too loose to judge
    (0.21 against 0.11 万元 is anything from 178% to 205%)"""
    return any(cents(m.group(1)) < 100 for m in re.finditer(r"(" + NUM + r")\s*万元", line))


def pct_text(x, like):
    dec = len(like.split(".", 1)[1]) if "." in like else 0
    return f"{x:.{dec}f}"


def rate_mutant(doc, pat, upper, bump, kind, word):
    """a rate of the 说明 matched by pat (group 1, 0 < rate < upper, amounts of 1.00 万元 or
    more on its line) changed to bump(rate), printed with the same decimals"""
    ms = narrative_matches(doc, pat)
    ms = [(ln, m) for ln, m in ms if 0 < float(m.group(1)) < upper and
          not small_amounts(doc.lines[ln - 1])]
    if not ms:
        return None
    ln, m = rng.choice(ms)
    old = m.group(1)
    new = pct_text(bump(float(old)), old)
    return text_mutant(doc, ln, m.start(1), m.end(1), new, kind,
                       f"line {ln}: {word}{old}% -> {new}%")


def gen_share(doc):
    return rate_mutant(doc, r"占[^，。；%0-9]{0,30}?(\d+(?:\.\d+)?)%", 100,
                       lambda x: x + 7 if x < 90 else x - 7, "share", "占")


def gen_completion(doc):
    return rate_mutant(doc, r"完成[^，。；%0-9]{0,12}?预算[^，。；%0-9]{0,4}?(\d+(?:\.\d+)?)%", 1000,
                       lambda x: x + 9 if x < 150 else x - 9, "completion", "完成")


def gen_growth(doc):
    pat = (r"(增加|减少|增长|下降|降低)(" + NUM + r")\s*万元[^0-9%。；]{0,12}?(增长|下降|降低|减少)"
           r"(\d+(?:\.\d+)?)%")
    out = []
    for ln, m in narrative_matches(doc, pat):
        line = doc.lines[ln - 1]
        A = cents(m.group(2))
        up = m.group(1) in ("增加", "增长")
        old = m.group(4)
        dec = len(old.split(".", 1)[1]) if "." in old else 0
        # the 本年 figure: an amount before the change on the line
        before = [cents(x.group(1)) for x in re.finditer(r"(" + NUM + r")\s*万元", line[:m.start()])]
        for N in reversed(before):
            prev = N - A if up else N + A
            if prev <= 0 or A <= 0 or N <= 0:
                continue
            right = round(100 * A / prev, dec)
            if abs(right - float(old)) > 1.5 * 10 ** -dec:
                continue
            wrong = round(100 * A / N, dec)
            if abs(wrong - right) < 3 * 10 ** -dec:
                break
            out.append((ln, m, pct_text(wrong, old)))
            break
    if not out:
        return None
    ln, m, new = rng.choice(out)
    return text_mutant(doc, ln, m.start(4), m.end(4), new, "growth",
                       f"line {ln}: {m.group(3)}{m.group(4)}% -> {new}% (on the 本年 base)")


def table_span(doc, tno):
    t = doc.model["tables"].get(tno)
    if not t:
        return None
    a = t["loc"]["line"]
    if t.get("label_loc") and t["label_loc"].get("line"):
        a = min(a, t["label_loc"]["line"])
    return a, t["end"]["line"]


def gen_missing(doc):
    tno = rng.choice(sorted(doc.model["tables"]))
    sp = table_span(doc, tno)
    if not sp:
        return None
    a, b = sp
    lines = doc.lines[:a - 1] + doc.lines[b:]
    return {"kind": "missing", "what": f"table {tno} dropped (lines {a}-{b})",
            "text": "\n".join(lines), "facts": None}


def gen_label(doc):
    tno = rng.choice(sorted(doc.model["tables"]))
    t = doc.model["tables"][tno]
    ll = (t.get("label_loc") or {}).get("line")
    if not ll:
        return None
    s = doc.lines[ll - 1]
    m = re.search(r"公开\s*0?(\d)\s*表", s)
    if not m:
        return None
    other = rng.choice([x for x in "123456789" if x != str(int(tno))])
    return text_mutant(doc, ll, m.start(1), m.end(1), other if m.group(1) == str(int(tno))
                       and not m.group(0).startswith("公开0") else other, "label",
                       f"公开{tno}表 labelled 公开0{other}表")


def gen_code(doc):
    tno = rng.choice(["02", "03", "05"])
    t = doc.model["tables"].get(tno)
    if not t:
        return None
    codes = {r["key"] for r in t["rows"]}
    rows = [r for r in t["rows"] if len(r["key"]) in (5, 7) and r["key"].isdigit()]
    if not rows:
        return None
    r = rng.choice(rows)
    k = r["key"]
    ln = r["loc"]["line"]
    s = doc.lines[ln - 1]
    m = re.search(r"(?<![0-9])" + k + r"(?![0-9])", s)
    if not m:
        return None
    how = rng.choice(["drop", "unknown", "parent"])
    if how == "drop":
        new = k[:-1]
    elif how == "unknown":
        new = k[:-2] + ("87" if k[-2:] != "87" else "86")
    else:  # under another 类 of the document
        others = sorted({c[:3] for c in codes if len(c) == 3 and c != k[:3]})
        if not others:
            return None
        new = rng.choice(others) + k[3:]
    if new in codes:
        return None
    return text_mutant(doc, ln, m.start(), m.end(), new, "code", f"{tno} code {k} -> {new}")


def gen_name(doc):
    tno = rng.choice(["02", "03", "05", "06"])
    t = doc.model["tables"].get(tno)
    if not t:
        return None
    rows = [r for r in t["rows"] if r.get("name") and r["key"].isdigit() and len(r["name"]) >= 2]
    if len(rows) < 2:
        return None
    r = rng.choice(rows)
    other = [x["name"] for x in rows if x["name"] != r["name"] and len(x["key"]) == len(r["key"])]
    if not other:
        return None
    nm = rng.choice(other)
    ln = r["loc"]["line"]
    i = doc.lines[ln - 1].find(r["name"])
    if i < 0:
        return None
    return text_mutant(doc, ln, i, i + len(r["name"]), nm, "name",
                       f"{tno} {r['key']} named {nm}")


def gen_year(doc):
    tno = rng.choice(sorted(doc.model["tables"]))
    sp = table_span(doc, tno)
    if not sp:
        return None
    y = str(doc.model["year"])
    for ln in range(sp[0], min(sp[0] + 12, len(doc.lines))):
        i = doc.lines[ln - 1].find(y + "年")
        if i >= 0:
            return text_mutant(doc, ln, i, i + 4, str(int(y) - 1), "year",
                               f"year over table {tno} -> {int(y) - 1}")
    return None


def gen_dept(doc):
    tno = rng.choice(sorted(doc.model["tables"]))
    t = doc.model["tables"][tno]
    sp = table_span(doc, tno)
    dept = t.get("dept")
    if not sp or not dept:
        return None
    for ln in range(sp[0], min(sp[0] + 12, len(doc.lines))):
        i = doc.lines[ln - 1].find(dept)
        if i >= 0:
            new = "株洲市某某局" if "某" not in dept else "株洲市统计局"
            return text_mutant(doc, ln, i, i + len(dept), new, "dept",
                               f"unit over table {tno} -> {new}")
    return None


def gen_placeholder(doc):
    dept = doc.model.get("department") or ""
    core = re.sub(r"[(（].*$", "", dept)
    if len(core) < 3:
        return None
    ms = [(ln, m) for ln, m in narrative_matches(doc, re.escape(core))]
    if not ms:
        return None
    ln, m = rng.choice(ms)
    return text_mutant(doc, ln, m.start(), m.end(), "XX局", "placeholder",
                       f"line {ln}: {core} -> XX局")


GEN = {
    "total": lambda d: gen_figure(d, True),
    "figure": lambda d: gen_figure(d, False),
    "disagree": gen_disagree,
    "amount": gen_amount,
    "share": gen_share,
    "growth": gen_growth,
    "completion": gen_completion,
    "missing": gen_missing,
    "label": gen_label,
    "code": gen_code,
    "name": gen_name,
    "year": gen_year,
    "dept": gen_dept,
    "placeholder": gen_placeholder,
}


def built_docs(n):
    gen = os.path.join(SRC, "tests/cli/build_property_gen.awk")
    cat = os.path.join(SRC, "data/catalog/classification.tsv")
    out = []
    for s in range(1, n + 1):
        d = os.path.join(TMP, f"built{s}")
        os.makedirs(d, exist_ok=True)
        subprocess.run(["awk", "-v", f"seed={s}", "-v", f"out={d}", "-v", "maxyear=2024", "-f",
                        gen, cat], capture_output=True, check=True)
        r = run("build", f"{d}/ledger.csv", "--meta", f"{d}/meta.json", "-o", f"{d}/model.json")
        if r.returncode != 0:
            continue
        run("render", f"{d}/model.json", "--format", "txt", "-o", f"{d}/built{s}.txt")
        out.append(f"{d}/built{s}.txt")
    return out


def main():
    paths = docs + built_docs(BUILT)
    stats = {}
    misses, multi, false_base = [], [], []
    total = found = one = 0
    for path in paths:
        doc = Doc(path, os.path.basename(path))
        for f in doc.base:
            if f["severity"] in ("error", "warning") and not f.get("cause"):
                false_base.append((doc.name, f))
        kinds = list(GEN)
        made = 0
        tries = 0
        done = set()
        while made < PER_DOC and tries < PER_DOC * 8:
            tries += 1
            kind = kinds[(made + tries) % len(kinds)] if tries <= len(kinds) else rng.choice(kinds)
            mu = GEN[kind](doc)
            if not mu or mu["what"] in done:
                continue
            p = write("m_" + doc.name, mu["text"])
            if mu["facts"] is not None and facts(p) != mu["facts"]:
                continue  # the reader does not see the intended change: not a mutant
            done.add(mu["what"])
            got = findings(p)
            if got is None:
                continue
            made += 1
            roots = [f for f in got if key(f) not in doc.basekeys and
                     f["severity"] in ("error", "warning") and not f.get("cause")]
            st = stats.setdefault(kind, [0, 0, 0])
            st[0] += 1
            total += 1
            if roots:
                st[1] += 1
                found += 1
            else:
                misses.append((doc.name, kind, mu["what"]))
            if len(roots) == 1:
                st[2] += 1
                one += 1
            elif roots:
                multi.append((doc.name, kind, mu["what"], roots))
            if VERBOSE:
                print(f"{'ok  ' if roots else 'MISS'} {doc.name} {kind}: {mu['what']}: "
                      + "; ".join(f["rule"] for f in roots))
    print(f"{'kind':<12}{'mutants':>8}{'found':>7}{'one root':>10}")
    for k in GEN:
        if k in stats:
            n, f, o = stats[k]
            print(f"{k:<12}{n:>8}{f:>7}{o:>10}")
    rec = found / total if total else 0
    print(f"{'all':<12}{total:>8}{found:>7}{one:>10}   recall {rec:.3f}, one root {one / total if total else 0:.3f}"
          f" ({len(paths)} documents, seed {SEED})")
    for m in misses:
        print("MISS", *m)
    if VERBOSE:
        for name, kind, what, roots in multi:
            print("MULTI", name, kind, what)
            for f in roots:
                print("     ", f["rule"], f.get("table") or f.get("section"), f["message"][:120])
    print(f"errors and warnings of the unchanged documents: {len(false_base)}")
    for name, f in false_base:
        print("  BASE", name, f["rule"], f["severity"], f.get("section") or f.get("table"),
              f["message"][:140])
    if rec < MIN_RECALL or (total and one / total < MIN_ONE):
        print(f"FAIL: recall {rec:.3f} (at least {MIN_RECALL}), one root "
              f"{one / total if total else 0:.3f} (at least {MIN_ONE})")
        sys.exit(1)


main()
