#!/usr/bin/env bash
# cli_basics.sh - the command table: every command answers --help, misuse exits 2 with a hint,
# unreadable inputs exit 3 naming the file, and the other inputs are still processed.
set -u
JS="$1"
fail=0; pass=0
tmp=$(mktemp -d) # this run's own files (was /tmp/cli_out.PID: shared by every run, never removed on failure)
trap 'rm -rf "$tmp"' EXIT
t() { # name, expected exit, command...
  local name="$1" want="$2"; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL $name: exit $got, want $want"; sed 's/^/  stderr: /' "$tmp/err" | head -5; fail=$((fail+1))
  else pass=$((pass+1)); fi
}
has() { # name, file, pattern
  if grep -q -- "$3" "$2"; then pass=$((pass+1)); else echo "FAIL $1: '$3' not in output"; fail=$((fail+1)); fi
}

for c in parse facts check build render db report serve rules version help; do
  t "$c --help" 0 "$JS" "$c" --help; has "$c --help" "$tmp/out" "usage: juesuan $c"
  t "help $c" 0 "$JS" help "$c"; has "help $c" "$tmp/out" "usage: juesuan $c"
done
t "no args" 2 "$JS"
t "unknown command" 2 "$JS" frobnicate; has "unknown command" "$tmp/err" "not a juesuan command"
t "facts without file" 2 "$JS" facts; has "facts without file" "$tmp/err" "try 'juesuan facts --help'"
t "facts bad option" 2 "$JS" facts --bogus x; has "facts bad option" "$tmp/err" "unknown option"
t "parse bad format" 2 "$JS" parse --format yaml x
t "version" 0 "$JS" version; has "version" "$tmp/out" "^juesuan [0-9]"

: > "$tmp/empty.txt"
printf 'abc\n\x00\x01\x02binary' > "$tmp/binary.bin"
head -c 4096 /dev/urandom > "$tmp/random.bin"
printf '%s\n' "这是一份会议纪要。" "与决算无关。" > "$tmp/notes.txt"
t "missing file" 3 "$JS" facts "$tmp/nope.txt"; has "missing file" "$tmp/err" "nope.txt"
t "empty file" 3 "$JS" facts "$tmp/empty.txt"; has "empty file" "$tmp/err" "empty.txt: empty file"
t "binary file" 3 "$JS" parse "$tmp/binary.bin"; has "binary file" "$tmp/err" "binary.bin:2"
t "random bytes" 3 "$JS" facts "$tmp/random.bin"; has "random bytes" "$tmp/err" "random.bin"
t "not a disclosure" 3 "$JS" facts "$tmp/notes.txt"; has "not a disclosure" "$tmp/err" "not a final-account disclosure"
# a GB18030 file is decoded, not rejected as binary
printf '%s\n' "这是一份会议纪要。" | iconv -f UTF-8 -t GB18030 > "$tmp/gbk.txt"
t "gb18030 text" 3 "$JS" facts "$tmp/gbk.txt"; has "gb18030 text" "$tmp/err" "not a final-account disclosure"
# a PDF or a text on standard input reads like the file itself
pdf="$JS_SHARED_DIR/pdf/shanghai-putuo-finance-bureau-2024.pdf"
seed="$JS_SHARED_DIR/seeds/000_e65ad6a672f33cc8.txt"
if [ -f "$pdf" ]; then
  "$JS" facts "$pdf" > "$tmp/file.tsv" 2>/dev/null
  t "pdf on stdin" 0 sh -c "'$JS' facts - < '$pdf'"
  if cmp -s "$tmp/out" "$tmp/file.tsv" && [ "$(wc -l < "$tmp/file.tsv")" -gt 100 ]; then pass=$((pass+1));
  else echo "FAIL pdf on stdin: facts differ from the file's"; fail=$((fail+1)); fi
fi
if [ -f "$seed" ]; then
  "$JS" facts "$seed" > "$tmp/seed.tsv" 2>/dev/null
  t "text on stdin" 0 sh -c "'$JS' facts - < '$seed'"
  if cmp -s "$tmp/out" "$tmp/seed.tsv" && [ "$(wc -l < "$tmp/seed.tsv")" -gt 50 ]; then pass=$((pass+1));
  else echo "FAIL text on stdin: facts differ from the file's"; fail=$((fail+1)); fi
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
