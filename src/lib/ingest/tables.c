/*
 * tables.c - the nine tables from source lines (recognize.h step 1).
 *
 * A table is found by its TITLE (templates, data/templates/templates.tsv), not
 * by the "公开NN表" label printed beside it. Its region runs from the title to
 * the next title, a part heading (第三部分), or the end of its 注/explanation
 * lines. Inside a region each line is a label, unit, 部门, 注 line, header or
 * row; rows are read according to the table's kind:
 *
 *   twosided (01, 04)  every name cell on a line is placed by its NAME (the
 *                      template's fixed rows, the 类 names), with the 行次 and
 *                      the values that follow it, never by position alone;
 *   coded (02 03 05 08 09)  a 功能分类 code (one cell "2010301", "201 06 01",
 *                      or split over cells) or 合计, a name, values;
 *   econ (06)          code/name/value triples scanned left to right, so the
 *                      three side-by-side groups, shifted cells and the final
 *                      人员经费合计/公用经费合计 line need no fixed positions;
 *   sangong (07)       one line of twelve numbers.
 *
 * Values go to columns in order, or by cell index relative to the 栏次 line
 * (tab-separated text), or by the nearest header word (positional text from
 * pdftotext -layout). Every line of a region is marked JS_LINE_TABLE; titles
 * in the table of contents are marked JS_LINE_TOC.
 */
#include "recognize.h"

#include <stdio.h>
#include <string.h>

#define MAX_HITS 256
#define MAX_REGION 2000 /* lines a table may span */
#define MAX_HDR 32

typedef struct title_hit {
    int line; /* index into src->lines */
    int no;
    bool toc;
} title_hit;

typedef struct rd {
    const js_ctx *ctx;
    const js_srcdoc *src;
    unsigned char *kind;
    js_doc *doc;
    const js_templates *tp;
    const char *form;
    js_buf nb; /* scratch for normalised text */
    js_buf nb2;
    /* the department of the first 部门： line (normalised), and without a
     * trailing "(本级)": a title may be printed after it */
    const char *dept_key[2];
    bool eof_inside; /* the last table read ran to the end of the input */
    int eof_no;
} rd;

/* Per-table reading state. */
typedef struct tstate {
    js_table *t;
    const js_tpl_table *tpl;
    int base;            /* cell index of the first value column (栏次 line), -1 unknown */
    int hdr_base;        /* the same from the header words (no 栏次 line), -1 unknown */
    bool has_lineno;     /* the header has a 行次 column */
    int split_index;     /* cell index where the right side starts (twosided), -1 */
    float split_x;       /* x where the right side starts (positional), -1 */
    float right_x;       /* least x of a right-side name seen beside a left-side one, -1 */
    float colx[MAX_HDR]; /* centre x of each column's header word, -1 unknown */
    float colx0[MAX_HDR], colx1[MAX_HDR]; /* its extent */
    /* right edges of the numbers of each column in rows that fill every column
     * (layout text: numbers are right-aligned, header words are not) */
    float anch[MAX_HDR][8];
    int nanch[MAX_HDR];
    bool header_done;
    bool seen_note; /* a 注 line was seen */
    int after_note; /* lines since the last 注 line */
    bool total_seen;
    int nvalues;               /* values set */
    const char *seen_keys[64]; /* keys seen so far (for "after" rows) */
    int nseen;
    /* numbers printed on a line of their own before their row (layout text) */
    const js_srcline *pend_line;
    const js_srcline *pend[4]; /* numbers-only lines above the next coded row */
    int npend;
    /* a second region under the same title: a copy of the table (its rows are
     * already there) or its continuation (new rows) */
    bool copy;
    int copy_new, copy_dup;
    int sg_col; /* 07: the next column when its row is printed over two lines */
    js_row scratch;
    js_cell scratch_cells[MAX_HDR];
    /* last row, for wrapped names */
    js_row *last_row;
    int last_row_line;
} tstate;

static const js_srcline *clean_line(rd *r, const js_srcline *ln);

/* ---- small helpers -------------------------------------------------------- */

/* snprintf(buf, size, "%s%s", a, b) without the printf machinery (it runs for
 * every row): cut to size - 1 bytes, always terminated. */
static void cat_into(char *buf, size_t size, const char *a, const char *b)
{
    if (size == 0) return;
    size_t o = 0;
    for (const char *p = a; *p && o + 1 < size; p++)
        buf[o++] = *p;
    for (const char *p = b; *p && o + 1 < size; p++)
        buf[o++] = *p;
    buf[o] = '\0';
}

/* Append s[0..n) without spaces: the form names are compared in. Source lines are
 * normalised already (js_norm in the line reader), so this is js_norm_key of them
 * without normalising twice. */
static void squash(js_buf *b, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        /* the next separator: strcspn (vectorised) stops at one or at a NUL */
        size_t j = i + strcspn(s + i, " \t\f\r");
        if (j > n) j = n;
        if (j < n && s[j] == '\0') /* a NUL inside s[0..n) is kept: byte by byte from here */
            while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '\f' && s[j] != '\r')
                j++;
        if (j > i) js_buf_append(b, s + i, j - i);
        i = j + 1;
    }
    if (!b->data) js_buf_putc(b, 0), b->len = 0;
}

static const char *nkey(js_buf *b, const char *s)
{
    b->len = 0;
    squash(b, s, strlen(s));
    return b->data ? b->data : "";
}

static bool is_blank_cell(const js_srccell *c)
{
    js_num n;
    if (c->len == 0) return true;
    unsigned char f = (unsigned char)c->text[0];
    if ((f >= '0' && f <= '9') || (f >= 0xE3 && f != 0xEF)) return false; /* digits, CJK */
    return js_num_parse(c->text, c->len, &n) == JS_NUM_BLANK;
}

static bool is_num_cell(const js_srccell *c, js_num *out)
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

static bool all_digits(const char *s, size_t n)
{
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* An integer without decimals (a 行次 or 栏次 number). */
static bool is_int_cell(const js_srccell *c, int *v)
{
    if (!all_digits(c->text, c->len) || c->len > 4) return false;
    int x = 0;
    for (size_t i = 0; i < c->len; i++)
        x = x * 10 + (c->text[i] - '0');
    if (v) *v = x;
    return true;
}

/* Skip a leading "- ", heading number "一、" and spaces of normalised s. */
static const char *strip_heading(const char *s, bool *had)
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

static void mark(rd *r, int i, int kind)
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
static bool part_heading(const char *k)
{
    size_t n = js_startswith(k, "第");
    if (!n) return false;
    int v;
    size_t m = js_cnum_parse(k + n, strlen(k + n), &v);
    return m > 0 && js_startswith(k + n + m, "部分");
}

/* ---- titles --------------------------------------------------------------- */

/* The table titled s, also after a short prefix ending in 年度 or 年
 * ("2024年度收入支出决算总表"); 0 if none. */
static int title_after_year(rd *r, const char *s)
{
    int no = js_templates_title(r->tp, s);
    if (no) return no;
    const char *y = strstr(s, "年度");
    size_t yl = 6;
    if (!y) {
        y = strstr(s, "年");
        yl = 3;
    }
    if (y && (size_t)(y - s) <= 60) no = js_templates_title(r->tp, y + yl);
    return no;
}

/* The table whose title this line is (0 if none); *toc when it is a contents entry. */
static int title_of_text(rd *r, const char *text, bool *toc);

static int title_of(rd *r, const js_srcline *ln, bool *toc)
{
    *toc = false;
    if (ln->blank || ln->len > 240 || ln->ncells > 4 || !strstr(ln->text, "表")) return 0;
    return title_of_text(r, ln->text, toc);
}

/* A title wrapped over lines i and i + 1 ("一般公共预算财政拨款“三公”经费" /
 * "支出决算表"): the table, 0 if none. The first line is one short cell
 * without 表 that is no title alone. */
static int title_wrapped(rd *r, int i, bool *toc)
{
    *toc = false;
    const js_srcline *ln = &r->src->lines[i];
    if (i + 1 >= r->src->nlines || ln->blank || ln->ncells != 1 || ln->len > 90 ||
        strstr(ln->text, "表"))
        return 0;
    const js_srcline *nx = &r->src->lines[i + 1];
    if (nx->blank || nx->ncells > 4 || nx->len > 150 || !strstr(nx->text, "表")) return 0;
    char both[256];
    cat_into(both, sizeof both, ln->text, nx->text);
    return title_of_text(r, both, toc);
}

static int title_of_text(rd *r, const char *text, bool *toc)
{
    *toc = false;
    const char *k = nkey(&r->nb, text);
    bool numbered = false;
    bool dash = k[0] == '-';
    const char *s = strip_heading(k, &numbered);
    char cut[256];
    int no = 0;
    for (int pass = 0; pass < 2 && !no; pass++) {
        if (pass == 1) {
            /* a suffix after the title: "（续）", "公开01表", "单位：万元" */
            static const char *const tails[] = {"(", "公开", "单位:", "金额单位"};
            cat_into(cut, sizeof cut, s, "");
            bool any = false;
            for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
                char *p = strstr(cut, tails[t]);
                if (p && p > cut) {
                    *p = 0;
                    any = true;
                }
            }
            if (!any) break;
            s = cut;
        }
        no = title_after_year(r, s);
        /* the department in front: "株洲市人民政府办公室2020年度收入支出决算总表" */
        for (int d = 0; d < 2 && !no; d++) {
            const char *dk = r->dept_key[d];
            size_t dl = dk ? strlen(dk) : 0;
            if (dl && strncmp(s, dk, dl) == 0) no = title_after_year(r, s + dl);
        }
    }
    if (no) *toc = numbered || dash;
    return no;
}

/* ---- meta lines ------------------------------------------------------------ */

static int year_in(const char *k)
{
    for (const char *p = k; *p; p++) {
        if (p[0] >= '1' && p[0] <= '2' && all_digits(p, 4) && js_startswith(p + 4, "年")) {
            if (p > k && p[-1] >= '0' && p[-1] <= '9') continue;
            int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
            if (y >= 1990 && y <= 2100) return y;
        }
    }
    return 0;
}

/* Unit named in a normalised line with 单位; -1 if none. */
static int unit_in(const char *k)
{
    const char *u = strstr(k, "单位:");
    if (!u) return -1;
    u += strlen("单位:");
    if (js_startswith(u, "万")) return JS_UNIT_WANYUAN;
    if (js_startswith(u, "元")) return JS_UNIT_YUAN;
    return -1;
}

/* The printed 公开NN表 number ("03") in a normalised line, copied to out[3]. */
static bool label_in(const char *k, char out[4])
{
    const char *p = strstr(k, "公开");
    while (p) {
        const char *q = p + strlen("公开");
        size_t d = 0;
        while (q[d] >= '0' && q[d] <= '9' && d < 3)
            d++;
        if (d >= 1 && d <= 2 && js_startswith(q + d, "表")) {
            if (d == 1) {
                out[0] = '0';
                out[1] = q[0];
            } else {
                out[0] = q[0];
                out[1] = q[1];
            }
            out[2] = 0;
            return true;
        }
        p = strstr(q, "公开");
    }
    return false;
}

/* The department named in a line ("部门：X", "单位名称：X"), NULL if none. */
static const char *dept_in(rd *r, const js_srcline *ln)
{
    static const char *const marks[] = {"部门:", "单位名称:", "编制单位:", "部门名称:"};
    for (int c = 0; c < ln->ncells; c++) {
        const char *k = nkey(&r->nb, ln->cells[c].text);
        for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++) {
            const char *p = strstr(k, marks[m]);
            if (!p || (p != k && m == 0 && p - k > 12)) continue;
            const char *v = p + strlen(marks[m]);
            if (!*v && c + 1 < ln->ncells) v = nkey(&r->nb, ln->cells[c + 1].text);
            if (!*v) return NULL;
            /* cut at a following 单位/年度 mention printed in the same cell */
            size_t n = strlen(v);
            const char *stop = strstr(v, "单位:");
            if (stop) n = (size_t)(stop - v);
            stop = strstr(v, "金额");
            if (stop && (size_t)(stop - v) < n) n = (size_t)(stop - v);
            return n ? js_arena_strndup(r->doc->arena, v, n) : NULL;
        }
    }
    return NULL;
}

/* The sentence of text that says the table is empty, or NULL. */
static const char *empty_sentence(rd *r, const char *text)
{
    static const char *const marks[] = {"无数据", "本表无", "没有",     "本单位无", "无“三公”",
                                        "无三公", "无国有", "无政府性", "未发生",   "不涉及"};
    const char *hit = NULL;
    for (size_t m = 0; m < sizeof marks / sizeof marks[0] && !hit; m++)
        hit = strstr(text, marks[m]);
    if (!hit) return NULL;
    const char *start = text;
    for (const char *p = text; p < hit; p++)
        if (js_startswith(p, "。")) start = p + strlen("。");
    const char *end = strstr(hit, "。");
    end = end ? end + strlen("。") : text + strlen(text);
    size_t n = (size_t)(end - start);
    const char *s = js_trim(start, &n);
    size_t k = js_startswith(s, "注:");
    if (!k) k = js_startswith(s, "注：");
    s += k;
    n -= k;
    s = js_trim(s, &n);
    /* "本表反映…情况，本单位没有…": keep the clause that explains */
    if (js_startswith(s, "本表反映")) {
        const char *comma = NULL;
        for (const char *p = s; p < hit && !comma; p++)
            if (*p == ',' || js_startswith(p, "，")) comma = p;
        if (comma) {
            size_t skip = (size_t)(comma - s) + (*comma == ',' ? 1 : strlen("，"));
            s += skip;
            n -= skip;
            s = js_trim(s, &n);
        }
    }
    return js_arena_strndup(r->doc->arena, s, n);
}

/* ---- values ---------------------------------------------------------------- */

static void set_value(rd *r, tstate *st, js_row *row, int col, const js_srcline *ln,
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

static bool have_colx(const tstate *st, int lo, int hi)
{
    int k = 0;
    for (int i = lo; i < hi && i < MAX_HDR; i++)
        k += st->colx[i] >= 0 || st->nanch[i] > 0;
    return k >= 2 || (k >= 1 && hi - lo == 1);
}

typedef struct numref {
    const js_srcline *ln;
    const js_srccell *c;
    js_num n;
} numref;

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
            set_value(r, st, row, lo + j - 1, nums[i - 1].ln, nums[i - 1].c, nums[i - 1].n);
            i--;
        }
        j--;
    }
    return true;
}

static void sort_by_x(numref *nums, int k)
{
    for (int a = 1; a < k; a++)
        for (int b = a; b > 0 && nums[b].c->x0 < nums[b - 1].c->x0; b--) {
            numref tmp = nums[b];
            nums[b] = nums[b - 1];
            nums[b - 1] = tmp;
        }
}

/* Place the numbers cells[from..to) of a line into row columns [lo, hi). */
static void place_values(rd *r, tstate *st, js_row *row, const js_srcline *ln, int from, int to,
                         int lo, int hi)
{
    js_num nums[64];
    int idx[64], k = 0;
    for (int c = from; c < to && k < 64; c++) {
        if (is_num_cell(&ln->cells[c], &nums[k])) idx[k++] = c;
    }
    if (k == 0) return;
    int width = hi - lo;
    if (r->src->positional && have_colx(st, lo, hi) && k < width) {
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
                set_value(r, st, row, lo + ln->cells[idx[i]].index - base, ln, &ln->cells[idx[i]],
                          nums[i]);
            return;
        }
    }
    for (int i = 0; i < k && i < width; i++)
        set_value(r, st, row, lo + i, ln, &ln->cells[idx[i]], nums[i]);
}

/* A coded row of layout text: its numbers and those printed on lines of their own
 * above it, placed under their header words. */
static void place_coded_layout(rd *r, tstate *st, js_row *row, const js_srcline *ln, int from)
{
    numref nums[64];
    int k = 0;
    for (int p = 0; p < st->npend; p++)
        for (int c = 0; c < st->pend[p]->ncells && k < 64; c++)
            if (is_num_cell(&st->pend[p]->cells[c], &nums[k].n)) {
                nums[k].ln = st->pend[p];
                nums[k].c = &st->pend[p]->cells[c];
                k++;
            }
    st->npend = 0;
    for (int c = from; c < ln->ncells && k < 64; c++)
        if (is_num_cell(&ln->cells[c], &nums[k].n)) {
            nums[k].ln = ln;
            nums[k].c = &ln->cells[c];
            k++;
        }
    sort_by_x(nums, k);
    if (have_colx(st, 0, st->t->ncols) && place_by_header(r, st, row, nums, k, 0, st->t->ncols))
        return;
    for (int i = 0; i < k && i < st->t->ncols; i++)
        set_value(r, st, row, i, nums[i].ln, nums[i].c, nums[i].n);
}

static bool numbers_only(const js_srcline *ln, int *count)
{
    int k = 0;
    for (int c = 0; c < ln->ncells; c++) {
        if (ln->cells[c].len == 0 || is_blank_cell(&ln->cells[c])) continue; /* "-" is a zero */
        if (!is_num_cell(&ln->cells[c], NULL)) return false;
        k++;
    }
    *count = k;
    return k > 0;
}

/* The line is 1, 2, 3 … n (a 栏次 line). */
static bool counting_line(const js_srcline *ln)
{
    int want = 1, k = 0;
    for (int c = 0; c < ln->ncells; c++) {
        if (ln->cells[c].len == 0) continue;
        int v;
        if (!is_int_cell(&ln->cells[c], &v) || v != want) return false;
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
static void read_header(rd *r, tstate *st, const js_srcline *ln, bool *used_cols)
{
    for (int c = 0; c < ln->ncells; c++) {
        const js_srccell *cell = &ln->cells[c];
        if (cell->len == 0) continue;
        const char *k = nkey(&r->nb, cell->text);
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
            const char *k2 = nkey(&r->nb2, ln->cells[c + 1].text);
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
                squash(b, t + start, i - start);
                if (b->data)
                    header_word(st, b->data, cell->x0 + (float)c0, cell->x0 + (float)col,
                                used_cols);
            }
        }
    }
}

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
            m = prefix ? name_prefix(name, w->names[j]) : strcmp(w->names[j], name) == 0;
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
    cat_into(buf, bufsize, "支出:", code);
    return buf;
}

static js_row *add_row(rd *r, tstate *st, const char *key, const char *code, const char *name,
                       const js_srcline *ln)
{
    if (st->copy) {
        if (js_table_row(st->t, key)) { /* read into a scratch row, kept nowhere */
            st->copy_dup++;
            memset(&st->scratch, 0, sizeof st->scratch);
            memset(st->scratch_cells, 0, sizeof st->scratch_cells);
            st->scratch.key = key;
            st->scratch.dup_of = -1;
            st->scratch.cells = st->scratch_cells;
            st->last_row = &st->scratch;
            st->last_row_line = (int)(ln - r->src->lines);
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
    st->last_row_line = (int)(ln - r->src->lines);
    return row;
}

static bool is_name_cell(const js_srccell *c)
{
    return c->len > 0 && !is_num_cell(c, NULL) && !is_blank_cell(c);
}

static bool read_twosided(rd *r, tstate *st, const js_srcline *ln)
{
    bool any = false;
    int n = ln->ncells;
    int cnt;
    if (r->src->positional && numbers_only(ln, &cnt)) {
        if (strchr(ln->text, '.')) st->pend_line = ln; /* amounts printed above their row */
        return false;                                  /* (not a line of 行次 only) */
    }
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
        const js_srccell *cell = &ln->cells[c];
        if (!isname[c]) continue;
        ni++;
        bool numbered;
        const char *k = strip_heading(nkey(&r->nb, cell->text), &numbered);
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
        char buf[64];
        char name[256];
        cat_into(name, sizeof name, k, "");
        const char *key = twosided_key(r, st, name, side, numbered, buf, sizeof buf);
        /* the cells up to the next name cell belong to this row */
        int end = c + 1;
        while (end < n && !isname[end])
            end++;
        if (!key) {
            c = end - 1;
            continue;
        }
        js_row *row = add_row(r, st, key, NULL, name, ln);
        if (!row) return false;
        remember_key(st, row->key);
        any = true;
        int from = c + 1;
        bool lineno_here = from < end && is_int_cell(&ln->cells[from], NULL) &&
                           (end - from >= 2 || st->has_lineno);
        if ((st->has_lineno && !r->src->positional && from < end) || lineno_here) {
            int v;
            if (is_int_cell(&ln->cells[from], &v)) row->lineno = v;
            if (ln->cells[from].len == 0 || is_int_cell(&ln->cells[from], NULL)) from++;
        }
        bool right = strncmp(key, "支出:", strlen("支出:")) == 0;
        int lo = right && st->t->ncols > 1 ? 1 : 0;
        int hi = right ? st->t->ncols : 1;
        if (!r->src->positional) {
            /* after the name (and 行次) each cell is one column, printed or not: a
             * zero printed "-" or left empty keeps its place, and the next side's
             * 行次 (a row with no name on that side) is no value of this one */
            for (int q = from; q < end && lo + (q - from) < hi; q++) {
                js_num v;
                if (is_num_cell(&ln->cells[q], &v))
                    set_value(r, st, row, lo + (q - from), ln, &ln->cells[q], v);
            }
        } else if (!r->src->positional) {
            place_values(r, st, row, ln, from, end, lo, hi);
        } else {
            /* this row's numbers: its own, and those printed on the line above it
             * between its name and the next name; in order of x */
            numref nums[32];
            int k2 = 0;
            float nx0 = cell->x0;
            float nx1 = end < n ? ln->cells[end].x0 : 1e9f;
            if (ni == 0) nx0 = -1e9f;
            for (int q = 0; pend && q < pend->ncells && k2 < 32; q++) {
                const js_srccell *pc = &pend->cells[q];
                if (pc->x0 + 2 >= nx0 && pc->x0 + 2 < nx1 && is_num_cell(pc, &nums[k2].n)) {
                    nums[k2].ln = pend;
                    nums[k2].c = pc;
                    k2++;
                }
            }
            for (int q = from; q < end && k2 < 32; q++)
                if (is_num_cell(&ln->cells[q], &nums[k2].n)) {
                    nums[k2].ln = ln;
                    nums[k2].c = &ln->cells[q];
                    k2++;
                }
            sort_by_x(nums, k2);
            for (int q = 0; q < k2 && lo + q < hi; q++)
                set_value(r, st, row, lo + q, nums[q].ln, nums[q].c, nums[q].n);
        }
        if (strcmp(key, "收入:总计") == 0 || strcmp(key, "支出:总计") == 0) st->total_seen = true;
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
               all_digits(ln->cells[c + 1].text, 2) && len + 2 <= (size_t)maxlen && len + 2 < cap) {
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

static bool read_coded(rd *r, tstate *st, const js_srcline *ln)
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
    if (!codelike && numbers_only(ln, &cnt)) {
        if (r->src->positional && !counting_line(ln) && strchr(ln->text, '.')) {
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
            if (is_num_cell(&ln->cells[d], NULL)) break;
            squash(b, ln->cells[d].text, ln->cells[d].len);
        }
        const char *k = b->data && b->len ? b->data : "";
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
        squash(b, ln->cells[cell].text + off, strlen(ln->cells[cell].text + off));
        cell++;
    }
    int from = cell;
    for (; from < n; from++) {
        if (is_num_cell(&ln->cells[from], NULL)) break;
        if (strcmp(key, "合计") == 0) continue;
        squash(b, ln->cells[from].text, ln->cells[from].len);
    }
    char name[512];
    cat_into(name, sizeof name, b->data && b->len ? b->data : "", "");
    js_row *row = add_row(r, st, key, code[0] ? code : NULL, name[0] ? name : NULL, ln);
    if (!row) return false;
    if (strcmp(key, "合计") == 0) st->total_seen = true;
    if (r->src->positional)
        place_coded_layout(r, st, row, ln, from);
    else
        place_values(r, st, row, ln, from, n, 0, st->t->ncols);
    return true;
}

/* 06: code/name/value triples scanned across the line. */
static bool read_econ(rd *r, tstate *st, const js_srcline *ln)
{
    int n = ln->ncells;
    bool any = false;
    js_row *row = NULL;
    bool want_value = false;
    for (int c = 0; c < n; c++) {
        const js_srccell *cell = &ln->cells[c];
        if (cell->len == 0) continue;
        js_num num;
        bool isnum = is_num_cell(cell, &num);
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
                    named =
                        d < n && !is_num_cell(&ln->cells[d], NULL) && !is_blank_cell(&ln->cells[d]);
                }
                if (named || !want_value) {
                    js_buf *b = &r->nb;
                    b->len = 0;
                    int d = cc;
                    if (off > 0 && d < n) {
                        squash(b, ln->cells[d].text + off, strlen(ln->cells[d].text + off));
                        d++;
                    } else {
                        while (d < n && ln->cells[d].len == 0)
                            d++;
                        if (d < n && !is_num_cell(&ln->cells[d], NULL)) {
                            squash(b, ln->cells[d].text, ln->cells[d].len);
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
                set_value(r, st, row, 0, ln, cell, num);
                want_value = false;
            }
            continue;
        }
        if (is_blank_cell(cell)) continue;
        /* a fixed row: 人员经费合计 / 公用经费合计 */
        const char *k = nkey(&r->nb, cell->text);
        for (int i = 0; i < st->tpl->nrows; i++) {
            const js_tpl_row *w = &st->tpl->rows[i];
            for (int j = 0; j < w->nnames; j++)
                if (strcmp(w->names[j], k) == 0) {
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
        if (numbers_only(ln, &cnt)) st->pend_line = ln;
    }
    return any;
}

/* 07: the one line of numbers (not the 1 2 3 … 12 栏次 line). */
static bool read_sangong(rd *r, tstate *st, const js_srcline *ln)
{
    int cnt;
    if (!numbers_only(ln, &cnt) || counting_line(ln)) return false;
    if (cnt < 2 && !(r->src->positional && have_colx(st, 0, st->t->ncols))) return false;
    js_row *row = js_table_row(st->t, "三公经费");
    if (!row) row = add_row(r, st, "三公经费", NULL, NULL, ln);
    if (!row) return false;
    if (st->sg_col > 0 && st->sg_col + cnt <= st->t->ncols &&
        !(r->src->positional && have_colx(st, 0, st->t->ncols))) {
        /* the rest of the row on a line of its own (预算 6, then 决算 6) */
        int col = st->sg_col;
        for (int c = 0; c < ln->ncells; c++) {
            js_num n;
            if (is_num_cell(&ln->cells[c], &n)) set_value(r, st, row, col++, ln, &ln->cells[c], n);
        }
        st->sg_col = col;
    } else {
        place_values(r, st, row, ln, 0, ln->ncells, 0, st->t->ncols);
        st->sg_col = cnt < st->t->ncols ? cnt : 0;
    }
    st->total_seen = true;
    return true;
}

/* A line of text only (a wrapped name) right after a row without values on it. */
static void wrapped_name(rd *r, tstate *st, const js_srcline *ln, int li)
{
    js_row *row = st->last_row;
    if (!row || li - st->last_row_line > 3 || st->tpl->kind != JS_TPL_CODED) return;
    for (int c = 0; c < ln->ncells; c++)
        if (is_num_cell(&ln->cells[c], NULL)) return;
    if (ln->ncells != 1) return;
    const char *k = nkey(&r->nb, ln->text);
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
    if (e->has_val) set_value(r, st, row, 0, e->val.ln, e->val.c, e->val.n);
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

/* Read table 06 of layout text: lines [from, end) of the region (already marked). */
static int read_econ_layout(rd *r, tstate *st, int from, int end)
{
    const js_srcdoc *src = r->src;
    econ_group g[ECON_GROUPS];
    memset(g, 0, sizeof g);
    int ng = 0;
    /* group starts: clusters of the x of 3-digit codes starting with 3 */
    float xs[256];
    int nx = 0;
    for (int i = from; i < end && nx < 256; i++) {
        const js_srcline *ln = &src->lines[i];
        for (int c = 0; c < ln->ncells && nx < 256; c++) {
            const char *t = ln->cells[c].text;
            while (*t == '\f')
                t++;
            if (t[0] == '3' && all_digits(t, 3) && (t[3] == 0 || t[3] == ' '))
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
    if (ng == 0) return JS_OK;
    g[0].start = -1e9f;
    for (int i = 0; i < ng; i++)
        js_buf_init(&g[i].e.name);
    int rc = JS_OK;
    for (int i = from; i < end && rc == JS_OK; i++) {
        const js_srcline *ln = &src->lines[i];
        if (ln->blank || r->kind[i] != JS_LINE_TABLE) continue;
        if (!(ln = clean_line(r, ln))) return JS_EINTERNAL;
        int cur_g = -1;
        for (int c = 0; c < ln->ncells && rc == JS_OK; c++) {
            const js_srccell *cell = &ln->cells[c];
            const char *t = cell->text;
            while (*t == '\f' || *t == ' ')
                t++;
            if (!*t) continue;
            /* the group: by x, except that the cells after a code on the same line
             * follow it, and a code after a code goes to the next group */
            int xg = econ_group_of(g, ng, cell->x0);
            size_t d0 = 0;
            while (t[d0] >= '0' && t[d0] <= '9')
                d0++;
            bool opens = t[0] == '3' && (d0 == 3 || d0 == 5) && (t[d0] == 0 || t[d0] == ' ');
            if (!opens && d0 == 0) {
                const char *k0 = nkey(&r->nb, t);
                for (int w = 0; w < st->tpl->nrows && !opens; w++)
                    for (int j = 0; j < st->tpl->rows[w].nnames && !opens; j++)
                        opens = strcmp(st->tpl->rows[w].names[j], k0) == 0;
            }
            int gi = xg;
            if (opens) {
                if (cur_g >= 0 && xg <= cur_g && cur_g + 1 < ng) gi = cur_g + 1;
                cur_g = gi;
            } else if (cur_g >= 0) {
                gi = cur_g;
            }
            econ_group *gr = &g[gi];
            econ_entry *e = &gr->e;
            js_num n;
            /* an amount: decimals or thousands separators (whole 元: "634,100"),
             * never a code */
            if (is_num_cell(cell, &n) && (strchr(t, '.') || strchr(t, ','))) {
                if (e->open && e->line == i && !e->has_val) {
                    e->val = (numref){ln, cell, n};
                    e->has_val = true;
                } else if (gr->npend < 4) {
                    gr->pend[gr->npend++] = (numref){ln, cell, n};
                }
                continue;
            }
            /* digit groups: a 类 code opens an entry, 2 digits extend it */
            size_t p = 0;
            while (t[p] >= '0' && t[p] <= '9') {
                size_t d = 0;
                while (t[p + d] >= '0' && t[p + d] <= '9')
                    d++;
                if (t[p + d] && t[p + d] != ' ') break;
                if (p == 0 && (d == 3 || d == 5) && t[p] == '3') {
                    if (!econ_flush(r, st, e)) rc = JS_EINTERNAL;
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
            if (!t[p]) continue;
            const char *k = nkey(&r->nb, t + p);
            const char *fixed = NULL;
            for (int w = 0; w < st->tpl->nrows && !fixed; w++)
                for (int j = 0; j < st->tpl->rows[w].nnames && !fixed; j++)
                    if (strcmp(st->tpl->rows[w].names[j], k) == 0) fixed = st->tpl->rows[w].key;
            if (fixed) {
                if (!econ_flush(r, st, e)) rc = JS_EINTERNAL;
                econ_open(gr, ln, i);
                e->fixed = fixed;
                continue;
            }
            if (e->open && !e->fixed && i - e->last_line <= 3) {
                js_buf_puts(&e->name, k);
                e->last_line = i;
            }
        }
    }
    for (int i = 0; i < ng; i++) {
        if (rc == JS_OK && !econ_flush(r, st, &g[i].e)) rc = JS_EINTERNAL;
        js_buf_release(&g[i].e.name);
    }
    return rc;
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
static const js_srcline *clean_line(rd *r, const js_srcline *ln)
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

/* ---- one table ---------------------------------------------------------------- */

/* Layout text: the right edges of numbers in rows that print every column. */
static void learn_anchors(tstate *st, const js_srcdoc *src, int from, int end)
{
    int ncols = st->t->ncols < MAX_HDR ? st->t->ncols : MAX_HDR;
    for (int i = from; i < end; i++) {
        const js_srcline *ln = &src->lines[i];
        if (ln->ncells < ncols + 1) continue;
        const js_srccell *num[MAX_HDR];
        int k = 0;
        bool over = false;
        for (int c = 1; c < ln->ncells; c++)
            if (is_num_cell(&ln->cells[c], NULL) && strchr(ln->cells[c].text, '.')) {
                if (k == ncols)
                    over = true;
                else
                    num[k++] = &ln->cells[c];
            }
        if (over || k != ncols) continue;
        for (int c = 0; c < ncols; c++)
            if (st->nanch[c] < 8) st->anch[c][st->nanch[c]++] = num[c]->x1;
    }
}

static bool region_stop(rd *r, tstate *st, const js_srcline *ln)
{
    if (ln->blank) return false;
    if (!st->seen_note && !strstr(ln->text, "部分") && !strstr(ln->text, "绩效") &&
        !strstr(ln->text, "说明") && !strstr(ln->text, "名词解释") && !strstr(ln->text, "附件") &&
        !strstr(ln->text, "、"))
        return false;
    const char *k = nkey(&r->nb, ln->text);
    if (part_heading(k)) return true;
    if (strstr(k, "绩效自评表") || strstr(k, "情况说明") || strstr(k, "名词解释") ||
        js_startswith(k, "附件"))
        return ln->ncells <= 1;
    /* a heading of the narrative (一、…) after a table whose rows never start so */
    if (ln->ncells <= 1 && st->tpl->kind != JS_TPL_TWOSIDED && st->t->nrows > 0) {
        js_heading_num h;
        if (js_heading_parse(k, strlen(k), &h) && h.level == 1) return true;
    }
    if (st->seen_note) {
        if (js_startswith(k, "注")) return false;
        js_heading_num h;
        size_t hk = js_heading_parse(k, strlen(k), &h);
        if (hk && h.level == 3 && st->after_note <= 3) return false; /* "2.本套报表…" */
        if (empty_sentence(r, k) && st->after_note <= 3) return false;
        return true;
    }
    return false;
}

static int read_table(rd *r, const title_hit *h, int end)
{
    const js_srcdoc *src = r->src;
    js_doc *doc = r->doc;
    const js_srcline *tl = &src->lines[h->line];
    const js_tpl_table *tpl = js_templates_table(r->tp, r->form, h->no);
    if (!tpl) return JS_OK;
    js_table *t = doc->tables[h->no];
    bool copy = t != NULL; /* printed again, or continued under its title */
    if (!copy) {
        const char *cols[MAX_HDR];
        int ncols = tpl->ncols < MAX_HDR ? tpl->ncols : MAX_HDR;
        for (int i = 0; i < ncols; i++)
            cols[i] = tpl->cols[i].key;
        t = js_doc_table_add(doc, h->no, ncols, cols);
        if (!t) return JS_EINTERNAL;
        t->title = js_arena_strdup(doc->arena, nkey(&r->nb, tl->text));
        t->loc = tl->loc;
        t->end = tl->loc;
        char lab[4];
        if (label_in(t->title, lab)) { /* printed on the title's line */
            t->label = js_arena_strdup(doc->arena, lab);
            t->label_loc = tl->loc;
        }
        /* the unit printed just above the title (a page's top right corner
         * extracted first): the unit of this table unless its region says one */
        for (int i = h->line - 1, seen = 0; i >= 0 && i >= h->line - 8 && seen < 3; i--) {
            const js_srcline *ln = &src->lines[i];
            if (ln->blank) continue;
            seen++;
            if (ln->len > 80 || ln->ncells > 2) break;
            int u = strstr(ln->text, "单位") ? unit_in(nkey(&r->nb, ln->text)) : -1;
            if (u >= 0) {
                t->unit = u;
                if (!doc->unit && u) doc->unit = u;
                break;
            }
        }
    }
    tstate st;
    memset(&st, 0, sizeof st);
    st.t = t;
    st.tpl = tpl;
    st.copy = copy;
    st.base = -1;
    st.hdr_base = -1;
    st.split_index = -1;
    st.split_x = -1;
    st.right_x = -1;
    for (int i = 0; i < MAX_HDR; i++)
        st.colx[i] = -1;
    bool used_cols[MAX_HDR] = {0};
    if (src->positional && tpl->kind == JS_TPL_CODED) learn_anchors(&st, src, h->line + 1, end);
    mark(r, h->line, JS_LINE_TABLE);
    int last = h->line;
    r->eof_inside = end == src->nlines;
    r->eof_no = h->no;
    for (int i = h->line + 1; i < end; i++) {
        const js_srcline *ln = &src->lines[i];
        if (region_stop(r, &st, ln)) {
            r->eof_inside = false;
            break;
        }
        mark(r, i, JS_LINE_TABLE);
        if (ln->blank) continue;
        last = i;
        if (st.seen_note) st.after_note++;
        const char *raw = ln->text;
        const char *k = "";
        bool metaish = strstr(raw, "公开") || strstr(raw, "单位") || strstr(raw, "部门");
        if (metaish) k = nkey(&r->nb, raw);
        char lab[4];
        bool meta = false;
        if (metaish && label_in(k, lab)) {
            if (!copy) {
                t->label = js_arena_strdup(doc->arena, lab);
                t->label_loc = ln->loc;
            }
            meta = true;
        }
        int u = metaish && !st.seen_note ? unit_in(k) : -1; /* after 注: the next table's */
        if (u >= 0) {
            t->unit = u;
            if (!doc->unit && u) doc->unit = u;
            meta = true;
        }
        const char *dp = NULL;
        if (metaish && (strstr(k, "部门") || strstr(k, "单位名称") || strstr(k, "编制单位")))
            dp = dept_in(r, ln);
        if (dp) {
            t->dept = dp;
            if (!doc->dept) doc->dept = dp;
            meta = true;
        }
        if (meta) continue;
        size_t rl = ln->len;
        const char *rt = js_trim(raw, &rl);
        bool texty = ln->ncells <= 1 || js_startswith(rt, "注");
        k = texty ? nkey(&r->nb, raw) : "";
        if (js_startswith(k, "注") || st.seen_note) {
            st.seen_note = true;
            st.after_note = 0;
            const char *es = empty_sentence(r, k);
            if (es && !t->empty_note) {
                t->empty_note = es;
                t->empty_loc = ln->loc;
            }
            continue;
        }
        {
            const char *es = texty && strlen(k) > 12 ? empty_sentence(r, k) : NULL;
            if (es && ln->ncells <= 1) {
                if (!t->empty_note) {
                    t->empty_note = es;
                    t->empty_loc = ln->loc;
                }
                continue;
            }
        }
        ln = clean_line(r, ln);
        if (!ln) return JS_EINTERNAL;
        bool row = false;
        switch (tpl->kind) {
        case JS_TPL_TWOSIDED:
            row = read_twosided(r, &st, ln);
            break;
        case JS_TPL_CODED:
            row = read_coded(r, &st, ln);
            break;
        case JS_TPL_ECON:
            row = src->positional || read_econ(r, &st, ln);
            break;
        case JS_TPL_SANGONG:
            row = read_sangong(r, &st, ln);
            break;
        }
        if (!row) {
            int cnt;
            if (tpl->kind == JS_TPL_CODED && st.last_row && !numbers_only(ln, &cnt))
                wrapped_name(r, &st, ln, i);
            else if (!st.last_row || tpl->kind == JS_TPL_SANGONG)
                read_header(r, &st, ln, used_cols);
        }
    }
    if (src->positional && tpl->kind == JS_TPL_ECON &&
        read_econ_layout(r, &st, h->line + 1, last + 1) != JS_OK)
        return JS_EINTERNAL;
    if (copy) {
        if (t->end.line < src->lines[last].loc.line) t->end = src->lines[last].loc;
        if (st.total_seen) t->truncated = false;
        if (st.copy_new == 0 || st.copy_dup > 0) { /* the same rows again: a copy */
            t->copies++;
            if (t->copies == 2) t->copy_loc = tl->loc;
            js_doc_note(doc, "TABLE-TWICE", h->no, tl->loc,
                        "公开%s表（%s）印了两次（第%d行、第%d行）", js_table_id(h->no),
                        js_table_title(h->no), t->loc.line, tl->loc.line);
        }
        return JS_OK;
    }
    t->end = src->lines[last].loc;
    if (!st.total_seen && !t->empty_note && st.nvalues > 0) t->truncated = true;
    if (!st.total_seen && !t->empty_note && st.nvalues == 0 && t->nrows == 0 &&
        last == src->nlines - 1)
        t->truncated = true;
    if (t->label && (t->label[0] - '0') * 10 + (t->label[1] - '0') != h->no)
        js_doc_note(doc, "LABEL", h->no, t->label_loc, "“%s”标注为公开%s表，应为公开%s表", t->title,
                    t->label, js_table_id(h->no));
    return JS_OK;
}

/* ---- the document ------------------------------------------------------------ */

int js_recognize_tables(const js_ctx *ctx, const js_srcdoc *src, unsigned char *line_kind,
                        js_doc *doc, js_err *err)
{
    if (!ctx || !ctx->templates)
        return js_err_set(err, JS_EINTERNAL, "%s: no templates", doc->path);
    rd r;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    r.src = src;
    r.kind = line_kind;
    r.doc = doc;
    r.tp = ctx->templates;
    js_buf_init(&r.nb);
    js_buf_init(&r.nb2);
    title_hit *hits = js_arena_calloc(doc->arena, MAX_HITS, sizeof *hits);
    if (!hits) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
    int nh = 0, ntoc = 0, toc_line = 0;
    const char *form = NULL;
    for (int i = 0; i < src->nlines && !r.dept_key[0]; i++) {
        const js_srcline *ln = &src->lines[i];
        if (ln->blank || ln->len > 400 || !(strstr(ln->text, "部门") || strstr(ln->text, "单位")))
            continue;
        const char *d = dept_in(&r, ln);
        size_t dl = d ? strlen(d) : 0;
        if (dl < 6) continue; /* two characters at least */
        r.dept_key[0] = d;
        static const char *const own[] = {"(本级)", "本级"};
        for (size_t o = 0; o < sizeof own / sizeof own[0]; o++) {
            size_t ol = strlen(own[o]);
            if (dl > ol + 6 && strcmp(d + dl - ol, own[o]) == 0) {
                r.dept_key[1] = js_arena_strndup(doc->arena, d, dl - ol);
                break;
            }
        }
    }
    for (int i = 0; i < src->nlines; i++) {
        const js_srcline *ln = &src->lines[i];
        if (ln->blank) continue;
        if (!doc->year && i < 40) {
            const char *k = nkey(&r.nb, ln->text);
            int y = year_in(k);
            if (y && (strstr(k, "年度") || strstr(k, "决算"))) doc->year = y;
        }
        bool toc;
        int no = title_of(&r, ln, &toc);
        int wrapped = 0;
        if (!no && (no = title_wrapped(&r, i, &toc)) != 0) wrapped = 1;
        if (!no) continue;
        if (toc) {
            mark(&r, i, JS_LINE_TOC);
            if (wrapped) mark(&r, i + 1, JS_LINE_TOC);
            if (!ntoc++) toc_line = ln->loc.line;
            i += wrapped;
            continue;
        }
        if (nh < MAX_HITS) hits[nh++] = (title_hit){i, no, false};
        i += wrapped;
    }
    /* the form: marks printed in the headers just under the titles (类 款 项 for 2024
     * Shanghai, 行次/栏次 for 2020). Another form's marks win over the first form's, which
     * wins over the year: a 2024 disclosure printed in the 2020 form is read as 2020. */
    bool first_form = false;
    for (int h = 0; h < nh && !form; h++)
        for (int i = hits[h].line + 1; i < src->nlines && i <= hits[h].line + 30 && !form; i++) {
            const js_srcline *ln = &src->lines[i];
            if (ln->blank || ln->len > 200) continue;
            const char *f = js_templates_form_marked(r.tp, nkey(&r.nb, ln->text));
            if (f && strcmp(f, js_templates_form(r.tp, 0)) != 0)
                form = f;
            else if (f)
                first_form = true;
        }
    if (!form && first_form) form = js_templates_form(r.tp, 0);
    r.form = form ? form : js_templates_form_for_year(r.tp, doc->year);
    doc->form = js_arena_strdup(doc->arena, r.form ? r.form : "2020");
    int rc = JS_OK;
    for (int h = 0; h < nh && rc == JS_OK; h++) {
        int end = h + 1 < nh ? hits[h + 1].line : src->nlines;
        if (end - hits[h].line > MAX_REGION) end = hits[h].line + MAX_REGION;
        /* a title with nothing under it before the next title: a contents entry */
        bool content = false;
        for (int i = hits[h].line + 1; i < end && !content; i++)
            content = !src->lines[i].blank;
        if (!content && h + 1 < nh) {
            mark(&r, hits[h].line, JS_LINE_TOC);
            continue;
        }
        rc = read_table(&r, &hits[h], end);
    }
    if (!doc->year) {
        for (int no = 1; no <= 9 && !doc->year; no++)
            if (doc->tables[no]) {
                const js_table *t = doc->tables[no];
                for (int l = t->loc.line; l <= t->end.line && l <= src->nlines && !doc->year; l++)
                    doc->year = year_in(nkey(&r.nb, src->lines[l - 1].text));
            }
    }
    js_buf_release(&r.nb);
    js_buf_release(&r.nb2);
    if (rc != JS_OK) return js_err_set(err, rc, "%s: out of memory reading the tables", doc->path);
    /* a table cut short: the document ends inside it */
    for (int no = 1; no <= 9; no++) {
        const js_table *t = doc->tables[no];
        if (t && t->truncated)
            return js_err_set(
                err, JS_EINPUT, "%s:%d: 公开%s表（%s）在第%d行中断，缺少合计/总计行：文件不完整",
                doc->path, t->loc.line, js_table_id(no), js_table_title(no), t->end.line);
    }
    /* the contents list the tables but none is printed: the text stops before them */
    bool anyt = false;
    for (int no = 1; no <= 9; no++)
        anyt = anyt || doc->tables[no];
    if (!anyt && ntoc >= 3)
        return js_err_set(err, JS_EINPUT,
                          "%s:%d: the contents list %d of the nine tables but none is printed: "
                          "the document seems cut short",
                          doc->path, toc_line, ntoc);
    /* the input ends inside a table and the tables after it are missing */
    if (r.eof_inside && r.eof_no < 9) {
        const js_table *t = doc->tables[r.eof_no];
        int missing = 0;
        for (int no = r.eof_no + 1; no <= 9; no++)
            missing += !doc->tables[no];
        if (t && missing)
            return js_err_set(err, JS_EINPUT,
                              "%s:%d: the text ends inside 公开%s表（%s）, and %d of the tables "
                              "after it are missing: the document seems cut short",
                              doc->path, t->end.line, js_table_id(r.eof_no),
                              js_table_title(r.eof_no), missing);
    }
    return JS_OK;
}
