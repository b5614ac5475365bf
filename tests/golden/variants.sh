#!/usr/bin/env bash
# variants.sh - `juesuan facts` on variants of each seed that other extraction
# tools and other counties' documents produce (line endings, BOM, full-width
# digits, code and name in one cell or two, amounts in 元, no 栏次 line or 行次
# column, other 公开NN表 labels and titles, page footers and repeated headers in
# a table, trailing empty cells, blank lines, other number forms): the non-zero
# facts must equal the seed's golden facts (tests/golden/facts/), in 万元.
set -u
JS="$1"
SRC="${JS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
SHARED="${JS_SHARED_DIR:-$SRC/../shared}"
GOLD="$SRC/tests/golden/facts"
export LC_ALL=C.UTF-8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
npass=0

# the printed titles of the nine tables, one a line
awk -F'\t' '$1 == "title" { n = split($5, t, "|"); for (i = 1; i <= n; i++) print t[i] }' \
  "$SRC/data/templates/templates.tsv" >"$tmp/titles"
export TITLES="$tmp/titles"

# precision/recall of got against ref (both facts TSV): non-zero facts keyed by table,row,column
score() {
  awk -F'\t' '
    FNR == 1 { next }
    $4 + 0 == 0 { next }
    FILENAME == ARGV[1] { ref[$1 FS $2 FS $3] = $4; nref++; next }
    { ngot++; if (($1 FS $2 FS $3) in ref && ref[$1 FS $2 FS $3] + 0 == $4 + 0) right++ }
    END { printf "%d %d %d\n", right + 0, ngot + 0, nref + 0 }' "$1" "$2"
}

# awk prelude shared by the transforms: title lines and table regions.
# intable is 1 from a title line to the first 注 line, part heading or
# heading line without tabs; tno is the table's title.
REGION='
BEGIN { while ((getline t < TITLES) > 0) title[t] = 1 }
function key(s) { gsub(/[ \t\r]/, "", s); return s }
{
  k = key($0)
  istitle = (k in title)
  if (istitle) { intable = 1; tname = k }
  else if ($0 !~ /\t/ && ($0 ~ /^ *注/ || $0 ~ /^第.部分/ || ($0 ~ /^[一二三四五六七八九十]+、.*(情况|说明|概况)/ && $0 !~ /[^ ]  /))) intable = 0
}
'

# each transform reads the seed on stdin and writes the variant on stdout
v_crlf() { sed 's/$/\r/'; }
v_bom() { printf '\357\273\277'; cat; }
v_fullwidth() {
  sed -E '/^(金额)?单位(:|：)|^部门(:|：)|公开 *[0-9]/{y/0123456789:/０１２３４５６７８９：/}'
}
v_label_tight() { sed -E 's/公开 *([0-9][0-9]) *表/公开\1表/'; }
v_label_spaced() { sed -E 's/公开 *([0-9][0-9]) *表/公开 \1 表/'; }
v_label_after() { sed -E 's/公开 *([0-9][0-9]) *表/公开表\1/'; }
v_title_year() { awk -v TITLES="$tmp/titles" "$REGION"'{ if (istitle) print "2020年度" $0; else print }'; }
v_title_dept() {
  awk -v TITLES="$tmp/titles" "$REGION"'
    !dept && /^部门(:|：)/ { dept = $0; sub(/^部门(:|：) */, "", dept) }
    { if (istitle && dept != "") print dept $0; else print }'
}
# every code cell followed by a name cell: one cell "201 一般公共服务支出"; the
# 栏次 line loses the empty cell under the name column
v_joined() {
  awk -F'\t' -v OFS='\t' '{
    if ($0 ~ /^\t+栏 *次 *1\t/) { sub(/^\t/, ""); $0 = $0 } # "||栏次 1|2": one empty cell less
    out = ""; n = 0
    for (i = 1; i <= NF; i++) {
      c = $i
      if (c ~ /^[0-9][0-9][0-9]([0-9][0-9])?([0-9][0-9])?$/ && i < NF && $(i + 1) != "" && $(i + 1) !~ /^[0-9.,-]+$/) { c = c " " $(i + 1); i++ }
      else if (c ~ /^(栏 *次|合 *计)$/ && i < NF && $(i + 1) == "") i++
      out = (n++ ? out OFS : "") c
    }
    print out
  }'
}
# "201 一般公共服务支出" in one cell (seed 004) split into two cells
v_split() {
  awk -F'\t' -v OFS='\t' '{
    out = ""; n = 0
    for (i = 1; i <= NF; i++) {
      c = $i
      if (match(c, /^[0-9][0-9][0-9]([0-9][0-9])?([0-9][0-9])? +/)) {
        code = substr(c, 1, RLENGTH); sub(/ +$/, "", code); c = code OFS substr(c, RLENGTH + 1)
      }
      out = (n++ ? out OFS : "") c
    }
    print out
  }'
}
# amounts in 元: the unit line says 元, every amount ×10000 with 2 decimals
# and thousands separators (exact, on the digits)
v_yuan() { yuan 0; }
# the same printed as whole 元 without decimals ("46,802,600")
v_yuan_int() { yuan 1; }
yuan() {
  awk -F'\t' -v OFS='\t' -v INT="$1" -v TITLES="$tmp/titles" "$REGION"'
    function commas(s,   r) { r = ""; while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) } return s r }
    function yuan(c,   neg, ip, dp) {
      neg = (c ~ /^-/); sub(/^-/, "", c); gsub(/[, ]/, "", c)
      ip = c; dp = ""; if (index(c, ".")) { ip = substr(c, 1, index(c, ".") - 1); dp = substr(c, index(c, ".") + 1) }
      dp = substr(dp "0000", 1, 4); ip = ip dp; sub(/^0+/, "", ip); if (ip == "") ip = "0"
      return (neg ? "-" : "") commas(ip) (INT ? "" : ".00")
    }
    intable && /单位(:|：) *万元/ { sub(/万元/, "元") }
    intable && /单位(:|：) *万$/ { sub(/万$/, "元"); wrapped = 1; print; next } # 万 | 元 wrapped
    wrapped { wrapped = 0; if ($0 == "元") next }
    intable && /\t/ { for (i = 1; i <= NF; i++) if ($i ~ /^-?[0-9,]*[0-9]\. ?[0-9]+$/) $i = yuan($i) }
    { print }'
}
v_no_lanci() { awk -F'\t' '$1 !~ /^栏 *次$/'; }
# no 行次 column in 01 and 04: the 行次 header cells, the empty cell after 栏次
# and, in the rows, the cells where the first row prints its 行次 are dropped
v_no_hangci() {
  awk -F'\t' -v OFS='\t' -v TITLES="$tmp/titles" "$REGION"'
    istitle { delete drop; hc = 0 }
    intable && /行 *次/ { hc = 1 }
    {
      if (!intable || !hc || $0 !~ /\t/) { print; next }
      out = ""; n = 0
      if ($0 ~ /行 *次/) { for (i = 1; i <= NF; i++) if ($i !~ /^行 *次$/) out = (n++ ? out OFS : "") $i; print out; next }
      if ($0 ~ /^栏/) { for (i = 1; i <= NF; i++) if (!($i == "" && $(i - 1) ~ /次$/)) out = (n++ ? out OFS : "") $i; print out; next }
      if (!length(drop)) for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/ && $(i - 1) ~ /^[^0-9]/) drop[i] = 1
      for (i = 1; i <= NF; i++) if (!(i in drop)) out = (n++ ? out OFS : "") $i
      print out
    }'
}
# a page break inside a table: after its third row, a footer line and the
# header lines (from the 项目 line to the 栏次 line) printed again
pagebreak() { # footer text
  awk -F'\t' -v TITLES="$tmp/titles" -v FOOT="$1" "$REGION"'
    istitle { nh = 0; rows = -1 }
    intable && /\t/ && rows < 0 && ($0 ~ /项 *目|科目|编码/ || nh > 0) { hdr[++nh] = $0 }
    { print }
    intable && $1 ~ /^栏 *次$/ { rows = 0; next }
    intable && rows >= 0 && /\t/ && ++rows == 3 && nh > 0 {
      print ""; print FOOT; print ""
      for (i = 1; i <= nh; i++) print hdr[i]
    }'
}
v_footer_page() { pagebreak "第 5 页"; }
# the same page break without the header repeated, and with the title repeated
# as "（续）" above the header
v_footer_only() {
  awk -F'\t' -v TITLES="$tmp/titles" "$REGION"'
    istitle { rows = -1 }
    { print }
    intable && $1 ~ /^栏 *次$/ { rows = 0; next }
    intable && rows >= 0 && /\t/ && ++rows == 3 { print ""; print "第 5 页"; print "" }'
}
v_continued() {
  awk -F'\t' -v TITLES="$tmp/titles" "$REGION"'
    istitle { nh = 0; rows = -1; tl = $0 }
    intable && /\t/ && rows < 0 && ($0 ~ /项 *目|科目|编码/ || nh > 0) { hdr[++nh] = $0 }
    { print }
    intable && $1 ~ /^栏 *次$/ { rows = 0; next }
    intable && rows >= 0 && /\t/ && ++rows == 3 && nh > 0 {
      print ""; print "- 5 -"; print ""; print tl "（续）"; print ""
      for (i = 1; i <= nh; i++) print hdr[i]
    }'
}
# the unit printed at the end of the 部门 line ("部门：X<TAB>单位：万元"), not on a line of its own
v_dept_unit() {
  awk -v TITLES="$tmp/titles" "$REGION"'
    { L[++n] = $0; T[n] = intable; U[n] = (intable && /^(金额)?单位(:|：)/ && $0 !~ /\t/); D[n] = (intable && /^部门(:|：)/) }
    END {
      for (i = 1; i <= n; i++) if (U[i]) {
        u = L[i]; w = (i < n && L[i + 1] == "元") # 万 | 元 wrapped
        for (j = i - 1; j >= 1 && j >= i - 8 && !D[j]; j--) ;
        if (j < 1 || j < i - 8) for (j = i + 1; j <= n && j <= i + 8 && !D[j]; j++) ;
        if (j >= 1 && j <= n && D[j]) { L[j] = L[j] "\t\t" u (w ? "元" : ""); drop[i] = 1; if (w) drop[i + 1] = 1; D[j] = 0 }
      }
      for (i = 1; i <= n; i++) if (!(i in drop)) print L[i]
    }'
}
# a bare page number on a line of its own inside a table
v_page_number() { pagebreak_bare; }
pagebreak_bare() {
  awk -F'\t' -v TITLES="$tmp/titles" "$REGION"'
    istitle { rows = -1 }
    { print }
    intable && $1 ~ /^栏 *次$/ { rows = 0; next }
    intable && rows >= 0 && /\t/ && ++rows == 2 { print ""; print "12"; print "" }'
}
# the department line as 编制单位：
v_bianzhi() { sed -E 's/^部门(:|：)/编制单位：/'; }
# characters of the names in table rows one space apart (letter-spaced PDF text)
v_letterspaced() { perl -CSD -pe 's/(\p{Han})(?=\p{Han})/$1 /g if /\t/'; }
# layout text in 元: every amount of a table ×10000, right edge kept (the spaces
# before it give way), the unit line says 元
v_yuan_layout() {
  awk -v TITLES="$tmp/titles" "$REGION"'
    function commas(s,   r) { r = ""; while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) } return s r }
    intable && /单位(:|：) *万元/ { sub(/万元/, "元") }
    intable {
      out = ""; rest = $0
      while (match(rest, /[0-9][0-9,]*\.[0-9][0-9]/)) {
        pre = substr(rest, 1, RSTART - 1); tok = substr(rest, RSTART, RLENGTH); rest = substr(rest, RSTART + RLENGTH)
        c = tok; gsub(/,/, "", c); sub(/\./, "", c); c = c "00"; sub(/^0+/, "", c); if (c == "") c = "0"
        nt = commas(c) ".00"; d = length(nt) - length(tok)
        while (d > 0 && (pre ~ /  $/ || (out == "" && pre ~ /^ +$/))) { pre = substr(pre, 1, length(pre) - 1); d-- }
        out = out pre nt
      }
      $0 = out rest
    }
    { print }'
}
# the label and the unit on the title's line ("收入支出决算总表<TAB>公开01表<TAB>单位：万元")
v_title_line() {
  awk -v TITLES="$tmp/titles" "$REGION"'
    { L[++n] = $0; T[n] = istitle }
    END {
      for (i = 1; i <= n; i++) if (T[i]) {
        for (j = i + 1; j <= n && j <= i + 8 && !T[j]; j++)
          if (L[j] ~ /^公开/ || (L[j] ~ /^(金额)?单位(:|：)/ && L[j] !~ /\t/ && L[j + 1] != "元")) { L[i] = L[i] "\t" L[j]; drop[j] = 1 }
      }
      for (i = 1; i <= n; i++) if (!(i in drop)) print L[i]
    }'
}
# the label, 部门 and unit lines printed before the title (a page's top right corner
# extracted first)
v_meta_before() {
  awk -v TITLES="$tmp/titles" "$REGION"'
    { L[++n] = $0; T[n] = istitle }
    END {
      for (i = 1; i <= n; i++) if (T[i]) {
        m = ""
        for (j = i + 1; j <= n && j <= i + 8 && !T[j] && L[j] !~ /\t/; j++)
          if (L[j] ~ /^公开|^部门(:|：)/ || (L[j] ~ /^(金额)?单位(:|：)/ && L[j + 1] != "元")) { m = m L[j] "\n"; drop[j] = 1 }
        pre[i] = m
      }
      for (i = 1; i <= n; i++) if (!(i in drop)) printf "%s%s\n", pre[i], L[i]
    }'
}
# no 注 lines under the tables
v_no_notes() { sed -E '/^注(:|：)/d'; }
# ideographic spaces (U+3000) after the names in table cells and inside 项　目
v_ideo_space() { perl -CSD -pe 'if (/\t/) { s/(\p{Han})(?=\t)/$1\x{3000}/g; s/项 目/项\x{3000}目/g }'; }
# layout text: a page footer after the third line of amounts of each table, then
# (layout_header) the table's header lines again, as on a continuation page
layout_break() { # repeat header: 0 or 1
  awk -v TITLES="$tmp/titles" -v HDR="$1" "$REGION"'
    istitle { nh = 0; rows = 0; unit = 0; next_print = 1 }
    { print }
    intable && !istitle && rows == 0 && unit && $0 !~ /[0-9]\.[0-9][0-9]/ { hdr[++nh] = $0 }
    intable && /单位(:|：)/ { unit = 1 }
    intable && /[0-9]\.[0-9][0-9]/ && ++rows == 3 {
      print ""; print "                                  第 5 页"; print "\f"
      if (HDR) for (i = 1; i <= nh; i++) print hdr[i]
    }'
}
v_layout_footer() { layout_break 0; }
v_layout_header() { layout_break 1; }
# a long title wrapped over two lines after its tenth character
v_title_wrapped() {
  perl -CSD -ne 'BEGIN { open(my $t, "<:utf8", $ENV{TITLES}) or die; while (<$t>) { chomp; $t{$_} = 1 } }
    my $k = $_; $k =~ s/[\s]//g;
    if ($t{$k} && length($k) > 12) { print substr($k, 0, 10), "\n", substr($k, 10), "\n" } else { print }'
}
# layout text: 合计 printed on the line of the 类 款 项 labels (issue #12: a real 02 did so and
# gave no facts at all); with its amounts on that line too (total_amounts_on_header)
v_total_on_header() {
  perl -CSD -e 'use utf8; my @l = <STDIN>; my @out;
    for (my $i = 0; $i < @l; $i++) {
      if ($l[$i] =~ /^ *类 +款 +项 *$/) { my $j = $i + 1; $j++ while $j < @l && $l[$j] =~ /^\s*$/;
        if ($j < @l && $l[$j] =~ /^ *合计 *$/) { chomp(my $h = $l[$i]); push @out, "$h          合计\n"; $i = $j; next } }
      push @out, $l[$i] } print @out'
}
v_total_amounts_on_header() {
  perl -CSD -e 'use utf8; my @l = <STDIN>; my @out;
    for (my $i = 0; $i < @l; $i++) {
      if ($l[$i] =~ /^ *类 +款 +项 *$/) { my $j = $i + 1; $j++ while $j < @l && $l[$j] =~ /^\s*$/;
        my $p = $#out; $p-- while $p >= 0 && $out[$p] =~ /^\s*$/;
        if ($j < @l && $l[$j] =~ /^ *合计 *$/ && $p >= 0 && $out[$p] =~ /^ {24,}[\d,. ]+$/) {
          my $a = $out[$p]; my $h = " 类   款  项          合计"; substr($a, 0, length($h)) = $h;
          splice(@out, $p); push @out, $a; $i = $j; next } }
      push @out, $l[$i] } print @out'
}
# the quotes of “三公” printed as ‘三公’
v_quotes_single() { sed 's/“三公”/‘三公’/g'; }
# codes printed 类 款 项 apart in one cell ("201 03 01")
v_codes_spaced() {
  awk -F'\t' -v OFS='\t' '{
    for (i = 1; i <= NF; i++) if ($i ~ /^[0-9][0-9][0-9][0-9][0-9]([0-9][0-9])?$/ && $(i + 1) !~ /^[0-9]/) {
      c = $i; $i = substr(c, 1, 3) " " substr(c, 4, 2) (length(c) == 7 ? " " substr(c, 6, 2) : "")
    }
    print
  }'
}
# codes in three cells 类 | 款 | 项 in the coded tables (the 2024 form's columns): every
# row, the header and the 栏次 line get two cells more
v_codes_cells() {
  awk -F'\t' -v OFS='\t' -v TITLES="$tmp/titles" "$REGION"'
    istitle { coded = (tname !~ /总表$/ && tname !~ /基本支出/ && tname !~ /三公/); hdr = 0 }
    intable && coded && /\t/ {
      c = $1
      if (c ~ /^[0-9][0-9][0-9]([0-9][0-9])?([0-9][0-9])?$/) $1 = substr(c, 1, 3) OFS substr(c, 4, 2) OFS substr(c, 6, 2)
      else $1 = $1 OFS OFS
    }
    { print }'
}
# tabs turned into runs of spaces (pdftotext -layout)
v_spaced() { sed 's/\t/    /g'; }
v_footer_dash() { pagebreak "- 5 -"; }
v_trailing() { sed -E '/\t/s/$/\t\t/'; }
v_blanklines() { sed G; }
# amounts in tables printed with thousands separators and without trailing zeros
v_short() {
  awk -F'\t' -v OFS='\t' -v TITLES="$tmp/titles" "$REGION"'
    function commas(s,   r) { r = ""; while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) } return s r }
    intable && /\t/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9,]*[0-9]\. ?[0-9]+$/) {
      c = $i; gsub(/[, ]/, "", c); sub(/0+$/, "", c); sub(/\.$/, "", c)
      ip = c; dp = ""; if (index(c, ".")) { ip = substr(c, 1, index(c, ".") - 1); dp = substr(c, index(c, ".")) }
      $i = commas(ip) dp
    } }
    { print }'
}
zero() { # printed zero
  awk -F'\t' -v OFS='\t' -v Z="$1" -v TITLES="$tmp/titles" "$REGION"'
    intable && /\t/ { for (i = 1; i <= NF; i++) if ($i ~ /^0\.00$/) $i = Z }
    { print }'
}
v_zero_0() { zero 0; }
v_zero_dash() { zero -; }
v_zero_emdash() { zero —; }
v_zero_blank() { zero ""; }

variants="crlf bom fullwidth label_tight label_spaced label_after title_year title_dept
  joined split yuan no_lanci no_hangci footer_page footer_dash trailing blanklines short
  zero_0 zero_dash zero_emdash zero_blank footer_only continued
  no_lanci+zero_blank no_lanci+zero_dash joined+zero_dash no_hangci+zero_blank
  split+no_lanci yuan+crlf title_year+label_tight bom+fullwidth+blanklines
  trailing+zero_blank spaced+zero_dash spaced+short dept_unit dept_unit+yuan yuan+spaced
  spaced+no_lanci spaced+blanklines crlf+spaced label_after+title_dept page_number bianzhi
  bianzhi+title_dept letterspaced title_line title_wrapped quotes_single
  codes_spaced codes_cells codes_cells+zero_blank meta_before yuan+meta_before
  yuan_int no_notes ideo_space no_lanci+no_hangci+zero_dash no_notes+blanklines"

# the pdftotext -layout text of the 2024 Shanghai PDF: the variants that apply to layout text
layout_variants="crlf bom title_year title_dept blanklines crlf+blanklines bom+title_year layout_footer layout_header title_wrapped quotes_single no_notes total_on_header total_amounts_on_header"

for gold in "$GOLD"/*.tsv; do
  b=$(basename "$gold" .tsv)
  seed="$SHARED/seeds/$b.txt"
  vs=$variants
  if [ ! -f "$seed" ]; then
    seed="$SRC/tests/golden/input/$b.txt"
    vs=$layout_variants
  fi
  [ -f "$seed" ] || continue
  for v in $vs; do
    case "$v" in *letterspaced* | *ideo_space* | *title_wrapped* | *on_header*)
      command -v perl >/dev/null || continue ;; # these use perl's \p{Han}
    esac
    cp "$seed" "$tmp/$v.txt"
    for f in ${v//+/ }; do "v_$f" <"$tmp/$v.txt" >"$tmp/next.txt" && mv "$tmp/next.txt" "$tmp/$v.txt"; done
    if cmp -s "$seed" "$tmp/$v.txt"; then continue; fi # nothing to vary in this seed
    "$JS" facts "$tmp/$v.txt" >"$tmp/got.tsv" 2>"$tmp/err"
    rc=$?
    read -r right got ref < <(score "$gold" "$tmp/got.tsv")
    if [ $rc -ne 0 ] || [ "$right" != "$ref" ] || [ "$got" != "$ref" ]; then
      echo "FAIL $v ${b%%_*}: exit $rc, $right right of $got given, $ref in reference"
      head -3 "$tmp/err"
      fail=$((fail + 1))
    else
      npass=$((npass + 1))
    fi
  done
done
echo "variants: $npass passed, $fail failed"
exit $((fail > 0))
