/*
 * unitname.c - the unit's name and the year where the running text speaks of
 * the unit itself (概况, 情况说明, 附件, the notes under empty tables) and in the
 * titles of 第二部分 and 第三部分.
 *
 *   C-DEPT-TEXT  the text names the unit otherwise than the tables' 部门 line
 *                where it speaks of itself ("X的主要职责是", "X内设机构",
 *                "X2020年部门决算", "X本级", "X没有政府性基金", "X（以下简称"):
 *                - a variant of the name (seed 000: 清水塘关停企业事务中心 for
 *                  清水塘企业事务中心): a warning, pointing (cause) at the cover's
 *                  or 目录's C-DEPT finding of the same variant when there is one;
 *                - a short form that is not just the name without its region
 *                  (seed 002: 株洲市石峰区区委办 for 中共株洲市石峰区委办公室): a
 *                  notice;
 *                - another unit's name (a text copied from another unit's
 *                  disclosure): a warning.
 *                The name without its region (石峰区清水塘企业事务中心, 清水塘企业
 *                事务中心) or without 中共 is the unit's own. One finding per
 *                name, at its first sentence; the message counts the others.
 *   F-YEAR       "2019年度收入总计…" — a year other than the accounts' right before
 *                the accounts' own figures (收入总计, 财政拨款支出, “三公”经费 …),
 *                unless the sentence compares years (比, 较, 与, 上年, 同期).
 */
#include "checker.h"

#include <stdio.h>
#include <string.h>

#define MAXNAMES 16

static js_loc at_line(const js_doc *d, int line)
{
    js_loc l = {0};
    l.line = line;
    if (d->line_pages && line >= 1 && line <= d->nlines) l.page = d->line_pages[line - 1];
    return l;
}

/* s normalised, spaces removed. */
static char *keyed(js_arena *a, const char *s, size_t n)
{
    js_buf k;
    js_buf_init(&k);
    js_norm_key(&k, s, n);
    char *r = js_arena_strdup(a, k.data ? k.data : "");
    js_buf_release(&k);
    return r;
}

static bool ends_with(const char *s, const char *w)
{
    size_t n = strlen(s), k = strlen(w);
    return n >= k && strcmp(s + n - k, w) == 0;
}

static void cut_tail(char *s, const char *w)
{
    size_t n = strlen(s), k = strlen(w);
    if (n >= k && strcmp(s + n - k, w) == 0) s[n - k] = '\0';
}

/* The next UTF-8 character of s (its length), 0 at the end. */
static size_t ch(const char *s)
{
    if (!*s) return 0;
    size_t k = 1;
    while (s[k] && ((unsigned char)s[k] & 0xC0) == 0x80)
        k++;
    return k;
}

/* The name without 中共 and without the leading place names (株洲市, 石峰区, 区, 市). */
static const char *core(const char *s)
{
    size_t k = js_startswith(s, "中共");
    s += k;
    static const char *const END[] = {"省", "市", "区", "县", "州", "旗", NULL};
    for (int round = 0; round < 3; round++) {
        const char *best = NULL;
        /* a place name: up to 4 characters ending in 省/市/区/县/州/旗 */
        const char *p = s;
        for (int n = 0; n < 5 && *p && !best; n++) {
            size_t c = ch(p);
            for (const char *const *e = END; *e && n > 0; e++)
                if (strncmp(p, *e, strlen(*e)) == 0 && c == strlen(*e)) best = p + c;
            p += c;
        }
        /* 区委办, 市政府办: a 区/市 that begins the unit's own name is kept */
        if (!best || strlen(best) < 6) break;
        s = best;
    }
    return s;
}

/* Words after which the text speaks of the unit itself. */
#define SW(s)                                                                                      \
    {                                                                                              \
        s, sizeof s - 1                                                                            \
    }
static const struct selfword {
    const char *s;
    size_t n;
} SELF[] = {SW("的主要职责"),   SW("主要职责"),     SW("内设机构"),       SW("单位内设机构"),
            SW("（以下简称"),   SW("(以下简称"),    SW("没有政府性基金"), SW("无国有资本"),
            SW("无政府性基金"), SW("没有国有资本"), SW("是区政府直属"),   SW("是市政府直属"),
            SW("是县政府直属"), {NULL, 0}};
#undef SW

/* Is the text at p one of SELF, or a year of accounts ("2020年部门决算",
 * "2020年度部门决算")? Returns the length of what matched, 0 if none. */
static unsigned pair_of(const char *p)
{
    return (unsigned)(unsigned char)p[0] << 8 | (unsigned char)p[1];
}

/* The first two bytes of the SELF words, as bits of pairs[8192] (of js_check_unit_names:
 * every character of every paragraph comes to self_word, and few start one). */
static void self_pairs(unsigned char *pairs)
{
    for (const struct selfword *w = SELF; w->s; w++) {
        unsigned k = pair_of(w->s);
        pairs[k >> 3] |= (unsigned char)(1u << (k & 7));
    }
}

static size_t self_word(const unsigned char *pairs, const char *p)
{
    unsigned pk = p[0] ? pair_of(p) : 0;
    if (pairs[pk >> 3] & (1u << (pk & 7)))
        for (const struct selfword *w = SELF; w->s; w++)
            if (p[0] == w->s[0] && p[1] == w->s[1] && p[2] == w->s[2] &&
                strncmp(p, w->s, w->n) == 0)
                return w->n;
    if (*p < '0' || *p > '9') return 0; /* every character of every paragraph comes here */
    int k = 0;
    while (k < 4 && p[k] >= '0' && p[k] <= '9')
        k++;
    if (k == 4) {
        const char *q = p + 4;
        while (*q == ' ')
            q++;
        q += js_startswith(q, "年");
        q += js_startswith(q, "度");
        while (*q == ' ')
            q++;
        if (js_startswith(q, "部门决算") || js_startswith(q, "单位决算")) return (size_t)(q - p);
    }
    return 0;
}

/* Characters that end a name going back from a SELF word. */
static bool stop_char(const char *p, size_t k)
{
    if (k == 1) {
        unsigned char c = (unsigned char)*p;
        return c < 0x80; /* ASCII: digits, punctuation, spaces */
    }
    /* all of 3 bytes, and all in the punctuation blocks: a first byte E2 E3 or EF */
    static const char *const STOP[] = {"，", "。", "、", "；", "：", "（", "）", "“",
                                       "”",  "《", "》", "！", "？", "　", NULL};
    unsigned char c = (unsigned char)*p;
    if (k != 3 || (c != 0xE2 && c != 0xE3 && c != 0xEF)) return false;
    for (const char *const *s = STOP; *s; s++)
        if (memcmp(p, *s, 3) == 0) return true;
    return false;
}

/* The name ending at end (exclusive) in text: back to a stop character, then from
 * its first 中共 or place name; NULL when it is no unit's name. */
static char *name_before(js_arena *a, const char *text, const char *end)
{
    while (end > text && end[-1] == ' ')
        end--;
    const char *b = end;
    int n = 0;
    while (b > text && n < 30) {
        const char *q = b - 1;
        while (q > text && ((unsigned char)*q & 0xC0) == 0x80)
            q--;
        if (stop_char(q, (size_t)(b - q))) break;
        b = q;
        n++;
    }
    if (n < 3) return NULL;
    char *s = js_arena_strndup(a, b, (size_t)(end - b));
    if (!s) return NULL;
    cut_tail(s, "本级");
    static const char *const ORG[] = {"中心", "办公室", "委办", "局", "委员会", "政府", "办",
                                      "站",   "所",     "院",   "队", "协会",   "馆",   "处",
                                      "厅",   "部",     "社",   "团", "校",     "公司", NULL};
    bool org = false;
    for (const char *const *o = ORG; *o && !org; o++)
        org = ends_with(s, *o);
    return org ? s : NULL;
}

/* Characters of a found in b (either order), as a percentage of a's. */
static int overlap(const char *a, const char *b)
{
    int n = 0, in = 0;
    for (const char *p = a; *p; p += ch(p)) {
        size_t k = ch(p);
        n++;
        for (const char *q = b; *q; q += ch(q))
            if (ch(q) == k && strncmp(p, q, k) == 0) {
                in++;
                break;
            }
    }
    return n ? in * 100 / n : 0;
}

typedef struct seen {
    const char *name;
    int at, more; /* index of the finding in ck->out; other places printing it */
} seen;

typedef struct ustate {
    js_arena *a;
    const char *dept, *dcore;
    seen s[MAXNAMES];
    int n;
    unsigned char pairs[8192]; /* self_pairs */
} ustate;

static int nchars(const char *s)
{
    int n = 0;
    for (; *s; s += ch(s))
        n++;
    return n;
}

/* 0 the unit's own name, 1 a short form, 2 a variant, 3 another unit. */
static int judge(const ustate *st, const char *name)
{
    static const char *const OWN[] = {"本", "我", "该", "全", "各", "原", "其", NULL};
    for (const char *const *o = OWN; *o; o++)
        if (js_startswith(name, *o)) return 0;
    const char *nc = core(name);
    if (strcmp(name, st->dept) == 0 || strcmp(nc, st->dcore) == 0) return 0;
    if (ends_with(st->dept, nc) && nchars(nc) * 2 >= nchars(st->dcore)) return 0;
    /* every character of it in the full name: a short form (区委办) */
    if (overlap(nc, st->dept) == 100) return 1;
    if (nchars(name) < 4) return 0; /* too short to tell */
    if (overlap(nc, st->dcore) >= 60 && overlap(st->dcore, nc) >= 60) return 2;
    return 3;
}

/* The cover's or 目录's C-DEPT finding of the same variant name, or 0. */
static int root_of(js_checker *ck, const char *name)
{
    const js_findings *f = ck->out;
    const char *nc = core(name);
    for (int i = ck->from; i < f->n; i++) {
        const js_finding *x = &f->items[i];
        if (!x->rule || strcmp(x->rule, "C-DEPT") != 0 || !x->stated) continue;
        js_arena *a = js_ck_arena(ck);
        char *k = a ? keyed(a, x->stated, strlen(x->stated)) : NULL;
        if (!k) continue;
        cut_tail(k, "(本级)");
        cut_tail(k, "概况");
        if (strcmp(core(k), nc) == 0) return x->cause ? x->cause : x->id;
    }
    return 0;
}

static void found_name(js_checker *ck, ustate *st, const char *name, const char *sentence,
                       js_where w)
{
    int j = judge(st, name);
    if (j == 0) return;
    for (int i = 0; i < st->n; i++) {
        if (strcmp(core(st->s[i].name), core(name)) != 0) continue;
        st->s[i].more++;
        return;
    }
    if (st->n >= MAXNAMES) return;
    int sev = j == 1 ? JS_SEV_NOTICE : JS_SEV_WARNING;
    js_finding *f;
    if (j == 1)
        f = js_report(ck, JS_R_C_DEPT_TEXT, sev, w, name, st->dept,
                      "简称“%s”，全称应为“%s”（与各表的部门名称一致）：“%s”", name, st->dept,
                      sentence);
    else if (j == 2)
        f = js_report(ck, JS_R_C_DEPT_TEXT, sev, w, name, st->dept,
                      "单位名称“%s”与各表的部门名称“%s”不一致：“%s”", name, st->dept, sentence);
    else
        f = js_report(ck, JS_R_C_DEPT_TEXT, sev, w, name, st->dept,
                      "以“%s”自称，与本单位“%s”不符（可能沿用了其他单位的文字）：“%s”", name,
                      st->dept, sentence);
    if (!f) return;
    if (j == 2) {
        int root = root_of(ck, name);
        if (root) f->cause = root;
    }
    st->s[st->n++] = (seen){js_arena_strdup(st->a, name), (int)(f - ck->out->items), 0};
}

/* The sentence of text around p (up to its 。 either side), at most 60 characters. */
static const char *sentence_at(js_arena *a, const char *text, const char *p)
{
    const char *b = p, *e = p;
    int n = 0;
    while (b > text && n < 40) {
        const char *q = b - 1;
        while (q > text && ((unsigned char)*q & 0xC0) == 0x80)
            q--;
        if (js_startswith(q, "。")) break;
        b = q;
        n++;
    }
    n = 0;
    while (*e && n < 30 && !js_startswith(e, "。")) {
        e += ch(e);
        n++;
    }
    return js_arena_strndup(a, b, (size_t)(e - b));
}

static const char *section_name(const js_doc *d, int s)
{
    if (s < 0 || s >= d->nsections) return "封面";
    const js_section *sec = &d->sections[s];
    if (sec->part == JS_PART_APPENDIX) return "附件";
    if (sec->part == JS_PART_NARRATIVE && sec->num && *sec->num) return sec->num;
    static const char *const PART[] = {NULL,       "第一部分", "第二部分",
                                       "第三部分", "第四部分", "附件"};
    return sec->part >= 1 && sec->part <= 5 ? PART[sec->part] : NULL;
}

/* q + ch(q), then on over the characters at which self_word finds nothing for sure
 * (neither a digit nor the first two bytes of a SELF word): the next to ask it about. */
static const char *next_asked(const unsigned char *pairs, const char *q)
{
    for (;;) {
        q++;
        while (((unsigned char)*q & 0xC0) == 0x80)
            q++;
        if (!*q || (*q >= '0' && *q <= '9')) return q;
        unsigned pk = pair_of(q);
        if (pairs[pk >> 3] & (1u << (pk & 7))) return q;
    }
}

static void scan_names(js_checker *ck, ustate *st, const char *text, const js_para *p, js_where w)
{
    for (const char *q = text; *q;) {
        size_t k = self_word(st->pairs, q);
        if (!k) {
            q = next_asked(st->pairs, q);
            continue;
        }
        char *name = name_before(st->a, text, q);
        if (!name) {
            q += ch(q);
            continue;
        }
        js_where w2 = w;
        if (p) {
            int line = js_para_line_at(p, (size_t)(q - text));
            if (line > 0) w2.loc = at_line(ck->doc, line);
        }
        found_name(ck, st, name, sentence_at(st->a, text, q), w2);
        q += k - ch(q);
        q += ch(q);
    }
}

/* ---- F-YEAR: another year before the accounts' own figures ------------------- */

/* The figures of the accounts' own year and the words of a sentence comparing years:
 * `year-figure` and `year-compare` records of data/check/words.tsv. */
static bool any_word(const js_checker *ck, int kind, const char *s, bool at_start)
{
    int n;
    const js_word *w = js_words_of(ck->ctx ? ck->ctx->words : NULL, kind, &n);
    for (int i = 0; s && i < n; i++)
        if (at_start ? js_startswith(s, w[i].word) > 0 : strstr(s, w[i].word) != NULL) return true;
    return false;
}

static void scan_years(js_checker *ck, ustate *st, const char *text, const js_para *p, js_where w,
                       const char *sec)
{
    int year = ck->doc->year;
    for (const char *q = text; *(q += strcspn(q, "12")); q++) { /* a year starts 1 or 2 */
        if (q > text && q[-1] >= '0' && q[-1] <= '9') continue;
        int y = 0, k = 0;
        while (k < 5 && q[k] >= '0' && q[k] <= '9')
            y = y * 10 + (q[k] - '0'), k++;
        if (k != 4 || y == year || y < 1990 || y > 2100) continue;
        const char *r = q + 4;
        size_t n = js_startswith(r, "年");
        if (!n) continue;
        r += n;
        r += js_startswith(r, "度");
        if (!any_word(ck, JS_W_YEAR_FIGURE, r, true)) continue;
        const char *s = sentence_at(st->a, text, q);
        bool cmp = any_word(ck, JS_W_YEAR_COMPARE, s, false);
        char yb[16];
        snprintf(yb, sizeof yb, "%d年", year);
        if (cmp || (s && strstr(s, yb))) continue;
        js_where w2 = w;
        if (p) {
            int line = js_para_line_at(p, (size_t)(q - text));
            if (line > 0) w2.loc = at_line(ck->doc, line);
        }
        char sb[16], eb[16];
        snprintf(sb, sizeof sb, "%d", y);
        snprintf(eb, sizeof eb, "%d", year);
        js_report(ck, JS_R_F_YEAR, JS_SEV_WARNING, w2, sb, eb,
                  "%s%s：“%s”说的是本年决算，年度应为%d年",
                  js_startswith(sec, "附件") || js_startswith(sec, "第") ? "" : "说明", sec,
                  s ? s : "", year);
        q += 4;
    }
}

/* The part titles "第二部分 <unit>2020年度部门决算表", "第三部分 <unit>2020年度部门决算情况说明":
 * the name before the year (the 概况 heading is C-DEPT's, complete.c). */
static void part_titles(js_checker *ck, ustate *st)
{
    const js_doc *d = ck->doc;
    for (int i = 0; i < d->nsections; i++) {
        const js_section *s = &d->sections[i];
        if (s->level != 0 || (s->part != JS_PART_TABLES && s->part != JS_PART_NARRATIVE) ||
            !s->title)
            continue;
        const char *y = s->title;
        while (*y && !(y[0] >= '1' && y[0] <= '2' && y[1] >= '0' && y[1] <= '9'))
            y++;
        if (!*y || y == s->title) continue;
        char *name = keyed(st->a, s->title, (size_t)(y - s->title));
        if (!name || nchars(name) < 4) continue;
        js_where w = {NULL, NULL, NULL, s->part == JS_PART_TABLES ? "第二部分" : "第三部分",
                      s->loc};
        found_name(ck, st, name, s->title, w);
    }
}

void js_check_unit_names(js_checker *ck)
{
    const js_doc *d = ck->doc;
    if (!d->dept || strlen(d->dept) < 9) return;
    ustate st;
    memset(&st, 0, sizeof st);
    st.a = js_arena_new();
    if (!st.a) return;
    self_pairs(st.pairs);
    char *dk = keyed(st.a, d->dept, strlen(d->dept));
    if (dk) cut_tail(dk, "(本级)");
    st.dept = dk ? dk : d->dept;
    st.dcore = core(st.dept);
    part_titles(ck, &st);
    for (int i = 0; i < d->nparas; i++) {
        const js_para *p = &d->paras[i];
        if (!p->text || p->section < 0) continue;
        const js_section *s = &d->sections[p->section];
        if (s->part != JS_PART_OVERVIEW && s->part != JS_PART_NARRATIVE &&
            s->part != JS_PART_APPENDIX)
            continue;
        const char *sec = section_name(d, p->section);
        js_where w = {NULL, NULL, NULL, sec, p->loc};
        scan_names(ck, &st, p->text, p, w);
        scan_years(ck, &st, p->text, p, w, sec ? sec : "");
    }
    for (int no = 1; no <= 9; no++) {
        const js_table *t = d->tables[no];
        if (!t || !t->empty_note) continue;
        js_where w = {js_table_id(no), NULL, NULL, NULL, t->empty_loc};
        scan_names(ck, &st, t->empty_note, NULL, w);
    }
    for (int i = 0; i < st.n; i++) {
        js_finding *f = &ck->out->items[st.s[i].at];
        if (!st.s[i].more || !f->message) continue;
        f->message = js_arena_printf(ck->out->arena, "%s（另有%d处）", f->message, st.s[i].more);
    }
    js_arena_free(st.a);
}
