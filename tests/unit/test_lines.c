/* test_lines.c - text to source lines: tab cells, layout columns, normalisation, encodings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "juesuan/ingest.h"

static js_srcdoc lines(js_arena *a, const char *text, int want_rc)
{
    js_srcdoc d;
    js_err err;
    assert_int_equal(js_srcdoc_from_text(a, "t.txt", text, strlen(text), &d, &err), want_rc);
    return d;
}

static void tabs(void **state)
{
    (void)state;
    js_arena *a = js_arena_new();
    js_srcdoc d = lines(a, "收入\t\t\t支出\r\n一、一般公共预算财政拨款收入\t1\t 75.40 \n", JS_OK);
    assert_int_equal(d.nlines, 2);
    assert_false(d.positional);
    assert_string_equal(d.lines[0].text, "收入\t\t\t支出"); /* CR dropped, line kept whole */
    assert_int_equal(d.lines[0].ncells, 4);
    assert_string_equal(d.lines[0].cells[1].text, "");
    assert_string_equal(d.lines[0].cells[3].text, "支出");
    assert_int_equal(d.lines[0].cells[3].index, 3);
    assert_string_equal(d.lines[1].cells[2].text, "75.40");
    assert_int_equal(d.lines[1].cells[2].len, 5);
    assert_true(d.lines[1].cells[2].x0 < 0);
    assert_int_equal(d.lines[1].loc.line, 2);
    js_arena_free(a);
}

static void layout_columns(void **state)
{
    (void)state;
    js_arena *a = js_arena_new();
    /* pdftotext -layout: cells at runs of two or more spaces; x in code points */
    js_srcdoc d = lines(a, "  项目  决算数\n一、一般公共预算 财政拨款   2,940.05  \n\n", JS_OK);
    assert_true(d.positional);
    assert_int_equal(d.nlines, 3);
    assert_int_equal(d.lines[0].ncells, 2);
    assert_string_equal(d.lines[0].cells[0].text, "项目");
    assert_true(d.lines[0].cells[0].x0 == 2 && d.lines[0].cells[0].x1 == 4);
    assert_string_equal(d.lines[0].cells[1].text, "决算数");
    assert_true(d.lines[0].cells[1].x0 == 6 && d.lines[0].cells[1].x1 == 9);
    /* a single space stays inside a cell */
    assert_int_equal(d.lines[1].ncells, 2);
    assert_string_equal(d.lines[1].cells[0].text, "一、一般公共预算 财政拨款");
    assert_string_equal(d.lines[1].cells[1].text, "2,940.05");
    assert_true(d.lines[2].blank);
    assert_int_equal(d.lines[2].ncells, 0);
    /* the whole line text is intact although its cells were cut out */
    assert_string_equal(d.lines[1].text, "一、一般公共预算 财政拨款   2,940.05  ");
    js_arena_free(a);
}

static void normalised_and_encoded(void **state)
{
    (void)state;
    js_arena *a = js_arena_new();
    js_srcdoc d = lines(a, "\xEF\xBB\xBF部门：某局　（本级）\t１８６. ６７", JS_OK);
    assert_int_equal(d.nlines, 1);
    assert_string_equal(d.lines[0].cells[0].text, "部门:某局 (本级)");
    assert_string_equal(d.lines[0].cells[1].text, "186. 67");
    /* GB18030 is decoded */
    const char gbk[] = "\xB2\xBF\xC3\xC5\n"; /* 部门 */
    d = lines(a, gbk, JS_OK);
    assert_string_equal(d.lines[0].text, "部门");
    /* binary and invalid text are refused with the line */
    js_err err;
    const char bin[] = "a\nb\nc\0d";
    assert_int_equal(js_srcdoc_from_text(a, "b.bin", bin, sizeof bin - 1, &d, &err), JS_EINPUT);
    assert_non_null(strstr(err.msg, "b.bin:3"));
    /* a few bad bytes: read as U+FFFD, counted with their lines (issue #16) */
    const char bad[] = "ok\n\x80\x80\xFF\xFE";
    d = lines(a, bad, JS_OK);
    assert_int_equal(d.nlines, 2);
    assert_int_equal(d.nbad, 4);
    assert_int_equal(d.nbadlines, 1);
    assert_int_equal(d.badlines[0], 2);
    assert_string_equal(d.lines[1].text, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    /* empty text: no lines */
    d = lines(a, "", JS_OK);
    assert_int_equal(d.nlines, 0);
    js_arena_free(a);
}

/* Issue #16: one bad byte does not reject the text; UTF-16 and CR-only line ends. */
static void damaged_and_other_encodings(void **state)
{
    (void)state;
    js_arena *a = js_arena_new();
    /* UTF-8 with a stray 0xFF and a character cut short at the end */
    const char u8[] = "部门：某局\n单位：\xFF万元\n合计 \xE4\xB8";
    js_srcdoc d = lines(a, u8, JS_OK);
    assert_string_equal(d.encoding, "UTF-8");
    assert_int_equal(d.nlines, 3);
    assert_int_equal(d.nbad, 3); /* 0xFF, and the two bytes of the cut character */
    assert_int_equal(d.nbadlines, 2);
    assert_int_equal(d.badlines[0], 2);
    assert_int_equal(d.badlines[1], 3);
    assert_string_equal(d.lines[1].text, "单位:\xEF\xBF\xBD万元");
    assert_string_equal(d.lines[0].text, "部门:某局");
    /* GB18030 with one bad byte: still GB18030, the rest decoded */
    const char gb[] = "\xB2\xBF\xC3\xC5\n\xFF\xBA\xCF\xBC\xC6\n"; /* 部门 / ?合计 */
    d = lines(a, gb, JS_OK);
    assert_string_equal(d.encoding, "GB18030");
    assert_int_equal(d.nbad, 1);
    assert_string_equal(d.lines[0].text, "部门");
    assert_string_equal(d.lines[1].text, "\xEF\xBF\xBD合计");
    /* UTF-16 with a byte order mark, both orders, and little-endian without one */
    const char le[] = "\xFF\xFE\xE8\x90\xE8\x95\n\x00\x31\x00"; /* 部门\n1 */
    js_err err;
    assert_int_equal(js_srcdoc_from_text(a, "le.txt", le, sizeof le - 1, &d, &err), JS_OK);
    assert_string_equal(d.encoding, "UTF-16LE");
    assert_int_equal(d.nlines, 2);
    assert_string_equal(d.lines[0].text, "部门");
    assert_string_equal(d.lines[1].text, "1");
    const char be[] = "\xFE\xFF\x90\xE8\x95\xE8";
    assert_int_equal(js_srcdoc_from_text(a, "be.txt", be, sizeof be - 1, &d, &err), JS_OK);
    assert_string_equal(d.lines[0].text, "部门");
    const char nobom[] = "1\x00.\x00" "2\x00\n\x00" "3\x00 \x00" "4\x00\n\x00";
    assert_int_equal(js_srcdoc_from_text(a, "n.txt", nobom, sizeof nobom - 1, &d, &err), JS_OK);
    assert_string_equal(d.encoding, "UTF-16LE");
    assert_string_equal(d.lines[1].text, "3 4");
    /* CR-only line ends are line ends; CRLF stays one */
    d = lines(a, "a\rb\r\nc\rd", JS_OK);
    assert_int_equal(d.nlines, 4);
    assert_string_equal(d.lines[1].text, "b");
    assert_string_equal(d.lines[3].text, "d");
    /* a few NUL bytes in a long text are bad bytes, not binary */
    js_buf b;
    js_buf_init(&b);
    for (int i = 0; i < 200; i++)
        js_buf_puts(&b, "一般公共服务支出 75.40\n");
    b.data[93] = '\0'; /* the first byte of line 4 */
    assert_int_equal(js_srcdoc_from_text(a, "z.txt", b.data, b.len, &d, &err), JS_OK);
    assert_int_equal(d.nbad, 3); /* the NUL and the two bytes of its character */
    assert_int_equal(d.nbadlines, 1);
    assert_int_equal(d.badlines[0], 4);
    js_buf_release(&b);
    js_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tabs),
        cmocka_unit_test(layout_columns),
        cmocka_unit_test(normalised_and_encoded),
        cmocka_unit_test(damaged_and_other_encodings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
