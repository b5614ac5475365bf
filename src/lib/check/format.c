/*
 * format.c - form of the text (rules F-*), paragraph by paragraph and over the
 * headings:
 *
 *   F-PLACEHOLDER  template text left in: XX, ××, 某某 (warning), …… (notice)
 *   F-PUNCT        doubled punctuation: 。。 ，， 、、 ；； ：： and 。，/，。
 *   F-BRACKET      an unclosed or unopened ( “ 《 【 in one paragraph
 *   F-YEAR         a heading whose year is neither the report's year nor the
 *                  year before; a "截至 YYYY 年 12 月 31 日" whose year is not the
 *                  report's year (the year before only where the paragraph speaks
 *                  of 上年/年初)
 *
 * Paragraph text is normalised (text.h js_norm): full-width ，：；（） are
 * ASCII here, 。、“”《》 are kept.
 */
#include "checker.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The section a paragraph or heading belongs to, as findings.md numbers it. */
static const char *section_of(const js_doc *d, int s)
{
    if (s < 0 || s >= d->nsections) return NULL;
    const js_section *sec = &d->sections[s];
    if (sec->part == JS_PART_APPENDIX) return "附件";
    if (sec->part == JS_PART_NARRATIVE && sec->num && *sec->num) return sec->num;
    /* the form's parts (spec/findings.md: 第一部分, 名词解释一, …) */
    if (sec->part == JS_PART_GLOSSARY && sec->num && *sec->num) return sec->num;
    static const char *const PART[] = {NULL,       "第一部分", "第二部分",
                                       "第三部分", "第四部分", "附件"};
    if (sec->part >= 1 && sec->part <= 5) return PART[sec->part];
    return NULL;
}

/* The start of a message: "说明五(三)：", "附件：", "正文：", "标题：" (only when reporting). */
static const char *prefix(js_checker *ck, const char *sec)
{
    if (sec == NULL) return "正文：";
    if (sec[0] == '\0') return "标题：";
    bool form = js_startswith(sec, "附件") || js_startswith(sec, "第") ||
                js_startswith(sec, "封面") || js_startswith(sec, "名词解释");
    const char *p = js_arena_printf(js_ck_arena(ck), "%s%s：", form ? "" : "说明", sec);
    return p ? p : "";
}

static bool is_alpha(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* An excerpt of text around p for messages: up to 8 characters either side. */
static const char *excerpt(js_checker *ck, const char *text, const char *p, size_t len)
{
    const char *s = p;
    for (int k = 0; k < 8 && s > text; k++) {
        s--;
        while (s > text && ((unsigned char)*s & 0xC0) == 0x80)
            s--;
    }
    const char *e = p + len;
    for (int k = 0; k < 8 && *e; k++) {
        e++;
        while (*e && ((unsigned char)*e & 0xC0) == 0x80)
            e++;
    }
    js_arena *a = js_ck_arena(ck);
    return a ? js_arena_strndup(a, s, (size_t)(e - s)) : "";
}

static void placeholders(js_checker *ck, const char *text, js_where w, const char *sec)
{
    static const struct {
        const char *pat;
        int sev;
    } P[] = {{"XX", JS_SEV_WARNING},
             {"××", JS_SEV_WARNING},
             {"某某", JS_SEV_WARNING},
             {"……", JS_SEV_NOTICE}};
    for (size_t i = 0; i < sizeof P / sizeof P[0]; i++) {
        const char *p = text;
        size_t pl = strlen(P[i].pat);
        while ((p = strstr(p, P[i].pat)) != NULL) {
            bool word = i == 0 && ((p > text && is_alpha((unsigned char)p[-1]) && p[-1] != 'X') ||
                                   (is_alpha((unsigned char)p[pl]) && p[pl] != 'X'));
            if (!word) {
                js_report(ck, JS_R_F_PLACEHOLDER, P[i].sev, w, P[i].pat, NULL,
                          "%s留有占位文字“%s”：“%s”", prefix(ck, sec), P[i].pat,
                          excerpt(ck, text, p, pl));
                break;
            }
            p += pl;
        }
    }
}

/* Punctuation mark at p: 1 。 2 , or ， 3 、 4 ; or ； 5 : or ：, with its length; 0 if none. */
static int punct(const unsigned char *p, int *len)
{
    *len = 1;
    if (*p == ',') return 2;
    if (*p == ';') return 4;
    if (*p == ':') return 5;
    *len = 3;
    if (p[0] == 0xE3 && p[1] == 0x80) return p[2] == 0x82 ? 1 : p[2] == 0x81 ? 3 : 0;
    if (p[0] == 0xEF && p[1] == 0xBC)
        return p[2] == 0x8C ? 2 : p[2] == 0x9B ? 4 : p[2] == 0x9A ? 5 : 0;
    return 0;
}

/* Doubled punctuation: the same mark twice (。。 ,, 、、 ;; ::), or 。 and , together. */
static void punctuation(js_checker *ck, const char *text, js_where w, const char *sec)
{
    /* at every byte that may start a mark (, ; : and the lead bytes E3 EF of 。 、 and the
     * full-width forms; no byte of a CJK character is one of them), strcspn to the next */
    for (const unsigned char *p = (const unsigned char *)text;
         *(p += strcspn((const char *)p, ",;:\xE3\xEF")); p++) {
        int l1, l2;
        int a = punct(p, &l1);
        if (!a) continue;
        int b = punct(p + l1, &l2);
        if (!b || !(a == b || (a == 1 && b == 2) || (a == 2 && b == 1))) continue;
        const char *pair = js_arena_strndup(js_ck_arena(ck), (const char *)p, (size_t)(l1 + l2));
        js_report(ck, JS_R_F_PUNCT, JS_SEV_NOTICE, w, pair, NULL, "%s标点重复“%s”：“%s”",
                  prefix(ck, sec), pair ? pair : "",
                  excerpt(ck, text, (const char *)p, (size_t)(l1 + l2)));
        return;
    }
}

/* One pass over the paragraph: depth of each bracket kind. strcspn goes from one byte that
 * may start a bracket (( ) and the lead bytes E2 E3 of “ ” 《 》 【 】) to the next. */
static void brackets(js_checker *ck, const char *text, js_where w, const char *sec)
{
    static const char *const OPEN[] = {"(", "“", "《", "【"};
    static const char *const CLOSE[] = {")", "”", "》", "】"};
    int depth[4] = {0, 0, 0, 0};
    bool bad[4] = {false, false, false, false};
    for (const unsigned char *p = (const unsigned char *)text;
         *(p += strcspn((const char *)p, "()\xE2\xE3")); p++) {
        int k = -1, d = 0;
        if (*p == '(')
            k = 0, d = 1;
        else if (*p == ')')
            k = 0, d = -1;
        else if (*p == 0xE2 && p[1] == 0x80 && (p[2] == 0x9C || p[2] == 0x9D))
            k = 1, d = p[2] == 0x9C ? 1 : -1;
        else if (*p == 0xE3 && p[1] == 0x80 && p[2] >= 0x8A && p[2] <= 0x91 &&
                 (p[2] == 0x8A || p[2] == 0x8B || p[2] == 0x90 || p[2] == 0x91))
            k = p[2] <= 0x8B ? 2 : 3, d = (p[2] == 0x8A || p[2] == 0x90) ? 1 : -1;
        if (k < 0) continue;
        if ((depth[k] += d) < 0) bad[k] = true;
    }
    for (int k = 0; k < 4; k++) {
        if (!bad[k] && depth[k] == 0) continue;
        js_report(ck, JS_R_F_BRACKET, JS_SEV_NOTICE, w, NULL, NULL, "%s“%s%s”不配对",
                  prefix(ck, sec), OPEN[k], CLOSE[k]);
        return;
    }
}

static const char *skip_sp(const char *p)
{
    while (*p == ' ')
        p++;
    return p;
}

/* Parse "YYYY 年 12 月 31 日" at p: the year, or 0. */
static int year_end_date(const char *p)
{
    p = skip_sp(p);
    int y = 0, n = 0;
    while (*p >= '0' && *p <= '9' && n < 5)
        y = y * 10 + (*p++ - '0'), n++;
    if (n != 4) return 0;
    p = skip_sp(p);
    size_t k;
    if (!(k = js_startswith(p, "年"))) return 0;
    p = skip_sp(p + k);
    if (strncmp(p, "12", 2) != 0) return 0;
    p = skip_sp(p + 2);
    if (!(k = js_startswith(p, "月"))) return 0;
    p = skip_sp(p + k);
    if (strncmp(p, "31", 2) != 0) return 0;
    p = skip_sp(p + 2);
    return js_startswith(p, "日") ? y : 0;
}

static void dates(js_checker *ck, const char *text, js_where w, const char *sec)
{
    int year = ck->doc->year;
    if (!year) return;
    static const char *const KEYS[] = {"截至", "截止"};
    if (!strstr(text, "截")) return; /* the first character of both */
    for (size_t k = 0; k < 2; k++) {
        for (const char *p = strstr(text, KEYS[k]); p; p = strstr(p + 1, KEYS[k])) {
            const char *q = p + strlen(KEYS[k]);
            if (js_startswith(q, "到")) q += strlen("到");
            int y = year_end_date(q);
            if (!y || y == year) continue;
            if (y == year - 1 && (strstr(text, "上年") || strstr(text, "上一年") ||
                                  strstr(text, "年初") || strstr(text, "同期")))
                continue;
            char sb[16], eb[16];
            snprintf(sb, sizeof sb, "%d", y);
            snprintf(eb, sizeof eb, "%d", year);
            js_report(ck, JS_R_F_YEAR, JS_SEV_WARNING, w, sb, eb,
                      "%s“截至%d年12月31日”的年度与决算年度%d年不符", prefix(ck, sec), y, year);
        }
    }
}

/* Every 4-digit year followed by 年 in a heading must be the year or the one before. */
static void heading_year(js_checker *ck, const js_section *s, js_where w)
{
    int year = ck->doc->year;
    if (!year || !s->title) return;
    const char *t = s->title;
    for (const char *p = t; *p; p++) {
        if (!(*p >= '1' && *p <= '2') || (p > t && p[-1] >= '0' && p[-1] <= '9')) continue;
        int y = 0, n = 0;
        const char *q = p;
        while (*q >= '0' && *q <= '9' && n < 5)
            y = y * 10 + (*q++ - '0'), n++;
        if (n != 4) continue;
        q = skip_sp(q);
        if (!js_startswith(q, "年")) continue;
        if (y == year || y == year - 1) continue;
        char sb[16], eb[16];
        snprintf(sb, sizeof sb, "%d", y);
        snprintf(eb, sizeof eb, "%d", year);
        js_report(ck, JS_R_F_YEAR, JS_SEV_WARNING, w, sb, eb,
                  "标题“%s”中的年度%d年与决算年度%d年不符", s->title, y, year);
        return;
    }
}

/* F-REPEAT: words printed twice in a row ("资金主要用于资金主要用于", "发展的的问题",
 * "服务专员专员"): a phrase of 4 characters or more repeated at once is a warning;
 * of 2 or 3 characters, or a doubled 的/了/和/是/在, a notice. Only Chinese
 * characters count (figures and punctuation repeat for good reasons), and a
 * doubled single character otherwise is not reported (常常, 人人). */
static bool is_han(int32_t c)
{
    return c >= 0x4E00 && c <= 0x9FFF;
}

/* Where each Han character was last seen (repeats): last[c & 0xFFF], a position
 * counted over all the paragraphs of a check (base + index in the paragraph), so that
 * one table serves the document; a slot is shared by the characters of equal low bits. */
typedef struct seen_han {
    int32_t last[4096];
    int32_t base;
} seen_han;

/* Mark the Han character c at index j's previous occurrence when it is at most 8
 * before (a repeat may start there); cp[0..j) the paragraph's characters. */
static void mark_again(seen_han *sh, const int32_t *cp, unsigned char *hit, int j, int32_t c)
{
    int32_t *slot = &sh->last[c & 0xFFF], g = sh->base + j;
    if (g - *slot <= 8) { /* a character of these low bits within 8 before */
        int p = *slot - sh->base;
        if (cp[p] == c) {
            hit[p] = 1;
        } else { /* another character took the slot since: look back */
            for (int k = 1; k <= 8 && k <= j; k++)
                if (cp[j - k] == c) {
                    hit[j - k] = 1;
                    break;
                }
        }
    } /* else c's last occurrence, if any, is before *slot: more than 8 before */
    *slot = g;
}

static void repeats(js_checker *ck, seen_han *sh, const js_para *para, const char *text, js_where w,
                    const char *sec)
{
    enum { MAXC = 2048 };
    int32_t cp[MAXC + 8]; /* 8 past the last: -1, no character */
    size_t off[MAXC];
    /* hit[i]: the Han character at i is printed again within the 8 after it (only
     * there may a repeat start) */
    unsigned char hit[MAXC + 8];
    int n = 0;
    size_t len = strlen(text);
    if (sh->base > INT32_MAX - 2 * MAXC) { /* a document of two billion characters */
        memset(sh->last, 0, sizeof sh->last);
        sh->base = 16;
    }
    for (size_t i = 0; i < len && n < MAXC;) {
        int32_t c;
        const unsigned char *u = (const unsigned char *)text + i;
        int l;
        /* ASCII and 3-byte characters (the Han) read here, the rest by js_utf8_decode */
        if (u[0] < 0x80) {
            c = u[0];
            l = 1;
        } else if (u[0] >= 0xE1 && u[0] <= 0xEC && (u[1] & 0xC0) == 0x80 &&
                   (u[2] & 0xC0) == 0x80) { /* text[len] is its NUL: u[2] read only when
                                             * u[1] is no NUL, so within the string */
            c = (int32_t)(((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu));
            l = 3;
        } else {
            l = js_utf8_decode(text + i, len - i, &c);
            if (l <= 0) l = 1, c = -1;
        }
        hit[n] = 0;
        if (is_han(c)) mark_again(sh, cp, hit, n, c);
        cp[n] = c;
        off[n++] = i;
        i += (size_t)l;
    }
    sh->base += n + 9; /* the next paragraph's positions: more than 8 after these */
    static const int32_t DOUBLE_OK_NOT[] = {0x7684 /* 的 */, 0x4E86 /* 了 */, 0x548C /* 和 */,
                                            0x662F /* 是 */, 0x5728 /* 在 */};
    for (int k = 0; k < 8; k++)
        cp[n + k] = -1, hit[n + k] = 0;
    for (int i = 0; i < n; i++) {
        if (!hit[i]) { /* the usual: eight characters at a time */
            uint64_t eight;
            while (i + 8 <= n && (memcpy(&eight, hit + i, 8), eight == 0))
                i += 8;
            if (i >= n || !hit[i]) continue;
        }
        int found = 0;
        for (int L = 8; L >= 1 && !found; L--) {
            if (i + 2 * L > n || cp[i + L] != cp[i]) continue;
            bool same = true;
            for (int k = 0; k < L && same; k++)
                same = is_han(cp[i + k]) && cp[i + k] == cp[i + L + k];
            if (!same) continue;
            if (L == 1) {
                bool particle = false;
                for (size_t k = 0; k < sizeof DOUBLE_OK_NOT / sizeof *DOUBLE_OK_NOT; k++)
                    particle |= cp[i] == DOUBLE_OK_NOT[k];
                if (!particle) continue;
            }
            found = L;
        }
        if (!found) continue;
        size_t b = off[i], e = i + 2 * found < n ? off[i + 2 * found] : len;
        js_where w2 = w;
        if (para) {
            int line = js_para_line_at(para, b);
            if (line > 0) w2.loc.line = line;
        }
        const char *dup = js_arena_strndup(js_ck_arena(ck), text + b, e - b);
        js_report(ck, JS_R_F_REPEAT, found >= 4 ? JS_SEV_WARNING : JS_SEV_NOTICE, w2, dup, NULL,
                  "%s文字重复“%s”：“%s”", prefix(ck, sec), dup ? dup : "",
                  excerpt(ck, text, text + b, e - b));
        i += 2 * found - 1;
    }
}

void js_check_format(js_checker *ck)
{
    const js_doc *d = ck->doc;
    seen_han sh;
    memset(&sh, 0, sizeof sh);
    sh.base = 16; /* an empty slot (0): more than 8 before any position */
    for (int i = 0; i < d->nparas; i++) {
        const js_para *p = &d->paras[i];
        if (!p->text) continue;
        /* text before the first heading is the cover's (and the 目录's) */
        const char *sec = p->section < 0 ? "封面" : section_of(d, p->section);
        js_where w = {NULL, NULL, NULL, sec, p->loc};
        placeholders(ck, p->text, w, sec);
        punctuation(ck, p->text, w, sec);
        brackets(ck, p->text, w, sec);
        dates(ck, p->text, w, sec);
        repeats(ck, &sh, p, p->text, w, sec);
    }
    for (int i = 0; i < d->nsections; i++) {
        const js_section *s = &d->sections[i];
        if (!s->title) continue;
        js_where w = {NULL, NULL, NULL, section_of(d, i), s->loc};
        placeholders(ck, s->title, w, "");
        punctuation(ck, s->title, w, "");
        heading_year(ck, s, w);
    }
}
