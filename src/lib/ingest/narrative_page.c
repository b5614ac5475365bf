/*
 * narrative_page.c - small text tests of the narrative reader (narrative.h): CJK
 * text, page numbers ("30", "- 30 -", "第30页") and page breaks.
 */
#include "narrative.h"

#include <string.h>

bool js_narr_has_cjk(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        int k = js_utf8_decode(s + i, n - i, &cp);
        if (cp >= 0x3400) return true;
        i += (size_t)(k > 0 ? k : 1);
    }
    return false;
}

bool js_narr_page_number_text(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    if (n >= 3 && memcmp(s, "第", 3) == 0) i = 3;
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= '0' && c <= '9') {
            digits++;
            continue;
        }
        if (c == ' ' || c == '-') continue;
        if (n - i >= 3 && (memcmp(s + i, "页", 3) == 0 || memcmp(s + i, "—", 3) == 0 ||
                           memcmp(s + i, "–", 3) == 0)) {
            i += 2;
            continue;
        }
        return false;
    }
    return digits >= 1 && digits <= 4;
}

/* A PDF's lines carry their page; layout text marks a new page with a form feed at the
 * start of its first line. */
bool js_narr_page_break(const js_srcdoc *src, int i, int j)
{
    const js_srcline *a = &src->lines[i], *b = &src->lines[j];
    if (a->loc.page > 0 && b->loc.page > 0) return a->loc.page != b->loc.page;
    for (int k = i + 1; k <= j; k++)
        if (src->lines[k].len > 0 && src->lines[k].text[0] == '\f') return true;
    return false;
}
