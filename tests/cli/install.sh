#!/usr/bin/env bash
# install.sh - issue #15.5 (part): `cmake --install` into a temporary root gives a program
# that runs from there in Chinese (its catalogue found relative to it), finds the shipped
# rule profiles, and comes with man pages and bash/zsh completions generated from the tables;
# the shared library, its headers and pkg-config file link a program that runs; `cpack -G DEB`
# makes a .deb whose contents (dpkg -c) are all of that, with its dependencies, and whose
# unpacked root (dpkg-deb -x) runs the program.
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
# the back-ends' modules (issue #18), found relative to the installed program
for m in ocr pg serve sheet xlsx; do
  [ -n "$(find "$tmp/usr" -path "*/juesuan/juesuan-$m.so")" ] && ok || bad "module juesuan-$m.so not installed"
done
"$tmp/usr/bin/juesuan" render "$JS_SOURCE_DIR/examples/disclosure.txt" --format xlsx -o "$tmp/d.xlsx" 2>"$tmp/err" &&
  head -c 2 "$tmp/d.xlsx" | grep -q PK && ok || bad "installed program: XLSX module ($(head -c 300 "$tmp/err"))"
"$tmp/usr/bin/juesuan" rules --profile hunan-2020 > "$tmp/out" 2>&1 && grep -q "湖南" "$tmp/out" && ok || bad "installed profile not found"
command -v man >/dev/null && { man -l "$tmp/usr/share/man/man1/juesuan-check.1" 2>/dev/null | grep -q -- "--format" && ok || bad "man page"; }
bash -n "$tmp/usr/share/bash-completion/completions/juesuan" && ok || bad "bash completion"
[ -s "$tmp/usr/share/doc/juesuan/LICENSE" ] && grep -q "GNU AFFERO GENERAL PUBLIC LICENSE" "$tmp/usr/share/doc/juesuan/LICENSE" &&
  ok || bad "LICENSE installed"

# the library: headers, pkg-config, a program linked to libjuesuan.so
pc=$(find "$tmp/usr" -name juesuan.pc | head -1)
so=$(find "$tmp/usr" -name 'libjuesuan.so.0' | head -1)
if [ -n "$pc" ] && [ -n "$so" ] && command -v pkg-config >/dev/null && command -v cc >/dev/null; then
  printf '%s\n' '#include <juesuan/juesuan.h>' '#include <stdio.h>' 'int main(void)' '{' \
    '    size_t n = 0;' '    const js_rule *r = js_rules(&n);' \
    '    printf("%zu %s\n", n, n ? r[0].id : "");' '    return n > 0 ? 0 : 1;' '}' > "$tmp/use.c"
  flags=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --define-variable=prefix="$tmp/usr" --cflags --libs juesuan)
  # shellcheck disable=SC2086
  cc -std=c11 -Wall -Werror "$tmp/use.c" $flags -o "$tmp/use" 2>"$tmp/cc.err" && ok || { bad "link with pkg-config"; head -3 "$tmp/cc.err"; }
  LD_LIBRARY_PATH=$(dirname "$so") "$tmp/use" > "$tmp/out" 2>&1 && grep -Eq '^[0-9]+ [A-Z]' "$tmp/out" && ok || bad "program on libjuesuan.so"
  readelf -d "$so" | grep -q 'SONAME.*libjuesuan.so.0' && ok || bad "SONAME libjuesuan.so.0"
elif [ -n "$so" ] || [ -n "$pc" ]; then
  bad "shared library without pkg-config file, or the reverse"
else
  echo "skip: the shared library is not built (JS_SHARED_LIB=OFF: MuPDF's static archives are not PIC)"
fi

# the Debian package: contents, dependencies, and the program of its unpacked root
if command -v cpack >/dev/null && command -v dpkg-deb >/dev/null && [ -f "$build/CPackConfig.cmake" ]; then
  (cd "$tmp" && cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1) || { bad "cpack"; tail -5 "$tmp/cpack.log"; }
  deb=$(find "$tmp/pkg" -maxdepth 1 -name 'juesuan_*.deb' | head -1)
  if [ -n "$deb" ]; then
    dpkg -c "$deb" > "$tmp/contents"
    for f in ./usr/bin/juesuan ./usr/include/juesuan/check.h \
             ./usr/share/locale/zh_CN/LC_MESSAGES/juesuan.mo ./usr/share/man/man1/juesuan-check.1 \
             ./usr/share/bash-completion/completions/juesuan ./usr/share/juesuan/profiles/default.profile \
             ./usr/share/doc/juesuan/LICENSE; do
      grep -q -- "$f" "$tmp/contents" && ok || bad "deb lacks $f"
    done
    grep -q -- "/juesuan/juesuan-xlsx.so" "$tmp/contents" && ok || bad "deb lacks the modules"
    # Depends from dpkg-shlibdeps: the libraries linked (SQLite), not poppler (MuPDF draws pages, #18),
    # and the modules' (libxlsxwriter)
    dpkg-deb -f "$deb" Depends > "$tmp/depends"
    grep -q "libsqlite3" "$tmp/depends" && ! grep -q "libpoppler" "$tmp/depends" && ok || bad "deb: Depends"
    grep -q "libxlsxwriter" "$tmp/depends" && ok || bad "deb: Depends lacks the modules' libraries"
    dpkg-deb -x "$deb" "$tmp/root"
    env -u LANGUAGE LANG=C.UTF-8 "$tmp/root/usr/bin/juesuan" check "$JS_SOURCE_DIR/examples/disclosure-with-errors.txt" > "$tmp/out" 2>&1
    [ $? -eq 1 ] && grep -q "个错误" "$tmp/out" && ok || bad "the program of the .deb"
    "$tmp/root/usr/bin/juesuan" render "$JS_SOURCE_DIR/examples/disclosure.txt" --format xlsx -o "$tmp/r.xlsx" 2>/dev/null &&
      head -c 2 "$tmp/r.xlsx" | grep -q PK && ok || bad "the program of the .deb: XLSX module"
  else
    bad "no .deb made"
  fi
else
  echo "skip: no cpack or dpkg-deb"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
