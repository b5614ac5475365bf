#!/usr/bin/env bash
# db_readonly.sh - a database on read-only media (issue #16.5): list, show,
# export, report and check read it and give exactly what they give on the
# writable original; load says it cannot write (exit 4) and changes nothing.
# As root, chmod does not stop writes, so the directory is made read-only by a
# read-only bind mount in a private mount namespace (unshare -m), else by
# chattr +i; as another user by chmod. Skipped when none of these works.
set -u
JS="$1"
SEEDS="${JS_SHARED_DIR:-$(dirname "$0")/../../../shared}/seeds"
fail=0; pass=0
tmp=$(mktemp -d); trap 'chattr -i "$tmp/ro" 2>/dev/null; chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
mkdir "$tmp/ro" "$tmp/out"
DB="$tmp/ro/j.db"
"$JS" db --db "$DB" load "$SEEDS"/*.txt > /dev/null || { echo "FAIL load"; exit 1; }
[ ! -e "$DB-wal" ] && ok || bad "a finished load leaves a -wal file"
DEPT=$(sqlite3 "$DB" "select dept from documents where id = 1")
cat > "$tmp/cmds.sh" <<CMDS
J=\$1; D=\$2; O=\$3
"\$J" db --db "\$D" list > "\$O/list" 2>> "\$O/err"; echo "list \$?" >> "\$O/rc"
"\$J" db --db "\$D" show 1 > "\$O/show" 2>> "\$O/err"; echo "show \$?" >> "\$O/rc"
"\$J" db --db "\$D" export --format csv > "\$O/facts" 2>> "\$O/err"; echo "export \$?" >> "\$O/rc"
"\$J" db --db "\$D" export --format json --what findings > "\$O/findings" 2>> "\$O/err"; echo "findings \$?" >> "\$O/rc"
"\$J" report --db "\$D" rollup --year 2020 > "\$O/rollup" 2>> "\$O/err"; echo "rollup \$?" >> "\$O/rc"
"\$J" report --db "\$D" rank --metric 三公经费决算 > "\$O/rank" 2>> "\$O/err"; echo "rank \$?" >> "\$O/rc"
"\$J" report --db "\$D" yoy --dept "$DEPT" --years 2020,2020 > "\$O/yoy" 2>> "\$O/err"; echo "yoy \$?" >> "\$O/rc"
"\$J" db --db "\$D" check > "\$O/check" 2>> "\$O/err"; echo "check \$?" >> "\$O/rc"
"\$J" db --db "\$D" load "$SEEDS/000_e65ad6a672f33cc8.txt" > /dev/null 2> "\$O/load.err"; echo "load \$?" >> "\$O/rc"
touch "\$D.probe" 2> /dev/null && echo writable >> "\$O/rc"
ls "\$(dirname "\$D")" > "\$O/ls"
CMDS
bash "$tmp/cmds.sh" "$JS" "$DB" "$tmp/out" # the writable original
rm -f "$DB.probe"
mkdir "$tmp/rout"
how=""
if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
  unshare -m bash -c 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" && bash "$2" "$3" "$4" "$5"' \
    _ "$tmp/ro" "$tmp/cmds.sh" "$JS" "$DB" "$tmp/rout" 2>/dev/null && how="read-only bind mount"
fi
if [ -z "$how" ] && [ "$(id -u)" -eq 0 ] && chattr +i "$tmp/ro" 2>/dev/null; then
  rm -f "$tmp/rout"/*; bash "$tmp/cmds.sh" "$JS" "$DB" "$tmp/rout"; chattr -i "$tmp/ro"; how="chattr +i"
fi
if [ -z "$how" ] && [ "$(id -u)" -ne 0 ]; then
  chmod a-w "$tmp/ro" "$DB"; bash "$tmp/cmds.sh" "$JS" "$DB" "$tmp/rout"; chmod u+w "$tmp/ro" "$DB"; how="chmod a-w"
fi
if [ -z "$how" ]; then echo "SKIP: cannot make a directory read-only here"; exit 0; fi
echo "read-only by $how"
grep -q writable "$tmp/rout/rc" && bad "the directory was still writable" || ok
for c in list show export findings rollup rank yoy check; do
  grep -qx "$c 0" "$tmp/rout/rc" && ok || { bad "$c on read-only media: $(grep "^$c " "$tmp/rout/rc")"; head -3 "$tmp/rout/err"; }
done
for f in list show facts findings rollup rank yoy; do
  cmp -s "$tmp/out/$f" "$tmp/rout/$f" && [ -s "$tmp/out/$f" ] && ok || bad "$f differs on read-only media"
done
grep -qx "load 4" "$tmp/rout/rc" && ok || bad "load onto read-only media: $(grep '^load' "$tmp/rout/rc"), want 4"
grep -qi "read-only\|readonly" "$tmp/rout/load.err" && ok || bad "load's message: $(cat "$tmp/rout/load.err")"
[ "$(ls "$tmp/ro")" = "j.db" ] && ok || bad "files left beside the database: $(ls "$tmp/ro")"
echo "db_readonly: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
