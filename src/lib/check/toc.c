/*
 * toc.c - the table of contents (目录) entry by entry against what the
 * document contains: the sections of 第一部分 (概况) and 第三部分 (情况说明)
 * and the nine tables of 第二部分.
 *
 *   C-TOC-TITLE  an entry worded otherwise than the heading or table title it
 *                lists ("十四、重点项目预算的绩效评价结果等情况说明" for a body
 *                section "十四、关于2020年度预算绩效情况的说明"): a warning; an
 *                entry that only shortens or lengthens the heading ("机构设置"
 *                for "机构设置及决算单位构成") is a notice
 *   C-TOC-ORDER  the 目录 lists sections or tables under other numbers, or in
 *                another order, than the body prints them: one finding per part,
 *                naming every entry out of place
 *   C-TOC-EXTRA  a section or table the body prints that the 目录 leaves out
 *
 * A listed section the body lacks is C-TOC (identity.c); a listed table the
 * body lacks is C-MISSING. Words that do not change what a heading names are
 * not compared: spaces, quotes and brackets, 关于, 的, the year ("2020年度"),
 * the unit's name and a closing 说明/情况. Findings are placed at the entry's
 * line, section "目录".
 */
#include "checker.h"

#include <stdio.h>
#include <stdint.h>
#include <string.h>

#define MAXENT 40

typedef struct entry {
    int part, value, line;
    const char *text; /* after "一、", normalised */
} entry;

typedef struct tocs {
    js_arena *a;
    int toc, body;
    entry e[MAXENT];
    int n;
    const char *dk; /* the unit's name keyed (core drops it), made at the first core */
    bool dk_made;
} tocs;

static js_loc at_line(const js_doc *d, int line)
{
    js_loc l = {0};
    l.line = line;
    if (d->line_pages && line >= 1 && line <= d->nlines) l.page = d->line_pages[line - 1];
    return l;
}

/* s normalised, spaces removed, a leading "- " (list marker) dropped. */
static char *keyed(js_arena *a, const char *s)
{
    js_buf k;
    js_buf_init(&k);
    js_norm_key(&k, s, strlen(s));
    const char *p = k.data ? k.data : "";
    while (*p == '-')
        p++;
    char *r = js_arena_strdup(a, p);
    js_buf_release(&k);
    return r;
}

static void drop_all(char *s, const char *w)
{
    size_t k = strlen(w);
    if (!k) return;
    for (char *p = strstr(s, w); p; p = strstr(p, w))
        memmove(p, p + k, strlen(p + k) + 1);
}

/* Drop a 4-digit year with 年 or 年度 after it. */
static void drop_years(char *s)
{
    /* p moves on only past what stays: after a year is cut out, p looks again at what
     * came to stand there (never a pointer before s) */
    for (char *p = s; *p;) {
        int k = 0;
        if (p[0] >= '1' && p[0] <= '2')
            while (k < 4 && p[k] >= '0' && p[k] <= '9')
                k++;
        size_t y = k == 4 && !(p[4] >= '0' && p[4] <= '9') ? js_startswith(p + 4, "年") : 0;
        if (!y) {
            p++;
            continue;
        }
        size_t du = js_startswith(p + 4 + y, "度");
        memmove(p, p + 4 + y + du, strlen(p + 4 + y + du) + 1);
    }
}

static void drop_tail(char *s, const char *w)
{
    size_t n = strlen(s), k = strlen(w);
    if (n > k && strcmp(s + n - k, w) == 0) s[n - k] = '\0';
}

/* The words of a heading that name what it is about. */
/* The ASCII bytes of c and the first two bytes of its other characters (hashed to 256
 * bits): a word whose first character is not among them is not in c. Dropping words
 * from c (whole characters) leaves no character that was not there. */
typedef struct present {
    uint64_t ascii[2], lead[4];
} present;

static unsigned lead_bit(const char *p)
{
    return ((unsigned)(unsigned char)p[0] << 6 ^ (unsigned char)p[1]) & 255;
}

static void present_of(const char *c, present *pr)
{
    memset(pr, 0, sizeof *pr);
    for (const char *p = c; *p; p++) {
        unsigned char b = (unsigned char)*p;
        if (b < 0x80) {
            pr->ascii[b >> 6] |= (uint64_t)1 << (b & 63);
        } else if (b >= 0xC0) {
            unsigned h = lead_bit(p);
            pr->lead[h >> 6] |= (uint64_t)1 << (h & 63);
        }
    }
}

/* Can w be in c (present_of)? */
static bool maybe_in(const present *pr, const char *w)
{
    unsigned char b = (unsigned char)w[0];
    if (b < 0x80) return pr->ascii[b >> 6] >> (b & 63) & 1;
    if (b < 0xC0) return true; /* not a character's start: not told */
    unsigned h = lead_bit(w);
    return pr->lead[h >> 6] >> (h & 63) & 1;
}

static char *core(tocs *st, const char *dept, const char *s)
{
    char *c = keyed(st->a, s);
    if (!c) return NULL;
    if (!st->dk_made) {
        st->dk = dept && *dept ? keyed(st->a, dept) : NULL;
        st->dk_made = true;
    }
    present pr;
    present_of(c, &pr);
    if (st->dk && *st->dk && maybe_in(&pr, st->dk)) drop_all(c, st->dk);
    drop_years(c);
    static const char *const NOISE[] = {"“", "”",  "\"", "‘",    "’",  "《",   "》", "(",
                                        ")", "（", "）", "关于", "的", "公开", NULL};
    for (const char *const *w = NOISE; *w; w++)
        if (maybe_in(&pr, *w)) drop_all(c, *w);
    drop_tail(c, "说明");
    drop_tail(c, "情况");
    drop_tail(c, "情况");
    return c;
}

static bool is_toc_heading(js_arena *a, const char *line)
{
    const char *c = keyed(a, line);
    return c && strcmp(c, "目录") == 0;
}

/* The number of a "第N部分" line (1..5), 0 if it is none. */
static int part_of(const char *c)
{
    static const char *const PN[] = {"第一部分", "第二部分", "第三部分", "第四部分", "第五部分"};
    for (int k = 0; k < 5; k++)
        if (js_startswith(c, PN[k])) return k + 1;
    return 0;
}

/* The 目录 heading in the first 40 lines, and where the body starts after it:
 * the first part heading whose number does not follow the 目录's last one. */
static bool find_toc(const js_doc *d, tocs *st)
{
    for (int l = 1; l <= d->nlines && l <= 40 && !st->toc; l++)
        if (d->lines[l - 1] && is_toc_heading(st->a, d->lines[l - 1])) st->toc = l;
    if (!st->toc) return false;
    int last = 0;
    for (int l = st->toc + 1; l <= d->nlines && !st->body; l++) {
        const char *c = d->lines[l - 1] ? keyed(st->a, d->lines[l - 1]) : "";
        int p = c ? part_of(c) : 0;
        if (!p) continue;
        if (p <= last) st->body = l;
        last = p;
    }
    return st->body > 0;
}

static void read_entries(const js_doc *d, tocs *st)
{
    int cur = 0;
    for (int l = st->toc + 1; l < st->body && st->n < MAXENT; l++) {
        const char *c = d->lines[l - 1] ? keyed(st->a, d->lines[l - 1]) : NULL;
        if (!c || !*c) continue;
        int p = part_of(c);
        if (p) cur = p;
        if (p || cur < 1 || cur > 3) continue;
        js_heading_num h;
        size_t k = js_heading_parse(c, strlen(c), &h);
        if (k == 0 || h.level != 1 || h.value <= 0) continue;
        st->e[st->n++] = (entry){cur, h.value, l, js_arena_strdup(st->a, c + k)};
    }
}

static const char *pre(int part)
{
    return part == 1 ? "第一部分" : part == 2 ? "第二部分" : "第三部分";
}

/* Headings of the body: part (1 or 3), level 1; NULL when the value is not printed. */
static const js_section *body_sec(const js_doc *d, int part, int value)
{
    for (int i = 0; i < d->nsections; i++) {
        const js_section *s = &d->sections[i];
        if (s->part == part && s->level == 1 && s->value == value) return s;
    }
    return NULL;
}

static bool listed(const tocs *st, int part, int value)
{
    for (int i = 0; i < st->n; i++)
        if (st->e[i].part == part && st->e[i].value == value) return true;
    return false;
}

static bool has_part(const tocs *st, int part)
{
    for (int i = 0; i < st->n; i++)
        if (st->e[i].part == part) return true;
    return false;
}

/* One 目录 entry against a body heading or table title: 0 same, 1 one only
 * shortens the other, 2 different. */
static int compare(tocs *st, const js_doc *d, const char *entry_text, const char *title)
{
    const char *a = core(st, d->dept, entry_text), *b = core(st, d->dept, title);
    if (!a || !b) return 0;
    if (strcmp(a, b) == 0) return 0;
    /* one is the other cut short or with words added at its end or start */
    size_t la = strlen(a), lb = strlen(b);
    const char *lo = la >= lb ? a : b, *sh = la >= lb ? b : a;
    size_t ll = la >= lb ? la : lb, ls = la >= lb ? lb : la;
    if (ls >= 12 && (strncmp(lo, sh, ls) == 0 || strcmp(lo + ll - ls, sh) == 0)) return 1;
    return 2;
}

/* The 目录 entry at line a or the heading at line b read by OCR from a scanned
 * page: a difference between them may be the reading's (a dropped 、, noise in a
 * word), so it is an R-OCR reading notice, not a finding about the document. */
static bool scanned(const js_doc *d, int a, int b)
{
    return js_ocr_at(d, at_line(d, a)) || js_ocr_at(d, at_line(d, b));
}

static const char *const OCR_PRE = "扫描页OCR识别：", *const OCR_POST =
                                                          "，可能是识别错误，请对照原件";

static void report_title(js_checker *ck, const entry *e, const char *title, int level,
                         int body_line, const char *what)
{
    const js_doc *d = ck->doc;
    char cn[16];
    js_where w = {NULL, NULL, NULL, "目录", at_line(d, e->line)};
    bool ocr = scanned(d, e->line, body_line);
    js_report(ck, ocr ? JS_R_R_OCR : JS_R_C_TOC_TITLE,
              level == 2 && !ocr ? JS_SEV_WARNING : JS_SEV_NOTICE, w, e->text, title,
              "%s目录%s“%s、%s”与正文%s（第%d行）“%s”的%s不一致%s", ocr ? OCR_PRE : "",
              pre(e->part), js_cnum_fmt(e->value, cn, sizeof cn), e->text, what, body_line, title,
              level == 2 ? "标题" : "措辞", ocr ? OCR_POST : "");
}

/* The entries of one part that the body prints under another number: one
 * C-TOC-ORDER finding for them all (one defect: the 目录's order). */
typedef struct order {
    const entry *e[MAXENT];
    int body[MAXENT], line[MAXENT];
    int n;
} order;

static void order_add(order *o, const entry *e, int body_value, int body_line)
{
    if (o->n >= MAXENT) return;
    o->e[o->n] = e;
    o->body[o->n] = body_value;
    o->line[o->n] = body_line;
    o->n++;
}

static void order_report(js_checker *ck, const order *o, int part)
{
    if (o->n == 0) return;
    const js_doc *d = ck->doc;
    js_buf st, ex, msg;
    js_buf_init(&st);
    js_buf_init(&ex);
    js_buf_init(&msg);
    for (int i = 0; i < o->n; i++) {
        char cn[16], on[16];
        js_cnum_fmt(o->e[i]->value, cn, sizeof cn);
        if (part == 2)
            snprintf(on, sizeof on, "%s", js_table_id(o->body[i]));
        else
            js_cnum_fmt(o->body[i], on, sizeof on);
        js_buf_printf(&st, "%s%s", i ? "、" : "", cn);
        js_buf_printf(&ex, "%s%s", i ? "、" : "", on);
        if (part == 2)
            js_buf_printf(&msg, "%s“%s”目录为第%s张、正文为公开%s表（第%d行）", i ? "，" : "",
                          o->e[i]->text, cn, on, o->line[i]);
        else
            js_buf_printf(&msg, "%s“%s”目录为第%s节、正文为第%s节（第%d行）", i ? "，" : "",
                          o->e[i]->text, cn, on, o->line[i]);
    }
    js_where w = {NULL, NULL, NULL, "目录", at_line(d, o->e[0]->line)};
    js_report(ck, JS_R_C_TOC_ORDER, JS_SEV_WARNING, w, st.data ? st.data : "",
              ex.data ? ex.data : "", "目录%s所列%s的顺序与正文不一致（%d处）：%s", pre(part),
              part == 2 ? "各表" : "各节", o->n, msg.data ? msg.data : "");
    js_buf_release(&st);
    js_buf_release(&ex);
    js_buf_release(&msg);
}

/* 第一部分, 第三部分: each entry against the heading of the same number. */
static void sections_against_body(js_checker *ck, tocs *st, int part)
{
    const js_doc *d = ck->doc;
    order ord = {0};
    for (int i = 0; i < st->n; i++) {
        const entry *e = &st->e[i];
        if (e->part != part) continue;
        const js_section *s = body_sec(d, part, e->value);
        if (!s || !s->title) continue; /* absent: C-TOC */
        int c = compare(st, d, e->text, s->title);
        if (c == 0) continue;
        /* the entry names a heading the body prints under another number */
        const js_section *o = NULL;
        for (int k = 0; k < d->nsections && !o; k++) {
            const js_section *x = &d->sections[k];
            if (x->part == part && x->level == 1 && x->value != e->value && x->title &&
                compare(st, d, e->text, x->title) == 0)
                o = x;
        }
        char cn[16];
        if (o) {
            order_add(&ord, e, o->value, o->loc.line);
            continue;
        }
        report_title(ck, e, s->title, c, s->loc.line, js_cnum_fmt(e->value, cn, sizeof cn));
    }
    order_report(ck, &ord, part);
    if (!has_part(st, part)) return;
    for (int k = 0; k < d->nsections; k++) {
        const js_section *x = &d->sections[k];
        if (x->part != part || x->level != 1 || x->value <= 0 || listed(st, part, x->value))
            continue;
        char cn[16];
        js_where w = {NULL, NULL, NULL, "目录", at_line(d, st->toc)};
        bool ocr = scanned(d, st->toc, x->loc.line);
        js_report(ck, ocr ? JS_R_R_OCR : JS_R_C_TOC_EXTRA, ocr ? JS_SEV_NOTICE : JS_SEV_WARNING, w,
                  NULL, js_cnum_fmt(x->value, cn, sizeof cn),
                  "%s正文%s有“%s、%s”（第%d行），目录未列出%s", ocr ? OCR_PRE : "", pre(part), cn,
                  x->title ? x->title : "", x->loc.line, ocr ? OCR_POST : "");
    }
}

/* Another printed table whose title a 第二部分 entry gives exactly, or 0. */
static int table_elsewhere(tocs *st, const js_doc *d, const entry *e)
{
    for (int no = 1; no <= 9; no++) {
        const js_table *t = d->tables[no];
        if (no != e->value && t && t->title && compare(st, d, e->text, t->title) == 0) return no;
    }
    return 0;
}

static void tables_against_body(js_checker *ck, tocs *st)
{
    const js_doc *d = ck->doc;
    if (!has_part(st, 2)) return;
    bool named[10] = {false};
    order ord = {0};
    for (int i = 0; i < st->n; i++) {
        const entry *e = &st->e[i];
        if (e->part != 2 || e->value > 9) continue;
        const js_table *t = d->tables[e->value];
        int c = t && t->title ? compare(st, d, e->text, t->title) : 2;
        if (c == 1) report_title(ck, e, t->title, 1, t->loc.line, "表");
        if (c <= 1) {
            named[e->value] = true;
            continue;
        }
        int no = table_elsewhere(st, d, e);
        if (no) {
            named[no] = true;
            order_add(&ord, e, no, d->tables[no]->loc.line);
            continue;
        }
        /* the table of the same number, worded otherwise (absent: C-MISSING) */
        if (t && t->title) report_title(ck, e, t->title, 2, t->loc.line, "表");
        if (t) named[e->value] = true;
    }
    order_report(ck, &ord, 2);
    for (int no = 1; no <= 9; no++) {
        const js_table *t = d->tables[no];
        if (!t || named[no]) continue;
        char cn[16];
        js_where w = {NULL, NULL, NULL, "目录", at_line(d, st->toc)};
        bool ocr = scanned(d, st->toc, t->loc.line);
        js_report(ck, ocr ? JS_R_R_OCR : JS_R_C_TOC_EXTRA, ocr ? JS_SEV_NOTICE : JS_SEV_WARNING, w,
                  NULL, js_cnum_fmt(no, cn, sizeof cn),
                  "%s正文有公开%s表“%s”（第%d行），目录第二部分未列出%s", ocr ? OCR_PRE : "",
                  js_table_id(no), t->title ? t->title : "", t->loc.line, ocr ? OCR_POST : "");
    }
}

void js_check_toc(js_checker *ck)
{
    const js_doc *d = ck->doc;
    if (!d->lines || d->nlines <= 0) return;
    tocs st;
    memset(&st, 0, sizeof st);
    st.a = js_arena_new();
    if (!st.a) return;
    if (find_toc(d, &st)) {
        read_entries(d, &st);
        sections_against_body(ck, &st, 1);
        tables_against_body(ck, &st);
        sections_against_body(ck, &st, 3);
    }
    js_arena_free(st.a);
}
