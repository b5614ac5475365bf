/*
 * narrative.h - the parts of the narrative reader (narrative.c; internal to
 * libjuesuan) kept in files of their own: small text tests (narrative_page.c) and
 * the reading of two-column pages (narrative_columns.c).
 */
#ifndef JUESUAN_INGEST_NARRATIVE_H
#define JUESUAN_INGEST_NARRATIVE_H

#include "juesuan/juesuan.h"

#include <string.h>

/* Does s[0..n) hold a CJK character? */
bool js_narr_has_cjk(const char *s, size_t n);

/* Is s[0..n) a page number: "30", "- 30 -", "第30页" (at most four digits)? */
bool js_narr_page_number_text(const char *s, size_t n);

/* Does a page end between lines i and j (j > i) of src? */
bool js_narr_page_break(const js_srcdoc *src, int i, int j);

/* The code point of the three-byte sequence at u[i] (of n bytes) when its lead byte is in
 * lo..hi and two continuation bytes follow, else -1: for leads E1..EC, EE and EF no such
 * sequence is overlong or a surrogate, so it is decoded in line, without js_utf8_decode. */
static inline int32_t js_narr_cp3(const unsigned char *u, size_t n, size_t i, unsigned char lo,
                                  unsigned char hi)
{
    if (u[i] < lo || u[i] > hi || n - i < 3 || (u[i + 1] & 0xC0) != 0x80 ||
        (u[i + 2] & 0xC0) != 0x80)
        return -1;
    return (int32_t)(((u[i] & 0x0Fu) << 12) | ((u[i + 1] & 0x3Fu) << 6) | (u[i + 2] & 0x3Fu));
}

/* Display width: ASCII 1, everything else 2 (CJK text as printed). */
static inline int js_narr_text_width(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    int w = 0;
    for (size_t i = 0; i < n;) {
        /* ASCII and the CJK ideographs (E4..E9 and two continuation bytes, always valid)
         * without a call */
        if (u[i] < 0x80) {
            w++;
            i++;
            continue;
        }
        if (js_narr_cp3(u, n, i, 0xE4, 0xE9) >= 0) {
            w += 2;
            i += 3;
            continue;
        }
        int32_t cp;
        int k = js_utf8_decode(s + i, n - i, &cp);
        w += cp < 0x80 ? 1 : 2;
        i += (size_t)k;
    }
    return w;
}

/* Does s[0..n) hold "**" (Markdown emphasis)? Its stars looked for with memchr: js_memstr
 * without the needle's strlen and its general loop, asked of every line of running text. */
static inline bool js_narr_has_double_star(const char *s, size_t n)
{
    if (n < 2) return false;
    const char *end = s + n - 1; /* a star that can start "**" is before it */
    for (const char *p = s; (p = memchr(p, '*', (size_t)(end - p))) != NULL; p++)
        if (p[1] == '*') return true;
    return false;
}

/* The number of code points of s[0..n). */
static inline int js_narr_cp_count(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
    return c;
}

/* The source lines in reading order (narrative_columns.c). */
typedef struct js_narr_columns {
    js_srcdoc src;       /* the lines in reading order */
    unsigned char *kind; /* their line kinds */
    int *wrap;           /* the display width of a full line of its column, 0 outside */
} js_narr_columns;

/* The source lines of src (line kinds kind, NULL: all running text) in reading order:
 * two-column runs of running text read column by column, the line records (and kinds,
 * widths) allocated from a, the texts of the column halves from ta (paragraphs point into
 * them). out->src is src itself when there is none. False when out of memory. */
bool js_narr_read_columns(js_arena *ta, js_arena *a, const js_srcdoc *src,
                          const unsigned char *kind, js_narr_columns *out);

#endif
