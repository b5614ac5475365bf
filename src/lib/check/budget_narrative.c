/*
 * budget_narrative.c - the narrative of a budget disclosure (部门预算编制说明,
 * 情况说明, 其他相关情况说明, 项目经费情况说明) against its tables and itself
 * (docs/budgets.md). The text is read as blocks (a heading with its
 * paragraphs) through the claim extractor of the final-accounts rules
 * (claims.h); what an amount restates comes from the form's say records, the
 * 类/款/项 it names, or the sentence it stands in.
 */
#include "budget_check.h"
#include "claims.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct seg {
    size_t start;     /* offset of this piece in the block's text */
    const js_para *p; /* NULL: the heading's title */
    js_loc loc;
} seg;

typedef struct wrong { /* an amount of the block that is not its table cell (B-AMOUNT) */
    size_t off;        /* the claim's offset */
    js_amount table;   /* the cell's value */
    js_amount said;    /* as stated */
    const char *what;  /* the cell ("Y05表2081005"), in the checker's arena */
    int id;            /* the finding */
} wrong;

typedef struct block {
    js_buf text;
    seg segs[64];
    int nseg;
    const char *sec;
    js_claims cl;
    wrong wrong[16];
    int nwrong;
} block;

typedef struct growth { /* a growth statement seen, for B-CONSIST */
    js_amount cur, change;
    int sign;
    js_where w;
} growth;

typedef struct rate_made {
    js_amount p, q;
    int64_t mant;
    int dec, id;
} rate_made;

typedef struct proj { /* a 项目经费情况说明's 年度预算安排 */
    js_amount amount;
    js_num num;
    char name[96];
    js_where w;
} proj;

typedef struct nctx {
    js_bchk *b;
    js_arena *a;
    growth seen[64];
    int nseen;
    bool consist_done;
    int template_first, year_first;
    rate_made rates[32]; /* growth findings made: the same rate of the same figures is "同前" */
    int nrates;
    char proj_name[96]; /* the last "…项目经费情况说明" title seen */
    proj projs[64];
    int nproj;
    bool has_perf; /* "涉及项目预算资金 S 万元" (绩效目标设置情况) */
    js_amount perf;
    js_num perf_num;
    js_where perf_w;
} nctx;

static js_where where_at(const block *k, size_t off)
{
    js_where w = {.section = k->sec};
    const seg *s = &k->segs[0];
    for (int i = 0; i < k->nseg && k->segs[i].start <= off; i++)
        s = &k->segs[i];
    w.loc = s->loc;
    if (s->p) w.loc.line = js_para_line_at(s->p, off - s->start);
    return w;
}

static void add_seg(block *k, const char *text, const js_para *p, js_loc loc)
{
    if (!text || !*text || k->nseg >= 64) return;
    k->segs[k->nseg++] = (seg){k->text.len, p, loc};
    js_buf_puts(&k->text, text);
}

/* ---- numbers ------------------------------------------------------------------------ */

static const char *fmt_num(js_num n, char *buf, size_t size)
{
    return js_num_fmt(n, buf, size);
}

/* Half the last printed digit of an amount in 万元, in fen. */
static long double half_fen(js_num n)
{
    /* whole 万元 may be rounded; otherwise a figure is exact to the fen (0.01 万元) even
       when its trailing zeros are not printed ("304.4") */
    return n.dec == 0 ? 500000.0L : 5000.0L;
}

/* Does a percentage printed as x (its decimals) lie within [lo, hi] (in %) once rounded? */
static bool pct_fits(js_num x, long double lo, long double hi)
{
    long double v = (long double)x.mant, h = 0.5L;
    for (int i = 0; i < x.dec; i++) {
        v /= 10;
        h /= 10;
    }
    return v + h >= lo - 1e-12L && v - h <= hi + 1e-12L;
}

/* |x - p/q in %| is at most one unit of x's last digit? */
static bool pct_near(js_num x, js_amount p, js_amount q)
{
    js_num e = js_ratio(p, q, x.dec, true);
    int64_t d = e.mant - x.mant;
    return d >= -1 && d <= 1;
}

/* ---- growth rates ----------------------------------------------------------------------- */

static bool is_amount(const js_claim *c)
{
    return c->kind == JS_CL_AMOUNT || c->kind == JS_CL_BUDGET || c->kind == JS_CL_ACTUAL;
}

static void report_rate(nctx *x, block *k, const js_claim *r, js_amount p, js_amount q,
                        long double lo, long double hi, const char *how)
{
    if (q <= 0) return;
    if (pct_fits(r->num, lo * 100, hi * 100)) return;
    js_num e = js_ratio(p, q, r->num.dec, true);
    char sb[40], eb[40];
    fmt_num(r->num, sb, sizeof sb);
    fmt_num(e, eb, sizeof eb);
    int sev = pct_near(r->num, p, q) ? JS_SEV_WARNING : JS_SEV_ERROR;
    int first = 0; /* the same statement repeated (总计 restated in 说明四, 五, 七) */
    for (int i = 0; i < x->nrates && !first; i++)
        if (x->rates[i].p == p && x->rates[i].q == q && x->rates[i].mant == r->num.mant &&
            x->rates[i].dec == r->num.dec)
            first = x->rates[i].id;
    js_finding *f = js_report(x->b->ck, JS_R_B_GROWTH, sev, where_at(k, r->off), sb, eb,
                              "说明%s：%s%s%%，%s计算应为%s%%%s", k->sec, r->word ? r->word : "",
                              sb, how, eb, first ? "（同前）" : "");
    if (f && first) f->cause = first;
    if (f && !first && x->nrates < 32)
        x->rates[x->nrates++] = (rate_made){p, q, r->num.mant, r->num.dec, f->id};
}

/* The rate r restated from an amount cur and its change ch: A / (cur - sign A). */
static void rate_from_change(nctx *x, block *k, const js_claim *r, const js_claim *cur,
                             const js_claim *ch)
{
    js_amount A = ch->amount, C = cur->amount;
    int s = ch->sign;
    if (r->sign && s && r->sign != s) {
        js_report(x->b->ck, JS_R_B_GROWTH, JS_SEV_ERROR, where_at(k, r->off), r->word, ch->word,
                  "说明%s：%s%s万元却说%s%s%%，增减方向前后不一", k->sec, ch->word, ch->text,
                  r->word, r->text);
        return;
    }
    long double a = (long double)A, c = (long double)C, ha = half_fen(ch->num),
                hc = half_fen(cur->num);
    long double lo = s > 0 ? (a - ha) / (c + hc - (a - ha)) : (a - ha) / (c + hc + (a - ha));
    long double hi = s > 0 ? (a + ha) / (c - hc - (a + ha)) : (a + ha) / (c - hc + (a + ha));
    if (lo < 0) lo = 0;
    char how[160], cb[40];
    snprintf(how, sizeof how, "按本年%s万元、%s%s万元", fmt_num(cur->num, cb, sizeof cb),
             ch->word ? ch->word : "", ch->text);
    report_rate(x, k, r, A, s > 0 ? C - A : C + A, lo, hi, how);
    if (x->nseen < 64) x->seen[x->nseen++] = (growth){C, A, s, where_at(k, ch->off)};
}

/* Does the rate r fit when this year's amount cur, found wrong against its table cell
 * (B-AMOUNT, amounts() runs first), is taken as the cell ("预算安排201.50" for 208.80, "增加
 * 5.27%" right for 208.80): then the amount is the one slip. */
static bool rate_fits_table(const block *k, const js_claim *r, const js_claim *base,
                            const js_claim *cur)
{
    for (int i = 0; i < k->nwrong; i++) {
        if (k->wrong[i].off != cur->off || base->amount <= 0) continue;
        long double b = (long double)base->amount, c = (long double)k->wrong[i].table,
                    hb = half_fen(base->num);
        long double lo = (c - (b + hb)) / (b + hb), hi = (c - (b - hb)) / (b - hb);
        if (c < b) {
            long double t = -lo;
            lo = -hi;
            hi = t;
        }
        return pct_fits(r->num, lo * 100, hi * 100);
    }
    return false;
}

/* The rate r between a base amount (上年, 执行数) and the amount of this year. */
static void rate_from_amounts(nctx *x, block *k, const js_claim *r, const js_claim *base,
                              const js_claim *cur)
{
    js_amount d = cur->amount - base->amount;
    int s = d > 0 ? 1 : d < 0 ? -1 : 0;
    if (r->sign && s && r->sign != s) {
        js_report(x->b->ck, JS_R_B_GROWTH, JS_SEV_ERROR, where_at(k, r->off), r->word, NULL,
                  "说明%s：由%s万元到%s万元却说%s%s%%，增减方向不符", k->sec, base->text, cur->text,
                  r->word, r->text);
        return;
    }
    long double b = (long double)base->amount, c = (long double)cur->amount,
                hb = half_fen(base->num), hc = half_fen(cur->num);
    long double v1 = (c - hc - (b + hb)) / (b + hb), v2 = (c + hc - (b - hb)) / (b - hb);
    if (s < 0) {
        long double t = -v1;
        v1 = -v2;
        v2 = t;
    }
    if (!pct_fits(r->num, v1 * 100, v2 * 100) && rate_fits_table(k, r, base, cur))
        return; /* the amount is the slip (B-AMOUNT), not the rate */
    char how[160];
    snprintf(how, sizeof how, "按%s万元和%s万元", base->text, cur->text);
    report_rate(x, k, r, s < 0 ? -d : d, base->amount, v1, v2, how);
}

/* A percentage right after 增加/减少/增幅/降低 ("增加7.57%") is a rate too. */
static void pct_rates(block *k)
{
    static const char *const UP[] = {"增加", "增幅", "增长了", NULL}, *const DOWN[] = {
                                                                          "减少", "降低", "下降了",
                                                                          "减少了", NULL};
    for (int i = 0; i < k->cl.n; i++) {
        js_claim *c = &k->cl.items[i];
        if (c->kind != JS_CL_PCT) continue;
        const char *s = k->text.data;
        size_t off = c->off;
        while (off > 0 && s[off - 1] == ' ')
            off--;
        for (int d = 0; d < 2; d++)
            for (const char *const *w = d ? DOWN : UP; *w; w++) {
                size_t m = strlen(*w);
                if (off >= m && strncmp(s + off - m, *w, m) == 0) {
                    c->kind = JS_CL_RATE;
                    c->sign = d ? -1 : 1;
                    c->word = *w;
                }
            }
    }
}

static void growth_rates(nctx *x, block *k)
{
    js_claims *cl = &k->cl;
    pct_rates(k);
    for (int i = 0; i < cl->n; i++) {
        const js_claim *r = &cl->items[i];
        if (r->kind != JS_CL_RATE) continue;
        int ch = -1, am[2] = {-1, -1}, na = 0;
        for (int j = i - 1; j >= 0; j--) {
            const js_claim *c = &cl->items[j];
            if (c->kind == JS_CL_RATE) break;
            if (c->kind == JS_CL_CHANGE && ch < 0 && na == 0) ch = j;
            if (is_amount(c) && (ch >= 0 || c->sentence == r->sentence) && na < 2) am[na++] = j;
            if (ch >= 0 && na) break;
        }
        if (ch >= 0 && na)
            rate_from_change(x, k, r, &cl->items[am[0]], &cl->items[ch]);
        else if (ch < 0 && na == 2 && cl->items[am[1]].sentence == r->sentence)
            rate_from_amounts(x, k, r, &cl->items[am[1]], &cl->items[am[0]]);
    }
}

/* Two statements about the same amount with different changes (B-CONSIST). */
static void consistency(nctx *x, block *k)
{
    (void)k;
    for (int i = 1; i < x->nseen && !x->consist_done; i++)
        for (int j = 0; j < i; j++) {
            const growth *a = &x->seen[j], *c = &x->seen[i];
            if (a->cur != c->cur || a->change == c->change || a->sign != c->sign) continue;
            char ab[40], cb[40], vb[40];
            js_report(x->b->ck, JS_R_B_CONSIST, JS_SEV_WARNING, c->w,
                      js_fmt_amount(c->change, JS_UNIT_WANYUAN, cb, sizeof cb),
                      js_fmt_amount(a->change, JS_UNIT_WANYUAN, ab, sizeof ab),
                      "说明%s：本年%s万元比上年增减%s万元，与说明%s对同一金额所述%s万元不一致",
                      c->w.section, js_fmt_amount(c->cur, JS_UNIT_WANYUAN, vb, sizeof vb), cb,
                      a->w.section, ab);
            x->consist_done = true;
            break;
        }
}

/* ---- shares ------------------------------------------------------------------------------ */

static bool whole_of(nctx *x, const block *k, int i, const js_claim *sh, js_amount *whole,
                     js_num *wn)
{
    if (strstr(sh->label, "三公")) {
        js_loc loc;
        const js_btable *bt = NULL;
        js_table *t = js_bchk_role(x->b, "sangong", &bt);
        if (!t) return false;
        const char *col = js_table_col(t, "三公经费:小计") >= 0 ? "三公经费:小计" : "合计";
        char e[96];
        snprintf(e, sizeof e, "sangong:三公经费[%s]", col);
        if (!js_bchk_target(x->b, e, whole, &loc)) return false;
        wn->mant = *whole / 10000; /* 万元 with two decimals */
        wn->dec = 2;
        return true;
    }
    for (int j = i - 1; j >= 0; j--) {
        const js_claim *c = &k->cl.items[j];
        if (is_amount(c) && (strstr(c->label, "合计") || strstr(c->label, "总计"))) {
            *whole = c->amount;
            *wn = c->num;
            return true;
        }
    }
    return false;
}

static void shares(nctx *x, block *k)
{
    js_claims *cl = &k->cl;
    for (int i = 1; i < cl->n; i++) {
        const js_claim *sh = &cl->items[i];
        if (sh->kind != JS_CL_SHARE) continue;
        const js_claim *part = &cl->items[i - 1];
        if (!is_amount(part) || part->sentence != sh->sentence) continue;
        js_amount whole;
        js_num wn;
        if (!whole_of(x, k, i - 1, sh, &whole, &wn) || whole <= 0) continue;
        long double p = (long double)part->amount, w = (long double)whole, hp = half_fen(part->num),
                    hw = half_fen(wn);
        if (pct_fits(sh->num, (p - hp) / (w + hw) * 100, (p + hp) / (w - hw) * 100)) continue;
        js_num e = js_ratio(part->amount, whole, sh->num.dec, true);
        char sb[40], eb[40], wb[40];
        int sev = pct_near(sh->num, part->amount, whole) ? JS_SEV_ROUNDING : JS_SEV_ERROR;
        js_report(x->b->ck, JS_R_B_SHARE, sev, where_at(k, sh->off),
                  fmt_num(sh->num, sb, sizeof sb), fmt_num(e, eb, sizeof eb),
                  "说明%s：%s万元占%s%s%%，按%s万元计算应为%s%%%s", k->sec, part->text,
                  sh->label[0] ? sh->label : "合计的", sb,
                  js_fmt_amount(whole, JS_UNIT_WANYUAN, wb, sizeof wb), eb,
                  sev == JS_SEV_ROUNDING ? "（尾数调整所致）" : "");
    }
}

/* ---- amounts against the tables ------------------------------------------------------------ */

/* The label as the say records compare it: no heading number, quotes or spaces, and without
 * a trailing 为/预算数/预算支出/支出预算/预算. */
static const char *norm_label(const char *label, char *buf, size_t n)
{
    js_buf b;
    js_buf_init(&b);
    js_norm_key(&b, label, strlen(label));
    size_t k = 0;
    for (const char *s = b.data ? b.data : ""; *s && k + 4 < n;) {
        static const char *const DROP[] = {"“", "”", "‘", "’", "\"", NULL};
        size_t m = 0;
        for (int i = 0; DROP[i] && !m; i++)
            m = js_startswith(s, DROP[i]);
        if (m) {
            s += m;
            continue;
        }
        buf[k++] = *s++;
    }
    buf[k] = '\0';
    js_buf_release(&b);
    js_heading_num h;
    size_t hn = js_heading_parse(buf, strlen(buf), &h);
    if (hn) memmove(buf, buf + hn, strlen(buf + hn) + 1);
    static const char *const TAIL[] = {"为", "预算数", "预算支出", "支出预算", "预算", NULL};
    for (bool again = true; again;) {
        again = false;
        size_t l = strlen(buf);
        for (int i = 0; TAIL[i]; i++) {
            size_t m = strlen(TAIL[i]);
            if (l > m && strcmp(buf + l - m, TAIL[i]) == 0) {
                buf[l - m] = '\0';
                again = true;
                break;
            }
        }
    }
    return buf;
}

static const js_bsay *say_for(nctx *x, const char *label)
{
    int n;
    const js_bsay *says = js_bforms_says(x->b->bf, &n);
    const js_bsay *best = NULL;
    size_t bl = 0, ll = strlen(label);
    for (int i = 0; i < n; i++) {
        if (strcmp(says[i].form, x->b->doc->form) != 0) continue;
        for (int k = 0; k < says[i].nwords; k++) {
            const char *w = says[i].words[k];
            bool exact = w[0] == '=';
            if (exact) w++;
            size_t wl = strlen(w);
            bool hit = exact ? strcmp(label, w) == 0 : ll >= wl && strcmp(label + ll - wl, w) == 0;
            if (hit && wl > bl) {
                best = &says[i];
                bl = wl;
            }
        }
    }
    return best;
}

/* Compare a stated amount (万元, as printed) with a table value (fen). */
static void compare(nctx *x, block *k, const js_claim *c, js_amount v, const char *what)
{
    js_num tv = js_ratio(v, JS_FEN_PER_WANYUAN, c->num.dec, false);
    if (tv.mant == c->num.mant) return;
    char sb[40], eb[40];
    int64_t d = tv.mant - c->num.mant;
    int sev = d >= -1 && d <= 1 ? JS_SEV_WARNING : JS_SEV_ERROR;
    const wrong *same = NULL; /* the same cell stated with the same amount before in the block */
    for (int i = 0; i < k->nwrong && !same; i++)
        if (k->wrong[i].said == c->amount && !strcmp(k->wrong[i].what, what)) same = &k->wrong[i];
    js_finding *f =
        js_report(x->b->ck, JS_R_B_AMOUNT, sev, where_at(k, c->off), fmt_num(c->num, sb, sizeof sb),
                  fmt_num(tv, eb, sizeof eb), "说明%s：%s%s万元，与%s的%s万元不符%s", k->sec,
                  c->label, sb, what, eb, same ? "（同前）" : "");
    if (f && same) f->cause = same->id;
    const char *w = js_arena_strdup(x->a, what);
    if (f && w && k->nwrong < 16)
        k->wrong[k->nwrong++] = (wrong){c->off, v, c->amount, w, same ? same->id : f->id};
}

static js_table *item_table(nctx *x, const js_btable **bt)
{
    static const char *const ROLES[] = {"fiscal_func", "gpb_func", "expend", NULL};
    for (int i = 0; ROLES[i]; i++) {
        js_table *t = js_bchk_role(x->b, ROLES[i], bt);
        if (t) return t;
    }
    return NULL;
}

static bool name_is(const char *row, const char *said)
{
    if (!row || !said || !*said) return false;
    if (js_name_eq(row, said)) return true;
    size_t n = strlen(said), m = strlen("支出");
    if (n > m && strcmp(said + n - m, "支出") == 0) {
        char b[256];
        snprintf(b, sizeof b, "%.*s", (int)(n - m), said);
        return js_name_eq(row, b);
    }
    return false;
}

static int cmp_cp(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* The same characters in another order (at least four, not the same name). */
static bool same_chars(const char *a, const char *b)
{
    if (!a || !b || strcmp(a, b) == 0 || strlen(a) != strlen(b)) return false;
    int32_t ca[64], cb[64];
    int na = 0, nb = 0;
    for (size_t i = 0; a[i] && na < 64; na++)
        i += (size_t)js_utf8_decode(a + i, strlen(a + i), &ca[na]);
    for (size_t i = 0; b[i] && nb < 64; nb++)
        i += (size_t)js_utf8_decode(b + i, strlen(b + i), &cb[nb]);
    if (na != nb || na < 4 || na >= 64) return false;
    qsort(ca, (size_t)na, sizeof *ca, cmp_cp);
    qsort(cb, (size_t)nb, sizeof *cb, cmp_cp);
    return memcmp(ca, cb, (size_t)na * sizeof *ca) == 0;
}

/* The name before marker ("(项)", "(01项)") in a normalised label, after the previous ")". */
static bool part_before(const char *label, const char *unit, char *name, size_t n, char *digits)
{
    char mk[16];
    snprintf(mk, sizeof mk, "%s)", unit);
    const char *m = strstr(label, mk);
    if (!m) return false;
    const char *open = m;
    while (open > label && open[-1] != '(')
        open--;
    if (open == label) return false;
    size_t dl = (size_t)(m - open);
    snprintf(digits, 8, "%.*s", (int)(dl < 7 ? dl : 7), open);
    const char *start = open - 1;
    while (start > label && start[-1] != ')')
        start--;
    snprintf(name, n, "%.*s", (int)(open - 1 - start), start);
    return true;
}

/* 类/款/项 named in the label: the row of the 功能分类 table it restates. */
static const js_row *item_row(nctx *x, const char *label, js_table **tp, const char **swapped)
{
    char xm[128], km[128], lm[128], xd[8] = "", kd[8] = "", ld[8] = "";
    if (!part_before(label, "项", xm, sizeof xm, xd)) return NULL;
    part_before(label, "款", km, sizeof km, kd);
    part_before(label, "类", lm, sizeof lm, ld);
    js_table *t = item_table(x, NULL);
    if (!t || !js_table_has_values(t)) return NULL;
    *tp = t;
    if (strlen(ld) == 3 && strlen(kd) == 2 && strlen(xd) == 2) {
        char code[32];
        snprintf(code, sizeof code, "%s%s%s", ld, kd, xd);
        return js_table_row(t, code);
    }
    const js_row *found = NULL;
    int n = 0;
    for (int r = 0; r < t->nrows; r++) {
        const js_row *row = &t->rows[r];
        if (!row->code || strlen(row->code) != 7 || !name_is(row->name, xm)) continue;
        char pk[6];
        snprintf(pk, sizeof pk, "%.5s", row->code);
        const js_row *parent = js_table_row(t, pk);
        if (n && parent && !name_is(parent->name, km)) continue;
        found = row;
        n++;
    }
    if (n >= 1 || !km[0]) return n >= 1 ? found : NULL;
    /* "法院（款）一般行政事务管理（项）": the 项 of the named 款 whose name has the same
     * characters in another order (一般行政管理事务): that row, the name a slip (*swapped) */
    for (int r = 0; r < t->nrows; r++) {
        const js_row *row = &t->rows[r];
        char pk[6];
        snprintf(pk, sizeof pk, "%.5s", row->code ? row->code : "");
        const js_row *parent = js_table_row(t, pk);
        if (!row->code || strlen(row->code) != 7 || !parent || !name_is(parent->name, km) ||
            !same_chars(row->name, xm))
            continue;
        found = row;
        n++;
    }
    if (n == 1 && swapped) *swapped = js_arena_strdup(x->a, xm);
    return n == 1 ? found : NULL;
}

/* A 类 named in the label ("公共安全(类)支出", "一般公共服务支出科目"): its 总表 row. */
static bool class_value(nctx *x, const char *label, js_amount *v, char *what, size_t wn)
{
    char name[128];
    const char *m = strstr(label, "(类)");
    size_t ll = strlen(label), kl = strlen("科目");
    if (m && !strstr(label, "款)") && !strstr(label, "项)"))
        snprintf(name, sizeof name, "%.*s支出", (int)(m - label), label);
    else if (!m && ll > kl && strcmp(label + ll - kl, "科目") == 0)
        snprintf(name, sizeof name, "%.*s", (int)(ll - kl), label);
    else
        return false;
    const char *code = js_catalog_func_class(x->b->ck->ctx->catalog, name);
    if (!code) return false;
    char e[96];
    js_table *t = js_bchk_role(x->b, "total", NULL);
    if (!t) return false;
    snprintf(e, sizeof e, "total:支出:%s[%s]", code, t->cols[t->ncols > 1 ? 1 : 0]);
    js_loc loc;
    if (!js_bchk_target(x->b, e, v, &loc) &&
        !(snprintf(e, sizeof e, "total:支出:%s[%s]", code, t->cols[0]) > 0 &&
          js_bchk_target(x->b, e, v, &loc)))
        return false;
    snprintf(what, wn, "%s表%s类", js_table_id(t->no), code);
    return true;
}

static void amounts(nctx *x, block *k)
{
    js_claims *cl = &k->cl;
    const js_row *item = NULL;
    js_table *it = NULL;
    for (int i = 0; i < cl->n; i++) {
        const js_claim *c = &cl->items[i];
        if (!is_amount(c) || c->paren || !c->label || c->num.dec > 2) continue;
        static const char *const CHANGE[] = {"上年", "增加", "减少", "原因", "压减",
                                             "调整", "新增", "较",   NULL};
        bool change = false;
        for (int w = 0; CHANGE[w] && !change; w++)
            change = strstr(c->label, CHANGE[w]) != NULL;
        if (change) continue; /* an amount of change or of last year, not of a table */
        char lb[512], what[128];
        norm_label(c->label, lb, sizeof lb);
        js_amount v;
        const char *swapped = NULL;
        const js_row *row = item_row(x, lb, &it, &swapped);
        if (row && swapped)
            js_report(x->b->ck, JS_R_B_NAME, JS_SEV_WARNING, where_at(k, c->off), swapped,
                      row->name, "说明%s：所称“%s（项）”，%s表%s名称为“%s”", k->sec, swapped,
                      js_table_id(it->no), row->code, row->name);
        if (row) {
            item = row;
            snprintf(what, sizeof what, "%s表%s", js_table_id(it->no), row->code);
            compare(x, k, c, row->cells[0].value, what);
            continue;
        }
        if (item && strstr(lb, "预算安排")) { /* "2026年预算安排201.50万元": the item's again */
            snprintf(what, sizeof what, "%s表%s", js_table_id(it->no), item->code);
            compare(x, k, c, item->cells[0].value, what);
            continue;
        }
        if (class_value(x, lb, &v, what, sizeof what)) {
            compare(x, k, c, v, what);
            continue;
        }
        const js_bsay *say = say_for(x, lb);
        js_loc loc;
        if (!say || !js_bchk_target(x->b, say->target, &v, &loc)) continue;
        const char *colon = strchr(say->target, ':');
        char role[32];
        snprintf(role, sizeof role, "%.*s", colon ? (int)(colon - say->target) : 0, say->target);
        js_table *t = js_bchk_role(x->b, role, NULL);
        snprintf(what, sizeof what, "%s表", t ? js_table_id(t->no) : "");
        compare(x, k, c, v, what);
    }
}

/* ---- years, 政府采购, reasons, template words ------------------------------------------------ */

/* The four-digit year just before off in s (…2025年预算), 0 if none. */
static int year_before(const char *s, const char *at)
{
    if (at - s < 4) return 0;
    const char *p = at - 4;
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (p[i] < '0' || p[i] > '9') return 0;
        y = y * 10 + (p[i] - '0');
    }
    return y;
}

static void years(nctx *x, block *k)
{
    const char *s = k->text.data ? k->text.data : "";
    int want = x->b->doc->year - 1;
    static const char *const PAT[] = {"年预算增加",   "年预算减少",       "年预算持平",
                                      "年预算执行数", "年当年预算执行数", NULL};
    for (int i = 0; PAT[i] && want > 0; i++)
        for (const char *p = strstr(s, PAT[i]); p; p = strstr(p + 1, PAT[i])) {
            int y = year_before(s, p);
            if (!y || y == want) continue;
            char yb[16], wb[16];
            snprintf(yb, sizeof yb, "%d", y);
            snprintf(wb, sizeof wb, "%d", want);
            js_finding *f =
                js_report(x->b->ck, JS_R_B_YEAR, JS_SEV_WARNING, where_at(k, (size_t)(p - s)), yb,
                          wb, "说明%s：%d年预算与%d年比较，却写作“%d%s”，应为%d年%s", k->sec,
                          x->b->doc->year, want, y, PAT[i], want, x->year_first ? "（同前）" : "");
            if (f && x->year_first) f->cause = x->year_first;
            if (f && !x->year_first) x->year_first = f->id;
        }
    const char *c = strstr(s, "实施周期");
    if (c) {
        char yb[16];
        snprintf(yb, sizeof yb, "%d年", x->b->doc->year);
        const char *end = strstr(c, "年度预算");
        bool has = false, any = false;
        for (const char *p = c; *p && (!end || p < end) && p < c + 120; p++)
            if (js_startswith(p, "年") && year_before(s, p)) {
                any = true;
                has = has || year_before(s, p) == x->b->doc->year;
            }
        if (any && !has)
            js_report(x->b->ck, JS_R_B_YEAR, JS_SEV_WARNING, where_at(k, (size_t)(c - s)), NULL, yb,
                      "说明%s：%d年预算的项目实施周期不含%d年", k->sec, x->b->doc->year,
                      x->b->doc->year);
    }
}

static void procurement(nctx *x, block *k)
{
    js_claims *cl = &k->cl;
    for (int i = 0; i < cl->n; i++) {
        const js_claim *t = &cl->items[i];
        if (!is_amount(t) || !strstr(t->label, "政府采购") || strstr(t->label, "货物") ||
            strstr(t->label, "工程") || strstr(t->label, "服务") || strstr(t->label, "中小企业"))
            continue;
        static const char *const PARTS[] = {"货物", "工程", "服务"};
        js_amount sum = 0;
        int n = 0;
        for (int p = 0; p < 3; p++)
            for (int j = i + 1; j < cl->n && j < i + 8; j++)
                if (is_amount(&cl->items[j]) && strstr(cl->items[j].label, PARTS[p])) {
                    sum += cl->items[j].amount;
                    n++;
                    break;
                }
        if (n >= 2 && sum != t->amount) {
            char sb[40], eb[40];
            js_report(x->b->ck, JS_R_B_ITEM, JS_SEV_ERROR, where_at(k, t->off), t->text,
                      js_fmt_amount(sum, JS_UNIT_WANYUAN, eb, sizeof eb),
                      "说明%s：政府采购预算%s万元，与所列货物、工程、服务之和%s万元不符", k->sec,
                      fmt_num(t->num, sb, sizeof sb), eb);
        }
        return;
    }
}

static void words(nctx *x, block *k)
{
    const char *s = k->text.data ? k->text.data : "";
    static const char *const EMPTY[] = {"主要原因是。", "主要原因是:。", "主要原因为。", NULL};
    for (int i = 0; EMPTY[i]; i++)
        for (const char *p = strstr(s, EMPTY[i]); p; p = strstr(p + 1, EMPTY[i]))
            js_report(x->b->ck, JS_R_B_REASON, JS_SEV_NOTICE, where_at(k, (size_t)(p - s)), NULL,
                      NULL, "说明%s：“主要原因是”之后没有写明原因", k->sec);
    static const char *const TPL[] = {"增加(减少)", "增长(减少)", "增长(降低)", "增加(降低)", NULL};
    for (int i = 0; TPL[i]; i++)
        for (const char *p = strstr(s, TPL[i]); p; p = strstr(p + 1, TPL[i])) {
            js_finding *f =
                js_report(x->b->ck, JS_R_B_TEMPLATE, JS_SEV_WARNING, where_at(k, (size_t)(p - s)),
                          TPL[i], NULL, "说明%s：留有模板文字“%s”，应按实际写明增加或减少%s",
                          k->sec, TPL[i], x->template_first ? "（同前）" : "");
            if (f && x->template_first) f->cause = x->template_first;
            if (f && !x->template_first) x->template_first = f->id;
        }
}

/* ---- 项目经费 against the tables' 项目支出
 * ------------------------------------------------------------ */

/* The amount claim whose label ends in word (normalised), the first of the block. */
static const js_claim *claim_after(block *k, const char *word)
{
    for (int i = 0; i < k->cl.n; i++) {
        const js_claim *c = &k->cl.items[i];
        if (!is_amount(c) || c->paren || !c->label) continue;
        char lb[512];
        norm_label(c->label, lb, sizeof lb);
        size_t l = strlen(lb), w = strlen(word);
        if (l >= w && strcmp(lb + l - w, word) == 0) return c;
    }
    return NULL;
}

/* What a block says about projects: the title of a 项目经费情况说明 (a paragraph ending so),
 * its 年度预算安排, and the 绩效目标 statement's 涉及项目预算资金. */
static void projects_seen(nctx *x, block *k)
{
    const char *s = k->text.data ? k->text.data : "";
    static const char TITLE[] = "项目经费情况说明";
    for (int i = 0; i < k->nseg; i++) {
        const js_para *p = k->segs[i].p;
        const char *t = p ? p->text : NULL;
        size_t n = t ? strlen(t) : 0, m = strlen(TITLE);
        if (n > m && n - m < sizeof x->proj_name && strcmp(t + n - m, TITLE) == 0)
            snprintf(x->proj_name, sizeof x->proj_name, "%.*s", (int)(n - m), t);
    }
    const js_claim *c = strstr(s, "年度预算安排") ? claim_after(k, "年度预算安排") : NULL;
    if (c && x->nproj < 64) {
        proj *p = &x->projs[x->nproj++];
        p->amount = c->amount;
        p->num = c->num;
        p->w = where_at(k, c->off);
        snprintf(p->name, sizeof p->name, "%s", x->proj_name[0] ? x->proj_name : "项目");
    }
    c = strstr(s, "项目预算资金") ? claim_after(k, "项目预算资金") : NULL;
    if (c && !x->has_perf) {
        x->has_perf = true;
        x->perf = c->amount;
        x->perf_num = c->num;
        x->perf_w = where_at(k, c->off);
    }
}

/* The 项目支出 total of the 支出预算总表 (Shanghai: 合计 row; Jiangsu: its one row). */
static bool project_total(nctx *x, js_amount *v, char *what, size_t wn)
{
    js_table *t = js_bchk_role(x->b, "expend", NULL);
    static const char *const ROWS[] = {"合计", "支出预算", NULL};
    for (int r = 0; t && ROWS[r]; r++) {
        const js_cell *c = js_table_cell(t, ROWS[r], "项目支出");
        if (c && c->present) {
            *v = c->value;
            snprintf(what, wn, "%s表项目支出合计", js_table_id(t->no));
            return true;
        }
    }
    return false;
}

static void project_over(nctx *x, js_where w, js_num said, const char *subject, js_amount whole,
                         const char *what)
{
    char sb[40], eb[40];
    js_report(x->b->ck, JS_R_B_PROJECT, JS_SEV_ERROR, w, fmt_num(said, sb, sizeof sb),
              js_fmt_amount(whole, JS_UNIT_WANYUAN, eb, sizeof eb),
              "说明%s：%s%s万元，超过%s%s万元", w.section ? w.section : "", subject, sb, what, eb);
}

/* A project's 年度预算安排 and the projects' sum are at most the 项目支出 of the tables and
 * at most the 项目预算资金 stated for the projects with 绩效目标 (a described project has
 * them: its description ends with 绩效目标); the stated 项目预算资金 at most the tables'
 * 项目支出 (less is not wrong: a project may set no target). */
static void projects_check(nctx *x)
{
    js_amount total = 0;
    char what[96], subject[160];
    bool has_total = project_total(x, &total, what, sizeof what);
    if (has_total && x->has_perf && x->perf > total)
        project_over(x, x->perf_w, x->perf_num, "编报绩效目标的项目预算资金", total, what);
    js_amount sum = 0;
    for (int i = 0; i < x->nproj; i++) {
        const proj *p = &x->projs[i];
        sum += p->amount;
        snprintf(subject, sizeof subject, "%s项目年度预算安排", p->name);
        if (has_total && p->amount > total)
            project_over(x, p->w, p->num, subject, total, what);
        else if (x->has_perf && p->amount > x->perf)
            project_over(x, p->w, p->num, subject, x->perf, "说明所述编报绩效目标的项目预算资金");
    }
    if (x->nproj >= 2 && has_total && sum > total) {
        js_num sn = js_ratio(sum, JS_FEN_PER_WANYUAN, 2, false);
        snprintf(subject, sizeof subject, "%d个项目经费情况说明的年度预算安排之和", x->nproj);
        project_over(x, x->projs[0].w, sn, subject, total, what);
    }
}

/* ---- blocks ---------------------------------------------------------------------------------- */

static void check_block(nctx *x, block *k)
{
    if (!k->text.len) return;
    js_buf norm;
    js_buf_init(&norm);
    js_norm(&norm, k->text.data, k->text.len); /* half-width punctuation for the patterns */
    js_buf_release(&k->text);
    k->text = norm;
    memset(&k->cl, 0, sizeof k->cl);
    if (!js_claims_extract(x->a, k->text.data, k->text.len, &k->cl)) return;
    amounts(x, k); /* first: a rate right for the table's value of a wrong amount is not wrong */
    growth_rates(x, k);
    shares(x, k);
    years(x, k);
    procurement(x, k);
    words(x, k);
    projects_seen(x, k);
}

void js_check_budget_narrative(js_bchk *b)
{
    const js_doc *doc = b->doc;
    nctx x = {.b = b, .a = js_arena_new()};
    if (!x.a) return;
    block k;
    for (int s = -1; s < doc->nsections; s++) {
        memset(&k, 0, sizeof k);
        js_buf_init(&k.text);
        int from = 0, n = 0;
        if (s < 0) {
            while (n < doc->nparas && doc->paras[n].section < 0)
                n++;
            k.sec = "";
        } else {
            const js_section *sec = &doc->sections[s];
            k.sec = sec->num;
            from = sec->first_para;
            n = sec->npara;
            /* the first paragraph may hold the heading's line again */
            const char *t = sec->title ? sec->title : "";
            if (!(n > 0 && from < doc->nparas && *t && js_startswith(doc->paras[from].text, t)))
                add_seg(&k, t, NULL, sec->loc);
        }
        for (int i = from; i < from + n && i < doc->nparas; i++)
            add_seg(&k, doc->paras[i].text, &doc->paras[i], doc->paras[i].loc);
        check_block(&x, &k);
        js_buf_release(&k.text);
    }
    consistency(&x, &k);
    projects_check(&x);
    js_arena_free(x.a);
}
