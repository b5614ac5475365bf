/*
 * budget.c - read a budget disclosure (budget.h): the department or unit and
 * the year from the cover, the tables of its form (budget_tables.c), then the
 * narrative with the reader the final accounts use.
 */
#include "budget.h"
#include "recognize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first four-digit year followed by 年 in s, 0 if none. */
static int year_in(const char *s)
{
    for (const char *p = s; *p; p++) {
        if (p[0] < '1' || p[0] > '2') continue;
        if (p > s && p[-1] >= '0' && p[-1] <= '9') continue;
        int y = 0, k = 0;
        while (k < 4 && p[k] >= '0' && p[k] <= '9')
            y = y * 10 + (p[k++] - '0');
        if (k == 4 && js_startswith(p + 4, "年") && y >= 2000 && y <= 2100) return y;
    }
    return 0;
}

/* Cut the first occurrence of any of words out of s (in place). */
static void cut(char *s, const char *const *words)
{
    for (; *words; words++) {
        char *p = strstr(s, *words);
        if (p) memmove(p, p + strlen(*words), strlen(p + strlen(*words)) + 1);
    }
}

/* A name after a label such as 预算单位: at the start of key, or NULL. */
static const char *after_label(const char *key)
{
    static const char *const LABELS[] = {"预算主管部门:", "预算单位:", "编制部门:", "编制单位:",
                                         "部门名称:",     "单位名称:", "部门:",     NULL};
    for (int i = 0; LABELS[i]; i++) {
        size_t n = js_startswith(key, LABELS[i]);
        if (n && key[n]) return key + n;
    }
    return NULL;
}

static void read_meta(const js_srcdoc *src, js_doc *doc)
{
    char cover[1024] = "", key[1024];
    size_t clen = 0;
    int nonblank = 0;
    const char *labelled = NULL, *tablelabel = NULL;
    for (int i = 0; i < src->nlines; i++) {
        const js_srcline *l = &src->lines[i];
        if (l->blank) continue;
        js_budget_key(l->text, key, sizeof key);
        if (!key[0]) continue;
        /* the 目录 heading spaced over two lines in raw text ("目" / "录"), or its first entry */
        bool toc = strstr(key, "目录") != NULL || strcmp(key, "目") == 0 ||
                   strcmp(key, "录") == 0 || js_startswith(key, "第一部分");
        if (!toc && nonblank < 6) {
            const char *name = after_label(key);
            if (name && !labelled) labelled = js_arena_strdup(doc->arena, name);
            if (!name && clen + strlen(key) < sizeof cover) {
                memcpy(cover + clen, key, strlen(key) + 1);
                clen += strlen(key);
            }
        }
        if (toc || ++nonblank >= 6) {
            if (!labelled) /* a table's 部门 line, in case the cover names nobody */
                for (int j = i; j < src->nlines && !tablelabel; j++) {
                    js_budget_key(src->lines[j].text, key, sizeof key);
                    const char *name = after_label(key);
                    if (name) tablelabel = js_arena_strdup(doc->arena, name);
                }
            break;
        }
    }
    doc->year = year_in(cover);
    /* the cover's name without year, level and kind: 2017年度江苏省高级人民法院部门预算公开 */
    char name[1024];
    memcpy(name, cover, strlen(cover) + 1);
    char yb[16];
    snprintf(yb, sizeof yb, "%d年", doc->year);
    char *y = doc->year ? strstr(name, yb) : NULL;
    if (y) {
        size_t skip = strlen(yb) + (js_startswith(y + strlen(yb), "度") ? strlen("度") : 0);
        memmove(y, y + skip, strlen(y + skip) + 1);
    }
    size_t nl = strlen(name); /* a page number printed under the cover */
    while (nl && name[nl - 1] >= '0' && name[nl - 1] <= '9')
        name[--nl] = '\0';
    static const char *const KIND[] = {
        "部门预算公开", "单位预算公开", "预算公开", "部门预算", "单位预算",
        "区级",         "市级",         "县级",     "省级",     NULL};
    cut(name, KIND);
    /* a cover that is only "上海市普陀区…区级部门预算" leaves a place name: prefer the label */
    if (!labelled && !name[0]) labelled = tablelabel;
    if (labelled) { /* "江苏省人民检察院单位:万元": the unit printed on the same line */
        char *u = strstr(labelled, "单位:");
        if (u && u > labelled) *u = '\0';
        doc->dept = labelled;
    } else if (name[0]) {
        doc->dept = js_arena_strdup(doc->arena, name);
    }
}

int js_recognize_budget(const js_ctx *ctx, const js_srcdoc *src, unsigned char *line_kind,
                        js_doc *doc, js_err *err)
{
    read_meta(src, doc);
    int rc = js_budget_tables(ctx, src, line_kind, doc, err);
    if (rc == JS_EINTERNAL) return rc;
    rc = js_recognize_narrative(ctx, src, line_kind, doc, err);
    if (rc == JS_EINTERNAL) return rc;
    return JS_OK;
}
