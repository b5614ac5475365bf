/* test_budget.c - budget disclosures: the kind of a document, the form data, title
 * normalisation, value placement by header position and row identities, and a small
 * Jiangsu-form budget read and checked end to end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "ingest/budget.h"
#include "juesuan/juesuan.h"

static void forms_load(void **state)
{
    (void)state;
    js_err err;
    js_err_clear(&err);
    js_bforms *f = js_bforms_new(&err);
    assert_non_null(f);
    const js_btable *t = js_bforms_role(f, "budget-jiangsu", "sangong");
    assert_non_null(t);
    assert_int_equal(t->kind, JS_BT_ONEROW);
    assert_int_equal(t->ncols, 9);
    t = js_bforms_title(
        f, NULL,
        "十一、2017 年江苏省高级人民法院部门一般公共预算“三公”经费、会议费、培训费支出预算表",
        "江苏省高级人民法院");
    assert_non_null(t);
    assert_string_equal(t->role, "sangong");
    t = js_bforms_title(f, NULL, "5．2024年预算单位一般公共预算支出功能分类预算表", NULL);
    assert_non_null(t);
    assert_string_equal(t->form, "budget-shanghai");
    assert_null(js_bforms_title(f, NULL, "一、收入支出决算总表", NULL));
    /* js_bforms_title passes over lines without 表 unread: every title has one */
    int nt;
    const js_btable *all = js_bforms_tables(f, &nt);
    assert_true(nt > 10);
    for (int i = 0; i < nt; i++)
        for (int k = 0; k < all[i].ntitles; k++)
            assert_non_null(strstr(all[i].titles[k], "表"));
    int n;
    js_bforms_says(f, &n);
    assert_true(n > 10);
    js_bforms_free(f);
    /* a bad record names file and line */
    static const char bad[] = "form\tf\t2020\nnonsense\tf\trole\tx\n";
    assert_null(js_bforms_parse("x.tsv", bad, sizeof bad - 1, &err));
    assert_non_null(strstr(err.msg, "x.tsv:2"));
}

static void placement(void **state)
{
    (void)state;
    /* 三公 of Shanghai: 6 printed values for 7 columns, 购置费 blank: by header x */
    double vx[] = {127, 231, 333, 451, 678, 775};
    js_amount v[] = {34630, 28870, 2540, 3220, 3220, 251778};
    int cand[] = {0, 1, 2, 3, 4, 5, 6};
    double cx[] = {94, 198, 299, 408, 523, 636, 747};
    int out[6];
    js_bplace(vx, v, 6, cand, cx, 7, NULL, 0, 7, NULL, out);
    int want[] = {0, 1, 2, 3, 5, 6};
    for (int i = 0; i < 6; i++)
        assert_int_equal(out[i], want[i]);
    /* without positions the row identity decides: 合计 = 基本 + 项目 with 项目 blank */
    double nx[] = {-1, -1};
    js_amount w[] = {500, 500};
    double nocx[] = {0.0 / 0.0, 0.0 / 0.0, 0.0 / 0.0};
    js_browid id = {0, {1, 2}, 2};
    int o2[2];
    js_bplace(nx, w, 2, cand, nocx, 3, &id, 1, 3, NULL, o2);
    assert_int_equal(o2[0], 0);
}

static const char JIANGSU[] =
    "2019年度某某局部门预算公开\n"
    "目录\n"
    "一、收支预算总表\n"
    "二、支出预算总表\n"
    "第三部分 情况说明\n"
    "公开 01 表\n"
    "收支预算总表\n"
    "部门名称：某某局\t\t单位：万元\n"
    "项目名称\t金额\t功能科目名称\t金额\t项目名称\t金额\n"
    "一、财政拨款\t100.00\t一、一般公共服务支出\t100.00\t一、基本支出\t60.00\n"
    "1.一般公共预算\t100.00\t\t\t二、项目支出\t40.00\n"
    "当年收入小计\t100.00\t当年支出小计\t\t\t100.00\n"
    "收入合计\t100.00\t支出合计\t\t\t100.00\n"
    "公开 03 表\n"
    "支出预算总表\n"
    "部门名称：某某局\t单位：万元\n"
    "合计\t基本支出\t项目支出\t单位预留机动经费\t结转下年资金\n"
    "100.00\t60.00\t40.00\n"
    "第三部分 2019年度部门预算情况说明\n"
    "一、收支预算总体情况说明\n"
    "某某局2019年度收入、支出预算总计100.00万元，与上年相比增加10.00万元，增长12.5%。\n"
    "基本支出60.00万元，占60%；项目支出50.00万元，占50%。\n";

static void read_and_check(void **state)
{
    (void)state;
    js_err err;
    js_err_clear(&err);
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_doc *doc = NULL;
    assert_int_equal(js_parse_text(ctx, "j.txt", JIANGSU, sizeof JIANGSU - 1, &doc, &err), JS_OK);
    assert_int_equal(doc->kind, JS_KIND_BUDGET);
    assert_int_equal(doc->scope, JS_SCOPE_DEPT);
    assert_string_equal(doc->dept, "某某局");
    assert_string_equal(doc->form, "budget-jiangsu");
    js_table *t = js_doc_table(doc, JS_YTABLE_BASE + 1);
    assert_non_null(t);
    assert_string_equal(js_table_id(t->no), "Y01");
    assert_int_equal(js_table_value(t, "支出:201", "金额"), 100 * JS_FEN_PER_WANYUAN);
    assert_int_equal(js_table_value(t, "支出:基本支出", "金额"), 60 * JS_FEN_PER_WANYUAN);
    t = js_doc_table(doc, JS_YTABLE_BASE + 2);
    assert_non_null(t);
    assert_int_equal(js_table_value(t, "支出预算", "项目支出"), 40 * JS_FEN_PER_WANYUAN);
    js_findings f;
    js_findings_init(&f);
    assert_int_equal(js_check(ctx, doc, &f, &err), JS_OK);
    /* 10 / 90 = 11.11%, not 12.5%; 项目支出 50.00 is not the table's 40.00 */
    bool growth = false, amount = false;
    for (int i = 0; i < f.n; i++) {
        growth = growth || strcmp(f.items[i].rule, "B-GROWTH") == 0;
        amount = amount || (strcmp(f.items[i].rule, "B-AMOUNT") == 0 &&
                            strcmp(f.items[i].stated ? f.items[i].stated : "", "50.00") == 0);
    }
    assert_true(growth);
    assert_true(amount);
    js_findings_release(&f);
    js_doc_free(doc);
    js_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(forms_load),
        cmocka_unit_test(placement),
        cmocka_unit_test(read_and_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
