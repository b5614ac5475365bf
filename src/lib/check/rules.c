/*
 * rules.c - the rule catalogue: one record per rule (id, kind, usual
 * severity, one-line Chinese summary). The engine takes a finding's kind from
 * here, `juesuan rules` prints it and docs/rules.md is generated from it
 * (`juesuan rules --format md`), so the three never disagree.
 *
 * Id prefixes: T- arithmetic inside one table, X- cross-table, C-
 * completeness, K- classification, P- performance tables, F- format, N-
 * narrative (narrative_rules.c).
 */
#include "checker.h"

#include <string.h>

#define E JS_SEV_ERROR
#define W JS_SEV_WARNING
#define I JS_SEV_NOTICE

static const js_rule RULES[] = {
    /* ---- arithmetic inside one table ---- */
    {"T-ROW", "arithmetic", E,
     "行合计应等于各栏之和（02表本年收入合计、03表本年支出合计、05/08表小计、09表合计）"},
    {"T-TOTAL", "arithmetic", E, "“合计”行应等于各“类”行之和（02、03、05、08、09表）"},
    {"T-HIER", "arithmetic", E, "上级科目应等于下级科目之和：类＝所属款之和，款＝所属项之和"},
    {"T-01-INCOME", "arithmetic", E, "01表本年收入合计应等于八项收入之和"},
    {"T-01-EXPEND", "arithmetic", E, "01表本年支出合计应等于各类支出之和"},
    {"T-01-TOTAL", "arithmetic", E,
     "01表收入总计＝本年收入合计＋使用非财政拨款结余＋年初结转和结余；支出总计＝本年支出合计＋"
     "结余分配＋年末结转和结余"},
    {"T-01-BALANCE", "arithmetic", E, "01表收入总计应等于支出总计"},
    {"T-04-INCOME", "arithmetic", E,
     "04表本年收入合计应等于三项财政拨款之和，年初财政拨款结转和结余应等于其三项之和"},
    {"T-04-EXPEND", "arithmetic", E, "04表本年支出合计应等于各类支出之和（逐栏）"},
    {"T-04-TOTAL", "arithmetic", E,
     "04表收入总计＝本年收入合计＋年初财政拨款结转和结余；支出总计＝本年支出合计＋年末财政拨款"
     "结转和结余"},
    {"T-04-BALANCE", "arithmetic", E, "04表收入总计应等于支出总计"},
    {"T-04-COLS", "arithmetic", E, "04表支出各行：合计＝一般公共预算＋政府性基金＋国有资本经营"},
    {"T-06-PERSON", "arithmetic", E,
     "06表人员经费合计应等于工资福利支出（301）与对个人和家庭的补助（303）之和"},
    {"T-06-PUBLIC", "arithmetic", E,
     "06表公用经费合计应等于商品和服务支出（302）、债务利息及费用支出（307）、资本性支出（310）"
     "与其他支出（399）之和"},
    {"T-07-SUM", "arithmetic", E,
     "07表“三公”经费合计应等于因公出国（境）费、公务用车购置及运行费、公务接待费之和（预算数、"
     "决算数）"},
    {"T-07-CAR", "arithmetic", E, "07表公务用车购置及运行费应等于购置费与运行费之和"},
    {"T-08-BALANCE", "arithmetic", E,
     "08/09表：年初结转和结余＋本年收入－本年支出＝年末结转和结余"},

    {"T-IDENT", "arithmetic", E, "表格模板（data/templates）规定的其他表内恒等式"},

    /* ---- cross-table ---- */
    {"X-01-02", "cross-table", E,
     "01表各项收入应与02表合计行一致（财政拨款收入＝一般公共预算＋政府性基金＋国有资本经营）"},
    {"X-01-03", "cross-table", E, "01表本年支出合计及各类支出应与03表一致"},
    {"X-01-04", "cross-table", E, "01表三项财政拨款收入应与04表收入一致"},
    {"X-04-05", "cross-table", E, "04表一般公共预算财政拨款栏（各类及合计）应与05表一致"},
    {"X-04-08", "cross-table", E, "04表政府性基金预算财政拨款栏应与08表本年支出一致"},
    {"X-04-09", "cross-table", E, "04表国有资本经营预算财政拨款栏应与09表本年支出一致"},
    {"X-05-06", "cross-table", E, "05表基本支出合计应等于06表人员经费合计与公用经费合计之和"},
    {"X-03-05", "cross-table", E, "05表（一般公共预算财政拨款）各科目支出不应大于03表同一科目"},
    {"X-NAME", "cross-table", W, "同一科目编码在02、03、05表中的名称应一致"},

    /* ---- completeness ---- */
    {"C-MISSING", "completeness", E, "九张公开表应全部公开（只列在目录中的表视为缺失）"},
    {"C-EMPTY", "completeness", W, "空表（07、08、09表）应说明无数据的原因；01–06表不应为空"},
    {"C-SECTION", "completeness", W, "情况说明应包含第一至第九部分说明"},
    {"C-TWICE", "completeness", W, "同一张表重复印出"},
    {"C-LABEL", "completeness", W, "表的“公开NN表”编号应与表名一致"},
    {"C-ROW-TWICE", "completeness", W, "表中同一科目（行）重复出现"},
    {"C-DEPT", "completeness", W, "各表部门名称应与文件的部门名称一致"},
    {"C-YEAR", "completeness", W, "各表标注的年度应为决算年度"},
    {"C-TRUNCATED", "completeness", W, "表在合计行之前中断，可能缺页"},
    {"C-NOTE", "completeness", I, "读取时发现的其他问题（无法识别的内容等）"},

    /* ---- classification ---- */
    {"K-CODE-LEN", "classification", E,
     "科目编码长度应为3位（类）、5位（款）或7位（项）；经济分类为3位或5位"},
    {"K-HIER", "classification", W, "项的所属款、款的所属类应在同一表中列出"},
    {"K-UNKNOWN", "classification", W,
     "科目编码不在当年政府收支分类科目中（功能分类款、项目录不全时为提示）"},
    {"K-NAME", "classification", W, "科目名称与科目编码不符"},

    /* ---- narrative (narrative_rules.c) ---- */
    {"N-AMOUNT", "narrative", E, "说明中的金额应与表中数字一致"},
    {"N-SHARE", "narrative", E, "说明中的占比应等于分项除以合计"},
    {"N-GROWTH", "narrative", E, "说明中的增减额和增长率应按本年数与上年数计算"},
    {"N-COMPLETION", "narrative", E, "说明中的“完成年初预算的X%”应等于决算数除以预算数"},
    {"N-DIRECTION", "narrative", E, "说明中的增减方向（增加/减少、大于/小于）应与数字一致"},
    {"N-SANGONG", "narrative", E, "说明七“三公”经费的预算、决算、各项金额应与07表一致"},
    {"N-JIGUAN", "narrative", W, "说明十机关运行经费应与06表公用经费合计一致"},
    {"N-PROCUREMENT", "narrative", E, "说明十二政府采购：货物、工程、服务之和应等于采购总额"},
    {"N-VEHICLES", "narrative", E, "说明十三国有资产：各类车辆数之和应等于车辆总数"},
    {"N-ITEM", "narrative", W, "说明中列出的分项之和应等于所述合计"},

    /* ---- performance tables ---- */
    {"P-RATE", "performance", E, "绩效自评表执行率应等于全年执行数除以全年预算数"},
    {"P-SCORE", "performance", E, "绩效自评表得分应等于分值乘以执行率，且不应超过分值"},
    {"P-FUNDS", "performance", E, "绩效自评表资金合计应等于当年财政拨款、上年结转与其他资金之和"},
    {"P-WEIGHT", "performance", W, "绩效自评表各项分值之和应为100"},
    {"P-TOTAL", "performance", E, "绩效自评表总分应等于各项得分之和"},
    {"P-GRADE", "performance", E,
     "绩效等级应与总分相符：90分以上优，80–90分良，60–80分中，60分以下差"},

    /* ---- format ---- */
    {"F-PLACEHOLDER", "format", E, "正文中留有未替换的占位文字（XX、××、某某、……）"},
    {"F-PUNCT", "format", I, "标点重复（如“。。”“，，”）"},
    {"F-BRACKET", "format", I, "段落中括号或引号不配对"},
    {"F-YEAR", "format", W,
     "标题或“截至…年12月31日”中的年度既不是决算年度，也不是谈及上年时的上一年度"},
};

#undef E
#undef W
#undef I

const js_rule *js_rules(size_t *n)
{
    *n = sizeof RULES / sizeof RULES[0];
    return RULES;
}

const js_rule *js_rule_find(const char *id)
{
    if (!id) return NULL;
    for (size_t i = 0; i < sizeof RULES / sizeof RULES[0]; i++)
        if (strcmp(RULES[i].id, id) == 0) return &RULES[i];
    return NULL;
}
