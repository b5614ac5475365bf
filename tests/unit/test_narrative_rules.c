/* test_narrative_rules.c - the N-* rules on documents built in code: tables with the
 * figures of the seeds, and 情况说明 sections restating them, right and wrong. Each test
 * checks the rule, severity, kind, section, line, stated and expected of what is found,
 * and that a right text yields nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "check/checker.h"

static js_loc at_line(int line)
{
    js_loc l = {0};
    l.line = line;
    return l;
}

static const char *const COLS01[] = {"决算数"};
static const char *const COLS03[] = {"本年支出合计", "基本支出", "项目支出"};
static const char *const COLS05[] = {"小计", "基本支出", "项目支出"};
static const char *const COLS07[] = {
    "预算:合计", "预算:因公出国（境）费", "预算:公务用车购置及运行费", "预算:公务接待费",
    "决算:合计", "决算:因公出国（境）费", "决算:公务用车购置及运行费", "决算:公务接待费"};

static js_table *table(js_doc *d, int no)
{
    switch (no) {
    case 1:
    case 6:
        return js_doc_table_add(d, no, 1, COLS01);
    case 3:
        return js_doc_table_add(d, no, 3, COLS03);
    case 5:
        return js_doc_table_add(d, no, 3, COLS05);
    case 7:
        return js_doc_table_add(d, no, 8, COLS07);
    }
    fail();
    return NULL;
}

/* Set (row, col) of table no to the printed value v, adding the row if needed. */
static void setv(js_doc *d, int no, const char *row, const char *code, const char *name,
                 const char *col, const char *v)
{
    js_table *t = table(d, no);
    assert_non_null(t);
    js_row *r = js_table_row(t, row);
    if (!r) r = js_table_row_add(d, t, row, code, name, at_line(100));
    assert_non_null(r);
    int ci = js_table_col(t, col);
    assert_true(ci >= 0);
    js_num n;
    assert_int_equal(js_num_parse(v, strlen(v), &n), JS_NUM_VALUE);
    js_amount a;
    assert_true(js_num_to_amount(n, JS_UNIT_WANYUAN, &a));
    js_cell_set(d, &r->cells[ci], a, v, at_line(100));
}

static int sec(js_doc *d, const char *num, const char *title, int level, int parent)
{
    js_section s;
    memset(&s, 0, sizeof s);
    s.num = num;
    s.title = title;
    s.part = JS_PART_NARRATIVE;
    s.level = level;
    s.parent = parent;
    s.loc = at_line(1);
    int i = js_doc_section_add(d, &s);
    assert_true(i >= 0);
    return i;
}

static void para(js_doc *d, int si, int line, const char *text)
{
    assert_true(js_doc_para_add(d, text, si, at_line(line), 1) >= 0);
}

typedef struct run {
    js_ctx ctx; /* the form's data only (templates.tsv: sections and their cells; the rules'
                   words), no catalogue */
    js_doc *doc;
    js_findings f;
} run;

static run R;

static int setup(void **state)
{
    (void)state;
    memset(&R, 0, sizeof R);
    js_err err;
    R.ctx.templates = js_templates_new(&err);
    R.ctx.words = js_words_new(&err);
    R.doc = js_doc_new("test.txt");
    js_findings_init(&R.f);
    return R.doc && R.ctx.templates && R.ctx.words ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    js_findings_release(&R.f);
    js_doc_free(R.doc);
    js_templates_free(R.ctx.templates);
    js_words_free(R.ctx.words);
    return 0;
}

static void check(void)
{
    js_checker ck = {.ctx = &R.ctx, .doc = R.doc, .out = &R.f};
    js_check_narrative(&ck);
}

/* The one finding of rule at line; fails unless there is exactly one. */
static const js_finding *one(const char *rule, int line)
{
    const js_finding *hit = NULL;
    for (int i = 0; i < R.f.n; i++) {
        if (strcmp(R.f.items[i].rule, rule) == 0 && R.f.items[i].loc.line == line) {
            assert_null(hit);
            hit = &R.f.items[i];
        }
    }
    if (!hit) {
        for (int i = 0; i < R.f.n; i++)
            print_message("  have %s %d %s\n", R.f.items[i].rule, R.f.items[i].loc.line,
                          R.f.items[i].message);
        fail_msg("no %s at line %d", rule, line);
    }
    return hit;
}

static void seed000_totals(void)
{
    setv(R.doc, 1, "收入:总计", NULL, "总计", "决算数", "179.22");
    setv(R.doc, 1, "支出:总计", NULL, "总计", "决算数", "179.22");
    setv(R.doc, 1, "收入:本年收入合计", NULL, "本年收入合计", "决算数", "179.22");
    setv(R.doc, 1, "收入:一般公共预算财政拨款收入", NULL, "一般公共预算财政拨款收入", "决算数",
         "75.40");
    setv(R.doc, 1, "收入:其他收入", NULL, "其他收入", "决算数", "103.82");
    setv(R.doc, 1, "支出:本年支出合计", NULL, "本年支出合计", "决算数", "179.22");
}

static void growth_on_the_wrong_base(void **state)
{
    (void)state;
    seed000_totals();
    int s = sec(R.doc, "一", "收入支出决算总体情况说明", 1, -1);
    para(R.doc, s, 343,
         "2020 年度收、支总计 179.22 万元。与上年相比,增加 112.29 万元,增长 267.8%,主要是因为:"
         "2020 年度新增其他收入 103.82 万元及人员增加。");
    check();
    assert_int_equal(R.f.n, 1);
    const js_finding *f = one("N-GROWTH", 343);
    assert_int_equal(f->severity, JS_SEV_ERROR);
    assert_string_equal(f->kind, "narrative");
    assert_string_equal(f->section, "一");
    assert_string_equal(f->stated, "267.8");
    assert_string_equal(f->expected, "167.8");
    assert_string_equal(
        f->message, "说明一：与上年相比增长267.8%，按本年179.22万元、增加112.29万元计算应为167.8%");
}

static void growth_right_within_rounding_and_off_by_one(void **state)
{
    (void)state;
    int s = sec(R.doc, "四", "财政拨款收入支出决算总体情况说明", 1, -1);
    /* 8.47/66.93 = 12.655%: 12.6 is reachable from the rounded figures: nothing */
    para(R.doc, s, 10,
         "2020 年度财政拨款收、支总计 75.40 万元,与上年相比,增加 8.47 万元,增长 12.6%。");
    int t = sec(R.doc, "十", "关于机关运行经费支出说明", 1, -1);
    /* 3.54/17.63 = 20.08%: 20.0 is one off in its last digit: rounding notice */
    para(R.doc, t, 20,
         "本部门2020年度机关运行经费支出14.09万元，比年初预算数减少3.54万元，降低20.0%。");
    /* a decrease measured against 本年 + A: 0.86/(0+0.86) = 100% is right */
    para(R.doc, t, 21, "公务用车运行维护费支出决算为0万元，与上年相比减少0.86万元，减少100%。");
    check();
    assert_int_equal(R.f.n, 1);
    const js_finding *f = one("N-GROWTH", 20);
    assert_int_equal(f->severity, JS_SEV_NOTICE);
    assert_string_equal(f->kind, "rounding");
    assert_string_equal(f->stated, "20.0");
    assert_string_equal(f->expected, "20.1");
}

static void change_and_rate_disagree(void **state)
{
    (void)state;
    int t = sec(R.doc, "十", "关于机关运行经费支出说明", 1, -1);
    para(R.doc, t, 30, "机关运行经费支出14.09万元，比上年减少3.54万元，增长20.1%。");
    /* consistent: 减少 … 小于 */
    para(R.doc, t, 31,
         "机关运行经费支出7.82万元，比年初预算数减少7.13万元，降低47.7%。"
         "决算数小于年初预算数的主要原因是：新成立。");
    /* contradictory: 减少 … 大于 */
    para(R.doc, t, 32,
         "机关运行经费支出7.82万元，比年初预算数减少7.13万元，降低47.7%。"
         "决算数大于年初预算数的主要原因是：新成立。");
    check();
    assert_int_equal(R.f.n, 2);
    const js_finding *f = one("N-DIRECTION", 30);
    assert_int_equal(f->severity, JS_SEV_ERROR);
    f = one("N-DIRECTION", 32);
    assert_int_equal(f->severity, JS_SEV_ERROR);
}

static void shares_and_amounts(void **state)
{
    (void)state;
    seed000_totals();
    int s = sec(R.doc, "二", "收入决算情况说明", 1, -1);
    para(R.doc, s, 347,
         "本年收入合计 179.22 万元,其中:财政拨款收入 75.40 万元,占 42.1%;上级补助收入 0 万元,占 0%;"
         "其他收入 103.82 万元,占 57.9%。");
    int t = sec(R.doc, "二", "收入决算情况说明", 1, -1);
    para(R.doc, t, 400,
         "本年收入合计 179.22 万元,其中:财政拨款收入 75.40 万元,占 45.1%;"
         "其他收入 103.83 万元,占 57.9%;事业收入 3.00 万元,占 1.7%。");
    check();
    /* the first paragraph is right; the second has a wrong share, an amount off by 0.01
     * and an income kind the table does not show */
    assert_int_equal(R.f.n, 2);
    const js_finding *f = one("N-SHARE", 400);
    assert_int_equal(f->severity, JS_SEV_ERROR);
    assert_string_equal(f->stated, "45.1");
    assert_string_equal(f->expected, "42.1");
    const js_finding *g = one("N-AMOUNT", 400);
    assert_int_equal(g->severity, JS_SEV_NOTICE);
    assert_string_equal(g->kind, "rounding");
    assert_string_equal(g->stated, "103.83");
    assert_string_equal(g->expected, "103.82");
}

static void seed001_completion(void **state)
{
    (void)state;
    setv(R.doc, 5, "合计", NULL, "合计", "小计", "186.67");
    setv(R.doc, 5, "2010301", "2010301", "行政运行", "小计", "108.06");
    setv(R.doc, 5, "20103", "20103", "政府办公厅（室）及相关机构事务", "小计", "137.68");
    setv(R.doc, 5, "201", "201", "一般公共服务支出", "小计", "137.68");
    setv(R.doc, 5, "2010399", "2010399", "其他政府办公厅（室）及相关机构事务支出", "小计", "19.62");
    int five = sec(R.doc, "五", "一般公共预算财政拨款支出决算情况说明", 1, -1);
    int s3 = sec(R.doc, "五(三)", "财政拨款支出决算具体情况", 2, five);
    para(R.doc, s3, 411,
         "2020年度财政拨款支出年初预算数为112.55万元，支出决算数为186.67万元，完成年初预算的100%"
         "，其中：");
    int i1 = sec(R.doc, "五(三)1",
                 "一般公共服务（类）政府办公厅及相关机构事务（款）行政运行（项）。", 3, s3);
    /* a claim split over two paragraphs: the rate is cited on its own line */
    para(R.doc, i1, 413, "年初预算为102.55万元，支出决算为108.06万元，完成年初预算的");
    para(R.doc, i1, 415, "105.9%，决算数大于年初预算数的主要原因是：工资和公积金的变动。");
    int i3 =
        sec(R.doc, "五(三)3",
            "一般公共服务（类）政府办公厅及相关机构事务（款）其他政府办公厅及相关机构事务（项）。",
            3, s3);
    para(R.doc, i3, 423, "年初预算为0万元，支出决算为19.62万元，完成年初预算的100%。");
    check();
    /* 3 completion rates, and (item 2 left out here) the items' 年初预算 102.55 and
     * 决算 127.68 against the stated 112.55 and 186.67 (N-ITEMSUM) */
    assert_int_equal(R.f.n, 5);
    int nsum = 0;
    for (int i = 0; i < R.f.n; i++)
        if (strcmp(R.f.items[i].rule, "N-ITEMSUM") == 0) nsum++;
    assert_int_equal(nsum, 2);
    const js_finding *f = one("N-COMPLETION", 411);
    assert_string_equal(f->section, "五(三)");
    assert_string_equal(f->stated, "100");
    assert_string_equal(f->expected, "166");
    f = one("N-COMPLETION", 415);
    assert_string_equal(f->section, "五(三)1");
    assert_string_equal(f->expected, "105.4");
    f = one("N-COMPLETION", 423);
    assert_int_equal(f->severity, JS_SEV_ERROR);
    assert_null(f->expected);
}

static void item_amount_against_table05(void **state)
{
    (void)state;
    setv(R.doc, 5, "合计", NULL, "合计", "小计", "5531.10");
    setv(R.doc, 5, "20103", "20103", "政府办公厅（室）及相关机构事务", "小计", "4465.59");
    setv(R.doc, 5, "2010301", "2010301", "行政运行", "小计", "3294.56");
    setv(R.doc, 5, "20129", "20129", "群众团体事务", "小计", "8.91");
    setv(R.doc, 5, "2012901", "2012901", "行政运行", "小计", "4.81");
    int five = sec(R.doc, "五", "一般公共预算财政拨款支出决算情况说明", 1, -1);
    int s3 = sec(R.doc, "五(三)", "一般公共预算财政拨款支出决算具体情况", 2, five);
    /* items printed as paragraphs, not headings: the 款 tells the two 行政运行 apart */
    para(R.doc, s3, 10,
         "1、一般公共服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。");
    para(R.doc, s3, 11,
         "年初预算为3648.21万元，支出决算为3294.56万元，完成年初预算的90.3%，"
         "决算数小于年初预算数的主要原因是：业务未开展。");
    para(R.doc, s3, 12, "2、一般公共服务支出（类）群众团体事务（款）行政运行（项）。");
    para(R.doc, s3, 13,
         "年初预算为0万元，支出决算为4.18万元，决算数大于年初预算数的主要原因是：调入人员。");
    para(R.doc, s3, 14, "3、一般公共服务支出（类）群众团体事务（款）行政运行（项）。");
    para(R.doc, s3, 15,
         "年初预算为5万元，支出决算为4.81万元，决算数大于年初预算数的主要原因是：调入人员。");
    check();
    assert_int_equal(R.f.n, 2);
    const js_finding *f = one("N-AMOUNT", 13);
    assert_string_equal(f->section, "五(三)2");
    assert_int_equal(f->severity, JS_SEV_ERROR);
    assert_string_equal(f->stated, "4.18");
    assert_string_equal(f->expected, "4.81");
    f = one("N-DIRECTION", 15);
    assert_string_equal(f->section, "五(三)3");
}

static void sangong_against_table07(void **state)
{
    (void)state;
    setv(R.doc, 7, "三公经费", NULL, NULL, "预算:合计", "1.00");
    setv(R.doc, 7, "三公经费", NULL, NULL, "预算:公务接待费", "1.00");
    setv(R.doc, 7, "三公经费", NULL, NULL, "决算:合计", "0.00");
    int s7 = sec(R.doc, "七", "一般公共预算财政拨款三公经费支出决算情况说明", 1, -1);
    int s71 = sec(R.doc, "七(一)", "“三公”经费财政拨款支出决算总体情况说明", 2, s7);
    para(R.doc, s71, 440,
         "“三公”经费财政拨款支出预算为0万元，支出决算为0万元，完成预算的0%，其中：");
    para(R.doc, s71, 442, "因公出国（境）费支出预算为0万元，支出决算为0万元，完成预算的0%。");
    para(R.doc, s71, 444, "公务接待费支出预算为1万元，支出决算为0万元，完成预算的100%。");
    /* a rate given after another item's budget: measured on the item's own budget in 07 */
    setv(R.doc, 7, "三公经费", NULL, NULL, "预算:公务用车购置及运行费", "10.00");
    setv(R.doc, 7, "三公经费", NULL, NULL, "决算:公务用车购置及运行费", "5.00");
    para(R.doc, s71, 446,
         "“三公”经费财政拨款支出年初预算为1万元，支出决算为0万元，完成预算的0%，其中："
         "公务用车购置及运行维护费支出决算为5.00万元，完成预算的20%。");
    check();
    assert_int_equal(R.f.n, 4);
    const js_finding *g = one("N-SANGONG", 446);
    assert_string_equal(g->stated, "20");
    assert_string_equal(g->expected, "50");
    const js_finding *f = one("N-SANGONG", 440);
    assert_int_equal(f->severity, JS_SEV_ERROR);
    assert_string_equal(f->stated, "0");
    assert_string_equal(f->expected, "1.00");
    f = one("N-SANGONG", 442); /* a % for a 0 budget and 0 actual */
    assert_int_equal(f->severity, JS_SEV_NOTICE);
    f = one("N-SANGONG", 444);
    assert_int_equal(f->severity, JS_SEV_ERROR);
    assert_string_equal(f->stated, "100");
    assert_string_equal(f->expected, "0");
}

static void basic_item_under_another_name(void **state)
{
    (void)state;
    static const char *const C6[] = {"决算数"};
    js_table *t = js_doc_table_add(R.doc, 6, 1, C6);
    assert_non_null(t);
    setv(R.doc, 6, "人员经费合计", NULL, "人员经费合计", "决算数", "125.38");
    setv(R.doc, 6, "30111", "30111", "公务员医疗补助缴费", "决算数", "5.65");
    setv(R.doc, 6, "30112", "30112", "其他社会保障缴费", "决算数", "0.00");
    setv(R.doc, 6, "30101", "30101", "基本工资", "决算数", "62.37");
    setv(R.doc, 5, "合计", NULL, "合计", "基本支出", "463.48");
    int s = sec(R.doc, "六", "一般公共预算财政拨款基本支出决算情况说明", 1, -1);
    para(R.doc, s, 396,
         "2020年度财政拨款基本支出463.48万元，其中：人员经费125.38万元，占基本支出的27.05%，"
         "主要包括基本工资62.37万元、其他社会保障缴费5.65万元、基本工资62.38万元。");
    check();
    assert_int_equal(R.f.n, 2);
    const js_finding *f = one("N-ITEM", 396);
    assert_int_equal(f->severity, JS_SEV_ERROR);
    assert_string_equal(f->stated, "5.65");
    assert_string_equal(f->expected, "0.00");
    assert_non_null(strstr(f->message, "30111"));
    f = one("N-AMOUNT", 396);
    assert_string_equal(f->kind, "rounding");
}

static void procurement_and_vehicles(void **state)
{
    (void)state;
    int p = sec(R.doc, "十二", "政府采购支出说明", 1, -1);
    para(R.doc, p, 510,
         "2020年度政府采购支出总额1246.85万元，其中：政府采购货物支出112.96万元、"
         "政府采购工程支出267.34万元、政府采购服务支出866.55万元。授予中小企业合同金额"
         "1246.85万元，占政府采购支出总额的100%。");
    para(R.doc, p, 511,
         "2020年度政府采购支出总额100万元，其中：政府采购货物支出50万元、政府采购工程支出0万元、"
         "政府采购服务支出40万元。授予中小企业合同金额90万元，占政府采购支出总额的80%。");
    int v = sec(R.doc, "十三", "国有资产占用情况说明", 1, -1);
    para(R.doc, v, 514,
         "截至2020年12月31日，共有车辆20辆，其中，主要领导干部用车1辆，机要通信用车16辆、"
         "应急保障用车1辆、其他用车2辆；单位价值50万元以上通用设备0台(套)。");
    para(R.doc, v, 515,
         "截至2020年12月31日，共有车辆20辆，其中，主要领导干部用车1辆，机要通信用车15辆、"
         "其他用车2辆；单位价值50万元以上通用设备0台(套)。");
    check();
    assert_int_equal(R.f.n, 3);
    int nproc = 0;
    for (int i = 0; i < R.f.n; i++) {
        if (strcmp(R.f.items[i].rule, "N-PROCUREMENT") != 0) continue;
        assert_int_equal(R.f.items[i].loc.line, 511);
        assert_int_equal(R.f.items[i].severity, JS_SEV_ERROR);
        nproc++;
    }
    assert_int_equal(nproc, 2); /* the sum (90 against 100) and the share (90% against 80%) */
    const js_finding *f = one("N-VEHICLES", 515);
    assert_string_equal(f->stated, "20");
    assert_string_equal(f->expected, "18");
}

static void none_statement_against_table(void **state)
{
    (void)state;
    static const char *const C8[] = {"本年收入", "本年支出:小计"};
    js_table *t = js_doc_table_add(R.doc, 8, 2, C8);
    assert_non_null(t);
    js_row *r = js_table_row_add(R.doc, t, "合计", NULL, "合计", at_line(90));
    js_cell_set(R.doc, &r->cells[1], 0, "0.00", at_line(90));
    int s = sec(R.doc, "八", "政府性基金预算收入支出决算情况", 1, -1);
    para(R.doc, s, 455, "本单位没有政府性基金收入，也没有使用政府性基金安排的支出。");
    check();
    assert_int_equal(R.f.n, 0); /* an empty table agrees */
    js_cell_set(R.doc, &r->cells[1], 1230000, "1.23", at_line(90));
    check();
    assert_int_equal(R.f.n, 1);
    const js_finding *f = one("N-AMOUNT", 455);
    assert_string_equal(f->expected, "1.23");
}

static void silent_without_tables_or_topic(void **state)
{
    (void)state;
    /* no tables: amounts cannot be checked; a section of no known topic is not read */
    int s = sec(R.doc, "二", "收入决算情况说明", 1, -1);
    para(R.doc, s, 5, "本年收入合计 179.22 万元,其中:财政拨款收入 75.40 万元,占 42.1%。");
    int o = sec(R.doc, "十五", "其他重要事项情况说明", 1, -1);
    para(R.doc, o, 6, "与上年相比,增加 112.29 万元,增长 267.8%。");
    /* outside the 情况说明 nothing is read either */
    js_section x;
    memset(&x, 0, sizeof x);
    x.num = "一";
    x.title = "收入支出决算总体情况说明";
    x.part = JS_PART_OVERVIEW;
    x.level = 1;
    x.parent = -1;
    int xi = js_doc_section_add(R.doc, &x);
    para(R.doc, xi, 7,
         "2020 年度收、支总计 179.22 万元。与上年相比,增加 112.29 万元,增长 267.8%。");
    check();
    assert_int_equal(R.f.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(growth_on_the_wrong_base, setup, teardown),
        cmocka_unit_test_setup_teardown(growth_right_within_rounding_and_off_by_one, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(change_and_rate_disagree, setup, teardown),
        cmocka_unit_test_setup_teardown(shares_and_amounts, setup, teardown),
        cmocka_unit_test_setup_teardown(seed001_completion, setup, teardown),
        cmocka_unit_test_setup_teardown(item_amount_against_table05, setup, teardown),
        cmocka_unit_test_setup_teardown(sangong_against_table07, setup, teardown),
        cmocka_unit_test_setup_teardown(basic_item_under_another_name, setup, teardown),
        cmocka_unit_test_setup_teardown(procurement_and_vehicles, setup, teardown),
        cmocka_unit_test_setup_teardown(none_statement_against_table, setup, teardown),
        cmocka_unit_test_setup_teardown(silent_without_tables_or_topic, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
