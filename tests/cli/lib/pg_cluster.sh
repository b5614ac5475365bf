# pg_cluster.sh - sourced by the store tests and benches: throw-away PostgreSQL
# clusters on 127.0.0.1 (issue #17).
#   pg_available            true when the PostgreSQL 15 server programs are here
#   pg_start [OPTS]         starts a cluster on a free port; prints its base URL
#                           (postgres://postgres@127.0.0.1:PORT); OPTS are extra
#                           "-c name=value" server settings
#   pg_createdb URL NAME    creates database NAME; prints its URL
#   pg_stop_all             stops every cluster started here and removes it
# PostgreSQL refuses to run as root: as root the cluster belongs to the
# `postgres` system user (runuser). Data directories live under /tmp and are
# removed by pg_stop_all (call it from an EXIT trap).
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
# pg_start runs in $(…), a subshell: the clusters it starts are recorded in a file
PG_REGISTRY=$(mktemp /tmp/js-pg-registry.XXXXXX)

pg_available() {
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] || return 1
  [ "$(id -u)" -ne 0 ] || id postgres >/dev/null 2>&1
}

_pg_as() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# pg_ctl with every inherited descriptor above 2 closed: the server must not keep
# a caller's open files (a `flock LOCK cmd` lock would be held as long as it runs)
_pg_ctl() {
  local fd
  for fd in $(ls /proc/$BASHPID/fd 2>/dev/null); do
    [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null
  done
  _pg_as "$PG_BIN/pg_ctl" "$@"
}

_pg_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_start() {
  local d port i
  d=$(mktemp -d /tmp/js-pg.XXXXXX) || return 1
  chmod 755 "$d"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$d"
  _pg_as "$PG_BIN/initdb" -D "$d/data" -U postgres --auth=trust -E UTF8 --locale=C -N \
    > "$d/initdb.log" 2>&1 || { cat "$d/initdb.log" >&2; return 1; }
  echo "$d" >> "$PG_REGISTRY"
  # a port another process took in the meantime fails the start: then another port. The
  # wait for the server is long (a loaded machine starts it slowly; with 30 s a start that
  # timed out left its server running, and every retry then failed on its lock file), and
  # a server left by a failed start is stopped before the next try.
  for i in 1 2 3 4 5; do
    port=$(_pg_free_port)
    if (_pg_ctl -D "$d/data" -l "$d/log" -w -t 300 \
         -o "-p $port -k $d -c listen_addresses=127.0.0.1 -c max_connections=60 $*" start > /dev/null 2>&1); then
      echo "postgres://postgres@127.0.0.1:$port"
      return 0
    fi
    _pg_as "$PG_BIN/pg_ctl" -D "$d/data" -m immediate -w -t 300 stop > /dev/null 2>&1
  done
  cat "$d/log" >&2
  return 1
}

pg_createdb() {
  psql -XAtq -d "$1/postgres" -c "CREATE DATABASE \"$2\"" > /dev/null || return 1
  echo "$1/$2"
}

# the server's CPU seconds so far (its exited backends included): pg_cpu URL
pg_cpu() {
  local port=${1##*:} d pid
  port=${port%%/*}
  d=$(grep -l -- "\"-p\" \"$port\"" /tmp/js-pg.*/data/postmaster.opts 2>/dev/null | head -1)
  pid=$(head -1 "$(dirname "$d")/postmaster.pid" 2>/dev/null)
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15 + $16 + $17) / hz }' "/proc/$pid/stat" 2>/dev/null || echo 0
}

pg_stop_all() {
  local d
  [ -f "$PG_REGISTRY" ] || return 0
  while read -r d; do
    [ -n "$d" ] || continue
    _pg_as "$PG_BIN/pg_ctl" -D "$d/data" -m immediate stop > /dev/null 2>&1
    rm -rf "$d"
  done < "$PG_REGISTRY"
  rm -f "$PG_REGISTRY"
}
