/* test_templates.c - the table templates as data (data/templates/templates.tsv,
 * docs/templates.md): the built-in forms, titles, columns, fixed rows, identities,
 * and errors in a template text naming its line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "juesuan/juesuan.h"

static void builtin(void **state)
{
    (void)state;
    js_err err;
    js_templates *t = js_templates_new(&err);
    assert_non_null(t);
    assert_int_equal(js_templates_nforms(t), 2);
    assert_string_equal(js_templates_form(t, 0), "2020");
    assert_string_equal(js_templates_form_for_year(t, 2020), "2020");
    assert_string_equal(js_templates_form_for_year(t, 2024), "2024-shanghai");
    assert_string_equal(js_templates_form_marked(t, "类款项"), "2024-shanghai");
    assert_null(js_templates_form_marked(t, "科目名称"));
    /* titles: by the title, with variants, 2020 and 2024 */
    assert_int_equal(js_templates_title(t, "收入支出决算总表"), 1);
    assert_int_equal(js_templates_title(t, "财政拨款收入支出决算总表"), 4);
    assert_int_equal(js_templates_title(t, "财政拨款“三公”经费支出决算表"), 7);
    assert_int_equal(js_templates_title(t, "国有资本经营预算财政拨款收入支出决算表"), 9);
    assert_int_equal(js_templates_title(t, "部门决算表"), 0);
    /* 07's twelve columns in printed order differ between the forms */
    const js_tpl_table *s20 = js_templates_table(t, "2020", 7);
    const js_tpl_table *s24 = js_templates_table(t, "2024-shanghai", 7);
    assert_int_equal(s20->ncols, 12);
    assert_int_equal(s24->ncols, 12);
    assert_int_equal(s20->kind, JS_TPL_SANGONG);
    assert_string_equal(s20->cols[1].key, "预算:因公出国（境）费");
    assert_string_equal(s24->cols[1].key, "决算:合计");
    /* 09: the 2020 form shows expenditure only, the 2024 form the 08 columns */
    assert_int_equal(js_templates_table(t, "2020", 9)->ncols, 3);
    assert_int_equal(js_templates_table(t, "2024-shanghai", 9)->ncols, 6);
    /* fixed rows of 04, the 年初 sub-rows follow 年初财政拨款结转和结余 */
    const js_tpl_table *t4 = js_templates_table(t, "2020", 4);
    int found = 0;
    for (int i = 0; i < t4->nrows; i++)
        if (strcmp(t4->rows[i].key, "收入:年初:一般公共预算财政拨款") == 0) {
            assert_string_equal(t4->rows[i].after, "收入:年初财政拨款结转和结余");
            assert_string_equal(t4->rows[i].names[0], "一般公共预算财政拨款");
            found++;
        }
    assert_int_equal(found, 1);
    /* 06's totals and identities are there for the checker */
    const js_tpl_table *t6 = js_templates_table(t, "2020", 6);
    assert_int_equal(t6->nrows, 2);
    assert_true(t6->nidents >= 2);
    assert_non_null(strstr(t6->idents[1], "人员经费合计 = 301 + 303"));
    /* header words are stored normalised: full-width brackets folded */
    const js_tpl_table *t1 = js_templates_table(t, "2020", 1);
    assert_int_equal(t1->kind, JS_TPL_TWOSIDED);
    assert_true(t1->nidents >= 5);
    int n;
    const js_tpl_class *cl = js_templates_classes(t, &n);
    assert_int_equal(n, 26);
    assert_string_equal(cl[0].code, "201");
    /* the income kinds of 01: its rows before 收入:本年收入合计, in printed order */
    const js_tpl_row *in = js_templates_income_rows(t, "2024-shanghai", &n);
    assert_int_equal(n, 8);
    assert_string_equal(in[0].key, "收入:一般公共预算财政拨款收入");
    assert_string_equal(in[7].key, "收入:其他收入");
    js_templates_free(t);
}

static void a_new_variant_is_data(void **state)
{
    (void)state;
    js_err err;
    const char *text = "form\tx\t0\t行次\n"
                       "title\t*\t1\ttwosided\t收入支出决算总表\n"
                       "title\t*\t2\tcoded\t收入决算表|收入决算明细表\n"
                       "title\t*\t3\tcoded\t支出决算表\n"
                       "title\t*\t4\ttwosided\t财政拨款收入支出决算总表\n"
                       "title\t*\t5\tcoded\t一般公共预算财政拨款支出决算表\n"
                       "title\t*\t6\tecon\t一般公共预算财政拨款基本支出决算表\n"
                       "title\t*\t7\tsangong\t三公经费表\n"
                       "title\t*\t8\tcoded\t政府性基金预算财政拨款收入支出决算表\n"
                       "title\t*\t9\tcoded\t国有资本经营预算财政拨款支出决算表\n"
                       "col\tx\t2\t合计\t合 计|总（计）\n";
    js_templates *t = js_templates_parse("x.tsv", text, strlen(text), &err);
    assert_non_null(t);
    assert_int_equal(js_templates_title(t, "收入决算明细表"), 2);
    const js_tpl_table *t2 = js_templates_table(t, "x", 2);
    assert_int_equal(t2->ncols, 1);
    assert_string_equal(t2->cols[0].words[0], "合计");
    assert_string_equal(t2->cols[0].words[1], "总(计)");
    js_templates_free(t);

    const char *bad = "form\tx\t0\t行次\ntitle\t*\t1\tround\t收入支出决算总表\n";
    assert_null(js_templates_parse("bad.tsv", bad, strlen(bad), &err));
    assert_non_null(strstr(err.msg, "bad.tsv:2:"));
    const char *missing = "form\tx\t0\t行次\ntitle\t*\t1\ttwosided\t收入支出决算总表\n";
    assert_null(js_templates_parse("m.tsv", missing, strlen(missing), &err));
    assert_non_null(strstr(err.msg, "no title for table 2"));
}

/* A title is looked up as printed first, then with quotation marks left out; of
 * equal titles the first in the templates (form, table, title) wins. */
static void title_lookup_order(void **state)
{
    (void)state;
    js_err err;
    const char *text = "form\tx\t0\t行次\n"
                       "title\t*\t1\ttwosided\t收入支出决算总表\n"
                       "title\t*\t2\tcoded\t收入决算表\n"
                       "title\t*\t3\tcoded\t支出决算表|“专项”支出表\n"
                       "title\t*\t4\ttwosided\t财政拨款收入支出决算总表\n"
                       "title\t*\t5\tcoded\t一般公共预算财政拨款支出决算表|专项支出表\n"
                       "title\t*\t6\tecon\t一般公共预算财政拨款基本支出决算表|专项支出表\n"
                       "title\t*\t7\tsangong\t三公经费表\n"
                       "title\t*\t8\tcoded\t政府性基金预算财政拨款收入支出决算表\n"
                       "title\t*\t9\tcoded\t国有资本经营预算财政拨款支出决算表\n";
    js_templates *t = js_templates_parse("x.tsv", text, strlen(text), &err);
    assert_non_null(t);
    /* printed equal wins over an earlier title equal without quotation marks; of
     * two equal titles (05, 06) the first */
    assert_int_equal(js_templates_title(t, "专项支出表"), 5);
    assert_int_equal(js_templates_title(t, "“专项”支出表"), 3);
    /* marks of another kind, or none at the same place: the first without them */
    assert_int_equal(js_templates_title(t, "「专项」支出表"), 3);
    assert_int_equal(js_templates_title(t, "\"三公\"经费表"), 7);
    assert_int_equal(js_templates_title(t, "‘‘三公’’经费表"), 7);
    assert_int_equal(js_templates_title(t, "专项支出"), 0);
    assert_int_equal(js_templates_title(t, "专项支出表表"), 0);
    assert_int_equal(js_templates_title(t, ""), 0);
    js_templates_free(t);
}

/* The 情况说明's map and the links of the built-in form: what the checker and
 * the builder look up. */
static void narrative_map_and_links(void **state)
{
    (void)state;
    js_err err;
    js_templates *t = js_templates_new(&err);
    assert_non_null(t);
    const js_tpl_topic *tp = js_templates_topic(t, "2020", "expend");
    assert_non_null(tp);
    assert_string_equal(tp->num, "三");
    assert_string_equal(tp->title, "支出决算情况说明");
    /* 收入总计 is 01's 收入:总计, 支出总计 its 支出:总计 (the longer word first) */
    const js_tpl_say *s = js_templates_say(t, "2020", "total", "收入总计", false);
    assert_non_null(s);
    assert_string_equal(s->cells[0].row, "收入:总计");
    s = js_templates_say(t, "2020", "total", "支出总计", false);
    assert_string_equal(s->cells[0].row, "支出:总计");
    /* 财政拨款收入 in 二 is the sum of the three fund rows of 01 */
    s = js_templates_say(t, "2020", "income", "财政拨款收入", false);
    assert_int_equal(s->ncells, 3);
    assert_int_equal(s->cells[2].no, 1);
    /* the 附件's 上年 figures are no cell of the table */
    assert_non_null(js_templates_say(t, "2020", "appx", "事业收入", false));
    assert_null(js_templates_say(t, "2020", "appx", "上年事业收入", false));
    assert_null(js_templates_say(t, "2020", "general", "行政运行", false));
    assert_non_null(js_templates_say(t, "2020", "general", "行政运行", true));
    /* a form's column keys, for code that needs one (01's and 06's amount column) */
    assert_string_equal(js_templates_col_key(t, "2020", 1, 0), "决算数");
    assert_string_equal(js_templates_col_key(t, "2024-shanghai", 6, 0), "决算数");
    assert_string_equal(js_templates_col_key(t, "2020", 4, 0), "金额");
    assert_null(js_templates_col_key(t, "2020", 1, 1));
    assert_null(js_templates_col_key(t, "2020", 10, 0));
    /* the bases of shares: a printed base in any section; none printed, the section's own */
    const js_tpl_share *sh = js_templates_share(t, "2020", "general", 1, "本年支出合计");
    assert_non_null(sh);
    assert_string_equal(sh->say_topic, "expend");
    assert_string_equal(sh->say_label, "本年支出合计");
    sh = js_templates_share(t, "2020", "sangong", 0, "");
    assert_non_null(sh);
    assert_int_equal(sh->cell.no, 7);
    assert_string_equal(sh->cell.col, "决算:合计");
    sh = js_templates_share(t, "2020", "general", 2, "");
    assert_non_null(sh);
    assert_true(js_tpl_share_stated(sh, "一般公共预算财政拨款支出"));
    assert_false(js_tpl_share_stated(sh, "一般公共服务（类）财政拨款支出"));
    assert_null(js_templates_share(t, "2020", "general", 1, ""));
    assert_null(js_templates_share(t, "2020", "basic", 0, "某某支出"));
    sh = js_templates_share(t, "2020", "procure", 0, "政府采购支出总额");
    assert_non_null(sh);
    assert_null(sh->say_topic);
    assert_int_equal(sh->cell.no, 0);
    assert_true(js_tpl_share_stated(sh, "政府采购支出总额"));
    int n;
    const js_tpl_link *l = js_templates_links(t, "2020", &n);
    assert_true(n >= 10);
    assert_string_equal(l[0].rule, "X-01-02");
    assert_int_equal(l[0].no, 2);
    assert_int_equal(l[0].ncells, 3);
    js_templates_free(t);

    /* errors name the line */
    static const char *const BAD[] = {
        "say\t*\tnosuch\tend:收入\t-\t1\t收入:总计\t决算数\t总计\n",
        "topic\t*\ttotal\t一\t总体\t总体\nsay\t*\ttotal\tstarts:收\t-\t1\t收入:"
        "总计\t决算数\t总计\n",
        "link\t*\tX-01-02\tmore\t02/合计/其他收入\t01/收入:其他收入/决算数\ta\tb\n",
        "link\t*\tX-01-02\tsum\t02/合计\t01/收入:其他收入/决算数\ta\tb\n",
        "share\t*\tnosuch\t-\t-\t-\t-\t7/三公经费/决算:合计\tx\n",
        "share\t*\t*\t-\tend:合计\t-\t-\t7/三公经费/决算:合计\tx\n",
        "share\t*\t*\t-\thas:合计\t-\t-\t7/三公经费\tx\n",
        "share\t*\t*\t-\thas:合计\t-\t-\t-\tx\n",
    };
    static const char *const WHY[] = {"undeclared topic", "unknown match",     "unknown link kind",
                                      "bad cell",         "undeclared topic",  "unknown base",
                                      "bad cell",         "a share of nothing"};
    for (int i = 0; i < 8; i++) {
        js_buf b;
        js_buf_init(&b);
        js_buf_puts(&b, "form\tx\t0\t行次\n");
        js_buf_puts(&b, BAD[i]);
        assert_null(js_templates_parse("m.tsv", b.data, b.len, &err));
        assert_non_null(strstr(err.msg, "m.tsv:"));
        assert_non_null(strstr(err.msg, WHY[i]));
        js_buf_release(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin),
        cmocka_unit_test(a_new_variant_is_data),
        cmocka_unit_test(title_lookup_order),
        cmocka_unit_test(narrative_map_and_links),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
