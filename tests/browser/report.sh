#!/usr/bin/env bash
# report.sh - issue #15.7: `juesuan report … --format html` in a real browser
# (playwright-core from web/node_modules driving Debian's Chromium, as review.sh).
# A database of the example region (examples/*.txt, examples/yunxi/*.txt) gives
# a roll-up, a 三公 ranking, a ranking by findings and a year on year page (and, with
# ../shared, 预算执行 of a real budget against built final accounts); each
# page is opened from file:// with the network cut off (ECharts is inline), and
# report.js checks that every chart has a drawn canvas and that its data series
# are the numbers of the page's own table. Skipped (exit 77) without node,
# chromium or playwright-core; a build without ECharts must say so on the page.
set -u
JS="$1"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
PW="$SRC/web/node_modules/playwright-core"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
"$JS" db --db "$tmp/r.db" load "$SRC"/examples/*.txt "$SRC"/examples/yunxi/*.txt 2>"$tmp/load.log" ||
  { echo "FAIL db load"; cat "$tmp/load.log"; exit 1; }
page() { # name args…
  local name="$1"; shift
  "$JS" report --db "$tmp/r.db" "$@" --format html -o "$tmp/$name.html" 2>"$tmp/$name.err" ||
    { echo "FAIL report $name: $(cat "$tmp/$name.err")"; fail=1; }
}
page rollup rollup --year 2020 --region 云溪市
page rank rank --metric 三公经费决算 --year 2020
page findings rank --metric findings
page yoy yoy --dept 云溪市临江区科学技术和工业信息化局 --years 2019,2020
page execution_none rank --metric 机关运行经费 --year 1999   # no document: an empty chart
# 预算执行: a real budget of ../shared against the final accounts db_execution.sh builds
SHARED="${JS_SHARED_DIR:-$SRC/../shared}"
BUDGET="$SHARED/budgets/shanghai-putuo-social-welfare-home-2024-unit-budget.pdf"
FIX="$SRC/tests/golden/budgets/execution"
if [ -f "$BUDGET" ]; then
  "$JS" build "$FIX/shanghai-ledger.csv" --meta "$FIX/shanghai-meta.json" --format txt -o "$tmp/final.txt" 2>/dev/null &&
    "$JS" db --db "$tmp/x.db" load "$BUDGET" "$tmp/final.txt" > /dev/null 2>&1 ||
    { echo "FAIL: the execution database"; fail=1; }
  "$JS" report --db "$tmp/x.db" execution --dept 上海市普陀区社会福利院 --year 2024 --format html \
    -o "$tmp/execution.html" 2>"$tmp/x.err" || { echo "FAIL report execution: $(cat "$tmp/x.err")"; fail=1; }
fi
[ $fail -eq 0 ] || exit 1
if ! grep -q 'id="chart-data"' "$tmp/rollup.html"; then
  # built without ECharts: tables only, and the page says why
  grep -q 'id="no-charts"' "$tmp/rollup.html" && grep -q '<table class="report"' "$tmp/rollup.html" &&
    { echo "SKIP: built without ECharts (the page says so)"; exit 77; }
  echo "FAIL: neither charts nor the note of their absence"; exit 1
fi
for need in node /usr/bin/chromium; do
  command -v "$need" >/dev/null || { echo "SKIP: no $need"; exit 77; }
done
[ -d "$PW" ] || { echo "SKIP: no $PW (run scripts/setup: npm ci in web/)"; exit 77; }
NODE_PATH="$SRC/web/node_modules" TMP="$tmp" SHOTS="${JS_SHOTS:-}" timeout 240 node "$SRC/tests/browser/report.js"
