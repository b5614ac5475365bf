/*
 * layout.c - the nine tables and the performance tables laid out as the
 * form prints them: header rows with merged cells, 行次 and 栏次, the
 * income and expenditure sides of tables 01 and 04 side by side, the three
 * column groups of table 06. Every renderer (text, Markdown, HTML, XLSX)
 * draws the same grid, so they cannot disagree about what a table holds.
 * The header rows, the body rows, the note under each table and the words of
 * the 绩效自评表 are data, per form (data/templates/layout.tsv, read with the
 * rest of the form data by model/form_layout.c), and so are the tables' column
 * words (templates.tsv); how records become a grid is here.
 */
#include "render/render_impl.h"

#include "model/form_layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bg_draw(const js_templates *form, const js_doc *doc, bg_draw_fn *draw, void *out, js_err *err)
{
    js_templates *own = form ? NULL : js_templates_new(err);
    if (!form && !own) return err ? err->status : JS_EINTERNAL;
    js_arena *a = js_arena_new();
    int rc = a ? draw(form ? form : own, doc, a, out, err)
               : js_err_set(err, JS_EINTERNAL, "out of memory");
    js_arena_free(a);
    js_templates_free(own);
    return rc;
}

typedef struct buf_draw {
    bg_draw_buf_fn *draw;
    js_buf *out;
} buf_draw;

static int draw_buf(const js_templates *tp, const js_doc *doc, js_arena *a, void *ctx, js_err *err)
{
    buf_draw *b = ctx;
    b->draw(tp, doc, a, b->out);
    return b->out->oom ? js_err_set(err, JS_EINTERNAL, "out of memory") : JS_OK;
}

int bg_draw_buf(const js_templates *form, const js_doc *doc, bg_draw_buf_fn *draw, js_buf *out,
                js_err *err)
{
    buf_draw b = {draw, out};
    return bg_draw(form, doc, draw_buf, &b, err);
}

void bg_part(js_buf *out, const js_doc *doc, int part, bool headings, const bg_pen *pen)
{
    js_buf h;
    js_buf_init(&h);
    for (int i = 0; i < doc->nsections; i++) {
        const js_section *s = &doc->sections[i];
        if (s->part != part || (headings && s->level == 0)) continue;
        if (headings) {
            h.len = 0;
            js_txt_heading(&h, s);
            pen->heading(out, s, h.data ? h.data : "");
        }
        for (int k = 0; k < s->npara; k++)
            pen->para(out, doc->paras[s->first_para + k].text);
    }
    if (h.oom) out->oom = true;
    js_buf_release(&h);
}

/* The form whose records of that kind table no follows: the document's form
 * when it has its own, else "*". (Body, group and foot records go together.) */
static bool same_kind(char a, char b)
{
    return a == b || ((a == 'b' || a == 'g' || a == 'f') && (b == 'b' || b == 'g' || b == 'f'));
}

static const char *layout_form(const js_layout *L, const char *form, int no, char kind)
{
    for (int i = 0; form && i < L->n; i++)
        if (L->v[i].no == no && same_kind(L->v[i].kind, kind) && strcmp(L->v[i].form, form) == 0)
            return form;
    return "*";
}

/* Record i is of kind and of table no in the form's records (form from layout_form). */
static bool is(const js_lay_rec *r, char kind, int no, const char *form)
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

/* The printed word of column c of t: the first header word the form data
 * gives its key (templates.tsv `col`), else the key after its ':'. */
static const char *colword(const js_templates *tp, const js_doc *doc, const js_table *t, int c)
{
    const js_tpl_table *tb = js_templates_table(tp, doc->form, t->no);
    for (int i = 0; tb && i < tb->ncols; i++)
        if (tb->cols[i].nwords && strcmp(tb->cols[i].key, t->cols[c]) == 0)
            return tb->cols[i].words[0];
    const char *colon = strchr(t->cols[c], ':');
    return colon ? colon + 1 : t->cols[c];
}

/* The header cells of table no (the form's head records) into g; {*} stands
 * for the printed words of all the columns of t, one a cell from COL on. */
static void heads(bg_grid *g, const js_templates *tp, const js_doc *doc, const js_table *t, int no)
{
    const js_layout *lay = js_templates_layout(tp);
    const char *form = layout_form(lay, doc->form, no, 'h');
    for (int i = 0; i < lay->n; i++) {
        const js_lay_rec *r = &lay->v[i];
        if (!is(r, 'h', no, form)) continue;
        const char *text = r->text;
        if (strcmp(text, "{*}") == 0) { /* every column, one a cell from COL on */
            for (int c = 0; c < t->ncols; c++)
                put(g, r->row, r->col + c, colword(tp, doc, t, c), r->colspan, r->rowspan, false);
            continue;
        }
        put(g, r->row, r->col, text, r->colspan, r->rowspan, js_all_digits(text));
    }
}

/* Whether the form gives header cells for table no. */
static bool has_heads(const js_layout *lay, const js_doc *doc, int no)
{
    const char *form = layout_form(lay, doc->form, no, 'h');
    for (int i = 0; i < lay->n; i++)
        if (is(&lay->v[i], 'h', no, form)) return true;
    return false;
}

/* The note under table no, "" when the form has none. */
static const char *note_of(const js_layout *lay, const js_doc *doc, int no)
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
static const char *class_row(const js_templates *tp, const js_table *t, int i, const js_row **row)
{
    char key[16];
    int ncls;
    const js_tpl_class *cls = js_templates_classes(tp, &ncls);
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

/* The grid rows a body record takes: the 类 rows of the form data, or one. */
static int body_rows(const js_templates *tp, const js_lay_rec *r)
{
    int ncls;
    js_templates_classes(tp, &ncls);
    return strcmp(r->key, CLASS_KEY) == 0 ? ncls : 1;
}

/* The grid columns after COL a body record takes: name, 行次, its cells. */
static int body_cols(const js_lay_rec *r)
{
    return (r->text ? 1 : 0) + (r->line ? 1 : 0) + r->ncols;
}

/* Whether row key k is one a body record of the form prints. */
static bool printed_row(const js_templates *tp, const char *form, int no, const char *k)
{
    const js_layout *lay = js_templates_layout(tp);
    size_t pre = strlen("支出:");
    int ncls;
    const js_tpl_class *cls = js_templates_classes(tp, &ncls);
    for (int i = 0; i < lay->n; i++) {
        const js_lay_rec *r = &lay->v[i];
        if (!is(r, 'b', no, form)) continue;
        if (strcmp(r->key, k) == 0) return true;
        if (strcmp(r->key, CLASS_KEY) == 0 && strncmp(k, "支出:", pre) == 0 && strlen(k) == pre + 3)
            for (int c = 0; c < ncls; c++)
                if (strcmp(k + pre, cls[c].code) == 0) return true;
    }
    return false;
}

/* Whether t has every column the records of kind name and no other, and every
 * row of t is one the body records print (body records only). */
static bool fits(const js_templates *tp, const char *form, const js_table *t, char kind)
{
    const js_layout *lay = js_templates_layout(tp);
    int named = 0;
    for (int c = 0; c < t->ncols; c++) {
        bool used = false;
        for (int i = 0; i < lay->n && !used; i++) {
            const js_lay_rec *r = &lay->v[i];
            if (r->kind != kind || r->no != t->no || strcmp(r->form, form) != 0) continue;
            for (int k = 0; k < r->ncols && !used; k++)
                used = strcmp(r->cols[k], t->cols[c]) == 0;
        }
        named += used;
    }
    for (int i = 0; i < lay->n; i++) {
        const js_lay_rec *r = &lay->v[i];
        if (r->kind != kind || r->no != t->no || strcmp(r->form, form) != 0) continue;
        for (int k = 0; k < r->ncols; k++)
            if (js_table_col(t, r->cols[k]) < 0) return false;
    }
    if (named != t->ncols) return false;
    for (int i = 0; kind == 'b' && i < t->nrows; i++)
        if (!printed_row(tp, form, t->no, t->rows[i].key)) return false;
    return true;
}

/* One body record into g: name, 行次 and cells at grid row gr (the 类 rows: the
 * i-th of them). */
static void body_row(bg_grid *g, const js_lay_rec *r, const js_table *t, int gr, const char *name,
                     const char *key, int line, js_arena *a)
{
    int c = r->col;
    if (r->text) T(g, gr, c++, name);
    if (r->line) N(g, gr, c++, num(a, line));
    for (int k = 0; k < r->ncols; k++, c++)
        N(g, gr, c, key ? cellt(t, key, r->cols[k]) : NULL);
}

static bg_grid *tbody(const js_templates *tp, const char *form, const js_doc *doc,
                      const js_table *t, js_arena *a)
{
    const js_layout *lay = js_templates_layout(tp);
    int nrows = 0, ncols = 0, nhead = -1;
    for (int i = 0; i < lay->n; i++) {
        const js_lay_rec *r = &lay->v[i];
        if (!is(r, 'b', t->no, form)) continue;
        if (r->row + body_rows(tp, r) > nrows) nrows = r->row + body_rows(tp, r);
        if (r->col + body_cols(r) > ncols) ncols = r->col + body_cols(r);
        if (nhead < 0 || r->row < nhead) nhead = r->row;
    }
    bg_grid *g = grid(a, nrows, ncols, nhead);
    if (!g) return NULL;
    heads(g, tp, doc, t, t->no);
    for (int i = 0; i < lay->n; i++) {
        const js_lay_rec *r = &lay->v[i];
        if (!is(r, 'b', t->no, form)) continue;
        if (strcmp(r->key, CLASS_KEY) != 0) {
            body_row(g, r, t, r->row, r->text, r->key, r->line, a);
            continue;
        }
        for (int k = 0; k < body_rows(tp, r); k++) {
            const js_row *row;
            const char *name = cn_item(a, k + 1, class_row(tp, t, k, &row));
            body_row(g, r, t, r->row + k, name, row ? row->key : NULL, r->line + k, a);
        }
    }
    return g;
}

/* 02, 03, 05, 08, 09: codes down, columns across; also any table in a shape its
 * own layout does not take (fallback: no header cells of the form). Without
 * header cells in the data, each column is headed by its key. */
static bg_grid *tcodes(const js_templates *tp, const js_doc *doc, const js_table *t, js_arena *a,
                       bool fallback)
{
    const js_layout *lay = js_templates_layout(tp);
    int nc = t->ncols;
    int nbody = t->nrows;
    bg_grid *g = grid(a, 3 + nbody, 2 + nc, 3);
    if (!g) return NULL;
    if (!fallback && has_heads(lay, doc, t->no)) {
        heads(g, tp, doc, t, t->no);
    } else {
        put(g, 0, 0, "项 目", 2, 1, false);
        for (int c = 0; c < nc; c++)
            put(g, 0, 2 + c, fallback ? t->cols[c] : colword(tp, doc, t, c), 1, 2, false);
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
static int group_of(const js_layout *lay, const char *form, int no, const char *code)
{
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < lay->n; i++) {
            const js_lay_rec *r = &lay->v[i];
            if (!is(r, 'g', no, form) || (strcmp(r->text, "*") == 0) != (pass == 1)) continue;
            if (in_group(r->text, code)) return i;
        }
    return -1;
}

static bg_grid *tgroups(const js_templates *tp, const char *form, const js_doc *doc,
                        const js_table *t, js_arena *a)
{
    const js_layout *lay = js_templates_layout(tp);
    int *count = js_arena_calloc(a, (size_t)lay->n + 1, sizeof *count);
    int *grp = js_arena_calloc(a, (size_t)t->nrows + 1, sizeof *grp);
    if (!count || !grp) return NULL;
    int nbody = 0, nhead = 0, ncols = 0;
    for (int i = 0; i < t->nrows; i++) {
        grp[i] = t->rows[i].code ? group_of(lay, form, t->no, t->rows[i].code) : -1;
        if (grp[i] >= 0 && ++count[grp[i]] > nbody) nbody = count[grp[i]];
    }
    for (int i = 0; i < lay->n; i++) {
        const js_lay_rec *r = &lay->v[i];
        if (is(r, 'h', t->no, layout_form(lay, doc->form, t->no, 'h')) && r->row + 1 > nhead)
            nhead = r->row + 1;
        int w = is(r, 'g', t->no, form)   ? r->col + 2 + r->ncols
                : is(r, 'f', t->no, form) ? r->col + r->colspan + r->ncols
                                          : 0;
        if (w > ncols) ncols = w;
    }
    bg_grid *g = grid(a, nhead + nbody + 1, ncols, nhead);
    if (!g) return NULL;
    heads(g, tp, doc, t, t->no);
    memset(count, 0, ((size_t)lay->n + 1) * sizeof *count);
    for (int i = 0; i < t->nrows; i++) {
        if (grp[i] < 0) continue;
        const js_lay_rec *r = &lay->v[grp[i]];
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
        const js_lay_rec *r = &lay->v[i];
        if (!is(r, 'f', t->no, form)) continue;
        put(g, nhead + nbody, r->col, r->key, r->colspan, 1, false);
        for (int k = 0; k < r->ncols; k++)
            N(g, nhead + nbody, r->col + r->colspan + k, cellt(t, r->key, r->cols[k]));
    }
    return g;
}

/* Whether the form lays table no out by records of kind ('b' body, 'g' group). */
static bool laid_by(const js_layout *lay, const char *form, int no, char kind)
{
    for (int i = 0; i < lay->n; i++)
        if (is(&lay->v[i], kind, no, form)) return true;
    return false;
}

bg_grid *bg_table_in(const js_templates *tp, const js_doc *doc, int no, js_arena *a)
{
    const js_table *t = no >= 1 && no <= 9 ? doc->tables[no] : NULL;
    const js_layout *lay = js_templates_layout(tp);
    if (!t || !lay) return NULL;
    bg_grid *g = NULL;
    const char *form = layout_form(lay, doc->form, no, 'b');
    if (laid_by(lay, form, no, 'b')) {
        if (fits(tp, form, t, 'b')) g = tbody(tp, form, doc, t, a);
    } else if (laid_by(lay, form, no, 'g')) {
        if (fits(tp, form, t, 'g') && fits(tp, form, t, 'f')) g = tgroups(tp, form, doc, t, a);
    } else {
        g = tcodes(tp, doc, t, a, false);
    }
    /* a table read from elsewhere in another shape: rows as they are */
    if (!g) g = tcodes(tp, doc, t, a, true);
    if (!g) return NULL;
    g->title = t->title ? t->title : js_table_title(no);
    g->label = js_table_id(no);
    const char *note = note_of(lay, doc, no);
    g->note = t->empty_note ? js_arena_printf(a, "%s%s", note, t->empty_note) : note;
    widths(g);
    return g;
}

static const char *pv(const js_pval *p)
{
    return p->set ? p->text : NULL;
}

/* The words of a 绩效自评表 of kind (1, 2) the layout gives for what: the form's
 * own record of that kind and what, else the "*" form's; none: an empty list. */
static const char *const *perf_words(const js_layout *lay, const js_doc *doc, int kind,
                                     const char *what, int *n)
{
    static const char *const NONE[] = {NULL};
    const js_lay_rec *r = js_layout_perf(lay, doc->form, kind, what);
    *n = r ? r->ncols : 0;
    return r ? r->cols : NONE;
}

/* The first word of what (NULL when the layout has none). */
static const char *perf_word(const js_layout *lay, const js_doc *doc, int kind, const char *what)
{
    int n;
    const char *const *w = perf_words(lay, doc, kind, what, &n);
    return n ? w[0] : NULL;
}

/* The funds block: its word, 年度资金总额, the fund columns, and a row a fund. */
static int perf_funds(bg_grid *g, const js_layout *lay, const js_doc *doc, const js_perf *p, int r)
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

bg_grid *bg_perf_in(const js_templates *tp, const js_doc *doc, int i, js_arena *a)
{
    const js_layout *lay = js_templates_layout(tp);
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
