/*
 * tables.c - the nine tables of the 2020 form from the aggregated ledger.
 *
 * Rounding rule (docs/build.md): each leaf (功能分类 项 × fund × type ×
 * 经济分类 款) is rounded to 0.01 万元 once; every cell of every table is a
 * sum of rounded leaves, and every total is the sum of the cells it totals.
 * So each identity of domain.md holds to the cent in the published figures,
 * within and across tables.
 */
#include "compile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *bc_wan(int64_t fen, char *buf, size_t size)
{
    int64_t r = bl_round_wan(fen) / 10000; /* hundredths of 万元 */
    const char *sign = r < 0 ? "-" : "";
    if (r < 0) r = -r;
    snprintf(buf, size, "%s%lld.%02lld", sign, (long long)(r / 100), (long long)(r % 100));
    return buf;
}

char *bc_pct(int64_t p, int64_t q, int dec, char *buf, size_t size)
{
    js_num n = js_ratio(p, q, dec, true);
    return js_num_fmt(n, buf, size);
}

static void setv(js_doc *doc, js_table *t, js_row *r, const char *col, int64_t v)
{
    int c = js_table_col(t, col);
    if (c < 0 || !r) return;
    char b[32];
    js_loc loc = {0};
    js_cell_set(doc, &r->cells[c], v, bc_wan(v, b, sizeof b), loc);
}

static js_row *row(js_doc *doc, js_table *t, const char *key, const char *code, const char *name)
{
    js_loc loc = {0};
    return js_table_row_add(doc, t, key, code, name, loc);
}

/* ---- tables keyed by 功能分类 code (02, 03, 05, 08, 09) --------------- */

typedef int (*contrib_fn)(const bl_leaf *lf, int *cols, int64_t *vals);

static int cmp_code(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

typedef struct ctab {
    int n, ncols;
    char (*codes)[8];
    int64_t *v; /* n * ncols */
    int64_t tot[8];
} ctab;

static void ctab_free(ctab *t)
{
    free(t->codes);
    free(t->v);
}

/* Extra amounts by 项 that are not ledger postings (the 年初结转和结余 of table 08):
 * amt[i] is added on the rows of func[i] in every column of cols. */
typedef struct ctab_extra {
    int n;
    const int *func;
    const int64_t *amt;
    int ncols;
    const int *cols;
} ctab_extra;

static void ctab_add_codes(ctab *t, int func)
{
    char c7[16];
    snprintf(c7, sizeof c7, "%07d", func % 10000000);
    for (int lv = 3; lv <= 7; lv += 2) {
        memcpy(t->codes[t->n], c7, (size_t)lv);
        t->codes[t->n][lv] = 0;
        t->n++;
    }
}

static void ctab_add_values(ctab *t, int func, int k, const int *cols, const int64_t *vals)
{
    char c7[16], key[8];
    snprintf(c7, sizeof c7, "%07d", func % 10000000);
    for (int lv = 3; lv <= 7; lv += 2) {
        memcpy(key, c7, (size_t)lv);
        key[lv] = 0;
        char(*p)[8] = bsearch(key, t->codes, (size_t)t->n, sizeof *t->codes, cmp_code);
        if (!p) continue;
        int r = (int)(p - t->codes);
        for (int j = 0; j < k; j++)
            t->v[(size_t)r * (size_t)t->ncols + (size_t)cols[j]] += vals[j];
    }
    for (int j = 0; j < k; j++)
        t->tot[cols[j]] += vals[j];
}

static int ctab_build_x(ctab *t, const bl_ledger *L, contrib_fn fn, int ncols, const ctab_extra *x)
{
    memset(t, 0, sizeof *t);
    t->ncols = ncols;
    size_t nx = x ? (size_t)x->n : 0;
    t->codes = malloc(((L->n + nx) * 3 + 1) * sizeof *t->codes);
    if (!t->codes) return -1;
    int cols[8];
    int64_t vals[8];
    for (size_t i = 0; i < L->cap; i++) {
        const bl_leaf *lf = &L->leaves[i];
        if (!lf->key || lf->bad || fn(lf, cols, vals) == 0) continue;
        ctab_add_codes(t, lf->func);
    }
    for (size_t i = 0; i < nx; i++)
        ctab_add_codes(t, x->func[i]);
    qsort(t->codes, (size_t)t->n, sizeof *t->codes, cmp_code);
    int u = 0;
    for (int i = 0; i < t->n; i++)
        if (u == 0 || strcmp(t->codes[u - 1], t->codes[i]) != 0)
            memcpy(t->codes[u++], t->codes[i], 8);
    t->n = u;
    t->v = calloc((size_t)(u ? u : 1) * (size_t)ncols, sizeof(int64_t));
    if (!t->v) return -1;
    for (size_t i = 0; i < L->cap; i++) {
        const bl_leaf *lf = &L->leaves[i];
        if (!lf->key || lf->bad) continue;
        int k = fn(lf, cols, vals);
        if (!k) continue;
        ctab_add_values(t, lf->func, k, cols, vals);
    }
    for (size_t i = 0; i < nx; i++) {
        int64_t xv[8];
        for (int j = 0; j < x->ncols && j < 8; j++)
            xv[j] = x->amt[i];
        ctab_add_values(t, x->func[i], x->ncols < 8 ? x->ncols : 8, x->cols, xv);
    }
    return 0;
}

/* Whether every cell is 0.00: no row is printed, so the table needs its empty_note (postings
 * that all round to 0.00 万元 print nothing, like no posting at all). */
static bool ctab_empty(const ctab *t)
{
    for (int j = 0; j < t->ncols; j++)
        if (t->tot[j] != 0) return false;
    for (size_t i = 0; i < (size_t)t->n * (size_t)t->ncols; i++)
        if (t->v[i] != 0) return false;
    return true;
}

static const char *func_name(const js_ctx *ctx, int year, const char *code)
{
    const js_class_entry *e = js_catalog_find(ctx->catalog, JS_CLASS_FUNC, year, code);
    return e ? e->name : "";
}

/* Rows 合计 and every code with a non-zero cell. */
static int ctab_emit(js_doc *doc, const js_ctx *ctx, js_table *t, const ctab *c)
{
    js_row *r = row(doc, t, "合计", NULL, "合计");
    if (!r) return -1;
    bool any = false;
    for (int j = 0; j < c->ncols; j++)
        any |= c->tot[j] != 0;
    if (any)
        for (int j = 0; j < c->ncols; j++)
            setv(doc, t, r, t->cols[j], c->tot[j]);
    for (int i = 0; i < c->n; i++) {
        bool nz = false;
        for (int j = 0; j < c->ncols; j++)
            nz |= c->v[(size_t)i * (size_t)c->ncols + (size_t)j] != 0;
        if (!nz) continue;
        r = row(doc, t, c->codes[i], c->codes[i], func_name(ctx, doc->year, c->codes[i]));
        if (!r) return -1;
        for (int j = 0; j < c->ncols; j++)
            setv(doc, t, r, t->cols[j], c->v[(size_t)i * (size_t)c->ncols + (size_t)j]);
    }
    return 0;
}

static int c02(const bl_leaf *lf, int *cols, int64_t *vals)
{
    if (!lf->income) return 0;
    static const int COL[NFUND] = {1, 1, 1, 2, 3, 4, 5, 6};
    cols[0] = 0;
    cols[1] = COL[lf->fund];
    vals[0] = vals[1] = lf->rounded;
    return 2;
}

/* An expenditure leaf into the total column and the column of its type
 * (基本支出, 项目支出, …, from column 1): tables 03, 05 and 09. */
static int total_and_type(const bl_leaf *lf, int *cols, int64_t *vals)
{
    cols[0] = 0;
    cols[1] = 1 + lf->type;
    vals[0] = vals[1] = lf->rounded;
    return 2;
}

/* An expenditure leaf of the fund, 基本支出 or 项目支出 (tables 05 and 09). */
static bool basic_or_project(const bl_leaf *lf, int fund)
{
    return !lf->income && lf->fund == fund && (lf->type == T_BASIC || lf->type == T_PROJ);
}

static int c03(const bl_leaf *lf, int *cols, int64_t *vals)
{
    return lf->income ? 0 : total_and_type(lf, cols, vals);
}

static int c05(const bl_leaf *lf, int *cols, int64_t *vals)
{
    return basic_or_project(lf, F_GEN) ? total_and_type(lf, cols, vals) : 0;
}

static int c08(const bl_leaf *lf, int *cols, int64_t *vals)
{
    if (lf->fund != F_GOVFUND) return 0;
    if (lf->income) {
        cols[0] = 1;
        vals[0] = lf->rounded;
        cols[1] = 5;
        vals[1] = lf->rounded;
        return 2;
    }
    if (lf->type != T_BASIC && lf->type != T_PROJ) return 0;
    cols[0] = 2;
    cols[1] = 3 + lf->type;
    cols[2] = 5;
    vals[0] = vals[1] = lf->rounded;
    vals[2] = -lf->rounded;
    return 3;
}

static int c09(const bl_leaf *lf, int *cols, int64_t *vals)
{
    return basic_or_project(lf, F_SOE) ? total_and_type(lf, cols, vals) : 0;
}

/* ---- the fixed rows ----------------------------------------------------- */

static const char *const ECON_CLASSES[6] = {"301", "303", "302", "307", "310", "399"};

/* The index of a 功能分类 code's 类 among the form's 类 rows (`class`), -1 none. */
static int class_index(const js_ctx *ctx, int func)
{
    int c3 = func / 10000;
    char b[16];
    snprintf(b, sizeof b, "%03d", c3 % 1000);
    int ncls;
    const js_tpl_class *cls = js_templates_classes(ctx->templates, &ncls);
    for (int i = 0; i < ncls; i++)
        if (strcmp(b, cls[i].code) == 0) return i;
    return -1;
}

/* Table no of the built form, with the columns its template lists
 * (data/templates/templates.tsv) in their printed order; NULL when the
 * template does not have the ncols columns the builder fills. */
static js_table *form_table(js_doc *doc, const js_ctx *ctx, int no, int ncols)
{
    const js_tpl_table *tt = js_templates_table(ctx->templates, doc->form, no);
    const char *cols[16];
    if (!tt || tt->ncols != ncols || ncols > 16) return NULL;
    for (int i = 0; i < ncols; i++)
        cols[i] = tt->cols[i].key;
    return js_doc_table_add(doc, no, ncols, cols);
}

/* Cell col (by its index in the form's columns) of row r. */
static void setc(js_doc *doc, js_table *t, js_row *r, int col, int64_t v)
{
    if (col >= 0 && col < t->ncols) setv(doc, t, r, t->cols[col], v);
}

/* The builder's state: the ledger's sums by fund, 类 and 三公 item, and the input
 * errors found on the way. */
typedef struct bt {
    js_doc *doc;
    const js_ctx *ctx;
    const bl_ledger *L;
    const bm_meta *m;
    js_diags *errs;
    const char *meta_path;
    int nerr;
    int64_t income[NFUND], expense[NFUND];
    int64_t sg[BM_MAX_SG]; /* the actual of each 三公 item of the form (its sgitem records) */
    int64_t cls[JS_TPL_MAX_CLASSES], cls_fund[JS_TPL_MAX_CLASSES][3]; /* by the form's 类 rows */
    /* the exact year-end balance per fund, in fen: a negative balance is an input error only
     * when the ledger itself spends more than it has, not when the rounded leaves of an exact
     * balance of 0 publish as -0.01 (the 尾数误差 of docs/build.md) */
    int64_t exact[NFUND], exact_total, opening[NFUND];
} bt;

static void ledger_sums(bt *b)
{
    const bl_ledger *L = b->L;
    const bm_meta *m = b->m;
    int nsg; /* the form's 三公 items, paid from 一般公共预算 only */
    const js_tpl_sgitem *sg = js_templates_sgitems(b->ctx->templates, b->doc->form, &nsg);
    for (size_t i = 0; i < L->cap; i++) {
        const bl_leaf *lf = &L->leaves[i];
        if (!lf->key || lf->bad) continue;
        if (lf->income) {
            b->income[lf->fund] += lf->rounded;
            b->exact[lf->fund] += lf->sum;
            continue;
        }
        b->expense[lf->fund] += lf->rounded;
        b->exact[lf->fund] -= lf->sum;
        int ci = class_index(b->ctx, lf->func);
        if (ci >= 0) {
            b->cls[ci] += lf->rounded;
            if (lf->fund <= F_SOE) b->cls_fund[ci][lf->fund] += lf->rounded;
        }
        for (int k = 0; lf->fund == F_GEN && k < nsg && k < BM_MAX_SG; k++)
            if (lf->econ == sg[k].econ) b->sg[k] += lf->rounded;
    }
    b->exact_total = m->use_nonfiscal - m->distribution;
    for (int f = 0; f < NFUND; f++) {
        b->opening[f] = bl_round_wan(m->opening[f]);
        if (f == F_GOVFUND && m->nopen_gf > 0) { /* the sum of the rounded rows of 08 */
            b->opening[f] = 0;
            for (int i = 0; i < m->nopen_gf; i++)
                b->opening[f] += bl_round_wan(m->open_gf_amt[i]);
        }
        b->exact[f] += m->opening[f];
        b->exact_total += b->exact[f];
    }
}

/* 01: one column, the form's first */
static int t01(bt *b)
{
    js_doc *doc = b->doc;
    js_table *t = form_table(doc, b->ctx, 1, 1);
    if (!t) return -1;
    int64_t inc_total = 0, open_total = 0, exp_total = 0;
    char key[64];
    int nin, ncls;
    /* the form's income rows, one a fund in fund order, and its 类 rows */
    const js_tpl_row *kinds = js_templates_income_rows(b->ctx->templates, doc->form, &nin);
    const js_tpl_class *lei = js_templates_classes(b->ctx->templates, &ncls);
    if (nin != NFUND) {
        js_diags_add(
            b->errs,
            &(js_diag){
                .severity = JS_DIAG_ERROR, .code = "B-META", .file = b->meta_path, .key = "form"},
            "表样“%s”的公开01表在本年收入合计之前列出 %d 种收入，账目的资金来源为 %d 种", doc->form,
            nin, NFUND);
        b->nerr++;
        return 0;
    }
    for (int f = 0; f < NFUND; f++) {
        const char *name = kinds[f].nnames ? kinds[f].names[0] : kinds[f].key;
        setc(doc, t, row(doc, t, kinds[f].key, NULL, name), 0, b->income[f]);
        inc_total += b->income[f];
        open_total += b->opening[f];
    }
    int64_t use = bl_round_wan(b->m->use_nonfiscal), dist = bl_round_wan(b->m->distribution);
    setc(doc, t, row(doc, t, "收入:本年收入合计", NULL, "本年收入合计"), 0, inc_total);
    setc(doc, t, row(doc, t, "收入:使用非财政拨款结余", NULL, "使用非财政拨款结余"), 0, use);
    setc(doc, t, row(doc, t, "收入:年初结转和结余", NULL, "年初结转和结余"), 0, open_total);
    int64_t grand = inc_total + use + open_total;
    setc(doc, t, row(doc, t, "收入:总计", NULL, "总计"), 0, grand);
    for (int i = 0; i < ncls; i++) {
        snprintf(key, sizeof key, "支出:%s", lei[i].code);
        setc(doc, t, row(doc, t, key, lei[i].code, func_name(b->ctx, doc->year, lei[i].code)), 0,
             b->cls[i]);
        exp_total += b->cls[i];
    }
    int64_t closing = grand - exp_total - dist;
    setc(doc, t, row(doc, t, "支出:本年支出合计", NULL, "本年支出合计"), 0, exp_total);
    setc(doc, t, row(doc, t, "支出:结余分配", NULL, "结余分配"), 0, dist);
    setc(doc, t, row(doc, t, "支出:年末结转和结余", NULL, "年末结转和结余"), 0, closing);
    setc(doc, t, row(doc, t, "支出:总计", NULL, "总计"), 0, grand);
    char b1[32];
    if (b->exact_total < 0) {
        js_diags_add(b->errs,
                     &(js_diag){.severity = JS_DIAG_ERROR,
                                .code = "B-META",
                                .file = b->meta_path,
                                .key = "opening_balances"},
                     "年末结转和结余为负（%s 万元）：支出超过收入与年初结转和结余之和",
                     bc_wan(b->exact_total, b1, sizeof b1));
        b->nerr++;
    }
    return 0;
}

/* 02, 03, 05, 08, 09: rows by 功能分类 code; when empty, "DEPT" + none. */
static int coded(bt *b, int no, int ncols, contrib_fn fn, const ctab_extra *x, const char *none)
{
    ctab c = {0};
    js_table *t = form_table(b->doc, b->ctx, no, ncols);
    int rc = t ? ctab_build_x(&c, b->L, fn, ncols, x) : -1;
    if (rc < 0 || ctab_emit(b->doc, b->ctx, t, &c) < 0) {
        ctab_free(&c);
        return -1;
    }
    if (ctab_empty(&c)) t->empty_note = js_arena_printf(b->doc->arena, "%s%s", b->doc->dept, none);
    ctab_free(&c);
    return 0;
}

/* 04: columns 金额 (income side), 合计 and the three funds (expenditure side) */
static int t04(bt *b)
{
    js_doc *doc = b->doc;
    js_table *t = form_table(doc, b->ctx, 4, 5);
    if (!t) return -1;
    enum { AMOUNT = 0, TOTAL = 1, FUND0 = 2 };
    int ncls;
    const js_tpl_class *lei = js_templates_classes(b->ctx->templates, &ncls);
    int64_t finc = 0, fopen = 0, fexp[3] = {0}, fclose[3], fc_total = 0;
    char key[64], b1[32];
    for (int f = 0; f < 3; f++) {
        snprintf(key, sizeof key, "收入:%s", t->cols[FUND0 + f]);
        setc(doc, t, row(doc, t, key, NULL, t->cols[FUND0 + f]), AMOUNT, b->income[f]);
        finc += b->income[f];
        fopen += b->opening[f];
    }
    setc(doc, t, row(doc, t, "收入:本年收入合计", NULL, "本年收入合计"), AMOUNT, finc);
    setc(doc, t, row(doc, t, "收入:年初财政拨款结转和结余", NULL, "年初财政拨款结转和结余"), AMOUNT,
         fopen);
    for (int f = 0; f < 3; f++) {
        snprintf(key, sizeof key, "收入:年初:%s", t->cols[FUND0 + f]);
        setc(doc, t, row(doc, t, key, NULL, t->cols[FUND0 + f]), AMOUNT, b->opening[f]);
    }
    setc(doc, t, row(doc, t, "收入:总计", NULL, "总计"), AMOUNT, finc + fopen);
    for (int i = 0; i < ncls; i++) {
        snprintf(key, sizeof key, "支出:%s", lei[i].code);
        js_row *r = row(doc, t, key, lei[i].code, func_name(b->ctx, doc->year, lei[i].code));
        int64_t s = 0;
        for (int f = 0; f < 3; f++) {
            setc(doc, t, r, FUND0 + f, b->cls_fund[i][f]);
            s += b->cls_fund[i][f];
            fexp[f] += b->cls_fund[i][f];
        }
        setc(doc, t, r, TOTAL, s);
    }
    js_row *r = row(doc, t, "支出:本年支出合计", NULL, "本年支出合计");
    setc(doc, t, r, TOTAL, fexp[0] + fexp[1] + fexp[2]);
    for (int f = 0; f < 3; f++)
        setc(doc, t, r, FUND0 + f, fexp[f]);
    r = row(doc, t, "支出:年末财政拨款结转和结余", NULL, "年末财政拨款结转和结余");
    for (int f = 0; f < 3; f++) {
        fclose[f] = b->opening[f] + b->income[f] - fexp[f];
        fc_total += fclose[f];
        setc(doc, t, r, FUND0 + f, fclose[f]);
        if (b->exact[f] < 0) {
            char okey[96];
            snprintf(okey, sizeof okey, "opening_balances.%s", JS_FUND_NAMES[f]);
            js_diags_add(
                b->errs,
                &(js_diag){
                    .severity = JS_DIAG_ERROR, .code = "B-META", .file = b->meta_path, .key = okey},
                "年末%s结转和结余为负（%s 万元）", t->cols[FUND0 + f],
                bc_wan(b->exact[f], b1, sizeof b1));
            b->nerr++;
        }
    }
    setc(doc, t, r, TOTAL, fc_total);
    r = row(doc, t, "支出:总计", NULL, "总计");
    setc(doc, t, r, TOTAL, finc + fopen);
    for (int f = 0; f < 3; f++)
        setc(doc, t, r, FUND0 + f, fexp[f] + fclose[f]);
    return 0;
}

/* 06: every 经济分类 款 of the year's catalogue, as the form prints them; one column */
static int t06(bt *b)
{
    js_doc *doc = b->doc;
    const bl_ledger *L = b->L;
    js_table *t = form_table(doc, b->ctx, 6, 1);
    if (!t) return -1;
    int64_t econ_class[6] = {0};
    int64_t *econ = calloc(100000, sizeof(int64_t));
    if (!econ) return -1;
    for (size_t i = 0; i < L->cap; i++) {
        const bl_leaf *lf = &L->leaves[i];
        if (!lf->key || lf->bad || lf->income || lf->fund != F_GEN || lf->type != T_BASIC) continue;
        econ[lf->econ] += lf->rounded;
        for (int k = 0; k < 6; k++)
            if (lf->econ / 100 == (int)strtol(ECON_CLASSES[k], NULL, 10))
                econ_class[k] += lf->rounded;
    }
    const js_catalog *cat = b->ctx->catalog;
    for (int k = 0; k < 6; k++) {
        const js_class_entry *e = js_catalog_find(cat, JS_CLASS_ECON, doc->year, ECON_CLASSES[k]);
        setc(doc, t, row(doc, t, ECON_CLASSES[k], ECON_CLASSES[k], e ? e->name : ""), 0,
             econ_class[k]);
        int base = (int)strtol(ECON_CLASSES[k], NULL, 10) * 100;
        for (int j = 1; j < 100; j++) {
            char code[16];
            snprintf(code, sizeof code, "%05d", (base + j) % 100000);
            e = js_catalog_find(cat, JS_CLASS_ECON, doc->year, code);
            if (!e && !econ[base + j]) continue;
            setc(doc, t, row(doc, t, code, code, e ? e->name : ""), 0, econ[base + j]);
        }
    }
    free(econ);
    setc(doc, t, row(doc, t, "人员经费合计", NULL, "人员经费合计"), 0,
         econ_class[0] + econ_class[1]);
    setc(doc, t, row(doc, t, "公用经费合计", NULL, "公用经费合计"), 0,
         econ_class[2] + econ_class[3] + econ_class[4] + econ_class[5]);
    return 0;
}

/* The budget of 三公 item key in the metadata (0 when not given). */
static int64_t sg_budget(const bm_meta *m, const char *key)
{
    for (int i = 0; i < m->nsg_budget; i++)
        if (strcmp(m->sg_budget_key[i], key) == 0) return bl_round_wan(m->sg_budget[i]);
    return 0;
}

/* Fill the cells of r an identity of 07 ("L = A + B + …" of column keys) gives from
 * cells already filled, until none is left to fill. */
static void t07_sums(js_doc *doc, js_table *t, js_row *r, const js_tpl_table *tt)
{
    for (bool more = r && tt; more;) {
        more = false;
        for (int i = 0; i < tt->nidents; i++) {
            char lhs[128];
            const char *e = tt->idents[i], *eq = strstr(e, " = ");
            if (!eq || (size_t)(eq - e) >= sizeof lhs || strchr(e, '=') != eq + 1) continue;
            snprintf(lhs, sizeof lhs, "%.*s", (int)(eq - e), e);
            int lc = js_table_col(t, lhs);
            if (lc < 0 || r->cells[lc].present) continue;
            int64_t sum = 0;
            bool known = true;
            for (const char *p = eq + 3; known && *p;) {
                const char *plus = strstr(p, " + ");
                size_t n = plus ? (size_t)(plus - p) : strlen(p);
                char term[128];
                snprintf(term, sizeof term, "%.*s", (int)n, p);
                int c = js_table_col(t, term);
                known = c >= 0 && r->cells[c].present;
                if (known) sum += r->cells[c].value;
                p = plus ? plus + 3 : p + n;
            }
            if (!known) continue;
            setv(doc, t, r, lhs, sum);
            more = true;
        }
    }
}

/* 07: the budget (from the metadata) and the actual of each 三公 item of the form
 * (sgitem records), the other columns from the table's identities */
static int t07(bt *b)
{
    js_doc *doc = b->doc;
    js_table *t = form_table(doc, b->ctx, 7, 12);
    if (!t) return -1;
    js_row *r = row(doc, t, "三公经费", NULL, "三公经费");
    int nsg;
    const js_tpl_sgitem *sg = js_templates_sgitems(b->ctx->templates, doc->form, &nsg);
    for (int k = 0; k < nsg && k < BM_MAX_SG; k++) {
        char key[128];
        snprintf(key, sizeof key, "预算:%s", sg[k].item);
        setv(doc, t, r, key, sg_budget(b->m, sg[k].meta));
        snprintf(key, sizeof key, "决算:%s", sg[k].item);
        setv(doc, t, r, key, b->sg[k]);
    }
    t07_sums(doc, t, r, js_templates_table(b->ctx->templates, doc->form, 7));
    return 0;
}

/* 08: the opening balance sits on the rows of its 项, so that 合计 = Σ 类 holds in every
 * column: by 项 as the metadata gives it, or (one figure for the fund) on the fund's
 * first 项 in the ledger */
static int t08(bt *b)
{
    const bl_ledger *L = b->L;
    const bm_meta *m = b->m;
    static const int OPEN_COLS[2] = {0, 5};
    int gf_first = 0;
    for (size_t i = 0; i < L->cap; i++) {
        const bl_leaf *lf = &L->leaves[i];
        if (lf->key && !lf->bad && lf->fund == F_GOVFUND && (!gf_first || lf->func < gf_first))
            gf_first = lf->func;
    }
    int64_t *oamt = NULL;
    ctab_extra x = {0, NULL, NULL, 2, OPEN_COLS};
    if (m->nopen_gf > 0) {
        oamt = malloc((size_t)m->nopen_gf * sizeof *oamt);
        if (!oamt) return -1;
        for (int i = 0; i < m->nopen_gf; i++)
            oamt[i] = bl_round_wan(m->open_gf_amt[i]);
        x = (ctab_extra){m->nopen_gf, m->open_gf_code, oamt, 2, OPEN_COLS};
    } else if (b->opening[F_GOVFUND] != 0) {
        if (gf_first) {
            x = (ctab_extra){1, &gf_first, &b->opening[F_GOVFUND], 2, OPEN_COLS};
        } else {
            js_diags_add(b->errs,
                         &(js_diag){.severity = JS_DIAG_ERROR,
                                    .code = "B-META",
                                    .file = b->meta_path,
                                    .key = "opening_balances.政府性基金"},
                         "本年没有政府性基金收支，公开08表无处列示年初结转和结余："
                         "请按功能分类项给出（{\"2299901\": \"…\"}）");
            b->nerr++;
        }
    }
    int rc = coded(b, 8, 6, c08, &x,
                   "没有政府性基金预算财政拨款收入，也没有使用政府性基金预算财政拨款安排的支出，"
                   "故本表无数据。");
    free(oamt);
    return rc;
}

int bc_tables(js_doc *doc, const js_ctx *ctx, const bl_ledger *L, const bm_meta *m, js_diags *errs,
              const char *meta_path)
{
    bt b;
    memset(&b, 0, sizeof b);
    b.doc = doc;
    b.ctx = ctx;
    b.L = L;
    b.m = m;
    b.errs = errs;
    b.meta_path = meta_path;
    ledger_sums(&b);
    if (t01(&b) < 0 || coded(&b, 2, 7, c02, NULL, "本年度没有取得收入，故本表无数据。") < 0 ||
        coded(&b, 3, 6, c03, NULL, "本年度没有发生支出，故本表无数据。") < 0 || t04(&b) < 0 ||
        coded(&b, 5, 3, c05, NULL, "本年度没有使用一般公共预算财政拨款安排的支出，故本表无数据。") <
            0 ||
        t06(&b) < 0 || t07(&b) < 0 || t08(&b) < 0 ||
        coded(&b, 9, 3, c09, NULL, "没有使用国有资本经营预算财政拨款安排的支出，故本表无数据。") <
            0)
        return -1;
    for (int no = 1; no <= 9; no++) {
        js_table *tt = doc->tables[no];
        /* the form's first printed title (templates.tsv `title`) */
        const js_tpl_table *tb = js_templates_table(b.ctx->templates, doc->form, no);
        if (!tt->title)
            tt->title =
                js_arena_strdup(doc->arena, tb && tb->ntitles ? tb->titles[0] : js_table_title(no));
        tt->label = js_arena_strdup(doc->arena, js_table_id(no));
        tt->dept = doc->dept;
        tt->unit = JS_UNIT_WANYUAN;
    }
    return b.nerr;
}
