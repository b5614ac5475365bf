#!/usr/bin/env bash
# special_files.sh - issue #16.2: inputs that are not regular files (a FIFO, a device, a
# socket, a directory) never block: each gets a clear message and is skipped, the other
# inputs are still read (exit 3); '-' reads standard input.
set -u
JS="$1"
export LANGUAGE=en
fail=0; pass=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
good="$JS_SOURCE_DIR/examples/disclosure.txt"
"$JS" facts "$good" > "$tmp/want" || bad "facts of the example"
mkfifo "$tmp/fifo"
python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$tmp/sock" 2>/dev/null

run() { # name, want-exit, message pattern, command... (a 10 s timeout: a block is a failure)
  local name=$1 want=$2 pat=$3; shift 3
  timeout 10 "$@" >"$tmp/out" 2>"$tmp/err" </dev/null; local got=$?
  [ "$got" -ne 124 ] || { bad "$name: blocked"; return; }
  [ "$got" -eq "$want" ] && ok || bad "$name: exit $got, want $want"
  grep -q -- "$pat" "$tmp/err" && ok || { bad "$name: no '$pat' on stderr"; sed 's/^/  /' "$tmp/err" | head -3; }
}
for cmd in facts parse check; do
  run "$cmd fifo" 3 "fifo: a FIFO, not a file; skipped" "$JS" $cmd "$tmp/fifo" "$good"
  [ -s "$tmp/out" ] && ok || bad "$cmd fifo: the good file was not read"
  run "$cmd device" 3 "/dev/null: a device, not a file; skipped" "$JS" $cmd /dev/null "$good"
  [ -s "$tmp/out" ] && ok || bad "$cmd device: the good file was not read"
  if [ -S "$tmp/sock" ]; then
    run "$cmd socket" 3 "sock: a socket, not a file; skipped" "$JS" $cmd "$tmp/sock" "$good"
  fi
done
# a directory: never blocks, the good file is still read (check DIR may expand a folder)
timeout 10 "$JS" facts "$tmp" "$good" >"$tmp/out" 2>/dev/null; [ $? -ne 124 ] && [ -s "$tmp/out" ] && ok || bad "facts dir"
run "render fifo" 3 "a FIFO" "$JS" render "$tmp/fifo" --format txt -o "$tmp/x.txt"
# the library's own reader (db load, build) refuses the FIFO too, without blocking
run "db load fifo" 3 "not a regular file" "$JS" db --db "$tmp/t.db" load "$tmp/fifo" "$good"
run "build fifo" 3 "not a regular file" "$JS" build "$tmp/fifo" --meta "$JS_SOURCE_DIR/examples/meta.json"
# '-' is standard input
timeout 10 "$JS" facts - < "$good" > "$tmp/out"; cmp -s "$tmp/out" "$tmp/want" && ok || bad "facts - reads stdin"
timeout 10 "$JS" check --format json - < "$good" > "$tmp/out"; grep -q '"findings"' "$tmp/out" && ok || bad "check - reads stdin"

# An output that exists and is not a regular file (a FIFO, /dev/null, /dev/stdout) is written
# straight to, never replaced by renaming a temporary file over it (as root, `-o /dev/null`
# used to turn the machine's /dev/null into a regular file).
"$JS" render "$good" --format md -o "$tmp/want.md" || bad "render md to a file"
for fmt in md xlsx; do
  rm -f "$tmp/outfifo" "$tmp/got"; mkfifo "$tmp/outfifo"
  timeout 10 cat "$tmp/outfifo" > "$tmp/got" & reader=$!
  timeout 10 "$JS" render "$good" --format $fmt -o "$tmp/outfifo" 2>"$tmp/err"; rc=$?
  wait $reader
  [ "$rc" -eq 0 ] && ok || bad "render $fmt -o FIFO: exit $rc"
  [ -p "$tmp/outfifo" ] && ok || bad "render $fmt -o FIFO: the FIFO was replaced"
  [ -s "$tmp/got" ] && ok || bad "render $fmt -o FIFO: nothing came through the FIFO"
  ls "$tmp"/outfifo.tmp* >/dev/null 2>&1 && bad "render $fmt -o FIFO: a temporary file left" || ok
done
cmp -s <(timeout 10 cat "$tmp/outfifo" & "$JS" render "$good" --format md -o "$tmp/outfifo"; wait) "$tmp/want.md" \
  && ok || bad "render md -o FIFO: not the bytes render writes to a file"
timeout 10 "$JS" render "$good" --format md -o "$tmp" 2>"$tmp/err"; rc=$?
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && grep -q "is a directory" "$tmp/err" && ok || bad "render -o DIR: exit $rc, $(head -1 "$tmp/err")"
[ -d "$tmp" ] && ok || bad "render -o DIR: the directory was replaced"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
