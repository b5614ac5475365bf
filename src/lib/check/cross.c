/*
 * cross.c - the tables against each other (rules X-*): the links of the
 * form's data (data/templates/templates.tsv, `link` records: 01 with 02, 03
 * and 04; 04 with 05, 08 and 09; 05 with 06; 05 against 03 row by row; the
 * names printed for one code in 02, 03, 05, 08 and 09). Each comparison names the table at
 * fault as the one whose figure is stated (the more detailed table), and the
 * figure of the other table as expected. */
#include "checker.h"

#include <stdlib.h>
#include <string.h>

static const js_table *T(const js_checker *ck, int no)
{
    const js_table *t = ck->doc->tables[no];
    return t && t->nrows > 0 ? t : NULL;
}

/* The rule the data names; T-IDENT for an id the catalogue lacks. */
static js_rule_id rule_of(const char *id)
{
    size_t n;
    const js_rule *all = js_rules(&n);
    const js_rule *r = js_rule_find(id);
    return r ? (js_rule_id)(r - all) : JS_R_T_IDENT;
}

/* s with "{col}" replaced by col, in the arena (s itself without col). */
static const char *fill(js_arena *ar, const char *s, const char *col)
{
    const char *at = col ? strstr(s, "{col}") : NULL;
    if (!at) return s;
    return js_arena_printf(ar, "%.*s%s%s", (int)(at - s), s, col, at + 5);
}

/* ---- the comparisons ------------------------------------------------------
 *
 * The links of the document's form are worked out once into comparisons: a `sum` link
 * is one (a cell of the stated table against up to 3 cells of others), a `classes`
 * link one per 类 row of either table; each cell named by table, row and column index
 * (-1: the table lacks the row or the column), a `rows` link one per row and column
 * pair; a `names` link (codes and names, no figure) is one item run as a whole. They are run on the
 * document, or on a view of it that changes figures only (a try of the doubt search, doubt.c, runs
 * only those reading a cell it changes). */

enum { X_SUM, X_CLASS, X_ROWS, X_WHOLE };

typedef struct xref {
    int no, row, col;
} xref;

typedef struct xcmp {
    int link, kind;
    xref st;          /* the stated cell */
    xref c[4];        /* the cells it is compared with */
    int n;            /* X_SUM, X_CLASS */
    const char *srow; /* the stated row's key */
    const char *scol; /* the stated column */
    const char *ocol; /* X_CLASS: the other table's column as the link names it */
    int lno, lrow;    /* X_CLASS: the 类 row found (table, row), named when st.row < 0 */
    int i;            /* X_ROWS: the link's column pair */
    uint64_t cells;   /* bit (no * 7 + row) % 64 for each cell it reads (js_cross_reads) */
} xcmp;

struct js_cross_plan {
    const js_tpl_link *links;
    int nlinks;
    xcmp *x;
    int n, cap;
    int *from; /* link k's items: x[from[k] .. from[k + 1]) */
    js_arena *arena;
    bool failed;
};

static int row_ix(const js_table *t, const char *key)
{
    const js_row *r = t ? js_table_row(t, key) : NULL;
    return r ? (int)(r - t->rows) : -1;
}

static xref ref_of(const js_table *t, const char *row, const char *col)
{
    return (xref){t ? t->no : 0, row_ix(t, row), t && col ? js_col(t, col) : -1};
}

static xcmp *add_item(js_cross_plan *p, int link, int kind)
{
    if (p->n == p->cap) {
        int cap = p->cap ? p->cap * 2 : 64;
        xcmp *x = realloc(p->x, (size_t)cap * sizeof *x);
        if (!x) {
            p->failed = true;
            return NULL;
        }
        p->x = x;
        p->cap = cap;
    }
    xcmp *x = &p->x[p->n++];
    memset(x, 0, sizeof *x);
    x->link = link;
    x->kind = kind;
    x->lrow = -1;
    return x;
}

/* a followed by b, in the arena. */
static const char *cat2(js_arena *ar, const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *p = js_arena_alloc_raw(ar, na + nb + 1);
    if (!p) return NULL;
    memcpy(p, a, na);
    memcpy(p + na, b, nb + 1);
    return p;
}

/* Every 类 of either table: stated in the first (a), expected from the second (b). */
static void plan_classes(js_cross_plan *p, int link, const js_table *a, const char *aprefix,
                         const char *acol, const js_table *b, const char *bprefix, const char *bcol)
{
    int ac = js_col(a, acol), bc = js_col(b, bcol); /* the same for every row */
    for (int pass = 0; pass < 2 && !p->failed; pass++) {
        const js_table *t = pass == 0 ? a : b;
        const char *pre = pass == 0 ? aprefix : bprefix;
        for (int r = 0; r < t->nrows; r++) {
            const js_row *row = &t->rows[r];
            if (row->dup_of >= 0) continue;
            size_t n = js_startswith(row->key, pre);
            if (!n && *pre) continue;
            const char *code = row->key + n;
            if (strlen(code) != 3 || js_code_level(JS_CLASS_FUNC, code) != 1) continue;
            const char *akey = cat2(p->arena, aprefix, code);
            const char *bkey = cat2(p->arena, bprefix, code);
            xcmp *x = akey && bkey ? add_item(p, link, X_CLASS) : NULL;
            if (!x) {
                p->failed = true;
                return;
            }
            x->st = (xref){a->no, row_ix(a, akey), ac};
            if (pass == 1 && x->st.row >= 0) { /* done in pass 0 */
                p->n--;
                continue;
            }
            x->c[0] = (xref){b->no, row_ix(b, bkey), bc};
            x->n = 1;
            x->srow = akey;
            x->scol = acol;
            x->ocol = bcol;
            x->lno = t->no;
            x->lrow = r;
        }
    }
}

/* The row key of a link's row ("支出:类" -> prefix "支出:"), or NULL if not 类 rows. */
static const char *class_prefix(js_arena *ar, const char *row)
{
    size_t n = strlen(row), k = strlen("类");
    if (n < k || strcmp(row + n - k, "类") != 0) return NULL;
    return js_arena_strndup(ar, row, n - k);
}

/* A `rows` link: no row of the stated table st exceeds the same row of the other (ot),
 * column by column (05, 一般公共预算财政拨款, never more than 03, all funds, for the same
 * code: X-03-05); a row the other table lacks is one finding, of its first column. */
static void plan_rows(js_cross_plan *p, int k, const js_table *st, const js_table *ot)
{
    const js_tpl_link *l = &p->links[k];
    for (int r = 0; r < st->nrows && !p->failed; r++) {
        const js_row *row = &st->rows[r];
        if (row->dup_of >= 0) continue;
        int orow = row_ix(ot, row->key);
        for (int i = 0; i < l->ncols && (orow >= 0 || i == 0); i++) {
            int ac = js_col(st, l->cols[i]), bc = orow >= 0 ? js_col(ot, l->ocols[i]) : -1;
            if (ac < 0 || (orow >= 0 && bc < 0)) continue;
            xcmp *x = add_item(p, k, X_ROWS);
            if (!x) return;
            x->st = (xref){st->no, r, ac};
            x->c[0] = (xref){ot->no, orow, bc};
            x->n = 1;
            x->i = i;
        }
    }
}

/* The items of link k: both tables printed, the stated table has one of the columns. */
static void plan_link(js_cross_plan *p, const js_checker *ck, int k)
{
    const js_tpl_link *l = &p->links[k];
    const js_table *st = T(ck, l->no);
    if (l->kind == JS_LINK_NAMES) { /* each table of the list that is printed */
        add_item(p, k, X_WHOLE);
        return;
    }
    for (int i = 0; i < l->ncells; i++)
        if (!T(ck, l->cells[i].no)) return;
    if (l->kind == JS_LINK_ROWS) {
        if (st) plan_rows(p, k, st, T(ck, l->cells[0].no));
        return;
    }
    const char *col = NULL;
    for (int i = 0; st && i < l->ncols && !col; i++)
        if (js_col(st, l->cols[i]) >= 0) col = l->cols[i];
    if (!col) return;
    if (l->kind == JS_LINK_CLASSES) {
        const char *ap = class_prefix(p->arena, l->row),
                   *bp = class_prefix(p->arena, l->cells[0].row);
        if (!ap || !bp) return;
        plan_classes(p, k, st, ap, col, T(ck, l->cells[0].no), bp, l->cells[0].col);
        return;
    }
    int n = l->ncells < 4 ? l->ncells : 4;
    bool any = false;
    xref c[4];
    for (int i = 0; i < n; i++) {
        const js_table *t = T(ck, l->cells[i].no);
        c[i] = ref_of(t, l->cells[i].row, l->cells[i].col);
        any = any || (c[i].row >= 0 && c[i].col >= 0);
    }
    if (l->kind == JS_LINK_SUMIF && !any) return;
    xcmp *x = add_item(p, k, X_SUM);
    if (!x) return;
    x->st = ref_of(st, l->row, col);
    memcpy(x->c, c, (size_t)n * sizeof *c);
    x->n = n;
    x->srow = l->row;
    x->scol = col;
}

const js_tpl_link *js_cross_links(const js_checker *ck, int *n)
{
    const js_templates *tp = ck->ctx ? ck->ctx->templates : NULL;
    const char *form = ck->doc->form;
    if (!form) form = js_templates_form_for_year(tp, ck->doc->year);
    return js_templates_links(tp, form, n);
}

js_cross_plan *js_cross_plan_new(const js_checker *ck)
{
    js_cross_plan *p = calloc(1, sizeof *p);
    if (!p || !(p->arena = js_arena_new())) {
        free(p);
        return NULL;
    }
    p->links = js_cross_links(ck, &p->nlinks);
    if (p->nlinks < 0) p->nlinks = 0;
    p->from = malloc((size_t)(p->nlinks + 1) * sizeof *p->from);
    if (!p->from) p->failed = true;
    for (int k = 0; k < p->nlinks && !p->failed; k++) {
        p->from[k] = p->n;
        plan_link(p, ck, k);
    }
    if (p->failed) {
        js_cross_plan_free(p);
        return NULL;
    }
    p->from[p->nlinks] = p->n;
    for (int i = 0; i < p->n; i++) {
        xcmp *x = &p->x[i];
        /* a names link (X_WHOLE) reads codes and names, no figure: nothing */
        x->cells = x->kind == X_WHOLE ? 0 : 1ull << ((x->st.no * 7 + x->st.row) & 63);
        for (int k = 0; k < x->n; k++)
            x->cells |= 1ull << ((x->c[k].no * 7 + x->c[k].row) & 63);
    }
    return p;
}

void js_cross_plan_free(js_cross_plan *p)
{
    if (!p) return;
    js_arena_free(p->arena);
    free(p->x);
    free(p->from);
    free(p);
}

int js_cross_plan_links(const js_cross_plan *p, const js_tpl_link **links)
{
    if (links) *links = p->links;
    return p->nlinks;
}

void js_cross_plan_range(const js_cross_plan *p, int k, int *from, int *to)
{
    *from = p->from[k];
    *to = p->from[k + 1];
}

static bool ref_is(const xref *r, int no, int row, int col)
{
    return r->no == no && r->row == row && r->col == col;
}

bool js_cross_reads(const js_cross_plan *p, int i, int no, int row, int col)
{
    const xcmp *x = &p->x[i];
    if (!(x->cells >> ((no * 7 + row) & 63) & 1)) return false;
    if (ref_is(&x->st, no, row, col)) return true;
    for (int k = 0; k < x->n; k++)
        if (ref_is(&x->c[k], no, row, col)) return true;
    return false;
}

int js_cross_nread(const js_cross_plan *p, int i)
{
    const xcmp *x = &p->x[i];
    return x->kind == X_WHOLE ? 0 : 1 + x->n;
}

void js_cross_read_cell(const js_cross_plan *p, int i, int k, int *no, int *row)
{
    const xref *r = k == 0 ? &p->x[i].st : &p->x[i].c[k - 1];
    *no = r->no;
    *row = r->row;
}

/* ---- running them -------------------------------------------------------- */

static const js_cell *cell_of(js_checker *ck, const xref *r)
{
    const js_table *t = r->no ? ck->doc->tables[r->no] : NULL;
    return t && r->row >= 0 && r->col >= 0 ? &t->rows[r->row].cells[r->col] : NULL;
}

static js_where where_of(const js_table *t, const xcmp *x, const js_cell *c)
{
    js_where w = {js_tid(t), x->srow, x->scol, NULL, {0}};
    if (c) w.loc = c->loc;
    const js_row *r = x->st.row >= 0 ? &t->rows[x->st.row] : NULL;
    if (!w.loc.line && !w.loc.page && r) w.loc = r->loc;
    if (!w.loc.line && !w.loc.page) w.loc = t->loc;
    return w;
}

/* The subject of comparison x's message and what its figure is compared with, in the
 * arena; "" for a try of the doubt search (its findings are keys: nothing is written).
 * False when out of memory. */
static bool words_of(js_checker *ck, const js_tpl_link *l, const xcmp *x, const char **subj,
                     const char **what)
{
    js_arena *ar = js_ck_arena(ck);
    if (!ar) return false;
    if (ck->out->keys_only) {
        *subj = *what = "";
        return true;
    }
    const js_table *a = ck->doc->tables[x->st.no], *b = ck->doc->tables[x->c[0].no];
    const char *slabel;
    if (x->kind == X_SUM) {
        slabel = fill(ar, l->label, x->scol);
        *what = fill(ar, l->what, x->scol);
    } else {
        const js_row *row =
            x->st.row >= 0 ? &a->rows[x->st.row] : &ck->doc->tables[x->lno]->rows[x->lrow];
        slabel = js_arena_printf(
            ar, "%s%s", js_row_label(ck, row),
            x->st.col >= 0 && a->ncols > 1 ? js_arena_printf(ar, "（%s）", x->scol) : "");
        *what = js_arena_printf(ar, "公开%s表同类%s", js_tid(b), b->ncols > 1 ? x->ocol : "");
    }
    *subj = slabel ? js_arena_printf(ar, "公开%s表 %s", js_tid(a), slabel) : NULL;
    return *subj && *what;
}

/* The stated cell against the sum of the others; the labels are filled in, and the
 * subject formatted, only when the figures differ (most agree). A stated row the table
 * lacks counts as zero when the other side has a figure. */
static void compare(js_checker *ck, const js_tpl_link *l, const xcmp *x)
{
    const js_table *st = ck->doc->tables[x->st.no];
    const js_cell *s = cell_of(ck, &x->st);
    js_cell zero = {0};
    js_term terms[4];
    bool any = false;
    for (int i = 0; i < x->n; i++) {
        terms[i].cell = cell_of(ck, &x->c[i]);
        terms[i].sign = 1;
        any = any || (terms[i].cell && terms[i].cell->present && terms[i].cell->value);
    }
    if (!s) {
        if (!any || x->st.col < 0) return;
        s = &zero;
    }
    if (!js_sum_differs(s, terms, x->n)) return; /* js_check_sum: nothing to say */
    const char *subj, *what;
    if (!words_of(ck, l, x, &subj, &what)) return;
    js_check_sum(ck, rule_of(l->rule), JS_SEV_ERROR, where_of(st, x, s == &zero ? NULL : s),
                 js_unit_of(ck, st), s, terms, x->n, subj, what);
}

/* Is a (normalised, at least 2 characters) a proper prefix of b? */
static bool prefix_of(const char *a, const char *b)
{
    js_buf x, y;
    js_buf_init(&x);
    js_buf_init(&y);
    js_norm_key(&x, a, strlen(a));
    js_norm_key(&y, b, strlen(b));
    bool r = x.data && y.data && x.len >= 6 && x.len < y.len && memcmp(x.data, y.data, x.len) == 0;
    js_buf_release(&x);
    js_buf_release(&y);
    return r;
}

/* A name read by OCR that is not the catalogue's name for its code (classify.c
 * reports it as R-OCR). */
static bool ocr_misread(const js_checker *ck, const js_row *row)
{
    const js_catalog *cat = ck->ctx ? ck->ctx->catalog : NULL;
    return js_ocr_at(ck->doc, row->loc) && cat &&
           !js_catalog_name_ok(cat, JS_CLASS_FUNC, ck->doc->year, row->code, row->name);
}

/* ---- the links of the form (data/templates/templates.tsv, `link` records) ---- */

/* One row and column pair of a `rows` link (plan_rows). */
static void rows_one(js_checker *ck, const js_tpl_link *l, const xcmp *x)
{
    const js_table *st = ck->doc->tables[x->st.no], *ot = ck->doc->tables[x->c[0].no];
    const js_row *row = &st->rows[x->st.row];
    const js_cell *a = cell_of(ck, &x->st), *b = cell_of(ck, &x->c[0]);
    if (!a->present || a->value <= 0) return;
    js_amount bv = b && b->present ? b->value : 0;
    if (a->value <= bv) return;
    int i = x->i, unit = js_unit_of(ck, st);
    js_where w = {js_tid(st), row->key, l->cols[i], NULL, a->loc};
    js_rule_id rule = rule_of(l->rule); /* looked up when reported: rarely */
    if (js_ck_keys_only(ck)) {          /* a try: the message is not written */
        js_report(ck, rule, JS_SEV_ERROR, w, NULL, NULL, "%s", "");
        return;
    }
    char sb[40], eb[40];
    js_fmt_amount(a->value, unit, sb, sizeof sb);
    js_fmt_amount(bv, unit, eb, sizeof eb);
    if (x->c[0].row < 0)
        js_report(ck, rule, JS_SEV_ERROR, w, sb, "0.00", "公开%s表 %s：%s%s，但%s表没有这一科目",
                  js_tid(st), js_row_label(ck, row), l->cols[i], sb, js_tid(ot));
    else
        js_report(ck, rule, JS_SEV_ERROR, w, sb, eb, "公开%s表 %s：%s%s大于%s表同一科目的%s%s",
                  js_tid(st), js_row_label(ck, row), l->cols[i], sb, js_tid(ot), l->ocols[i], eb);
}

/* A `names` link: the same code printed with different names in the tables of
 * the list (02, 03, 05, 08, 09: X-NAME), each against the first before it that
 * prints the code. */
static void link_names(js_checker *ck, const js_tpl_link *l)
{
    int NOS[8], n = 0;
    NOS[n++] = l->no;
    for (int i = 0; i < l->ncells && n < 8; i++)
        NOS[n++] = l->cells[i].no;
    for (int i = 1; i < n; i++) {
        const js_table *t = T(ck, NOS[i]);
        if (!t) continue;
        for (int r = 0; r < t->nrows; r++) {
            const js_row *row = &t->rows[r];
            if (!row->code || !row->name || !*row->name || row->dup_of >= 0) continue;
            for (int j = 0; j < i; j++) {
                const js_table *u = T(ck, NOS[j]);
                const js_row *o = u ? js_table_row(u, row->key) : NULL;
                if (!o || !o->name || !*o->name) continue;
                if (!js_name_eq(o->name, row->name)) {
                    js_where w = {js_tid(t), row->key, NULL, NULL, row->loc};
                    if (ocr_misread(ck, row) || ocr_misread(ck, o) || js_name_misread(ck, t, row) ||
                        js_name_misread(ck, u, o)) {
                        /* a name misread on a scanned page, or split between rows by the
                         * reader: its R-OCR / R-NAME notice speaks of it */
                        break;
                    }
                    /* one name the other cut short (a wrapped cell): a notice */
                    int sev = prefix_of(o->name, row->name) || prefix_of(row->name, o->name)
                                  ? JS_SEV_NOTICE
                                  : JS_SEV_WARNING;
                    js_report(ck, rule_of(l->rule), sev, w, row->name, o->name,
                              "公开%s表 科目%s的名称“%s”与公开%s表的“%s”不一致", js_tid(t),
                              row->code, row->name, js_tid(u), o->name);
                }
                break;
            }
        }
    }
}

void js_cross_run(js_checker *ck, const js_cross_plan *p, int i)
{
    const xcmp *x = &p->x[i];
    const js_tpl_link *l = &p->links[x->link];
    if (x->kind == X_ROWS)
        rows_one(ck, l, x);
    else if (x->kind != X_WHOLE)
        compare(ck, l, x);
    else
        link_names(ck, l);
}

bool js_cross_link_reads(const js_tpl_link *l, int no)
{
    /* a names link reads codes and names, never a figure (a try changes figures only) */
    if (l->kind == JS_LINK_NAMES) return false;
    if (l->no == no) return true;
    for (int i = 0; i < l->ncells; i++)
        if (l->cells[i].no == no) return true;
    return false;
}

void js_check_cross(js_checker *ck)
{
    js_cross_plan *own = ck->xp ? NULL : js_cross_plan_new(ck);
    const js_cross_plan *p = ck->xp ? ck->xp : own;
    if (!p) {
        ck->out->failed = JS_EINTERNAL;
        return;
    }
    /* a try's findings borrow their places' strings (js_findings.keys_only), some of
     * which are the plan's: with a plan of its own, freed below, they are copied */
    bool borrow = ck->out->keys_only;
    if (own) ck->out->keys_only = false;
    for (int i = 0; i < p->n; i++)
        js_cross_run(ck, p, i);
    ck->out->keys_only = borrow;
    js_cross_plan_free(own);
}
