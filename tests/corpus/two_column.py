#!/usr/bin/env python3
"""two_column.py - two-column and landscape narrative pages (issue #12).

    two_column.py JUESUAN [FIRST_SEED] [COUNT] [KEEP_DIR]

For each seed, tests/cli/build_property_gen.awk makes a ledger, `juesuan build` the
disclosure and `juesuan render --format html` its HTML. Some amounts of the 情况说明 are
changed (every 4th amount + 1.00万元, so that the checker has narrative findings to
find), and the page is printed by Chromium (--headless --print-to-pdf) three times:
one column (A4 portrait, the reference), the 情况说明 in two CSS columns, and in two
columns on A4 landscape pages (the tables stay portrait). Each PDF is read back through `pdftotext -layout` and through
juesuan's own PDF reader, and compared with the one-column rendering read the same way:
the narrative claims (each amount or rate stated, with its section) and the narrative
findings of `juesuan check` (rule and section) must be the same. Prints one line per
document and reading, and exits 1 if any differs. Without chromium or pdftotext: SKIP.
The PDF reader finds the gutter from the glyphs' x positions and groups each column's
lines on their own (pdf_geom.c), so both readings are required.
"""
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

AMT = re.compile(r"\d[\d,]*(?:\.\d+)?(?:万元|元|%)")


def run(*a, **k):
    return subprocess.run(list(a), capture_output=True, text=True, **k)


def claims(js, path):
    out = run(js, "parse", "--format", "json", path).stdout
    try:
        d = json.loads(out)
    except ValueError:
        return collections.Counter()
    secs = d.get("sections", [])
    c = collections.Counter()
    for p in d.get("paragraphs", []):
        s = p.get("section")
        num = secs[s]["num"] if isinstance(s, int) and 0 <= s < len(secs) else ""
        if not num or num[0] not in "一二三四五六七八九十":
            continue  # the 情况说明 (第三部分) only
        for m in AMT.finditer(p.get("text", "").replace(" ", "")):
            c[(num, m.group(0))] += 1
    return c


def nfindings(js, path):
    c = collections.Counter()
    for line in run(js, "check", "--format", "tsv", path).stdout.splitlines()[1:]:
        f = line.split("\t")
        if len(f) > 7 and f[2] == "narrative":
            c[(f[1], f[7])] += 1
    return c


def variants(html):
    """one column, two columns, two columns on landscape pages; amounts changed"""
    i = html.index("<h2>第三部分")
    j = html.index("</h2>", i) + 5
    k = html.find("<h2>", j)
    if k < 0:
        k = html.index("</body>")
    n = [0]

    def bump(m):
        n[0] += 1
        if n[0] % 4:
            return m.group(0)
        return "%.2f万元" % (float(m.group(1)) + 1)

    body = re.sub(r"(\d+\.\d{2})万元", bump, html[j:k])
    one = html[:j] + body + html[k:]
    two = html[:j] + '<div style="column-count:2;column-gap:10mm">' + body + "</div>" + html[k:]
    # landscape pages for the 情况说明 only (a named page), so that the tables print as
    # in the reference and only the narrative's reading is compared
    land = html[:j] + '<div style="page:land;column-count:2;column-gap:10mm">' + body + "</div>" + html[k:]
    land = land.replace("@page{size:A4;margin:18mm 15mm}",
                        "@page{size:A4;margin:18mm 15mm}@page land{size:A4 landscape;margin:15mm}")
    land = land.replace("max-width:190mm", "max-width:267mm")
    return {"one": one, "two": two, "land": land}


def main():
    js = os.path.abspath(sys.argv[1])
    first = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    chrome = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not chrome or not shutil.which("pdftotext"):
        print("two_column: SKIP (no chromium or pdftotext)")
        return 0
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    gen = os.path.join(src, "tests", "cli", "build_property_gen.awk")
    cat = os.path.join(src, "data", "catalog", "classification.tsv")
    tmp = sys.argv[4] if len(sys.argv) > 4 else tempfile.mkdtemp()
    os.makedirs(tmp, exist_ok=True)
    fail = 0
    try:
        for seed in range(first, first + count):
            d = os.path.join(tmp, str(seed))
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "desc"), "w") as f:
                subprocess.run(["awk", "-v", "seed=%d" % seed, "-v", "out=" + d, "-f", gen, cat], stdout=f, check=True)
            run(js, "build", d + "/ledger.csv", "--meta", d + "/meta.json", "-o", d + "/model.json")
            if run(js, "render", d + "/model.json", "--format", "html", "-o", d + "/d.html").returncode:
                print("FAIL seed %d: build/render" % seed)
                fail += 1
                continue
            html = open(d + "/d.html", encoding="utf-8").read()
            got = {}
            for name, text in variants(html).items():
                h, pdf, txt = ("%s/%s.%s" % (d, name, x) for x in ("html", "pdf", "txt"))
                open(h, "w", encoding="utf-8").write(text)
                run(chrome, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    "--user-data-dir=" + d + "/chrome", "--print-to-pdf=" + pdf, "file://" + h, timeout=300)
                if not os.path.exists(pdf):
                    print("FAIL seed %d %s: chromium made no PDF" % (seed, name))
                    fail += 1
                    continue
                run("pdftotext", "-layout", pdf, txt)
                got[name] = {"layout": (claims(js, txt), nfindings(js, txt)),
                             "pdf": (claims(js, pdf), nfindings(js, pdf))}
            if "one" not in got:
                continue
            for name in ("two", "land"):
                for how in ("layout", "pdf"):
                    if name not in got:
                        continue
                    (rc, rf), (c, f) = got["one"][how], got[name][how]
                    same = sum((rc & c).values())
                    fdiff = sum(((f - rf) + (rf - f)).values())
                    ok = c == rc and f == rf
                    print("seed %d %-4s %-6s claims %d of %d same (%d missing, %d extra); "
                          "narrative findings %d, %d differ%s" % (
                              seed, name, how, same, sum(rc.values()), sum((rc - c).values()),
                              sum((c - rc).values()), sum(f.values()), fdiff, "" if ok else " FAIL"))
                    if not ok:
                        fail += 1
                        for x in sorted(rc - c)[:5]:
                            print("  missing", x)
                        for x in sorted(c - rc)[:5]:
                            print("  extra  ", x)
    finally:
        if len(sys.argv) <= 4:
            shutil.rmtree(tmp, ignore_errors=True)
    print("two_column: %d failures" % fail)
    return 1 if fail else 0


if __name__ == "__main__":
    sys.exit(main())
