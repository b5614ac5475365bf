/* test_text.c - amounts, percentages, ratios, normalisation, Chinese numerals, headings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "juesuan/text.h"

static js_amount amt(const char *s, int unit)
{
    js_num n;
    assert_int_equal(js_num_parse(s, strlen(s), &n), JS_NUM_VALUE);
    js_amount a;
    assert_true(js_num_to_amount(n, unit, &a));
    return a;
}

static void amounts_as_printed(void **state)
{
    (void)state;
    assert_int_equal(amt("75.40", JS_UNIT_WANYUAN), 75400000);
    assert_int_equal(amt("5,531.10", JS_UNIT_WANYUAN), 5531100000LL);
    assert_int_equal(amt("186. 67", JS_UNIT_WANYUAN), 186670000);
    assert_int_equal(amt(" 0.00 ", JS_UNIT_WANYUAN), 0);
    assert_int_equal(amt("0", JS_UNIT_WANYUAN), 0);
    assert_int_equal(amt("（3.50）", JS_UNIT_WANYUAN), -3500000);
    assert_int_equal(amt("(3.50)", JS_UNIT_WANYUAN), -3500000);
    assert_int_equal(amt("-12.01", JS_UNIT_WANYUAN), -12010000);
    assert_int_equal(amt("１２.５", JS_UNIT_WANYUAN), 12500000);
    assert_int_equal(amt("1，234.00", JS_UNIT_WANYUAN), 1234000000LL);
    /* 元: two decimals are fen */
    assert_int_equal(amt("1234.56", JS_UNIT_YUAN), 123456);
    assert_int_equal(amt("1,234", JS_UNIT_YUAN), 123400);
    /* finer than a fen rounds half away from zero */
    assert_int_equal(amt("0.125", JS_UNIT_YUAN), 13);
    assert_int_equal(amt("-0.125", JS_UNIT_YUAN), -13);
}

static void blanks_and_garbage(void **state)
{
    (void)state;
    js_num n;
    const char *blank[] = {"", "  ", "-", "—", "/", "－", "——", "--"};
    for (size_t i = 0; i < sizeof blank / sizeof *blank; i++)
        assert_int_equal(js_num_parse(blank[i], strlen(blank[i]), &n), JS_NUM_BLANK);
    const char *bad[] = {"abc", "1.2.3",  ".5",     "12.",  "1,",
                         ",1",  "12万元", "2020年", "(3.5", "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(js_num_parse(bad[i], strlen(bad[i]), &n), JS_NUM_NONE);
}

static void percentages(void **state)
{
    (void)state;
    js_num n;
    assert_int_equal(js_pct_parse("42.1%", 5, &n), JS_NUM_VALUE);
    assert_int_equal(n.mant, 421);
    assert_int_equal(n.dec, 1);
    assert_int_equal(js_pct_parse("100 %", 5, &n), JS_NUM_VALUE);
    assert_int_equal(n.mant, 100);
    assert_int_equal(n.dec, 0);
    assert_int_equal(js_pct_parse("12.6％", strlen("12.6％"), &n), JS_NUM_VALUE);
    assert_int_equal(n.mant, 126);
    assert_int_equal(js_pct_parse("42.1", 4, &n), JS_NUM_NONE);
    assert_int_equal(js_pct_parse("%", 1, &n), JS_NUM_NONE);
}

static void ratios_are_exact(void **state)
{
    (void)state;
    /* seed 000: increase 112.29 on this year 179.22 -> base 66.93 -> 167.8% */
    js_num r = js_ratio(11229, 17922 - 11229, 1, true);
    assert_int_equal(r.mant, 1678);
    assert_int_equal(r.dec, 1);
    /* 75.40 / 179.22 = 42.07% -> 42.1 */
    r = js_ratio(7540, 17922, 1, true);
    assert_int_equal(r.mant, 421);
    /* half away from zero: 1/8 = 0.125 -> 0.13 ; -1/8 -> -0.13 */
    assert_int_equal(js_ratio(1, 8, 2, false).mant, 13);
    assert_int_equal(js_ratio(-1, 8, 2, false).mant, -13);
    assert_int_equal(js_ratio(1, -8, 2, false).mant, -13);
    /* division by zero gives 0, not a crash */
    assert_int_equal(js_ratio(5, 0, 1, true).mant, 0);
    /* huge amounts do not overflow: 9e15 fen / 3 */
    r = js_ratio(9000000000000LL, 3, 2, true);
    assert_int_equal(r.mant, 30000000000000000LL);
    /* beyond int64: clamped, not wrapped */
    r = js_ratio(INT64_MAX, 1, 2, true);
    assert_int_equal(r.mant, INT64_MAX);
}

static void formatting(void **state)
{
    (void)state;
    char buf[40];
    assert_string_equal(js_amount_fmt_wan(75400000, buf, sizeof buf), "75.40");
    assert_string_equal(js_amount_fmt_wan(0, buf, sizeof buf), "0.00");
    assert_string_equal(js_amount_fmt_wan(-3500000, buf, sizeof buf), "-3.50");
    assert_string_equal(js_amount_fmt_wan(123456, buf, sizeof buf), "0.123456");
    assert_string_equal(js_amount_fmt_wan(5531100000LL, buf, sizeof buf), "5531.10");
    assert_string_equal(js_amount_fmt_wan(INT64_MIN, buf, sizeof buf), "-9223372036854.775808");
    js_num n = {1678, 1};
    assert_string_equal(js_num_fmt(n, buf, sizeof buf), "167.8");
    n = (js_num){-5, 2};
    assert_string_equal(js_num_fmt(n, buf, sizeof buf), "-0.05");
    n = (js_num){100, 0};
    assert_string_equal(js_num_fmt(n, buf, sizeof buf), "100");
    assert_int_equal(js_num_cmp((js_num){1000, 1}, (js_num){100, 0}), 0);
    assert_true(js_num_cmp((js_num){1001, 1}, (js_num){100, 0}) > 0);
    assert_true(js_num_cmp((js_num){-1, 0}, (js_num){0, 2}) < 0);
}

static void normalisation(void **state)
{
    (void)state;
    js_buf b;
    js_buf_init(&b);
    const char *s = "（一）ＡＢ１２：　50％，“三公”";
    js_norm(&b, s, strlen(s));
    assert_string_equal(b.data, "(一)AB12: 50%,“三公”");
    b.len = 0;
    s = "\u2F00、\u2F40\u51FA\u2F0A"; /* Kangxi radicals as Chromium's PDFs map them */
    js_norm(&b, s, strlen(s));
    assert_string_equal(b.data, "一、支出入");
    b.len = 0;
    /* the Radicals Supplement (no decomposition): 部门 车辆 长期 食堂; ⺮ stays */
    s = "部\u2ED4 \u2ECB辆 \u2ED3期 \u2EDD堂 \u2E95\u2EAE";
    js_norm(&b, s, strlen(s));
    assert_string_equal(b.data, "部门 车辆 长期 食堂 \u2E95\u2EAE");
    b.len = 0;
    s = "政府办公厅（室）及 相关机构事务";
    js_norm_key(&b, s, strlen(s));
    assert_string_equal(b.data, "政府办公厅(室)及相关机构事务");
    js_buf_release(&b);
    assert_true(js_name_eq("因公出国 (境) 费", "因公出国（境）费"));
    assert_false(js_name_eq("退职（役）费", "职工（役）费"));
    assert_true(js_utf8_valid("决算", strlen("决算")));
    assert_false(js_utf8_valid("\xE5\x86", 2));
    assert_false(js_utf8_valid("a\0b", 3));
}

static void chinese_numerals(void **state)
{
    (void)state;
    struct {
        const char *s;
        int v;
    } cases[] = {{"一", 1},    {"九", 9},      {"十", 10},     {"十五", 15},
                 {"二十", 20}, {"二十六", 26}, {"九十九", 99}, {"两", 2}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int v = -1;
        assert_int_equal(js_cnum_parse(cases[i].s, strlen(cases[i].s), &v), strlen(cases[i].s));
        assert_int_equal(v, cases[i].v);
        char buf[16];
        if (cases[i].v != 2 || strcmp(cases[i].s, "二") == 0)
            assert_string_equal(js_cnum_fmt(cases[i].v, buf, sizeof buf), cases[i].s);
    }
    int v;
    assert_int_equal(js_cnum_parse("abc", 3, &v), 0);
    char buf[16];
    assert_string_equal(js_cnum_fmt(11, buf, sizeof buf), "十一");
}

static void headings(void **state)
{
    (void)state;
    js_heading_num h;
    const char *s = "五、一般公共预算财政拨款支出决算情况说明";
    size_t k = js_heading_parse(s, strlen(s), &h);
    assert_int_equal(k, strlen("五、"));
    assert_int_equal(h.level, 1);
    assert_int_equal(h.value, 5);
    s = "（三）财政拨款支出决算具体情况";
    assert_int_equal(js_heading_parse(s, strlen(s), &h), strlen("（三）"));
    assert_int_equal(h.level, 2);
    assert_int_equal(h.value, 3);
    s = "(二) 财政拨款";
    assert_int_equal(js_heading_parse(s, strlen(s), &h), strlen("(二) "));
    assert_int_equal(h.value, 2);
    s = "1、一般公共服务（类）";
    assert_int_equal(js_heading_parse(s, strlen(s), &h), strlen("1、"));
    assert_int_equal(h.level, 3);
    s = "2.绩效评价报告";
    assert_int_equal(js_heading_parse(s, strlen(s), &h), 2);
    assert_int_equal(h.level, 3);
    s = "(1)在清水塘片区";
    assert_int_equal(js_heading_parse(s, strlen(s), &h), 3);
    assert_int_equal(h.level, 4);
    assert_int_equal(h.value, 1);
    s = "十五、其他重要事项情况说明";
    assert_int_equal(js_heading_parse(s, strlen(s), &h), strlen("十五、"));
    assert_int_equal(h.value, 15);
    /* not headings */
    const char *no[] = {"一般公共服务支出", "2020 年度收、支总计", "1.5万元", "(注)", "2020年"};
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        assert_int_equal(js_heading_parse(no[i], strlen(no[i]), &h), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(amounts_as_printed), cmocka_unit_test(blanks_and_garbage),
        cmocka_unit_test(percentages),        cmocka_unit_test(ratios_are_exact),
        cmocka_unit_test(formatting),         cmocka_unit_test(normalisation),
        cmocka_unit_test(chinese_numerals),   cmocka_unit_test(headings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
