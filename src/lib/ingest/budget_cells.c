/*
 * budget_cells.c - the cells of a budget table's line as tokens (text runs and
 * numbers, each with an x), and the placement of a row's values into columns by
 * the header positions and the row identities of the form (budget.h).
 */
#include "budget.h"

#include <math.h>
#include <string.h>

static bool bare_digits(const char *s, size_t n)
{
    if (!n) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* Append token t; merge a text run into the previous text token of the same cell. */
static int add_tok(js_arena *a, js_btok *out, int n, int max, const js_btok *t, bool merge)
{
    if (merge && n > 0 && out[n - 1].type == JS_BTOK_TEXT && t->type == JS_BTOK_TEXT) {
        out[n - 1].text = js_arena_printf(a, "%s%s", out[n - 1].text, t->text);
        out[n - 1].x1 = t->x1;
        return n;
    }
    if (n >= max) return n;
    out[n] = *t;
    return n + 1;
}

int js_btok_line(js_arena *a, const js_srcline *l, js_btok *out, int max, bool merge_text)
{
    int n = 0;
    for (int c = 0; c < l->ncells; c++) {
        const js_srccell *cell = &l->cells[c];
        size_t len = cell->len;
        const char *s = cell->text;
        bool first = true;
        for (size_t i = 0; i < len;) {
            /* a form feed (a page break in layout text: "\f2210201 住房公积金") separates too */
            while (i < len && (unsigned char)s[i] <= ' ')
                i++;
            size_t j = i;
            while (j < len && (unsigned char)s[j] > ' ')
                j++;
            if (j == i) break;
            js_btok t;
            memset(&t, 0, sizeof t);
            double w = cell->x1 - cell->x0;
            t.x0 = cell->x0 < 0 ? -1 : cell->x0 + w * (double)i / (double)len;
            t.x1 = cell->x0 < 0 ? -1 : cell->x0 + w * (double)j / (double)len;
            t.text = js_arena_strndup(a, s + i, j - i);
            /* a lone 0 or a number: a value; text otherwise */
            if (js_num_parse(s + i, j - i, &t.num) == JS_NUM_VALUE) {
                t.type = JS_BTOK_NUM;
                t.digits = bare_digits(s + i, j - i);
            } else {
                t.type = JS_BTOK_TEXT;
            }
            n = add_tok(a, out, n, max, &t, merge_text && !first);
            first = false;
            i = j;
        }
    }
    return n;
}

typedef struct placer {
    const double *vx;
    const js_amount *v;
    int m;
    const int *cand;
    const double *cx;
    int nc;
    const js_browid *ids;
    int nids;
    int ncols;
    const bool *blank;
    int cur[16], best[16];
    double best_score;
    bool have;
} placer;

static double score(placer *p)
{
    js_amount val[32] = {0};
    for (int i = 0; i < p->m; i++)
        val[p->cand[p->cur[i]]] = p->v[i];
    int sat = 0;
    for (int k = 0; k < p->nids; k++) {
        js_amount s = 0;
        for (int j = 0; j < p->ids[k].nb; j++)
            s += val[p->ids[k].b[j]];
        sat += s == val[p->ids[k].a];
    }
    double cost = 0;
    for (int i = 0; i < p->m; i++) {
        double c = p->cx[p->cur[i]];
        if (!isnan(c) && p->vx[i] >= 0) cost += fabs(p->vx[i] - c);
    }
    double bonus = 0;
    for (int c = 0; p->blank && c < p->nc; c++) {
        bool used = false;
        for (int i = 0; i < p->m; i++)
            used = used || p->cur[i] == c;
        if (p->blank[c] && !used) bonus += 0.25;
    }
    return sat * 1e9 - cost + bonus;
}

static void search(placer *p, int i, int from)
{
    if (i == p->m) {
        double s = score(p);
        if (!p->have || s > p->best_score) { /* ties: the leftmost */
            p->have = true;
            p->best_score = s;
            memcpy(p->best, p->cur, sizeof p->cur);
        }
        return;
    }
    for (int c = from; c <= p->nc - (p->m - i); c++) {
        p->cur[i] = c;
        search(p, i + 1, c + 1);
    }
}

void js_bplace(const double *vx, const js_amount *v, int m, const int *cand, const double *cx,
               int nc, const js_browid *ids, int nids, int ncols, const bool *blank, int *out)
{
    if (m > nc) m = nc;
    if (m > 16 || ncols > 32) m = 0;
    placer p = {vx, v, m, cand, cx, nc, ids, nids, ncols, blank, {0}, {0}, 0, false};
    search(&p, 0, 0);
    for (int i = 0; i < m; i++)
        out[i] = p.have ? cand[p.best[i]] : cand[i];
}
