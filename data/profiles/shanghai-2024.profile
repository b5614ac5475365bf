# shanghai-2024.profile - the 2024 Shanghai form (上海市 2024 年度部门决算公开, templates.tsv
# form "2024"): the nine tables; table 08/09 are printed only where the department has
# government-fund or state-capital money, so a missing 08 or 09 is not reported.
# A difference of up to 0.01 万元 between a printed total and its parts is a 尾数 notice.
name      上海市 2024 年度部门决算公开
require   01 02 03 04 05 06 07
tolerance rounding=0.01
