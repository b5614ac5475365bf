/* test_check_classify.c - classification codes and names (K-*). */
#include "check_fixture.h"

static void code_length_and_hierarchy(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_set(d, 2, "20103011", "20103011", "行政运行", "本年收入合计", "0.00");
    fx_set(d, 2, "2050101", "2050101", "行政运行", "本年收入合计", "0.00");
    fx_set(d, 6, "3010", "3010", "工资", "决算数", "0.00");
    fx_set(d, 6, "3010101", "3010101", "工资", "决算数", "0.00");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "K-CODE-LEN", "02", "20103011", NULL);
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_ERROR);
    assert_non_null(fx_find(&f, "K-CODE-LEN", "06", "3010", NULL));
    /* 经济分类 has no 7-digit level */
    assert_non_null(fx_find(&f, "K-CODE-LEN", "06", "3010101", NULL));
    x = fx_find(&f, "K-HIER", "02", "2050101", NULL);
    assert_non_null(x);
    assert_string_equal(x->expected, "20501");
    js_findings_release(&f);
    js_doc_free(d);
}

static void unknown_codes(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_set(d, 6, "30999", "30999", "不存在的科目", "决算数", "0.00");
    fx_set(d, 2, "299", "299", "不存在的类", "本年收入合计", "0.00");
    fx_set(d, 2, "2010388", "2010388", "某个项", "本年收入合计", "0.00");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "K-UNKNOWN", "06", "30999", NULL);
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_WARNING); /* 经济分类 is complete */
    x = fx_find(&f, "K-UNKNOWN", "02", "299", NULL);
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_WARNING); /* 类 are complete */
    x = fx_find(&f, "K-UNKNOWN", "02", "2010388", NULL);
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_NOTICE); /* 项 are partial */
    js_findings_release(&f);
    js_doc_free(d);
}

static void names(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_set(d, 6, "303", "303", "对个人和家庭的补助", "决算数", "0.00");
    fx_set(d, 6, "30303", "30303", "职工（役）费", "决算数", "0.00");
    d->tables[6]->rows[4].name = "办公";   /* 30201 办公费 printed without 费: allowed */
    d->tables[2]->rows[3].name = "行政运"; /* 2010301 cut short: a notice */
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "K-NAME", "06", "30303", NULL);
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_WARNING);
    assert_string_equal(x->stated, "职工（役）费");
    assert_non_null(strstr(x->expected, "退职"));
    assert_null(fx_find(&f, "K-NAME", "06", "30201", NULL));
    x = fx_find(&f, "K-NAME", "02", "2010301", NULL);
    assert_non_null(x);
    js_findings_release(&f);
    js_doc_free(d);
}

/* A 2019 document: the catalogue's codes are all of the 2020 edition, which is the best
 * guess for 2019; the right names must not be reported as wrong, a wrong one still is. */
static void names_before_first_edition(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    d->year = 2019;
    fx_set(d, 6, "30303", "30303", "职工（役）费", "决算数", "0.00");
    js_findings f = fx_check(d);
    assert_null(fx_find(&f, "K-NAME", "06", "301", NULL));
    assert_null(fx_find(&f, "K-NAME", "06", "30201", NULL));
    assert_null(fx_find(&f, "K-NAME", "02", "201", NULL));
    assert_null(fx_find(&f, "K-NAME", "02", "2010301", NULL));
    const js_finding *x = fx_find(&f, "K-NAME", "06", "30303", NULL);
    assert_non_null(x);
    assert_non_null(strstr(x->expected, "退职"));
    js_findings_release(&f);
    js_doc_free(d);
}

/* A name wrapped in its cell with the code between its two lines (the 2024 template
 * PDF): the reader gives the first line to the row above. Both rows are a reading
 * doubt (R-NAME, a notice), not a K-NAME or an X-NAME; one wrong name alone still is. */
static void names_split_between_rows(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_set(d, 2, "207", "207", "文化旅游体育与传媒支出其他文化旅游体育与传媒支", "本年收入合计",
           "0.00");
    fx_set(d, 2, "20799", "20799", "出……", "本年收入合计", "0.00");
    fx_set(d, 3, "207", "207", "与传媒支出其他文化旅游", "本年支出合计", "0.00");
    fx_set(d, 3, "20799", "20799", "体育与传媒支出", "本年支出合计", "0.00");
    fx_set(d, 3, "2050205", "2050205", "高等教育文化旅游体育", "本年支出合计", "0.00");
    fx_set(d, 6, "30107", "30107", "绩效工资", "决算数", "0.00");
    fx_set(d, 6, "30108", "30108", "险缴费", "决算数", "0.00"); /* nobody holds the start */
    js_findings f = fx_check(d);
    const char *split[][2] = {
        {"02", "207"}, {"02", "20799"}, {"03", "207"}, {"03", "20799"}, {"03", "2050205"}};
    for (size_t i = 0; i < sizeof split / sizeof split[0]; i++) {
        const js_finding *x = fx_find(&f, "R-NAME", split[i][0], split[i][1], NULL);
        if (!x) fx_dump(&f);
        assert_non_null(x);
        assert_int_equal(x->severity, JS_SEV_NOTICE);
        assert_string_equal(x->kind, "read");
        assert_null(fx_find(&f, "K-NAME", split[i][0], split[i][1], NULL));
        assert_null(fx_find(&f, "X-NAME", split[i][0], split[i][1], NULL));
    }
    const js_finding *x = fx_find(&f, "K-NAME", "06", "30108", NULL);
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_WARNING);
    assert_null(fx_find(&f, "R-NAME", "06", "30108", NULL));
    js_findings_release(&f);
    js_doc_free(d);

    /* a name replaced by the name of another row is a wrong name, not a misread */
    d = fx_doc();
    fx_set(d, 2, "20799", "20799", "其他文化旅游体育与传媒支出", "本年收入合计", "0.00");
    fx_set(d, 2, "207", "207", "其他文化旅游体育与传媒支出", "本年收入合计", "0.00");
    f = fx_check(d);
    assert_non_null(fx_find(&f, "K-NAME", "02", "207", NULL));
    assert_null(fx_find(&f, "R-NAME", "02", "207", NULL));
    js_findings_release(&f);
    js_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(code_length_and_hierarchy),
        cmocka_unit_test(unknown_codes),
        cmocka_unit_test(names),
        cmocka_unit_test(names_before_first_edition),
        cmocka_unit_test(names_split_between_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
