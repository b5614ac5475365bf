#!/usr/bin/env bash
# i18n.sh - issue #15.1: the interface is Chinese unless LANGUAGE, LC_ALL, LC_MESSAGES or
# LANG asks for English — also in the C/C.UTF-8 locale CI runs in and with LANG=en, which is
# not a locale name; a mistyped command suggests the nearest one.
set -u
JS="$1"
fail=0; pass=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
clean() { env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG "$@"; }
zh() { # name, pattern, env-assignments..., -- command...
  local name=$1 pat=$2; shift 2
  clean "$@" >"$tmp/out" 2>&1
  grep -q -- "$pat" "$tmp/out" && ok || { bad "$name: no '$pat'"; head -3 "$tmp/out" | sed 's/^/  /'; }
}
for e in "LANG=C.UTF-8" "LC_ALL=C" "LANG=POSIX" "LANG=zh_CN.UTF-8" "LANG=de_DE.UTF-8" "LANGUAGE=zh_CN:en LANG=en_US.UTF-8"; do
  # shellcheck disable=SC2086
  zh "[$e] help" "用法：" $e "$JS" check --help
  # shellcheck disable=SC2086
  zh "[$e] usage error" "未知选项 --bogus" $e "$JS" check --bogus
  # shellcheck disable=SC2086
  zh "[$e] suggestion" "您是否要运行 \`juesuan check\`？" $e "$JS" chek
  # shellcheck disable=SC2086
  zh "[$e] file error" "nope.txt：无法打开" $e "$JS" facts "$tmp/nope.txt"
done
for e in "LANG=en" "LANG=en_US.UTF-8" "LC_ALL=en_GB.UTF-8" "LC_MESSAGES=en" "LANGUAGE=en LANG=C.UTF-8" "LANGUAGE=en:zh_CN LANG=zh_CN.UTF-8"; do
  # shellcheck disable=SC2086
  zh "[$e] help" "usage: juesuan check" $e "$JS" check --help
  # shellcheck disable=SC2086
  zh "[$e] suggestion" "Did you mean \`juesuan check\`?" $e "$JS" chek
  # shellcheck disable=SC2086
  zh "[$e] file error" "nope.txt: cannot open" $e "$JS" facts "$tmp/nope.txt"
done
# the names of option values too (--output=文件), aligned by display width; English: FILE
zh "help metavar zh" "^  -o, --output=文件       " LANG=C.UTF-8 "$JS" check --help
zh "help synopsis zh" "\[--year=年度\]" LANG=C.UTF-8 "$JS" report --help
zh "help metavar en" "^  -o, --output=FILE       " LANG=en "$JS" check --help
# rules --format md: the page in Chinese (headings, table header, severities), and in English
# with LANG=en (docs/rules.md, compared in check_cli.sh); the rules' summaries Chinese in both
clean LANG=C.UTF-8 "$JS" rules --format md > "$tmp/rules.zh.md"
clean LANG=en "$JS" rules --format md > "$tmp/rules.en.md"
for w in "^# 审核规则$" "^## 表内运算（合计、层级、恒等式） — arithmetic$" "^| 编号 | 级别 | 说明 |$" \
         "^| \`T-ROW\` | 错误 | 行合计" "^| \`[A-Z0-9-]*\` | 警告 | " "^| \`[A-Z0-9-]*\` | 提示 | "; do
  grep -q -- "$w" "$tmp/rules.zh.md" && ok || bad "rules md zh: no /$w/"
done
grep -Eq "Audit|Generated|severity|\| (error|warning|notice) \|" "$tmp/rules.zh.md" && bad "rules md zh: English words" || ok
for w in "^# Audit rules" "^## arithmetic — 表内运算" "^| id | severity | 说明 |$" "^| \`T-ROW\` | error | 行合计"; do
  grep -q -- "$w" "$tmp/rules.en.md" && ok || bad "rules md en: no /$w/"
done
[ "$(grep -c '^| `' "$tmp/rules.zh.md")" = "$(grep -c '^| `' "$tmp/rules.en.md")" ] && ok || bad "rules md: zh and en list different rules"
# LC_ALL wins over LANG, as in setlocale
zh "LC_ALL over LANG" "用法：" LC_ALL=C.UTF-8 LANG=en_US.UTF-8 "$JS" check --help
# the man page and overview follow the language too; the findings stay Chinese in English
zh "man zh" '^\.SH 选项' LANG=C.UTF-8 "$JS" help --man check
zh "man en" '^\.SH OPTIONS' LANG=en "$JS" help --man check
clean LANG=en "$JS" check "$JS_SOURCE_DIR/examples/disclosure-with-errors.txt" > "$tmp/en.txt" 2>/dev/null
grep -q '公开0' "$tmp/en.txt" && ok || bad "findings are Chinese in English too"
# a catalogue found through JUESUAN_LOCALEDIR; an empty one gives English (no crash)
mkdir -p "$tmp/loc"
zh "no catalogue: English" "usage: juesuan check" JUESUAN_LOCALEDIR="$tmp/loc" LANG=C.UTF-8 "$JS" check --help
# db and report: column names and db show's field names in Chinese, keys in English;
# a Chinese CSV starts with a UTF-8 BOM (Excel), an English one does not
"$JS" db --db "$tmp/l.db" load "$JS_SOURCE_DIR/examples/disclosure-with-errors.txt" >/dev/null 2>&1
zh "db list zh" "部门" LANG=C.UTF-8 "$JS" db --db "$tmp/l.db" list
zh "db show zh" "三公经费  *9.12" LANG=C.UTF-8 "$JS" db --db "$tmp/l.db" show 1
zh "db show zh findings" "审核结果（10 条）" LANG=C.UTF-8 "$JS" db --db "$tmp/l.db" show 1
zh "db show en" "sangong  *9.12" LANG=en "$JS" db --db "$tmp/l.db" show 1
# db migrate: the schema history's notes in the user's language — each version's note differs
# between the languages (a note that is not in the catalogue would be the same English text)
clean LANG=C.UTF-8 "$JS" db --db "$tmp/l.db" migrate > "$tmp/m.zh"
clean LANG=en "$JS" db --db "$tmp/l.db" migrate > "$tmp/m.en"
notes() { sed -E '1d; s/^ *[0-9]+ +[0-9-]+ [0-9:]+ +//' "$1"; }
grep -q "表结构版本 [0-9]*（本版 juesuan 的版本）；升级记录：$" "$tmp/m.zh" && ok || bad "migrate zh: $(head -1 "$tmp/m.zh")"
grep -q "schema version [0-9]* (the version of this juesuan); its history:$" "$tmp/m.en" && ok || bad "migrate en: $(head -1 "$tmp/m.en")"
nv=$(notes "$tmp/m.en" | grep -c .)
[ "$nv" -ge 6 ] && [ "$(notes "$tmp/m.zh" | grep -c .)" = "$nv" ] && ok || bad "migrate: $nv notes in English, $(notes "$tmp/m.zh" | grep -c .) in Chinese"
same_notes=$(paste -d '|' <(notes "$tmp/m.zh") <(notes "$tmp/m.en") | awk -F'|' '$1 == $2')
[ -z "$same_notes" ] && ok || bad "migrate: notes not translated: $same_notes"
zh "report zh" "勾稽关系" LANG=C.UTF-8 "$JS" report --db "$tmp/l.db" rollup --year 2020
clean LANG=C.UTF-8 "$JS" db --db "$tmp/l.db" list --format csv | head -c 3 | od -An -tx1 | grep -q "ef bb bf" && ok || bad "zh csv: no BOM"
clean LANG=en "$JS" db --db "$tmp/l.db" list --format csv | head -1 | grep -q "^id,hash,dept" && ok || bad "en csv: keys, no BOM"
# parse's overview and check's text report: Chinese words by default, English with LANG=en;
# the reading notes as every diagnostic (FILE:LINE: message)
X="$JS_SOURCE_DIR/examples/disclosure-with-errors.txt"
clean LANG=C.UTF-8 "$JS" parse "$X" > "$tmp/p.zh"
clean LANG=en "$JS" parse "$X" > "$tmp/p.en"
for w in "^文件：" "^部门：云溪市" "^年度：2020" "^类别：部门决算" "^公开01表 收入支出决算总表（第27行）：42 行" \
         "^  第38行	收入:一般公共预算财政拨款收入" "^读取提示：" "^  [^ ]*disclosure-with-errors.txt:205: .*应为公开05表  \[LABEL\]"; do
  grep -q -- "$w" "$tmp/p.zh" && ok || bad "parse zh: no /$w/"
done
for w in "^document: " "^kind: 部门决算" "^公开01表 收入支出决算总表 (L27): 42 rows" "^  L38	" "^reading notes:"; do
  grep -q -- "$w" "$tmp/p.en" && ok || bad "parse en: no /$w/"
done
clean LANG=C.UTF-8 "$JS" check "$X" > "$tmp/c.zh"
clean LANG=en "$JS" check "$X" > "$tmp/c.en"
for w in "^  6 个错误，4 个警告，0 个提示$" "^  错误    T-TOTAL        第125行  " "^  警告    K-NAME         第97行  " \
         "^    └ 由此引起 警告    X-NAME  " "2020年度$"; do
  grep -q -- "$w" "$tmp/c.zh" && ok || bad "check zh: no /$w/"
done
for w in "^  6 error(s), 4 warning(s), 0 notice(s)$" "^  error   T-TOTAL        line 125  " "year 2020$"; do
  grep -q -- "$w" "$tmp/c.en" && ok || bad "check en: no /$w/"
done
# JSON and TSV are interfaces (spec/findings.md): the same in both languages
for f in json tsv; do
  clean LANG=C.UTF-8 "$JS" check --format $f "$X" > "$tmp/c.zh.$f"
  clean LANG=en "$JS" check --format $f "$X" > "$tmp/c.en.$f"
  cmp -s "$tmp/c.zh.$f" "$tmp/c.en.$f" && ok || bad "check --format $f differs between languages"
done
grep -q '"severity": "error"' "$tmp/c.zh.json" && ok || bad "check json: severity words of the spec"

# every command as a new Chinese user meets it: outputs, usage errors, file errors, the
# messages of db, report, build, serve and user. None may print a word of the English
# interface (the words of its labels and messages below; file names and --options aside);
# in English the same commands speak English.
battery() { # the outputs of the commands, file names and options taken out
  local d="$tmp/bat"; rm -rf "$d"; mkdir -p "$d/empty"; printf 'x\0y' > "$d/bin.dat"
  local E="$JS_SOURCE_DIR/examples"
  cp "$tmp/l.db" "$d/t.db"
  ( cd "$d" || exit
    for c in "parse $X" "check $X" "check $E/disclosure.txt" "check bin.dat" "parse nope.txt" "facts empty" \
             "parse --bogus" "chek" "build" "build $E/ledger.csv" \
             "build --stats $E/ledger.csv --meta $E/meta.json -o b.json" "render b.json -f txt" \
             "render b.json -f txt -o /nonexistent/x.txt" "render nope.json -f txt -o x.txt" \
             "db --db t.db" "db --db t.db bogus" "db --db nope.db list" "db --db t.db show" "db --db t.db show 99" \
             "db --db t.db export" "db --db t.db export --format xlsx" "db --db t.db load" "db --db t.db load nope.txt" \
             "db --db t.db check" "db --db t.db migrate" "db --db t.db show 1" "db --db t.db list" \
             "report --db t.db" "report --db t.db bogus" "report --db t.db rollup" \
             "report --db t.db rollup --year 2020 --region a --dept-prefix b" "report --db t.db rank" \
             "report --db t.db rank --metric bogus" "report --db t.db rank --metric findings" "report --db t.db yoy" \
             "report --db t.db yoy --dept x --years 2019" "report --db t.db execution --dept 无 --year 2020" \
             "report --db t.db rollup --year 2020" "report --db t.db rollup --year 1999" \
             "db --db t.db export --format csv --what bogus" "db --db t.db list --format xlsx" "db --db t.db migrate extra" \
             "report --db t.db yoy --dept x --years a,b" "report --db t.db execution --year 2020" \
             "report --db t.db rollup --year 2020 --format xlsx" "serve --listen bogus --db t.db" "serve --timeout 0" \
             "user add" "db --db bin.dat list" "report --db bin.dat rollup --year 2020" \
             "rules --disable NOPE" "rules" "serve --auth nope.txt --db t.db" "user" "user frob a b" "help" "help check"; do
      # shellcheck disable=SC2086
      clean "$@" "$JS" $c 2>&1 </dev/null
    done ) | sed "s|$JS_SOURCE_DIR/examples/||g; s|$tmp/||g; s|--[a-z][a-z-]*||g; s/[a-z]*（[^）]*）//g"
}
EN='Usage|Options|document|department|kind|rows?|notes|narrative|paragraphs|indicators|truncated|labelled|repeated|not found|errors?|warnings?|notices?|line|page|no problems|caused by|ok|differs|unknown|needs|cannot|failed|empty file|damaged|problems|saved|removed|stopping|password|usage|options|unexpected|required|wants|subcommand|database|schema|history|leaves|nothing written'
battery LANG=zh_CN.UTF-8 > "$tmp/bat.zh"
hits=$(sed 's/disclosure-with-errors//g' "$tmp/bat.zh" | grep -aEow "$EN" | sort | uniq -c | sort -rn | head -5 | tr -s ' ' | tr '\n' ';')
[ -z "$hits" ] && ok || bad "English words in the Chinese interface: $hits"
[ "$(grep -ac . "$tmp/bat.zh")" -gt 300 ] && ok || bad "the commands printed little ($(grep -ac . "$tmp/bat.zh") lines)"
battery LANG=en > "$tmp/bat.en"
n=$(sed 's/disclosure-with-errors//g' "$tmp/bat.en" | grep -aEow "$EN" | sort -u | wc -l)
[ "$n" -ge 25 ] && ok || bad "LANG=en: only $n of the English words"
for w in "^kind: 部门决算" "error(s), " "unknown subcommand bogus" "no subcommand (load" "rollup needs" \
         "402 lines, 63 leaves" "schema version" "users file" "empty\.json\|no input" \
         "cannot open the database: file is not a database"; do
  grep -aq -- "$w" "$tmp/bat.en" && ok || bad "LANG=en: no '$w'"
done

# serve and user speak Chinese too: the start line (its URL first, as scripts read it), a
# failed login in the log, the stop line; user's messages
if command -v curl >/dev/null; then
  printf 'long enough\n' | clean LANG=C.UTF-8 "$JS" user add "$tmp/users" 审核员 2>"$tmp/user.err"
  grep -q "已将 审核员 保存到" "$tmp/user.err" && ok || bad "user add in Chinese: $(cat "$tmp/user.err")"
  # env execs the program: $! is the server's own pid (a function would leave it running)
  env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$JS" serve --listen 127.0.0.1:0 \
    --db "$tmp/l.db" --auth "$tmp/users" 2>"$tmp/serve.log" &
  spid=$!
  trap 'kill "$spid" 2>/dev/null; rm -rf "$tmp"' EXIT
  . "$(dirname "$0")/lib/serve_wait.sh"
  URL=$(serve_url "$tmp/serve.log" "$spid")
  [ -n "$URL" ] && ok || bad "serve did not start: $(cat "$tmp/serve.log")"
  curl -s -o /dev/null -H 'Content-Type: application/json' -d '{"user":"审核员","password":"x"}' "$URL/api/login"
  kill -TERM "$spid"; wait "$spid" 2>/dev/null
  for w in "（数据库 .*l.db，用户文件 .*users）" "“审核员”登录失败" "正在停止（SIGTERM）"; do
    grep -q "$w" "$tmp/serve.log" && ok || bad "serve in Chinese: no '$w' in: $(cat "$tmp/serve.log")"
  done
fi

# every message of the catalogue is translated (scripts/po-update, then translate the new ones)
if command -v msgfmt >/dev/null; then
  st=$(LC_ALL=C msgfmt --statistics -o /dev/null "$JS_SOURCE_DIR/po/zh_CN.po" 2>&1)
  case "$st" in *untranslated*|*fuzzy*) bad "po/zh_CN.po: $st" ;; *) ok ;; esac
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
