/*
 * narrative_columns.c - two-column pages of the narrative reader (narrative.h).
 *
 * A page printed in two columns comes as lines holding a line of each column
 * (pdftotext -layout; the PDF reader's lines too): "…与上年相        万元，主要用于…".
 * Read as it is, every such line is two cells (a table line, skipped) or one line
 * of two sentences. Runs of running-text lines on one page where at least three
 * lines (and a quarter of them) have text on both sides of a common gutter are
 * read column by column: the left parts of the run's lines, then the right parts,
 * each kept as one line with its own source line, so sentences and their amounts
 * stay whole and are cited by their own line. A line crossing the gutter (a
 * heading over both columns) ends the run.
 */
#include "decode.h"
#include "narrative.h"
#include "recognize.h"

#include <stdlib.h>
#include <string.h>

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* Cells [from, to) of ln (its cells: cells) as one line (cells joined by a space): its text
 * in ta (paragraphs point into it), its cell in a. */
static bool half_line(js_arena *ta, js_arena *a, const js_srcline *ln, const js_srccell *cells,
                      int from, int to, js_srcline *out)
{
    *out = *ln;
    size_t len = 0;
    for (int k = from; k < to; k++)
        len += cells[k].len + 1;
    char *t = js_arena_alloc(ta, len + 1);
    js_srccell *cell = js_arena_alloc(a, sizeof *cell);
    if (!t || !cell) return false;
    size_t m = 0;
    for (int k = from; k < to; k++) {
        if (m) t[m++] = ' ';
        memcpy(t + m, cells[k].text, cells[k].len);
        m += cells[k].len;
    }
    t[m] = '\0';
    *cell = cells[from];
    cell->text = t;
    cell->len = m;
    cell->x1 = cells[to - 1].x1;
    cell->index = 0;
    out->text = t;
    out->len = m;
    out->cells = cell;
    out->ncells = 1;
    out->blank = m == 0;
    out->loc.x0 = cell->x0;
    out->loc.x1 = cell->x1;
    return true;
}

/* The cells of a run's lines [s, e), each line split once (js_srcline_cells): line s + k's
 * are v[at[k]] .. v[at[k + 1] - 1]. */
typedef struct run_cells {
    js_srccell *v;
    int *at;
    int s;
} run_cells;

static bool run_cells_split(run_cells *rc, const js_srcdoc *src, int s, int e, js_cellbuf *cb)
{
    size_t total = 0;
    for (int i = s; i < e; i++)
        total += src->lines[i].ncells > 0 ? (size_t)src->lines[i].ncells : 0;
    rc->s = s;
    rc->v = malloc((total ? total : 1) * sizeof *rc->v);
    rc->at = malloc((size_t)(e - s + 1) * sizeof *rc->at);
    if (!rc->v || !rc->at) return false;
    int n = 0;
    for (int i = s; i < e; i++) {
        const js_srccell *cells;
        int nc = js_srcline_cells(&src->lines[i], cb, &cells); /* at most ncells */
        rc->at[i - s] = n;
        if (nc > 0) memcpy(rc->v + n, cells, (size_t)nc * sizeof *cells);
        n += nc > 0 ? nc : 0;
    }
    rc->at[e - s] = n;
    return true;
}

static void run_cells_free(run_cells *rc)
{
    free(rc->v);
    free(rc->at);
}

/* Line i's cells (its number in *nc). */
static const js_srccell *run_line(const run_cells *rc, int i, int *nc)
{
    *nc = rc->at[i - rc->s + 1] - rc->at[i - rc->s];
    return rc->v + rc->at[i - rc->s];
}

/* The gutter of lines [s, e) (x where the right column starts, less a margin), or
 * -1 when they are not two columns. */
static float find_gutter(const js_srcdoc *src, int s, int e, float *unit, js_cellbuf *cb)
{
    int nb = 0, nw = 0, nu = 0;
    float starts[256], units[256];
    for (int i = s; i < e; i++) {
        const js_srcline *ln = &src->lines[i];
        if (ln->blank) continue;
        nb++;
        const js_srccell *cells;
        int nc = js_srcline_cells(ln, cb, &cells);
        for (int k = 0; k < nc && nu < 256; k++) {
            int cps = js_narr_cp_count(cells[k].text, cells[k].len);
            if (cps >= 4 && cells[k].x1 > cells[k].x0)
                units[nu++] = (cells[k].x1 - cells[k].x0) / (float)cps;
        }
        if (nc < 2) continue;
        int best = -1;
        float gap = 0;
        for (int k = 0; k + 1 < nc; k++)
            if (cells[k + 1].x0 - cells[k].x1 > gap) {
                gap = cells[k + 1].x0 - cells[k].x1;
                best = k;
            }
        if (best < 0) continue;
        bool lc = false, rc = false;
        int rw = 0;
        for (int k = 0; k < nc; k++) {
            const js_srccell *c = &cells[k];
            if (k <= best) {
                lc = lc || js_narr_has_cjk(c->text, c->len);
            } else {
                rc = rc || js_narr_has_cjk(c->text, c->len);
                rw += js_narr_text_width(c->text, c->len);
            }
        }
        if (!lc || !rc || rw < 12) continue;
        const js_srccell *r0 = &cells[best + 1];
        if (nw < 256) starts[nw++] = r0->x0;
    }
    if (nw < 3 || nw * 4 < nb || nu == 0) return -1;
    qsort(starts, (size_t)nw, sizeof *starts, cmp_float);
    qsort(units, (size_t)nu, sizeof *units, cmp_float);
    *unit = units[nu / 2];
    /* the column's margin: most right parts start there (or indented from it) */
    return starts[nw / 4] - 2 * *unit;
}

static bool read_halves(js_arena *ta, js_arena *a, const js_srcdoc *src, const unsigned char *kind,
                        int s, int e, js_narr_columns *out, float g, float unit,
                        const run_cells *runc);

/* Lines [s, e) of one page, read column by column into out when they are two
 * columns; else copied. */
static bool split_run(js_arena *ta, js_arena *a, const js_srcdoc *src, const unsigned char *kind,
                      int s, int e, js_narr_columns *out, js_cellbuf *cb)
{
    float unit = 1, g = find_gutter(src, s, e, &unit, cb);
    js_srcline *L = out->src.lines;
    int *n = &out->src.nlines;
    if (g < 0) {
        for (int i = s; i < e; i++) {
            out->kind[*n] = kind ? kind[i] : JS_LINE_TEXT;
            out->wrap[*n] = 0;
            L[(*n)++] = src->lines[i];
        }
        return true;
    }
    /* two columns: each line split once more, for the three readings below */
    run_cells rc = {NULL, NULL, s};
    bool ok = run_cells_split(&rc, src, s, e, cb) &&
              read_halves(ta, a, src, kind, s, e, out, g, unit, &rc);
    run_cells_free(&rc);
    return ok;
}

/* Lines [s, e) of two columns with gutter g (cells: runc) read column by column into out. */
static bool read_halves(js_arena *ta, js_arena *a, const js_srcdoc *src, const unsigned char *kind,
                        int s, int e, js_narr_columns *out, float g, float unit,
                        const run_cells *runc)
{
    js_srcline *L = out->src.lines;
    int *n = &out->src.nlines;
    int i = s;
    while (i < e) {
        /* a run of lines that do not cross the gutter, then the line that does */
        int j = i, first = *n;
        for (; j < e; j++) {
            int nc;
            const js_srccell *cells = run_line(runc, j, &nc);
            bool cross = false;
            for (int k = 0; k < nc; k++)
                cross = cross || (cells[k].x0 < g && cells[k].x1 > g + 2 * unit);
            if (cross) break;
        }
        for (int side = 0; side < 2; side++)
            for (int k = i; k < j; k++) {
                const js_srcline *ln = &src->lines[k];
                if (ln->blank) continue;
                int nc, cut = 0;
                const js_srccell *cells = run_line(runc, k, &nc);
                while (cut < nc && cells[cut].x0 < g)
                    cut++;
                int from = side ? cut : 0, to = side ? nc : cut;
                if (from >= to) continue;
                if (!half_line(ta, a, ln, cells, from, to, &L[*n])) return false;
                out->kind[*n] = kind ? kind[k] : JS_LINE_TEXT;
                out->wrap[*n] = side; /* the side, for now */
                (*n)++;
            }
        /* a line of a column that does not end its sentence goes on on the next line
         * when it is over three fifths of the column's width (the width nine in ten of
         * its lines stay within): a column's lines end short of its edge where a long
         * number did not fit, the criterion of a one-column page (WRAP_WIDTH) is for
         * a wider line */
        for (int side = 0; side < 2; side++) {
            int ws[256], nw = 0;
            for (int k = first; k < *n && nw < 256; k++)
                if (out->wrap[k] == side) ws[nw++] = js_narr_text_width(L[k].text, L[k].len);
            if (nw == 0) continue;
            qsort(ws, (size_t)nw, sizeof *ws, cmp_int);
            int full = ws[(nw * 9) / 10 < nw ? (nw * 9) / 10 : nw - 1];
            for (int k = first; k < *n; k++)
                if (out->wrap[k] == side) out->wrap[k] = -(full * 3 / 5 > 1 ? full * 3 / 5 : 1);
        }
        for (int k = first; k < *n; k++)
            out->wrap[k] = -out->wrap[k];
        if (j < e) {
            out->kind[*n] = kind ? kind[j] : JS_LINE_TEXT;
            out->wrap[*n] = 0;
            L[(*n)++] = src->lines[j];
            j++;
        }
        i = j;
    }
    return true;
}

bool js_narr_read_columns(js_arena *ta, js_arena *a, const js_srcdoc *src,
                          const unsigned char *kind, js_narr_columns *out)
{
    /* the copies of src take its lazy pointer as it is: NULL, as the narrative runs after
     * the text reader freed its lazy state (parse.c text_between; recognize.h), and lines
     * without cells are split through js_srcline_cells, never js_srcdoc_need_cells */
    out->src = *src;
    out->kind = (unsigned char *)kind;
    out->wrap = NULL;
    if (!src->positional) return true;
    /* any line of running text with two cells of text on either side of a gap? */
    bool any = false;
    for (int i = 0; i < src->nlines && !any; i++)
        any = (!kind || kind[i] == JS_LINE_TEXT) && src->lines[i].ncells >= 2;
    if (!any) return true;
    js_narr_columns c;
    c.src = *src;
    c.src.cell_y = NULL; /* indexed by the lines of src */
    c.src.nlines = 0;
    c.src.lines = js_arena_alloc(a, (size_t)(2 * src->nlines + 1) * sizeof *c.src.lines);
    c.kind = js_arena_calloc(a, (size_t)(2 * src->nlines + 1), 1);
    c.wrap = js_arena_calloc(a, (size_t)(2 * src->nlines + 1), sizeof(int));
    if (!c.src.lines || !c.kind || !c.wrap) return false;
    js_cellbuf cb = {0}; /* the cells of a line the text reader kept none of */
    bool ok = true;
    int i = 0;
    while (ok && i < src->nlines) {
        /* a run of running text on one page */
        int j = i;
        bool text = !kind || kind[i] == JS_LINE_TEXT;
        while (j < src->nlines && (!kind || kind[j] == JS_LINE_TEXT) == text &&
               (j == i || (src->lines[j].loc.page == src->lines[i].loc.page &&
                           !(src->lines[j].len > 0 && src->lines[j].text[0] == '\f'))))
            j++;
        if (text) {
            ok = split_run(ta, a, src, kind, i, j, &c, &cb);
        } else {
            for (int k = i; k < j; k++) {
                c.kind[c.src.nlines] = kind[k];
                c.src.lines[c.src.nlines++] = src->lines[k];
            }
        }
        i = j;
    }
    js_cellbuf_free(&cb);
    if (ok) *out = c;
    return ok;
}
