/* test_fastpaths.c - the shortcuts taken for speed (docs/performance.md) give the
 * answers of the slow ways: name comparison, UTF-8 decoding, number formatting and
 * parsing, and the row-key index of tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "juesuan/model.h"
#include "juesuan/text.h"

/* js_name_eq against comparing the js_norm_key forms. */
static bool slow_eq(const char *a, const char *b)
{
    js_buf x, y;
    js_buf_init(&x);
    js_buf_init(&y);
    js_norm_key(&x, a, strlen(a));
    js_norm_key(&y, b, strlen(b));
    bool eq = x.len == y.len && memcmp(x.data, y.data, x.len) == 0;
    js_buf_release(&x);
    js_buf_release(&y);
    return eq;
}

static void name_eq_as_normalised(void **state)
{
    (void)state;
    static const char *const N[] = {
        "决算数",
        "决算 数",
        "决算数 ",
        " 决算数",
        "决算　数",
        "决算\xC2\xA0数",
        "决算",
        "决算数额",
        "收入:总计",
        "收入：总计",
        "收入:  总计",
        "因公出国(境)费",
        "因公出国（境）费",
        "因公出国（境费",
        "ＡＢ12",
        "AB１２",
        "AB12",
        "",
        " ",
        "\xEF\xBB\xBF决算数",
        "-3",
        ("\xE2\x88\x92" /* minus sign */ "3"),
        "2010301",
        "201 03 01",
        "\xE4\xB8",
        "决算数\xE4\xB8",
        "x\r",
        "x",
    };
    size_t n = sizeof N / sizeof N[0];
    int eq = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            bool want = slow_eq(N[i], N[j]);
            if (js_name_eq(N[i], N[j]) != want)
                fail_msg("js_name_eq(\"%s\", \"%s\") != %d", N[i], N[j], want);
            eq += want;
        }
    assert_true(eq > (int)n); /* some pairs other than a name with itself are equal */
    assert_true(js_name_eq("收入:总计", "收入：总计"));
    assert_false(js_name_eq("决算数", "决算数额"));
    assert_false(js_name_eq("决算数", NULL));
    assert_true(js_name_eq(NULL, NULL));
}

static void utf8_decode_strict(void **state)
{
    (void)state;
    int32_t cp;
    assert_int_equal(js_utf8_decode("决", 3, &cp), 3);
    assert_int_equal(cp, 0x51B3);
    assert_int_equal(js_utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    /* overlong, surrogate, beyond U+10FFFF, cut short, lone continuation: 1 byte, U+FFFD */
    static const char *const BAD[] = {"\xC0\xAF",         "\xE0\x80\xAF",     "\xED\xA0\x80",
                                      "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\x80",
                                      "\xE5\x86"};
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        assert_int_equal(js_utf8_decode(BAD[i], strlen(BAD[i]), &cp), 1);
        assert_int_equal(cp, 0xFFFD);
    }
    assert_int_equal(js_utf8_decode("决", 2, &cp), 1); /* only 2 of its 3 bytes given */
    assert_false(js_utf8_valid("\xED\xA0\x80", 3));
    assert_true(js_utf8_valid("决算 ok", strlen("决算 ok")));
}

static void formats_as_printf(void **state)
{
    (void)state;
    static const int64_t V[] = {0,      1,      -1,        9,         10,           99999,
                                100000, 754000, -3500000,  75400000,  123456789,    -123456789,
                                5000,   -5000,  INT64_MAX, INT64_MIN, INT64_MIN + 1};
    char got[64], want[64];
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
        uint64_t u = V[i] < 0 ? (uint64_t)(-(V[i] + 1)) + 1 : (uint64_t)V[i];
        for (int dec = 0; dec <= 9; dec++) {
            uint64_t p = 1;
            for (int k = 0; k < dec; k++)
                p *= 10;
            if (dec == 0)
                snprintf(want, sizeof want, "%s%llu", V[i] < 0 ? "-" : "", (unsigned long long)u);
            else
                snprintf(want, sizeof want, "%s%llu.%0*llu", V[i] < 0 ? "-" : "",
                         (unsigned long long)(u / p), dec, (unsigned long long)(u % p));
            js_num_fmt((js_num){V[i], dec}, got, sizeof got);
            assert_string_equal(got, want);
        }
    }
    assert_string_equal(js_amount_fmt_wan(75400000, got, sizeof got), "75.40");
    assert_string_equal(js_amount_fmt_wan(-3500000, got, sizeof got), "-3.50");
    assert_string_equal(js_amount_fmt_wan(123456, got, sizeof got), "0.123456");
    assert_string_equal(js_amount_fmt_wan(120000, got, sizeof got), "0.12");
    assert_string_equal(js_amount_fmt_wan(0, got, sizeof got), "0.00");
    assert_string_equal(js_amount_fmt_wan(1, got, sizeof got), "0.000001");
    char small[5];
    js_amount_fmt_wan(75400000, small, sizeof small); /* cut like snprintf */
    assert_string_equal(small, "75.4");
}

static void numbers_and_blanks(void **state)
{
    (void)state;
    js_num n;
    static const char *const BLANK[] = {"-", "--", "—",  "——", "－", "－－",
                                        "–", "/",  "／", "―",  "─",  ""};
    for (size_t i = 0; i < sizeof BLANK / sizeof BLANK[0]; i++)
        assert_int_equal(js_num_parse(BLANK[i], strlen(BLANK[i]), &n), JS_NUM_BLANK);
    assert_int_equal(js_num_parse("———", strlen("———"), &n), JS_NUM_NONE);
    assert_int_equal(js_num_parse("1,234.50", 8, &n), JS_NUM_VALUE);
    assert_int_equal(n.mant, 123450);
    assert_int_equal(n.dec, 2);
    assert_int_equal(js_num_parse("1，234．5", strlen("1，234．5"), &n), JS_NUM_VALUE);
    assert_int_equal(n.mant, 12345);
    assert_int_equal(js_num_parse("1.2.3", 5, &n), JS_NUM_NONE);
    assert_int_equal(js_num_parse(",12", 3, &n), JS_NUM_NONE);
    assert_int_equal(js_num_parse("12.", 3, &n), JS_NUM_NONE);
    assert_int_equal(js_num_parse("-/", 2, &n), JS_NUM_NONE);
}

/* js_table_row through the index: the first row of a key, NULL for a missing key,
 * repeated rows marked, and the same answers past several index rebuilds. */
static void row_index(void **state)
{
    (void)state;
    js_doc *d = js_doc_new("t");
    assert_non_null(d);
    const char *cols[] = {"决算数"};
    js_table *t = js_doc_table_add(d, 5, 1, cols);
    assert_non_null(t);
    js_loc loc = {0};
    char key[32];
    for (int i = 0; i < 300; i++) {
        snprintf(key, sizeof key, "%d", 2010000 + i % 250); /* 50 keys come twice */
        js_row *r = js_table_row_add(d, t, key, key, "名称", loc);
        assert_non_null(r);
        assert_int_equal(r->dup_of, i < 250 ? -1 : i - 250);
    }
    for (int i = 0; i < 250; i++) {
        snprintf(key, sizeof key, "%d", 2010000 + i);
        js_row *r = js_table_row(t, key);
        assert_non_null(r);
        assert_int_equal((int)(r - t->rows), i);
    }
    assert_null(js_table_row(t, "999"));
    assert_null(js_table_row(t, ""));
    /* a row put in by hand: the index is out of step and the scan answers */
    t->rows[t->nrows - 1].key = "手加";
    js_row *r = js_table_row_add(d, t, "new", NULL, NULL, loc);
    assert_non_null(r);
    assert_ptr_equal(js_table_row(t, "new"), r);
    t->nrows--; /* now out of step */
    assert_null(js_table_row(t, "new"));
    assert_non_null(js_table_row(t, "手加"));
    js_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(name_eq_as_normalised),
        cmocka_unit_test(utf8_decode_strict),
        cmocka_unit_test(formats_as_printf),
        cmocka_unit_test(numbers_and_blanks),
        cmocka_unit_test(row_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
