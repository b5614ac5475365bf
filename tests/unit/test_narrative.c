/* test_narrative.c - parts, numbered sections and joined paragraphs (narrative.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "juesuan/juesuan.h"
#include "test_util.h"

static const js_section *sec(const js_doc *doc, const char *num)
{
    for (int i = 0; i < doc->nsections; i++)
        if (strcmp(doc->sections[i].num, num) == 0) return &doc->sections[i];
    return NULL;
}

/* The paragraph containing needle, or NULL. */
static const js_para *para_with(const js_doc *doc, const char *needle)
{
    for (int i = 0; i < doc->nparas; i++)
        if (strstr(doc->paras[i].text, needle)) return &doc->paras[i];
    return NULL;
}

static const char SMALL[] =
    "\n2020年度\n株洲市某某事务中心\n部门决算\n\n目录\n\n"
    "第一部分株洲市某某事务中心概况\n\n一、部门职责\n\n"
    "第三部分2020年度部门决算情况说明\n\n一、收入支出决算总体情况说明\n\n五、一般公共预算财政拨款支"
    "出\n\n"
    "第五部分附件\n\n"
    "第一部分\n\n株洲市某某事务中心 概况\n\n一、部门职责\n\n"
    "（一）负责全区工作。\n\n"
    "第三部分\n\n2020年度部门决算情况 说明\n\n"
    "一、收入支出决算总体情况说明\n\n"
    "2020 年度收、支总计 179.22 万元。\n\n"
    "五、一般公共预算财政拨款支出决算情况说明\n\n"
    "(三) 财政拨款支出决算具体情况\n\n"
    "2020 年度财政拨款支出年初预算数为 66.93 万元,支出决\n\n"
    "算数为 75.40 万元,完成年初预算的 112.6%,其中:\n\n"
    "- 1、一般公共服务（类）行政运行（项）。年初预算为10万元，支出决算为12万元，完成年初预算的\n\n"
    "120%，主要原因是人员增加。\n\n"
    "2、其他支出1.25万元\n\n"
    "（1）细项说明\n\n"
    "第四部分\n\n名词解释\n\n一、财政拨款收入：指单位从同级财政部门取得的财政预算资金。\n\n"
    "第五部分\n\n附 件\n\n一、预算单位基本情况\n\n（一）整体支出绩效情况\n";

static void sections_and_nums(void **state)
{
    (void)state;
    js_doc *doc = test_parse_text(SMALL);
    /* the contents (lines 8..19) are not the body: the body's 一 is at line 32 */
    const js_section *s = sec(doc, "一");
    assert_non_null(s);
    assert_int_equal(s->loc.line, 32);
    assert_int_equal(s->part, JS_PART_NARRATIVE);
    assert_string_equal(s->title, "收入支出决算总体情况说明");
    s = sec(doc, "五(三)");
    assert_non_null(s);
    assert_int_equal(s->level, 2);
    assert_int_equal(s->loc.line, 38);
    assert_string_equal(doc->sections[s->parent].num, "五");
    s = sec(doc, "五(三)1");
    assert_non_null(s);
    assert_int_equal(s->loc.line, 44);
    assert_string_equal(s->title, "一般公共服务(类)行政运行(项)");
    s = sec(doc, "五(三)2");
    assert_non_null(s);
    assert_string_equal(s->title, "其他支出1.25万元");
    assert_non_null(sec(doc, "五(三)2(1)"));
    /* other parts are prefixed: their numbering restarts */
    s = sec(doc, "概况一");
    assert_non_null(s);
    assert_int_equal(s->part, JS_PART_OVERVIEW);
    assert_non_null(sec(doc, "概况一(一)"));
    assert_non_null(sec(doc, "名词解释一"));
    s = sec(doc, "附件一(一)");
    assert_non_null(s);
    assert_int_equal(s->part, JS_PART_APPENDIX);
    /* the part heading split over two lines */
    int n3 = 0;
    for (int i = 0; i < doc->nsections; i++)
        if (doc->sections[i].level == 0 && doc->sections[i].part == JS_PART_NARRATIVE) {
            n3++;
            assert_int_equal(doc->sections[i].loc.line, 28);
            assert_string_equal(doc->sections[i].title, "2020年度部门决算情况 说明");
        }
    assert_int_equal(n3, 1);
    /* the cover gives the department and year */
    assert_string_equal(doc->dept, "株洲市某某事务中心");
    assert_int_equal(doc->year, 2020);
    js_doc_free(doc);
}

static void paragraphs_joined_with_line_map(void **state)
{
    (void)state;
    js_doc *doc = test_parse_text(SMALL);
    const js_para *p = para_with(doc, "年初预算数为 66.93");
    assert_non_null(p);
    assert_string_equal(p->text,
                        "2020 年度财政拨款支出年初预算数为 66.93 万元,支出决算数为 75.40 万元,"
                        "完成年初预算的 112.6%,其中:");
    assert_int_equal(p->loc.line, 40);
    assert_int_equal(p->nlines, 3);
    assert_int_equal(p->nsrc, 2);
    assert_string_equal(doc->sections[p->section].num, "五(三)");
    size_t off = (size_t)(strstr(p->text, "75.40") - p->text);
    assert_int_equal(js_para_line_at(p, off), 42);
    assert_int_equal(js_para_line_at(p, 0), 40);
    /* a heading that carries its sentence keeps it as the section's paragraph,
     * continued on the next line */
    p = para_with(doc, "支出决算为12万元");
    assert_non_null(p);
    assert_string_equal(doc->sections[p->section].num, "五(三)1");
    assert_non_null(strstr(p->text, "完成年初预算的120%,主要原因"));
    off = (size_t)(strstr(p->text, "120%") - p->text);
    assert_int_equal(js_para_line_at(p, off), 46);
    /* a short unfinished line is not glued to what follows */
    assert_null(para_with(doc, "1.25万元（1）"));
    js_doc_free(doc);
}

/* pdftotext -layout text: form feeds at page breaks, headings spaced out into columns */
static void layout_text(void **state)
{
    (void)state;
    js_doc *doc = test_parse_text(
        "目录\n第一部分 概况\n第三部分 情况说明\n"
        "\f     第一部分    某某局概况\n一、主要职能\n"
        "\f  第三部分 某某局2024年度部门决算情况说明\n"
        "\f  六、一般公共预算财政拨款基本支出决算情况说明\n"
        "  一般公共预算财政拨款基本支出2336.91万元。其中：人员经费2152.26万元，主要\n"
        "包括：基本工资。\n");
    const js_section *s = sec(doc, "概况一");
    assert_non_null(s);
    assert_int_equal(s->loc.line, 5);
    s = sec(doc, "六");
    assert_non_null(s);
    assert_int_equal(s->loc.line, 7);
    assert_int_equal(s->part, JS_PART_NARRATIVE);
    const js_para *p = para_with(doc, "2336.91");
    assert_non_null(p);
    assert_non_null(strstr(p->text, "2152.26万元,主要包括:基本工资。"));
    assert_int_equal(js_para_line_at(p, (size_t)(strstr(p->text, "包括") - p->text)), 9);
    js_doc_free(doc);
}

/* A part heading alone, followed by text that is not its title. */
static void part_without_title(void **state)
{
    (void)state;
    js_doc *doc = test_parse_text(
        "第五部分\n\n部门整体支出\n\n一、预算单位基本情况\n\n本单位为正科级事业单位。\n");
    const js_section *p5 = NULL;
    for (int i = 0; i < doc->nsections; i++)
        if (doc->sections[i].level == 0) p5 = &doc->sections[i];
    assert_non_null(p5);
    assert_int_equal(p5->part, JS_PART_APPENDIX);
    assert_string_equal(p5->title, "");
    const js_para *p = para_with(doc, "部门整体支出");
    assert_non_null(p); /* not swallowed into the title */
    assert_int_equal(p->loc.line, 3);
    assert_int_equal(sec(doc, "附件一")->loc.line, 5);
    js_doc_free(doc);
}

static void line_at_without_map(void **state)
{
    (void)state;
    js_para p;
    memset(&p, 0, sizeof p);
    p.loc.line = 7;
    assert_int_equal(js_para_line_at(&p, 100), 7);
    assert_int_equal(js_para_line_at(NULL, 0), 0);
}

/* Checked by hand against the seed texts. */
static void seed_000(void **state)
{
    (void)state;
    js_doc *doc = test_parse_seed("000_e65ad6a672f33cc8.txt");
    const char *nums[] = {"一", "二", "三",   "四",   "五",   "六",   "七",  "八",
                          "九", "十", "十一", "十二", "十三", "十四", "十五"};
    const int lines[] = {341, 345, 349, 353, 357, 377, 381, 403, 407, 411, 415, 419, 425, 429, 453};
    for (int i = 0; i < 15; i++) {
        const js_section *s = sec(doc, nums[i]);
        assert_non_null(s);
        assert_int_equal(s->loc.line, lines[i]);
        assert_int_equal(s->part, JS_PART_NARRATIVE);
    }
    assert_null(sec(doc, "十六"));
    assert_int_equal(sec(doc, "五(三)1")->loc.line, 373);
    assert_int_equal(sec(doc, "七(二)1")->loc.line, 397);
    assert_int_equal(sec(doc, "七(二)3")->loc.line, 401);
    assert_int_equal(sec(doc, "十四(二)2")->loc.line, 441);
    assert_int_equal(sec(doc, "附件三(二)")->loc.line, 525);
    const js_para *p = para_with(doc, "支出决算数为 75.40 万元");
    assert_non_null(p);
    assert_int_equal(p->loc.line, 369);
    assert_int_equal(js_para_line_at(p, (size_t)(strstr(p->text, "112.6%") - p->text)), 371);
    p = para_with(doc, "政府采购服务支出 0 万元");
    assert_non_null(p);
    assert_int_equal(p->loc.line, 421);
    assert_int_equal(doc->year, 2020);
    js_doc_free(doc);
}

static void seeds_other(void **state)
{
    (void)state;
    js_doc *doc = test_parse_seed("001_97ec0fee91833ab7.txt");
    assert_int_equal(sec(doc, "五(三)4")->loc.line, 425);
    assert_int_equal(sec(doc, "十五")->loc.line, 505);
    assert_int_equal(sec(doc, "附件三(二)(4)")->loc.line, 575);
    /* "…完成年初预算的" / "105.9%，…" */
    const js_para *p = para_with(doc, "完成年初预算的105.9%");
    assert_non_null(p);
    assert_int_equal(p->loc.line, 413);
    js_doc_free(doc);

    doc = test_parse_seed("002_4b65da696dc0427c.txt");
    assert_string_equal(sec(doc, "五(三)4")->title, "其他一般公共服务支出7.92万元");
    assert_int_equal(sec(doc, "五(三)4")->loc.line, 428);
    /* a heading stating an amount is also a paragraph of its section */
    p = para_with(doc, "其他共产党事务支出1.25万元");
    assert_non_null(p);
    assert_int_equal(p->loc.line, 422);
    assert_string_equal(doc->sections[p->section].num, "五(三)3");
    p = para_with(doc, "支出500.57万元,与上年相比,增加180.52");
    assert_non_null(p);
    assert_int_equal(p->loc.line, 396);
    assert_string_equal(doc->sections[p->section].num, "四");
    js_doc_free(doc);

    doc = test_parse_seed("003_bacf23239032d27d.txt");
    assert_int_equal(sec(doc, "十一")->loc.line, 440);
    assert_int_equal(sec(doc, "十一(五)")->loc.line, 460);
    assert_null(sec(doc, "十二"));
    /* a heading wrapped onto a short second line */
    assert_string_equal(sec(doc, "附件二(一)3(4)")->title,
                        "科学技术支出(类)科学技术管理事务(款)一般行政管理事务(项)");
    js_doc_free(doc);

    doc = test_parse_seed("004_5d1dd30bc5ab887d.txt");
    assert_int_equal(sec(doc, "五(三)13")->loc.line, 464);
    assert_int_equal(sec(doc, "七(二)3")->loc.line, 492);
    assert_string_equal(sec(doc, "附件三")->title, "资金使用及绩效情况(包含单位管理的公共专项)");
    js_doc_free(doc);
}

/* A page number at a page break (layout text: "30" then a form feed) is no text: the
 * sentence it interrupts is one paragraph, and a number standing alone mid-page stays. */
static void page_number_skipped(void **state)
{
    (void)state;
    js_doc *doc = test_parse_text("目录\n第一部分 概况\n第三部分 情况说明\n"
                                  "\f  第三部分 某某局2019年度部门预算情况说明\n"
                                  "  九、一般公共预算“三公”经费支出预算情况说明\n"
                                  "  公务用车运行维护费预算支出237万元，比上年预算减少\n"
                                  "\n\n                    30\n"
                                  "\f30.8 万元，主要原因是部分执法执勤车辆转隶至省纪委等单\n"
                                  "位。\n"
                                  "  公务接待费预算支出101.26万元，比上年预算减少15.24\n"
                                  "                    - 31 -\n"
                                  "\f万元。\n");
    const js_para *p = para_with(doc, "公务用车运行维护费");
    assert_non_null(p);
    assert_string_equal(p->text, "公务用车运行维护费预算支出237万元,比上年预算减少30.8 万元,"
                                 "主要原因是部分执法执勤车辆转隶至省纪委等单位。");
    size_t off = (size_t)(strstr(p->text, "30.8") - p->text);
    assert_int_equal(js_para_line_at(p, off), 10);
    p = para_with(doc, "公务接待费");
    assert_non_null(p);
    assert_non_null(strstr(p->text, "减少15.24万元。"));
    js_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sections_and_nums),   cmocka_unit_test(paragraphs_joined_with_line_map),
        cmocka_unit_test(layout_text),         cmocka_unit_test(part_without_title),
        cmocka_unit_test(line_at_without_map), cmocka_unit_test(seed_000),
        cmocka_unit_test(seeds_other),         cmocka_unit_test(page_number_skipped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
