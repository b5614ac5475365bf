/*
 * claims.c - find the figures a 情况说明 states, and what each one is (see
 * claims.h). A cursor walks the text once; at each number it looks at the
 * unit after it and at the words before it in the same clause.
 */
#include "claims.h"

#include <stdint.h>
#include <string.h>

enum { SEP_NONE = 0, SEP_CLAUSE = 1, SEP_SENT = 2, SEP_BLOCK = 3 };

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The rest of at(), out of line: the two first bytes are w's. */
static bool at_rest(const char *s, size_t n, size_t i, const char *w)
{
    size_t k = strlen(w);
    return i + k <= n && memcmp(s + i, w, k) == 0;
}

/* Does s[i..n) start with w? Most calls differ at the first byte, or the second: those
 * two in line at every call. */
static inline bool at(const char *s, size_t n, size_t i, const char *w)
{
    if (i >= n || s[i] != w[0]) return false;
    if (w[1] != '\0' && (i + 1 >= n || s[i + 1] != w[1])) return false;
    return at_rest(s, n, i, w);
}

/* Does s[from..to) end with w? */
static bool ends(const char *s, size_t from, size_t to, const char *w)
{
    size_t k = strlen(w);
    /* the last byte first: most calls differ there */
    return to >= from + k && (k == 0 || (s[to - 1] == w[k - 1] && memcmp(s + to - k, w, k) == 0));
}

/* Find the last occurrence of w in s[from..to); returns its offset or (size_t)-1. */
static size_t rfind(const char *s, size_t from, size_t to, const char *w)
{
    size_t k = strlen(w);
    if (to < from + k) return (size_t)-1;
    for (size_t i = to - k + 1; i-- > from;)
        if (s[i] == w[0] && memcmp(s + i, w, k) == 0) return i;
    return (size_t)-1;
}

/* A separator at s[i]: its type and byte length. */
static int sep_at(const char *s, size_t n, size_t i, size_t *len)
{
    static const struct {
        const char *w;
        int type;
    } SEPS[] = {
        {"\n", SEP_BLOCK},  {"。", SEP_SENT},   /* 。 */
        {";", SEP_SENT},    {"；", SEP_SENT},   /* ； */
        {"!", SEP_SENT},    {"！", SEP_SENT},   /* ！ */
        {"?", SEP_SENT},    {"？", SEP_SENT},   /* ？ */
        {"，", SEP_CLAUSE},                     /* ， */
        {":", SEP_CLAUSE},  {"：", SEP_CLAUSE}, /* ： */
    };
    unsigned char b = (unsigned char)s[i];
    /* every separator starts with one of these bytes (。 E3, the full-width forms EF) */
    if (b != '\n' && b != ';' && b != '!' && b != '?' && b != ':' && b != ',' && b != 0xE3 &&
        b != 0xEF)
        return SEP_NONE;
    for (size_t k = 0; k < sizeof SEPS / sizeof SEPS[0]; k++) {
        if (at(s, n, i, SEPS[k].w)) {
            *len = strlen(SEPS[k].w);
            return SEPS[k].type;
        }
    }
    if (s[i] == ',') {
        /* a thousands separator: digit , ddd non-digit */
        if (i > 0 && is_digit(s[i - 1]) && i + 3 < n && is_digit(s[i + 1]) && is_digit(s[i + 2]) &&
            is_digit(s[i + 3]) && (i + 4 >= n || !is_digit(s[i + 4])))
            return SEP_NONE;
        *len = 1;
        return SEP_CLAUSE;
    }
    return SEP_NONE;
}

static int paren_at(const char *s, size_t n, size_t i, size_t *len)
{
    if (s[i] != '(' && s[i] != ')' && (unsigned char)s[i] != 0xEF) return 0;
    if (s[i] == '(') return *len = 1, 1;
    if (s[i] == ')') return *len = 1, -1;
    if (at(s, n, i, "（")) return *len = 3, 1;  /* （ */
    if (at(s, n, i, "）")) return *len = 3, -1; /* ） */
    return 0;
}

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
    for (;;) { /* the two wide spaces start E3 and C2: other bytes end it at once */
        unsigned char b = i < n ? (unsigned char)s[i] : 0;
        if (b == ' ' || b == '\t' || b == '\r')
            i++;
        else if (b == 0xE3 && at(s, n, i, "　"))
            i += 3;
        else if (b == 0xC2 && at(s, n, i, " "))
            i += 2;
        else
            return i;
    }
}

/* Trim spaces at both ends of s[*from..*to). */
static void trim(const char *s, size_t *from, size_t *to)
{
    *from = skip_spaces(s, *to, *from);
    for (;;) {
        if (*to > *from && (s[*to - 1] == ' ' || s[*to - 1] == '\t' || s[*to - 1] == '\r'))
            (*to)--;
        else if (*to >= *from + 3 && (unsigned char)s[*to - 1] == 0x80 && /* U+3000 ends 80 */
                 memcmp(s + *to - 3, "　", 3) == 0)
            *to -= 3;
        else if (*to >= *from + 2 && (unsigned char)s[*to - 1] == 0xA0 && /* U+00A0 ends A0 */
                 memcmp(s + *to - 2, " ", 2) == 0)
            *to -= 2;
        else
            return;
    }
}

/* Strip any of the words from the end of s[from..*to) (repeatedly), then spaces. */
static void strip_tail(const char *s, size_t from, size_t *to, const char *const *words)
{
    bool again = true;
    while (again) {
        again = false;
        trim(s, &from, to);
        for (const char *const *w = words; *w; w++) {
            if (ends(s, from, *to, *w)) {
                *to -= strlen(*w);
                again = true;
                break;
            }
        }
    }
}

static void strip_head(const char *s, size_t *from, size_t to, const char *const *words)
{
    bool again = true;
    while (again) {
        again = false;
        trim(s, from, &to);
        /* a year: "2020年度", "2020 年" */
        size_t d = *from;
        while (d < to && is_digit(s[d]))
            d++;
        if (d - *from == 4) {
            size_t y = skip_spaces(s, to, d);
            if (at(s, to, y, "年度"))
                y += strlen("年度");
            else if (at(s, to, y, "年"))
                y += strlen("年");
            else
                y = *from;
            if (y != *from) {
                *from = y;
                again = true;
                continue;
            }
        }
        for (const char *const *w = words; *w; w++) {
            if (at(s, to, *from, *w)) {
                *from += strlen(*w);
                again = true;
                break;
            }
        }
    }
}

static const char *const HEAD_WORDS[] = {"、",       "-",      "(",  "（", "其中",
                                         "主要包括", "包括",   "及", "和", "本部门",
                                         "本单位",   "我单位", NULL};
static const char *const TAIL_WORDS[] = {"为", "是", "达", "共计", "共", NULL};

static const char *const UP_WORDS[] = {"增加了", "增长了", "增长率为", "增长率", "增加", "增长",
                                       "上升",   "提高",   "增幅为",   "增幅",   NULL};
static const char *const DOWN_WORDS[] = {"减少了", "下降了", "减少",   "下降", "降低",
                                         "节约",   "压减",   "降幅为", "降幅", NULL};

/* Does s[from..to) (trimmed) end with one of words? Returns the word. */
static const char *ends_any(const char *s, size_t from, size_t to, const char *const *words)
{
    trim(s, &from, &to);
    for (const char *const *w = words; *w; w++)
        if (ends(s, from, to, *w)) return *w;
    return NULL;
}

static const char *COUNT_UNITS[] = {"辆", "台", "套", "人次", "个", "人",
                                    "次", "家", "名", "篇",   NULL};

static bool grow(js_arena *a, js_claims *out)
{
    if (out->n < out->cap) return true;
    int cap = out->cap ? out->cap * 2 : 32;
    js_claim *items = js_arena_grow(a, out->items, (size_t)out->n, (size_t)cap, sizeof *items);
    if (!items) return false;
    out->items = items;
    out->cap = cap;
    return true;
}

typedef struct scan {
    const char *s;
    size_t n;
    size_t sent_start, clause_start, label_start;
    int sentence, clause, block, depth;
    /* bit b set: a word of DIRS starts with a character whose last byte is 0x80 + b */
    uint64_t dir_last;
} scan;

/* The base a change or rate at off is measured against: the later of 上年 and
 * 预算 in its sentence. */
static int base_of(const scan *sc, size_t off)
{
    static const char *const BUDGET[] = {"年初预算", "预算数", "比预算", "较预算", NULL};
    size_t y = rfind(sc->s, sc->sent_start, off, "上年");
    size_t b = (size_t)-1;
    for (const char *const *w = BUDGET; *w; w++) {
        size_t k = rfind(sc->s, sc->sent_start, off, *w);
        if (k != (size_t)-1 && (b == (size_t)-1 || k > b)) b = k;
    }
    if (y == (size_t)-1 && b == (size_t)-1) return JS_BASE_NONE;
    if (b == (size_t)-1) return JS_BASE_LASTYEAR;
    if (y == (size_t)-1) return JS_BASE_BUDGET;
    return y > b ? JS_BASE_LASTYEAR : JS_BASE_BUDGET;
}

static const char *dup_range(js_arena *a, const char *s, size_t from, size_t to)
{
    if (to < from) to = from;
    return js_arena_strndup(a, s + from, to - from);
}

/* Classify the number s[b..e) with its unit ending at u_end. */
static bool add_number(js_arena *a, js_claims *out, scan *sc, size_t b, size_t e, size_t u_end,
                       int unit_kind, const char *count_unit)
{
    const char *s = sc->s;
    js_num num;
    if (js_num_parse(s + b, e - b, &num) != JS_NUM_VALUE) return true;
    if (!grow(a, out)) return false;
    js_claim *c = &out->items[out->n];
    memset(c, 0, sizeof *c);
    c->num = num;
    js_num_fmt(num, c->text, sizeof c->text);
    c->off = b;
    c->end = u_end;
    c->sentence = sc->sentence;
    c->clause = sc->clause;
    c->block = sc->block;
    c->paren = sc->depth > 0;
    c->label = "";
    c->word = "";
    size_t ls = sc->label_start, le = b;
    if (unit_kind == 1) { /* 万元 */
        js_num_to_amount(num, JS_UNIT_WANYUAN, &c->amount);
        const char *w;
        if ((w = ends_any(s, ls, le, UP_WORDS)) != NULL) {
            c->kind = JS_CL_CHANGE;
            c->sign = 1;
            c->word = w;
            c->base = base_of(sc, b);
        } else if ((w = ends_any(s, ls, le, DOWN_WORDS)) != NULL) {
            c->kind = JS_CL_CHANGE;
            c->sign = -1;
            c->word = w;
            c->base = base_of(sc, b);
        } else {
            size_t t = le;
            static const char *const VERB[] = {"为", "是", NULL};
            static const char *const NUMW[] = {"数", NULL};
            strip_tail(s, ls, &t, VERB);
            strip_tail(s, ls, &t, NUMW);
            if (ends(s, ls, t, "预算") || ends(s, ls, t, "决算")) {
                c->kind = ends(s, ls, t, "预算") ? JS_CL_BUDGET : JS_CL_ACTUAL;
                t -= strlen("预算");
                static const char *const PRE[] = {"年初", "全年", "调整后", "支出", NULL};
                if (c->kind == JS_CL_BUDGET) strip_tail(s, ls, &t, PRE);
                size_t f = ls;
                strip_head(s, &f, t, HEAD_WORDS);
                c->label = dup_range(a, s, f, t);
            } else {
                c->kind = JS_CL_AMOUNT;
                size_t f = ls, t2 = le;
                strip_tail(s, f, &t2, TAIL_WORDS);
                strip_head(s, &f, t2, HEAD_WORDS);
                c->label = dup_range(a, s, f, t2);
            }
        }
    } else if (unit_kind == 2) { /* % */
        size_t cs = sc->clause_start;
        size_t z = rfind(s, cs, b, "占");
        const char *w;
        if (z != (size_t)-1) {
            c->kind = JS_CL_SHARE;
            size_t f = z + strlen("占"), t = b;
            static const char *const SH[] = {"的", "比例为", "比重为", "比例", "比重", "为", NULL};
            strip_tail(s, f, &t, SH);
            trim(s, &f, &t);
            c->label = dup_range(a, s, f, t);
        } else if (rfind(s, cs, b, "完成") != (size_t)-1 && rfind(s, cs, b, "预算") != (size_t)-1) {
            c->kind = JS_CL_COMPLETION;
        } else if ((w = ends_any(s, ls, le, UP_WORDS)) != NULL) {
            c->kind = JS_CL_RATE;
            c->sign = 1;
            c->word = w;
            c->base = base_of(sc, b);
        } else if ((w = ends_any(s, ls, le, DOWN_WORDS)) != NULL) {
            c->kind = JS_CL_RATE;
            c->sign = -1;
            c->word = w;
            c->base = base_of(sc, b);
        } else {
            c->kind = JS_CL_PCT;
        }
    } else {
        c->kind = JS_CL_COUNT;
        c->unit = count_unit;
        size_t f = ls, t = le;
        strip_tail(s, f, &t, TAIL_WORDS);
        strip_head(s, &f, t, HEAD_WORDS);
        c->label = dup_range(a, s, f, t);
    }
    out->n++;
    sc->label_start = u_end;
    return true;
}

static const struct {
    const char *w;
    int sign;
} DIRS[] = {{"大于", 1}, {"高于", 1}, {"超过", 1}, {"小于", -1}, {"低于", -1}, {"等于", 0}};

static bool add_direction(js_arena *a, js_claims *out, scan *sc, size_t i)
{
    const char *s = sc->s;
    /* every word of DIRS is two CJK characters: its first one compared in line (this
     * runs at every character of the text that starts nothing else) */
    if ((unsigned char)s[i] < 0xE0 || i + 3 > sc->n) return true;
    unsigned char b2 = (unsigned char)s[i + 2];
    if ((b2 & 0xC0) != 0x80 || !(sc->dir_last >> (b2 & 0x3F) & 1)) return true;
    for (size_t k = 0; k < sizeof DIRS / sizeof DIRS[0]; k++) {
        const char *w = DIRS[k].w;
        if (s[i] != w[0] || s[i + 1] != w[1] || s[i + 2] != w[2] || !at(s, sc->n, i, w)) continue;
        size_t wl = strlen(DIRS[k].w);
        size_t from = i >= 15 ? i - 15 : 0;
        if (from < sc->clause_start) from = sc->clause_start;
        size_t to = i + wl + 18 < sc->n ? i + wl + 18 : sc->n;
        if (rfind(s, from, i, "决算") == (size_t)-1) return true;
        if (rfind(s, i + wl, to, "预算") == (size_t)-1) return true;
        if (!grow(a, out)) return false;
        js_claim *c = &out->items[out->n++];
        memset(c, 0, sizeof *c);
        c->kind = JS_CL_DIRECTION;
        c->sign = DIRS[k].sign;
        c->word = DIRS[k].w;
        c->label = "";
        c->off = i;
        c->end = i + wl;
        c->sentence = sc->sentence;
        c->clause = sc->clause;
        c->block = sc->block;
        c->paren = sc->depth > 0;
        return true;
    }
    return true;
}

/* ASCII bytes the scanner stops at: separators, brackets, digits. */
static const bool SCAN_MARK[128] = {
    ['\n'] = true, [';'] = true, ['!'] = true, ['?'] = true, [':'] = true, [','] = true,
    ['('] = true,  [')'] = true, ['0'] = true, ['1'] = true, ['2'] = true, ['3'] = true,
    ['4'] = true,  ['5'] = true, ['6'] = true, ['7'] = true, ['8'] = true, ['9'] = true,
};

/* The end of the number starting at b (digits, thousands groups, decimals). */
static size_t number_end(const char *s, size_t n, size_t b)
{
    size_t e = b;
    while (e < n && is_digit(s[e]))
        e++;
    /* thousands groups */
    while (e + 3 < n && s[e] == ',' && is_digit(s[e + 1]) && is_digit(s[e + 2]) &&
           is_digit(s[e + 3]) && (e + 4 >= n || !is_digit(s[e + 4])))
        e += 4;
    if (e + 1 < n && s[e] == '.' && is_digit(s[e + 1])) {
        e++;
        while (e < n && is_digit(s[e]))
            e++;
    }
    return e;
}

/* The unit after a number at u: 1 万元, 2 %, 3 a count unit (*cu), 0 none; *u_end
 * set past it. */
static int unit_at(const char *s, size_t n, size_t u, size_t *u_end, const char **cu)
{
    *u_end = u;
    if (at(s, n, u, "万")) {
        size_t v = skip_spaces(s, n, u + strlen("万"));
        if (!at(s, n, v, "元")) return 0;
        *u_end = v + strlen("元");
        return 1;
    }
    if (at(s, n, u, "%")) {
        *u_end = u + 1;
        return 2;
    }
    if (at(s, n, u, "％")) {
        *u_end = u + strlen("％");
        return 2;
    }
    for (const char **w = COUNT_UNITS; *w; w++) {
        if (at(s, n, u, *w)) {
            *cu = *w;
            *u_end = u + strlen(*w);
            return 3;
        }
    }
    return 0;
}

/* A number starting at i: added as a claim when a unit follows; *next set past
 * what was read. False when out of memory. */
static bool scan_number(js_arena *a, js_claims *out, scan *sc, size_t i, size_t *next)
{
    const char *s = sc->s;
    size_t n = sc->n;
    size_t b = i, e = number_end(s, n, i);
    /* a minus sign written right before the number ("年末结转和结余-0.01万元"),
     * not a hyphen between numbers or words ("1-2月") */
    if (b > 0 && s[b - 1] == '-' &&
        (b == 1 || (!is_digit(s[b - 2]) && !is_alpha(s[b - 2]) && s[b - 2] != '-')))
        b--;
    if (e - b > 20) { /* not an amount: skip the run */
        *next = e;
        return true;
    }
    const char *cu = NULL;
    size_t u_end;
    int kind = unit_at(s, n, skip_spaces(s, n, e), &u_end, &cu);
    if (kind && !add_number(a, out, sc, b, e, u_end, kind, cu)) return false;
    *next = kind ? u_end : e;
    return true;
}

/* A separator at i ends a clause, a sentence or a block. */
static void scan_separator(scan *sc, int t, size_t i)
{
    sc->clause++;
    sc->clause_start = sc->label_start = i;
    if (t >= SEP_SENT) {
        sc->sentence++;
        sc->sent_start = i;
    }
    if (t == SEP_BLOCK) {
        sc->block++;
        sc->depth = 0;
    }
}

bool js_claims_extract(js_arena *a, const char *s, size_t n, js_claims *out)
{
    scan sc = {s, n, 0, 0, 0, 0, 0, 0, 0, 0};
    for (size_t k = 0; k < sizeof DIRS / sizeof DIRS[0]; k++)
        sc.dir_last |= (uint64_t)1 << ((unsigned char)DIRS[k].w[2] & 0x3F);
    size_t i = 0;
    while (i < n) {
        unsigned char c0 = (unsigned char)s[i];
        if ((c0 & 0xC0) == 0x80 || (c0 < 0x80 && !SCAN_MARK[c0])) {
            i++; /* a continuation byte or ASCII that starts no separator, bracket or number */
            continue;
        }
        size_t len = 0;
        int t = sep_at(s, n, i, &len);
        if (t != SEP_NONE) {
            i += len;
            scan_separator(&sc, t, i);
            continue;
        }
        int p = paren_at(s, n, i, &len);
        if (p != 0) {
            sc.depth += p;
            if (sc.depth < 0) sc.depth = 0;
            i += len;
            continue;
        }
        if (is_digit(s[i]) &&
            (i == 0 || (!is_digit(s[i - 1]) && s[i - 1] != '.' && !is_alpha(s[i - 1])))) {
            if (!scan_number(a, out, &sc, i, &i)) return false;
            continue;
        }
        if (!add_direction(a, out, &sc, i)) return false;
        i++;
    }
    return true;
}

const char *js_claim_kind_name(int kind)
{
    static const char *const NAMES[] = {"?",      "AMOUNT",    "BUDGET", "ACTUAL",
                                        "CHANGE", "SHARE",     "RATE",   "COMPLETION",
                                        "PCT",    "DIRECTION", "COUNT"};
    return kind >= 0 && kind <= JS_CL_COUNT ? NAMES[kind] : "?";
}
