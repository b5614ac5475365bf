/* test_form_words.c - the form's vocabulary is data (issue #10): a change to
 * data/templates/templates.tsv alone, no code, changes what the checker does
 * (the `link` records of X-03-05 and X-NAME, the `appx` records of the 附件).
 * The small consistent disclosure of check_fixture.h is checked once with the
 * built-in templates and once with templates whose `link` records were edited. */
#include "check_fixture.h"

#include "data.h"
#include "form_fixture.h"

/* Check d with the context's templates replaced by tp (NULL: the built-in ones). */
static js_findings check_with(js_ctx *ctx, const js_doc *d, js_templates *tp)
{
    js_templates *builtin = ctx->templates;
    if (tp) ctx->templates = tp;
    js_findings f;
    js_findings_init(&f);
    js_err err;
    assert_int_equal(js_check(ctx, d, &f, &err), JS_OK);
    ctx->templates = builtin;
    return f;
}

#define ROWS_LINE                                                                                  \
    "link\t*\tX-03-05\trows\t05/*/小计|基本支出|项目支出\t03/*/"                         \
    "本年支出合计|基本支出|项目支出\t-\t-\n"
#define NAMES_LINE                                                                                 \
    "link\t*\tX-NAME\tnames\t02/*/名称\t03/*/名称 + 05/*/名称 + 08/*/名称 + 09/*/名称\t-\t-\n"

/* 05 against 03 row by row (X-03-05): which columns are compared is the data's. */
static void rows_link_is_data(void **state)
{
    (void)state;
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_doc *d = fx_doc();
    fx_set(d, 3, "2010301", NULL, NULL, "项目支出", "25.00");
    fx_set(d, 3, "2010301", NULL, NULL, "本年支出合计", "95.00");

    js_findings f = check_with(ctx, d, NULL);
    const js_finding *x = fx_find(&f, "X-03-05", "05", "2010301", "项目支出");
    assert_non_null(x);
    assert_string_equal(x->expected, "25.00");
    assert_non_null(fx_find(&f, "X-03-05", "05", "2010301", "小计"));
    js_findings_release(&f);

    /* the form compares 基本支出 only: 项目支出 and 小计 are no longer compared */
    js_templates *tp =
        form_edited(ROWS_LINE, "link\t*\tX-03-05\trows\t05/*/基本支出\t03/*/基本支出\t-\t-\n");
    f = check_with(ctx, d, tp);
    assert_null(fx_find(&f, "X-03-05", NULL, NULL, NULL));
    js_findings_release(&f);
    js_templates_free(tp);

    /* 05's 项目支出 against 03's 基本支出 (70.00): within it, nothing; its 小计 (100.00)
     * against 03's 项目支出 (25.00): reported, with that column named */
    tp = form_edited(ROWS_LINE,
                     "link\t*\tX-03-05\trows\t05/*/项目支出|小计\t03/*/基本支出|项目支出\t-\t-\n");
    f = check_with(ctx, d, tp);
    assert_null(fx_find(&f, "X-03-05", "05", "2010301", "项目支出"));
    x = fx_find(&f, "X-03-05", "05", "2010301", "小计");
    assert_non_null(x);
    assert_string_equal(x->expected, "25.00");
    assert_non_null(strstr(x->message, "大于03表同一科目的项目支出25.00"));
    js_findings_release(&f);
    js_templates_free(tp);

    /* a malformed rows link is refused with its line */
    js_buf t;
    js_buf_init(&t);
    js_buf_append(&t, js_data_templates_tsv, js_data_templates_tsv_len);
    js_buf_puts(&t, "link\t*\tX-03-05\trows\t05/*/小计|基本支出\t03/*/本年支出合计\t-\t-\n");
    assert_null(js_templates_parse("bad.tsv", t.data, t.len, &err));
    assert_non_null(strstr(err.msg, "bad.tsv:"));
    js_buf_release(&t);

    js_doc_free(d);
    js_ctx_free(ctx);
}

/* The names of one code in several tables (X-NAME): which tables is the data's. */
static void names_link_is_data(void **state)
{
    (void)state;
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_doc *d = fx_doc();
    d->tables[5]->rows[2].name = "政府办公厅及相关机构事务";

    js_findings f = check_with(ctx, d, NULL);
    assert_non_null(fx_find(&f, "X-NAME", "05", "20103", NULL));
    js_findings_release(&f);

    /* a form that compares 02 and 03 only */
    js_templates *tp =
        form_edited(NAMES_LINE, "link\t*\tX-NAME\tnames\t02/*/名称\t03/*/名称\t-\t-\n");
    f = check_with(ctx, d, tp);
    assert_null(fx_find(&f, "X-NAME", NULL, NULL, NULL));
    js_findings_release(&f);
    js_templates_free(tp);

    /* 05 compared with 03 only (02 left out): the same finding, against 03 */
    tp = form_edited(NAMES_LINE, "link\t*\tX-NAME\tnames\t03/*/名称\t05/*/名称\t-\t-\n");
    f = check_with(ctx, d, tp);
    const js_finding *x = fx_find(&f, "X-NAME", "05", "20103", NULL);
    assert_non_null(x);
    assert_non_null(strstr(x->message, "与公开03表的"));
    js_findings_release(&f);
    js_templates_free(tp);

    js_doc_free(d);
    js_ctx_free(ctx);
}

/* A 附件 (部门整体支出绩效评价报告) section titled title, its 基本支出 stated wrong. */
static js_doc *appendix_doc(const char *title)
{
    js_doc *d = fx_doc();
    js_section s = {0};
    s.num = "";
    s.title = "附件";
    s.part = JS_PART_APPENDIX;
    s.value = 5;
    s.parent = -1;
    s.loc = fx_loc();
    int a = js_doc_section_add(d, &s);
    assert_true(a >= 0);
    s.num = "附件二";
    s.title = title;
    s.level = 1;
    s.value = 2;
    s.parent = a;
    s.loc = fx_loc();
    int si = js_doc_section_add(d, &s);
    assert_true(si >= 0);
    js_doc_para_add(d, "2020年支出120.00万元，其中：基本支出70.00万元，项目支出30.00万元。", si,
                    fx_loc(), 1);
    return d;
}

/* Which 附件 sections are audited, and as what, is the data's (`appx` records). */
static void appx_words_are_data(void **state)
{
    (void)state;
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_doc *d = appendix_doc("预算收支情况");
    js_findings f = check_with(ctx, d, NULL);
    const js_finding *x = fx_find(&f, "N-AMOUNT", NULL, NULL, NULL);
    assert_non_null(x);
    assert_string_equal(x->expected, "90.00");
    js_findings_release(&f);

    /* a form whose 附件 calls that part 收入支出: 收支 names nothing */
    js_templates *tp = form_edited("appx\t*\tappx\t收支\n", "appx\t*\tappx\t收入支出\n");
    f = check_with(ctx, d, tp);
    assert_null(fx_find(&f, "N-AMOUNT", NULL, NULL, NULL));
    js_findings_release(&f);
    js_doc_free(d);

    /* and a title the built-in words do not know is audited once the data names it */
    d = appendix_doc("预算执行情况");
    f = check_with(ctx, d, NULL);
    assert_null(fx_find(&f, "N-AMOUNT", NULL, NULL, NULL));
    js_findings_release(&f);
    js_templates_free(tp);
    tp = form_edited("appx\t*\tappx\t收支\n", "appx\t*\tappx\t收支|执行\n");
    f = check_with(ctx, d, tp);
    x = fx_find(&f, "N-AMOUNT", NULL, NULL, NULL);
    assert_non_null(x);
    assert_string_equal(x->stated, "70.00");
    js_findings_release(&f);
    js_templates_free(tp);
    js_doc_free(d);
    js_ctx_free(ctx);
}

static int count_rule(const js_findings *f, const char *rule)
{
    int n = 0;
    for (int i = 0; i < f->n; i++)
        n += strcmp(f->items[i].rule, rule) == 0;
    return n;
}

/* 06's column is the one its form names (js_form_col), not the word 决算数: a form
 * whose 06 column is keyed 本年决算 has its 六 lists checked against it. */
static void column_word_is_data(void **state)
{
    (void)state;
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_doc *d = fx_doc();
    fx_row(d, 6, "30103", "奖金", (const char *[]){"0.00"});
    assert_true(js_doc_para_add(d,
                                "2020年度财政拨款基本支出70.00万元，其中：人员经费50.00万元，"
                                "主要包括基本工资、奖金等；公用经费20.00万元。",
                                6, fx_loc(), 1) >= 0);
    js_findings f = check_with(ctx, d, NULL);
    int n0 = count_rule(&f, "N-LIST"); /* 奖金 0.00, 津贴补贴 not named */
    assert_true(n0 > 0);
    js_findings_release(&f);
    d->tables[6]->cols[0] = "本年决算"; /* 06 as a form keying its column otherwise reads */
    f = check_with(ctx, d, NULL);       /* the 2020 form has no such column */
    assert_int_equal(count_rule(&f, "N-LIST"), 0);
    js_findings_release(&f);
    js_templates *tp = form_edited("col\t*\t6\t决算数\t决算数\n", "col\t*\t6\t本年决算\t决算数\n");
    f = check_with(ctx, d, tp); /* the form that names it */
    assert_int_equal(count_rule(&f, "N-LIST"), n0);
    js_findings_release(&f);
    js_templates_free(tp);
    js_doc_free(d);
    js_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rows_link_is_data),
        cmocka_unit_test(names_link_is_data),
        cmocka_unit_test(appx_words_are_data),
        cmocka_unit_test(column_word_is_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
