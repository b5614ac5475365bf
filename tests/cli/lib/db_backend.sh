# db_backend.sh - sourced by tests/cli/db_*.sh: the same tests on SQLite (the
# default) and on PostgreSQL (JS_DB_BACKEND=postgres with JS_PG_URL, the base
# URL of a running cluster: tests/cli/db_postgres.sh sets both).
#   new_db NAME   prints the --db value of a fresh, empty database
#   q SQL         runs SQL on $DB, prints rows as sqlite3 does (fields joined by |)
#   is_pg         true on PostgreSQL
is_pg() { [ "${JS_DB_BACKEND:-sqlite}" = postgres ]; }
new_db() {
  if is_pg; then
    local name="t_$(basename "$0" .sh)_$1_$$"
    psql -XAtq -d "$JS_PG_URL/postgres" -c "DROP DATABASE IF EXISTS \"$name\"" >/dev/null 2>&1
    psql -XAtq -d "$JS_PG_URL/postgres" -c "CREATE DATABASE \"$name\"" >/dev/null || return 1
    echo "$JS_PG_URL/$name"
  else
    echo "$tmp/$1.db"
  fi
}
q() {
  if is_pg; then
    psql -XAtq -v ON_ERROR_STOP=1 -d "$DB" -c "$(printf '%s' "$1" | sed 's/char(9)/chr(9)/g')"
  else
    sqlite3 "$DB" "$1"
  fi
}
