/* test_tables.c - the table recognizer (src/lib/ingest/tables.c) on small inline texts:
 * misaligned two-sided rows, 06 groups, split numbers, wrong labels, a table printed
 * twice, repeated rows, wrapped names, the 元 unit, contents lines, empty and cut tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "juesuan/juesuan.h"

#include "ctx_fixture.h"

static js_doc *parse(const char *text, int want)
{
    js_doc *doc = NULL;
    js_err err;
    js_err_clear(&err);
    int rc = js_parse_text(ctx, "t.txt", text, strlen(text), &doc, &err);
    if (rc != want) fprintf(stderr, "rc %d: %s\n", rc, err.msg);
    assert_int_equal(rc, want);
    assert_non_null(doc);
    return doc;
}

#define WAN(x) ((js_amount)((x)*100 + ((x) >= 0 ? 0.5 : -0.5)) * 10000)

/* A cell of a table and the value it must have. */
typedef struct expect {
    const char *row, *col;
    js_amount value;
} expect;

/* Table no of d is there and holds each of want[0..n). */
static void assert_values(const js_doc *d, int no, const expect *want, size_t n)
{
    const js_table *t = d->tables[no];
    assert_non_null(t);
    for (size_t i = 0; i < n; i++) {
        js_amount got = js_table_value(t, want[i].row, want[i].col);
        if (got != want[i].value) print_message("%s %s\n", want[i].row, want[i].col);
        assert_int_equal(got, want[i].value);
    }
}

static bool has_note(const js_doc *d, const char *code, int table)
{
    for (int i = 0; i < d->nnotes; i++)
        if (strcmp(d->notes[i].code, code) == 0 && d->notes[i].table == table) return true;
    return false;
}

/* 01 whose expenditure side is cut short and numbered from 32; 04 rows with six values for
 * four columns and the 年初 sub-rows; a contents line that is not the table. */
static void two_sided(void **state)
{
    (void)state;
    js_doc *d = parse(
        "2021年度部门决算\n"
        "一、收入支出决算总表\n"
        "四、财政拨款收入支出决算总表\n"
        "第二部分\n"
        "收入支出决算总表\n"
        "公开 01 表\n"
        "部门：某某中心\n"
        "单位：万元\n"
        "收入\t\t\t支出\t\t\n"
        "项目\t行次\t金额\t项目\t行次\t金额\n"
        "一、一般公共预算财政拨款收入\t1\t463.48\t一、一般公共服务支出\t32\t268.47\n"
        "二、政府性基金预算财政拨款收入\t2\t0\t六、科学技术支出\t33\t185.70\n"
        "八、其他收入\t8\t163.06\t七、资源勘探工业信息等支出\t34\t153.52\n"
        "\t9\t\t\t35\t\n"
        "本年收入合计\t10\t626.55\t本年支出合计\t36\t607.68\n"
        "使用非财政拨款结余\t11\t53.17\t结余分配\t37\t72.04\n"
        "总计\t13\t679.72\t总计\t39\t679.72\n"
        "注：本表反映部门本年度的总收支。\n"
        "财政拨款收入支出决算总表\n"
        "公开 04 表\n"
        "收入\t\t\t支出\t\t\t\t\t\n"
        "项目\t行次\t金额\t项目\t行次\t合计\t一般公共预算财政拨款\t政府性基金预算财政拨款\t国有资本"
        "经营预算财政拨款\n"
        "一、一般公共预算财政拨款\t1\t5,531.10\t一、一般公共服务支出\t33\t4,680.26\t4,680.26\t0."
        "00\t0.00\t0.00\t0.00\n"
        "年初财政拨款结转和结余\t10\t2.00\t年末财政拨款结转和结余\t24\t3.00\t3.00\t0.00\t0.00\n"
        "一般公共预算财政拨款\t11\t2.00\t\t25\t\t\t\t\n"
        "总计\t14\t5,533.10\t总计\t28\t5,533.10\t5,533.10\t0.00\t0.00\n"
        "第三部分\n",
        JS_OK);
    assert_int_equal(d->year, 2021);
    assert_string_equal(d->dept, "某某中心");
    assert_string_equal(d->form, "2020");
    js_table *t = d->tables[1];
    assert_non_null(t);
    assert_int_equal(t->loc.line, 5); /* not the contents line 2 */
    assert_int_equal(js_table_value(t, "支出:201", "决算数"), WAN(268.47));
    assert_int_equal(js_table_value(t, "支出:206", "决算数"), WAN(185.70));
    assert_int_equal(js_table_value(t, "支出:215", "决算数"), WAN(153.52));
    assert_int_equal(js_table_value(t, "收入:其他收入", "决算数"), WAN(163.06));
    assert_int_equal(js_table_value(t, "收入:总计", "决算数"), WAN(679.72));
    assert_int_equal(js_table_value(t, "支出:结余分配", "决算数"), WAN(72.04));
    assert_int_equal(js_table_row(t, "支出:201")->lineno, 32);
    assert_int_equal(js_table_row(t, "支出:201")->cells[0].loc.line, 11);
    js_table *t4 = d->tables[4];
    assert_non_null(t4);
    assert_int_equal(js_table_value(t4, "收入:一般公共预算财政拨款", "金额"), WAN(5531.10));
    assert_int_equal(js_table_value(t4, "收入:年初:一般公共预算财政拨款", "金额"), WAN(2.00));
    assert_int_equal(js_table_value(t4, "支出:201", "合计"), WAN(4680.26));
    assert_int_equal(js_table_value(t4, "支出:201", "一般公共预算财政拨款"), WAN(4680.26));
    assert_int_equal(js_table_value(t4, "支出:总计", "一般公共预算财政拨款"), WAN(5533.10));
    assert_int_equal(js_table_value(t4, "支出:年末财政拨款结转和结余", "合计"), WAN(3.00));
    assert_false(t4->truncated);
    js_doc_free(d);
}

/* 06: three groups, code and name in one cell or apart, a shifted cell, a stray
 * "310 101", the totals line with its values shifted. */
static void econ_groups(void **state)
{
    (void)state;
    js_doc *d =
        parse("一般公共预算财政拨款基本支出决算表\n"
              "公开06表\n"
              "科目编码\t科目名称\t决算数\t科目编码\t科目名称\t决算数\t科目编码\t科目名称\t决算数\n"
              "301 工资福利支出\t\t1,671.04\t302\t商品和服务支出\t2,770.10\t310 101 "
              "资本性支出\t\t112.96\n"
              "30101\t基本工资\t551.40\t30201 办公费\t\t162.56\t31002\t办公设备购置\t111.36\n"
              "\t\t30299 其他商品和服务支出\t\t317.70\t\t\t\n"
              "\t人员经费合计\t2,146.06\t\t公用经费合计\t\t\t\t2,883.06\n"
              "注：本表反映基本支出明细情况。\n"
              "第三部分\n",
              JS_OK);
    js_table *t = d->tables[6];
    assert_non_null(t);
    assert_int_equal(js_table_value(t, "301", "决算数"), WAN(1671.04));
    assert_int_equal(js_table_value(t, "302", "决算数"), WAN(2770.10));
    assert_int_equal(js_table_value(t, "310", "决算数"), WAN(112.96));
    assert_int_equal(js_table_value(t, "30101", "决算数"), WAN(551.40));
    assert_int_equal(js_table_value(t, "30201", "决算数"), WAN(162.56));
    assert_int_equal(js_table_value(t, "31002", "决算数"), WAN(111.36));
    assert_int_equal(js_table_value(t, "30299", "决算数"), WAN(317.70));
    assert_int_equal(js_table_value(t, "人员经费合计", "决算数"), WAN(2146.06));
    assert_int_equal(js_table_value(t, "公用经费合计", "决算数"), WAN(2883.06));
    assert_string_equal(js_table_row(t, "30101")->name, "基本工资");
    js_doc_free(d);
}

/* 05 with split numbers, the wrong label on a 三公 table, a table printed twice,
 * repeated rows at the end of a table. */
static void labels_copies_rows(void **state)
{
    (void)state;
    js_doc *d = parse("一般公共预算财政拨款支出决算表\n"
                      "公开 05 表\n"
                      "项目\t\t本年支出\t\t\n"
                      "功能分类科目编码\t科目名称\t小计\t基本支出\t项目支出\n"
                      "栏次\t\t1\t2\t3\n"
                      "合计\t\t186. 67\t107. 20\t79. 47\n"
                      "201\t一般公共服务支出\t137. 68\t107. 20\t30. 48\n"
                      "20103\t政府办公厅（室）及相关机构事务\t137.68\t107.20\t30.48\n"
                      "201\t一般公共服务支出\t137.68\t107.20\t30.48\n"
                      "注：本表反映支出情况。\n"
                      "一般公共预算财政拨款“三公”经费支出决算表\n"
                      "公开 03 表\n"
                      "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\n"
                      "6.00\t0.00\t0.00\t0.00\t0.00\t6.00\t0.08\t0.00\t0.00\t0.00\t0.00\t0.08\n"
                      "一般公共预算财政拨款支出决算表\n"
                      "公开 05 表\n"
                      "合计\t\t186.67\t107.20\t79.47\n"
                      "第三部分\n",
                      JS_OK);
    js_table *t = d->tables[5];
    assert_non_null(t);
    assert_int_equal(js_table_value(t, "合计", "小计"), WAN(186.67));
    assert_int_equal(js_table_value(t, "201", "项目支出"), WAN(30.48));
    assert_int_equal(t->rows[3].dup_of, 1);
    assert_true(has_note(d, "ROW-TWICE", 5));
    assert_int_equal(t->copies, 2);
    assert_int_equal(t->copy_loc.line, 15);
    assert_true(has_note(d, "TABLE-TWICE", 5));
    js_table *s = d->tables[7];
    assert_non_null(s);
    assert_null(d->tables[3]);
    assert_string_equal(s->label, "03");
    assert_true(has_note(d, "LABEL", 7));
    assert_int_equal(js_table_value(s, "三公经费", "预算:合计"), WAN(6.00));
    assert_int_equal(js_table_value(s, "三公经费", "决算:公务接待费"), WAN(0.08));
    assert_int_equal(js_table_value(s, "三公经费", "决算:合计"), WAN(0.08));
    js_doc_free(d);
}

/* A table continued on a new page under its title again (with （续）): the new rows are
 * read, it is not a copy; a label on the title's line. */
static void continued_under_title(void **state)
{
    (void)state;
    js_doc *d = parse("收入决算表\t公开03表\n"
                      "合计\t\t10.00\t10.00\t0\t0\t0\t0\t0\n"
                      "201\t一般公共服务支出\t4.00\t4.00\t0\t0\t0\t0\t0\n"
                      "收入决算表（续）\n"
                      "208\t社会保障和就业支出\t6.00\t6.00\t0\t0\t0\t0\t0\n"
                      "注：本表反映收入。\n"
                      "第三部分\n",
                      JS_OK);
    js_table *t = d->tables[2];
    assert_non_null(t);
    assert_int_equal(t->copies, 1);
    assert_false(has_note(d, "TABLE-TWICE", 2));
    assert_int_equal(js_table_value(t, "208", "本年收入合计"), WAN(6.00));
    assert_int_equal(t->end.line, 6);
    assert_string_equal(t->label, "03"); /* printed on the title's line */
    assert_true(has_note(d, "LABEL", 2));
    js_doc_free(d);
}

/* 07 whose twelve values are printed six and six on two lines. */
static void sangong_two_lines(void **state)
{
    (void)state;
    js_doc *d = parse("一般公共预算财政拨款“三公”经费支出决算表\n"
                      "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\n"
                      "310.00\t64.00\t191.00\t91.00\t100.00\t55.00\n"
                      "161.33\t0.00\t153.89\t55.55\t98.35\t7.44\n"
                      "注：本表反映三公经费。\n"
                      "第三部分\n",
                      JS_OK);
    static const expect want[] = {
        {"三公经费", "预算:合计", WAN(310.00)},     {"三公经费", "预算:公务接待费", WAN(55.00)},
        {"三公经费", "决算:合计", WAN(161.33)},     {"三公经费", "决算:公务用车运行费", WAN(98.35)},
        {"三公经费", "决算:公务接待费", WAN(7.44)},
    };
    assert_values(d, 7, want, sizeof want / sizeof want[0]);
    js_doc_free(d);
}

/* Printing variants of other documents: the department's name before the title, zeros
 * printed "-" or "—" or left empty (the other side's 行次 on a row whose name is on one
 * side only is no value), no 栏次 line (values placed under the header cells), a 07 line
 * with "-" for zero under a title wrapped over two lines with other quotation marks. */
static void printing_variants(void **state)
{
    (void)state;
    js_doc *d =
        parse("株洲市某某局收入支出决算总表\n"
              "公开01表\n"
              "部门：株洲市某某局\n"
              "单位：万元\n"
              "收入\t\t\t支出\t\t\n"
              "项目\t行次\t决算数\t项目\t行次\t决算数\n"
              "一、一般公共预算财政拨款收入\t1\t75.40\t一、一般公共服务支出\t14\t75.40\n"
              "二、政府性基金预算财政拨款收入\t2\t-\t七、文化旅游体育与传媒支出\t20\t—\n"
              "八、其他收入\t8\t\t\t22\t\n"
              "本年收入合计\t10\t75.40\t本年支出合计\t30\t75.40\n"
              "总计\t13\t75.40\t总计\t39\t75.40\n"
              "注：本表反映部门本年度的总收支。\n"
              "株洲市某某局2020年度一般公共预算财政拨款支出决算表\n"
              "公开表05\n"
              "单位：万元\n"
              "科目编码\t科目名称\t小计\t基本支出\t项目支出\n"
              "合计\t\t75.40\t\t75.40\n"
              "201\t一般公共服务支出\t75.40\t-\t75.40\n"
              "注：本表反映一般公共预算财政拨款支出。\n"
              "一般公共预算财政拨款‘三公’经费\n"
              "支出决算表\n"
              "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\n"
              "310.00\t-\t191.00\t91.00\t100.00\t55.00\t161.33\t—\t153.89\t55.55\t98.35\t7.44\n"
              "注：本表反映三公经费。\n"
              "第三部分\n",
              JS_OK);
    js_table *t = d->tables[1];
    assert_non_null(t);
    assert_int_equal(t->loc.line, 1);
    assert_int_equal(js_table_value(t, "收入:一般公共预算财政拨款收入", "决算数"), WAN(75.40));
    assert_int_equal(js_table_value(t, "收入:政府性基金预算财政拨款收入", "决算数"), 0);
    assert_int_equal(js_table_value(t, "收入:其他收入", "决算数"), 0); /* not the 22 */
    assert_int_equal(js_table_value(t, "支出:207", "决算数"), 0);
    assert_int_equal(js_table_value(t, "支出:本年支出合计", "决算数"), WAN(75.40));
    js_table *t5 = d->tables[5];
    assert_non_null(t5);
    assert_int_equal(t5->loc.line, 13);
    assert_int_equal(js_table_value(t5, "合计", "小计"), WAN(75.40));
    assert_int_equal(js_table_value(t5, "合计", "基本支出"), 0);
    assert_int_equal(js_table_value(t5, "合计", "项目支出"), WAN(75.40));
    assert_int_equal(js_table_value(t5, "201", "基本支出"), 0);
    assert_int_equal(js_table_value(t5, "201", "项目支出"), WAN(75.40));
    js_table *s = d->tables[7];
    assert_non_null(s);
    assert_int_equal(s->loc.line, 20);
    assert_int_equal(js_table_value(s, "三公经费", "预算:合计"), WAN(310.00));
    assert_int_equal(js_table_value(s, "三公经费", "预算:公务用车购置及运行费"), WAN(191.00));
    assert_int_equal(js_table_value(s, "三公经费", "决算:公务用车购置及运行费"), WAN(153.89));
    assert_int_equal(js_table_value(s, "三公经费", "决算:公务接待费"), WAN(7.44));
    js_doc_free(d);
}

/* The label and unit printed above the title belong to that table, not to the one
 * before it. */
static void unit_above_title(void **state)
{
    (void)state;
    js_doc *d = parse("收入决算表\n"
                      "单位：万元\n"
                      "合计\t\t1.00\t1.00\t0\t0\t0\t0\t0\n"
                      "注：本表反映收入。\n"
                      "公开03表\n"
                      "单位：元\n"
                      "支出决算表\n"
                      "合计\t\t1,234.00\t1,234.00\t0\t0\t0\t0\n"
                      "注：本表反映支出。\n"
                      "第三部分\n",
                      JS_OK);
    js_table *t2 = d->tables[2], *t3 = d->tables[3];
    assert_non_null(t2);
    assert_non_null(t3);
    assert_int_equal(t2->unit, JS_UNIT_WANYUAN);
    assert_int_equal(js_table_value(t2, "合计", "本年收入合计"), WAN(1.00));
    assert_int_equal(t3->unit, JS_UNIT_YUAN);
    assert_int_equal(js_table_value(t3, "合计", "本年支出合计"), 123400);
    js_doc_free(d);
}

/* 元 unit; an empty 07 with its sentence; an empty 08. */
static void yuan_and_empty(void **state)
{
    (void)state;
    js_doc *d = parse("收入决算表\n"
                      "单位：元\n"
                      "合计\t\t1,234,567.89\t1,234,567.89\t0\t0\t0\t0\t0\n"
                      "注：本表反映收入。\n"
                      "一般公共预算财政拨款“三公”经费支出决算表\n"
                      "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\n"
                      "注：本表反映三公经费。\n"
                      "\n"
                      "2020 年度本单位无三公经费支出。\n"
                      "第三部分\n",
                      JS_OK);
    js_table *t = d->tables[2];
    assert_non_null(t);
    assert_int_equal(t->unit, JS_UNIT_YUAN);
    assert_int_equal(js_table_value(t, "合计", "本年收入合计"), 123456789);
    js_table *s = d->tables[7];
    assert_non_null(s);
    assert_non_null(s->empty_note);
    assert_non_null(strstr(s->empty_note, "无三公经费支出"));
    assert_int_equal(s->empty_loc.line, 9);
    assert_int_equal(s->nrows, 0);
    js_doc_free(d);
}

/* pdftotext -layout text: columns by spaces, codes in three columns, a wrapped name,
 * numbers placed under their header words. */
static void layout_text(void **state)
{
    (void)state;
    js_doc *d = parse("2024年度部门决算\n"
                      "                  一般公共预算财政拨款支出决算表\n"
                      "                                                           单位：万元\n"
                      "      支出功能分类\n"
                      "                                      合计        基本支出    项目支出\n"
                      "类      款    项\n"
                      "201               一般公共服务支出           2,106.66   1,503.52    603.14\n"
                      "201     06   02   一般行政管理事务              10.00                10.00\n"
                      "208     05   05                        160.75     160.75\n"
                      "                  机关事业单位基本养老保险\n"
                      "                   合计                2,940.05   2,336.91    603.14\n"
                      "第三部分 情况说明\n",
                      JS_OK);
    assert_string_equal(d->form, "2024-shanghai");
    js_table *t = d->tables[5];
    assert_non_null(t);
    assert_int_equal(js_table_value(t, "201", "小计"), WAN(2106.66));
    assert_int_equal(js_table_value(t, "2010602", "小计"), WAN(10.00));
    assert_int_equal(js_table_value(t, "2010602", "项目支出"), WAN(10.00));
    assert_int_equal(js_table_value(t, "2010602", "基本支出"), 0);
    assert_int_equal(js_table_value(t, "2080505", "基本支出"), WAN(160.75));
    assert_string_equal(js_table_row(t, "2080505")->name, "机关事业单位基本养老保险");
    assert_int_equal(js_table_value(t, "合计", "基本支出"), WAN(2336.91));
    js_doc_free(d);
}

/* Layout text of a 2024 06: values on the line above or on the code line, 款 digits and
 * names on the line below, two groups told apart by the x of their codes. */
static void layout_econ(void **state)
{
    (void)state;
    js_doc *d =
        parse("2024年度部门决算\n"
              "                    一般公共预算财政拨款基本支出决算表\n"
              "                                                                 单位：万元\n"
              "    经济分类                                   经济分类\n"
              "类                                      类\n"
              "301                         2,082.85   302                           171.07\n"
              "            工资福利支出                                 商品和服务支出\n"
              "\n"
              "                            262.33                                   21.21\n"
              "301    01                              302\n"
              "            基本工资                              01   办公费\n"
              "\n"
              "                                                                      0.09\n"
              "301    03                              302\n"
              "            奖金                                04   手续费\n"
              "                                    310\n"
              "                                          99    其他资本性支出\n"
              "                         2,152.26                                 184.65\n"
              "           人员经费合计                              公用经费合计\n"
              "第三部分\n",
              JS_OK);
    js_table *t = d->tables[6];
    assert_non_null(t);
    assert_int_equal(js_table_value(t, "301", "决算数"), WAN(2082.85));
    assert_int_equal(js_table_value(t, "302", "决算数"), WAN(171.07));
    assert_int_equal(js_table_value(t, "30101", "决算数"), WAN(262.33));
    assert_int_equal(js_table_value(t, "30201", "决算数"), WAN(21.21));
    assert_int_equal(js_table_value(t, "30204", "决算数"), WAN(0.09));
    assert_non_null(js_table_row(t, "30103"));
    assert_int_equal(js_table_value(t, "30103", "决算数"), 0);
    assert_non_null(js_table_row(t, "31099"));
    assert_string_equal(js_table_row(t, "30101")->name, "基本工资");
    assert_string_equal(js_table_row(t, "30204")->name, "手续费");
    assert_int_equal(js_table_value(t, "人员经费合计", "决算数"), WAN(2152.26));
    assert_int_equal(js_table_value(t, "公用经费合计", "决算数"), WAN(184.65));
    assert_int_equal(js_table_row(t, "30101")->cells[0].loc.line, 9); /* the line above */
    js_doc_free(d);
}

/* Layout text of a 2024 04: amounts printed on the line above their row, names wrapped,
 * the two 总计 told apart by order; and single-space gaps between a number and a name
 * (pdftotext of a 2020 form). */
static void layout_two_sided(void **state)
{
    (void)state;
    js_doc *d = parse(
        "2024年度部门决算\n"
        "                            财政拨款收入支出决算总表\n"
        "          收入                                        支出\n"
        "               2,940.05\n"
        "一、一般公共预算财政拨款              一、一般公共服务支出     2,106.66        2,106.66\n"
        "二、政府性基金预算财政拨\n"
        "                          二、外交支出\n"
        "款\n"
        "                          八、社会保障和就业支出     326.71          326.71\n"
        "               2,940.05                  2,940.05\n"
        "   本年收入合计                    本年支出合计                  2,940.05\n"
        "年初财政拨款结转和结余     21.63     年末财政拨款结转和结余     21.63        21.63\n"
        "一、一般公共预算财政拨款    21.63\n"
        "     总计        2,961.68        总计         2,961.68     2,961.68\n"
        "                  收入支出决算总表\n"
        "收入                          支出\n"
        "项 目              行次 决算数 项 目                 行次 决算数\n"
        "一、一般公共预算财政拨款收入       1   75.40 一、一般公共服务支出    14   75.40\n"
        "八、其他收入              8 103.82 八、社会保障和就业支出     21\n"
        "总计                 13 179.22 总计                   26  179.22\n"
        "第三部分\n",
        JS_OK);
    js_table *t = d->tables[4];
    assert_non_null(t);
    assert_int_equal(js_table_value(t, "收入:一般公共预算财政拨款", "金额"), WAN(2940.05));
    assert_int_equal(js_table_value(t, "支出:201", "合计"), WAN(2106.66));
    assert_int_equal(js_table_value(t, "支出:201", "一般公共预算财政拨款"), WAN(2106.66));
    assert_int_equal(js_table_value(t, "支出:208", "一般公共预算财政拨款"), WAN(326.71));
    assert_non_null(js_table_row(t, "收入:政府性基金预算财政拨款"));
    assert_int_equal(js_table_value(t, "收入:本年收入合计", "金额"), WAN(2940.05));
    assert_int_equal(js_table_value(t, "支出:本年支出合计", "合计"), WAN(2940.05));
    assert_int_equal(js_table_value(t, "支出:本年支出合计", "一般公共预算财政拨款"), WAN(2940.05));
    assert_int_equal(js_table_value(t, "收入:年初:一般公共预算财政拨款", "金额"), WAN(21.63));
    assert_int_equal(js_table_value(t, "收入:总计", "金额"), WAN(2961.68));
    assert_int_equal(js_table_value(t, "支出:总计", "合计"), WAN(2961.68));
    js_table *t1 = d->tables[1];
    assert_non_null(t1);
    assert_int_equal(js_table_value(t1, "收入:一般公共预算财政拨款收入", "决算数"), WAN(75.40));
    assert_int_equal(js_table_value(t1, "支出:201", "决算数"), WAN(75.40));
    assert_int_equal(js_table_row(t1, "支出:201")->lineno, 14);
    assert_int_equal(js_table_value(t1, "收入:其他收入", "决算数"), WAN(103.82));
    assert_int_equal(js_table_value(t1, "支出:208", "决算数"), 0); /* 21 is its 行次 */
    assert_int_equal(js_table_value(t1, "支出:总计", "决算数"), WAN(179.22));
    js_doc_free(d);
}

/* Layout text of a narrow 04 (LibreOffice, names wrapped over three lines, centred on
 * figures that print no name on their line): the 年初 row and its sub-rows each take as
 * many lines below as above (not the next row's top line); a sub-row's name ends on a
 * line of its own, `款`, which is not the 款 label of a coded table's header; the 总计
 * row keeps its own figure (it took the 6 of a sub-row before). */
static void layout_wrapped_sub_row(void **state)
{
    (void)state;
    js_doc *d =
        parse("2020年度部门决算\n"
              "                                          财政拨款收入支出决算总表\n"
              "                                                                                    "
              "                          公开04表\n"
              "部门：东岭县农业农村局                                                              "
              "                                    单位：万元\n"
              "\n"
              "              收入                                                      支出\n"
              "                                                                                    "
              "           政府性基金预算 国有资本经营预\n"
              "     项目     行次         金额                 项目      行次        合计          "
              "    一般公共预算财政拨款\n"
              "                                                                                    "
              "            财政拨款    算财政拨款\n"
              "     栏次                  1                栏次                  2                 "
              " 3                4          5\n"
              "一、一般公共预算财                            一、一般公共服务支\n"
              "                   1   81,763,261.57                   10   81,763,261.57      "
              "81,763,261.57          0.00       0.00\n"
              "政拨款                                  出\n"
              "本年收入合计             4   81,763,261.57 本年支出合计            36   "
              "81,763,261.57      81,763,261.57          0.00       0.00\n"
              "年初财政拨款结转和                           年末财政拨款结转和\n"
              "                   5          20.00                    37           20.00           "
              "    0.00          0.00       0.00\n"
              "结余                                  结余\n"
              "一般公共预算财政拨\n"
              "                   6          20.00\n"
              "款\n"
              "政府性基金预算财政\n"
              "                   7           0.00\n"
              "拨款\n"
              "国有资本经营预算财\n"
              "                   8           0.00\n"
              "政拨款\n"
              "总计                 9   81,763,281.57 总计                38   81,763,281.57      "
              "81,763,281.57          0.00       0.00\n"
              "第三部分\n",
              JS_OK);
    static const expect want[] = {
        {"收入:一般公共预算财政拨款", "金额", WAN(81763261.57)},
        {"收入:年初财政拨款结转和结余", "金额", WAN(20.00)},
        {"收入:年初:一般公共预算财政拨款", "金额", WAN(20.00)},
        {"支出:年末财政拨款结转和结余", "合计", WAN(20.00)},
        {"收入:总计", "金额", WAN(81763281.57)},
        {"支出:总计", "合计", WAN(81763281.57)},
    };
    assert_values(d, 4, want, sizeof want / sizeof want[0]);
    js_doc_free(d);
}

/* Layout text of a 01 over A5 pages (LibreOffice): on the second page only the
 * expenditure side goes on, its names where the income side's were; a name wrapped
 * around its figures ends on a line holding only `支出`, which is the end of the name, not
 * the 支出 header word. */
static void layout_lone_zhichu(void **state)
{
    (void)state;
    js_doc *d = parse(
        "2020年度部门决算\n"
        "                           收入支出决算总表\n"
        "                                                                   公开01表\n"
        "部门：金江市财政局                                                         单位：万元\n"
        "             收入                                        支出\n"
        "\n"
        "     项目           行次       决算数               项目         行次        决算数\n"
        "\n"
        "     栏次                     1                栏次                    2\n"
        "\n"
        "一、一般公共预算财政拨款收\n"
        "                       1   41,686.49 一、一般公共服务支出              13   28,606.86\n"
        "入\n"
        "二、政府性基金预算财政拨款\n"
        "                       2         0.00 二、外交支出                 14         0.00\n"
        "收入\n"
        "三、国有资本经营预算财政拨\n"
        "                       3         0.00 三、国防支出                 15         0.00\n"
        "款收入\n"
        "四、上级补助收入               4         0.00 四、公共安全支出               16         "
        "0.00\n"
        "\n"
        "五、事业收入                 5         0.00 五、教育支出                 17         0.00\n"
        "\n"
        "六、经营收入                 6         0.00 六、科学技术支出               18    "
        "5,129.61\n"
        "\n"
        "                                        七、文化旅游体育与传媒支\n"
        "七、附属单位上缴收入             7         0.00                        19         0.00\n"
        "                                        出\n"
        "八、其他收入                 8         0.00 八、社会保障和就业支出            20         "
        "0.00\n"
        "\f     收入                             支出\n"
        "\n"
        "项目        行次   决算数        项目         行次        决算数\n"
        "\n"
        "栏次              1         栏次                    2\n"
        "\n"
        "                     九、卫生健康支出             21   13,985.24\n"
        "\n"
        "                     十、节能环保支出             22         0.00\n"
        "\n"
        "                     十一、城乡社区支出            23         0.00\n"
        "\n"
        "                     十二、农林水支出             24         0.00\n"
        "\n"
        "                     十三、交通运输支出            25         0.00\n"
        "\n"
        "                     十四、资源勘探工业信息等\n"
        "                                          26    8,208.07\n"
        "                     支出\n"
        "                     十五、商业服务业等支出          27         0.00\n"
        "\n"
        "                     十六、金融支出              28         0.00\n"
        "第三部分\n",
        JS_OK);
    js_table *t = d->tables[1];
    assert_non_null(t);
    assert_int_equal(js_table_value(t, "支出:206", "决算数"), WAN(5129.61));
    assert_int_equal(js_table_value(t, "支出:210", "决算数"), WAN(13985.24));
    assert_int_equal(js_table_value(t, "支出:215", "决算数"), WAN(8208.07));
    js_doc_free(d);
}

/* A text that stops inside a table keeps what was read (issue #12): the table is
 * marked truncated, the cut is noted; only a text with nothing of a disclosure is an
 * input error naming the file. */
static void cut_short(void **state)
{
    (void)state;
    js_doc *doc = NULL;
    js_err err;
    const char *text = "收入决算表\n单位：万元\n201\t一般公共服务支出\t5.00\t5.00\t0\t0\t0\t0\t0\n";
    int rc = js_parse_text(ctx, "cut.txt", text, strlen(text), &doc, &err);
    assert_int_equal(rc, JS_OK);
    assert_true(doc->tables[2]->truncated);
    assert_int_equal(js_table_value(doc->tables[2], "201", "财政拨款收入"), WAN(5.00));
    bool cut = false;
    for (int i = 0; i < doc->nnotes; i++)
        cut = cut || strcmp(doc->notes[i].code, "CUT-SHORT") == 0;
    assert_true(cut);
    js_doc_free(doc);
    const char *toc = "目录\n一、收入支出决算总表\n二、收入决算表\n三、支出决算表\n第一部分 概况\n";
    rc = js_parse_text(ctx, "toc.txt", toc, strlen(toc), &doc, &err);
    assert_int_equal(rc, JS_OK);
    assert_int_equal(doc->nnotes, 1);
    assert_string_equal(doc->notes[0].code, "CUT-SHORT");
    assert_int_equal(doc->notes[0].loc.line, 2);
    js_doc_free(doc);
    const char *prose = "今天天气很好。\n";
    rc = js_parse_text(ctx, "prose.txt", prose, strlen(prose), &doc, &err);
    assert_int_equal(rc, JS_EINPUT);
    assert_non_null(strstr(err.msg, "prose.txt"));
    js_doc_free(doc);
}

/* 01 and 04 printed without their 行次 column (some provinces drop it; the corpus layout
 * `bare`, LibreOffice's PDF through pdftotext -layout): a row whose names wrap prints only
 * its figures on its middle line (`一、一般公共预算财政` / `154,456,000.24  90,622,482.27` /
 * `拨款收入  出`); those figures had gone to the rows under them (一般公共预算's to
 * 国有资本经营预算's, 201's to 203's). */
static void layout_no_lineno(void **state)
{
    (void)state;
    js_buf b;
    js_buf_init(&b);
    js_err err;
    js_err_clear(&err);
    assert_int_equal(js_file_read(JS_SOURCE_DIR "/tests/corpus/bare/01-04-layout.txt", &b, &err),
                     JS_OK);
    js_buf_putc(&b, 0);
    js_doc *d = parse(b.data, JS_OK);
    js_buf_release(&b);
    const expect t1[] = {
        {"收入:一般公共预算财政拨款收入", "决算数", WAN(154456000.24)},
        {"收入:政府性基金预算财政拨款收入", "决算数", WAN(23878099.50)},
        {"收入:国有资本经营预算财政拨款收入", "决算数", 0},
        {"支出:201", "决算数", WAN(90622482.27)},
        {"支出:203", "决算数", 0},
        {"支出:207", "决算数", WAN(11068039.34)},
        {"支出:208", "决算数", WAN(18908442.02)},
        {"收入:总计", "决算数", WAN(178334099.74)},
    };
    assert_values(d, 1, t1, sizeof t1 / sizeof t1[0]);
    const expect t4[] = {
        {"收入:一般公共预算财政拨款", "金额", WAN(154456000.24)},
        {"收入:国有资本经营预算财政拨款", "金额", 0},
        {"支出:201", "合计", WAN(90622482.27)},
        {"支出:201", "政府性基金预算财政拨款", WAN(13900118.98)},
        {"支出:总计", "合计", WAN(178334099.74)},
    };
    assert_values(d, 4, t4, sizeof t4 / sizeof t4[0]);
    js_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_sided),
        cmocka_unit_test(econ_groups),
        cmocka_unit_test(labels_copies_rows),
        cmocka_unit_test(yuan_and_empty),
        cmocka_unit_test(layout_text),
        cmocka_unit_test(layout_econ),
        cmocka_unit_test(layout_two_sided),
        cmocka_unit_test(continued_under_title),
        cmocka_unit_test(sangong_two_lines),
        cmocka_unit_test(cut_short),
        cmocka_unit_test(printing_variants),
        cmocka_unit_test(unit_above_title),
        cmocka_unit_test(layout_wrapped_sub_row),
        cmocka_unit_test(layout_lone_zhichu),
        cmocka_unit_test(layout_no_lineno),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
