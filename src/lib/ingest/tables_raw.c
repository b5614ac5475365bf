/*
 * tables_raw.c - coded tables (02 03 05 08 09) in text extracted without layout
 * (plain `pdftotext`, issue #12): every cell of the table comes on a line of its own,
 * in the order the PDF drew them:
 *
 *     2010101 行政运行      (or the code and the name on two lines)
 *     6,366.89
 *     4,760.98
 *     …                     one line per column, zeros printed
 *
 * and a row's figures may come before its label (a total: 41,333.81 … 科目名称 栏次
 * 合计; a row whose name wraps around its figures).
 * Such a region is re-assembled before its rows are read: a line with a code or 合计
 * starts a row, text lines before its figures are its name, the next figures (up to
 * the table's number of columns) its values; figures that no open row takes wait for
 * the next row: a whole row's worth is its values. Each row becomes one line at the place of
 * its label (the lines joined into it become blank, so line numbers stay the
 * source's), its cells given columns 0 (code), 10 (name) and 100, 120, … (values) so
 * that the positional reader places them in order.
 */
#include "tables.h"

#include <string.h>

enum { RAW_MAXV = 16, RAW_MAXQ = 8, RAW_MAXP = 64 };

typedef struct raw_row {
    int label;                 /* line of the code or 合计 */
    int names[4], nnames;      /* lines of the name */
    int vals[RAW_MAXV], nvals; /* lines of the values */
    bool header;               /* header lines seen after the label */
} raw_row;

typedef struct raw_state {
    rd *r;
    js_srcdoc *w;
    const js_tpl_table *tpl;
    int ncols;
    raw_row q[RAW_MAXQ]; /* rows whose figures are still being read, in order */
    int nq;
    int pend[RAW_MAXP], npend; /* figures no row has taken yet */
    int rows;                  /* rows made */
    /* 合计's figures drawn before the first row's code, its label after the last row
     * (LibreOffice's A5 pages): kept for it */
    bool total_last;
    int stash[RAW_MAXV], nstash;
} raw_state;

/* A figure with decimals or thousands separators alone on its line. */
static bool raw_amount(const js_srcline *ln)
{
    return ln->ncells == 1 && tb_amount_text(ln->cells[0].text, ln->cells[0].len);
}

/* Does the line start a row: a 功能分类 code (3, 5 or 7 digits, a name after it
 * or not) or 合计? */
static bool raw_label(rd *r, const js_srcline *ln)
{
    if (ln->ncells != 1) return false;
    const char *t = ln->cells[0].text;
    size_t d = 0;
    while (t[d] >= '0' && t[d] <= '9')
        d++;
    if ((d == 3 || d == 5 || d == 7) && t[0] == '2' && (t[d] == 0 || t[d] == ' ')) return true;
    const char *k = tb_nkey(&r->nb, t);
    return strcmp(k, "合计") == 0 || strcmp(k, "总计") == 0;
}

/* Is [from, end) a region of one cell per line with figures alone on their lines? */
static bool raw_region(rd *r, const js_srcdoc *src, int from, int end)
{
    int lines = 0, single = 0, amounts = 0, labels = 0;
    for (int i = from; i < end; i++) {
        const js_srcline *ln = &src->lines[i];
        if (ln->blank) continue;
        lines++;
        single += ln->ncells == 1;
        amounts += raw_amount(ln);
        labels += raw_label(r, ln);
    }
    return lines >= 8 && single * 10 >= lines * 9 && labels >= 1 && amounts >= 2 * labels;
}

static js_srccell raw_cell(const js_srcline *ln, float x)
{
    js_srccell c = ln->cells[0];
    c.x0 = x;
    c.x1 = x + (float)c.len;
    return c;
}

/* The first row's worth of the figures waiting (all of them when fewer) to row rw:
 * figures drawn before their labels come in the order of the rows. */
static void raw_take_pending(raw_state *s, raw_row *rw)
{
    int k = s->npend < s->ncols ? s->npend : s->ncols;
    memcpy(rw->vals, s->pend, (size_t)k * sizeof *rw->vals);
    rw->nvals = k;
    s->npend -= k;
    memmove(s->pend, s->pend + k, (size_t)s->npend * sizeof *s->pend);
}

/* The first row of the queue as one line at its label's place; false when out of memory. */
static bool raw_emit(raw_state *s)
{
    raw_row *rw = &s->q[0];
    js_srcline *lines = s->w->lines;
    int n = 1 + rw->nnames + rw->nvals;
    js_srccell *cc = js_arena_calloc(s->r->doc->arena, (size_t)n, sizeof *cc);
    if (!cc) return false;
    js_srcline *out = &lines[rw->label];
    int k = 0;
    cc[k++] = raw_cell(out, 0);
    for (int i = 0; i < rw->nnames; i++)
        cc[k++] = raw_cell(&lines[rw->names[i]], 10 + (float)i);
    for (int i = 0; i < rw->nvals; i++)
        cc[k++] = raw_cell(&lines[rw->vals[i]], 100 + 20 * (float)i);
    for (int i = 0; i < rw->nnames; i++)
        lines[rw->names[i]].blank = true;
    for (int i = 0; i < rw->nvals; i++)
        lines[rw->vals[i]].blank = true;
    for (int i = 0; i < k; i++)
        cc[i].index = i;
    out->cells = cc;
    out->ncells = k;
    memmove(s->q, s->q + 1, (size_t)(s->nq - 1) * sizeof *s->q);
    s->nq--;
    s->rows++;
    return true;
}

/* Emit the rows at the front of the queue that have all their figures (all when end). */
static bool raw_drain(raw_state *s, bool end)
{
    while (s->nq > 0 && (end || s->q[0].nvals == s->ncols))
        if (!raw_emit(s)) return false;
    return true;
}

/* Is the label line 合计 (or 总计)? */
static bool raw_total(rd *r, const js_srcline *ln)
{
    const char *k = tb_nkey(&r->nb, ln->cells[0].text);
    return strcmp(k, "合计") == 0 || strcmp(k, "总计") == 0;
}

/* Does the region's first label name a code and a 合计 label come after it? */
static bool raw_total_last(rd *r, const js_srcdoc *w, int from, int end)
{
    bool first = true;
    for (int i = from; i < end; i++) {
        const js_srcline *ln = &w->lines[i];
        if (ln->blank || !raw_label(r, ln)) continue;
        bool total = raw_total(r, ln);
        if (first && total) return false;
        if (!first && total) return true;
        first = false;
    }
    return false;
}

/* Is the label line i a second 合计 (or 总计) while the first still waits for its
 * figures? A header word (`栏次` / `合计` / `本年支出` / `合计` / `基本支出`: 09's
 * 本年支出 columns under the 合计 row's label): it had opened a row that took the next
 * row's figures, and each row after it the one after its own. */
static bool raw_header_total(raw_state *s, int i)
{
    if (!raw_total(s->r, &s->w->lines[i])) return false;
    for (int q = 0; q < s->nq; q++)
        if (s->q[q].nvals == 0 && raw_total(s->r, &s->w->lines[s->q[q].label])) return true;
    return false;
}

static bool raw_line(raw_state *s, int i)
{
    const js_srcline *ln = &s->w->lines[i];
    if (raw_label(s->r, ln) && !raw_header_total(s, i)) {
        if (s->nq == RAW_MAXQ && !raw_emit(s)) return false;
        raw_row *rw = &s->q[s->nq++];
        memset(rw, 0, sizeof *rw);
        rw->label = i;
        /* a whole row of figures drawn before the label (a total, a name wrapped
         * around its figures): they are this row's */
        bool total = raw_total(s->r, ln);
        if (total && s->nstash > 0) {
            memcpy(rw->vals, s->stash, (size_t)s->nstash * sizeof *rw->vals);
            rw->nvals = s->nstash;
            s->nstash = 0;
        } else if (s->total_last && !total && s->rows == 0 && s->nq == 1 && s->npend >= s->ncols &&
                   s->nstash == 0) {
            raw_take_pending(s, rw); /* 合计's, kept until its label */
            memcpy(s->stash, rw->vals, (size_t)rw->nvals * sizeof *rw->vals);
            s->nstash = rw->nvals;
            rw->nvals = 0;
        } else if (s->npend >= s->ncols) {
            raw_take_pending(s, rw);
        }
        return raw_drain(s, false);
    }
    if (raw_amount(ln)) {
        /* the first row still short of figures takes it (rows whose labels came
         * one after another get their figures in order) */
        for (int q = 0; q < s->nq; q++)
            if (s->q[q].nvals < s->ncols) {
                s->q[q].vals[s->q[q].nvals++] = i;
                return raw_drain(s, false);
            }
        if (s->npend == RAW_MAXP) {
            memmove(s->pend, s->pend + 1, (RAW_MAXP - 1) * sizeof *s->pend);
            s->npend--;
        }
        s->pend[s->npend++] = i;
        return true;
    }
    /* text: the name of the last row while its figures have not begun, before any
     * header words or 栏次 numbers (a page break) */
    raw_row *rw = s->nq ? &s->q[s->nq - 1] : NULL;
    if (tb_is_num_cell(&ln->cells[0], NULL) || tb_header_line(s->r, s->tpl, ln)) {
        if (rw) rw->header = true;
    } else if (rw && rw->nvals == 0 && !rw->header && rw->nnames < 4) {
        rw->names[rw->nnames++] = i;
    }
    return true;
}

/* The first line of [from, end) that starts with 注 (the table's notes), else end. */
int tb_raw_note(const js_srcdoc *w, int from, int end)
{
    for (int i = from; i < end; i++) {
        const js_srcline *ln = &w->lines[i];
        size_t n = ln->len;
        if (!ln->blank && js_startswith(js_trim(ln->text, &n), "注")) return i;
    }
    return end;
}

int tb_regroup_raw(rd *r, js_srcdoc *w, const js_tpl_table *tpl, int from, int end)
{
    if (tpl->kind != JS_TPL_CODED || !raw_region(r, w, from, end)) return 0;
    raw_state s;
    memset(&s, 0, sizeof s);
    s.r = r;
    s.w = w;
    s.tpl = tpl;
    s.ncols = tpl->ncols < RAW_MAXV ? tpl->ncols : RAW_MAXV;
    s.total_last = raw_total_last(r, w, from, end);
    for (int i = from, last = tb_raw_note(w, from, end); i < last; i++)
        if (!w->lines[i].blank && !raw_line(&s, i)) return -1;
    if (!raw_drain(&s, true)) return -1;
    return s.rows > 0;
}

/* ---- 07 --------------------------------------------------------------------------
 * Plain text prints 07's one row as its header words, 栏次 numbers and figures, one a
 * line, interleaved (`合计` / `1` / `因公出国（境）费` / `2` / `0.93` / `0.08` / …), the
 * figures in the order of the columns. When the region holds exactly one figure per
 * column they become one line (at the first figure's), the 栏次 and figure lines blank. */
int tb_regroup_raw_sangong(rd *r, js_srcdoc *w, const js_tpl_table *tpl, int from, int end)
{
    if (tpl->kind != JS_TPL_SANGONG || tpl->ncols > 32) return 0;
    int lines = 0, single = 0, first = -1, nv = 0, last = tb_raw_note(w, from, end);
    js_srccell vals[32];
    for (int i = from; i < last; i++) {
        const js_srcline *ln = &w->lines[i];
        if (ln->blank) continue;
        lines++;
        single += ln->ncells == 1;
        if (ln->ncells != 1 || !raw_amount(ln)) continue;
        if (nv == tpl->ncols) return 0; /* more figures than columns: not this shape */
        if (first < 0) first = i;
        vals[nv] = raw_cell(ln, 100 + 20 * (float)nv);
        vals[nv].index = nv;
        nv++;
    }
    /* the last columns drawn after the 注 line (`注：…` / `公务接待费` / `12` / `0.00`) */
    for (int i = last + 1, seen = 0; i < end && nv < tpl->ncols && seen < 8; i++) {
        const js_srcline *ln = &w->lines[i];
        if (ln->blank) continue;
        seen++;
        if (ln->ncells != 1 || (ln->len > 45 && !raw_amount(ln))) break;
        if (!raw_amount(ln)) continue;
        vals[nv] = raw_cell(ln, 100 + 20 * (float)nv);
        vals[nv].index = nv;
        nv++;
    }
    if (lines < 8 || single * 10 < lines * 9 || nv != tpl->ncols) return 0;
    js_srccell *cc = js_arena_calloc(r->doc->arena, (size_t)nv, sizeof *cc);
    if (!cc) return -1;
    memcpy(cc, vals, (size_t)nv * sizeof *cc);
    for (int i = from; i < last; i++) {
        js_srcline *ln = &w->lines[i];
        if (!ln->blank && ln->ncells == 1 &&
            (raw_amount(ln) || tb_is_int_cell(&ln->cells[0], NULL)))
            ln->blank = true;
    }
    w->lines[first].cells = cc;
    w->lines[first].ncells = nv;
    w->lines[first].blank = false;
    return 1;
}
