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

/* The cells of a line: tab-separated when it has a tab, else layout columns. The one
 * choice js_srcdoc_from_text2 (counting), split_line and js_srcline_cells make. */
static bool has_tabs(const char *line, size_t n)
{
    return memchr(line, '\t', n) != NULL;
}

static int cut_cells(const char *line, size_t n, js_srccell *cells, int count, size_t *copy)
{
    return has_tabs(line, n) ? tab_cells(line, n, cells, count, copy)
                             : layout_cells(line, n, cells, count, copy);
}

/* ln's ncells cells (counted when the line was read) into arena a, with the copies of those
 * that do not end the line. */
static int split_line(js_arena *a, js_srcline *ln)
{
    const char *line = ln->text;
    size_t n = ln->len;
    int count = ln->ncells;
    ln->cells = NULL;
    if (count == 0) return JS_OK;
    js_srccell *cells =
        js_arena_alloc_aligned(a, (size_t)count * sizeof *cells, _Alignof(js_srccell));
    if (!cells) return JS_EINTERNAL;
    size_t copy = 0; /* bytes of the cells that are copied, NULs included */
    int nc = cut_cells(line, n, cells, count, &copy);
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

/* ---- cells split on demand (tab-separated text) ------------------------------- */

/* Lines whose cells are split into one arena and freed together (a test build may
 * define 1 to free every line's cells as soon as the recognizers move on). */
#ifndef LAZY_CHUNK
#define LAZY_CHUNK 512
#endif

struct js_srclazy {
    js_arena **chunk; /* the cells of lines [c * LAZY_CHUNK, (c + 1) * LAZY_CHUNK), or NULL */
    int nchunks;
    int lo;   /* no chunk before lo holds cells */
    bool oom; /* a line could not be split: it reads as a line without cells */
};

static void evict(const js_srcdoc *src, int c)
{
    js_srclazy *z = src->lazy;
    if (!z->chunk[c]) return;
    int end = (c + 1) * LAZY_CHUNK < src->nlines ? (c + 1) * LAZY_CHUNK : src->nlines;
    for (int i = c * LAZY_CHUNK; i < end; i++)
        src->lines[i].cells = NULL;
    js_arena_free(z->chunk[c]);
    z->chunk[c] = NULL;
}

void js_srcdoc_need_cells(const js_srcdoc *src, int from, int to, int keep_from)
{
    js_srclazy *z = src->lazy;
    if (!z) return;
    if (from < 0) from = 0;
    if (from > src->nlines) from = src->nlines;
    if (to > src->nlines) to = src->nlines;
    if (keep_from > from) keep_from = from;
    int kc = keep_from > 0 ? keep_from / LAZY_CHUNK : 0;
    for (; z->lo < kc; z->lo++)
        evict(src, z->lo);
    for (int i = from; i < to; i++) {
        js_srcline *ln = &src->lines[i];
        if (ln->cells || ln->ncells <= 0) continue;
        int c = i / LAZY_CHUNK;
        if (c < z->lo) z->lo = c;
        if (!z->chunk[c]) z->chunk[c] = js_arena_new();
        if (!z->chunk[c] || split_line(z->chunk[c], ln) != JS_OK) {
            ln->ncells = 0;
            z->oom = true;
        }
    }
}

bool js_srcdoc_cells_failed(const js_srcdoc *src)
{
    return src->lazy && src->lazy->oom;
}

void js_srcdoc_lazy_free(js_srcdoc *src)
{
    js_srclazy *z = src->lazy;
    if (!z) return;
    for (int c = 0; c < z->nchunks; c++)
        evict(src, c);
    src->lazy = NULL;
}

int js_srcdoc_from_text(js_arena *a, const char *path, const char *text, size_t n, js_srcdoc *out,
                        js_err *err)
{
    return js_srcdoc_from_text2(a, a, a, false, path, text, n, NULL, out, err);
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
    int nc = cut_cells(ln->text, ln->len, buf->v, ln->ncells, &copy);
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
 * copies in cells_a, which the reader may free after recognition (parse.c), or, lazy and
 * the text tab-separated, split on demand (js_srcdoc_need_cells). own, when not NULL, holds
 * text and is released as soon as the text is normalised: the bytes read never live beside
 * the line and cell records. */
int js_srcdoc_from_text2(js_arena *keep_a, js_arena *a, js_arena *cells_a, bool lazy,
                         const char *path, const char *text, size_t n, js_buf *own, js_srcdoc *out,
                         js_err *err)
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
    bool any_tab = has_tabs(norm, len);
    lazy = lazy && any_tab;
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
        ln->ncells = count_cells(line, ll, has_tabs(line, ll));
        if (!lazy && split_line(cells_a, ln) != JS_OK)
            return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
        pos += ll + 1;
        if (!nl) break;
    }
    out->positional = !any_tab;
    if (lazy) {
        js_srclazy *z = js_arena_calloc(a, 1, sizeof *z);
        int nchunks = out->nlines / LAZY_CHUNK + 1;
        js_arena **chunk = z ? js_arena_calloc(a, (size_t)nchunks, sizeof *chunk) : NULL;
        if (!chunk) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
        *z = (js_srclazy){chunk, nchunks, nchunks, false};
        out->lazy = z;
    }
    return JS_OK;
}
