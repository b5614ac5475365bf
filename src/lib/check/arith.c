/*
 * arith.c - arithmetic inside each table (rules T-*): every identity of the
 * table's form in data/templates/templates.tsv (`ident` records, each naming
 * the rule that reports it) — row totals (各栏之和), the fixed identities of
 * 01, 04, 06, 07 and 08, and the Σ identities: the code hierarchy (类 = Σ 款 =
 * Σ 项), the 合计 row (Σ 类), 本年支出合计 = Σ 支出:类. Every comparison goes
 * through js_check_sum, which grades a difference as rounding, warning or
 * error (see engine.c).
 */
#include "checker.h"

#include <stdlib.h>
#include <string.h>

/* ---- helpers ----------------------------------------------------------- */

static js_where where_cell(const js_table *t, const js_row *r, const char *col, const js_cell *c)
{
    js_where w = {js_tid(t), r->key, col, NULL, c ? c->loc : r->loc};
    if (!w.loc.line && !w.loc.page) w.loc = r->loc;
    return w;
}

static const char *col_label(const char *col)
{
    size_t n = js_startswith(col, "本年支出:");
    return n ? col + n : col;
}

/* Level of a classification code in a code table: 1, 2, 3, or 0. A code of
 * 4 or 6 digits (a 款 printed a digit short or long, reported by K-CODE-LEN)
 * still counts as a 款 of its 类, so the 类 sum is not thrown off twice. */
static int level(const js_row *r)
{
    if (!r->code || !*r->code) return 0;
    int lv = js_code_level(JS_CLASS_FUNC, r->code);
    if (lv) return lv;
    size_t n = 0;
    for (; r->code[n]; n++)
        if (r->code[n] < '0' || r->code[n] > '9') return 0;
    return n == 4 || n == 6 ? -2 : 0;
}

static int eff(int lv)
{
    return lv < 0 ? -lv : lv;
}

static bool is_class_key(const char *key, const char *prefix)
{
    size_t n = js_startswith(key, prefix);
    if (!n) return false;
    const char *s = key + n;
    return strlen(s) == 3 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' &&
           s[2] >= '0' && s[2] <= '9';
}

/* ---- checks ------------------------------------------------------------ */

/* 类 = Σ 款 and 款 = Σ 项 in every column (rule hier, when given); the 合计
 * row = Σ 类 (rule tot, when given). Levels and the children of each row are
 * worked out once per table. */
static void hierarchy(js_checker *ck, const js_table *t, const js_rule_id *hier,
                      const js_rule_id *tot)
{
    if (t->nrows <= 0) return;
    int unit = js_unit_of(ck, t);
    bool keys = js_ck_keys_only(ck);
    int n = t->nrows;
    /* lv: a row's level (0: none or a duplicate); bylv: the rows of levels 1, 2, 3,
     * each in order, those of level l at bylv[start[l] .. start[l + 1]) (the children
     * of a row are looked for among the rows of the level below it only) */
    int *lv = malloc((size_t)n * sizeof *lv), *raw = malloc((size_t)n * sizeof *raw);
    int *kids = malloc((size_t)n * sizeof *kids), *bylv = malloc((size_t)n * sizeof *bylv);
    size_t *clen = malloc((size_t)n * sizeof *clen);
    js_term *terms = malloc((size_t)n * sizeof *terms);
    int start[5] = {0}, fill[4];
    if (!lv || !raw || !kids || !bylv || !clen || !terms) goto done;
    for (int r = 0; r < n; r++) {
        const js_row *row = &t->rows[r];
        raw[r] = level(row);
        lv[r] = row->dup_of >= 0 ? 0 : eff(raw[r]);
        clen[r] = row->code ? strlen(row->code) : 0;
        if (lv[r] >= 1 && lv[r] <= 3) start[lv[r] + 1]++;
    }
    for (int l = 2; l <= 4; l++)
        start[l] += start[l - 1];
    memcpy(fill, start, sizeof fill);
    for (int r = 0; r < n; r++)
        if (lv[r] >= 1 && lv[r] <= 3) bylv[fill[lv[r]]++] = r;
    for (int r = 0; r < n; r++) {
        const js_row *row = &t->rows[r];
        bool total = strcmp(row->key, "合计") == 0;
        int rl = raw[r];
        if (row->dup_of >= 0 || (!total && (rl < 1 || rl > 2))) continue;
        if (total ? !tot : !hier) continue;
        int want = total ? 1 : rl + 1, nchild = 0;
        for (int i = start[want]; i < start[want + 1]; i++) {
            int c = bylv[i];
            if (c == r) continue;
            if (total || (clen[c] > clen[r] && memcmp(t->rows[c].code, row->code, clen[r]) == 0))
                kids[nchild++] = c;
        }
        if (nchild == 0) continue;
        for (int col = 0; col < t->ncols; col++) {
            bool any = row->cells[col].present;
            for (int k = 0; k < nchild; k++) {
                terms[k].cell = &t->rows[kids[k]].cells[col];
                terms[k].sign = 1;
                any = any || terms[k].cell->present;
            }
            if (!any || !js_sum_differs(&row->cells[col], terms, nchild)) continue;
            const char *subj =
                keys ? ""
                     : js_arena_printf(js_ck_arena(ck), "公开%s表 %s：%s", js_tid(t),
                                       js_row_label(ck, row), col_label(t->cols[col]));
            if (!subj) continue;
            js_check_sum(ck, total ? *tot : *hier, JS_SEV_ERROR,
                         where_cell(t, row, t->cols[col], &row->cells[col]), unit, &row->cells[col],
                         terms, nchild, subj, total ? "各类之和" : "下级科目之和");
        }
    }
done:
    free(lv);
    free(raw);
    free(bylv);
    free(kids);
    free(clen);
    free(terms);
}

/* 支出:本年支出合计 = Σ 支出:类 rows (01, 04), in every column. */
static void class_sums(js_checker *ck, const js_table *t, js_rule_id rule)
{
    int unit = js_unit_of(ck, t);
    const js_row *tot = js_table_row(t, "支出:本年支出合计");
    int ncls = 0;
    for (int r = 0; r < t->nrows; r++)
        if (t->rows[r].dup_of < 0 && is_class_key(t->rows[r].key, "支出:")) ncls++;
    js_term *terms = ncls ? js_arena_calloc(js_ck_arena(ck), (size_t)ncls, sizeof *terms) : NULL;
    for (int c = 0; tot && c < t->ncols; c++) {
        const js_cell *st = &tot->cells[c];
        int k = 0;
        bool any = st->present;
        for (int r = 0; r < t->nrows && terms && k < ncls; r++) {
            const js_row *row = &t->rows[r];
            if (row->dup_of >= 0 || !is_class_key(row->key, "支出:")) continue;
            terms[k].cell = &row->cells[c];
            terms[k].sign = 1;
            any = any || terms[k].cell->present;
            k++;
        }
        if (!any || !js_sum_differs(st, terms, k)) continue;
        const char *subj =
            js_ck_keys_only(ck) ? ""
            : t->ncols == 1 ? js_arena_printf(js_ck_arena(ck), "公开%s表 本年支出合计", js_tid(t))
                            : js_arena_printf(js_ck_arena(ck), "公开%s表 本年支出合计（%s）",
                                              js_tid(t), t->cols[c]);
        if (!subj) continue;
        js_check_sum(ck, rule, JS_SEV_ERROR, where_cell(t, tot, t->cols[c], st), unit, st, terms, k,
                     subj, "各类支出之和");
    }
}

/* ---- identities from the templates (data/templates, template.h) ---------- */

/* A linear identity "LHS = T1 + T2 - T3 …" of keys; Σ identities are the
 * structural ones above and are not parsed here. */
#define MAXTERMS 16
typedef struct lin {
    const char *lhs;
    const char *terms[MAXTERMS];
    int signs[MAXTERMS];
    int n;
} lin;

static bool parse_ident(const char *expr, char *buf, size_t size, lin *out)
{
    size_t len = strlen(expr);
    if (len + 1 > size || strstr(expr, "Σ")) return false;
    memcpy(buf, expr, len + 1);
    memset(out, 0, sizeof *out);
    int sign = 1, neq = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        if (strcmp(tok, "=") == 0) {
            if (++neq > 1 || !out->lhs) return false;
        } else if (strcmp(tok, "+") == 0) {
            sign = 1;
        } else if (strcmp(tok, "-") == 0 || strcmp(tok, "−") == 0) {
            sign = -1;
        } else if (!out->lhs) {
            out->lhs = tok;
        } else {
            if (!neq || out->n == MAXTERMS) return false;
            out->terms[out->n] = tok;
            out->signs[out->n++] = sign;
            sign = 1;
        }
    }
    return out->lhs && neq == 1 && out->n > 0;
}

static int side(const char *key)
{
    return js_startswith(key, "收入:") ? 1 : js_startswith(key, "支出:") ? 2 : 0;
}

static const char *unside(const char *key)
{
    size_t n = js_startswith(key, "收入:");
    if (!n) n = js_startswith(key, "支出:");
    return key + n;
}

/* The rule of an identity, named in the template data (rules.def ids);
 * T-IDENT for an id the catalogue lacks. */
static js_rule_id rule_of(const char *id)
{
    size_t n;
    const js_rule *all = js_rules(&n);
    const js_rule *r = js_rule_find(id);
    return r ? (js_rule_id)(r - all) : JS_R_T_IDENT;
}

/* "A、B之和" or "A加B减C" from the labels of the terms. */
static void what_of(js_buf *b, const lin *l, bool cols)
{
    bool minus = false;
    for (int i = 0; i < l->n; i++)
        minus = minus || l->signs[i] < 0;
    for (int i = 0; i < l->n; i++) {
        const char *lab = cols ? col_label(l->terms[i]) : unside(l->terms[i]);
        if (i) js_buf_puts(b, minus ? (l->signs[i] < 0 ? "减" : "加") : "、");
        js_buf_puts(b, lab);
    }
    if (!minus) js_buf_puts(b, l->n > 1 ? "之和" : "");
}

/* Column identity: in every row, column lhs = Σ ±columns. */
static void col_ident(js_checker *ck, const js_table *t, const lin *l, const int *cols, int lc,
                      js_rule_id rule)
{
    int unit = js_unit_of(ck, t);
    bool keys = js_ck_keys_only(ck);
    js_buf what;
    js_buf_init(&what);
    if (!keys) what_of(&what, l, true);
    for (int r = 0; r < t->nrows; r++) {
        const js_row *row = &t->rows[r];
        const js_cell *st = &row->cells[lc];
        js_term terms[MAXTERMS];
        bool any = st->present;
        for (int i = 0; i < l->n; i++) {
            terms[i].cell = &row->cells[cols[i]];
            terms[i].sign = l->signs[i];
            any = any || terms[i].cell->present;
        }
        if (!any || !js_sum_differs(st, terms, l->n)) continue;
        const char *subj = keys ? ""
                           : t->no == 7
                               ? js_arena_printf(js_ck_arena(ck), "公开07表 %s", l->lhs)
                               : js_arena_printf(js_ck_arena(ck), "公开%s表 %s：%s", js_tid(t),
                                                 js_row_label(ck, row), col_label(l->lhs));
        if (!subj) continue;
        js_check_sum(ck, rule, JS_SEV_ERROR, where_cell(t, row, t->cols[lc], st), unit, st, terms,
                     l->n, subj, what.data ? what.data : "");
    }
    js_buf_release(&what);
}

/* The first column in which row r has a figure, else -1. */
static int first_col(const js_table *t, const js_row *r)
{
    for (int c = 0; r && c < t->ncols; c++)
        if (r->cells[c].present) return c;
    return -1;
}

/* Row identity: row lhs = Σ ±rows, in every column where one of them has a
 * figure; across the two sides of 01/04 (收入 = 支出) each row in its own
 * first column. */
static void row_ident(js_checker *ck, const js_table *t, const lin *l, js_rule_id rule)
{
    int unit = js_unit_of(ck, t);
    const js_row *lr = js_table_row(t, l->lhs);
    if (!lr) return;
    const js_row *tr[MAXTERMS];
    bool mixed = false;
    for (int i = 0; i < l->n; i++) {
        tr[i] = js_table_row(t, l->terms[i]);
        mixed = mixed || (side(l->terms[i]) && side(l->terms[i]) != side(l->lhs));
    }
    bool keys = js_ck_keys_only(ck);
    js_buf what;
    js_buf_init(&what);
    if (!keys) what_of(&what, l, false);
    for (int c = 0; c < t->ncols; c++) {
        int sc = mixed ? first_col(t, lr) : c;
        if (sc < 0 || (mixed && c > 0)) break;
        const js_cell *st = &lr->cells[sc];
        js_term terms[MAXTERMS];
        bool any = st->present;
        for (int i = 0; i < l->n; i++) {
            int tc = mixed ? first_col(t, tr[i]) : c;
            terms[i].cell = tr[i] && tc >= 0 ? &tr[i]->cells[tc] : NULL;
            terms[i].sign = l->signs[i];
            any = any || (terms[i].cell && terms[i].cell->present);
        }
        if (!any || !js_sum_differs(st, terms, l->n)) continue;
        const char *subj =
            keys ? ""
            : t->ncols > 1 && !mixed && side(l->lhs) == 2
                ? js_arena_printf(js_ck_arena(ck), "公开%s表 %s（%s）", js_tid(t), unside(l->lhs),
                                  t->cols[sc])
                : js_arena_printf(js_ck_arena(ck), "公开%s表 %s", js_tid(t), unside(l->lhs));
        if (!subj) continue;
        js_check_sum(ck, rule, JS_SEV_ERROR, where_cell(t, lr, t->cols[sc], st), unit, st, terms,
                     l->n, subj, what.data ? what.data : "");
    }
    js_buf_release(&what);
}

/* The identities of the table's form (data/templates/templates.tsv), each
 * reported under the rule the data names. */
static void template_identities(js_checker *ck, const js_table *t)
{
    const js_templates *tp = ck->ctx ? ck->ctx->templates : NULL;
    if (!tp) return;
    const char *form = ck->doc->form;
    if (!form) form = js_templates_form_for_year(tp, ck->doc->year);
    const js_tpl_table *tt = js_templates_table(tp, form, t->no);
    if (!tt) return;
    /* the Σ identities first: the structure each names is checked */
    js_rule_id hier = JS_R_T_HIER, tot = JS_R_T_TOTAL, cls = JS_R_T_IDENT;
    bool has_hier = false, has_tot = false, has_cls = false;
    for (int k = 0; k < tt->nidents; k++) {
        const char *e = tt->idents[k];
        if (!e || !strstr(e, "Σ")) continue;
        js_rule_id rule = rule_of(tt->ident_rules[k]);
        if (strstr(e, "Σ 支出:类"))
            has_cls = true, cls = rule;
        else if (js_startswith(e, "类 = Σ 款"))
            has_hier = true, hier = rule;
        else if (js_startswith(e, "合计 = Σ 类"))
            has_tot = true, tot = rule;
    }
    if (has_hier || has_tot) hierarchy(ck, t, has_hier ? &hier : NULL, has_tot ? &tot : NULL);
    if (has_cls) class_sums(ck, t, cls);
    for (int k = 0; k < tt->nidents; k++) {
        char buf[1024];
        lin l;
        if (!tt->idents[k] || strstr(tt->idents[k], "Σ")) continue;
        js_rule_id rule = rule_of(tt->ident_rules[k]);
        if (!parse_ident(tt->idents[k], buf, sizeof buf, &l)) continue;
        int lc = js_col(t, l.lhs), cols[MAXTERMS];
        bool colident = lc >= 0;
        for (int i = 0; i < l.n && colident; i++)
            colident = (cols[i] = js_col(t, l.terms[i])) >= 0;
        if (colident)
            col_ident(ck, t, &l, cols, lc, rule);
        else if (lc < 0)
            row_ident(ck, t, &l, rule);
        /* a column identity whose columns this table lacks: nothing to check */
    }
}

void js_check_arithmetic(js_checker *ck)
{
    for (int no = 1; no <= 9; no++) {
        const js_table *t = ck->doc->tables[no];
        if (!t || t->nrows <= 0) continue;
        template_identities(ck, t);
    }
}
