/*
 * budget_kind.c - which kind of document is this: final accounts (决算) or a
 * budget (预算), of a department (部门) or of one unit (单位)? Decided from the
 * cover (the lines before the 目录), then the table titles of the 目录 and the
 * tables (budget.h).
 */
#include "budget.h"

#include <stdio.h>
#include <string.h>

const char *js_budget_key(const char *text, char *buf, size_t n)
{
    /* the usual line fits and has no CR (which this key keeps): its spaces, tabs and form
     * feeds dropped 16 bytes at a time */
    size_t len = n ? strnlen(text, n) : n;
    if (len < n && !memchr(text, '\r', len)) {
        js_drop_spaces(buf, text, len);
        return buf;
    }
    size_t k = 0;
    for (const char *s = text; *s && k + 1 < n; s++)
        if (*s != ' ' && *s != '\t' && *s != '\f') buf[k++] = *s;
    buf[k] = '\0';
    return buf;
}

static bool has(const char *s, const char *needle)
{
    return strstr(s, needle) != NULL;
}

/* Does a short line look like a table title of kind word ("预算" or "决算")? */
static bool title_of(const char *key, const char *word)
{
    size_t n = strlen(key);
    if (n > 200) return false;            /* a sentence, not a title */
    if (!strstr(key, word)) return false; /* most lines: no need to build the patterns */
    char a[32], b[32], c[32];
    js_join3(a, sizeof a, word, "表", NULL);
    js_join3(b, sizeof b, word, "总表", NULL);
    js_join3(c, sizeof c, word, "明细表", NULL);
    const char *p = strstr(key, a);
    if (!p) p = strstr(key, b);
    if (!p) p = strstr(key, c);
    if (!p) return false;
    /* the title ends there, or goes on with a bracket, a label or page dots */
    const char *rest = strstr(p, "表") + strlen("表");
    return !*rest || rest[0] == '(' || js_startswith(rest, "（") || js_startswith(rest, "…") ||
           js_startswith(rest, "公开") || js_startswith(rest, ".") || strlen(rest) < 12;
}

void js_budget_kind(const js_srcdoc *src, js_doc *doc)
{
    char cover[1024] = "", key[1024];
    size_t clen = 0;
    int nonblank = 0, budget_titles = 0, final_titles = 0;
    bool in_cover = true;
    for (int i = 0; i < src->nlines; i++) {
        const js_srcline *l = &src->lines[i];
        if (l->blank) continue;
        /* past the cover only table titles count, and every title has 表 */
        if (!in_cover && !strstr(l->text, "表")) continue;
        js_budget_key(l->text, key, sizeof key);
        if (!key[0]) continue;
        if (in_cover && (has(key, "目录") || ++nonblank > 6)) in_cover = false;
        if (in_cover && clen + strlen(key) < sizeof cover) {
            memcpy(cover + clen, key, strlen(key) + 1);
            clen += strlen(key);
        }
        if (has(key, "预算") && title_of(key, "预算") && !has(key, "决算")) budget_titles++;
        if (title_of(key, "决算")) final_titles++;
    }
    bool cover_final = has(cover, "决算");
    bool cover_budget = !cover_final && (has(cover, "部门预算") || has(cover, "单位预算") ||
                                         has(cover, "预算公开"));
    if (cover_budget && budget_titles >= 1 && budget_titles >= final_titles)
        doc->kind = JS_KIND_BUDGET;
    else if (!cover_final && budget_titles >= 3 && budget_titles > 2 * final_titles)
        doc->kind = JS_KIND_BUDGET;
    else
        doc->kind = JS_KIND_FINAL;
    /* scope: the first of 部门…/单位… on the cover */
    const char *word = doc->kind == JS_KIND_BUDGET ? "预算" : "决算";
    char dept[32], unit[32];
    snprintf(dept, sizeof dept, "部门%s", word);
    snprintf(unit, sizeof unit, "单位%s", word);
    const char *d = strstr(cover, dept), *u = strstr(cover, unit);
    if (!u && doc->kind == JS_KIND_BUDGET) u = strstr(cover, "预算单位:");
    if (!d && doc->kind == JS_KIND_BUDGET) d = strstr(cover, "预算主管部门");
    doc->scope = d && (!u || d < u) ? JS_SCOPE_DEPT : u ? JS_SCOPE_UNIT : JS_SCOPE_UNKNOWN;
}
