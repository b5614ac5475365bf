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

/* ---- the comparisons ------------------------------------------------------
 *
 * The identities of a document's tables are worked out once into comparisons, each a
 * stated cell against the signed sum of other cells of its table, named by row and
 * column index; a comparison is then run on the document, or on a view of it that
 * changes figures only (a try of the doubt search, doubt.c, runs only those reading a
 * cell it changes). They are run in the order the identities give: the hierarchy (row
 * by row, column by column), the 本年支出合计 sums, then each identity of the form. */

enum { A_HIER, A_TOTAL, A_CLASS, A_COL, A_ROW, A_MIXED };

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

/* One term: row -1 is a row the table lacks (a blank); col -1 (A_MIXED) is the row's
 * first column with a figure, found when run. */
typedef struct aterm {
    int row, col, sign;
} aterm;

typedef struct acmp {
    unsigned char kind, tno;
    int ident;    /* A_COL, A_ROW, A_MIXED: the identity (plan->id) */
    int row, col; /* the stated cell (A_MIXED: col unused, the row's first figure) */
    int t0, nt;   /* its terms: plan->t[t0 .. t0 + nt) */
    js_rule_id rule;
    uint64_t rows; /* bit r % 64 for each row r it reads (js_arith_reads asks it first) */
} acmp;

struct js_arith_plan {
    js_arena *arena; /* the identities' text */
    acmp *c;
    aterm *t;
    lin *id;
    int n, cap, nt, capt, nid, capid;
    int from[11]; /* table no's comparisons: c[from[no] .. from[no + 1]) */
    bool failed;
};

static bool grow(void **v, int *cap, int need, size_t size)
{
    if (need <= *cap) return true;
    int cap2 = *cap ? *cap * 2 : 64;
    while (cap2 < need)
        cap2 *= 2;
    void *nv = realloc(*v, (size_t)cap2 * size);
    if (!nv) return false;
    *v = nv;
    *cap = cap2;
    return true;
}

/* A comparison of table no with nt terms to fill (plan->t[c->t0 ..]); NULL when out of
 * memory (plan->failed). */
static acmp *add_cmp(js_arith_plan *p, int kind, int no, int row, int col, int nt, js_rule_id rule)
{
    if (!grow((void **)&p->c, &p->cap, p->n + 1, sizeof *p->c) ||
        !grow((void **)&p->t, &p->capt, p->nt + nt, sizeof *p->t)) {
        p->failed = true;
        return NULL;
    }
    acmp *c = &p->c[p->n++];
    *c = (acmp){(unsigned char)kind, (unsigned char)no, -1, row, col, p->nt, nt, rule, 0};
    p->nt += nt;
    return c;
}

static void set_term(js_arith_plan *p, const acmp *c, int k, int row, int col, int sign)
{
    p->t[c->t0 + k] = (aterm){row, col, sign};
}

/* 类 = Σ 款 and 款 = Σ 项 in every column (rule hier, when given); the 合计 row = Σ 类
 * (rule tot, when given). */
static void plan_hierarchy(js_arith_plan *p, const js_table *t, const js_rule_id *hier,
                           const js_rule_id *tot)
{
    int n = t->nrows;
    /* lv: a row's level (0: none or a duplicate); bylv: the rows of levels 1, 2, 3,
     * each in order, those of level l at bylv[start[l] .. start[l + 1]) (the children
     * of a row are looked for among the rows of the level below it only) */
    int *lv = malloc((size_t)n * sizeof *lv), *raw = malloc((size_t)n * sizeof *raw);
    int *kids = malloc((size_t)n * sizeof *kids), *bylv = malloc((size_t)n * sizeof *bylv);
    size_t *clen = malloc((size_t)n * sizeof *clen);
    int start[5] = {0}, fill[4];
    if (!lv || !raw || !kids || !bylv || !clen) {
        p->failed = true;
        goto done;
    }
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
        for (int col = 0; nchild > 0 && col < t->ncols; col++) {
            acmp *c =
                add_cmp(p, total ? A_TOTAL : A_HIER, t->no, r, col, nchild, total ? *tot : *hier);
            for (int k = 0; c && k < nchild; k++)
                set_term(p, c, k, kids[k], col, 1);
        }
    }
done:
    free(lv);
    free(raw);
    free(bylv);
    free(kids);
    free(clen);
}

/* 支出:本年支出合计 = Σ 支出:类 rows (01, 04), in every column. */
static void plan_class_sums(js_arith_plan *p, const js_table *t, js_rule_id rule)
{
    const js_row *tot = js_table_row(t, "支出:本年支出合计");
    if (!tot) return;
    int ncls = 0, *cls = malloc(((size_t)t->nrows + 1) * sizeof *cls);
    if (!cls) {
        p->failed = true;
        return;
    }
    for (int r = 0; r < t->nrows; r++)
        if (t->rows[r].dup_of < 0 && is_class_key(t->rows[r].key, "支出:")) cls[ncls++] = r;
    for (int c = 0; c < t->ncols; c++) {
        acmp *x = add_cmp(p, A_CLASS, t->no, (int)(tot - t->rows), c, ncls, rule);
        for (int k = 0; x && k < ncls; k++)
            set_term(p, x, k, cls[k], c, 1);
    }
    free(cls);
}

/* A column identity (lhs and terms are columns of t): in every row; a row identity:
 * in every column where one of them has a figure, across the two sides of 01/04
 * (收入 = 支出) each row in its own first column (A_MIXED). */
static void plan_ident(js_arith_plan *p, const js_table *t, int id, js_rule_id rule)
{
    const lin *l = &p->id[id];
    int lc = js_col(t, l->lhs), cols[MAXTERMS];
    bool colident = lc >= 0;
    for (int i = 0; i < l->n && colident; i++)
        colident = (cols[i] = js_col(t, l->terms[i])) >= 0;
    if (colident) {
        for (int r = 0; r < t->nrows; r++) {
            acmp *c = add_cmp(p, A_COL, t->no, r, lc, l->n, rule);
            if (!c) return;
            c->ident = id;
            for (int i = 0; i < l->n; i++)
                set_term(p, c, i, r, cols[i], l->signs[i]);
        }
        return;
    }
    if (lc >= 0) return; /* a column identity whose columns this table lacks */
    const js_row *lr = js_table_row(t, l->lhs);
    if (!lr) return;
    int tr[MAXTERMS];
    bool mixed = false;
    for (int i = 0; i < l->n; i++) {
        const js_row *x = js_table_row(t, l->terms[i]);
        tr[i] = x ? (int)(x - t->rows) : -1;
        mixed = mixed || (side(l->terms[i]) && side(l->terms[i]) != side(l->lhs));
    }
    for (int col = 0; col < (mixed ? 1 : t->ncols); col++) {
        acmp *c = add_cmp(p, mixed ? A_MIXED : A_ROW, t->no, (int)(lr - t->rows), col, l->n, rule);
        if (!c) return;
        c->ident = id;
        for (int i = 0; i < l->n; i++)
            set_term(p, c, i, tr[i], mixed ? -1 : col, l->signs[i]);
    }
}

/* The identities of the table's form (data/templates/templates.tsv), each reported
 * under the rule the data names. */
static void plan_table(js_arith_plan *p, const js_tpl_table *tt, const js_table *t)
{
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
    if (has_hier || has_tot) plan_hierarchy(p, t, has_hier ? &hier : NULL, has_tot ? &tot : NULL);
    if (has_cls) plan_class_sums(p, t, cls);
    for (int k = 0; k < tt->nidents && !p->failed; k++) {
        const char *e = tt->idents[k];
        if (!e || strstr(e, "Σ")) continue;
        js_rule_id rule = rule_of(tt->ident_rules[k]);
        size_t len = strlen(e) + 1;
        char *buf = len <= 1024 ? js_arena_alloc_raw(p->arena, len) : NULL;
        if (len <= 1024 && !buf) p->failed = true;
        if (!buf) continue;
        if (!grow((void **)&p->id, &p->capid, p->nid + 1, sizeof *p->id)) {
            p->failed = true;
            continue;
        }
        if (!parse_ident(e, buf, len, &p->id[p->nid])) continue;
        plan_ident(p, t, p->nid++, rule);
    }
}

js_arith_plan *js_arith_plan_new(const js_checker *ck)
{
    js_arith_plan *p = calloc(1, sizeof *p);
    if (!p || !(p->arena = js_arena_new())) {
        free(p);
        return NULL;
    }
    const js_templates *tp = ck->ctx ? ck->ctx->templates : NULL;
    const char *form = ck->doc->form;
    if (tp && !form) form = js_templates_form_for_year(tp, ck->doc->year);
    for (int no = 1; no <= 9; no++) {
        p->from[no] = p->n;
        const js_table *t = ck->doc->tables[no];
        const js_tpl_table *tt = tp && t && t->nrows > 0 ? js_templates_table(tp, form, no) : NULL;
        if (tt) plan_table(p, tt, t);
    }
    p->from[10] = p->n;
    for (int i = 0; i < p->n; i++) {
        acmp *c = &p->c[i];
        c->rows = 1ull << (c->row & 63);
        for (int k = 0; k < c->nt; k++)
            if (p->t[c->t0 + k].row >= 0) c->rows |= 1ull << (p->t[c->t0 + k].row & 63);
    }
    if (p->failed) {
        js_arith_plan_free(p);
        return NULL;
    }
    return p;
}

void js_arith_plan_free(js_arith_plan *p)
{
    if (!p) return;
    js_arena_free(p->arena);
    free(p->c);
    free(p->t);
    free(p->id);
    free(p);
}

void js_arith_plan_range(const js_arith_plan *p, int no, int *from, int *to)
{
    *from = p->from[no];
    *to = p->from[no + 1];
}

bool js_arith_reads(const js_arith_plan *p, int i, int row, int col)
{
    const acmp *c = &p->c[i];
    if (!(c->rows >> (row & 63) & 1)) return false;
    bool whole = c->kind == A_MIXED; /* the rows' first figures: any of their cells */
    if (c->row == row && (whole || c->col == col)) return true;
    for (int k = 0; k < c->nt; k++)
        if (p->t[c->t0 + k].row == row && (whole || p->t[c->t0 + k].col == col)) return true;
    return false;
}

int js_arith_nread(const js_arith_plan *p, int i)
{
    return 1 + p->c[i].nt;
}

int js_arith_read_row(const js_arith_plan *p, int i, int k)
{
    const acmp *c = &p->c[i];
    return k == 0 ? c->row : p->t[c->t0 + k - 1].row;
}

/* The first column in which row r has a figure, else -1. */
static int first_col(const js_table *t, const js_row *r)
{
    for (int c = 0; r && c < t->ncols; c++)
        if (r->cells[c].present) return c;
    return -1;
}

/* What the stated figure is compared with: "下级科目之和", "A、B之和", "A加B减C". */
static void what_into(js_buf *b, const js_arith_plan *p, const acmp *c)
{
    if (c->kind == A_HIER || c->kind == A_TOTAL || c->kind == A_CLASS)
        js_buf_puts(b, c->kind == A_HIER    ? "下级科目之和"
                       : c->kind == A_TOTAL ? "各类之和"
                                            : "各类支出之和");
    else
        what_of(b, &p->id[c->ident], c->kind == A_COL);
}

/* The subject of comparison c's message and what its figure is compared with (into
 * what); "" for a try of the doubt search (its findings are keys: nothing is written).
 * NULL when out of memory. */
static const char *words_of(js_checker *ck, const js_arith_plan *p, const acmp *c,
                            const js_table *t, int sc, js_buf *what)
{
    if (js_ck_keys_only(ck)) return "";
    what_into(what, p, c);
    js_arena *a = js_ck_arena(ck);
    const js_row *row = &t->rows[c->row];
    const lin *l = c->ident >= 0 ? &p->id[c->ident] : NULL;
    switch (c->kind) {
    case A_HIER:
    case A_TOTAL:
        return js_arena_printf(a, "公开%s表 %s：%s", js_tid(t), js_row_label(ck, row),
                               col_label(t->cols[sc]));
    case A_CLASS:
        return t->ncols == 1
                   ? js_arena_printf(a, "公开%s表 本年支出合计", js_tid(t))
                   : js_arena_printf(a, "公开%s表 本年支出合计（%s）", js_tid(t), t->cols[sc]);
    case A_COL:
        return t->no == 7 ? js_arena_printf(a, "公开07表 %s", l->lhs)
                          : js_arena_printf(a, "公开%s表 %s：%s", js_tid(t), js_row_label(ck, row),
                                            col_label(l->lhs));
    default:
        return t->ncols > 1 && c->kind == A_ROW && side(l->lhs) == 2
                   ? js_arena_printf(a, "公开%s表 %s（%s）", js_tid(t), unside(l->lhs), t->cols[sc])
                   : js_arena_printf(a, "公开%s表 %s", js_tid(t), unside(l->lhs));
    }
}

void js_arith_run(js_checker *ck, const js_arith_plan *p, int i)
{
    const acmp *c = &p->c[i];
    const js_table *t = ck->doc->tables[c->tno];
    const js_row *row = &t->rows[c->row];
    int sc = c->kind == A_MIXED ? first_col(t, row) : c->col;
    if (sc < 0) return;
    const js_cell *st = &row->cells[sc];
    js_term buf[64], *terms = c->nt <= 64 ? buf : malloc((size_t)c->nt * sizeof *terms);
    if (!terms) {
        ck->out->failed = JS_EINTERNAL;
        return;
    }
    bool any = st->present;
    for (int k = 0; k < c->nt; k++) {
        const aterm *a = &p->t[c->t0 + k];
        const js_row *tr = a->row >= 0 ? &t->rows[a->row] : NULL;
        int tc = a->col >= 0 ? a->col : first_col(t, tr);
        terms[k].cell = tr && tc >= 0 ? &tr->cells[tc] : NULL;
        terms[k].sign = a->sign;
        any = any || (terms[k].cell && terms[k].cell->present);
    }
    if (any && js_sum_differs(st, terms, c->nt)) {
        js_buf what;
        js_buf_init(&what);
        const char *subj = words_of(ck, p, c, t, sc, &what);
        if (subj)
            js_check_sum(ck, c->rule, JS_SEV_ERROR, where_cell(t, row, t->cols[sc], st),
                         js_unit_of(ck, t), st, terms, c->nt, subj, what.data ? what.data : "");
        js_buf_release(&what);
    }
    if (terms != buf) free(terms);
}

void js_check_arithmetic(js_checker *ck)
{
    js_arith_plan *own = ck->ap ? NULL : js_arith_plan_new(ck);
    const js_arith_plan *p = ck->ap ? ck->ap : own;
    if (!p) {
        ck->out->failed = JS_EINTERNAL;
        return;
    }
    /* a try's findings borrow their places' strings (js_findings.keys_only), some of
     * which are the plan's: with a plan of its own, freed below, they are copied */
    bool borrow = ck->out->keys_only;
    if (own) ck->out->keys_only = false;
    for (int i = 0; i < p->n; i++)
        js_arith_run(ck, p, i);
    ck->out->keys_only = borrow;
    js_arith_plan_free(own);
}
