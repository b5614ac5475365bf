/*
 * cause.c - one defect, one finding: the findings of the tables that follow
 * from one wrong figure are grouped under the finding of that figure (the
 * root); the others get its id as their `cause` (spec/findings.md).
 *
 * A wrong 03 合计 breaks its row (T-ROW), its column (T-TOTAL) and the
 * comparison with 01 (X-01-03): three findings, one defect. Two findings of
 * tables (arithmetic, cross-table, classification) belong together when
 *
 *   - they point at the same cell (table, row and column), or
 *   - they are off by the same amount (more than the rounding of a few
 *     figures) and share a table and its row or its column, or one of them
 *     compares two tables (X-01-03) and names the other's table.
 *
 * A 尾数 of up to 0.05 is grouped only with the
 * same difference on the same row, of the same table or of the table a
 * cross-table finding compares, or with the same figures (rule, row, column,
 * stated and expected) in another table; two cross-table findings off by the
 * same amount on the same 科目 code are one 类 figure printed two ways.
 * Rounding notices are grouped among themselves (the reports fold them). In a group the root is the
 * most severe finding, then the one linked to most others (the cell where the identities meet); on
 * a tie the one on a detail row rather than on a total, then the one inside a table rather than
 * between tables, then the first. A 附件 that states the same wrong figure as the 说明 (same rule,
 * stated and expected) points at the 说明's finding. Otherwise the rules of
 * the narrative and of the 绩效自评表 set their causes themselves (a rate judged on a figure
 * already reported wrong, a total following from a group's weights); they are left as they are.
 */
#include "checker.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool is_rounding(const js_finding *f)
{
    return f->kind && strcmp(f->kind, "rounding") == 0;
}

/* A finding of the tables: arithmetic, cross-table or classification, a warning
 * or an error, or a rounding notice of a table figure (a 尾数 that the next
 * tables carry on). */
static bool tableish(const js_finding *f)
{
    if (!f->rule || f->cause || !f->table) return false;
    if (f->rule[0] != 'T' && f->rule[0] != 'X' && f->rule[0] != 'K') return false;
    return is_rounding(f) ? f->rule[0] != 'K' : f->severity >= JS_SEV_WARNING;
}

static bool eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* |stated - expected| in units of the last printed decimal scaled to 2 (fen of
 * the unit); -1 when either is not a number. */
static int64_t diff_of(const js_finding *f)
{
    if (!f->stated || !f->expected) return -1;
    js_num a, b;
    if (js_num_parse(f->stated, strlen(f->stated), &a) != JS_NUM_VALUE ||
        js_num_parse(f->expected, strlen(f->expected), &b) != JS_NUM_VALUE)
        return -1;
    js_amount x, y;
    if (!js_num_to_amount(a, JS_UNIT_YUAN, &x) || !js_num_to_amount(b, JS_UNIT_YUAN, &y)) return -1;
    js_amount d = x - y;
    return d < 0 ? -d : d;
}

static bool is_total(const char *row)
{
    return row && (strstr(row, "合计") || strstr(row, "总计"));
}

/* Does rule id (X-01-03) name table t ("03")? */
static bool names_table(const char *rule, const char *t)
{
    if (!rule || !t || rule[0] != 'X') return false;
    size_t k = strlen(t);
    for (const char *p = rule; (p = strstr(p, t)); p += k)
        if ((p == rule || p[-1] == '-') && (p[k] == '\0' || p[k] == '-')) return true;
    return false;
}

/* The 科目 code of a row key ("支出:208" -> "208"), NULL if it is none. */
static const char *code_of(const char *row)
{
    if (!row) return NULL;
    const char *c = strchr(row, ':');
    c = c ? c + 1 : row;
    if (!*c) return NULL;
    for (const char *p = c; *p; p++)
        if (*p < '0' || *p > '9') return NULL;
    return c;
}

static bool same_code(const char *a, const char *b)
{
    const char *x = code_of(a), *y = code_of(b);
    return x && y && strcmp(x, y) == 0;
}

static bool row_and_column(const js_finding *a, const js_finding *b)
{
    if (eq(a->rule, "T-ROW") && (eq(b->rule, "T-HIER") || eq(b->rule, "T-TOTAL"))) return true;
    /* 收入总计 = 支出总计 (01, 04) and a finding on either 总计 */
    size_t k = b->row ? strlen(b->row) : 0, t = strlen(":总计");
    return (eq(a->rule, "T-01-BALANCE") || eq(a->rule, "T-04-BALANCE")) && k > t &&
           strcmp(b->row + k - t, ":总计") == 0;
}

/* Two findings of one table, off by the same amount, that meet at a cell neither
 * names: the identities of 01 and 04 (a 年末 figure of 04's 国资 column breaks
 * the 年末 row's 合计 and that column's 总计), or one cross-table rule of one
 * table (a 项 of 05 larger than 03's breaks 05 ≤ 03 at its 款, 类 and 合计). */
static bool one_network(const js_finding *a, const js_finding *b)
{
    if (a->rule[0] == 'X') return eq(a->rule, b->rule);
    return (js_startswith(a->rule, "T-01-") || js_startswith(a->rule, "T-04-")) &&
           (js_startswith(b->rule, "T-01-") || js_startswith(b->rule, "T-04-"));
}

/* Is one code the other or under it (2010399 under 20103 under 201)? */
static bool one_chain(const char *a, const char *b)
{
    if (!a || !b) return false;
    size_t n = strlen(a), m = strlen(b);
    return strncmp(a, b, n < m ? n : m) == 0;
}

static bool linked(const js_finding *a, int64_t da, const js_finding *b, int64_t db)
{
    /* a rounding notice is grouped with rounding notices only: the reports fold
     * them apart from the findings a reviewer must act on */
    if (is_rounding(a) != is_rounding(b)) return false;
    if (eq(a->table, b->table) && eq(a->row, b->row) &&
        ((a->column == NULL && b->column == NULL) || eq(a->column, b->column)))
        return true;
    /* the same amount: equal, or beyond rounding and apart by the 尾数 of a figure
     * (a total already 0.01 off before the defect: 0.99 and 1.00) */
    /* 05 ≤ 03 broken along one chain of codes (a 项 of 05 changed with its 款 and 类): the
     * excesses differ by what 03 has beside it, the defect is one */
    if (eq(a->rule, "X-03-05") && eq(b->rule, "X-03-05") && eq(a->table, b->table) &&
        one_chain(code_of(a->row), code_of(b->row)))
        return true;
    bool same = da == db || (da > 5 && db > 5 && (da > db ? da - db : db - da) <= 2);
    if (da <= 0 || db <= 0 || !same) return false;
    /* two cross-table findings off by the same amount on the same 科目 (01/03 and
     * 04/05 on 208 社会保障和就业支出): one 类 figure printed two ways */
    if (a->rule[0] == 'X' && b->rule[0] == 'X' && same_code(a->row, b->row)) return true;
    /* the same figures on the same row and column of two tables (03 and 05 合计
     * 基本支出 2336.91 against Σ 类 2336.92): one figure carried from table to table */
    if (eq(a->rule, b->rule) && eq(a->row, b->row) && eq(a->column, b->column) &&
        eq(a->stated, b->stated) && eq(a->expected, b->expected))
        return true;
    bool cross = names_table(a->rule, b->table) || names_table(b->rule, a->table);
    /* a 尾数 (up to 0.05 of the unit): the same difference on the same row of a
     * table, or of the table another finding compares it with */
    if (da <= 5) return eq(a->row, b->row) && (eq(a->table, b->table) || cross);
    /* the same difference beyond rounding: a shared row or column, or the table compared;
     * or a row sum (T-ROW) and a column sum (T-HIER, T-TOTAL) of one table: they meet at
     * the wrong cell (a 项's 财政拨款收入 breaks its row and its 款's column) */
    if (eq(a->table, b->table))
        return eq(a->row, b->row) || eq(a->column, b->column) || row_and_column(a, b) ||
               row_and_column(b, a) || one_network(a, b);
    return cross;
}

static int find(int *parent, int i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

/* Findings by a hash of what they must share, then by index (in out->items): those of
 * one hash are compared in index order, as a scan of all would (same_figure_twice,
 * same_finding_twice: the first of a hash found by hidx_first), so that grouping is
 * not quadratic in the findings. */
typedef struct hidx {
    uint64_t h;
    int i;
} hidx;

static int hidx_cmp(const void *a, const void *b)
{
    const hidx *x = a, *y = b;
    if (x->h != y->h) return x->h < y->h ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* The first of v[0..n) (sorted by hidx_cmp) of hash h, n if none. */
static int hidx_first(const hidx *v, int n, uint64_t h)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int m = lo + (hi - lo) / 2;
        if (v[m].h < h)
            lo = m + 1;
        else
            hi = m;
    }
    return lo;
}

/* A finding of the 说明 (not of a 附件) that a 附件's finding of the same rule, stated
 * and expected follows from. */
static bool text_figure(const js_finding *y)
{
    return !y->cause && y->section && !js_startswith(y->section, "附件") && y->rule && y->stated &&
           y->expected;
}

static uint64_t figure_hash(const js_finding *y)
{
    uint64_t h = js_ck_mix(js_ck_hash_str(JS_CK_HASH0, y->rule), 0xff);
    return js_ck_hash_str(js_ck_mix(js_ck_hash_str(h, y->stated), 0xff), y->expected);
}

static bool same_figure(const js_finding *x, const js_finding *y)
{
    return eq(y->rule, x->rule) && eq(y->stated, x->stated) && eq(y->expected, x->expected);
}

/* 说明 and 附件 stating the same wrong figure: one defect, the 附件's finding
 * points at the 说明's (the first of the same rule, stated and expected). The
 * 说明's findings are read once, by figure_hash (no cause is set on them here). */
static void same_figure_twice(js_findings *out, int from)
{
    int n = out->n - from, nv = 0;
    hidx *v = n > 0 ? malloc((size_t)n * sizeof *v) : NULL;
    for (int j = from; v && j < out->n; j++)
        if (text_figure(&out->items[j])) v[nv++] = (hidx){figure_hash(&out->items[j]), j};
    if (v) qsort(v, (size_t)nv, sizeof *v, hidx_cmp);
    for (int i = from; i < out->n; i++) {
        js_finding *x = &out->items[i];
        if (!x->rule || x->rule[0] != 'N' || x->cause || !x->section || !x->stated ||
            !x->expected || x->severity < JS_SEV_WARNING || is_rounding(x) ||
            !js_startswith(x->section, "附件"))
            continue;
        if (!v) { /* out of memory: every finding */
            for (int j = from; j < out->n && !x->cause; j++)
                if (text_figure(&out->items[j]) && same_figure(x, &out->items[j]))
                    x->cause = out->items[j].id;
            continue;
        }
        uint64_t h = figure_hash(x);
        for (int k = hidx_first(v, nv, h); k < nv && v[k].h == h && !x->cause; k++)
            if (same_figure(x, &out->items[v[k].i])) x->cause = out->items[v[k].i].id;
    }
    free(v);
}

/* A printed figure of a finding in the unit of its table, in fen. */
static bool fig(const js_checker *ck, const char *tid, const char *s, js_amount *out)
{
    js_num v;
    if (!s || js_num_parse(s, strlen(s), &v) != JS_NUM_VALUE) return false;
    int unit = JS_UNIT_WANYUAN;
    for (int no = 1; no <= 9 && tid; no++)
        if (ck->doc->tables[no] && strcmp(js_table_id(no), tid) == 0)
            unit = js_unit_of(ck, ck->doc->tables[no]);
    return js_num_to_amount(v, unit, out);
}

/* A table finding (T-*, X-*) of severity warning or more, not a 尾数 difference,
 * whose stated and expected figures are read into st and ex. */
static bool table_error(const js_checker *ck, const js_finding *t, js_amount *st, js_amount *ex)
{
    if (!t->rule || (t->rule[0] != 'T' && t->rule[0] != 'X') || is_rounding(t) ||
        t->severity < JS_SEV_WARNING || !t->table)
        return false;
    return fig(ck, t->table, t->stated, st) && fig(ck, t->table, t->expected, ex);
}

/* The table findings of table_error, with their figures read once. */
struct js_terr {
    int i; /* index in ck->out */
    js_amount st, ex;
};
typedef struct js_terr terr;

/* Add to m the table errors among the findings of ck->out from m->upto on, in order;
 * false (m->failed) when out of memory. */
static bool table_errors_extend(const js_checker *ck, js_says *m)
{
    const js_findings *out = ck->out;
    for (int i = m->upto > ck->from ? m->upto : ck->from; i < out->n && !m->failed; i++) {
        js_amount st, ex;
        if (!table_error(ck, &out->items[i], &st, &ex)) continue;
        if (m->nv == m->cap) {
            int cap = m->cap ? 2 * m->cap : 16;
            terr *w = realloc(m->v, (size_t)cap * sizeof *w);
            if (!w) {
                m->failed = true;
                break;
            }
            m->v = w;
            m->cap = cap;
        }
        m->v[m->nv++] = (terr){i, st, ex};
    }
    m->upto = out->n;
    return !m->failed;
}

void js_says_release(js_says *m)
{
    free(m->v);
    memset(m, 0, sizeof *m);
}

/* js_table_says_memo of the table finding t (figures st, ex): does it say so? */
static bool says(const js_finding *t, js_amount st, js_amount ex, const char *tid,
                 js_amount printed, js_amount should)
{
    /* the table's own error beyond 0.05 万元, and the text off from the table by as
     * much (to 0.02 万元: the 尾数 of the figures): the figure compared, or one the
     * identities sum it into (a 项 of 06 and its 类) */
    js_amount off = st - ex, d = printed - should, e = should - ex;
    off = off < 0 ? -off : off;
    d = d < 0 ? -d : d;
    e = e < 0 ? -e : e;
    if (off <= 50000 || (d > off ? d - off : off - d) > 20000) return false;
    /* the figure compared itself, or one of the same table that its identity sums */
    return (st == printed && e <= 20000) || (t->rule[0] == 'T' && eq(t->table, tid));
}

/* js_table_says_memo over the table errors v[0..nv) worked out before (nv < 0: none
 * worked out, every finding is read). */
static const js_finding *table_says_in(const js_checker *ck, const terr *v, int nv, int tno,
                                       js_amount printed, js_amount should)
{
    const char *tid = tno > 0 ? js_table_id(tno) : NULL;
    const js_findings *out = ck->out;
    for (int k = 0; k < nv; k++)
        if (says(&out->items[v[k].i], v[k].st, v[k].ex, tid, printed, should))
            return &out->items[v[k].i];
    for (int i = ck->from; nv < 0 && i < out->n; i++) {
        const js_finding *t = &out->items[i];
        js_amount st, ex;
        if (table_error(ck, t, &st, &ex) && says(t, st, ex, tid, printed, should)) return t;
    }
    return NULL;
}

const js_finding *js_table_says_memo(const js_checker *ck, js_says *m, int tno, js_amount printed,
                                     js_amount should)
{
    if (m->failed || !table_errors_extend(ck, m))
        return table_says_in(ck, NULL, -1, tno, printed, should);
    return table_says_in(ck, m->v, m->nv, tno, printed, should);
}

bool js_table_fixed(const js_checker *ck, js_says *m, js_amount printed, js_amount *should)
{
    const js_findings *out = ck->out;
    /* the table errors read once (m), else every finding */
    bool memo = !m->failed && table_errors_extend(ck, m);
    for (int k = memo ? 0 : ck->from; k < (memo ? m->nv : out->n); k++) {
        js_amount st, ex;
        if (memo)
            st = m->v[k].st, ex = m->v[k].ex;
        else if (!table_error(ck, &out->items[k], &st, &ex))
            continue;
        if (st == printed && (st - ex > 50000 || ex - st > 50000)) {
            *should = ex;
            return true;
        }
    }
    return false;
}

/* The C-EMPTY or C-MISSING finding of table tno (1..9), NULL if none: a 说明 amount
 * compared with the 0.00 of an empty table follows from it. Looked for once per table
 * (memo[tno], done[tno]): text_follows_table sets no cause of those. */
static const js_finding *empty_table(const js_checker *ck, int tno, const js_finding **memo,
                                     bool *done)
{
    if (done[tno]) return memo[tno];
    done[tno] = true;
    const js_findings *out = ck->out;
    for (int i = ck->from; i < out->n; i++) {
        const js_finding *t = &out->items[i];
        if ((eq(t->rule, "C-EMPTY") || eq(t->rule, "C-MISSING")) && !t->cause &&
            t->severity >= JS_SEV_WARNING && eq(t->table, js_table_id(tno)))
            return memo[tno] = t;
    }
    return memo[tno] = NULL;
}

/* "…但公开05表没有列出该项（行政运行）": the finding of a 05 row printed with a wrong
 * name (K-NAME) or code, the row of that 项 or one above it, NULL if none. */
static const js_finding *misnamed_row(const js_checker *ck, const char *msg)
{
    const char *m = msg ? strstr(msg, "没有列出该项（") : NULL;
    if (!m) return NULL;
    m += strlen("没有列出该项（");
    const char *e = strstr(m, "）");
    if (!e) return NULL;
    size_t len = (size_t)(e - m);
    if (len < 2 * 3) return NULL; /* two characters at least */
    const js_findings *out = ck->out;
    const js_table *t5 = ck->doc->tables[5];
    for (int i = ck->from; i < out->n; i++) {
        const js_finding *t = &out->items[i];
        if (!t->rule || t->rule[0] != 'K' || t->severity < JS_SEV_WARNING || !eq(t->table, "05"))
            continue;
        /* the row's own name, or a short form of it (其他科学技术 for 其他科学技术支出) */
        if (eq(t->rule, "K-NAME") && t->expected && strlen(t->expected) >= len &&
            strncmp(t->expected, m, len) == 0)
            return t;
        /* the 项 itself or one under a 款 or 类 printed with a wrong name or code */
        size_t kl = t->row ? strlen(t->row) : 0;
        for (int j = 0; t5 && kl >= 3 && j < t5->nrows; j++) {
            const js_row *r = &t5->rows[j];
            if (r->code && r->name && strlen(r->code) >= kl && strncmp(r->code, t->row, kl) == 0 &&
                strlen(r->name) >= len && strncmp(r->name, m, len) == 0)
                return t;
        }
    }
    return NULL;
}

/* A cross-table finding (X-*) that finds table tno's figure off from the other
 * table's by d (tno's minus the other's), NULL if none: a 说明 amount that agrees
 * with the other table and differs from tno's by d follows from it (03 changed
 * with all its totals: it adds up, and disagrees with 01 and with the 说明). */
static const js_finding *cross_off_by(const js_checker *ck, js_says *m, int tno, js_amount d)
{
    const js_findings *out = ck->out;
    const char *id = js_table_id(tno);
    /* the table errors read once (m), else every finding */
    bool memo = !m->failed && table_errors_extend(ck, m);
    for (int k = memo ? 0 : ck->from; k < (memo ? m->nv : out->n) && d != 0; k++) {
        const js_finding *t = &out->items[memo ? m->v[k].i : k];
        js_amount st, ex;
        if (!t->rule || t->rule[0] != 'X' || !names_table(t->rule, id)) continue;
        if (memo)
            st = m->v[k].st, ex = m->v[k].ex;
        else if (!table_error(ck, t, &st, &ex))
            continue;
        js_amount off = eq(t->table, id) ? st - ex : ex - st;
        if (off == d) return t;
    }
    return NULL;
}

/* A 说明 amount that differs from a table figure which the table's own identities
 * already report wrong — and that states what they expect: the text is right, the
 * finding follows from the table's. */
static void text_follows_table(js_checker *ck, int from)
{
    js_findings *out = ck->out;
    /* the table errors read once (only causes are set below): linear in the findings */
    js_says says_memo = {0};
    const js_finding *empty[10];
    bool empty_done[10] = {false};
    for (int i = from; i < out->n; i++) {
        js_finding *x = &out->items[i];
        if (!x->rule || x->cause || x->severity < JS_SEV_WARNING || is_rounding(x) ||
            (!eq(x->rule, "N-AMOUNT") && !eq(x->rule, "N-ITEM") && !eq(x->rule, "N-SANGONG") &&
             !eq(x->rule, "N-JIGUAN") && !eq(x->rule, "N-ITEMSUM")))
            continue;
        js_amount st, ex;
        /* "称没有政府性基金预算收支，但公开08表合计行…为10.00万元": the text says 0 */
        bool none = !x->stated && x->message && strstr(x->message, "称没有");
        if (none)
            st = 0;
        else if (!fig(ck, NULL, x->stated, &st))
            continue;
        if (!fig(ck, NULL, x->expected, &ex)) continue;
        /* the table the message names: "与公开03表…不符"; the 五(三) items' sum is 05's */
        int tno = eq(x->rule, "N-ITEMSUM") ? 5 : 0;
        const char *m = x->message ? strstr(x->message, "公开") : NULL;
        if (m) {
            m += strlen("公开");
            if (m[0] == '0' && m[1] >= '1' && m[1] <= '9' && js_startswith(m + 2, "表"))
                tno = m[1] - '0';
        }
        const js_finding *t = js_table_says_memo(ck, &says_memo, tno, ex, st);
        if (!t && tno && ex == 0) t = empty_table(ck, tno, empty, empty_done);
        if (!t && tno == 5) t = misnamed_row(ck, x->message);
        if (!t && tno) t = cross_off_by(ck, &says_memo, tno, ex - st);
        if (t) x->cause = t->cause ? t->cause : t->id;
    }
    js_says_release(&says_memo);
}

static void group_tables(js_checker *ck, int from)
{
    js_findings *out = ck->out;
    int n = out->n - from;
    if (n < 2) return;
    int *parent = malloc((size_t)n * sizeof *parent);
    int *links = calloc((size_t)n, sizeof *links);
    int64_t *d = malloc((size_t)n * sizeof *d);
    bool *ok = calloc((size_t)n, sizeof *ok);
    int *root = malloc((size_t)n * sizeof *root);
    if (!parent || !links || !d || !ok || !root) goto done;
    for (int i = 0; i < n; i++) {
        parent[i] = i;
        ok[i] = tableish(&out->items[from + i]);
        d[i] = ok[i] ? diff_of(&out->items[from + i]) : -1;
    }
    for (int i = 0; i < n; i++) {
        if (!ok[i]) continue;
        for (int j = i + 1; j < n; j++) {
            if (!ok[j] || !linked(&out->items[from + i], d[i], &out->items[from + j], d[j]))
                continue;
            links[i]++, links[j]++;
            int a = find(parent, i), b = find(parent, j);
            if (a != b) parent[b] = a;
        }
    }
    for (int i = 0; i < n; i++)
        root[i] = -1;
    for (int i = 0; i < n; i++) {
        if (!ok[i] || links[i] == 0) continue;
        int g = find(parent, i), r = root[g];
        if (r < 0) {
            root[g] = i;
            continue;
        }
        const js_finding *x = &out->items[from + i], *y = &out->items[from + r];
        bool better = links[i] > links[r];
        if (x->severity != y->severity)
            better = x->severity > y->severity; /* the error, not the notice it explains */
        else if (links[i] == links[r]) {
            bool xt = is_total(x->row), yt = is_total(y->row);
            if (xt != yt)
                better = !xt;
            else if ((x->rule[0] == 'X') != (y->rule[0] == 'X'))
                better = x->rule[0] != 'X';
            else if (eq(x->rule, y->rule) && code_of(x->row) && code_of(y->row) &&
                     strlen(code_of(x->row)) != strlen(code_of(y->row)))
                better = strlen(code_of(x->row)) > strlen(code_of(y->row)); /* the 项 */
        }
        if (better) root[g] = i;
    }
    for (int i = 0; i < n; i++) {
        if (!ok[i] || links[i] == 0) continue;
        int r = root[find(parent, i)];
        if (r >= 0 && r != i) out->items[from + i].cause = out->items[from + r].id;
    }
done:
    free(parent);
    free(links);
    free(d);
    free(ok);
    free(root);
}

/* The same finding reported twice (one claim reached by two paths): the second
 * points at the first. */
static bool title_line(const js_doc *doc, const char *num, int line)
{
    for (int i = 0; doc && num && i < doc->nsections; i++)
        if (doc->sections[i].loc.line == line && eq(doc->sections[i].num, num)) return true;
    return false;
}

/* The hash of what two findings must share to be the same (rule, message, severity,
 * page): same_finding_twice's buckets. */
static uint64_t fhash(const js_finding *x)
{
    uint64_t h = js_ck_mix(js_ck_hash_str(JS_CK_HASH0, x->rule), 0xff);
    h = js_ck_hash_str(h, x->message);
    h = js_ck_mix(h, (uint64_t)(unsigned)x->severity);
    return js_ck_mix(h, (uint64_t)(unsigned)x->loc.page);
}

/* Does x follow from y, the same finding printed twice? */
static bool same_finding(const js_checker *ck, const js_finding *x, const js_finding *y)
{
    if (y->cause || !eq(y->rule, x->rule) || !eq(y->message, x->message) ||
        y->severity != x->severity || y->loc.page != x->loc.page)
        return false;
    /* on the same line, or on an item's title and the lines under it */
    int dl = x->loc.line > y->loc.line ? x->loc.line - y->loc.line : y->loc.line - x->loc.line;
    return dl == 0 || (dl <= 2 && (title_line(ck->doc, x->section, x->loc.line) ||
                                   title_line(ck->doc, y->section, y->loc.line)));
}

/* Each finding against the earlier ones: only those of the same hash are compared (in
 * index order, as a scan of all would), so that it is not quadratic in the findings. */
static void same_finding_twice(const js_checker *ck, js_findings *out, int from)
{
    int n = out->n - from, nv = 0;
    hidx *v = n > 0 ? malloc((size_t)n * sizeof *v) : NULL;
    uint64_t *hs = v ? malloc((size_t)n * sizeof *hs) : NULL; /* each one's, hashed once */
    for (int j = from; hs && j < out->n; j++) {
        const js_finding *y = &out->items[j];
        if (!y->rule || !y->message) continue;
        hs[j - from] = fhash(y);
        v[nv++] = (hidx){hs[j - from], j};
    }
    if (hs) qsort(v, (size_t)nv, sizeof *v, hidx_cmp);
    for (int i = from; i < out->n; i++) {
        js_finding *x = &out->items[i];
        if (x->cause || !x->rule || !x->message) continue;
        if (!hs) { /* out of memory: every earlier finding */
            for (int j = from; j < i && !x->cause; j++)
                if (same_finding(ck, x, &out->items[j])) x->cause = out->items[j].id;
            continue;
        }
        uint64_t h = hs[i - from]; /* v[k] of hash h and an earlier index */
        for (int k = hidx_first(v, nv, h); k < nv && v[k].h == h && v[k].i < i && !x->cause; k++)
            if (same_finding(ck, x, &out->items[v[k].i])) x->cause = out->items[v[k].i].id;
    }
    free(v);
    free(hs);
}

/* A name that is not its code's (K-NAME) and the other tables' names compared with
 * it (X-NAME "…与公开02表的“<that name>”不一致"): one wrong name, the X-NAME follows. */
static void names_follow(js_findings *out, int from)
{
    for (int i = from; i < out->n; i++) {
        js_finding *x = &out->items[i];
        if (x->cause || !eq(x->rule, "X-NAME") || !x->expected) continue;
        for (int j = from; j < out->n; j++) {
            const js_finding *k = &out->items[j];
            if (!eq(k->rule, "K-NAME") || !same_code(k->row, x->row) ||
                !eq(k->stated, x->expected) || eq(k->table, x->table))
                continue;
            x->cause = k->cause ? k->cause : k->id;
            break;
        }
    }
}

/* ---- one 科目 code printed wrong ------------------------------------------- */

static bool code_rule(const js_finding *f)
{
    return f->rule && f->rule[0] == 'K' && f->severity >= JS_SEV_WARNING && f->table;
}

/* Index in table t of the row printed with code `code`, -1 if none. */
static int row_index(const js_table *t, const char *code)
{
    for (int i = 0; t && code && i < t->nrows; i++)
        if (t->rows[i].code && strcmp(t->rows[i].code, code) == 0) return i;
    return -1;
}

/* The row printed where the parent of row i should be: the nearest row above it
 * with a shorter code (a 款 printed 2010 or 20104 where 20103 belongs). */
static int printed_parent(const js_table *t, int i)
{
    if (!t || i < 0 || !t->rows[i].code) return -1;
    size_t k = strlen(t->rows[i].code);
    for (int j = i - 1; j >= 0; j--) {
        const js_row *r = &t->rows[j];
        if (r->code && *r->code && strlen(r->code) < k) return j;
    }
    return -1;
}

/* The finding of out[from..) of a classification rule on row `code` of table tno
 * (warning or error), NULL if none. */
static js_finding *code_finding(js_findings *out, int from, const char *tid, const char *code)
{
    for (int i = from; i < out->n; i++) {
        js_finding *k = &out->items[i];
        if (code_rule(k) && eq(k->table, tid) && same_code(k->row, code)) return k;
    }
    return NULL;
}

/* Is a the code b printed with a digit dropped, or with at most two digits changed? */
static bool near_code(const char *a, const char *b)
{
    if (!a || !b) return false;
    size_t n = strlen(a), m = strlen(b);
    if (n + 1 == m) {
        for (size_t k = 0; k < m; k++)
            if (strncmp(a, b, k) == 0 && strcmp(a + k, b + k + 1) == 0) return true;
        return false;
    }
    if (n != m) return false;
    int d = 0;
    for (size_t k = 0; k < n; k++)
        d += a[k] != b[k];
    return d <= 2;
}

static void set_cause(js_finding *x, const js_finding *root)
{
    if (x != root && !x->cause && root->id != x->id)
        x->cause = root->cause ? root->cause : root->id;
}

/* One code printed wrong in a table (a digit dropped, another 款's code, an unknown
 * code) gives a classification finding on its row and breaks what the code put it
 * in: its children's parent is missing (K-HIER), the 类 it now falls under or the
 * one it left does not add up (T-HIER, T-TOTAL off by the row's figure), another
 * table lists a code this one lacks (X-03-05). They follow from the first. */
/* A child whose parent is missing (K-HIER) follows from the row printed in the
 * parent's place when that row's code is reported, else from the first child
 * found without that parent. */
static void orphans_follow(js_checker *ck, int from)
{
    js_findings *out = ck->out;
    for (int i = from; i < out->n; i++) {
        js_finding *h = &out->items[i];
        if (h->cause || !eq(h->rule, "K-HIER") || !h->table) continue;
        int no = (int)strtol(h->table, NULL, 10);
        if (no < 1 || no > 9) continue;
        const js_table *t = ck->doc->tables[no];
        int pi = printed_parent(t, row_index(t, h->stated));
        if (pi < 0) continue;
        js_finding *k = code_finding(out, from, h->table, t->rows[pi].code);
        if (k && k != h && !eq(k->rule, "K-HIER")) {
            set_cause(h, k);
            continue;
        }
        for (int j = from; j < i; j++) {
            const js_finding *g = &out->items[j];
            if (eq(g->rule, "K-HIER") && eq(g->table, h->table) && eq(g->expected, h->expected)) {
                set_cause(h, g);
                break;
            }
        }
    }
}

/* A column sum (T-HIER, T-TOTAL) off by the figure of a row whose code is reported
 * (to a 尾数 already there, 0.02 of the unit). */
static void sum_follows_code(js_checker *ck, js_finding *x, int from)
{
    const js_findings *out = ck->out;
    int no = (int)strtol(x->table, NULL, 10);
    const js_table *t = no >= 1 && no <= 9 ? ck->doc->tables[no] : NULL;
    int c = t && x->column ? js_col(t, x->column) : -1;
    js_amount st, ex, tol;
    if (c < 0 || !fig(ck, x->table, x->stated, &st) || !fig(ck, x->table, x->expected, &ex) ||
        !fig(ck, x->table, "0.02", &tol))
        return;
    js_amount d = st > ex ? st - ex : ex - st;
    /* a difference of a few 尾数 (a row of 0.03 moved to another 类) is the row's figure
     * only to the cent, and only under the same 类 */
    bool small = d <= 2 * tol;
    const char *xc = code_of(x->row);
    for (int j = from; j < out->n && d > tol / 2; j++) {
        const js_finding *k = &out->items[j];
        if (!code_rule(k) || !eq(k->table, x->table)) continue;
        /* the row of the code, and for a K-HIER the row printed in the parent's place */
        const js_row *rs[2] = {js_table_row(t, k->row), NULL};
        if (eq(k->rule, "K-HIER")) {
            int pi = printed_parent(t, row_index(t, k->stated));
            rs[1] = pi >= 0 ? &t->rows[pi] : NULL;
        }
        for (int m = 0; m < 2; m++) {
            const js_row *r = rs[m];
            if (!r || !r->cells[c].present) continue;
            js_amount v = r->cells[c].value, e = small ? tol / 2 : tol;
            if (v < d - e || v > d + e) continue;
            if (small && xc && (!r->code || strncmp(r->code, xc, 3) != 0)) continue;
            set_cause(x, k);
            return;
        }
    }
}

/* A cross-table finding about a code another table lacks: that table's children miss
 * it as their parent (K-HIER), or the row itself is printed with a wrong code, here
 * or in the other table (a digit dropped, two changed). */
static void cross_follows_code(js_findings *out, js_finding *x, int from)
{
    for (int j = from; j < out->n; j++) {
        const js_finding *h = &out->items[j];
        if (eq(h->rule, "K-HIER") && eq(h->expected, code_of(x->row)) &&
            names_table(x->rule, h->table)) {
            set_cause(x, h);
            return;
        }
        if (code_rule(h) && ((eq(h->table, x->table) && same_code(h->row, x->row)) ||
                             (names_table(x->rule, h->table) && !eq(h->table, x->table) &&
                              near_code(code_of(h->row), code_of(x->row))))) {
            set_cause(x, h);
            return;
        }
    }
}

static void codes_follow(js_checker *ck, int from)
{
    js_findings *out = ck->out;
    if (!ck->doc) return;
    orphans_follow(ck, from);
    for (int i = from; i < out->n; i++) {
        js_finding *x = &out->items[i];
        if (x->cause || !x->table || !x->rule || x->severity < JS_SEV_WARNING) continue;
        if (eq(x->rule, "T-HIER") || eq(x->rule, "T-TOTAL"))
            sum_follows_code(ck, x, from);
        else if (x->rule[0] == 'X' && code_of(x->row))
            cross_follows_code(out, x, from);
    }
}

/* Every cause names a root: a finding caused by one that is caused itself (the 附件's
 * finding under the 说明's, which follows from a table's) points at the root. */
static void flatten(js_findings *out, int from)
{
    for (int i = from; i < out->n; i++) {
        js_finding *x = &out->items[i];
        for (int guard = 0; x->cause && guard < 8; guard++) {
            const js_finding *c = NULL;
            for (int j = from; j < out->n && !c; j++)
                if (out->items[j].id == x->cause) c = &out->items[j];
            if (!c || c == x) {
                x->cause = 0;
                break;
            }
            if (!c->cause) break;
            x->cause = c->cause == x->id ? 0 : c->cause;
        }
    }
}

void js_check_causes(js_checker *ck, int from)
{
    same_finding_twice(ck, ck->out, from);
    same_figure_twice(ck->out, from);
    group_tables(ck, from);
    names_follow(ck->out, from);
    codes_follow(ck, from);
    text_follows_table(ck, from);
    flatten(ck->out, from);
}
