#!/usr/bin/env bash
# install.sh - issue #15.5 (part): `cmake --install` into a temporary root gives a program
# that runs from there in Chinese (its catalogue found relative to it), finds the shipped
# rule profiles, and comes with man pages and bash/zsh completions generated from the tables;
# the shared library, its headers and pkg-config file link a program that runs; `cpack -G DEB`
# makes a .deb whose contents (dpkg -c) are all of that, whose Depends are Debian packages
# covering every library the program needs, whose unpacked root (dpkg-deb -x) runs the
# program, and which dpkg installs into an empty root of its own (dpkg --root: the program
# runs from there, man pages and completions in place) and removes without a trace.
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
  # a sanitizer build's library needs its runtime first in the program (CI's ASan run)
  if readelf -d "$so" | grep -q 'libasan'; then
    flags="$flags -fsanitize=address,undefined"
  fi
  # shellcheck disable=SC2086
  cc -std=c11 -Wall -Werror "$tmp/use.c" $flags -o "$tmp/use" 2>"$tmp/cc.err" && ok || { bad "link with pkg-config"; head -3 "$tmp/cc.err"; }
  LD_LIBRARY_PATH=$(dirname "$so") "$tmp/use" > "$tmp/out" 2>&1 && grep -Eq '^[0-9]+ [A-Z]' "$tmp/out" && ok || bad "program on libjuesuan.so"
  readelf -d "$so" | grep -q 'SONAME.*libjuesuan.so.0' && ok || bad "SONAME libjuesuan.so.0"
  # no MuPDF in it (Debian's archives are not PIC): PDFs are read by the installed program
  nm -D --defined-only "$so" | grep -q ' fz_new_context' && bad "MuPDF inside libjuesuan.so" || ok
  nm -D --defined-only "$so" | grep -q ' js_check$' && ok || bad "libjuesuan.so lacks js_check"
  cat > "$tmp/read.c" <<'EOF'
#include <juesuan/juesuan.h>
#include <stdio.h>
/* parse and check each file with libjuesuan.so: tables found and findings */
int main(int argc, char **argv)
{
    js_err err;
    js_err_clear(&err);
    js_ctx *ctx = js_ctx_new(&err);
    if (!ctx) return 4;
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        js_doc *doc = NULL;
        js_findings f;
        js_findings_init(&f);
        if (js_parse_file(ctx, argv[i], &doc, &err) != JS_OK || js_check(ctx, doc, &f, &err) != JS_OK) {
            printf("%s: unreadable: %s\n", argv[i], err.msg);
            js_err_clear(&err);
            rc = 3;
        } else {
            int e = 0, w = 0, n = 0, nt = 0;
            js_findings_summary(&f, &e, &w, &n);
            for (int t = 1; t <= 9; t++)
                nt += doc->tables[t] != NULL;
            printf("%s: %d tables, %d errors, %d warnings, %d notices\n", argv[i], nt, e, w, n);
        }
        js_findings_release(&f);
        js_doc_free(doc);
    }
    js_ctx_free(ctx);
    return rc;
}
EOF
  # shellcheck disable=SC2086
  cc -std=c11 -Wall -Werror "$tmp/read.c" $flags -o "$tmp/read" 2>"$tmp/cc.err" && ok || { bad "link the reader"; head -3 "$tmp/cc.err"; }
  # the same counts as the installed program's own check, for a PDF and a text
  for f in "$JS_SOURCE_DIR/examples/tables.pdf" "$JS_SOURCE_DIR/examples/disclosure-with-errors.txt"; do
    got=$(LD_LIBRARY_PATH=$(dirname "$so") "$tmp/read" "$f" 2>&1)
    want=$("$tmp/usr/bin/juesuan" check --format json "$f" 2>/dev/null | python3 -c '
import json, sys
f = json.load(sys.stdin)["findings"]
c = lambda s: sum(1 for x in f if x["severity"] == s)
print("%d errors, %d warnings, %d notices" % (c("error"), c("warning"), c("notice")))')
    case "$got" in *": 9 tables, $want") ok ;; *) bad "libjuesuan.so on $(basename "$f"): '$got', the program: '$want'" ;; esac
  done
  # without the program a PDF is an error that says so (no crash); a text still reads
  got=$(JUESUAN_PROGRAM=/nonexistent/juesuan LD_LIBRARY_PATH=$(dirname "$so") "$tmp/read" \
        "$JS_SOURCE_DIR/examples/tables.pdf" "$JS_SOURCE_DIR/examples/disclosure.txt" 2>&1)
  echo "$got" | grep -q "tables.pdf: unreadable: .*juesuan program" && echo "$got" | grep -q "disclosure.txt: 9 tables" &&
    ok || bad "libjuesuan.so without the program: '$got'"
elif [ -n "$so" ] || [ -n "$pc" ]; then
  bad "shared library without pkg-config file, or the reverse"
else
  echo "skip: the shared library is not built (-DJS_SHARED_LIB=OFF)"
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
    grep -q -- "/juesuan/juesuan-xls$" "$tmp/contents" && ok || bad "deb lacks the XLS helper juesuan-xls"
    # Depends from dpkg-shlibdeps: the shared libraries linked (jansson; SQLite is linked statically),
    # not poppler (MuPDF draws pages, #18),
    # and the modules' (libxlsxwriter)
    dpkg-deb -f "$deb" Depends > "$tmp/depends"
    grep -q "libjansson" "$tmp/depends" && ! grep -q "libpoppler" "$tmp/depends" && ok || bad "deb: Depends"
    grep -q "libxlsxwriter" "$tmp/depends" && ok || bad "deb: Depends lacks the modules' libraries"
    # every package Depends names is a Debian package (known to apt or dpkg here) ...
    tr ',' '\n' < "$tmp/depends" | sed -E 's/^ *//; s/ .*//; s/\|.*//' | grep . | sort -u > "$tmp/deps"
    while read -r p; do
      if apt-cache show "$p" > /dev/null 2>&1 || dpkg-query -W "$p" > /dev/null 2>&1; then ok; else bad "deb: Depends names $p, not a Debian package"; fi
    done < "$tmp/deps"
    # ... and every shared library the program needs comes from one of them (a clean system
    # that installs the Depends has them all)
    if command -v dpkg-query > /dev/null; then
      # the program and its modules (juesuan-*.so, loaded on first use)
      for lib in $(for elf in "$build/juesuan" $(find "$build" -maxdepth 2 -name 'juesuan-*.so'); do
                     readelf -d "$elf"; done | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p' | grep -v '^juesuan' | sort -u); do
        path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64|x32|AArch64|64bit/ { print $NF; exit }')
        [ -n "$path" ] || path=$(ldconfig -p | awk -v l="$lib" '$1 == l { print $NF; exit }')
        pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1)
        [ -n "$pkg" ] || pkg=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1)
        if [ -z "$pkg" ]; then bad "deb: $lib comes from no Debian package"
        elif grep -qx "$pkg" "$tmp/deps"; then ok
        else bad "deb: $lib ($pkg) is not in Depends"; fi
      done
    fi
    dpkg-deb -x "$deb" "$tmp/root"
    env -u LANGUAGE LANG=C.UTF-8 "$tmp/root/usr/bin/juesuan" check "$JS_SOURCE_DIR/examples/disclosure-with-errors.txt" > "$tmp/out" 2>&1
    [ $? -eq 1 ] && grep -q "个错误" "$tmp/out" && ok || bad "the program of the .deb"
    # .xls through the helper program, found next to the module that reads workbooks
    "$tmp/root/usr/bin/juesuan" facts "$JS_SOURCE_DIR/tests/fuzz/corpus/xlsx/render-s0.xls" > "$tmp/xls.tsv" 2>&1 &&
      grep -q "支出" "$tmp/xls.tsv" && ok || bad "the program of the .deb: .xls through juesuan-xls"
    "$tmp/root/usr/bin/juesuan" render "$JS_SOURCE_DIR/examples/disclosure.txt" --format xlsx -o "$tmp/r.xlsx" 2>/dev/null &&
      head -c 2 "$tmp/r.xlsx" | grep -q PK && ok || bad "the program of the .deb: XLSX module"
    # installed by dpkg into an empty root of its own (its own package database): dpkg records
    # it, the program runs from there with its man pages and completions, and removing the
    # package leaves nothing of it
    r="$tmp/dpkgroot"
    mkdir -p "$r/var/lib/dpkg/info" "$r/var/lib/dpkg/updates" && : > "$r/var/lib/dpkg/status"
    if dpkg --root="$r" --force-depends --force-not-root --force-script-chrootless --log=/dev/null \
         -i "$deb" > "$tmp/dpkg.log" 2>&1; then
      dpkg --root="$r" -s juesuan 2>/dev/null | grep -q "^Status: install ok installed" && ok || bad "dpkg -i: not recorded as installed"
      "$r/usr/bin/juesuan" version > "$tmp/out" 2>&1 && grep -q "0\.[0-9]" "$tmp/out" && ok || bad "dpkg -i: juesuan version"
      env -u LANGUAGE LANG=C.UTF-8 "$r/usr/bin/juesuan" check "$JS_SOURCE_DIR/examples/disclosure.txt" > "$tmp/out" 2>&1 &&
        grep -q "0 个错误" "$tmp/out" && ok || bad "dpkg -i: check an example"
      LANG=en "$r/usr/bin/juesuan" rules --profile shanghai-2024 > /dev/null 2>&1 && ok || bad "dpkg -i: shipped profile"
      for f in usr/share/man/man1/juesuan.1 usr/share/man/man1/juesuan-report.1 usr/share/man/zh_CN/man1/juesuan.1 \
               usr/share/bash-completion/completions/juesuan usr/share/zsh/vendor-completions/_juesuan; do
        [ -s "$r/$f" ] || [ -s "$r/$f.gz" ] && ok || bad "dpkg -i: no $f"
      done
      dpkg --root="$r" -L juesuan | grep -q "^/usr/bin/juesuan$" && ok || bad "dpkg -L"
      dpkg --root="$r" --force-not-root --force-script-chrootless --log=/dev/null -r juesuan > "$tmp/dpkg.log" 2>&1 && ok || bad "dpkg -r"
      left=$(find "$r/usr" -type f 2>/dev/null | wc -l)
      [ "$left" -eq 0 ] && ok || bad "dpkg -r left $left files"
    else
      bad "dpkg -i into an empty root: $(tail -3 "$tmp/dpkg.log")"
    fi
  else
    bad "no .deb made"
  fi
else
  echo "skip: no cpack or dpkg-deb"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
