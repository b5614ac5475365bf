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

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

/* ---- a line as bit masks, 64 bytes at a time ---------------------------------- */

/* Bytes [o, o + 64) of a line of n bytes as bits (bit k: byte o + k): spaces, tabs, and the
 * starts of characters (bytes that are not UTF-8 continuation bytes); bytes past n read as
 * spaces (and start characters), so that the line's end reads as a gap. */
typedef struct lmask {
    uint64_t sp, tab, chr;
} lmask;

#if defined(__GNUC__)
#define JS_INLINE static inline __attribute__((always_inline))
#else
#define JS_INLINE static inline
#endif

JS_INLINE lmask masks64(const char *line, size_t n, size_t o)
{
    lmask m = {~(uint64_t)0, 0, ~(uint64_t)0};
    size_t r = n - o; /* > 0 */
    /* continuation bytes 0x80..0xBF are -128..-65 as signed bytes */
#if defined(__SSE2__)
    const __m128i sp = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t'), c0 = _mm_set1_epi8(-65);
    if (r >= 64) {
        m.sp = m.tab = m.chr = 0;
        for (unsigned q = 0; q < 64; q += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(line + o + q));
            m.sp |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, sp)) << q;
            m.tab |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, tab)) << q;
            m.chr |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(x, c0)) << q;
        }
        return m;
    }
    for (unsigned q = 0; q < r; q += 16) {
        size_t left = r - q;
        const char *p = line + o + q;
        unsigned keep = 0xFFFF, sh = 0;
        __m128i x;
        if (left >= 16) {
            x = _mm_loadu_si128((const __m128i *)p);
        } else {
            keep = (1u << left) - 1;
            if (n >= 16) { /* the line's last 16 bytes, shifted down */
                sh = 16 - (unsigned)left;
                x = _mm_loadu_si128((const __m128i *)(p - sh));
            } else {
                char b[16];
                memset(b, ' ', sizeof b);
                memcpy(b, p, left);
                x = _mm_loadu_si128((const __m128i *)b);
            }
        }
        unsigned s = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, sp)) >> sh;
        unsigned t = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, tab)) >> sh;
        unsigned c = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(x, c0)) >> sh;
        m.sp &= ~((uint64_t)(~s & keep) << q);
        m.tab |= (uint64_t)(t & keep) << q;
        m.chr &= ~((uint64_t)(~c & keep) << q);
    }
#else
    for (unsigned k = 0; k < 64 && k < r; k++) {
        unsigned char c = (unsigned char)line[o + k];
        uint64_t bit = (uint64_t)1 << k;
        if (c != ' ') m.sp &= ~bit;
        if (c == '\t') m.tab |= bit;
        if ((c & 0xC0) == 0x80) m.chr &= ~bit;
    }
#endif
    return m;
}

/* The bits set in x (no popcnt instruction in the baseline x86-64). */
JS_INLINE int pop64(uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555u;
    x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
    return (int)((x * 0x0101010101010101u) >> 56);
}

/* Bits [0, k) of a 64-bit mask (k <= 64). */
static uint64_t below(unsigned k)
{
    return k >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << k) - 1;
}

/* Layout cells: a cell starts at a byte other than a space that follows two spaces (the
 * line reads as if two spaces came before it), and ends at the first space followed by a
 * space, or at a space that ends the line; bit k of the result: byte o + k starts a
 * cell. prev: the spaces of the block before (all spaces before the first). */
static uint64_t cell_starts(uint64_t sp, uint64_t prev)
{
    return ~sp & ((sp << 1) | (prev >> 63)) & ((sp << 2) | (prev >> 62));
}

/* How many cells a line has (one more than its tabs, or its layout cells; none when it is
 * all spaces) and whether it is blank (spaces and tabs only): one pass over the bytes. */
static int count_cells(const char *line, size_t n, bool *blank)
{
    int tabs = 0, starts = 0;
    bool bl = true;
    uint64_t prev = ~(uint64_t)0;
    for (size_t o = 0; o < n; o += 64) {
        lmask m = masks64(line, n, o);
        tabs += pop64(m.tab);
        starts += pop64(cell_starts(m.sp, prev));
        bl = bl && (m.sp | m.tab) == ~(uint64_t)0;
        prev = m.sp;
    }
    *blank = bl;
    return tabs ? tabs + 1 : starts;
}

/* The cells between tabs, trimmed, still pointing into line; *copy gets the bytes
 * (NULs included) of those that do not end where the line ends. */
static int tab_cells(const char *line, size_t n, js_srccell *cells, int count, size_t *copy)
{
    int nc = 0;
    size_t start = 0;
    for (size_t o = 0; o <= n && nc < count; o += 64) {
        uint64_t t = o < n ? masks64(line, n, o).tab : 0;
        if (o + 64 > n) t |= (uint64_t)1 << (n - o); /* the line's end ends the last cell */
        for (; t && nc < count; t &= t - 1) {
            size_t i = o + (size_t)__builtin_ctzll(t);
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
    }
    return nc;
}

/* A layout cell from start to the space (or the line's end) at stop; x0, x1 the character
 * columns of start and stop. */
static void layout_cell(const char *line, size_t n, size_t start, size_t stop, int x0, int x1,
                        js_srccell *cell, int nc, size_t *copy)
{
    size_t end = stop;
    while (end > start && line[end - 1] == ' ')
        end--;
    *cell = (js_srccell){line + start, (uint32_t)(end - start), (float)x0, (float)x1, nc};
    if (end < n) *copy += end - start + 1;
}

/* Columns: runs of >= 2 spaces separate cells; x = code point column (the characters
 * before: cell_starts). */
static int layout_cells(const char *line, size_t n, js_srccell *cells, int count, size_t *copy)
{
    int nc = 0, col = 0, x0 = 0;
    size_t start = 0;
    bool in = false;
    uint64_t prev = ~(uint64_t)0;
    for (size_t o = 0; o < n && nc < count; o += 64) {
        lmask m = masks64(line, n, o);
        uint64_t valid = below((unsigned)(n - o < 64 ? n - o : 64));
        uint64_t st = cell_starts(m.sp, prev);
        /* bit j: bytes o + j - 1 and o + j are spaces, the cell (if any) stops at o + j - 1 */
        uint64_t stops = m.sp & ((m.sp << 1) | (prev >> 63)) & valid;
        prev = m.sp;
        m.chr &= valid;
        for (;;) {
            if (!in) {
                if (!st) break;
                unsigned k = (unsigned)__builtin_ctzll(st);
                st &= st - 1;
                start = o + k;
                x0 = col + pop64(m.chr & below(k));
                stops &= ~below(k + 1);
                in = true;
            }
            if (!stops || nc >= count) break;
            unsigned j = (unsigned)__builtin_ctzll(stops);
            /* the stop's column: byte o + j - 1 is a space, one character */
            int x1 = j ? col + pop64(m.chr & below(j - 1)) : col - 1;
            layout_cell(line, n, start, o + j - 1, x0, x1, &cells[nc], nc, copy);
            nc++;
            in = false;
        }
        col += pop64(m.chr);
    }
    if (in && nc < count) {
        bool sp = line[n - 1] == ' '; /* a space that ends the line ends its last cell */
        layout_cell(line, n, start, sp ? n - 1 : n, x0, sp ? col - 1 : col, &cells[nc], nc, copy);
        nc++;
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
        bool blank;
        ln->ncells = count_cells(line, ll, &blank);
        ln->blank = blank;
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
