#!/usr/bin/env python3
"""mkpdf.py - write the small PDF fixtures of the PDF reader's tests (docs/pdf.md).

    python3 tests/golden/input/mkpdf.py SEED.txt OUTDIR [raw]

writes into OUTDIR:
  form2020.pdf   the seed (tab-separated text of a 2020 disclosure) laid out as a
                 PDF: every block of tab-separated lines a ruled table (numbers
                 right-aligned, the rows continuing on the next page), other lines
                 running text. Text is in a Type0 font with a ToUnicode map, so the
                 text layer is exact; no font is embedded.
  scan.pdf       one page holding only an image (no text layer).
  nopages.pdf    a PDF whose page tree is empty.
  truncated.pdf  the first half of form2020.pdf.

No dependencies beyond Python 3. The PDFs are written by hand (objects, xref),
so what the reader is tested on is known exactly.
"""
import sys
import zlib

FS = 9.0          # font size (points)
ROW = 16.0        # row height of a table row
LINE = 14.0       # line height of running text
PW, PH = 842.0, 595.0  # landscape A4
MARGIN = 40.0
RAW = False  # content streams uncompressed (the fuzz corpus: mutations reach the operators)


def width(s):
    return sum((1.0 if ord(c) >= 0x2E80 else 0.5) * FS for c in s)


def hexstr(s):
    return "<" + "".join("%04X" % (ord(c) if ord(c) < 0x10000 else 0xFFFD) for c in s) + ">"


class Page:
    def __init__(self):
        self.ops = []

    def text(self, x, y, s):
        # y: top of the text line (top-left origin); PDF wants the baseline, bottom-left origin
        base = PH - y - FS
        self.ops.append("BT /F1 %.1f Tf %.2f %.2f Td %s Tj ET" % (FS, x, base, hexstr(s)))

    def hline(self, x0, x1, y):
        self.ops.append("%.2f %.2f m %.2f %.2f l S" % (x0, PH - y, x1, PH - y))

    def vline(self, x, y0, y1):
        self.ops.append("%.2f %.2f m %.2f %.2f l S" % (x, PH - y0, x, PH - y1))


def is_num(s):
    t = s.replace(",", "").replace(" ", "")
    try:
        float(t)
        return True
    except ValueError:
        return False


def layout(lines):
    pages = [Page()]
    y = MARGIN
    i = 0
    while i < len(lines):
        ln = lines[i]
        if "\t" not in ln:
            # running text, wrapped at the right margin like a printed page
            rest = ln.strip()
            while True:
                if y + LINE > PH - MARGIN:
                    pages.append(Page())
                    y = MARGIN
                k = len(rest)
                while k > 1 and width(rest[:k]) > PW - 2 * MARGIN:
                    k -= 1
                if rest:
                    pages[-1].text(MARGIN, y, rest[:k])
                y += LINE
                rest = rest[k:]
                if not rest:
                    break
            i += 1
            continue
        # a block of tab-separated lines: one ruled table
        j = i
        while j < len(lines):
            if "\t" in lines[j]:
                j += 1
                continue
            # blank lines between two parts of one table (a page break of the original)
            k = j
            while k < len(lines) and not lines[k].strip():
                k += 1
            if k > j and k < len(lines) and "\t" in lines[k]:
                j = k
                continue
            break
        rows = [l.split("\t") for l in lines[i:j] if l.strip()]
        ncol = max(len(r) for r in rows)
        widths = [24.0] * ncol
        for r in rows:
            for c, cell in enumerate(r):
                widths[c] = max(widths[c], min(width(cell.strip()), 150.0) + 8)
        scale = min(1.0, (PW - 2 * MARGIN) / sum(widths))
        widths = [w * scale for w in widths]
        xs = [MARGIN]
        for w in widths:
            xs.append(xs[-1] + w)
        top = y
        for r in rows:
            # a long name wraps over two lines: the row is twice as high
            wrap = [c for c, cell in enumerate(r) if width(cell.strip()) > widths[c] - 6]
            h = ROW * 2 if wrap else ROW
            if y + h > PH - MARGIN:
                close(pages[-1], xs, top, y)
                pages.append(Page())
                y = top = MARGIN
            pg = pages[-1]
            pg.hline(xs[0], xs[-1], y)
            for c, cell in enumerate(r):
                cell = cell.strip()
                if not cell:
                    continue
                if c in wrap:
                    # split so that each part fits
                    k = len(cell)
                    while k > 1 and width(cell[:k]) > widths[c] - 6:
                        k -= 1
                    pg.text(xs[c] + 3, y + 2, cell[:k])
                    pg.text(xs[c] + 3, y + 2 + ROW, cell[k:])
                elif is_num(cell):
                    # right-aligned, and printed near the top of a tall row
                    pg.text(xs[c + 1] - 3 - width(cell), y + 3, cell)
                else:
                    pg.text(xs[c] + 3, y + (h - FS) / 2, cell)
            y += h
        close(pages[-1], xs, top, y)
        y += LINE / 2
        i = j
    return pages


def close(pg, xs, top, bottom):
    pg.hline(xs[0], xs[-1], bottom)
    for x in xs:
        pg.vline(x, top, bottom)


def write_pdf(path, page_streams, resources, extra_objs=None, count=None, cut=None, rotate=0,
              encrypt=False):
    objs = []  # (num, bytes)

    def add(b):
        objs.append(b if isinstance(b, bytes) else b.encode("latin-1"))
        return len(objs)

    font = add("<< /Type /Font /Subtype /Type0 /BaseFont /JSSans /Encoding /Identity-H "
               "/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (2, 3))
    add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /JSSans "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        "/FontDescriptor 4 0 R /DW 1000 /W [32 [500] 33 126 500] /CIDToGIDMap /Identity >>")
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def "
            "/CMapName /JS-UCS def /CMapType 2 def 1 begincodespacerange <0000> <FFFF> "
            "endcodespacerange 1 beginbfrange <0000> <FFFF> <0000> endbfrange endcmap "
            "CMapName currentdict /CMap defineresource pop end end")
    add("<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap))
    add("<< /Type /FontDescriptor /FontName /JSSans /Flags 4 /FontBBox [0 -120 1000 880] "
        "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
    assert font == 1
    extra = [add(o) for o in (extra_objs or [])]
    res = resources % tuple(extra) if "%" in resources else resources
    kids = []
    pages_num = len(objs) + 1 + 2 * len(page_streams)
    for s in page_streams:
        if RAW:
            data = s.encode("latin-1")
            c = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        else:
            data = zlib.compress(s.encode("latin-1"))
            c = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data +
                    b"\nendstream")
        box = (PH, PW) if rotate else (PW, PH)
        kids.append(add("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %g %g] /Rotate %d "
                        "/Resources %s /Contents %d 0 R >>" %
                        (pages_num, box[0], box[1], rotate, res, c)))
    n = add("<< /Type /Pages /Kids [%s] /Count %d >>" %
            (" ".join("%d 0 R" % k for k in kids), len(kids) if count is None else count))
    assert n == pages_num
    cat = add("<< /Type /Catalog /Pages %d 0 R >>" % n)
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, b in enumerate(objs):
        offs.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + b + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    trailer = b""
    if encrypt:
        trailer = encrypt_dict(out)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, cat, trailer, xref)
    if cut:
        out = out[:len(out) // 2]
    with open(path, "wb") as f:
        f.write(out)


PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key, data):
    S = list(range(256))
    j = 0
    for i in range(256):
        j = (j + S[i] + key[i % len(key)]) % 256
        S[i], S[j] = S[j], S[i]
    i = j = 0
    out = bytearray()
    for b in data:
        i = (i + 1) % 256
        j = (j + S[i]) % 256
        S[i], S[j] = S[j], S[i]
        out.append(b ^ S[(S[i] + S[j]) % 256])
    return bytes(out)


def encrypt_dict(_out):
    """The standard security handler, revision 2 (RC4 40 bit), user password
    "secret": enough for a reader to know it cannot open the file without the
    password. (The objects themselves are left as they are.)"""
    import hashlib
    user, owner = b"secret", b"owner"
    fid = b"0123456789abcdef"
    okey = hashlib.md5((owner + PAD)[:32]).digest()[:5]
    O = rc4(okey, (user + PAD)[:32])
    P = -44
    key = hashlib.md5((user + PAD)[:32] + O + (P & 0xFFFFFFFF).to_bytes(4, "little") +
                      fid).digest()[:5]
    U = rc4(key, PAD)
    return (b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >> /ID [<%s> <%s>] " %
            (O.hex().encode(), U.hex().encode(), P, fid.hex().encode(), fid.hex().encode()))


def main():
    global RAW
    seed, outdir = sys.argv[1], sys.argv[2]
    RAW = len(sys.argv) > 3 and sys.argv[3] == "raw"
    with open(seed, encoding="utf-8") as f:
        lines = [l.rstrip("\n").rstrip("\r") for l in f]
    pages = layout(lines)
    streams = ["0.5 w\n" + "\n".join(p.ops) for p in pages]
    res = "<< /Font << /F1 1 0 R >> >>"
    write_pdf(outdir + "/form2020.pdf", streams, res)
    write_pdf(outdir + "/truncated.pdf", streams, res, cut=True)
    write_pdf(outdir + "/nopages.pdf", [], res)
    write_pdf(outdir + "/encrypted.pdf", streams[:1], res, encrypt=True)
    # the same pages on portrait paper turned by /Rotate 90: drawn turned back
    write_pdf(outdir + "/rotated.pdf", ["0 1 -1 0 %g 0 cm\n" % PH + st for st in streams], res,
              rotate=90)
    # an image-only page: a grey 8x8 picture scaled over the page
    img = zlib.compress(bytes(range(0, 256, 4)))
    image = (b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
             b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(img) +
             img + b"\nendstream")
    write_pdf(outdir + "/scan.pdf", ["q 800 0 0 550 20 20 cm /Im1 Do Q"],
              "<< /XObject << /Im1 %d 0 R >> >>", extra_objs=[image])


if __name__ == "__main__":
    main()
