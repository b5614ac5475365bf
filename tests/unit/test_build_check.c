/* test_build_check.c - what `juesuan build` makes, rendered as text and read back, draws no
 * error or warning from `juesuan check`: the cases tests/cli/build_property.sh found, each
 * reduced to a small ledger (false K-NAME for a year before the catalogue's first edition,
 * N-AMOUNT matching 五(三)'s 行政运行 to the 行政运行 of another 款, a negative balance
 * read without its sign, 08's 年初结转和结余 outside its rows). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "juesuan/juesuan.h"
#include "juesuan/build.h"

#include "ctx_fixture.h"

static const char HEAD[] = "收支,功能分类,经济分类,资金来源,支出类型,金额\n";

/* build -> render txt -> parse -> check; returns the number of errors and warnings (each
 * printed) and leaves the findings in *out when out is not NULL. */
static int roundtrip(const char *ledger, const char *meta, js_findings *out)
{
    js_build_input in = {"l.csv", ledger, strlen(ledger), "m.json", meta, strlen(meta)};
    js_err err;
    js_err_clear(&err);
    js_doc *d = NULL;
    js_buf errs;
    js_buf_init(&errs);
    int rc = js_build(ctx, &in, &d, &errs, NULL, &err);
    if (rc != JS_OK) fprintf(stderr, "%s\n", errs.data ? errs.data : err.msg);
    assert_int_equal(rc, JS_OK);
    js_buf txt;
    js_buf_init(&txt);
    assert_int_equal(js_render_txt(NULL, d, &txt, &err), JS_OK);
    js_doc *back = NULL;
    assert_int_equal(js_parse_text(ctx, "d.txt", txt.data, txt.len, &back, &err), JS_OK);
    js_findings f;
    js_findings_init(&f);
    assert_int_equal(js_check(ctx, back, &f, &err), JS_OK);
    int bad = 0;
    for (int i = 0; i < f.n; i++)
        if (f.items[i].severity >= JS_SEV_WARNING) {
            fprintf(stderr, "%s: %s\n", f.items[i].rule, f.items[i].message);
            bad++;
        }
    if (out)
        *out = f;
    else
        js_findings_release(&f);
    js_doc_free(back);
    js_doc_free(d);
    js_buf_release(&txt);
    js_buf_release(&errs);
    return bad;
}

/* The catalogue's codes are of its 2020 edition; a 2019 disclosure prints the same names. */
static void year_before_the_catalogue(void **state)
{
    (void)state;
    char L[512];
    snprintf(L, sizeof L,
             "%s收入,2010301,,一般公共预算,,50000.00\n"
             "支出,2010301,30101,一般公共预算,基本,40000.00\n",
             HEAD);
    const char *M = "{\"department\":\"测试局\",\"year\":2019}";
    assert_int_equal(roundtrip(L, M, NULL), 0);
}

/* 2010201 and 2120101 are both 行政运行: the item of 五(三) with no 05 row (a budget of 0
 * only) must not be compared with the other 款's 行政运行. */
static void two_xingzheng_yunxing(void **state)
{
    (void)state;
    char L[512];
    snprintf(L, sizeof L,
             "%s收入,2120101,,一般公共预算,,5000000.00\n"
             "支出,2120101,30101,一般公共预算,基本,3791000.00\n",
             HEAD);
    const char *M = "{\"department\":\"测试局\",\"year\":2020,\"budget\":{\"items\":{"
                    "\"2010201\":{\"amount\":\"0\",\"reason\":\"无\"},"
                    "\"2120101\":{\"amount\":\"3000000.00\",\"reason\":\"追加\"}}}}";
    assert_int_equal(roundtrip(L, M, NULL), 0);
}

/* 2013199 其他党委办公厅(室)… has a budget of 0 and no spending, so 05 omits it; its 0.00
 * must not be compared with 2010399 其他政府办公厅(室)…, a near-identical name. */
static void near_identical_item_names(void **state)
{
    (void)state;
    char L[512];
    snprintf(L, sizeof L,
             "%s收入,2010399,,一般公共预算,,5000000.00\n"
             "支出,2010399,30201,一般公共预算,基本,2040000.00\n",
             HEAD);
    const char *M = "{\"department\":\"测试局\",\"year\":2021,\"budget\":{\"items\":{"
                    "\"2013199\":\"0\",\"2010399\":\"2000000.00\"}}}";
    assert_int_equal(roundtrip(L, M, NULL), 0);
}

/* An exact balance of 0 whose rounded leaves publish as -0.01 万元: build accepts it, the
 * narrative says "-0.01万元" and check reads the sign. */
static void rounding_makes_a_negative_balance(void **state)
{
    (void)state;
    char L[512];
    /* income 0.004 + 0.004 万元 rounds to 0.00 + 0.00; the spending 0.008 rounds to 0.01 */
    snprintf(L, sizeof L,
             "%s收入,2010301,,一般公共预算,,40.00\n"
             "收入,2299901,,一般公共预算,,40.00\n"
             "支出,2010301,30101,一般公共预算,基本,80.00\n",
             HEAD);
    const char *M = "{\"department\":\"测试局\",\"year\":2020}";
    assert_int_equal(roundtrip(L, M, NULL), 0);
    /* really spending more than there is stays an error */
    snprintf(L, sizeof L,
             "%s收入,2010301,,一般公共预算,,40.00\n"
             "支出,2010301,30101,一般公共预算,基本,40.01\n",
             HEAD);
    js_build_input in = {"l.csv", L, strlen(L), "m.json", M, strlen(M)};
    js_err err;
    js_err_clear(&err);
    js_doc *d = NULL;
    js_buf errs;
    js_buf_init(&errs);
    assert_int_not_equal(js_build(ctx, &in, &d, &errs, NULL, &err), JS_OK);
    assert_non_null(strstr(errs.data, "opening_balances"));
    js_doc_free(d);
    js_buf_release(&errs);
}

/* 政府性基金 with an opening balance: 08's 合计 equals the sum of its 类 in every column. */
static void govfund_opening(void **state)
{
    (void)state;
    char L[512];
    snprintf(L, sizeof L,
             "%s收入,2010301,,一般公共预算,,50000.00\n"
             "支出,2010301,30101,一般公共预算,基本,40000.00\n"
             "收入,2299901,,政府性基金,,12000.00\n"
             "支出,2299901,30299,政府性基金,项目,9000.00\n",
             HEAD);
    const char *M = "{\"department\":\"测试局\",\"year\":2020,"
                    "\"opening_balances\":{\"政府性基金\":\"7500.00\"}}";
    assert_int_equal(roundtrip(L, M, NULL), 0);
    M = "{\"department\":\"测试局\",\"year\":2020,"
        "\"opening_balances\":{\"政府性基金\":{\"2120101\":\"7500.00\"}}}";
    assert_int_equal(roundtrip(L, M, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(year_before_the_catalogue),
        cmocka_unit_test(two_xingzheng_yunxing),
        cmocka_unit_test(near_identical_item_names),
        cmocka_unit_test(rounding_makes_a_negative_balance),
        cmocka_unit_test(govfund_opening),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
