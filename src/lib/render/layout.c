/*
 * layout.c - the nine tables and the performance tables laid out as the
 * form prints them: header rows with merged cells, 行次 and 栏次, the
 * income and expenditure sides of tables 01 and 04 side by side, the three
 * column groups of table 06. Every renderer (text, Markdown, HTML, XLSX)
 * draws the same grid, so they cannot disagree about what a table holds.
 * The header rows, the body rows, the note under each table and the words of
 * the 绩效自评表 are data, per form (data/templates/layout.tsv, read through
 * model/records.c); how records become a grid is here.
 */
#include "render/render_impl.h"

#include "data.h"
#include "model/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the layout data ------------------------------------------------------- */

typedef struct lrec {
    char kind; /* 'n' note, 'h' head, 'b' body, 'g' group, 'f' foot, 'p' a word of the 绩效自评表 */
    const char *form;
    int no;                         /* the table (1..9); 'p': the kind of 绩效自评表, 0 both */
    int row, col, colspan, rowspan; /* 'h', 'b' (row, col), 'g' (col), 'f' (col, colspan) */
    const char *text;               /* 'n', 'h': the text; 'b': NAME (NULL none); 'g': CODES */
    const char *key;                /* 'b', 'f': the row key; 'p': which word */
    int line;                       /* 'b': the 行次 (0 none) */
    const char **cols;              /* 'b', 'g', 'f': column keys; 'p': the words */
    int ncols;
} lrec;

struct bg_layout {
    lrec *v;
    int n, cap;
    js_arena *a;
};

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

static int add(bg_layout *L, const lrec *r, js_err *err)
{
    if (L->n == L->cap) {
        int cap = L->cap ? L->cap * 2 : 64;
        lrec *v = js_arena_grow(L->a, L->v, (size_t)L->n, (size_t)cap, sizeof *v);
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
    bg_layout *L = ctx;
    char **f = l->f;
    bool note = f[0][0] == 'n';
    lrec r = {note ? 'n' : 'h', f[1], 0, -1, 0, 1, 1, note ? f[3] : f[7], NULL, 0, NULL, 0};
    if (!int_field(f[2], 1, 9, &r.no)) return js_rec_error(err, l, "bad table number '%s'", f[2]);
    if (!note && (!int_field(f[3], 0, 15, &r.row) || !int_field(f[4], 0, 63, &r.col) ||
                  !int_field(f[5], 1, 64, &r.colspan) || !int_field(f[6], 1, 16, &r.rowspan)))
        return js_rec_error(err, l, "bad row, column or span");
    return add(L, &r, err);
}

/* body FORM NO ROW COL KEY LINE NAME COLS */
static int rec_body(void *ctx, const js_rec_line *l, js_err *err)
{
    bg_layout *L = ctx;
    char **f = l->f;
    lrec r = {'b', f[1], 0, 0, 0, 1, 1, strcmp(f[7], "-") ? f[7] : NULL, f[5], 0, NULL, 0};
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
    bg_layout *L = ctx;
    char **f = l->f;
    bool foot = f[0][0] == 'f';
    lrec r = {foot ? 'f' : 'g',   f[1], 0,    0, 0, 1, 1, foot ? NULL : f[4],
              foot ? f[5] : NULL, 0,    NULL, 0};
    if (!int_field(f[2], 1, 9, &r.no)) return js_rec_error(err, l, "bad table number '%s'", f[2]);
    if (!int_field(f[3], 0, 63, &r.col) || (foot && !int_field(f[4], 1, 64, &r.colspan)))
        return js_rec_error(err, l, "bad column or span");
    r.cols = split_bar(L->a, f[foot ? 6 : 5], &r.ncols);
    if (!r.cols) return js_err_set(err, JS_EINTERNAL, "out of memory reading the layout");
    return add(L, &r, err);
}

/* perf FORM KIND WHAT WORDS */
static int rec_perf(void *ctx, const js_rec_line *l, js_err *err)
{
    bg_layout *L = ctx;
    char **f = l->f;
    lrec r = {'p', f[1], 0, 0, 0, 1, 1, f[4], f[3], 0, NULL, 0};
    if (strcmp(f[2], "*") != 0 && !int_field(f[2], 1, 2, &r.no))
        return js_rec_error(err, l, "bad kind of 绩效自评表 '%s' (1, 2, *)", f[2]);
    r.cols = split_bar(L->a, f[4], &r.ncols);
    if (!r.cols) return js_err_set(err, JS_EINTERNAL, "out of memory reading the layout");
    return add(L, &r, err);
}

bg_layout *bg_layout_parse(js_arena *a, const char *origin, const char *text, size_t n, js_err *err)
{
    static const js_rec_kind KINDS[] = {
        {"note", 4, 4, rec_layout}, {"head", 8, 8, rec_layout}, {"body", 9, 9, rec_body},
        {"group", 6, 6, rec_group}, {"foot", 7, 7, rec_group},  {"perf", 5, 5, rec_perf},
    };
    bg_layout *L = js_arena_alloc(a, sizeof *L);
    if (!L) {
        js_err_set(err, JS_EINTERNAL, "out of memory reading the layout");
        return NULL;
    }
    memset(L, 0, sizeof *L);
    L->a = a;
    if (js_records_read(origin, text, n, a, KINDS, sizeof KINDS / sizeof KINDS[0], L, err) != JS_OK)
        return NULL;
    return L;
}

bg_layout *bg_layout_builtin(js_arena *a, js_err *err)
{
    return bg_layout_parse(a, "data/templates/layout.tsv", js_data_layout_tsv,
                           js_data_layout_tsv_len, err);
}

/* The form whose records of that kind table no follows: the document's form
 * when it has its own, else "*". (Body, group and foot records go together.) */
static bool same_kind(char a, char b)
{
    return a == b || ((a == 'b' || a == 'g' || a == 'f') && (b == 'b' || b == 'g' || b == 'f'));
}

static const char *layout_form(const bg_layout *L, const char *form, int no, char kind)
{
    for (int i = 0; form && i < L->n; i++)
        if (L->v[i].no == no && same_kind(L->v[i].kind, kind) && strcmp(L->v[i].form, form) == 0)
            return form;
    return "*";
}

/* Record i is of kind and of table no in the form's records (form from layout_form). */
static bool is(const lrec *r, char kind, int no, const char *form)
{
    return r->kind == kind && r->no == no && strcmp(r->form, form) == 0;
}

static bg_grid *grid(js_arena *a, int nrows, int ncols, int nhead)
{
    bg_grid *g = js_arena_alloc(a, sizeof *g);
    if (!g) return NULL;
    g->nrows = nrows;
    g->ncols = ncols;
    g->nhead = nhead;
    g->c = js_arena_calloc(a, (size_t)nrows * (size_t)ncols, sizeof *g->c);
    g->widths = js_arena_calloc(a, (size_t)ncols, sizeof(int));
    if (!g->c || !g->widths) return NULL;
    for (int i = 0; i < nrows * ncols; i++)
        g->c[i].colspan = g->c[i].rowspan = 1;
    return g;
}

static void put(bg_grid *g, int r, int c, const char *text, int colspan, int rowspan, bool num)
{
    if (r < 0 || r >= g->nrows || c < 0 || c >= g->ncols) return;
    bg_cell *x = bg_at(g, r, c);
    x->text = text;
    x->colspan = colspan < 1 ? 1 : colspan;
    x->rowspan = rowspan < 1 ? 1 : rowspan;
    x->num = num;
    for (int i = r; i < r + x->rowspan && i < g->nrows; i++)
        for (int j = c; j < c + x->colspan && j < g->ncols; j++)
            if (i != r || j != c) bg_at(g, i, j)->covered = 1;
}

static void T(bg_grid *g, int r, int c, const char *text)
{
    put(g, r, c, text, 1, 1, false);
}

static void N(bg_grid *g, int r, int c, const char *text)
{
    put(g, r, c, text, 1, 1, true);
}

static const char *num(js_arena *a, int v)
{
    return js_arena_printf(a, "%d", v);
}

static bool digits(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

/* The printed word of column c of t: its key after the ':'. */
static const char *colword(const js_table *t, int c)
{
    const char *colon = strchr(t->cols[c], ':');
    return colon ? colon + 1 : t->cols[c];
}

/* The header cells of table no (the form's head records) into g; {*} stands
 * for the printed words of all the columns of t, one a cell from COL on. */
static void heads(bg_grid *g, const bg_layout *lay, const js_doc *doc, const js_table *t, int no)
{
    const char *form = layout_form(lay, doc->form, no, 'h');
    for (int i = 0; i < lay->n; i++) {
        const lrec *r = &lay->v[i];
        if (!is(r, 'h', no, form)) continue;
        const char *text = r->text;
        if (strcmp(text, "{*}") == 0) { /* every column, one a cell from COL on */
            for (int c = 0; c < t->ncols; c++)
                put(g, r->row, r->col + c, colword(t, c), r->colspan, r->rowspan, false);
            continue;
        }
        put(g, r->row, r->col, text, r->colspan, r->rowspan, digits(text));
    }
}

/* Whether the form gives header cells for table no. */
static bool has_heads(const bg_layout *lay, const js_doc *doc, int no)
{
    const char *form = layout_form(lay, doc->form, no, 'h');
    for (int i = 0; i < lay->n; i++)
        if (is(&lay->v[i], 'h', no, form)) return true;
    return false;
}

/* The note under table no, "" when the form has none. */
static const char *note_of(const bg_layout *lay, const js_doc *doc, int no)
{
    const char *form = layout_form(lay, doc->form, no, 'n');
    for (int i = 0; i < lay->n; i++)
        if (is(&lay->v[i], 'n', no, form)) return lay->v[i].text;
    return "";
}

static const char *cellt(const js_table *t, const char *row, const char *col)
{
    const js_cell *c = js_table_cell(t, row, col);
    return c && c->present ? c->text : NULL;
}

/* display width: CJK and full-width forms count 2 */
static int dwidth(const char *s)
{
    int w = 0;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        int32_t cp;
        int k = js_utf8_decode(s + i, n - i, &cp);
        w += cp >= 0x1100 ? 2 : 1;
        i += (size_t)k;
    }
    return w;
}

static void widths(bg_grid *g)
{
    for (int r = 0; r < g->nrows; r++)
        for (int c = 0; c < g->ncols; c++) {
            const bg_cell *x = bg_at(g, r, c);
            if (!x->text || x->colspan > 1) continue;
            int w = dwidth(x->text);
            if (w > 40) w = 40;
            if (w > g->widths[c]) g->widths[c] = w;
        }
    for (int c = 0; c < g->ncols; c++)
        if (g->widths[c] < 6) g->widths[c] = 6;
}

/* The printed name of the 类 row i of tables 01/04 and its row, if the table has it. */
static const char *class_row(const js_table *t, int i, const js_row **row)
{
    char key[16];
    size_t ncls;
    const js_class_row *cls = js_class_rows(&ncls);
    snprintf(key, sizeof key, "支出:%s", cls[i].code);
    *row = js_table_row(t, key);
    if (!*row || !(*row)->name || !*(*row)->name) return cls[i].name;
    /* a name read from a document may still carry its "一、" */
    const char *n = (*row)->name;
    js_heading_num h;
    size_t k = js_heading_parse(n, strlen(n), &h);
    return n[k] ? n + k : cls[i].name;
}

static const char *cn_item(js_arena *a, int i, const char *name)
{
    char b[16];
    return js_arena_printf(a, "%s、%s", js_cnum_fmt(i, b, sizeof b), name);
}

/* ---- tables laid out by body records (01, 04, 07) ----------------------------- */

#define CLASS_KEY "支出:类" /* a body record for the 类 rows */

/* The grid rows a body record takes: the 类 rows, or one. */
static int body_rows(const lrec *r)
{
    size_t ncls;
    js_class_rows(&ncls);
    return strcmp(r->key, CLASS_KEY) == 0 ? (int)ncls : 1;
}

/* The grid columns after COL a body record takes: name, 行次, its cells. */
static int body_cols(const lrec *r)
{
    return (r->text ? 1 : 0) + (r->line ? 1 : 0) + r->ncols;
}

/* Whether row key k is one a body record of the form prints. */
static bool printed_row(const bg_layout *lay, const char *form, int no, const char *k)
{
    size_t pre = strlen("支出:"), ncls;
    const js_class_row *cls = js_class_rows(&ncls);
    for (int i = 0; i < lay->n; i++) {
        const lrec *r = &lay->v[i];
        if (!is(r, 'b', no, form)) continue;
        if (strcmp(r->key, k) == 0) return true;
        if (strcmp(r->key, CLASS_KEY) == 0 && strncmp(k, "支出:", pre) == 0 && strlen(k) == pre + 3)
            for (size_t c = 0; c < ncls; c++)
                if (strcmp(k + pre, cls[c].code) == 0) return true;
    }
    return false;
}

/* Whether t has every column the records of kind name and no other, and every
 * row of t is one the body records print (body records only). */
static bool fits(const bg_layout *lay, const char *form, const js_table *t, char kind)
{
    int named = 0;
    for (int c = 0; c < t->ncols; c++) {
        bool used = false;
        for (int i = 0; i < lay->n && !used; i++) {
            const lrec *r = &lay->v[i];
            if (r->kind != kind || r->no != t->no || strcmp(r->form, form) != 0) continue;
            for (int k = 0; k < r->ncols && !used; k++)
                used = strcmp(r->cols[k], t->cols[c]) == 0;
        }
        named += used;
    }
    for (int i = 0; i < lay->n; i++) {
        const lrec *r = &lay->v[i];
        if (r->kind != kind || r->no != t->no || strcmp(r->form, form) != 0) continue;
        for (int k = 0; k < r->ncols; k++)
            if (js_table_col(t, r->cols[k]) < 0) return false;
    }
    if (named != t->ncols) return false;
    for (int i = 0; kind == 'b' && i < t->nrows; i++)
        if (!printed_row(lay, form, t->no, t->rows[i].key)) return false;
    return true;
}

/* One body record into g: name, 行次 and cells at grid row gr (the 类 rows: the
 * i-th of them). */
static void body_row(bg_grid *g, const lrec *r, const js_table *t, int gr, const char *name,
                     const char *key, int line, js_arena *a)
{
    int c = r->col;
    if (r->text) T(g, gr, c++, name);
    if (r->line) N(g, gr, c++, num(a, line));
    for (int k = 0; k < r->ncols; k++, c++)
        N(g, gr, c, key ? cellt(t, key, r->cols[k]) : NULL);
}

static bg_grid *tbody(const bg_layout *lay, const char *form, const js_doc *doc, const js_table *t,
                      js_arena *a)
{
    int nrows = 0, ncols = 0, nhead = -1;
    for (int i = 0; i < lay->n; i++) {
        const lrec *r = &lay->v[i];
        if (!is(r, 'b', t->no, form)) continue;
        if (r->row + body_rows(r) > nrows) nrows = r->row + body_rows(r);
        if (r->col + body_cols(r) > ncols) ncols = r->col + body_cols(r);
        if (nhead < 0 || r->row < nhead) nhead = r->row;
    }
    bg_grid *g = grid(a, nrows, ncols, nhead);
    if (!g) return NULL;
    heads(g, lay, doc, t, t->no);
    for (int i = 0; i < lay->n; i++) {
        const lrec *r = &lay->v[i];
        if (!is(r, 'b', t->no, form)) continue;
        if (strcmp(r->key, CLASS_KEY) != 0) {
            body_row(g, r, t, r->row, r->text, r->key, r->line, a);
            continue;
        }
        for (int k = 0; k < body_rows(r); k++) {
            const js_row *row;
            const char *name = cn_item(a, k + 1, class_row(t, k, &row));
            body_row(g, r, t, r->row + k, name, row ? row->key : NULL, r->line + k, a);
        }
    }
    return g;
}

/* 02, 03, 05, 08, 09: codes down, columns across; also any table in a shape its
 * own layout does not take (fallback: no header cells of the form). Without
 * header cells in the data, each column is headed by its key. */
static bg_grid *tcodes(const bg_layout *lay, const js_doc *doc, const js_table *t, js_arena *a,
                       bool fallback)
{
    int nc = t->ncols;
    int nbody = t->nrows;
    bg_grid *g = grid(a, 3 + nbody, 2 + nc, 3);
    if (!g) return NULL;
    if (!fallback && has_heads(lay, doc, t->no)) {
        heads(g, lay, doc, t, t->no);
    } else {
        put(g, 0, 0, "项 目", 2, 1, false);
        for (int c = 0; c < nc; c++)
            put(g, 0, 2 + c, t->cols[c], 1, 2, false);
        T(g, 1, 0, "功能分类科目编码");
        T(g, 1, 1, "科目名称");
    }
    T(g, 2, 0, "栏次");
    for (int c = 0; c < nc; c++)
        N(g, 2, 2 + c, num(a, c + 1));
    for (int i = 0; i < nbody; i++) {
        const js_row *row = &t->rows[i];
        int r = 3 + i;
        if (row->code) {
            T(g, r, 0, row->code);
            T(g, r, 1, row->name);
        } else {
            T(g, r, 0, row->name ? row->name : row->key);
        }
        for (int c = 0; c < nc; c++)
            N(g, r, 2 + c, row->cells[c].present ? row->cells[c].text : NULL);
    }
    return g;
}

/* ---- tables laid out by column groups (06) ------------------------------------ */

/* Whether code begins with one of CODES ('|'-separated; "*": any). */
static bool in_group(const char *codes, const char *code)
{
    if (strcmp(codes, "*") == 0) return true;
    for (const char *p = codes; *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len && strncmp(code, p, len) == 0) return true;
        if (!bar) break;
        p = bar + 1;
    }
    return false;
}

/* The group record (index into lay) of a row's code: the first whose CODES it
 * begins with, "*" ones last; -1 if none. */
static int group_of(const bg_layout *lay, const char *form, int no, const char *code)
{
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < lay->n; i++) {
            const lrec *r = &lay->v[i];
            if (!is(r, 'g', no, form) || (strcmp(r->text, "*") == 0) != (pass == 1)) continue;
            if (in_group(r->text, code)) return i;
        }
    return -1;
}

static bg_grid *tgroups(const bg_layout *lay, const char *form, const js_doc *doc,
                        const js_table *t, js_arena *a)
{
    int *count = js_arena_calloc(a, (size_t)lay->n + 1, sizeof *count);
    int *grp = js_arena_calloc(a, (size_t)t->nrows + 1, sizeof *grp);
    if (!count || !grp) return NULL;
    int nbody = 0, nhead = 0, ncols = 0;
    for (int i = 0; i < t->nrows; i++) {
        grp[i] = t->rows[i].code ? group_of(lay, form, t->no, t->rows[i].code) : -1;
        if (grp[i] >= 0 && ++count[grp[i]] > nbody) nbody = count[grp[i]];
    }
    for (int i = 0; i < lay->n; i++) {
        const lrec *r = &lay->v[i];
        if (is(r, 'h', t->no, layout_form(lay, doc->form, t->no, 'h')) && r->row + 1 > nhead)
            nhead = r->row + 1;
        int w = is(r, 'g', t->no, form)   ? r->col + 2 + r->ncols
                : is(r, 'f', t->no, form) ? r->col + r->colspan + r->ncols
                                          : 0;
        if (w > ncols) ncols = w;
    }
    bg_grid *g = grid(a, nhead + nbody + 1, ncols, nhead);
    if (!g) return NULL;
    heads(g, lay, doc, t, t->no);
    memset(count, 0, ((size_t)lay->n + 1) * sizeof *count);
    for (int i = 0; i < t->nrows; i++) {
        if (grp[i] < 0) continue;
        const lrec *r = &lay->v[grp[i]];
        const js_row *row = &t->rows[i];
        int gr = nhead + count[grp[i]]++;
        T(g, gr, r->col, row->code);
        T(g, gr, r->col + 1, row->name);
        for (int k = 0; k < r->ncols; k++) { /* the row's own cells: codes may repeat */
            const js_cell *x = &row->cells[js_table_col(t, r->cols[k])];
            N(g, gr, r->col + 2 + k, x->present ? x->text : NULL);
        }
    }
    for (int i = 0; i < lay->n; i++) {
        const lrec *r = &lay->v[i];
        if (!is(r, 'f', t->no, form)) continue;
        put(g, nhead + nbody, r->col, r->key, r->colspan, 1, false);
        for (int k = 0; k < r->ncols; k++)
            N(g, nhead + nbody, r->col + r->colspan + k, cellt(t, r->key, r->cols[k]));
    }
    return g;
}

/* Whether the form lays table no out by records of kind ('b' body, 'g' group). */
static bool laid_by(const bg_layout *lay, const char *form, int no, char kind)
{
    for (int i = 0; i < lay->n; i++)
        if (is(&lay->v[i], kind, no, form)) return true;
    return false;
}

bg_grid *bg_table_in(const bg_layout *lay, const js_doc *doc, int no, js_arena *a)
{
    const js_table *t = no >= 1 && no <= 9 ? doc->tables[no] : NULL;
    if (!t || !lay) return NULL;
    bg_grid *g = NULL;
    const char *form = layout_form(lay, doc->form, no, 'b');
    if (laid_by(lay, form, no, 'b')) {
        if (fits(lay, form, t, 'b')) g = tbody(lay, form, doc, t, a);
    } else if (laid_by(lay, form, no, 'g')) {
        if (fits(lay, form, t, 'g') && fits(lay, form, t, 'f')) g = tgroups(lay, form, doc, t, a);
    } else {
        g = tcodes(lay, doc, t, a, false);
    }
    /* a table read from elsewhere in another shape: rows as they are */
    if (!g) g = tcodes(lay, doc, t, a, true);
    if (!g) return NULL;
    g->title = t->title ? t->title : js_table_title(no);
    g->label = js_table_id(no);
    const char *note = note_of(lay, doc, no);
    g->note = t->empty_note ? js_arena_printf(a, "%s%s", note, t->empty_note) : note;
    widths(g);
    return g;
}

bg_grid *bg_table(const js_doc *doc, int no, js_arena *a)
{
    if (no < 1 || no > 9 || !doc->tables[no]) return NULL;
    js_err err;
    return bg_table_in(bg_layout_builtin(a, &err), doc, no, a);
}

static const char *pv(const js_pval *p)
{
    return p->set ? p->text : NULL;
}

/* The words of a 绩效自评表 of kind (1, 2) the layout gives for what: the form's
 * own record of that kind and what, else the "*" form's; none: an empty list. */
static const char *const *perf_words(const bg_layout *lay, const js_doc *doc, int kind,
                                     const char *what, int *n)
{
    static const char *const NONE[] = {NULL};
    const lrec *best = NULL;
    for (int i = 0; i < lay->n; i++) {
        const lrec *r = &lay->v[i];
        if (r->kind != 'p' || (r->no && r->no != kind) || strcmp(r->key, what) != 0) continue;
        bool own = doc->form && strcmp(r->form, doc->form) == 0;
        if (own || (!best && strcmp(r->form, "*") == 0)) best = r;
        if (own) break;
    }
    *n = best ? best->ncols : 0;
    return best ? best->cols : NONE;
}

/* The first word of what (NULL when the layout has none). */
static const char *perf_word(const bg_layout *lay, const js_doc *doc, int kind, const char *what)
{
    int n;
    const char *const *w = perf_words(lay, doc, kind, what, &n);
    return n ? w[0] : NULL;
}

/* The funds block: its word, 年度资金总额, the fund columns, and a row a fund. */
static int perf_funds(bg_grid *g, const bg_layout *lay, const js_doc *doc, const js_perf *p, int r)
{
    int k = p->kind == 2 ? 2 : 1, nh;
    put(g, r, 0, perf_word(lay, doc, k, "funds"), 1, 5, false);
    put(g, r, 1, perf_word(lay, doc, k, "total"), 2, 1, false);
    const char *const *h = perf_words(lay, doc, k, "fundcols", &nh);
    for (int c = 0; c < 6 && c < nh; c++)
        T(g, r, 3 + c, h[c]);
    r++;
    for (int f = 0; f < p->nfunds && f < 4; f++, r++) {
        const js_perf_fund *fd = &p->funds[f];
        put(g, r, 1, fd->name, 2, 1, false);
        N(g, r, 3, pv(&fd->budget_start));
        N(g, r, 4, pv(&fd->budget_full));
        N(g, r, 5, pv(&fd->actual));
        N(g, r, 6, pv(&fd->weight));
        N(g, r, 7, pv(&fd->rate));
        N(g, r, 8, pv(&fd->score));
    }
    return r;
}

bg_grid *bg_perf_in(const bg_layout *lay, const js_doc *doc, int i, js_arena *a)
{
    if (!lay || i < 0 || i >= doc->nperf) return NULL;
    const js_perf *p = &doc->perf[i];
    int k = p->kind == 2 ? 2 : 1; /* the words of a 部门整体 table unless of a 项目 */
    int nrows = 2 + 4 + 2 + 1 + p->ninds + 1 + 1;
    bg_grid *g = grid(a, nrows, 9, 0);
    if (!g) return NULL;
    int r = 0;
    T(g, r, 0, perf_word(lay, doc, k, "dept"));
    put(g, r, 1, doc->dept, 8, 1, false);
    r++;
    if (p->kind == 2) {
        T(g, r, 0, perf_word(lay, doc, k, "name"));
        put(g, r, 1, p->name, 8, 1, false);
        r++;
    }
    perf_funds(g, lay, doc, p, r);
    r = (p->kind == 2 ? 3 : 2) + 4;
    put(g, r, 0, perf_word(lay, doc, k, "inds"), 1, p->ninds + 2, false);
    int nh;
    const char *const *ih = perf_words(lay, doc, k, "indcols", &nh);
    for (int c = 0; c < 8 && c < nh; c++)
        T(g, r, 1 + c, ih[c]);
    r++;
    for (int j = 0; j < p->ninds; j++, r++) {
        const js_perf_ind *d = &p->inds[j];
        bool new1 = j == 0 || strcmp(d->l1, p->inds[j - 1].l1) != 0;
        bool new2 = new1 || strcmp(d->l2, p->inds[j - 1].l2) != 0;
        if (new1) T(g, r, 1, d->l1);
        if (new2) T(g, r, 2, d->l2);
        T(g, r, 3, d->l3);
        T(g, r, 4, d->target);
        T(g, r, 5, d->result);
        N(g, r, 6, pv(&d->weight));
        N(g, r, 7, pv(&d->score));
    }
    put(g, r, 1, perf_word(lay, doc, k, "sum"), 5, 1, false);
    N(g, r, 6, pv(&p->total_weight));
    N(g, r, 7, pv(&p->total_score));
    const char *gw = perf_word(lay, doc, k, "grade");
    T(g, r, 8, p->grade ? js_arena_printf(a, "%s%s", gw ? gw : "", p->grade) : NULL);
    g->nrows = r + 1;
    const char *title = perf_word(lay, doc, k, "title");
    g->title = js_arena_printf(a, "%d年度%s", doc->year, title ? title : "");
    g->label = NULL;
    g->note = perf_word(lay, doc, k, "note");
    widths(g);
    return g;
}

bg_grid *bg_perf(const js_doc *doc, int i, js_arena *a)
{
    if (i < 0 || i >= doc->nperf) return NULL;
    js_err err;
    return bg_perf_in(bg_layout_builtin(a, &err), doc, i, a);
}
