/*
 * doubt.c - reading doubts (rules R-*): a misread is never an error.
 *
 * The nine tables repeat each figure several times (01 and the 类 rows of
 * 02/03, 04 and 05/08/09, 05 and 06, every total and its parts). Before the
 * rules run, js_doubts_find looks for a reading of the tables that the
 * identities prefer to the one the reader made:
 *
 *   - a figure in a cell up to three columns or rows away, one row and one
 *     column away, further along its row over blank cells, or in a row printed
 *     on the line next to it (where that cell is blank or zero): the value was
 *     put in the wrong place by the reader;
 *   - two figures of a row exchanged; a row's figures shifted by one column,
 *     one of them perhaps taken out to a neighbouring row (a figure that landed
 *     among a row's own figures in layout text);
 *   - a figure that looks like a classification code (2080505.00 in an
 *     amount column): its value is the one the identities pin, if any;
 *   - a blank cell the identities pin (a figure the reader dropped), when
 *     filling it removes at least two errors, or one when that figure is
 *     printed among the table's lines and no cell holds it.
 *
 * Each candidate is tried on a view of the document (tables copied, cells
 * changed; the document itself is never written) by running the arithmetic
 * and cross-table rules on it. A candidate is taken when it removes at least
 * two of their errors and warnings (one for a code-like value) and adds none
 * (a finding made less severe counts as removed);
 * up to three are taken, best first. The rules then run on the view, so the
 * errors that followed only from the misread are not raised, and
 * js_check_read reports each doubt as an R-DOUBT notice naming the page (or
 * line) and cell, the value printed and the value used. A genuine defect (a
 * figure that is wrong, not misplaced) breaks the identities in a way no move
 * repairs, and stays an error.
 *
 * On a scanned page (OCR) a cell may also be one digit off what the identities
 * pin it to (326.72 read as 320.72): that value is taken, for the cell and for
 * the cells of its row read as the same figure, and reported as R-OCR.
 *
 * js_check_read also reports the reader's own notes about reading (codes
 * "R-…", e.g. R-ENCODING for bytes that could not be decoded).
 */
#include "doubt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the view ------------------------------------------------------------ */

/* A view of doc with the changes applied: tables and rows copied where changed. */
static js_doc *make_view(js_arena *a, const js_doc *doc, const change *ch, int nch)
{
    js_doc *v = js_arena_alloc(a, sizeof *v);
    if (!v) return NULL;
    *v = *doc;
    for (int i = 0; i < nch; i++) {
        const change *c = &ch[i];
        js_table *t = v->tables[c->table];
        if (!t || c->row < 0 || c->row >= t->nrows || c->col < 0 || c->col >= t->ncols) return NULL;
        if (t == doc->tables[c->table]) { /* first change in this table: copy it */
            js_table *nt = js_arena_alloc(a, sizeof *nt);
            js_row *rows = js_arena_alloc(a, (size_t)t->nrows * sizeof *rows);
            if (!nt || !rows) return NULL;
            *nt = *t;
            memcpy(rows, t->rows, (size_t)t->nrows * sizeof *rows);
            nt->rows = rows;
            v->tables[c->table] = t = nt;
        }
        js_row *r = &t->rows[c->row];
        if (r->cells == doc->tables[c->table]->rows[c->row].cells) {
            js_cell *cells = js_arena_alloc(a, (size_t)t->ncols * sizeof *cells);
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

/* ---- candidates ---------------------------------------------------------- */

/* Does the printed text look like a classification code rather than an amount:
 * 3, 5 or 7 digits starting with 2 or 3, no separators, no decimals other than
 * zeros ("2080505", "2080505.00", "30101.00")? */
static bool code_like(const js_cell *c)
{
    if (!c->present || !c->text) return false;
    const char *s = c->text;
    size_t d = 0;
    while (s[d] >= '0' && s[d] <= '9')
        d++;
    if (d != 3 && d != 5 && d != 7) return false;
    if (s[0] != '2' && s[0] != '3') return false;
    const char *p = s + d;
    if (*p == '.') {
        p++;
        while (*p == '0')
            p++;
    }
    return *p == '\0';
}

/* Row and column of the finding's cell in doc (-1 when not a cell). */
static void finding_cell(const js_doc *doc, const js_finding *x, int *tno, int *row, int *col)
{
    *tno = *row = *col = -1;
    if (!x->table) return;
    int no = (int)strtol(x->table, NULL, 10);
    if (no < 1 || no > 9 || !doc->tables[no]) return;
    const js_table *t = doc->tables[no];
    *tno = no;
    if (x->row) {
        const js_row *r = js_table_row(t, x->row);
        if (r) *row = (int)(r - t->rows);
    }
    if (x->column) *col = js_col(t, x->column);
}

typedef struct search {
    const js_ctx *ctx;
    const js_doc *doc;
    js_arena *arena; /* the doubts and the final view */
    change applied[MAX_OCR_DOUBTS * MAX_CH];
    int napplied;
    keyset base;
    int tries;
    /* best candidate so far */
    struct js_doubt best;
    int best_fixed;
    /* the (what, table, row, column) tried in this round, open addressing, key + 1 */
    unsigned seen[SEEN_CAP];
    /* the round's base, worked out once: tsev[no][k] the severity table no's own
     * arithmetic gives base key k (0 none); by_table when that is complete, so that a
     * try re-runs only the arithmetic of the tables it changes */
    unsigned char tsev[10][MAX_KEYS];
    bool by_table;
    /* the arithmetic's comparisons (arith.c), worked out once per search; per
     * comparison, the base key it gives (-1 none) and its severity: a try runs only
     * those reading a cell it changes */
    js_arith_plan *ap;
    short *akey;
    unsigned char *asev;
    /* the same for the cross-table links (cross.c): lsev[i][k] the severity link i gives
     * base key k; by_link when complete, so that a try re-runs only the links that read
     * a table it changes */
    const struct js_tpl_link *links;
    int nlinks;
    unsigned char (*lsev)[MAX_KEYS];
    bool by_link;
    /* the candidates tried in this round and what they gave: slot (open addressing)
     * holds 1 + an index into memo */
    int *slot;
    size_t nslot;
    struct tried *memo;
    int nmemo;
    /* the round's base findings that count (errors, warnings not 尾数), in order,
     * with their cells and figures worked out once (pinfo) */
    struct pinfo *pf;
    int npf, cappf;
    /* per table, the amounts printed on its lines and held by its cells, sorted
     * (unplaced_figure); made at the first question about the table */
    struct doubt_figs figs[10];
} search;

/* A base finding that counts: its cell (tno < 1 when none) and figures in the unit
 * of its table (st_ok / ex_ok: stated / expected given and read). */
typedef struct pinfo {
    int tno, row, col;
    bool has_stated, st_ok, ex_ok;
    js_amount st, ex;
} pinfo;

typedef struct tried {
    change ch[MAX_CH];
    int nch;
    int fixed;
} tried;

/* Was (what, tno, r, c) tried already in this round? Marks it. */
static bool seen(search *s, int what, int tno, int r, int c)
{
    unsigned key =
        ((((unsigned)what * 16u + (unsigned)tno) * 4096u + (unsigned)r) * 64u + (unsigned)c) + 1u;
    unsigned h = (key * 2654435761u) % SEEN_CAP;
    for (int i = 0; i < SEEN_CAP; i++, h = (h + 1) % SEEN_CAP) {
        if (s->seen[h] == key) return true;
        if (s->seen[h] == 0) {
            s->seen[h] = key;
            return false;
        }
    }
    return false;
}

/* A printed figure of a finding in the unit of table t, in fen. */
static bool fig_of(const char *text, const js_table *t, js_amount *out)
{
    js_num v;
    return text && js_num_parse(text, strlen(text), &v) == JS_NUM_VALUE &&
           js_num_to_amount(v, t->unit, out);
}

/* s->pf: the counted findings of base with their cells and figures; false when out
 * of memory. */
static bool pinfo_make(search *s, const js_findings *base)
{
    s->npf = 0;
    if (base->n > s->cappf) {
        pinfo *pf = realloc(s->pf, (size_t)base->n * sizeof *pf);
        if (!pf) return false;
        s->pf = pf;
        s->cappf = base->n;
    }
    for (int i = 0; i < base->n; i++) {
        const js_finding *f = &base->items[i];
        if (!doubt_counted(f)) continue;
        pinfo *x = &s->pf[s->npf++];
        memset(x, 0, sizeof *x);
        finding_cell(s->doc, f, &x->tno, &x->row, &x->col);
        if (x->tno < 1) continue;
        const js_table *t = s->doc->tables[x->tno];
        x->has_stated = f->stated != NULL;
        x->st_ok = fig_of(f->stated, t, &x->st);
        x->ex_ok = fig_of(f->expected, t, &x->ex);
    }
    return true;
}

/* The two values the finding x about cell (r, c)'s row or column pins the cell
 * holding v to: its expected figure when it names the cell, else v moved by the
 * finding's difference either way. */
static void pinned_pair(const pinfo *x, int r, int c, js_amount v, js_amount cand[2])
{
    cand[0] = x->row == r && x->col == c ? x->ex : v + (x->st - x->ex);
    cand[1] = v - (x->st - x->ex);
}

static int try_limit(const search *s)
{
    return s->doc->ocr_pages ? MAX_OCR_TRIES : MAX_TRIES;
}

/* Severity of base keys per cross-table link on the round's view (s->lsev). */
static void round_links(search *s, const js_doc *view)
{
    js_checker lk = {s->ctx, view, NULL};
    s->links = js_cross_links(&lk, &s->nlinks);
    s->by_link = s->base.n < MAX_KEYS && s->nlinks > 0;
    free(s->lsev);
    s->lsev = s->by_link ? malloc((size_t)s->nlinks * sizeof *s->lsev) : NULL;
    if (!s->lsev) s->by_link = false;
    for (int i = 0; i < s->nlinks && s->by_link; i++) {
        memset(s->lsev[i], 0, sizeof s->lsev[i]);
        js_findings f;
        js_findings_init(&f);
        f.keys_only = true;
        js_checker ck = {s->ctx, view, &f};
        js_check_cross_link(&ck, &s->links[i]);
        for (int k = 0; k < f.n && s->by_link; k++) {
            if (!doubt_counted(&f.items[k])) continue;
            int at = doubt_keys_find_of(&s->base, &f.items[k]);
            s->by_link = at >= 0; /* else: not what the whole gave, run all links */
            if (at >= 0 && f.items[k].severity > s->lsev[i][at])
                s->lsev[i][at] = (unsigned char)f.items[k].severity;
        }
        if (f.failed) s->by_link = false;
        js_findings_release(&f);
    }
}

/* The base of a round (view, its keys in s->base): which base keys each table's own
 * arithmetic gives (a table's arithmetic reads only that table), and no candidate
 * tried yet. */
static void round_prepare(search *s, const js_doc *view)
{
    memset(s->tsev, 0, sizeof s->tsev);
    s->by_table = s->base.n < MAX_KEYS && s->ap;
    for (int no = 1; no <= 9 && s->by_table; no++) {
        int from, to;
        js_arith_plan_range(s->ap, no, &from, &to);
        js_findings f;
        js_findings_init(&f);
        f.keys_only = true;
        js_checker ck = {s->ctx, view, &f};
        for (int i = from; i < to && s->by_table; i++) {
            int had = f.n;
            js_arith_run(&ck, s->ap, i);
            s->akey[i] = -1;
            if (f.n == had || !doubt_counted(&f.items[had])) continue;
            int at = doubt_keys_find_of(&s->base, &f.items[had]);
            if (at < 0) {
                s->by_table = false; /* not what the whole gave: try everything whole */
                break;
            }
            s->akey[i] = (short)at;
            s->asev[i] = (unsigned char)f.items[had].severity;
            if (s->asev[i] > s->tsev[no][at]) s->tsev[no][at] = s->asev[i];
        }
        if (f.failed) s->by_table = false;
        js_findings_release(&f);
    }
    round_links(s, view);
    if (!s->slot) {
        s->nslot = 2 * (size_t)try_limit(s);
        s->slot = malloc(s->nslot * sizeof *s->slot);
        s->memo = malloc((size_t)try_limit(s) * sizeof *s->memo);
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
    uint64_t h = 1469598103934665603u;
    for (int i = 0; i < nch; i++) {
        uint64_t v[4] = {(uint64_t)ch[i].table, (uint64_t)ch[i].row, (uint64_t)ch[i].col,
                         (uint64_t)ch[i].value};
        for (int k = 0; k < 4; k++)
            h = (h ^ v[k]) * 1099511628211u;
    }
    for (size_t i = (size_t)(h % s->nslot);; i = (i + 1) % s->nslot) {
        int *sl = &s->slot[i];
        if (!*sl || (s->memo[*sl - 1].nch == nch && same_changes(s->memo[*sl - 1].ch, ch, nch)))
            return sl;
    }
}

/* Does the change list ch (nch) change a cell that arithmetic comparison i of table no
 * reads? */
static bool reads_change(const search *s, int i, int no, const change *ch, int nch)
{
    for (int k = 0; k < nch; k++)
        if (ch[k].table == no && js_arith_reads(s->ap, i, ch[k].row, ch[k].col)) return true;
    return false;
}

/* How many of base the view v removes (or eases: an error left a warning of a genuine
 * rounding), -1 when it adds a finding or makes one more severe. ch (nch): the changes
 * the try makes; with by_table only the arithmetic comparisons that read one of them are
 * run again, the others' findings are the base's. */
static int evaluate(search *s, const js_doc *v, const change *ch, int nch, const bool *changed)
{
    unsigned char sev[MAX_KEYS] = {0};
    js_findings f;
    js_findings_init(&f);
    f.keys_only = true;
    js_checker ck = {s->ctx, v, &f};
    for (int no = 1; no <= 9 && s->by_table; no++) {
        if (!changed[no]) {
            for (int k = 0; k < s->base.n; k++)
                if (s->tsev[no][k] > sev[k]) sev[k] = s->tsev[no][k];
            continue;
        }
        int from, to;
        js_arith_plan_range(s->ap, no, &from, &to);
        for (int i = from; i < to; i++)
            if (reads_change(s, i, no, ch, nch))
                js_arith_run(&ck, s->ap, i);
            else if (s->akey[i] >= 0 && s->asev[i] > sev[s->akey[i]])
                sev[s->akey[i]] = s->asev[i];
    }
    if (!s->by_table) js_check_arithmetic(&ck);
    if (!s->by_link) js_check_cross(&ck);
    for (int i = 0; i < s->nlinks && s->by_link; i++) {
        bool reads = false;
        for (int no = 1; no <= 9 && !reads; no++)
            reads = changed[no] && js_cross_link_reads(&s->links[i], no);
        if (reads) {
            js_check_cross_link(&ck, &s->links[i]);
            continue;
        }
        for (int k = 0; k < s->base.n; k++) /* the base's findings of the link */
            if (s->lsev[i][k] > sev[k]) sev[k] = s->lsev[i][k];
    }
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
    js_findings_release(&f);
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
static int try_changes(search *s, const change *ch, int nch, int need)
{
    if (s->tries >= try_limit(s)) return -1;
    s->tries++;
    int *sl = s->slot ? memo_slot(s, ch, nch) : NULL;
    if (sl && *sl) {
        int fixed = s->memo[*sl - 1].fixed;
        return fixed >= need ? fixed : -1;
    }
    change all[MAX_OCR_DOUBTS * MAX_CH + MAX_CH];
    memcpy(all, s->applied, (size_t)s->napplied * sizeof *all);
    memcpy(all + s->napplied, ch, (size_t)nch * sizeof *all);
    js_arena *a = js_arena_new();
    if (!a) return -1;
    const js_doc *v = make_view(a, s->doc, all, s->napplied + nch);
    bool changed[10] = {false};
    for (int i = 0; i < nch; i++)
        if (ch[i].table >= 1 && ch[i].table <= 9) changed[ch[i].table] = true;
    int fixed = v ? evaluate(s, v, ch, nch, changed) : -1;
    js_arena_free(a);
    if (sl) { /* tries <= try_limit in a round: there is room */
        tried *m = &s->memo[s->nmemo];
        memcpy(m->ch, ch, (size_t)nch * sizeof *ch);
        m->nch = nch;
        m->fixed = fixed;
        *sl = ++s->nmemo;
    }
    return fixed >= need ? fixed : -1;
}

static void consider(search *s, const struct js_doubt *d, int need)
{
    int fixed = try_changes(s, d->ch, d->nch, need);
    if (fixed > s->best_fixed) {
        s->best_fixed = fixed;
        s->best = *d;
    }
}

/* Was this cell changed already? */
static bool touched(const search *s, int tno, int row, int col)
{
    for (int i = 0; i < s->napplied; i++)
        if (s->applied[i].table == tno && s->applied[i].row == row && s->applied[i].col == col)
            return true;
    return false;
}

/* ---- digits misread by OCR ------------------------------------------------ */

bool js_ocr_at(const js_doc *doc, js_loc loc)
{
    return doc && doc->ocr_pages && loc.page > 0 && loc.page <= doc->npages &&
           doc->ocr_pages[loc.page];
}

/* Was the cell read by OCR (on a scanned page)? */
static bool ocr_cell(const js_doc *doc, const js_cell *x)
{
    return x->present && js_ocr_at(doc, x->loc);
}

/* Do a and b differ in one digit only (as OCR confuses 6 and 0, 3 and 8)? */
static bool one_digit_apart(js_amount a, js_amount b)
{
    if (a < 0 || b < 0 || a == b) return false;
    char x[32], y[32];
    int n = snprintf(x, sizeof x, "%lld", (long long)a),
        m = snprintf(y, sizeof y, "%lld", (long long)b);
    if (n != m) return false;
    int diff = 0;
    for (int i = 0; i < n; i++)
        diff += x[i] != y[i];
    return diff == 1;
}

/* The value an arithmetic or cross-table finding about the cell's row or column
 * pins the OCR'd cell (tno, r, c) to, when it is one digit away from what was
 * read: the cell, and the cells of its row read as the same figure on a scanned
 * page (a row's total equal to its one part is misread the same way twice),
 * take that value. */
static void digit_candidates(search *s, int tno, int r, int c)
{
    const js_table *t = s->doc->tables[tno];
    const js_cell *x = &t->rows[r].cells[c];
    for (int i = 0; i < s->npf; i++) {
        const pinfo *f = &s->pf[i];
        if (f->tno != tno || (f->row != r && f->col != c) || !f->st_ok || !f->ex_ok) continue;
        js_amount cand[2];
        pinned_pair(f, r, c, x->value, cand);
        for (int k = 0; k < 2; k++) {
            if (!one_digit_apart(x->value, cand[k])) continue;
            struct js_doubt d = {.kind = D_DIGIT,
                                 .table = tno,
                                 .row = r,
                                 .col = c,
                                 .to_row = r,
                                 .to_col = c,
                                 .pinned = true,
                                 .used = cand[k]};
            d.ch[d.nch++] = (change){tno, r, c, true, cand[k], {0}};
            for (int c2 = 0; c2 < t->ncols && d.nch < MAX_CH; c2++) {
                const js_cell *y = &t->rows[r].cells[c2];
                if (c2 != c && y->value == x->value && ocr_cell(s->doc, y) &&
                    !touched(s, tno, r, c2))
                    d.ch[d.nch++] = (change){tno, r, c2, true, cand[k], {0}};
            }
            consider(s, &d, 2);
        }
    }
}

static bool blank_cell(const js_cell *x)
{
    return !x->present || x->value == 0;
}

/* A pinned candidate of two changes: (tno, r, c)'s figure `used` going to (r2, c2)
 * (D_SWAP, D_MOVE); the caller fills the changes. */
static struct js_doubt pair_doubt(int kind, int tno, int r, int c, int r2, int c2, js_amount used)
{
    return (struct js_doubt){.kind = kind,
                             .table = tno,
                             .row = r,
                             .col = c,
                             .to_row = r2,
                             .to_col = c2,
                             .pinned = true,
                             .used = used,
                             .nch = 2};
}

/* The cells x at (tno, r, c) and y at (r2, c2) exchanged (D_SWAP), or x's figure
 * moved to the blank y (D_MOVE: a zero printed there comes here). */
static void pair_candidate(search *s, int kind, int tno, int r, int c, int r2, int c2)
{
    const js_table *t = s->doc->tables[tno];
    const js_cell *x = &t->rows[r].cells[c], *y = &t->rows[r2].cells[c2];
    struct js_doubt d = pair_doubt(kind, tno, r, c, r2, c2, x->value);
    d.ch[0] = kind == D_SWAP ? (change){tno, r, c, true, y->value, y->loc}
                             : (change){tno, r, c, y->present, 0, {0}};
    d.ch[1] = (change){tno, r2, c2, true, x->value, x->loc};
    consider(s, &d, 2);
}

static bool unplaced_figure(search *s, int tno, js_amount v, js_amount *got);

/* Two misreads at once: the figure of (tno, r, c) belongs to the blank (r2, c2), and
 * the reader put it in place of (r, c)'s own figure, which it then dropped (06's
 * groups side by side: 30202's 7.61 read as 30102's, 30102's 1,238.58 lost). Each
 * repair alone leaves one of the two identities broken, so neither is taken; together
 * they are, when the figure an identity of (r, c)'s column pins it to is printed in the
 * table and no cell holds it. */
static void move_refill_candidates(search *s, int tno, int r, int c, int r2, int c2)
{
    const js_table *t = s->doc->tables[tno];
    const js_cell *x = &t->rows[r].cells[c];
    for (int i = 0; i < s->npf; i++) {
        const pinfo *f = &s->pf[i];
        if (f->tno != tno || f->col != c || f->row == r || !f->has_stated || !f->st_ok || !f->ex_ok)
            continue;
        js_amount w = x->value + (f->st - f->ex), got;
        if (w <= 0 || w == x->value || !unplaced_figure(s, tno, w, &got)) continue;
        struct js_doubt d = pair_doubt(D_MOVE, tno, r, c, r2, c2, x->value);
        d.refilled = true;
        d.refill = got;
        d.ch[0] = (change){tno, r, c, true, got, {0}};
        d.ch[1] = (change){tno, r2, c2, true, x->value, x->loc};
        consider(s, &d, 2);
    }
}

/* The figure of (tno, r, c) moved to the blank cell (r2, c2), its own place left blank
 * or given back the figure it hid. */
static void move_candidate(search *s, int tno, int r, int c, int r2, int c2)
{
    const js_table *t = s->doc->tables[tno];
    if (r2 < 0 || r2 >= t->nrows || c2 < 0 || c2 >= t->ncols) return;
    if (!blank_cell(&t->rows[r2].cells[c2]) || touched(s, tno, r2, c2)) return;
    pair_candidate(s, D_MOVE, tno, r, c, r2, c2);
    move_refill_candidates(s, tno, r, c, r2, c2);
}

/* A row's figures shifted by one column, as layout text does when a figure of a
 * neighbouring row (or column) lands among them:
 *   - the figure at c taken out and put in a blank cell of the row above or below
 *     (column c-1, c or c+1), the run of figures c+1..e moved one column left;
 *   - a run c..e moved one column left or right onto a blank cell. */
static void shift_candidates(search *s, int tno, int r)
{
    const js_table *t = s->doc->tables[tno];
    const js_row *row = &t->rows[r];
    int n = t->ncols;
    if (n > MAX_CH - 1) return;
    for (int c = 0; c < n; c++) {
        if (blank_cell(&row->cells[c]) || touched(s, tno, r, c)) continue;
        for (int e = c + 1; e < n && !blank_cell(&row->cells[e]) && !touched(s, tno, r, e); e++) {
            struct js_doubt d = {.kind = D_SHIFT,
                                 .table = tno,
                                 .row = r,
                                 .col = c + 1,
                                 .end = e,
                                 .dir = -1,
                                 .out_col = c,
                                 .pinned = true,
                                 .used = row->cells[c].value};
            for (int k = c; k < e; k++) {
                const js_cell *y = &row->cells[k + 1];
                d.ch[d.nch++] = (change){tno, r, k, true, y->value, y->loc};
            }
            d.ch[d.nch++] = (change){tno, r, e, false, 0, {0}};
            /* the row above or below, or a row printed on the line above or below */
            for (int r2 = 0; r2 < t->nrows; r2++) {
                int l2 = t->rows[r2].loc.line, line = row->loc.line;
                if (r2 == r ||
                    ((r2 < r - 1 || r2 > r + 1) && (line <= 0 || l2 < line - 1 || l2 > line + 1)))
                    continue;
                for (int dc = -1; dc <= 1; dc++) {
                    int c2 = c + dc;
                    if (c2 < 0 || c2 >= n) continue;
                    if (!blank_cell(&t->rows[r2].cells[c2]) || touched(s, tno, r2, c2)) continue;
                    struct js_doubt f = d;
                    f.to_row = r2;
                    f.to_col = c2;
                    f.ch[f.nch++] =
                        (change){tno, r2, c2, true, row->cells[c].value, row->cells[c].loc};
                    consider(s, &f, 2);
                }
            }
        }
        if (c > 0 && !blank_cell(&row->cells[c - 1])) continue; /* runs from their start */
        int e = c;
        while (e + 1 < n && !blank_cell(&row->cells[e + 1]) && !touched(s, tno, r, e + 1))
            e++;
        for (int dir = -1; dir <= 1; dir += 2) {
            int to = dir < 0 ? c - 1 : e + 1;
            if (e == c || to < 0 || to >= n || touched(s, tno, r, to)) continue;
            struct js_doubt d = {.kind = D_SHIFT,
                                 .table = tno,
                                 .row = r,
                                 .col = c,
                                 .end = e,
                                 .dir = dir,
                                 .out_col = -1,
                                 .to_row = r,
                                 .to_col = c + dir,
                                 .pinned = true,
                                 .used = row->cells[c].value};
            for (int k = c; k <= e; k++)
                d.ch[d.nch++] =
                    (change){tno, r, k + dir, true, row->cells[k].value, row->cells[k].loc};
            d.ch[d.nch++] = (change){tno, r, dir < 0 ? e : c, false, 0, {0}};
            consider(s, &d, 2);
        }
    }
}

/* Does a finding about cell (r, c)'s row or column pin the code-like v to a value
 * one digit away from it (311.00 where the parts give 310.00)? Then v is a typing
 * error in an amount, not a code read in its place. */
static bool typo_pinned(const search *s, int tno, int r, int c, js_amount v)
{
    for (int i = 0; i < s->npf; i++) {
        const pinfo *f = &s->pf[i];
        if (f->tno != tno || (f->row != r && f->col != c) || !f->st_ok || !f->ex_ok) continue;
        js_amount cand[2];
        pinned_pair(f, r, c, v, cand);
        if (one_digit_apart(v, cand[0]) || one_digit_apart(v, cand[1])) return true;
    }
    return false;
}

/* Candidates for the present cell (tno, r, c): its value moved to a blank
 * neighbour or exchanged with another figure of its row; a code-like value
 * replaced by what the findings say. */
static void candidates_of(search *s, int tno, int r, int c)
{
    const js_table *t = s->doc->tables[tno];
    const js_cell *x = &t->rows[r].cells[c];
    if (!x->present || touched(s, tno, r, c) || seen(s, D_MOVE, tno, r, c)) return;
    if (x->value != 0) {
        /* the nearest places first: one column or row away, one of each, then two,
         * then three rows away */
        static const int DR[14] = {0, 0, -1, 1, -1, -1, 1, 1, 0, 0, -2, 2, -3, 3};
        static const int DC[14] = {-1, 1, 0, 0, -1, 1, -1, 1, -2, 2, 0, 0, 0, 0};
        for (int k = 0; k < 14; k++)
            move_candidate(s, tno, r, c, r + DR[k], c + DC[k]);
        /* rows printed on the line of the figure or next to it that are not its
         * neighbours in the table (the two sides of 01/04, the groups of 06) */
        int line = x->loc.line ? x->loc.line : t->rows[r].loc.line;
        for (int r2 = 0; line > 0 && r2 < t->nrows; r2++) {
            int l2 = t->rows[r2].loc.line;
            if (r2 == r) continue;
            if (l2 < line - 1 || l2 > line + 1) continue;
            for (int c2 = 0; c2 < t->ncols; c2++)
                move_candidate(s, tno, r, c, r2, c2);
        }
        /* further along the row, over blank cells only (a figure moved to the next
         * column that has figures) */
        for (int dir = -1; dir <= 1; dir += 2)
            for (int c2 = c + 3 * dir; c2 >= 0 && c2 < t->ncols; c2 += dir) {
                if (!blank_cell(&t->rows[r].cells[c2 - dir])) break;
                move_candidate(s, tno, r, c, r, c2);
            }
        /* two figures of the row exchanged */
        for (int c2 = 0; c2 < t->ncols; c2++) {
            const js_cell *y = &t->rows[r].cells[c2];
            /* not two figures one digit apart: that is a typing error in one of them */
            if (c2 == c || blank_cell(y) || touched(s, tno, r, c2) || y->value == x->value ||
                one_digit_apart(x->value, y->value))
                continue;
            pair_candidate(s, D_SWAP, tno, r, c, r, c2);
        }
    }
    if (ocr_cell(s->doc, x)) digit_candidates(s, tno, r, c);
    if (!code_like(x) || typo_pinned(s, tno, r, c, x->value)) return;
    /* the value the findings about this row or column point to */
    struct js_doubt d = {
        .kind = D_CODE, .table = tno, .row = r, .col = c, .to_row = r, .to_col = c, .nch = 1};
    d.ch[0] = (change){tno, r, c, false, 0, {0}};
    consider(s, &d, 1); /* left out */
    for (int i = 0; i < s->npf; i++) {
        const pinfo *f = &s->pf[i];
        if (f->tno != tno || (f->row != r && f->col != c) || !f->st_ok || !f->ex_ok) continue;
        js_amount cand[2];
        pinned_pair(f, r, c, x->value, cand);
        for (int k = 0; k < 2; k++) {
            if (cand[k] < 0) continue;
            struct js_doubt e = d;
            e.pinned = true;
            e.used = cand[k];
            e.ch[0] = (change){tno, r, c, true, cand[k], {0}};
            consider(s, &e, 1);
        }
    }
}

/* Is v (or a figure within the rounding of sums, 0.02 of the table's unit, of it) printed in
 * table tno more often than its cells hold it: a figure the reader did not place?
 * *got is that figure. */
static bool unplaced_figure(search *s, int tno, js_amount v, js_amount *got)
{
    const js_table *t = s->doc->tables[tno];
    struct doubt_figs *g = &s->figs[tno];
    if (!g->made && !doubt_figs_make(s->doc, t, g)) return false;
    if (!g->ok) return false;
    js_amount step = t->unit == JS_UNIT_YUAN ? 1 : 10000; /* 0.01 of the unit, in fen */
    for (int k = 0; k <= 4; k++) {
        js_amount w = v + (k % 2 ? 1 : -1) * ((k + 1) / 2) * step;
        if (w > 0 &&
            doubt_figs_count(g->printed, g->nprinted, w) > doubt_figs_count(g->held, g->nheld, w)) {
            *got = w;
            return true;
        }
    }
    return false;
}

/* A blank cell (tno, r, c) in a row or a column that findings name: the figure the
 * reader dropped, when the findings pin it (stated - expected of one of them). In
 * the finding's own row that suffices; elsewhere in its column the figure must be
 * printed in the table and not placed. */
static void fill_candidates(search *s, int tno, int r, int c)
{
    const js_table *t = s->doc->tables[tno];
    const js_cell *x = &t->rows[r].cells[c];
    if ((x->present && x->value != 0) || touched(s, tno, r, c) || seen(s, D_FILL, tno, r, c))
        return;
    for (int i = 0; i < s->npf; i++) {
        const pinfo *f = &s->pf[i];
        if (f->tno != tno || (f->row != r && f->col != c) || !f->ex_ok) continue;
        int fr = f->row;
        bool own = fr == r && f->col == c;
        if (f->has_stated ? !f->st_ok : !own) continue;
        js_amount as = f->has_stated ? f->st : 0, ae = f->ex;
        js_amount v = own ? ae : as > ae ? as - ae : ae - as;
        if (v <= 0) continue;
        js_amount w = v;
        bool unplaced = unplaced_figure(s, tno, v, &w);
        if (fr != r && unplaced) v = w; /* the figure printed, not the difference */
        if (fr != r && (!f->has_stated || !unplaced)) continue;
        struct js_doubt d = {.kind = D_FILL,
                             .table = tno,
                             .row = r,
                             .col = c,
                             .to_row = r,
                             .to_col = c,
                             .pinned = true,
                             .used = v,
                             .nch = 1};
        d.ch[0] = (change){tno, r, c, true, v, t->rows[r].loc};
        consider(s, &d, unplaced ? 1 : 2);
    }
}

/* The arithmetic's comparisons of the document and their base per round (s->ap,
 * s->akey, s->asev); without them (out of memory) each try runs all the arithmetic. */
static void plan_make(search *s)
{
    js_checker ck = {s->ctx, s->doc, NULL};
    s->ap = js_arith_plan_new(&ck);
    int n = 0, from;
    if (s->ap) js_arith_plan_range(s->ap, 9, &from, &n);
    s->akey = malloc((size_t)(n ? n : 1) * sizeof *s->akey);
    s->asev = malloc((size_t)(n ? n : 1) * sizeof *s->asev);
    if (!s->akey || !s->asev) {
        js_arith_plan_free(s->ap);
        s->ap = NULL;
    }
}

/* One round: the best single repair of what base reports. */
static bool round_once(search *s, const js_findings *base)
{
    s->best_fixed = 0;
    memset(&s->best, 0, sizeof s->best);
    memset(s->seen, 0, sizeof s->seen);
    if (!pinfo_make(s, base)) return false;
    /* the cells of the rows and columns that the findings name */
    int most = try_limit(s);
    for (int i = 0; i < s->npf && s->tries < most; i++) {
        int tno = s->pf[i].tno, fr = s->pf[i].row, fc = s->pf[i].col;
        if (tno < 1) continue;
        const js_table *t = s->doc->tables[tno];
        if (fr >= 0)
            for (int c = 0; c < t->ncols; c++)
                candidates_of(s, tno, fr, c);
        if (fc >= 0)
            for (int r = 0; r < t->nrows; r++)
                if (r != fr) candidates_of(s, tno, r, fc);
        if (fr >= 0)
            for (int c = 0; c < t->ncols; c++)
                fill_candidates(s, tno, fr, c);
        if (fr >= 0 && !seen(s, D_SHIFT, tno, fr, 0)) shift_candidates(s, tno, fr);
        if (fc >= 0)
            for (int r = 0; r < t->nrows; r++)
                if (r != fr) fill_candidates(s, tno, r, fc);
    }
    /* then the shifts of the rows holding figures in the columns findings name */
    for (int i = 0; i < s->npf && s->tries < most; i++) {
        int tno = s->pf[i].tno, fc = s->pf[i].col;
        if (tno < 1 || fc < 0) continue;
        const js_table *t = s->doc->tables[tno];
        for (int r = 0; r < t->nrows; r++)
            if (!blank_cell(&t->rows[r].cells[fc]) && !seen(s, D_SHIFT, tno, r, 0))
                shift_candidates(s, tno, r);
    }
    return s->best_fixed > 0;
}

void js_doubts_release(js_doubts *d)
{
    if (!d) return;
    js_arena_free(d->arena);
    memset(d, 0, sizeof *d);
}

int js_doubts_find(const js_ctx *ctx, const js_doc *doc, js_doubts *out)
{
    memset(out, 0, sizeof *out);
    search s;
    memset(&s, 0, sizeof s);
    s.ctx = ctx;
    s.doc = doc;
    js_findings base;
    if (!doubt_core_keys(ctx, doc, &s.base, &base)) {
        doubt_keys_release(&s.base);
        js_findings_release(&base);
        return JS_EINTERNAL;
    }
    if (!s.base.over && s.base.n > 0) plan_make(&s);
    struct js_doubt found[MAX_OCR_DOUBTS];
    int nfound = 0, most = doc->ocr_pages ? MAX_OCR_DOUBTS : MAX_DOUBTS;
    const js_doc *view = doc; /* the document with the repairs so far */
    js_arena *va = NULL;
    while (!s.base.over && s.base.n > 0 && nfound < most) {
        round_prepare(&s, view);
        if (!round_once(&s, &base)) break;
        found[nfound++] = s.best;
        for (int i = 0; i < s.best.nch; i++)
            s.applied[s.napplied++] = s.best.ch[i];
        /* the findings left after the repairs so far */
        doubt_keys_release(&s.base);
        js_findings_release(&base);
        js_arena_free(va);
        va = js_arena_new();
        view = va ? make_view(va, doc, s.applied, s.napplied) : NULL;
        bool ok = view && doubt_core_keys(ctx, view, &s.base, &base);
        if (!ok) break;
    }
    js_arena_free(va);
    free(s.slot);
    free(s.memo);
    free(s.pf);
    free(s.lsev);
    free(s.akey);
    free(s.asev);
    js_arith_plan_free(s.ap);
    for (int no = 0; no < 10; no++)
        doubt_figs_release(&s.figs[no]);
    doubt_keys_release(&s.base);
    js_findings_release(&base);
    if (nfound == 0) return JS_OK;
    out->arena = js_arena_new();
    out->items =
        out->arena ? js_arena_alloc(out->arena, (size_t)nfound * sizeof *out->items) : NULL;
    out->view = out->items ? make_view(out->arena, doc, s.applied, s.napplied) : NULL;
    if (!out->view) {
        js_doubts_release(out);
        return JS_EINTERNAL;
    }
    memcpy(out->items, found, (size_t)nfound * sizeof *found);
    out->n = nfound;
    return JS_OK;
}

int js_doubts_fix_ocr(const js_ctx *ctx, js_doc *doc)
{
    if (!doc->ocr_pages) return 0;
    js_doubts dz;
    if (js_doubts_find(ctx, doc, &dz) != JS_OK) return -1;
    int fixed = 0;
    for (int i = 0; i < dz.n; i++) {
        const struct js_doubt *d = &dz.items[i];
        js_table *t = doc->tables[d->table];
        if (d->kind != D_DIGIT || !t) continue;
        js_row *r = &t->rows[d->row];
        for (int k = 0; k < d->nch; k++) {
            js_cell *x = &r->cells[d->ch[k].col];
            char was[40], now[40];
            snprintf(was, sizeof was, "%s", x->text ? x->text : "");
            js_fmt_amount(d->used, t->unit, now, sizeof now);
            js_cell_set(doc, x, d->used, now, x->loc);
            js_doc_note(doc, "R-OCR", d->table, x->loc,
                        "第%d页 公开%s表 %s %s：扫描页OCR识别为%s，按表内及表间勾稽关系更正为%s，"
                        "请对照原件核对",
                        x->loc.page, js_table_id(d->table), r->key, t->cols[d->ch[k].col], was,
                        now);
            fixed++;
        }
    }
    js_doubts_release(&dz);
    return fixed;
}
