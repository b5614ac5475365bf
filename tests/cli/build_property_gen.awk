# build_property_gen.awk - generate one valid (ledger.csv, meta.json) pair for `juesuan build`,
# deterministic from a seed (tests/cli/build_property.sh).
#
#   awk -v seed=N -v out=DIR [-v maxyear=Y] -f build_property_gen.awk data/catalog/classification.tsv
#
# Reads the built-in catalogue (功能分类 项 and 经济分类 款 codes), writes DIR/ledger.csv and
# DIR/meta.json and prints one line describing the case. Amounts are generated in fen as
# integers (exact in a double below 2^53: the totals here stay under 10^15 fen). What varies
# with the seed: department, year 2019–2024, 10–2,000 postings, the funds (only 一般公共预算, or
# also 政府性基金 / 国有资本经营 / 事业 / 经营 / 上级补助 / 其他), the 项 and 款 codes, the
# amount scale (0.01 元 ... 10^11 元, zero amounts, whole 100 元 multiples so that budgets can
# equal the published 决算), budgets equal / above / below / zero / absent, last-year totals
# equal / higher / lower / zero / absent, 三公 all zero or not, no projects or many.
function rnd(n) { return int(rand() * n) }
function pick(arr, n) { return arr[1 + rnd(n)] }
function yuan(f,  s, a, i, d) { # fen (integer-valued double) -> "123.45"
  s = (f < 0) ? "-" : ""
  a = (f < 0) ? -f : f
  i = int(a / 100)
  d = a - i * 100
  return sprintf("%s%.0f.%02d", s, i, d)
}
function amount(  a) { # one posting in fen, by the case's scale
  if (rand() < pzero) return 0
  if (scale == 0) a = 1 + rnd(rnd(3) == 0 ? 1 : 10000)           # 0.01 元 .. 100 元
  else if (scale == 1) a = 100 * (1 + rnd(5000000))              # up to 50,000 元
  else if (scale == 2) a = 10000 * (1 + rnd(rnd(2) ? 100 : 20000)) # whole 100 元
  else a = 1e13 * (0.2 + rand())                                 # around 10^11 元
  return int(a)
}
BEGIN { FS = "\t"; srand(seed); nf = 0; ne = 0 }
/^#/ { next }
$1 == "func" && length($3) == 7 { fcode[++nf] = $3 }
$1 == "econ" && length($3) == 5 { ecode[++ne] = $3; if ($3 ~ /^30[123]/) pers[++np] = $3 }
END {
  split("云溪市临江区科学技术和工业信息化局 青山县教育局 白沙市交通运输局 南湖区卫生健康委员会 " \
        "东岭县农业农村局 金江市财政局 石门县自然资源局 长风区民政局", depts, " ")
  dept = depts[1 + rnd(8)]
  year = 2019 + rnd(6)
  if (maxyear && year > maxyear) year = maxyear
  # size: some tiny, most medium, a few large (2,000 at most)
  r = rnd(10)
  n = (r < 2) ? 10 + rnd(20) : (r < 8) ? 50 + rnd(300) : 1000 + rnd(1001)
  scale = rnd(4)
  if (scale == 3 && n > 40) n = 10 + rnd(30)   # huge amounts: few postings (stay under 2^53 fen)
  pzero = (rnd(4) == 0) ? 0.1 : 0
  # funds
  nfund = 1; fund[1] = "一般公共预算"
  if (rnd(2)) {
    split("政府性基金 国有资本经营 事业 经营 上级补助 附属单位上缴 其他", more, " ")
    for (i = 1; i <= 7; i++) if (rnd(3) == 0) fund[++nfund] = more[i]
  }
  # 项 codes used by this department
  nc = 1 + rnd(rnd(3) ? 8 : 25)
  for (i = 1; i <= nc; i++) code[i] = fcode[1 + rnd(nf)]
  # projects: none or many
  nproj = rnd(3) == 0 ? 0 : 1 + rnd(rnd(2) ? 3 : 30)
  for (i = 1; i <= nproj; i++) proj[i] = sprintf("项目%03d号%s", i, substr("甲乙丙丁戊己庚辛壬癸", 1 + 3 * rnd(10), 3))
  sg = rnd(3) != 0   # 三公 postings or all zero
  split("30212 31013 30231 30217", sgcode, " ")

  led = out "/ledger.csv"
  print "收支,功能分类,经济分类,资金来源,支出类型,金额,项目" > led
  # expenditure postings
  for (k = 1; k <= n; k++) {
    f = (nfund > 1 && rnd(3) == 0) ? fund[1 + rnd(nfund)] : fund[1]
    c = code[1 + rnd(nc)]
    a = amount()
    t = rnd(10)
    p = ""
    if (f == "经营") { ty = "经营"; e = ecode[1 + rnd(ne)] }
    else if ((f == "事业" || f == "上级补助" || f == "附属单位上缴" || f == "其他") && rnd(4) == 0) {
      ty = rnd(2) ? "上缴上级" : "对附属单位补助"; e = rnd(2) ? ecode[1 + rnd(ne)] : ""
    }
    else if (t < 6 || nproj == 0 && t < 8) { ty = "基本"; e = (rnd(4) ? pers[1 + rnd(np)] : ecode[1 + rnd(ne)]) }
    else { ty = "项目"; e = rnd(5) ? ecode[1 + rnd(ne)] : ""; if (nproj) p = proj[1 + rnd(nproj)] }
    if (sg && f == "一般公共预算" && rnd(12) == 0) e = sgcode[1 + rnd(4)]
    if (!sg && (e == "30212" || e == "31013" || e == "30231" || e == "30217")) e = "30201"
    if (!sg && ty == "基本" && e == "") e = "30201"
    print "支出," c "," e "," f "," ty "," yuan(a) "," p > led
    spent[f] += a; spentc[f, c] += a; used[f, c] = 1
    if (f == "一般公共预算") { gen[c] += a; gtotal += a }
    total += a
  }
  # income: each fund covers its spending (more, equal, or less with an opening balance)
  for (j = 1; j <= nfund; j++) {
    f = fund[j]
    mode = rnd(3)
    opening[f] = (mode == 2 || rnd(4) == 0) ? int(spent[f] * rand() / 2) + rnd(100) * 10000 : 0
    if (scale == 2) opening[f] = 10000 * int(opening[f] / 10000)
    for (i = 1; i <= nc; i++) {
      c = code[i]
      if (!used[f, c] && rnd(3)) continue
      inc = spentc[f, c]
      if (mode == 0) inc += (scale == 2 ? 10000 * rnd(100) : rnd(int(inc / 10) + 2))
      else if (mode == 2) inc -= int(spentc[f, c] * rand() / 2 / 10000) * 10000 * (scale == 2) + \
                                 (scale == 2 ? 0 : int(spentc[f, c] * rand() / 4))
      if (inc < 0) inc = 0
      # split into 1..4 postings
      parts = 1 + rnd(4)
      left = inc
      for (q = 1; q <= parts; q++) {
        pa = (q == parts) ? left : int(left / (parts - q + 1))
        if (scale == 2 && q < parts) pa = 10000 * int(pa / 10000)
        left -= pa
        print "收入," c ",," f ",," yuan(pa) "," > led
        income[f] += pa; itotal += pa
      }
    }
    # the year-end balance of a fund must not be negative
    if (opening[f] + income[f] < spent[f]) opening[f] = spent[f] - income[f]
  }
  close(led)

  mj = out "/meta.json"
  printf "{\n  \"department\": \"%s\",\n  \"year\": %d,\n  \"region\": \"云溪市\",\n", dept, year > mj
  printf "  \"units\": [\"%s本级\"],\n", dept > mj
  printf "  \"duties\": [\"（一）负责本部门职责范围内的工作。\"],\n" > mj
  printf "  \"organisation\": [\"（一）内设机构。本部门内设办公室等%d个股室。\"],\n", 1 + rnd(9) > mj
  printf "  \"opening_balances\": {" > mj
  sep = ""
  for (j = 1; j <= nfund; j++) {
    f = fund[j]
    if (opening[f] <= 0) continue
    if (f == "政府性基金" && (rnd(2) || spent[f] + income[f] == 0)) {
      # by 功能分类 项, over one or two of the department's codes
      c = code[1 + rnd(nc)]; c2 = code[1 + rnd(nc)]
      if (c2 == c) printf "%s\"%s\": {\"%s\": \"%s\"}", sep, f, c, yuan(opening[f]) > mj
      else printf "%s\"%s\": {\"%s\": \"%s\", \"%s\": \"%s\"}", sep, f, c, yuan(int(opening[f] / 2)), c2, yuan(opening[f] - int(opening[f] / 2)) > mj
    } else printf "%s\"%s\": \"%s\"", sep, f, yuan(opening[f]) > mj
    sep = ", "
  }
  printf "},\n" > mj
  # budget per 项 of 一般公共预算: equal / above / below / zero, or not given
  printf "  \"budget\": {\"items\": {" > mj
  sep = ""
  for (i = 1; i <= nc; i++) {
    c = code[i]
    if (seen_b[c]++) continue
    b = rnd(5)
    if (b == 4) continue
    amt = (b == 0) ? gen[c] : (b == 1) ? gen[c] + 10000 * (1 + rnd(1000)) : (b == 2) ? int(gen[c] / 2) : 0
    printf "%s\"%s\": {\"amount\": \"%s\", \"reason\": \"预算调整\"}", sep, c, yuan(amt) > mj
    sep = ", "
  }
  printf "}},\n" > mj
  # last year: each total equal / higher / lower / zero / absent
  printf "  \"last_year\": {" > mj
  split("income_total expense_total fiscal_income fiscal_expense general_expense sanggong org_running", ly, " ")
  ref["income_total"] = itotal; ref["expense_total"] = total; ref["fiscal_income"] = income["一般公共预算"] + income["政府性基金"] + income["国有资本经营"]
  ref["fiscal_expense"] = spent["一般公共预算"] + spent["政府性基金"] + spent["国有资本经营"]; ref["general_expense"] = gtotal
  ref["sanggong"] = 10000 * rnd(500); ref["org_running"] = 10000 * rnd(5000)
  sep = ""
  for (i = 1; i <= 7; i++) {
    v = ref[ly[i]]; b = rnd(5)
    if (b == 4) continue
    if (b == 1) v = v + 10000 * (1 + rnd(100000)); else if (b == 2) v = int(v / 3); else if (b == 3) v = 0
    printf "%s\"%s\": \"%s\"", sep, ly[i], yuan(v) > mj; sep = ", "
  }
  printf "},\n" > mj
  printf "  \"reasons\": {\"total\": \"业务量变化\", \"fiscal\": \"业务量变化\", \"general\": \"业务量变化\", \"sanggong\": \"厉行节约\", \"sanggong_budget\": \"业务量变化\", \"org_running\": \"压减一般性支出\"},\n" > mj
  if (sg) printf "  \"sanggong\": {\"budget\": {\"abroad\": \"%s\", \"vehicle_purchase\": \"0\", \"vehicle_running\": \"%s\", \"reception\": \"%s\"}, \"abroad_groups\": %d, \"abroad_people\": %d, \"reception_groups\": %d, \"reception_people\": %d, \"vehicles_bought\": 0, \"vehicles_held\": %d},\n", \
      yuan(10000 * rnd(50)), yuan(10000 * rnd(50)), yuan(10000 * rnd(50)), rnd(3), rnd(9), rnd(40), rnd(200), rnd(5) > mj
  else printf "  \"sanggong\": {\"budget\": {\"abroad\": \"0\", \"vehicle_purchase\": \"0\", \"vehicle_running\": \"0\", \"reception\": \"0\"}, \"abroad_groups\": 0, \"abroad_people\": 0, \"reception_groups\": 0, \"reception_people\": 0, \"vehicles_bought\": 0, \"vehicles_held\": 0},\n" > mj
  printf "  \"org_running_budget\": \"%s\",\n", yuan(10000 * rnd(3000)) > mj
  printf "  \"general_spending\": {\"meetings\": \"用于召开工作会议\", \"training\": \"用于业务培训\"},\n" > mj
  printf "  \"procurement\": {\"goods\": \"%s\", \"works\": \"0\", \"services\": \"%s\", \"sme\": \"0\"},\n", yuan(10000 * rnd(100)), yuan(10000 * rnd(100)) > mj
  printf "  \"assets\": {\"vehicles\": {\"其他用车\": %d}, \"equipment_over_50w\": %d, \"special_equipment_over_100w\": 0},\n", rnd(4), rnd(3) > mj
  printf "  \"performance\": {\n    \"text\": \"本部门开展了绩效自评。\",\n" > mj
  printf "    \"department\": {\"goal\": \"完成年度工作任务。\", \"done\": \"完成。\", \"funds\": {\"当年财政拨款\": {\"start\": \"%s\", \"full\": \"%s\"}}, \"indicators\": [%s]},\n", \
      yuan(10000 * rnd(1000)), yuan(total > 0 && rnd(2) ? total : 10000 * rnd(1000)), indicators() > mj
  printf "    \"projects\": [" > mj
  sep = ""
  for (i = 1; i <= nproj && i <= 12; i++) {
    printf "%s\n      {\"name\": \"%s\", \"goal\": \"完成项目。\", \"done\": \"完成。\", \"funds\": {\"当年财政拨款\": {\"start\": \"%s\", \"full\": \"%s\"}}, \"indicators\": [%s]}", \
        sep, proj[i], yuan(10000 * rnd(100)), yuan(rnd(4) ? 10000 * rnd(100) : 0), indicators() > mj
    sep = ","
  }
  printf "]\n  },\n  \"other\": \"本部门无其他需要说明的重要事项。\"\n}\n" > mj
  close(mj)
  printf "seed %d: %s %d, %d postings, scale %d, %d funds, %d codes, %d projects, 三公 %s\n", seed, dept, year, n, scale, nfund, nc, nproj, sg ? "yes" : "zero"
}
function indicators(  s, m, w, i, sc, left) {
  # the 分值 add up to 90 (the 10 of 预算执行率 make the 100 of the form)
  m = 1 + rnd(4); s = ""; left = 90
  for (i = 1; i <= m; i++) {
    w = (i == m) ? left : 5 * (1 + rnd(int(left / 5 / (m - i + 1))))
    left -= w; sc = rnd(w + 1)
    s = s sprintf("%s{\"l1\": \"产出指标\", \"l2\": \"数量指标\", \"l3\": \"指标%d\", \"target\": \"≥%d个\", \"result\": \"%d个\", \"weight\": %d, \"score\": %d}", i > 1 ? ", " : "", i, 10 + i, 9 + rnd(4), w, sc)
  }
  return s
}
