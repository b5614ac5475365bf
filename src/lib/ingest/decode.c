/*
 * decode.c - the bytes of a text file to UTF-8 with LF line ends (decode.h).
 *
 * One bad byte must not reject a document (issue #16): the encoding is the
 * one of UTF-8 and GB18030 that decodes with fewer errors (UTF-16 when the
 * file starts with a byte order mark, or when its NUL bytes say so), every
 * byte that cannot be decoded becomes U+FFFD, and the lines holding them are
 * listed so the reader can report each as an encoding notice. A lone CR (old
 * Mac text) ends a line. Only a file that is mostly not text is refused:
 * NUL and control bytes in more than 1% of it, or more bad bytes than a
 * damaged text has.
 */
#include "decode.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static const char REPL[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Line number (1-based) of byte offset off. */
static int line_of(const char *text, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off; i++)
        if (text[i] == '\n') line++;
    return line;
}

/* What one pass over the bytes tells: NUL bytes at even and odd offsets (UTF-16
 * without a byte order mark), NUL and C0 control bytes other than \t \n \v
 * \f \r and ESC (binary data), bytes that start no valid UTF-8 sequence, NUL
 * included (damage or another encoding), and whether a lone CR (not followed
 * by LF) ends a line. Plain ASCII is skipped eight bytes at a time, and the
 * three-byte sequences of CJK text are checked in line. */
typedef struct scan_info {
    size_t nul_even, nul_odd, ctl, bad;
    bool lone_cr;
} scan_info;

static void scan_low(const char *s, size_t n, size_t i, scan_info *c)
{
    unsigned char b = (unsigned char)s[i];
    if (b == 0) {
        (i & 1) ? c->nul_odd++ : c->nul_even++;
        c->bad++;
    }
    c->ctl += (b < '\t' || b > '\r') && b != 0x1B;
    if (b == '\r' && (i + 1 >= n || s[i + 1] != '\n')) c->lone_cr = true;
}

static void scan_bytes(const char *s, size_t n, scan_info *c)
{
    const unsigned char *u = (const unsigned char *)s;
    memset(c, 0, sizeof *c);
    size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            /* no byte >= 0x80 and no byte < 0x20 */
            if ((w & 0x8080808080808080ULL) == 0 &&
                ((w - 0x2020202020202020ULL) & ~w & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        unsigned char b = u[i];
        if (b < 0x80) {
            if (b < 0x20) scan_low(s, n, i, c);
            i++;
            continue;
        }
        if (b >= 0xE1 && b <= 0xEC && i + 3 <= n && (u[i + 1] & 0xC0) == 0x80 &&
            (u[i + 2] & 0xC0) == 0x80) {
            i += 3; /* most CJK: no overlong or surrogate form starts with E1..EC */
            continue;
        }
        size_t k = js_utf8_len(s + i, n - i);
        if (k == 0) {
            c->bad++;
            i++;
        } else {
            i += k;
        }
    }
}

/* UTF-8 with every invalid byte (and NUL) replaced by U+FFFD. */
static size_t utf8_lossy(const char *s, size_t n, js_buf *out)
{
    size_t bad = 0, i = 0, run = 0;
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        size_t k = b == 0 ? 0 : b < 0x80 ? 1 : js_utf8_len(s + i, n - i);
        if (k) {
            i += k;
            continue;
        }
        js_buf_append(out, s + run, i - run);
        js_buf_append(out, REPL, 3);
        bad++;
        run = ++i;
    }
    js_buf_append(out, s + run, n - run);
    return bad;
}

/* Decode s from code through iconv into out; a byte (unit bytes for UTF-16)
 * that cannot be decoded becomes U+FFFD. Returns the count of such places, or
 * (size_t)-1 when iconv does not know code. Stops early once more than limit. */
static size_t iconv_lossy(const char *code, size_t unit, const char *s, size_t n, js_buf *out,
                          size_t limit)
{
    iconv_t cd = iconv_open("UTF-8", code);
    if (cd == (iconv_t)-1) return (size_t)-1;
    char *in = (char *)s;
    size_t inleft = n, bad = 0;
    char tmp[8192];
    while (inleft > 0 && !out->oom && bad <= limit) {
        char *o = tmp;
        size_t oleft = sizeof tmp;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        js_buf_append(out, tmp, sizeof tmp - oleft);
        if (r != (size_t)-1 || errno == E2BIG) continue;
        /* EILSEQ: a bad byte; EINVAL: a sequence cut off by the end of the input */
        js_buf_append(out, REPL, 3);
        bad++;
        size_t skip = errno == EINVAL ? inleft : unit < inleft ? unit : inleft;
        in += skip;
        inleft -= skip;
        iconv(cd, NULL, NULL, NULL, NULL); /* reset the shift state */
    }
    iconv_close(cd);
    /* a U+0000 of UTF-16 text would end the lines early */
    for (size_t i = 0; i < out->len; i++)
        if (out->data[i] == '\0') {
            js_buf tail;
            js_buf_init(&tail);
            js_buf_append(&tail, out->data + i + 1, out->len - i - 1);
            out->len = i;
            js_buf_append(out, REPL, 3);
            js_buf_append(out, tail.data ? tail.data : "", tail.len);
            js_buf_release(&tail);
            bad++;
        }
    return bad;
}

/* UTF-16 without a byte order mark (an even length): NUL bytes in a tenth of it
 * or more (four at least), 19 in 20 of them on one parity (the high byte of
 * ASCII and of most punctuation). */
static const char *utf16_guess(size_t n, const scan_info *c)
{
    size_t even = c->nul_even, odd = c->nul_odd;
    if (n < 4) return NULL;
    if ((even + odd) * 10 < n || even + odd < 4 || n % 2) return NULL;
    if (odd * 20 >= (even + odd) * 19) return "UTF-16LE";
    if (even * 20 >= (even + odd) * 19) return "UTF-16BE";
    return NULL;
}

/* Lone CRs (not followed by LF) to LF, in place. */
static void cr_to_lf(char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\r' && (i + 1 >= n || s[i + 1] != '\n')) s[i] = '\n';
}

static bool has_lone_cr(const char *s, size_t n)
{
    for (const char *p = s; (p = memchr(p, '\r', n - (size_t)(p - s))) != NULL; p++)
        if ((size_t)(p - s) + 1 >= n || p[1] != '\n') return true;
    return false;
}

/* Lines holding U+FFFD: the first JS_DECODE_MAX_LINES in info, all counted. */
static void bad_lines(const char *s, size_t n, js_decoded *info)
{
    int line = 1, last = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') {
            line++;
            continue;
        }
        if (i + 3 > n || memcmp(s + i, REPL, 3) != 0 || line == last) continue;
        last = line;
        if (info->nlines < JS_DECODE_MAX_LINES) info->lines[info->nlines] = line;
        info->nlines++;
    }
}

int js_text_decode(const char *path, const char *s, size_t n, js_buf *conv, js_decoded *info,
                   js_err *err)
{
    memset(info, 0, sizeof *info);
    info->text = s;
    info->len = n;
    info->encoding = "UTF-8";
    const char *u16 = NULL;
    size_t skip = 0;
    scan_info sc; /* one pass over the bytes (not needed after a byte order mark) */
    memset(&sc, 0, sizeof sc);
    if (n >= 2 && (unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE)
        u16 = "UTF-16LE", skip = 2;
    else if (n >= 2 && (unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF)
        u16 = "UTF-16BE", skip = 2;
    else {
        scan_bytes(s, n, &sc);
        u16 = utf16_guess(n, &sc);
    }
    size_t bad;
    bool converted = u16 != NULL;
    if (u16) {
        info->encoding = u16;
        bad = iconv_lossy(u16, 2, s + skip, n - skip, conv, (size_t)-2);
        if (bad == (size_t)-1)
            return js_err_set(err, JS_EINTERNAL, "%s: iconv cannot decode %s", path, u16);
    } else {
        size_t ctl = sc.ctl;
        if (ctl > 0 && ctl * 100 > n) {
            const char *p = s;
            while ((unsigned char)*p >= 0x20 || (*p >= '\t' && *p <= '\r') || *p == 0x1B)
                p++;
            int at = line_of(s, (size_t)(p - s));
            if (*p) /* two messages, each translated whole */
                return js_err_set(err, JS_EINPUT,
                                  "%s:%d: binary data (a control byte): not a text file", path, at);
            return js_err_set(err, JS_EINPUT, "%s:%d: binary data (a NUL byte): not a text file",
                              path, at);
        }
        bad = sc.bad;
        if (bad > 0) {
            /* damaged UTF-8, or GB18030: whichever decodes with fewer bad bytes */
            js_buf gb;
            js_buf_init(&gb);
            size_t gbad = iconv_lossy("GB18030", 1, s, n, &gb, bad);
            if (gbad < bad) {
                info->encoding = "GB18030";
                *conv = gb;
                bad = gbad;
            } else {
                js_buf_release(&gb);
                utf8_lossy(s, n, conv);
            }
            converted = true;
        }
    }
    if (converted) {
        if (conv->oom) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
        info->text = conv->data ? conv->data : "";
        info->len = conv->len;
    }
    /* more bad bytes than a damaged text has: random or binary bytes */
    if (bad > 16 && bad * 20 > info->len / 3)
        return js_err_set(err, JS_EINPUT,
                          "%s: not text: %zu bytes cannot be decoded as UTF-8, GB18030 or UTF-16",
                          path, bad);
    if (converted ? has_lone_cr(info->text, info->len) : sc.lone_cr) {
        if (!conv->data) {
            js_buf_append(conv, s, n);
            if (conv->oom) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
            info->text = conv->data;
        }
        cr_to_lf(conv->data, conv->len);
    }
    info->nbad = bad > (size_t)INT32_MAX ? INT32_MAX : (int)bad;
    if (bad) bad_lines(info->text, info->len, info);
    return JS_OK;
}

/* ---- plain UTF-8: decoded and normalised in one pass ------------------- */

#if defined(__SSE2__)
/* The 32 bytes at s copied to out, and how many of them, from the start, are
 * plain: printable ASCII, tab, LF, and whole three-byte sequences with a lead
 * byte E4..E9 (U+4000..U+9FFF, the CJK ideographs, which js_norm_into never
 * maps). Each test is one compare of 16 bytes at a time; a bit per byte says
 * which passed, and the continuation bytes must be exactly the two after each
 * lead (a lead in the last two bytes is left for the next window). */
static size_t plain_window(const unsigned char *s, char *out)
{
    uint32_t ok = 0, lead = 0, cont = 0;
    for (int h = 0; h < 2; h++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + 16 * h));
        _mm_storeu_si128((__m128i *)(out + 16 * h), v);
        /* as signed bytes: 0x20..0x7F > 31; E4..E9 = -28..-23; 80..BF < -64 */
        __m128i a = _mm_or_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(31)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                                              _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))));
        __m128i l = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-29)),
                                  _mm_cmplt_epi8(v, _mm_set1_epi8(-22)));
        __m128i c = _mm_cmplt_epi8(v, _mm_set1_epi8(-64));
        ok |= (uint32_t)_mm_movemask_epi8(_mm_or_si128(a, _mm_or_si128(l, c))) << (16 * h);
        lead |= (uint32_t)_mm_movemask_epi8(l) << (16 * h);
        cont |= (uint32_t)_mm_movemask_epi8(c) << (16 * h);
    }
    uint32_t want = (lead << 1) | (lead << 2); /* where continuation bytes belong */
    uint32_t bad = ~ok | (cont ^ want);
    unsigned p = bad ? (unsigned)__builtin_ctz(bad) : 32;
    /* a lead whose sequence is not whole before p */
    if (p >= 1 && (lead >> (p - 1)) & 1)
        p -= 1;
    else if (p >= 2 && (lead >> (p - 2)) & 1)
        p -= 2;
    return p;
}
#endif

/* s[0..n) as UTF-8 normalised (js_norm_into) into out, which has room for n + 1
 * bytes, with lone CRs as LFs: what js_text_decode and js_norm_into give, in one
 * pass. False, with out garbage, when the text is not plain UTF-8: a NUL, a byte
 * that starts no valid sequence, or control bytes in over 1% of it; then
 * js_text_decode decides (another encoding, U+FFFD, or not text). Runs of plain
 * bytes go 32 at a time (plain_window); the rest one character at a time. */
static bool plain_norm(const char *s, size_t n, char *out, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, o = 0, ctl = 0;
    while (i < n) {
#if defined(__SSE2__)
        if (n - i >= 32) {
            size_t k = plain_window(u + i, out + o);
            i += k;
            o += k;
            if (k >= 30) continue; /* all plain, or a sequence across the window's end */
        }
#endif
        unsigned char b = u[i];
        if (b < 0x80) {
            i++;
            if (b == '\r') {
                if (i < n && u[i] == '\n') continue; /* CR LF: the CR dropped */
                b = '\n';                            /* a lone CR ends a line */
            } else if (b < 0x20) {
                if (b == 0) return false;
                ctl += (b < '\t' || b > '\r') && b != 0x1B;
            }
            out[o++] = (char)b;
            continue;
        }
        int32_t c;
        int k = 3;
        if (b >= 0xE1 && b <= 0xEF && b != 0xED && n - i >= 3 && (u[i + 1] & 0xC0) == 0x80 &&
            (u[i + 2] & 0xC0) == 0x80) /* three bytes, neither overlong nor a surrogate: 、 ， “ */
            c = (int32_t)(((b & 0x0Fu) << 12) | ((u[i + 1] & 0x3Fu) << 6) | (u[i + 2] & 0x3Fu));
        else if ((k = js_utf8_decode(s + i, n - i, &c)) == 1 && c == 0xFFFD)
            return false;            /* not a UTF-8 sequence */
        o += js_norm_cp(out + o, c); /* never longer than k */
        i += (size_t)k;
    }
    if (ctl > 0 && ctl * 100 > n) return false;
    out[o] = '\0';
    *len = o;
    return true;
}

int js_text_decode_norm(const char *path, const char *s, size_t n, js_arena *a, js_decoded *info,
                        js_err *err)
{
    char *out = js_arena_alloc_raw(a, n + 1);
    if (!out) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
    const unsigned char *u = (const unsigned char *)s;
    bool bom16 = n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
    size_t len;
    if (!bom16 && plain_norm(s, n, out, &len)) {
        memset(info, 0, sizeof *info);
        info->encoding = "UTF-8";
        info->text = out;
        info->len = len;
        return JS_OK;
    }
    js_buf conv;
    js_buf_init(&conv);
    int rc = js_text_decode(path, s, n, &conv, info, err);
    if (rc == JS_OK && info->len > n) /* GB18030 and UTF-16 grow as UTF-8 */
        out = js_arena_grow_raw(a, out, n + 1, info->len + 1, 1);
    if (rc == JS_OK && !out) rc = js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
    if (rc == JS_OK) {
        info->len = js_norm_into(out, info->text, info->len, false); /* valid UTF-8 never grows */
        info->text = out;
    }
    js_buf_release(&conv);
    return rc;
}
