/*
 * doubt_figs.c - the figures of a table for the doubt search (doubt.c): the amounts
 * printed on the table's lines and those its cells hold, each sorted once, so that
 * "is this figure printed more often than placed?" is two binary searches instead of
 * a scan of the table's lines for every candidate.
 */
#include "doubt.h"

#include <stdlib.h>
#include <string.h>

static int amount_cmp(const void *a, const void *b)
{
    js_amount x = *(const js_amount *)a, y = *(const js_amount *)b;
    return x < y ? -1 : x > y;
}

/* How many of the sorted v[0..n) equal w. */
static int sorted_count(const js_amount *v, int n, js_amount w)
{
    int lo = 0, hi = n;
    while (lo < hi) { /* the first >= w */
        int m = lo + (hi - lo) / 2;
        if (v[m] < w)
            lo = m + 1;
        else
            hi = m;
    }
    int k = lo;
    while (k < n && v[k] == w)
        k++;
    return k - lo;
}

/* The slot of amount w in the counts of g (the one holding it, or the empty one it
 * goes in: there is always one, the table is at most half full). */
static size_t slot_of(const struct doubt_figs *g, js_amount w)
{
    size_t mask = g->nslot - 1;
    size_t i = (size_t)(((uint64_t)w * 0x9E3779B97F4A7C15u) >> 32) & mask;
    while (g->count[i] && g->amount[i] != w)
        i = (i + 1) & mask;
    return i;
}

/* The printed amounts v[0..n) counted by amount into g (amount, count; nslot a power
 * of two at least twice n). False when out of memory. */
static bool count_printed(struct doubt_figs *g, const js_amount *v, int n)
{
    size_t cap = 16;
    while (cap < 2 * (size_t)n)
        cap *= 2;
    g->amount = malloc(cap * sizeof *g->amount);
    g->count = calloc(cap, sizeof *g->count);
    if (!g->amount || !g->count) return false;
    g->nslot = cap;
    for (int k = 0; k < n; k++) {
        size_t i = slot_of(g, v[k]);
        g->amount[i] = v[k];
        g->count[i]++;
    }
    return true;
}

bool doubt_figs_more_printed(const struct doubt_figs *g, js_amount w)
{
    size_t i = slot_of(g, w);
    return g->count[i] > sorted_count(g->held, g->nheld, w);
}

/* The amounts printed on the lines of table t (and the two lines after it: a figure
 * moved off its last line), in the table's unit: figures with decimals or separators
 * only (not 栏次, codes, years); appended to *v (n, cap). False when out of memory. */
static bool printed_amounts(const js_doc *doc, const js_table *t, js_amount **v, int *n, int *cap)
{
    int from = t->loc.line, to = t->end.line + 2;
    if (to > doc->nlines) to = doc->nlines;
    if (!doc->lines || from < 1 || to < from) return true;
    for (int l = from; l <= to; l++) {
        const char *line = doc->lines[l - 1], *p = line;
        while (p && *(p += strcspn(p, "0123456789"))) {
            if (p > line && (p[-1] == '.' || p[-1] == ',' || (p[-1] >= '0' && p[-1] <= '9'))) {
                p++;
                continue;
            }
            const char *q = p;
            bool amount = false; /* decimals or separators */
            while ((*q >= '0' && *q <= '9') ||
                   ((*q == '.' || *q == ',') && q[1] >= '0' && q[1] <= '9')) {
                amount |= *q < '0';
                q++;
            }
            js_num num;
            js_amount a;
            if (amount && js_num_parse(p, (size_t)(q - p), &num) == JS_NUM_VALUE &&
                js_num_to_amount(num, t->unit, &a)) {
                if (*n == *cap) {
                    int nc = *cap ? 2 * *cap : 64;
                    js_amount *nv = realloc(*v, (size_t)nc * sizeof *nv);
                    if (!nv) return false;
                    *v = nv;
                    *cap = nc;
                }
                (*v)[(*n)++] = a;
            }
            p = q;
        }
    }
    return true;
}

bool doubt_figs_make(const js_doc *doc, const js_table *t, struct doubt_figs *g)
{
    memset(g, 0, sizeof *g);
    g->made = true;
    int cap = 0, n = 0;
    js_amount *printed = NULL;
    bool ok = printed_amounts(doc, t, &printed, &n, &cap) && count_printed(g, printed, n);
    free(printed);
    if (!ok) return false;
    g->held = malloc(((size_t)t->nrows * (size_t)t->ncols + 1) * sizeof *g->held);
    if (!g->held) return false;
    for (int r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++)
            if (t->rows[r].cells[c].present) g->held[g->nheld++] = t->rows[r].cells[c].value;
    if (g->nheld) qsort(g->held, (size_t)g->nheld, sizeof *g->held, amount_cmp);
    g->ok = true;
    return true;
}

void doubt_figs_release(struct doubt_figs *g)
{
    free(g->amount);
    free(g->count);
    free(g->held);
    memset(g, 0, sizeof *g);
}
