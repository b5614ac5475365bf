/*
 * build.c - js_build (build.h): metadata first (the year picks the
 * catalogue edition), then the ledger, then the tables and the words.
 * Input errors of both files are collected before anything is built.
 */
#include "compile.h"
#include "ingest/sheet.h"

#include <string.h>

/* The first error of the list from index from, as err (JS_EINPUT). */
static int first_error(const js_diags *errs, int from, js_err *err)
{
    js_buf b;
    js_buf_init(&b);
    if (from < errs->n) js_diag_text(&errs->v[from], NULL, &b);
    int rc = js_err_set(err, JS_EINPUT, "%.400s", b.data ? b.data : "");
    js_buf_release(&b);
    return rc;
}

static int count_errors(const js_diags *l, int from)
{
    int n = 0;
    for (int i = from; i < l->n; i++)
        n += l->v[i].severity >= JS_DIAG_ERROR;
    return n;
}

/* Whether form is one the context's templates declare. */
static bool known_form(const js_ctx *ctx, const char *form)
{
    for (int i = 0; i < js_templates_nforms(ctx->templates); i++)
        if (strcmp(js_templates_form(ctx->templates, i), form) == 0) return true;
    return false;
}

/* js_build with the ledger read from sheet (a workbook's, as CSV text), NULL for a CSV file. */
static int build(const js_ctx *ctx, const js_build_input *in, const char *sheet, js_doc **out,
                 js_diags *errors, js_build_stats *stats, js_err *err)
{
    *out = NULL;
    js_build_stats st = {0, 0, 0};
    int start = errors->n;
    js_doc *doc = js_doc_new(in->ledger_path);
    if (!doc) return js_err_set(err, JS_EINTERNAL, "out of memory");
    bm_meta m;
    int merrs = bm_meta_read(&m, doc->arena, in->meta_path, in->meta, in->meta_len, errors);
    if (merrs < 0) {
        st.nerrors = count_errors(errors, start);
        if (stats) *stats = st;
        js_doc_free(doc);
        return first_error(errors, start, err);
    }
    bl_ledger L;
    int rc = bl_ledger_read(&L, ctx, m.year, in->ledger_path, sheet, in->ledger, in->ledger_len,
                            errors, err);
    st.lines = L.lines;
    st.leaves = (long)L.n;
    if (rc != JS_OK) {
        bl_ledger_release(&L);
        js_doc_free(doc);
        return rc;
    }
    if (m.form && !known_form(ctx, m.form)) {
        js_diag d = {
            .severity = JS_DIAG_ERROR, .code = "B-META", .file = in->meta_path, .key = "form"};
        js_diags_add(errors, &d, "表样“%s”不认识（data/templates/templates.tsv 的 form 记录）",
                     m.form);
    }
    if (count_errors(errors, start) == 0) {
        doc->dept = m.dept;
        doc->year = m.year;
        doc->region = m.region;
        doc->form = js_arena_strdup(doc->arena, m.form ? m.form : "2020");
        doc->unit = JS_UNIT_WANYUAN;
        int t = bc_tables(doc, ctx, &L, &m, errors, in->meta_path);
        if (t < 0 || (count_errors(errors, start) == 0 && bc_narrative(doc, ctx, &L, &m) < 0)) {
            bl_ledger_release(&L);
            js_doc_free(doc);
            return js_err_set(err, JS_EINTERNAL, "out of memory building the disclosure");
        }
    }
    bl_ledger_release(&L);
    st.nerrors = count_errors(errors, start);
    if (stats) *stats = st;
    if (st.nerrors) {
        js_doc_free(doc);
        return first_error(errors, start, err);
    }
    *out = doc;
    return JS_OK;
}

int js_build_diag(const js_ctx *ctx, const js_build_input *in, js_doc **out, js_diags *errors,
                  js_build_stats *stats, js_err *err)
{
    return build(ctx, in, NULL, out, errors, stats, err);
}

/* The errors of a list as lines of text appended to errors, the list freed. */
static int as_text(int rc, js_diags *l, js_buf *errors, js_err *err)
{
    js_diags_text(l, NULL, errors);
    if (rc != JS_OK && (l->oom || errors->oom)) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    js_diags_release(l);
    return rc;
}

int js_build(const js_ctx *ctx, const js_build_input *in, js_doc **out, js_buf *errors,
             js_build_stats *stats, js_err *err)
{
    js_diags l;
    js_diags_init(&l);
    return as_text(build(ctx, in, NULL, out, &l, stats, err), &l, errors, err);
}

/* The ledger and metadata of a build as files: CSV and JSON, or sheets of an
 * XLSX/XLS workbook (sheets.c): the ledger's file may also hold the metadata
 * sheet, then meta_path may be NULL. */
typedef struct inputs {
    js_arena *a;
    js_buf lb, mb;
    js_build_input in;
    const char *sheet; /* the ledger's sheet, NULL for a CSV file */
} inputs;

static bool is_book(const js_buf *b)
{
    return js_sniff_xlsx(b->data ? b->data : "", b->len) ||
           js_sniff_ole2(b->data ? b->data : "", b->len);
}

/* Replace a workbook in b by the text of its ledger (want_ledger) or metadata sheet. */
static int from_book(inputs *x, js_buf *b, const char *path, bool want_ledger, js_diags *errors,
                     js_err *err)
{
    js_workbook wb;
    int rc = js_workbook_read(x->a, path, b->data, b->len, &wb, err);
    if (rc != JS_OK) return rc;
    js_buf t;
    js_buf_init(&t);
    const char *sheet = NULL;
    if (want_ledger) {
        rc = bs_ledger_csv(&wb, &t, &sheet);
        if (rc == JS_EINPUT)
            rc = js_err_set(err, JS_EINPUT,
                            "%s: no ledger sheet: no sheet whose first row names the columns "
                            "收支, 功能分类, 经济分类, 资金来源, 支出类型, 金额",
                            path);
        x->sheet = sheet;
    } else {
        rc = bs_meta_json(&wb, path, &t, &sheet, errors);
        if (rc == JS_EUSAGE)
            rc =
                js_err_set(err, JS_EUSAGE,
                           "%s: no metadata sheet (元数据, or a sheet whose first row is 键 | 值); "
                           "give --meta META.json",
                           path);
        else if (rc == JS_EINPUT)
            rc = first_error(errors, 0, err);
        x->in.meta_path = js_arena_printf(x->a, "%s!%s", path, sheet ? sheet : "");
    }
    if (rc == JS_OK && t.oom) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    js_buf_release(b);
    *b = t;
    return rc;
}

int js_build_files_diag(const js_ctx *ctx, const char *ledger_path, const char *meta_path,
                        js_doc **out, js_diags *errors, js_build_stats *stats, js_err *err)
{
    *out = NULL;
    inputs x = {0};
    x.a = js_arena_new();
    if (!x.a) return js_err_set(err, JS_EINTERNAL, "out of memory");
    js_buf_init(&x.lb);
    js_buf_init(&x.mb);
    x.in.ledger_path = ledger_path;
    x.in.meta_path = meta_path;
    int rc = js_file_read(ledger_path, &x.lb, err);
    bool book = rc == JS_OK && is_book(&x.lb);
    if (rc == JS_OK && meta_path) {
        rc = js_file_read(meta_path, &x.mb, err);
        if (rc == JS_OK && is_book(&x.mb)) rc = from_book(&x, &x.mb, meta_path, false, errors, err);
    } else if (rc == JS_OK && book) {
        js_buf copy;
        js_buf_init(&copy);
        js_buf_append(&copy, x.lb.data, x.lb.len);
        rc = from_book(&x, &copy, ledger_path, false, errors, err);
        x.mb = copy;
    } else if (rc == JS_OK) {
        rc = js_err_set(err, JS_EUSAGE,
                        "%s: --meta META.json is required (or a workbook with a 元数据 sheet)",
                        ledger_path);
    }
    if (rc == JS_OK && book) rc = from_book(&x, &x.lb, ledger_path, true, errors, err);
    if (rc == JS_OK) {
        x.in.ledger = x.lb.data ? x.lb.data : "";
        x.in.ledger_len = x.lb.len;
        x.in.meta = x.mb.data ? x.mb.data : "";
        x.in.meta_len = x.mb.len;
        rc = build(ctx, &x.in, x.sheet, out, errors, stats, err);
    } else if (stats) {
        *stats = (js_build_stats){0, 0, count_errors(errors, 0)};
    }
    js_buf_release(&x.lb);
    js_buf_release(&x.mb);
    js_arena_free(x.a);
    return rc;
}

int js_build_files(const js_ctx *ctx, const char *ledger_path, const char *meta_path, js_doc **out,
                   js_buf *errors, js_build_stats *stats, js_err *err)
{
    js_diags l;
    js_diags_init(&l);
    int rc = js_build_files_diag(ctx, ledger_path, meta_path, out, &l, stats, err);
    return as_text(rc, &l, errors, err);
}
