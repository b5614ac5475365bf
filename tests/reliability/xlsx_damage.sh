#!/usr/bin/env bash
# xlsx_damage.sh - issue #16/#14: a damaged workbook is read as far as it goes. One byte of one
# part's compressed data damaged (a worksheet, the shared strings, the workbook directory): the
# other sheets are read to the same facts, an R-DAMAGED notice names what was lost, the exit is 0;
# a byte inserted (the zip directory's offsets all wrong) or the file cut short: the parts are
# found by their local headers;
# a damaged workbook given to `build` as a ledger is still refused (a ledger is read strictly).
set -u
JS="$1"
SHARED="${JS_SHARED_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/../shared}"
SEED="$SHARED/seeds/000_e65ad6a672f33cc8.txt"
export LANGUAGE=en
fail=0; pass=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
[ -f "$SEED" ] || { echo "SKIP: no $SEED"; exit 0; }
"$JS" render "$SEED" --format xlsx -o "$tmp/s.xlsx" || { echo "FAIL render"; exit 1; }
"$JS" facts "$tmp/s.xlsx" > "$tmp/want.tsv" || bad "facts of the sound workbook"
n=$(($(wc -l < "$tmp/want.tsv") - 1))

# damage(PART, OUT, WHERE): the byte at WHERE (0..1) of PART's compressed data flipped
damage() { python3 - "$tmp/s.xlsx" "$1" "$2" "$3" <<'PY'
import sys, zipfile
src, part, out, where = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
data = bytearray(open(src, 'rb').read())
info = zipfile.ZipFile(src).getinfo(part)
# the data follows the local header: 30 bytes, the name and the extra field
name_len = int.from_bytes(data[info.header_offset + 26:info.header_offset + 28], 'little')
extra_len = int.from_bytes(data[info.header_offset + 28:info.header_offset + 30], 'little')
start = info.header_offset + 30 + name_len + extra_len
off = start + int(where * (info.compress_size - 1))
data[off] ^= 0x55
open(out, 'wb').write(data)
PY
}
sheet_of() { python3 - "$tmp/s.xlsx" "$1" <<'PY'
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1]); want = sys.argv[2]
wb = z.read('xl/workbook.xml').decode(); rels = z.read('xl/_rels/workbook.xml.rels').decode()
for name, rid in re.findall(r'<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]*)"', wb):
    t = re.search(r'Id="%s"[^>]*Target="([^"]*)"' % rid, rels) or re.search(r'Target="([^"]*)"[^>]*Id="%s"' % rid, rels)
    if name.startswith(want):
        print('xl/' + t.group(1).lstrip('/').replace('xl/', '', 1)); break
PY
}
kept() { comm -12 <(sort "$tmp/want.tsv") <(sort "$1") | wc -l; }

# a worksheet damaged in the middle: the other tables' facts all read, that sheet's up to the damage
part=$(sheet_of 公开05表)
[ -n "$part" ] || part=xl/worksheets/sheet5.xml
damage "$part" "$tmp/ws.xlsx" 0.5
"$JS" facts "$tmp/ws.xlsx" > "$tmp/ws.tsv" 2> "$tmp/ws.err" && ok || bad "worksheet damaged: exit $?: $(cat "$tmp/ws.err")"
awk -F'\t' 'NR > 1 && $1 != "05"' "$tmp/want.tsv" | sort > "$tmp/other.want"
awk -F'\t' 'NR > 1 && $1 != "05"' "$tmp/ws.tsv" | sort > "$tmp/other.got"
other=$(wc -l < "$tmp/other.want"); got=$(comm -12 "$tmp/other.want" "$tmp/other.got" | wc -l)
[ "$other" -gt 30 ] && [ "$got" -eq "$other" ] && ok || bad "worksheet damaged: $got of the other tables' $other facts kept"
"$JS" check --format json "$tmp/ws.xlsx" > "$tmp/ws.json" 2>/dev/null
grep -q '"R-DAMAGED"' "$tmp/ws.json" && grep -q "$part" "$tmp/ws.json" && ok || bad "worksheet damaged: no R-DAMAGED naming $part"

# the shared strings damaged: what is in them up to the damage is read; the notice says so
damage xl/sharedStrings.xml "$tmp/sst.xlsx" 0.7
"$JS" facts "$tmp/sst.xlsx" > "$tmp/sst.tsv" 2> "$tmp/sst.err"; rc=$?
[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] && ok || bad "shared strings damaged: exit $rc"
"$JS" check --format json "$tmp/sst.xlsx" 2>/dev/null | grep -q 'sharedStrings' && ok || bad "shared strings damaged: no notice"

# the workbook directory damaged: the sheets are read from their parts
damage xl/workbook.xml "$tmp/wb.xlsx" 0.5
"$JS" facts "$tmp/wb.xlsx" > "$tmp/wb.tsv" 2> "$tmp/wb.err" && ok || bad "workbook.xml damaged: exit $?: $(cat "$tmp/wb.err")"
[ "$(kept "$tmp/wb.tsv")" -ge $((n * 95 / 100)) ] && ok || bad "workbook.xml damaged: $(kept "$tmp/wb.tsv") of $n facts kept"
"$JS" check --format json "$tmp/wb.xlsx" 2>/dev/null | grep -q 'xl/workbook.xml' && ok || bad "workbook.xml damaged: no notice"

# a byte inserted in the first worksheet's data (every offset after it moves: libzip cannot open
# the file) and the file cut at 90% (no directory at all): the parts are found by their local
# headers, and the facts read
python3 - "$tmp/s.xlsx" "$tmp/ins.xlsx" "$tmp/cut.xlsx" <<'PY'
import sys, zipfile
src = sys.argv[1]; data = open(src, 'rb').read(); z = zipfile.ZipFile(src)
i = [i for i in z.infolist() if i.filename.startswith('xl/worksheets/')][0]
n = int.from_bytes(data[i.header_offset + 26:i.header_offset + 28], 'little'); e = int.from_bytes(data[i.header_offset + 28:i.header_offset + 30], 'little')
at = i.header_offset + 30 + n + e + i.compress_size - 1   # the last byte of its data
open(sys.argv[2], 'wb').write(data[:at] + b'\x00' + data[at:])
open(sys.argv[3], 'wb').write(data[:len(data) * 9 // 10])
PY
"$JS" facts "$tmp/ins.xlsx" > "$tmp/ins.tsv" 2> "$tmp/ins.err" && ok || bad "byte inserted: exit $?: $(cat "$tmp/ins.err")"
[ "$(kept "$tmp/ins.tsv")" -ge $((n * 80 / 100)) ] && ok || bad "byte inserted: $(kept "$tmp/ins.tsv") of $n facts kept"
"$JS" check --format json "$tmp/ins.xlsx" 2>/dev/null | grep -q '本地文件头' && ok || bad "byte inserted: no notice of the damaged directory"
"$JS" facts "$tmp/cut.xlsx" > "$tmp/cut.tsv" 2> "$tmp/cut.err" && ok || bad "cut at 90%: exit $?: $(cat "$tmp/cut.err")"
[ "$(kept "$tmp/cut.tsv")" -ge $((n * 95 / 100)) ] && ok || bad "cut at 90%: $(kept "$tmp/cut.tsv") of $n facts kept"

# a ledger workbook is read strictly: damage is an error naming the part
if [ -f "$JS_SOURCE_DIR/tests/cli/mkbook.py" ]; then
  python3 "$JS_SOURCE_DIR/tests/cli/mkbook.py" "$JS_SOURCE_DIR/examples/ledger.csv" "$JS_SOURCE_DIR/examples/meta.json" "$tmp/book.xlsx" 2>/dev/null
  if [ -f "$tmp/book.xlsx" ]; then
    python3 - "$tmp/book.xlsx" <<'PY'
import sys, zipfile
p = sys.argv[1]; data = bytearray(open(p, 'rb').read()); z = zipfile.ZipFile(p)
i = max(z.infolist(), key=lambda i: i.compress_size)
n = int.from_bytes(data[i.header_offset + 26:i.header_offset + 28], 'little'); e = int.from_bytes(data[i.header_offset + 28:i.header_offset + 30], 'little')
data[i.header_offset + 30 + n + e + i.compress_size // 2] ^= 0x55
open(p, 'wb').write(data)
PY
    "$JS" build "$tmp/book.xlsx" -o "$tmp/m.json" > /dev/null 2> "$tmp/b.err"; rc=$?
    [ "$rc" -ne 0 ] && grep -q "damaged" "$tmp/b.err" && ok || bad "a damaged ledger workbook: exit $rc: $(cat "$tmp/b.err")"
  fi
fi
echo "xlsx_damage: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
