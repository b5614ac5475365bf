/* test_ocr.c - OCR of scanned pages: the correction of misread digits that the
 * tables' identities pin (doubt.c js_doubts_fix_ocr, run by the PDF reader on a
 * scan), on seed 000 with its table 02 marked as read from a scanned page: a
 * one-digit misread is corrected with a note, two digits off or a page with a
 * text layer are left to the checker. The engine on real scans: golden/ocr.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/checker.h"
#include "ingest/ocr.h"
#include "juesuan/juesuan.h"
#include "test_util.h"

/* Seed 000 with table 02 on "scanned" page 1 and one digit of 2010301 本年收入合计
 * misread (75.40 -> read); fixes how many cells, and is the value back? */
static int misread(const char *text, js_amount value, int *notes)
{
    js_doc *doc = test_parse_seed("000_e65ad6a672f33cc8.txt");
    static unsigned char pages[3] = {0, 1, 0};
    doc->npages = 1;
    doc->ocr_pages = pages;
    js_table *t = doc->tables[2];
    for (int r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++)
            t->rows[r].cells[c].loc.page = 1;
    js_cell *x = js_table_cell(t, "2010301", "本年收入合计");
    assert_non_null(x);
    assert_int_equal(x->value, 75400000);
    js_cell_set(doc, x, value, text, x->loc);
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    int n = js_doubts_fix_ocr(ctx, doc);
    *notes = 0;
    for (int i = 0; i < doc->nnotes; i++)
        if (strcmp(doc->notes[i].code, "R-OCR") == 0 && strstr(doc->notes[i].text, text) &&
            doc->notes[i].table == 2)
            (*notes)++;
    js_amount now = js_table_cell(t, "2010301", "本年收入合计")->value;
    js_ctx_free(ctx);
    js_doc_free(doc);
    return n > 0 && now == 75400000 ? n : -n - 1;
}

static void test_fix_one_digit(void **state)
{
    (void)state;
    int notes;
    assert_int_equal(misread("78.40", 78400000, &notes), 1); /* 5 read as 8 */
    assert_int_equal(notes, 1);
    assert_int_equal(misread("75.46", 75460000, &notes), 1); /* 0 read as 6 */
    /* two digits off: not an OCR confusion, left as read (an error for the checker) */
    assert_true(misread("78.46", 78460000, &notes) < 0);
    assert_int_equal(notes, 0);
}

/* ocr_fix.c: a table title misread as a whole line (its cells joined) is read back to
 * the form's title when it is within 30% of one table's titles and a whole edit nearer
 * than any other table's; spaces between Chinese characters of a scanned cell are taken
 * out (第 一 部分: the part heading is found); each label read back is an R-OCR note
 * naming the page, what was read and what it became. */
static void test_fix_titles(void **state)
{
    (void)state;
    static const char *const in[][4] = {
        /* cells read by tesseract                     wanted line */
        {"财政拨TA", "二 公", "费 支出决算表", "财政拨款“三公”经费支出决算表"}, /* Shanghai p18 */
        /* one cell one edit from a title: the cell's own read-back (not ending in 表) */
        {"一般公共预算财政拨款基本支出决算衣", "", "", "一般公共预算财政拨款基本支出决算表"},
        {"一般公共预算财政拨款基本支出决TA表", "", "", "一般公共预算财政拨款基本支出决算表"},
        {"上海市普陀区财政局2024年度", "支出决昇表", "", "支出决算表"}, /* department, year */
        {"收入支出决算表", "", "", "收入支出决算总表"},
        {"财政拨款收入支出决算表", "", "", "财政拨款收入支出决算总表"},
        /* not titles: a 说明 heading, a row with figures, too far from any title, two tables
         * as near (收X决算表 is 收入 or 支出? one wildcard: 收入, 支X决算表 likewise) */
        {"七、财政拨款“三公”经费支出决算情况说明", "", "",
         "七、财政拨款“三公”经费支出决算情况说明"},
        {"公务用车购置费", "0.95", "0.95", "公务用车购置费  0.95  0.95"},
        {"经费支出明细表", "", "", "经费支出明细表"},
        {"X决算表", "", "", "X决算表"},
        /* spaces between Chinese characters and their punctuation go */
        {"第 一 部分 上 海 市普陀区财政局概况", "", "", "第一部分上海市普陀区财政局概况"},
        {"一 、主 要 职能", "", "", "一、主要职能"},
        {"总计 2995.39 万 元", "", "", "总计 2995.39 万元"},
        /* a title on two lines: the second line alone would be 04's, both are 09's */
        {"国有资本经营预算", "", "", "国有资本经营预算"},
        {"财政拨款收入支出决算表", "", "", "财政拨款收入支出决算表"},
    };
    enum { N = sizeof in / sizeof in[0] };
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_arena *a = js_arena_new();
    js_doc *doc = js_doc_new("scan.pdf");
    assert_non_null(doc);
    /* the lines, then two rows of four figures on each of their pages (a table's page),
     * then the first title again on a page of three titles and no figures (a 目录, left as
     * read) */
    js_srcline lines[3 * N + 2];
    js_srccell cells[3 * N + 2][4];
    memset(lines, 0, sizeof lines);
    memset(cells, 0, sizeof cells);
    for (int k = N; k < 3 * N - 1; k++) {
        for (int c = 0; c < 4; c++)
            cells[k][c] = (js_srccell){.text = "1.00", .len = 4, .index = c};
        lines[k] = (js_srcline){.text = "1.00  1.00  1.00  1.00",
                                .len = strlen("1.00  1.00  1.00  1.00"),
                                .cells = cells[k],
                                .ncells = 4};
        lines[k].loc.page = (k - N) / 2 + 1;
    }
    const int toc = 3 * N - 1;
    cells[toc][0] = (js_srccell){.text = "财政拨TA  二 公  费 支出决算表",
                                 .len = strlen("财政拨TA  二 公  费 支出决算表")};
    lines[toc] = (js_srcline){
        .text = cells[toc][0].text, .len = cells[toc][0].len, .cells = cells[toc], .ncells = 1};
    lines[toc].loc.page = N;
    static const char *const listed[2] = {"收入决算表", "支出决算表"}; /* a 目录 lists them all */
    for (int k = 0; k < 2; k++) {
        cells[toc + 1 + k][0] = (js_srccell){.text = listed[k], .len = strlen(listed[k])};
        lines[toc + 1 + k] = (js_srcline){
            .text = listed[k], .len = strlen(listed[k]), .cells = cells[toc + 1 + k], .ncells = 1};
        lines[toc + 1 + k].loc.page = N;
    }
    for (int i = 0; i < N; i++) {
        js_buf t;
        js_buf_init(&t);
        int n = 0;
        for (int c = 0; c < 3; c++) {
            if (!*in[i][c]) continue;
            cells[i][n] = (js_srccell){.text = in[i][c],
                                       .len = strlen(in[i][c]),
                                       .x0 = 100.0f * (float)c,
                                       .x1 = 100.0f * (float)c + 80,
                                       .index = n};
            if (t.len) js_buf_puts(&t, "  ");
            js_buf_puts(&t, in[i][c]);
            n++;
        }
        lines[i] = (js_srcline){
            .text = js_arena_strdup(a, t.data), .len = t.len, .cells = cells[i], .ncells = n};
        lines[i].loc.page = i < N - 1 ? i + 1 : N - 1; /* a page each, the last two on one */
        js_buf_release(&t);
    }
    js_srcdoc src = {.lines = lines, .nlines = 3 * N + 2, .positional = true, .npages = N};
    unsigned char pages[N + 2];
    memset(pages, 1, sizeof pages);
    int fixed = js_ocr_fix_labels(ctx->templates, a, &src, pages, N, doc);
    for (int i = 0; i < N; i++)
        assert_string_equal(lines[i].text, in[i][3]);
    assert_string_equal(lines[toc].text, "财政拨TA  二公费支出决算表");
    /* the title is one cell over the extent of the cells it was read in */
    assert_int_equal(lines[0].ncells, 1);
    assert_true(lines[0].cells[0].x0 == 0.0f && lines[0].cells[0].x1 == 280.0f);
    assert_int_equal(fixed, 6);
    /* one note each, naming page, what was read and the title */
    int notes = 0;
    for (int i = 0; i < doc->nnotes; i++) {
        const js_note *n = &doc->notes[i];
        assert_string_equal(n->code, "R-OCR");
        assert_true(n->loc.page >= 1 && n->loc.page <= 6);
        notes++;
    }
    assert_int_equal(notes, 6);
    assert_int_equal(doc->notes[0].table, 7);
    assert_string_equal(doc->notes[0].text,
                        "第1页表题：扫描页OCR识别为“财政拨TA  二公  费支出决算表”，"
                        "按表样读作“财政拨款“三公”经费支出决算表”，请对照原件核对");
    js_doc_free(doc);
    js_arena_free(a);
    js_ctx_free(ctx);
}

/* the notes of labels read back, through test_fix_labels' cells */
static void test_fix_label_notes(void **state)
{
    (void)state;
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_arena *a = js_arena_new();
    js_doc *doc = js_doc_new("scan.pdf");
    js_srccell cell = {.text = "二十二灾害防治及应Ae 管理支出",
                       .len = strlen("二十二灾害防治及应Ae 管理支出"),
                       .x0 = 10,
                       .x1 = 90};
    js_srccell row[5] = {cell};
    for (int c = 1; c < 5; c++)
        row[c] = (js_srccell){.text = "12.00", .len = 5, .index = c};
    js_srccell row2[2] = {{.text = "12.00", .len = 5}, {.text = "12.00", .len = 5, .index = 1}};
    js_srcline lns[2] = {{.text = cell.text, .len = cell.len, .cells = row, .ncells = 5},
                         {.text = "12.00  12.00", .len = 12, .cells = row2, .ncells = 2}};
    lns[0].loc.page = lns[1].loc.page = 7;
    /* the first cell's vertical extent, 200 to 210 points: the note's box */
    float y0[10] = {200, 210}, y1[4] = {0};
    float *ys[2] = {y0, y1};
    js_srcdoc src = {.lines = lns, .nlines = 2, .positional = true, .npages = 7, .cell_y = ys};
    static const unsigned char pages[9] = {0, 0, 0, 0, 0, 0, 0, 1, 0};
    assert_int_equal(js_ocr_fix_labels(ctx->templates, a, &src, pages, 7, doc), 1);
    assert_string_equal(row[0].text, "灾害防治及应急管理支出");
    assert_int_equal(doc->nnotes, 1);
    assert_string_equal(doc->notes[0].text,
                        "第7页：扫描页OCR识别为“二十二灾害防治及应Ae 管理支出”，"
                        "按表样读作“灾害防治及应急管理支出”，请对照原件核对");
    assert_true(doc->notes[0].loc.x0 == 10.0f && doc->notes[0].loc.y1 == 210.0f);
    js_doc_free(doc);
    js_arena_free(a);
    js_ctx_free(ctx);
}

/* engine.c: what a 说明 sentence of a scanned page says against the tables is a reading
 * notice (R-OCR, its message kept), never an N-* error or warning: seed 000's narrative
 * findings, once its paragraphs are on a "scanned" page 1 */
static void count_narrative(const js_ctx *ctx, const js_doc *doc, int *defects, int *ocr)
{
    js_findings f;
    memset(&f, 0, sizeof f);
    js_err err;
    assert_int_equal(js_check(ctx, doc, &f, &err), JS_OK);
    *defects = *ocr = 0;
    for (int i = 0; i < f.n; i++) {
        const js_finding *x = &f.items[i];
        if (strncmp(x->rule, "N-", 2) == 0 && x->severity > JS_SEV_NOTICE) ++*defects;
        if (strcmp(x->rule, "R-OCR") == 0 && strstr(x->message, "扫描页OCR识别的说明文字：")) {
            assert_int_equal(x->severity, JS_SEV_NOTICE);
            assert_string_equal(x->kind, "read");
            ++*ocr;
        }
    }
    js_findings_release(&f);
}

static void test_scanned_narrative(void **state)
{
    (void)state;
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    js_doc *doc = test_parse_seed("000_e65ad6a672f33cc8.txt");
    int defects, ocr;
    count_narrative(ctx, doc, &defects, &ocr);
    assert_true(defects >= 3); /* N-GROWTH, N-AMOUNT errors, N-LIST warnings */
    assert_int_equal(ocr, 0);
    int before = defects;
    static unsigned char pages[3] = {0, 1, 0};
    doc->npages = 1;
    doc->ocr_pages = pages;
    for (int i = 0; i < doc->nparas; i++)
        doc->paras[i].loc.page = 1;
    for (int i = 0; i < doc->nsections; i++)
        doc->sections[i].loc.page = 1;
    count_narrative(ctx, doc, &defects, &ocr);
    assert_int_equal(defects, 0);
    assert_int_equal(ocr, before);
    doc->ocr_pages = NULL;
    js_doc_free(doc);
    js_ctx_free(ctx);
}

static void test_not_scanned(void **state)
{
    (void)state;
    /* the same misread on a page with a text layer is the document's own error */
    js_doc *doc = test_parse_seed("000_e65ad6a672f33cc8.txt");
    js_cell *x = js_table_cell(doc->tables[2], "2010301", "本年收入合计");
    js_cell_set(doc, x, 78400000, "78.40", x->loc);
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_int_equal(js_doubts_fix_ocr(ctx, doc), 0);
    assert_int_equal(x->value, 78400000);
    js_ctx_free(ctx);
    js_doc_free(doc);
}

static void test_engine_missing_data(void **state)
{
    (void)state;
    /* no context: OCR is said to be unavailable, naming the file */
    js_err err;
    js_err_clear(&err);
    assert_false(js_ocr_ready(NULL, "scan.pdf", &err));
    assert_non_null(strstr(err.msg, "scan.pdf"));
}

/* ocr_fix.c: labels of scanned pages read back to the templates' names; one cell a line. */
static void test_fix_labels(void **state)
{
    (void)state;
    static const char *const in[][2] = {
        /* read by tesseract (Shanghai 2024 at 200 dpi)      wanted */
        {"八其他收入", "其他收入"}, /* the ordinal's 、 dropped */
        {"十九住房保障支出", "住房保障支出"},
        {"ZN 经营收入", "经营收入"}, /* a stroke read as Latin letters */
        {"二十一国有资本经营预预算支出、", "国有资本经营预算支出"},   /* a doubled character */
        {"二十二灾害防治及应Ae 管理支出", "灾害防治及应急管理支出"},  /* 急 read as Ae */
        {"年初财政 2b 外转结余拨AK AG 和", "年初财政拨款结转和结余"}, /* two lines interleaved */
        {"年末财政拨2b 外转和结余AK AG", "年末财政拨款结转和结余"},
        {"一般公共预算财政拨款收入", "一般公共预算财政拨款收入"}, /* right already: 一 stays */
        {"一般公共预算财政拨款", "一般公共预算财政拨款"},         /* a column header stays */
        {"2,940.05", "2,940.05"},                                 /* figures are never touched */
        {"20805", "20805"},
        {"行政运行", "行政运行"},
        {"主要用于保障机构正常运转", "主要用于保障机构正常运转"}, /* running text */
        {"年财政拨款结转和结余", "年财政拨款结转和结余"},         /* 年初 or 年末? neither */
    };
    enum { N = sizeof in / sizeof in[0] };
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_arena *a = js_arena_new();
    js_srcline lines[N + 7];
    js_srccell cells[N + 7][2];
    memset(lines, 0, sizeof lines);
    memset(cells, 0, sizeof cells);
    for (int i = 0; i < N; i++) {
        cells[i][0] = (js_srccell){.text = in[i][0], .len = strlen(in[i][0])};
        lines[i] =
            (js_srcline){.text = in[i][0], .len = strlen(in[i][0]), .cells = cells[i], .ncells = 1};
        lines[i].loc.page = 1;
    }
    /* a title split in two cells stays as it is: the line is the label */
    cells[N][0] = (js_srccell){.text = "一", .len = strlen("一")};
    cells[N][1] = (js_srccell){.text = "般公共预算财政拨款支出决算表",
                               .len = strlen("般公共预算财政拨款支出决算表")};
    lines[N] = (js_srcline){.text = "一  般公共预算财政拨款支出决算表",
                            .len = strlen("一  般公共预算财政拨款支出决算表"),
                            .cells = cells[N],
                            .ncells = 2};
    lines[N].loc.page = 1;
    /* a page with a text layer is never touched */
    cells[N + 1][0] = (js_srccell){.text = "八其他收入", .len = strlen("八其他收入")};
    lines[N + 1] = (js_srcline){
        .text = "八其他收入", .len = strlen("八其他收入"), .cells = cells[N + 1], .ncells = 1};
    lines[N + 1].loc.page = 2;
    /* a scanned page without figures (running text, a 目录) is left as read */
    cells[N + 2][0] = (js_srccell){.text = "八其他收入", .len = strlen("八其他收入")};
    lines[N + 2] = (js_srcline){
        .text = "八其他收入", .len = strlen("八其他收入"), .cells = cells[N + 2], .ncells = 1};
    lines[N + 2].loc.page = 3;
    /* two rows of figures: page 1 is a table's */
    for (int k = N + 3; k < N + 5; k++) {
        cells[k][0] = (js_srccell){.text = "0.00", .len = 4};
        cells[k][1] = (js_srccell){.text = "1,234.50", .len = 8, .index = 1};
        lines[k] =
            (js_srcline){.text = "0.00  1,234.50", .len = 14, .cells = cells[k], .ncells = 2};
        lines[k].loc.page = 1;
    }
    /* a line of running text in two cells (a wide gap in a heading) is one cell */
    cells[N + 5][0] =
        (js_srccell){.text = "四、财政拨款", .len = strlen("四、财政拨款"), .x0 = 97, .x1 = 174};
    cells[N + 5][1] = (js_srccell){.text = "收入支出决算总体情况说明",
                                   .len = strlen("收入支出决算总体情况说明"),
                                   .x0 = 197,
                                   .x1 = 310,
                                   .index = 1};
    lines[N + 5] = (js_srcline){.text = "四、财政拨款  收入支出决算总体情况说明",
                                .len = strlen("四、财政拨款  收入支出决算总体情况说明"),
                                .cells = cells[N + 5],
                                .ncells = 2};
    lines[N + 5].loc.page = 3;
    /* a page with one table title and no figures (an empty table 09) is a table's page */
    cells[N + 6][0] = (js_srccell){.text = "国有资本YA AS 预算财政拨款",
                                   .len = strlen("国有资本YA AS 预算财政拨款")};
    cells[N + 6][1] = (js_srccell){.text = "支出决算表", .len = strlen("支出决算表"), .index = 1};
    lines[N + 6] = (js_srcline){.text = "国有资本YA AS 预算财政拨款  支出决算表",
                                .len = strlen("国有资本YA AS 预算财政拨款  支出决算表"),
                                .cells = cells[N + 6],
                                .ncells = 2};
    lines[N + 6].loc.page = 4;
    js_srcdoc src = {.lines = lines, .nlines = N + 7, .positional = true, .npages = 4};
    static const unsigned char pages[6] = {0, 1, 0, 1, 1, 0};
    int fixed = js_ocr_fix_labels(ctx->templates, a, &src, pages, 4, NULL);
    int want = 0;
    for (int i = 0; i < N; i++) {
        assert_string_equal(lines[i].cells[0].text, in[i][1]);
        assert_string_equal(lines[i].text, in[i][1]); /* the line's text follows */
        want += strcmp(in[i][0], in[i][1]) != 0;
    }
    assert_int_equal(fixed, want + 1);
    assert_string_equal(lines[N + 6].text, "国有资本经营预算财政拨款支出决算表");
    assert_string_equal(lines[N].cells[1].text, "般公共预算财政拨款支出决算表");
    assert_string_equal(lines[N + 1].cells[0].text, "八其他收入");
    assert_string_equal(lines[N + 2].cells[0].text, "八其他收入");
    assert_int_equal(lines[N + 5].ncells, 1);
    assert_string_equal(lines[N + 5].text, "四、财政拨款收入支出决算总体情况说明");
    assert_true(lines[N + 5].cells[0].x0 == 97.0f && lines[N + 5].cells[0].x1 == 310.0f);
    js_arena_free(a);
    js_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fix_one_digit),       cmocka_unit_test(test_fix_labels),
        cmocka_unit_test(test_fix_titles),          cmocka_unit_test(test_fix_label_notes),
        cmocka_unit_test(test_scanned_narrative),   cmocka_unit_test(test_not_scanned),
        cmocka_unit_test(test_engine_missing_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
