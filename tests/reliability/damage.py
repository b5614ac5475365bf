#!/usr/bin/env python3
"""damage.py - single-byte damage against every input kind (issue #16, reliability suite).

For each input (the five seed texts, the Shanghai PDF, a workbook rendered from each seed, the
workbook laid out like the final-accounts software's export), MUTANTS copies each get one byte
damaged at a random offset -- replaced by a random byte, a random byte inserted, or a byte deleted
-- and `juesuan facts` reads each copy. A mutant is:
  crash     killed by a signal, or a sanitizer report on stderr (AddressSanitizer, runtime error)
  hang      not finished within the time limit
  rejected  an error exit (3) with no facts: the file cannot be read (the message names it)
  read      facts printed
and for every mutant the fraction of the original's facts (table, row, column, value equal to the
cent) still read. Prints one line per input kind: mutants, crashes, hangs, rejected, the median and
10th percentile of the fraction kept, and a list of every crash and hang (with the mutation, so it
can be reproduced: the seed makes the run repeatable).

Exit 1 on any crash or hang, or when the median text document keeps under 95% of its facts.

usage: damage.py JUESUAN [--mutants N] [--seed S] [--kinds text,pdf,xlsx] [--timeout SECONDS]
                         [--ops replace,insert,delete]
                         [--keep DIR]   (crashing/hanging mutants are copied to DIR)
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("JS_SOURCE_DIR", os.path.normpath(os.path.join(HERE, "..", "..")))
SHARED = os.environ.get("JS_SHARED_DIR", os.path.join(SRC, "..", "shared"))


def facts(js, path, timeout):
    """(status, set of facts, stderr) of `juesuan facts path`."""
    env = dict(os.environ, LANGUAGE="en", LC_ALL="C.UTF-8")
    try:
        p = subprocess.run([js, "facts", path], capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return "hang", set(), b""
    err = p.stderr
    if p.returncode < 0 or p.returncode >= 128 or b"AddressSanitizer" in err or b"runtime error:" in err \
            or b"LeakSanitizer" in err:
        return "crash", set(), err
    lines = p.stdout.decode("utf-8", "replace").splitlines()[1:]
    got = set(line for line in lines if line.strip())
    if p.returncode not in (0, 3):
        return "crash", got, err  # 4: internal error -- a bug as well
    return ("read" if got else "rejected"), got, err


def mutate(data, rng, ops):
    """data with one byte damaged, and what was done."""
    kind = rng.choice(ops)
    off = rng.randrange(len(data))
    b = rng.randrange(256)
    if kind == "replace":
        if data[off] == b:
            b ^= 0xFF
        return data[:off] + bytes([b]) + data[off + 1:], f"replace {off} {data[off]:#04x}->{b:#04x}"
    if kind == "insert":
        return data[:off] + bytes([b]) + data[off:], f"insert {off} {b:#04x}"
    return data[:off] + data[off + 1:], f"delete {off} {data[off]:#04x}"


def inputs(js, kinds, tmp):
    """[(kind, name, path)] of the originals."""
    out = []
    seeds = sorted(os.path.join(SHARED, "seeds", f) for f in os.listdir(os.path.join(SHARED, "seeds"))
                   if f.endswith(".txt")) if os.path.isdir(os.path.join(SHARED, "seeds")) else []
    if "text" in kinds:
        out += [("text", os.path.basename(s)[:3], s) for s in seeds]
    if "pdf" in kinds:
        pdf = os.path.join(SHARED, "pdf", "shanghai-putuo-finance-bureau-2024.pdf")
        if os.path.exists(pdf):
            out.append(("pdf", "shanghai", pdf))
    if "xlsx" in kinds:
        for s in seeds:
            x = os.path.join(tmp, os.path.basename(s)[:3] + ".xlsx")
            if subprocess.run([js, "render", s, "--format", "xlsx", "-o", x], capture_output=True).returncode == 0:
                out.append(("xlsx", os.path.basename(x), x))
        ex = os.path.join(SRC, "tests", "golden", "input", "export-style.xlsx")
        if os.path.exists(ex):
            out.append(("xlsx", "export-style", ex))
    return out


def pct(v, q):
    v = sorted(v)
    return v[min(len(v) - 1, int(q * len(v)))] if v else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("js")
    ap.add_argument("--mutants", type=int, default=20, help="mutants per input")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--kinds", default="text,pdf,xlsx")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--keep", default=None)
    ap.add_argument("--ops", default="replace,insert,delete",
                    help="kinds of damage: replace (a byte changed), insert, delete")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    kinds = a.kinds.split(",")
    tmp = tempfile.mkdtemp(prefix="js-damage-")
    bad = []
    stats = {}
    try:
        for kind, name, path in inputs(a.js, kinds, tmp):
            st, ref, err = facts(a.js, path, a.timeout)
            if st != "read":
                print(f"damage: {name}: the original gives no facts ({st}): {err[:200]!r}")
                bad.append((kind, name, "original", st))
                continue
            data = open(path, "rb").read()
            s = stats.setdefault(kind, {"inputs": 0, "mutants": 0, "crash": 0, "hang": 0, "rejected": 0,
                                        "kept": [], "facts": 0})
            s["inputs"] += 1
            s["facts"] += len(ref)
            ext = os.path.splitext(path)[1] or ".txt"
            for i in range(a.mutants):
                m, what = mutate(data, rng, a.ops.split(","))
                mp = os.path.join(tmp, f"m{ext}")
                with open(mp, "wb") as f:
                    f.write(m)
                st, got, err = facts(a.js, mp, a.timeout)
                s["mutants"] += 1
                if st in ("crash", "hang"):
                    s[st] += 1
                    bad.append((kind, name, what, st))
                    print(f"damage: {st.upper()} {kind} {name}: {what}\n{err.decode('utf-8', 'replace')[-1500:]}")
                    if a.keep:
                        os.makedirs(a.keep, exist_ok=True)
                        shutil.copy(mp, os.path.join(a.keep, f"{kind}-{name}-{i}{ext}"))
                    continue
                if st == "rejected":
                    s["rejected"] += 1
                s["kept"].append(len(got & ref) / len(ref))
                s.setdefault("by_op", {}).setdefault(what.split()[0], []).append(len(got & ref) / len(ref))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"damage: one byte replaced, inserted or deleted at a random offset (seed {a.seed}, "
          f"{a.mutants} mutants per input)")
    print(f"{'kind':6} {'inputs':>6} {'facts':>6} {'mutants':>7} {'crash':>5} {'hang':>4} {'rejected':>8} "
          f"{'median kept':>11} {'p10 kept':>8} {'mean kept':>9}")
    fail = bool(bad)
    for kind in kinds:
        s = stats.get(kind)
        if not s:
            continue
        k = s["kept"]
        med = statistics.median(k) if k else 0.0
        print(f"{kind:6} {s['inputs']:6} {s['facts']:6} {s['mutants']:7} {s['crash']:5} {s['hang']:4} "
              f"{s['rejected']:8} {med:11.1%} {pct(k, 0.10):8.1%} {(statistics.mean(k) if k else 0):9.1%}")
        for op, v in sorted(s.get("by_op", {}).items()):
            print(f"  {op:8} {len(v):5} mutants read or rejected: median kept {statistics.median(v):.1%}, "
                  f"mean {statistics.mean(v):.1%}")
        if kind == "text" and med < 0.95:
            print("damage: FAIL the median damaged text keeps under 95% of its facts")
            fail = True
    for b in bad:
        print("damage: FAIL", *b)
    return 1 if fail else 0


if __name__ == "__main__":
    sys.exit(main())
