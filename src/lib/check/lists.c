/*
 * lists.c - lists of components against table 06 (rule N-LIST).
 *
 * The 说明 (section 六) and the 附件 describe 人员经费 and 公用经费 by listing
 * their main items: "人员经费…主要包括基本工资、津贴补贴、奖金、伙食补助费等；
 * 公用经费…主要包括办公费、印刷费、咨询费、手续费等". Each named item is a
 * 部门经济分类 款 (or 类) of table 06, named as table 06 or the catalogue
 * names it or by a usual short form (津贴补贴 = 30102, 职业年金 = 30109
 * 职业年金缴费, 养老保险 = 30108, 维修费 = 30213 维修（护）费). Then:
 *
 *   - a named item whose 06 figure is 0.00 or blank: warning (the list names
 *     something the department did not spend on);
 *   - an item of 06 carrying at least 10% of its group (人员经费合计 or
 *     公用经费合计) that the list leaves out: notice;
 *   - in the 附件, an item given with an amount that differs from 06: error
 *     (in the 说明 section 六 the narrative rules check the amounts).
 *
 * An item that matches no 06 row, or several equally, is left alone.
 */
#include "checker.h"

#include <string.h>

/* Canonical form of a name: normalised, spaces, brackets and what they hold,
 * 支出, 等 and punctuation removed. */
static const char *canon(js_arena *a, js_buf *key, const char *s, size_t n)
{
    static const char *const DROP[] = {"支出", "等", "“", "”", "\"", "'", ".", NULL};
    if (key->oom) { /* a buffer that failed once takes no more: a fresh one */
        js_buf_release(key);
        js_buf_init(key);
    }
    key->len = 0; /* the caller's, reused */
    js_norm_key(key, s, n);
    const char *p = key->data ? key->data : "", *end = p + key->len;
    char *o = js_arena_alloc_raw(a, key->len + 1); /* written up to its NUL */
    size_t on = 0;
    int depth = 0;
    while (o && p < end) {
        if (*p == '(' || *p == '[') {
            depth++, p++;
            continue;
        }
        if (*p == ')' || *p == ']') {
            if (depth > 0) depth--;
            p++;
            continue;
        }
        unsigned char u = (unsigned char)*p;
        bool dropped = false; /* DROP's words start with " ' . or E2 E6 E7 */
        for (const char *const *d = DROP;
             *d && !dropped && (u == 0xE2 || u == 0xE6 || u == 0xE7 || u < 0x80); d++) {
            if (*p != **d) continue;
            size_t l = strlen(*d);
            if ((size_t)(end - p) >= l && memcmp(p, *d, l) == 0) p += l, dropped = true;
        }
        if (dropped) continue;
        int32_t cp;
        int l;
        if (u >= 0xE1 && u <= 0xEC && end - p >= 3 && ((unsigned char)p[1] & 0xC0) == 0x80 &&
            ((unsigned char)p[2] & 0xC0) == 0x80) {
            l = 3, cp = 0x1000; /* a CJK character (decoded only to be told from ' ') */
        } else {
            l = js_utf8_decode(p, (size_t)(end - p), &cp); /* at least 1 */
        }
        if (depth == 0 && cp != ' ')
            for (int b = 0; b < l; b++)
                o[on++] = p[b];
        p += l;
    }
    if (o) o[on] = '\0';
    return o ? o : "";
}

/* The two groups of table 06 and the 经济分类 类 each holds. */
typedef struct group {
    const char *word;  /* 人员经费 / 公用经费 */
    const char *total; /* its 06 row */
    const char *cls[5];
} group;

static const group GROUPS[] = {
    {"人员经费", "人员经费合计", {"301", "303", NULL}},
    {"公用经费", "公用经费合计", {"302", "307", "309", "310", "399"}},
};

static bool in_group(const group *g, const char *code)
{
    for (int i = 0; i < 5 && g->cls[i] && code; i++) /* strncmp(code, cls, 3) == 0 */
        if (code[0] == g->cls[i][0] && code[1] == g->cls[i][1] && code[2] == g->cls[i][2])
            return true;
    return false;
}

static js_amount v06(const js_row *r, int ci)
{
    return ci >= 0 && r->cells[ci].present ? r->cells[ci].value : 0;
}

typedef struct lctx {
    js_checker *ck;
    js_arena *a;
    const js_table *t6;
    int ci;
    const char **rcanon; /* per 06 row: canon of its name, and of the catalogue's name */
    const char **kcanon;
    js_buf key; /* canon's, reused */
} lctx;

static bool substr_ok(const char *hay, const char *needle)
{
    return strlen(needle) >= 6 && strstr(hay, needle) != NULL; /* two characters at least */
}

/* The 06 row an item names: exact (table or catalogue name), else the one row
 * whose name holds it (short forms), preferring rows of group g. NULL when
 * none or ambiguous. */
static const js_row *match_item(lctx *L, const group *g, const char *item)
{
    const js_table *t = L->t6;
    const js_row *hit = NULL;
    for (int pass = 0; pass < 2; pass++) {
        for (int r = 0; r < t->nrows; r++) {
            const js_row *row = &t->rows[r];
            if (!row->code || !L->rcanon[r]) continue;
            if (pass == 0 && !in_group(g, row->code)) continue;
            if (strcmp(L->rcanon[r], item) == 0 ||
                (L->kcanon[r] && strcmp(L->kcanon[r], item) == 0))
                return row;
        }
    }
    int nhit = 0;
    for (int pass = 0; pass < 2 && !nhit; pass++) {
        for (int r = 0; r < t->nrows; r++) {
            const js_row *row = &t->rows[r];
            if (!row->code || !L->rcanon[r]) continue;
            if ((pass == 0) != in_group(g, row->code)) continue;
            if (substr_ok(L->rcanon[r], item) || (L->kcanon[r] && substr_ok(L->kcanon[r], item))) {
                if (!hit || strcmp(hit->code, row->code) != 0) nhit++;
                hit = row;
            }
        }
    }
    return nhit == 1 ? hit : NULL;
}

static const char *sec_num(const js_checker *ck, const js_para *p)
{
    if (p->section < 0 || p->section >= ck->doc->nsections) return NULL;
    const char *num = ck->doc->sections[p->section].num;
    return num && *num ? num : NULL;
}

static const char *prefix(const js_checker *ck, const js_para *p)
{
    const char *num = sec_num(ck, p);
    if (!num) return "";
    js_arena *a = js_ck_arena((js_checker *)ck);
    if (strncmp(num, "附件", strlen("附件")) == 0) return js_arena_printf(a, "%s：", num);
    return js_arena_printf(a, "说明%s：", num);
}

static js_loc loc_at(const js_doc *doc, const js_para *p, size_t off)
{
    js_loc l = p->loc;
    int line = js_para_line_at(p, off);
    if (line > 0 && doc->nlines > 0) l.line = line;
    return l;
}

/* The amount printed in an item ("基本工资62.37万元"): *has set when there is one;
 * *name_len is the length of the name before it. */
static js_amount item_amount(const char *s, size_t n, bool *has, size_t *name_len, char *txt,
                             size_t txtsz)
{
    *has = false;
    *name_len = n;
    const char *w = js_memstr(s, n, "万元");
    if (!w) return 0;
    const char *e = w;
    const char *b = e;
    while (b > s &&
           ((b[-1] >= '0' && b[-1] <= '9') || b[-1] == '.' || b[-1] == ',' || b[-1] == ' '))
        b--;
    while (b < e && *b == ' ')
        b++;
    if (b == e) return 0;
    js_num num;
    if (js_num_parse(b, (size_t)(e - b), &num) != JS_NUM_VALUE) return 0;
    js_amount a;
    if (!js_num_to_amount(num, JS_UNIT_WANYUAN, &a)) return 0;
    *has = true;
    *name_len = (size_t)(b - s);
    js_num_fmt(num, txt, txtsz);
    return a;
}

static bool is_sep(const char *p, const char *end, size_t *len)
{
    /* 、 E3 80 81, the comma, ， EF BC 8C */
    if (p >= end) return false;
    unsigned char c = (unsigned char)*p;
    if (c == ',') {
        *len = 1;
        return true;
    }
    if (end - p < 3 || (c != 0xE3 && c != 0xEF)) return false;
    if (memcmp(p, "、", 3) != 0 && memcmp(p, "，", 3) != 0) return false;
    *len = 3;
    return true;
}

/* The end of the list that starts at s: the first ; ； 。 or the other group's word. */
static const char *list_end(const char *s, const char *other)
{
    static const char *const END[] = {";", "；", "。", NULL};
    const char *e = s + strlen(s);
    for (const char *const *x = END; *x; x++) {
        const char *q = strstr(s, *x);
        if (q && q < e) e = q;
    }
    const char *o = strstr(s, other);
    if (o && o < e) e = o;
    return e;
}

/* One list being read: where it is, and what it named. */
typedef struct lst {
    const js_para *p;
    const group *g;
    const char *pre, *sec;
    bool appendix;
    char *named; /* per 06 row */
    int nmatched;
    js_amount total; /* the group's total in 06 */
} lst;

/* An item given with an amount (附件): against its 06 row. */
static void item_amount_check(lctx *L, lst *S, const js_row *row, js_where w, const char *raw,
                              js_amount amt, const char *txt)
{
    const js_table *t = L->t6;
    js_amount tv = v06(row, L->ci), d = amt - tv;
    if (d == 0) return;
    char tb[40];
    js_amount_fmt_wan(tv, tb, sizeof tb);
    bool round = d <= 10000 && d >= -10000;
    const js_row *same = NULL; /* the 06 row that has the stated amount */
    for (int r = 0; r < t->nrows && !round && amt != 0 && !same; r++)
        if (&t->rows[r] != row && t->rows[r].code && v06(&t->rows[r], L->ci) == amt)
            same = &t->rows[r];
    const char *tail = same ? js_arena_printf(L->a, "；%s %s的金额为%s万元", same->code,
                                              same->name ? same->name : "", txt)
                            : "";
    js_report(L->ck, JS_R_N_ITEM, round ? JS_SEV_ROUNDING : JS_SEV_ERROR, w, txt, tb,
              "%s%s%s万元与公开06表%s %s%s万元不符%s", S->pre, raw, txt, row->code,
              row->name ? row->name : "", tb, tail ? tail : "");
}

/* One item of the list, q..e. */
static void list_item(lctx *L, lst *S, const char *q, const char *e)
{
    bool has;
    size_t nl;
    char txt[40];
    js_amount amt = item_amount(q, (size_t)(e - q), &has, &nl, txt, sizeof txt);
    const char *item = canon(L->a, &L->key, q, nl);
    size_t rl = nl;
    while (rl > 0 && (q[rl - 1] == ' ' || q[rl - 1] == '\t'))
        rl--;
    if (rl >= strlen("等") && memcmp(q + rl - strlen("等"), "等", strlen("等")) == 0)
        rl -= strlen("等");
    const char *raw = js_arena_strndup(L->a, q, rl);
    if (!item[0] || !raw) return;
    const js_row *row = match_item(L, S->g, item);
    if (!row) return;
    S->nmatched++;
    S->named[row - L->t6->rows] = 1;
    js_where w = {0};
    w.section = S->sec;
    w.loc = loc_at(L->ck->doc, S->p, (size_t)(q - S->p->text));
    js_amount tv = v06(row, L->ci);
    if (!has) {
        char tb[40];
        js_amount_fmt_wan(tv, tb, sizeof tb);
        if (tv == 0)
            js_report(L->ck, JS_R_N_LIST, JS_SEV_WARNING, w, raw, "0.00",
                      "%s%s主要包括“%s”，但公开06表%s %s为%s万元，不应列为主要支出", S->pre,
                      S->g->word, raw, row->code, row->name ? row->name : "", tb);
        return;
    }
    /* 说明六: the narrative rules compare the amounts */
    if (S->appendix) item_amount_check(L, S, row, w, raw, amt, txt);
}

/* The large items of 06 (10% of the group or more) the list leaves out: notices. */
static void omissions(lctx *L, lst *S, const char *from)
{
    const js_table *t = L->t6;
    for (int r = 0; r < t->nrows; r++) {
        const js_row *row = &t->rows[r];
        if (!row->code || strlen(row->code) != 5 || !in_group(S->g, row->code) || S->named[r])
            continue;
        bool parent_named = false;
        for (int k = 0; k < t->nrows && !parent_named; k++)
            if (S->named[k] && t->rows[k].code && strlen(t->rows[k].code) == 3 &&
                strncmp(t->rows[k].code, row->code, 3) == 0)
                parent_named = true;
        js_amount v = v06(row, L->ci);
        if (parent_named || v <= 0 || v < S->total / 10) continue;
        js_where w = {0};
        w.section = S->sec;
        w.loc = loc_at(L->ck->doc, S->p, (size_t)(from - S->p->text));
        char vb[40], tb[40];
        js_amount_fmt_wan(v, vb, sizeof vb);
        js_amount_fmt_wan(S->total, tb, sizeof tb);
        js_report(L->ck, JS_R_N_LIST, JS_SEV_NOTICE, w, NULL, vb,
                  "%s%s所列主要项目未包括公开06表%s %s（%s万元，占%s合计%s万元的10%%以上）", S->pre,
                  S->g->word, row->code, row->name ? row->name : "", vb, S->g->word, tb);
    }
}

static void check_list(lctx *L, const js_para *p, const group *g, const char *from, const char *end,
                       bool appendix)
{
    const js_table *t = L->t6;
    lst S = {p, g, prefix(L->ck, p), sec_num(L->ck, p), appendix, NULL, 0, 0};
    S.named = js_arena_calloc(L->a, (size_t)t->nrows + 1, 1);
    if (!S.named) return;
    /* the group's total: 0 means an empty (or template) table 06, which says
     * nothing about the items */
    S.total = js_table_value(t, g->total, t->cols[L->ci]);
    for (int r = 0; r < t->nrows && S.total <= 0; r++)
        if (t->rows[r].code && strlen(t->rows[r].code) == 3 && in_group(g, t->rows[r].code))
            S.total += v06(&t->rows[r], L->ci) > 0 ? v06(&t->rows[r], L->ci) : 0;
    if (S.total <= 0) return;
    for (const char *q = from; q < end;) {
        size_t sl = 0;
        const char *e = q;
        while (e < end && !is_sep(e, end, &sl))
            e++;
        list_item(L, &S, q, e);
        q = e < end ? e + sl : end;
    }
    if (S.nmatched >= 2) omissions(L, &S, from);
}

/* Does the paragraph list the items of a group? Returns where the list starts. */
static const char *list_start(const char *text, const group *g, const group *other)
{
    const char *w = strstr(text, g->word);
    while (w) {
        const char *after = w + strlen(g->word);
        const char *e = list_end(after, other->word);
        const char *k = js_memstr(after, (size_t)(e - after), "包括");
        if (!k) k = js_memstr(after, (size_t)(e - after), "用于"); /* 主要用于办公费、… */
        if (k) {
            k += strlen("包括"); /* 用于 is as long */
            if (strncmp(k, ":", 1) == 0)
                k += 1;
            else if (strncmp(k, "：", strlen("：")) == 0)
                k += strlen("：");
            return k;
        }
        w = strstr(after, g->word);
    }
    return NULL;
}

void js_check_lists(js_checker *ck)
{
    const js_doc *doc = ck->doc;
    const js_table *t6 = doc->tables[6];
    if (!t6 || t6->nrows == 0) return;
    lctx L = {ck, js_arena_new(), t6, js_col(t6, js_form_col(ck, 6, 0)), NULL, NULL, {0}};
    if (!L.a) return;
    if (L.ci < 0) goto done;
    L.rcanon = js_arena_calloc(L.a, (size_t)t6->nrows, sizeof *L.rcanon);
    L.kcanon = js_arena_calloc(L.a, (size_t)t6->nrows, sizeof *L.kcanon);
    if (!L.rcanon || !L.kcanon) goto done;
    const js_catalog *cat = ck->ctx ? ck->ctx->catalog : NULL;
    for (int r = 0; r < t6->nrows; r++) {
        const js_row *row = &t6->rows[r];
        if (!row->code) continue;
        if (row->name) L.rcanon[r] = canon(L.a, &L.key, row->name, strlen(row->name));
        const js_class_entry *e =
            cat ? js_catalog_find(cat, JS_CLASS_ECON, doc->year, row->code) : NULL;
        if (e && e->name) L.kcanon[r] = canon(L.a, &L.key, e->name, strlen(e->name));
        if (!L.rcanon[r]) L.rcanon[r] = L.kcanon[r];
    }
    for (int pi = 0; pi < doc->nparas; pi++) {
        const js_para *p = &doc->paras[pi];
        if (!p->text || p->section < 0 || p->section >= doc->nsections) continue;
        int part = doc->sections[p->section].part;
        if (part != JS_PART_NARRATIVE && part != JS_PART_APPENDIX) continue;
        for (int gi = 0; gi < 2; gi++) {
            const group *g = &GROUPS[gi], *other = &GROUPS[1 - gi];
            const char *s = list_start(p->text, g, other);
            if (!s) continue;
            check_list(&L, p, g, s, list_end(s, other->word), part == JS_PART_APPENDIX);
        }
    }
done:
    js_buf_release(&L.key);
    js_arena_free(L.a);
}
