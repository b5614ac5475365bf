/*
 * rsums_json.c - the data of a row of region_sums read back (schema version 9,
 * rsums.c): a JSON array of [tbl, row_key, col_key, value, units], each entry
 * handed on as it is read, nothing built.
 *
 * The data has one fixed shape, written by rsums.c (json_str: ", \ and control
 * characters escaped, every other byte as it is) or by the migration to
 * version 9 (SQLite's json_array, PostgreSQL's json_build_array: the same, with
 * the other JSON escapes and whitespace between the tokens, read here too). A
 * key's bytes are taken as they are: a key that is not valid UTF-8 (SQLite
 * stores any bytes a document gave) is read back exactly, where a general JSON
 * parser (jansson) refused the whole row, and with it the region's roll-up.
 * Anything else — not an array of such entries, a number that is not an
 * integer of 64 bits, text after the array — is a damaged row: false.
 */
#include "juesuan/store.h"
#include "store_impl.h"

#include <stdint.h>
#include <string.h>

typedef struct rd_json {
    const char *p;
    js_buf str[3]; /* the entry's three strings, NUL-terminated */
} rd_json;

static void skip_ws(rd_json *r)
{
    while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')
        r->p++;
}

static bool take(rd_json *r, char c)
{
    skip_ws(r);
    if (*r->p != c) return false;
    r->p++;
    return true;
}

static int hex4(const char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

/* A code point as UTF-8 into b. */
static void put_utf8(js_buf *b, uint32_t c)
{
    char u[4];
    size_t n;
    if (c < 0x80) {
        u[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        u[0] = (char)(0xC0 | (c >> 6));
        u[1] = (char)(0x80 | (c & 0x3F));
        n = 2;
    } else if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12));
        u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (c >> 18));
        u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[3] = (char)(0x80 | (c & 0x3F));
        n = 4;
    }
    js_buf_append(b, u, n);
}

/* \uXXXX at p (after the backslash and u), a surrogate pair joined: the code
 * point, its text's length in *len; -1 when it is none (or \u0000: keys are C strings). */
static long unicode_escape(const char *p, size_t *len)
{
    int hi = hex4(p);
    *len = 4;
    if (hi <= 0 || (hi >= 0xDC00 && hi <= 0xDFFF)) return -1;
    if (hi < 0xD800 || hi > 0xDBFF) return hi;
    int lo = p[4] == '\\' && p[5] == 'u' ? hex4(p + 6) : -1;
    if (lo < 0xDC00 || lo > 0xDFFF) return -1;
    *len = 10;
    return 0x10000 + ((long)(hi - 0xD800) << 10) + (lo - 0xDC00);
}

/* One escape after the backslash at r->p into b; false when it is none. */
static bool escape(rd_json *r, js_buf *b)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *e = *r->p ? strchr(from, *r->p) : NULL;
    if (e) {
        js_buf_putc(b, to[e - from]);
        r->p++;
        return true;
    }
    if (*r->p != 'u') return false;
    size_t len;
    long c = unicode_escape(r->p + 1, &len);
    if (c < 0) return false;
    put_utf8(b, (uint32_t)c);
    r->p += 1 + len;
    return true;
}

/* A string into b (NUL-terminated): its bytes as they are, the escapes decoded. */
static bool string(rd_json *r, js_buf *b)
{
    b->len = 0;
    if (!take(r, '"')) return false;
    for (;;) {
        const char *run = r->p;
        while (*r->p && *r->p != '"' && *r->p != '\\' && (unsigned char)*r->p >= 0x20)
            r->p++;
        js_buf_append(b, run, (size_t)(r->p - run));
        if (*r->p == '"') break;
        if (*r->p != '\\') return false; /* the end, or a control character */
        r->p++;
        if (!escape(r, b)) return false;
    }
    r->p++;
    js_buf_putc(b, '\0');
    return !b->oom;
}

/* An integer of 64 bits (no fraction, no exponent, no leading zero). */
static bool integer(rd_json *r, int64_t *out)
{
    skip_ws(r);
    bool neg = *r->p == '-';
    if (neg) r->p++;
    if (*r->p < '0' || *r->p > '9' || (r->p[0] == '0' && r->p[1] >= '0' && r->p[1] <= '9'))
        return false;
    uint64_t v = 0, most = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; *r->p >= '0' && *r->p <= '9'; r->p++) {
        unsigned d = (unsigned)(*r->p - '0');
        if (v > (most - d) / 10) return false;
        v = v * 10 + d;
    }
    if (*r->p == '.' || *r->p == 'e' || *r->p == 'E') return false;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

/* One entry [tbl, row_key, col_key, value, units] handed to fn. */
static bool entry(rd_json *r, js_rsums_fn fn, void *ud)
{
    int64_t n[2];
    if (!take(r, '[')) return false;
    for (int k = 0; k < 3; k++)
        if ((k && !take(r, ',')) || !string(r, &r->str[k])) return false;
    for (int k = 0; k < 2; k++)
        if (!take(r, ',') || !integer(r, &n[k])) return false;
    return take(r, ']') && fn(ud, r->str[0].data, r->str[1].data, r->str[2].data, n[0], n[1]);
}

static bool entries(rd_json *r, js_rsums_fn fn, void *ud)
{
    if (!take(r, '[')) return false;
    if (take(r, ']')) return true;
    do {
        if (!entry(r, fn, ud)) return false;
    } while (take(r, ','));
    return take(r, ']');
}

bool js_rsums_decode(const char *data, js_rsums_fn fn, void *ud)
{
    rd_json r = {data, {{0}}};
    for (int k = 0; k < 3; k++)
        js_buf_init(&r.str[k]);
    bool ok = data && entries(&r, fn, ud);
    if (ok) {
        skip_ws(&r);
        ok = *r.p == '\0';
    }
    for (int k = 0; k < 3; k++)
        js_buf_release(&r.str[k]);
    return ok;
}
