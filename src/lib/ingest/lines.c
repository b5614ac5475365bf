/*
 * lines.c - text input to source lines (ingest.h js_srcdoc): decoding
 * (decode.c: UTF-8, GB18030 or UTF-16, bad bytes as U+FFFD), normalisation,
 * and cells: tab-separated when the line has tabs, else columns separated by
 * runs of two or more spaces (the output of pdftotext -layout), with each
 * cell's character columns as its x extent.
 */
#include "decode.h"
#include "juesuan/ingest.h"
#include "juesuan/text.h"

#include <stdlib.h>
#include <string.h>

/*
 * The cells of one line. line is the line in the normalised text the
 * js_srcline keeps whole, NUL-terminated at n. A cell is a trimmed slice of
 * it: a cell that ends where the line ends (the last cell, the whole line of
 * a paragraph) points into the line itself; the others are copied, with their
 * NUL, into one block per line — not a second copy of the whole text.
 */
static bool is_sp(char c)
{
    return c == ' ' || c == '\t';
}

static const char EMPTY[1] = "";

/* How many cells the line has: one more than its tabs, or its runs of text
 * between runs of two or more spaces. */
static int count_cells(const char *line, size_t n, bool tabs)
{
    int count = 0;
    if (tabs) {
        count = 1;
        for (size_t i = 0; i < n; i++)
            count += line[i] == '\t';
        return count;
    }
    for (size_t i = 0; i < n;) {
        while (i < n && line[i] == ' ')
            i++;
        if (i >= n) break;
        count++;
        while (i < n && !(line[i] == ' ' && (i + 1 >= n || line[i + 1] == ' ')))
            i++;
    }
    return count;
}

/* The cells between tabs, trimmed, still pointing into line; *copy gets the bytes
 * (NULs included) of those that do not end where the line ends. */
static int tab_cells(const char *line, size_t n, js_srccell *cells, int count, size_t *copy)
{
    int nc = 0;
    size_t start = 0;
    for (size_t i = 0; i <= n && nc < count; i++) {
        if (i < n && line[i] != '\t') continue;
        size_t b = start, e = i;
        while (b < e && is_sp(line[b]))
            b++;
        while (e > b && is_sp(line[e - 1]))
            e--;
        cells[nc] = (js_srccell){line + b, (uint32_t)(e - b), -1, -1, nc};
        nc++;
        if (e > b && e < n) *copy += e - b + 1;
        start = i + 1;
    }
    return nc;
}

/* Columns: runs of >= 2 spaces separate cells; x = code point column. */
static int layout_cells(const char *line, size_t n, js_srccell *cells, int count, size_t *copy)
{
    int nc = 0, col = 0;
    size_t i = 0;
    while (i < n && nc < count) {
        while (i < n && line[i] == ' ') {
            i++;
            col++;
        }
        if (i >= n) break;
        size_t start = i;
        int c0 = col;
        while (i < n && !(line[i] == ' ' && (i + 1 >= n || line[i + 1] == ' '))) {
            if (((unsigned char)line[i] & 0xC0) != 0x80) col++;
            i++;
        }
        size_t end = i;
        while (end > start && line[end - 1] == ' ')
            end--;
        cells[nc] = (js_srccell){line + start, (uint32_t)(end - start), (float)c0, (float)col, nc};
        nc++;
        if (end < n) *copy += end - start + 1;
    }
    return nc;
}

static int split_line(js_arena *a, js_srcline *ln, const char *line, size_t n)
{
    bool tabs = memchr(line, '\t', n) != NULL;
    /* count first, so the cell array has exactly the size it needs */
    int count = count_cells(line, n, tabs);
    ln->ncells = 0;
    ln->cells = NULL;
    if (count == 0) return JS_OK;
    js_srccell *cells =
        js_arena_alloc_aligned(a, (size_t)count * sizeof *cells, _Alignof(js_srccell));
    if (!cells) return JS_EINTERNAL;
    size_t copy = 0; /* bytes of the cells that are copied, NULs included */
    int nc =
        tabs ? tab_cells(line, n, cells, count, &copy) : layout_cells(line, n, cells, count, &copy);
    char *buf = copy ? js_arena_alloc_aligned(a, copy, 1) : NULL;
    if (copy && !buf) return JS_EINTERNAL;
    for (int k = 0; k < nc; k++) {
        js_srccell *c = &cells[k];
        if (c->len == 0) {
            c->text = EMPTY;
        } else if (c->text + c->len < line + n) { /* not at the line's end: a copy */
            memcpy(buf, c->text, c->len);
            buf[c->len] = '\0';
            c->text = buf;
            buf += c->len + 1;
        }
    }
    ln->cells = cells;
    ln->ncells = nc;
    return JS_OK;
}

int js_srcdoc_from_text(js_arena *a, const char *path, const char *text, size_t n, js_srcdoc *out,
                        js_err *err)
{
    return js_srcdoc_from_text2(a, a, a, path, text, n, NULL, out, err);
}

void js_srcdoc_drop_cells(js_srcdoc *src, const unsigned char *kind, unsigned char keep)
{
    for (int i = 0; i < src->nlines; i++) {
        js_srcline *ln = &src->lines[i];
        ln->cells = NULL;
        if (kind[i] != keep) ln->ncells = 0;
    }
}

int js_srcline_cells(const js_srcline *ln, js_cellbuf *buf, const js_srccell **cells)
{
    *cells = ln->cells;
    if (ln->ncells <= 0) return 0;
    if (ln->cells) return ln->ncells;
    if (buf->cap < ln->ncells) {
        js_srccell *v = realloc(buf->v, (size_t)ln->ncells * sizeof *v);
        if (!v) return 0;
        buf->v = v;
        buf->cap = ln->ncells;
    }
    size_t copy = 0; /* nothing is copied: the cells are read by their len */
    bool tabs = memchr(ln->text, '\t', ln->len) != NULL;
    int nc = tabs ? tab_cells(ln->text, ln->len, buf->v, ln->ncells, &copy)
                  : layout_cells(ln->text, ln->len, buf->v, ln->ncells, &copy);
    *cells = buf->v;
    return nc;
}

void js_cellbuf_free(js_cellbuf *buf)
{
    free(buf->v);
    buf->v = NULL;
    buf->cap = 0;
}

/* The normalised text (and the bad lines' numbers) in keep, which the document
 * keeps for quoting; the line records in recs, the cell records and the cells'
 * copies in cells_a, which the reader may free after recognition (parse.c). own, when
 * not NULL, holds text and is released as soon as the text is normalised: the bytes
 * read never live beside the line and cell records. */
int js_srcdoc_from_text2(js_arena *keep_a, js_arena *a, js_arena *cells_a, const char *path,
                         const char *text, size_t n, js_buf *own, js_srcdoc *out, js_err *err)
{
    memset(out, 0, sizeof *out);
    js_decoded dec; /* the normalised text, in keep_a: the lines (and most cells) point into it */
    int rc = js_text_decode_norm(path, text, n, keep_a, &dec, err);
    if (rc != JS_OK) return rc;
    if (own) js_buf_release(own);
    char *norm = (char *)dec.text;
    size_t len = dec.len;
    out->encoding = dec.encoding;
    out->nbad = dec.nbad;
    out->nbadlines = dec.nlines;
    int keep = dec.nlines < JS_DECODE_MAX_LINES ? dec.nlines : JS_DECODE_MAX_LINES;
    int *bl = keep ? js_arena_alloc(keep_a, (size_t)keep * sizeof *bl) : NULL;
    if (bl) memcpy(bl, dec.lines, (size_t)keep * sizeof *bl);
    out->badlines = bl;
    out->nbadkept = bl ? keep : 0;
    int cap = 1;
    for (const char *p = norm; (p = memchr(p, '\n', len - (size_t)(p - norm))) != NULL; p++)
        cap++;
    out->lines = js_arena_calloc(a, (size_t)cap, sizeof *out->lines);
    if (!out->lines) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
    bool any_tab = memchr(norm, '\t', len) != NULL;
    size_t pos = 0;
    while (pos <= len && out->nlines < cap) {
        char *line = norm + pos;
        char *nl = memchr(line, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - line) : len - pos;
        if (!nl && ll == 0) break; /* nothing after the last newline */
        if (ll > JS_SRCLINE_MAX)
            return js_err_set(err, JS_EINPUT, "%s:%d: a line longer than 2 GiB", path,
                              out->nlines + 1);
        line[ll] = '\0';
        js_srcline *ln = &out->lines[out->nlines++];
        ln->text = line;
        ln->len = ll;
        ln->loc.line = out->nlines;
        size_t k = 0;
        while (k < ll && is_sp(line[k]))
            k++;
        ln->blank = k == ll;
        if (split_line(cells_a, ln, line, ll) != JS_OK)
            return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
        pos += ll + 1;
        if (!nl) break;
    }
    out->positional = !any_tab;
    return JS_OK;
}
