#!/usr/bin/env bash
# tests/golden/pdf.sh JUESUAN - the PDF reader end to end (docs/pdf.md).
#
#  1. the 2020 form laid out as a PDF (tests/golden/input/form2020.pdf, made from
#     seed 000 by mkpdf.py) gives exactly the facts of the seed's text, upright
#     and turned by /Rotate 90;
#  2. check on that PDF cites pages: every finding about a table has "page";
#  3. broken PDFs (encrypted, truncated, no pages, a scan) exit 3 with one line
#     on stderr naming the file, and nothing from poppler;
#  4. the Shanghai 2024 PDF against the hand-checked facts
#     tests/golden/facts/shanghai-putuo-2024.tsv: precision and recall of the
#     non-zero facts >= 99% (on failure the pdftotext -layout text of the same
#     PDF is scored too, to tell a reader fault from a recognizer fault).
set -u
J=$1
SRC=${JS_SOURCE_DIR:?}
SHARED=${JS_SHARED_DIR:?}
IN=$SRC/tests/golden/input
# under ASan: fontconfig's process-wide configuration is not ours to free
export LSAN_OPTIONS="suppressions=$IN/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() {
    echo "FAIL: $*"
    fail=1
}

# 1. the 2020 form
seed=$SHARED/seeds/000_e65ad6a672f33cc8.txt
if [ -f "$seed" ]; then
    "$J" facts "$seed" >"$tmp/seed.tsv" || bad "facts of the seed text"
    for f in form2020 rotated; do
        "$J" facts "$IN/$f.pdf" >"$tmp/$f.tsv" 2>"$tmp/$f.err" || bad "facts $f.pdf: $(cat "$tmp/$f.err")"
        if ! diff -q "$tmp/seed.tsv" "$tmp/$f.tsv" >/dev/null; then
            bad "$f.pdf does not give the facts of the seed text:"
            diff "$tmp/seed.tsv" "$tmp/$f.tsv" | head -10
        fi
    done
    [ "$(wc -l <"$tmp/form2020.tsv")" -gt 50 ] || bad "form2020.pdf: too few facts"
fi

# 2. check cites pages
"$J" check --format json "$IN/form2020.pdf" >"$tmp/check.json" 2>"$tmp/check.err"
rc=$?
[ $rc -le 1 ] || bad "check form2020.pdf exit $rc: $(cat "$tmp/check.err")"
python3 - "$tmp/check.json" <<'EOF' || bad "check form2020.pdf: table findings without a page"
import json, sys
d = json.load(open(sys.argv[1]))
tab = [f for f in d["findings"] if f.get("table") and f["table"][0] in "0"]
assert len(tab) >= 3, "expected findings about tables (seed 000 has errors in 01 and 06)"
missing = [f for f in tab if not isinstance(f.get("page"), int) or f["page"] < 1]
for f in missing:
    print("  no page:", f["rule"], f.get("table"), f.get("message"))
pages = sorted({f["page"] for f in tab if f.get("page")})
print("check form2020.pdf: %d table findings, pages %s" % (len(tab), pages))
sys.exit(1 if missing else 0)
EOF

# 3. broken files
for f in encrypted truncated nopages scan; do
    "$J" facts "$IN/$f.pdf" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 3 ] || bad "$f.pdf: exit $rc, want 3"
    grep -q "$f.pdf" "$tmp/err" || bad "$f.pdf: message does not name the file: $(cat "$tmp/err")"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || bad "$f.pdf: stderr is not one line: $(cat "$tmp/err")"
    [ -s "$tmp/out" ] && bad "$f.pdf: printed facts"
done
grep -q OCR <("$J" facts "$IN/scan.pdf" 2>&1) || bad "scan.pdf: the message does not say OCR is needed"
grep -q encrypted <("$J" facts "$IN/encrypted.pdf" 2>&1) || bad "encrypted.pdf: not called encrypted"

# 4. Shanghai 2024
pdf=$SHARED/pdf/shanghai-putuo-finance-bureau-2024.pdf
gold=$SRC/tests/golden/facts/shanghai-putuo-2024.tsv
# precision/recall of facts file $1 against the golden file (non-zero facts)
score() {
    awk -F'\t' '
        FNR == 1 { next }
        NR == FNR { if ($4 + 0 != 0) ref[$1 FS $2 FS $3] = $4 + 0; next }
        { if ($4 + 0 != 0) { given++; k = $1 FS $2 FS $3; if ((k in ref) && ref[k] == $4 + 0) right++ } }
        END {
            n = 0; for (k in ref) n++
            p = given ? right / given : 0; r = n ? right / n : 0
            printf "%d %d %d %.4f %.4f\n", right, given, n, p, r
        }' "$gold" "$1"
}
if [ -f "$pdf" ]; then
    "$J" facts "$pdf" >"$tmp/sh.tsv" 2>"$tmp/sh.err"
    read -r right given n p r < <(score "$tmp/sh.tsv")
    echo "shanghai PDF: $right right of $given given, $n in the golden file: precision $p recall $r"
    [ -s "$tmp/sh.err" ] && echo "  ($(head -1 "$tmp/sh.err"))"
    if awk -v p="$p" -v r="$r" 'BEGIN { exit !(p < 0.99 || r < 0.99) }'; then
        bad "the Shanghai PDF: precision or recall below 99%"
        awk -F'\t' 'NR == FNR { if ($4 + 0 != 0) g[$1 FS $2 FS $3] = $4 + 0; next }
            FNR > 1 && $4 + 0 != 0 { k = $1 FS $2 FS $3; seen[k] = 1
                if (!(k in g) || g[k] != $4 + 0) print "  wrong: " $0 }
            END { for (k in g) if (!(k in seen)) print "  missing: " k }' "$gold" "$tmp/sh.tsv" | head -20
        if command -v pdftotext >/dev/null; then
            # whose fault: the same recognizer on the pdftotext -layout text of the PDF
            pdftotext -layout "$pdf" "$tmp/sh.txt" 2>/dev/null
            "$J" facts "$tmp/sh.txt" >"$tmp/sht.tsv" 2>/dev/null
            read -r tright tgiven tn tp tr < <(score "$tmp/sht.tsv")
            echo "  (the pdftotext -layout text of it: precision $tp recall $tr)"
        fi
    fi
fi

# 5. the official 2024 template: names wrapped in their cells with the code between the two
# lines (207 / 20799, 30107 / 30108) are read split between rows; that is a reading doubt
# (R-NAME, a notice), never a K-NAME or X-NAME warning (issue #13)
tpl=$SHARED/pdf/template-2024-final-accounts.pdf
if [ -f "$tpl" ]; then
    "$J" check --format tsv "$tpl" >"$tmp/tpl.tsv" 2>/dev/null
    names=$(awk -F'\t' '($2 == "K-NAME" || $2 == "X-NAME") && $4 != "notice"' "$tmp/tpl.tsv")
    [ -z "$names" ] || bad "template PDF: name findings from names split between rows: $names"
    awk -F'\t' '$2 == "R-NAME" && $4 != "notice"' "$tmp/tpl.tsv" | grep -q . &&
        bad "template PDF: an R-NAME that is not a notice"
    [ -z "$names" ] && echo "template PDF: $(awk -F'\t' '$2 == "R-NAME"' "$tmp/tpl.tsv" | wc -l) R-NAME notices, no K-NAME/X-NAME warning"
fi

exit $fail
