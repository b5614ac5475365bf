/* test_check_arith.c - arithmetic inside one table (T-*), and the grading of
 * a difference as rounding / warning / error. */
#include "check_fixture.h"
#include "data.h"

static void row_total_error(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_set(d, 5, "2010301", NULL, NULL, "项目支出", "35.00");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "T-ROW", "05", "2010301", "小计");
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_ERROR);
    assert_string_equal(x->kind, "arithmetic");
    assert_string_equal(x->stated, "100.00");
    assert_string_equal(x->expected, "105.00");
    assert_non_null(strstr(x->message, "公开05表 2010301 行政运行：小计100.00"));
    assert_int_equal(x->loc.line, d->tables[5]->rows[3].loc.line);
    /* the 款 above no longer adds up in that column */
    x = fx_find(&f, "T-HIER", "05", "20103", "项目支出");
    assert_non_null(x);
    assert_string_equal(x->stated, "30.00");
    assert_string_equal(x->expected, "35.00");
    js_findings_release(&f);
    js_doc_free(d);
}

static void rounding_and_warning(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    /* two non-zero parts, 0.01 off: rounding can explain it */
    fx_set(d, 5, "2010301", NULL, NULL, "项目支出", "30.01");
    /* one non-zero part, 0.01 off: rounding cannot (the same figure rounds the same) */
    fx_set(d, 3, "2299901", NULL, NULL, "基本支出", "20.01");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "T-ROW", "05", "2010301", "小计");
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_NOTICE);
    assert_string_equal(x->kind, "rounding");
    x = fx_find(&f, "T-ROW", "03", "2299901", "本年支出合计");
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_WARNING);
    assert_string_equal(x->kind, "arithmetic");
    js_findings_release(&f);
    js_doc_free(d);
}

static void within_rounding_bounds(void **state)
{
    (void)state;
    const int W = JS_UNIT_WANYUAN;
    const js_amount c = 10000; /* 0.01 万元 */
    assert_true(js_within_rounding(0, W, 0, 0, 0));
    assert_false(js_within_rounding(c, W, 1, 0, 0)); /* one figure: must be equal */
    assert_true(js_within_rounding(c, W, 2, 0, 0));  /* two: 0.01 either way */
    assert_true(js_within_rounding(-c, W, 2, 0, 0));
    assert_false(js_within_rounding(2 * c, W, 2, 0, 0));
    assert_true(js_within_rounding(2 * c, W, 4, 0, 0)); /* four: 0.02 */
    /* a part printed 0.00 can hide up to 0.005 only upwards */
    assert_true(js_within_rounding(c, W, 1, 1, 0));
    assert_false(js_within_rounding(-c, W, 1, 1, 0));
    /* 元 tables: the quantum is one fen */
    assert_true(js_within_rounding(1, JS_UNIT_YUAN, 2, 0, 0));
    assert_false(js_within_rounding(2, JS_UNIT_YUAN, 2, 0, 0));
}

static void total_row(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_set(d, 2, "合计", NULL, NULL, "其他收入", "20.50");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "T-TOTAL", "02", "合计", "其他收入");
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_ERROR);
    assert_string_equal(x->expected, "20.00");
    assert_non_null(fx_find(&f, "T-ROW", "02", "合计", "本年收入合计"));
    assert_non_null(fx_find(&f, "X-01-02", "02", "合计", "其他收入"));
    js_findings_release(&f);
    js_doc_free(d);
}

static void table01_and_04(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_set(d, 1, "收入:总计", NULL, NULL, "决算数", "121.00");
    fx_set(d, 1, "支出:201", NULL, NULL, "决算数", "90.00");
    fx_set(d, 4, "支出:201", NULL, NULL, "合计", "90.00");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "T-01-TOTAL", "01", "收入:总计", NULL);
    assert_non_null(x);
    assert_string_equal(x->stated, "121.00");
    assert_string_equal(x->expected, "120.00");
    /* the template writes 收入:总计 = 支出:总计: the 收入 side is the stated one */
    x = fx_find(&f, "T-01-BALANCE", "01", "收入:总计", NULL);
    assert_non_null(x);
    assert_string_equal(x->stated, "121.00");
    assert_string_equal(x->expected, "120.00");
    x = fx_find(&f, "T-01-EXPEND", "01", "支出:本年支出合计", NULL);
    assert_non_null(x);
    assert_string_equal(x->expected, "110.00");
    x = fx_find(&f, "T-04-COLS", "04", "支出:201", "合计");
    assert_non_null(x);
    assert_string_equal(x->expected, "100.00");
    x = fx_find(&f, "T-04-EXPEND", "04", "支出:本年支出合计", "合计");
    assert_non_null(x);
    assert_null(fx_find(&f, "T-04-EXPEND", "04", "支出:本年支出合计", "一般公共预算财政拨款"));
    assert_null(fx_find(&f, "T-01-INCOME", NULL, NULL, NULL));
    js_findings_release(&f);
    js_doc_free(d);
}

static void tables06_07_08(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_set(d, 6, "人员经费合计", NULL, NULL, "决算数", "55.00");
    fx_set(d, 6, "30102", NULL, NULL, "决算数", "21.00");
    fx_set(d, 7, "三公经费", NULL, NULL, "决算:合计", "3.50");
    fx_set(d, 7, "三公经费", NULL, NULL, "预算:公务用车购置费", "1.00");
    fx_set(d, 8, "2120101", "2120101", "征地和拆迁补偿支出", "年初结转和结余", "1.00");
    fx_set(d, 8, "2120101", NULL, NULL, "本年收入", "2.00");
    fx_set(d, 8, "2120101", NULL, NULL, "本年支出:小计", "1.50");
    fx_set(d, 8, "2120101", NULL, NULL, "本年支出:项目支出", "1.50");
    fx_set(d, 8, "2120101", NULL, NULL, "年末结转和结余", "2.00");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "T-06-PERSON", "06", "人员经费合计", NULL);
    assert_non_null(x);
    assert_string_equal(x->expected, "50.00");
    x = fx_find(&f, "T-HIER", "06", "301", "决算数");
    assert_non_null(x);
    assert_string_equal(x->expected, "51.00");
    x = fx_find(&f, "T-07-SUM", "07", "三公经费", "决算:合计");
    assert_non_null(x);
    assert_string_equal(x->expected, "2.50");
    x = fx_find(&f, "T-07-CAR", "07", "三公经费", "预算:公务用车购置及运行费");
    assert_non_null(x);
    assert_string_equal(x->expected, "3.00");
    assert_null(fx_find(&f, "T-07-SUM", "07", "三公经费", "预算:合计"));
    x = fx_find(&f, "T-08-BALANCE", "08", "2120101", "年末结转和结余");
    assert_non_null(x);
    assert_string_equal(x->expected, "1.50");
    js_findings_release(&f);
    js_doc_free(d);
}

static void six_digit_code_counts_as_kuan(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    /* 201 = 20103 100.00 + "201999" 5.00 printed with a six-digit code */
    fx_set(d, 5, "201", NULL, NULL, "小计", "105.00");
    fx_set(d, 5, "201", NULL, NULL, "项目支出", "35.00");
    fx_set(d, 5, "201999", "201999", "其他一般公共服务支出", "小计", "5.00");
    fx_set(d, 5, "201999", NULL, NULL, "基本支出", "0.00");
    fx_set(d, 5, "201999", NULL, NULL, "项目支出", "5.00");
    js_findings f = fx_check(d);
    assert_null(fx_find(&f, "T-HIER", "05", "201", NULL));
    assert_non_null(fx_find(&f, "K-CODE-LEN", "05", "201999", NULL));
    js_findings_release(&f);
    js_doc_free(d);
}

/* Absurd figures (a misread number near the int64 limit) must not overflow:
 * the sum is not checked rather than wrapped around (UBSan would abort). */
static void absurd_values(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    js_row *r = js_table_row(d->tables[5], "2010301");
    js_cell_set(d, &r->cells[1], INT64_MAX - 5, "9", r->loc);
    js_cell_set(d, &r->cells[2], INT64_MAX - 7, "9", r->loc);
    r = js_table_row(d->tables[1], "收入:其他收入");
    js_cell_set(d, &r->cells[0], INT64_MIN + 3, "-9", r->loc);
    js_findings f = fx_check(d);
    assert_true(f.n >= 0);
    js_findings_release(&f);
    js_doc_free(d);
}

/* The identities come from the templates (data/templates): a form with other
 * identities is checked by them, without code. */
static void identities_from_templates(void **state)
{
    (void)state;
    static const char extra[] =
        "form\ttest\t9999\t测试表式\n"
        "title\ttest\t5\tcoded\t一般公共预算财政拨款支出决算表\n"
        "title\ttest\t6\tecon\t一般公共预算财政拨款基本支出决算表\n"
        "ident\ttest\t5\tT-ROW\t基本支出 = 项目支出 + 项目支出 + 小计 - 小计\n"
        "ident\ttest\t6\tT-06-PERSON\t人员经费合计 = 301 + 302\n"
        "ident\ttest\t6\tT-HIER\t类 = Σ 款\n";
    js_buf text;
    js_buf_init(&text);
    js_buf_append(&text, js_data_templates_tsv, js_data_templates_tsv_len);
    js_buf_puts(&text, extra);
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_templates *mine = js_templates_parse("test.tsv", text.data, text.len, &err);
    js_buf_release(&text);
    if (!mine) print_message("%s\n", err.msg);
    assert_non_null(mine);
    js_templates *builtin = ctx->templates;
    ctx->templates = mine;
    js_doc *d = fx_doc();
    d->form = "test";
    js_findings f;
    js_findings_init(&f);
    assert_int_equal(js_check(ctx, d, &f, &err), JS_OK);
    /* 基本 70.00 against 项目 30.00 + 30.00 + 小计 - 小计 = 60.00 in the rows 201, 20103, 2010301,
     * 合计 */
    const js_finding *x = fx_find(&f, "T-ROW", "05", "2010301", "基本支出");
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_string_equal(x->stated, "70.00");
    assert_string_equal(x->expected, "60.00");
    assert_non_null(strstr(x->message, "项目支出加项目支出加小计减小计"));
    x = fx_find(&f, "T-06-PERSON", "06", "人员经费合计", NULL);
    assert_non_null(x);
    assert_string_equal(x->expected, "70.00");
    /* the built-in identities are not used when the template has its own */
    assert_null(fx_find(&f, "T-06-PUBLIC", NULL, NULL, NULL));
    js_findings_release(&f);
    js_doc_free(d);
    ctx->templates = builtin;
    js_templates_free(mine);
    js_ctx_free(ctx);
}

/* Every identity of the built-in templates names a rule of the catalogue. */
static void template_rules_exist(void **state)
{
    (void)state;
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    int n = 0;
    for (int i = 0; i < js_templates_nforms(ctx->templates); i++)
        for (int no = 1; no <= 9; no++) {
            const js_tpl_table *tt =
                js_templates_table(ctx->templates, js_templates_form(ctx->templates, i), no);
            for (int k = 0; tt && k < tt->nidents; k++, n++) {
                const js_rule *r = js_rule_find(tt->ident_rules[k]);
                if (!r) print_message("%s: %s\n", tt->ident_rules[k], tt->idents[k]);
                assert_non_null(r);
                assert_string_equal(r->kind, "arithmetic");
            }
        }
    assert_true(n >= 30);
    js_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(row_total_error),
        cmocka_unit_test(rounding_and_warning),
        cmocka_unit_test(within_rounding_bounds),
        cmocka_unit_test(total_row),
        cmocka_unit_test(table01_and_04),
        cmocka_unit_test(tables06_07_08),
        cmocka_unit_test(six_digit_code_counts_as_kuan),
        cmocka_unit_test(identities_from_templates),
        cmocka_unit_test(template_rules_exist),
        cmocka_unit_test(absurd_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
