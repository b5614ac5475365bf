/* test_check_format.c - the form of the text (F-*). */
#include "check_fixture.h"

static js_findings with_para(js_doc *d, const char *text)
{
    js_doc_para_add(d, text, 1, (js_loc){.line = 500}, 1);
    return fx_check(d);
}

static void placeholders(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    js_findings f = with_para(d, "XX局2020年度收入合计某某万元。");
    const js_finding *x = fx_find(&f, "F-PLACEHOLDER", NULL, NULL, NULL);
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_WARNING);
    assert_string_equal(x->section, "一");
    assert_int_equal(x->loc.line, 500);
    assert_int_equal(fx_count(&f, "F-PLACEHOLDER"), 2);
    js_findings_release(&f);
    js_doc_free(d);
    /* a Latin word with XX inside is not a placeholder; ×× is */
    d = fx_doc();
    f = with_para(d, "采用XXL规格，面积20××30。");
    assert_int_equal(fx_count(&f, "F-PLACEHOLDER"), 1);
    js_findings_release(&f);
    js_doc_free(d);
}

static void punctuation(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    js_findings f = with_para(d, "本年收入合计120万元。。其中财政拨款100万元。");
    const js_finding *x = fx_find(&f, "F-PUNCT", NULL, NULL, NULL);
    assert_non_null(x);
    assert_string_equal(x->stated, "。。");
    assert_int_equal(x->severity, JS_SEV_NOTICE);
    assert_null(fx_find(&f, "F-BRACKET", NULL, NULL, NULL));
    js_findings_release(&f);
    js_doc_free(d);

    d = fx_doc();
    f = with_para(d, "主要用于“三公经费支出(含公务接待。");
    assert_int_equal(fx_count(&f, "F-BRACKET"), 1); /* one finding per paragraph */
    assert_null(fx_find(&f, "F-PUNCT", NULL, NULL, NULL));
    js_findings_release(&f);
    js_doc_free(d);

    d = fx_doc();
    f = with_para(d, "《预算法》规定(见“说明”)。");
    assert_null(fx_find(&f, "F-BRACKET", NULL, NULL, NULL));
    js_findings_release(&f);
    js_doc_free(d);
}

static void years(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_section(d, JS_PART_NARRATIVE, 1, 10, "十", "关于2018年度机关运行经费支出说明");
    fx_section(d, JS_PART_NARRATIVE, 1, 11, "十一", "2019年度一般性支出情况");
    js_doc_para_add(d, "截至 2021 年 12 月 31 日，本单位共有车辆 2 辆。", 1, (js_loc){.line = 600},
                    1);
    js_doc_para_add(d, "截至2019年12月31日，本单位共有车辆3辆。", 1, (js_loc){.line = 601}, 1);
    js_doc_para_add(d, "截至2019年12月31日上年末共有车辆3辆。", 1, (js_loc){.line = 602}, 1);
    js_doc_para_add(d, "截至2020年12月31日，本单位共有车辆3辆。", 1, (js_loc){.line = 603}, 1);
    js_findings f = fx_check(d);
    int n = 0;
    for (int i = 0; i < f.n; i++) {
        const js_finding *x = &f.items[i];
        if (strcmp(x->rule, "F-YEAR") != 0) continue;
        n++;
        assert_true(x->loc.line == 600 || x->loc.line == 601 || strstr(x->message, "2018"));
    }
    assert_int_equal(n, 3);
    js_findings_release(&f);
    js_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(placeholders),
        cmocka_unit_test(punctuation),
        cmocka_unit_test(years),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
