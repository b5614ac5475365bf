#!/usr/bin/env bash
# options.sh - the one option parser (src/cli/opt.c) of every command: --opt=value and
# --opt value, short options, options after the operands, `--`, unique prefixes; misuse exits 2
# with a message; --help, the man page and the completions list the same options (one table).
set -u
JS="$1"
export LANGUAGE=en
fail=0; pass=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
rc() { # want, command... (stdout -> $tmp/out, stderr -> $tmp/err)
  local want=$1; shift
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "exit $got, want $want: $*"; sed 's/^/  /' "$tmp/err" | head -3; fi
}
seed="$JS_SOURCE_DIR/examples/disclosure-with-errors.txt"
[ -f "$seed" ] || seed=$(ls "$JS_SHARED_DIR"/seeds/*.txt | head -1)

# the same output whichever way the value is written
"$JS" check --format json "$seed" > "$tmp/a" 2>/dev/null
for form in "--format=json" "-f json" "-fjson" "--form=json" "--fo json"; do
  # shellcheck disable=SC2086
  "$JS" check $form "$seed" > "$tmp/b" 2>/dev/null
  cmp -s "$tmp/a" "$tmp/b" && ok || bad "check $form differs from --format json"
done
"$JS" check "$seed" --format=json > "$tmp/b" 2>/dev/null
cmp -s "$tmp/a" "$tmp/b" && ok || bad "an option after the operand"
"$JS" parse --format=json --compact "$seed" > "$tmp/c" 2>/dev/null
[ "$(wc -l < "$tmp/c")" -eq 1 ] && ok || bad "parse --format=json --compact is one line"
"$JS" rules --format=json > "$tmp/c" && grep -q '"severity"' "$tmp/c" && ok || bad "rules --format=json"
cp "$seed" "$tmp/-dash.txt"
(cd "$tmp" && "$JS" facts -- -dash.txt > out2 2>/dev/null) && [ -s "$tmp/out2" ] && ok || bad "-- ends options"

# misuse: exit 2, one message naming the option, and the hint
rc 2 "$JS" check --format=yaml "$seed"; grep -q "unknown value 'yaml' for --format" "$tmp/err" && ok || bad "bad choice message"
rc 2 "$JS" check --bogus "$seed"; grep -q "unknown option --bogus" "$tmp/err" && ok || bad "unknown long option"
rc 2 "$JS" check -z "$seed"; grep -q "unknown option -z" "$tmp/err" && ok || bad "unknown short option"
rc 2 "$JS" check "$seed" --format; grep -q -- "--format needs a value" "$tmp/err" && ok || bad "missing value"
rc 2 "$JS" parse --compact=yes "$seed"; grep -q -- "--compact takes no value" "$tmp/err" && ok || bad "flag with value"
rc 2 "$JS" report --db x rank --top=many; grep -q -- "--top wants a whole number" "$tmp/err" && ok || bad "int option"
rc 2 "$JS" report --db x rank --top=-1
grep -q "try 'juesuan report --help'" "$tmp/err" && ok || bad "hint"
rc 2 "$JS" rules extra

# every command: --help, -h, help CMD agree; the man page and completions list every option
for c in parse facts check build render db report serve rules version help; do
  rc 0 "$JS" "$c" --help; cp "$tmp/out" "$tmp/help"
  rc 0 "$JS" "$c" -h; cmp -s "$tmp/out" "$tmp/help" && ok || bad "$c -h differs from --help"
  rc 0 "$JS" help "$c"; cmp -s "$tmp/out" "$tmp/help" && ok || bad "help $c differs from $c --help"
  rc 0 "$JS" help --man "$c"; cp "$tmp/out" "$tmp/man"
  head -2 "$tmp/man" | grep -q "^\.TH \"juesuan-$c\" 1" && ok || bad "man page of $c"
  for opt in $(grep -oE -- '--[a-z][a-z-]*' "$tmp/help" | sort -u); do
    grep -q -- "$(sed 's/-/\\\\-/g' <<<"$opt")" "$tmp/man" && ok || bad "man page of $c lacks $opt"
  done
done
rc 0 "$JS" help --man; grep -q '^\.TH "juesuan" 1' "$tmp/out" && ok || bad "juesuan(1)"
if command -v groff >/dev/null; then
  "$JS" help --man check | groff -k -man -Tutf8 -ww -z 2>"$tmp/groff" && [ ! -s "$tmp/groff" ] && ok || bad "groff warns"
fi
rc 0 "$JS" help --completion=bash; cp "$tmp/out" "$tmp/c.bash"
bash -n "$tmp/c.bash" && ok || bad "bash completion syntax"
got=$(bash -c 'source "$1"; COMP_WORDS=(juesuan che); COMP_CWORD=1; _juesuan; echo "${COMPREPLY[*]}"' _ "$tmp/c.bash")
[ "$got" = check ] && ok || bad "bash completes the command: '$got'"
got=$(bash -c 'source "$1"; COMP_WORDS=(juesuan check --format = js); COMP_CWORD=4; _juesuan; echo "${COMPREPLY[*]}"' _ "$tmp/c.bash")
[ "$got" = json ] && ok || bad "bash completes --format=js: '$got'"
got=$(bash -c 'source "$1"; COMP_WORDS=(juesuan build --me); COMP_CWORD=2; _juesuan; echo "${COMPREPLY[*]}"' _ "$tmp/c.bash")
[ "$got" = "--meta=" ] && ok || bad "bash completes --me: '$got'"
rc 0 "$JS" help --completion=zsh; grep -q '^#compdef juesuan' "$tmp/out" && grep -q -- "--files-from=" "$tmp/out" && ok || bad "zsh completion"
if command -v zsh >/dev/null; then zsh -n "$tmp/out" && ok || bad "zsh completion syntax"; fi
rc 2 "$JS" help --completion=fish

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
