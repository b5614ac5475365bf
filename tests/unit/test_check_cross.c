/* test_check_cross.c - the tables against each other (X-*). */
#include "check_fixture.h"

static void x01_03_class_rows(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    /* 01 shows a 类 that table 03 does not have */
    fx_set(d, 1, "支出:207", NULL, NULL, "决算数", "10.00");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "X-01-03", "01", "支出:207", "决算数");
    if (!x) fx_dump(&f);
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_ERROR);
    assert_string_equal(x->stated, "10.00");
    assert_string_equal(x->expected, "0.00");
    assert_non_null(fx_find(&f, "T-01-EXPEND", "01", NULL, NULL));
    js_findings_release(&f);
    js_doc_free(d);
}

static void x01_02_and_04(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_set(d, 1, "收入:一般公共预算财政拨款收入", NULL, NULL, "决算数", "90.00");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "X-01-02", "02", "合计", "财政拨款收入");
    assert_non_null(x);
    assert_string_equal(x->stated, "100.00");
    assert_string_equal(x->expected, "90.00");
    x = fx_find(&f, "X-01-04", "04", "收入:一般公共预算财政拨款", "金额");
    assert_non_null(x);
    assert_string_equal(x->expected, "90.00");
    js_findings_release(&f);
    js_doc_free(d);
}

static void x04_05_and_05_06(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_set(d, 4, "支出:201", NULL, NULL, "一般公共预算财政拨款", "95.00");
    fx_set(d, 6, "公用经费合计", NULL, NULL, "决算数", "25.00");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "X-04-05", "05", "201", "小计");
    assert_non_null(x);
    assert_string_equal(x->stated, "100.00");
    assert_string_equal(x->expected, "95.00");
    x = fx_find(&f, "X-05-06", "05", "合计", "基本支出");
    assert_non_null(x);
    assert_string_equal(x->expected, "75.00");
    js_findings_release(&f);
    js_doc_free(d);
}

static void x04_08(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_set(d, 4, "支出:本年支出合计", NULL, NULL, "政府性基金预算财政拨款", "3.00");
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "X-04-08", "08", "合计", "本年支出:小计");
    assert_non_null(x);
    assert_string_equal(x->expected, "3.00");
    js_findings_release(&f);
    js_doc_free(d);
}

static void x03_05_and_names(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_set(d, 3, "2010301", NULL, NULL, "项目支出", "25.00");
    fx_set(d, 3, "2010301", NULL, NULL, "本年支出合计", "95.00");
    d->tables[5]->rows[2].name = "政府办公厅及相关机构事务";
    js_findings f = fx_check(d);
    const js_finding *x = fx_find(&f, "X-03-05", "05", "2010301", "项目支出");
    assert_non_null(x);
    assert_string_equal(x->stated, "30.00");
    assert_string_equal(x->expected, "25.00");
    assert_null(fx_find(&f, "X-03-05", "05", "2010301", "基本支出"));
    x = fx_find(&f, "X-NAME", "05", "20103", NULL);
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_WARNING);
    assert_string_equal(x->expected, "政府办公厅（室）及相关机构事务");
    js_findings_release(&f);
    /* a name cut short by a wrapped cell is only a notice */
    d->tables[5]->rows[2].name = "政府办公厅（室）及相关机构";
    f = fx_check(d);
    x = fx_find(&f, "X-NAME", "05", "20103", NULL);
    assert_non_null(x);
    assert_int_equal(x->severity, JS_SEV_NOTICE);
    js_findings_release(&f);
    js_doc_free(d);
}

/* What a try of the doubt search runs again (js_cross_reads): a comparison of figures
 * reads its cells, a names link none (it compares codes and names; a try changes
 * figures only). */
static void cross_reads_figures(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_checker ck = {ctx, d, NULL, NULL, NULL, 0};
    js_cross_plan *p = js_cross_plan_new(&ck);
    assert_non_null(p);
    const js_tpl_link *links;
    int nl = js_cross_plan_links(p, &links), names = 0, reading = 0;
    for (int k = 0; k < nl; k++) {
        int from, to;
        js_cross_plan_range(p, k, &from, &to);
        for (int i = from; i < to; i++) {
            int reads = 0;
            for (int no = 1; no <= 9; no++)
                for (int r = 0; d->tables[no] && r < d->tables[no]->nrows; r++)
                    for (int c = 0; c < d->tables[no]->ncols; c++)
                        reads += js_cross_reads(p, i, no, r, c);
            if (links[k].kind == JS_LINK_NAMES) {
                names++;
                assert_int_equal(reads, 0);
            } else {
                reading += reads > 0;
            }
        }
    }
    assert_true(names > 0);
    assert_true(reading > 0);
    js_cross_plan_free(p);
    js_ctx_free(ctx);
    js_doc_free(d);
}

/* A try's findings (keys_only) borrow their places' strings; run without a plan,
 * js_check_cross makes its own and frees it, so they must be copies: every finding's
 * place is still readable (ASan) and the same as a normal run's. */
static void keys_only_without_plan(void **state)
{
    (void)state;
    js_doc *d = fx_doc();
    fx_set(d, 1, "支出:207", NULL, NULL, "决算数", "10.00"); /* an X_CLASS row */
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_findings full, keys;
    js_findings_init(&full);
    js_findings_init(&keys);
    keys.keys_only = true;
    js_checker a = {ctx, d, &full, NULL, NULL, 0}, b = {ctx, d, &keys, NULL, NULL, 0};
    js_check_cross(&a);
    js_check_cross(&b);
    assert_true(keys.keys_only); /* given back as it was */
    assert_int_equal(keys.n, full.n);
    assert_true(keys.n > 0);
    for (int i = 0; i < keys.n; i++) {
        assert_string_equal(keys.items[i].rule, full.items[i].rule);
        assert_string_equal(keys.items[i].table ? keys.items[i].table : "",
                            full.items[i].table ? full.items[i].table : "");
        assert_string_equal(keys.items[i].row ? keys.items[i].row : "",
                            full.items[i].row ? full.items[i].row : "");
        assert_string_equal(keys.items[i].column ? keys.items[i].column : "",
                            full.items[i].column ? full.items[i].column : "");
    }
    js_findings_release(&full);
    js_findings_release(&keys);
    js_ctx_free(ctx);
    js_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(x01_03_class_rows),      cmocka_unit_test(x01_02_and_04),
        cmocka_unit_test(x04_05_and_05_06),       cmocka_unit_test(x04_08),
        cmocka_unit_test(x03_05_and_names),       cmocka_unit_test(cross_reads_figures),
        cmocka_unit_test(keys_only_without_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
