/*
 * narrative_rules_util.c - the 情况说明 rules' helpers: table cells, names,
 * reporting, percentages, claims near a claim (see narrative_rules.c).
 */
#include "narrative_rules.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- small helpers -------------------------------------------------------- */

bool nr_has(const char *s, const char *w)
{
    return s && strstr(s, w) != NULL;
}

bool nr_ends_with(const char *s, const char *w)
{
    size_t n = strlen(s), k = strlen(w);
    return n >= k && memcmp(s + n - k, w, k) == 0;
}

js_amount nr_absd(js_amount x)
{
    return x < 0 ? -x : x;
}

const char *nr_wan(nctx *n, js_amount v)
{
    char b[48];
    return js_arena_strdup(n->a, js_amount_fmt_wan(v, b, sizeof b));
}

const char *nr_numtxt(nctx *n, js_num v)
{
    char b[48];
    return js_arena_strdup(n->a, js_num_fmt(v, b, sizeof b));
}

js_amount nr_uncert(js_amount v)
{
    return v == 0 ? 0 : HALF_CENT;
}

/* ---- tables --------------------------------------------------------------- */

int nr_colidx(const js_table *t, const char *key)
{
    if (!key) return -1;
    for (int i = 0; i < t->ncols; i++)
        if (t->cols[i] && js_name_eq(t->cols[i], key)) return i;
    return -1;
}

const js_row *nr_rowk(const js_table *t, const char *key)
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
bool nr_tval(nctx *n, int no, const char *row, const char *col, bool missing_zero, js_amount *v)
{
    const js_table *t = n->doc->tables[no];
    if (!t) return false;
    *v = 0;
    int ci = nr_colidx(t, col);
    const js_row *r = nr_rowk(t, row);
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
        unsigned char u = (unsigned char)*p;
        bool dropped = false; /* DROP's words start with ASCII or E2 E3 E6 E7 */
        for (const char *const *d = DROP;
             *d && (u == 0xE2 || u == 0xE3 || u == 0xE6 || u == 0xE7 || u < 0x80); d++) {
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
        int l = u >= 0xE1 && u <= 0xEC && end - p >= 3 && ((unsigned char)p[1] & 0xC0) == 0x80 &&
                        ((unsigned char)p[2] & 0xC0) == 0x80
                    ? 3 /* a CJK character: its length is all that is read */
                    : js_utf8_decode(p, (size_t)(end - p), &cp);
        if (depth == 0) memcpy(o + on, p, (size_t)l), on += (size_t)l;
        p += l;
    }
    if (o) o[on] = '\0';
    js_buf_release(&k);
    return o ? o : "";
}

/* nr_canon(s), remembered by the address of s: the same row and catalogue names
 * are compared against every claim. Every string nr_canon() is given lives
 * unchanged until the end of the check (the document's, or n->a's). */
const char *nr_canon(nctx *n, const char *s)
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

/* s decoded into cp[0..64): how many. ASCII and the 3-byte characters of the CJK block
 * are read here, the rest by js_utf8_decode (nr_sim is asked for every row of 05 an item
 * may name). */
static int decode64(const char *s, int32_t *cp)
{
    const char *e = s + strlen(s);
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n < 64;) {
        if (p[0] < 0x80) {
            cp[n++] = p[0];
            p++;
        } else if (p[0] >= 0xE1 && p[0] <= 0xEC && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
            cp[n++] = (int32_t)(((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu));
            p += 3;
        } else {
            p += js_utf8_decode((const char *)p, (size_t)(e - (const char *)p), &cp[n++]);
        }
    }
    return n;
}

/* Dice coefficient of the code-point bigrams of a and b, 0..100. */
int nr_sim(const char *a, const char *b)
{
    if (strcmp(a, b) == 0) return 100;
    int32_t ca[64], cb[64];
    int na = decode64(a, ca), nb = decode64(b, cb);
    if (na < 2 || nb < 2) return 0;
    uint64_t pb[63]; /* b's pairs of characters */
    for (int j = 0; j + 1 < nb; j++)
        pb[j] = (uint64_t)(uint32_t)cb[j] << 32 | (uint32_t)cb[j + 1];
    bool used[64] = {false};
    int common = 0;
    for (int i = 0; i + 1 < na; i++) {
        uint64_t x = (uint64_t)(uint32_t)ca[i] << 32 | (uint32_t)ca[i + 1];
        for (int j = 0; j + 1 < nb; j++) {
            if (!used[j] && pb[j] == x) {
                used[j] = true;
                common++;
                break;
            }
        }
    }
    return 200 * common / ((na - 1) + (nb - 1));
}

/* ---- reporting ------------------------------------------------------------ */

js_loc nr_claim_loc(nctx *n, size_t off)
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

void nr_rep(nctx *n, js_rule_id rule, int sev, const js_claim *c, const char *stated,
            const char *expected, const char *fmt, ...)
{
    js_buf b;
    js_buf_init(&b);
    if (strncmp(n->num, "附件", strlen("附件")) == 0)
        js_buf_printf(&b, "%s：", n->num); /* the 附件 audited like the 说明 */
    else
        js_buf_printf(&b, "说明%s：", n->num);
    va_list ap;
    va_start(ap, fmt);
    js_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    js_where w = {0};
    w.section = n->num;
    w.loc = nr_claim_loc(n, c->off);
    js_report(n->ck, rule, sev, w, stated, expected, "%s", b.data ? b.data : "");
    js_buf_release(&b);
}

/* ---- percentages ---------------------------------------------------------- */

/* stated against p/q, knowing that the true ratio lies in [plo/qhi, phi/qlo]. */
int nr_verdict(js_num stated, js_amount p, js_amount q, js_amount plo, js_amount qhi, js_amount phi,
               js_amount qlo, js_num *expected)
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
int nr_share_verdict(js_num stated, js_amount p, js_amount q, js_num *expected)
{
    js_amount ep = nr_uncert(p), eq = nr_uncert(q);
    js_amount plo = p - ep < 0 ? 0 : p - ep;
    return nr_verdict(stated, p, q, plo, q + eq, p + ep, q - eq, expected);
}

/* ---- claims near a claim ---------------------------------------------------- */

bool nr_is_amountish(const js_claim *c)
{
    return (c->kind == JS_CL_AMOUNT || c->kind == JS_CL_ACTUAL) && !c->paren;
}

/* The figure a change or share at index i is about: the last amount of its
 * sentence before it, else the first amount of its block. */
const js_claim *nr_subject_of(nctx *n, int i, bool block_fallback)
{
    const js_claim *c = &n->cl.items[i];
    for (int j = i - 1; j >= 0 && n->cl.items[j].sentence == c->sentence; j--)
        if (nr_is_amountish(&n->cl.items[j])) return &n->cl.items[j];
    if (!block_fallback) return NULL;
    for (int j = 0; j < i; j++)
        if (n->cl.items[j].block == c->block && nr_is_amountish(&n->cl.items[j]))
            return &n->cl.items[j];
    return NULL;
}

const js_claim *nr_last_before(nctx *n, int i, int kind, bool same_block)
{
    const js_claim *c = &n->cl.items[i];
    for (int j = i - 1; j >= 0; j--) {
        const js_claim *x = &n->cl.items[j];
        if (same_block && x->block != c->block) break;
        if (x->kind == kind) return x;
    }
    return NULL;
}

bool nr_unknown(const nctx *n, const js_claim *c)
{
    int i = c ? (int)(c - n->cl.items) : -1;
    return n->wrong && i >= 0 && i < n->cl.n && n->wrong[i] == 2;
}

js_amount nr_base_amount(const nctx *n, const js_claim *c)
{
    if (!c) return 0;
    int i = (int)(c - n->cl.items);
    if (n->wrong && i >= 0 && i < n->cl.n && n->wrong[i]) return n->fix[i];
    return c->amount;
}
