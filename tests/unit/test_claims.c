/* test_claims.c - the claim extractor of the narrative rules: what each figure of a
 * 情况说明 sentence is (amount, change, rate, share, completion, direction, count),
 * its label, and the sentence/clause/block structure. Sentences from the seeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "check/claims.h"

typedef struct fx {
    js_arena *a;
    js_claims cl;
} fx;

static fx *extract(const char *s)
{
    static fx f;
    js_arena_free(f.a);
    memset(&f, 0, sizeof f);
    f.a = js_arena_new();
    assert_non_null(f.a);
    assert_true(js_claims_extract(f.a, s, strlen(s), &f.cl));
    return &f;
}

static int teardown(void **state)
{
    (void)state;
    fx *f = extract("");
    js_arena_free(f->a);
    f->a = NULL;
    return 0;
}

#define KIND(f, i, k) assert_string_equal(js_claim_kind_name((f)->cl.items[i].kind), k)

static void growth_sentence(void **state)
{
    (void)state;
    fx *f = extract("2020 年度收、支总计 179.22 万元。与上年相比,增加 112.29 万元,增长 267.8%,"
                    "主要是因为:2020 年度新增其他收入 103.82 万元及人员增加。");
    assert_int_equal(f->cl.n, 4);
    KIND(f, 0, "AMOUNT");
    assert_string_equal(f->cl.items[0].label, "收、支总计");
    assert_int_equal(f->cl.items[0].amount, 179220000);
    assert_string_equal(f->cl.items[0].text, "179.22");
    KIND(f, 1, "CHANGE");
    assert_int_equal(f->cl.items[1].sign, 1);
    assert_int_equal(f->cl.items[1].base, JS_BASE_LASTYEAR);
    assert_int_equal(f->cl.items[1].amount, 112290000);
    KIND(f, 2, "RATE");
    assert_int_equal(f->cl.items[2].sign, 1);
    assert_string_equal(f->cl.items[2].text, "267.8");
    assert_int_equal(f->cl.items[2].num.dec, 1);
    assert_string_equal(f->cl.items[2].word, "增长");
    /* the change and its rate share a sentence, the total is in the one before */
    assert_int_equal(f->cl.items[1].sentence, f->cl.items[2].sentence);
    assert_true(f->cl.items[0].sentence < f->cl.items[1].sentence);
    KIND(f, 3, "AMOUNT");
    assert_string_equal(f->cl.items[3].label, "新增其他收入");
}

static void shares_full_width(void **state)
{
    (void)state;
    fx *f =
        extract("本年收入合计179.22万元，其中：财政拨款收入75.40万元，占42.1%；上级补助收入0万元，"
                "占0%；其他收入103.82万元，占57.9%。");
    assert_int_equal(f->cl.n, 7);
    KIND(f, 0, "AMOUNT");
    assert_string_equal(f->cl.items[0].label, "本年收入合计");
    KIND(f, 1, "AMOUNT");
    assert_string_equal(f->cl.items[1].label, "财政拨款收入");
    KIND(f, 2, "SHARE");
    assert_string_equal(f->cl.items[2].label, "");
    assert_int_equal(f->cl.items[2].num.mant, 421);
    assert_int_equal(f->cl.items[2].num.dec, 1);
    KIND(f, 3, "AMOUNT");
    assert_int_equal(f->cl.items[3].amount, 0);
    KIND(f, 6, "SHARE");
    /* a ； ends the sentence: each share is in the sentence of its amount */
    assert_int_equal(f->cl.items[1].sentence, f->cl.items[2].sentence);
    assert_true(f->cl.items[2].sentence < f->cl.items[3].sentence);
}

static void share_with_base(void **state)
{
    (void)state;
    fx *f = extract(
        "人员经费 67.58 万元，占基本支出的 89.6%，主要包括基本工资62.37万元、奖金17.38万元");
    assert_int_equal(f->cl.n, 4);
    KIND(f, 1, "SHARE");
    assert_string_equal(f->cl.items[1].label, "基本支出");
    KIND(f, 2, "AMOUNT");
    assert_string_equal(f->cl.items[2].label, "基本工资");
    KIND(f, 3, "AMOUNT");
    assert_string_equal(f->cl.items[3].label, "奖金");
}

static void budget_actual_completion_direction(void **state)
{
    (void)state;
    fx *f = extract("年初预算为 66.93 万元，支出决算为 75.40 万元，完成年初预算的 112.6%，"
                    "决算数大于年初预算数的主要原因是：人员增加。");
    assert_int_equal(f->cl.n, 4);
    KIND(f, 0, "BUDGET");
    assert_int_equal(f->cl.items[0].amount, 66930000);
    KIND(f, 1, "ACTUAL");
    KIND(f, 2, "COMPLETION");
    assert_string_equal(f->cl.items[2].text, "112.6");
    KIND(f, 3, "DIRECTION");
    assert_int_equal(f->cl.items[3].sign, 1);
    f = extract("因公出国（境）费支出预算为64万元，支出决算为0万元，决算数小于预算数的主要原因是");
    KIND(f, 0, "BUDGET");
    assert_string_equal(f->cl.items[0].label, "因公出国（境）费");
    KIND(f, 2, "DIRECTION");
    assert_int_equal(f->cl.items[2].sign, -1);
    /* 大于 without 决算 … 预算 around it is not a direction claim */
    f = extract("人数大于 10 人");
    assert_int_equal(f->cl.n, 1);
    KIND(f, 0, "COUNT");
}

static void change_bases(void **state)
{
    (void)state;
    fx *f = extract("机关运行经费支出 7.82 万元，比年初预算数减少 7.13 万元，降低 47.7%。");
    assert_int_equal(f->cl.n, 3);
    KIND(f, 1, "CHANGE");
    assert_int_equal(f->cl.items[1].sign, -1);
    assert_int_equal(f->cl.items[1].base, JS_BASE_BUDGET);
    KIND(f, 2, "RATE");
    assert_int_equal(f->cl.items[2].sign, -1);
    assert_string_equal(f->cl.items[2].word, "降低");
    /* 一般公共预算 is not a budget base: 上年 is */
    f = extract(
        "一般公共预算财政拨款支出463.48万元，与上年相比，一般公共预算财政拨款支出增加117.65万元，"
        "增长25.38%");
    KIND(f, 1, "CHANGE");
    assert_int_equal(f->cl.items[1].base, JS_BASE_LASTYEAR);
    assert_int_equal(f->cl.items[2].base, JS_BASE_LASTYEAR);
    f = extract("比上年增加8.47万元，增长率为12.6%");
    KIND(f, 1, "RATE");
    assert_int_equal(f->cl.items[1].sign, 1);
}

static void numbers_and_non_claims(void **state)
{
    (void)state;
    fx *f = extract("截至2020年12月31日，在线注册求职者1.3万余人，本年收入合计5,531."
                    "10万元，单位价值50万元以上");
    /* dates, 万余人 are not claims; the thousands separator is part of the number */
    assert_int_equal(f->cl.n, 2);
    KIND(f, 0, "AMOUNT");
    assert_int_equal(f->cl.items[0].amount, 5531100000LL);
    assert_string_equal(f->cl.items[0].text, "5531.10");
    KIND(f, 1, "AMOUNT");
    /* brackets and blocks */
    f = extract("收入总计679.72万元(收入总计含使用非财政拨款结余53.17万元)。\n"
                "增加25.3万元");
    assert_int_equal(f->cl.n, 3);
    assert_false(f->cl.items[0].paren);
    assert_true(f->cl.items[1].paren);
    assert_string_equal(f->cl.items[1].label, "收入总计含使用非财政拨款结余");
    assert_int_equal(f->cl.items[0].block, 0);
    assert_int_equal(f->cl.items[2].block, 1);
    assert_false(f->cl.items[2].paren);
}

static void counts(void **state)
{
    (void)state;
    fx *f = extract("共有车辆20辆，其中，主要领导干部用车1辆，机要通信用车16辆、应急保障用车1辆；"
                    "单位价值50万元以上通用设备0台（套）");
    assert_int_equal(f->cl.n, 6);
    KIND(f, 0, "COUNT");
    assert_string_equal(f->cl.items[0].unit, "辆");
    assert_string_equal(f->cl.items[0].label, "共有车辆");
    assert_string_equal(f->cl.items[2].label, "机要通信用车");
    assert_string_equal(f->cl.items[3].label, "应急保障用车");
    KIND(f, 5, "COUNT");
    assert_string_equal(f->cl.items[5].unit, "台");
}

static void bad_input_is_safe(void **state)
{
    (void)state;
    /* truncated UTF-8, lone units, huge digit runs: no crash, no claim from garbage */
    const char s[] =
        "\xE4\xB8万元%%占的完成预算99999999999999999999999999万元 .5% 12.万元 \xEF\xBC";
    fx *f = extract(s);
    for (int i = 0; i < f->cl.n; i++)
        assert_true(f->cl.items[i].off < sizeof s);
    f = extract("12.万元");
    assert_int_equal(f->cl.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(growth_sentence), cmocka_unit_test(shares_full_width),
        cmocka_unit_test(share_with_base), cmocka_unit_test(budget_actual_completion_direction),
        cmocka_unit_test(change_bases),    cmocka_unit_test(numbers_and_non_claims),
        cmocka_unit_test(counts),          cmocka_unit_test(bad_input_is_safe),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
