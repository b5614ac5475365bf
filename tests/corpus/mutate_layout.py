#!/usr/bin/env python3
"""mutate_layout.py - a misread is never an error (issue #12): move one figure of a real
disclosure's `pdftotext -layout` text to a neighbouring column or line, over every
position where that can be done, and see what `juesuan check` makes of it.

    mutate_layout.py JUESUAN [LAYOUT_TEXT] [--every K] [--quiet] [--max-false N] [--typos N]

LAYOUT_TEXT defaults to tests/golden/input/shanghai-putuo-finance-bureau-2024.txt (the
layout text of ../shared/pdf/shanghai-putuo-finance-bureau-2024.pdf). For each amount of
the nine tables (lines from the first table title to 第三部分), four mutants: the figure
moved so that its right edge sits on the right edge of the neighbouring number column
to the left or right (columns found from the right edges of the amounts within 12 lines),
or one line up or down at the same place, where the place it goes to is blank. A mutant's
findings are compared with those of the text as it is: an error (not of kind read) that
the correct reading lacks is a false error. Prints per direction: mutants, mutants with a
false error, false errors, mutants with a read notice, and exits 1 if more than N mutants
(default 0) have a false error. --every K tries every K-th figure (for a quick run).

The other side: a figure that is wrong, not misplaced, must stay an error. --typos N
also makes N documents (seeded, reproducible) with one to three figures mistyped (one or
two digits changed in place) and fails if any of them gets an R-DOUBT notice, i.e. a
reading doubt that would hide a genuine defect.
"""
import os
import random
import re
import subprocess
import sys
import tempfile

AMOUNT = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})*\.\d{2}(?![\d,.])")


def findings(js, path):
    out = subprocess.run([js, "check", "--format", "tsv", path], capture_output=True, text=True).stdout
    errs, reads = set(), 0
    for line in out.splitlines()[1:]:
        f = line.split("\t")
        if len(f) < 13:
            continue
        if f[2] == "read":
            reads += f[1] == "R-DOUBT"
            continue
        if f[3] == "error":
            errs.add((f[1], f[4], f[5], f[6]))
    return errs, reads


def table_lines(lines):
    start = end = None
    for i, l in enumerate(lines):
        s = l.strip()
        if start is None and s == "收入支出决算总表" and i > 60:
            start = i
        if start is not None and s.startswith("第三部分"):
            end = i
            break
    return start or 0, end or len(lines)


def col_edges(lines, i, lo, hi):
    edges = set()
    for k in range(max(lo, i - 12), min(hi, i + 13)):
        for m in AMOUNT.finditer(lines[k]):
            edges.add(m.end())
    return sorted(edges)


def blank(line, a, b):
    seg = line[a:b] if a < len(line) else ""
    return seg.strip() == ""


def mutants(lines, lo, hi, every):
    n = 0
    for i in range(lo, hi):
        for m in AMOUNT.finditer(lines[i]):
            n += 1
            if every > 1 and n % every:
                continue
            a, b, tok = m.start(), m.end(), m.group(0)
            edges = col_edges(lines, i, lo, hi)
            left = [e for e in edges if e < a - 1]
            right = [e for e in edges if e > b + 1]
            for d, e in (("left", left[-1] if left else None), ("right", right[0] if right else None)):
                if e is None or e - len(tok) < 0:
                    continue
                na, nb = e - len(tok), e
                rest = lines[i][:a] + " " * len(tok) + lines[i][b:]
                if not blank(rest, na - 1, nb + 1):
                    continue
                new = rest.ljust(nb)
                new = new[:na] + tok + new[nb:]
                yield d, i, tok, {i: new}
            for d, j in (("up", i - 1), ("down", i + 1)):
                if j < lo or j >= hi:
                    continue
                if not blank(lines[j], a - 1, b + 1):
                    continue
                rest = lines[i][:a] + " " * len(tok) + lines[i][b:]
                tgt = lines[j].ljust(b)
                tgt = tgt[:a] + tok + tgt[b:]
                yield d, i, tok, {i: rest.rstrip(), j: tgt}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    every, maxf = 1, 0
    if "--every" in sys.argv:
        every = int(sys.argv[sys.argv.index("--every") + 1])
        args.remove(str(every))
    if "--max-false" in sys.argv:
        maxf = int(sys.argv[sys.argv.index("--max-false") + 1])
        args.remove(str(maxf))
    typos = 0
    if "--typos" in sys.argv:
        typos = int(sys.argv[sys.argv.index("--typos") + 1])
        args.remove(str(typos))
    quiet = "--quiet" in sys.argv
    js = args[0]
    src = args[1] if len(args) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "golden", "input", "shanghai-putuo-finance-bureau-2024.txt")
    lines = open(src, encoding="utf-8").read().split("\n")
    lo, hi = table_lines(lines)
    base, _ = findings(js, src)
    stats = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "m.txt")
        for d, i, tok, change in mutants(lines, lo, hi, every):
            mut = list(lines)
            for k, v in change.items():
                mut[k] = v
            open(path, "w", encoding="utf-8").write("\n".join(mut))
            errs, reads = findings(js, path)
            false = errs - base
            s = stats.setdefault(d, [0, 0, 0, 0])
            s[0] += 1
            s[1] += bool(false)
            s[2] += len(false)
            s[3] += reads > 0
            if false and not quiet:
                print("false error: line %d %s moved %s: %s" % (i + 1, tok, d,
                      "; ".join("|".join(x) for x in sorted(false))[:300]))
    tot = [0, 0, 0, 0]
    for d in ("left", "right", "up", "down"):
        s = stats.get(d, [0, 0, 0, 0])
        tot = [x + y for x, y in zip(tot, s)]
        print("mutate %-5s %4d mutants, %4d with a false error (%d false errors), %4d with a read notice"
              % (d, *s))
    print("mutate total %4d mutants, %4d with a false error (%d false errors), %4d with a read notice"
          % tuple(tot))
    hidden = typo_doubts(js, lines, lo, hi, typos, quiet) if typos else 0
    sys.exit(1 if tot[1] > maxf or hidden else 0)


def typo_doubts(js, lines, lo, hi, n, quiet):
    """n documents with one to three figures mistyped; how many get an R-DOUBT."""
    figs = [(i, m) for i in range(lo, hi) for m in AMOUNT.finditer(lines[i])]
    hidden = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "t.txt")
        for seed in range(n):
            rnd = random.Random(seed)
            mut = list(lines)
            for i, m in rnd.sample(figs, rnd.choice((1, 2, 3))):
                d = list(m.group(0))
                pos = [k for k, ch in enumerate(d) if ch.isdigit()]
                for _ in range(rnd.choice((1, 1, 2))):
                    k = rnd.choice(pos)
                    d[k] = str((int(d[k]) + rnd.randint(1, 9)) % 10)
                mut[i] = mut[i][:m.start()] + "".join(d) + mut[i][m.end():]
            open(path, "w", encoding="utf-8").write("\n".join(mut))
            _, reads = findings(js, path)
            if reads:
                hidden += 1
                if not quiet:
                    print("typo document %d: a genuine defect read as a reading doubt" % seed)
    print("typos %d documents with mistyped figures, %d with a reading doubt" % (n, hidden))
    return hidden


if __name__ == "__main__":
    main()
