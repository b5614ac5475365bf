/*
 * narrative.c - the running text of a disclosure: its five parts (第一部分 …
 * 第五部分), the numbered sections inside each part (一、 / （三） / 1、 /
 * （1）) and the paragraphs under them (recognize.h, docs/narrative.md).
 *
 * It works on the source lines the table and performance recognizers left
 * (line_kind JS_LINE_TEXT). Tab-separated lines with two or more filled cells
 * are treated as table lines even when nobody claimed them.
 *
 * Text extracted from a PDF breaks sentences where the printed line ended
 * ("支出决" / "算数为 75.40 万元"), often with a blank line in between. A
 * line that does not end a sentence (。；：！？) and ran to the margin is
 * joined to the next text line unless that line starts a heading. Each
 * paragraph remembers where each of its source lines begins, so a claim at a
 * byte offset can be cited by its own line (js_para_line_at).
 *
 * The table of contents repeats every heading; it is recognised as the run of
 * part headings before the part numbering starts again (or from the lines the
 * table recognizer marked JS_LINE_TOC) and is not taken as the body.
 *
 * Section numbers (js_section.num) are written as spec/findings.md cites
 * them: "一", "五(三)", "五(三)2", "七(二)1", "五(三)2(1)". Parts other than
 * 第三部分 (情况说明) get a prefix naming the part, because their numbering
 * restarts: "概况一", "决算表…", "名词解释三", "附件二(一)".
 */
#include "decode.h"
#include "narrative.h"
#include "recognize.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* ---- small text helpers -------------------------------------------------- */

/* The last code point of s[0..n) and its start; 0 if empty. */
static int32_t last_cp(const char *s, size_t n, size_t *start)
{
    if (n == 0) return 0;
    size_t i = n - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    int32_t cp;
    js_utf8_decode(s + i, n - i, &cp);
    if (start) *start = i;
    return cp;
}

static bool is_closer(int32_t cp)
{
    return cp == 0x201D /* ” */ || cp == 0x2019 /* ’ */ || cp == ')' || cp == 0xFF09 ||
           cp == 0x300D /* 」 */ || cp == 0x300F || cp == '"' || cp == '*';
}

static bool is_terminal(int32_t cp)
{
    return cp == 0x3002 /* 。 */ || cp == ';' || cp == 0xFF1B || cp == ':' || cp == 0xFF1A ||
           cp == '!' || cp == 0xFF01 || cp == '?' || cp == 0xFF1F || cp == 0xFF0E /* ． */;
}

/* Does s[0..n) end a sentence (allowing closing quotes/brackets after the stop)? */
static bool ends_sentence(const char *s, size_t n)
{
    for (int guard = 0; guard < 4 && n > 0; guard++) {
        size_t st;
        int32_t cp = last_cp(s, n, &st);
        if (is_terminal(cp)) return true;
        if (!is_closer(cp)) return false;
        n = st;
    }
    return false;
}

/* Does a sentence stop start at u[i] (of n bytes)? ASCII, or a three-byte sequence of E3
 * or EF decoded in line (js_narr_cp3). */
static inline bool stop_at(const unsigned char *u, size_t n, size_t i)
{
    unsigned char b = u[i];
    if (b == ';' || b == ':' || b == '!' || b == '?') return true;
    if (b != 0xE3 && b != 0xEF) return false;
    int32_t cp = js_narr_cp3(u, n, i, b, b);
    return cp >= 0 && is_terminal(cp);
}

/* Byte offset of the first sentence stop in s[0..n), or n. */
static size_t first_stop(const char *s, size_t n)
{
    /* Byte by byte: the stops are ASCII or start with E3 / EF, bytes that are
     * never inside another character's sequence, so they are found where a
     * walk decoding character by character would find them. */
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
#if defined(__SSE2__)
    /* 16 bytes at a time: a bit for each of those bytes, each tested in order */
    for (; n - i >= 16; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(u + i));
        __m128i e = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(';')),
                                              _mm_cmpeq_epi8(x, _mm_set1_epi8(':'))),
                                 _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('!')),
                                              _mm_cmpeq_epi8(x, _mm_set1_epi8('?'))));
        e = _mm_or_si128(e, _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE3)),
                                         _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xEF))));
        for (unsigned m = (unsigned)_mm_movemask_epi8(e); m; m &= m - 1) {
            size_t p = i + (size_t)__builtin_ctz(m);
            if (stop_at(u, n, p)) return p;
        }
    }
#endif
    for (; i < n; i++)
        if (stop_at(u, n, i)) return i;
    return n;
}

static bool is_ascii_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* ---- line cleaning --------------------------------------------------------- */

/* A cleaned line: trimmed, without a leading list mark ("- ", "• ") or
 * Markdown emphasis ("**"), which some extractions leave in. */
typedef struct cline {
    const char *s;
    size_t n;
} cline;

static cline clean_line(js_arena *a, const js_srcline *ln)
{
    cline c = {"", 0};
    size_t n = ln->len;
    const char *s = ln->text;
    /* control characters a converter leaves (a form feed at a page break) */
    while (n > 0 && (unsigned char)s[0] < 0x20)
        s++, n--;
    while (n > 0 && (unsigned char)s[n - 1] < 0x20)
        n--;
    s = js_trim(s, &n);
    for (int guard = 0; guard < 3; guard++) {
        if (n >= 2 && (s[0] == '-' || s[0] == '*') && s[1] == ' ') {
            s += 2;
            n -= 2;
        } else if (n >= 4 && memcmp(s, "\xE2\x80\xA2 ", 4) == 0) { /* • */
            s += 4;
            n -= 4;
        } else {
            break;
        }
        s = js_trim(s, &n);
    }
    if (js_narr_has_double_star(s, n)) {
        char *d = js_arena_alloc(a, n + 1);
        if (!d) return c;
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            if (s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
                i++;
                continue;
            }
            d[m++] = s[i];
        }
        d[m] = '\0';
        s = d;
        n = m;
        s = js_trim(s, &n);
    }
    c.s = s;
    c.n = n;
    return c;
}

/* A line of a table that no recognizer claimed: cells separated by tabs, or
 * two or more filled cells of a layout line (split into cb when the reader kept none). */
static bool tableish(const js_srcdoc *src, const js_srcline *ln, js_cellbuf *cb)
{
    if (ln->ncells < 2) return false;  /* the cells split are never more than those counted */
    if (!src->positional) return true; /* a tab (or a layout gap): a row of cells */
    int filled = 0;
    const js_srccell *cells;
    int nc = js_srcline_cells(ln, cb, &cells);
    for (int i = 0; i < nc; i++) {
        const js_srccell *c = &cells[i];
        bool text = false; /* a cell of control characters only (a form feed) is no cell */
        for (size_t k = 0; k < c->len && !text; k++)
            text = (unsigned char)c->text[k] >= 0x20;
        if (text) filled++;
    }
    return filled >= 2;
}

/* "第三部分…": the part number (1..9) and the bytes of the mark, else 0. */
static int part_heading(const char *s, size_t n, size_t *used)
{
    size_t k = js_startswith(s, "第");
    if (!k || k >= n) return 0;
    int v;
    size_t m = js_cnum_parse(s + k, n - k, &v);
    if (!m || v < 1 || v > 9) return 0;
    size_t j = k + m;
    while (j < n && s[j] == ' ')
        j++;
    size_t p = js_startswith(s + j, "部分");
    if (!p || j + p > n) return 0;
    j += p;
    while (j < n && s[j] == ' ')
        j++;
    if (used) *used = j;
    return v;
}

static bool has_part_keyword(const char *s, size_t n)
{
    static const char *const KW[] = {"概况", "说明", "解释", "附件", "决算表", "决算", NULL};
    js_buf b;
    js_buf_init(&b);
    js_norm_key(&b, s, n);
    bool hit = false;
    for (int i = 0; KW[i] && !hit; i++)
        if (b.data && js_memstr(b.data, b.len, KW[i])) hit = true;
    js_buf_release(&b);
    return hit;
}

/* The prefix of section numbers in a part (see the file comment). */
static const char *part_prefix(int part, bool any_parts)
{
    if (!any_parts) return "";
    switch (part) {
    case JS_PART_OVERVIEW:
        return "概况";
    case JS_PART_TABLES:
        return "决算表";
    case JS_PART_NARRATIVE:
        return "";
    case JS_PART_GLOSSARY:
        return "名词解释";
    case JS_PART_APPENDIX:
        return "附件";
    default:
        return "";
    }
}

/* ---- the paragraph being built ------------------------------------------- */

#define MAX_PIECES 512

typedef struct para_acc {
    js_buf text;
    int starts[MAX_PIECES];
    int lines[MAX_PIECES];
    int npieces;
    int first, last;  /* source lines */
    js_loc first_loc; /* where the first line is (line, and page for a PDF) */
    bool open;        /* the last piece may continue on the next line */
    int title_of;     /* a section whose title is the paragraph's first sentence, or -1 */
} para_acc;

static int para_flush(js_doc *doc, para_acc *pa, int section)
{
    if (pa->npieces == 0) return JS_OK;
    if (pa->text.oom) return JS_EINTERNAL;
    js_loc loc = pa->first_loc;
    loc.line = pa->first;
    int idx = js_doc_para_add(doc, pa->text.data ? pa->text.data : "", section, loc,
                              pa->last - pa->first + 1);
    if (idx < 0) return JS_EINTERNAL;
    js_para *p = &doc->paras[idx];
    /* the two maps in one block (a paragraph of one line: 8 bytes, not two blocks of 16) */
    int *st = js_arena_calloc(doc->arena, 2 * (size_t)pa->npieces, sizeof(int));
    if (!st) return JS_EINTERNAL;
    int *ln = st + pa->npieces;
    memcpy(st, pa->starts, sizeof(int) * (size_t)pa->npieces);
    memcpy(ln, pa->lines, sizeof(int) * (size_t)pa->npieces);
    p->line_starts = st;
    p->line_nos = ln;
    p->nsrc = pa->npieces;
    if (pa->title_of >= 0 && pa->title_of < doc->nsections) {
        /* a heading wrapped into its sentence: the title is the whole first sentence */
        size_t stop = first_stop(p->text, strlen(p->text));
        char *t = js_arena_strndup(doc->arena, p->text, stop);
        if (t) doc->sections[pa->title_of].title = t;
    }
    pa->title_of = -1;
    pa->text.len = 0;
    if (pa->text.data) pa->text.data[0] = '\0';
    pa->npieces = 0;
    pa->open = false;
    return JS_OK;
}

/* Is a line that does not end a sentence long enough to have been wrapped? */
#define WRAP_WIDTH 40

static void para_add(para_acc *pa, const char *s, size_t n, js_loc where, int wrap)
{
    int line = where.line;
    if (pa->npieces >= MAX_PIECES) return;
    if (pa->npieces == 0) {
        pa->first = line;
        pa->first_loc = where;
    } else if (pa->text.len > 0 && n > 0 && is_ascii_alpha(pa->text.data[pa->text.len - 1]) &&
               is_ascii_alpha(s[0])) {
        js_buf_putc(&pa->text, ' ');
    }
    pa->starts[pa->npieces] = (int)pa->text.len;
    pa->lines[pa->npieces] = line;
    pa->npieces++;
    pa->last = line;
    js_buf_append(&pa->text, s, n);
    pa->open = !ends_sentence(s, n) && js_narr_text_width(s, n) >= (wrap > 0 ? wrap : WRAP_WIDTH);
}

int js_para_line_at(const js_para *p, size_t off)
{
    if (!p) return 0;
    if (!p->line_starts || !p->line_nos || p->nsrc <= 0) return p->loc.line;
    int line = p->line_nos[0];
    for (int i = 0; i < p->nsrc; i++) {
        if ((size_t)p->line_starts[i] > off) break;
        line = p->line_nos[i];
    }
    return line;
}

/* ---- meta from the cover ------------------------------------------------- */

static void cover_meta(js_doc *doc, const js_srcdoc *src, const bool *skip, int body_start,
                       int first_part)
{
    if (doc->year && doc->dept) return;
    js_buf b;
    js_buf_init(&b);
    int limit = first_part >= 0 ? first_part : src->nlines;
    int taken = 0;
    for (int i = 0; i < limit && taken < 10; i++) {
        const js_srcline *ln = &src->lines[i];
        if (ln->blank) continue;
        if (skip[i] && i >= body_start) break;
        size_t n = ln->len;
        const char *s = js_trim(ln->text, &n);
        if (js_startswith(s, "目录") || js_startswith(s, "目 录")) break;
        js_norm_key(&b, s, n);
        taken++;
    }
    if (!b.data || b.oom) {
        js_buf_release(&b);
        return;
    }
    const char *t = b.data;
    size_t n = b.len;
    /* the year: four digits followed by 年 */
    size_t ypos = n;
    int year = 0;
    for (size_t i = 0; i + 4 < n; i++) {
        if (t[i] >= '1' && t[i] <= '2' && t[i + 1] >= '0' && t[i + 1] <= '9' && t[i + 2] >= '0' &&
            t[i + 2] <= '9' && t[i + 3] >= '0' && t[i + 3] <= '9' &&
            js_startswith(t + i + 4, "年") && (i == 0 || t[i - 1] < '0' || t[i - 1] > '9')) {
            year = (t[i] - '0') * 1000 + (t[i + 1] - '0') * 100 + (t[i + 2] - '0') * 10 +
                   (t[i + 3] - '0');
            ypos = i;
            break;
        }
    }
    if (!doc->year && year >= 1990 && year <= 2100) doc->year = year;
    if (!doc->dept) {
        const char *end = js_memstr(t, n, "部门决算");
        if (!end) end = js_memstr(t, n, "单位决算");
        if (!end) end = js_memstr(t, n, "决算");
        size_t e = end ? (size_t)(end - t) : n;
        size_t s0 = 0;
        if (ypos < e) {
            s0 = ypos + 4 + strlen("年");
            if (js_startswith(t + s0, "度")) s0 += strlen("度");
            if (s0 >= e) { /* "株洲市XX 2020年度部门决算": the name is before the year */
                s0 = 0;
                e = ypos;
            }
        }
        if (e > s0 && e - s0 < 200) doc->dept = js_arena_strndup(doc->arena, t + s0, e - s0);
    }
    js_buf_release(&b);
}

/* ---- the recognizer ------------------------------------------------------- */

typedef struct nstate {
    js_doc *doc;
    const js_srcdoc *src;
    const bool *skip;
    bool *used;      /* lines consumed by a look-ahead (part titles, wrapped headings) */
    const int *wrap; /* per line: the width of a line that ran to the margin, 0 default */
    bool any_parts;
    int part;
    int part_sec;
    int stack[5]; /* section index at levels 1..4, -1 when none */
    para_acc pa;
} nstate;

static int cur_section(const nstate *st)
{
    for (int l = 4; l >= 1; l--)
        if (st->stack[l] >= 0) return st->stack[l];
    return st->part_sec;
}

/* Next line after i that is not blank, not skipped; -1 if none. */
static int next_text(const nstate *st, int i)
{
    for (int j = i + 1; j < st->src->nlines; j++) {
        if (st->skip[j]) return -1;
        if (!st->src->lines[j].blank) return j;
    }
    return -1;
}

static bool line_is_heading(js_arena *a, const js_srcline *ln)
{
    cline c = clean_line(a, ln);
    js_heading_num h;
    return part_heading(c.s, c.n, NULL) > 0 || js_heading_parse(c.s, c.n, &h) > 0;
}

static int add_part(nstate *st, int i, int part, const char *rest, size_t nrest)
{
    js_doc *doc = st->doc;
    js_buf title;
    js_buf_init(&title);
    js_buf_append(&title, rest, nrest);
    if (nrest == 0 || !has_part_keyword(rest, nrest)) {
        /* the title is on the following lines: "第一部分" / "中共…委办" / "公室" / "概况" */
        int j = i, last = i;
        for (int k = 0; k < 4; k++) {
            j = next_text(st, j);
            if (j < 0) break;
            if (line_is_heading(doc->arena, &st->src->lines[j])) break;
            cline c = clean_line(doc->arena, &st->src->lines[j]);
            if (js_narr_cp_count(c.s, c.n) > 30 || ends_sentence(c.s, c.n)) break;
            js_buf_append(&title, c.s, c.n);
            st->used[j] = true;
            last = j;
            if (has_part_keyword(c.s, c.n)) break;
        }
        if (!has_part_keyword(title.data ? title.data : "", title.len)) {
            /* no word naming a part followed: the title is what the heading line had, and
             * the lines looked at are running text after all */
            for (int k = i + 1; k <= last; k++)
                st->used[k] = false;
            title.len = 0;
            if (title.data) title.data[0] = '\0';
            js_buf_append(&title, rest, nrest);
        }
    }
    js_section s = {0};
    s.num = "";
    s.title = title.data ? title.data : "";
    s.part = part;
    s.level = 0;
    s.value = part;
    s.parent = -1;
    s.loc.line = st->src->lines[i].loc.line;
    s.loc.page = st->src->lines[i].loc.page;
    int idx = title.oom ? -1 : js_doc_section_add(doc, &s);
    js_buf_release(&title);
    if (idx < 0) return JS_EINTERNAL;
    st->part = part;
    st->part_sec = idx;
    for (int l = 1; l <= 4; l++)
        st->stack[l] = -1;
    return JS_OK;
}

static void fmt_level(char *buf, size_t size, int level, int value)
{
    char cn[16]; /* no printf: a heading number per heading */
    if (level == 1 || level == 2)
        js_cnum_fmt(value, cn, sizeof cn);
    else
        js_num_fmt((js_num){value, 0}, cn, sizeof cn);
    if (level == 1 || level == 3)
        js_join3(buf, size, cn, NULL, NULL);
    else
        js_join3(buf, size, "(", cn, ")");
}

/* The line after line i that ends a heading wrapped onto it ("(4) 科学技术支出（类）…一般行" /
 * "政管理事务（项）。"; in a column, a short last line without punctuation): its index and its
 * text in *tail, or -1 when the heading is whole on line i. W and colw: the widths of add_heading.
 */
static int heading_tail(nstate *st, int i, const char *content, size_t n, int W, int colw,
                        cline *tail)
{
    const js_srcline *ln = &st->src->lines[i];
    if (ends_sentence(content, n) || first_stop(content, n) != n ||
        js_narr_text_width(ln->text, ln->len) < (W ? colw - 6 : 44))
        return -1;
    int j = next_text(st, i);
    if (j < 0 || line_is_heading(st->doc->arena, &st->src->lines[j])) return -1;
    cline c = clean_line(st->doc->arena, &st->src->lines[j]);
    size_t lst;
    bool comma = js_memstr(c.s, c.n, "，") || js_memstr(c.s, c.n, ",");
    /* in a column: a heading's short last line ("说明") without punctuation */
    bool col_tail =
        W && js_narr_text_width(c.s, c.n) * 3 <= colw && first_stop(c.s, c.n) == c.n && !comma;
    if (!col_tail &&
        !(js_narr_cp_count(c.s, c.n) <= 20 && last_cp(c.s, c.n, &lst) == 0x3002 /* 。 */ && !comma))
        return -1;
    *tail = c;
    return j;
}

static int add_heading(nstate *st, int i, js_heading_num h, const char *content, size_t n)
{
    js_doc *doc = st->doc;
    const js_srcline *ln = &st->src->lines[i];
    /* a heading wrapped onto a short second line: "(4) 科学技术支出（类）…一般行" /
     * "政管理事务（项）。" */
    js_buf full;
    js_buf_init(&full);
    js_buf_append(&full, content, n);
    int extra_line = 0;
    js_loc extra_loc = {0};
    /* the widths of a full line (44, 56) are those of a one-column page; a column of a
     * two-column page has its own (st->wrap) */
    int W = st->wrap && st->wrap[i] ? st->wrap[i] : 0, colw = W * 5 / 3; /* see split_run */
    cline tl;
    int tj = heading_tail(st, i, content, n, W, colw, &tl);
    if (tj >= 0) {
        js_buf_append(&full, tl.s, tl.n);
        st->used[tj] = true;
        extra_line = st->src->lines[tj].loc.line;
        extra_loc = st->src->lines[tj].loc;
    }
    if (full.oom) {
        js_buf_release(&full);
        return JS_EINTERNAL;
    }
    const char *c = full.data ? full.data : "";
    size_t cn = full.len;
    size_t stop = first_stop(c, cn);
    int parent = -1;
    for (int l = h.level - 1; l >= 1 && parent < 0; l--)
        parent = st->stack[l];
    char num[128], part[24];
    fmt_level(part, sizeof part, h.level, h.value);
    if (parent >= 0) {
        js_join3(num, sizeof num, doc->sections[parent].num, part, NULL);
    } else {
        js_join3(num, sizeof num, part_prefix(st->part, st->any_parts), part, NULL);
        parent = st->part_sec;
    }
    /* the title is the first sentence of full, cut there while js_doc_section_add
     * copies it (not a copy of its own in the document as well) */
    char cut = full.data ? full.data[stop] : '\0';
    if (full.data) full.data[stop] = '\0';
    js_section s = {0};
    s.num = num;
    s.title = c;
    s.part = st->part;
    s.level = h.level;
    s.value = h.value;
    s.parent = parent;
    s.loc = ln->loc;
    int idx = js_doc_section_add(doc, &s);
    if (full.data) full.data[stop] = cut;
    if (idx < 0) {
        js_buf_release(&full);
        return JS_EINTERNAL;
    }
    st->stack[h.level] = idx;
    for (int l = h.level + 1; l <= 4; l++)
        st->stack[l] = -1;
    /* a heading that is also a sentence ("1、公务接待费支出决算为…。", "二、事业收入：指…")
     * is kept as the first paragraph of its section, so every claim is in a paragraph */
    bool added = false;
    if (stop == cn && !extra_line && js_narr_text_width(ln->text, ln->len) >= (W ? colw - 2 : 56)) {
        /* a long heading line cut at the margin ("（三）逐步建立…，健全包括一般" /
         * "公共预算、…管理体系；…"): its sentence goes on, and the title is that sentence */
        int j = next_text(st, i);
        /* in a column a heading may fill the line: an indented next line starts a
         * paragraph of its own */
        if (j >= 0 && !line_is_heading(doc->arena, &st->src->lines[j]) &&
            !(W && st->src->lines[j].loc.x0 > ln->loc.x0 + 1)) {
            para_add(&st->pa, c, cn, ln->loc, W);
            st->pa.open = true;
            st->pa.title_of = idx;
            added = true;
        }
    }
    if (added) {
        /* done */
    } else if (stop == cn) {
        /* a heading stating an amount or a rate ("3、其他共产党事务支出1.25万元") is a claim too */
        if (js_memstr(c, cn, "万元") || js_memstr(c, cn, "%")) para_add(&st->pa, c, cn, ln->loc, W);
    } else {
        if (extra_line) {
            para_add(&st->pa, content, n, ln->loc, W);
            para_add(&st->pa, c + n, cn - n, extra_loc, W);
        } else {
            para_add(&st->pa, c, cn, ln->loc, W);
        }
    }
    js_buf_release(&full);
    return JS_OK;
}

/* Line i is a page number: its text is one, and it is the last or the first line of
 * its page. Skipped without ending the paragraph, so a sentence the page break
 * split ("…比上年预算减少" / "30" / "30.8 万元，…") is read whole. */
static bool page_number_line(js_arena *a, const js_srcdoc *src, int i)
{
    cline c = clean_line(a, &src->lines[i]);
    if (!js_narr_page_number_text(c.s, c.n)) return false;
    int next = i + 1, prev = i - 1;
    while (next < src->nlines && src->lines[next].blank)
        next++;
    while (prev >= 0 && src->lines[prev].blank)
        prev--;
    return next >= src->nlines || js_narr_page_break(src, i, next) ||
           (prev >= 0 && js_narr_page_break(src, prev, i));
}

/* A layout line with wide gaps that goes on with the sentence above it ("（1）公务用车购置预算
 * 支出 0 万元，比上年预算增加（减" / "少）    0   万元，主要原因无此项预算。"): the line before it
 * (blank lines and page numbers between) is running text that does not end its sentence, and
 * it has CJK text and a sentence's punctuation (，。；). It is running text, not a table line. */
static bool goes_on(js_arena *a, const js_srcdoc *src, const bool *skip, int i)
{
    int p = i - 1;
    while (p >= 0 && (src->lines[p].blank || page_number_line(a, src, p)))
        p--;
    if (p < 0 || skip[p]) return false;
    cline prev = clean_line(a, &src->lines[p]);
    if (!prev.n || ends_sentence(prev.s, prev.n)) return false;
    cline c = clean_line(a, &src->lines[i]);
    return js_narr_has_cjk(c.s, c.n) &&
           (js_memstr(c.s, c.n, "，") || js_memstr(c.s, c.n, "。") || js_memstr(c.s, c.n, "；"));
}

/* Lines that are not running text (tables, contents); the first contents line. */
static int mark_skipped(js_doc *doc, const js_srcdoc *src, const unsigned char *line_kind,
                        bool *skip)
{
    int first_toc = -1;
    js_cellbuf cb = {0};
    for (int i = 0; i < src->nlines; i++) {
        const js_srcline *ln = &src->lines[i];
        if (line_kind && line_kind[i] != JS_LINE_TEXT) {
            skip[i] = true;
            if (line_kind[i] == JS_LINE_TOC && first_toc < 0) first_toc = i;
        } else if (!ln->blank && tableish(src, ln, &cb)) {
            /* a part heading spaced out in layout text ("第一部分    …概况") is still one */
            cline c = clean_line(doc->arena, ln);
            if (!part_heading(c.s, c.n, NULL) &&
                !(src->positional && goes_on(doc->arena, src, skip, i)))
                skip[i] = true;
        }
    }
    js_cellbuf_free(&cb);
    return first_toc;
}

/* Part headings (partv), and the table of contents before the numbering restarts
 * (skipped). */
typedef struct parts_found {
    int nparts, first_part, toc_mark, body;
} parts_found;

static void find_parts(js_doc *doc, const js_srcdoc *src, bool *skip, int *partv, parts_found *pf)
{
    int prev = 0, restart = -1;
    pf->nparts = 0;
    pf->first_part = pf->toc_mark = -1;
    pf->body = 0;
    for (int i = 0; i < src->nlines; i++) {
        if (skip[i] || src->lines[i].blank) continue;
        cline c = clean_line(doc->arena, &src->lines[i]);
        if (pf->toc_mark < 0 && (strcmp(c.s, "目录") == 0 || strcmp(c.s, "目 录") == 0))
            pf->toc_mark = i;
        int p = part_heading(c.s, c.n, NULL);
        if (!p) continue;
        partv[i] = p;
        if (pf->first_part < 0) pf->first_part = i;
        if (pf->nparts > 0 && p <= prev && restart < 0) restart = i;
        prev = p;
        pf->nparts++;
    }
    if (restart >= 0) {
        int toc_start = pf->first_part;
        if (pf->toc_mark >= 0 && pf->toc_mark < toc_start) toc_start = pf->toc_mark;
        for (int i = toc_start; i < restart; i++)
            skip[i] = true;
        pf->body = restart;
    } else if (pf->toc_mark >= 0) {
        skip[pf->toc_mark] = true;
    }
}

/* One line of running text: a part heading, a numbered heading or paragraph text. */
static int text_line(nstate *st, int i, const int *partv)
{
    js_doc *doc = st->doc;
    const js_srcline *ln = &st->src->lines[i];
    cline c = clean_line(doc->arena, ln);
    if (c.n == 0) return JS_OK;
    size_t k;
    int p = partv[i] ? part_heading(c.s, c.n, &k) : 0;
    int rc;
    if (p) {
        rc = para_flush(doc, &st->pa, cur_section(st));
        return rc == JS_OK ? add_part(st, i, p, c.s + k, c.n - k) : rc;
    }
    js_heading_num h;
    size_t hk = js_heading_parse(c.s, c.n, &h);
    if (hk > 0 && h.value >= 1 && h.value <= 99 && st->part != JS_PART_TABLES) {
        rc = para_flush(doc, &st->pa, cur_section(st));
        return rc == JS_OK ? add_heading(st, i, h, c.s + hk, c.n - hk) : rc;
    }
    rc = st->pa.open ? JS_OK : para_flush(doc, &st->pa, cur_section(st));
    if (rc == JS_OK) para_add(&st->pa, c.s, c.n, ln->loc, st->wrap ? st->wrap[i] : 0);
    return rc;
}

static int narrative_in(js_arena *tmp, const js_srcdoc *src0, const unsigned char *line_kind0,
                        js_doc *doc);

int js_recognize_narrative(const js_ctx *ctx, const js_srcdoc *src0,
                           const unsigned char *line_kind0, js_doc *doc, js_err *err)
{
    (void)ctx;
    /* the lines in reading order and the marks of each line, freed after the narrative is
     * read (in the document's arena they were 6 bytes a line, 2 records a line of layout
     * text) */
    js_arena *tmp = js_arena_new();
    int rc = tmp ? narrative_in(tmp, src0, line_kind0, doc) : JS_EINTERNAL;
    js_arena_free(tmp);
    if (rc != JS_OK) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
    return JS_OK;
}

static int narrative_in(js_arena *tmp, const js_srcdoc *src0, const unsigned char *line_kind0,
                        js_doc *doc)
{
    js_narr_columns cols;
    if (!js_narr_read_columns(doc->arena, tmp, src0, line_kind0, &cols)) return JS_EINTERNAL;
    const js_srcdoc *src = &cols.src;
    const unsigned char *line_kind = cols.kind;
    int n = src->nlines;
    if (n <= 0) return JS_OK;
    bool *skip = js_arena_calloc(tmp, (size_t)n, sizeof(bool));
    bool *used = js_arena_calloc(tmp, (size_t)n, sizeof(bool));
    int *partv = js_arena_calloc(tmp, (size_t)n, sizeof(int));
    if (!skip || !used || !partv) return JS_EINTERNAL;
    int first_toc = mark_skipped(doc, src, line_kind, skip);
    parts_found pf;
    find_parts(doc, src, skip, partv, &pf);
    int first_part = pf.first_part, toc_mark = pf.toc_mark;
    cover_meta(doc, src, skip, pf.body,
               first_toc >= 0 && (first_part < 0 || first_toc < first_part)
                   ? first_toc
                   : (toc_mark >= 0 ? toc_mark : first_part));

    nstate st;
    memset(&st, 0, sizeof st);
    st.doc = doc;
    st.src = src;
    st.skip = skip;
    st.used = used;
    st.wrap = cols.wrap;
    st.any_parts = pf.nparts > 0;
    st.part = JS_PART_NONE;
    st.part_sec = -1;
    for (int l = 0; l <= 4; l++)
        st.stack[l] = -1;
    js_buf_init(&st.pa.text);
    st.pa.title_of = -1;

    int rc = JS_OK;
    for (int i = 0; i < n && rc == JS_OK; i++) {
        if (skip[i]) /* a table (or the contents) interrupts the running text */
            rc = para_flush(doc, &st.pa, cur_section(&st));
        else if (!src->lines[i].blank && !used[i] && !page_number_line(doc->arena, src, i))
            rc = text_line(&st, i, partv);
    }
    if (rc == JS_OK) rc = para_flush(doc, &st.pa, cur_section(&st));
    bool oom = st.pa.text.oom;
    js_buf_release(&st.pa.text);
    return rc != JS_OK || oom ? JS_EINTERNAL : JS_OK;
}
