/*
 * tables_unwrap.c - layout text (pdftotext -layout): a row whose cells wrap over
 * two or three lines, its figures on the middle line and its names split above
 * and below them (`一、一般公共预算财政` / `1  0.04  13  0.01` / `拨款收入`), is
 * joined into one line before the rows are read (issue #12).
 *
 * Lines of a table region are classed as rows (a cell holding an amount), text
 * (short cells with no number, not header words) and others (blank, header,
 * 栏次). Up to two text lines just above a row join it when none of their cells
 * lies over a name the row starts itself (`二、外交支出`: then the line is a row of
 * its own, its figures blank); the continuation lines below a row (no cell
 * starting a name with a heading number or 合计) join it, shared half and half
 * with the row right below them (one odd line goes up when the row above also
 * took a line from above: a cell centred on its row). Each text cell joins the
 * row's text cell over it (same x), or becomes a name cell of its own at its x
 * (a name whose row prints no part of it on the figures' line). Joined lines take
 * the row's place; the lines joined into it become blank, so line numbers and
 * pages stay those of the source.
 */
#include "tables.h"

#include <stdlib.h>
#include <string.h>

enum { L_OTHER = 0, L_ROW = 1, L_TEXT = 2 };

/* Header words of the form (a line of them is not part of a row). */
static bool headerish(rd *r, const js_tpl_table *tpl, const js_srccell *c)
{
    static const char *const W[] = {
        "项目",      "行次", "栏次", "科目名称", "科目编码", "功能分类科目编码",
        "功能分类",  "收入", "支出", "本年收入", "本年支出", "经济分类科目编码",
        "单位:万元", "类",   "款",   "项"};
    const char *k = tb_nkey(&r->nb, c->text);
    if (js_startswith(k, "注") || js_startswith(k, "单位") || js_startswith(k, "部门") ||
        js_startswith(k, "公开") || tb_part_heading(k) || strstr(k, "说明") || strstr(k, "部分"))
        return true;
    /* 类 款 项 label the code columns of a coded table; under a two-sided table's name
     * they end a wrapped name (`一般公共预算财政拨` / `款`) */
    size_t nw = sizeof W / sizeof W[0] - (tpl->kind == JS_TPL_TWOSIDED ? 3 : 0);
    for (size_t i = 0; i < nw; i++)
        if (strcmp(k, W[i]) == 0) return true;
    for (int i = 0; i < tpl->ncols; i++)
        for (const char **w = tpl->cols[i].words; w && *w; w++)
            if (strcmp(k, *w) == 0) return true;
    /* the words of 01's amount column (决算数, 金额) head a column of any table */
    const js_tpl_table *t1 = js_templates_table(r->tp, tpl->form, 1);
    for (const char **w = t1 && t1->ncols ? t1->cols[0].words : NULL; w && *w; w++)
        if (strcmp(k, *w) == 0) return true;
    return false;
}

bool tb_header_line(rd *r, const js_tpl_table *tpl, const js_srcline *ln)
{
    /* 收入 or 支出 alone is as likely the end of a wrapped name */
    if (ln->ncells == 1 &&
        (strcmp(ln->cells[0].text, "收入") == 0 || strcmp(ln->cells[0].text, "支出") == 0))
        return false;
    for (int c = 0; c < ln->ncells; c++)
        if (ln->cells[c].len && headerish(r, tpl, &ln->cells[c])) return true;
    return false;
}

static int class_of(rd *r, const js_tpl_table *tpl, const js_srcline *ln)
{
    if (ln->blank || ln->ncells == 0) return L_OTHER;
    bool text = ln->ncells <= 6, amount = false, other = false;
    for (int c = 0; c < ln->ncells; c++) {
        const js_srccell *x = &ln->cells[c];
        if (tb_amount_text(x->text, x->len))
            amount = true;
        else if (x->len)
            other = true;
    }
    /* amounts on a line of their own (no name, no 行次) belong to the row under them
     * (tables_cells.c pend), not to text around them */
    if (amount) return other ? L_ROW : L_OTHER;
    for (int c = 0; c < ln->ncells; c++) {
        const js_srccell *x = &ln->cells[c];
        if (x->len == 0) continue;
        if (tb_is_num_cell(x, NULL) || x->len > 60 || (x->text[0] >= '0' && x->text[0] <= '9'))
            text = false;
    }
    if (!text) return L_OTHER;
    /* 收入 or 支出 alone ends a wrapped name (`十四、资源勘探工业信息等` / `26  8,208.07` /
     * `支出`), as in tb_header_line */
    if (ln->ncells == 1 &&
        (strcmp(ln->cells[0].text, "收入") == 0 || strcmp(ln->cells[0].text, "支出") == 0))
        return L_TEXT;
    for (int c = 0; c < ln->ncells; c++)
        if (ln->cells[c].len && headerish(r, tpl, &ln->cells[c])) return L_OTHER;
    return L_TEXT;
}

/* Is the cell a whole name of a two-sided form, its heading number left out (a fixed
 * row such as 结余分配, a 类 such as 抗疫特别国债安排的支出)? */
static bool complete_name(rd *r, const js_tpl_table *tpl, const js_srccell *c)
{
    if (tpl->kind != JS_TPL_TWOSIDED || c->len == 0) return false;
    const char *k = tb_nkey(&r->nb, tb_strip_heading(c->text, NULL));
    for (int i = 0; i < tpl->nrows; i++)
        for (const char **nm = tpl->rows[i].names; nm && *nm; nm++)
            if (strcmp(k, *nm) == 0) return true;
    int ncls = 0;
    const js_tpl_class *cl = js_templates_classes(r->tp, &ncls);
    for (int i = 0; i < ncls; i++)
        if (cl[i].name && strcmp(k, cl[i].name) == 0) return true;
    return false;
}

/* Does the cell start a name (一、 (一)), 合计/总计, or a whole
 * name of the form (a fixed row such as 结余分配, a 类 such as 一般公共服务支出)? */
static bool name_start(rd *r, const js_tpl_table *tpl, const js_srccell *c)
{
    if (c->len == 0) return false;
    bool had;
    tb_strip_heading(c->text, &had);
    if (had || js_startswith(c->text, "合计") || js_startswith(c->text, "总计") ||
        js_startswith(c->text, "合 计"))
        return true;
    return complete_name(r, tpl, c);
}

static bool line_starts(rd *r, const js_tpl_table *tpl, const js_srcline *ln)
{
    for (int c = 0; c < ln->ncells; c++)
        if (name_start(r, tpl, &ln->cells[c])) return true;
    return false;
}

/* Has the row line a text cell (not a number)? */
static bool has_text(const js_srcline *ln)
{
    for (int c = 0; c < ln->ncells; c++)
        if (ln->cells[c].len && !tb_is_num_cell(&ln->cells[c], NULL)) return true;
    return false;
}

/* Can text line t go above row b: none of its cells is a whole name, lies over a
 * figure of the row, or over a name of the row when either starts a name (then t
 * is a row of its own, its figures blank)? */
static bool fits_above(rd *r, const js_tpl_table *tpl, const js_srcline *t, const js_srcline *b)
{
    for (int i = 0; i < t->ncells; i++) {
        const js_srccell *x = &t->cells[i];
        if (x->len == 0) continue;
        if (complete_name(r, tpl, x)) return false; /* a row of its own */
        for (int k = 0; k < b->ncells; k++) {
            const js_srccell *y = &b->cells[k];
            if (y->len == 0) continue;
            float a0 = x->x0 > y->x0 ? x->x0 : y->x0, a1 = x->x1 < y->x1 ? x->x1 : y->x1;
            if (a1 <= a0) continue;
            if (tb_is_num_cell(y, NULL)) return false; /* over a figure: not a name's top */
            if (name_start(r, tpl, y) || name_start(r, tpl, x)) return false;
        }
    }
    return true;
}

typedef struct piece {
    float x0, x1;
    js_buf text;
    bool num;  /* a number cell of the row, never joined */
    int order; /* for the row's own cells: their place, so pieces go around them */
} piece;

static bool overlaps(const piece *p, const js_srccell *c)
{
    float a0 = p->x0 > c->x0 ? p->x0 : c->x0, a1 = p->x1 < c->x1 ? p->x1 : c->x1;
    return a1 > a0 || (c->x0 - p->x0 < 2 && p->x0 - c->x0 < 2);
}

static int cmp_piece(const void *a, const void *b)
{
    const piece *x = a, *y = b;
    return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

/* Join the text lines above[0..na) and below[0..nb) into row line b of w. */
static bool join(js_arena *a, js_srcdoc *w, int b, const int *above, int na, const int *below,
                 int nb)
{
    js_srcline *ln = &w->lines[b];
    int cap = ln->ncells + 6 * (na + nb) + 1;
    piece *p = calloc((size_t)cap, sizeof *p);
    if (!p) return false;
    int np = 0;
    for (int c = 0; c < ln->ncells; c++) {
        if (ln->cells[c].len == 0) continue;
        piece *q = &p[np++];
        q->x0 = ln->cells[c].x0;
        q->x1 = ln->cells[c].x1;
        q->num = tb_is_num_cell(&ln->cells[c], NULL);
        js_buf_init(&q->text);
        js_buf_append(&q->text, ln->cells[c].text, ln->cells[c].len);
    }
    /* above: prepended, the lowest line last (nearest the row); below: appended */
    for (int pass = 0; pass < 2; pass++) {
        const int *ls = pass ? below : above;
        int n = pass ? nb : na;
        for (int k = pass ? 0 : n - 1; pass ? k < n : k >= 0; k += pass ? 1 : -1) {
            const js_srcline *t = &w->lines[ls[k]];
            for (int c = 0; c < t->ncells && np < cap; c++) {
                const js_srccell *x = &t->cells[c];
                if (x->len == 0) continue;
                piece *q = NULL;
                for (int i = 0; i < np && !q; i++)
                    if (!p[i].num && overlaps(&p[i], x)) q = &p[i];
                if (!q) {
                    q = &p[np++];
                    q->x0 = x->x0;
                    q->x1 = x->x1;
                    js_buf_init(&q->text);
                }
                if (pass) {
                    js_buf_append(&q->text, x->text, x->len);
                } else {
                    js_buf tmp;
                    js_buf_init(&tmp);
                    js_buf_append(&tmp, x->text, x->len);
                    js_buf_append(&tmp, q->text.data ? q->text.data : "", q->text.len);
                    js_buf_release(&q->text);
                    q->text = tmp;
                }
                if (x->x0 < q->x0) q->x0 = x->x0;
                if (x->x1 > q->x1) q->x1 = x->x1;
            }
        }
    }
    qsort(p, (size_t)np, sizeof *p, cmp_piece);
    js_srccell *cells = js_arena_calloc(a, (size_t)np + 1, sizeof *cells);
    js_buf whole;
    js_buf_init(&whole);
    bool ok = cells != NULL;
    for (int i = 0; i < np && ok; i++) {
        const char *s = p[i].text.data ? p[i].text.data : "";
        char *t = js_arena_strndup(a, s, p[i].text.len);
        ok = t != NULL;
        if (!ok) break;
        cells[i] = (js_srccell){t, p[i].text.len, p[i].x0, p[i].x1, i};
        if (i) js_buf_puts(&whole, "  ");
        js_buf_append(&whole, s, p[i].text.len);
    }
    for (int i = 0; i < np; i++)
        js_buf_release(&p[i].text);
    free(p);
    if (ok) {
        const char *txt = js_arena_strndup(a, whole.data ? whole.data : "", whole.len);
        ok = txt != NULL && !whole.oom;
        if (ok) {
            ln->text = txt;
            ln->len = whole.len;
            ln->cells = cells;
            ln->ncells = np;
        }
    }
    js_buf_release(&whole);
    for (int k = 0; ok && k < na + nb; k++) {
        js_srcline *t = &w->lines[k < na ? above[k] : below[k - na]];
        t->ncells = 0;
        t->cells = NULL;
        t->blank = true;
        t->text = "";
        t->len = 0;
    }
    return ok;
}

/* How many of the text lines (i, e) under row line i the row takes (next: line e):
 * all, none for a total (its name does not wrap), half of them when the next row
 * (cls[e]) prints text on its line too, and for a row printing no name on its line
 * whose name starts above it (na lines) as many as above when the next row prints
 * none either. */
static int lines_below(const js_srcline *row, const js_srcline *next, const unsigned char *cls,
                       int i, int e, int n, int na)
{
    int ndown = e - i - 1;
    int take = ndown;
    for (int c = 0; c < row->ncells; c++) /* a total's name does not wrap */
        if (js_startswith(row->cells[c].text, "合计") || js_startswith(row->cells[c].text, "总计"))
            take = 0;
    /* a row printing no name on its figures' line has all of it below, unless its
     * name starts above it and the next row prints no name on its line either:
     * both names are centred on their figures (`年初财政拨款结转和` / `5  20.00` /
     * `结余` / `一般公共预算财政拨` / `6  20.00` / `款`), as many lines below as above */
    if (e < n && cls[e] == L_ROW && ndown > 0 && has_text(row)) {
        take = ndown / 2;
        if (ndown % 2) take += na > 0 ? 1 : 0;
    } else if (e < n && cls[e] == L_ROW && na > 0 && take > na && !has_text(next)) {
        take = na;
    }
    return take;
}

/* Is every cell of the line an amount? */
static bool amounts_only(const js_srcline *ln)
{
    int k = 0;
    for (int c = 0; c < ln->ncells; c++) {
        if (ln->cells[c].len == 0) continue;
        if (!tb_amount_text(ln->cells[c].text, ln->cells[c].len)) return false;
        k++;
    }
    return k > 0;
}

/* A two-sided table printed without 行次 (some provinces drop the column): a row whose
 * names wrap prints only its figures on its middle line (`一、一般公共预算财政` /
 * `154,456,000.24  90,622,482.27` / `拨款收入  出`). Such a line between the top of a
 * name and its continuation is a row, not figures waiting for the row under them. */
static void bare_rows(rd *r, const js_tpl_table *tpl, int from, int n, unsigned char *cls,
                      const bool *starts)
{
    if (tpl->kind != JS_TPL_TWOSIDED) return;
    for (int i = 0; i < n; i++) {
        const js_srcline *ln = &r->src->lines[from + i];
        for (int c = 0; c < ln->ncells; c++)
            if (tb_key_is(ln->cells[c].text, "行次")) return;
    }
    for (int i = 1; i + 1 < n; i++)
        if (cls[i] == L_OTHER && cls[i - 1] == L_TEXT && cls[i + 1] == L_TEXT && !starts[i + 1] &&
            amounts_only(&r->src->lines[from + i]))
            cls[i] = L_ROW;
}

int tb_unwrap_region(rd *r, js_srcdoc *w, const js_tpl_table *tpl, int from, int end)
{
    enum { MAXT = 8 };
    int n = end - from;
    if (n <= 2) return JS_OK;
    unsigned char *cls = calloc((size_t)n, 1);
    if (!cls) return JS_EINTERNAL;
    bool *starts = calloc((size_t)n, sizeof *starts);
    if (!starts) {
        free(cls);
        return JS_EINTERNAL;
    }
    for (int i = 0; i < n; i++) {
        cls[i] = (unsigned char)class_of(r, tpl, &r->src->lines[from + i]);
        starts[i] = cls[i] == L_TEXT && line_starts(r, tpl, &r->src->lines[from + i]);
    }
    bare_rows(r, tpl, from, n, cls, starts);
    int rc = JS_OK;
    int i = 0;
    while (i < n && rc == JS_OK) {
        if (cls[i] != L_ROW) {
            i++;
            continue;
        }
        /* text lines just above (not taken by the row before): at most two, each
         * fitting above the row */
        const js_srcline *row = &r->src->lines[from + i];
        int above[MAXT], na = 0, below[MAXT], nb = 0;
        int s = i - 1;
        while (s >= 0 && cls[s] == L_TEXT && i - 1 - s < 2 &&
               fits_above(r, tpl, &r->src->lines[from + s], row))
            s--;
        /* the top line taken must be the top of the cell: a line starting a name, or
         * one with no text line over it (else it ends a name-only row above) */
        while (s + 1 < i && !starts[s + 1] && s >= 0 && cls[s] == L_TEXT)
            s++;
        for (int k = s + 1; k < i; k++)
            above[na++] = from + k;
        /* below: continuation lines (no cell starting a name), shared with the next
         * row when it follows them directly */
        int e = i + 1;
        while (e < n && cls[e] == L_TEXT && e - i - 1 < MAXT && !starts[e])
            e++;
        int take = lines_below(row, e < n ? &r->src->lines[from + e] : row, cls, i, e, n, na);
        for (int k = 0; k < take; k++)
            below[nb++] = from + i + 1 + k;
        /* lines given to the next row stay L_TEXT; ours become L_OTHER */
        for (int k = 0; k < take; k++)
            cls[i + 1 + k] = L_OTHER;
        for (int k = 0; k < na; k++)
            cls[above[k] - from] = L_OTHER;
        if ((na || nb) && !join(r->doc->arena, w, from + i, above, na, below, nb))
            rc = JS_EINTERNAL;
        i = i + 1 + take;
    }
    free(cls);
    free(starts);
    return rc;
}
