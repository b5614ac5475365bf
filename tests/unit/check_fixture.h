/*
 * check_fixture.h - a small consistent disclosure built in code, for the
 * unit tests of the audit engine (test_check_*.c): every table adds up, the
 * tables agree with each other, codes and names are those of the 2020
 * catalogue, the 情况说明 has sections 一…九, the 绩效自评表 is right. A test
 * breaks one thing and asserts the finding.
 *
 *   01  收入 一般公共预算 100.00 + 其他收入 20.00 = 120.00 = 支出 201 100.00 + 229 20.00
 *   02  合计 120.00 (财政拨款 100.00, 其他收入 20.00); 201 > 20103 > 2010301; 229 > 22999 > 2299901
 *   03  合计 120.00 = 基本 90.00 + 项目 30.00; 201 100.00 = 70.00 + 30.00; 229 20.00 基本
 *   04  财政拨款 100.00, 支出 201 100.00 in 合计 and 一般公共预算
 *   05  合计 100.00 = 基本 70.00 + 项目 30.00 (201 > 20103 > 2010301)
 *   06  301 50.00 = 30101 30.00 + 30102 20.00; 302 20.00 = 30201 20.00; 人员 50.00, 公用 20.00
 *   07  预算 3.00 = 0 + 车 2.00 (0 + 2.00) + 接待 1.00; 决算 2.50 = 0 + 2.00 + 0.50
 *   08, 09 empty, explained
 *   P1  合计 120/120, 分值 10, 100%, 得分 10; indicators 50/50, 30/28, 10/10; 总分 98 优
 */
#ifndef CHECK_FIXTURE_H
#define CHECK_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "juesuan/juesuan.h"
#include "check/checker.h"

static int fx_line = 100;

static inline js_loc fx_loc(void)
{
    js_loc l = {0};
    l.line = ++fx_line;
    return l;
}

/* Set (row, col) of table no to the printed amount s (万元); the row is added if absent. */
static inline void fx_set(js_doc *d, int no, const char *row, const char *code, const char *name,
                          const char *col, const char *s)
{
    js_table *t = d->tables[no];
    assert_non_null(t);
    js_row *r = js_table_row(t, row);
    if (!r) r = js_table_row_add(d, t, row, code, name, fx_loc());
    assert_non_null(r);
    int c = js_table_col(t, col);
    assert_true(c >= 0);
    js_num n;
    assert_int_equal(js_num_parse(s, strlen(s), &n), JS_NUM_VALUE);
    js_amount a;
    assert_true(js_num_to_amount(n, JS_UNIT_WANYUAN, &a));
    js_loc l = r->loc;
    js_cell_set(d, &r->cells[c], a, s, l);
}

/* A code row of a code table with its values in column order. */
static inline void fx_row(js_doc *d, int no, const char *code, const char *name,
                          const char *const *vals)
{
    js_table *t = d->tables[no];
    for (int c = 0; c < t->ncols && vals[c]; c++)
        fx_set(d, no, code, strcmp(code, "合计") ? code : NULL, name, t->cols[c], vals[c]);
}

static inline js_pval fx_pval(const char *s, bool pct)
{
    js_pval v = {0};
    v.set = true;
    v.text = s;
    v.loc = fx_loc();
    int k = pct ? js_pct_parse(s, strlen(s), &v.num) : js_num_parse(s, strlen(s), &v.num);
    assert_int_equal(k, JS_NUM_VALUE);
    return v;
}

/* a section under parent (-1: at the top); returns its index */
static inline int fx_sec_add(js_doc *d, int part, int level, int value, const char *num,
                             const char *title, int parent)
{
    js_section s = {0};
    s.num = num;
    s.title = title;
    s.part = part;
    s.level = level;
    s.value = value;
    s.parent = parent;
    s.loc = fx_loc();
    int i = js_doc_section_add(d, &s);
    assert_true(i >= 0);
    return i;
}

static inline void fx_section(js_doc *d, int part, int level, int value, const char *num,
                              const char *title)
{
    fx_sec_add(d, part, level, value, num, title, -1);
}

/* a paragraph of section si */
static inline void fx_para(js_doc *d, int si, const char *text)
{
    assert_true(js_doc_para_add(d, text, si, fx_loc(), 1) >= 0);
}

static inline js_doc *fx_doc(void)
{
    fx_line = 100;
    js_doc *d = js_doc_new("fixture.txt");
    assert_non_null(d);
    d->dept = "测试局";
    d->year = 2020;
    static const char *const c01[] = {"决算数"};
    static const char *const c02[] = {"本年收入合计", "财政拨款收入", "上级补助收入",
                                      "事业收入",     "经营收入",     "附属单位上缴收入",
                                      "其他收入"};
    static const char *const c03[] = {"本年支出合计", "基本支出", "项目支出",
                                      "上缴上级支出", "经营支出", "对附属单位补助支出"};
    static const char *const c04[] = {"金额", "合计", "一般公共预算财政拨款",
                                      "政府性基金预算财政拨款", "国有资本经营预算财政拨款"};
    static const char *const c05[] = {"小计", "基本支出", "项目支出"};
    static const char *const c06[] = {"决算数"};
    static const char *const c07[] = {
        "预算:合计",           "预算:因公出国（境）费", "预算:公务用车购置及运行费",
        "预算:公务用车购置费", "预算:公务用车运行费",   "预算:公务接待费",
        "决算:合计",           "决算:因公出国（境）费", "决算:公务用车购置及运行费",
        "决算:公务用车购置费", "决算:公务用车运行费",   "决算:公务接待费"};
    static const char *const c08[] = {"年初结转和结余",    "本年收入",          "本年支出:小计",
                                      "本年支出:基本支出", "本年支出:项目支出", "年末结转和结余"};
    static const char *const c09[] = {"本年支出:合计", "本年支出:基本支出", "本年支出:项目支出"};
    const char *const *cols[10] = {NULL, c01, c02, c03, c04, c05, c06, c07, c08, c09};
    const int ncols[10] = {0, 1, 7, 6, 5, 3, 1, 12, 6, 3};
    for (int no = 1; no <= 9; no++) {
        js_table *t = js_doc_table_add(d, no, ncols[no], cols[no]);
        assert_non_null(t);
        t->title = js_table_title(no);
        t->label = js_table_id(no);
        t->dept = "测试局";
        t->unit = JS_UNIT_WANYUAN;
        t->copies = 1;
        t->loc = fx_loc();
    }
    /* 01 */
    static const char *const in01[][2] = {{"收入:一般公共预算财政拨款收入", "100.00"},
                                          {"收入:政府性基金预算财政拨款收入", "0.00"},
                                          {"收入:国有资本经营预算财政拨款收入", "0.00"},
                                          {"收入:上级补助收入", "0.00"},
                                          {"收入:事业收入", "0.00"},
                                          {"收入:经营收入", "0.00"},
                                          {"收入:附属单位上缴收入", "0.00"},
                                          {"收入:其他收入", "20.00"},
                                          {"收入:本年收入合计", "120.00"},
                                          {"收入:使用非财政拨款结余", "0.00"},
                                          {"收入:年初结转和结余", "0.00"},
                                          {"收入:总计", "120.00"},
                                          {"支出:201", "100.00"},
                                          {"支出:229", "20.00"},
                                          {"支出:本年支出合计", "120.00"},
                                          {"支出:结余分配", "0.00"},
                                          {"支出:年末结转和结余", "0.00"},
                                          {"支出:总计", "120.00"}};
    for (size_t i = 0; i < sizeof in01 / sizeof in01[0]; i++)
        fx_set(d, 1, in01[i][0], NULL, NULL, "决算数", in01[i][1]);
    /* 02 */
    fx_row(d, 2, "合计", "合计",
           (const char *[]){"120.00", "100.00", "0.00", "0.00", "0.00", "0.00", "20.00"});
    fx_row(d, 2, "201", "一般公共服务支出",
           (const char *[]){"100.00", "100.00", "0.00", "0.00", "0.00", "0.00", "0.00"});
    fx_row(d, 2, "20103", "政府办公厅（室）及相关机构事务",
           (const char *[]){"100.00", "100.00", "0.00", "0.00", "0.00", "0.00", "0.00"});
    fx_row(d, 2, "2010301", "行政运行",
           (const char *[]){"100.00", "100.00", "0.00", "0.00", "0.00", "0.00", "0.00"});
    fx_row(d, 2, "229", "其他支出",
           (const char *[]){"20.00", "0.00", "0.00", "0.00", "0.00", "0.00", "20.00"});
    fx_row(d, 2, "22999", "其他支出",
           (const char *[]){"20.00", "0.00", "0.00", "0.00", "0.00", "0.00", "20.00"});
    fx_row(d, 2, "2299901", "其他支出",
           (const char *[]){"20.00", "0.00", "0.00", "0.00", "0.00", "0.00", "20.00"});
    /* 03 */
    fx_row(d, 3, "合计", "合计",
           (const char *[]){"120.00", "90.00", "30.00", "0.00", "0.00", "0.00"});
    fx_row(d, 3, "201", "一般公共服务支出",
           (const char *[]){"100.00", "70.00", "30.00", "0.00", "0.00", "0.00"});
    fx_row(d, 3, "20103", "政府办公厅（室）及相关机构事务",
           (const char *[]){"100.00", "70.00", "30.00", "0.00", "0.00", "0.00"});
    fx_row(d, 3, "2010301", "行政运行",
           (const char *[]){"100.00", "70.00", "30.00", "0.00", "0.00", "0.00"});
    fx_row(d, 3, "229", "其他支出",
           (const char *[]){"20.00", "20.00", "0.00", "0.00", "0.00", "0.00"});
    fx_row(d, 3, "22999", "其他支出",
           (const char *[]){"20.00", "20.00", "0.00", "0.00", "0.00", "0.00"});
    fx_row(d, 3, "2299901", "其他支出",
           (const char *[]){"20.00", "20.00", "0.00", "0.00", "0.00", "0.00"});
    /* 04 */
    static const char *const in04[][2] = {{"收入:一般公共预算财政拨款", "100.00"},
                                          {"收入:政府性基金预算财政拨款", "0.00"},
                                          {"收入:国有资本经营预算财政拨款", "0.00"},
                                          {"收入:本年收入合计", "100.00"},
                                          {"收入:年初财政拨款结转和结余", "0.00"},
                                          {"收入:年初:一般公共预算财政拨款", "0.00"},
                                          {"收入:年初:政府性基金预算财政拨款", "0.00"},
                                          {"收入:年初:国有资本经营预算财政拨款", "0.00"},
                                          {"收入:总计", "100.00"}};
    for (size_t i = 0; i < sizeof in04 / sizeof in04[0]; i++)
        fx_set(d, 4, in04[i][0], NULL, NULL, "金额", in04[i][1]);
    static const char *const out04[][2] = {{"支出:201", "100.00"},
                                           {"支出:本年支出合计", "100.00"},
                                           {"支出:年末财政拨款结转和结余", "0.00"},
                                           {"支出:总计", "100.00"}};
    for (size_t i = 0; i < sizeof out04 / sizeof out04[0]; i++) {
        fx_set(d, 4, out04[i][0], NULL, NULL, "合计", out04[i][1]);
        fx_set(d, 4, out04[i][0], NULL, NULL, "一般公共预算财政拨款", out04[i][1]);
        fx_set(d, 4, out04[i][0], NULL, NULL, "政府性基金预算财政拨款", "0.00");
        fx_set(d, 4, out04[i][0], NULL, NULL, "国有资本经营预算财政拨款", "0.00");
    }
    /* 05 */
    fx_row(d, 5, "合计", "合计", (const char *[]){"100.00", "70.00", "30.00"});
    fx_row(d, 5, "201", "一般公共服务支出", (const char *[]){"100.00", "70.00", "30.00"});
    fx_row(d, 5, "20103", "政府办公厅（室）及相关机构事务",
           (const char *[]){"100.00", "70.00", "30.00"});
    fx_row(d, 5, "2010301", "行政运行", (const char *[]){"100.00", "70.00", "30.00"});
    /* 06 */
    fx_row(d, 6, "301", "工资福利支出", (const char *[]){"50.00"});
    fx_row(d, 6, "30101", "基本工资", (const char *[]){"30.00"});
    fx_row(d, 6, "30102", "津贴补贴", (const char *[]){"20.00"});
    fx_row(d, 6, "302", "商品和服务支出", (const char *[]){"20.00"});
    fx_row(d, 6, "30201", "办公费", (const char *[]){"20.00"});
    fx_set(d, 6, "人员经费合计", NULL, "人员经费合计", "决算数", "50.00");
    fx_set(d, 6, "公用经费合计", NULL, "公用经费合计", "决算数", "20.00");
    /* 07 */
    static const char *const v07[] = {"3.00", "0.00", "2.00", "0.00", "2.00", "1.00",
                                      "2.50", "0.00", "2.00", "0.00", "2.00", "0.50"};
    for (int c = 0; c < 12; c++)
        fx_set(d, 7, "三公经费", NULL, NULL, c07[c], v07[c]);
    /* 08, 09: a blank 合计 row and the explanation */
    js_table_row_add(d, d->tables[8], "合计", NULL, "合计", fx_loc());
    js_table_row_add(d, d->tables[9], "合计", NULL, "合计", fx_loc());
    d->tables[8]->empty_note =
        "本单位没有政府性基金收入，也没有使用政府性基金安排的支出，故本表无数据。";
    d->tables[9]->empty_note = "本单位无国有资本经营预算财政拨款支出。";
    /* 情况说明 */
    fx_section(d, JS_PART_NARRATIVE, 0, 3, "", "2020年度部门决算情况说明");
    static const char *const secs[] = {"收入支出决算总体情况说明",
                                       "收入决算情况说明",
                                       "支出决算情况说明",
                                       "财政拨款收入支出决算总体情况说明",
                                       "一般公共预算财政拨款支出决算情况说明",
                                       "一般公共预算财政拨款基本支出决算情况说明",
                                       "一般公共预算财政拨款三公经费支出决算情况说明",
                                       "政府性基金预算收入支出决算情况",
                                       "国有资本经营预算支出决算情况"};
    for (int i = 0; i < 9; i++) {
        char cn[16];
        fx_section(d, JS_PART_NARRATIVE, 1, i + 1,
                   js_arena_strdup(d->arena, js_cnum_fmt(i + 1, cn, sizeof cn)), secs[i]);
    }
    js_doc_para_add(d, "本部门严格执行预算，各项工作按计划完成。", 9, fx_loc(), 1);
    /* P1 */
    js_perf *p = js_doc_perf_add(d, 1);
    assert_non_null(p);
    p->name = "测试局";
    p->loc = fx_loc();
    js_perf_fund *f = js_perf_fund_add(d, p);
    f->name = "合计";
    f->budget_full = fx_pval("120.00", false);
    f->actual = fx_pval("120.00", false);
    f->weight = fx_pval("10", false);
    f->rate = fx_pval("100%", true);
    f->score = fx_pval("10", false);
    f = js_perf_fund_add(d, p);
    f->name = "其中：当年财政拨款";
    f->budget_full = fx_pval("100.00", false);
    f = js_perf_fund_add(d, p);
    f->name = "其他资金";
    f->budget_full = fx_pval("20.00", false);
    static const char *const iw[][3] = {
        {"产出指标", "50", "50"}, {"效益指标", "30", "28"}, {"满意度指标", "10", "10"}};
    for (int i = 0; i < 3; i++) {
        js_perf_ind *in = js_perf_ind_add(d, p);
        in->l1 = iw[i][0];
        in->l3 = iw[i][0];
        in->weight = fx_pval(iw[i][1], false);
        in->score = fx_pval(iw[i][2], false);
        in->loc = in->weight.loc;
    }
    p->total_weight = fx_pval("100", false);
    p->total_score = fx_pval("98", false);
    p->grade = "优";
    p->grade_loc = fx_loc();
    return d;
}

/* Run the checker; returns the findings (caller releases). */
static inline js_findings fx_check(const js_doc *d)
{
    static js_ctx *ctx;
    if (!ctx) {
        js_err err;
        ctx = js_ctx_new(&err);
        assert_non_null(ctx);
    }
    js_findings f;
    js_findings_init(&f);
    js_err err;
    js_err_clear(&err);
    assert_int_equal(js_check(ctx, d, &f, &err), JS_OK);
    return f;
}

/* The first finding of rule (and table, row, column when not NULL), or NULL. */
static inline const js_finding *fx_find(const js_findings *f, const char *rule, const char *table,
                                        const char *row, const char *col)
{
    for (int i = 0; i < f->n; i++) {
        const js_finding *x = &f->items[i];
        if (strcmp(x->rule, rule) != 0) continue;
        if (table && (!x->table || strcmp(x->table, table) != 0)) continue;
        if (row && (!x->row || strcmp(x->row, row) != 0)) continue;
        if (col && (!x->column || strcmp(x->column, col) != 0)) continue;
        return x;
    }
    return NULL;
}

static inline int fx_count(const js_findings *f, const char *rule)
{
    int n = 0;
    for (int i = 0; i < f->n; i++)
        n += strcmp(f->items[i].rule, rule) == 0;
    return n;
}

/* Print the findings (when a test fails, the log shows them). */
static inline void fx_dump(const js_findings *f)
{
    for (int i = 0; i < f->n; i++)
        print_message("  %s %s %s\n", f->items[i].rule, js_severity_name(f->items[i].severity),
                      f->items[i].message);
}

/* The text of a file of the source tree (rel: "tests/golden/input/…"), NUL-terminated;
 * the caller frees it. */
static inline char *fx_source_text(const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", JS_SOURCE_DIR, rel);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    long n = ftell(fp);
    assert_true(n >= 0);
    rewind(fp);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    s[n] = '\0';
    return s;
}

/* The 2024 Shanghai disclosure's layout text (tests/golden/input). */
static inline char *fx_shanghai_text(void)
{
    return fx_source_text("tests/golden/input/shanghai-putuo-finance-bureau-2024.txt");
}

#endif
