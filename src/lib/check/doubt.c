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

static void consider(search *s, const struct js_doubt *d, int need)
{
    int fixed = doubt_try(s, d->ch, d->nch, need);
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
        if (w > 0 && doubt_figs_more_printed(g, w)) {
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

/* One round: the best single repair of what base reports. */
static bool round_once(search *s, const js_findings *base)
{
    s->best_fixed = 0;
    memset(&s->best, 0, sizeof s->best);
    memset(s->seen, 0, sizeof s->seen);
    if (!pinfo_make(s, base)) return false;
    /* the cells of the rows and columns that the findings name */
    int most = doubt_try_limit(s);
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
    js_arith_plan_free(d->ap);
    js_cross_plan_free(d->xp);
    js_findings_release(&d->core);
    memset(d, 0, sizeof *d);
}

int js_doubts_find(const js_ctx *ctx, const js_doc *doc, js_doubts *out)
{
    memset(out, 0, sizeof *out);
    search s;
    memset(&s, 0, sizeof s);
    s.ctx = ctx;
    s.doc = doc;
    doubt_plan_make(&s);
    js_findings base;
    if (!doubt_core_keys(&s, doc, &s.base, &base)) {
        doubt_keys_release(&s.base);
        js_findings_release(&base);
        doubt_eval_release(&s);
        return JS_EINTERNAL;
    }
    struct js_doubt found[MAX_OCR_DOUBTS];
    int nfound = 0, most = doc->ocr_pages ? MAX_OCR_DOUBTS : MAX_DOUBTS;
    const js_doc *view = doc; /* the document with the repairs so far */
    js_arena *va = NULL;
    bool base_ok = true; /* base: the findings of the view of all the repairs taken */
    while (!s.base.over && s.base.n > 0 && nfound < most) {
        doubt_round_prepare(&s, view);
        if (!round_once(&s, &base)) break;
        found[nfound++] = s.best;
        for (int i = 0; i < s.best.nch; i++)
            s.applied[s.napplied++] = s.best.ch[i];
        /* the findings left after the repairs so far */
        doubt_keys_release(&s.base);
        js_findings_release(&base);
        js_arena_free(va);
        va = js_arena_new();
        view = va ? doubt_view(va, doc, s.applied, s.napplied) : NULL;
        bool ok = view && doubt_core_keys(&s, view, &s.base, &base);
        if (!ok) {
            base_ok = false;
            break;
        }
    }
    js_arena_free(va);
    free(s.pf);
    out->ap = s.ap; /* the rules' run takes the comparisons */
    out->xp = s.xp;
    s.ap = NULL;
    s.xp = NULL;
    doubt_eval_release(&s);
    for (int no = 0; no < 10; no++)
        doubt_figs_release(&s.figs[no]);
    doubt_keys_release(&s.base);
    out->core = base; /* the rules' run takes the findings, or they go with out */
    out->core_ok = base_ok && !base.failed;
    if (nfound == 0) return JS_OK;
    out->arena = js_arena_new();
    out->items =
        out->arena ? js_arena_alloc(out->arena, (size_t)nfound * sizeof *out->items) : NULL;
    out->view = out->items ? doubt_view(out->arena, doc, s.applied, s.napplied) : NULL;
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
