/*
 * pdf_text.c - the free text of a PDF page (glyphs outside ruled tables) into
 * lines: grouped by vertical centre, split into cells at gaps of 1.5 em, the thin
 * punctuation of a number measured as its digits; a page printed in two columns
 * grouped column by column (pdf_text.h; pdf_geom.c lays out the page).
 */
#include "pdf_text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool digit_cp(int32_t cp)
{
    return cp >= '0' && cp <= '9';
}

/* Is the cell l[s..j) an amount with decimals, and does text start at
 * l[j] after a gap? A name of the next column printed close after a right-aligned
 * figure ("3,537.97 总计" in a narrow layout) is another cell. */
static bool amount_then_text(const js_glyph *l, int s, int j)
{
    if (!wide(l[j].cp) || l[j - 1].cp < '0' || l[j - 1].cp > '9' ||
        l[j].x0 - l[j - 1].x1 < 0.1f * gem(&l[j]))
        return false;
    if (l[j].cp == 0x4E07 || l[j].cp == 0x5143 || l[j].cp == 0x4EBF) return false; /* 万 元 亿 */
    bool dot = false; /* the cell so far is the amount alone (not "为 1560.05 万元") */
    for (int t = j - 1; t >= s; t--) {
        dot = dot || l[t].cp == '.';
        if (!digit_cp(l[t].cp) && l[t].cp != ',' && l[t].cp != '.') return false;
    }
    return dot;
}

static bool touching(const js_glyph *a, const js_glyph *b)
{
    return fabsf(b->x0 - a->x1) < 0.5f && fabsf(a->y0 - b->y0) < 0.5f &&
           fabsf(a->y1 - b->y1) < 0.5f;
}

/* The thin punctuation inside a number (8,387,998.41) is measured as its digits:
 * given the advance of the digit before it (its left edge moved left, its right
 * edge kept), so that its em - estimated from the advance - and its vertical
 * centre are theirs. Measured on its own (a quarter em wide) it sits lower than
 * its digits and, where rows are close together (a table fitted to the page),
 * falls onto a line of its own or onto the name above. Only for grouping free text
 * into lines: the rulings are found from the glyphs as they are. */
static int cmp_y1x(const void *a, const void *b)
{
    const js_glyph *p = a, *q = b;
    if (p->y1 != q->y1) return p->y1 < q->y1 ? -1 : 1; /* one font's glyphs share it */
    return p->x0 < q->x0 ? -1 : p->x0 > q->x0 ? 1 : 0;
}

static void thin_as_digits(js_glyph *g, int n)
{
    qsort(g, (size_t)n, sizeof *g, cmp_y1x);
    for (int i = 1; i + 1 < n; i++) {
        if ((g[i].cp != ',' && g[i].cp != '.') || !digit_cp(g[i - 1].cp) ||
            !digit_cp(g[i + 1].cp) || !touching(&g[i - 1], &g[i]) || !touching(&g[i], &g[i + 1]))
            continue;
        float w = g[i - 1].x1 - g[i - 1].x0;
        if (w > g[i].x1 - g[i].x0) g[i].x0 = g[i].x1 - w;
    }
}

/* Free text: lines by vertical centre, cells split at gaps of >= 1 em. */
static bool free_lines(page_out *po, js_glyph *g, int n)
{
    if (n <= 0) return true;
    thin_as_digits(g, n);
    qsort(g, (size_t)n, sizeof *g, js_geom_cmp_cy);
    int i = 0;
    while (i < n) {
        int k = js_geom_line_len(g + i, n - i);
        js_glyph *l = g + i;
        qsort(l, (size_t)k, sizeof *l, js_geom_cmp_x);
        int first = po->ncells;
        float ly0 = 1e9f, ly1 = -1e9f;
        int s = 0;
        for (int j = 0; j <= k; j++) {
            bool split = j == k;
            if (!split && j > s) {
                float em = gem(&l[j]) > gem(&l[j - 1]) ? gem(&l[j]) : gem(&l[j - 1]);
                split = l[j].x0 - l[j - 1].x1 >= 1.5f * em || amount_then_text(l, s, j);
            }
            if (!split) continue;
            po->tmp.len = 0;
            float y0 = 1e9f, y1 = -1e9f;
            for (int t = s; t < j; t++) {
                if (t > s) {
                    float gap = l[t].x0 - l[t - 1].x1;
                    if (gap > 0.2f * gem(&l[t])) js_buf_putc(&po->tmp, ' ');
                }
                js_geom_put_cp(&po->tmp, l[t].cp);
                if (l[t].y0 < y0) y0 = l[t].y0;
                if (l[t].y1 > y1) y1 = l[t].y1;
            }
            if (!js_geom_add_cell(po, &po->tmp, l[s].x0, l[j - 1].x1, y0, y1)) return false;
            if (y0 < ly0) ly0 = y0;
            if (y1 > ly1) ly1 = y1;
            s = j;
        }
        if (!js_geom_add_line(po, first, gcy(&l[0]), ly0, ly1, l[0].x0, l[k - 1].x1)) return false;
        i += k;
    }
    return true;
}

/* ---- two-column text ------------------------------------------------------- */

/* A page of running text printed in two columns: grouped by vertical centre across
 * the whole page, a line of the left column and the line of the right column next to
 * it chain into one another where the columns' baselines wander (Chromium's digits
 * and ideographs from fonts of different boxes), and a line is cut where the chain
 * breaks: "用经费4 7" / "5 85699.2 … 结余0.00万元" for "用经费45785699.21万元". So the
 * gutter is found from the glyphs' x positions: a band of x in the middle of the text
 * that few lines have a glyph over. A run of consecutive lines none of which has text
 * over the gutter (a heading over both columns, a page footer end it), where a quarter
 * of the lines have four ideographs left of the gutter and as many four right of it,
 * three lines or more ten or more in one cell (sentences, not a table's header words)
 * on either
 * side (not necessarily the same lines: the columns' baselines may be half a line
 * apart), and at most a third have a side of several cells (a table without
 * rulings has: names and amounts), is grouped column by column, and each line of the
 * left column is given together with the line of the right column beside it, less than
 * a line's height apart (the shape of pdftotext -layout: the narrative reader reads
 * such lines column by column, narrative.c). */

typedef struct rough {
    int s, e; /* glyphs [s, e) of the page's glyphs sorted by centre, by x inside */
} rough;

static bool gap_splits(const js_glyph *l, int j)
{
    float em = gem(&l[j]) > gem(&l[j - 1]) ? gem(&l[j]) : gem(&l[j - 1]);
    return l[j].x0 - l[j - 1].x1 >= 1.5f * em;
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* The x of the gutter between two columns of the page, or -1: the middle of the
 * widest band of x, at least an em wide and in the middle half of the text's width,
 * that at most a fifth of the page's lines have a glyph over. */
static float find_gutter(const js_glyph *g, int n, int nr, float em)
{
    float x0 = 1e9f, x1 = -1e9f;
    for (int i = 0; i < n; i++) {
        if (g[i].x0 < x0) x0 = g[i].x0;
        if (g[i].x1 > x1) x1 = g[i].x1;
    }
    if (!isfinite(x0) || !isfinite(x1) || !(x1 - x0 > 4 * em) || nr < 3) return -1;
    int nb = 1024;
    float bw = (x1 - x0) / (float)nb;
    int *cov = calloc((size_t)nb, sizeof *cov);
    if (!cov) return -1;
    for (int i = 0; i < n; i++) {
        float f0 = (g[i].x0 - x0) / bw, f1 = (g[i].x1 - x0) / bw;
        if (!(f0 >= 0)) f0 = 0; /* NaN too (a glyph of no finite box) */
        if (!(f1 < (float)nb)) f1 = (float)(nb - 1);
        for (int b = (int)f0; b <= (int)f1; b++)
            cov[b]++;
    }
    /* a line's glyphs do not overlap: cov counts the lines over a bin */
    int best = 0, bs = 0;
    for (int b = nb / 4, s = -1; b <= 3 * nb / 4; b++) {
        bool empty = b < 3 * nb / 4 && cov[b] * 5 <= nr;
        if (empty && s < 0) s = b;
        if (!empty && s >= 0) {
            if (b - s > best) {
                best = b - s;
                bs = s;
            }
            s = -1;
        }
    }
    free(cov);
    if ((float)best * bw < em) return -1;
    return x0 + ((float)bs + (float)best / 2) * bw;
}

/* Does line r have text over the gutter gx (a glyph on it, or text going on across
 * it)? How many ideographs are on either side (most[]: in one of its cells), and does a
 * side hold several cells? */
static bool crosses(const js_glyph *g, const rough *r, float gx, int ideo[2], int most[2],
                    bool *multi)
{
    int cells[2] = {0, 0}, cur = 0;
    ideo[0] = ideo[1] = most[0] = most[1] = 0;
    for (int j = r->s; j < r->e; j++) {
        if (g[j].x0 < gx && g[j].x1 > gx) return true;
        int side = gcx(&g[j]) >= gx;
        bool same = j > r->s && side == (gcx(&g[j - 1]) >= gx);
        if (same && gap_splits(g, j)) cells[side]++;
        if (j > r->s && side && !same && g[j].x0 - g[j - 1].x1 < gem(&g[j])) return true;
        if (!same || gap_splits(g, j)) cur = 0;
        if (g[j].cp >= 0x3400) {
            ideo[side]++;
            if (++cur > most[side]) most[side] = cur;
        }
    }
    *multi = cells[0] > 0 || cells[1] > 0;
    return false;
}

/* Lines [a, b) of po (the left column) and [b, c) (the right one), each in order of
 * key, given as one list: a left line and the right line beside it (their centres
 * less than a line apart) as one line of both lines' cells. */
static bool pair_columns(page_out *po, int a, int b, int c)
{
    int n = c - a;
    if (n <= 0 || b == a || b == c) return true;
    pline *out = malloc((size_t)n * sizeof *out);
    if (!out) return false;
    int i = a, j = b, k = 0;
    while (i < b || j < c) {
        pline *l = i < b ? &po->lines[i] : NULL, *r = j < c ? &po->lines[j] : NULL;
        if (l && r) {
            float h = l->y1 - l->y0 < r->y1 - r->y0 ? l->y1 - l->y0 : r->y1 - r->y0;
            if (fabsf(l->key - r->key) < 0.9f * h) {
                /* both lines' cells, copied to the end of the cell list */
                int first = po->ncells;
                if (po->ncells + l->n + r->n > po->capcells) {
                    int nc = po->capcells * 2 + l->n + r->n;
                    pcell *cv = realloc(po->cells, (size_t)nc * sizeof *cv);
                    if (!cv) {
                        free(out);
                        return false;
                    }
                    po->cells = cv;
                    po->capcells = nc;
                }
                memcpy(po->cells + first, po->cells + l->first, (size_t)l->n * sizeof *po->cells);
                memcpy(po->cells + first + l->n, po->cells + r->first,
                       (size_t)r->n * sizeof *po->cells);
                po->ncells += l->n + r->n;
                pline m = *l;
                m.first = first;
                m.n = l->n + r->n;
                m.key = l->key < r->key ? l->key : r->key;
                if (r->y0 < m.y0) m.y0 = r->y0;
                if (r->y1 > m.y1) m.y1 = r->y1;
                m.x1 = r->x1;
                out[k++] = m;
                i++;
                j++;
                continue;
            }
            if (l->key <= r->key)
                r = NULL;
            else
                l = NULL;
        }
        if (l) {
            out[k++] = *l;
            i++;
        } else {
            out[k++] = *r;
            j++;
        }
    }
    memcpy(po->lines + a, out, (size_t)k * sizeof *out);
    po->nlines = a + k;
    free(out);
    return true;
}

/* Glyphs [s, e) (whole lines) of a two-column run: each column grouped on its own. */
static bool column_lines(page_out *po, js_glyph *g, int s, int e, float gx)
{
    /* left glyphs first */
    int m = s;
    for (int i = s; i < e; i++)
        if (gcx(&g[i]) < gx) {
            js_glyph t = g[i];
            g[i] = g[m];
            g[m++] = t;
        }
    int a = po->nlines;
    if (!free_lines(po, g + s, m - s)) return false;
    int b = po->nlines;
    if (!free_lines(po, g + m, e - m)) return false;
    return pair_columns(po, a, b, po->nlines);
}

/* Free text of a page: lines by vertical centre (free_lines), two-column runs column
 * by column. */
bool js_geom_free_text(page_out *po, js_glyph *g, int n)
{
    if (n <= 0) return true;
    thin_as_digits(g, n);
    qsort(g, (size_t)n, sizeof *g, js_geom_cmp_cy);
    rough *r = malloc((size_t)n * sizeof *r);
    if (!r) return false;
    int nr = 0;
    float ems[64];
    int nem = 0;
    for (int i = 0; i < n;) {
        int k = js_geom_line_len(g + i, n - i);
        qsort(g + i, (size_t)k, sizeof *g, js_geom_cmp_x);
        r[nr].s = i;
        r[nr].e = i + k;
        if (nem < 64 && wide(g[i].cp)) ems[nem++] = gem(&g[i]);
        nr++;
        i += k;
    }
    float em = 10;
    if (nem) {
        qsort(ems, (size_t)nem, sizeof *ems, cmp_float);
        em = ems[nem / 2];
    }
    float gx = find_gutter(g, n, nr, em);
    bool ok = true;
    int done = 0; /* glyphs [0, done) are grouped */
    for (int i = 0; ok && gx >= 0 && i < nr;) {
        /* a run of lines that do not cross the gutter */
        int j = i, nleft = 0, nright = 0, nlong[2] = {0, 0}, nmulti = 0;
        for (; j < nr; j++) {
            int ideo[2], most[2];
            bool multi;
            if (crosses(g, &r[j], gx, ideo, most, &multi)) break;
            nleft += ideo[0] >= 4;
            nright += ideo[1] >= 4;
            nlong[0] += most[0] >= 10;
            nlong[1] += most[1] >= 10;
            nmulti += multi;
        }
        int nl = j - i;
        if (nlong[0] >= 3 && nlong[1] >= 3 && nleft * 4 >= nl && nright * 4 >= nl &&
            nmulti * 3 <= nl) {
            ok = free_lines(po, g + done, r[i].s - done) &&
                 column_lines(po, g, r[i].s, r[j - 1].e, gx);
            done = r[j - 1].e;
        }
        i = j > i ? j : i + 1;
    }
    free(r);
    return ok && free_lines(po, g + done, n - done);
}
