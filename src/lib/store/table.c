/*
 * table.c - js_rtable: the small tables of text that listings and reports
 * produce, and their forms: aligned terminal text (display width aware:
 * a CJK character takes two columns), CSV, JSON; XLSX in table_xlsx.c (the
 * module juesuan-xlsx.so of the program).
 */
#include "juesuan/store.h"
#include "store_impl.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <utf8proc.h>

int js_rtable_init(js_rtable *t, int ncols, const char *const *cols, js_err *err)
{
    js_arena *a = t->arena;
    memset(t, 0, sizeof *t);
    t->arena = a ? a : js_arena_new();
    if (!t->arena || ncols <= 0 || ncols > 64)
        return js_err_set(err, JS_EINTERNAL, "cannot make a table of %d columns", ncols);
    t->ncols = ncols;
    t->cols = js_arena_calloc(t->arena, (size_t)ncols, sizeof *t->cols);
    t->right = js_arena_calloc(t->arena, (size_t)ncols, sizeof *t->right);
    if (!t->cols || !t->right) return js_err_set(err, JS_EINTERNAL, "out of memory");
    for (int c = 0; c < ncols; c++) {
        t->cols[c] = js_arena_strdup(t->arena, cols[c] ? cols[c] : "");
        if (!t->cols[c]) return js_err_set(err, JS_EINTERNAL, "out of memory");
    }
    return JS_OK;
}

void js_rtable_release(js_rtable *t)
{
    if (!t) return;
    js_arena_free(t->arena);
    memset(t, 0, sizeof *t);
}

int js_rtable_add(js_rtable *t, const char *const *cells, js_err *err)
{
    if (t->nrows == t->caprows) {
        int cap = t->caprows ? t->caprows * 2 : 64;
        const char ***rows =
            js_arena_grow(t->arena, (void *)t->rows, (size_t)t->nrows, (size_t)cap, sizeof *rows);
        if (!rows) return js_err_set(err, JS_EINTERNAL, "out of memory");
        t->rows = rows;
        t->caprows = cap;
    }
    const char **r = js_arena_calloc(t->arena, (size_t)t->ncols, sizeof *r);
    if (!r) return js_err_set(err, JS_EINTERNAL, "out of memory");
    for (int c = 0; c < t->ncols; c++) {
        if (!cells[c]) continue;
        r[c] = js_arena_strdup(t->arena, cells[c]);
        if (!r[c]) return js_err_set(err, JS_EINTERNAL, "out of memory");
    }
    t->rows[t->nrows++] = r;
    return JS_OK;
}

int js_rtable_footf(js_rtable *t, const char *fmt, ...)
{
    if (t->nfoot == t->capfoot) {
        int cap = t->capfoot ? t->capfoot * 2 : 8;
        const char **f =
            js_arena_grow(t->arena, (void *)t->foot, (size_t)t->nfoot, (size_t)cap, sizeof *f);
        if (!f) return JS_EINTERNAL;
        t->foot = f;
        t->capfoot = cap;
    }
    js_buf b;
    js_buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    js_buf_vprintf(&b, JS_T(fmt), ap); /* in the user's language, as js_err_set */
    va_end(ap);
    const char *s = js_arena_strdup(t->arena, b.data ? b.data : "");
    js_buf_release(&b);
    if (!s) return JS_EINTERNAL;
    t->foot[t->nfoot++] = s;
    return JS_OK;
}

size_t js_text_width(const char *s)
{
    size_t w = 0, n = strlen(s);
    while (n > 0) {
        int32_t cp;
        int k = js_utf8_decode(s, n, &cp);
        int cw = utf8proc_charwidth(cp);
        w += cw > 0 ? (size_t)cw : 0;
        s += k;
        n -= (size_t)k;
    }
    return w;
}

static void pad(js_buf *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        js_buf_putc(out, ' ');
}

void js_rtable_text(const js_rtable *t, js_buf *out)
{
    if (t->title) {
        js_buf_puts(out, t->title);
        js_buf_putc(out, '\n');
    }
    size_t w[64] = {0};
    for (int c = 0; c < t->ncols; c++)
        w[c] = js_text_width(t->cols[c]);
    for (int r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++)
            if (t->rows[r][c]) {
                size_t x = js_text_width(t->rows[r][c]);
                if (x > w[c]) w[c] = x;
            }
    for (int r = -1; r < t->nrows; r++) {
        size_t line_start = out->len;
        for (int c = 0; c < t->ncols; c++) {
            const char *s = r < 0 ? t->cols[c] : t->rows[r][c] ? t->rows[r][c] : "";
            size_t x = js_text_width(s);
            if (c) js_buf_puts(out, "  ");
            if (t->right[c]) pad(out, w[c] - x);
            js_buf_puts(out, s);
            if (!t->right[c] && c + 1 < t->ncols) pad(out, w[c] - x);
        }
        while (out->len > line_start && out->data[out->len - 1] == ' ')
            out->len--;
        js_buf_putc(out, '\n');
        if (r < 0) {
            for (int c = 0; c < t->ncols; c++) {
                if (c) js_buf_puts(out, "  ");
                for (size_t i = 0; i < w[c]; i++)
                    js_buf_putc(out, '-');
            }
            js_buf_putc(out, '\n');
        }
    }
    for (int i = 0; i < t->nfoot; i++) {
        js_buf_puts(out, t->foot[i]);
        js_buf_putc(out, '\n');
    }
}

void js_csv_field(js_buf *b, const char *s)
{
    if (!s) return;
    if (!strpbrk(s, ",\"\r\n")) {
        js_buf_cell(b, s); /* a text that would run as a formula gets a leading ' */
        return;
    }
    js_buf_putc(b, '"');
    if (js_cell_is_formula(s)) js_buf_putc(b, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"') js_buf_putc(b, '"');
        js_buf_putc(b, *p);
    }
    js_buf_putc(b, '"');
}

void js_rtable_csv(const js_rtable *t, js_buf *out)
{
    for (int r = -1; r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++) {
            if (c) js_buf_putc(out, ',');
            js_csv_field(out, r < 0 ? t->cols[c] : t->rows[r][c]);
        }
        js_buf_puts(out, "\r\n");
    }
}

int js_rtable_json(const js_rtable *t, js_buf *out, js_err *err)
{
    json_t *o = json_object(), *cols = json_array(), *rows = json_array(), *notes = json_array();
    if (!o || !cols || !rows || !notes) goto oom;
    if (json_object_set_new(o, "title", t->title ? json_string(t->title) : json_null()) ||
        json_object_set_new(o, "columns", cols) || json_object_set_new(o, "rows", rows) ||
        json_object_set_new(o, "notes", notes)) {
        cols = rows = notes = NULL;
        goto oom;
    }
    for (int c = 0; c < t->ncols; c++)
        if (json_array_append_new(cols, json_string(t->cols[c]))) goto oom_o;
    for (int r = 0; r < t->nrows; r++) {
        json_t *row = json_object();
        if (!row || json_array_append_new(rows, row)) goto oom_o;
        for (int c = 0; c < t->ncols; c++) {
            const char *x = t->rows[r][c];
            if (json_object_set_new(row, t->cols[c], x ? json_string(x) : json_null())) goto oom_o;
        }
    }
    for (int i = 0; i < t->nfoot; i++)
        if (json_array_append_new(notes, json_string(t->foot[i]))) goto oom_o;
    char *txt = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!txt) return js_err_set(err, JS_EINTERNAL, "out of memory");
    js_buf_puts(out, txt);
    free(txt);
    return JS_OK;
oom:
    json_decref(cols);
    json_decref(rows);
    json_decref(notes);
oom_o:
    json_decref(o);
    return js_err_set(err, JS_EINTERNAL, "out of memory (JSON)");
}
