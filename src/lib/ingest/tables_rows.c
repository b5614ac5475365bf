/*
 * tables_rows.c - the table reader's row readers (two-sided, coded, 06, 07),
 * 06 in layout text, and the cleaning of a line of layout text (see tables.c).
 */
#include "tables.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- row readers ------------------------------------------------------------ */

static bool key_seen(const tstate *st, const char *key)
{
    for (int i = 0; i < st->nseen; i++)
        if (strcmp(st->seen_keys[i], key) == 0) return true;
    return false;
}

static void remember_key(tstate *st, const char *key)
{
    if (st->nseen < 64) st->seen_keys[st->nseen++] = key;
}

/* Is name a prefix (>= 4 characters) of exactly candidate? (a wrapped name) */
static bool name_prefix(const char *name, const char *cand)
{
    size_t n = strlen(name);
    return n >= 12 && strncmp(cand, name, n) == 0;
}

/* strcmp(a, b) == 0, the first two bytes compared in line: the names of a template's rows
 * are compared with every name read, and most differ there (a CJK name's lead byte is one
 * of a few, its second byte one of 64). */
static inline bool same_name(const char *a, const char *b)
{
    return a[0] == b[0] && (a[0] == '\0' || (a[1] == b[1] && strcmp(a, b) == 0));
}

/* The row key a printed name of a two-sided table stands for; side 0 left, 1 right, -1 unknown. */
/* The fixed row of a two-sided table named name (exact, or a wrapped prefix), or NULL. */
static const char *fixed_row(tstate *st, const char *name, int side, bool prefix)
{
    const js_tpl_table *tpl = st->tpl;
    const char *best = NULL;
    int bestscore = -1;
    for (int i = 0; i < tpl->nrows; i++) {
        const js_tpl_row *w = &tpl->rows[i];
        bool m = false;
        for (int j = 0; j < w->nnames && !m; j++)
            m = prefix ? name_prefix(name, w->names[j]) : same_name(w->names[j], name);
        if (!m) continue;
        int wside = strncmp(w->key, "支出:", strlen("支出:")) == 0 ? 1 : 0;
        if (prefix && side >= 0 && wside != side) continue;
        int score = 1;
        if (side >= 0 && wside != side) score -= 2;
        if (w->after) {
            if (!key_seen(st, w->after)) continue;
            score += 2;
        } else if (key_seen(st, w->key)) {
            score -= 1;
        }
        if (score > bestscore) {
            bestscore = score;
            best = w->key;
        }
    }
    return best;
}

/* The row key a printed name of a two-sided table stands for; side 0 left, 1 right,
 * -1 unknown. A name cut short by wrapping (a prefix of a row name) is accepted only
 * when it was printed with its heading number (wrapped) - header words such as
 * "一般公共预算" are not rows. */
static const char *twosided_key(rd *r, tstate *st, const char *name, int side, bool wrapped,
                                char *buf, size_t bufsize)
{
    const char *best = fixed_row(st, name, side, false);
    if (best) return best;
    /* the template's 类 names first (cheap, normalised), then the catalogue */
    const char *code = NULL;
    int n;
    const js_tpl_class *cl = js_templates_classes(r->tp, &n);
    for (int i = 0; i < n && !code; i++)
        if (strcmp(cl[i].name, name) == 0) code = cl[i].code;
    size_t nl = strlen(name), zl = strlen("支出"); /* every 类 name ends so */
    if (!code && nl > zl && strcmp(name + nl - zl, "支出") == 0)
        code = js_catalog_func_class(r->ctx ? r->ctx->catalog : NULL, name);
    if (!code && wrapped) {
        best = fixed_row(st, name, side, true);
        if (best) return best;
        for (int i = 0; i < n && !code && side != 0; i++)
            if (name_prefix(name, cl[i].name)) code = cl[i].code;
    }
    if (!code) return NULL;
    tb_cat_into(buf, bufsize, "支出:", code);
    return buf;
}

/* The index of ln in the source: a cleaned line (tb_clean_line) is a copy outside it. */
static int line_index(const rd *r, const tstate *st, const js_srcline *ln)
{
    if (ln >= r->src->lines && ln < r->src->lines + r->src->nlines)
        return (int)(ln - r->src->lines);
    return st->cur_line;
}

static js_row *add_row(rd *r, tstate *st, const char *key, const char *code, const char *name,
                       const js_srcline *ln)
{
    if (st->copy) {
        const js_row *kept = js_table_row(st->t, key);
        if (kept) { /* read into a scratch row, kept nowhere */
            st->copy_dup++;
            memset(&st->scratch, 0, sizeof st->scratch);
            memset(st->scratch_cells, 0, sizeof st->scratch_cells);
            /* the kept row's key: key may be the caller's stack buffer (支出:code
             * of a two-sided table), and remember_key keeps the pointer */
            st->scratch.key = kept->key;
            st->scratch.dup_of = -1;
            st->scratch.cells = st->scratch_cells;
            st->last_row = &st->scratch;
            st->last_row_line = line_index(r, st, ln);
            st->last_row_page = ln->loc.page;
            return &st->scratch;
        }
        st->copy_new++;
    }
    js_row *row = js_table_row_add(r->doc, st->t, key, code, name, ln->loc);
    if (!row) return NULL;
    if (row->dup_of >= 0)
        js_doc_note(r->doc, "ROW-TWICE", st->t->no, ln->loc, "公开%s表的行“%s”重复出现（第%d行）",
                    js_table_id(st->t->no), key, st->t->rows[row->dup_of].loc.line);
    st->last_row = row;
    st->last_row_line = line_index(r, st, ln);
    st->last_row_page = ln->loc.page;
    return row;
}

static bool is_name_cell(const js_srccell *c)
{
    return c->len > 0 && !tb_is_num_cell(c, NULL) && !tb_is_blank_cell(c);
}

/* A header repeated on a new page (项目 行次 金额 | 项目 行次 合计 一般公共预算财政拨款
 * …) names no rows, even where its column words are the 年初 sub-rows' names. */
static bool twosided_header(const js_srcline *ln)
{
    for (int c = 0; c < ln->ncells; c++)
        if (tb_key_is(ln->cells[c].text, "项目") || tb_key_is(ln->cells[c].text, "行次"))
            return true;
    return false;
}

/* The side of the ni-th name cell of a line of nnames names: 0 income, 1
 * expenditure, -1 unknown. */
static int twosided_side(rd *r, tstate *st, const js_srccell *cell, int c, int ni, int nnames)
{
    int side = -1;
    if (nnames >= 2) {
        side = ni == 0 ? 0 : 1;
        if (ni == 1 && (st->right_x < 0 || cell->x0 < st->right_x)) st->right_x = cell->x0;
    } else if (r->src->positional) {
        float rx = st->right_x >= 0 ? st->right_x : st->split_x;
        if (rx >= 0) side = cell->x0 >= rx - 2 ? 1 : 0;
    } else if (st->split_index >= 0) {
        side = cell->index >= st->split_index ? 1 : 0;
    }
    if (side < 0 && !r->src->positional && c >= 3) side = 1;
    return side;
}

/* Positional text: this row's numbers, its own (cells [from, end)) and those
 * printed on the line above it (pend) between its name and the next name; in
 * order of x, into columns [lo, hi). */
static void twosided_layout_values(rd *r, tstate *st, js_row *row, const js_srcline *ln,
                                   const js_srcline *pend, int c, int ni, int from, int end, int lo,
                                   int hi)
{
    numref nums[32];
    int k2 = 0;
    float nx0 = ni == 0 ? -1e9f : ln->cells[c].x0;
    float nx1 = end < ln->ncells ? ln->cells[end].x0 : 1e9f;
    for (int q = 0; pend && q < pend->ncells && k2 < 32; q++) {
        const js_srccell *pc = &pend->cells[q];
        if (pc->x0 + 2 >= nx0 && pc->x0 + 2 < nx1 && tb_is_num_cell(pc, &nums[k2].n)) {
            nums[k2].ln = pend;
            nums[k2].c = pc;
            k2++;
        }
    }
    for (int q = from; q < end && k2 < 32; q++)
        if (tb_is_num_cell(&ln->cells[q], &nums[k2].n)) {
            nums[k2].ln = ln;
            nums[k2].c = &ln->cells[q];
            k2++;
        }
    tb_sort_by_x(nums, k2);
    for (int q = 0; q < k2 && lo + q < hi; q++)
        tb_set_value(r, st, row, lo + q, nums[q].ln, nums[q].c, nums[q].n);
}

/* The row named by cell c: its 行次 and values (cells [c + 1, end)). */
static void twosided_values(rd *r, tstate *st, js_row *row, const js_srcline *ln,
                            const js_srcline *pend, int c, int ni, int end)
{
    int from = c + 1;
    bool lineno_here =
        from < end && tb_is_int_cell(&ln->cells[from], NULL) && (end - from >= 2 || st->has_lineno);
    if ((st->has_lineno && !r->src->positional && from < end) || lineno_here) {
        int v;
        if (tb_is_int_cell(&ln->cells[from], &v)) row->lineno = v;
        if (ln->cells[from].len == 0 || tb_is_int_cell(&ln->cells[from], NULL)) from++;
    }
    bool right = strncmp(row->key, "支出:", strlen("支出:")) == 0;
    int lo = right && st->t->ncols > 1 ? 1 : 0;
    int hi = right ? st->t->ncols : 1;
    if (r->src->positional) {
        twosided_layout_values(r, st, row, ln, pend, c, ni, from, end, lo, hi);
        return;
    }
    /* after the name (and 行次) each cell is one column, printed or not: a zero
     * printed "-" or left empty keeps its place, and the next side's 行次 (a row
     * with no name on that side) is no value of this one */
    for (int q = from; q < end && lo + (q - from) < hi; q++) {
        js_num v;
        if (tb_is_num_cell(&ln->cells[q], &v))
            tb_set_value(r, st, row, lo + (q - from), ln, &ln->cells[q], v);
    }
}

/* A PDF's table printed without rulings: a name wrapped onto the next line
 * (`国有资本经营预算财政拨` / `款`), that line holding only its end, short, at the name's
 * x on the same page. Appends it to name (capacity cap) and says so. */
static bool wrapped_end(rd *r, tstate *st, const js_srcline *ln, const js_srccell *cell, char *name,
                        size_t cap)
{
    int i = line_index(r, st, ln);
    if (!ln->loc.page || i < 0 || i + 1 >= r->src->nlines) return false;
    const js_srcline *nx = &r->src->lines[i + 1];
    if (nx->loc.page != ln->loc.page || nx->ncells != 1 || nx->cells[0].len == 0 ||
        nx->cells[0].len > 9 || fabsf(nx->cells[0].x0 - cell->x0) > 3)
        return false;
    for (const char *t = nx->cells[0].text; *t; t++)
        if (*t >= '0' && *t <= '9') return false;
    size_t n = strlen(name);
    if (n + nx->cells[0].len + 1 > cap) return false;
    memcpy(name + n, nx->cells[0].text, nx->cells[0].len + 1);
    return true;
}

bool tb_read_twosided(rd *r, tstate *st, const js_srcline *ln)
{
    bool any = false;
    int n = ln->ncells;
    int cnt;
    if (r->src->positional && tb_numbers_only(ln, &cnt)) {
        if (strchr(ln->text, '.')) st->pend_line = ln; /* amounts printed above their row */
        return false;                                  /* (not a line of 行次 only) */
    }
    if (twosided_header(ln)) return false;
    const js_srcline *pend = st->pend_line;
    st->pend_line = NULL;
    /* each cell classified once: a name or not */
    bool isname[128];
    if (n > 128) n = 128;
    int nnames = 0;
    for (int c = 0; c < n; c++)
        nnames += (isname[c] = is_name_cell(&ln->cells[c]));
    int ni = -1;
    for (int c = 0; c < n; c++) {
        if (!isname[c]) continue;
        ni++;
        bool numbered;
        const char *k = tb_strip_heading(tb_nkey(&r->nb, ln->cells[c].text), &numbered);
        int side = twosided_side(r, st, &ln->cells[c], c, ni, nnames);
        char buf[64];
        char name[256];
        tb_cat_into(name, sizeof name, k, "");
        const char *key = twosided_key(r, st, name, side, numbered, buf, sizeof buf);
        if (!key && wrapped_end(r, st, ln, &ln->cells[c], name, sizeof name))
            key = twosided_key(r, st, name, side, numbered, buf, sizeof buf);
        /* the cells up to the next name cell belong to this row */
        int end = c + 1;
        while (end < n && !isname[end])
            end++;
        if (key) {
            js_row *row = add_row(r, st, key, NULL, name, ln);
            if (!row) return false;
            remember_key(st, row->key);
            any = true;
            twosided_values(r, st, row, ln, pend, c, ni, end);
            if (strcmp(key, "收入:总计") == 0 || strcmp(key, "支出:总计") == 0)
                st->total_seen = true;
        }
        c = end - 1;
    }
    if (!any && pend) st->pend_line = pend; /* a header or a wrapped name between */
    return any;
}

/* Parse a leading code: "2010301", "201 06 01" or cells "201" "06" "01". On
 * success fills code, advances cell and off past it (off: bytes into the cell's text). */
static bool read_code(const js_srcline *ln, int *cell, size_t *off, char *code, size_t cap,
                      int maxlen)
{
    int c = *cell;
    const char *s = ln->cells[c].text + *off;
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9')
        n++;
    if (n < 3 || n > (size_t)maxlen || (s[n] && s[n] != ' ')) return false;
    if (n >= cap) return false;
    memcpy(code, s, n);
    code[n] = 0;
    size_t len = n;
    size_t p = *off + n;
    const char *t = ln->cells[c].text;
    /* more digit groups in the same cell: "201 06 01", or junk "310 101" */
    for (;;) {
        size_t q = p;
        while (t[q] == ' ')
            q++;
        size_t d = 0;
        while (t[q + d] >= '0' && t[q + d] <= '9')
            d++;
        if (d == 0 || (t[q + d] && t[q + d] != ' ')) break;
        if (d == 2 && len + 2 <= (size_t)maxlen && len + 2 < cap) {
            memcpy(code + len, t + q, 2);
            len += 2;
            code[len] = 0;
        }
        p = q + d;
    }
    while (t[p] == ' ')
        p++;
    /* groups in the following cells: "201" "06" "01" */
    if (!t[p]) {
        while (c + 1 < ln->ncells && ln->cells[c + 1].len == 2 &&
               js_all_digits_n(ln->cells[c + 1].text, 2) && len + 2 <= (size_t)maxlen &&
               len + 2 < cap) {
            memcpy(code + len, ln->cells[c + 1].text, 2);
            len += 2;
            code[len] = 0;
            c++;
        }
        if (c + 1 < ln->ncells) {
            *cell = c + 1;
            *off = 0;
        } else {
            *cell = ln->ncells;
            *off = 0;
        }
    } else {
        *cell = c;
        *off = p;
    }
    return true;
}

bool tb_read_coded(rd *r, tstate *st, const js_srcline *ln)
{
    int n = ln->ncells;
    int c = 0;
    while (c < n && ln->cells[c].len == 0)
        c++;
    if (c >= n) return false;
    int cnt;
    const js_srccell *c0 = &ln->cells[c];
    size_t dl = 0;
    while (dl < c0->len && c0->text[dl] >= '0' && c0->text[dl] <= '9')
        dl++;
    bool codelike = dl >= 3 && dl <= 7 && (dl == c0->len || c0->text[dl] == ' ');
    if (!codelike && tb_numbers_only(ln, &cnt)) {
        if (r->src->positional && !tb_counting_line(ln) && strchr(ln->text, '.')) {
            if (st->npend == 4) {
                memmove(st->pend, st->pend + 1, 3 * sizeof st->pend[0]);
                st->npend--;
            }
            st->pend[st->npend++] = ln;
        }
        return false;
    }
    char code[16];
    size_t off = 0;
    int cell = c;
    const char *key = NULL;
    if (read_code(ln, &cell, &off, code, sizeof code, 7)) {
        key = code;
    } else {
        /* 合计, possibly spaced over cells ("合" "" "计") */
        js_buf *b = &r->nb2;
        b->len = 0;
        int d = c;
        for (; d < n && d < c + 6; d++) { /* up to 类 款 项 and name cells */
            if (tb_is_num_cell(&ln->cells[d], NULL)) break;
            tb_squash(b, ln->cells[d].text, ln->cells[d].len);
        }
        const char *k = b->data && b->len ? b->data : "";
        /* the 类 款 项 labels printed on the 合计 line ("类 款 项 合计 2,946.25 …") */
        size_t lk;
        while ((lk = js_startswith(k, "类")) || (lk = js_startswith(k, "款")) ||
               (lk = js_startswith(k, "项")))
            k += lk;
        if (strcmp(k, "合计") != 0 && strcmp(k, "总计") != 0) return false;
        key = "合计";
        cell = d;
        off = 0;
        code[0] = 0;
    }
    /* the name: rest of the code's cell, then text cells up to the first number */
    js_buf *b = &r->nb;
    b->len = 0;
    if (cell < n && off > 0) {
        tb_squash(b, ln->cells[cell].text + off, strlen(ln->cells[cell].text + off));
        cell++;
    }
    int from = cell;
    for (; from < n; from++) {
        if (tb_is_num_cell(&ln->cells[from], NULL)) break;
        if (strcmp(key, "合计") == 0) continue;
        tb_squash(b, ln->cells[from].text, ln->cells[from].len);
    }
    char name[512];
    tb_cat_into(name, sizeof name, b->data && b->len ? b->data : "", "");
    js_row *row = add_row(r, st, key, code[0] ? code : NULL, name[0] ? name : NULL, ln);
    if (!row) return false;
    if (strcmp(key, "合计") == 0) st->total_seen = true;
    if (r->src->positional)
        tb_place_coded_layout(r, st, row, ln, from);
    else
        tb_place_values(r, st, row, ln, from, n, 0, st->t->ncols);
    return true;
}

/* 06: code/name/value triples scanned across the line. */
bool tb_read_econ(rd *r, tstate *st, const js_srcline *ln)
{
    int n = ln->ncells;
    bool any = false;
    js_row *row = NULL;
    bool want_value = false;
    for (int c = 0; c < n; c++) {
        const js_srccell *cell = &ln->cells[c];
        if (cell->len == 0) continue;
        js_num num;
        bool isnum = tb_is_num_cell(cell, &num);
        /* a code: 3 or 5 digits starting with 3, followed by a name (same or next cell) */
        if (cell->text[0] == '3') {
            char code[16];
            int cc = c;
            size_t off = 0;
            if (read_code(ln, &cc, &off, code, sizeof code, 5) &&
                (strlen(code) == 3 || strlen(code) == 5)) {
                bool named = off > 0;
                if (!named) {
                    int d = cc;
                    while (d < n && ln->cells[d].len == 0)
                        d++;
                    named = d < n && !tb_is_num_cell(&ln->cells[d], NULL) &&
                            !tb_is_blank_cell(&ln->cells[d]);
                }
                if (named || !want_value) {
                    js_buf *b = &r->nb;
                    b->len = 0;
                    int d = cc;
                    if (off > 0 && d < n) {
                        tb_squash(b, ln->cells[d].text + off, strlen(ln->cells[d].text + off));
                        d++;
                    } else {
                        while (d < n && ln->cells[d].len == 0)
                            d++;
                        if (d < n && !tb_is_num_cell(&ln->cells[d], NULL)) {
                            tb_squash(b, ln->cells[d].text, ln->cells[d].len);
                            d++;
                        }
                    }
                    row = add_row(r, st, code, code, b->data && b->len ? b->data : NULL, ln);
                    if (!row) return false;
                    any = true;
                    want_value = true;
                    c = d - 1;
                    continue;
                }
            }
        }
        if (isnum) {
            if (want_value && row) {
                tb_set_value(r, st, row, 0, ln, cell, num);
                want_value = false;
            }
            continue;
        }
        if (tb_is_blank_cell(cell)) continue;
        /* a fixed row: 人员经费合计 / 公用经费合计 */
        const char *k = tb_nkey(&r->nb, cell->text);
        for (int i = 0; i < st->tpl->nrows; i++) {
            const js_tpl_row *w = &st->tpl->rows[i];
            for (int j = 0; j < w->nnames; j++)
                if (same_name(w->names[j], k)) {
                    row = add_row(r, st, w->key, NULL, k, ln);
                    if (!row) return false;
                    any = true;
                    want_value = true;
                    st->total_seen = true;
                    goto next;
                }
        }
    next:;
    }
    if (!any && r->src->positional && st->pend_line == NULL) {
        int cnt;
        if (tb_numbers_only(ln, &cnt)) st->pend_line = ln;
    }
    return any;
}

/* 07: the one line of numbers (not the 1 2 3 … 12 栏次 line). */
bool tb_read_sangong(rd *r, tstate *st, const js_srcline *ln)
{
    int cnt;
    if (!tb_numbers_only(ln, &cnt) || tb_counting_line(ln)) return false;
    if (cnt < 2 && !(r->src->positional && tb_have_colx(st, 0, st->t->ncols))) return false;
    js_row *row = js_table_row(st->t, "三公经费");
    if (!row) row = add_row(r, st, "三公经费", NULL, NULL, ln);
    if (!row) return false;
    if (st->sg_col > 0 && st->sg_col + cnt <= st->t->ncols &&
        !(r->src->positional && tb_have_colx(st, 0, st->t->ncols))) {
        /* the rest of the row on a line of its own (预算 6, then 决算 6) */
        int col = st->sg_col;
        for (int c = 0; c < ln->ncells; c++) {
            js_num n;
            if (tb_is_num_cell(&ln->cells[c], &n))
                tb_set_value(r, st, row, col++, ln, &ln->cells[c], n);
        }
        st->sg_col = col;
    } else {
        tb_place_values(r, st, row, ln, 0, ln->ncells, 0, st->t->ncols);
        st->sg_col = cnt < st->t->ncols ? cnt : 0;
    }
    st->total_seen = true;
    return true;
}

/* A line of text only (a wrapped name) right after a row without values on it. */
void tb_wrapped_name(rd *r, tstate *st, const js_srcline *ln, int li)
{
    js_row *row = st->last_row;
    if (!row || li - st->last_row_line > 3 || st->tpl->kind != JS_TPL_CODED) return;
    /* a cell never runs over a page: text at the top of the next page (a header
     * repeated, wrapped differently) is no part of the name */
    if (ln->loc.page && ln->loc.page != st->last_row_page) return;
    for (int c = 0; c < ln->ncells; c++)
        if (tb_is_num_cell(&ln->cells[c], NULL)) return;
    if (ln->ncells != 1 || tb_header_line(r, st->tpl, ln)) return; /* a header repeated */
    const char *k = tb_nkey(&r->nb, ln->text);
    if (!*k || strlen(k) > 90) return;
    row->name = js_arena_printf(r->doc->arena, "%s%s", row->name ? row->name : "", k);
    st->last_row_line = li;
}

/* ---- 06 in layout text ---------------------------------------------------------
 * pdftotext -layout prints a 2024 06 row over several lines: the value on the line
 * above (or on the code line), the 类 code, the 款 digits on the code line or the
 * line below, the name below and wrapped. The groups side by side are told apart
 * by the x of their 类 codes; each group keeps its own entry being read. */

#define ECON_GROUPS 4

typedef struct econ_entry {
    bool open;
    char code[16];
    const char *fixed; /* 人员经费合计/公用经费合计 key */
    js_buf name;
    numref val;
    bool has_val;
    const js_srcline *ln;
    int line;      /* index of the code line */
    int last_line; /* last line that added to it */
} econ_entry;

typedef struct econ_group {
    float start;
    econ_entry e;
    numref pend[4];
    int npend;
} econ_group;

static int econ_group_of(const econ_group *g, int ng, float x)
{
    int k = 0;
    for (int i = 0; i < ng; i++)
        if (g[i].start <= x + 1) k = i;
    return k;
}

static bool econ_flush(rd *r, tstate *st, econ_entry *e)
{
    if (!e->open) return true;
    e->open = false;
    const char *key = e->fixed ? e->fixed : e->code;
    js_row *row =
        add_row(r, st, key, e->fixed ? NULL : e->code, e->name.len ? e->name.data : NULL, e->ln);
    if (!row) return false;
    if (e->fixed) st->total_seen = true;
    if (e->has_val) tb_set_value(r, st, row, 0, e->val.ln, e->val.c, e->val.n);
    return true;
}

static void econ_open(econ_group *g, const js_srcline *ln, int li)
{
    econ_entry *e = &g->e;
    e->open = true;
    e->code[0] = 0;
    e->fixed = NULL;
    e->name.len = 0;
    if (e->name.data) e->name.data[0] = 0;
    e->has_val = false;
    e->ln = ln;
    e->line = li;
    e->last_line = li;
    if (g->npend > 0) { /* the number printed above the code */
        e->val = g->pend[g->npend - 1];
        e->has_val = true;
        g->npend = 0;
    }
}

/* Group starts: clusters of the x of 3-digit codes starting with 3 (the first group
 * from the left edge). Returns the number of groups. */
static int econ_groups_find(const js_srcdoc *src, int from, int end, econ_group *g)
{
    float xs[256];
    int nx = 0, ng = 0;
    for (int i = from; i < end && nx < 256; i++) {
        const js_srcline *ln = &src->lines[i];
        for (int c = 0; c < ln->ncells && nx < 256; c++) {
            const char *t = ln->cells[c].text;
            while (*t == '\f')
                t++;
            if (t[0] == '3' && js_all_digits_n(t, 3) && (t[3] == 0 || t[3] == ' '))
                xs[nx++] = ln->cells[c].x0;
        }
    }
    for (int a = 1; a < nx; a++)
        for (int b = a; b > 0 && xs[b] < xs[b - 1]; b--) {
            float tmp = xs[b];
            xs[b] = xs[b - 1];
            xs[b - 1] = tmp;
        }
    for (int a = 0; a < nx; a++)
        if ((ng == 0 || xs[a] - xs[a - 1] > 10) && ng < ECON_GROUPS) g[ng++].start = xs[a];
    if (ng > 0) g[0].start = -1e9f;
    return ng;
}

/* The key of the fixed row (人员经费合计, 公用经费合计) named k, or NULL. */
static const char *econ_fixed(const tstate *st, const char *k)
{
    for (int w = 0; w < st->tpl->nrows; w++)
        for (int j = 0; j < st->tpl->rows[w].nnames; j++)
            if (same_name(st->tpl->rows[w].names[j], k)) return st->tpl->rows[w].key;
    return NULL;
}

/* The group of a cell: by x, except that the cells after a code on the same line
 * follow it, and a code after a code goes to the next group (*cur_g: the group of
 * the line's last code, -1 none). */
static int econ_cell_group(rd *r, tstate *st, const econ_group *g, int ng, const js_srccell *cell,
                           const char *t, int *cur_g)
{
    int xg = econ_group_of(g, ng, cell->x0);
    size_t d0 = 0;
    while (t[d0] >= '0' && t[d0] <= '9')
        d0++;
    bool opens = t[0] == '3' && (d0 == 3 || d0 == 5) && (t[d0] == 0 || t[d0] == ' ');
    if (!opens && d0 == 0) opens = econ_fixed(st, tb_nkey(&r->nb, t)) != NULL;
    int gi = xg;
    if (opens) {
        if (*cur_g >= 0 && xg <= *cur_g && *cur_g + 1 < ng) gi = *cur_g + 1;
        *cur_g = gi;
    } else if (*cur_g >= 0) {
        gi = *cur_g;
    }
    return gi;
}

/* Digit groups at the start of t: a 类 code opens an entry, 2 digits extend it.
 * Returns the offset of the text after them; false in *ok when out of memory. */
static size_t econ_codes(rd *r, tstate *st, econ_group *gr, const js_srcline *ln, int i,
                         const char *t, bool *ok)
{
    econ_entry *e = &gr->e;
    size_t p = 0;
    while (t[p] >= '0' && t[p] <= '9') {
        size_t d = 0;
        while (t[p + d] >= '0' && t[p + d] <= '9')
            d++;
        if (t[p + d] && t[p + d] != ' ') break;
        if (p == 0 && (d == 3 || d == 5) && t[p] == '3') {
            if (!econ_flush(r, st, e)) *ok = false;
            econ_open(gr, ln, i);
            memcpy(e->code, t + p, d);
            e->code[d] = 0;
        } else if (d == 2 && e->open && strlen(e->code) == 3 && i - e->line <= 3) {
            memcpy(e->code + 3, t + p, 2);
            e->code[5] = 0;
            e->last_line = i;
        }
        p += d;
        while (t[p] == ' ')
            p++;
    }
    return p;
}

/* One cell t of line i into its group gr. false when out of memory. */
static bool econ_cell(rd *r, tstate *st, econ_group *gr, const js_srcline *ln, int i,
                      const js_srccell *cell, const char *t)
{
    econ_entry *e = &gr->e;
    js_num n;
    /* an amount: decimals or thousands separators (whole 元: "634,100"), never a code */
    if (tb_is_num_cell(cell, &n) && (strchr(t, '.') || strchr(t, ','))) {
        if (e->open && e->line == i && !e->has_val) {
            e->val = (numref){ln, cell, n};
            e->has_val = true;
        } else if (gr->npend < 4) {
            gr->pend[gr->npend++] = (numref){ln, cell, n};
        }
        return true;
    }
    bool ok = true;
    size_t p = econ_codes(r, st, gr, ln, i, t, &ok);
    if (!t[p]) return ok;
    const char *k = tb_nkey(&r->nb, t + p);
    const char *fixed = econ_fixed(st, k);
    if (fixed) {
        if (!econ_flush(r, st, e)) ok = false;
        econ_open(gr, ln, i);
        e->fixed = fixed;
    } else if (e->open && !e->fixed && i - e->last_line <= 3 &&
               (!ln->loc.page || !e->ln->loc.page || ln->loc.page == e->ln->loc.page)) {
        /* a cell never runs over a page: text at the top of the next page (the header
         * repeated, `经济分类科目` / `编码` on lines of their own) is no part of a name */
        js_buf_puts(&e->name, k);
        e->last_line = i;
    }
    return ok;
}

/* Read table 06 of layout text: lines [from, end) of the region (already marked). */
int tb_read_econ_layout(rd *r, tstate *st, int from, int end)
{
    const js_srcdoc *src = r->src;
    econ_group g[ECON_GROUPS];
    memset(g, 0, sizeof g);
    int ng = econ_groups_find(src, from, end, g);
    if (ng == 0) return JS_OK;
    for (int i = 0; i < ng; i++)
        js_buf_init(&g[i].e.name);
    bool ok = true;
    for (int i = from; i < end && ok; i++) {
        const js_srcline *ln = &src->lines[i];
        if (ln->blank || r->kind[i] != JS_LINE_TABLE) continue;
        st->cur_line = i;
        if (!(ln = tb_clean_line(r, ln))) return JS_EINTERNAL;
        if (tb_header_line(r, st->tpl, ln)) continue; /* the header repeated on a new page */
        int cur_g = -1;
        for (int c = 0; c < ln->ncells && ok; c++) {
            const char *t = ln->cells[c].text;
            while (*t == '\f' || *t == ' ')
                t++;
            if (!*t) continue;
            int gi = econ_cell_group(r, st, g, ng, &ln->cells[c], t, &cur_g);
            ok = econ_cell(r, st, &g[gi], ln, i, &ln->cells[c], t);
        }
    }
    for (int i = 0; i < ng; i++) {
        if (ok && !econ_flush(r, st, &g[i].e)) ok = false;
        js_buf_release(&g[i].e.name);
    }
    return ok ? JS_OK : JS_EINTERNAL;
}

/* ---- cleaning a line of layout text ---------------------------------------------- */

static bool numberish(const char *s, size_t n)
{
    bool digit = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9')
            digit = true;
        else if (c != ',' && c != '.' && c != '-' && c != '(' && c != ')' && c != '%')
            return false;
    }
    return digit;
}

/* The line with a page break glued to its first cell removed and, in layout text,
 * cells split where a number and another word are one space apart ("8 103.82",
 * "75.40 一、一般公共服务支出", "301 工资福利支出"); "186. 67" stays one number.
 * Returns ln itself when nothing changes, NULL when out of memory. */
const js_srcline *tb_clean_line(rd *r, const js_srcline *ln)
{
    bool ff = memchr(ln->text, '\f', ln->len) != NULL;
    bool split = false;
    int ntok = 0;
    if (r->src->positional) {
        for (int c = 0; c < ln->ncells; c++) {
            const char *t = ln->cells[c].text;
            int words = 1;
            for (size_t i = 0; i < ln->cells[c].len; i++)
                if (t[i] == ' ') words++;
            ntok += words;
            if (words > 1) split = true;
        }
    }
    if (!ff && !split) return ln;
    js_arena *a = r->doc->arena;
    js_srcline *cl = js_arena_alloc(a, sizeof *cl);
    int cap = (split ? ntok : 0) + ln->ncells;
    js_srccell *cc = js_arena_calloc(a, (size_t)cap, sizeof *cc);
    if (!cl || !cc) return NULL;
    *cl = *ln;
    int n = 0;
    for (int c = 0; c < ln->ncells; c++) {
        js_srccell cell = ln->cells[c];
        while (cell.len > 0 && (cell.text[0] == '\f' || cell.text[0] == ' ')) {
            cell.text++;
            cell.len--;
        }
        if (!split || !memchr(cell.text, ' ', cell.len)) {
            cc[n++] = cell;
            continue;
        }
        /* words with their code point columns */
        const char *t = cell.text;
        size_t i = 0;
        int col = 0;
        size_t ws[64], we[64];
        int wc0[64], wc1[64], nw = 0;
        while (i < cell.len && nw < 64) {
            while (i < cell.len && t[i] == ' ') {
                i++;
                col++;
            }
            if (i >= cell.len) break;
            ws[nw] = i;
            wc0[nw] = col;
            while (i < cell.len && t[i] != ' ') {
                int32_t cp;
                i += (size_t)js_utf8_decode(t + i, cell.len - i, &cp);
                col++;
            }
            we[nw] = i;
            wc1[nw] = col;
            nw++;
        }
        if (i < cell.len) { /* too many words: keep the cell */
            cc[n++] = cell;
            continue;
        }
        /* join words into pieces: split only where a number meets another word */
        int start = 0;
        for (int w = 1; w <= nw; w++) {
            bool cut = w == nw;
            if (!cut) {
                bool a_num = numberish(t + ws[w - 1], we[w - 1] - ws[w - 1]);
                bool b_num = numberish(t + ws[w], we[w] - ws[w]);
                bool dot_join = a_num && b_num && t[we[w - 1] - 1] == '.';
                cut = (a_num || b_num) && !dot_join;
            }
            if (!cut) continue;
            js_srccell *p = &cc[n++];
            *p = cell;
            p->text = js_arena_strndup(a, t + ws[start], we[w - 1] - ws[start]);
            if (!p->text) return NULL;
            p->len = we[w - 1] - ws[start];
            p->x0 = cell.x0 + (float)wc0[start];
            p->x1 = cell.x0 + (float)wc1[w - 1];
            start = w;
        }
    }
    cl->cells = cc;
    cl->ncells = n;
    return cl;
}
