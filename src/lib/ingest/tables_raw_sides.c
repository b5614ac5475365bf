/*
 * tables_raw_sides.c - two-sided tables (01, 04) in text extracted without layout
 * (plain `pdftotext`, issue #12). Every cell comes on a line of its own, in the order
 * pdftotext's reading-order pass put them, which for a two-sided table is a soup:
 *
 *     一、一般公共预算财政 / 拨款收入 / 1 / 154,456,000.24 / 2 / 13 / 90,622,482.27 /
 *     23,878,099.50 二、外交支出 / 14 / 0.00 / … / 26 / 0.00 / 27 / 0.00 / … /
 *     七、文化旅游体育与 / 传媒支出 / 十四、资源勘探工业 / 信息等支出 / …
 *
 * A name comes before its 行次 or in a block of names after them; an amount comes just
 * after its 行次 or after a 行次 printed beside it. What holds: each row has a 行次,
 * the 行次 count up (left side 1..L, right side L+1..), and the names of each side
 * are printed in a known order (the template's rows, the 类 by code). So the region is
 * read as three lists:
 *   - names (a name wrapped over lines, its pieces perhaps apart, is put together
 *     again when the pieces joined name a row), each with its side and place in order;
 *   - 行次 (the 栏次 numbers of the header, repeated on each page, are told apart: they
 *     come after 项目/行次/栏次 and count 1, 2, … up to the table's number of columns);
 *   - amounts, each given to a row: the 行次 just before it while that row needs more,
 *     else the oldest row still short of figures among the last 行次 printed together
 *     (`2 / 13 / 90,622,482.27 / 23,878,099.50`: the first is 13's, the second 2's),
 *     else held until the end for the rows still without figures.
 * The k-th name of a side (in order) is the row with the k-th 行次 of that side. Each
 * row becomes one line (left name, 行次, amount; right name, 行次, amounts at columns
 * that the positional two-sided reader places in order), at the lines of the region in
 * turn (the lines used become blank). Nothing is done unless the numbers of names and
 * 行次 agree: the region is then left as it is.
 */
#include "tables.h"

#include <stdlib.h>
#include <string.h>

enum { RS_MAXTOK = 4096, RS_MAXROW = 160, RS_MAXV = 8, RS_MAXNAME = 160 };

enum { TK_TXT, TK_INT, TK_AMT };

typedef struct rs_tok {
    int line;
    int kind;
    const char *text; /* NUL-terminated (arena) */
    size_t len;
    int value; /* TK_INT */
} rs_tok;

typedef struct rs_name {
    const char *text; /* the name as printed, pieces joined */
    int side;         /* 0 income, 1 expenditure */
    int order;        /* place among the side's rows */
    int tok;          /* its first piece's token */
} rs_name;

typedef struct rs_row {
    int no;    /* 行次 */
    int tok;   /* its token */
    int burst; /* 行次 printed together share one */
    int vals[RS_MAXV], nvals;
    int need;
} rs_row;

typedef struct rs_state {
    rd *r;
    const js_tpl_table *tpl;
    rs_tok *tok;
    int ntok;
    rs_name names[RS_MAXNAME];
    int nnames;
    bool used_row[64]; /* template rows named */
    bool used_class[64];
    rs_row rows[RS_MAXROW];
    int nrows;
    int pend[RS_MAXROW], npend; /* amounts no row took */
    bool colrun[RS_MAXTOK];     /* 栏次 numbers printed one after another */
    /* a row's worth of figures right after the right side's 栏次 run (`3` / `4` / `5` /
     * `0.01` / `0.01` / `0.00` / `0.00`): the first right row's, its 行次 printed later */
    int hold[RS_MAXV], nhold;
    /* the height of the right side's 类 name whose first piece is token i (its place
     * among them), -1: a figure drawn glued before it on its line is the left row's of
     * that height (`30,766.05 一、一般公共服务支出`: 行次 1's) */
    short glue_h[RS_MAXTOK];
    int nbody; /* the left side's rows above its totals (一、… 八、) */
} rs_state;

/* ---- tokens ---------------------------------------------------------------- */

static bool rs_int(const char *t, size_t n, int *v)
{
    if (n == 0 || n > 3 || !js_all_digits_n(t, n)) return false;
    *v = (int)strtol(t, NULL, 10);
    return *v > 0;
}

static bool rs_push(rs_state *s, int line, int kind, const char *t, size_t n, int v)
{
    if (s->ntok == RS_MAXTOK) return true;
    char *d = js_arena_strndup(s->r->doc->arena, t, n);
    if (!d) return false;
    s->tok[s->ntok++] = (rs_tok){line, kind, d, n, v};
    return true;
}

/* The words of a cell: figures and 行次 on their own, the text between them as one. */
static bool rs_cell_tokens(rs_state *s, int line, const char *t, size_t n)
{
    size_t p = 0, txt = (size_t)-1, txt_end = 0;
    while (p < n) {
        while (p < n && t[p] == ' ')
            p++;
        size_t q = p;
        while (q < n && t[q] != ' ')
            q++;
        if (q == p) break;
        int v;
        bool amt = tb_amount_text(t + p, q - p), in = !amt && rs_int(t + p, q - p, &v);
        if (amt || in) {
            if (txt != (size_t)-1 && !rs_push(s, line, TK_TXT, t + txt, txt_end - txt, 0))
                return false;
            txt = (size_t)-1;
            if (!rs_push(s, line, amt ? TK_AMT : TK_INT, t + p, q - p, in ? v : 0)) return false;
        } else {
            if (txt == (size_t)-1) txt = p;
            txt_end = q;
        }
        p = q;
    }
    if (txt != (size_t)-1 && !rs_push(s, line, TK_TXT, t + txt, txt_end - txt, 0)) return false;
    return true;
}

/* ---- names ----------------------------------------------------------------- */

static bool rs_hdr_start(const char *k)
{
    return strcmp(k, "项目") == 0 || strcmp(k, "行次") == 0 || strcmp(k, "栏次") == 0;
}

/* A header word (the column words too while a header is being read). */
static bool rs_hdr_word(const rs_state *s, const char *k, bool in_hdr)
{
    static const char *const W[] = {"项目", "行次", "栏次", "决算数", "金额"};
    for (size_t i = 0; i < sizeof W / sizeof W[0]; i++)
        if (strcmp(k, W[i]) == 0) return true;
    /* the sides' words: the ends of wrapped names too (`八、社会保障和就业` / `支出`) */
    if (in_hdr && (strcmp(k, "收入") == 0 || strcmp(k, "支出") == 0)) return true;
    for (int c = 0; in_hdr && c < s->tpl->ncols; c++)
        for (int w = 0; w < s->tpl->cols[c].nwords; w++)
            if (strcmp(k, s->tpl->cols[c].words[w]) == 0) return true;
    return in_hdr && strcmp(k, "合计") == 0;
}

/* The row named name (normalised, heading stripped): its side and order, without
 * marking it used; false when it names none still free. */
static bool rs_lookup(rs_state *s, const char *name, int *side, int *order, int *row, int *cls)
{
    const js_tpl_table *tpl = s->tpl;
    *row = *cls = -1;
    for (int i = 0; i < tpl->nrows && i < 64; i++) {
        if (s->used_row[i]) continue;
        for (int j = 0; j < tpl->rows[i].nnames; j++)
            if (strcmp(tpl->rows[i].names[j], name) == 0) {
                *side = strncmp(tpl->rows[i].key, "支出:", strlen("支出:")) == 0;
                *order = 1000 + i;
                *row = i;
                return true;
            }
    }
    int n;
    const js_tpl_class *cl = js_templates_classes(s->r->tp, &n);
    const char *code = NULL;
    for (int i = 0; i < n && !code; i++)
        if (strcmp(cl[i].name, name) == 0) code = cl[i].code;
    size_t nl = strlen(name), zl = strlen("支出");
    if (!code && nl > zl && strcmp(name + nl - zl, "支出") == 0)
        code = js_catalog_func_class(s->r->ctx ? s->r->ctx->catalog : NULL, name);
    if (!code) return false;
    int c = (int)strtol(code, NULL, 10);
    for (int i = 0; i < n && i < 64; i++)
        if (strcmp(cl[i].code, code) == 0) *cls = i;
    if (*cls >= 0 && s->used_class[*cls]) return false;
    *side = 1;
    *order = c;
    return true;
}

/* Does text (pieces joined) name a row still free? Adds it when so. */
static bool rs_try_name(rs_state *s, const char *text)
{
    bool numbered;
    const char *k = tb_strip_heading(tb_nkey(&s->r->nb, text), &numbered);
    int side, order, row, cls;
    if (!*k || !rs_lookup(s, k, &side, &order, &row, &cls) || s->nnames == RS_MAXNAME) return false;
    if (row >= 0) s->used_row[row] = true;
    if (cls >= 0) s->used_class[cls] = true;
    char *d = js_arena_strndup(s->r->doc->arena, text, strlen(text));
    if (!d) return false;
    s->names[s->nnames++] = (rs_name){d, side, order, -1};
    return true;
}

/* 收入 and 支出 head the sides, and end wrapped names (`二、政府性基金预算财政拨款` / `收入`). */
static bool rs_side_word(const char *t)
{
    return strcmp(t, "收入") == 0 || strcmp(t, "支出") == 0;
}

/* Text token i and up to two more text tokens after it (figures between skipped):
 * the shortest join that names a row. Returns the tokens used (0 none). */
static int rs_name_at(rs_state *s, int i, const bool *hdr)
{
    char buf[512];
    int parts[3] = {i, -1, -1}, np = 1;
    for (int j = i + 1; j < s->ntok && j <= i + 4 && np < 3; j++)
        if (s->tok[j].kind == TK_TXT && (!hdr[j] || rs_side_word(s->tok[j].text))) parts[np++] = j;
    buf[0] = 0;
    for (int p = 0; p < np; p++) {
        size_t bl = strlen(buf), tl = s->tok[parts[p]].len;
        if (bl + tl + 1 > sizeof buf) break;
        if (p > 0) {
            /* a new heading number starts another name */
            js_heading_num h;
            const char *t = s->tok[parts[p]].text;
            if (js_heading_parse(t, tl, &h) && h.level == 1) break;
        }
        memcpy(buf + bl, s->tok[parts[p]].text, tl + 1);
        if (rs_try_name(s, buf)) {
            s->names[s->nnames - 1].tok = i;
            return parts[p] - i + 1;
        }
    }
    return 0;
}

/* ---- 行次 and amounts ------------------------------------------------------- */

static bool rs_seen_no(const rs_state *s, int no)
{
    for (int i = 0; i < s->nrows; i++)
        if (s->rows[i].no == no) return true;
    return false;
}

/* The row an amount goes to: the one just before it while it needs more, else the
 * oldest one short of figures among the last printed together; -1 none. */
static int rs_amount_row(rs_state *s, int cur)
{
    if (cur >= 0 && s->rows[cur].nvals < s->rows[cur].need) return cur;
    for (int b = s->nrows - 1; b >= 0; b--) {
        int burst = s->rows[b].burst;
        for (int i = 0; i < s->nrows; i++)
            if (s->rows[i].burst == burst && s->rows[i].nvals < s->rows[i].need) return i;
        while (b > 0 && s->rows[b - 1].burst == burst)
            b--;
    }
    return -1;
}

/* The 栏次 of a wide header printed in a run (`2` / `3` / `4` / `5`, up to the last
 * column's): not 行次. Rows of 行次 one after another (`2` / `3`) end lower. */
static void rs_colruns(rs_state *s, int ncolno)
{
    if (ncolno < 3) return;
    for (int i = 0; i < s->ntok;) {
        int j = i;
        while (s->tok[j].kind == TK_INT && j + 1 < s->ntok && s->tok[j + 1].kind == TK_INT &&
               s->tok[j + 1].value == s->tok[j].value + 1)
            j++;
        if (j > i && s->tok[j].value == ncolno)
            for (int k = i; k <= j; k++)
                s->colrun[k] = true;
        i = j + 1;
    }
}

/* A figure glued before a right 类 name on its line: the left row of the same height
 * (its 行次 the height + 1, one of the side's rows above its totals) when it is read and
 * still short; -1 otherwise. */
static int rs_glued_row(const rs_state *s, int i, int split)
{
    if (split <= 0 || i + 1 >= s->ntok || s->tok[i + 1].line != s->tok[i].line) return -1;
    int h = s->glue_h[i + 1];
    if (h < 0 || h >= s->nbody) return -1;
    for (int k = 0; k < s->nrows; k++)
        if (s->rows[k].no == h + 1 && s->rows[k].nvals < s->rows[k].need) return k;
    return -1;
}

/* Walk the tokens: names, 行次, amounts. */
static void rs_walk(rs_state *s, bool *hdr, int ncolno, int need_left, int need_right, int split)
{
    bool in_hdr = false;
    int hdr_next = 1, cur = -1, burst = 0;
    bool last_no = false, after_hdr = false, holding = false;
    s->nhold = 0;
    for (int i = 0; i < s->ntok; i++) {
        rs_tok *t = &s->tok[i];
        if (t->kind == TK_TXT) {
            const char *k = tb_nkey(&s->r->nb, t->text);
            if (rs_hdr_start(k) && !in_hdr) {
                in_hdr = true;
                hdr_next = 1;
            }
            hdr[i] = rs_hdr_word(s, k, in_hdr);
            if (!hdr[i]) last_no = false;
            after_hdr = hdr[i] && !rs_side_word(k);
            continue;
        }
        if (t->kind == TK_INT) {
            if (s->colrun[i]) {
                in_hdr = false;
                /* the run ends with the last column's and a row's worth of figures
                 * follows, one after another: they are held */
                int run = 0;
                while (i + 1 + run < s->ntok && s->tok[i + 1 + run].kind == TK_AMT)
                    run++;
                holding = split > 0 && t->value == ncolno && s->nhold == 0 && s->nrows > 0 &&
                          run >= need_right;
                if (holding) cur = -1;
                continue;
            }
            holding = false;
            /* 栏次: after a header word or another 栏次 (`收入` / `1`: a 行次) */
            if (in_hdr && after_hdr && t->value == hdr_next) {
                if (++hdr_next > ncolno) in_hdr = false;
                continue;
            }
            /* a column word just before a 行次 names a row (`政府性基金预算财政拨款` / `7`) */
            if (i > 0 && hdr[i - 1] &&
                !rs_hdr_word(s, tb_nkey(&s->r->nb, s->tok[i - 1].text), false))
                hdr[i - 1] = false;
            after_hdr = false;
            if (rs_seen_no(s, t->value) || s->nrows == RS_MAXROW) continue;
            rs_row *rw = &s->rows[s->nrows];
            memset(rw, 0, sizeof *rw);
            rw->no = t->value;
            rw->tok = i;
            if (!last_no) burst++;
            rw->burst = burst;
            rw->need = split > 0 && t->value > split ? need_right : need_left;
            cur = s->nrows++;
            last_no = true;
            continue;
        }
        in_hdr = after_hdr = false;
        last_no = false;
        if (holding && s->nhold < need_right && s->nhold < RS_MAXV) {
            s->hold[s->nhold++] = i;
            continue;
        }
        holding = false;
        int ri = rs_glued_row(s, i, split);
        if (ri < 0) ri = rs_amount_row(s, cur);
        if (ri >= 0 && s->rows[ri].nvals < RS_MAXV) {
            s->rows[ri].vals[s->rows[ri].nvals++] = i;
            cur = ri;
        } else if (s->npend < RS_MAXROW) {
            s->pend[s->npend++] = i;
            cur = -1;
        }
    }
}

static int rs_cmp_name(const void *a, const void *b)
{
    const rs_name *x = a, *y = b;
    if (x->side != y->side) return x->side - y->side;
    return x->order - y->order;
}

static int rs_cmp_row(const void *a, const void *b)
{
    return ((const rs_row *)a)->no - ((const rs_row *)b)->no;
}

/* ---- output ---------------------------------------------------------------- */

static js_srccell rs_cell(const char *t, float x)
{
    js_srccell c;
    memset(&c, 0, sizeof c);
    c.text = t;
    c.len = (uint32_t)strlen(t);
    c.x0 = x;
    c.x1 = x + (float)c.len;
    return c;
}

/* One side of an output line: name, 行次, figures from x. */
static int rs_side_cells(rs_state *s, js_srccell *cc, int k, const rs_name *nm, const rs_row *rw,
                         float x)
{
    cc[k++] = rs_cell(nm->text, x);
    cc[k++] = rs_cell(s->tok[rw->tok].text, x + 40);
    for (int v = 0; v < rw->nvals; v++)
        cc[k++] = rs_cell(s->tok[rw->vals[v]].text, x + 60 + 20 * (float)v);
    return k;
}

static bool rs_emit(rs_state *s, js_srcdoc *w, int *slots, int nslots, int nleft)
{
    int nright = s->nnames - nleft, nout = nleft > nright ? nleft : nright;
    js_arena *a = s->r->doc->arena;
    for (int i = 0; i < nslots; i++)
        w->lines[slots[i]].blank = true;
    for (int i = 0; i < nout; i++) {
        js_srccell *cc = js_arena_calloc(a, 2 * (2 + RS_MAXV), sizeof *cc);
        if (!cc) return false;
        int k = 0;
        if (i < nleft) k = rs_side_cells(s, cc, k, &s->names[i], &s->rows[i], 0);
        if (i < nright) k = rs_side_cells(s, cc, k, &s->names[nleft + i], &s->rows[nleft + i], 200);
        js_buf b = {0};
        for (int c = 0; c < k; c++) {
            cc[c].index = c;
            js_buf_puts(&b, c ? "  " : "");
            js_buf_puts(&b, cc[c].text);
        }
        js_srcline *ln = &w->lines[slots[i]];
        ln->text = js_arena_strndup(a, b.data ? b.data : "", b.len);
        js_buf_release(&b);
        if (!ln->text) return false;
        ln->len = strlen(ln->text);
        ln->cells = cc;
        ln->ncells = k;
        ln->blank = false;
    }
    return true;
}

/* ---- the region ------------------------------------------------------------ */

static bool rs_region(rd *r, const js_srcdoc *src, int from, int end, int *last)
{
    int lines = 0, single = 0, ints = 0;
    *last = tb_raw_note(src, from, end);
    for (int i = from; i < *last; i++) {
        const js_srcline *ln = &src->lines[i];
        if (ln->blank) continue;
        lines++;
        single += ln->ncells == 1;
        int v;
        ints += ln->ncells == 1 && rs_int(ln->cells[0].text, ln->cells[0].len, &v);
    }
    (void)r;
    return lines >= 12 && single * 10 >= lines * 9 && ints >= 6;
}

/* A label, unit or 部门 line (公开01表, 单位：万元, 部门：…): the table reader's, left as
 * it is (`附属单位上缴收入` is a name). */
static bool rs_meta(rd *r, const js_srcline *ln)
{
    const char *k = tb_nkey(&r->nb, ln->text);
    return strstr(k, "公开") || strstr(k, "单位:") || strstr(k, "部门:") || strstr(k, "单位名称");
}

/* After the 注 line: a 栏次 number, or a piece of the header's column words (short words,
 * no figure, no sentence: `一般公共预算财政 政府性基金预算财政` / `拨款`). */
static bool rs_after_skip(const char *t, size_t n, int ncolno)
{
    int v;
    if (rs_int(t, n, &v)) return v <= ncolno;
    if (n > 90 || strstr(t, "。") || strstr(t, "，") || strstr(t, "：") || strstr(t, ":"))
        return false;
    size_t p = 0;
    while (p < n) {
        size_t q = p;
        while (q < n && t[q] != ' ')
            q++;
        if (q - p > 30 || (q > p && ((t[p] >= '0' && t[p] <= '9') || tb_amount_text(t + p, q - p))))
            return false;
        p = q + 1;
    }
    return true;
}

/* Figures drawn after the 注 line (the last row's, a total's), perhaps among the header's
 * words and 栏次, as tokens; their lines in after[0..return), -1 when out of memory. */
static int rs_after_note(rs_state *s, const js_srcdoc *w, int last, int end, int ncolno,
                         int after[16])
{
    int nafter = 0;
    for (int i = last + 1; i < end && nafter < 16; i++) {
        const js_srcline *ln = &w->lines[i];
        if (ln->blank) continue;
        if (ln->ncells == 1 && rs_after_skip(ln->cells[0].text, ln->cells[0].len, ncolno))
            continue; /* the header's words and 栏次 drawn among them */
        if (ln->ncells != 1 || !tb_amount_text(ln->cells[0].text, ln->cells[0].len)) break;
        if (!rs_cell_tokens(s, i, ln->cells[0].text, ln->cells[0].len)) return -1;
        after[nafter++] = i;
    }
    return nafter;
}

/* The right 类 names' heights (glue_h), the left rows above the totals (nbody). */
static void rs_heights(rs_state *s, int nleft)
{
    for (int i = 0; i < RS_MAXTOK; i++)
        s->glue_h[i] = -1;
    for (int i = nleft, h = 0; i < s->nnames; i++)
        if (s->names[i].order < 1000 && s->names[i].tok >= 0)
            s->glue_h[s->names[i].tok] = (short)h++;
    s->nbody = 0;
    while (s->nbody < nleft && !strstr(s->names[s->nbody].text, "合计"))
        s->nbody++;
}

/* A row's worth held after the 栏次 to the first right row still without figures; the
 * figures no row took to the rows without any, in order. */
static void rs_leftovers(rs_state *s, int nleft, int need_right)
{
    for (int i = nleft; i < s->nrows && s->nhold == need_right; i++)
        if (s->rows[i].nvals == 0) {
            memcpy(s->rows[i].vals, s->hold, (size_t)s->nhold * sizeof *s->hold);
            s->rows[i].nvals = s->nhold;
            break;
        }
    for (int i = 0, p = 0; i < s->nrows && p < s->npend; i++)
        if (s->rows[i].nvals == 0) s->rows[i].vals[s->rows[i].nvals++] = s->pend[p++];
}

static int rs_assemble(rs_state *s, js_srcdoc *w, int from, int last, int end)
{
    int *slots = js_arena_calloc(s->r->doc->arena, (size_t)(last - from) + 1, sizeof *slots);
    bool *hdr = js_arena_calloc(s->r->doc->arena, RS_MAXTOK, sizeof *hdr);
    if (!slots || !hdr) return -1;
    int nslots = 0;
    for (int i = from; i < last; i++) {
        const js_srcline *ln = &w->lines[i];
        if (ln->blank || rs_meta(s->r, ln)) continue;
        slots[nslots++] = i;
        for (int c = 0; c < ln->ncells; c++)
            if (!rs_cell_tokens(s, i, ln->cells[c].text, ln->cells[c].len)) return -1;
    }
    const js_tpl_table *tpl = s->tpl;
    int ncolno = tpl->ncols > 1 ? tpl->ncols : 2;
    int after[16], nafter = rs_after_note(s, w, last, end, ncolno, after);
    if (nafter < 0) return -1;
    int need_right = tpl->ncols > 1 ? tpl->ncols - 1 : 1;
    /* the names first: the number of the left side's rows tells the sides' 行次 apart */
    memset(hdr, 0, RS_MAXTOK * sizeof *hdr);
    rs_colruns(s, ncolno);
    rs_walk(s, hdr, ncolno, 1, need_right, 0);
    for (int i = 0; i < s->ntok; i++)
        if (s->tok[i].kind == TK_TXT && !hdr[i]) {
            int used = rs_name_at(s, i, hdr);
            if (used > 1) i += used - 1;
        }
    qsort(s->names, (size_t)s->nnames, sizeof *s->names, rs_cmp_name);
    int nleft = 0;
    while (nleft < s->nnames && s->names[nleft].side == 0)
        nleft++;
    rs_heights(s, nleft);
    /* again, each row's number of figures known */
    s->nrows = s->npend = 0;
    rs_walk(s, hdr, ncolno, 1, need_right, nleft);
    if (s->nrows != s->nnames || nleft == 0) return 0;
    qsort(s->rows, (size_t)s->nrows, sizeof *s->rows, rs_cmp_row);
    rs_leftovers(s, nleft, need_right);
    int nright = s->nnames - nleft;
    if ((nleft > nright ? nleft : nright) > nslots) return 0; /* rows sharing a line */
    for (int i = 0; i < nafter; i++)
        w->lines[after[i]].blank = true;
    return rs_emit(s, w, slots, nslots, nleft) ? 1 : -1;
}

int tb_regroup_raw_sides(rd *r, js_srcdoc *w, const js_tpl_table *tpl, int from, int end)
{
    int last;
    if (tpl->kind != JS_TPL_TWOSIDED || !rs_region(r, w, from, end, &last)) return 0;
    rs_state *s = calloc(1, sizeof *s);
    rs_tok *tok = calloc(RS_MAXTOK, sizeof *tok);
    int rc = -1;
    if (s && tok) {
        s->r = r;
        s->tpl = tpl;
        s->tok = tok;
        rc = rs_assemble(s, w, from, last, end);
    }
    free(tok);
    free(s);
    return rc;
}
