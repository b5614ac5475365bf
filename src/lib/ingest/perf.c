/*
 * perf.c - the performance self-evaluation tables of the 附件 (绩效自评表):
 * 部门整体支出绩效自评表 (P1, js_perf.kind 1) and 项目支出绩效自评表 (P2,
 * kind 2), read into js_perf (model.h). Their lines are marked JS_LINE_PERF
 * so that the narrative recognizer leaves them alone. See docs/narrative.md.
 *
 * A table starts at its title line ("2020 年度部门整体支出绩效自评表") when
 * table rows follow, and runs until its 备注 lines or the first line of
 * running text. Inside it:
 *
 *   资金 rows  合计 / 其中：当年财政拨款 / 上年结转资金 / 其他资金, read
 *              against the header row (年初预算数 全年预算数 全年执行数 分值
 *              执行率 得分) by cell position (tab text) or horizontal overlap
 *              (positional text); when the header and the row disagree (a
 *              percentage under a column that is not 执行率) the row is read
 *              by value type and order instead.
 *   indicators 一级/二级/三级指标, 年度指标值, 实际完成值, 分值, 得分. Printed
 *              cells drift between columns from row to row, so a row is read
 *              by content: 一级 and 二级 names are recognised by name (产出指标,
 *              数量指标, …), the last two numbers are 分值 and 得分, the text
 *              cells between are 三级指标, 年度指标值 and 实际完成值, and a text
 *              cell after the numbers (偏差原因) is dropped. 一级/二级 blank in
 *              a row are carried down from the rows above.
 *   总分 row   the first two values after 总分 are 分值 and 得分; "等级：优"
 *              gives the grade.
 *
 * Numbers are kept as printed (js_pval): "5570.58 万" is 5570.58, "100%"
 * and "100 %" are 100 (a rate is the percentage number), "/" and "-" are no
 * value. An empty project table ("/" everywhere) yields no numbers.
 */
#include "recognize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { F_START, F_FULL, F_ACTUAL, F_WEIGHT, F_RATE, F_SCORE, F_N };
enum { CK_MAX = 64 }; /* the cells of a row whose keys are kept (cell_key) */

typedef struct hcol {
    bool set;
    int index;
    float x0, x1;
} hcol;

typedef struct pctx {
    js_doc *doc;
    const js_srcdoc *src;
    js_perf *p;
    hcol fund_cols[F_N];
    bool have_fund_hdr;
    const char *l1, *l2;
    js_buf key;
    const char *key_s; /* what c->key holds the key of (s, n): asked again, it is reused */
    size_t key_n;
    /* the keys of the cells of the row being read (ck_line; NULL: none), each made when
     * first asked for (cell_key) and kept for the row: cell i's at ck.data + ck_at[i] - 1
     * (0: not made yet), in room reserved when the row starts, so none moves */
    const js_srcline *ck_line;
    js_buf ck;
    size_t ck_at[CK_MAX];
    /* the rows of the table being read, in blocks reused from table to table (rows_settle) */
    js_perf_fund *funds;
    js_perf_ind *inds;
    int capfunds, capinds;
} pctx;

/* A new zeroed row at the end of the table's rows (c->p->funds or inds, n of them), held in
 * *v: a block of the reader's, not the document's (grown in the document's arena, a table's
 * rows left each smaller copy behind: 0.2x the input at the seeds x200). NULL when out of
 * memory. */
static void *row_add(void **v, int *cap, int *n, size_t size)
{
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 16;
        void *w = realloc(*v, (size_t)nc * size);
        if (!w) return NULL;
        *v = w;
        *cap = nc;
    }
    char *r = (char *)*v + (size_t)(*n)++ * size;
    memset(r, 0, size);
    return r;
}

static js_perf_fund *fund_add(pctx *c)
{
    js_perf_fund *f = row_add((void **)&c->funds, &c->capfunds, &c->p->nfunds, sizeof *f);
    c->p->funds = c->funds;
    return f;
}

static js_perf_ind *ind_add(pctx *c)
{
    js_perf_ind *d = row_add((void **)&c->inds, &c->capinds, &c->p->ninds, sizeof *d);
    c->p->inds = c->inds;
    return d;
}

/* The table's rows into the document's arena, as many as there are. */
static int rows_settle(pctx *c)
{
    js_perf *p = c->p;
    if (!p) return JS_OK;
    js_perf_fund *f =
        p->nfunds ? js_arena_alloc(c->doc->arena, (size_t)p->nfunds * sizeof *f) : NULL;
    js_perf_ind *d = p->ninds ? js_arena_alloc(c->doc->arena, (size_t)p->ninds * sizeof *d) : NULL;
    if ((p->nfunds && !f) || (p->ninds && !d)) {
        p->funds = NULL, p->inds = NULL;
        p->nfunds = p->ninds = p->capfunds = p->capinds = 0;
        return JS_EINTERNAL;
    }
    if (f) memcpy(f, c->funds, (size_t)p->nfunds * sizeof *f);
    if (d) memcpy(d, c->inds, (size_t)p->ninds * sizeof *d);
    p->funds = f, p->capfunds = p->nfunds;
    p->inds = d, p->capinds = p->ninds;
    return JS_OK;
}

/* Key form of a cell: normalised, spaces removed (into c->key). */
static const char *keyof(pctx *c, const char *s, size_t n)
{
    if (c->key_s == s && c->key_n == n && c->key.data && !c->key.oom) return c->key.data;
    c->key.len = 0;
    if (c->key.data) c->key.data[0] = '\0'; /* an empty cell gives "", not the last key */
    js_norm_key(&c->key, s, n);
    c->key_s = s;
    c->key_n = n;
    return c->key.data && !c->key.oom ? c->key.data : "";
}

/* The row whose cells' keys cell_key keeps: room for all of them (normalising makes no
 * text over 3 times longer, js_norm). */
static void cell_keys_start(pctx *c, const js_srcline *ln)
{
    int n = ln->ncells < CK_MAX ? ln->ncells : CK_MAX;
    size_t need = 0;
    for (int i = 0; i < n; i++) {
        c->ck_at[i] = 0;
        need += 3 * (size_t)ln->cells[i].len + 1;
    }
    c->ck.len = 0;
    c->ck_line = js_buf_reserve(&c->ck, need) ? ln : NULL;
}

/* Key form of a cell (keyof), made once per row: the 绩效 reader asks for a cell's key in
 * each test of the row (its mode, the indicator levels, the fund names). */
static const char *cell_key(pctx *c, const js_srccell *cell)
{
    const js_srcline *ln = c->ck_line;
    uintptr_t at = (uintptr_t)cell, first = ln ? (uintptr_t)ln->cells : 0;
    int n = ln && ln->ncells < CK_MAX ? ln->ncells : CK_MAX;
    if (!ln || at < first || at >= first + (size_t)n * sizeof *cell)
        return keyof(c, cell->text, cell->len);
    size_t i = (at - first) / sizeof *cell;
    if (!c->ck_at[i]) {
        size_t o = c->ck.len;
        js_norm_key(&c->ck, cell->text, cell->len); /* within the room: NUL-terminated */
        if (c->ck.oom) return "";
        c->ck.len++;
        c->ck_at[i] = o + 1;
    }
    return c->ck.data + c->ck_at[i] - 1;
}

/* The key of s[0..n), or of as much of its start as tells whether it starts with a or
 * with b: for a test of how a line's key starts, without normalising the whole line. A
 * cut where no continuation byte follows leaves every character before it as it was, so
 * the key of the start is the start of the key. A short start first (most rows' keys
 * part from both words within a few characters), then 4 times the longer word's bytes
 * and 16, then the whole line. */
static const char *key_start(pctx *c, const char *s, size_t n, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), need = la > lb ? la : lb;
    const size_t tries[2] = {need + 6, 4 * need + 16};
    for (int t = 0; t < 2; t++) {
        size_t m = tries[t];
        if (m >= n) break;
        while (m < n && ((unsigned char)s[m] & 0xC0) == 0x80)
            m++;
        const char *k = keyof(c, s, m);
        size_t got = c->key.oom ? 0 : c->key.len;
        /* a word is still open while the key so far is shorter and a start of it */
        bool open_a = got < la && memcmp(k, a, got) == 0;
        bool open_b = got < lb && memcmp(k, b, got) == 0;
        if (m == n || (!open_a && !open_b)) return k;
    }
    return keyof(c, s, n);
}

static bool key_has(pctx *c, const js_srccell *cell, const char *needle)
{
    const char *k = cell_key(c, cell);
    return strstr(k, needle) != NULL;
}

/* A printed value: "66.93", "5570.58 万", "0 万元", "100%", "100 %", "/". */
static int parse_val(const char *s, size_t n, js_num *out, bool *pct)
{
    *pct = false;
    s = js_trim(s, &n);
    if (js_pct_parse(s, n, out) == JS_NUM_VALUE) {
        *pct = true;
        return JS_NUM_VALUE;
    }
    static const char *const UNITS[] = {"万元", "万", "元", "分", NULL};
    for (int i = 0; UNITS[i]; i++) {
        size_t u = strlen(UNITS[i]);
        if (n > u && memcmp(s + n - u, UNITS[i], u) == 0) {
            size_t m = n - u;
            const char *t = js_trim(s, &m);
            int k = js_num_parse(t, m, out);
            if (k == JS_NUM_VALUE) return k;
        }
    }
    return js_num_parse(s, n, out);
}

static void set_pval(pctx *c, js_pval *v, const js_srccell *cell, const js_srcline *ln, js_num num)
{
    v->set = true;
    v->num = num;
    v->text = js_arena_strndup(c->doc->arena, cell->text, cell->len);
    v->loc = ln->loc;
    if (c->src->positional && cell->x0 >= 0 && ln->loc.page > 0) {
        v->loc.x0 = cell->x0;
        v->loc.x1 = cell->x1;
    }
}

/* A copy of a wrapped cell without the spaces the wrapping put between
 * Chinese characters ("原选矿退管办 代管职工档案" -> "原选矿退管办代管职工档案"). */
static const char *cell_text(pctx *c, const char *s, size_t n)
{
    char *d = js_arena_alloc(c->doc->arena, n + 1);
    if (!d) return NULL;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' && m > 0 && ((unsigned char)d[m - 1] & 0x80) && i + 1 < n &&
            ((unsigned char)s[i + 1] & 0x80))
            continue;
        d[m++] = s[i];
    }
    d[m] = '\0';
    return d;
}

static bool tableish(const js_srcdoc *src, const js_srcline *ln)
{
    if (!src->positional) return ln->ncells >= 2;
    int filled = 0;
    for (int i = 0; i < ln->ncells; i++)
        if (ln->cells[i].len > 0) filled++;
    return filled >= 2;
}

/* ---- 资金 rows ------------------------------------------------------------ */

static int fund_slot_of_header(pctx *c, const js_srccell *cell)
{
    const char *k = cell_key(c, cell);
    if (strstr(k, "得分")) return F_SCORE;
    if (strstr(k, "年初")) return F_START;
    if (strstr(k, "全年预算")) return F_FULL;
    if (strstr(k, "执行数")) return F_ACTUAL;
    if (strstr(k, "执行率") || strcmp(k, "执行") == 0) return F_RATE;
    if (strstr(k, "分值")) return F_WEIGHT;
    return -1;
}

static bool read_fund_header(pctx *c, const js_srcline *ln)
{
    hcol cols[F_N];
    memset(cols, 0, sizeof cols);
    int found = 0;
    for (int i = 0; i < ln->ncells; i++) {
        const js_srccell *cell = &ln->cells[i];
        if (cell->len == 0) continue;
        int s = fund_slot_of_header(c, cell);
        if (s < 0 || cols[s].set) continue;
        cols[s].set = true;
        cols[s].index = cell->index;
        cols[s].x0 = cell->x0;
        cols[s].x1 = cell->x1;
        found++;
    }
    if (found < 3) return false;
    memcpy(c->fund_cols, cols, sizeof cols);
    c->have_fund_hdr = true;
    return true;
}

static int slot_by_header(const pctx *c, const js_srccell *cell)
{
    if (!c->have_fund_hdr) return -1;
    if (!c->src->positional) {
        for (int s = 0; s < F_N; s++)
            if (c->fund_cols[s].set && c->fund_cols[s].index == cell->index) return s;
        return -1;
    }
    int best = -1;
    float best_ov = 0;
    for (int s = 0; s < F_N; s++) {
        const hcol *h = &c->fund_cols[s];
        if (!h->set) continue;
        float lo = cell->x0 > h->x0 ? cell->x0 : h->x0;
        float hi = cell->x1 < h->x1 ? cell->x1 : h->x1;
        if (hi - lo > best_ov) {
            best_ov = hi - lo;
            best = s;
        }
    }
    return best;
}

static js_pval *fund_field(js_perf_fund *f, int s)
{
    switch (s) {
    case F_START:
        return &f->budget_start;
    case F_FULL:
        return &f->budget_full;
    case F_ACTUAL:
        return &f->actual;
    case F_WEIGHT:
        return &f->weight;
    case F_RATE:
        return &f->rate;
    default:
        return &f->score;
    }
}

static const char *fund_name(pctx *c, const js_srccell *cell)
{
    const char *k = cell_key(c, cell);
    if (strstr(k, "年度资金总额") || strstr(k, "资金情况")) return NULL;
    if (strstr(k, "合计")) return "合计";
    if (strstr(k, "当年财政拨款")) return "当年财政拨款";
    if (strstr(k, "上年结转")) return "上年结转资金";
    if (strstr(k, "其他资金")) return "其他资金";
    return NULL;
}

static int read_fund_row(pctx *c, const js_srcline *ln, int name_at, const char *name)
{
    js_perf_fund *f = fund_add(c);
    if (!f) return JS_EINTERNAL;
    memset(f, 0, sizeof *f);
    f->name = name;
    f->loc = ln->loc;
    /* values after the name */
    enum { MAXV = 16 };
    const js_srccell *vc[MAXV];
    js_num vn[MAXV];
    bool vp[MAXV];
    int nv = 0;
    for (int i = name_at + 1; i < ln->ncells && nv < MAXV; i++) {
        const js_srccell *cell = &ln->cells[i];
        if (cell->len == 0) continue;
        js_num num;
        bool pct;
        if (parse_val(cell->text, cell->len, &num, &pct) != JS_NUM_VALUE) continue;
        vc[nv] = cell;
        vn[nv] = num;
        vp[nv] = pct;
        nv++;
    }
    /* by the header */
    int slot[MAXV];
    bool ok = c->have_fund_hdr;
    bool used[F_N] = {false};
    for (int i = 0; i < nv && ok; i++) {
        slot[i] = slot_by_header(c, vc[i]);
        if (slot[i] < 0 || used[slot[i]] || (vp[i] && slot[i] != F_RATE))
            ok = false;
        else
            used[slot[i]] = true;
    }
    if (!ok) {
        /* by type and order: amounts, then 分值, 执行率 (the percentage), 得分 */
        int rate_at = -1;
        for (int i = 0; i < nv; i++)
            if (vp[i]) rate_at = i;
        for (int i = 0; i < nv; i++) {
            if (rate_at < 0)
                slot[i] = i < F_N ? i : -1;
            else if (i == rate_at)
                slot[i] = F_RATE;
            else if (i == rate_at + 1)
                slot[i] = F_SCORE;
            else if (i == rate_at - 1)
                slot[i] = F_WEIGHT;
            else if (i < rate_at - 1 && i < 3)
                slot[i] = i;
            else
                slot[i] = -1;
        }
    }
    for (int i = 0; i < nv; i++)
        if (slot[i] >= 0) set_pval(c, fund_field(f, slot[i]), vc[i], ln, vn[i]);
    return JS_OK;
}

/* ---- indicator rows ------------------------------------------------------ */

/* Level of an indicator name: 1 (一级), 2 (二级) or 0. */
static int ind_level(pctx *c, const js_srccell *cell, const js_srccell *next)
{
    const char *k = cell_key(c, cell);
    size_t n = strcspn(k, "(");
    bool points = k[n] == '(' && strstr(k + n, "分");
    static const char *const L1[] = {"产出指标", "效益指标", "满意度指标", NULL};
    static const char *const L2[] = {"数量指标",       "质量指标",           "时效指标",
                                     "经济效益指标",   "社会效益指标",       "生态效益指标",
                                     "可持续影响指标", "服务对象满意度指标", "经济成本指标",
                                     "社会成本指标",   "生态环境成本指标",   NULL};
    for (int i = 0; L1[i]; i++)
        if (strlen(L1[i]) == n && memcmp(k, L1[i], n) == 0) return 1;
    for (int i = 0; L2[i]; i++)
        if (strlen(L2[i]) == n && memcmp(k, L2[i], n) == 0) return 2;
    if (n == strlen("成本指标") && memcmp(k, "成本指标", n) == 0) {
        /* 2020: a 二级 of 产出指标; 2024: a 一级 with its own 二级 (经济成本指标 …) */
        if (points) return 1;
        if (next && ind_level(c, next, NULL) == 2) return 1;
        return 2;
    }
    return 0;
}

static bool is_number_cell(const js_srccell *cell)
{
    js_num num;
    return js_num_parse(cell->text, cell->len, &num) == JS_NUM_VALUE;
}

static const char *cell_key_dup(pctx *c, const js_srccell *cell)
{
    const char *k = cell_key(c, cell);
    return js_arena_strdup(c->doc->arena, k);
}

/* The 一级 / 二级 names at f[a..] (named by the form), carried down to the rows
 * below; returns the index of the first cell after them. */
static int ind_levels(pctx *c, const js_srccell *const *f, int nf)
{
    int a = 0;
    while (a < nf && strcmp(cell_key(c, f[a]), "绩效指标") == 0)
        a++;
    for (int guard = 0; a < nf && guard < 3; guard++, a++) {
        int lv = ind_level(c, f[a], a + 1 < nf ? f[a + 1] : NULL);
        if (lv == 1) {
            c->l1 = cell_key_dup(c, f[a]);
            c->l2 = NULL;
        } else if (lv == 2) {
            c->l2 = cell_key_dup(c, f[a]);
        } else {
            break;
        }
    }
    return a;
}

/* The cells of an indicator row after its 一级/二级 names: name, target, result,
 * weight and score. */
typedef struct ind_cells {
    const js_srccell *l3, *tg, *rs, *wc, *sc;
    int a, body_end, nb;
} ind_cells;

static void ind_split(const js_srccell *const *f, int a, int nf, ind_cells *ic)
{
    memset(ic, 0, sizeof *ic);
    int b = nf; /* [a, b) are the rest */
    int nnum = 0;
    for (int i = a; i < b; i++)
        if (is_number_cell(f[i])) nnum++;
    if (nnum > 0)
        while (b > a && !is_number_cell(f[b - 1]))
            b--; /* 偏差原因分析 */
    int run = 0;
    while (run < 2 && b - run > a && is_number_cell(f[b - run - 1]))
        run++;
    if (run >= 1) ic->wc = f[b - run];
    if (run == 2) ic->sc = f[b - 1];
    ic->a = a;
    ic->body_end = b - run;
    ic->nb = ic->body_end - a;
    if (ic->nb >= 1) ic->l3 = f[a];
    if (ic->nb == 2) ic->tg = f[a + 1];
    if (ic->nb >= 3) {
        ic->tg = f[ic->body_end - 2];
        ic->rs = f[ic->body_end - 1];
    }
}

static void ind_fill(pctx *c, js_perf_ind *d, const js_srccell *const *f, const ind_cells *ic,
                     const js_srcline *ln)
{
    d->l1 = c->l1;
    d->l2 = c->l2;
    if (ic->nb > 3) {
        /* a 三级 name printed over several cells */
        js_buf b3;
        js_buf_init(&b3);
        for (int i = ic->a; i < ic->body_end - 2; i++)
            js_buf_append(&b3, f[i]->text, f[i]->len);
        d->l3 = cell_text(c, b3.data ? b3.data : "", b3.len);
        js_buf_release(&b3);
    } else if (ic->l3) {
        d->l3 = cell_text(c, ic->l3->text, ic->l3->len);
    }
    if (ic->tg) d->target = cell_text(c, ic->tg->text, ic->tg->len);
    if (ic->rs) d->result = cell_text(c, ic->rs->text, ic->rs->len);
    js_num num;
    bool pct;
    if (ic->wc && parse_val(ic->wc->text, ic->wc->len, &num, &pct) == JS_NUM_VALUE)
        set_pval(c, &d->weight, ic->wc, ln, num);
    if (ic->sc && parse_val(ic->sc->text, ic->sc->len, &num, &pct) == JS_NUM_VALUE)
        set_pval(c, &d->score, ic->sc, ln, num);
    d->loc = ln->loc;
}

static int read_ind_row(pctx *c, const js_srcline *ln)
{
    enum { MAXC = 32 };
    const js_srccell *f[MAXC];
    int nf = 0;
    for (int i = 0; i < ln->ncells && nf < MAXC; i++)
        if (ln->cells[i].len > 0) f[nf++] = &ln->cells[i];
    ind_cells ic;
    ind_split(f, ind_levels(c, f, nf), nf, &ic);
    if (!ic.l3 && !ic.tg && !ic.wc) return JS_OK; /* only 一级/二级 names: carried down */
    if (ic.l3 && ic.nb == 1 && !ic.wc && c->p->ninds > 0) {
        /* the rest of a wrapped 三级指标 ("长期发布政" / "府信息") */
        js_perf_ind *prev = &c->p->inds[c->p->ninds - 1];
        const char *more = cell_text(c, ic.l3->text, ic.l3->len);
        if (more && prev->l3) prev->l3 = js_arena_printf(c->doc->arena, "%s%s", prev->l3, more);
        return JS_OK;
    }
    js_perf_ind *d = ind_add(c);
    if (!d) return JS_EINTERNAL;
    memset(d, 0, sizeof *d);
    ind_fill(c, d, f, &ic, ln);
    return JS_OK;
}

/* ---- 总分 and 等级 ---------------------------------------------------------- */

static void read_grade(pctx *c, const js_srccell *cell, const js_srcline *ln)
{
    const char *k = cell_key(c, cell);
    const char *g = strstr(k, "等级");
    if (!g) return;
    g += strlen("等级");
    if (*g == ':') g++;
    if (!*g || strcmp(g, "/") == 0 || strcmp(g, "-") == 0) return;
    c->p->grade = js_arena_strdup(c->doc->arena, g);
    c->p->grade_loc = ln->loc;
}

static void read_total_row(pctx *c, const js_srcline *ln, int at)
{
    int k = 0;
    for (int i = at + 1; i < ln->ncells; i++) {
        const js_srccell *cell = &ln->cells[i];
        if (cell->len == 0) continue;
        if (key_has(c, cell, "等级")) {
            read_grade(c, cell, ln);
            continue;
        }
        js_num num;
        bool pct;
        int r = parse_val(cell->text, cell->len, &num, &pct);
        if (r == JS_NUM_NONE) continue;
        if (r == JS_NUM_VALUE && k == 0) set_pval(c, &c->p->total_weight, cell, ln, num);
        if (r == JS_NUM_VALUE && k == 1) set_pval(c, &c->p->total_score, cell, ln, num);
        k++;
    }
}

/* ---- the table ------------------------------------------------------------ */

static int title_kind(pctx *c, const js_srcline *ln)
{
    if (ln->blank || ln->len > 160) return 0;
    /* normalising maps no CJK character: without 评 in the line there is no 绩效自评表 */
    if (!js_memstr(ln->text, ln->len, "评")) return 0;
    const char *k = keyof(c, ln->text, ln->len);
    if (!strstr(k, "绩效自评表") || js_startswith(k, "附件")) return 0;
    if (strstr(k, "。")) return 0;
    js_heading_num h;
    if (js_heading_parse(k, strlen(k), &h) > 0)
        return 0; /* "2、2020年度项目支出绩效自评表": a list */
    if (strstr(k, "部门整体") || strstr(k, "整体支出")) return 1;
    if (strstr(k, "项目")) return 2;
    return 1;
}

/* A line listing the attachments ("附件：1、…绩效自评表", "2、…自评表", "附件 1"). */
static bool annex_line(pctx *c, const js_srcline *ln)
{
    if (ln->blank || ln->len > 160) return false;
    /* it needs 自评表 or to start with 附件 (normalising maps no CJK character) */
    if (!js_memstr(ln->text, ln->len, "评") && !js_memstr(ln->text, ln->len, "附")) return false;
    const char *k = keyof(c, ln->text, ln->len);
    if (strstr(k, "。")) return false;
    if (strstr(k, "自评表")) return true;
    if (js_startswith(k, "附件")) {
        const char *r = k + strlen("附件");
        for (int guard = 0; *r && guard < 32; guard++) {
            if (strchr("0123456789-:.", *r))
                r++;
            else if (js_startswith(r, "、"))
                r += strlen("、");
            else
                break;
        }
        return *r == '\0';
    }
    return false;
}

/* The 备注 line at j and its further lines ("2.总分设置为 100 分，等级划分为…"): the
 * last of them. */
static int note_lines(pctx *c, int j, unsigned char *kind)
{
    const js_srcdoc *src = c->src;
    kind[j] = JS_LINE_PERF;
    int last = j, more = 0;
    for (int m = j + 1; m < src->nlines && more < 3; m++) {
        const js_srcline *l2 = &src->lines[m];
        if (kind[m] != JS_LINE_TEXT) break;
        if (l2->blank) continue;
        const char *k2 = keyof(c, l2->text, l2->len);
        if (title_kind(c, l2) || annex_line(c, l2)) break;
        if (!strstr(k2, "总分") && !strstr(k2, "等级") && !strstr(k2, "执行率") &&
            !strstr(k2, "分以下") && !strstr(k2, "为差"))
            break;
        kind[m] = JS_LINE_PERF;
        last = m;
        more++;
    }
    return last;
}

/* The first non-empty cell after i of ln (not "/" when no_slash): its text, or NULL. */
static const char *name_after(pctx *c, const js_srcline *ln, int i, bool skip_slash)
{
    for (int m = i + 1; m < ln->ncells; m++) {
        if (ln->cells[m].len == 0) continue;
        if (strcmp(ln->cells[m].text, "/") == 0) {
            if (skip_slash) continue;
            return NULL;
        }
        return js_arena_strndup(c->doc->arena, ln->cells[m].text, ln->cells[m].len);
    }
    return NULL;
}

enum { M_NONE, M_FUND, M_GOAL, M_IND };

/* A line naming the unit or project, a header or the 总分 row (from cell first
 * on): true, *mode set to what the rows below it are. */
static bool mode_line(pctx *c, const js_srcline *ln, int first, int kindv, int *mode)
{
    for (int i = first; i < ln->ncells; i++) {
        const js_srccell *cell = &ln->cells[i];
        if (cell->len == 0) continue;
        const char *k = cell_key(c, cell);
        if (js_startswith(k, "部门名") && kindv == 1) {
            const char *n = name_after(c, ln, i, true);
            if (n) c->p->name = n;
        } else if ((strcmp(k, "专项名称") == 0 || strcmp(k, "项目名称") == 0) && kindv == 2) {
            const char *n = name_after(c, ln, i, false);
            if (n) c->p->name = n;
        } else if (strstr(k, "预算") && (strstr(k, "年初预算") || strstr(k, "全年预算"))) {
            /* each pair looked for only when the part they share is there: one strstr
             * instead of two for most cells */
            if (read_fund_header(c, ln)) *mode = M_FUND;
        } else if (strstr(k, "级指标") && (strstr(k, "一级指标") || strstr(k, "二级指标"))) {
            *mode = M_IND;
        } else if (strcmp(k, "总分") == 0) {
            read_total_row(c, ln, i);
            *mode = M_NONE;
        } else if (strstr(k, "目标") && (strstr(k, "年度总体目标") || strstr(k, "预期目标"))) {
            *mode = M_GOAL;
        } else {
            continue;
        }
        return true;
    }
    return false;
}

/* A row of the table (its kind by mode). */
static int row_of(pctx *c, const js_srcline *ln, int first, int mode)
{
    if (mode == M_IND) return read_ind_row(c, ln);
    if (mode != M_FUND) return JS_OK;
    for (int i = first; i < ln->ncells; i++) {
        if (ln->cells[i].len == 0) continue;
        const char *name = fund_name(c, &ln->cells[i]);
        if (name) return read_fund_row(c, ln, i, name);
    }
    return JS_OK;
}

static int read_table(pctx *c, int start, unsigned char *kind, int kindv, int *end)
{
    const js_srcdoc *src = c->src;
    js_perf *p = js_doc_perf_add(c->doc, kindv);
    if (!p) return JS_EINTERNAL;
    c->p = p;
    p->loc = src->lines[start].loc;
    c->have_fund_hdr = false;
    c->l1 = c->l2 = NULL;
    kind[start] = JS_LINE_PERF;
    int mode = M_NONE;
    int last = start;
    for (int j = start + 1; j < src->nlines; j++) {
        const js_srcline *ln = &src->lines[j];
        if (kind[j] != JS_LINE_TEXT) break;
        if (ln->blank) continue;
        const char *k0 = key_start(c, ln->text, ln->len, "项目总实施期", "备注");
        bool period = js_startswith(k0, "项目总实施期") > 0;
        if (js_startswith(k0, "备注")) {
            last = note_lines(c, j, kind);
            break;
        }
        if (title_kind(c, ln) || annex_line(c, ln)) break;
        if (!tableish(src, ln) && !period) break;
        js_srcdoc_need_cells(src, j, j + 1, start); /* text: split now */
        /* it may free the blocks of cells before start, and malloc hand the same address
         * out again for other cells: the key kept by address is no longer known good */
        c->key_s = NULL;
        cell_keys_start(c, ln);
        kind[j] = JS_LINE_PERF;
        last = j;
        int first = 0;
        while (first < ln->ncells && ln->cells[first].len == 0)
            first++;
        if (first == ln->ncells || mode_line(c, ln, first, kindv, &mode)) continue;
        if (row_of(c, ln, first, mode) != JS_OK) return JS_EINTERNAL;
    }
    c->ck_line = NULL; /* the rows' cells may be freed from now on */
    /* the grade may stand on its own line after 总分 */
    *end = last;
    return JS_OK;
}

int js_recognize_perf(const js_ctx *ctx, const js_srcdoc *src, unsigned char *line_kind,
                      js_doc *doc, js_err *err)
{
    (void)ctx;
    pctx c;
    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.src = src;
    js_buf_init(&c.key);
    js_buf_init(&c.ck);
    int rc = JS_OK;
    for (int i = 0; i < src->nlines && rc == JS_OK; i++) {
        if (line_kind[i] != JS_LINE_TEXT) continue;
        int kv = title_kind(&c, &src->lines[i]);
        if (!kv) continue;
        /* a title is followed (within a few lines) by table rows */
        int j = i + 1, seen = 0;
        while (j < src->nlines && seen < 3) {
            if (!src->lines[j].blank) {
                if (tableish(src, &src->lines[j])) break;
                seen++;
            }
            j++;
        }
        if (j >= src->nlines || seen > 0 || line_kind[j] != JS_LINE_TEXT) continue;
        /* the "附件 1" line and the list of attachments just above belong to it */
        for (int b = i - 1, k = 0; b >= 0 && k < 6; b--) {
            if (line_kind[b] != JS_LINE_TEXT) break;
            if (src->lines[b].blank) continue;
            if (!annex_line(&c, &src->lines[b])) break;
            line_kind[b] = JS_LINE_PERF;
            k++;
        }
        int end = i;
        rc = read_table(&c, i, line_kind, kv, &end);
        if (rows_settle(&c) != JS_OK) rc = JS_EINTERNAL;
        c.p = NULL;
        i = end;
    }
    bool oom = c.key.oom;
    js_buf_release(&c.key);
    js_buf_release(&c.ck);
    free(c.funds);
    free(c.inds);
    if (rc != JS_OK || oom) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
    return JS_OK;
}
