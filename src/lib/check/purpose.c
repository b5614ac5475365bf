/*
 * purpose.c - N-PURPOSE: what a 五(三) item says it is for ("主要用于……")
 * against the 科目 it is coded to (see narrative_rules.c).
 *
 *   - 基本支出 in words while 05 shows the row as 项目支出 only (or the reverse);
 *   - the purpose names what another 项 is for and nothing of the item's own:
 *     the subject of every 项 of the 功能分类 catalogue (its name without the
 *     words many 项 share: 行政单位, 机关事业单位, 其他, 缴费, 支出) and of every
 *     row of 05, and the usual short forms (`short` records of
 *     data/check/words.tsv: 医疗保险 = 21011 行政事业单位医疗, 养老保险 = 2080505,
 *     职业年金 = 2080506, 公积金 = 2210201, 提租补贴, 购房补贴, 抚恤) are compared. An item coded
 * 2210201 住房公积金 "主要用于医疗保险" is a warning. The catalogue's 项 for the running of a body
 * (行政运行, 事业运行, 一般行政管理事务, 机关服务) and its 其他… rests are not taken as the subject
 *     another item's purpose names; an item of that kind pays for much of its
 *     staff's costs and is held only against the other 项 of its table 05.
 */
#include "narrative_rules.h"

#include <string.h>

/* Short forms of 科目 that text uses (word -> the code prefix it stands for):
 * `short` records of data/check/words.tsv. */
static const js_word *shorts(const nctx *n, int *count)
{
    return js_words_of(n->ck->ctx ? n->ck->ctx->words : NULL, JS_W_SHORT, count);
}

/* The subject of a 科目 name: without the words many 项 share. */
static const char *subject_of(nctx *n, const char *name)
{
    static const char *const PRE[] = {"机关事业单位", "行政事业单位", "行政单位",
                                      "事业单位",     "其他",         NULL};
    static const char *const SUF[] = {"缴费", "补贴", NULL};
    const char *c = nr_canon(n, name);
    for (const char *const *p = PRE; *p; p++)
        if (strncmp(c, *p, strlen(*p)) == 0) c += strlen(*p);
    size_t l = strlen(c);
    for (const char *const *s = SUF; *s; s++) {
        size_t k = strlen(*s);
        if (l > k + 3 && strcmp(c + l - k, *s) == 0) l -= k;
    }
    return js_arena_strndup(n->a, c, l);
}

/* The subject without a closing 支出 or 缴费支出 (基本养老保险缴费支出 -> 基本养老保险). */
static const char *bare(nctx *n, const char *subj)
{
    size_t l = strlen(subj);
    static const char *const SUF[] = {"支出", "缴费", "费", NULL};
    for (const char *const *s = SUF; *s; s++) {
        size_t k = strlen(*s);
        if (l > k + 6 && strncmp(subj + l - k, *s, k) == 0) l -= k;
    }
    return js_arena_strndup(n->a, subj, l);
}

static bool general_item(const char *name)
{
    static const char *const GEN[] = {"行政运行", "事业运行", "一般行政管理事务",
                                      "机关服务", "其他",     NULL};
    for (const char *const *g = GEN; *g; g++)
        if (strstr(name, *g)) return true;
    return false;
}

static bool under(const char *code, const char *prefix)
{
    return strncmp(code, prefix, strlen(prefix)) == 0;
}

/* Does the purpose speak of the item's own 科目 (its subject or a short form of it)? */
static bool says_own(nctx *n, const js_row *best, const char *purpose)
{
    const char *own = bare(n, subject_of(n, best->name));
    if (strlen(own) >= 6 && strstr(purpose, own)) return true;
    int ns;
    const js_word *sh = shorts(n, &ns);
    for (int i = 0; i < ns; i++)
        if (under(best->code, sh[i].value) && strstr(purpose, sh[i].word)) return true;
    return false;
}

typedef struct other {
    const char *code, *name, *word;
} other;

/* A subject of another 科目 (code, name) that the purpose names, when it is not
 * part of the item's own name. */
static bool names_other(nctx *n, const js_row *best, const char *purpose, const char *code,
                        const char *name, other *o)
{
    if (!code || !name || strcmp(code, best->code) == 0 || under(best->code, code)) return false;
    const char *subj = bare(n, subject_of(n, name));
    if (strlen(subj) < 6 || strstr(best->name, subj) || !strstr(purpose, subj)) return false;
    const char *own = subject_of(n, best->name);
    if (strstr(own, subj)) return false;
    *o = (other){code, name, subj};
    return true;
}

/* The first other 科目 the purpose names: rows of 05, the catalogue's 项, short forms. */
static bool find_other(nctx *n, const js_table *t5, const js_row *best, const char *purpose,
                       other *o)
{
    for (int i = 0; i < t5->nrows; i++) {
        const js_row *r = &t5->rows[i];
        if (r != best && r->code && strlen(r->code) == 7 &&
            names_other(n, best, purpose, r->code, r->name, o))
            return true;
    }
    /* the running of a body pays for much (salaries, 社保, 公积金 of its staff): only
     * another 项 of its own table 05 is held against it */
    if (general_item(best->name)) return false;
    const js_catalog *cat = n->ck->ctx ? n->ck->ctx->catalog : NULL;
    for (size_t i = 0; cat && i < js_catalog_size(cat); i++) {
        const js_class_entry *e = js_catalog_at(cat, i);
        if (e->kind != JS_CLASS_FUNC || strlen(e->code) != 7 || general_item(e->name)) continue;
        if (names_other(n, best, purpose, e->code, e->name, o)) return true;
    }
    int ns;
    const js_word *sh = shorts(n, &ns);
    for (int i = 0; i < ns; i++) {
        if (under(best->code, sh[i].value) || !strstr(purpose, sh[i].word)) continue;
        const js_class_entry *e =
            cat ? js_catalog_find(cat, JS_CLASS_FUNC, n->doc->year, sh[i].value) : NULL;
        *o = (other){sh[i].value, e ? e->name : sh[i].word, sh[i].word};
        return true;
    }
    return false;
}

/* The text after "主要用于" up to the end of its sentence, or NULL. */
static const char *purpose_text(nctx *n, size_t *off)
{
    const char *txt = n->text.data;
    const char *u = txt ? strstr(txt, "主要用于") : NULL;
    if (!u) return NULL;
    u += strlen("主要用于");
    for (;;) {
        if (*u == ':' || *u == ' ' || *u == '\n')
            u++;
        else if (strncmp(u, "：", strlen("：")) == 0)
            u += strlen("：");
        else
            break;
    }
    static const char *const END[] = {"。", "年初预算", "\n", NULL};
    const char *stop = u + strlen(u);
    for (const char *const *x = END; *x; x++) {
        const char *q = strstr(u, *x);
        if (q && q < stop) stop = q;
    }
    *off = (size_t)(u - txt);
    const char *purpose = js_arena_strndup(n->a, u, (size_t)(stop - u));
    return purpose && strlen(purpose) >= 6 ? purpose : NULL;
}

void nr_check_item_purpose(nctx *n, const js_table *t5, const js_row *best)
{
    if (!best->name || !best->code) return;
    js_claim c;
    memset(&c, 0, sizeof c);
    const char *purpose = purpose_text(n, &c.off);
    if (!purpose) return;
    int cb = nr_colidx(t5, "基本支出"), cp = nr_colidx(t5, "项目支出");
    if (cb >= 0 && cp >= 0) {
        js_amount vb = best->cells[cb].present ? best->cells[cb].value : 0;
        js_amount vp = best->cells[cp].present ? best->cells[cp].value : 0;
        bool says_basic = nr_has(purpose, "基本支出"), says_proj = nr_has(purpose, "项目支出");
        if (says_basic != says_proj && (says_basic ? vb == 0 && vp > 0 : vp == 0 && vb > 0)) {
            nr_rep(n, JS_R_N_PURPOSE, JS_SEV_WARNING, &c, says_basic ? "基本支出" : "项目支出",
                   says_basic ? "项目支出" : "基本支出",
                   "%s %s称主要用于%s，但公开05表该项全部为%s（%s万元）", best->code, best->name,
                   says_basic ? "基本支出" : "项目支出", says_basic ? "项目支出" : "基本支出",
                   nr_wan(n, says_basic ? vp : vb));
            return;
        }
    }
    if (says_own(n, best, purpose)) return;
    other o;
    if (!find_other(n, t5, best, purpose, &o)) return;
    nr_rep(n, JS_R_N_PURPOSE, JS_SEV_WARNING, &c, purpose, NULL,
           "%s %s称主要用于“%s”，所述“%s”是%s %s的用途，与本科目不符", best->code, best->name,
           purpose, o.word, o.code, o.name);
}
