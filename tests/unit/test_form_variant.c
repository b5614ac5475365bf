/* test_form_variant.c - a form added as data only (docs/extending.md, "a form
 * variant"): a fictional province's 2023 form that prints table 02 under another
 * title, names its 本年收入合计 column 收入总额 and adds one identity. Its
 * records are appended to the built-in data/templates/templates.tsv; no code
 * changes. A copy of seed 000 printed in that form is read to the same table 02
 * as the seed, and checked with the extra identity. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "data.h"
#include "juesuan/juesuan.h"

#define SEED JS_SHARED_DIR "/seeds/000_e65ad6a672f33cc8.txt"

/* The variant: a form chosen by the word 收入总额 under a title, 02 under a
 * new title with its own columns, one more identity (a false one for the seed,
 * so that it is reported), and 07/09 with the 2020 columns (copied below). */
static const char VARIANT[] =
    "form\tfictional-2023\t2023\t收入总额\n"
    "title\tfictional-2023\t2\tcoded\t收入决算情况表\n"
    "col\tfictional-2023\t2\t本年收入合计\t收入总额|收入总\n"
    "col\tfictional-2023\t2\t财政拨款收入\t财政拨款收入|财政拨款收\n"
    "col\tfictional-2023\t2\t上级补助收入\t上级补助收入|上级补助\n"
    "col\tfictional-2023\t2\t事业收入\t事业收入|事业收\n"
    "col\tfictional-2023\t2\t经营收入\t经营收入|经营收\n"
    "col\tfictional-2023\t2\t附属单位上缴收入\t附属单位上缴收入|附属单\n"
    "col\tfictional-2023\t2\t其他收入\t其他收入|其他收\n"
    "ident\tfictional-2023\t2\tT-IDENT\t财政拨款收入 = 其他收入\n";

/* The built-in data, the variant, and the 2020 columns of 07 and 09 as the
 * variant's own (a province reusing them writes the same lines). */
static js_templates *variant_templates(void)
{
    js_buf t;
    js_buf_init(&t);
    js_buf_append(&t, js_data_templates_tsv, js_data_templates_tsv_len);
    js_buf_puts(&t, VARIANT);
    const char *p = js_data_templates_tsv, *end = p + js_data_templates_tsv_len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        static const char *const FROM[] = {"col\t2020\t7\t", "col\t2020\t9\t"};
        for (int k = 0; k < 2; k++)
            if (n > strlen(FROM[k]) && memcmp(p, FROM[k], strlen(FROM[k])) == 0) {
                js_buf_printf(&t, "col\tfictional-2023\t%c\t", FROM[k][9]);
                js_buf_append(&t, p + strlen(FROM[k]), n - strlen(FROM[k]));
                js_buf_putc(&t, '\n');
            }
        p += n + 1;
    }
    js_err err;
    js_templates *tp = js_templates_parse("variant.tsv", t.data, t.len, &err);
    if (!tp) print_message("%s\n", err.msg);
    js_buf_release(&t);
    return tp;
}

/* Replace the first occurrence of from (at or after the first of after) in b. */
static void replace(js_buf *b, const char *after, const char *from, const char *to)
{
    char *a = strstr(b->data, after);
    assert_non_null(a);
    char *p = strstr(a, from);
    assert_non_null(p);
    js_buf o;
    js_buf_init(&o);
    js_buf_append(&o, b->data, (size_t)(p - b->data));
    js_buf_puts(&o, to);
    js_buf_puts(&o, p + strlen(from));
    js_buf_release(b);
    *b = o;
}

static js_doc *parse(const js_ctx *ctx, const char *path, const js_buf *text)
{
    js_doc *d = NULL;
    js_err err;
    assert_int_equal(js_parse_text(ctx, path, text->data, text->len, &d, &err), JS_OK);
    return d;
}

static bool has_finding(const js_findings *f, const char *rule, const char *table)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->items[i].rule, rule) == 0 &&
            (!table || (f->items[i].table && strcmp(f->items[i].table, table) == 0)))
            return true;
    return false;
}

static void variant_form_as_data(void **state)
{
    (void)state;
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_buf seed, var;
    js_buf_init(&seed);
    js_buf_init(&var);
    assert_int_equal(js_file_read(SEED, &seed, &err), JS_OK);
    js_buf_putc(&seed, '\0');
    seed.len--;
    js_buf_append(&var, seed.data, seed.len + 1);
    var.len = seed.len;
    /* the table's title and its first column's header, as the variant prints them */
    replace(&var, "\n收入决算表\n", "\n收入决算表\n", "\n收入决算情况表\n");
    replace(&var, "\n收入决算情况表\n", "本年收入合 计", "收入总 额");

    js_doc *orig = parse(ctx, "seed.txt", &seed);
    /* the built-in forms do not know the variant's title: no table 02 */
    js_doc *plain = parse(ctx, "variant.txt", &var);
    assert_null(plain->tables[2]);
    js_doc_free(plain);

    js_templates *tp = variant_templates();
    assert_non_null(tp);
    js_templates *builtin = ctx->templates;
    ctx->templates = tp;
    js_doc *d = parse(ctx, "variant.txt", &var);
    assert_string_equal(d->form, "fictional-2023");
    const js_table *a = orig->tables[2], *b = d->tables[2];
    assert_non_null(b);
    assert_int_equal(b->nrows, a->nrows);
    assert_int_equal(b->ncols, a->ncols);
    for (int r = 0; r < a->nrows; r++)
        for (int c = 0; c < a->ncols; c++) {
            assert_int_equal(b->rows[r].cells[c].present, a->rows[r].cells[c].present);
            assert_true(b->rows[r].cells[c].value == a->rows[r].cells[c].value);
        }
    for (int no = 1; no <= 9; no++)
        assert_int_equal(d->tables[no] != NULL, orig->tables[no] != NULL);

    js_findings f;
    js_findings_init(&f);
    assert_int_equal(js_check(ctx, d, &f, &err), JS_OK);
    assert_true(has_finding(&f, "T-IDENT", "02")); /* the variant's own identity */
    assert_false(has_finding(&f, "C-MISSING", NULL));
    js_findings_release(&f);

    ctx->templates = builtin;
    js_templates_free(tp);
    js_doc_free(d);
    js_doc_free(orig);
    js_buf_release(&seed);
    js_buf_release(&var);
    js_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(variant_form_as_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
