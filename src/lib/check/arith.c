/*
 * arith.c - arithmetic inside each table (rules T-*): row totals (各栏之和),
 * the 合计 row (Σ 类), the code hierarchy (类 = Σ 款 = Σ 项), and the fixed
 * identities of tables 01, 04, 06, 07 and 08/09, described as data below.
 * Every comparison goes through js_check_sum, which grades a difference as
 * rounding, warning or error (see engine.c).
 */
#include "checker.h"

#include <stdlib.h>
#include <string.h>

/* ---- data: the identities ---------------------------------------------- */

/* Row totals: in every row of table no, column total = Σ parts. */
typedef struct row_total {
    int no;
    const char *total;
    const char *parts[7];
} row_total;

static const row_total ROW_TOTALS[] = {
    {2,
     "本年收入合计",
     {"财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"}},
    {3, "本年支出合计", {"基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"}},
    {5, "小计", {"基本支出", "项目支出"}},
    {8, "本年支出:小计", {"本年支出:基本支出", "本年支出:项目支出"}},
    {9, "本年支出:合计", {"本年支出:基本支出", "本年支出:项目支出"}},
    {9, "本年支出:小计", {"本年支出:基本支出", "本年支出:项目支出"}},
};

/* A fixed identity: cell (row, col) = Σ ±(row_i, col_i). A term row of NULL
 * means the same row, a term col of NULL the same column. */
typedef struct term_def {
    const char *row;
    const char *col;
    int sign;
} term_def;

typedef struct ident {
    js_rule_id rule;
    int no;
    const char *row, *col;
    const char *label; /* the stated figure, for the message */
    const char *what;  /* the expected figure, for the message */
    term_def terms[8];
} ident;

#define P(r)                                                                                       \
    {                                                                                              \
        r, NULL, 1                                                                                 \
    }
#define M(r)                                                                                       \
    {                                                                                              \
        r, NULL, -1                                                                                \
    }
#define PC(c)                                                                                      \
    {                                                                                              \
        NULL, c, 1                                                                                 \
    }

static const ident IDENTS[] = {
    {JS_R_T_01_INCOME,
     1,
     "收入:本年收入合计",
     "决算数",
     "本年收入合计",
     "各项收入之和",
     {P("收入:一般公共预算财政拨款收入"), P("收入:政府性基金预算财政拨款收入"),
      P("收入:国有资本经营预算财政拨款收入"), P("收入:上级补助收入"), P("收入:事业收入"),
      P("收入:经营收入"), P("收入:附属单位上缴收入"), P("收入:其他收入")}},
    {JS_R_T_01_TOTAL,
     1,
     "收入:总计",
     "决算数",
     "收入总计",
     "本年收入合计、使用非财政拨款结余、年初结转和结余之和",
     {P("收入:本年收入合计"), P("收入:使用非财政拨款结余"), P("收入:年初结转和结余")}},
    {JS_R_T_01_TOTAL,
     1,
     "支出:总计",
     "决算数",
     "支出总计",
     "本年支出合计、结余分配、年末结转和结余之和",
     {P("支出:本年支出合计"), P("支出:结余分配"), P("支出:年末结转和结余")}},
    {JS_R_T_01_BALANCE, 1, "支出:总计", "决算数", "支出总计", "收入总计", {P("收入:总计")}},
    {JS_R_T_04_INCOME,
     4,
     "收入:本年收入合计",
     "金额",
     "本年收入合计",
     "三项财政拨款之和",
     {P("收入:一般公共预算财政拨款"), P("收入:政府性基金预算财政拨款"),
      P("收入:国有资本经营预算财政拨款")}},
    {JS_R_T_04_INCOME,
     4,
     "收入:年初财政拨款结转和结余",
     "金额",
     "年初财政拨款结转和结余",
     "其三项之和",
     {P("收入:年初:一般公共预算财政拨款"), P("收入:年初:政府性基金预算财政拨款"),
      P("收入:年初:国有资本经营预算财政拨款")}},
    {JS_R_T_04_TOTAL,
     4,
     "收入:总计",
     "金额",
     "收入总计",
     "本年收入合计与年初财政拨款结转和结余之和",
     {P("收入:本年收入合计"), P("收入:年初财政拨款结转和结余")}},
    {JS_R_T_04_BALANCE, 4, "支出:总计", "合计", "支出总计", "收入总计", {{"收入:总计", "金额", 1}}},
    {JS_R_T_06_PERSON,
     6,
     "人员经费合计",
     "决算数",
     "人员经费合计",
     "工资福利支出与对个人和家庭的补助之和",
     {P("301"), P("303")}},
    {JS_R_T_06_PUBLIC,
     6,
     "公用经费合计",
     "决算数",
     "公用经费合计",
     "商品和服务支出、债务利息及费用支出、资本性支出、其他支出之和",
     {P("302"), P("307"), P("310"), P("399")}},
    {JS_R_T_07_SUM,
     7,
     "三公经费",
     "预算:合计",
     "预算数合计",
     "三项之和",
     {PC("预算:因公出国（境）费"), PC("预算:公务用车购置及运行费"), PC("预算:公务接待费")}},
    {JS_R_T_07_SUM,
     7,
     "三公经费",
     "决算:合计",
     "决算数合计",
     "三项之和",
     {PC("决算:因公出国（境）费"), PC("决算:公务用车购置及运行费"), PC("决算:公务接待费")}},
    {JS_R_T_07_CAR,
     7,
     "三公经费",
     "预算:公务用车购置及运行费",
     "预算数公务用车购置及运行费",
     "购置费与运行费之和",
     {PC("预算:公务用车购置费"), PC("预算:公务用车运行费")}},
    {JS_R_T_07_CAR,
     7,
     "三公经费",
     "决算:公务用车购置及运行费",
     "决算数公务用车购置及运行费",
     "购置费与运行费之和",
     {PC("决算:公务用车购置费"), PC("决算:公务用车运行费")}},
};

#undef P
#undef M
#undef PC

/* The four expenditure columns of table 04. */
static const char *const COLS04[] = {"合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
                                     "国有资本经营预算财政拨款"};

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

static bool is_code_table(int no)
{
    return no == 2 || no == 3 || no == 5 || no == 6 || no == 8 || no == 9;
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

static void row_totals(js_checker *ck, const js_table *t)
{
    int unit = js_unit_of(ck, t);
    for (size_t k = 0; k < sizeof ROW_TOTALS / sizeof ROW_TOTALS[0]; k++) {
        const row_total *rt = &ROW_TOTALS[k];
        if (rt->no != t->no) continue;
        int tc = js_col(t, rt->total);
        if (tc < 0) continue;
        int pc[7], np = 0;
        js_buf what;
        js_buf_init(&what);
        for (int i = 0; i < 7 && rt->parts[i]; i++) {
            int c = js_col(t, rt->parts[i]);
            if (c < 0) continue;
            pc[np++] = c;
            if (what.len) js_buf_puts(&what, "、");
            js_buf_puts(&what, col_label(rt->parts[i]));
        }
        js_buf_puts(&what, "之和");
        if (np == 0) {
            js_buf_release(&what);
            continue;
        }
        for (int r = 0; r < t->nrows; r++) {
            const js_row *row = &t->rows[r];
            const js_cell *st = &row->cells[tc];
            js_term terms[7];
            bool any = st->present;
            for (int i = 0; i < np; i++) {
                terms[i].cell = &row->cells[pc[i]];
                terms[i].sign = 1;
                any = any || terms[i].cell->present;
            }
            if (!any || !js_sum_differs(st, terms, np)) continue;
            const char *subj = js_arena_printf(js_ck_arena(ck), "公开%s表 %s：%s", js_tid(t),
                                               js_row_label(ck, row), col_label(rt->total));
            if (!subj) continue;
            js_check_sum(ck, JS_R_T_ROW, JS_SEV_ERROR, where_cell(t, row, rt->total, st), unit, st,
                         terms, np, subj, what.data ? what.data : "");
        }
        js_buf_release(&what);
    }
}

/* For 08 and 09: 年末 = 年初 + 本年收入 - 本年支出. */
static void balances(js_checker *ck, const js_table *t)
{
    if (t->no != 8 && t->no != 9) return;
    int ce = js_col(t, "年末结转和结余"), cb = js_col(t, "年初结转和结余"),
        ci = js_col(t, "本年收入"), cx = js_col(t, "本年支出:小计");
    if (cx < 0) cx = js_col(t, "本年支出:合计");
    if (ce < 0 || cb < 0 || ci < 0 || cx < 0) return;
    int unit = js_unit_of(ck, t);
    for (int r = 0; r < t->nrows; r++) {
        const js_row *row = &t->rows[r];
        const js_cell *st = &row->cells[ce];
        js_term terms[3] = {{&row->cells[cb], 1}, {&row->cells[ci], 1}, {&row->cells[cx], -1}};
        if (!st->present && !terms[0].cell->present && !terms[1].cell->present &&
            !terms[2].cell->present)
            continue;
        if (!js_sum_differs(st, terms, 3)) continue;
        const char *subj = js_arena_printf(js_ck_arena(ck), "公开%s表 %s：年末结转和结余",
                                           js_tid(t), js_row_label(ck, row));
        if (!subj) continue;
        js_check_sum(ck, JS_R_T_08_BALANCE, JS_SEV_ERROR, where_cell(t, row, t->cols[ce], st), unit,
                     st, terms, 3, subj, "年初结转和结余加本年收入减本年支出");
    }
}

/* 类 = Σ 款 and 款 = Σ 项 in every column; the 合计 row = Σ 类. Levels and
 * the children of each row are worked out once per table. */
static void hierarchy(js_checker *ck, const js_table *t)
{
    if (!is_code_table(t->no) || t->nrows <= 0) return;
    int unit = js_unit_of(ck, t);
    int n = t->nrows;
    int *lv = malloc((size_t)n * sizeof *lv);
    int *kids = malloc((size_t)n * sizeof *kids);
    size_t *clen = malloc((size_t)n * sizeof *clen);
    js_term *terms = malloc((size_t)n * sizeof *terms);
    if (!lv || !kids || !clen || !terms) goto done;
    for (int r = 0; r < n; r++) {
        const js_row *row = &t->rows[r];
        lv[r] = row->dup_of >= 0 ? 0 : eff(level(row));
        clen[r] = row->code ? strlen(row->code) : 0;
    }
    for (int r = 0; r < n; r++) {
        const js_row *row = &t->rows[r];
        bool total = strcmp(row->key, "合计") == 0;
        int rl = level(row);
        if (row->dup_of >= 0 || (!total && (rl < 1 || rl > 2))) continue;
        if (total && t->no == 6) continue;
        int nchild = 0;
        for (int c = 0; c < n; c++) {
            if (c == r || !lv[c]) continue;
            const js_row *ch = &t->rows[c];
            if (total ? lv[c] == 1
                      : (lv[c] == rl + 1 && clen[c] > clen[r] &&
                         memcmp(ch->code, row->code, clen[r]) == 0))
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
            const char *subj = js_arena_printf(js_ck_arena(ck), "公开%s表 %s：%s", js_tid(t),
                                               js_row_label(ck, row), col_label(t->cols[col]));
            if (!subj) continue;
            js_check_sum(ck, total ? JS_R_T_TOTAL : JS_R_T_HIER, JS_SEV_ERROR,
                         where_cell(t, row, t->cols[col], &row->cells[col]), unit, &row->cells[col],
                         terms, nchild, subj, total ? "各类之和" : "下级科目之和");
        }
    }
done:
    free(lv);
    free(kids);
    free(clen);
    free(terms);
}

static void fixed_identities(js_checker *ck, const js_table *t)
{
    int unit = js_unit_of(ck, t);
    for (size_t k = 0; k < sizeof IDENTS / sizeof IDENTS[0]; k++) {
        const ident *id = &IDENTS[k];
        if (id->no != t->no) continue;
        const js_row *row = js_table_row(t, id->row);
        if (!row && t->no == 7 && t->nrows > 0) row = &t->rows[0];
        if (!row) continue;
        const js_cell *st = js_cell_at(t, row, id->col);
        if (!st) continue;
        js_term terms[8];
        int nt = 0;
        bool any = st->present;
        for (int i = 0; i < 8 && (id->terms[i].row || id->terms[i].col); i++) {
            const js_row *tr = id->terms[i].row ? js_table_row(t, id->terms[i].row) : row;
            const js_cell *c = js_cell_at(t, tr, id->terms[i].col ? id->terms[i].col : id->col);
            terms[nt].cell = c;
            terms[nt].sign = id->terms[i].sign;
            any = any || (c && c->present);
            nt++;
        }
        if (!any || !js_sum_differs(st, terms, nt)) continue;
        const char *subj = js_arena_printf(js_ck_arena(ck), "公开%s表 %s", js_tid(t), id->label);
        if (!subj) continue;
        js_check_sum(ck, id->rule, JS_SEV_ERROR, where_cell(t, row, id->col, st), unit, st, terms,
                     nt, subj, id->what);
    }
}

/* 01 and 04: 本年支出合计 = Σ 类 rows (04: in each of its four columns);
 * 04: 合计 = 一般公共预算 + 政府性基金 + 国有资本经营 in every 支出 row. */
static void class_sums(js_checker *ck, const js_table *t)
{
    if (t->no != 1 && t->no != 4) return;
    int unit = js_unit_of(ck, t);
    const js_row *tot = js_table_row(t, "支出:本年支出合计");
    int ncls = 0;
    for (int r = 0; r < t->nrows; r++)
        if (t->rows[r].dup_of < 0 && is_class_key(t->rows[r].key, "支出:")) ncls++;
    js_term *terms = ncls ? js_arena_calloc(js_ck_arena(ck), (size_t)ncls, sizeof *terms) : NULL;
    const char *const *cols = t->no == 1 ? (const char *const[]){"决算数"} : COLS04;
    int ncols = t->no == 1 ? 1 : 4;
    for (int c = 0; tot && c < ncols; c++) {
        const js_cell *st = js_cell_at(t, tot, cols[c]);
        if (!st) continue;
        int k = 0;
        bool any = st->present;
        for (int r = 0; r < t->nrows && terms && k < ncls; r++) {
            const js_row *row = &t->rows[r];
            if (row->dup_of >= 0 || !is_class_key(row->key, "支出:")) continue;
            terms[k].cell = js_cell_at(t, row, cols[c]);
            terms[k].sign = 1;
            any = any || (terms[k].cell && terms[k].cell->present);
            k++;
        }
        if (!any || !js_sum_differs(st, terms, k)) continue;
        const char *subj =
            t->no == 1 ? "公开01表 本年支出合计"
                       : js_arena_printf(js_ck_arena(ck), "公开04表 本年支出合计（%s）", cols[c]);
        if (!subj) continue;
        js_check_sum(ck, t->no == 1 ? JS_R_T_01_EXPEND : JS_R_T_04_EXPEND, JS_SEV_ERROR,
                     where_cell(t, tot, cols[c], st), unit, st, terms, k, subj, "各类支出之和");
    }
    if (t->no != 4) return;
    for (int r = 0; r < t->nrows; r++) {
        const js_row *row = &t->rows[r];
        if (!js_startswith(row->key, "支出:")) continue;
        const js_cell *st = js_cell_at(t, row, COLS04[0]);
        if (!st) continue;
        js_term parts[3];
        bool any = st->present;
        for (int i = 0; i < 3; i++) {
            parts[i].cell = js_cell_at(t, row, COLS04[i + 1]);
            parts[i].sign = 1;
            any = any || (parts[i].cell && parts[i].cell->present);
        }
        if (!any || !js_sum_differs(st, parts, 3)) continue;
        const char *subj =
            js_arena_printf(js_ck_arena(ck), "公开04表 %s：合计", js_row_label(ck, row));
        if (!subj) continue;
        js_check_sum(ck, JS_R_T_04_COLS, JS_SEV_ERROR, where_cell(t, row, COLS04[0], st), unit, st,
                     parts, 3, subj, "三项财政拨款之和");
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

/* The rule id of a template identity of table no. */
static js_rule_id ident_rule(int no, const lin *l, bool colident, bool mixed)
{
    if (colident) {
        if (no == 4) return JS_R_T_04_COLS;
        if (no == 7) return strstr(l->lhs, "公务用车购置及运行费") ? JS_R_T_07_CAR : JS_R_T_07_SUM;
        if (strstr(l->lhs, "年末结转和结余")) return JS_R_T_08_BALANCE;
        return JS_R_T_ROW;
    }
    if (no == 6 && strcmp(l->lhs, "人员经费合计") == 0) return JS_R_T_06_PERSON;
    if (no == 6 && strcmp(l->lhs, "公用经费合计") == 0) return JS_R_T_06_PUBLIC;
    if (no == 1 || no == 4) {
        size_t n = strlen(l->lhs);
        bool total = n >= strlen("总计") && strcmp(l->lhs + n - strlen("总计"), "总计") == 0;
        if (mixed) return no == 1 ? JS_R_T_01_BALANCE : JS_R_T_04_BALANCE;
        if (total) return no == 1 ? JS_R_T_01_TOTAL : JS_R_T_04_TOTAL;
        if (side(l->lhs) == 2) return no == 1 ? JS_R_T_01_EXPEND : JS_R_T_04_EXPEND;
        return no == 1 ? JS_R_T_01_INCOME : JS_R_T_04_INCOME;
    }
    return JS_R_T_IDENT;
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
static void col_ident(js_checker *ck, const js_table *t, const lin *l, const int *cols, int lc)
{
    int unit = js_unit_of(ck, t);
    js_rule_id rule = ident_rule(t->no, l, true, false);
    js_buf what;
    js_buf_init(&what);
    what_of(&what, l, true);
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
        const char *subj = t->no == 7
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
static void row_ident(js_checker *ck, const js_table *t, const lin *l)
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
    js_rule_id rule = ident_rule(t->no, l, false, mixed);
    js_buf what;
    js_buf_init(&what);
    what_of(&what, l, false);
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
            t->ncols > 1 && !mixed && side(l->lhs) == 2
                ? js_arena_printf(js_ck_arena(ck), "公开%s表 %s（%s）", js_tid(t), unside(l->lhs),
                                  t->cols[sc])
                : js_arena_printf(js_ck_arena(ck), "公开%s表 %s", js_tid(t), unside(l->lhs));
        if (!subj) continue;
        js_check_sum(ck, rule, JS_SEV_ERROR, where_cell(t, lr, t->cols[sc], st), unit, st, terms,
                     l->n, subj, what.data ? what.data : "");
    }
    js_buf_release(&what);
}

/* The linear identities of the table's template; false when the template
 * has none (the built-in data above is used then). */
static bool template_identities(js_checker *ck, const js_table *t)
{
    const js_templates *tp = ck->ctx ? ck->ctx->templates : NULL;
    if (!tp) return false;
    const char *form = ck->doc->form;
    if (!form) form = js_templates_form_for_year(tp, ck->doc->year);
    const js_tpl_table *tt = js_templates_table(tp, form, t->no);
    if (!tt) return false;
    int used = 0;
    for (int k = 0; k < tt->nidents; k++) {
        char buf[1024];
        lin l;
        if (!tt->idents[k] || !parse_ident(tt->idents[k], buf, sizeof buf, &l)) continue;
        used++;
        int lc = js_col(t, l.lhs), cols[MAXTERMS];
        bool colident = lc >= 0;
        for (int i = 0; i < l.n && colident; i++)
            colident = (cols[i] = js_col(t, l.terms[i])) >= 0;
        if (colident)
            col_ident(ck, t, &l, cols, lc);
        else if (lc < 0)
            row_ident(ck, t, &l);
        /* a column identity whose columns this table lacks: nothing to check */
    }
    return used > 0;
}

void js_check_arithmetic(js_checker *ck)
{
    for (int no = 1; no <= 9; no++) {
        const js_table *t = ck->doc->tables[no];
        if (!t || t->nrows <= 0) continue;
        hierarchy(ck, t);
        class_sums(ck, t);
        if (template_identities(ck, t)) continue;
        row_totals(ck, t);
        balances(ck, t);
        fixed_identities(ck, t);
    }
}
