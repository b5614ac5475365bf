/*
 * doubt_index.c - which of the arithmetic's and the links' comparisons read a row, for
 * the tries of the reading doubts' search (doubt_eval.c): a try changing a few cells of
 * one table runs again the comparisons that read them, found here by their rows instead
 * of asking every comparison of the table; and per round, the comparisons that give a
 * base finding, the only ones whose findings a try takes from the base.
 */
#include "doubt.h"

#include <stdlib.h>
#include <string.h>

/* A row's comparisons: those reading row key are ix[start[key] .. start[key + 1]), in
 * ascending order. pairs (key, item) come in ascending item order. */
static bool csr_make(doubt_csr *m, int nkeys, const int *key, const int *item, int npairs)
{
    m->start = calloc((size_t)nkeys + 1, sizeof *m->start);
    m->ix = malloc((size_t)(npairs ? npairs : 1) * sizeof *m->ix);
    if (!m->start || !m->ix) return false;
    for (int p = 0; p < npairs; p++)
        m->start[key[p] + 1]++;
    for (int k = 0; k < nkeys; k++)
        m->start[k + 1] += m->start[k];
    for (int p = 0; p < npairs; p++) /* start[k] moves to the end of key k */
        m->ix[m->start[key[p]]++] = item[p];
    for (int k = nkeys; k > 0; k--)
        m->start[k] = m->start[k - 1];
    m->start[0] = 0;
    return true;
}

/* The pair (row, item), once per item (last[row]: the last item given row). */
static void pair_add(int *key, int *item, int *np, int *last, int row, int i)
{
    if (last[row] == i) return;
    last[row] = i;
    key[*np] = row;
    item[*np] = i;
    (*np)++;
}

/* Pairs (row of table no, comparison): of table no's arithmetic (cross false) or of the
 * links' comparisons reading table no; false when more than cap. */
static bool pairs_of(const search *s, bool cross, int no, int *key, int *item, int *np, int *last,
                     int cap)
{
    int nrows = s->doc->tables[no]->nrows, from = 0, to = s->ix.nx;
    if (!cross) js_arith_plan_range(s->ap, no, &from, &to);
    for (int i = from; i < to; i++) {
        int nr = cross ? js_cross_nread(s->xp, i) : js_arith_nread(s->ap, i);
        for (int k = 0; k < nr; k++) {
            int tno = no, row;
            if (cross)
                js_cross_read_cell(s->xp, i, k, &tno, &row);
            else
                row = js_arith_read_row(s->ap, i, k);
            if (tno != no || row < 0 || row >= nrows) continue;
            if (*np == cap) return false;
            pair_add(key, item, np, last, row, i);
        }
    }
    return true;
}

/* The index of table no's rows (x->arows[no], or x->xrows[no] for the links), made at
 * the first try changing the table; NULL when out of memory. */
static const doubt_csr *rows_index(search *s, bool cross, int no)
{
    doubt_index *x = &s->ix;
    doubt_csr *m = cross ? &x->xrows[no] : &x->arows[no];
    if (m->made) return m->start ? m : NULL;
    m->made = true;
    int nrows = s->doc->tables[no]->nrows, from = 0, to = x->nx;
    if (!cross) js_arith_plan_range(s->ap, no, &from, &to);
    long long cap = 0;
    for (int i = from; i < to; i++)
        cap += cross ? js_cross_nread(s->xp, i) : js_arith_nread(s->ap, i);
    if (cap > 100000000) return NULL;
    int np = 0, *key = malloc((size_t)(cap ? cap : 1) * sizeof *key),
        *item = malloc((size_t)(cap ? cap : 1) * sizeof *item),
        *last = malloc((size_t)(nrows ? nrows : 1) * sizeof *last);
    bool ok = key && item && last;
    if (ok) {
        memset(last, 0xFF, (size_t)nrows * sizeof *last); /* -1: none */
        ok = pairs_of(s, cross, no, key, item, &np, last, (int)cap) &&
             csr_make(m, nrows, key, item, np);
    }
    if (!ok) {
        free(m->start);
        free(m->ix);
        m->start = m->ix = NULL;
    }
    free(key);
    free(item);
    free(last);
    return m->start ? m : NULL;
}

bool doubt_index_make(search *s)
{
    doubt_index *x = &s->ix;
    if (!s->ap || !s->xp) return false;
    s->nlinks = js_cross_plan_links(s->xp, &s->links);
    int from;
    js_arith_plan_range(s->ap, 9, &from, &x->na);
    x->nx = 0;
    if (s->nlinks > 0) js_cross_plan_range(s->xp, s->nlinks - 1, &from, &x->nx);
    int nitems = x->na > x->nx ? x->na : x->nx;
    x->xlink = malloc((size_t)(x->nx ? x->nx : 1) * sizeof *x->xlink);
    x->stamp = calloc((size_t)(x->na ? x->na : 1), sizeof *x->stamp);
    x->xstamp = calloc((size_t)(x->nx ? x->nx : 1), sizeof *x->xstamp);
    x->cand = malloc((size_t)(nitems ? nitems : 1) * sizeof *x->cand);
    x->afail = malloc((size_t)(x->na ? x->na : 1) * sizeof *x->afail);
    x->xfail = x->nx <= 10000000 ? malloc((size_t)(9 * x->nx + 1) * sizeof *x->xfail) : NULL;
    x->ok = x->xlink && x->stamp && x->xstamp && x->cand && x->afail && x->xfail;
    for (int l = 0; l < s->nlinks && x->ok; l++) {
        int to;
        js_cross_plan_range(s->xp, l, &from, &to);
        for (int j = from; j < to; j++)
            x->xlink[j] = l;
    }
    return x->ok;
}

void doubt_index_release(doubt_index *x)
{
    for (int no = 0; no < 10; no++) {
        free(x->arows[no].start);
        free(x->arows[no].ix);
        free(x->xrows[no].start);
        free(x->xrows[no].ix);
    }
    free(x->xlink);
    free(x->stamp);
    free(x->xstamp);
    free(x->cand);
    free(x->afail);
    free(x->xfail);
    memset(x, 0, sizeof *x);
}

void doubt_index_round(search *s)
{
    doubt_index *x = &s->ix;
    int n = 0;
    for (int no = 1; no <= 9; no++) {
        x->afail_from[no] = n;
        int from, to;
        js_arith_plan_range(s->ap, no, &from, &to);
        for (int i = from; i < to; i++)
            if (s->akey[i] >= 0) x->afail[n++] = i;
    }
    x->afail_from[10] = n;
    n = 0;
    for (int no = 1; no <= 9 && s->by_link; no++) {
        x->xfail_from[no] = n;
        for (int l = 0; l < s->nlinks; l++) {
            if (!js_cross_link_reads(&s->links[l], no)) continue;
            int from, to;
            js_cross_plan_range(s->xp, l, &from, &to);
            for (int j = from; j < to; j++)
                if (s->xkey[j] >= 0) x->xfail[n++] = j;
        }
    }
    x->xfail_from[10] = n;
}

/* The comparisons of m (NULL: all of [from, to)) reading a row of table no that ch
 * changes, unique and in ascending order, into x->cand; their stamp set to x->now. */
static int candidates(doubt_index *x, const doubt_csr *m, int from, int to, unsigned *stamp, int no,
                      const change *ch, int nch)
{
    int n = 0;
    if (!m) { /* out of memory making the index: all of them */
        for (int i = from; i < to; i++)
            stamp[i] = x->now, x->cand[n++] = i;
        return n;
    }
    for (int k = 0; k < nch; k++) {
        if (ch[k].table != no) continue;
        for (int e = m->start[ch[k].row]; e < m->start[ch[k].row + 1]; e++) {
            int i = m->ix[e];
            if (stamp[i] >= x->now) continue;
            stamp[i] = x->now;
            int at = n++; /* insertion: the lists are sorted, their union is short */
            while (at > 0 && x->cand[at - 1] > i) {
                x->cand[at] = x->cand[at - 1];
                at--;
            }
            x->cand[at] = i;
        }
    }
    return n;
}

/* Does the change list ch (nch) change a cell that arithmetic comparison i of table no
 * reads? */
static bool arith_reads_change(const search *s, int i, int no, const change *ch, int nch)
{
    for (int k = 0; k < nch; k++)
        if (ch[k].table == no && js_arith_reads(s->ap, i, ch[k].row, ch[k].col)) return true;
    return false;
}

void doubt_index_table_try(search *s, js_checker *ck, int no, const change *ch, int nch,
                           unsigned char *sev)
{
    doubt_index *x = &s->ix;
    x->now += 2; /* now: a candidate; now + 1: run */
    int from, to;
    js_arith_plan_range(s->ap, no, &from, &to);
    int n = candidates(x, rows_index(s, false, no), from, to, x->stamp, no, ch, nch);
    for (int c = 0; c < n; c++) {
        int i = x->cand[c];
        if (!arith_reads_change(s, i, no, ch, nch)) continue;
        js_arith_run(ck, s->ap, i);
        x->stamp[i] = x->now + 1;
    }
    for (int f = x->afail_from[no]; f < x->afail_from[no + 1]; f++) {
        int i = x->afail[f];
        if (x->stamp[i] != x->now + 1 && s->asev[i] > sev[s->akey[i]]) sev[s->akey[i]] = s->asev[i];
    }
}

void doubt_index_links_try(search *s, js_checker *ck, int no, const change *ch, int nch,
                           unsigned char *sev)
{
    doubt_index *x = &s->ix;
    x->now += 2;
    int n = candidates(x, rows_index(s, true, no), 0, x->nx, x->xstamp, no, ch, nch);
    for (int c = 0; c < n; c++) {
        int j = x->cand[c];
        if (!js_cross_link_reads(&s->links[x->xlink[j]], no)) continue;
        bool run = false;
        for (int k = 0; k < nch && !run; k++)
            run = js_cross_reads(s->xp, j, ch[k].table, ch[k].row, ch[k].col);
        if (!run) continue;
        js_cross_run(ck, s->xp, j);
        x->xstamp[j] = x->now + 1;
    }
    for (int f = x->xfail_from[no]; f < x->xfail_from[no + 1]; f++) {
        int j = x->xfail[f];
        if (x->xstamp[j] != x->now + 1 && s->xsev[j] > sev[s->xkey[j]])
            sev[s->xkey[j]] = s->xsev[j];
    }
}
