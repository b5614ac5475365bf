/*
 * build.c - js_build (build.h): metadata first (the year picks the
 * catalogue edition), then the ledger, then the tables and the words.
 * Input errors of both files are collected before anything is built.
 */
#include "compile.h"

#include <string.h>

static int first_error(const js_buf *errs, js_err *err)
{
    size_t n = 0;
    while (n < errs->len && errs->data[n] != '\n')
        n++;
    return js_err_set(err, JS_EINPUT, "%.*s", (int)(n < 400 ? n : 400),
                      errs->data ? errs->data : "");
}

static int count_lines(const js_buf *b, size_t from)
{
    int n = 0;
    for (size_t i = from; i < b->len; i++)
        n += b->data[i] == '\n';
    return n;
}

int js_build(const js_ctx *ctx, const js_build_input *in, js_doc **out, js_buf *errors,
             js_build_stats *stats, js_err *err)
{
    *out = NULL;
    js_build_stats st = {0, 0, 0};
    size_t start = errors->len;
    js_doc *doc = js_doc_new(in->ledger_path);
    if (!doc) return js_err_set(err, JS_EINTERNAL, "out of memory");
    bm_meta m;
    int merrs = bm_meta_read(&m, doc->arena, in->meta_path, in->meta, in->meta_len, errors);
    if (merrs < 0) {
        st.nerrors = count_lines(errors, start);
        if (stats) *stats = st;
        js_doc_free(doc);
        return first_error(errors, err);
    }
    bl_ledger L;
    int rc =
        bl_ledger_read(&L, ctx, m.year, in->ledger_path, in->ledger, in->ledger_len, errors, err);
    st.lines = L.lines;
    st.leaves = (long)L.n;
    if (rc != JS_OK) {
        bl_ledger_release(&L);
        js_doc_free(doc);
        return rc;
    }
    if (count_lines(errors, start) == 0) {
        doc->dept = m.dept;
        doc->year = m.year;
        doc->region = m.region;
        doc->form = js_arena_strdup(doc->arena, "2020");
        doc->unit = JS_UNIT_WANYUAN;
        int t = bc_tables(doc, ctx, &L, &m, errors, in->meta_path);
        if (t < 0 || (count_lines(errors, start) == 0 && bc_narrative(doc, ctx, &L, &m) < 0)) {
            bl_ledger_release(&L);
            js_doc_free(doc);
            return js_err_set(err, JS_EINTERNAL, "out of memory building the disclosure");
        }
    }
    bl_ledger_release(&L);
    st.nerrors = count_lines(errors, start);
    if (stats) *stats = st;
    if (st.nerrors) {
        js_doc_free(doc);
        return first_error(errors, err);
    }
    *out = doc;
    return JS_OK;
}

int js_build_files(const js_ctx *ctx, const char *ledger_path, const char *meta_path, js_doc **out,
                   js_buf *errors, js_build_stats *stats, js_err *err)
{
    *out = NULL;
    js_buf lb, mb;
    js_buf_init(&lb);
    js_buf_init(&mb);
    int rc = js_file_read(meta_path, &mb, err);
    if (rc == JS_OK) rc = js_file_read(ledger_path, &lb, err);
    if (rc == JS_OK) {
        js_build_input in = {ledger_path, lb.data ? lb.data : "", lb.len,
                             meta_path,   mb.data ? mb.data : "", mb.len};
        rc = js_build(ctx, &in, out, errors, stats, err);
    }
    js_buf_release(&lb);
    js_buf_release(&mb);
    return rc;
}
