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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fix_one_digit),
        cmocka_unit_test(test_not_scanned),
        cmocka_unit_test(test_engine_missing_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
