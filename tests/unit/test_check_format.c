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

static void repeated_words(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    js_findings f =
        with_para(d, "经费支出20万元，资金主要用于资金主要用于会议；了解企业发展的的问题。"
                     "常常走访企业，人人参与，2020年2020年。");
    assert_int_equal(fx_count(&f, "F-REPEAT"), 2);
    const js_finding *x = fx_find(&f, "F-REPEAT", NULL, NULL, NULL);
    assert_non_null(x);
    assert_string_equal(x->stated, "资金主要用于资金主要用于");
    assert_int_equal(x->severity, JS_SEV_WARNING);
    assert_string_equal(x->section, "一");
    int notices = 0;
    for (int i = 0; i < f.n; i++)
        if (strcmp(f.items[i].rule, "F-REPEAT") == 0 && f.items[i].severity == JS_SEV_NOTICE) {
            assert_string_equal(f.items[i].stated, "的的");
            notices++;
        }
    assert_int_equal(notices, 1);
    js_findings_release(&f);
    js_doc_free(d);
}

/* the cover and the 目录 name the unit and the year as the tables do; what the 目录 lists
 * is in the body */
static void cover_and_toc(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    static const char *const L[] = {"2020年度",
                                    "测试中心",
                                    "部门决算",
                                    "目录",
                                    "第一部分测试中心概况",
                                    "第二部分2019年度部门决算表",
                                    "第三部分2020年度部门决算情况说明",
                                    "- 一、收入支出决算总体情况说明",
                                    "- 十、其他重要事项",
                                    "第一部分",
                                    "测试局概况"};
    fx_section(d, JS_PART_OVERVIEW, 0, 1, "", "测试局概况");
    d->lines = (const char **)L;
    d->nlines = (int)(sizeof L / sizeof L[0]);
    js_findings f = fx_check(d);
    const js_finding *cov = NULL, *toc = NULL;
    for (int i = 0; i < f.n; i++) {
        const js_finding *x = &f.items[i];
        if (strcmp(x->rule, "C-DEPT") || !x->section) continue;
        if (!strcmp(x->section, "封面")) cov = x;
        if (!strcmp(x->section, "目录")) toc = x;
    }
    if (!cov || !toc) fx_dump(&f);
    assert_non_null(cov);
    assert_non_null(toc);
    assert_string_equal(cov->stated, "测试中心");
    assert_string_equal(cov->expected, "测试局");
    assert_int_equal(cov->loc.line, 2);
    assert_int_equal(cov->cause, 0);
    assert_int_equal(toc->cause, cov->id); /* the same variant name: one defect */
    const js_finding *y = fx_find(&f, "F-YEAR", NULL, NULL, NULL);
    assert_non_null(y);
    assert_string_equal(y->section, "目录");
    assert_string_equal(y->stated, "2019");
    const js_finding *t = fx_find(&f, "C-TOC", NULL, NULL, NULL);
    assert_non_null(t);
    assert_string_equal(t->stated, "十");
    assert_int_equal(fx_count(&f, "C-TOC"), 1);
    d->lines = NULL;
    d->nlines = 0;
    js_findings_release(&f);
    js_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(placeholders),   cmocka_unit_test(punctuation),   cmocka_unit_test(years),
        cmocka_unit_test(repeated_words), cmocka_unit_test(cover_and_toc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
