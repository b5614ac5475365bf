# default.profile - every rule at the severity of the catalogue (juesuan rules), the nine
# tables (公开01–09表) required, no tolerance beyond the rounding of the printed figures.
name     默认：全部规则，九张公开表均须公开
require  01 02 03 04 05 06 07 08 09
