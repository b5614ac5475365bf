/* test_form_variant.c - a form added as data only (docs/extending.md, "a form
 * variant"): a fictional province's 2023 form that prints table 02 under another
 * title, names its 本年收入合计 column 收入总额, adds one identity and one
 * cross-table link, titles section 三 of its 情况说明 部门支出情况 and words
 * 本年支出合计 there as 支出总额. Its records are appended to the built-in
 * data/templates/templates.tsv; no code changes. A copy of seed 000 printed in
 * that form is read to the same table 02 as the seed, and checked with the extra
 * identity and link, and its section 三 against table 01 under the new words. The
 * example's ledger is built in that form (its metadata names it), checked (only the
 * variant's false identity and link are reported) and rendered, with the variant's
 * own print layout for 02 (data/templates/layout.tsv records). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "form_fixture.h"
#include "juesuan/build.h"
#include "juesuan/juesuan.h"
#include "render/render_impl.h"

#define SEED JS_SHARED_DIR "/seeds/000_e65ad6a672f33cc8.txt"

/* The variant: a form chosen by the word 收入总额 under a title, 02 under a
 * new title with its own columns, one more identity (a false one for the seed,
 * so that it is reported), and 07/09 with the 2020 columns (copied below). */
static const char VARIANT_FORM[] =
    "form\tfictional-2023\t2023\t收入总额\n"
    "title\tfictional-2023\t2\tcoded\t收入决算情况表\n"
    "col\tfictional-2023\t2\t本年收入合计\t收入总额|收入总\n"
    "col\tfictional-2023\t2\t财政拨款收入\t财政拨款收入|财政拨款收\n"
    "col\tfictional-2023\t2\t上级补助收入\t上级补助收入|上级补助\n"
    "col\tfictional-2023\t2\t事业收入\t事业收入|事业收\n"
    "col\tfictional-2023\t2\t经营收入\t经营收入|经营收\n"
    "col\tfictional-2023\t2\t附属单位上缴收入\t附属单位上缴收入|附属单\n"
    "col\tfictional-2023\t2\t其他收入\t其他收入|其他收\n"
    "topic\tfictional-2023\texpend\t三\t部门支出情况\t部门支出情况\n"
    "say\tfictional-2023\texpend\tend:支出总额\t-\t1\t支出:本年支出合计\t决算数\t本年支出合计\n";
/* Its identity and link, false for the seed and the example on purpose. */
static const char VARIANT_FALSE[] =
    "ident\tfictional-2023\t2\tT-IDENT\t财政拨款收入 = 其他收入\n"
    "link\tfictional-2023\tX-01-02\tsum\t02/合计/本年收入合计\t01/支出:年末结转和结余/决算数\t"
    "合计行本年收入合计（变体）\t01表年末结转和结余\n";

/* The built-in data, the variant (with its false identity and link unless
 * !falses), and the 2020 columns of 07 and 09 as the variant's own (a province
 * reusing them writes the same lines); with layout, the built-in print layout
 * and the variant's own records of it (else the built-in one alone). */
static js_templates *variant_form(bool falses, const char *layout)
{
    js_buf t;
    js_buf_init(&t);
    js_buf_append(&t, js_data_templates_tsv, js_data_templates_tsv_len);
    js_buf_puts(&t, VARIANT_FORM);
    if (falses) js_buf_puts(&t, VARIANT_FALSE);
    if (layout) {
        js_buf_append(&t, js_data_layout_tsv, js_data_layout_tsv_len);
        js_buf_puts(&t, layout);
    }
    const char *p = js_data_templates_tsv, *end = p + js_data_templates_tsv_len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        /* the variant's own says of section 三 replace the built-in ones: the rest
         * of them copied, as a province keeping them writes them */
        static const char *const FROM[] = {"col\t2020\t7\t", "col\t2020\t9\t", "say\t*\texpend\t"};
        static const char *const TO[] = {"col\tfictional-2023\t7\t", "col\tfictional-2023\t9\t",
                                         "say\tfictional-2023\texpend\t"};
        for (int k = 0; k < 3; k++)
            if (n > strlen(FROM[k]) && memcmp(p, FROM[k], strlen(FROM[k])) == 0) {
                js_buf_puts(&t, TO[k]);
                js_buf_append(&t, p + strlen(FROM[k]), n - strlen(FROM[k]));
                js_buf_putc(&t, '\n');
            }
        p += n + 1;
    }
    js_templates *tp = form_parse("variant.tsv", &t);
    js_buf_release(&t);
    return tp;
}

static js_templates *variant_templates(void)
{
    return variant_form(true, NULL);
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

static const js_finding *finding(const js_findings *f, const char *rule, const char *table)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->items[i].rule, rule) == 0 &&
            (!table || (f->items[i].table && strcmp(f->items[i].table, table) == 0)))
            return &f->items[i];
    return NULL;
}

static bool has_finding(const js_findings *f, const char *rule, const char *table)
{
    return finding(f, rule, table) != NULL;
}

/* The N-AMOUNT finding of a section, or NULL. */
static const js_finding *amount_in(const js_findings *f, const char *section)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->items[i].rule, "N-AMOUNT") == 0 && f->items[i].section &&
            strcmp(f->items[i].section, section) == 0)
            return &f->items[i];
    return NULL;
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
    /* section 三 of the 情况说明 in the variant's words, with a wrong total */
    replace(&var, "三、支出决算情况说明\n\n本年支出合计", "三、支出决算情况说明",
            "三、部门支出情况");
    replace(&var, "三、部门支出情况", "本年支出合计 179.22", "支出总额 170.00");

    js_doc *orig = parse(ctx, "seed.txt", &seed);
    /* the built-in forms do not know the variant's title: no table 02 */
    js_doc *plain = parse(ctx, "variant.txt", &var);
    assert_null(plain->tables[2]);
    /* nor its section 三: no topic, nothing compared there */
    js_findings f;
    js_findings_init(&f);
    assert_int_equal(js_check(ctx, plain, &f, &err), JS_OK);
    assert_null(amount_in(&f, "三"));
    js_findings_release(&f);
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

    js_findings_init(&f);
    assert_int_equal(js_check(ctx, d, &f, &err), JS_OK);
    assert_true(has_finding(&f, "T-IDENT", "02")); /* the variant's own identity */
    assert_false(has_finding(&f, "C-MISSING", NULL));
    /* the variant's own link, reported with its words */
    const js_finding *x = finding(&f, "X-01-02", "02");
    assert_non_null(x);
    assert_non_null(strstr(x->message, "合计行本年收入合计（变体）"));
    /* section 三 found by the variant's title, 支出总额 compared with 01's 本年支出合计 */
    const js_finding *n = amount_in(&f, "三");
    assert_non_null(n);
    assert_string_equal(n->stated, "170.00");
    assert_string_equal(n->expected, "179.22");
    js_findings_release(&f);

    ctx->templates = builtin;
    js_templates_free(tp);
    js_doc_free(d);
    js_doc_free(orig);
    js_buf_release(&seed);
    js_buf_release(&var);
    js_ctx_free(ctx);
}

/* The variant's print layout, as data only: its 02 headed otherwise, its columns
 * in the variant's words ({*}: 收入总额 for 本年收入合计), its own note. */
static const char VARIANT_LAYOUT[] =
    "note\tfictional-2023\t2\t注：本表为虚构省份的收入决算情况表。\n"
    "head\tfictional-2023\t2\t0\t0\t2\t1\t项 目\n"
    "head\tfictional-2023\t2\t0\t2\t1\t2\t{*}\n"
    "head\tfictional-2023\t2\t1\t0\t1\t1\t科目编码\n"
    "head\tfictional-2023\t2\t1\t1\t1\t1\t科目名称\n";

/* The section numbered num, or NULL. */
static const js_section *section(const js_doc *d, const char *num)
{
    for (int i = 0; i < d->nsections; i++)
        if (d->sections[i].num && strcmp(d->sections[i].num, num) == 0) return &d->sections[i];
    return NULL;
}

/* The example's ledger built in the variant form (the metadata's "form"), checked, and
 * rendered: no code knows the variant. */
static void variant_form_built_and_rendered(void **state)
{
    (void)state;
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_buf ledger, meta;
    js_buf_init(&ledger);
    js_buf_init(&meta);
    assert_int_equal(js_file_read(JS_SOURCE_DIR "/examples/ledger.csv", &ledger, &err), JS_OK);
    js_buf_puts(&meta, "{\"form\": \"fictional-2023\",");
    js_buf t;
    js_buf_init(&t);
    assert_int_equal(js_file_read(JS_SOURCE_DIR "/examples/meta.json", &t, &err), JS_OK);
    const char *brace = memchr(t.data, '{', t.len);
    assert_non_null(brace);
    js_buf_append(&meta, brace + 1, t.len - (size_t)(brace + 1 - t.data));
    js_build_input in = {"ledger.csv", ledger.data, ledger.len, "meta.json", meta.data, meta.len};
    js_buf errors;
    js_buf_init(&errors);
    js_doc *d = NULL;
    /* the built-in forms do not know it: an error naming the key */
    assert_int_equal(js_build(ctx, &in, &d, &errors, NULL, &err), JS_EINPUT);
    assert_null(d);
    assert_non_null(strstr(errors.data, "form"));
    assert_non_null(strstr(errors.data, "fictional-2023"));

    js_templates *tp = variant_templates();
    js_templates *builtin = ctx->templates;
    ctx->templates = tp;
    errors.len = 0;
    assert_int_equal(js_build(ctx, &in, &d, &errors, NULL, &err), JS_OK);
    assert_string_equal(d->form, "fictional-2023");
    /* section 三 numbered and titled as the variant's topic record says */
    const js_section *s3 = section(d, "三");
    assert_non_null(s3);
    assert_string_equal(s3->title, "部门支出情况");
    assert_non_null(d->tables[2]);
    assert_string_equal(d->tables[2]->cols[0], "本年收入合计");

    /* checked in the variant: what it writes the checker finds right (no finding of the
     * 情况说明), only the identity and the link the variant adds, false on purpose */
    js_findings f;
    js_findings_init(&f);
    assert_int_equal(js_check(ctx, d, &f, &err), JS_OK);
    assert_true(has_finding(&f, "T-IDENT", "02"));
    assert_true(has_finding(&f, "X-01-02", "02"));
    for (int i = 0; i < f.n; i++) {
        const js_finding *x = &f.items[i];
        if (x->severity < JS_SEV_ERROR) continue;
        if (strcmp(x->rule, "T-IDENT") != 0 && strcmp(x->rule, "X-01-02") != 0)
            print_message("unexpected: %s %s\n", x->rule, x->message);
        assert_true(strcmp(x->rule, "T-IDENT") == 0 || strcmp(x->rule, "X-01-02") == 0);
        assert_false(strncmp(x->rule, "N-", 2) == 0);
    }
    js_findings_release(&f);

    /* rendered: the text prints section 三 under the variant's title */
    js_buf out;
    js_buf_init(&out);
    assert_int_equal(js_render_txt(tp, d, &out, &err), JS_OK);
    js_buf_putc(&out, '\0');
    assert_non_null(strstr(out.data, "三、部门支出情况"));
    assert_non_null(strstr(out.data, "收入决算情况表")); /* 02 under the variant's title */
    /* and the variant's own layout records head its 02 in its words */
    js_templates *tl = variant_form(true, VARIANT_LAYOUT);
    js_arena *a = js_arena_new();
    bg_grid *g = bg_table_in(tl, d, 2, a);
    assert_non_null(g);
    assert_string_equal(bg_at(g, 0, 2)->text, "收入总额");
    assert_string_equal(bg_at(g, 1, 0)->text, "科目编码");
    assert_string_equal(g->note, "注：本表为虚构省份的收入决算情况表。");
    g = bg_table_in(tl, d, 1, a); /* its other tables as the 2020 form prints them */
    assert_string_equal(bg_at(g, 0, 0)->text, "收 入");
    g = bg_table_in(tp, d, 2, a); /* without them: the * layout, in the variant's words */
    assert_string_equal(bg_at(g, 0, 2)->text, "收入总额");
    assert_string_equal(bg_at(g, 1, 0)->text, "功能分类科目编码");
    js_arena_free(a);
    js_templates_free(tl);
    js_buf_release(&out);

    ctx->templates = builtin;
    js_templates_free(tp);
    js_doc_free(d);
    js_buf_release(&errors);
    js_buf_release(&t);
    js_buf_release(&meta);
    js_buf_release(&ledger);
    js_ctx_free(ctx);
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The facts of d as TSV lines (table, row, column, value), sorted: the order of
 * the rows of a table is the reader's or the builder's. */
static void facts_of(const js_doc *d, js_buf *out)
{
    js_buf t;
    js_buf_init(&t);
    js_facts_tsv(&t, d, NULL);
    js_buf_putc(&t, '\0');
    size_t n = 0;
    for (size_t i = 0; i < t.len; i++)
        n += t.data[i] == '\n';
    char **lines = calloc(n + 1, sizeof *lines);
    assert_non_null(lines);
    n = 0;
    for (char *p = t.data, *nl; (nl = strchr(p, '\n')); p = nl + 1) {
        *nl = '\0';
        lines[n++] = p;
    }
    qsort(lines, n, sizeof *lines, by_text);
    js_buf_init(out);
    for (size_t i = 0; i < n; i++)
        js_buf_printf(out, "%s\n", lines[i]);
    js_buf_putc(out, '\0');
    free(lines);
    js_buf_release(&t);
}

/* build -> render txt -> parse -> check, all in the variant form (its data, its layout):
 * the text prints 02 under the variant's title and 收入总额, so the reader given the same
 * data reads it back in that form, to the same facts, and the checker finds no error. */
static void variant_form_round_trip(void **state)
{
    (void)state;
    js_err err;
    js_ctx *ctx = js_ctx_new(&err);
    assert_non_null(ctx);
    js_buf ledger, meta, t;
    js_buf_init(&ledger);
    js_buf_init(&meta);
    js_buf_init(&t);
    assert_int_equal(js_file_read(JS_SOURCE_DIR "/examples/ledger.csv", &ledger, &err), JS_OK);
    assert_int_equal(js_file_read(JS_SOURCE_DIR "/examples/meta.json", &t, &err), JS_OK);
    const char *brace = memchr(t.data, '{', t.len);
    assert_non_null(brace);
    js_buf_puts(&meta, "{\"form\": \"fictional-2023\",");
    js_buf_append(&meta, brace + 1, t.len - (size_t)(brace + 1 - t.data));
    js_build_input in = {"ledger.csv", ledger.data, ledger.len, "meta.json", meta.data, meta.len};

    js_templates *tp = variant_form(false, VARIANT_LAYOUT);
    js_templates *builtin = ctx->templates;
    ctx->templates = tp;
    js_buf errors;
    js_buf_init(&errors);
    js_doc *d = NULL;
    assert_int_equal(js_build(ctx, &in, &d, &errors, NULL, &err), JS_OK);
    js_buf txt;
    js_buf_init(&txt);
    assert_int_equal(js_render_txt(tp, d, &txt, &err), JS_OK);
    js_buf_putc(&txt, '\0');
    txt.len--;
    assert_non_null(strstr(txt.data, "收入决算情况表"));
    assert_non_null(strstr(txt.data, "\t收入总额\t"));
    assert_non_null(strstr(txt.data, "注：本表为虚构省份的收入决算情况表。"));

    js_doc *back = parse(ctx, "variant.txt", &txt);
    assert_string_equal(back->form, "fictional-2023");
    js_buf fa, fb;
    facts_of(d, &fa);
    facts_of(back, &fb);
    assert_true(fa.len > 100);
    assert_string_equal(fb.data, fa.data);
    js_findings f;
    js_findings_init(&f);
    assert_int_equal(js_check(ctx, back, &f, &err), JS_OK);
    int errs = 0;
    for (int i = 0; i < f.n; i++)
        if (f.items[i].severity >= JS_SEV_ERROR) {
            print_message("%s: %s\n", f.items[i].rule, f.items[i].message);
            errs++;
        }
    assert_int_equal(errs, 0);
    js_findings_release(&f);
    js_doc_free(back);

    /* the built-in data alone does not know the title the variant prints 02 under */
    ctx->templates = builtin;
    back = parse(ctx, "variant.txt", &txt);
    assert_null(back->tables[2]);
    js_doc_free(back);

    js_templates_free(tp);
    js_doc_free(d);
    js_buf_release(&fa);
    js_buf_release(&fb);
    js_buf_release(&txt);
    js_buf_release(&errors);
    js_buf_release(&t);
    js_buf_release(&meta);
    js_buf_release(&ledger);
    js_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(variant_form_as_data),
        cmocka_unit_test(variant_form_built_and_rendered),
        cmocka_unit_test(variant_form_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
