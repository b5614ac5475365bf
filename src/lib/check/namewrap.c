/*
 * namewrap.c - a 科目 name the reader put in the wrong row (issue #13).
 *
 * A name wrapped in its cell is printed on two lines with the code set between
 * them (the 2024 template PDF):
 *
 *     207    文化旅游体育与传媒支出
 *            其他文化旅游体育与传媒支
 *     20799
 *            出……
 *
 * Read line by line, the first line of 20799's name goes to the row above: 207
 * reads "文化旅游体育与传媒支出其他文化旅游体育与传媒支", 20799 "出……". Neither is a
 * wrong name in the document, so neither is a K-NAME or an X-NAME: it is a reading
 * doubt (R-NAME, a notice).
 *
 * A printed name N of the row with catalogue name E is taken for such a reading when
 * N (trailing …… dropped) is S + P with
 *   - S the whole of E, or a proper end of E whose missing start another row's
 *     printed name of the same table ends with (the row above took it);
 *   - P empty, or a proper start of the catalogue name E' of another row of the table
 *     whose printed name begins with the rest of E' (the row below kept it);
 *   - N not E, and N not the catalogue name of another row of the table (a name
 *     replaced by another row's stays a K-NAME).
 * Both halves need the other row's name to hold the missing piece, so one wrong
 * name alone never passes for a misread.
 */
#include "checker.h"

#include <string.h>

enum { NW_MAX = 256 };

/* The normalised key of s into out (at most NW_MAX - 1 bytes; false when longer or
 * out of memory), with trailing ellipses (…, ⋯, ., ·) dropped. */
static bool key_of(const char *s, char *out)
{
    js_buf b;
    js_buf_init(&b);
    js_norm_key(&b, s, strlen(s));
    bool ok = b.data && b.len < NW_MAX;
    size_t n = ok ? b.len : 0;
    if (ok) memcpy(out, b.data, n);
    js_buf_release(&b);
    if (!ok) return false;
    for (;;) {
        if (n >= 3 && (memcmp(out + n - 3, "\xe2\x80\xa6", 3) == 0 ||
                       memcmp(out + n - 3, "\xe2\x8b\xaf", 3) == 0)) {
            n -= 3;
        } else if (n >= 2 && memcmp(out + n - 2, "\xc2\xb7", 2) == 0) {
            n -= 2;
        } else if (n >= 1 && out[n - 1] == '.') {
            n -= 1;
        } else {
            break;
        }
    }
    out[n] = '\0';
    return true;
}

static bool char_start(const char *s, size_t k)
{
    return ((unsigned char)s[k] & 0xC0) != 0x80;
}

/* The catalogue name of row r as a key, or false. */
static bool cat_key(const js_catalog *cat, int kind, int year, const js_row *r, char *out)
{
    if (!r->code) return false;
    const js_class_entry *e = js_catalog_find(cat, kind, year, r->code);
    return e && e->name && key_of(e->name, out);
}

static bool ends_with(const char *s, const char *w, size_t wn)
{
    size_t n = strlen(s);
    return wn > 0 && n >= wn && memcmp(s + n - wn, w, wn) == 0;
}

/* Does another row of t than self print a name ending with w[0..wn)? */
static bool other_ends_with(const js_table *t, const js_row *self, const char *w, size_t wn)
{
    char k[NW_MAX];
    for (int i = 0; i < t->nrows; i++) {
        const js_row *o = &t->rows[i];
        if (o == self || !o->name || !key_of(o->name, k)) continue;
        if (ends_with(k, w, wn)) return true;
    }
    return false;
}

/* Is p[0..pn) a proper start of the catalogue name of another row of t whose printed
 * name begins with the rest of that name? */
static bool other_keeps_rest(const js_catalog *cat, int kind, int year, const js_table *t,
                             const js_row *self, const char *p, size_t pn)
{
    char e[NW_MAX], k[NW_MAX];
    for (int i = 0; i < t->nrows; i++) {
        const js_row *o = &t->rows[i];
        if (o == self || !o->name || !cat_key(cat, kind, year, o, e)) continue;
        size_t en = strlen(e);
        if (pn >= en || memcmp(e, p, pn) != 0) continue;
        if (!key_of(o->name, k)) continue;
        if (strncmp(k, e + pn, en - pn) == 0) return true;
    }
    return false;
}

/* Is n the catalogue name of a row of t other than self? */
static bool names_other_row(const js_catalog *cat, int kind, int year, const js_table *t,
                            const js_row *self, const char *n)
{
    char e[NW_MAX];
    for (int i = 0; i < t->nrows; i++) {
        const js_row *o = &t->rows[i];
        if (o != self && cat_key(cat, kind, year, o, e) && strcmp(e, n) == 0) return true;
    }
    return false;
}

bool js_name_misread(const js_checker *ck, const js_table *t, const js_row *row)
{
    const js_catalog *cat = ck->ctx ? ck->ctx->catalog : NULL;
    if (!cat || !t || !row || !row->code || !row->name) return false;
    int kind = t->no == 6 ? JS_CLASS_ECON : JS_CLASS_FUNC, year = ck->doc->year;
    char n[NW_MAX], e[NW_MAX];
    if (!key_of(row->name, n) || !cat_key(cat, kind, year, row, e)) return false;
    size_t nn = strlen(n), en = strlen(e);
    if (nn == 0 || strcmp(n, e) == 0) return false;
    for (size_t k = 1; k <= nn; k++) {
        if (k < nn && !char_start(n, k)) continue;
        /* S = n[0..k): all of E, or its end with the start held by another row */
        if (k > en || memcmp(n, e + en - k, k) != 0) continue;
        if (k < en && !other_ends_with(t, row, e, en - k)) continue;
        /* P = n[k..nn): nothing, or the start of a name another row holds the rest of;
         * and n is no other row's name (asked last: it reads every row's) */
        if (k == nn ? k < en : other_keeps_rest(cat, kind, year, t, row, n + k, nn - k))
            return !names_other_row(cat, kind, year, t, row, n);
    }
    return false;
}
