/*
 * projects.c - the projects the 说明 and the 附件 speak of against their 项目支出绩效自评表
 * (N-PROJECT, issue #13).
 *
 * Each 项目支出绩效自评表 (P2) names its project (专项名称) and prints its 年初预算数,
 * 全年预算数 and 全年执行数 (资金 合计 row), its 总分 and 等级. Wherever the 情况说明
 * (十四, 重点项目/项目绩效) or the 附件 (项目支出绩效情况) names that project, the amounts
 * the same sentence gives for it must be the table's:
 *
 *   “档案馆经费”项目全年预算数25.18万元，全年执行数25.18万元，自评得分100分，等级为“优”。
 *   年初预算项目“政府门户网站、市长热线信息化专项”金额438.7万元，…实际支出310万元
 *   (1) 中小企业公共服务平台建设项目 / 项目支出48.99万元，主要用于……   (the heading names it)
 *
 * What an amount is, is told by the words of its clause: 年初预算 (年初预算数), 全年预算 /
 * 调整后预算 (全年预算数), 预算 (either), 执行 / 支出 / 实际 / 决算 (全年执行数), 资金 /
 * 金额 / 安排 (any of the three); an amount of a change, a balance or the total investment
 * (调减, 结余, 结转, 总投资, 上年 …) is none of them. A figure printed with fewer decimals
 * than the other agrees when it is its rounding. The amounts of a sentence are the
 * project's until another project, 其中 or a quotation starts.
 */
#include "checker.h"
#include "claims.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PJ_START = 1, PJ_FULL = 2, PJ_ACTUAL = 4, PJ_MAX = 64 };

typedef struct proj {
    const js_perf *p;
    const char *key; /* the name, normalised, without quotes and a trailing 项目 */
    js_pval v[3]; /* 年初预算数, 全年预算数, 全年执行数 of the 资金 合计 row */
    js_pval rate; /* its 执行率 */
    bool dept; /* the 部门整体支出绩效自评表 (P1), named by the words 部门整体支出 */
    const char *subj, *table; /* for messages: 项目“…”, 项目支出绩效自评表 */
} proj;

typedef struct pjctx {
    js_checker *ck;
    js_arena *a;
    proj pj[PJ_MAX];
    int n, nproj; /* tables, of which P2 (the projects: first) */
    /* the names' first two bytes, a bit per pair (find_names); all: a name shorter;
     * their first three bytes hashed (trio), a bit per hash; all3: a name shorter */
    unsigned char pairs[8192];
    bool all;
    unsigned char trios[8192];
    bool all3;
    /* the claims of each paragraph (para_claims), extracted once: check_para and
     * item_amount read the same paragraphs; done[i] 1 when pcl[i] holds them, 2 when
     * they could not be extracted (out of memory: not tried again); pcl_failed: no room
     * for pcl (none extracted, not tried again) */
    js_claims *pcl;
    unsigned char *done;
    bool pcl_failed;
} pjctx;

static const char *const WHAT[3] = {"年初预算数", "全年预算数", "全年执行数"};

static void check_all(pjctx *x, const js_section *sec, const js_para *p, const js_claims *cl);

static bool has(const char *s, size_t n, const char *w)
{
    return js_memstr(s, n, w) != NULL;
}

/* The claims of paragraph p (its text), NULL when out of memory. */
static const js_claims *para_claims(pjctx *x, const js_para *p)
{
    const js_doc *doc = x->ck->doc;
    size_t i = (size_t)(p - doc->paras);
    if (!x->pcl && !x->pcl_failed) {
        x->pcl = js_arena_calloc(x->a, (size_t)doc->nparas, sizeof *x->pcl);
        x->done = x->pcl ? js_arena_calloc(x->a, (size_t)doc->nparas, 1) : NULL;
        if (!x->done) {
            x->pcl = NULL;
            x->pcl_failed = true;
        }
    }
    if (!x->pcl) return NULL;
    if (!x->done[i]) {
        bool ok = js_claims_extract(x->a, p->text, strlen(p->text), &x->pcl[i]);
        if (!ok) memset(&x->pcl[i], 0, sizeof x->pcl[i]);
        x->done[i] = ok ? 1 : 2;
    }
    return x->done[i] == 1 ? &x->pcl[i] : NULL;
}

/* The name as a key: normalised, spaces, quotes and a trailing 项目 dropped. */
static const char *name_key(js_arena *a, const char *name)
{
    js_buf b;
    js_buf_init(&b);
    js_norm_key(&b, name, strlen(name));
    const char *s = b.data ? b.data : "";
    js_buf o;
    js_buf_init(&o);
    static const char *const Q[] = {"“", "”", "\"", "《", "》", NULL};
    for (size_t i = 0; s[i];) {
        size_t q = 0;
        for (const char *const *w = Q; *w && !q; w++)
            q = js_startswith(s + i, *w);
        if (q) {
            i += q;
            continue;
        }
        js_buf_append(&o, s + i, 1);
        i++;
    }
    size_t n = o.data ? o.len : 0;
    size_t k = strlen("项目");
    if (n > k && memcmp(o.data + n - k, "项目", k) == 0) n -= k;
    const char *r = o.data ? js_arena_strndup(a, o.data, n) : NULL;
    js_buf_release(&b);
    js_buf_release(&o);
    return r;
}

/* The 资金 合计 row of a P2 (the first row when none says 合计). */
static const js_perf_fund *total_fund(const js_perf *p)
{
    for (int i = 0; i < p->nfunds; i++)
        if (p->funds[i].name && strstr(p->funds[i].name, "合计")) return &p->funds[i];
    return p->nfunds > 0 ? &p->funds[0] : NULL;
}

/* Three bytes as a bit of pjctx.trios (65,536 bits). */
static unsigned trio(unsigned char a, unsigned char b, unsigned char c)
{
    return (((unsigned)a << 16 | (unsigned)b << 8 | c) * 2654435761u) >> 16;
}

static void collect(pjctx *x)
{
    const js_doc *doc = x->ck->doc;
    for (int i = 0; i < doc->nperf && x->n < PJ_MAX; i++) {
        const js_perf *p = &doc->perf[i];
        const js_perf_fund *f = p->kind == 2 && p->name ? total_fund(p) : NULL;
        if (!f) continue;
        const char *k = name_key(x->a, p->name);
        if (!k || strlen(k) < 6) continue; /* two characters or more */
        proj *q = &x->pj[x->n++];
        q->p = p;
        q->key = k;
        q->v[0] = f->budget_start;
        q->v[1] = f->budget_full;
        q->v[2] = f->actual;
        q->rate = f->rate;
        q->subj = js_arena_printf(x->a, "项目“%s”", p->name);
        q->table = "项目支出绩效自评表";
    }
    x->nproj = x->n;
    /* the 部门整体支出绩效自评表: "本部门对2021年度部门整体支出开展了绩效自评，自评得分83分" */
    for (int i = 0; i < doc->nperf && x->n < PJ_MAX; i++) {
        const js_perf *p = &doc->perf[i];
        const js_perf_fund *f = p->kind == 1 ? total_fund(p) : NULL;
        if (!f) continue;
        proj *q = &x->pj[x->n++];
        q->p = p;
        q->key = "部门整体支出";
        q->dept = true;
        q->v[0] = f->budget_start;
        q->v[1] = f->budget_full;
        q->v[2] = f->actual;
        q->rate = f->rate;
        q->subj = "部门整体支出";
        q->table = "部门整体支出绩效自评表";
        break;
    }
    /* two tables of one name: which one the text means is not known */
    for (int i = 0; i < x->n; i++)
        for (int j = i + 1; j < x->n; j++)
            if (x->pj[i].key && x->pj[j].key && strcmp(x->pj[i].key, x->pj[j].key) == 0)
                x->pj[i].key = x->pj[j].key = NULL;
    for (int j = 0; j < x->n; j++) {
        const unsigned char *k = (const unsigned char *)x->pj[j].key;
        if (!k) continue;
        if (!k[0] || !k[1]) x->all = true;
        unsigned v = k[0] ? (unsigned)k[0] << 8 | k[1] : 0;
        x->pairs[v >> 3] |= (unsigned char)(1u << (v & 7));
        if (!k[0] || !k[1] || !k[2]) x->all3 = true;
        unsigned h = k[0] && k[1] ? trio(k[0], k[1], k[2]) : 0;
        x->trios[h >> 3] |= (unsigned char)(1u << (h & 7));
    }
}

/* Does text at i spell key (spaces in the text skipped)? The end in *end. */
static bool match_at(const char *t, size_t n, size_t i, const char *key, size_t *end)
{
    size_t k = 0;
    if (t[i] == ' ') return false;
    while (key[k]) {
        if (i >= n) return false;
        if (t[i] == ' ') {
            i++;
            continue;
        }
        if (t[i] != key[k]) return false;
        i++, k++;
    }
    *end = i;
    return true;
}

typedef struct occ {
    size_t at, end;
    int pj;
} occ;

/* The names of projects in t[0..n), in text order (at most max). */
static int find_names(const pjctx *x, const char *t, size_t n, occ *o, int max)
{
    int k = 0;
    for (size_t i = 0; i < n && k < max; i++) {
        if (((unsigned char)t[i] & 0xC0) == 0x80) continue;
        if (!x->all) { /* a name's first byte here and its second at the next but spaces */
            size_t j = i + 1;
            while (j < n && t[j] == ' ')
                j++;
            unsigned v = (unsigned)(unsigned char)t[i] << 8 | (j < n ? (unsigned char)t[j] : 0u);
            if (j >= n || !(x->pairs[v >> 3] >> (v & 7) & 1)) continue;
            size_t j3 = j + 1; /* and its third at the next but spaces (a CJK name: 64 times
                                * fewer places than by the pair) */
            while (j3 < n && t[j3] == ' ')
                j3++;
            unsigned h =
                j3 < n ? trio((unsigned char)t[i], (unsigned char)t[j], (unsigned char)t[j3]) : 0;
            if (!x->all3 && (j3 >= n || !(x->trios[h >> 3] >> (h & 7) & 1))) continue;
        }
        int best = -1;
        size_t be = 0;
        for (int j = 0; j < x->n; j++) {
            size_t e;
            if (x->pj[j].key && match_at(t, n, i, x->pj[j].key, &e) && e > be) best = j, be = e;
        }
        if (best < 0) continue;
        o[k].at = i, o[k].end = be, o[k].pj = best;
        k++;
        i = be - 1;
    }
    return k;
}

/* Which of the table's figures the amount at off may be, from the words of its clause. */
static int amount_kind(const char *t, size_t off)
{
    size_t from = off;
    static const char *const STOP[] = {"，", ",", "。", "；", ";", "！", "？", NULL};
    while (from > 0) {
        bool stop = false;
        for (const char *const *w = STOP; *w && !stop; w++) {
            size_t l = strlen(*w);
            stop = from >= l && memcmp(t + from - l, *w, l) == 0;
        }
        if (stop) break;
        from--;
    }
    const char *s = t + from;
    size_t n = off - from;
    static const char *const NONE[] = {"总投资",   "结余", "结转", "调减", "调增", "调整减少",
                                       "调整增加", "节约", "节省", "增加", "减少", "下降",
                                       "增长",     "上年", "其中", "平均", NULL};
    for (const char *const *w = NONE; *w; w++)
        if (has(s, n, *w)) return 0;
    if (has(s, n, "年初预算")) return PJ_START;
    if (has(s, n, "全年预算") || has(s, n, "调整后预算") || has(s, n, "调整预算")) return PJ_FULL;
    if (has(s, n, "预算")) return PJ_START | PJ_FULL;
    static const char *const ACT[] = {"执行", "支出", "实际", "决算", "使用", "开支", "拨付", NULL};
    for (const char *const *w = ACT; *w; w++)
        if (has(s, n, *w)) return PJ_ACTUAL;
    if (has(s, n, "资金") || has(s, n, "金额") || has(s, n, "安排")) return 7;
    return 0;
}

/* Does the amount printed as a agree with the table's figure v (either printed with fewer
 * decimals is the rounding of the other)? */
static bool agrees(js_num a, const js_pval *v)
{
    js_amount x, y;
    if (!js_num_to_amount(a, JS_UNIT_WANYUAN, &x) || !js_num_to_amount(v->num, JS_UNIT_WANYUAN, &y))
        return true;
    int d = a.dec < v->num.dec ? a.dec : v->num.dec;
    if (d > 2) d = 2;
    js_amount q = JS_FEN_PER_WANYUAN;
    for (int i = 0; i < d; i++)
        q /= 10;
    js_amount diff = x > y ? x - y : y - x;
    return 2 * diff <= q;
}

/* Is text t[from..to) still about the project named just before from? Not when another
 * project, a quotation, 其中 or the end of the sentence comes first. */
static bool same_subject(const char *t, size_t from, size_t to)
{
    static const char *const END[] = {"。", "；", ";", "！", "？", "“", "其中", NULL};
    const char *s = t + from;
    size_t n = to > from ? to - from : 0;
    /* the quote closing the name and a 项目 right after it */
    size_t k = js_startswith(s, "”");
    if (!k) k = js_startswith(s, "\"");
    s += k, n -= k < n ? k : n;
    k = js_startswith(s, "项目");
    s += k, n -= k < n ? k : n;
    for (const char *const *w = END; *w; w++)
        if (has(s, n, *w)) return false;
    return !has(s, n, "项目");
}

static const char *wan(pjctx *x, js_num v)
{
    char b[40];
    js_num_fmt(v, b, sizeof b);
    return js_arena_strndup(x->a, b, strlen(b));
}

static js_where where_of(const js_section *sec, const js_para *p, size_t off)
{
    js_where w = {0};
    w.section = sec && sec->num ? sec->num : NULL;
    w.loc = p->loc;
    w.loc.line = js_para_line_at(p, off);
    return w;
}

/* "说明十四：" or "附件三(二)(1)：" */
static const char *place(const js_where *w)
{
    const char *num = w->section ? w->section : "";
    return strncmp(num, "附件", strlen("附件")) == 0 ? "" : "说明";
}

static void report(pjctx *x, const js_section *sec, const js_para *p, const js_claim *c,
                   const proj *q, int kind, int which)
{
    js_where w = where_of(sec, p, c->off);
    const char *said = kind == PJ_START               ? "年初预算"
                       : kind == PJ_FULL              ? "全年预算"
                       : kind == (PJ_START | PJ_FULL) ? "预算"
                       : kind == PJ_ACTUAL            ? "支出"
                                                      : "金额";
    const char *exp = wan(x, q->v[which].num);
    js_report(x->ck, JS_R_N_PROJECT, JS_SEV_ERROR, w, c->text, exp,
              "%s%s：%s%s%s万元与其%s的%s%s万元不符", place(&w), w.section ? w.section : "",
              q->subj, said, c->text, q->table, WHAT[which], exp);
}

/* "等级为“优”" right after the score (from): against the table's 等级. */
static void check_grade(pjctx *x, const js_section *sec, const js_para *p, size_t from,
                        const proj *q)
{
    const char *t = p->text;
    size_t n = strlen(t);
    const char *g = js_memstr(t + from, n - from, "等级");
    if (!g || !q->p->grade || (size_t)(g - t) > from + 12) return;
    size_t i = (size_t)(g - t) + strlen("等级");
    if (!same_subject(t, from, i)) return;
    int said = js_grade_canon(t + i), table = js_grade_canon(q->p->grade);
    if (said < 0 || table < 0 || said == table) return;
    js_where w = where_of(sec, p, i);
    const char *sw = js_grade_word(said), *tw = js_grade_word(table);
    js_report(x->ck, JS_R_N_PROJECT, JS_SEV_ERROR, w, sw, tw,
              "%s%s：%s绩效等级为“%s”，与其%s的等级“%s”不符", place(&w), w.section ? w.section : "",
              q->subj, sw, q->table, tw);
}

/* "得分98分" / "自评得分为98.00分" after the project's name (from) in its sentence: against
 * the table's 总分. */
static void check_score(pjctx *x, const js_section *sec, const js_para *p, size_t from,
                        const proj *q)
{
    const char *t = p->text;
    size_t n = strlen(t);
    const char *g = js_memstr(t + from, n - from, "得分");
    if (!g || !q->p->total_score.set) return;
    size_t i = (size_t)(g - t) + strlen("得分");
    if (!same_subject(t, from, i)) return;
    static const char *const SKIP[] = {"为", ":", "：", " ", NULL};
    for (bool more = true; more;) {
        more = false;
        for (const char *const *w = SKIP; *w && !more; w++) {
            size_t l = js_startswith(t + i, *w);
            if (l) i += l, more = true;
        }
    }
    size_t j = i;
    while (j < n && ((t[j] >= '0' && t[j] <= '9') || t[j] == '.'))
        j++;
    js_num v;
    if (j == i || !js_startswith(t + j, "分") || js_num_parse(t + i, j - i, &v) != JS_NUM_VALUE)
        return;
    if (js_num_cmp(v, q->p->total_score.num) == 0) {
        check_grade(x, sec, p, j, q);
        return;
    }
    js_where w = where_of(sec, p, i);
    const char *st = js_arena_strndup(x->a, t + i, j - i), *exp = wan(x, q->p->total_score.num);
    js_report(x->ck, JS_R_N_PROJECT, JS_SEV_ERROR, w, st, exp,
              "%s%s：%s自评得分%s分与其%s的总分%s分不符", place(&w), w.section ? w.section : "",
              q->subj, st, q->table, exp);
}

/* "执行率98.5%" of the project: against the table's 执行率 (or 全年执行数 / 全年预算数). */
static void check_rate(pjctx *x, const js_section *sec, const js_para *p, const js_claim *c,
                       const proj *q)
{
    const char *t = p->text;
    size_t back = c->off > 24 ? c->off - 24 : 0;
    const char *r = js_memstr(t + back, c->off - back, "执行率");
    if (!r || js_memstr(r, c->off - (size_t)(r - t), "，") ||
        js_memstr(r, c->off - (size_t)(r - t), "。"))
        return;
    const js_pval *tr = &q->rate;
    if (!tr->set || agrees(c->num, tr)) return;
    /* the table's own rate may be the wrong one: the text right on 执行数 / 预算数 */
    js_amount a, b;
    if (q->v[2].set && q->v[1].set && js_num_to_amount(q->v[2].num, JS_UNIT_WANYUAN, &a) &&
        js_num_to_amount(q->v[1].num, JS_UNIT_WANYUAN, &b) && b > 0) {
        js_pval e = {.set = true, .num = js_ratio(a, b, c->num.dec, true)};
        if (agrees(c->num, &e)) return;
    }
    js_where w = where_of(sec, p, c->off);
    char eb[40];
    js_num_fmt(tr->num, eb, sizeof eb);
    const char *exp = js_arena_strndup(x->a, eb, strlen(eb));
    js_report(x->ck, JS_R_N_PROJECT, JS_SEV_ERROR, w, c->text, exp,
              "%s%s：%s执行率%s%%与其%s的执行率%s%%不符", place(&w), w.section ? w.section : "",
              q->subj, c->text, q->table, exp);
}

/* The claims of one paragraph: each amount after a project's name (or, before any name,
 * of the project its section's heading names) against that project's table. */
static void check_para(pjctx *x, const js_section *sec, const js_para *p, int head_pj)
{
    const char *t = p->text;
    size_t n = strlen(t);
    occ o[32];
    int no = find_names(x, t, n, o, 32);
    if (no == 0 && head_pj < 0) {
        const js_claims *all = has(t, n, "项目") ? para_claims(x, p) : NULL;
        if (all) check_all(x, sec, p, all);
        return;
    }
    for (int k = 0; k < no; k++)
        check_score(x, sec, p, o[k].end, &x->pj[o[k].pj]);
    if (no == 0) check_score(x, sec, p, 0, &x->pj[head_pj]);
    const js_claims *cl = para_claims(x, p);
    if (!cl) return;
    check_all(x, sec, p, cl);
    for (int i = 0; i < cl->n; i++) {
        const js_claim *c = &cl->items[i];
        bool pct = c->kind == JS_CL_PCT || c->kind == JS_CL_COMPLETION;
        if (c->kind != JS_CL_AMOUNT && c->kind != JS_CL_BUDGET && c->kind != JS_CL_ACTUAL && !pct)
            continue;
        if (c->paren) continue;
        int owner = -1;
        size_t from = 0;
        for (int k = 0; k < no && o[k].at < c->off; k++)
            owner = o[k].pj, from = o[k].end;
        if (owner < 0) owner = head_pj, from = 0;
        if (owner < 0 || !same_subject(t, from, c->off)) continue;
        if (pct) {
            check_rate(x, sec, p, c, &x->pj[owner]);
            continue;
        }
        if (x->pj[owner].dept) continue;
        int kind = amount_kind(t, c->off);
        const proj *q = &x->pj[owner];
        bool any = false, ok = false;
        int first = -1;
        for (int v = 2; v >= 0; v--) {
            if (!(kind & (1 << v)) || !q->v[v].set) continue;
            any = true;
            if (first < 0) first = v;
            ok = ok || agrees(c->num, &q->v[v]);
        }
        if (any && !ok) report(x, sec, p, c, q, kind, first);
    }
}

/* The project a section's heading names (the heading is the name: "(1) 档案馆经费"), -1. */
static int heading_project(const pjctx *x, const js_section *s)
{
    if (!s->title || s->level < 2) return -1;
    occ o[2];
    size_t n = strlen(s->title);
    int k = find_names(x, s->title, n, o, 2);
    return k == 1 && !x->pj[o[0].pj].dept ? o[0].pj : -1;
}

/* The number just before s[at] (ASCII digits or a Chinese numeral), -1 if none. */
static int count_before(const char *s, size_t at)
{
    size_t i = at;
    while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
        i--;
    if (i < at) return i + 6 >= at ? (int)strtol(s + i, NULL, 10) : -1;
    for (size_t k = 3; k <= 9 && k <= at; k += 3) {
        int v;
        if (js_cnum_parse(s + at - k, k, &v) == k) return v;
    }
    return -1;
}

/* Does s[0..n) say that it speaks of all the projects (全部项目, 所有项目, 共N个项目 or
 * 项目N个 with N the number of 项目支出绩效自评表)? */
static bool says_all(const char *s, size_t n, int nproj)
{
    if (has(s, n, "全部项目") || has(s, n, "所有项目")) return true;
    for (const char *p = s; (p = js_memstr(p, n - (size_t)(p - s), "个项目")); p++)
        if (count_before(s, (size_t)(p - s)) == nproj) return true;
    for (const char *p = s; (p = js_memstr(p, n - (size_t)(p - s), "项目")); p++) {
        size_t i = (size_t)(p - s) + strlen("项目"), j = i;
        while (j < n && s[j] >= '0' && s[j] <= '9')
            j++;
        if (j > i && j - i <= 4 && js_startswith(s + j, "个") &&
            (int)strtol(s + i, NULL, 10) == nproj)
            return true;
    }
    return false;
}

/* The sum of figure v of the projects' tables; false when one does not print it. */
static bool sum_of(const pjctx *x, int v, js_num *out)
{
    js_amount sum = 0;
    int dec = 0;
    for (int i = 0; i < x->nproj; i++) {
        js_amount a;
        const js_pval *p = &x->pj[i].v[v];
        if (!p->set || !js_num_to_amount(p->num, JS_UNIT_WANYUAN, &a)) return false;
        sum += a;
        if (p->num.dec > dec) dec = p->num.dec;
    }
    if (dec > 2) dec = 2;
    js_amount q = JS_FEN_PER_WANYUAN;
    for (int i = 0; i < dec; i++)
        q /= 10;
    out->mant = sum / q;
    out->dec = dec;
    return true;
}

/* A sentence saying it speaks of all the projects: an amount it gives is the sum of their
 * tables' figure; without one, the tables' 全年执行数 add up to the 项目支出 of 05 or 03. */
static void check_all(pjctx *x, const js_section *sec, const js_para *p, const js_claims *cl)
{
    if (x->nproj == 0) return;
    const char *t = p->text;
    size_t n = strlen(t), from = 0;
    while (from < n) {
        size_t to = from;
        /* to the next 。 or ；: only at their lead bytes E3 and EF is it asked */
        while (to < n && (((unsigned char)t[to] != 0xE3 && (unsigned char)t[to] != 0xEF) ||
                          (!js_startswith(t + to, "。") && !js_startswith(t + to, "；"))))
            to++;
        if (says_all(t + from, to - from, x->nproj)) {
            bool any = false;
            for (int i = 0; i < cl->n; i++) {
                const js_claim *c = &cl->items[i];
                if (c->off < from || c->off >= to || c->paren ||
                    (c->kind != JS_CL_AMOUNT && c->kind != JS_CL_BUDGET && c->kind != JS_CL_ACTUAL))
                    continue;
                int kind = amount_kind(t, c->off);
                bool ok = false;
                int first = -1;
                js_num sums[3];
                for (int v = 2; v >= 0; v--) {
                    if (!(kind & (1 << v)) || !sum_of(x, v, &sums[v])) continue;
                    js_pval pv = {.set = true, .num = sums[v]};
                    if (first < 0) first = v;
                    ok = ok || agrees(c->num, &pv);
                }
                any = any || kind;
                if (first < 0 || ok) continue;
                js_where w = where_of(sec, p, c->off);
                const char *exp = wan(x, sums[first]);
                js_report(x->ck, JS_R_N_PROJSUM, JS_SEV_WARNING, w, c->text, exp,
                          "%s%s：称全部%d个项目%s万元，但%d张项目支出绩效自评表的%s之和为%s万元",
                          place(&w), w.section ? w.section : "", x->nproj, c->text, x->nproj,
                          WHAT[first], exp);
            }
            js_num sa;
            const js_doc *doc = x->ck->doc;
            js_amount a, t3, t5;
            if (!any && x->nproj >= 2 && sum_of(x, 2, &sa) &&
                js_num_to_amount(sa, JS_UNIT_WANYUAN, &a) && doc->tables[3] && doc->tables[5]) {
                t3 = js_table_value(doc->tables[3], "合计", "项目支出");
                t5 = js_table_value(doc->tables[5], "合计", "项目支出");
                js_amount tol = (js_amount)x->nproj * JS_FEN_PER_WANYUAN / 200;
                js_amount d3 = a > t3 ? a - t3 : t3 - a, d5 = a > t5 ? a - t5 : t5 - a;
                if (d3 > tol && d5 > tol) {
                    js_where w = where_of(sec, p, from);
                    char b5[40], b3[40];
                    js_amount_fmt_wan(t5, b5, sizeof b5);
                    js_amount_fmt_wan(t3, b3, sizeof b3);
                    const char *st = wan(x, sa);
                    js_report(x->ck, JS_R_N_PROJSUM, JS_SEV_WARNING, w, st, b5,
                              "%s%s：称全部%d个项目，其项目支出绩效自评表的全年执行数之和%s万元与"
                              "公开05表项目支出%s万元、公开03表项目支出%s万元都不符",
                              place(&w), w.section ? w.section : "", x->nproj, st, b5, b3);
                }
            }
        }
        from = to + (to < n ? 3 : 0);
    }
}

/* A section of the 附件, or of the 说明 under a heading about 绩效 or 项目 (十四): the other
 * sections name a project's words for other things (五(三) "主要用于档案馆经费"). */
static bool about_projects(const js_doc *doc, int si)
{
    if (doc->sections[si].part == JS_PART_APPENDIX) return true;
    if (doc->sections[si].part != JS_PART_NARRATIVE) return false;
    for (int k = si, guard = 0; k >= 0 && k < doc->nsections && guard < 16; guard++) {
        const js_section *s = &doc->sections[k];
        if (s->title && (strstr(s->title, "绩效") || strstr(s->title, "项目"))) return true;
        k = s->parent < k ? s->parent : -1;
    }
    return false;
}

/* The 支出 amount the first sentence of section si's first paragraph gives ("项目支出48.99万元",
 * "档案馆经费支出25.18万元"), false when none. */
static bool item_amount(pjctx *x, int si, js_amount *v)
{
    const js_doc *doc = x->ck->doc;
    const js_section *s = &doc->sections[si]; /* its paragraphs, as the renderers read them */
    for (int j = 0; j < s->npara; j++) {
        const js_para *p = &doc->paras[s->first_para + j];
        if (!p->text) continue;
        const js_claims *cl = para_claims(x, p);
        if (!cl) return false;
        for (int k = 0; k < cl->n; k++) {
            const js_claim *c = &cl->items[k];
            if (c->sentence > 0) return false;
            if (c->kind != JS_CL_AMOUNT || c->paren) continue;
            if (amount_kind(p->text, c->off) != PJ_ACTUAL || !same_subject(p->text, 0, c->off))
                return false;
            *v = c->amount;
            return true;
        }
        return false;
    }
    return false;
}

/* The N-PROJECT finding of section num, NULL if none. */
static const js_finding *reported(const pjctx *x, const char *num)
{
    const js_findings *out = x->ck->out;
    for (int i = x->ck->from; num && i < out->n; i++) {
        const js_finding *f = &out->items[i];
        if (f->rule && strcmp(f->rule, "N-PROJECT") == 0 && f->section &&
            strcmp(f->section, num) == 0)
            return f;
    }
    return NULL;
}

/* A section on projects (its title says 项目) listing them as headings, each with its 支出
 * ("(1) 档案馆经费 / 档案馆经费支出25.18万元"): the listed amounts cannot add up to more than
 * the 项目支出 of all funds (03). */
static void list_sums(pjctx *x)
{
    const js_doc *doc = x->ck->doc;
    const js_table *t3 = doc->tables[3];
    if (!t3) return;
    js_amount total = js_table_value(t3, "合计", "项目支出");
    for (int ps = 0; ps < doc->nsections; ps++) {
        const js_section *par = &doc->sections[ps];
        if (!par->title || !strstr(par->title, "项目") || !about_projects(doc, ps)) continue;
        js_amount sum = 0, fixed = 0, v;
        int items = 0;
        const js_finding *why = NULL;
        for (int si = ps + 1; si < doc->nsections; si++) {
            const js_section *s = &doc->sections[si];
            if (s->parent != ps || !item_amount(x, si, &v)) continue;
            sum += v, items++;
            /* an item already reported against its table counts with the table's figure */
            const js_finding *f = reported(x, s->num);
            js_amount tv;
            int hp = f ? heading_project(x, s) : -1;
            if (hp >= 0 && x->pj[hp].v[2].set &&
                js_num_to_amount(x->pj[hp].v[2].num, JS_UNIT_WANYUAN, &tv)) {
                fixed += tv;
                why = f;
            } else {
                fixed += v;
            }
        }
        js_amount tol = (js_amount)items * JS_FEN_PER_WANYUAN / 200;
        if (items < 2 || sum - total <= tol) continue;
        js_where w = {0};
        w.section = par->num;
        w.loc = par->loc;
        char sb[40], tb[40];
        js_amount_fmt_wan(sum, sb, sizeof sb);
        js_amount_fmt_wan(total, tb, sizeof tb);
        js_finding *r = js_report(x->ck, JS_R_N_PROJSUM, JS_SEV_WARNING, w, sb, tb,
                                  "%s%s：所列%d个项目的支出之和%s万元大于公开03表项目支出%s万元",
                                  place(&w), par->num ? par->num : "", items, sb, tb);
        /* one item's wrong figure (N-PROJECT) is the whole excess: it follows from that */
        if (r && why && fixed - total <= tol) r->cause = why->cause ? why->cause : why->id;
    }
}

void js_check_projects(js_checker *ck)
{
    const js_doc *doc = ck->doc;
    if (!doc || doc->nparas <= 0) return;
    pjctx x;
    memset(&x, 0, sizeof x);
    x.ck = ck;
    x.a = js_arena_new();
    if (!x.a) return;
    collect(&x);
    int lastsec = -2, head = -1;
    bool first = false;
    for (int i = 0; x.n > 0 && i < doc->nparas; i++) {
        const js_para *p = &doc->paras[i];
        if (!p->text || p->section < 0 || p->section >= doc->nsections) continue;
        const js_section *s = &doc->sections[p->section];
        if (!about_projects(doc, p->section)) continue;
        if (p->section != lastsec) {
            lastsec = p->section;
            head = heading_project(&x, s);
            first = true;
        }
        /* the heading's project is the subject of its first paragraph only */
        check_para(&x, s, p, first ? head : -1);
        first = false;
    }
    list_sums(&x);
    js_arena_free(x.a);
}
