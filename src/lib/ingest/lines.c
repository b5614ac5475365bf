/*
 * lines.c - text input to source lines (ingest.h js_srcdoc): decoding
 * (UTF-8, or GB18030 through iconv when the file is not UTF-8), normalisation,
 * and cells: tab-separated when the line has tabs, else columns separated by
 * runs of two or more spaces (the output of pdftotext -layout), with each
 * cell's character columns as its x extent.
 */
#include "juesuan/ingest.h"
#include "juesuan/text.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* Line number (1-based) of byte offset off. */
static int line_of(const char *text, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off; i++)
        if (text[i] == '\n') line++;
    return line;
}

/* First invalid UTF-8 byte offset, or n. */
static size_t first_invalid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        int k = js_utf8_decode(s + i, n - i, &cp);
        if (k == 1) return i; /* a byte >= 0x80 that starts no valid sequence */
        i += (size_t)k;
    }
    return n;
}

/* Convert GB18030 to UTF-8 into out; false if it is not GB18030 either. */
static bool from_gb18030(const char *s, size_t n, js_buf *out)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) return false;
    char *in = (char *)s;
    size_t inleft = n;
    bool ok = true;
    char tmp[8192];
    while (inleft > 0) {
        char *o = tmp;
        size_t oleft = sizeof tmp;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        js_buf_append(out, tmp, sizeof tmp - oleft);
        if (r == (size_t)-1 && errno != E2BIG) {
            ok = false;
            break;
        }
    }
    iconv_close(cd);
    return ok && !out->oom;
}

static void add_cell(js_arena *a, js_srccell *cells, int *n, const char *s, size_t len, float x0,
                     float x1, int index)
{
    size_t m = len;
    const char *t = js_trim(s, &m);
    js_srccell *c = &cells[(*n)++];
    c->text = js_arena_strndup(a, t, m);
    c->len = m;
    c->x0 = x0;
    c->x1 = x1;
    c->index = index;
}

/* Cells of one normalised line. */
static int split_line(js_arena *a, js_srcline *ln)
{
    const char *s = ln->text;
    size_t n = ln->len;
    int max = 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\t' || s[i] == ' ') max++;
    js_srccell *cells = js_arena_calloc(a, (size_t)max, sizeof *cells);
    if (!cells) return JS_EINTERNAL;
    int nc = 0;
    if (memchr(s, '\t', n)) {
        size_t start = 0;
        int index = 0;
        for (size_t i = 0; i <= n; i++) {
            if (i == n || s[i] == '\t') {
                add_cell(a, cells, &nc, s + start, i - start, -1, -1, index++);
                start = i + 1;
            }
        }
    } else {
        /* columns: runs of >= 2 spaces separate cells; x = code point column */
        size_t i = 0;
        int col = 0, index = 0;
        while (i < n) {
            while (i < n && s[i] == ' ') {
                i++;
                col++;
            }
            if (i >= n) break;
            size_t start = i;
            int c0 = col;
            size_t end = i;
            int cend = col;
            while (i < n) {
                if (s[i] == ' ' && (i + 1 >= n || s[i + 1] == ' ')) break;
                int32_t cp;
                int k = s[i] == ' ' ? 1 : js_utf8_decode(s + i, n - i, &cp);
                i += (size_t)k;
                col++;
                end = i;
                cend = col;
            }
            add_cell(a, cells, &nc, s + start, end - start, (float)c0, (float)cend, index++);
        }
    }
    ln->cells = cells;
    ln->ncells = nc;
    return JS_OK;
}

int js_srcdoc_from_text(js_arena *a, const char *path, const char *text, size_t n, js_srcdoc *out,
                        js_err *err)
{
    memset(out, 0, sizeof *out);
    if (memchr(text, '\0', n)) {
        size_t off = (size_t)((const char *)memchr(text, '\0', n) - text);
        return js_err_set(err, JS_EINPUT, "%s:%d: binary data (a NUL byte): not a text file", path,
                          line_of(text, off));
    }
    js_buf conv;
    js_buf_init(&conv);
    size_t bad = first_invalid(text, n);
    if (bad < n) {
        if (!from_gb18030(text, n, &conv)) {
            js_buf_release(&conv);
            return js_err_set(err, JS_EINPUT,
                              "%s:%d: not UTF-8 text (invalid byte 0x%02X), nor GB18030", path,
                              line_of(text, bad), (unsigned char)text[bad]);
        }
        text = conv.data;
        n = conv.len;
    }
    int cap = 1;
    for (size_t i = 0; i < n; i++)
        if (text[i] == '\n') cap++;
    out->lines = js_arena_calloc(a, (size_t)cap, sizeof *out->lines);
    if (!out->lines) {
        js_buf_release(&conv);
        return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
    }
    bool any_tab = memchr(text, '\t', n) != NULL;
    js_buf nb;
    js_buf_init(&nb);
    size_t pos = 0;
    int lineno = 0;
    while (pos < n || (pos == n && lineno == 0 && n > 0)) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', n - pos);
        size_t len = nl ? (size_t)(nl - line) : n - pos;
        pos += len + (nl ? 1 : 0);
        lineno++;
        nb.len = 0;
        js_norm(&nb, line, len);
        js_srcline *ln = &out->lines[out->nlines++];
        ln->text = js_arena_strndup(a, nb.data ? nb.data : "", nb.len);
        ln->len = nb.len;
        ln->loc.line = lineno;
        size_t m = nb.len;
        js_trim(ln->text, &m);
        ln->blank = m == 0;
        if (!ln->text || split_line(a, ln) != JS_OK) {
            js_buf_release(&nb);
            js_buf_release(&conv);
            return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
        }
        if (!nl) break;
    }
    js_buf_release(&nb);
    js_buf_release(&conv);
    out->positional = !any_tab;
    return JS_OK;
}
