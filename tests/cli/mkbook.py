#!/usr/bin/env python3
"""mkbook.py - a ledger CSV and a metadata JSON (docs/build.md) as two sheets of
one XLSX workbook, the way a budget unit keeps them in Excel or WPS: sheet 明细账
with the ledger (Chinese column names, amounts as numbers shown #,##0.00, codes
as numbers), sheet 元数据 with one key a row (键 | 值, nested keys with dots,
list positions from 1). Standard library only.

usage: mkbook.py LEDGER.csv META.json OUT.xlsx [BAD]
BAD = amount: one amount of row 5 becomes text "12.345"; key: a metadata row
      gets the key "budget.items.x.amount" with the value "abc".
"""
import csv
import json
import sys
import zipfile
from xml.sax.saxutils import escape


def col(c):
    r = ""
    c += 1
    while c:
        c, m = divmod(c - 1, 26)
        r = chr(65 + m) + r
    return r


def cell(ref, v, num=False):
    if num == "code":
        return '<c r="%s"><v>%s</v></c>' % (ref, v)
    if num:
        return '<c r="%s" s="1"><v>%s</v></c>' % (ref, v)
    return '<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (ref, escape(v))


def sheet(rows):
    out = []
    for i, row in enumerate(rows):
        cs = "".join(cell("%s%d" % (col(k), i + 1), v, n) for k, (v, n) in enumerate(row) if v != "")
        out.append('<row r="%d">%s</row>' % (i + 1, cs))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://'
            'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>' % "".join(out))


def flat(prefix, v, rows):
    if isinstance(v, dict):
        for k, x in v.items():
            flat(prefix + "." + k if prefix else k, x, rows)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            flat("%s.%d" % (prefix, i + 1), x, rows)
    else:
        rows.append([(prefix, False), (str(v), False)])


def main():
    ledger, meta, out = sys.argv[1:4]
    bad = sys.argv[4] if len(sys.argv) > 4 else ""
    lrows = []
    with open(ledger, encoding="utf-8-sig") as f:
        for i, r in enumerate(csv.reader(f)):
            if i == 0:
                lrows.append([(x, False) for x in r])
                continue
            row = []
            for k, x in enumerate(r):
                num = False
                if x != "" and not (bad == "amount" and i == 4 and k == 5):
                    num = "code" if k in (1, 2) else k == 5
                if bad == "amount" and i == 4 and k == 5:
                    x = "12.345"
                row.append((x, num))
            lrows.append(row)
    mrows = [[("键", False), ("值", False)]]
    flat("", json.load(open(meta, encoding="utf-8")), mrows)
    if bad == "key":
        mrows.append([("budget.items.x.amount", False), ("abc", False)])
    sheets = [("明细账", sheet(lrows)), ("元数据", sheet(mrows))]
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' + "".join('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % (i + 1) for i in range(len(sheets))) + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % rel)
        z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook %s xmlns:r="%s"><sheets>%s</sheets></workbook>' % (ns, rel, "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (n, i + 1, i + 1) for i, (n, _) in enumerate(sheets))))
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + "".join('<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>' % (i + 1, rel, i + 1) for i in range(len(sheets))) + '<Relationship Id="rId9" Type="%s/styles" Target="styles.xml"/></Relationships>' % rel)
        z.writestr("xl/styles.xml", '<?xml version="1.0" encoding="UTF-8"?><styleSheet %s><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="4" applyNumberFormat="1"/></cellXfs></styleSheet>' % ns)
        for i, (_, x) in enumerate(sheets):
            z.writestr("xl/worksheets/sheet%d.xml" % (i + 1), x)


if __name__ == "__main__":
    main()
