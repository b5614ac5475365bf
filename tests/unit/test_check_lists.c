/* test_check_lists.c - N-LIST: the items a 说明 or 附件 names as the main parts of
 * 人员经费 / 公用经费 against table 06 (lists.c). */
#include "check_fixture.h"

/* the fixture plus 06 rows printed as zero, and a 说明六 paragraph */
static js_doc *doc_with(const char *text, int part)
{
    js_doc *d = fx_doc();
    fx_row(d, 6, "30103", "奖金", (const char *[]){"0.00"});
    fx_row(d, 6, "30109", "职业年金缴费", (const char *[]){"0.00"});
    fx_row(d, 6, "30202", "印刷费", (const char *[]){"0.00"});
    int si = 6; /* 六 */
    if (part == JS_PART_APPENDIX) {
        fx_section(d, JS_PART_APPENDIX, 1, 2, "附件二", "预算收支情况");
        si = d->nsections - 1;
    }
    assert_true(js_doc_para_add(d, text, si, fx_loc(), 1) >= 0);
    return d;
}

static int count_sev(const js_findings *f, const char *rule, int sev)
{
    int n = 0;
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->items[i].rule, rule) == 0 && f->items[i].severity == sev) n++;
    return n;
}

static void named_items_must_have_amounts(void **state)
{
    (void)state;
    js_doc *d =
        doc_with("2020年度财政拨款基本支出70.00万元，其中：人员经费50.00万元，主要包括基本工资、"
                 "津贴补贴、奖金、职业年金等；公用经费20.00万元，主要包括办公费、印刷费等。",
                 JS_PART_NARRATIVE);
    js_findings f = fx_check(d);
    /* 奖金 0.00, 职业年金 (= 30109 职业年金缴费, a short form) 0.00, 印刷费 0.00 */
    if (count_sev(&f, "N-LIST", JS_SEV_WARNING) != 3) fx_dump(&f);
    assert_int_equal(count_sev(&f, "N-LIST", JS_SEV_WARNING), 3);
    const js_finding *x = fx_find(&f, "N-LIST", NULL, NULL, NULL);
    assert_non_null(x);
    assert_string_equal(x->stated, "奖金");
    assert_string_equal(x->expected, "0.00");
    assert_string_equal(x->section, "六");
    assert_string_equal(x->kind, "narrative");
    assert_non_null(strstr(x->message, "30103"));
    int n = 0;
    for (int i = 0; i < f.n; i++)
        if (strcmp(f.items[i].rule, "N-LIST") == 0 && f.items[i].stated &&
            strcmp(f.items[i].stated, "职业年金") == 0)
            n++;
    assert_int_equal(n, 1);
    /* nothing large is left out: 基本工资, 津贴补贴 and 办公费 are named */
    assert_int_equal(count_sev(&f, "N-LIST", JS_SEV_NOTICE), 0);
    js_findings_release(&f);
    js_doc_free(d);
    /* "主要用于" lists the same way */
    d = doc_with("公用经费20.00万元，主要用于办公费、印刷费等。", JS_PART_NARRATIVE);
    f = fx_check(d);
    assert_int_equal(count_sev(&f, "N-LIST", JS_SEV_WARNING), 1);
    js_findings_release(&f);
    js_doc_free(d);
}

static void right_list_is_silent_and_large_omission_a_notice(void **state)
{
    (void)state;
    js_doc *d = doc_with("人员经费50.00万元，主要包括基本工资、伙食补助费等；公用经费20.00万元，"
                         "主要包括办公费。",
                         JS_PART_NARRATIVE);
    js_findings f = fx_check(d);
    /* 伙食补助费 is not in this 06: left alone; only one item matched: no omission check */
    assert_int_equal(fx_count(&f, "N-LIST"), 0);
    js_findings_release(&f);
    js_doc_free(d);

    d = doc_with("人员经费50.00万元，主要包括基本工资、奖金等；公用经费20.00万元，主要包括办公费。",
                 JS_PART_NARRATIVE);
    f = fx_check(d);
    /* 奖金 is 0.00 (warning); 30102 津贴补贴 20.00 of 50.00 is left out (notice) */
    assert_int_equal(count_sev(&f, "N-LIST", JS_SEV_WARNING), 1);
    assert_int_equal(count_sev(&f, "N-LIST", JS_SEV_NOTICE), 1);
    const js_finding *x = NULL;
    for (int i = 0; i < f.n; i++)
        if (f.items[i].severity == JS_SEV_NOTICE && strcmp(f.items[i].rule, "N-LIST") == 0)
            x = &f.items[i];
    assert_non_null(x);
    assert_string_equal(x->expected, "20.00");
    assert_non_null(strstr(x->message, "30102 津贴补贴"));
    js_findings_release(&f);
    js_doc_free(d);
}

static void appendix_amounts_against_06(void **state)
{
    (void)state;
    js_doc *d = doc_with("人员经费50.00万元，主要包括基本工资20.00万元、津贴补贴20.00万元；公用经费"
                         "20.00万元，主要包括办公费20.00万元。",
                         JS_PART_APPENDIX);
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "N-ITEM", NULL, NULL, NULL);
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_ERROR);
    assert_string_equal(x->stated, "20.00");
    assert_string_equal(x->expected, "30.00"); /* 30101 基本工资 */
    assert_string_equal(x->section, "附件二");
    assert_true(strncmp(x->message, "附件二：", strlen("附件二：")) == 0);
    assert_non_null(strstr(x->message, "30102 津贴补贴的金额为20.00万元"));
    assert_int_equal(fx_count(&f, "N-ITEM"), 1);
    js_findings_release(&f);
    js_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(named_items_must_have_amounts),
        cmocka_unit_test(right_list_is_silent_and_large_omission_a_notice),
        cmocka_unit_test(appendix_amounts_against_06),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
