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
#include "tables.h"

#include <stdio.h>
#include <string.h>

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
    int li = (int)(ln - r->src->lines);
    js_srcdoc_need_cells(r->src, li, li + 1, li); /* text: its cells split now */
    /* a figure that strayed onto the title's line (layout text) is not part of it */
    char text[256];
    size_t tl = 0;
    bool stray = false;
    for (int c = 0; c < ln->ncells; c++) {
        js_num n;
        if (ln->ncells > 1 && tb_is_num_cell(&ln->cells[c], &n) && n.dec == 2) {
            stray = true;
            continue;
        }
        /* or printed one space after the title ("收入决算表 2,995.39": one cell) */
        size_t len = ln->cells[c].len, sp = len;
        while (sp > 0 && ln->cells[c].text[sp - 1] != ' ')
            sp--;
        js_num tail;
        if (sp > 1 && sp < len &&
            js_num_parse(ln->cells[c].text + sp, len - sp, &tail) == JS_NUM_VALUE &&
            tail.dec == 2) {
            stray = true;
            len = sp - 1;
        }
        if (tl + len + 2 >= sizeof text) return title_of_text(r, ln->text, toc);
        if (tl) text[tl++] = ' ';
        memcpy(text + tl, ln->cells[c].text, len);
        tl += len;
    }
    text[tl] = '\0';
    return title_of_text(r, stray ? text : ln->text, toc);
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
    tb_cat_into(both, sizeof both, ln->text, nx->text);
    return title_of_text(r, both, toc);
}

static int title_of_text(rd *r, const char *text, bool *toc)
{
    *toc = false;
    const char *k = tb_nkey(&r->nb, text);
    bool numbered = false;
    bool dash = k[0] == '-';
    const char *s = tb_strip_heading(k, &numbered);
    char cut[256];
    int no = 0;
    for (int pass = 0; pass < 2 && !no; pass++) {
        if (pass == 1) {
            /* a suffix after the title: "（续）", "公开01表", "单位：万元" */
            static const char *const tails[] = {"(", "公开", "单位:", "金额单位"};
            tb_cat_into(cut, sizeof cut, s, "");
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
        if (p[0] >= '1' && p[0] <= '2' && js_all_digits_n(p, 4) && js_startswith(p + 4, "年")) {
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
        const char *k = tb_nkey(&r->nb, ln->cells[c].text);
        for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++) {
            const char *p = strstr(k, marks[m]);
            if (!p || (p != k && m == 0 && p - k > 12)) continue;
            const char *v = p + strlen(marks[m]);
            if (!*v && c + 1 < ln->ncells) v = tb_nkey(&r->nb, ln->cells[c + 1].text);
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

/* A department's name wrapped in a narrow cell ("部门：南湖区卫生健" / "康委员会"): when
 * dp is a part of the document's department and one of the next three lines starts
 * with the rest, the whole name. */
static const char *dept_wrapped(rd *r, const char *dp, int line)
{
    const char *whole = r->dept_key[0];
    size_t dl = strlen(dp);
    if (!whole || strlen(whole) <= dl || strncmp(whole, dp, dl) != 0) return dp;
    const char *rest = whole + dl;
    for (int i = line + 1; i < r->src->nlines && i <= line + 3; i++) {
        const js_srcline *ln = &r->src->lines[i];
        for (int c = 0; c < ln->ncells; c++)
            if (js_startswith(tb_nkey(&r->nb, ln->cells[c].text), rest)) return whole;
    }
    return dp;
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
            if (tb_is_num_cell(&ln->cells[c], NULL) && strchr(ln->cells[c].text, '.')) {
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

/* The words each line of a region is tested for, found in one pass (js_words_find):
 * the LW_NSTOP that may end the region, then the LW_NMETA of a label, unit or 部门
 * line; LW_STOP and LW_META are their bits, worked out from the counts (the array's
 * size is their sum: one word too many does not compile). */
enum { LW_NSTOP = 6, LW_NMETA = 3 };
static const char *const LINE_WORDS[LW_NSTOP + LW_NMETA] = {
    "部分", "绩效", "说明", "名词解释", "附件", "、", /* stop */
    "公开", "单位", "部门",                           /* meta */
};
enum {
    LW_STOP = (1u << LW_NSTOP) - 1,
    LW_META = ((1u << LW_NMETA) - 1) << LW_NSTOP,
};

/* The line's words of LINE_WORDS (a bit each); none for a blank line. */
static uint32_t line_words(const rd *r, const js_srcline *ln)
{
    return ln->blank ? 0 : js_words_find(&r->lw, ln->text, strlen(ln->text));
}

static bool region_stop(rd *r, tstate *st, const js_srcline *ln, uint32_t lw)
{
    if (ln->blank) return false;
    if (!st->seen_note && !(lw & LW_STOP)) return false;
    const char *k = tb_nkey(&r->nb, ln->text);
    if (tb_part_heading(k)) return true;
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

static int read_table_in(rd *r, const title_hit *h, int end);

/* Text without layout: the region's rows put together again by the table's kind (1),
 * not such text (0), out of memory (-1). */
static int regroup_raw(rd *r, const js_tpl_table *tpl, int from, int end)
{
    switch (tpl->kind) {
    case JS_TPL_ECON:
        return tb_regroup_raw_econ(r, r->wsrc, tpl, from, end);
    case JS_TPL_TWOSIDED:
        return tb_regroup_raw_sides(r, r->wsrc, tpl, from, end);
    case JS_TPL_SANGONG:
        return tb_regroup_raw_sangong(r, r->wsrc, tpl, from, end);
    default:
        return tb_regroup_raw(r, r->wsrc, tpl, from, end);
    }
}

/* Layout text: two-sided and coded tables are read from a copy of the lines in
 * which rows wrapped over several lines are joined (tables_unwrap.c); text without
 * layout (plain pdftotext: one cell per line), coded tables and 06 from a copy in
 * which each row is put together again (tables_raw.c). */
static int read_table(rd *r, const title_hit *h, int end)
{
    const js_srcdoc *src = r->src;
    const js_tpl_table *tpl = js_templates_table(r->tp, r->form, h->no);
    if (!tpl || !src->positional || src->npages > 0 ||
        (tpl->kind != JS_TPL_TWOSIDED && tpl->kind != JS_TPL_CODED && tpl->kind != JS_TPL_ECON &&
         tpl->kind != JS_TPL_SANGONG))
        return read_table_in(r, h, end);
    if (!r->wsrc) {
        js_srcdoc *w = js_arena_alloc(r->doc->arena, sizeof *w);
        js_srcline *lines =
            w ? js_arena_alloc(r->doc->arena, (size_t)src->nlines * sizeof *lines) : NULL;
        if (!lines) return JS_EINTERNAL;
        *w = *src;
        /* w->lazy is src's: NULL, as layout text (no tab) has every line's cells split when
         * it is read (lines.c) */
        w->cell_y = NULL; /* indexed by the lines of src */
        memcpy(lines, src->lines, (size_t)src->nlines * sizeof *lines);
        w->lines = lines;
        r->wsrc = w;
    }
    /* text without layout (one cell per line, tables_raw.c), else wrapped rows */
    int raw = regroup_raw(r, tpl, h->line + 1, end);
    if (raw < 0) return JS_EINTERNAL;
    if (!raw && tpl->kind != JS_TPL_ECON && tpl->kind != JS_TPL_SANGONG &&
        tb_unwrap_region(r, r->wsrc, tpl, h->line + 1, end) != JS_OK)
        return JS_EINTERNAL;
    r->src = r->wsrc;
    int rc = read_table_in(r, h, end);
    r->src = src;
    return rc;
}

/* A new table under its title: columns from the template, the title, the label
 * printed on the title's line, the unit printed just above it. NULL when out of memory. */
static js_table *table_new(rd *r, const title_hit *h, const js_tpl_table *tpl)
{
    const js_srcdoc *src = r->src;
    js_doc *doc = r->doc;
    const js_srcline *tl = &src->lines[h->line];
    const char *cols[MAX_HDR];
    int ncols = tpl->ncols < MAX_HDR ? tpl->ncols : MAX_HDR;
    for (int i = 0; i < ncols; i++)
        cols[i] = tpl->cols[i].key;
    js_table *t = js_doc_table_add(doc, h->no, ncols, cols);
    if (!t) return NULL;
    t->title = js_arena_strdup(doc->arena, tb_nkey(&r->nb, tl->text));
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
        int u = strstr(ln->text, "单位") ? unit_in(tb_nkey(&r->nb, ln->text)) : -1;
        if (u >= 0) {
            t->unit = u;
            if (!doc->unit && u) doc->unit = u;
            break;
        }
    }
    return t;
}

static void tstate_init(tstate *st, js_table *t, const js_tpl_table *tpl, bool copy)
{
    memset(st, 0, sizeof *st);
    st->t = t;
    st->tpl = tpl;
    st->copy = copy;
    st->base = -1;
    st->hdr_base = -1;
    st->split_index = -1;
    st->split_x = -1;
    st->right_x = -1;
    for (int i = 0; i < MAX_HDR; i++)
        st->colx[i] = -1;
}

/* A label, unit or 部门 line of the region (taken into the table): true. */
static bool meta_line(rd *r, tstate *st, const js_srcline *ln, int i, uint32_t lw)
{
    const char *raw = ln->text;
    if (!(lw & LW_META)) return false;
    js_doc *doc = r->doc;
    js_table *t = st->t;
    const char *k = tb_nkey(&r->nb, raw);
    char lab[4];
    bool meta = false;
    if (label_in(k, lab)) {
        if (!st->copy) {
            t->label = js_arena_strdup(doc->arena, lab);
            t->label_loc = ln->loc;
        }
        meta = true;
    }
    int u = !st->seen_note ? unit_in(k) : -1; /* after 注: the next table's */
    if (u >= 0) {
        t->unit = u;
        if (!doc->unit && u) doc->unit = u;
        meta = true;
    }
    const char *dp = NULL;
    if (strstr(k, "部门") || strstr(k, "单位名称") || strstr(k, "编制单位")) dp = dept_in(r, ln);
    if (dp) dp = dept_wrapped(r, dp, i);
    if (dp) {
        t->dept = dp;
        if (!doc->dept) doc->dept = dp;
        meta = true;
    }
    return meta;
}

static void set_empty_note(js_table *t, const char *es, const js_srcline *ln)
{
    if (es && !t->empty_note) {
        t->empty_note = es;
        t->empty_loc = ln->loc;
    }
}

/* A 注 line, a line after one, or the sentence saying the table is empty: true. */
static bool note_line(rd *r, tstate *st, const js_srcline *ln)
{
    size_t rl = ln->len;
    const char *rt = js_trim(ln->text, &rl);
    bool texty = ln->ncells <= 1 || js_startswith(rt, "注");
    const char *k = texty ? tb_nkey(&r->nb, ln->text) : "";
    if (js_startswith(k, "注") || st->seen_note) {
        st->seen_note = true;
        st->after_note = 0;
        set_empty_note(st->t, empty_sentence(r, k), ln);
        return true;
    }
    const char *es = texty && strlen(k) > 12 ? empty_sentence(r, k) : NULL;
    if (es && ln->ncells <= 1) {
        set_empty_note(st->t, es, ln);
        return true;
    }
    return false;
}

/* One line of rows (or a header, or a wrapped name) by the table's kind. */
static void row_line(rd *r, tstate *st, const js_srcline *ln, int i, bool *used_cols)
{
    bool row = false;
    switch (st->tpl->kind) {
    case JS_TPL_TWOSIDED:
        row = tb_read_twosided(r, st, ln);
        break;
    case JS_TPL_CODED:
        row = tb_read_coded(r, st, ln);
        break;
    case JS_TPL_ECON:
        row = r->src->positional || tb_read_econ(r, st, ln);
        break;
    case JS_TPL_SANGONG:
        row = tb_read_sangong(r, st, ln);
        break;
    }
    if (row) return;
    int cnt;
    if (st->tpl->kind == JS_TPL_CODED && st->last_row && !tb_numbers_only(ln, &cnt))
        tb_wrapped_name(r, st, ln, i);
    else if (!st->last_row || st->tpl->kind == JS_TPL_SANGONG)
        tb_read_header(r, st, ln, used_cols);
}

/* After the region: a copy or a continuation of a table read before, or the end of a new one. */
static void table_done(rd *r, const title_hit *h, const tstate *st, int last)
{
    const js_srcdoc *src = r->src;
    js_doc *doc = r->doc;
    js_table *t = st->t;
    const js_srcline *tl = &src->lines[h->line];
    if (st->copy) {
        if (t->end.line < src->lines[last].loc.line) t->end = src->lines[last].loc;
        if (st->total_seen) t->truncated = false;
        if (st->copy_new == 0 || st->copy_dup > 0) { /* the same rows again: a copy */
            t->copies++;
            if (t->copies == 2) t->copy_loc = tl->loc;
            js_doc_note(doc, "TABLE-TWICE", h->no, tl->loc,
                        "公开%s表（%s）印了两次（第%d行、第%d行）", js_table_id(h->no),
                        js_table_title(h->no), t->loc.line, tl->loc.line);
        }
        return;
    }
    t->end = src->lines[last].loc;
    if (!st->total_seen && !t->empty_note && st->nvalues > 0) t->truncated = true;
    if (!st->total_seen && !t->empty_note && st->nvalues == 0 && t->nrows == 0 &&
        last == src->nlines - 1)
        t->truncated = true;
    if (t->label && (t->label[0] - '0') * 10 + (t->label[1] - '0') != h->no)
        js_doc_note(doc, "LABEL", h->no, t->label_loc, "“%s”标注为公开%s表，应为公开%s表", t->title,
                    t->label, js_table_id(h->no));
}

static int read_table_in(rd *r, const title_hit *h, int end)
{
    const js_srcdoc *src = r->src;
    const js_tpl_table *tpl = js_templates_table(r->tp, r->form, h->no);
    if (!tpl) return JS_OK;
    js_table *t = r->doc->tables[h->no];
    bool copy = t != NULL; /* printed again, or continued under its title */
    if (!copy && !(t = table_new(r, h, tpl))) return JS_EINTERNAL;
    tstate st;
    tstate_init(&st, t, tpl, copy);
    bool used_cols[MAX_HDR] = {0};
    if (src->positional && tpl->kind == JS_TPL_CODED) learn_anchors(&st, src, h->line + 1, end);
    tb_mark(r, h->line, JS_LINE_TABLE);
    int last = h->line;
    r->eof_inside = end == src->nlines;
    r->eof_no = h->no;
    for (int i = h->line + 1; i < end; i++) {
        const js_srcline *ln = &src->lines[i];
        uint32_t lw = line_words(r, ln);
        if (region_stop(r, &st, ln, lw)) {
            r->eof_inside = false;
            break;
        }
        tb_mark(r, i, JS_LINE_TABLE);
        if (ln->blank) continue;
        last = i;
        if (st.seen_note) st.after_note++;
        if (meta_line(r, &st, ln, i, lw) || note_line(r, &st, ln)) continue;
        st.cur_line = i;
        ln = tb_clean_line(r, ln);
        if (!ln) return JS_EINTERNAL;
        row_line(r, &st, ln, i, used_cols);
    }
    if (src->positional && tpl->kind == JS_TPL_ECON &&
        tb_read_econ_layout(r, &st, h->line + 1, last + 1) != JS_OK)
        return JS_EINTERNAL;
    table_done(r, h, &st, last);
    return JS_OK;
}

/* ---- the document ------------------------------------------------------------ */

/* The department of the first 部门： line, and without a trailing (本级): a title
 * may be printed after it. */
static void find_dept_key(rd *r)
{
    const js_srcdoc *src = r->src;
    for (int i = 0; i < src->nlines && !r->dept_key[0]; i++) {
        const js_srcline *ln = &src->lines[i];
        if (ln->blank || ln->len > 400 || !(strstr(ln->text, "部门") || strstr(ln->text, "单位")))
            continue;
        js_srcdoc_need_cells(src, i, i + 1, i); /* text: its cells split now */
        const char *d = dept_in(r, ln);
        size_t dl = d ? strlen(d) : 0;
        if (dl < 6) continue; /* two characters at least */
        r->dept_key[0] = d;
        static const char *const own[] = {"(本级)", "本级"};
        for (size_t o = 0; o < sizeof own / sizeof own[0]; o++) {
            size_t ol = strlen(own[o]);
            if (dl > ol + 6 && strcmp(d + dl - ol, own[o]) == 0) {
                r->dept_key[1] = js_arena_strndup(r->doc->arena, d, dl - ol);
                break;
            }
        }
    }
}

/* The titles of the tables (hits[0..return)), the year near the top; contents
 * entries are marked JS_LINE_TOC and counted in *ntoc (the first at *toc_line). */
static int find_titles(rd *r, title_hit *hits, int *ntoc, int *toc_line)
{
    const js_srcdoc *src = r->src;
    int nh = 0;
    for (int i = 0; i < src->nlines; i++) {
        const js_srcline *ln = &src->lines[i];
        if (ln->blank) continue;
        if (!r->doc->year && i < 40) {
            const char *k = tb_nkey(&r->nb, ln->text);
            int y = year_in(k);
            if (y && (strstr(k, "年度") || strstr(k, "决算"))) r->doc->year = y;
        }
        bool toc;
        int no = title_of(r, ln, &toc);
        int wrapped = 0;
        if (!no && (no = title_wrapped(r, i, &toc)) != 0) wrapped = 1;
        if (!no) continue;
        if (toc) {
            tb_mark(r, i, JS_LINE_TOC);
            if (wrapped) tb_mark(r, i + 1, JS_LINE_TOC);
            if (!(*ntoc)++) *toc_line = ln->loc.line;
        } else if (nh < MAX_HITS) {
            hits[nh++] = (title_hit){i, no, false};
        }
        i += wrapped;
    }
    return nh;
}

/* The form: marks printed in the headers just under the titles (类 款 项 for 2024
 * Shanghai, 行次/栏次 for 2020). Another form's marks win over the first form's, which
 * wins over the year: a 2024 disclosure printed in the 2020 form is read as 2020. */
static const char *find_form(rd *r, const title_hit *hits, int nh)
{
    const js_srcdoc *src = r->src;
    const char *form = NULL;
    bool first_form = false;
    for (int h = 0; h < nh && !form; h++)
        for (int i = hits[h].line + 1; i < src->nlines && i <= hits[h].line + 30 && !form; i++) {
            const js_srcline *ln = &src->lines[i];
            if (ln->blank || ln->len > 200 || !js_templates_marks_maybe(r->tp, ln->text, ln->len))
                continue;
            const char *f = js_templates_form_marked(r->tp, tb_nkey(&r->nb, ln->text));
            if (f && strcmp(f, js_templates_form(r->tp, 0)) != 0)
                form = f;
            else if (f)
                first_form = true;
        }
    if (!form && first_form) form = js_templates_form(r->tp, 0);
    return form ? form : js_templates_form_for_year(r->tp, r->doc->year);
}

static int read_tables(rd *r, const title_hit *hits, int nh)
{
    const js_srcdoc *src = r->src;
    int rc = JS_OK;
    for (int h = 0; h < nh && rc == JS_OK; h++) {
        int end = h + 1 < nh ? hits[h + 1].line : src->nlines;
        if (end - hits[h].line > MAX_REGION) end = hits[h].line + MAX_REGION;
        /* a title with nothing under it before the next title: a contents entry */
        bool content = false;
        for (int i = hits[h].line + 1; i < end && !content; i++)
            content = !src->lines[i].blank;
        if (!content && h + 1 < nh) {
            tb_mark(r, hits[h].line, JS_LINE_TOC);
            continue;
        }
        /* text: the cells of the region (and of the lines just around it) split now */
        js_srcdoc_need_cells(src, hits[h].line - 8, end + 4, hits[h].line - 8);
        rc = read_table(r, &hits[h], end);
    }
    return rc;
}

/* No year near the top: the first year printed in a table's region. */
static void year_from_tables(rd *r)
{
    js_doc *doc = r->doc;
    for (int no = 1; no <= 9 && !doc->year; no++) {
        const js_table *t = doc->tables[no];
        for (int l = t ? t->loc.line : 1;
             t && l <= t->end.line && l <= r->src->nlines && !doc->year; l++)
            doc->year = year_in(tb_nkey(&r->nb, r->src->lines[l - 1].text));
    }
}

/* Nothing read is dropped (issue #12): a table cut short keeps its rows
 * (js_table.truncated: the checker's C-TRUNCATED), a text that stops inside a
 * table or before the tables its contents list is noted; only a document with
 * nothing of a disclosure is an input error (js_recognize). */
static void note_cut_short(const rd *r, int ntoc, int toc_line)
{
    js_doc *doc = r->doc;
    bool anyt = false;
    for (int no = 1; no <= 9; no++)
        anyt = anyt || doc->tables[no];
    if (!anyt && ntoc >= 3) {
        js_loc at = {0};
        at.line = toc_line;
        js_doc_note(doc, "CUT-SHORT", 0, at, "目录列出%d张表，但文中一张表也没有：文件可能不完整",
                    ntoc);
    }
    /* the input ends inside a table and the tables after it are missing */
    if (!r->eof_inside || r->eof_no >= 9) return;
    js_table *t = doc->tables[r->eof_no];
    int missing = 0;
    for (int no = r->eof_no + 1; no <= 9; no++)
        missing += !doc->tables[no];
    if (!t || !missing) return;
    t->truncated = true; /* its rows after the cut are not there */
    js_doc_note(doc, "CUT-SHORT", r->eof_no, t->end,
                "文本在公开%s表（%s）中结束，其后%d张表缺失：文件可能不完整",
                js_table_id(r->eof_no), js_table_title(r->eof_no), missing);
}

/* The document's department is the one most tables name (the first table's line
 * until then): one table printed with another unit's name is that table's slip. */
static void dept_by_majority(js_doc *doc)
{
    int best = 0;
    for (int a = 1; a <= 9; a++) {
        const js_table *t = doc->tables[a];
        if (!t || !t->dept || !*t->dept) continue;
        int n = 0;
        for (int b = 1; b <= 9; b++)
            if (doc->tables[b] && doc->tables[b]->dept &&
                strcmp(doc->tables[b]->dept, t->dept) == 0)
                n++;
        if (n > best) {
            best = n;
            if (!doc->dept || strcmp(doc->dept, t->dept) != 0) {
                int cur = 0;
                for (int b = 1; b <= 9; b++)
                    if (doc->dept && doc->tables[b] && doc->tables[b]->dept &&
                        strcmp(doc->tables[b]->dept, doc->dept) == 0)
                        cur++;
                if (n > cur) doc->dept = t->dept;
            }
        }
    }
}

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
    if (!js_words_set(&r.lw, LINE_WORDS, (int)(sizeof LINE_WORDS / sizeof *LINE_WORDS)))
        return js_err_set(err, JS_EINTERNAL, "%s: too many words", doc->path);
    title_hit *hits = js_arena_calloc(doc->arena, MAX_HITS, sizeof *hits);
    if (!hits) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
    int ntoc = 0, toc_line = 0;
    find_dept_key(&r);
    int nh = find_titles(&r, hits, &ntoc, &toc_line);
    r.form = find_form(&r, hits, nh);
    doc->form = js_arena_strdup(doc->arena, r.form ? r.form : "2020");
    int rc = read_tables(&r, hits, nh);
    dept_by_majority(doc);
    if (!doc->year) year_from_tables(&r);
    js_buf_release(&r.nb);
    js_buf_release(&r.nb2);
    if (rc != JS_OK) return js_err_set(err, rc, "%s: out of memory reading the tables", doc->path);
    note_cut_short(&r, ntoc, toc_line);
    return JS_OK;
}
