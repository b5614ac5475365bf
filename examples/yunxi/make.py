#!/usr/bin/env python3
"""make.py - the example region's other disclosures (examples/yunxi/), derived from the
fictional department of examples/ (ledger.csv, meta.json) so that the README's `db` and
`report` commands have a small region to work on: the same bureau's year 2019, and two
other district bureaus of 云溪市 for 2020. Each is the example's ledger and metadata with
every amount in 元 multiplied by a factor (rounded to the fen per posting, so the ledger
stays a ledger), built and written as text by juesuan itself:

    python3 examples/yunxi/make.py build/juesuan

Deterministic: running it again gives the same files."""
import csv, io, json, os, re, subprocess, sys, tempfile
from decimal import Decimal, ROUND_HALF_UP

HERE = os.path.dirname(os.path.abspath(__file__))
EX = os.path.dirname(HERE)
JS = sys.argv[1] if len(sys.argv) > 1 else "build/juesuan"

# (file, department, region, year, factor)
VARIANTS = [
    ("2019-临江区科学技术和工业信息化局.txt", "云溪市临江区科学技术和工业信息化局", "云溪市临江区", 2019, "0.91"),
    ("2020-江北区科学技术局.txt", "云溪市江北区科学技术局", "云溪市江北区", 2020, "0.63"),
    ("2020-南山区科技和工业信息化局.txt", "云溪市南山区科技和工业信息化局", "云溪市南山区", 2020, "1.37"),
]
AMOUNT = re.compile(r"^\d+(\.\d+)?$")
KEEP = {"weight", "score"}  # numbers that are not amounts


def scale(v, f):
    return str((Decimal(v) * f).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def walk(x, f, key=None):
    if isinstance(x, dict):
        return {k: walk(v, f, k) for k, v in x.items()}
    if isinstance(x, list):
        return [walk(v, f, key) for v in x]
    if isinstance(x, str) and key not in KEEP and AMOUNT.match(x):
        return scale(x, f)
    return x


def main():
    meta0 = json.load(open(os.path.join(EX, "meta.json"), encoding="utf-8"))
    rows = list(csv.reader(open(os.path.join(EX, "ledger.csv"), encoding="utf-8", newline="")))
    dept0 = meta0["department"]
    for name, dept, region, year, factor in VARIANTS:
        f = Decimal(factor)
        meta = walk(meta0, f)
        meta.update(department=dept, region=region, year=year)
        meta["units"] = [u.replace(dept0, dept) for u in meta0["units"]]
        text = json.dumps(meta, ensure_ascii=False, indent=2)
        text = text.replace(str(meta0["year"]) + "年", str(year) + "年")
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(rows[0])
        amount = rows[0].index("金额")
        for r in rows[1:]:
            r = list(r)
            r[amount] = scale(r[amount], f)
            w.writerow(r)
        with tempfile.TemporaryDirectory() as tmp:
            lp, mp = os.path.join(tmp, "ledger.csv"), os.path.join(tmp, "meta.json")
            open(lp, "w", encoding="utf-8").write(out.getvalue())
            open(mp, "w", encoding="utf-8").write(text)
            subprocess.run([JS, "build", lp, "--meta", mp, "--format", "txt", "-o",
                            os.path.join(HERE, name)], check=True)


if __name__ == "__main__":
    main()
