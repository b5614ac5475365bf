/*
 * form_layout.c - the print layout of a form as records (form_layout.h): read
 * from data/templates/layout.tsv (compiled in), or from a form's own data
 * together with its templates (model/template.c reads both kinds of records
 * from one text). How the records become a grid is render/layout.c.
 */
#include "model/form_layout.h"

#include "data.h"

#include <stdlib.h>
#include <string.h>

static bool int_field(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < lo || v > hi) return false;
    *out = (int)v;
    return true;
}

/* The '|'-separated parts of s as written (spaces kept), NULL-terminated. */
static const char **split_bar(js_arena *a, const char *s, int *n)
{
    int cap = 1;
    for (const char *p = s; *p; p++)
        cap += *p == '|';
    const char **v = js_arena_calloc(a, (size_t)cap + 1, sizeof *v);
    *n = 0;
    for (const char *p = s; v;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len) v[(*n)++] = js_arena_strndup(a, p, len);
        if (!bar) break;
        p = bar + 1;
    }
    return v;
}

static int add(js_layout *L, const js_lay_rec *r, js_err *err)
{
    if (L->n == L->cap) {
        int cap = L->cap ? L->cap * 2 : 64;
        js_lay_rec *v = js_arena_grow(L->a, L->v, (size_t)L->n, (size_t)cap, sizeof *v);
        if (!v) return js_err_set(err, JS_EINTERNAL, "out of memory reading the layout");
        L->v = v;
        L->cap = cap;
    }
    L->v[L->n++] = *r;
    return JS_OK;
}

/* note FORM NO TEXT; head FORM NO ROW COL COLSPAN ROWSPAN TEXT */
static int rec_layout(void *ctx, const js_rec_line *l, js_err *err)
{
    js_layout *L = ctx;
    char **f = l->f;
    bool note = f[0][0] == 'n';
    js_lay_rec r = {note ? 'n' : 'h',   f[1], 0, -1,   0, 1,   1,
                    note ? f[3] : f[7], NULL, 0, NULL, 0, NULL};
    if (!int_field(f[2], 1, 9, &r.no)) return js_rec_error(err, l, "bad table number '%s'", f[2]);
    if (!note && (!int_field(f[3], 0, 15, &r.row) || !int_field(f[4], 0, 63, &r.col) ||
                  !int_field(f[5], 1, 64, &r.colspan) || !int_field(f[6], 1, 16, &r.rowspan)))
        return js_rec_error(err, l, "bad row, column or span");
    return add(L, &r, err);
}

/* body FORM NO ROW COL KEY LINE NAME COLS */
static int rec_body(void *ctx, const js_rec_line *l, js_err *err)
{
    js_layout *L = ctx;
    char **f = l->f;
    js_lay_rec r = {'b',  f[1], 0,    0, 0,   1, 1, strcmp(f[7], "-") ? f[7] : NULL,
                    f[5], 0,    NULL, 0, NULL};
    if (!int_field(f[2], 1, 9, &r.no)) return js_rec_error(err, l, "bad table number '%s'", f[2]);
    if (!int_field(f[3], 0, 255, &r.row) || !int_field(f[4], 0, 63, &r.col) ||
        (strcmp(f[6], "-") != 0 && !int_field(f[6], 1, 999, &r.line)))
        return js_rec_error(err, l, "bad row, column or 行次");
    r.cols = split_bar(L->a, f[8], &r.ncols);
    if (!r.cols) return js_err_set(err, JS_EINTERNAL, "out of memory reading the layout");
    return add(L, &r, err);
}

/* group FORM NO COL CODES COLS; foot FORM NO COL SPAN KEY COLS */
static int rec_group(void *ctx, const js_rec_line *l, js_err *err)
{
    js_layout *L = ctx;
    char **f = l->f;
    bool foot = f[0][0] == 'f';
    js_lay_rec r = {foot ? 'f' : 'g',   f[1], 0,    0, 0,   1, 1, foot ? NULL : f[4],
                    foot ? f[5] : NULL, 0,    NULL, 0, NULL};
    if (!int_field(f[2], 1, 9, &r.no)) return js_rec_error(err, l, "bad table number '%s'", f[2]);
    if (!int_field(f[3], 0, 63, &r.col) || (foot && !int_field(f[4], 1, 64, &r.colspan)))
        return js_rec_error(err, l, "bad column or span");
    r.cols = split_bar(L->a, f[foot ? 6 : 5], &r.ncols);
    if (!r.cols) return js_err_set(err, JS_EINTERNAL, "out of memory reading the layout");
    return add(L, &r, err);
}

/* What a word of the 绩效自评表 names: the word up to its （ or (, without a
 * trailing ： or :. */
static const char *word_name(js_arena *a, const char *w)
{
    static const char *const OPEN[] = {"（", "("};
    size_t n = strlen(w);
    for (int k = 0; k < 2; k++) {
        const char *o = strstr(w, OPEN[k]);
        if (o && (size_t)(o - w) < n) n = (size_t)(o - w);
    }
    static const char *const COLON[] = {"：", ":"};
    for (int k = 0; k < 2; k++) {
        size_t c = strlen(COLON[k]);
        if (n >= c && memcmp(w + n - c, COLON[k], c) == 0) n -= c;
    }
    return js_arena_strndup(a, w, n);
}

/* perf FORM KIND WHAT WORDS */
static int rec_perf(void *ctx, const js_rec_line *l, js_err *err)
{
    js_layout *L = ctx;
    char **f = l->f;
    js_lay_rec r = {'p', f[1], 0, 0, 0, 1, 1, f[4], f[3], 0, NULL, 0, NULL};
    if (strcmp(f[2], "*") != 0 && !int_field(f[2], 1, 2, &r.no))
        return js_rec_error(err, l, "bad kind of 绩效自评表 '%s' (1, 2, *)", f[2]);
    r.cols = split_bar(L->a, f[4], &r.ncols);
    r.names = r.cols ? js_arena_calloc(L->a, (size_t)r.ncols + 1, sizeof *r.names) : NULL;
    if (!r.names) return js_err_set(err, JS_EINTERNAL, "out of memory reading the layout");
    for (int i = 0; i < r.ncols; i++)
        if (!(r.names[i] = word_name(L->a, r.cols[i])))
            return js_err_set(err, JS_EINTERNAL, "out of memory reading the layout");
    return add(L, &r, err);
}

static const js_rec_kind KINDS[] = {
    {"note", 4, 4, rec_layout}, {"head", 8, 8, rec_layout}, {"body", 9, 9, rec_body},
    {"group", 6, 6, rec_group}, {"foot", 7, 7, rec_group},  {"perf", 5, 5, rec_perf},
};

js_layout *js_layout_new(js_arena *a)
{
    js_layout *L = js_arena_calloc(a, 1, sizeof *L);
    if (L) L->a = a;
    return L;
}

int js_layout_record(js_layout *L, const js_rec_line *l, js_err *err)
{
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (strcmp(l->f[0], KINDS[i].name) == 0) {
            if (l->nf < KINDS[i].min_fields || l->nf > KINDS[i].max_fields) break;
            return KINDS[i].read(L, l, err);
        }
    return js_rec_error(err, l, "cannot read record '%s' (%d fields)", l->f[0], l->nf);
}

js_layout *js_layout_parse(js_arena *a, const char *origin, const char *text, size_t n, js_err *err)
{
    js_layout *L = js_layout_new(a);
    if (!L) {
        js_err_set(err, JS_EINTERNAL, "out of memory reading the layout");
        return NULL;
    }
    if (js_records_read(origin, text, n, a, KINDS, sizeof KINDS / sizeof KINDS[0], L, err) != JS_OK)
        return NULL;
    return L;
}

int js_layout_read_builtin(js_layout *L, js_err *err)
{
    return js_records_read("data/templates/layout.tsv", js_data_layout_tsv, js_data_layout_tsv_len,
                           L->a, KINDS, sizeof KINDS / sizeof KINDS[0], L, err);
}

const js_lay_rec *js_layout_perf(const js_layout *L, const char *form, int kind, const char *what)
{
    const js_lay_rec *best = NULL;
    for (int i = 0; L && i < L->n; i++) {
        const js_lay_rec *r = &L->v[i];
        if (r->kind != 'p' || (r->no && r->no != kind) || strcmp(r->key, what) != 0) continue;
        bool own = form && strcmp(r->form, form) == 0;
        if (own) return r;
        if (!best && strcmp(r->form, "*") == 0) best = r;
    }
    return best;
}

const char *js_layout_perf_name(const js_layout *L, const char *form, int kind, const char *what,
                                int i)
{
    const js_lay_rec *r = js_layout_perf(L, form, kind, what);
    return r && i >= 0 && i < r->ncols ? r->names[i] : "";
}
