/* test_diag.c - diagnostics (diag.h): the list, the one text form, the one JSON
 * form, reading notes as diagnostics through the model JSON, and build errors as
 * diagnostics that name their file, line, cell or key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "juesuan/juesuan.h"
#include "juesuan/build.h"

static void text_of(const js_diag *d, const char *def, const char *want)
{
    js_buf b;
    js_buf_init(&b);
    js_diag_text(d, def, &b);
    assert_string_equal(b.data ? b.data : "", want);
    js_buf_release(&b);
}

static void list_and_text(void **state)
{
    (void)state;
    js_diags l;
    js_diags_init(&l);
    char cell[] = "F列“金额”";
    js_diag *d = js_diags_add(&l,
                              &(js_diag){.severity = JS_DIAG_ERROR,
                                         .code = "B-LEDGER",
                                         .file = "l.csv",
                                         .loc.line = 3,
                                         .cell = cell},
                              "金额“%s”不是数", "x");
    assert_non_null(d);
    cell[0] = 'G'; /* strings are copied */
    text_of(d, NULL, "l.csv:3: F列“金额”：金额“x”不是数");
    d = js_diags_add(
        &l,
        &(js_diag){.severity = JS_DIAG_ERROR, .code = "B-META", .file = "m.json", .key = "year"},
        "缺少年度");
    text_of(d, NULL, "m.json: year: 缺少年度");
    d = js_diags_add(
        &l, &(js_diag){.severity = JS_DIAG_ERROR, .file = "m.json", .loc.line = 2, .column = 7},
        "JSON 格式错误");
    text_of(d, NULL, "m.json:2:7: JSON 格式错误");
    assert_string_equal(d->code, "");
    /* a reading note: no file of its own (the document's), a page */
    d = js_diags_add(&l, &(js_diag){.code = "R-OCR", .table = 2, .loc.page = 4}, "第4页为扫描图像");
    text_of(d, "a.pdf", "a.pdf: page 4: 第4页为扫描图像");
    text_of(d, NULL, "page 4: 第4页为扫描图像");
    assert_int_equal(l.n, 4);
    assert_int_equal(js_diags_count(&l, JS_DIAG_ERROR), 3);
    assert_int_equal(js_diags_count(&l, JS_DIAG_NOTE), 4);
    assert_string_equal(js_diag_severity_name(l.v[0].severity), "error");
    assert_string_equal(js_diag_severity_name(l.v[3].severity), "note");

    js_buf b;
    js_buf_init(&b);
    js_diags_text(&l, "a.pdf", &b);
    assert_string_equal(b.data, "l.csv:3: F列“金额”：金额“x”不是数\n"
                                "m.json: year: 缺少年度\n"
                                "m.json:2:7: JSON 格式错误\n"
                                "a.pdf: page 4: 第4页为扫描图像\n");
    b.len = 0;
    js_err err;
    assert_int_equal(js_diags_json(&l, &b, &err), JS_OK);
    assert_non_null(strstr(b.data, "\"severity\":\"error\""));
    assert_non_null(strstr(b.data, "\"cell\":\"F列“金额”\""));
    assert_non_null(strstr(b.data, "\"key\":\"year\""));
    assert_non_null(strstr(b.data, "\"column\":7"));
    assert_non_null(strstr(b.data, "\"loc\":{\"page\":4}"));
    js_buf_release(&b);
    js_diags_release(&l);
    assert_int_equal(l.n, 0);
    js_diags_release(&l); /* twice is harmless */
}

/* A document's reading notes are its diagnostics; js_doc_note adds to the same
 * list, and the model JSON carries every field and reads it back. */
static void doc_notes_roundtrip(void **state)
{
    (void)state;
    js_doc *d = js_doc_new("a.txt");
    assert_non_null(d);
    js_doc_note(d, "TABLE-TWICE", 1, (js_loc){.line = 12}, "公开%02d表印了%d次", 1, 2);
    js_diags_add(&d->diags,
                 &(js_diag){.severity = JS_DIAG_WARNING,
                            .code = "R-DAMAGED",
                            .file = "a.xlsx",
                            .cell = "Sheet2!B3",
                            .loc.line = 5},
                 "工作表“%s”损坏", "Sheet2");
    assert_int_equal(d->nnotes, 2); /* the old names see the same list */
    assert_ptr_equal(d->notes, d->diags.v);
    assert_string_equal(d->notes[0].text, "公开01表印了2次");
    js_buf j;
    js_buf_init(&j);
    js_err err;
    assert_int_equal(js_doc_to_json(d, &j, 0, &err), JS_OK);
    js_doc *back = NULL;
    assert_int_equal(js_doc_from_json("a.json", j.data, j.len, &back, &err), JS_OK);
    assert_int_equal(back->diags.n, 2);
    const js_diag *x = &back->diags.v[1];
    assert_string_equal(x->code, "R-DAMAGED");
    assert_int_equal(x->severity, JS_DIAG_WARNING);
    assert_string_equal(x->file, "a.xlsx");
    assert_string_equal(x->cell, "Sheet2!B3");
    assert_int_equal(x->loc.line, 5);
    assert_string_equal(x->text, "工作表“Sheet2”损坏");
    assert_int_equal(back->diags.v[0].severity, JS_DIAG_NOTE);
    assert_null(back->diags.v[0].file);
    assert_int_equal(back->diags.v[0].table, 1);
    js_doc_free(back);
    js_buf_release(&j);
    js_doc_free(d);
}

/* Build errors are diagnostics: file, line, the cell of the ledger, the key of the metadata. */
static void build_errors(void **state)
{
    (void)state;
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    const char *L = "收支,功能分类,经济分类,资金来源,支出类型,金额,项目\n"
                    "支出,2060101,30101,一般公共预算,基本,1.00,\n"
                    "支出,2060101,30101,一般公共预算,基本,x,\n";
    const char *M = "{\"department\":\"x\",\"year\":2020,\"distribution\":1.5}";
    js_build_input in = {"l.csv", L, strlen(L), "m.json", M, strlen(M)};
    js_diags l;
    js_diags_init(&l);
    js_doc *d = NULL;
    assert_int_equal(js_build_diag(ctx, &in, &d, &l, NULL, &err), JS_EINPUT);
    assert_null(d);
    int ledger = -1, meta = -1;
    for (int i = 0; i < l.n; i++) {
        assert_int_equal(l.v[i].severity, JS_DIAG_ERROR);
        if (strcmp(l.v[i].code, "B-LEDGER") == 0) ledger = i;
        if (strcmp(l.v[i].code, "B-META") == 0) meta = i;
    }
    assert_true(meta >= 0);
    assert_string_equal(l.v[meta].file, "m.json");
    assert_string_equal(l.v[meta].key, "distribution");
    /* one run lists the errors of both files */
    assert_true(ledger >= 0);
    assert_string_equal(l.v[ledger].cell, "F列“金额”");
    js_diags_release(&l);

    const char *M2 = "{\"department\":\"x\",\"year\":2020}";
    in.meta = M2;
    in.meta_len = strlen(M2);
    js_diags_init(&l);
    assert_int_equal(js_build_diag(ctx, &in, &d, &l, NULL, &err), JS_EINPUT);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.v[0].code, "B-LEDGER");
    assert_string_equal(l.v[0].file, "l.csv");
    assert_int_equal(l.v[0].loc.line, 3);
    assert_string_equal(l.v[0].cell, "F列“金额”");
    /* the text form is what js_build gives and err names */
    js_buf t;
    js_buf_init(&t);
    js_diag_text(&l.v[0], NULL, &t);
    assert_string_equal(err.msg, t.data);
    js_buf b;
    js_buf_init(&b);
    assert_int_equal(js_build(ctx, &in, &d, &b, NULL, &err), JS_EINPUT);
    js_buf_putc(&t, '\n');
    assert_string_equal(b.data, t.data);
    js_buf_release(&b);
    js_buf_release(&t);
    js_diags_release(&l);
    js_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(list_and_text),
        cmocka_unit_test(doc_notes_roundtrip),
        cmocka_unit_test(build_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
