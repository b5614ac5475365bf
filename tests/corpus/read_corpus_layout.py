#!/usr/bin/env python3
"""read_corpus_layout.py - lay a rendered disclosure workbook out anew (issue #12 corpus).

    read_corpus_layout.py IN.xlsx OUT.xlsx LAYOUT

`juesuan render --format xlsx` writes one sheet per table, fitted to one A4 page. This
rewrites the workbook's XML (standard library only: zipfile + regular expressions on
the few attributes involved) so that LibreOffice prints it differently: text columns
narrowed so names wrap over two or three lines, another font and size, another paper
size and orientation, tables running over several pages with their header repeated.
Number columns keep room for their widest figure (a cell too narrow prints ###).

Every layout fits the columns to the page width (as printed disclosures do) and lets a
long table run over pages; rows get the height of two or three lines, so a wrapped name
has its code and amounts on its middle line.

Layouts:
  wrap   A4 portrait, Noto Sans CJK SC 10 pt, text columns x0.45, rows of 2 lines
  big    A5 landscape, Droid Sans Fallback 12 pt, text columns x0.6, numbers x1.2, 2 lines
  fit    A4 landscape, the rendered font, text columns x0.35, rows of 3 lines
  serif  A4 portrait, Noto Serif CJK SC 9 pt, text columns x0.5, numbers x1.1, 3 lines
  bare   as wrap, with 01 and 04 printed without their 行次 column (some provinces drop
         it): the columns headed 行次 are hidden, so LibreOffice does not print them
"""
import re
import sys
import zipfile

LAYOUTS = {
    "wrap": dict(paper=9, orient="portrait", font="Noto Sans CJK SC", size=10, text=0.45, num=1.0, lines=2),
    "big": dict(paper=11, orient="landscape", font="Droid Sans Fallback", size=12, text=0.6, num=1.2, lines=2),
    "fit": dict(paper=9, orient="landscape", font=None, size=None, text=0.35, num=1.0, lines=3),
    "serif": dict(paper=9, orient="portrait", font="Noto Serif CJK SC", size=9, text=0.5, num=1.1, lines=3),
    "bare": dict(paper=9, orient="portrait", font="Noto Sans CJK SC", size=10, text=0.45, num=1.0, lines=2,
                 no_lineno=True),
}


def col_index(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n


def lineno_cols(xml, strings):
    """The columns whose header cell (rows 1-8) is the shared string 行次."""
    cols = set()
    for m in re.finditer(r'<c r="([A-Z]+)(\d+)"[^>]*t="s"[^>]*><v>(\d+)</v></c>', xml):
        if int(m.group(2)) <= 8 and strings[int(m.group(3))].replace(" ", "") == "行次":
            cols.add(col_index(m.group(1)))
    return cols


def sheet(xml, L, strings=()):
    # the widest amount of each column as printed (#,##0.00): its column must hold it,
    # or LibreOffice prints ### instead of the figure
    need = {}
    for m in re.finditer(r'<c r="([A-Z]+)\d+"(?: s="\d+")?><v>(-?[0-9.]+)</v></c>', xml):
        c = col_index(m.group(1))
        n = len("{:,.2f}".format(float(m.group(2))))
        need[c] = max(need.get(c, 0), n)
    scale = (L["size"] or 10) / 10.0

    # text columns are the wide ones (names); number columns are about 11-16 wide
    def col(m):
        c, w = int(m.group(2)), float(m.group(4))
        f = L["text"] if w > 17 else L["num"]
        w = max(w * f, 4.0, need.get(c, 0) * 1.15 * scale + 2)
        return '%s%s%s%.2f"' % (m.group(1), m.group(2), m.group(3), w)
    xml = re.sub(r'(<col min=")(\d+)("[^>]*width=")([0-9.]+)"', col, xml)
    if L.get("no_lineno"):
        hide = lineno_cols(xml, strings)
        xml = re.sub(r'<col min="(\d+)"([^>]*?)/>',
                     lambda m: m.group(0) if int(m.group(1)) not in hide
                     else '<col min="%s"%s hidden="1"/>' % (m.group(1), m.group(2)), xml)
    # fit to the page's width, as many pages down as needed
    xml = re.sub(r' fitToWidth="\d+"| fitToHeight="\d+"', "", xml)
    xml = xml.replace("<pageSetup ", '<pageSetup fitToWidth="1" fitToHeight="0" ', 1)
    # rows below the title, 部门 and unit lines: two or three lines high
    pt = {2: 27, 3: 40}[L["lines"]] * (L["size"] or 10) / 10.0

    def row(m):
        r = int(m.group(2))
        attrs = re.sub(r' ht="[0-9.]+"| customHeight="\d"', "", m.group(3))
        if r <= 3:
            return m.group(0)
        return '%s%d"%s ht="%.1f" customHeight="1">' % (m.group(1), r, attrs, pt)
    xml = re.sub(r'(<row r=")(\d+)"([^>]*)>', row, xml)
    xml = re.sub(r'paperSize="\d+"', 'paperSize="%d"' % L["paper"], xml)
    xml = re.sub(r'orientation="\w+"', 'orientation="%s"' % L["orient"], xml)
    if "<pageSetup" in xml and "paperSize" not in xml:
        xml = xml.replace("<pageSetup", '<pageSetup paperSize="%d"' % L["paper"], 1)
    return xml


def styles(xml, L):
    if L["font"]:
        xml = re.sub(r'<name val="[^"]*"/>', '<name val="%s"/>' % L["font"], xml)
    if L["size"]:
        xml = re.sub(r'<sz val="10"/>', '<sz val="%d"/>' % L["size"], xml)
    # every text cell format wraps its text (not the right-aligned ones: amounts)
    xml = re.sub(r'<alignment ((?:(?!wrapText|horizontal="right")[^/])*)/>',
                 r'<alignment \1 wrapText="1"/>', xml)
    return xml


def main():
    src, dst, name = sys.argv[1:4]
    L = LAYOUTS[name]
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
        strings = []
        if "xl/sharedStrings.xml" in zi.namelist():
            ss = zi.read("xl/sharedStrings.xml").decode("utf-8")
            strings = [re.sub(r"<[^>]+>", "", x) for x in re.findall(r"<si>(.*?)</si>", ss, re.S)]
        for it in zi.infolist():
            data = zi.read(it.filename)
            if it.filename.startswith("xl/worksheets/sheet"):
                data = sheet(data.decode("utf-8"), L, strings).encode("utf-8")
            elif it.filename == "xl/styles.xml":
                data = styles(data.decode("utf-8"), L).encode("utf-8")
            zo.writestr(it, data)


if __name__ == "__main__":
    main()
