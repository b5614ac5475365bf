/* test_tables_raw.c - tables in text extracted without layout (plain `pdftotext`, one cell
 * a line in the order of its reading pass: src/lib/ingest/tables_raw.c and
 * tables_raw_sides.c), on the text of a LibreOffice-printed disclosure (tests/corpus). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "juesuan/juesuan.h"

#include "ctx_fixture.h"

/* The text with each '|' a line break (the fixtures are one cell a line). */
static js_doc *parse_cells(const char *cells)
{
    size_t n = strlen(cells);
    char *text = malloc(n + 1);
    assert_non_null(text);
    for (size_t i = 0; i <= n; i++)
        text[i] = cells[i] == '|' ? '\n' : cells[i];
    js_doc *doc = NULL;
    js_err err;
    js_err_clear(&err);
    int rc = js_parse_text(ctx, "raw.txt", text, n, &doc, &err);
    free(text);
    if (rc != JS_OK) fprintf(stderr, "rc %d: %s\n", rc, err.msg);
    assert_int_equal(rc, JS_OK);
    assert_non_null(doc);
    return doc;
}

#define WAN(x) ((js_amount)((x)*100 + ((x) >= 0 ? 0.5 : -0.5)) * 10000)

/* 01 as pdftotext prints it from a page with names wrapped over two lines: the 行次 of two
 * rows before their figures (`2` / `13` / 90,622,482.27 / 23,878,099.50), 行次 and figures
 * of nine rows before a block of their names, the header repeated with its 栏次 `1` `2`,
 * a total's figure drawn before its 行次, names cut by a figure (`八、社会保障和就业` /
 * `1.08` / `支出`). Some zeros of the printed text made distinct figures here. */
static void raw_two_sided(void **state)
{
    (void)state;
    js_doc *d =
        parse_cells("2021年度部门决算|"
                    "收入支出决算总表|公开01表|单位：万元|"
                    "部门：石门县自然资源局|收入|项目|支出|行次|栏次|"
                    "一、一般公共预算财政|拨款收入|二、政府性基金预算财|"
                    "政拨款收入|三、国有资本经营预算|财政拨款收入|决算数|"
                    "项目|1|栏次|1|154,456,000.24|2|一、一般公共服务支|出|行次|"
                    "决算数|2|13|90,622,482.27|23,878,099.50 二、外交支出|14|0.00|3|"
                    "1.03 三、国防支出|15|2.15|四、上级补助收入|4|"
                    "0.00 四、公共安全支出|16|0.00|五、事业收入|5|"
                    "0.00 五、教育支出|17|0.00|六、经营收入|6|"
                    "0.00 六、科学技术支出|18|0.00|七、附属单位上缴收入|7|1.07|19|"
                    "11,068,039.34|八、其他收入|8|20|18,908,442.02|九、卫生健康支出|21|"
                    "0.00|十、节能环保支出|22|0.00|十一、城乡社区支出|23|0.00|"
                    "十二、农林水支出|24|0.00|十三、交通运输支出|25|0.00|26|2.26|27|"
                    "0.00|28|0.00|29|0.00|30|0.00|31|0.00|32|0.00|33|0.00|34|2.34|"
                    "二十三、其他支出|35|0.00|二十四、债务还本支|出|36|0.00|"
                    "七、文化旅游体育与|传媒支出|八、社会保障和就业|1.08|"
                    "支出|十四、资源勘探工业|信息等支出|十五、商业服务业等|"
                    "支出|十六、金融支出|十七、援助其他地区|支出|"
                    "十八、自然资源海洋|气象等支出|十九、住房保障支出|"
                    "二十、粮油物资储备|支出|二十一、国有资本经|营预算支出|"
                    "二十二、灾害防治及|应急管理支出|收入|项目|支出|行次|"
                    "栏次|决算数|项目|1|栏次|行次|二十五、债务付息支|出|"
                    "二十六、抗疫特别国|债安排的支出|"
                    "178,334,099.74 本年支出合计|决算数|2|37|0.00|38|0.00|39|120,598,963.63|"
                    "本年收入合计|9|使用非财政拨款结余|10|1.10 结余分配|40|2.40|"
                    "年初结转和结余|11|0.00 年末结转和结余|41|57,735,136.11|总计|12|"
                    "42|178,334,099.74|178,334,099.74 总计|"
                    "注：本表反映部门本年度的总收支。|"
                    "第三部分|");
    js_table *t = d->tables[1];
    assert_non_null(t);
    assert_int_equal(js_table_value(t, "收入:一般公共预算财政拨款收入", "决算数"),
                     WAN(154456000.24));
    assert_int_equal(js_table_value(t, "收入:政府性基金预算财政拨款收入", "决算数"),
                     WAN(23878099.50));
    assert_int_equal(js_table_value(t, "收入:国有资本经营预算财政拨款收入", "决算数"), WAN(1.03));
    assert_int_equal(js_table_value(t, "收入:附属单位上缴收入", "决算数"), WAN(1.07));
    assert_int_equal(js_table_value(t, "收入:其他收入", "决算数"), WAN(1.08));
    assert_int_equal(js_table_value(t, "收入:本年收入合计", "决算数"), WAN(178334099.74));
    assert_int_equal(js_table_value(t, "收入:使用非财政拨款结余", "决算数"), WAN(1.10));
    assert_int_equal(js_table_value(t, "收入:总计", "决算数"), WAN(178334099.74));
    assert_int_equal(js_table_value(t, "支出:201", "决算数"), WAN(90622482.27));
    assert_int_equal(js_table_value(t, "支出:203", "决算数"), WAN(2.15));
    assert_int_equal(js_table_value(t, "支出:207", "决算数"), WAN(11068039.34));
    assert_int_equal(js_table_value(t, "支出:208", "决算数"), WAN(18908442.02));
    assert_int_equal(js_table_value(t, "支出:215", "决算数"), WAN(2.26));
    assert_int_equal(js_table_value(t, "支出:224", "决算数"), WAN(2.34));
    assert_int_equal(js_table_value(t, "支出:本年支出合计", "决算数"), WAN(120598963.63));
    assert_int_equal(js_table_value(t, "支出:结余分配", "决算数"), WAN(2.40));
    assert_int_equal(js_table_value(t, "支出:年末结转和结余", "决算数"), WAN(57735136.11));
    assert_int_equal(js_table_value(t, "支出:总计", "决算数"), WAN(178334099.74));
    assert_int_equal(js_table_row(t, "支出:224")->lineno, 34);
    assert_int_equal(t->nrows, 42);
    assert_false(t->truncated);
    js_doc_free(d);
}

/* 07 as pdftotext prints it: header words, 栏次 and the twelve figures one a line, the
 * last column's after the 注 line. The figures (all zero in the printed text but five)
 * made distinct here. */
static void raw_sangong(void **state)
{
    (void)state;
    js_doc *d = parse_cells(
        "2021年度部门决算|一般公共预算财政拨款“三公”经费支出决算表|公开07表|单位：万元|"
        "部门：石门县自然资源局|预算数|合计|1|因公出国（境|）费|2|1.01|公务用车购置及运行费|"
        "小计|3|1.02|决算数|公务用车购置 公务用车运行|费|费|4|1.03|5|1.04|公务接待费|6|1.05|"
        "合计|7|1.06|因公出国（境|）费|8|1.07|公务用车购置及运行费|小计|9|1.08|"
        "公务用车购置 公务用车运行|费|费|10|1.09|11|1.10|"
        "注：本表反映部门本年度“三公”经费支出预决算情况。|公务接待费|12|1.11|1.12|"
        "第三部分|");
    js_table *t = d->tables[7];
    assert_non_null(t);
    assert_int_equal(t->ncols, 12);
    for (int c = 0; c < 12; c++)
        assert_int_equal(js_table_value(t, "三公经费", t->cols[c]), WAN(1.01 + 0.01 * c));
    js_doc_free(d);
}

/* 02 over A5 pages: 合计's figures drawn before the first code, its label after the last
 * row, whose figures (and the row's before it) come before their codes. */
static void raw_total_last(void **state)
{
    (void)state;
    js_doc *d = parse_cells(
        "2021年度部门决算|收入决算表|公开02表|单位：万元|部门：青山县教育局|项目|功能分类科目|编码|"
        "本年收入合计|财政拨款收入|上级补助收入|事业收入|经营收入|附属单位上缴|收入|其他收入|1|2|3|"
        "4|5|6|7|科目名称|栏次|0.63|0.63|0.00|0.00|0.00|0.00|0.00|201|一般公共服务|支出|0.31|0.31|"
        "0.00|0.00|0.00|0.00|0.00|20102|政协事务|0.31|0.31|0.00|0.00|0.00|0.00|0.00|2010202|"
        "一般行政管理|事务|0.31|0.31|0.00|0.00|0.00|0.00|0.00|206|科学技术支出|0.32|0.30|0.02|0.00|"
        "0.00|0.00|0.00|0.32|0.30|0.02|0.00|0.00|0.00|0.00|0.32|0.30|0.02|0.00|0.00|0.00|0.00|合计|"
        "20601|2060102|科学技术管理|事务|一般行政管理|事务|"
        "注：本表反映部门本年度取得的各项收入情况。|"
        "第三部分|");
    js_table *t = d->tables[2];
    assert_non_null(t);
    assert_int_equal(js_table_value(t, "合计", "本年收入合计"), WAN(0.63));
    assert_int_equal(js_table_value(t, "201", "本年收入合计"), WAN(0.31));
    assert_int_equal(js_table_value(t, "206", "财政拨款收入"), WAN(0.30));
    assert_int_equal(js_table_value(t, "20601", "上级补助收入"), WAN(0.02));
    assert_int_equal(js_table_value(t, "2060102", "本年收入合计"), WAN(0.32));
    js_doc_free(d);
}

/* 06 as pdftotext prints it from three code/name/amount groups side by side (301|303,
 * 302, the rest): an amount glued to the code on its right is the amount of the row of the
 * same height in the group to the left; the last group's amounts come alone after their
 * names; 人员经费合计's amount is glued to 公用经费合计's label, whose amount is the last
 * one; 310's is printed alone, after the 注 line, with no name before it: the hierarchy
 * (310 = 31001) places it. */
static void raw_econ(void **state)
{
    (void)state;
    js_doc *d = parse_cells(
        "2021年度部门决算|一般公共预算财政拨款基本支出决算表|公开06表|单位：万元|"
        "部门：石门县自然资源局|经济分类科|目编码|科目名称|决算数|3.00 302|科目名称|301|"
        "工资福利支出|30101|基本工资|1.00 30201|办公费|30102|津贴补贴|2.00 30202|印刷费|决算数|"
        "债务利息及费用支出|0.70|5.00 30701|国内债务付息|0.70|0.00 310|资本性支出|5.00 307|"
        "31001|房屋建筑物购建|4.00|人员经费合计|3.00 公用经费合计|"
        "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。|4.00|9.70|"
        "第三部分|");
    js_table *t = d->tables[6];
    assert_non_null(t);
    static const struct {
        const char *key;
        double v;
    } want[] = {{"301", 3.00},   {"30101", 1.00}, {"30102", 2.00},        {"302", 5.00},
                {"30201", 5.00}, {"30202", 0.00}, {"307", 0.70},          {"30701", 0.70},
                {"310", 4.00},   {"31001", 4.00}, {"人员经费合计", 3.00}, {"公用经费合计", 9.70}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const js_row *row = js_table_row(t, want[i].key);
        assert_non_null(row);
        assert_int_equal(js_table_value(t, want[i].key, "决算数"), WAN(want[i].v));
    }
    js_doc_free(d);
}

/* A file of tests/corpus/raw/ (04 as pdftotext printed it from a LibreOffice PDF). */
static js_doc *parse_file(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tests/corpus/raw/%s", JS_SOURCE_DIR, name);
    js_buf b;
    js_buf_init(&b);
    js_err err;
    js_err_clear(&err);
    assert_int_equal(js_file_read(path, &b, &err), JS_OK);
    js_doc *doc = NULL;
    int rc = js_parse_text(ctx, name, b.data, b.len, &doc, &err);
    js_buf_release(&b);
    assert_int_equal(rc, JS_OK);
    return doc;
}

/* 04 over A4 (wrap): the right side's 栏次 `3` / `4` / `5` are followed by the first right
 * row's four figures, its 行次 `10` printed far later (they went to the left rows 2 and 3,
 * 10 took 0.00); A5 (big): 总计's figures drawn after the 注 line among the header's words
 * and 栏次 (its 行次 38 was read as its figure). */
static void raw_04_header_run(void **state)
{
    (void)state;
    js_doc *d = parse_file("04-wrap.txt");
    js_table *t = d->tables[4];
    assert_non_null(t);
    assert_int_equal(js_table_value(t, "支出:201", "合计"), WAN(0.01));
    assert_int_equal(js_table_value(t, "支出:201", "一般公共预算财政拨款"), WAN(0.01));
    assert_int_equal(js_table_value(t, "收入:政府性基金预算财政拨款", "金额"), 0);
    assert_int_equal(js_table_value(t, "收入:国有资本经营预算财政拨款", "金额"), 0);
    assert_int_equal(js_table_value(t, "支出:总计", "合计"), WAN(0.11));
    js_doc_free(d);
    d = parse_file("04-big.txt");
    t = d->tables[4];
    assert_non_null(t);
    assert_int_equal(js_table_value(t, "支出:总计", "合计"), WAN(30766.05));
    assert_int_equal(js_table_value(t, "支出:总计", "一般公共预算财政拨款"), WAN(30766.05));
    assert_int_equal(js_table_value(t, "支出:总计", "政府性基金预算财政拨款"), 0);
    assert_int_equal(js_table_value(t, "收入:总计", "金额"), WAN(30766.05));
    js_doc_free(d);
}

/* 01 in serif: 一般公共预算财政拨款收入's figure glued before the right side's first 类
 * name on its line (`30,766.05 一、一般公共服务支出`), after 行次 2 was read: it is 行次 1's
 * (the left row of that 类's height), not the last 行次's. */
static void raw_01_glued(void **state)
{
    (void)state;
    js_doc *d = parse_file("01-serif.txt");
    js_table *t = d->tables[1];
    assert_non_null(t);
    assert_int_equal(js_table_value(t, "收入:一般公共预算财政拨款收入", "决算数"), WAN(30766.05));
    assert_int_equal(js_table_value(t, "收入:政府性基金预算财政拨款收入", "决算数"), 0);
    assert_int_equal(js_table_value(t, "支出:201", "决算数"), WAN(34495.48));
    assert_int_equal(js_table_value(t, "收入:事业收入", "决算数"), WAN(4589.82));
    js_doc_free(d);
}

/* 09 as pdftotext prints it: `栏次` / `合计` / `本年支出` / `合计` / `基本支出` …: the second
 * 合计 is the 本年支出 column's header word under the 合计 row's label, not a row (it took
 * 201's figures, and each row after it those of the row after its own). */
static void raw_header_total(void **state)
{
    (void)state;
    js_doc *d = parse_file("09-wrap.txt");
    js_table *t = d->tables[9];
    assert_non_null(t);
    assert_int_equal(js_table_value(t, "合计", "本年支出:合计"), WAN(0.03));
    assert_int_equal(js_table_value(t, "2010202", "本年支出:项目支出"), WAN(0.02));
    assert_int_equal(js_table_value(t, "2010202", "本年支出:基本支出"), 0);
    assert_int_equal(js_table_value(t, "206", "本年支出:基本支出"), WAN(0.01));
    assert_int_equal(js_table_value(t, "2060102", "本年支出:合计"), WAN(0.01));
    js_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(raw_two_sided),     cmocka_unit_test(raw_sangong),
        cmocka_unit_test(raw_total_last),    cmocka_unit_test(raw_econ),
        cmocka_unit_test(raw_04_header_run), cmocka_unit_test(raw_01_glued),
        cmocka_unit_test(raw_header_total),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
