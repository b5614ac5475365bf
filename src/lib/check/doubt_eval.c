/*
 * doubt_eval.c - the reading doubts' search (doubt.c): the view of a try, the base of a
 * round, and what a try removes. The comparisons of the arithmetic (arith.c) and of the
 * cross-table links (cross.c) are worked out once per search; each round records what
 * each gives on the round's view, and a try runs again only those that read a cell it
 * changes (a try changes figures only, never rows or columns).
 */
#include "doubt.h"

#include <stdlib.h>
#include <string.h>

/* A view of doc with the changes applied: tables and rows copied where changed. */
js_doc *doubt_view(js_arena *a, const js_doc *doc, const change *ch, int nch)
{
    js_doc *v = js_arena_alloc_raw(a, sizeof *v); /* each block below written in full */
    if (!v) return NULL;
    *v = *doc;
    for (int i = 0; i < nch; i++) {
        const change *c = &ch[i];
        js_table *t = v->tables[c->table];
        if (!t || c->row < 0 || c->row >= t->nrows || c->col < 0 || c->col >= t->ncols) return NULL;
        if (t == doc->tables[c->table]) { /* first change in this table: copy it */
            js_table *nt = js_arena_alloc_raw(a, sizeof *nt);
            js_row *rows = js_arena_alloc_raw(a, (size_t)t->nrows * sizeof *rows);
            if (!nt || !rows) return NULL;
            *nt = *t;
            memcpy(rows, t->rows, (size_t)t->nrows * sizeof *rows);
            nt->rows = rows;
            v->tables[c->table] = t = nt;
        }
        js_row *r = &t->rows[c->row];
        if (r->cells == doc->tables[c->table]->rows[c->row].cells) {
            js_cell *cells = js_arena_alloc_raw(a, (size_t)t->ncols * sizeof *cells);
            if (!cells) return NULL;
            memcpy(cells, r->cells, (size_t)t->ncols * sizeof *cells);
            r->cells = cells;
        }
        js_cell *x = &r->cells[c->col];
        x->present = c->present;
        x->value = c->present ? c->value : 0;
        if (c->loc.line || c->loc.page) x->loc = c->loc;
    }
    return v;
}

int doubt_try_limit(const search *s)
{
    return s->doc->ocr_pages ? MAX_OCR_TRIES : MAX_TRIES;
}

/* The comparisons of the arithmetic and the links and their base per round (s->ap,
 * s->akey, s->asev; s->xp, s->xkey, s->xsev); without them (out of memory) each try
 * runs all the arithmetic, all the links. */
void doubt_plan_make(search *s)
{
    js_checker ck = {s->ctx, s->doc, NULL, NULL, NULL, 0};
    s->ap = js_arith_plan_new(&ck);
    int n = 0, from;
    if (s->ap) js_arith_plan_range(s->ap, 9, &from, &n);
    s->akey = malloc((size_t)(n ? n : 1) * sizeof *s->akey);
    s->asev = malloc((size_t)(n ? n : 1) * sizeof *s->asev);
    if (!s->akey || !s->asev) {
        js_arith_plan_free(s->ap);
        s->ap = NULL;
    }
    s->xp = js_cross_plan_new(&ck);
    n = 0;
    int nl = s->xp ? js_cross_plan_links(s->xp, NULL) : 0;
    if (nl > 0) js_cross_plan_range(s->xp, nl - 1, &from, &n);
    s->xkey = malloc((size_t)(n ? n : 1) * sizeof *s->xkey);
    s->xsev = malloc((size_t)(n ? n : 1) * sizeof *s->xsev);
    if (!s->xkey || !s->xsev) {
        js_cross_plan_free(s->xp);
        s->xp = NULL;
    }
    doubt_index_make(s);
}

void doubt_eval_release(search *s)
{
    free(s->slot);
    free(s->memo);
    free(s->lsev);
    free(s->akey);
    free(s->asev);
    free(s->xkey);
    free(s->xsev);
    js_arith_plan_free(s->ap);
    js_cross_plan_free(s->xp);
    doubt_index_release(&s->ix);
    js_arena_free(s->tarena);
}

/* Comparisons [from, to) of the arithmetic (cross false) or of the links (cross) run
 * keys-only on the round's view: each one's base key and severity (key[j], sev[j]; key
 * -1: none that counts) and, per base key, the most severe of them (grp). False when
 * one gives a finding the base does not have (not what the whole gave: a try then runs
 * the comparisons whole) or out of memory. */
static bool round_group(search *s, const js_doc *view, bool cross, int from, int to, short *key,
                        unsigned char *sev, unsigned char *grp)
{
    js_findings f;
    js_findings_init(&f);
    f.keys_only = true;
    js_checker ck = {s->ctx, view, &f, s->ap, s->xp, 0};
    bool ok = true;
    for (int j = from; j < to && ok; j++) {
        int had = f.n;
        if (cross)
            js_cross_run(&ck, s->xp, j);
        else
            js_arith_run(&ck, s->ap, j);
        key[j] = -1;
        for (int k = had; k < f.n && ok; k++) {
            if (!doubt_counted(&f.items[k])) continue;
            int at = doubt_keys_find_of(&s->base, &f.items[k]);
            ok = at >= 0;
            if (!ok) break;
            if (f.items[k].severity > grp[at]) grp[at] = (unsigned char)f.items[k].severity;
            key[j] = (short)at; /* a comparison gives one finding at most */
            sev[j] = (unsigned char)f.items[k].severity;
        }
    }
    ok = ok && !f.failed;
    js_findings_release(&f);
    return ok;
}

/* Severity of base keys per cross-table link on the round's view (s->lsev), and the
 * base key and severity of each of the links' comparisons (s->xkey, s->xsev). */
static void round_links(search *s, const js_doc *view)
{
    s->nlinks = s->xp ? js_cross_plan_links(s->xp, &s->links) : 0;
    s->by_link = s->base.n < MAX_KEYS && s->nlinks > 0;
    free(s->lsev);
    s->lsev = s->by_link ? malloc((size_t)s->nlinks * sizeof *s->lsev) : NULL;
    if (!s->lsev) s->by_link = false;
    for (int i = 0; i < s->nlinks && s->by_link; i++) {
        memset(s->lsev[i], 0, sizeof s->lsev[i]);
        int from, to;
        js_cross_plan_range(s->xp, i, &from, &to);
        s->by_link = round_group(s, view, true, from, to, s->xkey, s->xsev, s->lsev[i]);
    }
}

/* rest[no] for each table (s->rest): the base's findings but those of table no's
 * arithmetic and of the links reading table no. */
static void round_rest(search *s)
{
    for (int no = 1; no <= 9 && s->by_table && s->by_link; no++) {
        unsigned char *r = s->rest[no];
        memset(r, 0, sizeof s->rest[no]);
        for (int t = 1; t <= 9; t++) {
            if (t == no) continue;
            for (int k = 0; k < s->base.n; k++)
                if (s->tsev[t][k] > r[k]) r[k] = s->tsev[t][k];
        }
        for (int i = 0; i < s->nlinks; i++) {
            if (js_cross_link_reads(&s->links[i], no)) continue;
            for (int k = 0; k < s->base.n; k++)
                if (s->lsev[i][k] > r[k]) r[k] = s->lsev[i][k];
        }
    }
}

/* The base of a round (view, its keys in s->base): which base keys each table's own
 * arithmetic gives (a table's arithmetic reads only that table), and no candidate
 * tried yet. */
void doubt_round_prepare(search *s, const js_doc *view)
{
    memset(s->tsev, 0, sizeof s->tsev);
    s->by_table = s->base.n < MAX_KEYS && s->ap && s->ix.ok;
    for (int no = 1; no <= 9 && s->by_table; no++) {
        int from, to;
        js_arith_plan_range(s->ap, no, &from, &to);
        s->by_table = round_group(s, view, false, from, to, s->akey, s->asev, s->tsev[no]);
    }
    round_links(s, view);
    round_rest(s);
    if (s->by_table) doubt_index_round(s);
    if (!s->slot) {
        s->nslot = 2 * (size_t)doubt_try_limit(s);
        s->slot = malloc(s->nslot * sizeof *s->slot);
        s->memo = malloc((size_t)doubt_try_limit(s) * sizeof *s->memo);
        if (!s->slot || !s->memo) {
            free(s->slot);
            free(s->memo);
            s->slot = NULL;
            s->memo = NULL;
        }
    }
    if (s->slot) memset(s->slot, 0, s->nslot * sizeof *s->slot);
    s->nmemo = 0;
}

static bool same_changes(const change *a, const change *b, int n)
{
    for (int i = 0; i < n; i++)
        if (a[i].table != b[i].table || a[i].row != b[i].row || a[i].col != b[i].col ||
            a[i].present != b[i].present || a[i].value != b[i].value ||
            a[i].loc.line != b[i].loc.line || a[i].loc.page != b[i].loc.page ||
            a[i].loc.x0 != b[i].loc.x0 || a[i].loc.y0 != b[i].loc.y0 ||
            a[i].loc.x1 != b[i].loc.x1 || a[i].loc.y1 != b[i].loc.y1)
            return false;
    return true;
}

/* The slot of the changes ch: the one holding them, or the empty one they go in. */
static int *memo_slot(search *s, const change *ch, int nch)
{
    uint64_t h = JS_CK_HASH0;
    for (int i = 0; i < nch; i++) {
        h = js_ck_mix(js_ck_mix(h, (uint64_t)ch[i].table), (uint64_t)ch[i].row);
        h = js_ck_mix(js_ck_mix(h, (uint64_t)ch[i].col), (uint64_t)ch[i].value);
    }
    for (size_t i = (size_t)(h % s->nslot);; i = (i + 1) % s->nslot) {
        int *sl = &s->slot[i];
        if (!*sl || (s->memo[*sl - 1].nch == nch && same_changes(s->memo[*sl - 1].ch, ch, nch)))
            return sl;
    }
}

/* The comparisons of link i for a try changing more than one table: those that read a
 * cell it changes run on its view (into ck), the others' findings are the base's (into
 * sev). A try changing one table finds them by the rows it changes (doubt_index.c). */
static void link_try(search *s, js_checker *ck, int i, const change *ch, int nch,
                     unsigned char *sev)
{
    int from, to;
    js_cross_plan_range(s->xp, i, &from, &to);
    for (int j = from; j < to; j++) {
        bool run = false;
        for (int k = 0; k < nch && !run; k++)
            run = js_cross_reads(s->xp, j, ch[k].table, ch[k].row, ch[k].col);
        if (run)
            js_cross_run(ck, s->xp, j);
        else if (s->xkey[j] >= 0 && s->xsev[j] > sev[s->xkey[j]])
            sev[s->xkey[j]] = s->xsev[j];
    }
}

/* The findings of a try changing the tables changed[] (ch, nch) on its view: into ck
 * those run again, into sev the base's of the others. */
static void try_findings(search *s, js_checker *ck, const change *ch, int nch, const bool *changed,
                         unsigned char *sev)
{
    int one = 0, nchanged = 0;
    for (int no = 1; no <= 9; no++)
        if (changed[no]) one = no, nchanged++;
    if (s->by_table && s->by_link && nchanged == 1) { /* the usual try: one table */
        memcpy(sev, s->rest[one], (size_t)s->base.n);
        doubt_index_table_try(s, ck, one, ch, nch, sev);
        doubt_index_links_try(s, ck, one, ch, nch, sev);
        return;
    }
    for (int no = 1; no <= 9 && s->by_table; no++) {
        if (changed[no]) {
            doubt_index_table_try(s, ck, no, ch, nch, sev);
            continue;
        }
        for (int k = 0; k < s->base.n; k++)
            if (s->tsev[no][k] > sev[k]) sev[k] = s->tsev[no][k];
    }
    if (!s->by_table) js_check_arithmetic(ck);
    if (!s->by_link) js_check_cross(ck);
    for (int i = 0; i < s->nlinks && s->by_link; i++) {
        bool reads = false;
        for (int no = 1; no <= 9 && !reads; no++)
            reads = changed[no] && js_cross_link_reads(&s->links[i], no);
        if (reads) {
            link_try(s, ck, i, ch, nch, sev);
            continue;
        }
        for (int k = 0; k < s->base.n; k++) /* the base's findings of the link */
            if (s->lsev[i][k] > sev[k]) sev[k] = s->lsev[i][k];
    }
}

/* How many of base the view v removes (or eases: an error left a warning of a genuine
 * rounding), -1 when it adds a finding or makes one more severe. ch (nch): the changes
 * the try makes; with by_table and by_link only the comparisons that read one of them
 * are run again, the others' findings are the base's. */
static int evaluate(search *s, const js_doc *v, const change *ch, int nch, const bool *changed)
{
    unsigned char sev[MAX_KEYS] = {0};
    js_findings f;
    js_findings_init(&f);
    f.keys_only = true;
    f.arena = s->tarena; /* the try's (doubt_try releases it after): no arena of their own */
    js_checker ck = {s->ctx, v, &f, s->ap, s->xp, 0};
    try_findings(s, &ck, ch, nch, changed, sev);
    int fixed = f.failed ? -1 : 0, distinct = 0;
    for (int i = 0; i < f.n && fixed == 0; i++) {
        if (!doubt_counted(&f.items[i])) continue;
        /* more findings than MAX_KEYS (only possible on the whole run): not tried */
        if (distinct == MAX_KEYS) {
            fixed = -1;
            break;
        }
        int at = doubt_keys_find_of(&s->base, &f.items[i]);
        if (at < 0) { /* a finding the base does not have */
            fixed = -1;
            break;
        }
        distinct += sev[at] == 0;
        if (f.items[i].severity > sev[at]) sev[at] = (unsigned char)f.items[i].severity;
    }
    if (f.arena != s->tarena) js_findings_release(&f);
    /* none added (nor made more severe); each finding removed, or made less
     * severe, counts */
    for (int k = 0; k < s->base.n && fixed >= 0; k++) {
        if (sev[k] > s->base.sev[k])
            fixed = -1;
        else
            fixed += sev[k] < s->base.sev[k];
    }
    return fixed;
}

/* Try the changes ch (on top of those applied): how many of base they remove, or -1
 * when they add a finding (or cannot be tried). A candidate tried before in this
 * round (the same cells are reached from every finding naming their row or column)
 * counts as a try but is not run again. */
int doubt_try(search *s, const change *ch, int nch, int need)
{
    if (s->tries >= doubt_try_limit(s)) return -1;
    s->tries++;
    int *sl = s->slot ? memo_slot(s, ch, nch) : NULL;
    if (sl && *sl) {
        int fixed = s->memo[*sl - 1].fixed;
        return fixed >= need ? fixed : -1;
    }
    change all[MAX_OCR_DOUBTS * MAX_CH + MAX_CH];
    memcpy(all, s->applied, (size_t)s->napplied * sizeof *all);
    memcpy(all + s->napplied, ch, (size_t)nch * sizeof *all);
    if (!s->tarena && (s->tarena = js_arena_new()) != NULL) {
        /* its first chunk made before the mark: each release keeps it for the next try */
        (void)js_arena_alloc_raw(s->tarena, 1);
        s->tmark = js_arena_mark(s->tarena);
    }
    js_arena *a = s->tarena;
    if (!a) return -1;
    const js_doc *v = doubt_view(a, s->doc, all, s->napplied + nch);
    bool changed[10] = {false};
    for (int i = 0; i < nch; i++)
        if (ch[i].table >= 1 && ch[i].table <= 9) changed[ch[i].table] = true;
    int fixed = v ? evaluate(s, v, ch, nch, changed) : -1;
    js_arena_release(a, s->tmark);
    if (sl) { /* tries <= try_limit in a round: there is room */
        tried *m = &s->memo[s->nmemo];
        memcpy(m->ch, ch, (size_t)nch * sizeof *ch);
        m->nch = nch;
        m->fixed = fixed;
        *sl = ++s->nmemo;
    }
    return fixed >= need ? fixed : -1;
}
