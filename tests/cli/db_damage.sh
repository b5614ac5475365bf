#!/usr/bin/env bash
# db_damage.sh - a damaged SQLite database (issue #16.6): copies of a small
# database with one byte flipped at many offsets (every page: its header,
# cells and content). For each copy, every reading command either gives exactly
# what the sound database gives (the byte was unused) or exits 3 with "damaged"
# on stderr — never another exit code, never a changed value with exit 0 — and
# `db check` exits 3 whenever any command saw damage; `db load` refuses to
# write into a copy whose structure is damaged (what SQLite's quick_check
# finds; a changed value inside a sound page is found by the checksums when
# it is read, and by db check).
set -u
JS="$1"
SEEDS="${JS_SHARED_DIR:-$(dirname "$0")/../../../shared}/seeds"
fail=0; pass=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
DB="$tmp/good.db"
"$JS" db --db "$DB" load "$SEEDS"/*.txt > /dev/null || { echo "FAIL load"; exit 1; }
cp "$SEEDS/000_e65ad6a672f33cc8.txt" "$tmp/extra.txt"; echo "（副本）" >> "$tmp/extra.txt"
DEPT=$(sqlite3 "$DB" "select dept from documents where id = 1")
cmds=(
  "list|db --db DB list"
  "show|db --db DB show 1"
  "facts|db --db DB export --format csv"
  "findings|db --db DB export --format json --what findings"
  "documents|db --db DB export --format csv --what documents"
  "rollup|report --db DB rollup --year 2020"
  "region|report --db DB rollup --year 2020 --region 株洲市"
  "prefix|report --db DB rollup --year 2020 --dept-prefix 株洲市"
  "rank|report --db DB rank --metric 三公经费决算 --top 0"
  "yoy|report --db DB yoy --dept $DEPT --years 2020,2020"
)
run() { # name db -> exit code; output in $tmp/o.NAME
  local spec="$1" db="$2" name args
  name=${spec%%|*}; args=${spec#*|}
  # shellcheck disable=SC2086
  set -- ${args//DB/$db}
  if [ "$name" = yoy ]; then set -- report --db "$db" yoy --dept "$DEPT" --years 2020,2020; fi
  "$JS" "$@" > "$tmp/o.$name" 2> "$tmp/e.$name"
}
for c in "${cmds[@]}"; do
  run "$c" "$DB" || { bad "sound database: ${c%%|*} exit $?"; cat "$tmp/e.${c%%|*}"; }
  cp "$tmp/o.${c%%|*}" "$tmp/want.${c%%|*}"
done
"$JS" db --db "$DB" check > /dev/null 2>&1 && ok || bad "db check of the sound database"

size=$(stat -c %s "$DB"); pages=$((size / 4096))
copies=0; damaged=0; same=0; silent=0; checkmiss=0; refused=0
# one offset in every third page (the header page twice), spread over the page
for p in $(seq 0 3 $((pages - 1))); do
  for off in $(( p * 4096 + (p * 997 + 101) % 4096 )) $([ "$p" -eq 0 ] && echo 40); do
    copies=$((copies + 1))
    D="$tmp/d.db"; cp "$DB" "$D"
    byte=$(od -An -tu1 -j "$off" -N1 "$D" | tr -d ' ')
    printf "$(printf '\\%03o' $(( (byte ^ 0x5a) & 255 )))" | dd of="$D" bs=1 seek="$off" conv=notrunc status=none
    seen=0
    for c in "${cmds[@]}"; do
      n=${c%%|*}
      run "$c" "$D"; rc=$?
      if [ "$rc" -eq 3 ] && grep -qi "damaged\|malformed\|not a database\|no such\|schema" "$tmp/e.$n"; then seen=1
      elif [ "$rc" -eq 0 ] && cmp -s "$tmp/o.$n" "$tmp/want.$n"; then :
      elif [ "$rc" -eq 0 ]; then silent=$((silent + 1)); bad "offset $off (page $p): $n printed a changed value with exit 0"; diff "$tmp/want.$n" "$tmp/o.$n" | head -4
      else bad "offset $off (page $p): $n exit $rc: $(head -c 200 "$tmp/e.$n")"
      fi
    done
    "$JS" db --db "$D" check > "$tmp/check.out" 2>&1; crc=$?
    if [ "$seen" -eq 1 ]; then
      damaged=$((damaged + 1))
      [ "$crc" -eq 3 ] && ok || { checkmiss=$((checkmiss + 1)); bad "offset $off: commands saw damage, db check exit $crc"; }
    else
      same=$((same + 1)); ok
    fi
    if [ "$(sqlite3 "$D" 'pragma quick_check' 2>&1)" != ok ]; then
      "$JS" db --db "$D" load "$tmp/extra.txt" > /dev/null 2> "$tmp/load.err"; lrc=$?
      [ "$lrc" -eq 3 ] && ok || bad "offset $off: load into a damaged database: exit $lrc"
      refused=$((refused + 1))
    fi
  done
done
# a changed value among the facts of a document that a load supersedes (the corrected copy
# of its file, stored in a batch, reads them to take them out of the roll-up sums): the load
# refuses it (exit 3, "damaged") and the sums stay as they were
D="$tmp/s.db"; cp "$DB" "$D"
id=$(sqlite3 "$D" "select id from documents where path like '%000_e65ad6a672f33cc8.txt'")
sqlite3 "$D" "update facts set value = value + 100 where doc_id = $id and tbl = (select min(tbl) from facts where doc_id = $id) and row_key = (select min(row_key) from facts where doc_id = $id and tbl = (select min(tbl) from facts where doc_id = $id))"
sums() { sqlite3 "$D" "select count(*), sum(value), sum(units) from sums; select count(*), sum(value), sum(units) from year_sums"; }
before=$(sums)
"$JS" db --db "$D" load "$tmp/extra.txt" > /dev/null 2> "$tmp/sup.err"; lrc=$?
[ "$lrc" -eq 3 ] && grep -q damaged "$tmp/sup.err" && ok || bad "load superseding a damaged document: exit $lrc: $(head -c 300 "$tmp/sup.err")"
[ "$(sums)" = "$before" ] && ok || bad "load superseding a damaged document changed the sums"
[ "$(sqlite3 "$D" "select count(*) from documents")" = "$(sqlite3 "$DB" "select count(*) from documents")" ] && ok || bad "load superseding a damaged document stored it"
echo "db_damage: $copies copies with one byte flipped: $damaged reported damaged (exit 3), $same read exactly as the sound one, $silent silent changes; load refused $refused"
echo "db_damage: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
