/*
 * tables_cells.c - the table reader's small helpers, the placing of values
 * into columns, and the header line (see tables.c).
 */
#include "tables.h"

#include <stdio.h>
#include <string.h>

/* ---- small helpers -------------------------------------------------------- */

/* snprintf(buf, size, "%s%s", a, b) without the printf machinery (it runs for
 * every row): cut to size - 1 bytes, always terminated (text.h js_join3). */
void tb_cat_into(char *buf, size_t size, const char *a, const char *b)
{
    js_join3(buf, size, a, b, NULL);
}

/* Append s[0..n) without spaces: the form names are compared in. Source lines are
 * normalised already (js_norm in the line reader), so this is js_norm_key of them
 * without normalising twice. */
void tb_squash(js_buf *b, const char *s, size_t n)
{
    if (js_buf_reserve(b, n)) b->len += js_drop_spaces(b->data + b->len, s, n);
}

const char *tb_nkey(js_buf *b, const char *s)
{
    b->len = 0;
    tb_squash(b, s, strlen(s));
    return b->data ? b->data : "";
}

/* strcmp(tb_nkey(b, s), w) == 0 without building the key: s with its spaces, tabs,
 * form feeds and CRs (js_drop_spaces) left out is w. Most cells differ at once. */
bool tb_key_is(const char *s, const char *w)
{
    for (;; s++) {
        char c = *s;
        if (c == ' ' || c == '\t' || c == '\f' || c == '\r') continue;
        if (c != *w) return false;
        if (!c) return true;
        w++;
    }
}

bool tb_is_blank_cell(const js_srccell *c)
{
    js_num n;
    if (c->len == 0) return true;
    unsigned char f = (unsigned char)c->text[0];
    if ((f >= '0' && f <= '9') || (f >= 0xE3 && f != 0xEF)) return false; /* digits, CJK */
    return js_num_parse(c->text, c->len, &n) == JS_NUM_BLANK;
}

bool tb_is_num_cell(const js_srccell *c, js_num *out)
{
    js_num n;
    if (c->len == 0) return false;
    char f = c->text[0]; /* text is normalised: a number starts so (quick refusal) */
    if (!((f >= '0' && f <= '9') || f == '-' || f == '+' || f == '(' || f == '.' || f == ' '))
        return false;
    if (js_num_parse(c->text, c->len, &n) != JS_NUM_VALUE) return false;
    if (out) *out = n;
    return true;
}

bool tb_amount_text(const char *t, size_t n)
{
    js_num v;
    js_srccell c = {.text = t, .len = (uint32_t)n};
    return tb_is_num_cell(&c, &v) && (v.dec > 0 || memchr(t, ',', n));
}

/* An integer without decimals (a 行次 or 栏次 number). */
bool tb_is_int_cell(const js_srccell *c, int *v)
{
    if (!js_all_digits_n(c->text, c->len) || c->len > 4) return false;
    int x = 0;
    for (size_t i = 0; i < c->len; i++)
        x = x * 10 + (c->text[i] - '0');
    if (v) *v = x;
    return true;
}

/* Skip a leading "- ", heading number "一、" and spaces of normalised s. */
const char *tb_strip_heading(const char *s, bool *had)
{
    if (had) *had = false;
    while (*s == '-' || *s == ' ' || *s == '*')
        s++;
    js_heading_num h;
    size_t k = js_heading_parse(s, strlen(s), &h);
    if (k && (h.level == 1 || h.level == 2)) {
        if (had) *had = true;
        s += k;
    }
    return s;
}

void tb_mark(rd *r, int i, int kind)
{
    if (i >= 0 && i < r->src->nlines) r->kind[i] = (unsigned char)kind;
}

static js_loc cell_loc(const js_srcline *ln, const js_srccell *c)
{
    js_loc l = ln->loc;
    if (c && c->x0 >= 0 && ln->loc.page == 0) {
        l.x0 = c->x0;
        l.x1 = c->x1;
    }
    return l;
}

/* Does the normalised line start a part (第三部分)? */
bool tb_part_heading(const char *k)
{
    size_t n = js_startswith(k, "第");
    if (!n) return false;
    int v;
    size_t m = js_cnum_parse(k + n, strlen(k + n), &v);
    return m > 0 && js_startswith(k + n + m, "部分");
}

/* ---- values ---------------------------------------------------------------- */

void tb_set_value(rd *r, tstate *st, js_row *row, int col, const js_srcline *ln,
                  const js_srccell *c, js_num n)
{
    if (!row || col < 0 || col >= st->t->ncols) return;
    js_cell *cell = &row->cells[col];
    if (cell->present && cell->value != 0) return; /* the first printed value wins */
    js_amount a;
    if (!js_num_to_amount(n, st->t->unit, &a)) return;
    js_cell_set(r->doc, cell, a, c->text, cell_loc(ln, c));
    st->nvalues++;
}

bool tb_have_colx(const tstate *st, int lo, int hi)
{
    int k = 0;
    for (int i = lo; i < hi && i < MAX_HDR; i++)
        k += st->colx[i] >= 0 || st->nanch[i] > 0;
    return k >= 2 || (k >= 1 && hi - lo == 1);
}

/* Cost of printing number c under column i: the gap between their extents, then
 * the distance of their centres; a column without a header word is costly. */
static float col_cost(const tstate *st, const js_srccell *c, int i)
{
    if (i < MAX_HDR && st->nanch[i] > 0) {
        float best = 1e9f;
        for (int a = 0; a < st->nanch[i]; a++) {
            float d = c->x1 > st->anch[i][a] ? c->x1 - st->anch[i][a] : st->anch[i][a] - c->x1;
            if (d < best) best = d;
        }
        return best;
    }
    if (i >= MAX_HDR || st->colx[i] < 0) return 1000;
    float gap = 0;
    if (c->x1 < st->colx0[i]) gap = st->colx0[i] - c->x1;
    if (c->x0 > st->colx1[i]) gap = c->x0 - st->colx1[i];
    float cx = (c->x0 + c->x1) / 2;
    float d = st->colx[i] > cx ? st->colx[i] - cx : cx - st->colx[i];
    return gap * 4 + d;
}

/* Place k numbers (sorted by x) into columns [lo, hi) keeping their order, one
 * column each, at the least total cost (layout text). False when k > hi - lo. */
static bool place_by_header(rd *r, tstate *st, js_row *row, const numref *nums, int k, int lo,
                            int hi)
{
    int m = hi - lo;
    if (k == 0 || k > m || m > MAX_HDR) return false;
    float dp[33][MAX_HDR + 1];
    signed char from[33][MAX_HDR + 1];
    for (int i = 0; i <= k; i++)
        for (int j = 0; j <= m; j++) {
            dp[i][j] = 1e30f;
            from[i][j] = -1;
        }
    for (int j = 0; j <= m; j++)
        dp[0][j] = 0;
    /* dp[i][j]: the first i numbers in the first j columns */
    for (int i = 1; i <= k; i++)
        for (int j = i; j <= m; j++) {
            float skip = dp[i][j - 1];
            float take = dp[i - 1][j - 1] + col_cost(st, nums[i - 1].c, lo + j - 1);
            if (take <= skip) {
                dp[i][j] = take;
                from[i][j] = 1;
            } else {
                dp[i][j] = skip;
                from[i][j] = 0;
            }
        }
    int j = m;
    for (int i = k; i > 0 && j > 0;) {
        if (from[i][j] == 1) {
            tb_set_value(r, st, row, lo + j - 1, nums[i - 1].ln, nums[i - 1].c, nums[i - 1].n);
            i--;
        }
        j--;
    }
    return true;
}

void tb_sort_by_x(numref *nums, int k)
{
    for (int a = 1; a < k; a++)
        for (int b = a; b > 0 && nums[b].c->x0 < nums[b - 1].c->x0; b--) {
            numref tmp = nums[b];
            nums[b] = nums[b - 1];
            nums[b - 1] = tmp;
        }
}

/* Place the numbers cells[from..to) of a line into row columns [lo, hi). */
void tb_place_values(rd *r, tstate *st, js_row *row, const js_srcline *ln, int from, int to, int lo,
                     int hi)
{
    js_num nums[64];
    int idx[64], k = 0;
    for (int c = from; c < to && k < 64; c++) {
        if (tb_is_num_cell(&ln->cells[c], &nums[k])) idx[k++] = c;
    }
    if (k == 0) return;
    int width = hi - lo;
    if (r->src->positional && tb_have_colx(st, lo, hi) && k < width) {
        numref refs[64];
        for (int i = 0; i < k; i++)
            refs[i] = (numref){ln, &ln->cells[idx[i]], nums[i]};
        if (place_by_header(r, st, row, refs, k, lo, hi)) return;
    }
    int base = st->base >= 0 ? st->base : st->hdr_base;
    if (!r->src->positional && k < width && base >= 0) {
        bool fits = true;
        for (int i = 0; i < k; i++) {
            int col = ln->cells[idx[i]].index - base;
            if (col < 0 || col >= width) fits = false;
        }
        if (fits) {
            for (int i = 0; i < k; i++)
                tb_set_value(r, st, row, lo + ln->cells[idx[i]].index - base, ln,
                             &ln->cells[idx[i]], nums[i]);
            return;
        }
    }
    for (int i = 0; i < k && i < width; i++)
        tb_set_value(r, st, row, lo + i, ln, &ln->cells[idx[i]], nums[i]);
}

/* A coded row of layout text: its numbers and those printed on lines of their own
 * above it, placed under their header words. */
void tb_place_coded_layout(rd *r, tstate *st, js_row *row, const js_srcline *ln, int from)
{
    numref nums[64];
    int k = 0;
    for (int p = 0; p < st->npend; p++)
        for (int c = 0; c < st->pend[p]->ncells && k < 64; c++)
            if (tb_is_num_cell(&st->pend[p]->cells[c], &nums[k].n)) {
                nums[k].ln = st->pend[p];
                nums[k].c = &st->pend[p]->cells[c];
                k++;
            }
    st->npend = 0;
    for (int c = from; c < ln->ncells && k < 64; c++)
        if (tb_is_num_cell(&ln->cells[c], &nums[k].n)) {
            nums[k].ln = ln;
            nums[k].c = &ln->cells[c];
            k++;
        }
    tb_sort_by_x(nums, k);
    if (tb_have_colx(st, 0, st->t->ncols) && place_by_header(r, st, row, nums, k, 0, st->t->ncols))
        return;
    for (int i = 0; i < k && i < st->t->ncols; i++)
        tb_set_value(r, st, row, i, nums[i].ln, nums[i].c, nums[i].n);
}

bool tb_numbers_only(const js_srcline *ln, int *count)
{
    int k = 0;
    for (int c = 0; c < ln->ncells; c++) {
        if (ln->cells[c].len == 0 || tb_is_blank_cell(&ln->cells[c])) continue; /* "-" is a zero */
        if (!tb_is_num_cell(&ln->cells[c], NULL)) return false;
        k++;
    }
    *count = k;
    return k > 0;
}

/* The line is 1, 2, 3 … n (a 栏次 line). */
bool tb_counting_line(const js_srcline *ln)
{
    int want = 1, k = 0;
    for (int c = 0; c < ln->ncells; c++) {
        if (ln->cells[c].len == 0) continue;
        int v;
        if (!tb_is_int_cell(&ln->cells[c], &v) || v != want) return false;
        want++;
        k++;
    }
    return k >= 2;
}

/* ---- header ---------------------------------------------------------------- */

/* Does header word w name column word cw? Exact, or a prefix of >= 3 characters. */
static bool word_names(const char *w, const char *cw)
{
    if (!*w) return false;
    if (strcmp(w, cw) == 0) return true;
    size_t n = strlen(w);
    return n >= 9 && strncmp(cw, w, n) == 0;
}

/* Does header word k name column col? */
static bool names_col(const tstate *st, int col, const char *k)
{
    const js_tpl_col *tc = &st->tpl->cols[col];
    for (int w = 0; w < tc->nwords; w++)
        if (word_names(k, tc->words[w])) return true;
    return false;
}

/* Take header word k at [x0, x1) as the header of the first column it names. */
static bool header_word(tstate *st, const char *k, float x0, float x1, bool *used_cols)
{
    for (int col = 0; col < st->tpl->ncols && col < MAX_HDR; col++) {
        if (st->colx[col] >= 0 || used_cols[col]) continue;
        const js_tpl_col *tc = &st->tpl->cols[col];
        for (int w = 0; w < tc->nwords; w++)
            if (word_names(k, tc->words[w])) {
                st->colx[col] = (x0 + x1) / 2;
                st->colx0[col] = x0;
                st->colx1[col] = x1;
                used_cols[col] = true;
                return true;
            }
    }
    return false;
}

/* Learn from a header line: 栏次 base, 行次, the split of a two-sided table,
 * and (positional text) the x of each column's header word. */
void tb_read_header(rd *r, tstate *st, const js_srcline *ln, bool *used_cols)
{
    for (int c = 0; c < ln->ncells; c++) {
        const js_srccell *cell = &ln->cells[c];
        if (cell->len == 0) continue;
        const char *k = tb_nkey(&r->nb, cell->text);
        if (strstr(k, "行次")) st->has_lineno = true;
        if ((strcmp(k, "支出") == 0 || strcmp(k, "支出项目") == 0) &&
            st->tpl->kind == JS_TPL_TWOSIDED && st->split_index < 0 && c > 0) {
            st->split_index = cell->index;
            st->split_x = cell->x0;
        }
        /* 栏次 line: the cell holding "1" (or "栏次 1") is the first value column */
        size_t kl = strlen(k);
        if (st->base < 0 && kl >= 1 && k[kl - 1] == '1' && (kl == 1 || strstr(k, "栏次")) &&
            (kl == 1 || !(k[kl - 2] >= '0' && k[kl - 2] <= '9'))) {
            bool later = false; /* a "2" follows: this is a counting line */
            for (int d = c + 1; d < ln->ncells; d++)
                if (strcmp(ln->cells[d].text, "2") == 0) later = true;
            if (later) st->base = cell->index;
        }
        /* tab text without a 栏次 line: the cell naming the first column, when
         * the next cell names the second, is the first value column */
        if (!r->src->positional && st->hdr_base < 0 && st->tpl->kind == JS_TPL_CODED &&
            st->tpl->ncols >= 2 && c + 1 < ln->ncells && names_col(st, 0, k)) {
            const char *k2 = tb_nkey(&r->nb2, ln->cells[c + 1].text);
            if (names_col(st, 1, k2)) st->hdr_base = cell->index;
        }
        if (!r->src->positional) continue;
        if (header_word(st, k, cell->x0, cell->x1, used_cols)) continue;
        /* words printed one space apart share a cell: "基本支出 项目支出" */
        const char *t = cell->text;
        size_t i = 0;
        int col = 0;
        while (t[i]) {
            while (t[i] == ' ') {
                i++;
                col++;
            }
            size_t start = i;
            int c0 = col;
            while (t[i] && t[i] != ' ') {
                int32_t cp;
                i += (size_t)js_utf8_decode(t + i, strlen(t + i), &cp);
                col++;
            }
            if (i > start && (start > 0 || t[i])) {
                js_buf *b = &r->nb2;
                b->len = 0;
                tb_squash(b, t + start, i - start);
                if (b->data)
                    header_word(st, b->data, cell->x0 + (float)c0, cell->x0 + (float)col,
                                used_cols);
            }
        }
    }
}
