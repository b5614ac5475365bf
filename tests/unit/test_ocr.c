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
    js_srcline lines[N + 2];
    js_srccell cells[N + 2][2];
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
    js_srcdoc src = {.lines = lines, .nlines = N + 2, .positional = true, .npages = 2};
    static const unsigned char pages[4] = {0, 1, 0, 0};
    int fixed = js_ocr_fix_labels(ctx->templates, a, &src, pages, 2);
    int want = 0;
    for (int i = 0; i < N; i++) {
        assert_string_equal(lines[i].cells[0].text, in[i][1]);
        assert_string_equal(lines[i].text, in[i][1]); /* the line's text follows */
        want += strcmp(in[i][0], in[i][1]) != 0;
    }
    assert_int_equal(fixed, want);
    assert_string_equal(lines[N].cells[1].text, "般公共预算财政拨款支出决算表");
    assert_string_equal(lines[N + 1].cells[0].text, "八其他收入");
    js_arena_free(a);
    js_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fix_one_digit),
        cmocka_unit_test(test_fix_labels),
        cmocka_unit_test(test_not_scanned),
        cmocka_unit_test(test_engine_missing_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
