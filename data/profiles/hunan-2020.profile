# hunan-2020.profile - the 2020 Hunan form (湖南省 2020 年度部门决算公开, templates.tsv
# form "2020"): nine tables 公开01–09表, the 情况说明 in numbered sections 一…十五.
# Practice of the finance bureaus reviewing it: every table required (an empty 07/08/09 is
# printed with its explanation), style findings of the text reported as notices.
name      湖南省 2020 年度部门决算公开（公开01–09表）
require   01 02 03 04 05 06 07 08 09
severity  C-SECTION=notice
