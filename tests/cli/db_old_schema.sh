#!/usr/bin/env bash
# db_old_schema.sh - a database made by an older juesuan (schema version 2: before the
# checksums and before budgets; tests/golden/budgets/old-schema-v2.sql, written with the
# sqlite3 CLI, its facts and sums appended as a version 2 juesuan wrote them): every
# read-only command refuses it and says exactly what to do (juesuan db --db PATH migrate);
# db migrate brings it to this version keeping every row; then it is read, checked,
# loaded into (a budget of the same department and year) and reported on (report
# execution against the golden of tests/golden/budgets/execution); a budget stored
# before version 4 (no table roles) is named with what to do. SQLite only.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/common.sh" # JS tmp t has eq finish
SHARED="${JS_SHARED_DIR:-$HERE/../../../shared}"
FIX="$HERE/../golden/budgets/execution"
OLD="$HERE/../golden/budgets/old-schema-v2.sql"
command -v sqlite3 > /dev/null || { echo "SKIP: no sqlite3 CLI"; exit 0; }
SH_BUDGET="$SHARED/budgets/shanghai-putuo-social-welfare-home-2024-unit-budget.pdf"

# the final accounts of the old database: the facts of the fixture's document, as INSERTs
"$JS" build "$FIX/shanghai-ledger.csv" --meta "$FIX/shanghai-meta.json" --format txt -o "$tmp/final.txt" \
  || { echo "FAIL build the final accounts"; exit 1; }
"$JS" facts "$tmp/final.txt" > "$tmp/facts.tsv" || { echo "FAIL facts"; exit 1; }
python3 - "$tmp/facts.tsv" > "$tmp/facts.sql" <<'PY'
import sys
from decimal import Decimal
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])][1:]
for t, r, c, v in rows:
    fen = int(Decimal(v) * 1000000)
    q = lambda s: "'" + s.replace("'", "''") + "'"
    print(f"INSERT INTO facts VALUES (1, {q(t)}, {q(r)}, {q(c)}, {fen}, {q(v)}, NULL, NULL);")
    print(f"INSERT INTO sums VALUES (2024, '上海市普陀区', {q(t)}, {q(r)}, {q(c)}, {fen}, 1);")
PY
DB="$tmp/v2.db"
cat "$OLD" "$tmp/facts.sql" | sqlite3 "$DB" || { echo "FAIL the old database"; exit 1; }
eq "made at version 2" "$(sqlite3 "$DB" 'pragma user_version')" 2
nfacts=$(sqlite3 "$DB" 'select count(*) from facts')
sqlite3 "$DB" "update documents set nfacts = $nfacts"

# every read-only command refuses it and says how to migrate it
for c in "db list" "db show 1" "db check" "db export --format csv" "report rollup --year 2024"; do
  read -r cmd sub rest <<< "$c"
  t "$c on version 2" 3 "$JS" "$cmd" --db "$DB" "$sub" $rest
  has "$c says what to do" "$tmp/err" "schema version 2, older than this juesuan's 10: migrate it once with 'juesuan db --db $DB migrate'"
done
eq "refusing changes nothing" "$(sqlite3 "$DB" 'pragma user_version')" 2

# db migrate: in place, every row kept, the history printed
t "migrate" 0 "$JS" db --db "$DB" migrate
has "migrate names the version" "$tmp/out" "schema version 10"
has "migrate shows the history" "$tmp/out" "doc_tables: budget tables by role"
eq "version 10" "$(sqlite3 "$DB" 'pragma user_version')" 10
eq "facts kept" "$(sqlite3 "$DB" 'select count(*) from facts')" "$nfacts"
eq "facts get the document's year" "$(sqlite3 "$DB" 'select count(*) from facts where year = 2024')" "$nfacts"
eq "region_sums made with their check values" "$(sqlite3 "$DB" 'select count(*), sum(chk is null) from region_sums')" "1|0"
eq "doc_tables made" "$(sqlite3 "$DB" 'select count(*) from doc_tables')" 0
# year_sums (version 7) made from sums: every key of the year once, the regions added
eq "year_sums made from sums" "$(sqlite3 "$DB" "select count(*), sum(value), sum(units) from year_sums where tbl not in ('#', 'Y#')")" \
  "$(sqlite3 "$DB" 'select count(distinct tbl || "|" || row_key || "|" || col_key), sum(value), sum(units) from sums')"
# (version 8) and the year's current documents counted, with their facts
eq "year_sums counts the documents" "$(sqlite3 "$DB" "select units, value from year_sums where tbl = '#'")" \
  "$(sqlite3 "$DB" 'select count(*), sum(nfacts) from documents where current = 1 and year > 0')"
t "migrate again" 0 "$JS" db --db "$DB" migrate
has "migrate again: nothing to do" "$tmp/out" "schema version 10"

# read as a database of today
t "list after migrate" 0 "$JS" db --db "$DB" list
has "list shows the old document" "$tmp/out" "上海市普陀区社会福利院"
t "show after migrate" 0 "$JS" db --db "$DB" show 1
has "show: its finding" "$tmp/out" "N-GROWTH"
t "check after migrate" 0 "$JS" db --db "$DB" check
has "check: ok" "$tmp/out" ": ok"
t "rollup after migrate" 0 "$JS" report --db "$DB" rollup --year 2024
has "rollup: the old facts" "$tmp/out" "1089.59"

# a budget of the same department and year loaded today: 预算执行 against the old final accounts
if [ -f "$SH_BUDGET" ]; then
  t "load a budget" 0 "$JS" db --db "$DB" load "$SH_BUDGET"
  t "execution" 0 "$JS" report --db "$DB" execution --dept 上海市普陀区社会福利院 --year 2024
  sed 's/预算 document 1, 决算 document 2/预算 document 2, 决算 document 1/' "$FIX/shanghai.execution" > "$tmp/want"
  if cmp -s "$tmp/out" "$tmp/want"; then pass=$((pass+1)); else echo "FAIL execution on the migrated database"; diff "$tmp/out" "$tmp/want" | head -10; fail=$((fail+1)); fi
  # a budget stored before version 4 has no table roles: named, with what to do
  cp "$DB" "$tmp/noroles.db"
  sqlite3 "$tmp/noroles.db" "delete from doc_tables"
  t "budget without roles" 3 "$JS" report --db "$tmp/noroles.db" execution --dept 上海市普陀区社会福利院 --year 2024
  has "budget without roles: what to do" "$tmp/err" "stored before the database recorded its tables' roles (schema version 4): load its file into a new database"
else
  echo "SKIP the budget (no ../shared/budgets)"
fi

# a newer database than this juesuan is refused by every command, migrate too
sqlite3 "$DB" "pragma user_version = 11"
t "newer: migrate refuses" 3 "$JS" db --db "$DB" migrate
has "newer: says so" "$tmp/err" "newer than this juesuan"

finish db_old_schema
