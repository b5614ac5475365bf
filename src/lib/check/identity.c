/*
 * identity.c - the document's identity and form outside the tables: the unit's
 * name and the year on the cover (封面) and in the table of contents (目录),
 * the 目录 against the body, and the 部门名称 of the 部门整体支出绩效自评表.
 *
 *   C-DEPT  the cover or a 目录 entry names another unit than the tables
 *           (section 封面 / 目录); the 第一部分 and 自评表 findings of the same
 *           variant name point at the first place it appears (one defect);
 *           the 自评表 部门名称 left blank
 *   F-YEAR  the cover or a 目录 entry gives another year than the accounts'
 *   C-TOC   a part or a 情况说明 section the 目录 lists is not in the body
 *
 * The cover is the lines before the 目录; the 目录 runs from its heading to the
 * second "第一部分" (the body's). A document without a 目录 is not read here.
 */
#include "checker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A line with spaces and a leading "- " removed, normalised (full-width forms folded). */
static char *clean(js_arena *a, const char *s)
{
    js_buf k;
    js_buf_init(&k);
    js_norm_key(&k, s, strlen(s));
    const char *p = k.data ? k.data : "";
    while (*p == '-' || *p == ' ')
        p++;
    char *r = js_arena_strdup(a, p);
    js_buf_release(&k);
    return r;
}

static bool same_unit(const char *a, const char *b)
{
    if (js_name_eq(a, b)) return true;
    size_t la = strlen(a), lb = strlen(b);
    const char *sfx = "(本级)";
    size_t sl = strlen(sfx);
    if (la > sl && strcmp(a + la - sl, sfx) == 0) la -= sl;
    if (lb > sl && strcmp(b + lb - sl, sfx) == 0) lb -= sl;
    return la == lb && strncmp(a, b, la) == 0;
}

/* The 4-digit year before "年" in s, 0 if none; *at set to where it starts. */
static int year_in(const char *s, const char **at)
{
    for (const char *p = s; *p; p++) {
        if (*p < '1' || *p > '2' || (p > s && p[-1] >= '0' && p[-1] <= '9')) continue;
        int y = 0, n = 0;
        const char *q = p;
        while (*q >= '0' && *q <= '9' && n < 5)
            y = y * 10 + (*q++ - '0'), n++;
        if (n == 4 && js_startswith(q, "年")) {
            if (at) *at = p;
            return y;
        }
    }
    return 0;
}

/* Remove every occurrence of w from s (in place). */
static void drop(char *s, const char *w)
{
    size_t k = strlen(w);
    for (char *p = strstr(s, w); p; p = strstr(p, w))
        memmove(p, p + k, strlen(p + k) + 1);
}

static bool is_toc_heading(const char *c)
{
    return strcmp(c, "目录") == 0;
}

static js_loc at_line(const js_doc *d, int line)
{
    js_loc l = {0};
    l.line = line;
    if (d->line_pages && line >= 1 && line <= d->nlines) l.page = d->line_pages[line - 1];
    return l;
}

static int report_name(js_checker *ck, const char *section, const char *name, int line,
                       const char *where)
{
    const js_doc *d = ck->doc;
    js_where w = {NULL, NULL, NULL, section, at_line(d, line)};
    js_finding *f = js_report(ck, JS_R_C_DEPT, JS_SEV_WARNING, w, name, d->dept,
                              "%s的单位名称“%s”与各表的“%s”不一致", where, name, d->dept);
    return f ? f->id : 0;
}

static void report_year(js_checker *ck, const char *section, int y, int line, const char *where)
{
    const js_doc *d = ck->doc;
    js_where w = {NULL, NULL, NULL, section, at_line(d, line)};
    char sb[16], eb[16];
    snprintf(sb, sizeof sb, "%d", y);
    snprintf(eb, sizeof eb, "%d", d->year);
    js_report(ck, JS_R_F_YEAR, JS_SEV_WARNING, w, sb, eb, "%s的年度%d年与决算年度%d年不一致", where,
              y, d->year);
}

/* The other findings of the same variant name (第一部分, 自评表) follow from the
 * first place it is printed. */
static void link_same_name(js_checker *ck, int root, const char *name)
{
    js_findings *f = ck->out;
    for (int i = ck->from; i < f->n && root; i++) {
        js_finding *x = &f->items[i];
        if (x->id == root || x->cause || !x->rule || strcmp(x->rule, "C-DEPT") != 0) continue;
        if (x->stated && same_unit(x->stated, name)) x->cause = root;
    }
}

/* "第一部分XX概况" -> XX; "第二部分XX2020年度部门决算表" -> XX (may be empty). */
static const char *entry_name(js_arena *a, const char *c)
{
    static const char *const PART[] = {"第一部分", "第二部分", "第三部分", NULL};
    const char *p = NULL;
    for (const char *const *k = PART; *k && !p; k++)
        if (js_startswith(c, *k)) p = c + strlen(*k);
    if (!p) return NULL;
    char *s = js_arena_strdup(a, p);
    if (!s) return NULL;
    const char *y;
    if (year_in(s, &y)) s[y - s] = '\0';
    static const char *const TAIL[] = {"单位概况",   "部门概况", "概况",
                                       "部门决算表", "决算表",   NULL};
    size_t n = strlen(s);
    for (const char *const *t = TAIL; *t; t++) {
        size_t k = strlen(*t);
        if (n >= k && strcmp(s + n - k, *t) == 0) {
            s[n - k] = '\0';
            break;
        }
    }
    return s;
}

/* What the cover and the 目录 said, for the steps below. */
typedef struct idstate {
    js_arena *a;
    int toc, body; /* the 目录 heading line, the body's 第一部分 line */
    int root;      /* the finding of the first place printing a variant name */
    const char *root_name;
    int parts[6];    /* the 目录 line of each part entry */
    bool listed[32]; /* 情况说明 sections the 目录 lists */
} idstate;

/* The 目录 heading within the first 40 lines, and the body's 第一部分 after it. */
static bool find_toc(const js_doc *d, idstate *st)
{
    for (int l = 1; l <= d->nlines && l <= 40 && !st->toc; l++)
        if (d->lines[l - 1] && is_toc_heading(clean(st->a, d->lines[l - 1]))) st->toc = l;
    if (!st->toc) return false;
    int seen1 = 0;
    for (int l = st->toc + 1; l <= d->nlines && !st->body; l++) {
        const char *c = d->lines[l - 1] ? clean(st->a, d->lines[l - 1]) : "";
        if (js_startswith(c, "第一部分") && seen1++ > 0) st->body = l;
    }
    return st->body > 0;
}

/* A cover line without its year (2020年度) and 部门决算 words. */
static char *cover_words(idstate *st, const char *line, int *year)
{
    char *c = clean(st->a, line);
    if (!c) return NULL;
    const char *yat;
    *year = year_in(c, &yat);
    if (*year) {
        const char *nd = strstr(yat, "年") + strlen("年");
        if (js_startswith(nd, "度")) nd += strlen("度");
        memmove(c + (yat - c), nd, strlen(nd) + 1);
    }
    drop(c, "部门决算");
    drop(c, "单位决算");
    return c;
}

static void check_cover(js_checker *ck, idstate *st)
{
    const js_doc *d = ck->doc;
    js_buf cov;
    js_buf_init(&cov);
    int first = 0, ycov = 0, yline = 0;
    for (int l = 1; l < st->toc; l++) {
        if (!d->lines[l - 1]) continue;
        int y = 0;
        char *c = cover_words(st, d->lines[l - 1], &y);
        if (y && !ycov) ycov = y, yline = l;
        if (!c || !*c) continue;
        if (!first) first = l;
        js_buf_puts(&cov, c);
    }
    if (cov.len >= 6 && !same_unit(cov.data, d->dept)) {
        st->root = report_name(ck, "封面", cov.data, first, "封面");
        st->root_name = js_arena_strdup(st->a, cov.data);
    }
    js_buf_release(&cov);
    if (ycov && d->year && ycov != d->year) report_year(ck, "封面", ycov, yline, "封面");
}

/* A part entry of the 目录: its unit name and year. */
static void toc_entry(js_checker *ck, idstate *st, const char *c, int l)
{
    const js_doc *d = ck->doc;
    const char *nm = entry_name(st->a, c);
    if (nm && strlen(nm) >= 6 && !same_unit(nm, d->dept)) {
        if (!st->root_name || !same_unit(nm, st->root_name)) {
            int id = report_name(ck, "目录", nm, l, "目录");
            if (!st->root) st->root = id, st->root_name = nm;
        } else {
            js_where w = {NULL, NULL, NULL, "目录", at_line(d, l)};
            js_finding *f = js_report(ck, JS_R_C_DEPT, JS_SEV_WARNING, w, nm, d->dept,
                                      "目录的单位名称“%s”与各表的“%s”不一致", nm, d->dept);
            if (f) f->cause = st->root;
        }
    }
    int y = year_in(c, NULL);
    if (y && d->year && y != d->year) report_year(ck, "目录", y, l, "目录");
}

static void check_toc(js_checker *ck, idstate *st)
{
    const js_doc *d = ck->doc;
    static const char *const PN[] = {"第一部分", "第二部分", "第三部分", "第四部分", "第五部分"};
    int cur = 0;
    for (int l = st->toc + 1; l < st->body; l++) {
        const char *c = d->lines[l - 1] ? clean(st->a, d->lines[l - 1]) : "";
        if (!*c) continue;
        int pn = 0;
        for (int k = 0; k < 5; k++)
            if (js_startswith(c, PN[k])) pn = k + 1;
        if (pn) {
            cur = pn;
            st->parts[pn] = l;
            toc_entry(ck, st, c, l);
            continue;
        }
        js_heading_num h;
        if (cur == 3 && js_heading_parse(c, strlen(c), &h) > 0 && h.level == 1 && h.value > 0 &&
            h.value < 32)
            st->listed[h.value] = true;
    }
}

/* What the 目录 lists against the body. */
static void toc_against_body(js_checker *ck, const idstate *st)
{
    const js_doc *d = ck->doc;
    static const char *const PN[] = {"",         "第一部分", "第二部分",
                                     "第三部分", "第四部分", "第五部分"};
    bool has_part[6] = {false}, has_sec[32] = {false};
    for (int i = 0; i < d->nsections; i++) {
        const js_section *s = &d->sections[i];
        if (s->part >= 1 && s->part <= 5) has_part[s->part] = true;
        if (s->part == JS_PART_NARRATIVE && s->level == 1 && s->value > 0 && s->value < 32)
            has_sec[s->value] = true;
    }
    for (int p = 1; p <= 5; p++) {
        /* the tables are checked as tables (C-MISSING) */
        if (!st->parts[p] || has_part[p] || p == JS_PART_TABLES) continue;
        js_where w = {NULL, NULL, NULL, "目录", at_line(d, st->parts[p])};
        js_report(ck, JS_R_C_TOC, JS_SEV_WARNING, w, PN[p], NULL, "目录列出%s，正文中没有该部分",
                  PN[p]);
    }
    for (int v = 1; v < 32 && has_part[JS_PART_NARRATIVE]; v++) {
        if (!st->listed[v] || has_sec[v]) continue;
        char cn[16];
        js_where w = {NULL, NULL, NULL, "目录", at_line(d, st->parts[3] ? st->parts[3] : st->toc)};
        js_report(ck, JS_R_C_TOC, JS_SEV_WARNING, w, js_cnum_fmt(v, cn, sizeof cn), NULL,
                  "目录列出第三部分“%s、”一节，情况说明中没有该节", cn);
    }
}

/* The 自评表 部门名称 left blank. */
static void blank_perf_name(js_checker *ck)
{
    const js_doc *d = ck->doc;
    for (int i = 0; i < d->nperf; i++) {
        const js_perf *p = &d->perf[i];
        if (p->kind != 1 || (p->name && *p->name) || p->ninds == 0) continue;
        js_where w = {"P1", NULL, NULL, NULL, p->loc};
        js_report(ck, JS_R_C_DEPT, JS_SEV_WARNING, w, NULL, d->dept,
                  "部门整体支出绩效自评表未填写部门名称（应为“%s”）", d->dept);
    }
}

void js_check_identity(js_checker *ck)
{
    const js_doc *d = ck->doc;
    if (!d->dept || !*d->dept) return;
    blank_perf_name(ck);
    if (!d->lines || d->nlines <= 0) return;
    idstate st;
    memset(&st, 0, sizeof st);
    st.a = js_arena_new();
    if (!st.a) return;
    if (find_toc(d, &st)) {
        check_cover(ck, &st);
        check_toc(ck, &st);
        if (st.root && st.root_name) link_same_name(ck, st.root, st.root_name);
        toc_against_body(ck, &st);
    }
    js_arena_free(st.a);
}
