# common.sh - sourced by tests/cli/*.sh: the set-up and the checks they all repeated.
#   JS            the program (the script's $1)
#   SRC           the source tree (JS_SOURCE_DIR, else two levels above the script)
#   tmp           a fresh directory, removed at exit
#   pass, fail    the counts; ok and bad NAME add one (bad says what failed)
#   t NAME WANT CMD...   runs CMD (stdout to $tmp/out, stderr to $tmp/err), wants exit WANT
#   has NAME FILE RE     FILE has a line matching RE (grep); hasnt: none
#   eq NAME GOT WANT     the strings are equal
#   same NAME FILE1 FILE2   the files are equal (the first lines of the diff when not)
#   finish NAME          prints "NAME: P passed, F failed"; the script's status (0: none failed)
# shellcheck shell=bash
JS="$1"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[1]}")/../.." && pwd)}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0; pass=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
t() {
  local name="$1" want="$2"; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$name: exit $got, want $want"; sed 's/^/  stderr: /' "$tmp/err" | head -5; fi
}
has() { if grep -q -- "$3" "$2"; then ok; else bad "$1: /$3/ not in $2"; sed 's/^/    /' "$2" | head -5; fi; }
hasnt() { if grep -q -- "$3" "$2"; then bad "$1: /$3/ in $2"; grep -m3 -- "$3" "$2" | sed 's/^/    /'; else ok; fi; }
eq() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi; }
same() { if cmp -s "$2" "$3"; then ok; else bad "$1: differs from $3"; diff "$2" "$3" | head -10; fi; }
finish() { echo "$1: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; }
