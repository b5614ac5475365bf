#!/usr/bin/env bash
# readme.sh - issue #15.6: every command of README.md's ```sh blocks runs, and says
# something that shows it worked.
#
# The blocks are extracted in order and each command line is run with bash in a temporary
# directory laid out like the repository (examples/, data/, tests/ linked, ../shared beside
# it), `build/juesuan` being the program under test. The files the README names as
# placeholders (a.txt, b.pdf, c.json, meta.json, ledger-gb18030.csv, 2024决算.xlsx/.xls,
# book.xlsx, scan.pdf, submissions/, app.c) are made there first from examples/. A command
# fails the test when it exits with anything but 0 (1 for `check`, whose 1 means "errors
# were found"), or when its output lacks what it must show (the table `expect` below).
# Commands that need what a test cannot have run in a stand-in form, each said so:
#   scripts/setup && X      X runs; setup itself (root, apt) is syntax-checked (bash -n)
#   scripts/test            syntax-checked: it runs every test, this one included
#   postgres://…@dbhost     against a throw-away PostgreSQL cluster (tests/cli/lib/pg_cluster.sh)
#   serve                   on a free loopback port, asked for its page and API, stopped
#   cmake --install         into a temporary prefix
#   cpack -G DEB            made, checked, installed and removed by tests/cli/install.sh (once:
#                           it is the slowest step of the suite)
#   cc … pkg-config         when the shared library is built (JS_SHARED_LIB=ON)
# Not run: the two development builds (`cmake -S . -B build…`: every ctest run is that
# build), and what the machine lacks (PostgreSQL, LibreOffice for the .xls, the OCR
# stand-in js_mkscan) — each listed with its reason.
set -u
JS="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" # absolute: the commands run elsewhere
BUILD=$(dirname "$JS")
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
SHARED="${JS_SHARED_DIR:-$SRC/../shared}"
fail=0; ran=0; skipped=0; stood=0
tmp=$(mktemp -d)
. "$SRC/tests/cli/lib/pg_cluster.sh"
. "$SRC/tests/cli/lib/serve_wait.sh" # serve_url
SERVE_PID=""
trap '[ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null; pg_stop_all; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/repo"
for d in examples data tests; do ln -s "$SRC/$d" "$tmp/repo/$d"; done
ln -s "$(cd "$SHARED" && pwd)" "$tmp/shared"
cd "$tmp/repo" || exit 1

# ---- the placeholders of the README, made from examples/
cp examples/disclosure.txt a.txt
cp examples/tables.pdf b.pdf
cp examples/meta.json meta.json
"$JS" build examples/ledger.csv --meta examples/meta.json -o c.json 2>/dev/null || echo "FAIL fixture c.json"
iconv -f UTF-8 -t GB18030 examples/ledger.csv > ledger-gb18030.csv
"$JS" render c.json --format xlsx -o 2024决算.xlsx 2>/dev/null || echo "FAIL fixture xlsx"
python3 "$SRC/tests/cli/mkbook.py" examples/ledger.csv examples/meta.json book.xlsx || echo "FAIL fixture book.xlsx"
mkdir submissions && cp examples/disclosure-with-errors.txt examples/tables.pdf submissions/
# a scan: table 01 of tables.pdf as an image-only page (the OCR tests' tool)
MKSCAN="${JS_MKSCAN:-$BUILD/js_mkscan}"
[ -x "$MKSCAN" ] && "$MKSCAN" "$SRC/examples/tables.pdf" "$PWD/scan.pdf" 200 1 1 2>/dev/null
# the workbook saved as .xls by LibreOffice, as WPS and old Excel keep it
if command -v soffice >/dev/null; then
  timeout 120 soffice --headless -env:UserInstallation="file://$tmp/lo" --convert-to xls \
    --outdir . 2024决算.xlsx > /dev/null 2>&1
fi
printf '%s\n' '#include <juesuan/juesuan.h>' '#include <stdio.h>' 'int main(void)' '{' \
  '    size_t n = 0;' '    const js_rule *r = js_rules(&n);' \
  '    printf("%zu rules, the first %s\n", n, n ? r[0].id : "");' '    return n > 0 ? 0 : 1;' '}' > app.c

# ---- what the output of a command must show: "substring of the command<TAB>ERE on its output"
expect=$(cat <<'EOF'
juesuan chek	check
check --help	--format
help --man check	check
facts ../shared/seeds/004	^01
facts a.txt b.pdf c.json	^document	table
parse ../shared/pdf	部门|dept
parse --format json	"tables"
facts scan.pdf	^01	收入:
check 2024决算.xlsx	决算\.xls +云溪市
check --format json submissions/	"summary"
build ledger-gb18030.csv	"tables"
parse ../shared/budgets	预算
check ../shared/budgets	B-|预算
check ../shared/seeds/001	error|错误
check --format json *.txt	"findings"
check --format html *.txt	<html
check --format html -o review.html	^$
check --profile shanghai	error|warning|错误|警告|提示|notice
check --disable F-PLACEHOLDER	N-SHARE
check --accept baseline.json	 0 个错误| 0 error\(s\)
rules --profile hunan-2020	湖南|hunan
juesuan rules	T-ROW
db --db reviews.db load	5
db --db reviews.db list	云溪市江北区科学技术局
--format html -o rollup.html	^$
report rollup --year 2020 --region 云溪市	云溪市
rollup --year 2020 --region 云溪市	1529.74
rank --metric 三公经费决算	云溪市南山区科技和工业信息化局.*12.50
yoy --dept 云溪市临江区	923.18 +1014.46
execution --dept 上海市普陀区社会福利院	完成率|rate
db --db postgres	1
serve --db reviews.db	<html
cmake --install build	^-- Installing
cc app.c	rules, the first
EOF
)
must_show() { # command, output file: 0 when the command has no expectation or its output meets it
  local key re
  while IFS=$'\t' read -r key re; do
    case "$1" in *"$key"*)
      grep -Eq -- "$re" "$2" && return 0
      [ "$re" = '^$' ] && [ ! -s "$2" ] && return 0
      echo "FAIL (output lacks /$re/): $1"; head -5 "$2" | sed 's/^/    /'; return 1 ;;
    esac
  done <<< "$expect"
  return 0
}
# the files some commands write: they must exist and mean something
check_file() {
  case "$1" in
    *"-o review.html"*) grep -q '<table' review.html ;;
    *"-o review.xlsx"*) python3 -c 'import sys,zipfile; z=zipfile.ZipFile("review.xlsx"); sys.exit(0 if "xl/workbook.xml" in z.namelist() else 1)' ;;
    *"-o findings.xlsx"*) python3 -c 'import sys,zipfile; z=zipfile.ZipFile("findings.xlsx"); s="".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml")); sys.exit(0 if "N-SHARE" in s else 1)' ;;
    *"-o model.json"*) python3 -c 'import json; d=json.load(open("model.json")); assert d["tables"]' ;;
    *"-o disclosure.html"*) grep -q '公开01表' disclosure.html ;;
    *"-o rollup.html"*) grep -q 'id="chart-data"\|id="no-charts"' rollup.html ;;
    *"-o marked.pdf"*) head -c 5 marked.pdf | grep -q '%PDF' ;;
    *"> baseline.json"*) python3 -c 'import json; d=json.load(open("baseline.json")); assert d["findings"]' ;;
    *) return 0 ;;
  esac
}

# ---- stand-ins
PG_URL=""
pg_db() { # sets PG_URL: a throw-away database "disclosures" (the cluster started once)
  [ -n "$PG_URL" ] && return 0
  pg_available || return 1
  local base
  base=$(pg_start -c fsync=off) || return 1
  PG_URL=$(pg_createdb "$base" disclosures) || { PG_URL=""; return 1; }
}
serve_try() { # serve --db DB as the README shows it, on a free port; its page and API answer
  "$JS" serve --listen 127.0.0.1:0 --db reviews.db 2> "$tmp/serve.log" &
  SERVE_PID=$!
  local url
  url=$(serve_url "$tmp/serve.log" "$SERVE_PID")
  [ -n "$url" ] && curl -sf "$url/" && curl -sf "$url/api/documents" > /dev/null
  local rc=$?
  kill "$SERVE_PID" 2>/dev/null; wait "$SERVE_PID" 2>/dev/null; SERVE_PID=""
  return $rc
}

awk '/^```sh$/{f=1;next} /^```/{f=0} f' "$SRC/README.md" |
  sed -e 's/[[:space:]][[:space:]]*#[[:space:]].*$//' -e 's/[[:space:]]*$//' |
  grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' > "$tmp/commands"
total=$(wc -l < "$tmp/commands")
skip() { echo "skip: $1 ($2)"; skipped=$((skipped+1)); }
while IFS= read -r cmd; do
  run=$cmd
  case "$cmd" in
    "cmake -S "*) skip "$cmd" "a development build: every ctest run is that build"; continue ;;
    "scripts/setup && "*)
      bash -n "$SRC/scripts/setup" || { echo "FAIL: scripts/setup does not parse"; fail=$((fail+1)); }
      run=${cmd#scripts/setup && }; stood=$((stood+1)) ;;
    "scripts/test")
      bash -n "$SRC/scripts/test" && { echo "stand-in: scripts/test parses (it runs every test, this one too)"; stood=$((stood+1)); ran=$((ran+1)); continue; }
      echo "FAIL: scripts/test does not parse"; fail=$((fail+1)); continue ;;
    *postgres://*|"export JUESUAN_DB="*)
      pg_db || { skip "$cmd" "no PostgreSQL server programs"; continue; }
      run=$(printf '%s\n' "$cmd" | sed -E "s#postgres://[^ ]*#$PG_URL#"); stood=$((stood+1))
      if [[ $run == export\ * ]]; then eval "$run"; ran=$((ran+1)); continue; fi ;;
    *"juesuan serve "*)
      ran=$((ran+1)); stood=$((stood+1))
      serve_try > "$tmp/out" 2>&1 && must_show "$cmd" "$tmp/out" >/dev/null || { echo "FAIL: $cmd (on a free port)"; tail -3 "$tmp/serve.log"; fail=$((fail+1)); }
      continue ;;
    "cmake --install "*)
      [ -f "$BUILD/cmake_install.cmake" ] || { skip "$cmd" "not a CMake build directory"; continue; }
      run="cmake --install '$BUILD' --prefix '$tmp/prefix' && test -x '$tmp/prefix/bin/juesuan'"; stood=$((stood+1)) ;;
    "(cd build && cpack"*) # the slowest step of the suite: made and checked once, by install.sh
      [ -f "$SRC/tests/cli/install.sh" ] && grep -q 'cpack --config' "$SRC/tests/cli/install.sh" &&
        { echo "stand-in: $cmd (tests/cli/install.sh makes this .deb, installs and runs it)"; stood=$((stood+1)); ran=$((ran+1)); continue; }
      echo "FAIL: no test makes the .deb"; fail=$((fail+1)); continue ;;
    "cc "*)
      so=$(find "$tmp/prefix" -name 'libjuesuan.so.0' 2>/dev/null | head -1)
      [ -n "$so" ] || { skip "$cmd" "the shared library is not built (JS_SHARED_LIB=OFF)"; continue; }
      san=""; readelf -d "$so" | grep -q libasan && san=" -fsanitize=address,undefined" # a sanitizer build's library needs its runtime first
      run="export PKG_CONFIG_PATH='$(dirname "$(find "$tmp/prefix" -name juesuan.pc | head -1)")'; ${cmd}${san} -Wl,-rpath,'$(dirname "$so")' -o app && ./app"
      run=${run//pkg-config --cflags/pkg-config --define-variable=prefix=$tmp/prefix --cflags}; stood=$((stood+1)) ;;
    *scan.pdf*) [ -s scan.pdf ] || { skip "$cmd" "no js_mkscan to make a scan"; continue; } ;;
    *.xls\ *|*.xls) [ -s 2024决算.xls ] || { skip "$cmd" "no LibreOffice to save an .xls"; continue; } ;;
    *../shared/budgets/*|*../shared/pdf/*|*../shared/seeds/*)
      [ -d ../shared/seeds ] || { skip "$cmd" "no ../shared"; continue; } ;;
  esac
  run=${run//build\/juesuan/\"\$JS\"}
  # man may be missing: the page itself must still be made
  command -v man >/dev/null || run=${run//| man -l -/> \/dev\/null}
  JS="$JS" timeout 600 bash -c "$run" > "$tmp/out" 2>&1 < /dev/null
  rc=$?
  # a command that writes its output to a file (`… > all.tsv`): that file is what it shows
  out="$tmp/out"
  [[ $cmd =~ \>\ ([^ ]+)$ ]] && [ -f "${BASH_REMATCH[1]}" ] && out=${BASH_REMATCH[1]}
  ran=$((ran+1))
  case "$cmd" in *"juesuan chek"*) okrc="2" ;; *"juesuan check"*) okrc="0 1" ;; *) okrc="0" ;; esac
  case " $okrc " in
    *" $rc "*)
      must_show "$cmd" "$out" || { fail=$((fail+1)); continue; }
      check_file "$cmd" 2>/dev/null || { echo "FAIL (its output file is not what it should be): $cmd"; fail=$((fail+1)); } ;;
    *) echo "FAIL (exit $rc): $cmd"; head -5 "$tmp/out" | sed 's/^/    /'; fail=$((fail+1)) ;;
  esac
done < "$tmp/commands"
# the number of rules the README states is the catalogue's (it went stale once: 77 for 98)
stated=$(grep -o '^[0-9][0-9]* rules (`docs/rules.md`' "$SRC/README.md" | grep -o '^[0-9]*')
actual=$("$JS" rules --format json | grep -c '"id"')
[ -n "$stated" ] && [ "$stated" = "$actual" ] ||
  { echo "FAIL: README says ${stated:-no number of} rules, juesuan rules lists $actual"; fail=$((fail+1)); }
echo "README: $total commands, $ran run ($stood of them in a stand-in form, above), $skipped not run, $fail failed"
[ "$total" -gt 30 ] || { echo "FAIL: fewer commands than expected: is the README read?"; fail=$((fail+1)); }
[ "$fail" -eq 0 ]
