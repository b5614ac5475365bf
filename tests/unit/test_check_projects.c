/* test_check_projects.c - issue #13: the projects the 说明 (十四) and the 附件 name against their
 * 项目支出绩效自评表 (N-PROJECT), on the disclosure of check_fixture.h. */
#include "check_fixture.h"

/* a P2 of project name: 年初预算 start, 全年预算 full, 全年执行 actual, 总分 score, 等级 grade */
static void p2(js_doc *d, const char *name, const char *start, const char *full, const char *actual,
               const char *score, const char *grade)
{
    js_perf *p = js_doc_perf_add(d, 2);
    assert_non_null(p);
    p->name = name;
    p->loc = fx_loc();
    js_perf_fund *f = js_perf_fund_add(d, p);
    f->name = "合计";
    f->budget_start = fx_pval(start, false);
    f->budget_full = fx_pval(full, false);
    f->actual = fx_pval(actual, false);
    p->total_score = fx_pval(score, false);
    p->grade = grade;
}

static js_doc *doc_with_projects(void)
{
    js_doc *d = fx_doc();
    p2(d, "档案馆经费", "10", "25.18", "25.18", "100", "优");
    p2(d, "政府门户网站、市长热线信息化专项", "438.7", "310", "310", "99", "优");
    p2(d, "区委会议经费", "10", "20", "20", "98", "优");
    return d;
}

static int appendix(js_doc *d)
{
    int a = fx_sec_add(d, JS_PART_APPENDIX, 0, 5, "", "附件", -1);
    int s3 = fx_sec_add(d, JS_PART_APPENDIX, 1, 3, "附件三", "资金使用及绩效情况", a);
    return fx_sec_add(d, JS_PART_APPENDIX, 2, 2, "附件三(二)", "项目支出绩效情况", s3);
}

static void amounts_agree(void **state)
{
    (void)state;
    js_doc *d = doc_with_projects();
    int s = appendix(d);
    fx_para(d, s,
            "年初预算项目“政府门户网站、市长热线信息化专项”金额438.7万元，年中执行调减128.7万元，"
            "实际支出310万元，结余结转0万元。");
    int h = fx_sec_add(d, JS_PART_APPENDIX, 4, 1, "附件三(二)(1)", "档案馆经费", s);
    fx_para(d, h, "档案馆经费支出25.18万元，资金主要用于档案信息化扫描。");
    int k = fx_sec_add(d, JS_PART_NARRATIVE, 1, 14, "十四", "预算绩效情况说明", 0);
    fx_para(
        d, k,
        "“区委会议经费”项目全年预算数20.00万元，全年执行数20.00万元，自评得分98分，等级为“优”。");
    js_findings f = fx_check(d);
    if (fx_find(&f, "N-PROJECT", NULL, NULL, NULL)) fx_dump(&f);
    assert_null(fx_find(&f, "N-PROJECT", NULL, NULL, NULL));
    js_findings_release(&f);
    js_doc_free(d);
}

static const js_finding *find_stated(const js_findings *f, const char *stated)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->items[i].rule, "N-PROJECT") == 0 && f->items[i].stated &&
            strcmp(f->items[i].stated, stated) == 0)
            return &f->items[i];
    return NULL;
}

static void amounts_differ(void **state)
{
    (void)state;
    js_doc *d = doc_with_projects();
    int s = appendix(d);
    /* 年初预算 483.7 for 438.7; 实际支出 301 for 310 */
    fx_para(d, s,
            "年初预算项目“政府门户网站、市长热线信息化专项”金额483.7万元，年中执行调减128.7万元，"
            "实际支出301万元，结余结转0万元。");
    /* the heading names the project; its paragraph says 25.81 for 25.18 */
    int h = fx_sec_add(d, JS_PART_APPENDIX, 4, 1, "附件三(二)(1)", "档案馆经费", s);
    fx_para(d, h, "项目支出25.81万元，资金主要用于档案信息化扫描。");
    int k = fx_sec_add(d, JS_PART_NARRATIVE, 1, 14, "十四", "预算绩效情况说明", 0);
    fx_para(
        d, k,
        "“区委会议经费”项目全年预算数20.00万元，全年执行数2.00万元，自评得分89分，等级为“良”。");
    js_findings f = fx_check(d);
    const js_finding *x = find_stated(&f, "483.7");
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_string_equal(x->expected, "438.7");
    assert_int_equal(x->severity, JS_SEV_ERROR);
    assert_string_equal(x->section, "附件三(二)");
    assert_non_null(strstr(x->message, "年初预算数"));
    x = find_stated(&f, "301");
    assert_non_null(x);
    assert_string_equal(x->expected, "310");
    assert_non_null(strstr(x->message, "全年执行数"));
    x = find_stated(&f, "25.81");
    assert_non_null(x);
    assert_string_equal(x->expected, "25.18");
    assert_string_equal(x->section, "附件三(二)(1)");
    x = find_stated(&f, "2.00");
    assert_non_null(x);
    assert_string_equal(x->expected, "20");
    assert_non_null(strstr(x->message, "说明十四"));
    x = find_stated(&f, "89");
    assert_non_null(x);
    assert_string_equal(x->expected, "98");
    assert_null(find_stated(&f, "128.7")); /* a change is none of the three */
    assert_null(find_stated(&f, "0"));     /* nor a balance */
    js_findings_release(&f);
    js_doc_free(d);

    /* the grade alone */
    d = doc_with_projects();
    k = fx_sec_add(d, JS_PART_NARRATIVE, 1, 14, "十四", "预算绩效情况说明", 0);
    fx_para(d, k, "“区委会议经费”项目全年执行数20.00万元，自评得分98分，等级为“良”。");
    f = fx_check(d);
    x = find_stated(&f, "良");
    assert_non_null(x);
    assert_string_equal(x->expected, "优");
    js_findings_release(&f);
    js_doc_free(d);
}

/* Another project, 其中 or another section's sentence is not the project's: no finding. */
static void other_subjects(void **state)
{
    (void)state;
    js_doc *d = doc_with_projects();
    int s = appendix(d);
    fx_para(d, s, "档案馆经费支出25.18万元，其中：财政拨款支出8万元。");
    fx_para(d, s, "档案馆经费项目支出25.18万元，印刷项目支出3万元。");
    /* 五 (section 5 of the fixture) speaks of the words for something else */
    fx_para(d, 5, "主要用于档案馆经费支出1.5万元。");
    js_findings f = fx_check(d);
    if (fx_find(&f, "N-PROJECT", NULL, NULL, NULL)) fx_dump(&f);
    assert_null(fx_find(&f, "N-PROJECT", NULL, NULL, NULL));
    js_findings_release(&f);
    js_doc_free(d);
}

static const js_finding *find_rule_stated(const js_findings *f, const char *rule,
                                          const char *stated)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->items[i].rule, rule) == 0 && f->items[i].stated &&
            strcmp(f->items[i].stated, stated) == 0)
            return &f->items[i];
    return NULL;
}

/* A sentence speaking of all the projects (共3个项目, 全部项目): its amount is the sum of the
 * tables (25.18 + 310 + 20 = 355.18); without one, the tables' 执行数 add up to 项目支出. */
static void all_projects(void **state)
{
    (void)state;
    js_doc *d = doc_with_projects();
    int s = appendix(d);
    fx_para(d, s, "本单位对共3个项目开展了绩效自评，涉及资金355.18万元。");
    fx_para(d, s, "全部项目均已完成，涉及资金365.18万元。");
    fx_para(d, s, "本单位对2个项目开展了绩效自评，涉及资金100万元。"); /* not all: nothing */
    js_findings f = fx_check(d);
    assert_null(find_rule_stated(&f, "N-PROJSUM", "355.18"));
    assert_null(find_rule_stated(&f, "N-PROJSUM", "100"));
    const js_finding *x = find_rule_stated(&f, "N-PROJSUM", "365.18");
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_string_equal(x->expected, "355.18");
    assert_int_equal(x->severity, JS_SEV_WARNING);
    js_findings_release(&f);
    js_doc_free(d);

    /* no amount: Σ 执行数 355.18 against 05/03 项目支出 30.00 */
    d = doc_with_projects();
    s = appendix(d);
    fx_para(d, s, "本单位对全部3个项目开展了绩效自评。");
    f = fx_check(d);
    x = fx_find(&f, "N-PROJSUM", NULL, NULL, NULL);
    assert_non_null(x);
    assert_string_equal(x->expected, "30.00");
    js_findings_release(&f);
    js_doc_free(d);

    /* two projects of 10 + 20 = 30.00, the 项目支出 of 05 and 03: nothing */
    d = fx_doc();
    p2(d, "档案馆经费", "10", "10", "10", "100", "优");
    p2(d, "区委会议经费", "20", "20", "20.00", "100", "优");
    s = appendix(d);
    fx_para(d, s, "本单位对全部2个项目开展了绩效自评。");
    f = fx_check(d);
    assert_null(fx_find(&f, "N-PROJSUM", NULL, NULL, NULL));
    js_findings_release(&f);
    js_doc_free(d);
}

/* The 部门整体支出绩效自评表 (P1 of the fixture: 总分 98, 优) is named by 部门整体支出: its
 * score and grade are compared, not the amounts of the sentence. */
static void whole_department(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    int k = fx_sec_add(d, JS_PART_NARRATIVE, 1, 14, "十四", "预算绩效情况说明", 0);
    fx_para(d, k,
            "本部门对2020年度部门整体支出开展了绩效自评，基本支出70."
            "00万元，自评得分95分，等级为“优”。");
    js_findings f = fx_check(d);
    const js_finding *x = find_rule_stated(&f, "N-PROJECT", "95");
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_string_equal(x->expected, "98");
    assert_non_null(strstr(x->message, "部门整体支出绩效自评表"));
    assert_null(find_rule_stated(&f, "N-PROJECT", "70.00"));
    js_findings_release(&f);
    js_doc_free(d);
    d = fx_doc();
    k = fx_sec_add(d, JS_PART_NARRATIVE, 1, 14, "十四", "预算绩效情况说明", 0);
    fx_para(d, k, "本部门对2020年度部门整体支出开展了绩效自评，自评得分98分，等级为“优”。");
    f = fx_check(d);
    assert_null(fx_find(&f, "N-PROJECT", NULL, NULL, NULL));
    js_findings_release(&f);
    js_doc_free(d);
}

/* 执行率 of a project against its table's */
static void rate_of_a_project(void **state)
{
    (void)state;
    js_doc *d = doc_with_projects();
    d->perf[1].funds[0].rate = fx_pval("100%", true); /* 档案馆经费 */
    int s = appendix(d);
    fx_para(d, s, "档案馆经费全年执行数25.18万元，执行率100%。");
    fx_para(d, s, "档案馆经费全年执行数25.18万元，预算执行率90%。");
    js_findings f = fx_check(d);
    assert_null(find_rule_stated(&f, "N-PROJECT", "100"));
    const js_finding *x = find_rule_stated(&f, "N-PROJECT", "90");
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_string_equal(x->expected, "100");
    js_findings_release(&f);
    js_doc_free(d);
}

/* Projects listed as headings under 项目支出绩效情况, each with its 支出: they cannot add up
 * to more than 03's 项目支出 (30.00 in the fixture); when one item's wrong figure (N-PROJECT)
 * is the whole excess, the sum follows from it. */
static void listed_projects_add_up(void **state)
{
    (void)state;
    js_doc *d = doc_with_projects();
    int s = appendix(d);
    int h = fx_sec_add(d, JS_PART_APPENDIX, 4, 1, "附件三(二)(1)", "档案馆经费", s);
    fx_para(d, h, "项目支出25.18万元，主要用于档案信息化扫描。");
    h = fx_sec_add(d, JS_PART_APPENDIX, 4, 2, "附件三(二)(2)", "印刷项目", s);
    fx_para(d, h, "项目支出10.00万元，主要用于印刷。");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "N-PROJSUM", NULL, NULL, NULL);
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_string_equal(x->stated, "35.18");
    assert_string_equal(x->expected, "30.00");
    assert_int_equal(x->cause, 0);
    js_findings_release(&f);
    js_doc_free(d);

    d = doc_with_projects();
    s = appendix(d);
    h = fx_sec_add(d, JS_PART_APPENDIX, 4, 1, "附件三(二)(1)", "档案馆经费", s);
    fx_para(d, h, "项目支出35.18万元，主要用于档案信息化扫描。"); /* 25.18 in its table */
    h = fx_sec_add(d, JS_PART_APPENDIX, 4, 2, "附件三(二)(2)", "印刷项目", s);
    fx_para(d, h, "项目支出4.00万元，主要用于印刷。");
    f = fx_check(d);
    x = fx_find(&f, "N-PROJSUM", NULL, NULL, NULL);
    const js_finding *p = find_rule_stated(&f, "N-PROJECT", "35.18");
    assert_non_null(x);
    assert_non_null(p);
    assert_int_equal(x->cause, p->id);
    js_findings_release(&f);
    js_doc_free(d);

    d = doc_with_projects();
    s = appendix(d);
    h = fx_sec_add(d, JS_PART_APPENDIX, 4, 1, "附件三(二)(1)", "档案馆经费", s);
    fx_para(d, h, "项目支出25.18万元，主要用于档案信息化扫描。");
    h = fx_sec_add(d, JS_PART_APPENDIX, 4, 2, "附件三(二)(2)", "印刷项目", s);
    fx_para(d, h, "项目支出4.00万元，主要用于印刷。");
    f = fx_check(d);
    assert_null(fx_find(&f, "N-PROJSUM", NULL, NULL, NULL));
    js_findings_release(&f);
    js_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(amounts_agree),          cmocka_unit_test(amounts_differ),
        cmocka_unit_test(other_subjects),         cmocka_unit_test(all_projects),
        cmocka_unit_test(whole_department),       cmocka_unit_test(rate_of_a_project),
        cmocka_unit_test(listed_projects_add_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
