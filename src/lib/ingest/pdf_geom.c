/*
 * pdf_geom.c - glyphs and ruling lines of one PDF page to source lines
 * (pdf_geom.h). Pure geometry: no poppler here, so it is tested with
 * synthetic pages.
 *
 *   rulings:  horizontal rules are long runs of dark pixels in one pixel row
 *             that no glyph covers; rules a few points apart are one rule.
 *             Consecutive rules that overlap horizontally form a table; the
 *             space between two of its rules is a row band. Inside a band, a
 *             pixel column that is dark over the whole band (and crosses no
 *             glyph) is a vertical rule: a cell boundary.
 *   text:     glyphs in a band go to the ruled cell that holds their centre;
 *             the rest (pdf_text.c) are grouped into lines by vertical centre,
 *             two-column runs column by column, and split into cells at gaps
 *             of 1.5 em.
 */
#include "pdf_text.h"

#include "juesuan/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    MAX_SEPS = 256,     /* vertical rules per band */
    MAX_SEGS = 1 << 18, /* horizontal rule segments per page */
};

/* ---- text of a group of glyphs --------------------------------------------- */

int js_geom_cmp_cy(const void *a, const void *b)
{
    float d = gcy(a) - gcy(b);
    return d < 0 ? -1 : d > 0 ? 1 : 0;
}

int js_geom_cmp_x(const void *a, const void *b)
{
    const js_glyph *p = a, *q = b;
    float d = p->x0 - q->x0;
    return d < 0 ? -1 : d > 0 ? 1 : 0;
}

void js_geom_put_cp(js_buf *b, int32_t cp)
{
    char u[4];
    int n;
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    js_buf_append(b, u, (size_t)n);
}

/* Split g[0..n) (sorted by vertical centre) into lines: returns the number of
 * glyphs in the first line. Glyphs belong to one line when their centres are
 * within 0.45 of the taller glyph's height of the line's first glyph. */
int js_geom_line_len(const js_glyph *g, int n)
{
    float cy = gcy(&g[0]), h = gem(&g[0]);
    int k = 1;
    while (k < n) {
        float hh = gem(&g[k]) > h ? gem(&g[k]) : h;
        if (gcy(&g[k]) - cy > 0.45f * hh) break;
        k++;
    }
    return k;
}

/* Text of the glyphs of one ruled cell: lines top to bottom, each left to
 * right; wrapped lines joined (without a space between wide characters). */
static void cell_text(js_buf *b, js_glyph *g, int n)
{
    qsort(g, (size_t)n, sizeof *g, js_geom_cmp_cy);
    int i = 0;
    int32_t last = 0;
    while (i < n) {
        int k = js_geom_line_len(g + i, n - i);
        qsort(g + i, (size_t)k, sizeof *g, js_geom_cmp_x);
        for (int j = i; j < i + k; j++) {
            if (last) {
                float gap = g[j].x0 - (j > i ? g[j - 1].x1 : g[j].x0 + 1e9f);
                float em = gem(&g[j]);
                bool both_wide = wide(last) && wide(g[j].cp);
                if (j == i) { /* a wrapped line: join */
                    if (!wide(last) && !wide(g[j].cp)) js_buf_putc(b, ' ');
                } else if (!both_wide && gap > 0.25f * em) {
                    js_buf_putc(b, ' ');
                }
            }
            js_geom_put_cp(b, g[j].cp);
            last = g[j].cp;
        }
        i += k;
    }
}

/* ---- output ---------------------------------------------------------------- */

bool js_geom_add_cell(page_out *po, js_buf *raw, float x0, float x1, float y0, float y1)
{
    if (po->ncells == po->capcells) {
        int nc = po->capcells ? po->capcells * 2 : 64;
        pcell *c = realloc(po->cells, (size_t)nc * sizeof *c);
        if (!c) return false;
        po->cells = c;
        po->capcells = nc;
    }
    po->norm.len = 0;
    js_norm(&po->norm, raw->data ? raw->data : "", raw->len);
    size_t m = po->norm.len;
    const char *t = js_trim(po->norm.data ? po->norm.data : "", &m);
    char *s = js_arena_strndup(po->a, t, m);
    if (!s || po->norm.oom || raw->oom) return false;
    pcell *c = &po->cells[po->ncells++];
    c->text = s;
    c->len = m;
    c->x0 = x0;
    c->x1 = x1;
    c->y0 = y0;
    c->y1 = y1;
    return true;
}

bool js_geom_add_line(page_out *po, int first, float key, float y0, float y1, float x0, float x1)
{
    if (po->ncells == first) return true;
    if (po->nlines == po->caplines) {
        int nc = po->caplines ? po->caplines * 2 : 32;
        pline *l = realloc(po->lines, (size_t)nc * sizeof *l);
        if (!l) return false;
        po->lines = l;
        po->caplines = nc;
    }
    pline *l = &po->lines[po->nlines++];
    l->first = first;
    l->n = po->ncells - first;
    l->key = key;
    l->y0 = y0;
    l->y1 = y1;
    l->x0 = x0;
    l->x1 = x1;
    return true;
}

/* ---- rulings --------------------------------------------------------------- */

typedef struct hseg {
    float y, x0, x1;
} hseg;

/* A horizontal rule: rows within 2.5 pt of each other; segs[first..first+n). */
typedef struct hrule {
    float y, x0, x1;
    int first, n;
} hrule;

typedef struct rules {
    hseg *segs;
    int nsegs, capsegs;
    hrule *hr;
    int nhr;
} rules;

static int cmp_hseg(const void *a, const void *b)
{
    const hseg *p = a, *q = b;
    return p->y < q->y ? -1 : p->y > q->y ? 1 : (p->x0 < q->x0 ? -1 : p->x0 > q->x0);
}

/* Is the horizontal run [x0,x1] at height y (points) mostly covered by glyphs? */
static bool run_in_text(const js_glyph *g, int n, float y, float x0, float x1)
{
    float cover = 0;
    for (int i = 0; i < n; i++) {
        float h = gh(&g[i]);
        if (y <= g[i].y0 + 0.1f * h || y >= g[i].y1 - 0.1f * h) continue;
        float a = g[i].x0 > x0 ? g[i].x0 : x0, b = g[i].x1 < x1 ? g[i].x1 : x1;
        if (b > a) cover += b - a;
    }
    return cover > 0.3f * (x1 - x0);
}

/* Horizontal rules of the page. False on OOM. */
static bool find_hrules(const js_pixmap *pix, const js_glyph *g, int n, rules *R)
{
    int minrun = (int)(12.0f * pix->scale);
    if (minrun < 4) minrun = 4;
    for (int y = 0; y < pix->h; y++) {
        const unsigned char *row = pix->dark + (size_t)y * (size_t)pix->w;
        int x = 0;
        while (x < pix->w) {
            if (!row[x]) {
                /* most of a row is blank: skip eight clear pixels at a time */
                uint64_t eight;
                while (x + 8 <= pix->w && (memcpy(&eight, row + x, sizeof eight), eight == 0))
                    x += 8;
                while (x < pix->w && !row[x])
                    x++;
                continue;
            }
            int s = x;
            while (x < pix->w && row[x])
                x++;
            if (x - s < minrun) continue;
            float py = ((float)y + 0.5f) / pix->scale;
            float x0 = (float)s / pix->scale, x1 = (float)x / pix->scale;
            if (run_in_text(g, n, py, x0, x1)) continue;
            if (R->nsegs == R->capsegs) {
                int nc = R->capsegs ? R->capsegs * 2 : 256;
                if (nc > MAX_SEGS) return true; /* enough: keep what was found */
                hseg *ns = realloc(R->segs, (size_t)nc * sizeof *ns);
                if (!ns) return false;
                R->segs = ns;
                R->capsegs = nc;
            }
            R->segs[R->nsegs++] = (hseg){py, x0, x1};
        }
    }
    if (R->nsegs == 0) return true;
    qsort(R->segs, (size_t)R->nsegs, sizeof *R->segs, cmp_hseg);
    R->hr = malloc((size_t)R->nsegs * sizeof *R->hr);
    if (!R->hr) return false;
    int i = 0;
    while (i < R->nsegs) {
        float ylo = R->segs[i].y, yhi = ylo, x0 = R->segs[i].x0, x1 = R->segs[i].x1;
        int j = i + 1;
        while (j < R->nsegs && R->segs[j].y - yhi <= 2.5f) {
            yhi = R->segs[j].y;
            if (R->segs[j].x0 < x0) x0 = R->segs[j].x0;
            if (R->segs[j].x1 > x1) x1 = R->segs[j].x1;
            j++;
        }
        R->hr[R->nhr++] = (hrule){(ylo + yhi) / 2, x0, x1, i, j - i};
        i = j;
    }
    return true;
}

/* How much of [x0,x1] rule r covers (0..1). */
static float rule_cover(const rules *R, int r, float x0, float x1)
{
    /* segments of one rule may overlap (several pixel rows): measure the union */
    float covered = 0, reach = x0;
    const hrule *h = &R->hr[r];
    /* segs are sorted by y then x, not by x: do a small scan per reach step */
    for (int pass = 0; pass < h->n && reach < x1; pass++) {
        float best = reach;
        for (int k = h->first; k < h->first + h->n; k++) {
            const hseg *s = &R->segs[k];
            if (s->x0 <= reach + 1.0f && s->x1 > best) best = s->x1;
        }
        if (best <= reach) {
            /* a gap: jump to the next segment start */
            float next = x1;
            for (int k = h->first; k < h->first + h->n; k++)
                if (R->segs[k].x0 > reach && R->segs[k].x0 < next) next = R->segs[k].x0;
            reach = next;
            continue;
        }
        float e = best < x1 ? best : x1;
        covered += e - reach;
        reach = best;
    }
    return x1 > x0 ? covered / (x1 - x0) : 1;
}

/* Vertical rules of the band (ya, yb) between x0 and x1: positions in points,
 * sorted, including the band's edges. */
static int find_vseps(const js_pixmap *pix, const js_glyph *g, int n, float ya, float yb, float x0,
                      float x1, float *sep, int max, int *cnt)
{
    int py0 = (int)ceilf((ya + 1.5f) * pix->scale), py1 = (int)floorf((yb - 1.5f) * pix->scale);
    if (py0 < 0) py0 = 0;
    if (py1 >= pix->h) py1 = pix->h - 1;
    int ns = 0;
    sep[ns++] = x0;
    if (py1 >= py0) {
        int px0 = (int)floorf(x0 * pix->scale) - 1, px1 = (int)ceilf(x1 * pix->scale) + 1;
        if (px0 < 0) px0 = 0;
        if (px1 >= pix->w) px1 = pix->w - 1;
        int rows = py1 - py0 + 1;
        /* dark pixels per column (cnt has pix->w entries), counted row by row */
        if (px1 >= px0) memset(cnt + px0, 0, (size_t)(px1 - px0 + 1) * sizeof *cnt);
        for (int py = py0; py <= py1 && px1 >= px0; py++) {
            const unsigned char *row = pix->dark + (size_t)py * (size_t)pix->w;
            for (int px = px0; px <= px1; px++)
                cnt[px] += row[px] != 0;
        }
        float run_start = -1, run_end = -1;
        for (int px = px0; px <= px1 + 1; px++) {
            bool dark = false;
            float xp = ((float)px + 0.5f) / pix->scale;
            if (px <= px1) {
                dark = cnt[px] * 10 >= rows * 9;
                for (int i = 0; i < n && dark; i++)
                    if (xp > g[i].x0 + 0.3f && xp < g[i].x1 - 0.3f) dark = false;
            }
            if (dark) {
                if (run_start < 0) run_start = xp;
                run_end = xp;
            } else if (run_start >= 0) {
                float m = (run_start + run_end) / 2;
                if (run_end - run_start > 3.0f) {
                    /* a dark area, not a rule */
                } else if (m - sep[ns - 1] > 4.0f) {
                    if (ns < max - 1) sep[ns++] = m;
                } else if (ns > 1) {
                    sep[ns - 1] = (sep[ns - 1] + m) / 2;
                }
                run_start = -1;
            }
        }
    }
    if (x1 - sep[ns - 1] > 4.0f)
        sep[ns++] = x1;
    else if (ns > 1)
        sep[ns - 1] = x1;
    else
        sep[ns++] = x1;
    return ns;
}

/* ---- tables ---------------------------------------------------------------- */

static int cmp_pline(const void *a, const void *b)
{
    const pline *p = a, *q = b;
    if (p->key < q->key - 0.5f) return -1;
    if (p->key > q->key + 0.5f) return 1;
    return p->x0 < q->x0 ? -1 : p->x0 > q->x0;
}

typedef struct band {
    float ya, yb;
    int rule;          /* index of the rule at ya */
    int ns, sep_first; /* separators seps[sep_first .. +ns) */
    int cell_first;    /* its cells are cells[cell_first .. +ns-1) */
} band;

typedef struct tcell {
    float x0, x1;
    int band;
    int group;      /* the top cell of a cell merged over several bands */
    int gfirst, gn; /* glyphs gl[gfirst .. +gn) */
} tcell;

/* The 2024 forms print the 类 / 款 / 项 labels of the code columns in the
 * same ruled row as the 合计 row. A row of cells[first..] holding such labels
 * and a number is given as two lines, as a text dump prints it: the labels
 * (a header line), then the row without them. */
static bool is_code_label(const pcell *c)
{
    return strcmp(c->text, "类") == 0 || strcmp(c->text, "款") == 0 || strcmp(c->text, "项") == 0;
}

static bool code_labels_in_row(const page_out *po, int first)
{
    bool label = false, number = false;
    for (int c = first; c < po->ncells; c++) {
        const pcell *pc = &po->cells[c];
        if (is_code_label(pc))
            label = true;
        else if (pc->len > 0 && strspn(pc->text, "0123456789,.-") == pc->len)
            number = true;
    }
    return label && number;
}

static bool split_code_labels(page_out *po, int first, float ya, float yb, float tx0, float tx1)
{
    int end = po->ncells;
    static const js_buf empty = {0};
    for (int pass = 0; pass < 2; pass++) {
        int start = po->ncells;
        for (int c = first; c < end; c++) {
            pcell pc = po->cells[c]; /* copied: js_geom_add_cell may move the array */
            bool keep = is_code_label(&pc) == (pass == 0);
            js_buf b = empty;
            if (keep) js_buf_append(&b, pc.text, pc.len);
            bool ok = js_geom_add_cell(po, &b, pc.x0, pc.x1, keep ? pc.y0 : ya, keep ? pc.y1 : yb);
            js_buf_release(&b);
            if (!ok) return false;
        }
        if (!js_geom_add_line(po, start, ya + (float)pass, ya, yb, tx0, tx1)) return false;
    }
    return true;
}

/* The work of one table: its bands, their cells, and the glyphs in them. */
typedef struct table {
    js_glyph *g; /* the page's glyphs */
    int n;
    band *bands;
    int nbands;
    float *seps;  /* MAX_SEPS per band */
    int *gi;      /* band glyph indices (scratch) */
    js_glyph *bg; /* band glyphs (scratch) */
    int *gcell;   /* glyph -> table cell, or -1 */
    int *colcnt;  /* find_vseps scratch, one per pixel column */
    tcell *cells;
    int ncells;
    js_glyph *gl; /* glyphs grouped by cell group */
    int *home;    /* the band that gets a group's text */
} table;

static void table_free(table *t)
{
    free(t->bands);
    free(t->seps);
    free(t->gi);
    free(t->bg);
    free(t->gcell);
    free(t->colcnt);
    free(t->cells);
    free(t->gl);
    free(t->home);
}

/* The bands between consecutive rules t0..t1-1 (lower than 6 pt: a double
 * rule), their vertical rules, and the cell of each glyph in them. A band
 * with one cell across the table is left to the running text. */
static void table_bands(table *t, const js_pixmap *pix, const rules *R, int t0, int t1, float tx0,
                        float tx1, const unsigned char *used)
{
    for (int i = 0; i < t->n; i++)
        t->gcell[i] = -1;
    for (int r = t0; r + 1 < t1; r++) {
        float ya = R->hr[r].y, yb = R->hr[r + 1].y;
        if (yb - ya < 6.0f) continue; /* too low for a row of text: a double rule */
        int nb = 0;
        for (int i = 0; i < t->n; i++) {
            float cx = gcx(&t->g[i]), cy = gcy(&t->g[i]);
            if (!used[i] && cy > ya && cy < yb && cx >= tx0 - 2 && cx <= tx1 + 2) {
                t->gi[nb] = i;
                t->bg[nb++] = t->g[i];
            }
        }
        float *sp = t->seps + (size_t)t->nbands * MAX_SEPS;
        int ns = find_vseps(pix, t->bg, nb, ya, yb, tx0, tx1, sp, MAX_SEPS, t->colcnt);
        if (ns < 3) continue; /* one cell across the table: left to free text */
        band *b = &t->bands[t->nbands];
        *b = (band){ya, yb, r, ns, t->nbands * MAX_SEPS, t->ncells};
        t->ncells += ns - 1;
        for (int k = 0; k < nb; k++) {
            float cx = t->bg[k].x0 / 2 + t->bg[k].x1 / 2;
            int c = 0;
            while (c + 2 < ns && cx >= sp[c + 1])
                c++;
            t->gcell[t->gi[k]] = b->cell_first + c;
        }
        t->nbands++;
    }
}

/* The cells of the bands; a cell with no rule under it in the band above is
 * merged with the cell above it (same group). */
static void table_cells(table *t, const rules *R)
{
    for (int b = 0; b < t->nbands; b++) {
        const band *bd = &t->bands[b];
        const float *sp = t->seps + bd->sep_first;
        for (int c = 0; c + 1 < bd->ns; c++) {
            tcell *tc = &t->cells[bd->cell_first + c];
            tc->x0 = sp[c];
            tc->x1 = sp[c + 1];
            tc->band = b;
            tc->group = bd->cell_first + c;
            if (b == 0 || t->bands[b - 1].yb != bd->ya) continue;
            if (rule_cover(R, bd->rule, tc->x0 + 1, tc->x1 - 1) >= 0.5f) continue;
            for (int u = 0; u + 1 < t->bands[b - 1].ns; u++) {
                tcell *up = &t->cells[t->bands[b - 1].cell_first + u];
                if (fabsf(up->x0 - tc->x0) < 3 && fabsf(up->x1 - tc->x1) < 3) {
                    tc->group = up->group;
                    break;
                }
            }
        }
    }
}

/* The glyphs grouped by cell group (counting sort into t->gl); marks them used. */
static bool table_glyphs(table *t, unsigned char *used)
{
    int *cnt = calloc((size_t)t->ncells + 1, sizeof *cnt);
    if (!cnt) return false;
    for (int i = 0; i < t->n; i++)
        if (t->gcell[i] >= 0) cnt[t->cells[t->gcell[i]].group]++;
    int acc = 0;
    for (int c = 0; c < t->ncells; c++) {
        t->cells[c].gfirst = acc;
        acc += cnt[c];
        cnt[c] = 0;
    }
    for (int i = 0; i < t->n; i++)
        if (t->gcell[i] >= 0) {
            int grp = t->cells[t->gcell[i]].group;
            t->gl[t->cells[grp].gfirst + cnt[grp]++] = t->g[i];
            used[i] = 1;
        }
    for (int c = 0; c < t->ncells; c++)
        t->cells[c].gn = cnt[c];
    free(cnt);
    return true;
}

/* The vertical extent of glyphs q[0..n). */
static void glyphs_y(const js_glyph *q, int n, float *y0, float *y1)
{
    *y0 = 1e9f;
    *y1 = -1e9f;
    for (int k = 0; k < n; k++) {
        if (q[k].y0 < *y0) *y0 = q[k].y0;
        if (q[k].y1 > *y1) *y1 = q[k].y1;
    }
}

/* Each group's text goes to the band holding its glyphs' vertical centre. */
static void table_homes(table *t)
{
    for (int c = 0; c < t->ncells; c++) {
        t->home[c] = -1;
        if (t->cells[c].group != c || t->cells[c].gn == 0) continue;
        float y0, y1;
        glyphs_y(t->gl + t->cells[c].gfirst, t->cells[c].gn, &y0, &y1);
        float mid = (y0 + y1) / 2;
        t->home[c] = t->cells[c].band;
        for (int m = c; m < t->ncells; m++) {
            const band *bd = &t->bands[t->cells[m].band];
            if (t->cells[m].group == c && mid >= bd->ya && mid < bd->yb)
                t->home[c] = t->cells[m].band;
        }
    }
}

/* A source line per band: its cells' texts (a merged cell's in its home band). */
static bool table_lines(page_out *po, table *t, float tx0, float tx1)
{
    bool ok = true;
    for (int b = 0; ok && b < t->nbands; b++) {
        const band *bd = &t->bands[b];
        int first = po->ncells;
        for (int c = bd->cell_first; ok && c < bd->cell_first + bd->ns - 1; c++) {
            int root = t->cells[c].group;
            po->tmp.len = 0;
            float y0 = bd->ya, y1 = bd->yb;
            if (t->home[root] == b && t->cells[root].gn > 0) {
                js_glyph *q = t->gl + t->cells[root].gfirst;
                glyphs_y(q, t->cells[root].gn, &y0, &y1);
                cell_text(&po->tmp, q, t->cells[root].gn);
            }
            ok = js_geom_add_cell(po, &po->tmp, t->cells[c].x0, t->cells[c].x1, y0, y1);
        }
        if (ok && code_labels_in_row(po, first))
            ok = split_code_labels(po, first, bd->ya, bd->yb, tx0, tx1);
        else
            ok = ok && js_geom_add_line(po, first, bd->ya, bd->ya, bd->yb, tx0, tx1);
    }
    return ok;
}

/* One table (rules t0..t1-1 spanning tx0..tx1): a line per band. */
static bool one_table(page_out *po, js_glyph *g, int n, const js_pixmap *pix, const rules *R,
                      int t0, int t1, float tx0, float tx1, unsigned char *used)
{
    size_t ng = (size_t)(n > 0 ? n : 1);
    table t = {.g = g, .n = n};
    t.bands = calloc((size_t)(t1 - t0), sizeof *t.bands);
    t.seps = malloc((size_t)(t1 - t0) * MAX_SEPS * sizeof *t.seps);
    t.gi = malloc(ng * sizeof *t.gi);
    t.bg = malloc(ng * sizeof *t.bg);
    t.gcell = malloc(ng * sizeof *t.gcell);
    t.colcnt = malloc((size_t)pix->w * sizeof *t.colcnt);
    bool ok = t.bands && t.seps && t.gi && t.bg && t.gcell && t.colcnt;
    if (ok) table_bands(&t, pix, R, t0, t1, tx0, tx1, used);
    if (ok && t.ncells > 0) {
        t.cells = calloc((size_t)t.ncells, sizeof *t.cells);
        t.gl = malloc(ng * sizeof *t.gl);
        t.home = malloc((size_t)t.ncells * sizeof *t.home);
        ok = t.cells && t.gl && t.home;
        if (ok) table_cells(&t, R);
        ok = ok && table_glyphs(&t, used);
        if (ok) table_homes(&t);
        ok = ok && table_lines(po, &t, tx0, tx1);
    }
    table_free(&t);
    return ok;
}

/* Ruled tables of the page. Glyphs placed in a table are marked in used. */
static bool tables(page_out *po, js_glyph *g, int n, const js_pixmap *pix, unsigned char *used)
{
    rules R = {0};
    bool ok = find_hrules(pix, g, n, &R);
    int t0 = 0;
    while (ok && t0 < R.nhr) {
        /* a table: consecutive rules overlapping horizontally, at most 200 pt apart */
        int t1 = t0 + 1;
        float tx0 = R.hr[t0].x0, tx1 = R.hr[t0].x1;
        while (t1 < R.nhr && R.hr[t1].y - R.hr[t1 - 1].y <= 200.0f) {
            const hrule *h = &R.hr[t1];
            float a = h->x0 > tx0 ? h->x0 : tx0, b = h->x1 < tx1 ? h->x1 : tx1;
            float w = h->x1 - h->x0 < tx1 - tx0 ? h->x1 - h->x0 : tx1 - tx0;
            if (b - a < 0.5f * w) break;
            if (h->x0 < tx0) tx0 = h->x0;
            if (h->x1 > tx1) tx1 = h->x1;
            t1++;
        }
        if (t1 - t0 >= 2) ok = one_table(po, g, n, pix, &R, t0, t1, tx0, tx1, used);
        t0 = t1;
    }
    free(R.segs);
    free(R.hr);
    return ok;
}

bool js_geom_maybe_table(const js_glyph *glyphs, int n)
{
    if (n < 6) return false;
    js_glyph *g = malloc((size_t)n * sizeof *g);
    if (!g) return true; /* cannot tell: look for rulings */
    memcpy(g, glyphs, (size_t)n * sizeof *g);
    qsort(g, (size_t)n, sizeof *g, js_geom_cmp_cy);
    int wide_lines = 0;
    for (int i = 0; i < n && wide_lines < 2;) {
        int k = js_geom_line_len(g + i, n - i);
        qsort(g + i, (size_t)k, sizeof *g, js_geom_cmp_x);
        int cells = 1;
        bool amount = false; /* a number with decimals: 1,503.52 */
        for (int j = i + 1; j < i + k; j++) {
            float em = gem(&g[j]) > gem(&g[j - 1]) ? gem(&g[j]) : gem(&g[j - 1]);
            if (g[j].x0 - g[j - 1].x1 >= 1.5f * em) cells++;
            if (g[j].cp == '.' && j + 1 < i + k && g[j - 1].cp >= '0' && g[j - 1].cp <= '9' &&
                g[j + 1].cp >= '0' && g[j + 1].cp <= '9')
                amount = true;
        }
        if (cells >= 2 && amount) wide_lines++;
        i += k;
    }
    free(g);
    return wide_lines >= 2;
}

int js_geom_page(js_arena *a, int pageno, float pw, float ph, js_glyph *glyphs, int nglyphs,
                 const js_pixmap *pix, js_linevec *out)
{
    (void)pw;
    (void)ph;
    page_out po = {.a = a};
    js_buf_init(&po.tmp);
    js_buf_init(&po.norm);
    unsigned char *used = calloc((size_t)(nglyphs > 0 ? nglyphs : 1), 1);
    js_glyph *rest = malloc((size_t)(nglyphs > 0 ? nglyphs : 1) * sizeof *rest);
    bool ok = used && rest;
    if (ok && pix && pix->dark && pix->w > 0 && pix->h > 0)
        ok = tables(&po, glyphs, nglyphs, pix, used);
    int nrest = 0;
    for (int i = 0; ok && i < nglyphs; i++)
        if (!used[i]) rest[nrest++] = glyphs[i];
    ok = ok && js_geom_free_text(&po, rest, nrest);
    if (ok && po.nlines > 1) qsort(po.lines, (size_t)po.nlines, sizeof *po.lines, cmp_pline);
    /* append to out */
    if (ok && out->n + po.nlines > out->cap) {
        int nc = out->cap ? out->cap : 256;
        while (nc < out->n + po.nlines)
            nc *= 2;
        js_srcline *nv = js_arena_grow(a, out->v, (size_t)out->n, (size_t)nc, sizeof *nv);
        float **ny = nv ? js_arena_grow(a, out->ys, (size_t)out->n, (size_t)nc, sizeof *ny) : NULL;
        if (nv && ny) {
            out->v = nv;
            out->ys = ny;
            out->cap = nc;
        } else {
            ok = false;
        }
    }
    for (int i = 0; ok && i < po.nlines; i++) {
        pline *pl = &po.lines[i];
        js_srcline *ln = &out->v[out->n];
        memset(ln, 0, sizeof *ln);
        ln->cells = js_arena_calloc(a, (size_t)pl->n, sizeof *ln->cells);
        float *ys = js_arena_calloc(a, 2 * (size_t)pl->n + 1, sizeof *ys);
        out->ys[out->n] = ys;
        if (!ln->cells || !ys) {
            ok = false;
            break;
        }
        po.tmp.len = 0;
        bool any = false;
        for (int c = 0; c < pl->n; c++) {
            const pcell *pc = &po.cells[pl->first + c];
            js_srccell *sc = &ln->cells[c];
            sc->text = pc->text;
            sc->len = pc->len;
            sc->x0 = pc->x0;
            sc->x1 = pc->x1;
            sc->index = c;
            ys[2 * c] = pc->y0;
            ys[2 * c + 1] = pc->y1;
            if (pc->len) {
                if (any) js_buf_puts(&po.tmp, "  ");
                js_buf_append(&po.tmp, pc->text, pc->len);
                any = true;
            }
        }
        ln->ncells = pl->n;
        ln->text = js_arena_strndup(a, po.tmp.data ? po.tmp.data : "", po.tmp.len);
        if (!ln->text || po.tmp.oom) {
            ok = false;
            break;
        }
        ln->len = po.tmp.len;
        ln->blank = !any;
        ln->loc.page = pageno;
        ln->loc.line = out->n + 1; /* ordinal of the source line (the recognizer indexes by it) */
        ln->loc.x0 = pl->x0;
        ln->loc.x1 = pl->x1;
        ln->loc.y0 = pl->y0;
        ln->loc.y1 = pl->y1;
        out->n++;
    }
    free(used);
    free(rest);
    free(po.cells);
    free(po.lines);
    js_buf_release(&po.tmp);
    js_buf_release(&po.norm);
    return ok ? JS_OK : JS_EINTERNAL;
}
