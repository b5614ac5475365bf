#!/usr/bin/env bash
# budget_kind.sh - the kind of a document (决算 or 预算, 部门 or 单位) is recognised
# from its cover, 目录 and table titles; a budget is never read or checked as final
# accounts; a budget of a form the program does not know gives one clear finding.
set -u
JS="$1"
SH="${JS_SHARED_DIR:-$(dirname "$0")/../../../shared}"
fail=0; pass=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the six real budgets: kind, scope and department from the cover
expect() { # file kind department
  local f="$SH/budgets/$1" out
  [ -f "$f" ] || { echo "skip $1 (not in ../shared)"; return; }
  out=$("$JS" parse "$f") || { bad "parse $1 exit $?"; return; }
  grep -qx "kind: $2" <<<"$out" && ok || bad "$1: kind is not $2: $(grep '^kind' <<<"$out")"
  grep -qx "department: $3" <<<"$out" && ok || bad "$1: department: $(grep '^department' <<<"$out")"
  grep -q '公开0[1-9]表.*not found' <<<"$out" && bad "$1: read as final accounts" || ok
  "$JS" parse --format json "$f" | grep -q '"kind": "预算"' && ok || bad "$1: JSON kind"
  "$JS" check --format json "$f" > "$tmp/c.json"
  grep -q 'C-MISSING' "$tmp/c.json" && bad "$1: checked as final accounts" || ok
}
expect jiangsu-high-court-2017-dept-budget.pdf 部门预算 江苏省高级人民法院
expect jiangsu-npc-general-office-2018-dept-budget.pdf 部门预算 江苏省人大常委会办公厅
expect jiangsu-procuratorate-2019-dept-budget.pdf 部门预算 江苏省人民检察院
expect shanghai-municipal-finance-bureau-2025-unit-budget.pdf 单位预算 上海市财政局
expect shanghai-putuo-justice-bureau-2026-dept-budget.pdf 部门预算 上海市普陀区司法局
expect shanghai-putuo-social-welfare-home-2024-unit-budget.pdf 单位预算 上海市普陀区社会福利院

# final accounts stay final accounts
for f in "$SH"/seeds/00[0-4]_*.txt; do
  "$JS" parse "$f" | grep -qx 'kind: 部门决算' && ok || bad "$(basename "$f"): not 部门决算"
done

# a budget of a form nobody described: exactly one finding, B-FORM, exit 1
cat > "$tmp/unknown.txt" <<'TXT'
2023年度某县水务局部门预算公开
目录
一、水务收支预算一览表
二、水务项目预算明细表
三、水务人员预算情况表
一、水务收支预算一览表
单位：万元
项目	金额
合计	100.00
TXT
"$JS" parse "$tmp/unknown.txt" > "$tmp/u.txt"; rc=$?
[ $rc -eq 0 ] && ok || bad "parse of an unknown budget form exit $rc"
grep -qx 'kind: 部门预算' "$tmp/u.txt" && ok || bad "unknown form: kind $(grep '^kind' "$tmp/u.txt")"
grep -qx 'department: 某县水务局' "$tmp/u.txt" && ok || bad "unknown form: $(grep '^department' "$tmp/u.txt")"
"$JS" check --format json "$tmp/unknown.txt" > "$tmp/u.json"; rc=$?
[ $rc -eq 1 ] && ok || bad "check of an unknown budget form exit $rc (want 1)"
n=$(grep -c '"rule":' "$tmp/u.json")
[ "$n" = 1 ] && ok || bad "unknown form: $n findings, want 1"
grep -q '"rule": "B-FORM"' "$tmp/u.json" && ok || bad "unknown form: no B-FORM"

echo "budget_kind: $pass passed, $fail failed"
[ $fail -eq 0 ]
