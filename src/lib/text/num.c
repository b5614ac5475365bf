/*
 * num.c - amounts and percentages as printed in disclosures, parsed into
 * exact decimals (js_num) and fen (js_amount); exact ratios for shares and
 * growth rates. No floating point anywhere.
 *
 * What a table cell may hold, all of it seen in real documents:
 *   "5,531.10"  thousands separators      "186. 67"  a number split by a space
 *   "0.00" "0"  zero                       "-" "—" "/" ""  nothing printed
 *   "（3.50）"  negative in brackets       "１２.５"  full-width digits
 */
#include "juesuan/text.h"

#include <string.h>

/* Skip one "space-like" code point at s; returns its byte length or 0. */
static size_t space_len(const char *s, size_t n)
{
    if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n')) return 1;
    if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) return 2;
    if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) return 3; /* U+3000 */
    return 0;
}

const char *js_trim(const char *s, size_t *n)
{
    /* the usual cell starts and ends with printable ASCII: nothing to trim */
    if (*n && (unsigned char)(s[0] - 0x21) < 0x5F && (unsigned char)(s[*n - 1] - 0x21) < 0x5F)
        return s;
    size_t k;
    while (*n && (k = space_len(s, *n)) > 0) {
        s += k;
        *n -= k;
    }
    for (;;) {
        if (*n >= 1 &&
            (s[*n - 1] == ' ' || s[*n - 1] == '\t' || s[*n - 1] == '\r' || s[*n - 1] == '\n')) {
            (*n)--;
        } else if (*n >= 2 && (unsigned char)s[*n - 2] == 0xC2 &&
                   (unsigned char)s[*n - 1] == 0xA0) {
            *n -= 2;
        } else if (*n >= 3 && memcmp(s + *n - 3, "\xE3\x80\x80", 3) == 0) {
            *n -= 3;
        } else {
            break;
        }
    }
    return s;
}

/* A digit at s (ASCII or full-width): returns byte length and value, or 0. */
static size_t digit_at(const char *s, size_t n, int *d)
{
    if (n >= 1 && s[0] >= '0' && s[0] <= '9') {
        *d = s[0] - '0';
        return 1;
    }
    /* U+FF10..U+FF19: EF BC 90..99 */
    if (n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBC &&
        (unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x99) {
        *d = (unsigned char)s[2] - 0x90;
        return 3;
    }
    return 0;
}

/* A word and its byte length (no strlen in the loops below). */
typedef struct word {
    const char *s;
    size_t n;
} word;
#define W(lit)                                                                                     \
    {                                                                                              \
        lit, sizeof lit - 1                                                                        \
    }

static size_t match_any(const char *s, size_t n, const word *set)
{
    for (; set->s; set++)
        if (set->n <= n && s[0] == set->s[0] && memcmp(s, set->s, set->n) == 0) return set->n;
    return 0;
}

static const word MINUS[] = {
    W("-"), W("\xEF\xBC\x8D") /* － */, W("\xE2\x88\x92") /* − */, {NULL, 0}};
static const word DOT[] = {W("."), W("\xEF\xBC\x8E") /* ． */, {NULL, 0}};
static const word COMMA[] = {W(","), W("\xEF\xBC\x8C") /* ， */, {NULL, 0}};
static const word OPEN[] = {W("("), W("\xEF\xBC\x88") /* （ */, {NULL, 0}};
static const word CLOSE[] = {W(")"), W("\xEF\xBC\x89") /* ） */, {NULL, 0}};
static const word PCT[] = {W("%"), W("\xEF\xBC\x85") /* ％ */, {NULL, 0}};
static const word BLANKS[] = {W("-"),
                              W("--"),
                              W("\xE2\x80\x94") /* — */,
                              W("\xE2\x80\x94\xE2\x80\x94"),
                              W("\xEF\xBC\x8D") /* － */,
                              W("\xEF\xBC\x8D\xEF\xBC\x8D"),
                              W("\xE2\x80\x93") /* – */,
                              W("/"),
                              W("\xEF\xBC\x8F") /* ／ */,
                              W("\xE2\x80\x95") /* ― */,
                              W("\xE2\x94\x80") /* ─ */,
                              {NULL, 0}};

/* Is s[0..n) a word for "nothing printed" (-, —, /, …)? */
static bool blank_word(const char *s, size_t n)
{
    unsigned char f = (unsigned char)s[0]; /* every blank word starts with one of these */
    if (n > 6 || !(f == '-' || f == '/' || f == 0xE2 || f == 0xEF)) return false;
    for (const word *b = BLANKS; b->s; b++)
        if (b->n == n && s[0] == b->s[0] && memcmp(s, b->s, n) == 0) return true;
    return false;
}

/* Remove one of set from the end of s[0..*n) (after trailing spaces when trim);
 * false when it does not end so. */
static bool strip_suffix(const char *s, size_t *n, const word *set, bool trim)
{
    size_t m = *n;
    if (trim) s = js_trim(s, &m);
    for (const word *p = set; p->s; p++)
        if (m >= p->n && memcmp(s + m - p->n, p->s, p->n) == 0) {
            *n = m - p->n;
            return true;
        }
    return false;
}

/* The digits of s[0..n): "5,531.10", "186. 67", full-width digits. */
static int parse_digits(const char *s, size_t n, bool neg, js_num *out)
{
    int64_t mant = 0;
    int digits = 0, frac_digits = 0;
    bool in_frac = false, last_was_digit = false;
    size_t i = 0, k;
    while (i < n) {
        int d;
        if ((k = digit_at(s + i, n - i, &d)) > 0) {
            if (mant > (INT64_MAX - 9) / 10) return JS_NUM_NONE;
            mant = mant * 10 + d;
            digits++;
            if (in_frac) frac_digits++;
            last_was_digit = true;
        } else if (s[i] == '.' || (k = match_any(s + i, n - i, DOT)) > 0) {
            k = s[i] == '.' ? 1 : k;
            if (in_frac || digits == 0) return JS_NUM_NONE;
            in_frac = true;
            last_was_digit = false;
        } else if (s[i] == ',' || (k = match_any(s + i, n - i, COMMA)) > 0) {
            k = s[i] == ',' ? 1 : k;
            if (in_frac || !last_was_digit) return JS_NUM_NONE;
            last_was_digit = false;
        } else if ((k = space_len(s + i, n - i)) == 0 || digits == 0) {
            /* a space splits a number ("186. 67") only inside it */
            return JS_NUM_NONE;
        }
        i += k;
    }
    if (digits == 0 || !last_was_digit) return JS_NUM_NONE; /* "1," "12." */
    if (frac_digits > 9) return JS_NUM_NONE;
    out->mant = neg ? -mant : mant;
    out->dec = frac_digits;
    return JS_NUM_VALUE;
}

/* Core: parse s[0..n) (already trimmed) as a number; pct: require a trailing %. */
static int parse(const char *s, size_t n, js_num *out, bool pct)
{
    if (n == 0) return pct ? JS_NUM_NONE : JS_NUM_BLANK;
    if (!pct && blank_word(s, n)) return JS_NUM_BLANK;
    bool neg = false, paren = false;
    size_t k;
    if ((k = match_any(s, n, OPEN)) > 0) {
        paren = true;
        s += k;
        n -= k;
        s = js_trim(s, &n);
    } else if ((k = match_any(s, n, MINUS)) > 0) {
        neg = true;
        s += k;
        n -= k;
    }
    if (pct) { /* the % sign (and spaces before it) at the end */
        if (!strip_suffix(s, &n, PCT, false)) return JS_NUM_NONE;
        s = js_trim(s, &n);
    }
    if (paren) {
        if (!strip_suffix(s, &n, CLOSE, true)) return JS_NUM_NONE;
        neg = true;
    }
    return parse_digits(s, n, neg, out);
}

/* What parse (not pct) gives for the usual trimmed cell, in one loop: ASCII digits with
 * commas and one point, perhaps after '-' ("5,531.10", "-3.5", "0"): JS_NUM_VALUE, or
 * JS_NUM_NONE for text that cannot start a number (a CJK label); -1 for anything else,
 * which parse reads. */
static int parse_plain(const char *s, size_t n, js_num *out)
{
    unsigned char f = (unsigned char)s[0];
    if (!((f >= '0' && f <= '9') || f == '-' || f == '(' || f == '/' || f == 0xE2 || f == 0xEF))
        return JS_NUM_NONE; /* no digit, sign, bracket or blank word starts so */
    bool neg = f == '-', last_digit = false;
    int64_t mant = 0;
    int digits = 0, frac = -1; /* digits after the point; -1 before it */
    for (size_t i = neg; i < n; i++) {
        unsigned d = (unsigned char)s[i] - (unsigned)'0';
        if (d <= 9) {
            if (mant > (INT64_MAX - 9) / 10) return -1;
            mant = mant * 10 + (int64_t)d;
            digits++;
            frac += frac >= 0;
            last_digit = true;
        } else if (s[i] == ',' && last_digit && frac < 0) {
            last_digit = false;
        } else if (s[i] == '.' && digits > 0 && frac < 0) {
            frac = 0;
            last_digit = false;
        } else {
            return -1;
        }
    }
    if (!last_digit || frac > 9) return -1;
    out->mant = neg ? -mant : mant;
    out->dec = frac < 0 ? 0 : frac;
    return JS_NUM_VALUE;
}

int js_num_parse(const char *s, size_t n, js_num *out)
{
    s = js_trim(s, &n);
    int r = n ? parse_plain(s, n, out) : -1;
    return r >= 0 ? r : parse(s, n, out, false);
}

int js_pct_parse(const char *s, size_t n, js_num *out)
{
    s = js_trim(s, &n);
    return parse(s, n, out, true) == JS_NUM_VALUE ? JS_NUM_VALUE : JS_NUM_NONE;
}

static const int64_t POW10[] = {1LL,         10LL,         100LL,         1000LL,
                                10000LL,     100000LL,     1000000LL,     10000000LL,
                                100000000LL, 1000000000LL, 10000000000LL, 100000000000LL};

/* round v / 10^k half away from zero */
static int64_t div_round(int64_t v, int k)
{
    int64_t p = POW10[k];
    int64_t q = v / p, r = v % p;
    if (r < 0) r = -r;
    if (2 * r >= p) q += v < 0 ? -1 : 1;
    return q;
}

bool js_num_to_amount(js_num n, int unit, js_amount *out)
{
    int target = unit == JS_UNIT_YUAN ? 2 : 6; /* decimals of the unit that make a fen */
    if (n.dec < 0 || n.dec > 9) return false;
    if (n.dec <= target) {
        int64_t m = POW10[target - n.dec];
        if (n.mant > INT64_MAX / m || n.mant < -INT64_MAX / m) return false;
        *out = n.mant * m;
    } else {
        *out = div_round(n.mant, n.dec - target);
    }
    return true;
}

/* "-" when neg, then u / 10^dec, then (dec > 0) "." and the dec digits of
 * u % 10^dec, into buf (cut to size like snprintf). No printf: these are
 * formatted for every claim and every finding. */
static char *fmt_dec(bool neg, uint64_t u, int dec, char *buf, size_t size)
{
    char t[48];
    size_t i = sizeof t;
    for (int d = 0; d < dec && i > 24; d++) {
        t[--i] = (char)('0' + u % 10);
        u /= 10;
    }
    if (dec > 0) t[--i] = '.';
    do {
        t[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (neg) t[--i] = '-';
    size_t len = sizeof t - i;
    if (size == 0) return buf;
    if (len >= size) len = size - 1;
    memcpy(buf, t + i, len);
    buf[len] = '\0';
    return buf;
}

char *js_amount_fmt_wan(js_amount a, char *buf, size_t size)
{
    /* a is fen; 万元 = a / 1e6: six decimals, trailing zeros dropped down to two */
    uint64_t u = a < 0 ? (uint64_t)(-(a + 1)) + 1 : (uint64_t)a;
    int dec = 6;
    while (dec > 2 && u % 10 == 0) {
        u /= 10;
        dec--;
    }
    return fmt_dec(a < 0, u, dec, buf, size);
}

char *js_num_fmt(js_num n, char *buf, size_t size)
{
    uint64_t u = n.mant < 0 ? (uint64_t)(-(n.mant + 1)) + 1 : (uint64_t)n.mant;
    return fmt_dec(n.mant<0, u, n.dec> 0 ? n.dec : 0, buf, size);
}

int js_num_cmp(js_num a, js_num b)
{
    __int128 x = a.mant, y = b.mant;
    if (a.dec < b.dec)
        x *= POW10[b.dec - a.dec];
    else if (b.dec < a.dec)
        y *= POW10[a.dec - b.dec];
    return x < y ? -1 : x > y ? 1 : 0;
}

js_num js_ratio(int64_t p, int64_t q, int dec, bool pct)
{
    js_num r = {0, dec};
    if (q == 0 || dec < 0 || dec > 9) return r;
    __int128 num = (__int128)p * POW10[dec] * (pct ? 100 : 1);
    __int128 den = q;
    if (den < 0) {
        den = -den;
        num = -num;
    }
    __int128 quo = num / den, rem = num % den;
    if (rem < 0) rem = -rem;
    if (2 * rem >= den) quo += num < 0 ? -1 : 1;
    if (quo > INT64_MAX) quo = INT64_MAX;
    if (quo < -INT64_MAX) quo = -INT64_MAX;
    r.mant = (int64_t)quo;
    return r;
}
