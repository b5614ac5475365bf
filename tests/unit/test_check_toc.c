/* test_check_toc.c - the 目录 entry by entry against the body's headings and
 * tables (toc.c: C-TOC-TITLE, C-TOC-ORDER, C-TOC-EXTRA). */
#include "check_fixture.h"
#include "test_util.h"

/* the fixture (nine tables, 说明 一..九) with 概况 一/二, 说明 十 and the lines L */
static js_doc *doc_with(const char *const *L, int nl)
{
    js_doc *d = fx_doc();
    fx_section(d, JS_PART_OVERVIEW, 0, 1, "", "测试局概况");
    fx_section(d, JS_PART_OVERVIEW, 1, 1, "概况一", "部门职责");
    fx_section(d, JS_PART_OVERVIEW, 1, 2, "概况二", "机构设置及决算单位构成");
    fx_section(d, JS_PART_NARRATIVE, 1, 10, "十", "关于 2020 年度预算绩效情况的说明");
    d->lines = (const char **)L;
    d->nlines = nl;
    return d;
}

static int count_rule(const js_findings *f, const char *rule, int sev)
{
    int n = 0;
    for (int i = 0; i < f->n; i++)
        n += strcmp(f->items[i].rule, rule) == 0 && f->items[i].severity == sev;
    return n;
}

#define TABLES_2_TO_6                                                                              \
    "- 四、财政拨款收入支出决算总表", "- 五、一般公共预算财政拨款支出决算表",                      \
        "- 六、一般公共预算财政拨款基本支出决算表"
#define SECTIONS_3_TO_9                                                                            \
    "- 三、支出决算情况说明", "- 四、财政拨款收入支出决算总体情况说明",                            \
        "- 五、一般公共预算财政拨款支出决算情况说明",                                              \
        "- 六、一般公共预算财政拨款基本支出决算情况说明",                                          \
        "- 七、一般公共预算财政拨款三公经费支出决算情况说明",                                      \
        "- 八、政府性基金预算收入支出决算情况说明", "- 九、国有资本经营预算支出决算情况"

static void same_entries_are_silent(void **state)
{
    (void)state;
    static const char *const L[] = {"2020年度",
                                    "测试局",
                                    "部门决算",
                                    "目录",
                                    "第一部分测试局概况",
                                    "- 一、部门职责",
                                    "- 二、机构设置及决算单位构成",
                                    "第二部分2020年度部门决算表",
                                    "- 一、收入支出决算总表",
                                    "- 二、收入决算表",
                                    "- 三、支出决算表",
                                    TABLES_2_TO_6,
                                    "- 七、财政拨款“三公”经费支出决算表",
                                    "- 八、政府性基金预算财政拨款收入支出决算表",
                                    "- 九、国有资本经营预算财政拨款支出决算表",
                                    "第三部分2020年度部门决算情况说明",
                                    "- 一、收入支出决算总体情况说明",
                                    "- 二、收入决算情况",
                                    SECTIONS_3_TO_9,
                                    "- 十、2020年度预算绩效情况说明",
                                    "第一部分",
                                    "测试局概况"};
    js_doc *d = doc_with(L, (int)(sizeof L / sizeof L[0]));
    js_findings f = fx_check(d);
    if (fx_count(&f, "C-TOC-TITLE") + fx_count(&f, "C-TOC-ORDER") + fx_count(&f, "C-TOC-EXTRA"))
        fx_dump(&f);
    /* the year, 关于, 的, quotes and a closing 说明/情况 do not count */
    assert_int_equal(fx_count(&f, "C-TOC-TITLE"), 0);
    assert_int_equal(fx_count(&f, "C-TOC-ORDER"), 0);
    assert_int_equal(fx_count(&f, "C-TOC-EXTRA"), 0);
    d->lines = NULL;
    d->nlines = 0;
    js_findings_release(&f);
    js_doc_free(d);
}

static void wording_order_and_unlisted(void **state)
{
    (void)state;
    static const char *const L[] = {"2020年度",
                                    "测试局",
                                    "部门决算",
                                    "目录",
                                    "第一部分测试局概况",
                                    "- 一、部门职责",
                                    "- 二、机构设置",
                                    "第二部分2020年度部门决算表",
                                    "- 一、收入支出决算总表",
                                    "- 二、支出决算表",
                                    "- 三、收入决算表",
                                    TABLES_2_TO_6,
                                    "- 七、一般公共预算财政拨款“三公”经费支出决算表",
                                    "- 八、政府性基金预算财政拨款收入支出决算表",
                                    "第三部分2020年度部门决算情况说明",
                                    "- 一、收入决算情况说明",
                                    "- 二、收入支出决算总体情况说明",
                                    SECTIONS_3_TO_9,
                                    "第一部分",
                                    "测试局概况"};
    js_doc *d = doc_with(L, (int)(sizeof L / sizeof L[0]));
    js_findings f = fx_check(d);
    fx_dump(&f);
    /* 机构设置 only shortens 机构设置及决算单位构成, the 2020 name of 07 only lengthens
     * its 2024 name: notices */
    assert_int_equal(count_rule(&f, "C-TOC-TITLE", JS_SEV_NOTICE), 2);
    assert_int_equal(fx_count(&f, "C-TOC-TITLE"), 2);
    const js_finding *t = fx_find(&f, "C-TOC-TITLE", NULL, NULL, NULL);
    assert_string_equal(t->section, "目录");
    assert_int_equal(t->loc.line, 7);
    /* 一 and 二 of the 说明 swapped, 02 and 03 swapped: one finding for each part's order,
     * naming every entry out of place */
    assert_int_equal(fx_count(&f, "C-TOC-ORDER"), 2);
    const js_finding *o = fx_find(&f, "C-TOC-ORDER", NULL, NULL, NULL);
    assert_non_null(strstr(o->message, "“支出决算表”目录为第二张、正文为公开03表"));
    assert_non_null(strstr(o->message, "“收入决算表”目录为第三张、正文为公开02表"));
    assert_string_equal(o->stated, "二、三");
    assert_string_equal(o->expected, "03、02");
    assert_int_equal(o->loc.line, 10);
    const js_finding *o3 = NULL;
    for (int i = 0; i < f.n; i++)
        if (strcmp(f.items[i].rule, "C-TOC-ORDER") == 0 && strstr(f.items[i].message, "第三部分"))
            o3 = &f.items[i];
    assert_non_null(o3);
    assert_non_null(strstr(o3->message, "（2处）"));
    assert_non_null(strstr(o3->message, "“收入决算情况说明”目录为第一节、正文为第二节"));
    assert_non_null(strstr(o3->message, "“收入支出决算总体情况说明”目录为第二节、正文为第一节"));
    assert_string_equal(o3->stated, "一、二");
    assert_string_equal(o3->expected, "二、一");
    /* 09 and 说明 十 are printed but not listed */
    assert_int_equal(fx_count(&f, "C-TOC-EXTRA"), 2);
    int extra09 = 0, extra10 = 0;
    for (int i = 0; i < f.n; i++) {
        const js_finding *x = &f.items[i];
        if (strcmp(x->rule, "C-TOC-EXTRA") != 0) continue;
        extra09 += strstr(x->message, "公开09表") != NULL;
        extra10 += strstr(x->message, "十、关于 2020 年度预算绩效情况的说明") != NULL;
    }
    assert_int_equal(extra09, 1);
    assert_int_equal(extra10, 1);
    d->lines = NULL;
    d->nlines = 0;
    js_findings_release(&f);
    js_doc_free(d);
}

static void different_title_is_a_warning(void **state)
{
    (void)state;
    static const char *const L[] = {"2020年度",
                                    "测试局",
                                    "部门决算",
                                    "目录",
                                    "第三部分2020年度部门决算情况说明",
                                    "- 一、收入支出决算总体情况说明",
                                    "- 二、收入决算情况说明",
                                    SECTIONS_3_TO_9,
                                    "- 十、重点项目预算的绩效评价结果等情况说明",
                                    "第一部分",
                                    "测试局概况"};
    js_doc *d = doc_with(L, (int)(sizeof L / sizeof L[0]));
    js_findings f = fx_check(d);
    assert_int_equal(count_rule(&f, "C-TOC-TITLE", JS_SEV_WARNING), 1);
    assert_int_equal(fx_count(&f, "C-TOC-TITLE"), 1);
    const js_finding *t = fx_find(&f, "C-TOC-TITLE", NULL, NULL, NULL);
    assert_string_equal(t->stated, "重点项目预算的绩效评价结果等情况说明");
    assert_string_equal(t->expected, "关于 2020 年度预算绩效情况的说明");
    /* the 目录 lists no table and no 概况 section: nothing said of them */
    assert_int_equal(fx_count(&f, "C-TOC-EXTRA"), 0);
    d->lines = NULL;
    d->nlines = 0;
    js_findings_release(&f);
    js_doc_free(d);
}

/* seed 000: its 目录 lists 十四 as 重点项目预算的绩效评价结果等情况说明, the body
 * prints 关于2020年度预算绩效情况的说明 */
static void seed_title_differs(void **state)
{
    (void)state;
    js_doc *d = test_parse_seed("000_e65ad6a672f33cc8.txt");
    js_findings f = fx_check(d);
    assert_int_equal(count_rule(&f, "C-TOC-TITLE", JS_SEV_WARNING), 1);
    const js_finding *t = NULL;
    for (int i = 0; i < f.n && !t; i++)
        if (!strcmp(f.items[i].rule, "C-TOC-TITLE") && f.items[i].severity == JS_SEV_WARNING)
            t = &f.items[i];
    assert_int_equal(t->loc.line, 63);
    assert_non_null(strstr(t->message, "重点项目预算的绩效评价结果等情况说明"));
    assert_int_equal(fx_count(&f, "C-TOC-ORDER") + fx_count(&f, "C-TOC-EXTRA"), 0);
    js_findings_release(&f);
    js_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_entries_are_silent),
        cmocka_unit_test(wording_order_and_unlisted),
        cmocka_unit_test(different_title_is_a_warning),
        cmocka_unit_test(seed_title_differs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
