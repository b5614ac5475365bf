#!/usr/bin/env bash
# install.sh - issue #15.5 (part): `cmake --install` into a temporary root gives a program
# that runs from there in Chinese (its catalogue found relative to it), finds the shipped
# rule profiles, and comes with man pages and bash/zsh completions generated from the tables.
set -u
JS="$1"
build=$(dirname "$JS")
[ -f "$build/cmake_install.cmake" ] || { echo "skip: not a CMake build dir"; exit 0; }
fail=0; pass=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
cmake --install "$build" --prefix "$tmp/usr" >/dev/null || bad "cmake --install"
for f in bin/juesuan share/locale/zh_CN/LC_MESSAGES/juesuan.mo share/man/man1/juesuan.1 \
         share/man/man1/juesuan-check.1 share/man/zh_CN/man1/juesuan-check.1 \
         share/bash-completion/completions/juesuan share/zsh/vendor-completions/_juesuan \
         share/juesuan/profiles/hunan-2020.profile; do
  [ -s "$tmp/usr/$f" ] && ok || bad "missing $f"
done
env -u LANGUAGE LANG=C.UTF-8 JUESUAN_DATADIR= "$tmp/usr/bin/juesuan" check --help > "$tmp/out" 2>&1
grep -q "用法：" "$tmp/out" && ok || bad "installed program is not Chinese"
"$tmp/usr/bin/juesuan" rules --profile hunan-2020 > "$tmp/out" 2>&1 && grep -q "湖南" "$tmp/out" && ok || bad "installed profile not found"
command -v man >/dev/null && { man -l "$tmp/usr/share/man/man1/juesuan-check.1" 2>/dev/null | grep -q -- "--format" && ok || bad "man page"; }
bash -n "$tmp/usr/share/bash-completion/completions/juesuan" && ok || bad "bash completion"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
