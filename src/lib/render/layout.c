/*
 * layout.c - the nine tables and the performance tables laid out as the
 * form prints them: header rows with merged cells, 行次 and 栏次, the
 * income and expenditure sides of tables 01 and 04 side by side, the three
 * column groups of table 06. Every renderer (text, Markdown, HTML, XLSX)
 * draws the same grid, so they cannot disagree about what a table holds.
 * The header rows and the note under each table are data, per form
 * (data/templates/layout.tsv, read through model/records.c); the shape of
 * the grid and its body rows are here.
 */
#include "render/render_impl.h"

#include "data.h"
#include "model/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the layout data ------------------------------------------------------- */

typedef struct lrec {
    const char *form;
    int no, row, col, colspan, rowspan; /* a note: row -1 */
    const char *text;
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

static int rec_layout(void *ctx, const js_rec_line *l, js_err *err)
{
    bg_layout *L = ctx;
    char **f = l->f;
    bool note = f[0][0] == 'n';
    lrec r = {f[1], 0, -1, 0, 1, 1, note ? f[3] : f[7]};
    if (!int_field(f[2], 1, 9, &r.no)) return js_rec_error(err, l, "bad table number '%s'", f[2]);
    if (!note && (!int_field(f[3], 0, 15, &r.row) || !int_field(f[4], 0, 63, &r.col) ||
                  !int_field(f[5], 1, 64, &r.colspan) || !int_field(f[6], 1, 16, &r.rowspan)))
        return js_rec_error(err, l, "bad row, column or span");
    if (L->n == L->cap) {
        int cap = L->cap ? L->cap * 2 : 64;
        lrec *v = js_arena_grow(L->a, L->v, (size_t)L->n, (size_t)cap, sizeof *v);
        if (!v) return js_err_set(err, JS_EINTERNAL, "out of memory reading the layout");
        L->v = v;
        L->cap = cap;
    }
    L->v[L->n++] = r;
    return JS_OK;
}

bg_layout *bg_layout_parse(js_arena *a, const char *origin, const char *text, size_t n, js_err *err)
{
    static const js_rec_kind KINDS[] = {{"note", 4, 4, rec_layout}, {"head", 8, 8, rec_layout}};
    bg_layout *L = js_arena_alloc(a, sizeof *L);
    if (!L) {
        js_err_set(err, JS_EINTERNAL, "out of memory reading the layout");
        return NULL;
    }
    L->a = a;
    if (js_records_read(origin, text, n, a, KINDS, 2, L, err) != JS_OK) return NULL;
    return L;
}

bg_layout *bg_layout_builtin(js_arena *a, js_err *err)
{
    return bg_layout_parse(a, "data/templates/layout.tsv", js_data_layout_tsv,
                           js_data_layout_tsv_len, err);
}

/* The form whose records of that kind (note or head) table no follows: the
 * document's form when it has its own, else "*". */
static const char *layout_form(const bg_layout *L, const char *form, int no, bool note)
{
    for (int i = 0; form && i < L->n; i++)
        if (L->v[i].no == no && (L->v[i].row < 0) == note && strcmp(L->v[i].form, form) == 0)
            return form;
    return "*";
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
    const char *form = layout_form(lay, doc->form, no, false);
    for (int i = 0; i < lay->n; i++) {
        const lrec *r = &lay->v[i];
        if (r->no != no || r->row < 0 || strcmp(r->form, form) != 0) continue;
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
    const char *form = layout_form(lay, doc->form, no, false);
    for (int i = 0; i < lay->n; i++)
        if (lay->v[i].no == no && lay->v[i].row >= 0 && strcmp(lay->v[i].form, form) == 0)
            return true;
    return false;
}

/* The note under table no, "" when the form has none. */
static const char *note_of(const bg_layout *lay, const js_doc *doc, int no)
{
    const char *form = layout_form(lay, doc->form, no, true);
    for (int i = 0; i < lay->n; i++)
        if (lay->v[i].no == no && lay->v[i].row < 0 && strcmp(lay->v[i].form, form) == 0)
            return lay->v[i].text;
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

/* Does every row of t have one of the keys the fixed layout prints? */
static bool fits(const js_table *t, const char *const *keys, int nkeys)
{
    size_t pre = strlen("支出:"), ncls;
    const js_class_row *cls = js_class_rows(&ncls);
    for (int i = 0; i < t->nrows; i++) {
        const char *k = t->rows[i].key;
        bool in = false;
        if (strncmp(k, "支出:", pre) == 0 && strlen(k) == pre + 3)
            for (size_t c = 0; c < ncls; c++)
                in |= strcmp(k + pre, cls[c].code) == 0;
        for (int j = 0; j < nkeys && !in; j++)
            in = strcmp(k, keys[j]) == 0;
        if (!in) return false;
    }
    return true;
}

static const char *cn_item(js_arena *a, int i, const char *name)
{
    char b[16];
    return js_arena_printf(a, "%s、%s", js_cnum_fmt(i, b, sizeof b), name);
}

static bg_grid *t01(const bg_layout *lay, const js_doc *doc, const js_table *t, js_arena *a)
{
    bg_grid *g = grid(a, 3 + 26 + 4, 6, 3);
    if (!g) return NULL;
    heads(g, lay, doc, t, 1);
    char key[64];
    int r = 3;
    size_t nin;
    const char *const *income = js_income_rows(&nin);
    for (int i = 0; i < 26; i++, r++) {
        if ((size_t)i < nin) {
            snprintf(key, sizeof key, "收入:%s", income[i]);
            T(g, r, 0, cn_item(a, i + 1, income[i]));
            N(g, r, 1, num(a, i + 1));
            N(g, r, 2, cellt(t, key, "决算数"));
        }
        const js_row *row;
        T(g, r, 3, cn_item(a, i + 1, class_row(t, i, &row)));
        N(g, r, 4, num(a, 13 + i));
        N(g, r, 5, row && row->cells[0].present ? row->cells[0].text : NULL);
    }
    static const char *const L[4] = {"本年收入合计", "使用非财政拨款结余", "年初结转和结余",
                                     "总计"};
    static const char *const R[4] = {"本年支出合计", "结余分配", "年末结转和结余", "总计"};
    for (int i = 0; i < 4; i++, r++) {
        snprintf(key, sizeof key, "收入:%s", L[i]);
        T(g, r, 0, L[i]);
        N(g, r, 1, num(a, 9 + i));
        N(g, r, 2, cellt(t, key, "决算数"));
        snprintf(key, sizeof key, "支出:%s", R[i]);
        T(g, r, 3, R[i]);
        N(g, r, 4, num(a, 39 + i));
        N(g, r, 5, cellt(t, key, "决算数"));
    }
    return g;
}

static bg_grid *t04(const bg_layout *lay, const js_doc *doc, const js_table *t, js_arena *a)
{
    bg_grid *g = grid(a, 3 + 26 + 6, 9, 3);
    if (!g) return NULL;
    heads(g, lay, doc, t, 4);
    static const char *const FISCAL[3] = {"一般公共预算财政拨款", "政府性基金预算财政拨款",
                                          "国有资本经营预算财政拨款"};
    char key[96];
    int r = 3;
    for (int i = 0; i < 26; i++, r++) {
        if (i < 3) {
            snprintf(key, sizeof key, "收入:%s", FISCAL[i]);
            T(g, r, 0, cn_item(a, i + 1, FISCAL[i]));
            N(g, r, 1, num(a, i + 1));
            N(g, r, 2, cellt(t, key, "金额"));
        }
        const js_row *row;
        T(g, r, 3, cn_item(a, i + 1, class_row(t, i, &row)));
        N(g, r, 4, num(a, 10 + i));
        if (row)
            for (int c = 5; c < 9; c++)
                N(g, r, c, cellt(t, row->key, t->cols[c - 4]));
    }
    static const char *const L[6] = {
        "本年收入合计",           "年初财政拨款结转和结余",   "一般公共预算财政拨款",
        "政府性基金预算财政拨款", "国有资本经营预算财政拨款", "总计"};
    static const char *const LK[6] = {"收入:本年收入合计",
                                      "收入:年初财政拨款结转和结余",
                                      "收入:年初:一般公共预算财政拨款",
                                      "收入:年初:政府性基金预算财政拨款",
                                      "收入:年初:国有资本经营预算财政拨款",
                                      "收入:总计"};
    for (int i = 0; i < 6; i++, r++) {
        T(g, r, 0, L[i]);
        N(g, r, 1, num(a, 4 + i));
        N(g, r, 2, cellt(t, LK[i], "金额"));
        const char *rk = i == 0   ? "支出:本年支出合计"
                         : i == 1 ? "支出:年末财政拨款结转和结余"
                         : i == 5 ? "支出:总计"
                                  : NULL;
        if (!rk) continue;
        T(g, r, 3, rk + strlen("支出:"));
        N(g, r, 4, num(a, i == 0 ? 36 : i == 1 ? 37 : 38));
        for (int c = 5; c < 9; c++)
            N(g, r, c, cellt(t, rk, t->cols[c - 4]));
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

static bg_grid *t06(const bg_layout *lay, const js_doc *doc, const js_table *t, js_arena *a)
{
    int idx[3][128], n[3] = {0, 0, 0};
    for (int i = 0; i < t->nrows; i++) {
        const js_row *r = &t->rows[i];
        if (!r->code) continue;
        int grp = strncmp(r->code, "301", 3) == 0 || strncmp(r->code, "303", 3) == 0 ? 0
                  : strncmp(r->code, "302", 3) == 0                                  ? 1
                                                                                     : 2;
        if (n[grp] < 128) idx[grp][n[grp]++] = i;
    }
    int nbody = n[0] > n[1] ? n[0] : n[1];
    if (n[2] > nbody) nbody = n[2];
    bg_grid *g = grid(a, 1 + nbody + 1, 9, 1);
    if (!g) return NULL;
    heads(g, lay, doc, t, 6);
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < n[k]; i++) {
            const js_row *r = &t->rows[idx[k][i]];
            T(g, 1 + i, 3 * k, r->code);
            T(g, 1 + i, 3 * k + 1, r->name);
            N(g, 1 + i, 3 * k + 2, r->cells[0].present ? r->cells[0].text : NULL);
        }
    }
    int last = 1 + nbody;
    put(g, last, 0, "人员经费合计", 2, 1, false);
    N(g, last, 2, cellt(t, "人员经费合计", "决算数"));
    put(g, last, 3, "公用经费合计", 5, 1, false);
    N(g, last, 8, cellt(t, "公用经费合计", "决算数"));
    return g;
}

static bg_grid *t07(const bg_layout *lay, const js_doc *doc, const js_table *t, js_arena *a)
{
    bg_grid *g = grid(a, 5, 12, 4);
    if (!g) return NULL;
    heads(g, lay, doc, t, 7);
    /* by column key, in this layout's order: a table read from another form (the 2024
     * Shanghai form prints 预算/决算 pairs) has its columns in another order */
    static const char *const ITEMS[6] = {
        "合计",           "因公出国（境）费", "公务用车购置及运行费",
        "公务用车购置费", "公务用车运行费",   "公务接待费"};
    char key[64];
    for (int c = 0; c < 12; c++) {
        N(g, 3, c, num(a, c + 1));
        snprintf(key, sizeof key, "%s:%s", c < 6 ? "预算" : "决算", ITEMS[c % 6]);
        N(g, 4, c, cellt(t, "三公经费", key));
    }
    return g;
}

static const char *const KEYS01[16] = {"收入:一般公共预算财政拨款收入",
                                       "收入:政府性基金预算财政拨款收入",
                                       "收入:国有资本经营预算财政拨款收入",
                                       "收入:上级补助收入",
                                       "收入:事业收入",
                                       "收入:经营收入",
                                       "收入:附属单位上缴收入",
                                       "收入:其他收入",
                                       "收入:本年收入合计",
                                       "收入:使用非财政拨款结余",
                                       "收入:年初结转和结余",
                                       "收入:总计",
                                       "支出:本年支出合计",
                                       "支出:结余分配",
                                       "支出:年末结转和结余",
                                       "支出:总计"};
static const char *const KEYS04[12] = {"收入:一般公共预算财政拨款",
                                       "收入:政府性基金预算财政拨款",
                                       "收入:国有资本经营预算财政拨款",
                                       "收入:本年收入合计",
                                       "收入:年初财政拨款结转和结余",
                                       "收入:年初:一般公共预算财政拨款",
                                       "收入:年初:政府性基金预算财政拨款",
                                       "收入:年初:国有资本经营预算财政拨款",
                                       "收入:总计",
                                       "支出:本年支出合计",
                                       "支出:年末财政拨款结转和结余",
                                       "支出:总计"};

bg_grid *bg_table_in(const bg_layout *lay, const js_doc *doc, int no, js_arena *a)
{
    const js_table *t = no >= 1 && no <= 9 ? doc->tables[no] : NULL;
    if (!t || !lay) return NULL;
    bg_grid *g = NULL;
    switch (no) {
    case 1:
        if (t->ncols == 1 && strcmp(t->cols[0], "决算数") == 0 && fits(t, KEYS01, 16))
            g = t01(lay, doc, t, a);
        break;
    case 4:
        if (t->ncols == 5 && strcmp(t->cols[0], "金额") == 0 && fits(t, KEYS04, 12))
            g = t04(lay, doc, t, a);
        break;
    case 6:
        g = t06(lay, doc, t, a);
        break;
    case 7:
        if (t->ncols == 12) g = t07(lay, doc, t, a);
        break;
    default:
        g = tcodes(lay, doc, t, a, false);
        break;
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

bg_grid *bg_perf(const js_doc *doc, int i, js_arena *a)
{
    if (i < 0 || i >= doc->nperf) return NULL;
    const js_perf *p = &doc->perf[i];
    int nrows = 2 + 4 + 2 + 1 + p->ninds + 1 + 1;
    bg_grid *g = grid(a, nrows, 9, 0);
    if (!g) return NULL;
    int r = 0;
    T(g, r, 0, "部门名称");
    put(g, r, 1, doc->dept, 8, 1, false);
    r++;
    if (p->kind == 2) {
        T(g, r, 0, "项目名称");
        put(g, r, 1, p->name, 8, 1, false);
        r++;
    }
    put(g, r, 0, p->kind == 2 ? "年度项目资金（万元）" : "资金情况（万元）", 1, 5, false);
    put(g, r, 1, "年度资金总额", 2, 1, false);
    static const char *const H[] = {"年初预算数", "全年预算数", "全年执行数",
                                    "分值",       "执行率",     "得分（分值×执行率）"};
    for (int c = 0; c < 6; c++)
        T(g, r, 3 + c, H[c]);
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
    r = (p->kind == 2 ? 3 : 2) + 4;
    put(g, r, 0, "绩效指标", 1, p->ninds + 2, false);
    static const char *const IH[] = {
        "一级指标",   "二级指标", "三级指标", "年度指标值",
        "实际完成值", "分值",     "得分",     "偏差原因分析及改进措施"};
    for (int c = 0; c < 8; c++)
        T(g, r, 1 + c, IH[c]);
    r++;
    for (int k = 0; k < p->ninds; k++, r++) {
        const js_perf_ind *d = &p->inds[k];
        bool new1 = k == 0 || strcmp(d->l1, p->inds[k - 1].l1) != 0;
        bool new2 = new1 || strcmp(d->l2, p->inds[k - 1].l2) != 0;
        if (new1) T(g, r, 1, d->l1);
        if (new2) T(g, r, 2, d->l2);
        T(g, r, 3, d->l3);
        T(g, r, 4, d->target);
        T(g, r, 5, d->result);
        N(g, r, 6, pv(&d->weight));
        N(g, r, 7, pv(&d->score));
    }
    put(g, r, 1, "总分", 5, 1, false);
    N(g, r, 6, pv(&p->total_weight));
    N(g, r, 7, pv(&p->total_score));
    T(g, r, 8, p->grade ? js_arena_printf(a, "等级：%s", p->grade) : NULL);
    g->nrows = r + 1;
    g->title = js_arena_printf(a, "%d年度%s", doc->year,
                               p->kind == 2 ? "项目支出绩效自评表" : "部门整体支出绩效自评表");
    g->label = NULL;
    g->note = "备注：1.“执行率”=“全年执行数”/"
              "“全年预算数”；2."
              "总分设置为100分，等级划分为：90分（含）—100分为优，80分（含）—90分为良，60分（含）—8"
              "0分为中，60分以下为差。";
    widths(g);
    return g;
}
