/* test_sheet.c - spreadsheets (sheet.c, xlsx.c, xls.c): cell references, numbers
 * shown as their format shows them, the export-style workbook of seed 000
 * (tests/golden/input/export-style.xlsx: three sheets, merged titles, codes in
 * three columns with "00" formats, text numbers, SUM formulas with cached values,
 * 元) read cell by cell and into the model with sheet/cell places, and broken
 * workbooks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/sheet.h"
#include "juesuan/juesuan.h"

#define EXPORT JS_SOURCE_DIR "/tests/golden/input/export-style.xlsx"

static void test_cell_refs(void **state)
{
    (void)state;
    char b[16];
    js_cell_ref(0, 1, b, sizeof b);
    assert_string_equal(b, "A1");
    js_cell_ref(25, 12, b, sizeof b);
    assert_string_equal(b, "Z12");
    js_cell_ref(26, 3, b, sizeof b);
    assert_string_equal(b, "AA3");
    js_cell_ref(16383, 1048576, b, sizeof b);
    assert_string_equal(b, "XFD1048576");
    int c, r;
    assert_true(js_cell_ref_parse("D12", &c, &r));
    assert_int_equal(c, 3);
    assert_int_equal(r, 12);
    assert_true(js_cell_ref_parse("AB7", &c, &r));
    assert_int_equal(c, 27);
    assert_false(js_cell_ref_parse("D0", &c, &r));
    assert_false(js_cell_ref_parse("12", &c, &r));
    assert_false(js_cell_ref_parse("D12x", &c, &r));
    assert_false(js_cell_ref_parse("XFE1", &c, &r));
}

static void number_is(double v, int dec, int mindig, bool pct, const char *want)
{
    js_buf b;
    js_buf_init(&b);
    js_sheet_number(&b, v, dec, mindig, pct);
    js_buf_putc(&b, '\0');
    assert_string_equal(b.data, want);
    js_buf_release(&b);
}

static void test_numbers(void **state)
{
    (void)state;
    number_is(1234.5, 2, 1, false, "1234.50");   /* #,##0.00 */
    number_is(12.345678, 2, 1, false, "12.35");  /* a quotient shown to 0.00 */
    number_is(3, 0, 2, false, "03");             /* a 款 code with the format 00 */
    number_is(1792200, -1, 0, false, "1792200"); /* General */
    number_is(0.1 + 0.2, -1, 0, false, "0.3");   /* General: 15 significant digits */
    number_is(-0.001, 2, 1, false, "0.00");      /* no minus zero */
    number_is(0.9523, 2, 1, true, "95.23%");
    number_is(-5.5, 2, 1, false, "-5.50");
}

static void test_export_cells(void **state)
{
    (void)state;
    js_buf f;
    js_buf_init(&f);
    js_err err;
    js_err_clear(&err);
    assert_int_equal(js_file_read(EXPORT, &f, &err), JS_OK);
    assert_true(js_sniff_xlsx(f.data, f.len));
    assert_false(js_sniff_ole2(f.data, f.len));
    js_arena *a = js_arena_new();
    js_workbook wb;
    assert_int_equal(js_workbook_read(a, EXPORT, f.data, f.len, &wb, &err), JS_OK);
    assert_int_equal(wb.nsheets, 3);
    assert_string_equal(wb.sheets[0].name, "决算表(一)");
    const js_wbsheet *s = &wb.sheets[0];
    assert_string_equal(js_wbsheet_at(s, 1, 0), "收入支出决算总表"); /* merged title */
    assert_string_equal(js_wbsheet_at(s, 34, 5), "1792200.00");      /* #,##0.00, 元 */
    /* table 02's 2010301 in three columns: 201 | 03 (format "00") | 01 */
    bool found = false;
    for (int i = 0; i < s->nrows && !found; i++) {
        const js_wbrow *r = &s->rows[i];
        if (r->ncells >= 3 && strcmp(r->cells[0].text, "201") == 0 &&
            strcmp(r->cells[1].text, "03") == 0 && strcmp(r->cells[2].text, "01") == 0)
            found = true;
    }
    assert_true(found);
    js_arena_free(a);
    js_buf_release(&f);
}

static void test_export_model(void **state)
{
    (void)state;
    js_err err;
    js_err_clear(&err);
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_doc *doc = NULL;
    assert_int_equal(js_parse_file(ctx, EXPORT, &doc, &err), JS_OK);
    assert_int_equal(doc->year, 2020);
    assert_non_null(doc->tables[1]);
    assert_non_null(doc->tables[9]);
    assert_int_equal(doc->unit, JS_UNIT_YUAN);
    const js_cell *c = js_table_cell(doc->tables[1], "支出:本年支出合计", "决算数");
    assert_non_null(c);
    assert_int_equal(c->value, 179220000); /* fen: 1,792,200.00 元 */
    const char *sheet;
    char ref[16];
    assert_true(js_doc_sheet_cell(doc, &c->loc, &sheet, ref, sizeof ref));
    assert_string_equal(sheet, "决算表(一)");
    assert_string_equal(ref, "F34");
    /* a 02 value: the row's 本年收入合计 is the first amount after three code columns */
    const js_cell *d = js_table_cell(doc->tables[2], "2010301", "本年收入合计");
    assert_non_null(d);
    assert_int_equal(d->value, 75400000);
    assert_true(js_doc_sheet_cell(doc, &d->loc, &sheet, ref, sizeof ref));
    assert_int_equal(ref[0], 'E');
    js_doc_free(doc);
    js_ctx_free(ctx);
}

static void broken(const char *name, const char *data, size_t n, const char *want)
{
    js_err err;
    js_err_clear(&err);
    js_ctx *ctx = js_ctx_new(&err);
    js_doc *doc = NULL;
    int rc = js_parse_sheet_bytes(ctx, name, data, n, &doc, &err);
    assert_int_equal(rc, JS_EINPUT);
    assert_non_null(strstr(err.msg, name));
    if (want && !strstr(err.msg, want)) fail_msg("%s: %s", name, err.msg);
    js_doc_free(doc);
    js_ctx_free(ctx);
}

static void test_broken(void **state)
{
    (void)state;
    static const char zip_head[] = "PK\003\004 xl/workbook.xml ............";
    broken("a.xlsx", zip_head, sizeof zip_head - 1, "XLSX");
    char ole[1024];
    memset(ole, 0, sizeof ole);
    memcpy(ole, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    broken("b.xls", ole, sizeof ole, "XLS");
    broken("c.xlsx", "hello", 5, "not a spreadsheet");
    /* the real workbook cut short */
    js_buf f;
    js_buf_init(&f);
    js_err err;
    assert_int_equal(js_file_read(EXPORT, &f, &err), JS_OK);
    broken("cut.xlsx", f.data, f.len / 2, NULL);
    js_buf_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cell_refs),    cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_export_cells), cmocka_unit_test(test_export_model),
        cmocka_unit_test(test_broken),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
