/*
 * perf_bands.c - the grade bands (等级划分) a disclosure prints for its 绩效自评表,
 * read from the text: "90分（含）—100分为优，80分（含）—90分为良，60分（含）—80分为
 * 中，60分以下为差", "85分以上为优秀…", "优：90分以上；良：80–89分…", or a table of
 * bands (a row of grades, a row of ranges; a grade and its range per line). The
 * grade of a 总分 is judged with the bands printed next to its table, else with
 * the ones printed anywhere in the document, else with the national default
 * (90 / 80 / 60), and the finding says which.
 *
 * A statement is read as tokens (numbers, grade words, markers such as 以上, 以下,
 * 不含, separators). Three layouts: the range before its grade ("…分为优"), the
 * grade before its range ("优：…", "优（…）"), a run of grades followed by a run
 * of ranges (a table). A band's lower bound is the least number of its range
 * (exclusive after 不含, >, 超过, 高于); a range with one number and 以下, 低于,
 * 不足, < is the bottom band. A reading is kept only when at least two bands have
 * lower bounds in 0..100 that fall from 优 to 差 and no grade appears twice.
 */
#include "checker.h"

#include <stdlib.h>
#include <string.h>

/* Grade words: canonical grade 0 优, 1 良, 2 中, 3 差; longest words first where
 * one starts another (不合格 before 合格 is not needed: the scan meets 不 first). */
#define GW(s, g)                                                                                   \
    {                                                                                              \
        s, sizeof s - 1, g                                                                         \
    }
static const struct gword {
    const char *w;
    size_t n;
    int g;
} GWORDS[] = {
    GW("优秀", 0), GW("优", 0),   GW("良好", 1), GW("良", 1),     GW("中等", 2),
    GW("合格", 2), GW("及格", 2), GW("一般", 2), GW("不合格", 3), GW("不及格", 3),
    GW("较差", 3), GW("差", 3),   GW("中", 2),
};
#undef GW

static const char *const CANON[4] = {"优", "良", "中", "差"};

/* The word at s that is a grade word, longest first; its length, 0 if none. Every
 * grade word starts with a byte 0xE4..0xE8 (the CJK block): others are skipped at once. */
static size_t gword_at(const char *s, int *g, const char **word)
{
    unsigned char u = (unsigned char)*s;
    if (u < 0xE4 || u > 0xE8) return 0;
    size_t best = 0;
    for (size_t k = 0; k < sizeof GWORDS / sizeof GWORDS[0]; k++) {
        size_t n = GWORDS[k].n;
        if (n > best && s[1] == GWORDS[k].w[1] && strncmp(s, GWORDS[k].w, n) == 0) {
            best = n;
            *g = GWORDS[k].g;
            *word = GWORDS[k].w;
        }
    }
    return best;
}

int js_grade_canon(const char *s)
{
    if (!s) return -1;
    for (const char *p = s; *p; p++) {
        int g;
        const char *w;
        if (gword_at(p, &g, &w)) return g;
    }
    return -1;
}

const char *js_grade_word(int g)
{
    return g >= 0 && g < 4 ? CANON[g] : "";
}

/* ---- tokens -------------------------------------------------------------- */

enum { TK_NUM, TK_GRADE, TK_SEP, TK_TAB, TK_UPPER, TK_STRICT, TK_EXCL };

typedef struct tok {
    int type;
    js_num num;       /* TK_NUM */
    int g;            /* TK_GRADE */
    const char *word; /* TK_GRADE */
} tok;

#define MAXTOK 96

static const char *const SEPS[] = {"，", "；", "。", "：", "、", ",", ";", ":", NULL};
static const char *const UPPER[] = {"以下", "低于", "不足", "不到", "不满", "未满", "未达",
                                    "小于", "<",    "＜",   "≤",    "≦",    NULL};
static const char *const STRICT[] = {"超过", "高于", "大于", ">", "＞", NULL};
static const char *const EXCL[] = {"不含", "不包含", "不包括", NULL};
/* What may stand right before / after a grade word for it to be one (and not
 * the 优 of 优化, the 中 of 其中, the 差 of 差异). */
static const char *const GPRE[] = {"为", "是", "：", ":", "、", "，", "；", "“", "（",
                                   "(",  " ",  "\t", "—", "-",  "）", ")",  NULL};
static const char *const GPOST[] = {"，", "。", "；", "、", "：", ":",  "（", "(", "”", "）",
                                    ")",  " ",  "\t", "—",  "-",  "等", "级", ";", ",", NULL};

static size_t match_any(const char *s, const char *const *list)
{
    for (int i = 0; list[i]; i++) {
        const char *w = list[i]; /* the first two bytes first (s[1] is there when s[0] is) */
        if (s[0] != w[0] || (w[1] && s[1] != w[1])) continue;
        size_t n = strlen(list[i]);
        if (strncmp(s, list[i], n) == 0) return n;
    }
    return 0;
}

static bool ends_with_any(const char *start, const char *p, const char *const *list)
{
    for (int i = 0; list[i]; i++) {
        size_t n = strlen(list[i]);
        if ((size_t)(p - start) >= n && p[-1] == list[i][n - 1] && strncmp(p - n, list[i], n) == 0)
            return true;
    }
    return false;
}

/* A full-width digit (０–９) or point (．) at s: its ASCII, else 0. */
static char fw_digit(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99)
        return (char)('0' + u[2] - 0x90);
    if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8E) return '.';
    return 0;
}

/* The number at p (ASCII or full-width digits): its end; *t filled and *got set when it
 * is a figure ("2." and "2、" opening a line are list numbers, "98%" a rate). */
static const char *read_number(const char *s, const char *p, tok *t, bool *got)
{
    char buf[24];
    size_t bl = 0;
    const char *q = p;
    bool lead = q == s || q[-1] == '\t';
    for (;;) {
        char d = (*q >= '0' && *q <= '9') || *q == '.' ? *q : fw_digit(q);
        if (!d) break;
        if (d == '.' && !((q[1] >= '0' && q[1] <= '9'))) break;
        if (bl + 1 < sizeof buf) buf[bl++] = d;
        q += (*q == d) ? 1 : 3;
    }
    bool list = (*q == '.' && !(q[1] >= '0' && q[1] <= '9')) || strncmp(q, "．", 3) == 0 ||
                (lead && strncmp(q, "、", 3) == 0);
    bool pct = *q == '%' || strncmp(q, "％", 3) == 0;
    *got = !list && !pct && js_num_parse(buf, bl, &t->num) == JS_NUM_VALUE;
    if (*got) t->type = TK_NUM;
    if (list && *q == '.') q++;
    return q;
}

/* A grade word at p standing as a word of its own: its length (0 if none at p), *got
 * set and *t filled when it counts. */
static size_t read_grade(const char *s, const char *p, tok *t, bool *got)
{
    int g;
    const char *w;
    size_t m = gword_at(p, &g, &w);
    if (!m) return 0;
    bool pre = p == s || ends_with_any(s, p, GPRE);
    bool post = p[m] == '\0' || match_any(p + m, GPOST) != 0;
    *got = pre && post;
    if (*got) *t = (tok){TK_GRADE, {0, 0}, g, w};
    return m;
}

/* A marker or separator at p: its length, 0 if none; *type set. */
static size_t read_marker(const char *p, int *type)
{
    static const struct {
        const char *const *words;
        int type;
    } M[] = {{EXCL, TK_EXCL}, {UPPER, TK_UPPER}, {STRICT, TK_STRICT}, {SEPS, TK_SEP}};
    for (size_t k = 0; k < sizeof M / sizeof M[0]; k++) {
        size_t m = match_any(p, M[k].words);
        if (m) {
            *type = M[k].type;
            return m;
        }
    }
    return 0;
}

/* lead[b0 - 0xE0] has bit (b1 & 0x3F) set when a grade word or a marker starts with
 * the bytes b0 b1 of a 3-byte character, lead[16 + (b0 >> 6)] bit (b0 & 0x3F) when one
 * starts with the ASCII byte b0: tokenize passes over the other characters of the CJK
 * block and the other ASCII (most of a line: its words and spaces) without matching
 * every word at them. Worked out once per document (js_bandidx) or per line read
 * without one. */
enum { NLEAD = 18 };

static void mark_lead(uint64_t lead[NLEAD], const char *w)
{
    unsigned char u0 = (unsigned char)w[0], u1 = (unsigned char)w[1];
    if (u0 >= 0xE0 && u0 <= 0xEF) lead[u0 - 0xE0] |= (uint64_t)1 << (u1 & 0x3F);
    if (u0 < 0x80) lead[16 + (u0 >> 6)] |= (uint64_t)1 << (u0 & 0x3F);
}

static void word_leads(uint64_t lead[NLEAD])
{
    static const char *const *const LISTS[] = {EXCL, UPPER, STRICT, SEPS};
    memset(lead, 0, NLEAD * sizeof *lead);
    for (size_t k = 0; k < sizeof GWORDS / sizeof GWORDS[0]; k++)
        mark_lead(lead, GWORDS[k].w);
    for (size_t l = 0; l < sizeof LISTS / sizeof LISTS[0]; l++)
        for (int i = 0; LISTS[l][i]; i++)
            mark_lead(lead, LISTS[l][i]);
}

/* Can no grade word nor marker start at p: a 3-byte character whose first two bytes
 * none of them starts with (its length, 3), or an ASCII byte none starts with (1);
 * else 0. */
static size_t no_word_at(const uint64_t lead[NLEAD], const char *p)
{
    unsigned char u0 = (unsigned char)p[0], u1 = (unsigned char)p[1];
    if (u0 < 0x80) return (lead[16 + (u0 >> 6)] >> (u0 & 0x3F)) & 1 ? 0 : 1;
    return u0 >= 0xE0 && u0 <= 0xEF && (u1 & 0xC0) == 0x80 &&
                   ((unsigned char)p[2] & 0xC0) == 0x80 && !((lead[u0 - 0xE0] >> (u1 & 0x3F)) & 1)
               ? 3
               : 0;
}

static int tokenize(const uint64_t lead[NLEAD], const char *s, tok *t, int max)
{
    int n = 0;
    const char *p = s;
    while (*p && n < max) {
        char fd = fw_digit(p);
        bool got = false;
        if ((*p >= '0' && *p <= '9') || (fd >= '0' && fd <= '9')) {
            p = read_number(s, p, &t[n], &got);
            n += got;
            continue;
        }
        if (*p == '\t' || *p == '\n') {
            t[n++].type = TK_TAB;
            p++;
            continue;
        }
        size_t m;
        int type;
        if ((m = no_word_at(lead, p)) != 0) { /* a character that starts no word */
        } else if ((m = read_grade(s, p, &t[n], &got)) != 0) {
            n += got;
        } else if ((m = read_marker(p, &type)) != 0) {
            t[n++].type = type;
        } else { /* any other character */
            unsigned char u = (unsigned char)*p;
            m = u < 0x80 ? 1 : u < 0xE0 ? 2 : u < 0xF0 ? 3 : 4;
        }
        p += m;
        while (*p && ((unsigned char)*p & 0xC0) == 0x80)
            p++;
    }
    return n;
}

/* The band of one grade read from tokens [a, b). */
static void read_range(const tok *t, int a, int b, js_band *out)
{
    int nnum = 0, imin = -1;
    bool upper = false;
    for (int i = a; i < b; i++) {
        if (t[i].type == TK_NUM) {
            nnum++;
            if (imin < 0 || js_num_cmp(t[i].num, t[imin].num) < 0) imin = i;
        } else if (t[i].type == TK_UPPER) {
            upper = true;
        }
    }
    out->has_lower = false;
    out->bottom = false;
    out->strict = false;
    if (nnum == 0) return;
    if (upper && nnum == 1) {
        out->bottom = true;
        return;
    }
    out->has_lower = true;
    out->lower = t[imin].num;
    /* 不含 right after the lower number, or >/超过/高于 right before it */
    for (int i = imin + 1; i < b && i <= imin + 2; i++)
        if (t[i].type == TK_EXCL) out->strict = true;
    if (imin > a && t[imin - 1].type == TK_STRICT) out->strict = true;
}

/* Is a grade token followed by no number before the next grade (a run of grades)? */
static bool grade_run(const tok *t, int n, const int *gi, int ng)
{
    if (ng < 3) return false;
    for (int i = gi[0]; i < gi[ng - 1]; i++)
        if (t[i].type == TK_NUM) return false;
    for (int i = gi[ng - 1] + 1; i < n; i++)
        if (t[i].type == TK_NUM) return true;
    return false;
}

static bool valid(const js_bands *b)
{
    int nl = 0;
    js_num hundred = {100, 0}, zero = {0, 0};
    for (int i = 0; i < b->n; i++) {
        const js_band *x = &b->b[i];
        for (int j = 0; j < i; j++)
            if (b->b[j].grade == x->grade) return false;
        if (!x->has_lower) continue;
        if (js_num_cmp(x->lower, hundred) > 0 || js_num_cmp(x->lower, zero) < 0) return false;
        nl++;
        for (int j = 0; j < b->n; j++) {
            const js_band *y = &b->b[j];
            if (j == i) continue;
            if (y->has_lower && y->grade > x->grade && js_num_cmp(y->lower, x->lower) >= 0)
                return false;
            if (y->bottom && y->grade < x->grade) return false;
        }
    }
    int nb = 0;
    for (int i = 0; i < b->n; i++)
        nb += b->b[i].bottom;
    return nl >= 2 && nb <= 1;
}

/* Read the bands of tokens [from, n). */
static bool parse_tokens(const tok *t, int n, int from, js_bands *out)
{
    int gi[8], ng = 0;
    for (int i = from; i < n; i++)
        if (t[i].type == TK_GRADE) {
            if (ng == 8) return false;
            gi[ng++] = i;
        }
    if (ng < 2) return false;
    out->n = 0;
    if (grade_run(t, n, gi, ng)) {
        /* a table: the k-th group of numbers after the grades is the k-th grade's */
        int k = 0, a = gi[ng - 1] + 1;
        for (int i = a; i <= n && k < ng; i++) {
            if (i < n && t[i].type != TK_TAB && t[i].type != TK_SEP && t[i].type != TK_GRADE)
                continue;
            bool hasnum = false;
            for (int j = a; j < i; j++)
                hasnum |= t[j].type == TK_NUM;
            if (hasnum) {
                js_band *x = &out->b[out->n++];
                x->grade = t[gi[k]].g;
                x->word = t[gi[k]].word;
                read_range(t, a, i, x);
                k++;
            }
            a = i + 1;
        }
        return valid(out);
    }
    /* the range before its grade: the clause since the last separator or grade */
    int c0 = gi[0];
    while (c0 > from && t[c0 - 1].type != TK_SEP && t[c0 - 1].type != TK_GRADE)
        c0--;
    bool before = false;
    for (int i = c0; i < gi[0]; i++)
        before |= t[i].type == TK_NUM;
    for (int k = 0; k < ng; k++) {
        int a, b;
        if (before) {
            b = gi[k];
            a = b;
            while (a > from && t[a - 1].type != TK_SEP && t[a - 1].type != TK_GRADE)
                a--;
        } else {
            a = gi[k] + 1;
            b = k + 1 < ng ? gi[k + 1] : n;
        }
        js_band *x = &out->b[out->n++];
        x->grade = t[gi[k]].g;
        x->word = t[gi[k]].word;
        read_range(t, a, b, x);
    }
    return valid(out);
}

static bool parse_bands(const tok *t, int n, js_bands *out)
{
    if (parse_tokens(t, n, 0, out)) return true;
    /* "分为优、良、中、差四个等级，90分以上为优…": read after the list of the grades */
    int i = 0;
    while (i < n && t[i].type != TK_GRADE)
        i++;
    while (i < n && t[i].type != TK_NUM)
        i++;
    int j = i;
    while (j > 0 && t[j - 1].type != TK_GRADE)
        j--;
    return j > 0 && parse_tokens(t, n, j, out);
}

/* What bands_at gave for each line, worked out once per document (js_bands_find is
 * asked once per 绩效 table, and each may search the whole document): at[i] is 0 not
 * yet known, -1 none, else 1 + the index of its bands in b; pre[i] 0 not yet known,
 * 1 the line names 优 or 良 (a statement may start there), 2 it does not. tk[i]: the
 * tokens of line i (ntk[i] of them) once read, NULL before (each line is read in up to
 * four statements). */
struct js_bandidx {
    const js_doc *doc;
    uint64_t lead[NLEAD]; /* word_leads */
    int *at;
    unsigned char *pre;
    js_bands *b;
    int nb, cap;
    tok **tk;
    int *ntk;
};

/* The tokens of line i appended to t[0..max): how many. Read once per document when x
 * keeps them; tokenize() stops at max, so the first max of a line's tokens are the
 * same read whole or in part. */
static int line_tokens(const js_doc *doc, js_bandidx *x, int i, tok *t, int max)
{
    const char *l = doc->lines[i] ? doc->lines[i] : "";
    if (!x) {
        uint64_t lead[NLEAD];
        word_leads(lead);
        return tokenize(lead, l, t, max);
    }
    if (!x->tk) return tokenize(x->lead, l, t, max);
    if (!x->tk[i]) {
        tok all[MAXTOK];
        int n = tokenize(x->lead, l, all, MAXTOK);
        x->tk[i] = malloc((size_t)(n ? n : 1) * sizeof *all);
        if (!x->tk[i]) return tokenize(x->lead, l, t, max);
        memcpy(x->tk[i], all, (size_t)n * sizeof *all);
        x->ntk[i] = n;
    }
    int n = x->ntk[i] < max ? x->ntk[i] : max;
    memcpy(t, x->tk[i], (size_t)n * sizeof *t);
    return n;
}

/* The best reading of a statement starting at line i (0-based): lines i… joined
 * by tabs (at most 2047 bytes), one to four of them, the reading with the most bands.
 * Each line is read into tokens once: the tokens of lines joined by a tab are the
 * tokens of each line with a tab token between (a line's start and end read as a
 * tab's neighbours do, and no token spans a tab). */
static bool bands_at(const js_doc *doc, js_bandidx *x, int i, js_bands *out)
{
    tok t[MAXTOK];
    int n = 0;
    size_t len = 0;
    bool found = false;
    for (int k = 0; k < 4 && i + k < doc->nlines; k++) {
        const char *l = doc->lines[i + k] ? doc->lines[i + k] : "";
        size_t ll = strlen(l);
        if (len + ll + 2 > 2048) break;
        if (k) {
            len++;
            if (n < MAXTOK) t[n++].type = TK_TAB;
        }
        len += ll;
        n += line_tokens(doc, x, i + k, t + n, MAXTOK - n);
        js_bands b;
        memset(&b, 0, sizeof b);
        if (parse_bands(t, n, &b) && (!found || b.n > out->n)) {
            *out = b;
            found = true;
        }
    }
    if (found) {
        out->printed = true;
        out->loc.line = i + 1;
        if (doc->line_pages) out->loc.page = doc->line_pages[i];
    }
    return found;
}

js_bandidx *js_bandidx_new(const js_doc *doc)
{
    js_bandidx *x = calloc(1, sizeof *x);
    if (!x) return NULL;
    x->doc = doc;
    word_leads(x->lead);
    if (doc->nlines > 0 && (!(x->at = calloc((size_t)doc->nlines, sizeof *x->at)) ||
                            !(x->pre = calloc((size_t)doc->nlines, 1)))) {
        free(x->at);
        free(x);
        return NULL;
    }
    if (doc->nlines > 0) { /* without them (out of memory) lines are read each time */
        x->tk = calloc((size_t)doc->nlines, sizeof *x->tk);
        x->ntk = x->tk ? calloc((size_t)doc->nlines, sizeof *x->ntk) : NULL;
        if (!x->ntk) {
            free(x->tk);
            x->tk = NULL;
        }
    }
    return x;
}

void js_bandidx_free(js_bandidx *x)
{
    if (!x) return;
    for (int i = 0; x->tk && i < x->doc->nlines; i++)
        free(x->tk[i]);
    free(x->tk);
    free(x->ntk);
    free(x->at);
    free(x->pre);
    free(x->b);
    free(x);
}

static bool bands_at_ix(const js_doc *doc, js_bandidx *x, int i, js_bands *out)
{
    if (!x || !x->at) return bands_at(doc, x, i, out);
    if (x->at[i] > 0) {
        *out = x->b[x->at[i] - 1];
        return true;
    }
    if (x->at[i] == -1) return false;
    if (!bands_at(doc, x, i, out)) {
        x->at[i] = -1;
        return false;
    }
    if (x->nb == x->cap) {
        int cap = x->cap ? 2 * x->cap : 8;
        js_bands *nb = realloc(x->b, (size_t)cap * sizeof *nb);
        if (!nb) return true; /* not remembered: asked again next time */
        x->b = nb;
        x->cap = cap;
    }
    x->b[x->nb++] = *out;
    x->at[i] = x->nb;
    return true;
}

/* Can a statement start at line i (it names 优 or 良)? */
static bool may_start(const js_doc *doc, js_bandidx *x, int i)
{
    if (x && x->pre && x->pre[i]) return x->pre[i] == 1;
    const char *l = doc->lines[i];
    bool may = l && (strstr(l, "优") || strstr(l, "良"));
    if (x && x->pre) x->pre[i] = may ? 1 : 2;
    return may;
}

static bool bands_in(const js_doc *doc, js_bandidx *x, int lo, int hi, js_bands *out)
{
    if (lo < 0) lo = 0;
    if (hi > doc->nlines) hi = doc->nlines;
    for (int i = lo; i < hi; i++) {
        if (!may_start(doc, x, i) || !bands_at_ix(doc, x, i, out)) continue;
        /* a table row ("等级：优") just before the statement: the statement's own line */
        for (int k = i + 1; k < hi && k <= i + 3; k++) {
            js_bands b;
            if (bands_at_ix(doc, x, k, &b) && b.n >= out->n) *out = b;
        }
        return true;
    }
    return false;
}

void js_bands_default(js_bands *out)
{
    memset(out, 0, sizeof *out);
    static const int low[3] = {90, 80, 60};
    for (int g = 0; g < 4; g++) {
        js_band *x = &out->b[out->n++];
        x->grade = g;
        x->word = CANON[g];
        x->has_lower = g < 3;
        x->bottom = g == 3;
        if (g < 3) x->lower = (js_num){low[g], 0};
    }
}

void js_bands_find(const js_doc *doc, js_bandidx *ix, int k, js_bands *out)
{
    js_bands_default(out);
    if (!doc->lines || doc->nlines <= 0 || k < 0 || k >= doc->nperf) return;
    const js_perf *p = &doc->perf[k];
    int lo = p->loc.line - 1, hi = doc->nlines;
    for (int j = 0; j < doc->nperf; j++) {
        int l = doc->perf[j].loc.line - 1;
        if (l > lo && l < hi) hi = l;
    }
    js_bands b;
    memset(&b, 0, sizeof b);
    if ((p->loc.line > 0 && bands_in(doc, ix, lo, hi, &b)) || bands_in(doc, ix, 0, doc->nlines, &b))
        *out = b;
}

const js_band *js_bands_judge(const js_bands *b, js_num score)
{
    const js_band *best = NULL, *bottom = NULL;
    for (int i = 0; i < b->n; i++) {
        const js_band *x = &b->b[i];
        if (x->bottom) bottom = x;
        if (!x->has_lower) continue;
        int c = js_num_cmp(score, x->lower);
        if (c < 0 || (c == 0 && x->strict)) continue;
        if (!best || js_num_cmp(x->lower, best->lower) > 0) best = x;
    }
    return best ? best : bottom;
}
