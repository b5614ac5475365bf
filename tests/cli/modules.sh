#!/usr/bin/env bash
# modules.sh - issue #18 (start-up): the back-ends are modules loaded on first use
# (src/cli/modules.c). A command that needs none of them maps none of their libraries
# (tesseract, libpq, libmicrohttpd, libzip, libxml2, freexl, libxlsxwriter);
# each module is loaded by the first call of one of its entry points and works; a
# module that cannot be found is named, with exit 4 and no crash, for every module;
# JUESUAN_MODULE_DIR points a copied program at the modules.
set -u
JS="$1"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
SHARED="${JS_SHARED_DIR:-$SRC/../shared}"
SEED="$SHARED/seeds/000_e65ad6a672f33cc8.txt"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0; pass=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }

# the shared objects the dynamic linker opens for a command (LD_DEBUG=files: "file=NAME [0];")
opened() { LD_DEBUG=files "$@" 2>&1 >/dev/null | sed -n 's/.*file=\([^ ]*\) \[.*/\1/p' | sort -u; }
BACKEND='juesuan-|libtesseract|liblept|libpq|libmicrohttpd|libzip|libxml2|libfreexl|libxlsxwriter'

# 1. start-up: nothing of the back-ends for version, check and facts of a text file
for cmd in "version" "check $SEED" "facts $SEED"; do
  # shellcheck disable=SC2086
  got=$(opened "$JS" $cmd | grep -E "$BACKEND" | tr '\n' ' ')
  [ -z "$got" ] && ok || bad "'juesuan $cmd' loads back-ends: $got"
done

# 2. each module loads on first use and does its work
out=$(opened "$JS" render "$SEED" --format xlsx -o "$tmp/seed.xlsx")
head -c 2 "$tmp/seed.xlsx" 2>/dev/null | grep -q PK && ok || bad "render xlsx through juesuan-xlsx.so"
echo "$out" | grep -q 'juesuan-xlsx.so' && ok || bad "render xlsx did not load juesuan-xlsx.so"
echo "$out" | grep -qE 'libzip|libfreexl|juesuan-sheet' && bad "render xlsx loaded the readers" || ok
out=$(opened "$JS" facts "$tmp/seed.xlsx")
echo "$out" | grep -q 'juesuan-sheet.so' && ok || bad "facts of an XLSX did not load juesuan-sheet.so"
"$JS" facts "$tmp/seed.xlsx" >"$tmp/x.tsv" 2>/dev/null && "$JS" facts "$SEED" >"$tmp/s.tsv" &&
  [ "$(wc -l <"$tmp/x.tsv")" -gt 50 ] && [ "$(wc -l <"$tmp/x.tsv")" -eq "$(wc -l <"$tmp/s.tsv")" ] &&
  ok || bad "facts of an XLSX"
printf 'pw-of-test-1\n' | "$JS" user add "$tmp/users" tester >/dev/null 2>&1 &&
  grep -q '^tester:\$argon2id' "$tmp/users" && ok || bad "user add through juesuan-serve.so"
"$JS" db --db "$tmp/t.db" load "$SEED" >/dev/null 2>&1 || bad "db load"
"$JS" db --db "$tmp/t.db" export --format xlsx -o "$tmp/facts.xlsx" >/dev/null 2>&1 &&
  head -c 2 "$tmp/facts.xlsx" | grep -q PK && ok || bad "db export xlsx"
"$JS" report --db "$tmp/t.db" rank --metric 三公经费决算 --format xlsx -o "$tmp/rank.xlsx" >/dev/null 2>&1
head -c 2 "$tmp/rank.xlsx" 2>/dev/null | grep -q PK && ok || bad "report xlsx (js_rtable_xlsx)"

# 3. a module that is missing: named, exit 4, for each module (and the other inputs untouched)
mkdir "$tmp/none"
printf 'pw-of-test-2\n' >"$tmp/pw"
missing() { # NAME MODULE COMMAND...
  local name=$1 mod=$2; shift 2
  JUESUAN_MODULE_DIR="$tmp/none" "$@" >"$tmp/m.out" 2>"$tmp/m.err" <"$tmp/pw"
  local rc=$?
  [ $rc -eq 4 ] && grep -q "$mod" "$tmp/m.err" && ok ||
    bad "$name without $mod: exit $rc (want 4), stderr: $(head -c 300 "$tmp/m.err")"
}
missing "render xlsx" juesuan-xlsx.so "$JS" render "$SEED" --format xlsx -o "$tmp/n.xlsx"
missing "check xlsx" juesuan-xlsx.so "$JS" check --format xlsx -o "$tmp/n.xlsx" "$SEED"
missing "db export xlsx" juesuan-xlsx.so "$JS" db --db "$tmp/t.db" export --format xlsx -o "$tmp/n.xlsx"
missing "facts of an XLSX" juesuan-sheet.so "$JS" facts "$tmp/seed.xlsx"
missing "facts --jobs 2 of XLSX" juesuan-sheet.so "$JS" facts --jobs 2 "$tmp/seed.xlsx" "$SEED" "$tmp/seed.xlsx"
missing "user add" juesuan-serve.so "$JS" user add "$tmp/users2" tester
missing "serve" juesuan-serve.so "$JS" serve --listen 127.0.0.1:0 --db "$tmp/t.db"
missing "PostgreSQL" juesuan-pg.so "$JS" db --db postgres://nobody@127.0.0.1:1/none list
MKSCAN="${JS_MKSCAN:-$(dirname "$JS")/js_mkscan}"
PDF="$(realpath "$SHARED/pdf/shanghai-putuo-finance-bureau-2024.pdf" 2>/dev/null)"
if [ -x "$MKSCAN" ] && [ -f "$PDF" ] && "$MKSCAN" "$PDF" "$tmp/scan.pdf" 100 3 3 2>/dev/null; then
  missing "OCR of a scan" juesuan-ocr.so "$JS" facts "$tmp/scan.pdf"
else
  echo "skip: no js_mkscan or no $PDF (OCR module)"
fi
# the plain commands do not need the modules at all
JUESUAN_MODULE_DIR="$tmp/none" "$JS" check "$SEED" >/dev/null 2>&1
[ $? -le 1 ] && ok || bad "check of a text file needs a module"

# 4. a copy of the program elsewhere finds no module; JUESUAN_MODULE_DIR gives them
mkdir "$tmp/bin" && cp "$JS" "$tmp/bin/juesuan"
"$tmp/bin/juesuan" render "$SEED" --format xlsx -o "$tmp/c.xlsx" >/dev/null 2>"$tmp/c.err"
[ $? -eq 4 ] && grep -q juesuan-xlsx.so "$tmp/c.err" && ok || bad "a copied program: exit 4 naming the module"
JUESUAN_MODULE_DIR="$(dirname "$JS")" "$tmp/bin/juesuan" render "$SEED" --format xlsx -o "$tmp/c.xlsx" &&
  head -c 2 "$tmp/c.xlsx" | grep -q PK && ok || bad "JUESUAN_MODULE_DIR"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
