/*
 * narrative_rules.c - the 情况说明 against the tables and against itself
 * (rules N-*; docs/narrative-rules.md).
 *
 * Each narrative section is read as one text (its title and paragraphs, a
 * paragraph that does not end a sentence running on into the next), the
 * claims of claims.h are extracted, and the section's topic (decided by its
 * title: 收入支出决算总体, 收入决算, 三公, 机关运行经费, 政府采购 …, not by
 * its number, which varies between documents) says which table each amount
 * restates. Then:
 *
 *   N-AMOUNT      an amount differs from its table cell
 *   N-SHARE       占 X% is not part / base
 *   N-GROWTH      增长 X% is not A / (本年 - A) (下降: A / (本年 + A))
 *   N-COMPLETION  完成预算的 X% is not 决算 / 预算, or a % is given for a 0 budget
 *   N-DIRECTION   决算数大于/小于预算数, or 增加 … 下降 X%, contradict the numbers
 *   N-SANGONG     a 三公 figure, completion or share differs from table 07
 *   N-JIGUAN      机关运行经费 differs from 06 公用经费合计 (warning)
 *   N-PROCUREMENT goods + works + services differ from the 政府采购 total
 *   N-VEHICLES    vehicles by kind do not add up to the total
 *   N-ITEM        an amount is given for an item that the table shows under another item
 *
 * Percentages. Every printed amount is a rounding to 0.01 万元, so a rate
 * computed from printed amounts is only known to an interval: a stated rate
 * inside the rounded interval is right; one outside it but within one unit of
 * its last printed digit of the rate computed from the printed figures is a
 * rounding notice; anything else is an error. A stated amount within 0.01 of
 * the table is a rounding notice. All arithmetic is exact (js_ratio).
 *
 * When a sentence cannot be tied to a table figure with confidence the rules
 * stay silent: no finding is better than a false one.
 */
#include "checker.h"
#include "claims.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum topic {
    TP_NONE = 0,
    TP_TOTAL,   /* 一 收入支出决算总体情况 */
    TP_INCOME,  /* 二 收入决算 */
    TP_EXPEND,  /* 三 支出决算 */
    TP_FISCAL,  /* 四 财政拨款收入支出决算总体情况 */
    TP_GENERAL, /* 五 一般公共预算财政拨款支出 */
    TP_BASIC,   /* 六 基本支出 */
    TP_SANGONG, /* 七 三公经费 */
    TP_FUND,    /* 八 政府性基金 */
    TP_SOE,     /* 九 国有资本经营 */
    TP_JIGUAN,  /* 机关运行经费 */
    TP_GENEXP,  /* 一般性支出 */
    TP_PROCURE, /* 政府采购 */
    TP_ASSETS,  /* 国有资产 */
    TP_PERF,    /* 绩效 */
};

#define WAN_CENT 10000 /* 0.01 万元 in fen */
#define HALF_CENT 5000 /* the rounding error of a printed 万元 figure */

typedef struct seg {
    size_t off;
    const js_para *para; /* NULL for a title */
    js_loc loc;
} seg;

typedef struct nctx {
    js_checker *ck;
    const js_doc *doc;
    js_arena *a;
    const char *num; /* section number for messages */
    int topic, sub;
    bool item; /* a 五(三) item */
    js_buf text;
    seg *segs;
    int nsegs, capsegs;
    js_claims cl;
    unsigned char *bad;  /* per claim: already reported wrong (a 三公 budget) */
    const char **sgitem; /* per claim in 七: the 07 item it is about, or NULL */
    struct canon_memo {
        const char *s, *c;
    } * memo; /* canon() of the strings seen, by address: row and catalogue names recur */
    size_t nmemo, capmemo;
} nctx;

/* ---- small helpers -------------------------------------------------------- */

static bool has(const char *s, const char *w)
{
    return s && strstr(s, w) != NULL;
}

static bool ends_with(const char *s, const char *w)
{
    size_t n = strlen(s), k = strlen(w);
    return n >= k && memcmp(s + n - k, w, k) == 0;
}

static js_amount absd(js_amount x)
{
    return x < 0 ? -x : x;
}

static const char *wan(nctx *n, js_amount v)
{
    char b[48];
    return js_arena_strdup(n->a, js_amount_fmt_wan(v, b, sizeof b));
}

static const char *numtxt(nctx *n, js_num v)
{
    char b[48];
    return js_arena_strdup(n->a, js_num_fmt(v, b, sizeof b));
}

static js_amount uncert(js_amount v)
{
    return v == 0 ? 0 : HALF_CENT;
}

/* ---- tables --------------------------------------------------------------- */

static int colidx(const js_table *t, const char *key)
{
    for (int i = 0; i < t->ncols; i++)
        if (t->cols[i] && js_name_eq(t->cols[i], key)) return i;
    return -1;
}

static const js_row *rowk(const js_table *t, const char *key)
{
    const js_row *r = js_table_row(t, key);
    if (r) return r;
    for (int i = 0; i < t->nrows; i++)
        if (t->rows[i].key && js_name_eq(t->rows[i].key, key)) return &t->rows[i];
    return NULL;
}

/* The value of (row, col) of table no. False when it cannot be known: no
 * table, no such column, or no such row (unless missing_zero, or the table
 * has no rows at all: an empty table shows zeros). */
static bool tval(nctx *n, int no, const char *row, const char *col, bool missing_zero, js_amount *v)
{
    const js_table *t = n->doc->tables[no];
    if (!t) return false;
    *v = 0;
    int ci = colidx(t, col);
    const js_row *r = rowk(t, row);
    if (!r) return t->nrows == 0 || missing_zero;
    if (ci < 0) return false;
    if (r->cells && r->cells[ci].present) *v = r->cells[ci].value;
    return true;
}

/* ---- names ---------------------------------------------------------------- */

/* The form names are compared in: brackets and what they hold, 支出, 等, (类)
 * markers, spaces and punctuation removed. */
static const char *canon_of(nctx *n, const char *s)
{
    static const char *const DROP[] = {"支出", "等", "、", "“", "”", "\"", ",",
                                       ".",    "。", ":",  ";", "-", NULL};
    js_buf k;
    js_buf_init(&k);
    js_norm_key(&k, s, strlen(s));
    const char *p = k.data ? k.data : "", *end = p + k.len;
    char *o = js_arena_alloc(n->a, k.len + 1);
    size_t on = 0;
    int depth = 0;
    while (o && p < end) {
        if (*p == '(' || *p == '[') {
            depth++;
            p++;
            continue;
        }
        if (*p == ')' || *p == ']') {
            if (depth > 0) depth--;
            p++;
            continue;
        }
        bool dropped = false;
        for (const char *const *d = DROP; *d; d++) {
            if (**d != *p) continue;
            size_t l = strlen(*d);
            if ((size_t)(end - p) >= l && memcmp(p, *d, l) == 0) {
                p += l;
                dropped = true;
                break;
            }
        }
        if (dropped) continue;
        int32_t cp;
        int l = js_utf8_decode(p, (size_t)(end - p), &cp);
        if (depth == 0) memcpy(o + on, p, (size_t)l), on += (size_t)l;
        p += l;
    }
    if (o) o[on] = '\0';
    js_buf_release(&k);
    return o ? o : "";
}

/* canon(s), remembered by the address of s: the same row and catalogue names
 * are compared against every claim. Every string canon() is given lives
 * unchanged until the end of the check (the document's, or n->a's). */
static const char *canon(nctx *n, const char *s)
{
    size_t h = ((uintptr_t)s >> 3) * 0x9E3779B97F4A7C15u;
    if (n->capmemo) {
        for (size_t i = h & (n->capmemo - 1);; i = (i + 1) & (n->capmemo - 1)) {
            if (!n->memo[i].s) break;
            if (n->memo[i].s == s) return n->memo[i].c;
        }
    }
    const char *c = canon_of(n, s);
    if (2 * (n->nmemo + 1) > n->capmemo) { /* keep the table at most half full */
        size_t cap = n->capmemo ? 2 * n->capmemo : 256;
        struct canon_memo *m = js_arena_calloc(n->a, cap, sizeof *m);
        if (!m) return c;
        for (size_t j = 0; j < n->capmemo; j++) {
            if (!n->memo[j].s) continue;
            size_t i = (((uintptr_t)n->memo[j].s >> 3) * 0x9E3779B97F4A7C15u) & (cap - 1);
            while (m[i].s)
                i = (i + 1) & (cap - 1);
            m[i] = n->memo[j];
        }
        n->memo = m;
        n->capmemo = cap;
    }
    size_t i = h & (n->capmemo - 1);
    while (n->memo[i].s)
        i = (i + 1) & (n->capmemo - 1);
    n->memo[i].s = s;
    n->memo[i].c = c;
    n->nmemo++;
    return c;
}

/* Dice coefficient of the code-point bigrams of a and b, 0..100. */
static int sim(const char *a, const char *b)
{
    if (strcmp(a, b) == 0) return 100;
    int32_t ca[64], cb[64];
    int na = 0, nb = 0;
    const char *ae = a + strlen(a), *be = b + strlen(b);
    for (const char *p = a; *p && na < 64;) {
        int l = js_utf8_decode(p, (size_t)(ae - p), &ca[na++]);
        p += l;
    }
    for (const char *p = b; *p && nb < 64;) {
        int l = js_utf8_decode(p, (size_t)(be - p), &cb[nb++]);
        p += l;
    }
    if (na < 2 || nb < 2) return 0;
    bool used[64] = {false};
    int common = 0;
    for (int i = 0; i + 1 < na; i++) {
        for (int j = 0; j + 1 < nb; j++) {
            if (!used[j] && ca[i] == cb[j] && ca[i + 1] == cb[j + 1]) {
                used[j] = true;
                common++;
                break;
            }
        }
    }
    return 200 * common / ((na - 1) + (nb - 1));
}

/* ---- reporting ------------------------------------------------------------ */

static js_loc claim_loc(nctx *n, size_t off)
{
    js_loc loc = {0};
    for (int i = n->nsegs - 1; i >= 0; i--) {
        if (n->segs[i].off <= off) {
            loc = n->segs[i].loc;
            if (n->segs[i].para) loc.line = js_para_line_at(n->segs[i].para, off - n->segs[i].off);
            break;
        }
    }
    return loc;
}

static void rep(nctx *n, const char *rule, int sev, const js_claim *c, const char *stated,
                const char *expected, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void rep(nctx *n, const char *rule, int sev, const js_claim *c, const char *stated,
                const char *expected, const char *fmt, ...)
{
    js_buf b;
    js_buf_init(&b);
    js_buf_printf(&b, "说明%s：", n->num);
    va_list ap;
    va_start(ap, fmt);
    js_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    js_where w = {0};
    w.section = n->num;
    w.loc = claim_loc(n, c->off);
    js_report(n->ck, rule, sev, w, stated, expected, "%s", b.data ? b.data : "");
    js_buf_release(&b);
}

/* ---- percentages ---------------------------------------------------------- */

enum { V_OK = 0, V_ROUND = 1, V_WRONG = 2 };

/* stated against p/q, knowing that the true ratio lies in [plo/qhi, phi/qlo]. */
static int verdict(js_num stated, js_amount p, js_amount q, js_amount plo, js_amount qhi,
                   js_amount phi, js_amount qlo, js_num *expected)
{
    int d = stated.dec;
    *expected = js_ratio(p, q, d, true);
    if (js_num_cmp(stated, *expected) == 0) return V_OK;
    js_num lo = js_ratio(plo, qhi, d, true);
    bool in = js_num_cmp(stated, lo) >= 0;
    if (in && qlo > 0) {
        js_num hi = js_ratio(phi, qlo, d, true);
        in = js_num_cmp(stated, hi) <= 0;
    }
    if (in) return V_OK;
    int64_t diff = stated.mant - expected->mant;
    if (diff == 1 || diff == -1) return V_ROUND;
    return V_WRONG;
}

/* ratio of two printed amounts: part/base */
static int share_verdict(js_num stated, js_amount p, js_amount q, js_num *expected)
{
    js_amount ep = uncert(p), eq = uncert(q);
    js_amount plo = p - ep < 0 ? 0 : p - ep;
    return verdict(stated, p, q, plo, q + eq, p + ep, q - eq, expected);
}

/* ---- claims near a claim ---------------------------------------------------- */

static bool is_amountish(const js_claim *c)
{
    return (c->kind == JS_CL_AMOUNT || c->kind == JS_CL_ACTUAL) && !c->paren;
}

/* The figure a change or share at index i is about: the last amount of its
 * sentence before it, else the first amount of its block. */
static const js_claim *subject_of(nctx *n, int i, bool block_fallback)
{
    const js_claim *c = &n->cl.items[i];
    for (int j = i - 1; j >= 0 && n->cl.items[j].sentence == c->sentence; j--)
        if (is_amountish(&n->cl.items[j])) return &n->cl.items[j];
    if (!block_fallback) return NULL;
    for (int j = 0; j < i; j++)
        if (n->cl.items[j].block == c->block && is_amountish(&n->cl.items[j]))
            return &n->cl.items[j];
    return NULL;
}

static const js_claim *last_before(nctx *n, int i, int kind, bool same_block)
{
    const js_claim *c = &n->cl.items[i];
    for (int j = i - 1; j >= 0; j--) {
        const js_claim *x = &n->cl.items[j];
        if (same_block && x->block != c->block) break;
        if (x->kind == kind) return x;
    }
    return NULL;
}

/* ---- N-GROWTH, N-DIRECTION (change against rate) ----------------------------- */

static void check_growth(nctx *n)
{
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *r = &n->cl.items[i];
        if (r->kind != JS_CL_RATE) continue;
        const js_claim *c = NULL;
        for (int j = i - 1; j >= 0 && n->cl.items[j].sentence == r->sentence; j--) {
            if (n->cl.items[j].kind == JS_CL_CHANGE) {
                c = &n->cl.items[j];
                break;
            }
            if (n->cl.items[j].kind == JS_CL_RATE) break;
        }
        if (!c) continue;
        int ci = (int)(c - n->cl.items);
        const char *pre = r->base == JS_BASE_BUDGET ? "比年初预算" : "与上年相比";
        if (c->sign != r->sign) {
            rep(n, "N-DIRECTION", JS_SEV_ERROR, r, r->text, NULL,
                "%s%s%s万元，却称%s%s%%，增减方向矛盾", pre, c->word, c->text, r->word, r->text);
            continue;
        }
        const js_claim *s = subject_of(n, ci, true);
        if (!s) continue;
        js_amount S = s->amount, A = c->amount;
        if (A <= 0) continue;
        js_amount eS = uncert(S), eA = uncert(A);
        js_num exp;
        int v;
        if (c->sign > 0) {
            if (S - A <= 0) continue; /* the base year was 0: no rate can be computed */
            v = verdict(r->num, A, S - A, A - eA, S + eS - A + eA, A + eA, S - eS - A - eA, &exp);
        } else {
            v = verdict(r->num, A, S + A, A - eA, S + eS + A - eA, A + eA, S - eS + A + eA, &exp);
        }
        if (v == V_OK) continue;
        rep(n, "N-GROWTH", v == V_ROUND ? JS_SEV_ROUNDING : JS_SEV_ERROR, r, r->text,
            numtxt(n, exp), "%s%s%s%%，按本年%s万元、%s%s万元计算应为%s%%", pre, r->word, r->text,
            s->text, c->word, c->text, numtxt(n, exp));
    }
}

/* ---- N-COMPLETION / N-SANGONG completion, N-DIRECTION 大于/小于 ------------- */

static void check_completion(nctx *n)
{
    const char *rule = n->topic == TP_SANGONG ? "N-SANGONG" : "N-COMPLETION";
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *k = &n->cl.items[i];
        if (k->kind != JS_CL_COMPLETION) continue;
        const js_claim *b = last_before(n, i, JS_CL_BUDGET, true);
        const js_claim *a = last_before(n, i, JS_CL_ACTUAL, true);
        js_amount bud = 0;
        const char *btext = NULL;
        if (n->topic == TP_SANGONG) {
            /* 七: the actual of the sentence, against the budget of the same item */
            a = NULL;
            for (int j = i - 1; j >= 0 && n->cl.items[j].sentence == k->sentence; j--) {
                const js_claim *x = &n->cl.items[j];
                if ((x->kind == JS_CL_ACTUAL || x->kind == JS_CL_AMOUNT) && !x->paren) {
                    a = x;
                    break;
                }
            }
            const char *item = a && n->sgitem ? n->sgitem[a - n->cl.items] : NULL;
            if (!item) continue;
            b = NULL;
            for (int j = (int)(a - n->cl.items) - 1;
                 j >= 0 && n->cl.items[j].sentence == k->sentence; j--) {
                const js_claim *x = &n->cl.items[j];
                if (x->kind == JS_CL_BUDGET && n->sgitem[j] && strcmp(n->sgitem[j], item) == 0) {
                    b = x;
                    break;
                }
            }
            if (b) {
                bud = b->amount;
                btext = b->text;
            } else {
                char col[96];
                snprintf(col, sizeof col, "预算:%s", item);
                if (!tval(n, 7, "三公经费", col, false, &bud)) continue;
                btext = wan(n, bud);
            }
        } else {
            if (!b || !a) continue;
            bud = b->amount;
            btext = b->text;
        }
        /* a budget already reported as differing from table 07: its rate is not the issue */
        if (n->bad && ((b && n->bad[b - n->cl.items]) || n->bad[a - n->cl.items])) continue;
        if (bud == 0) {
            if (a->amount > 0)
                rep(n, rule, JS_SEV_ERROR, k, k->text, NULL,
                    "预算为0万元、决算为%s万元，完成预算的比例无法计算，不应写作%s%%", a->text,
                    k->text);
            else if (k->num.mant != 0)
                rep(n, rule, JS_SEV_WARNING, k, k->text, NULL,
                    "预算和决算均为0万元，完成预算的比例无法计算，不应写作%s%%", k->text);
            else
                rep(n, rule, JS_SEV_NOTICE, k, k->text, NULL,
                    "预算为0万元，完成预算的比例无法计算，宜删去“完成预算的%s%%”", k->text);
            continue;
        }
        js_num exp;
        int v = share_verdict(k->num, a->amount, bud, &exp);
        if (v == V_OK) continue;
        rep(n, rule, v == V_ROUND ? JS_SEV_ROUNDING : JS_SEV_ERROR, k, k->text, numtxt(n, exp),
            "完成预算的%s%%，按预算%s万元、决算%s万元计算应为%s%%", k->text, btext, a->text,
            numtxt(n, exp));
    }
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *d = &n->cl.items[i];
        if (d->kind != JS_CL_DIRECTION) continue;
        const js_claim *b = last_before(n, i, JS_CL_BUDGET, true);
        const js_claim *a = last_before(n, i, JS_CL_ACTUAL, true);
        if (!b || !a) {
            /* 比年初预算数增加/减少 A 万元 … 决算数大于/小于年初预算数 */
            const js_claim *c = NULL;
            for (int j = i - 1; j >= 0 && n->cl.items[j].block == d->block; j--) {
                const js_claim *x = &n->cl.items[j];
                if (x->kind == JS_CL_CHANGE && x->base == JS_BASE_BUDGET) {
                    c = x;
                    break;
                }
            }
            if (c && c->amount > 0 && d->sign != 0 && c->sign != d->sign)
                rep(n, "N-DIRECTION", JS_SEV_ERROR, d, NULL, NULL,
                    "称决算数%s预算数，但前文为比年初预算数%s%s万元", d->word, c->word, c->text);
            continue;
        }
        js_amount diff = a->amount - b->amount;
        bool wrong = (d->sign > 0 && diff < 0) || (d->sign < 0 && diff > 0) ||
                     (d->sign == 0 && absd(diff) > WAN_CENT) || (d->sign != 0 && diff == 0);
        if (!wrong) continue;
        const char *rel = diff > 0 ? "大于" : diff < 0 ? "小于" : "等于";
        rep(n, "N-DIRECTION", JS_SEV_ERROR, d, NULL, NULL,
            "称决算数%s预算数，但决算%s万元%s预算%s万元", d->word, a->text, rel, b->text);
    }
}

/* ---- N-SHARE ------------------------------------------------------------------ */

/* The first amount whose label has label_has: in block (when >= 0) first, else anywhere. */
static const js_claim *find_amount(nctx *n, const char *label_has, int block)
{
    for (int pass = block >= 0 ? 0 : 1; pass < 2; pass++) {
        for (int j = 0; j < n->cl.n; j++) {
            const js_claim *x = &n->cl.items[j];
            if (pass == 0 && x->block != block) continue;
            if (is_amountish(x) && has(x->label, label_has)) return x;
        }
    }
    return NULL;
}

static void check_shares(nctx *n)
{
    const char *rule = n->topic == TP_SANGONG   ? "N-SANGONG"
                       : n->topic == TP_PROCURE ? "N-PROCUREMENT"
                                                : "N-SHARE";
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *s = &n->cl.items[i];
        if (s->kind != JS_CL_SHARE) continue;
        const js_claim *part = subject_of(n, i, false);
        if (!part) continue;
        js_amount base = 0;
        const char *btext = NULL, *bname = NULL;
        const js_claim *bc = NULL;
        const char *l = s->label;
        if (has(l, "本年支出合计")) {
            bname = "本年支出合计";
            if (!tval(n, 1, "支出:本年支出合计", "决算数", false, &base)) continue;
        } else if (has(l, "本年收入合计")) {
            bname = "本年收入合计";
            if (!tval(n, 1, "收入:本年收入合计", "决算数", false, &base)) continue;
        } else if (has(l, "基本支出")) {
            bname = "基本支出";
            bc = find_amount(n, "基本支出", s->block);
            if (!bc && !tval(n, 5, "合计", "基本支出", false, &base)) continue;
        } else if (has(l, "采购")) {
            bname = "政府采购支出总额";
            bc = find_amount(n, "总额", s->block);
            if (!bc) continue;
        } else if (l[0] == '\0') {
            if (n->topic == TP_SANGONG) {
                bname = "“三公”经费决算合计";
                if (!tval(n, 7, "三公经费", "决算:合计", false, &base)) continue;
            } else if (n->topic == TP_INCOME) {
                bname = "本年收入合计";
                bc = find_amount(n, "收入合计", s->block);
                if (!bc && !tval(n, 1, "收入:本年收入合计", "决算数", false, &base)) continue;
            } else if (n->topic == TP_EXPEND) {
                bname = "本年支出合计";
                bc = find_amount(n, "支出合计", s->block);
                if (!bc && !tval(n, 1, "支出:本年支出合计", "决算数", false, &base)) continue;
            } else if (n->topic == TP_GENERAL && n->sub == 2) {
                bname = "财政拨款支出";
                bc = NULL;
                for (int j = 0; j < n->cl.n && !bc; j++) {
                    const js_claim *x = &n->cl.items[j];
                    if (is_amountish(x) && ends_with(x->label, "财政拨款支出") &&
                        !has(x->label, "类"))
                        bc = x;
                }
                if (!bc && !tval(n, 5, "合计", "小计", false, &base)) continue;
            } else {
                /* elsewhere only a headline total of the same paragraph */
                bc = NULL;
                for (int j = 0; j < i; j++) {
                    const js_claim *x = &n->cl.items[j];
                    if (x->block == s->block && is_amountish(x)) {
                        bc = x;
                        break;
                    }
                }
                if (!bc || bc == part) continue;
                if (!has(bc->label, "合计") && !has(bc->label, "总计") && !has(bc->label, "总额"))
                    continue;
                bname = bc->label;
            }
        } else {
            continue; /* a base we do not know */
        }
        if (bc) base = bc->amount;
        btext = bc ? bc->text : wan(n, base);
        if (base <= 0) continue;
        js_num exp;
        int v = share_verdict(s->num, part->amount, base, &exp);
        if (v == V_OK) continue;
        rep(n, rule, v == V_ROUND ? JS_SEV_ROUNDING : JS_SEV_ERROR, s, s->text, numtxt(n, exp),
            "%s%s万元占%s%%，按%s%s万元计算应为%s%%", part->label, part->text, s->text, bname,
            btext, numtxt(n, exp));
    }
}

/* ---- N-AMOUNT and the like: a stated amount against its table cell ---------- */

static void cmp_amount(nctx *n, const char *rule, int sev, const js_claim *c, js_amount tv, int tno,
                       const char *what)
{
    js_amount d = c->amount - tv;
    if (d == 0) return;
    int s = absd(d) <= WAN_CENT ? JS_SEV_ROUNDING : sev;
    rep(n, rule, s, c, c->text, wan(n, tv), "%s%s万元与公开%s表%s%s万元不符",
        c->label[0] ? c->label : what, c->text, js_table_id(tno), what, wan(n, tv));
}

typedef struct target {
    int table;
    const char *row, *col, *what;
    bool missing_zero;
} target;

static bool lbl_end(const js_claim *c, const char *w)
{
    return ends_with(c->label, w);
}

/* The 类 code a label names ("一般公共服务(类)支出" -> 201), or NULL. */
static const char *lei_code(nctx *n, const char *label)
{
    const char *cl = canon(n, label);
    if (!cl[0]) return NULL;
    const char *best = NULL;
    size_t bestlen = 0;
    size_t nlei;
    const js_class_row *lei = js_class_rows(&nlei);
    for (size_t i = 0; i < nlei; i++) {
        const char *cn = canon(n, lei[i].name);
        size_t k = strlen(cn);
        if (k >= 6 && ends_with(cl, cn) && k > bestlen) {
            best = lei[i].code;
            bestlen = k;
        }
    }
    return best;
}

static const char *sangong_item(const char *l)
{
    if (has(l, "三公")) return "合计";
    if (has(l, "出国")) return "因公出国（境）费";
    if (has(l, "接待")) return "公务接待费";
    if ((has(l, "购置") && has(l, "运行")) || has(l, "购置及运行")) return "公务用车购置及运行费";
    if (has(l, "购置")) return "公务用车购置费";
    if (has(l, "运行")) return "公务用车运行费";
    return NULL;
}

static bool target_of(nctx *n, const js_claim *c, target *t)
{
    memset(t, 0, sizeof *t);
    const char *l = c->label;
    if (c->paren && n->topic != TP_TOTAL) return false;
    switch (n->topic) {
    case TP_TOTAL:
        t->table = 1;
        t->col = "决算数";
        if (has(l, "使用非财政拨款结余"))
            t->row = "收入:使用非财政拨款结余";
        else if (has(l, "结余分配"))
            t->row = "支出:结余分配";
        else if (has(l, "年初结转和结余"))
            t->row = "收入:年初结转和结余";
        else if (has(l, "年末结转和结余"))
            t->row = "支出:年末结转和结余";
        else if (has(l, "支出总计"))
            t->row = "支出:总计";
        else if (has(l, "总计"))
            t->row = "收入:总计";
        else
            return false;
        t->what = strchr(t->row, ':') + 1;
        return true;
    case TP_INCOME: {
        static const char *const KINDS[] = {"一般公共预算财政拨款收入",
                                            "政府性基金预算财政拨款收入",
                                            "国有资本经营预算财政拨款收入",
                                            "上级补助收入",
                                            "事业收入",
                                            "经营收入",
                                            "附属单位上缴收入",
                                            "其他收入",
                                            "本年收入合计",
                                            "使用非财政拨款结余",
                                            "年初结转和结余",
                                            NULL};
        t->table = 1;
        t->col = "决算数";
        for (const char *const *k = KINDS; *k; k++) {
            if (lbl_end(c, *k)) {
                t->row = js_arena_printf(n->a, "收入:%s", *k);
                t->what = *k;
                return true;
            }
        }
        if (lbl_end(c, "财政拨款收入")) {
            t->row = "收入:财政拨款收入"; /* summed below */
            t->what = "财政拨款收入";
            return true;
        }
        return false;
    }
    case TP_EXPEND: {
        static const char *const KINDS[] = {"对附属单位补助支出", "上缴上级支出", "基本支出",
                                            "项目支出",           "经营支出",     NULL};
        if (lbl_end(c, "本年支出合计")) {
            *t = (target){1, "支出:本年支出合计", "决算数", "本年支出合计", false};
            return true;
        }
        for (const char *const *k = KINDS; *k; k++) {
            if (lbl_end(c, *k)) {
                *t = (target){3, "合计", *k, *k, false};
                return true;
            }
        }
        return false;
    }
    case TP_FISCAL:
        if (has(l, "总计"))
            *t = (target){4, "收入:总计", "金额", "总计", false};
        else if (lbl_end(c, "财政拨款收入"))
            *t = (target){4, "收入:本年收入合计", "金额", "本年收入合计", false};
        else if (lbl_end(c, "财政拨款支出"))
            *t = (target){4, "支出:本年支出合计", "合计", "本年支出合计", false};
        else
            return false;
        return true;
    case TP_GENERAL:
        if (n->item) return false; /* items are matched by name */
        if (c->kind == JS_CL_ACTUAL || lbl_end(c, "财政拨款支出") || lbl_end(c, "预算支出")) {
            if (c->kind == JS_CL_ACTUAL || n->sub != 3) {
                *t = (target){5, "合计", "小计", "合计", false};
                return true;
            }
            return false;
        }
        if (n->sub == 2) {
            const char *code = lei_code(n, l);
            if (!code) return false;
            *t = (target){5, code, "小计", NULL, true};
            size_t nlei;
            const js_class_row *lei = js_class_rows(&nlei);
            for (size_t i = 0; i < nlei; i++)
                if (strcmp(lei[i].code, code) == 0) t->what = lei[i].name;
            return true;
        }
        return false;
    case TP_BASIC:
        if (lbl_end(c, "人员经费"))
            *t = (target){6, "人员经费合计", "决算数", "人员经费合计", false};
        else if (lbl_end(c, "公用经费"))
            *t = (target){6, "公用经费合计", "决算数", "公用经费合计", false};
        else if (lbl_end(c, "基本支出"))
            *t = (target){5, "合计", "基本支出", "合计行基本支出", false};
        else
            return false;
        return true;
    case TP_JIGUAN:
        if (!has(l, "机关运行经费")) return false;
        *t = (target){6, "公用经费合计", "决算数", "公用经费合计", false};
        return true;
    case TP_FUND:
    case TP_SOE: {
        int no = n->topic == TP_FUND ? 8 : 9;
        const char *col = NULL;
        if (has(l, "年初结转和结余"))
            col = "年初结转和结余";
        else if (has(l, "年末结转和结余"))
            col = "年末结转和结余";
        else if (lbl_end(c, "基本支出"))
            col = "本年支出:基本支出";
        else if (lbl_end(c, "项目支出"))
            col = "本年支出:项目支出";
        else if (lbl_end(c, "收入") && no == 8)
            col = "本年收入";
        else if (lbl_end(c, "支出"))
            col = no == 8 ? "本年支出:小计" : "本年支出:合计";
        else
            return false;
        *t = (target){no, "合计", col, col, false};
        return true;
    }
    default:
        return false;
    }
}

static void check_amounts(nctx *n)
{
    const char *sg_item = NULL; /* 三公: the item of the sentence */
    int sg_sentence = -1;
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *c = &n->cl.items[i];
        if (n->topic == TP_SANGONG) {
            if (c->kind != JS_CL_AMOUNT && c->kind != JS_CL_BUDGET && c->kind != JS_CL_ACTUAL)
                continue;
            if (c->paren) continue;
            const char *item = sangong_item(c->label);
            if (c->sentence != sg_sentence) sg_item = NULL;
            if (item) {
                sg_item = item;
                sg_sentence = c->sentence;
            } else if (c->kind != JS_CL_AMOUNT && c->sentence == sg_sentence) {
                item = sg_item;
            }
            if (n->sgitem) n->sgitem[i] = item;
            if (!item) continue;
            const char *side = c->kind == JS_CL_BUDGET ? "预算" : "决算";
            char col[96];
            snprintf(col, sizeof col, "%s:%s", side, item);
            js_amount tv;
            if (!tval(n, 7, "三公经费", col, false, &tv)) continue;
            js_amount d = c->amount - tv;
            if (d == 0) continue;
            if (n->bad && absd(d) > WAN_CENT) n->bad[i] = 1;
            rep(n, "N-SANGONG", absd(d) <= WAN_CENT ? JS_SEV_ROUNDING : JS_SEV_ERROR, c, c->text,
                wan(n, tv), "%s%s数%s万元与公开07表%s数%s%s万元不符", item, side, c->text, side,
                item, wan(n, tv));
            continue;
        }
        if (c->kind != JS_CL_AMOUNT && c->kind != JS_CL_ACTUAL) continue;
        target t;
        if (!target_of(n, c, &t)) continue;
        js_amount tv;
        if (n->topic == TP_INCOME && strcmp(t.row, "收入:财政拨款收入") == 0) {
            js_amount a1, a2 = 0, a3 = 0;
            if (!tval(n, 1, "收入:一般公共预算财政拨款收入", "决算数", false, &a1)) continue;
            tval(n, 1, "收入:政府性基金预算财政拨款收入", "决算数", true, &a2);
            tval(n, 1, "收入:国有资本经营预算财政拨款收入", "决算数", true, &a3);
            tv = a1 + a2 + a3;
        } else if (!tval(n, t.table, t.row, t.col, t.missing_zero, &tv)) {
            continue;
        }
        if (n->topic == TP_JIGUAN) {
            js_amount d = c->amount - tv;
            if (d == 0) continue;
            rep(n, "N-JIGUAN", absd(d) <= WAN_CENT ? JS_SEV_ROUNDING : JS_SEV_WARNING, c, c->text,
                wan(n, tv),
                "机关运行经费%s万元与公开06表公用经费合计%s万元不符（口径不同时应说明）", c->text,
                wan(n, tv));
            continue;
        }
        cmp_amount(n, "N-AMOUNT", JS_SEV_ERROR, c, tv, t.table, t.what ? t.what : t.row);
    }
}

/* 六: amounts named after a 06 row ("基本工资62.37万元") */
static void check_basic_items(nctx *n)
{
    const js_table *t6 = n->doc->tables[6];
    if (!t6) return;
    int ci = colidx(t6, "决算数");
    if (ci < 0) return;
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *c = &n->cl.items[i];
        if (c->kind != JS_CL_AMOUNT || c->paren || !c->label[0]) continue;
        target t;
        if (target_of(n, c, &t)) continue;
        const char *cl = canon(n, c->label);
        if (!cl[0]) continue;
        const js_row *hit = NULL;
        for (int r = 0; r < t6->nrows; r++) {
            const js_row *row = &t6->rows[r];
            if (!row->code || !row->name) continue;
            if (strcmp(canon(n, row->name), cl) == 0) {
                hit = row;
                break;
            }
        }
        if (!hit) continue;
        js_amount tv = hit->cells[ci].present ? hit->cells[ci].value : 0;
        js_amount d = c->amount - tv;
        if (d == 0) continue;
        if (absd(d) <= WAN_CENT) {
            rep(n, "N-AMOUNT", JS_SEV_ROUNDING, c, c->text, wan(n, tv),
                "%s%s万元与公开06表%s %s%s万元不符", c->label, c->text, hit->code, hit->name,
                wan(n, tv));
            continue;
        }
        const js_row *other = NULL;
        for (int r = 0; r < t6->nrows && c->amount != 0; r++) {
            const js_row *row = &t6->rows[r];
            if (row != hit && row->code && row->cells[ci].present &&
                row->cells[ci].value == c->amount) {
                other = row;
                break;
            }
        }
        if (other)
            rep(n, "N-ITEM", JS_SEV_ERROR, c, c->text, wan(n, tv),
                "%s%s万元，公开06表%s %s为%s万元；%s万元是%s %s的金额", c->label, c->text,
                hit->code, hit->name, wan(n, tv), c->text, other->code, other->name);
        else
            rep(n, "N-AMOUNT", JS_SEV_ERROR, c, c->text, wan(n, tv),
                "%s%s万元与公开06表%s %s%s万元不符", c->label, c->text, hit->code, hit->name,
                wan(n, tv));
    }
}

/* ---- 五(三) items: budget against actual of one 项 ---------------------------- */

typedef struct names3 {
    const char *lei, *kuan, *xiang; /* canon forms, NULL when not given */
} names3;

/* Split "一般公共服务(类)政府办公厅及相关机构事务(款)行政运行(项)" */
static bool parse_markers(nctx *n, const char *s, names3 *out)
{
    memset(out, 0, sizeof *out);
    js_buf k;
    js_buf_init(&k);
    js_norm(&k, s, strlen(s));
    const char *p = k.data ? k.data : "";
    static const char *const MK[] = {"(类)", "(款)", "(项)"};
    const char **slot[] = {&out->lei, &out->kuan, &out->xiang};
    const char *from = p;
    bool any = false;
    for (;;) {
        const char *best = NULL;
        int bi = -1;
        for (int i = 0; i < 3; i++) {
            const char *q = strstr(from, MK[i]);
            if (q && (!best || q < best)) {
                best = q;
                bi = i;
            }
        }
        if (!best) break;
        char *name = js_arena_strndup(n->a, from, (size_t)(best - from));
        *slot[bi] = canon(n, name ? name : "");
        any = true;
        from = best + strlen(MK[bi]);
    }
    js_buf_release(&k);
    return any;
}

static const js_row *row_by_code(const js_table *t, const char *code, size_t len)
{
    for (int i = 0; i < t->nrows; i++) {
        const js_row *r = &t->rows[i];
        if (r->code && strlen(r->code) == len && strncmp(r->code, code, len) == 0) return r;
    }
    return NULL;
}

/* Whether the table lists the parent (款 or 类, len digits) of code under a name
 * unlike want. */
static bool named_parent_differs(nctx *n, const js_table *t, const char *code, size_t len,
                                 const char *want)
{
    const js_row *p = row_by_code(t, code, len);
    return p && p->name && sim(want, canon(n, p->name)) < 60;
}

static void check_item(nctx *n, const char *name_text)
{
    const js_table *t5 = n->doc->tables[5];
    if (!t5 || !name_text) return;
    int ci = colidx(t5, "小计");
    if (ci < 0) return;
    names3 nm = {0};
    const js_row *best = NULL;
    bool confident = false;
    if (parse_markers(n, name_text, &nm)) {
        size_t level = nm.xiang ? 7 : nm.kuan ? 5 : 3;
        const char *own = nm.xiang ? nm.xiang : nm.kuan ? nm.kuan : nm.lei;
        int bestscore = -1, second = -1, bestown = 0, bestkuan = 100;
        for (int i = 0; i < t5->nrows; i++) {
            const js_row *r = &t5->rows[i];
            if (!r->code || strlen(r->code) != level || !r->name) continue;
            int so = sim(own, canon(n, r->name));
            int sk = 100, sl = 100;
            if (level >= 5 && nm.kuan && level == 7) {
                const js_row *p = row_by_code(t5, r->code, 5);
                sk = p && p->name ? sim(nm.kuan, canon(n, p->name)) : 0;
            }
            if (level >= 5 && nm.lei) {
                const js_row *p = row_by_code(t5, r->code, 3);
                sl = p && p->name ? sim(nm.lei, canon(n, p->name)) : 0;
            }
            int score = 3 * so + 2 * sk + sl;
            if (so < 60) continue;
            /* 行政运行 is under many 款: a row under another 款 (or 类) the table lists
             * is not the item */
            if (level == 7 && ((nm.kuan && named_parent_differs(n, t5, r->code, 5, nm.kuan)) ||
                               (nm.lei && named_parent_differs(n, t5, r->code, 3, nm.lei))))
                continue;
            if (score > bestscore) {
                second = bestscore;
                bestscore = score;
                best = r;
                bestown = so;
                bestkuan = sk;
            } else if (score > second) {
                second = score;
            }
        }
        confident = best && bestown == 100 && bestkuan >= 80 && bestscore > second;
        /* a 款 named without its 项 while 05 shows 项 under it: the 项 may be meant */
        for (int i = 0; confident && level < 7 && i < t5->nrows; i++) {
            const js_row *r = &t5->rows[i];
            if (r->code && strlen(r->code) > level && strncmp(r->code, best->code, level) == 0)
                confident = false;
        }
    } else {
        /* no markers: the deepest row whose name the text contains */
        const char *ct = canon(n, name_text);
        size_t bestlen = 0, bestlevel = 0;
        for (int i = 0; i < t5->nrows; i++) {
            const js_row *r = &t5->rows[i];
            if (!r->code || !r->name) continue;
            const char *cn = canon(n, r->name);
            size_t k = strlen(cn), lv = strlen(r->code);
            if (k < 6 || !strstr(ct, cn)) continue;
            if (lv > bestlevel || (lv == bestlevel && k > bestlen)) {
                best = r;
                bestlevel = lv;
                bestlen = k;
            }
        }
    }
    if (!best) {
        /* a 项 that 05 does not list has spent nothing from 一般公共预算 */
        if (!nm.xiang) return;
        for (int i = 0; i < n->cl.n; i++) {
            const js_claim *c = &n->cl.items[i];
            if (c->paren || c->kind != JS_CL_ACTUAL || has(c->label, "预算")) continue;
            if (c->amount == 0) continue;
            rep(n, "N-AMOUNT", JS_SEV_WARNING, c, c->text, wan(n, 0),
                "支出决算%s万元，但公开05表没有列出该项（%s）", c->text, nm.xiang);
        }
        return;
    }
    js_amount tv = best->cells[ci].present ? best->cells[ci].value : 0;
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *c = &n->cl.items[i];
        if (c->paren || (c->kind != JS_CL_ACTUAL && c->kind != JS_CL_AMOUNT)) continue;
        if (has(c->label, "预算")) continue;
        js_amount d = c->amount - tv;
        if (d == 0) continue;
        if (absd(d) <= WAN_CENT) {
            rep(n, "N-AMOUNT", JS_SEV_ROUNDING, c, c->text, wan(n, tv),
                "支出决算%s万元与公开05表%s %s小计%s万元不符", c->text, best->code, best->name,
                wan(n, tv));
            continue;
        }
        /* does any row of 05 carry the stated amount? */
        const js_row *other = NULL;
        for (int r = 0; r < t5->nrows; r++) {
            const js_row *row = &t5->rows[r];
            if (row != best && row->code && row->cells[ci].present &&
                row->cells[ci].value == c->amount) {
                other = row;
                break;
            }
        }
        if (!confident) {
            if (other) continue; /* probably our matching, not the document */
            /* 0.00 for an item we only guessed: most likely a 项 that 05 omits for being
             * 0 (其他党委办公厅… is not 其他政府办公厅…) */
            if (c->amount == 0) continue;
            rep(n, "N-AMOUNT", JS_SEV_WARNING, c, c->text, wan(n, tv),
                "支出决算%s万元与公开05表%s %s小计%s万元不符", c->text, best->code, best->name,
                wan(n, tv));
        } else if (other && strlen(other->code) == strlen(best->code)) {
            rep(n, "N-ITEM", JS_SEV_ERROR, c, c->text, wan(n, tv),
                "%s %s支出决算为%s万元，公开05表该项为%s万元；%s万元是%s %s的金额", best->code,
                best->name, c->text, wan(n, tv), c->text, other->code, other->name);
        } else {
            rep(n, "N-AMOUNT", JS_SEV_ERROR, c, c->text, wan(n, tv),
                "支出决算%s万元与公开05表%s %s小计%s万元不符", c->text, best->code, best->name,
                wan(n, tv));
        }
    }
}

/* ---- 政府采购, 车辆 ------------------------------------------------------------ */

static void check_procurement_block(nctx *n, int block)
{
    const js_claim *tot = NULL, *g = NULL, *w = NULL, *s = NULL, *sme = NULL, *micro = NULL;
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *c = &n->cl.items[i];
        if (c->block != block || c->kind != JS_CL_AMOUNT || c->paren) continue;
        const char *l = c->label;
        if (!tot && has(l, "采购") && !has(l, "货物") && !has(l, "工程") && !has(l, "服务") &&
            !has(l, "企业"))
            tot = c;
        else if (has(l, "小微企业") && !micro)
            micro = c;
        else if (has(l, "中小企业") && !sme)
            sme = c;
        else if (has(l, "货物") && !g)
            g = c;
        else if (has(l, "工程") && !w)
            w = c;
        else if (has(l, "服务") && !s)
            s = c;
    }
    if (!tot) return;
    if (g && w && s) {
        js_amount sum = g->amount + w->amount + s->amount, d = tot->amount - sum;
        if (d != 0) {
            bool r = absd(d) <= 3 * WAN_CENT;
            rep(n, "N-PROCUREMENT", r ? JS_SEV_ROUNDING : JS_SEV_ERROR, tot, tot->text, wan(n, sum),
                "政府采购货物%s万元、工程%s万元、服务%s万元之和%s万元与采购支出总额%s万元不符",
                g->text, w->text, s->text, wan(n, sum), tot->text);
        }
    }
    if (!(g && w && s)) return; /* not the sentence with the total and its parts */
    if (sme && sme->amount > tot->amount)
        rep(n, "N-PROCUREMENT", JS_SEV_ERROR, sme, sme->text, NULL,
            "授予中小企业合同金额%s万元大于政府采购支出总额%s万元", sme->text, tot->text);
    if (sme && micro && micro->amount > sme->amount)
        rep(n, "N-PROCUREMENT", JS_SEV_ERROR, micro, micro->text, NULL,
            "授予小微企业合同金额%s万元大于授予中小企业合同金额%s万元", micro->text, sme->text);
}

static void check_procurement(nctx *n)
{
    int last = -1;
    for (int i = 0; i < n->cl.n; i++) {
        if (n->cl.items[i].block == last) continue;
        last = n->cl.items[i].block;
        check_procurement_block(n, last);
    }
}

static void check_vehicles(nctx *n)
{
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *t = &n->cl.items[i];
        if (t->kind != JS_CL_COUNT || strcmp(t->unit, "辆") != 0) continue;
        if (!has(t->label, "车辆") || t->num.dec != 0) continue;
        int64_t sum = 0;
        int parts = 0;
        const js_claim *last = t;
        for (int j = i + 1; j < n->cl.n; j++) {
            const js_claim *p = &n->cl.items[j];
            if (p->block != t->block) break;
            if (p->kind != JS_CL_COUNT || strcmp(p->unit, "辆") != 0) {
                if (p->kind == JS_CL_COUNT) break; /* 台（套）: the vehicle list is over */
                continue;
            }
            if (!has(p->label, "用车") || p->num.dec != 0) break;
            sum += p->num.mant;
            parts++;
            last = p;
        }
        if (parts < 2 || sum == t->num.mant) continue;
        char e[32];
        snprintf(e, sizeof e, "%lld", (long long)sum);
        rep(n, "N-VEHICLES", JS_SEV_ERROR, last, t->text, e, "各类车辆之和%lld辆与车辆总数%s辆不符",
            (long long)sum, t->text);
        (void)last;
    }
}

/* ---- sections ------------------------------------------------------------------ */

static int title_topic(const char *t)
{
    if (!t) return TP_NONE;
    if (has(t, "三公")) return TP_SANGONG;
    if (has(t, "机关运行经费")) return TP_JIGUAN;
    if (has(t, "政府采购")) return TP_PROCURE;
    if (has(t, "国有资产")) return TP_ASSETS;
    if (has(t, "一般性支出")) return TP_GENEXP;
    if (has(t, "绩效")) return TP_PERF;
    if (has(t, "政府性基金")) return TP_FUND;
    if (has(t, "国有资本经营")) return TP_SOE;
    if (has(t, "基本支出")) return TP_BASIC;
    if (has(t, "一般公共预算财政拨款支出") || has(t, "一般公共预算支出")) return TP_GENERAL;
    if (has(t, "财政拨款收入支出") || has(t, "财政拨款收支")) return TP_FISCAL;
    if (has(t, "收入支出决算总体") || has(t, "收支决算总体") || has(t, "收入支出决算总"))
        return TP_TOTAL;
    if (has(t, "收入决算")) return TP_INCOME;
    if (has(t, "支出决算")) return TP_EXPEND;
    return TP_NONE;
}

static bool own_topic(int tp)
{
    return tp == TP_SANGONG || tp == TP_JIGUAN || tp == TP_PROCURE || tp == TP_ASSETS ||
           tp == TP_GENEXP || tp == TP_PERF;
}

static bool terminal_end(const char *s, size_t n)
{
    static const char *const T[] = {"。", ";", "；", ":", "：", "!", "！", "?", "？", NULL};
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    for (const char *const *t = T; *t; t++) {
        size_t k = strlen(*t);
        if (n >= k && memcmp(s + n - k, *t, k) == 0) return true;
    }
    return false;
}

static bool has_digit(const char *s)
{
    for (; *s; s++)
        if (*s >= '0' && *s <= '9') return true;
    return false;
}

static void stream_reset(nctx *n)
{
    n->text.len = 0;
    if (n->text.data) n->text.data[0] = '\0';
    n->nsegs = 0;
    n->cl.n = 0;
}

static void stream_add(nctx *n, const char *s, const js_para *p, js_loc loc, bool title)
{
    if (n->text.len > 0) {
        const char *prev = n->text.data;
        if (terminal_end(prev, n->text.len)) js_buf_putc(&n->text, '\n');
    }
    if (n->nsegs == n->capsegs) {
        int cap = n->capsegs ? n->capsegs * 2 : 16;
        seg *g = js_arena_grow(n->a, n->segs, (size_t)n->nsegs, (size_t)cap, sizeof *g);
        if (!g) return;
        n->segs = g;
        n->capsegs = cap;
    }
    n->segs[n->nsegs++] = (seg){n->text.len, p, loc};
    js_buf_puts(&n->text, s);
    if (title && !has_digit(s)) js_buf_putc(&n->text, '\n');
}

/* 八/九: a sentence saying there is none, against a table that shows amounts */
static void check_none(nctx *n)
{
    int no = n->topic == TP_FUND ? 8 : 9;
    const js_table *t = n->doc->tables[no];
    if (!t) return;
    const char *txt = n->text.data;
    const char *w = strstr(txt, "没有");
    if (!w) w = strstr(txt, "无");
    if (!w) return;
    const js_row *r = rowk(t, "合计");
    if (!r || !r->cells) return;
    for (int i = 0; i < t->ncols; i++) {
        if (!r->cells[i].present || r->cells[i].value == 0) continue;
        js_claim c;
        memset(&c, 0, sizeof c);
        c.off = (size_t)(w - txt);
        rep(n, "N-AMOUNT", JS_SEV_ERROR, &c, NULL, wan(n, r->cells[i].value),
            "称没有%s，但公开%s表合计行%s为%s万元",
            no == 8 ? "政府性基金预算收支" : "国有资本经营预算收支", js_table_id(no),
            t->cols[i] ? t->cols[i] : "", wan(n, r->cells[i].value));
        return;
    }
}

static void stream_run(nctx *n, const char *item_name)
{
    if (!n->text.data || n->text.len == 0) return;
    if (!js_claims_extract(n->a, n->text.data, n->text.len, &n->cl)) return;
    n->bad = n->cl.n > 0 ? js_arena_calloc(n->a, (size_t)n->cl.n, 1) : NULL;
    n->sgitem = n->cl.n > 0 ? js_arena_calloc(n->a, (size_t)n->cl.n, sizeof *n->sgitem) : NULL;
    check_amounts(n);
    check_shares(n);
    check_growth(n);
    check_completion(n);
    if (n->topic == TP_BASIC) check_basic_items(n);
    if (n->topic == TP_PROCURE) check_procurement(n);
    if (n->topic == TP_ASSETS) check_vehicles(n);
    if (n->topic == TP_FUND || n->topic == TP_SOE) check_none(n);
    if (n->topic == TP_GENERAL && n->item) check_item(n, item_name);
}

static bool has_xiang(const char *s)
{
    return has(s, "(项)") || has(s, "（项）");
}

/* An item number at the start of a paragraph ("1、", "- 2、"): its value, or 0. */
static int item_start(const char *s)
{
    size_t n = strlen(s);
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '-'))
        i++;
    js_heading_num h;
    if (js_heading_parse(s + i, n - i, &h) == 0 || h.level != 3) return 0;
    return h.value;
}

/* The item name: the text before the first 。 or the first 年初预算. */
static const char *item_name_of(nctx *n, const char *s)
{
    const char *e = strstr(s, "。");
    const char *y = strstr(s, "年初预算");
    if (!e || (y && y < e)) e = y;
    size_t len = e ? (size_t)(e - s) : strlen(s);
    return js_arena_strndup(n->a, s, len);
}

void js_check_narrative(js_checker *ck)
{
    const js_doc *doc = ck->doc;
    if (!doc || doc->nsections <= 0) return;
    nctx n;
    memset(&n, 0, sizeof n);
    n.ck = ck;
    n.doc = doc;
    n.a = js_arena_new();
    if (!n.a) return;
    js_buf_init(&n.text);
    int *topic = js_arena_calloc(n.a, (size_t)doc->nsections, sizeof *topic);
    int *sub = js_arena_calloc(n.a, (size_t)doc->nsections, sizeof *sub);
    if (!topic || !sub) goto done;
    for (int si = 0; si < doc->nsections; si++) {
        const js_section *s = &doc->sections[si];
        int own = title_topic(s->title);
        int par = s->parent >= 0 && s->parent < si ? topic[s->parent] : TP_NONE;
        if (s->level <= 1 || par == TP_NONE || own_topic(own))
            topic[si] = own ? own : par;
        else
            topic[si] = par;
        if (topic[si] == TP_GENERAL && s->level >= 2) {
            if (s->level == 2) {
                sub[si] = has(s->title, "总体")   ? 1
                          : has(s->title, "结构") ? 2
                          : has(s->title, "具体") ? 3
                                                  : s->value;
            } else {
                sub[si] = s->parent >= 0 ? sub[s->parent] : 0;
            }
        }
        if (s->part != JS_PART_NARRATIVE || s->level < 1) continue;
        n.topic = topic[si];
        n.sub = sub[si];
        if (n.topic == TP_NONE || n.topic == TP_PERF || n.topic == TP_GENEXP) continue;
        n.num = s->num ? s->num : "";
        n.item = n.topic == TP_GENERAL && n.sub == 3 && s->level >= 3;
        stream_reset(&n);
        const char *item_name = n.item ? s->title : NULL;
        if (s->title) stream_add(&n, s->title, NULL, s->loc, true);
        for (int pi = 0; pi < doc->nparas; pi++) {
            const js_para *p = &doc->paras[pi];
            if (p->section != si || !p->text) continue;
            int iv = n.topic == TP_GENERAL && n.sub == 3 && s->level == 2 ? item_start(p->text) : 0;
            if (iv > 0) {
                /* an item printed as a paragraph: close what came before */
                stream_run(&n, item_name);
                stream_reset(&n);
                n.item = true;
                n.num = js_arena_printf(n.a, "%s%d", s->num ? s->num : "", iv);
                item_name = item_name_of(&n, p->text);
            }
            if (n.item && item_name == s->title && s->title && !has_xiang(s->title)) {
                /* the (项) of a long name wrapped into the paragraph */
                const char *e = strstr(p->text, "。");
                size_t k = e ? (size_t)(e - p->text) : strlen(p->text);
                item_name = js_arena_printf(n.a, "%s%.*s", s->title, (int)k, p->text);
            }
            stream_add(&n, p->text, p, p->loc, false);
        }
        stream_run(&n, item_name);
    }
done:
    js_buf_release(&n.text);
    js_arena_free(n.a);
}
