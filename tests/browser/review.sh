#!/usr/bin/env bash
# review.sh - the review page in a real browser: Playwright (playwright-core
# from web/node_modules, `npm ci` in scripts/setup) drives Debian's Chromium
# (/usr/bin/chromium; no browser is downloaded) through the reviewer's steps
# of issue #11 on the five seeds and the Shanghai PDF (review.js), against a
# `juesuan serve` started here on a free loopback port with a fresh database,
# and a second one with --auth. Skipped (exit 77) without node, chromium or
# playwright-core.
set -u
JS="$1"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
. "$(dirname "$0")/../cli/lib/serve_wait.sh" # serve_url
SHARED="${JS_SHARED_DIR:-$SRC/../shared}"
PW="$SRC/web/node_modules/playwright-core"
for need in node /usr/bin/chromium pdfinfo pdftoppm; do
  command -v "$need" >/dev/null || { echo "SKIP: no $need"; exit 77; }
done
[ -d "$PW" ] || { echo "SKIP: no $PW (run scripts/setup: npm ci in web/)"; exit 77; }

tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT

start() { # name extra-options… ; sets URL
  local name="$1"; shift
  "$JS" serve --listen 127.0.0.1:0 --db "$tmp/$name.db" --max-upload 5 "$@" 2>"$tmp/$name.log" &
  pids+=($!)
  URL=$(serve_url "$tmp/$name.log" "${pids[-1]}") && [ -n "$URL" ] && return 0
  echo "FAIL: server $name did not start: $(cat "$tmp/$name.log")"; exit 1
}

# the inputs: the seeds, the Shanghai PDF, a seed of another year (year on
# year), a department name with a script in it, a letter, a PNG, a big file
PDF="$SHARED/pdf/shanghai-putuo-finance-bureau-2024.pdf"
mkdir -p "$tmp/in"
cp "$SHARED"/seeds/*.txt "$PDF" "$tmp/in/"
sed 's/2020/2019/g' "$SHARED/seeds/000_e65ad6a672f33cc8.txt" >"$tmp/in/000-2019.txt"
sed 's/株洲市石峰区清水塘企业事务中心/株洲市<script>window.__xss=1<\/script>中心/g' \
  "$SHARED/seeds/000_e65ad6a672f33cc8.txt" >"$tmp/in/xss.txt"
cp "$SRC/tests/golden/clean/001_97ec0fee91833ab7.txt" "$tmp/in/clean-001.txt"  # no error
printf '各位同事：\n下周一上午九点开会，请准时参加。\n' >"$tmp/in/letter.txt"
printf '\x89PNG\r\n\x1a\n0000' >"$tmp/in/picture.pdf"
head -c 6000000 /dev/zero | tr '\0' 'x' >"$tmp/in/big.txt"
# what `juesuan check` counts, for the page to show
for f in "$tmp"/in/0*.txt "$PDF"; do
  printf '%s\t' "$(basename "$f")"
  "$JS" check --format json "$f" | python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print(s["error"], s["warning"], s["notice"])'
done >"$tmp/counts.tsv"
printf 'correct horse battery\n' | "$JS" user add "$tmp/users" 审核员 2>/dev/null

start open
OPEN_URL="$URL"
start auth --auth "$tmp/users"
AUTH_URL="$URL"

NODE_PATH="$SRC/web/node_modules" TMP="$tmp" IN="$tmp/in" OPEN_URL="$OPEN_URL" AUTH_URL="$AUTH_URL" \
  COUNTS="$tmp/counts.tsv" PAGES="$(pdfinfo "$PDF" | awk '/^Pages:/{print $2}')" \
  SHOTS="${JS_SHOTS:-}" timeout 240 node "$SRC/tests/browser/review.js"
rc=$?
[ $rc -ne 0 ] && { echo "--- server log"; tail -20 "$tmp/open.log"; }
exit $rc
