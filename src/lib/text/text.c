/*
 * text.c - UTF-8 decoding, normalisation of full-width forms (through
 * utf8proc's compatibility mapping), name comparison, Chinese numerals and
 * the heading numbers of the narrative (一、 （三） 1、 (1)).
 */
#include "juesuan/text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* One UTF-8 sequence at s (n > 0 bytes): its length and code point, or 0 when
 * s does not start a well-formed sequence. Accepts exactly what
 * utf8proc_iterate accepts (no overlongs, no surrogates, nothing past
 * U+10FFFF), without a call per code point. */
static inline int utf8_seq(const unsigned char *s, size_t n, int32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    if (c < 0xC2 || c > 0xF4) return 0;
    if (c < 0xE0) {
        if (n < 2 || (s[1] & 0xC0) != 0x80) return 0;
        *cp = (int32_t)(((c & 0x1Fu) << 6) | (s[1] & 0x3Fu));
        return 2;
    }
    if (c < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && s[1] < 0xA0) return 0; /* overlong */
        if (c == 0xED && s[1] > 0x9F) return 0; /* surrogate */
        *cp = (int32_t)(((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu));
        return 3;
    }
    if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) return 0;
    if (c == 0xF0 && s[1] < 0x90) return 0; /* overlong */
    if (c == 0xF4 && s[1] > 0x8F) return 0; /* past U+10FFFF */
    *cp = (int32_t)(((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) |
                    (s[3] & 0x3Fu));
    return 4;
}

size_t js_utf8_len(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    if (n == 0) return 0;
    unsigned char b = s[0];
    if (b < 0x80) return 1;
    if (b < 0xC2) return 0; /* continuation byte or overlong 2-byte lead */
    if (b < 0xE0) return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (b < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        if (b == 0xE0 && s[1] < 0xA0) return 0; /* overlong */
        if (b == 0xED && s[1] > 0x9F) return 0; /* surrogate */
        return 3;
    }
    if (b > 0xF4 || n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
        (s[3] & 0xC0) != 0x80)
        return 0;
    if (b == 0xF0 && s[1] < 0x90) return 0; /* overlong */
    if (b == 0xF4 && s[1] > 0x8F) return 0; /* beyond U+10FFFF */
    return 4;
}

int js_utf8_decode(const char *s, size_t n, int32_t *cp)
{
    int k = n > 0 ? utf8_seq((const unsigned char *)s, n, cp) : 0;
    if (k == 0) {
        *cp = 0xFFFD;
        return 1;
    }
    return k;
}

bool js_utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            if (s[i] == '\0') return false;
            i++;
            continue;
        }
        int32_t c;
        int k = utf8_seq((const unsigned char *)s + i, n - i, &c);
        if (k == 0) return false;
        i += (size_t)k;
    }
    return true;
}

/* The CJK Radicals Supplement (U+2E80..2EFF) has no compatibility decomposition (two
 * code points aside), so NFKC leaves ⻔ ⻋ ⻓ ⻝ as they are; some PDF fonts print them for
 * 门 车 长 食. Each radical that is a character's form of its own, to that unified
 * ideograph (after the Unicode Character Database's EquivalentUnifiedIdeograph.txt);
 * the rest (⺀ ⺮ … parts only of characters) stay. Sorted by code point. The Kangxi
 * radicals (U+2F00..2FD5) do decompose: utf8proc maps them (⼈ ⼯ -> 人 工). */
static const struct {
    uint16_t from, to;
} RADICALS[] = {
    {0x2E81, 0x5382}, {0x2E85, 0x4EBB}, {0x2E8C, 0x5C0F}, {0x2E8D, 0x5C0F}, {0x2E96, 0x5FC4},
    {0x2E98, 0x624C}, {0x2E99, 0x6535}, {0x2E9B, 0x65E1}, {0x2E9D, 0x6708}, {0x2EA0, 0x6C11},
    {0x2EA1, 0x6C35}, {0x2EA2, 0x6C3A}, {0x2EA3, 0x706C}, {0x2EA4, 0x722B}, {0x2EA8, 0x72AD},
    {0x2EA9, 0x738B}, {0x2EAA, 0x758B}, {0x2EAC, 0x793A}, {0x2EAD, 0x793B}, {0x2EAF, 0x7CF8},
    {0x2EB0, 0x7E9F}, {0x2EB2, 0x7F52}, {0x2EB9, 0x8002}, {0x2EBB, 0x807F}, {0x2EBE, 0x8279},
    {0x2EBF, 0x8279}, {0x2EC0, 0x8279}, {0x2EC1, 0x864E}, {0x2EC2, 0x8864}, {0x2EC3, 0x8980},
    {0x2EC4, 0x897F}, {0x2EC5, 0x89C1}, {0x2EC6, 0x89D2}, {0x2EC8, 0x8BA0}, {0x2EC9, 0x8D1D},
    {0x2ECB, 0x8F66}, {0x2ECC, 0x8FB6}, {0x2ECD, 0x8FB6}, {0x2ECF, 0x961D}, {0x2ED0, 0x9485},
    {0x2ED1, 0x9577}, {0x2ED2, 0x9578}, {0x2ED3, 0x957F}, {0x2ED4, 0x95E8}, {0x2ED6, 0x961D},
    {0x2ED7, 0x96E8}, {0x2ED8, 0x9752}, {0x2ED9, 0x97E6}, {0x2EDA, 0x9875}, {0x2EDB, 0x98CE},
    {0x2EDC, 0x98DE}, {0x2EDD, 0x98DF}, {0x2EDF, 0x98E0}, {0x2EE0, 0x9963}, {0x2EE1, 0x9996},
    {0x2EE2, 0x9A6C}, {0x2EE3, 0x9AA8}, {0x2EE4, 0x9B3C}, {0x2EE5, 0x9C7C}, {0x2EE6, 0x9E1F},
    {0x2EE7, 0x5364}, {0x2EE8, 0x9EA6}, {0x2EE9, 0x9EC4}, {0x2EEA, 0x9EFE}, {0x2EEB, 0x6589},
    {0x2EEC, 0x9F50}, {0x2EED, 0x6B6F}, {0x2EEE, 0x9F7F}, {0x2EEF, 0x7ADC}, {0x2EF0, 0x9F99},
    {0x2EF1, 0x9F9C}, {0x2EF2, 0x4E80},
};

static int32_t radical_ideograph(int32_t c)
{
    size_t lo = 0, hi = sizeof RADICALS / sizeof RADICALS[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (RADICALS[mid].from == c) return RADICALS[mid].to;
        if (RADICALS[mid].from < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return c;
}

/*
 * One code point, normalised, written to out (room for 4 bytes); returns the
 * bytes written. Full-width ASCII (U+FF01..FF5E), the odd spaces and the
 * Kangxi and CJK supplement radicals (U+2E80..2FDF: some PDF producers, Chromium
 * among them, map 一 支 入 门 … to them in their fonts' ToUnicode tables, so 一、
 * and 一般公共预算 would not match) are mapped by utf8proc's compatibility
 * decomposition (full-width ASCII and U+3000, the common ones, by its result: c - 0xFEE0
 * and a space), the supplement's by RADICALS above; everything else passes through
 * unchanged (utf8proc's full NFKC would also rewrite circled numbers and CJK
 * compatibility ideographs, which disclosures print on purpose).
 */
static size_t norm_cp(char *out, int32_t c, bool drop_spaces)
{
    if (c == 0xFEFF || c == 0x200B || c == '\r') return 0; /* BOM, zero-width space, CR */
    if (c >= 0xFF01 && c <= 0xFF5E) {
        c -= 0xFF01 - 0x21; /* full-width ASCII: its compatibility mapping, without a call */
    } else if (c == 0x3000) {
        c = ' '; /* the ideographic space, likewise */
    } else if (c == 0x00A0 || (c >= 0x2000 && c <= 0x200A) || (c >= 0x2E80 && c <= 0x2FDF)) {
        utf8proc_int32_t dst[4];
        int last = 0;
        utf8proc_ssize_t k =
            utf8proc_decompose_char(c, dst, 4, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &last);
        if (k == 1) c = dst[0];
        if (c >= 0x2E80 && c <= 0x2EFF) c = radical_ideograph(c);
    }
    if (c == 0x2212) c = '-'; /* minus sign */
    if (drop_spaces && (c == ' ' || c == '\t')) return 0;
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c >= 0x800 && c < 0x10000 && (c < 0xD800 || c > 0xDFFF)) { /* 、 。 “ ”: no call */
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    utf8proc_ssize_t k = utf8proc_encode_char(c, (utf8proc_uint8_t *)out);
    return k > 0 ? (size_t)k : 0;
}

size_t js_norm_cp(char *out, int32_t c)
{
    return norm_cp(out, c, false);
}

/* The code points above 0x7F norm_cp changes or drops (the rest it writes as they are). */
static bool cp_maps(int32_t c)
{
    return c == 0xFEFF || c == 0x200B || (c >= 0xFF01 && c <= 0xFF5E) || c == 0x3000 ||
           c == 0x00A0 || (c >= 0x2000 && c <= 0x200A) || (c >= 0x2E80 && c <= 0x2FDF) ||
           c == 0x2212;
}

size_t js_norm_into(char *out, const char *s, size_t n, bool drop_spaces)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < n) {
        /* the longest run that stays as it is: ASCII other than CR (and spaces for
         * keys), and valid sequences normalisation never maps (all CJK; 、 。 “ ” —) */
        size_t j = i;
        int32_t c = 0;
        int d = 0;
        for (;;) {
            if (j >= n) break;
            unsigned char b = u[j];
            if (b < 0x80) {
                if (b == '\r' || (drop_spaces && (b == ' ' || b == '\t'))) break;
                j++;
            } else if (b >= 0xE4 && b <= 0xE9 && j + 2 < n && (u[j + 1] & 0xC0) == 0x80 &&
                       (u[j + 2] & 0xC0) == 0x80) {
                j += 3; /* U+4000..U+9FFF: the CJK ideographs, the bulk of a disclosure */
            } else {
                d = utf8_seq(u + j, n - j, &c);
                if (!d || cp_maps(c)) break;
                j += (size_t)d;
            }
        }
        if (j > i) {
            memcpy(out + o, s + i, j - i);
            o += j - i;
            i = j;
            continue;
        }
        unsigned char b = u[i];
        if (b < 0x80) { /* a dropped CR or space */
            i++;
            continue;
        }
        if (!d) { /* not a valid sequence: U+FFFD for its first byte */
            c = 0xFFFD;
            d = 1;
        }
        o += norm_cp(out + o, c, drop_spaces);
        i += (size_t)d;
    }
    out[o] = '\0';
    return o;
}

static void norm(js_buf *out, const char *s, size_t n, bool drop_spaces)
{
    /* normalising never makes text longer (an invalid byte becomes U+FFFD: 3 bytes for 1) */
    if (n > (SIZE_MAX - 1) / 3) {
        out->oom = true;
        return;
    }
    if (out->oom) return;
    size_t need = out->len + 3 * n + 1;
    if (need > out->cap) {
        if (need < out->cap * 2) need = out->cap * 2;
        char *p = realloc(out->data, need);
        if (!p) {
            out->oom = true;
            return;
        }
        out->data = p;
        out->cap = need;
    }
    out->len += js_norm_into(out->data + out->len, s, n, drop_spaces);
}

void js_norm(js_buf *out, const char *s, size_t n)
{
    norm(out, s, n, false);
}

void js_norm_key(js_buf *out, const char *s, size_t n)
{
    norm(out, s, n, true);
}

/* Is the character at s one that normalisation leaves alone (and keeps)? Then
 * its byte length, else 0: spaces, tabs, CR, the end, an invalid sequence, or a
 * lead byte of the code points js_norm_into may map (C2 NBSP, E2 U+2000..2FDF,
 * E3 U+3000, EF U+FEFF and the full-width forms). */
static size_t plain_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    if (c < 0x80) return c == 0 || c == ' ' || c == '\t' || c == '\r' ? 0 : 1;
    if (c == 0xC2 || c == 0xE2 || c == 0xE3 || c == 0xEF) return 0;
    int32_t cp;
    return (size_t)utf8_seq((const unsigned char *)s, 4, &cp); /* stops at a NUL: not a cont. */
}

size_t js_drop_spaces(char *out, const char *s, size_t n)
{
    size_t i = 0, o = 0;
#if defined(__SSE2__)
    while (n - i >= 16) {
        /* 16 bytes stored as they are, then kept up to the first separator; the
         * separators after it skipped */
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        _mm_storeu_si128((__m128i *)(out + o), v);
        __m128i sep = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                                                _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))),
                                   _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\f')),
                                                _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
        unsigned m = (unsigned)_mm_movemask_epi8(sep);
        if (m == 0) {
            i += 16;
            o += 16;
            continue;
        }
        unsigned k = (unsigned)__builtin_ctz(m);
        o += k;
        unsigned rest = ~m & (0xFFFFu << k); /* what is not a separator from the first on */
        i += rest ? (unsigned)__builtin_ctz(rest) : 16;
    }
#endif
    for (; i < n; i++) {
        char c = s[i];
        if (c != ' ' && c != '\t' && c != '\f' && c != '\r') out[o++] = c;
    }
    out[o] = '\0';
    return o;
}

bool js_name_eq(const char *a, const char *b)
{
    if (!a || !b) return a == b;
    /* Walk both names while they are plain characters: identical so far means
     * equal normalised prefixes; two different plain characters mean the
     * names differ. Anything else is decided on the normalised rest. */
    for (;;) {
        unsigned char c = (unsigned char)*a;
        if (c == (unsigned char)*b) { /* the same byte: the usual same ASCII or CJK character */
            if (c == '\0') return true;
            if (c < 0x80 && c != ' ' && c != '\t' && c != '\r') {
                a++;
                b++;
                continue;
            }
            if (c >= 0xE4 && c <= 0xE9 && a[1] == b[1] && a[2] == b[2] &&
                ((unsigned char)a[1] & 0xC0) == 0x80 && ((unsigned char)a[2] & 0xC0) == 0x80) {
                a += 3; /* U+4000..U+9FFF, never mapped */
                b += 3;
                continue;
            }
        }
        size_t ka = plain_len(a), kb = plain_len(b);
        if (ka == 0 || kb == 0) break;
        if (ka != kb || memcmp(a, b, ka) != 0) return false;
        a += ka;
        b += ka;
    }
    size_t na = strlen(a), nb = strlen(b);
    if (na <= 120 && nb <= 120) {
        /* the usual short name: normalised on the stack (3 bytes per input byte at most) */
        char x[3 * 120 + 1], y[3 * 120 + 1];
        size_t lx = js_norm_into(x, a, na, true), ly = js_norm_into(y, b, nb, true);
        return lx == ly && memcmp(x, y, lx) == 0;
    }
    js_buf x, y;
    js_buf_init(&x);
    js_buf_init(&y);
    js_norm_key(&x, a, na);
    js_norm_key(&y, b, nb);
    bool eq = !x.oom && !y.oom && x.len == y.len && memcmp(x.data, y.data, x.len) == 0;
    js_buf_release(&x);
    js_buf_release(&y);
    return eq;
}

char *js_join3(char *buf, size_t size, const char *a, const char *b, const char *c)
{
    if (size == 0) return buf;
    const char *part[3] = {a, b, c};
    size_t o = 0;
    for (int i = 0; i < 3; i++) {
        if (!part[i]) continue;
        size_t k = strnlen(part[i], size - 1 - o); /* a part at a time, not a byte */
        memcpy(buf + o, part[i], k);
        o += k;
    }
    buf[o] = '\0';
    return buf;
}

bool js_all_digits(const char *s)
{
    return js_all_digits_n(s, strlen(s));
}

bool js_all_digits_n(const char *s, size_t n)
{
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

size_t js_startswith(const char *s, const char *prefix)
{
    size_t k = 0; /* one pass, stopping at the first difference (s's NUL is one) */
    while (prefix[k] && s[k] == prefix[k])
        k++;
    return prefix[k] ? 0 : k;
}

const char *js_memstr(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (k == 0) return s;
    if (k > n) return NULL;
    /* memchr looks for the needle's last byte: for a CJK word a continuation byte (one
     * of 64), rarer in Chinese text than its lead byte (mostly E4..E9) */
    size_t at = k - 1;
    const char *end = s + n;
    for (const char *p = s + at; (p = memchr(p, needle[at], (size_t)(end - p))) != NULL; p++)
        if (p[-(ptrdiff_t)at] == needle[0] && memcmp(p - at, needle, k) == 0) return p - at;
    return NULL;
}

bool js_words_set(js_words *ws, const char *const *w, int n)
{
    memset(ws, 0, sizeof *ws);
    if (n < 0 || n > JS_WORDS_MAX) return false;
    for (int i = 0; i < n; i++) {
        size_t k = strlen(w[i]);
        if (k == 0 || k > 255) return false;
        unsigned char b = (unsigned char)w[i][k - 1];
        if (!ws->ends[b]) {
            if (ws->nlast == 16) return false;
            memset(ws->vec[ws->nlast++], b, 16);
        }
        ws->ends[b] |= 1u << i;
        ws->w[i] = w[i];
        ws->len[i] = (unsigned char)k;
    }
    ws->n = n;
    return true;
}

/* The words of ws ending at s[p] not in found yet whose bytes are there: added to found. */
static uint32_t words_at(const js_words *ws, const char *s, size_t p, uint32_t found)
{
    for (uint32_t m = ws->ends[(unsigned char)s[p]] & ~found; m; m &= m - 1) {
        int i = __builtin_ctz(m);
        size_t k = ws->len[i];
        if (k > p + 1) continue; /* the word would start before s */
        const char *a = s + p + 1 - k, *w = ws->w[i];
        size_t q = k - 1; /* its last byte is there: the others, from the one before it */
        while (q > 0 && a[q - 1] == w[q - 1])
            q--;
        if (q == 0) found |= 1u << i;
    }
    return found;
}

uint32_t js_words_find(const js_words *ws, const char *s, size_t n)
{
    uint32_t found = 0, all = ws->n >= 32 ? 0xFFFFFFFFu : (1u << ws->n) - 1;
    size_t i = 0;
#if defined(__SSE2__)
    /* 16 bytes at a time (the last ones: the 16 that end s, or copied after zeros when s is
     * shorter: no word has a NUL), a bit per byte equal to some word's last byte */
    unsigned char tail[16];
    while (i < n && found != all) {
        const unsigned char *b = (const unsigned char *)s + i;
        size_t off = 0;
        if (n - i < 16) {
            off = 16 - (n - i);
            if (n >= 16) { /* the last 16 bytes: the first off of them already looked at */
                b -= off;
            } else {
                memset(tail, 0, off);
                memcpy(tail + off, b, n - i);
                b = tail;
            }
        }
        __m128i x = _mm_loadu_si128((const __m128i *)b);
        __m128i e = _mm_setzero_si128();
        for (int j = 0; j < ws->nlast; j++)
            e = _mm_or_si128(e, _mm_cmpeq_epi8(x, _mm_loadu_si128((const __m128i *)ws->vec[j])));
        for (unsigned m = (unsigned)_mm_movemask_epi8(e) & (0xFFFFu << off); m; m &= m - 1)
            found = words_at(ws, s, i + (size_t)__builtin_ctz(m) - off, found);
        i += 16 - off;
    }
#else
    for (; i < n && found != all; i++)
        if (ws->ends[(unsigned char)s[i]]) found = words_at(ws, s, i, found);
#endif
    return found;
}

/* ---- Chinese numerals ---------------------------------------------------- */

static int cdigit(int32_t c)
{
    switch (c) {
    case 0x3007: /* 〇 */
    case 0x96F6: /* 零 */
        return 0;
    case 0x4E00:
        return 1; /* 一 */
    case 0x4E8C:
        return 2; /* 二 */
    case 0x4E24:
        return 2; /* 两 */
    case 0x4E09:
        return 3; /* 三 */
    case 0x56DB:
        return 4; /* 四 */
    case 0x4E94:
        return 5; /* 五 */
    case 0x516D:
        return 6; /* 六 */
    case 0x4E03:
        return 7; /* 七 */
    case 0x516B:
        return 8; /* 八 */
    case 0x4E5D:
        return 9; /* 九 */
    default:
        return -1;
    }
}

#define CP_TEN 0x5341 /* 十 */

size_t js_cnum_parse(const char *s, size_t n, int *value)
{
    size_t i = 0;
    int tens = -1, ones = -1;
    bool seen_ten = false;
    while (i < n) {
        int32_t c;
        int k = js_utf8_decode(s + i, n - i, &c);
        int d = cdigit(c);
        if (c == CP_TEN) {
            if (seen_ten) break;
            seen_ten = true;
            tens = ones < 0 ? 1 : ones;
            ones = -1;
        } else if (d >= 0) {
            if (ones >= 0) break; /* two digits in a row: stop */
            ones = d;
        } else {
            break;
        }
        i += (size_t)k;
    }
    if (i == 0) return 0;
    int v = (tens < 0 ? 0 : tens * 10) + (ones < 0 ? 0 : ones);
    if (v == 0 && !(ones == 0 && !seen_ten)) return 0;
    *value = v;
    return i;
}

char *js_cnum_fmt(int value, char *buf, size_t size)
{
    static const char *const D[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    buf[0] = '\0';
    if (value < 0 || value > 99 || size < 16) return buf;
    if (value < 10) return js_join3(buf, size, D[value], NULL, NULL);
    return js_join3(buf, size, value / 10 > 1 ? D[value / 10] : "", "十",
                    value % 10 ? D[value % 10] : "");
}

/* Skip spaces; returns bytes skipped. */
static size_t skip_sp(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (s[i] == ' ' || s[i] == '\t') {
            i++;
        } else if (n - i >= 3 && memcmp(s + i, "\xE3\x80\x80", 3) == 0) {
            i += 3;
        } else {
            break;
        }
    }
    return i;
}

static size_t open_paren(const char *s, size_t n)
{
    if (n >= 1 && s[0] == '(') return 1;
    if (n >= 3 && memcmp(s, "（", 3) == 0) return 3;
    return 0;
}

static size_t close_paren(const char *s, size_t n)
{
    if (n >= 1 && s[0] == ')') return 1;
    if (n >= 3 && memcmp(s, "）", 3) == 0) return 3;
    return 0;
}

/* After a number: "、", "." or "．" not followed by a digit. */
static size_t sep_after(const char *s, size_t n)
{
    if (n >= 3 && memcmp(s, "、", 3) == 0) return 3;
    size_t k = 0;
    if (n >= 1 && s[0] == '.')
        k = 1;
    else if (n >= 3 && memcmp(s, "．", 3) == 0)
        k = 3;
    if (k && n > k && s[k] >= '0' && s[k] <= '9') return 0; /* 1.5 is a number */
    return k;
}

size_t js_heading_parse(const char *s, size_t n, js_heading_num *out)
{
    size_t i = skip_sp(s, n), k;
    int v;
    if ((k = open_paren(s + i, n - i)) > 0) {
        size_t j = i + k;
        j += skip_sp(s + j, n - j);
        size_t m;
        int level;
        if ((m = js_cnum_parse(s + j, n - j, &v)) > 0) {
            level = 2;
        } else {
            v = 0;
            m = 0;
            while (j + m < n && s[j + m] >= '0' && s[j + m] <= '9' && m < 3)
                v = v * 10 + (s[j + m++] - '0');
            if (m == 0) return 0;
            level = 4;
        }
        j += m;
        j += skip_sp(s + j, n - j);
        if ((k = close_paren(s + j, n - j)) == 0) return 0;
        j += k;
        j += skip_sp(s + j, n - j);
        out->level = level;
        out->value = v;
        return j;
    }
    if ((k = js_cnum_parse(s + i, n - i, &v)) > 0) {
        size_t j = i + k, m;
        if ((m = sep_after(s + j, n - j)) == 0) return 0;
        j += m;
        j += skip_sp(s + j, n - j);
        out->level = 1;
        out->value = v;
        return j;
    }
    size_t m = 0;
    v = 0;
    while (i + m < n && s[i + m] >= '0' && s[i + m] <= '9' && m < 3)
        v = v * 10 + (s[i + m++] - '0');
    if (m == 0 || m == 3) return 0;
    size_t j = i + m;
    if ((k = sep_after(s + j, n - j)) == 0) return 0;
    j += k;
    j += skip_sp(s + j, n - j);
    out->level = 3;
    out->value = v;
    return j;
}

/* A plain number as CSV/TSV writers print them: [+-]digits[,digits][.digits][%]. */
static bool cell_number(const char *s)
{
    const char *p = s + (*s == '-' || *s == '+');
    if (*p < '0' || *p > '9') return false;
    while ((*p >= '0' && *p <= '9') || *p == ',')
        p++;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9') return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == '%') p++;
    return *p == '\0';
}

bool js_cell_is_formula(const char *s)
{
    if (!s) return false;
    char c = *s; /* the characters a spreadsheet starts a formula with */
    if (c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' && c != '\r') return false;
    return !cell_number(s);
}

void js_buf_cell(js_buf *b, const char *s)
{
    if (!s) return;
    if (js_cell_is_formula(s)) js_buf_putc(b, '\'');
    js_buf_puts(b, s);
}
