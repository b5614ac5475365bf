/*
 * cross.c - the tables against each other (rules X-*): the links of the
 * form's data (data/templates/templates.tsv, `link` records: 01 with 02, 03
 * and 04; 04 with 05, 08 and 09; 05 with 06; 05 against 03 row by row; the
 * names printed for one code in 02, 03, 05, 08 and 09). Each comparison names the table at
 * fault as the one whose figure is stated (the more detailed table), and the
 * figure of the other table as expected. */
#include "checker.h"

#include <string.h>

static const js_table *T(js_checker *ck, int no)
{
    const js_table *t = ck->doc->tables[no];
    return t && t->nrows > 0 ? t : NULL;
}

static const js_cell *cell(const js_table *t, const char *row, const char *col)
{
    if (!t) return NULL;
    return js_cell_at(t, js_table_row(t, row), col);
}

static js_where where_of(const js_table *t, const char *row, const char *col, const js_cell *c)
{
    js_where w = {js_tid(t), row, col, NULL, {0}};
    if (c) w.loc = c->loc;
    const js_row *r = js_table_row(t, row);
    if (!w.loc.line && !w.loc.page && r) w.loc = r->loc;
    if (!w.loc.line && !w.loc.page) w.loc = t->loc;
    return w;
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

/* stated (table st, row, col) against the sum of up to 3 cells of table ex. slabel
 * and what may hold "{col}" for col (NULL: they are final); they are filled in, and
 * the subject formatted, only when the figures differ (a try of the doubt search runs
 * every link: most agree). */
static void compare(js_checker *ck, const char *rule, const js_table *st, const char *srow,
                    const char *scol, const char *slabel, const js_cell *const *cells, int n,
                    const char *what, const char *col)
{
    const js_cell *s = cell(st, srow, scol);
    js_cell zero = {0};
    if (!s) {
        /* the row is absent: it counts as zero when the other side has a figure */
        bool any = false;
        for (int i = 0; i < n; i++)
            any = any || (cells[i] && cells[i]->present && cells[i]->value);
        if (!any || js_col(st, scol) < 0) return;
        s = &zero;
    }
    js_term terms[4];
    for (int i = 0; i < n && i < 4; i++) {
        terms[i].cell = cells[i];
        terms[i].sign = 1;
    }
    if (!js_sum_differs(s, terms, n < 4 ? n : 4)) return; /* js_check_sum: nothing to say */
    js_arena *ar = js_ck_arena(ck);
    if (ck->out->keys_only) slabel = what = ""; /* a try: the message is not written */
    slabel = ar ? fill(ar, slabel, col) : NULL;
    what = ar ? fill(ar, what, col) : NULL;
    const char *subj = !slabel || !what ? NULL
                       : ck->out->keys_only
                           ? ""
                           : js_arena_printf(ar, "公开%s表 %s", js_tid(st), slabel);
    if (!subj) return;
    js_check_sum(ck, rule_of(rule), JS_SEV_ERROR, where_of(st, srow, scol, s == &zero ? NULL : s),
                 js_unit_of(ck, st), s, terms, n < 4 ? n : 4, subj, what);
}

/* Every 类 of either table: stated in the first, expected from the second. */
/* a followed by b in buf (cap bytes), else in the arena: it runs for every 类 row of
 * two tables in every try of the doubt search, and the key is only looked up. */
static const char *cat2(char *buf, size_t cap, js_arena *ar, const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *p = na + nb < cap ? buf : js_arena_alloc_raw(ar, na + nb + 1);
    if (!p) return NULL;
    memcpy(p, a, na);
    memcpy(p + na, b, nb + 1);
    return p;
}

static void class_rows(js_checker *ck, const char *rule, const js_table *a, const char *aprefix,
                       const char *acol, const js_table *b, const char *bprefix, const char *bcol)
{
    js_arena *ar = js_ck_arena(ck);
    if (!ar) return;
    for (int pass = 0; pass < 2; pass++) {
        const js_table *t = pass == 0 ? a : b;
        const char *pre = pass == 0 ? aprefix : bprefix;
        for (int r = 0; r < t->nrows; r++) {
            const js_row *row = &t->rows[r];
            if (row->dup_of >= 0) continue;
            size_t n = js_startswith(row->key, pre);
            if (!n && *pre) continue;
            const char *code = row->key + n;
            if (strlen(code) != 3 || js_code_level(JS_CLASS_FUNC, code) != 1) continue;
            char ab[64], bb[64];
            const char *akey = cat2(ab, sizeof ab, ar, aprefix, code);
            const char *bkey = cat2(bb, sizeof bb, ar, bprefix, code);
            if (!akey || !bkey) return;
            if (pass == 1 && js_table_row(a, akey)) continue; /* done in pass 0 */
            const js_cell *c[1] = {cell(b, bkey, bcol)};
            const js_cell *sv = cell(a, akey, acol);
            js_cell zero = {0};
            js_term tt = {c[0], 1};
            if (!js_sum_differs(sv ? sv : &zero, &tt, 1)) continue;
            const js_row *arow = js_table_row(a, akey);
            const char *lab = js_arena_printf(
                ar, "%s%s", arow ? js_row_label(ck, arow) : js_row_label(ck, row),
                js_col(a, acol) >= 0 && a->ncols > 1 ? js_arena_printf(ar, "（%s）", acol) : "");
            const char *what =
                js_arena_printf(ar, "公开%s表同类%s", js_tid(b), b->ncols > 1 ? bcol : "");
            if (!lab || !what) return;
            compare(ck, rule, a, akey, acol, lab, c, 1, what, NULL);
        }
    }
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

/* The row key of a link's row ("支出:类" -> prefix "支出:"), or NULL if not 类 rows. */
static const char *class_prefix(js_arena *ar, const char *row)
{
    size_t n = strlen(row), k = strlen("类");
    if (n < k || strcmp(row + n - k, "类") != 0) return NULL;
    return js_arena_strndup(ar, row, n - k);
}

static void link_classes(js_checker *ck, const js_tpl_link *l, const js_table *st, const char *col)
{
    js_arena *ar = js_ck_arena(ck);
    const js_table *ex = T(ck, l->cells[0].no);
    const char *ap = ar ? class_prefix(ar, l->row) : NULL,
               *bp = ar ? class_prefix(ar, l->cells[0].row) : NULL;
    if (!ap || !bp) return;
    class_rows(ck, l->rule, st, ap, col, ex, bp, l->cells[0].col);
}

static void link_sum(js_checker *ck, const js_tpl_link *l, const js_table *st, const char *col)
{
    const js_cell *cells[4] = {NULL};
    bool any = false;
    int n = l->ncells < 4 ? l->ncells : 4;
    for (int i = 0; i < n; i++) {
        cells[i] = cell(T(ck, l->cells[i].no), l->cells[i].row, l->cells[i].col);
        any = any || cells[i];
    }
    if (l->kind == JS_LINK_SUMIF && !any) return;
    compare(ck, l->rule, st, l->row, col, l->label, cells, n, l->what, col);
}

/* A `rows` link: no row of the stated table st exceeds the same row of the
 * other, column by column (05, 一般公共预算财政拨款, never more than 03, all funds,
 * for the same code: X-03-05). A row the other table lacks is one finding. */
static void link_rows(js_checker *ck, const js_tpl_link *l, const js_table *st)
{
    const js_table *ot = T(ck, l->cells[0].no);
    int unit = js_unit_of(ck, st);
    char sb[40], eb[40];
    for (int r = 0; r < st->nrows; r++) {
        const js_row *row = &st->rows[r];
        if (row->dup_of >= 0) continue;
        const js_row *orow = js_table_row(ot, row->key);
        for (int i = 0; i < l->ncols; i++) {
            const js_cell *a = js_cell_at(st, row, l->cols[i]);
            if (!a || !a->present || a->value <= 0) continue;
            const js_cell *b = orow ? js_cell_at(ot, orow, l->ocols[i]) : NULL;
            if (!orow && i > 0) break; /* one finding for a missing row */
            js_amount bv = b && b->present ? b->value : 0;
            if (orow && !b) continue;
            if (a->value <= bv) continue;
            js_where w = {js_tid(st), row->key, l->cols[i], NULL, a->loc};
            js_rule_id rule = rule_of(l->rule); /* looked up when reported: rarely */
            if (js_ck_keys_only(ck)) {          /* a try: the message is not written */
                js_report(ck, rule, JS_SEV_ERROR, w, NULL, NULL, "%s", "");
                continue;
            }
            js_fmt_amount(a->value, unit, sb, sizeof sb);
            js_fmt_amount(bv, unit, eb, sizeof eb);
            if (!orow)
                js_report(ck, rule, JS_SEV_ERROR, w, sb, "0.00",
                          "公开%s表 %s：%s%s，但%s表没有这一科目", js_tid(st),
                          js_row_label(ck, row), l->cols[i], sb, js_tid(ot));
            else
                js_report(ck, rule, JS_SEV_ERROR, w, sb, eb,
                          "公开%s表 %s：%s%s大于%s表同一科目的%s%s", js_tid(st),
                          js_row_label(ck, row), l->cols[i], sb, js_tid(ot), l->ocols[i], eb);
        }
    }
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

/* One link: both tables printed, the stated table has one of the columns. */
static void one_link(js_checker *ck, const js_tpl_link *l)
{
    const js_table *st = T(ck, l->no);
    if (l->kind == JS_LINK_NAMES) { /* each table of the list that is printed */
        link_names(ck, l);
        return;
    }
    for (int i = 0; i < l->ncells; i++)
        if (!T(ck, l->cells[i].no)) return;
    if (l->kind == JS_LINK_ROWS) {
        if (st) link_rows(ck, l, st);
        return;
    }
    const char *col = NULL;
    for (int i = 0; st && i < l->ncols && !col; i++)
        if (js_col(st, l->cols[i]) >= 0) col = l->cols[i];
    if (!col) return;
    if (l->kind == JS_LINK_CLASSES)
        link_classes(ck, l, st, col);
    else
        link_sum(ck, l, st, col);
}

const js_tpl_link *js_cross_links(const js_checker *ck, int *n)
{
    const js_templates *tp = ck->ctx ? ck->ctx->templates : NULL;
    const char *form = ck->doc->form;
    if (!form) form = js_templates_form_for_year(tp, ck->doc->year);
    return js_templates_links(tp, form, n);
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

void js_check_cross_link(js_checker *ck, const js_tpl_link *l)
{
    one_link(ck, l);
}

void js_check_cross(js_checker *ck)
{
    int n;
    const js_tpl_link *links = js_cross_links(ck, &n);
    for (int i = 0; i < n; i++)
        one_link(ck, &links[i]);
}
