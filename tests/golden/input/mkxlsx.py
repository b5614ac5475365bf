#!/usr/bin/env python3
"""mkxlsx.py - lay the nine tables of a seed disclosure (tab-separated text) out
as a workbook in the style of the final-accounts software's export, written
part by part (no dependencies beyond the standard library):

  - several tables on one sheet (01-03, 04-06, 07-09), a blank row between;
  - each title in a cell merged over the table's width;
  - codes of the coded tables in three columns 类 | 款 | 项, the 类 a number,
    款 and 项 numbers shown with the format "00" (3 -> "03");
  - amounts in 元 (the seed's 万元 x 10000, exact), as numbers with the format
    #,##0.00, every fifth one as text ("1,234,500.00"), the 合计 rows'
    amounts as SUM formulas with their cached value;
  - the unit line "单位：元"; strings in the shared string table.

The facts read back must be the seed's (tests/golden/facts/).

usage: mkxlsx.py SEED.txt OUT.xlsx
"""
import re
import sys
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

TITLES = {
    "收入支出决算总表": 1, "收入决算表": 2, "支出决算表": 3, "财政拨款收入支出决算总表": 4,
    "一般公共预算财政拨款支出决算表": 5, "一般公共预算财政拨款基本支出决算表": 6,
    "一般公共预算财政拨款“三公”经费支出决算表": 7, "财政拨款“三公”经费支出决算表": 7,
    "政府性基金预算财政拨款收入支出决算表": 8, "国有资本经营预算财政拨款支出决算表": 9,
    "国有资本经营预算财政拨款收入支出决算表": 9,
}
CODED = {2, 3, 5, 8, 9}
AMOUNT = re.compile(r"^-?[0-9,]*[0-9]\.[0-9]{1,2}$")
CODE = re.compile(r"^[0-9]{3}([0-9]{2})?([0-9]{2})?$")


def tables(text):
    """(no, [rows of cells]) for each table region of the seed: from its title
    (not a contents entry) to the next title or the first narrative part."""
    out, cur = [], None
    for line in text.splitlines():
        key = re.sub(r"\s", "", line)
        if key in TITLES and "\t" not in line:
            cur = (TITLES[key], [[key]])
            out.append(cur)
            continue
        if cur is None:
            continue
        if key.startswith("第三部分") or re.match(r"^第[一二三四五]部分", key):
            cur = None
            continue
        if key == "":
            continue
        if key == "元" and re.match(r"^(金额)?单位[:：]万$", "".join(cur[1][-1])):
            cur[1][-1] = ["单位：万元"]  # 万 | 元 wrapped over two lines
            continue
        cur[1].append(line.split("\t"))
    # the contents list each title too: keep the last region of each table
    last = {}
    for no, rows in out:
        if len(rows) > 2:
            last[no] = rows
    return [(no, last[no]) for no in sorted(last)]


class Book:
    def __init__(self):
        self.sst, self.sidx = [], {}

    def s(self, text):
        if text not in self.sidx:
            self.sidx[text] = len(self.sst)
            self.sst.append(text)
        return self.sidx[text]


def col(c):
    r = ""
    c += 1
    while c:
        c, m = divmod(c - 1, 26)
        r = chr(65 + m) + r
    return r


# styles: 0 default, 1 #,##0.00 (numFmt 4), 2 "00" (custom 164), 3 "0" (numFmt 1)
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="00"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
</styleSheet>"""


def sheet_xml(book, regions):
    rows, merges, r = [], [], 0
    nth = 0
    for no, lines in regions:
        width = max(len(x) for x in lines) + (2 if no in CODED else 0)
        for i, cells in enumerate(lines):
            r += 1
            out = []
            if i == 0:  # the title, merged over the table
                out.append('<c r="A%d" t="s"><v>%d</v></c>' % (r, book.s(cells[0])))
                merges.append("A%d:%s%d" % (r, col(width - 1), r))
                rows.append('<row r="%d">%s</row>' % (r, "".join(out)))
                continue
            cells = [re.sub(r"^(-?[0-9,]*[0-9]\.) ([0-9]{2})$", r"\1\2", c.strip()) for c in cells]
            if cells and re.match(r"^(金额)?单位[:：]\s*万元$", cells[0]):
                cells[0] = "单位：元"
            lead = []
            if no in CODED and len(cells) > 1:
                c0 = cells[0]
                if CODE.match(c0):
                    lead = [("n3", c0[:3])]
                    lead += [("n2", c0[3:5])] if len(c0) >= 5 else [("", "")]
                    lead += [("n2", c0[5:7])] if len(c0) == 7 else [("", "")]
                else:
                    lead = [("s", c0), ("", ""), ("", "")]
                cells = cells[1:]
            total = bool(cells) and re.sub(r"\s", "", (lead[0][1] if lead else cells[0])) in ("合计", "总计")
            items = lead + [("a" if AMOUNT.match(c) and i > 0 else "s", c) for c in cells]
            for k, (kind, text) in enumerate(items):
                ref = "%s%d" % (col(k), r)
                if kind == "" or text == "":
                    continue
                if kind == "s":
                    out.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, book.s(text)))
                elif kind in ("n3", "n2"):
                    out.append('<c r="%s" s="%d"><v>%d</v></c>' % (ref, 3 if kind == "n3" else 2, int(text)))
                else:
                    yuan = Decimal(text.replace(",", "")) * 10000
                    nth += 1
                    if total:
                        out.append('<c r="%s" s="1"><f>SUM(%s%d:%s%d)</f><v>%s</v></c>'
                                   % (ref, col(k), r + 1, col(k), r + 20, format(yuan, "f")))
                    elif nth % 5 == 0:
                        out.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, book.s("{:,.2f}".format(yuan))))
                    else:
                        out.append('<c r="%s" s="1"><v>%s</v></c>' % (ref, format(yuan, "f")))
            rows.append('<row r="%d">%s</row>' % (r, "".join(out)))
        r += 1  # a blank row between tables
    m = ('<mergeCells count="%d">%s</mergeCells>' % (len(merges), "".join('<mergeCell ref="%s"/>' % x for x in merges))) if merges else ""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheetData>%s</sheetData>%s</worksheet>' % ("".join(rows), m))


def main():
    seed, out = sys.argv[1], sys.argv[2]
    regions = tables(open(seed, encoding="utf-8").read())
    groups = [("决算表(一)", [x for x in regions if x[0] <= 3]),
              ("决算表(二)", [x for x in regions if 4 <= x[0] <= 6]),
              ("决算表(三)", [x for x in regions if x[0] >= 7])]
    book = Book()
    sheets = [sheet_xml(book, g) for _, g in groups]
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   + "".join('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % (i + 1) for i in range(len(sheets)))
                   + '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                   '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % rel)
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook %s xmlns:r="%s"><sheets>%s</sheets></workbook>'
                   % (ns, rel, "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (escape(n), i + 1, i + 1) for i, (n, _) in enumerate(groups))))
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + "".join('<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>' % (i + 1, rel, i + 1) for i in range(len(sheets)))
                   + '<Relationship Id="rId%d" Type="%s/sharedStrings" Target="sharedStrings.xml"/>' % (len(sheets) + 1, rel)
                   + '<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>' % (len(sheets) + 2, rel)
                   + '</Relationships>')
        for i, x in enumerate(sheets):
            z.writestr("xl/worksheets/sheet%d.xml" % (i + 1), x)
        z.writestr("xl/sharedStrings.xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst %s count="%d" uniqueCount="%d">%s</sst>'
                   % (ns, len(book.sst), len(book.sst), "".join('<si><t xml:space="preserve">%s</t></si>' % escape(t) for t in book.sst)))
        z.writestr("xl/styles.xml", STYLES)


if __name__ == "__main__":
    main()
