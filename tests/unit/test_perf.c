/* test_perf.c - the 绩效自评表 of the 附件 (perf.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "juesuan/juesuan.h"
#include "test_util.h"

/* The printed value of v ("-" when not set). */
static const char *pv(const js_pval *v, char *buf)
{
    if (!v->set) return "-";
    return js_num_fmt(v->num, buf, 48);
}

static const js_perf_fund *fund(const js_perf *p, const char *name)
{
    for (int i = 0; i < p->nfunds; i++)
        if (strcmp(p->funds[i].name, name) == 0) return &p->funds[i];
    return NULL;
}

static const char TABLE[] =
    "第五部分\n\n附件\n\n"
    "附件 1\n\n"
    "2020 年度部门整体支出绩效自评表\n\n"
    "部门名称\t\t某某中心\t\t\n"
    "资金情况 (万元)\t年度资金总额\t\t年初 预算数\t全年 预算数\t全年执行数\t分值\t执行 "
    "率\t得分（分 "
    "值×执行 率）\n"
    "\t合计\t\t66.93\t179.22\t179.22\t10\t100%\t10\n"
    "\t其中：当年财政拨款\t\t66.93\t75.40\t\t\t\t\n"
    "\t其他资金\t\t0 万元\t103.82\t\t\t\t\n"
    "年度总 体目标\t预期目标\t\t\t\t实际完成情况\t\t\t\n"
    "\t完成其他资金拨付\t\t\t\t已完成\t\t\t\n"
    "绩 效 指 标\t一级指标\t二级指标\t三级指标\t年度 指标值\t实际 完成值\t分值\t得分\t偏差原因\n"
    "\t产出 指标 (50 分)\t数量指标\t档案 分类整理\t2138 本\t2138 本\t6\t4\t可进一步完善。\n"
    "\t\t\t资金拨付\t48.99\t48.99\t10\t10\t\n"
    "\n"
    "绩效指标\t\t质量指标\t长期发布政\t长期\t长期\t7\t7\t\n"
    "\t\t\t府信息\t\t\t\t\t\n"
    "\t满意度 指标 (10 分)\t服务对象满 意度指标\t群众\t》95%\t》95%\t10\t9.5\t\n"
    "\t总分\t\t\t\t\t100\t98\t等级：优\n"
    "\n备注：1.“执行率”=“全年执行数”/“全年预算数”；\n\n"
    "2.总分设置为 100 分，等级划分为：90 分（含）—100 分为优。\n\n"
    "附件 2\n\n"
    "2020 年度项目支出绩效自评表\n\n"
    "部门名称\t某某中心\t\t\n"
    "项目支出名称\t专项名称\t/\t\t项目总投资（万元）\t/\n"
    "年度项目资金（万元）\t年度资金总额\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "\t合计\t/\t/\t/\t10\t/\t/\n"
    "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差\n"
    "\t产出指标（50 分）\t数量指标\t\t\t\t\t\t\n"
    "\t总分\t\t\t\t\t100\t/\t等级：/\n";

static void small_tables(void **state)
{
    (void)state;
    char b[48];
    js_doc *doc = test_parse_text(TABLE);
    assert_int_equal(doc->nperf, 2);
    const js_perf *p = &doc->perf[0];
    assert_int_equal(p->kind, 1);
    assert_int_equal(p->loc.line, 7);
    assert_string_equal(p->name, "某某中心");
    const js_perf_fund *f = fund(p, "合计");
    assert_non_null(f);
    assert_string_equal(pv(&f->budget_start, b), "66.93");
    assert_string_equal(pv(&f->budget_full, b), "179.22");
    assert_string_equal(pv(&f->actual, b), "179.22");
    assert_string_equal(pv(&f->weight, b), "10");
    assert_string_equal(pv(&f->rate, b), "100");
    assert_string_equal(f->rate.text, "100%");
    assert_string_equal(pv(&f->score, b), "10");
    assert_int_equal(f->loc.line, 11);
    f = fund(p, "当年财政拨款");
    assert_non_null(f);
    assert_string_equal(pv(&f->budget_full, b), "75.40");
    assert_false(f->actual.set);
    f = fund(p, "其他资金");
    assert_string_equal(pv(&f->budget_start, b), "0"); /* "0 万元" */
    assert_string_equal(pv(&f->budget_full, b), "103.82");
    /* the goal text is not a fund row */
    assert_int_equal(p->nfunds, 3);
    /* indicators: 一级 carried down, 偏差原因 dropped, wrapped 三级 joined */
    assert_int_equal(p->ninds, 4);
    assert_string_equal(p->inds[0].l1, "产出指标(50分)");
    assert_string_equal(p->inds[0].l2, "数量指标");
    assert_string_equal(p->inds[0].l3, "档案分类整理");
    assert_string_equal(p->inds[0].target, "2138 本");
    assert_string_equal(pv(&p->inds[0].weight, b), "6");
    assert_string_equal(pv(&p->inds[0].score, b), "4");
    assert_string_equal(p->inds[1].l1, "产出指标(50分)");
    assert_string_equal(p->inds[1].l3, "资金拨付");
    assert_string_equal(p->inds[1].target, "48.99");
    assert_string_equal(pv(&p->inds[1].weight, b), "10");
    assert_string_equal(p->inds[2].l2, "质量指标");
    assert_string_equal(p->inds[2].l3, "长期发布政府信息");
    assert_string_equal(p->inds[3].l1, "满意度指标(10分)");
    assert_string_equal(p->inds[3].l2, "服务对象满意度指标");
    assert_string_equal(pv(&p->inds[3].score, b), "9.5");
    assert_string_equal(pv(&p->total_weight, b), "100");
    assert_string_equal(pv(&p->total_score, b), "98");
    assert_string_equal(p->grade, "优");
    assert_int_equal(p->grade_loc.line, 23);
    /* the empty project table: no bogus numbers */
    p = &doc->perf[1];
    assert_int_equal(p->kind, 2);
    assert_null(p->name);
    f = fund(p, "合计");
    assert_non_null(f);
    assert_false(f->budget_start.set || f->budget_full.set || f->actual.set || f->rate.set ||
                 f->score.set);
    assert_string_equal(pv(&f->weight, b), "10");
    assert_int_equal(p->ninds, 0);
    assert_string_equal(pv(&p->total_weight, b), "100");
    assert_false(p->total_score.set);
    assert_null(p->grade);
    /* the tables' lines are not narrative: no section from "2.总分设置为…" */
    for (int i = 0; i < doc->nsections; i++)
        assert_null(strstr(doc->sections[i].title, "总分"));
    for (int i = 0; i < doc->nparas; i++)
        assert_null(strstr(doc->paras[i].text, "合计"));
    js_doc_free(doc);
}

/* Layout text (columns of spaces, as pdftotext -layout writes): fund values are placed by
 * horizontal overlap with the header, so 75.40 under 全年预算数 is the full-year budget. */
static void layout_table(void **state)
{
    (void)state;
    char b[48];
    js_doc *doc = test_parse_text(
        "2020 年度部门整体支出绩效自评表\n"
        "  部门名称        某某中心\n"
        "  资金情况        年度资金总额            年初预算数       全年预算数       全年执行数    "
        "   "
        "分值      执行率     得分\n"
        "              合计                66.93       179.22      179.22      10      100%    10\n"
        "              其中:当年财政拨款                     75.40\n"
        "  绩效指标        一级指标              二级指标        三级指标        年度指标值       "
        "实际完成值   分值      得分\n"
        "              产出指标(50分)         数量指标        档案整理        2138本       2138本  "
        " 6 "
        "      4\n"
        "  总分                                                                                100 "
        "    "
        "98  等级:优\n");
    assert_int_equal(doc->nperf, 1);
    const js_perf *p = &doc->perf[0];
    assert_string_equal(p->name, "某某中心");
    const js_perf_fund *f = fund(p, "合计");
    assert_string_equal(pv(&f->budget_start, b), "66.93");
    assert_string_equal(pv(&f->rate, b), "100");
    assert_string_equal(pv(&f->score, b), "10");
    f = fund(p, "当年财政拨款");
    assert_false(f->budget_start.set);
    assert_string_equal(pv(&f->budget_full, b), "75.40");
    assert_int_equal(p->ninds, 1);
    assert_string_equal(p->inds[0].l3, "档案整理");
    assert_string_equal(pv(&p->inds[0].score, b), "4");
    assert_string_equal(pv(&p->total_score, b), "98");
    assert_string_equal(p->grade, "优");
    js_doc_free(doc);
}

/* Checked by hand against seeds 000 (lines 543-568) and 001 (lines 595-767). */
static void seeds(void **state)
{
    (void)state;
    char b[48];
    js_doc *doc = test_parse_seed("000_e65ad6a672f33cc8.txt");
    assert_int_equal(doc->nperf, 2);
    const js_perf *p = &doc->perf[0];
    assert_int_equal(p->kind, 1);
    assert_int_equal(p->loc.line, 543);
    const js_perf_fund *f = fund(p, "合计");
    assert_string_equal(pv(&f->budget_start, b), "66.93");
    assert_string_equal(pv(&f->budget_full, b), "179.22");
    assert_string_equal(pv(&f->actual, b), "179.22");
    assert_string_equal(pv(&f->rate, b), "100");
    assert_string_equal(pv(&fund(p, "其他资金")->budget_full, b), "103.82");
    assert_int_equal(p->ninds, 12);
    assert_int_equal(p->inds[2].loc.line, 558); /* after the repeated header */
    assert_string_equal(pv(&p->inds[2].weight, b), "6");
    assert_string_equal(pv(&p->inds[2].score, b), "4");
    assert_string_equal(p->inds[11].l1, "满意度指标(10分)");
    assert_string_equal(pv(&p->total_score, b), "98");
    assert_string_equal(p->grade, "优");
    p = &doc->perf[1]; /* the empty project table */
    assert_int_equal(p->kind, 2);
    assert_int_equal(p->ninds, 0);
    assert_false(fund(p, "合计")->budget_full.set);
    js_doc_free(doc);

    doc = test_parse_seed("001_97ec0fee91833ab7.txt");
    assert_int_equal(doc->nperf, 5);
    assert_int_equal(doc->perf[0].kind, 1);
    assert_int_equal(doc->perf[0].ninds, 29);
    assert_string_equal(pv(&fund(&doc->perf[0], "合计")->rate, b), "100");
    assert_string_equal(fund(&doc->perf[0], "合计")->rate.text, "100 %");
    p = &doc->perf[2];
    assert_int_equal(p->kind, 2);
    assert_string_equal(p->name, "职业培训");
    assert_string_equal(pv(&fund(p, "合计")->budget_full, b), "19.62");
    assert_string_equal(pv(&fund(p, "合计")->budget_start, b), "0");
    assert_int_equal(p->ninds, 13);
    assert_string_equal(p->inds[10].l3, "保障就业");
    assert_string_equal(pv(&p->inds[10].score, b), "14");
    assert_string_equal(pv(&p->total_score, b), "98");
    js_doc_free(doc);

    doc = test_parse_seed("004_5d1dd30bc5ab887d.txt");
    assert_int_equal(doc->nperf, 2);
    f = fund(&doc->perf[0], "合计");
    assert_string_equal(pv(&f->budget_start, b), "5570.58"); /* "5570.58 万" */
    assert_string_equal(pv(&f->actual, b), "5531.1");
    assert_string_equal(pv(&doc->perf[0].total_score, b), "99.5");
    js_doc_free(doc);

    doc = test_parse_seed("003_bacf23239032d27d.txt"); /* no 绩效自评表 at all */
    assert_int_equal(doc->nperf, 0);
    js_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(small_tables),
        cmocka_unit_test(layout_table),
        cmocka_unit_test(seeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
