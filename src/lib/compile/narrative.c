/*
 * narrative.c - the words of a built disclosure: 概况, 情况说明 一…十五,
 * 名词解释, and the performance self-evaluation tables (绩效自评表).
 *
 * Every figure is taken from the tables just built (the displayed, rounded
 * amounts) and every share, growth rate and completion rate is computed from
 * those displayed amounts with js_ratio, so a reader who recomputes a
 * percentage from the printed figures gets the printed percentage.
 */
#include "compile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCT_DEC 2

typedef struct nw {
    js_doc *doc;
    const js_ctx *ctx;
    const bm_meta *m;
    const bl_ledger *L;
    int sec; /* current section index */
    js_buf b;
    int year;
    int part; /* the 情况说明's part section */
} nw;

static const char *W(int64_t fen, char *buf)
{
    return bc_wan(fen, buf, 32);
}

static int section(nw *w, int part, int level, const char *num, const char *title, int value,
                   int parent)
{
    js_section s = {0};
    s.num = num;
    s.title = title;
    s.part = part;
    s.level = level;
    s.value = value;
    s.parent = parent;
    w->sec = js_doc_section_add(w->doc, &s);
    return w->sec;
}

static void para(nw *w)
{
    js_loc loc = {0};
    if (w->b.len) js_doc_para_add(w->doc, w->b.data, w->sec, loc, 1);
    w->b.len = 0;
    if (w->b.data) w->b.data[0] = 0;
}

static void P(nw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void P(nw *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    js_buf_vprintf(&w->b, fmt, ap);
    va_end(ap);
}

/* A section of the 情况说明 as the form's data names it (`topic` records of
 * data/templates/templates.tsv: number and title). */
static int topic_section(nw *w, const char *topic)
{
    const js_tpl_topic *t = js_templates_topic(w->ctx->templates, w->doc->form, topic);
    int v = 0;
    if (t) js_cnum_parse(t->num, strlen(t->num), &v);
    return section(w, JS_PART_NARRATIVE, 1, t ? t->num : "", t ? t->title : "", v, w->part);
}

/* The figure for a label in a section of topic: the cell the form's map gives
 * (`say` records), the one the checker compares the label's figure with. */
static int64_t say(const nw *w, const char *topic, const char *label)
{
    const js_tpl_say *s = js_templates_say(w->ctx->templates, w->doc->form, topic, label, false);
    int64_t v = 0;
    for (int i = 0; s && i < s->ncells; i++)
        v += js_table_value(w->doc->tables[s->cells[i].no], s->cells[i].row, s->cells[i].col);
    return v;
}

/* "，占{base}的a%" ("，占a%" when base is "") of part, in a section of topic (its
 * part sub, 0 none), on the base the form's `share` records give a share so
 * printed, as the checker judges it: whole (the total the paragraph states)
 * when the record takes a stated amount, else its cell. Nothing when no record
 * knows the base or the base is 0. */
static void share(nw *w, const char *topic, int sub, const char *base, int64_t part, int64_t whole)
{
    const js_tpl_share *s = js_templates_share(w->ctx->templates, w->doc->form, topic, sub, base);
    if (!s) return;
    if (!s->stated_when && s->cell.no)
        whole = js_table_value(w->doc->tables[s->cell.no], s->cell.row, s->cell.col);
    else if (!s->stated_when)
        whole = say(w, s->say_topic, s->say_label);
    char b[32];
    if (whole == 0) return;
    P(w, "，占%s%s%s%%", base, base[0] ? "的" : "", bc_pct(part, whole, PCT_DEC, b, sizeof b));
}

/* "与上年相比，增加A万元，增长X%" on displayed figures; nothing when last year is unknown. */
static void change(nw *w, int64_t now, int64_t ly, const char *reason)
{
    if (ly < 0) return;
    int64_t l = bl_round_wan(ly), d = now - l;
    char a[32], p[32];
    if (d == 0)
        P(w, "，与上年持平");
    else if (l == 0)
        P(w, "，与上年相比增加%s万元（上年为0）", W(d, a));
    else
        P(w, "，与上年相比，%s%s万元，%s%s%%", d > 0 ? "增加" : "减少", W(d > 0 ? d : -d, a),
          d > 0 ? "增长" : "下降", bc_pct(d > 0 ? d : -d, l, PCT_DEC, p, sizeof p));
    if (d != 0 && reason && *reason) P(w, "，主要原因是%s", reason);
}

static const char *strip_zhichu(js_doc *doc, const char *name)
{
    size_t n = strlen(name);
    const char *suf = "支出";
    if (n > 6 && strcmp(name + n - 6, suf) == 0) return js_arena_strndup(doc->arena, name, n - 6);
    return name;
}

/* The terms of table tno's identity `key = A + B + …` in the form's data (`ident`
 * records: 06's 人员经费合计 = 301 + 303, 07's 决算:合计 = 决算:公务接待费 + …), in order,
 * each without the prefix `side` (terms without it are left out); at most max, into
 * parts (arena strings); their number. */
static int ident_terms(const nw *w, int tno, const char *key, const char *side, const char **parts,
                       int max)
{
    const js_tpl_table *t = js_templates_table(w->ctx->templates, w->doc->form, tno);
    size_t k = strlen(key), sk = strlen(side);
    for (int i = 0; t && i < t->nidents; i++) {
        const char *e = t->idents[i];
        if (strncmp(e, key, k) != 0 || strncmp(e + k, " = ", 3) != 0) continue;
        int n = 0;
        for (const char *p = e + k + 3; *p && n < max;) {
            const char *plus = strstr(p, " + ");
            size_t len = plus ? (size_t)(plus - p) : strlen(p);
            if (len > sk && strncmp(p, side, sk) == 0) {
                const char *c = js_arena_strndup(w->doc->arena, p + sk, len - sk);
                if (c) parts[n++] = c;
            }
            p = plus ? plus + 3 : p + len;
        }
        return n;
    }
    return 0;
}

/* The names of the largest non-zero 款 of table 06 under the given 类 codes. */
static void top_items(nw *w, const char *const *classes, int ncls)
{
    const js_table *t = w->doc->tables[6];
    int best[4] = {-1, -1, -1, -1};
    for (int k = 0; k < 4; k++) {
        for (int i = 0; i < t->nrows; i++) {
            const js_row *r = &t->rows[i];
            if (!r->code || strlen(r->code) != 5 || r->cells[0].value <= 0) continue;
            bool in = false;
            for (int c = 0; c < ncls; c++)
                in |= strncmp(r->code, classes[c], 3) == 0;
            bool used = false;
            for (int j = 0; j < k; j++)
                used |= best[j] == i;
            if (!in || used) continue;
            if (best[k] < 0 || r->cells[0].value > t->rows[best[k]].cells[0].value) best[k] = i;
        }
    }
    int n = 0;
    for (int k = 0; k < 4; k++)
        if (best[k] >= 0) P(w, "%s%s", n++ ? "、" : "，主要包括", t->rows[best[k]].name);
    if (n) P(w, "等");
}

static int64_t ledger_econ(const bl_ledger *L, int econ)
{
    int64_t s = 0;
    for (size_t i = 0; i < L->cap; i++)
        if (L->leaves[i].key && !L->leaves[i].bad && !L->leaves[i].income &&
            L->leaves[i].econ == econ)
            s += L->leaves[i].rounded;
    return s;
}

static int64_t budget_of(const bm_meta *m, const char *code, const char **reason)
{
    int c = (int)strtol(code, NULL, 10);
    int64_t s = 0;
    for (int i = 0; i < m->nbudget; i++) {
        char b[16];
        snprintf(b, sizeof b, "%07d", m->budget_code[i] % 10000000);
        if (strncmp(b, code, strlen(code)) == 0) {
            s += bl_round_wan(m->budget_amt[i]);
            if (reason && m->budget_code[i] == c) *reason = m->budget_reason[i];
        }
    }
    return s;
}

static void pval_amount(js_doc *doc, js_pval *p, int64_t fen)
{
    char b[32];
    p->set = true;
    p->num.mant = bl_round_wan(fen) / 10000;
    p->num.dec = 2;
    p->text = js_arena_strdup(doc->arena, bc_wan(fen, b, sizeof b));
}

static void pval_num(js_doc *doc, js_pval *p, js_num n, const char *suffix)
{
    char b[40];
    p->set = true;
    p->num = n;
    js_num_fmt(n, b, 32);
    p->text = js_arena_printf(doc->arena, "%s%s", b, suffix);
}

/* js_num a + b exactly (to the larger precision). */
static js_num num_add(js_num a, js_num b)
{
    static const int64_t P10[] = {1,      10,      100,      1000,      10000,
                                  100000, 1000000, 10000000, 100000000, 1000000000};
    int d = a.dec > b.dec ? a.dec : b.dec;
    js_num r = {a.mant * P10[d - a.dec] + b.mant * P10[d - b.dec], d};
    return r;
}

static const char *grade(js_num total)
{
    js_num g90 = {90, 0}, g80 = {80, 0}, g60 = {60, 0};
    if (js_num_cmp(total, g90) >= 0) return "优";
    if (js_num_cmp(total, g80) >= 0) return "良";
    if (js_num_cmp(total, g60) >= 0) return "中";
    return "差";
}

static const char *const FUNDROWS[4] = {"合计", "其中：当年财政拨款", "上年结转资金", "其他资金"};

/* One 绩效自评表: 执行率 = actual / full budget; 得分 = 10 × 执行率, at most 10. */
static js_perf *perf_table(js_doc *doc, const bm_perf *bp, int kind, int64_t actual)
{
    js_perf *p = js_doc_perf_add(doc, kind);
    if (!p) return NULL;
    p->name = js_arena_strdup(doc->arena, bp->name ? bp->name : "");
    js_num weight = {10, 0}, fund_score = {0, 2};
    for (int i = 0; i < 4; i++) {
        js_perf_fund *f = js_perf_fund_add(doc, p);
        if (!f) return NULL;
        memset(f, 0, sizeof *f);
        f->name = js_arena_strdup(doc->arena, FUNDROWS[i]);
        pval_amount(doc, &f->budget_start, bp->start[i]);
        pval_amount(doc, &f->budget_full, bp->full[i]);
        if (i == 0) {
            pval_amount(doc, &f->actual, actual);
            pval_num(doc, &f->weight, weight, "");
            int64_t a = bl_round_wan(actual), full = bl_round_wan(bp->full[0]);
            if (full > 0) {
                js_num rate = js_ratio(a, full, 2, true);
                pval_num(doc, &f->rate, rate, "%");
                int64_t capped = a > full ? full : a;
                fund_score = js_ratio(capped * 10, full, 2, false);
                pval_num(doc, &f->score, fund_score, "");
            }
        }
    }
    js_num tw = weight, ts = fund_score;
    for (int i = 0; i < bp->ninds; i++) {
        js_perf_ind *d = js_perf_ind_add(doc, p);
        if (!d) return NULL;
        memset(d, 0, sizeof *d);
        const bm_ind *s = &bp->inds[i];
        d->l1 = s->l1;
        d->l2 = s->l2;
        d->l3 = s->l3;
        d->target = s->target;
        d->result = s->result;
        pval_num(doc, &d->weight, s->weight, "");
        pval_num(doc, &d->score, s->score, "");
        tw = num_add(tw, s->weight);
        ts = num_add(ts, s->score);
    }
    pval_num(doc, &p->total_weight, tw, "");
    pval_num(doc, &p->total_score, ts, "");
    p->grade = js_arena_strdup(doc->arena, grade(ts));
    return p;
}

/* long literals stay whole (a split would read as two elements) */
/* clang-format off */
static const char *const GLOSSARY[] = {
    "财政拨款收入：指单位从同级财政部门取得的财政预算资金。",
    "事业收入：指事业单位开展专业业务活动及辅助活动取得的收入。",
    "经营收入：指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。",
    "其他收入：指单位取得的除上述收入以外的各项收入。",
    "年初结转和结余：指单位以前年度尚未完成、结转到本年按有关规定继续使用的资金。",
    "年末结转和结余：指单位按有关规定结转到下年或以后年度继续使用的资金。",
    "基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。",
    "项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
    "“三公”经费：指通过财政拨款资金安排的因公出国（境）费、公务用车购置及运行费和公务接待费支出。",
    "机关运行经费：指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金。",
};
/* clang-format on */

/* 第一部分 概况 */
static void overview(nw *w)
{
    const bm_meta *m = w->m;
    int part = section(w, JS_PART_OVERVIEW, 0, "",
                       js_arena_printf(w->doc->arena, "%s概况", w->doc->dept), 1, -1);
    section(w, JS_PART_OVERVIEW, 1, "一", "部门职责", 1, part);
    for (int i = 0; i < m->duties.n; i++) {
        P(w, "%s", m->duties.v[i]);
        para(w);
    }
    section(w, JS_PART_OVERVIEW, 1, "二", "机构设置及决算单位构成", 2, part);
    for (int i = 0; i < m->organisation.n; i++) {
        P(w, "%s", m->organisation.v[i]);
        para(w);
    }
    if (m->units.n) {
        P(w, "纳入本部门%d年度部门决算编制范围的单位共%d个，包括：", w->year, m->units.n);
        for (int i = 0; i < m->units.n; i++)
            P(w, "%s%s", i ? "、" : "", m->units.v[i]);
        P(w, "。");
        para(w);
    }
}

/* "Y年度{lead}A万元，与上年相比…。" */
static void headline(nw *w, const char *lead, int64_t now, int64_t ly, const char *reason)
{
    char a[32];
    P(w, "%d年度%s%s万元", w->year, lead, W(now, a));
    change(w, now, ly, reason);
    P(w, "。");
    para(w);
}

/* 一 */
static void s_total(nw *w)
{
    topic_section(w, "total");
    headline(w, "收入总计", say(w, "total", "收入总计"), w->m->ly_income_total, w->m->r_total);
    headline(w, "支出总计", say(w, "total", "支出总计"), w->m->ly_expense_total, w->m->r_total);
}

/* 二, 三: the total and its parts, the columns of 02 (03) after the first */
static void s_parts(nw *w, const char *topic, int no, const char *lead)
{
    topic_section(w, topic);
    const js_tpl_table *t = js_templates_table(w->ctx->templates, w->doc->form, no);
    char a[32], b[32];
    int64_t total = say(w, topic, t->cols[0].key);
    P(w, "%s%s万元，其中：", lead, W(total, a));
    for (int i = 1; i < t->ncols; i++) {
        int64_t v = say(w, topic, t->cols[i].key);
        P(w, "%s%s%s万元", i > 1 ? "；" : "", t->cols[i].key, W(v, b));
        share(w, topic, 0, "", v, total);
    }
    P(w, "。");
    para(w);
}

/* 四 */
static void s_fiscal(nw *w)
{
    topic_section(w, "fiscal");
    headline(w, "财政拨款收入", say(w, "fiscal", "财政拨款收入"), w->m->ly_fiscal_income,
             w->m->r_fiscal);
    headline(w, "财政拨款支出", say(w, "fiscal", "财政拨款支出"), w->m->ly_fiscal_expense,
             w->m->r_fiscal);
}

/* 五(二): every 类 of 05 */
static void general_classes(nw *w, int64_t gen)
{
    char a[32], b[32];
    P(w, "%d年度一般公共预算财政拨款支出%s万元，主要用于以下方面：", w->year, W(gen, a));
    const js_table *t5 = w->doc->tables[5];
    int k = 0;
    for (int i = 0; i < t5->nrows; i++) {
        const js_row *r = &t5->rows[i];
        if (!r->code || strlen(r->code) != 3) continue;
        P(w, "%s%s（类）支出%s万元", k++ ? "；" : "", strip_zhichu(w->doc, r->name),
          W(r->cells[0].value, b));
        share(w, "general", 2, "", r->cells[0].value, gen);
    }
    if (!k) P(w, "无");
    P(w, "。");
    para(w);
}

/* 五(三): the 项 codes with a budget or an actual figure, in code order (malloc'd). */
static char (*item_codes(const nw *w, int *ncodes))[8]
{
    const js_table *t5 = w->doc->tables[5];
    const bm_meta *m = w->m;
    *ncodes = 0;
    char(*codes)[8] = calloc((size_t)(t5->nrows + m->nbudget + 1), sizeof *codes);
    if (!codes) return NULL;
    for (int i = 0; i < t5->nrows; i++)
        if (t5->rows[i].code && strlen(t5->rows[i].code) == 7)
            memcpy(codes[(*ncodes)++], t5->rows[i].code, 8);
    for (int i = 0; i < m->nbudget; i++) {
        char cb[16];
        snprintf(cb, sizeof cb, "%07d", m->budget_code[i] % 10000000);
        bool seen = false;
        for (int j = 0; j < *ncodes; j++)
            seen |= strcmp(codes[j], cb) == 0;
        if (!seen) memcpy(codes[(*ncodes)++], cb, 8);
    }
    qsort(codes, (size_t)*ncodes, sizeof *codes, (int (*)(const void *, const void *))strcmp);
    return codes;
}

/* One 项 of 五(三): "类（类）款（款）项（项）" and its budget against its actual. */
static void general_item(nw *w, const char *code, int item, int parent)
{
    js_doc *doc = w->doc;
    char a[32], b[32], c[32], c3[4], c5[6];
    const char *reason = NULL;
    int64_t bud = budget_of(w->m, code, &reason);
    int64_t act = js_table_value(doc->tables[5], code, "小计");
    memcpy(c3, code, 3);
    c3[3] = 0;
    memcpy(c5, code, 5);
    c5[5] = 0;
    const js_catalog *cat = w->ctx->catalog;
    const js_class_entry *e3 = js_catalog_find(cat, JS_CLASS_FUNC, w->year, c3),
                         *e5 = js_catalog_find(cat, JS_CLASS_FUNC, w->year, c5),
                         *e7 = js_catalog_find(cat, JS_CLASS_FUNC, w->year, code);
    const char *title = js_arena_printf(doc->arena, "%s（类）%s（款）%s（项）",
                                        e3 ? strip_zhichu(doc, e3->name) : c3, e5 ? e5->name : c5,
                                        e7 ? e7->name : code);
    section(w, JS_PART_NARRATIVE, 3, js_arena_printf(doc->arena, "五(三)%d", item), title, item,
            parent);
    P(w, "年初预算为%s万元，支出决算为%s万元", W(bud, a), W(act, b));
    if (bud > 0)
        P(w, "，完成年初预算的%s%%", bc_pct(act, bud, PCT_DEC, c, sizeof c));
    else
        P(w, "，年初未安排预算");
    if (act > bud)
        P(w, "。决算数大于年初预算数的主要原因是：%s", reason ? reason : "年中追加预算");
    else if (act < bud)
        P(w, "。决算数小于年初预算数的主要原因是：%s", reason ? reason : "厉行节约，压减支出");
    else
        P(w, "。决算数与年初预算数持平");
    P(w, "。");
    para(w);
}

/* 五(三) */
static void general_items(nw *w, int64_t gen, int parent)
{
    const bm_meta *m = w->m;
    char a[32], b[32], c[32];
    int s = section(w, JS_PART_NARRATIVE, 2, "五(三)", "一般公共预算财政拨款支出决算具体情况", 3,
                    parent);
    int64_t bud_total = 0;
    for (int i = 0; i < m->nbudget; i++)
        bud_total += bl_round_wan(m->budget_amt[i]);
    if (m->budget_total >= 0 && m->nbudget == 0) bud_total = bl_round_wan(m->budget_total);
    P(w, "%d年度一般公共预算财政拨款支出年初预算为%s万元，支出决算为%s万元", w->year,
      W(bud_total, a), W(gen, b));
    if (bud_total > 0) P(w, "，完成年初预算的%s%%", bc_pct(gen, bud_total, PCT_DEC, c, sizeof c));
    P(w, "。其中：");
    para(w);
    int ncodes;
    char(*codes)[8] = item_codes(w, &ncodes);
    for (int i = 0; codes && i < ncodes; i++)
        general_item(w, codes[i], i + 1, s);
    free(codes);
}

/* 五 */
static void s_general(nw *w, int64_t exp)
{
    int s5 = topic_section(w, "general");
    int64_t gen = say(w, "general", "一般公共预算财政拨款支出");
    char a[32];
    section(w, JS_PART_NARRATIVE, 2, "五(一)", "一般公共预算财政拨款支出决算总体情况", 1, s5);
    P(w, "%d年度一般公共预算财政拨款支出%s万元", w->year, W(gen, a));
    share(w, "general", 1, "本年支出合计", gen, exp);
    change(w, gen, w->m->ly_general, w->m->r_general);
    P(w, "。");
    para(w);
    section(w, JS_PART_NARRATIVE, 2, "五(二)", "一般公共预算财政拨款支出决算结构情况", 2, s5);
    general_classes(w, gen);
    general_items(w, gen, s5);
}

/* 六 */
static void s_basic(nw *w)
{
    topic_section(w, "basic");
    char a[32], b[32];
    int64_t basic = say(w, "basic", "基本支出"), staff = say(w, "basic", "人员经费"),
            pub = say(w, "basic", "公用经费");
    P(w, "%d年度一般公共预算财政拨款基本支出%s万元，其中：人员经费%s万元", w->year, W(basic, a),
      W(staff, b));
    share(w, "basic", 0, "基本支出", staff, basic);
    const char *staff_cls[8], *pub_cls[8];
    int nstaff = ident_terms(w, 6, "人员经费合计", "", staff_cls, 8),
        npub = ident_terms(w, 6, "公用经费合计", "", pub_cls, 8);
    top_items(w, staff_cls, nstaff);
    P(w, "；公用经费%s万元", W(pub, b));
    share(w, "basic", 0, "基本支出", pub, basic);
    top_items(w, pub_cls, npub);
    P(w, "。");
    para(w);
}

/* The items 07's 合计 is the sum of (the form's identity 决算:合计 = 决算:A + 决算:B + …,
 * templates.tsv T-07-SUM), in its order, at most max; their number. */
static int sg_parts(const nw *w, const char **parts, int max)
{
    return ident_terms(w, 7, "决算:合计", "决算:", parts, max);
}

static int64_t sg(const nw *w, const char *side, const char *item)
{
    char col[64];
    snprintf(col, sizeof col, "%s:%s", side, item);
    return js_table_value(w->doc->tables[7], "三公经费", col);
}

/* 七(一) */
static void sangong_total(nw *w, int parent)
{
    const bm_meta *m = w->m;
    char a[32], b[32], c[32];
    int64_t sb = sg(w, "预算", "合计"), sa = sg(w, "决算", "合计");
    section(w, JS_PART_NARRATIVE, 2, "七(一)", "“三公”经费财政拨款支出决算总体情况说明", 1, parent);
    P(w, "%d年度“三公”经费财政拨款支出预算为%s万元，支出决算为%s万元", w->year, W(sb, a), W(sa, b));
    if (sb > 0) P(w, "，完成预算的%s%%", bc_pct(sa, sb, PCT_DEC, c, sizeof c));
    if (sa < sb && m->r_sanggong_budget)
        P(w, "，决算数小于预算数的主要原因是%s", m->r_sanggong_budget);
    if (sa > sb && m->r_sanggong_budget)
        P(w, "，决算数大于预算数的主要原因是%s", m->r_sanggong_budget);
    change(w, sa, m->ly_sanggong, m->r_sanggong);
    P(w, "。其中：");
    para(w);
    const char *parts[8];
    int n = sg_parts(w, parts, 8);
    for (int i = 0; i < n; i++) {
        int64_t pb = sg(w, "预算", parts[i]), pa = sg(w, "决算", parts[i]);
        P(w, "%s支出预算为%s万元，支出决算为%s万元", parts[i], W(pb, a), W(pa, b));
        if (pb > 0)
            P(w, "，完成预算的%s%%", bc_pct(pa, pb, PCT_DEC, c, sizeof c));
        else
            P(w, "，未安排预算");
        P(w, "。");
        para(w);
    }
}

/* 七(二) */
static void sangong_detail(nw *w, int parent)
{
    const bm_meta *m = w->m;
    char a[32], b[32], c[32];
    int64_t sa = sg(w, "决算", "合计");
    section(w, JS_PART_NARRATIVE, 2, "七(二)", "“三公”经费财政拨款支出决算具体情况说明", 2, parent);
    P(w, "%d年度“三公”经费财政拨款支出决算中，", w->year);
    const char *parts[8];
    int n = sg_parts(w, parts, 8);
    for (int i = 0; i < n; i++) {
        int64_t pa = sg(w, "决算", parts[i]);
        P(w, "%s%s支出决算%s万元", i ? "；" : "", parts[i], W(pa, a));
        share(w, "sangong", 0, "", pa, sa);
    }
    P(w, "。其中：");
    para(w);
    P(w, "1、因公出国（境）费支出决算为%s万元，全年安排因公出国（境）团组%d个，累计%d人次。",
      W(sg(w, "决算", "因公出国（境）费"), a), m->sg_abroad_groups, m->sg_abroad_people);
    para(w);
    P(w,
      "2、公务用车购置及运行费支出决算为%s万元，其中：公务用车购置费%s万元，全年购置公务用车%"
      "d辆；公务用车运行维护费%s万元，截至%d年12月31日，开支财政拨款的公务用车保有量为%d辆。",
      W(sg(w, "决算", "公务用车购置及运行费"), a), W(sg(w, "决算", "公务用车购置费"), b),
      m->sg_cars_bought, W(sg(w, "决算", "公务用车运行费"), c), w->year, m->sg_cars_held);
    para(w);
    P(w, "3、公务接待费支出决算为%s万元，全年共接待来访团组%d个、来宾%d人次。",
      W(sg(w, "决算", "公务接待费"), a), m->sg_recv_groups, m->sg_recv_people);
    para(w);
}

/* 八 */
static void s_fund(nw *w)
{
    topic_section(w, "fund");
    char a[32], b[32], c[32], d[32], e[32];
    if (!w->doc->tables[8]->empty_note) {
        P(w,
          "%d年度政府性基金预算财政拨款年初结转和结余%s万元，本年收入%s万元，本年支出%"
          "s万元，其中：基本支出%s万元，项目支出%s万元；",
          w->year, W(say(w, "fund", "年初结转和结余"), a), W(say(w, "fund", "本年收入"), b),
          W(say(w, "fund", "本年支出"), c), W(say(w, "fund", "基本支出"), d),
          W(say(w, "fund", "项目支出"), e));
        P(w, "年末结转和结余%s万元。", W(say(w, "fund", "年末结转和结余"), a));
    } else {
        P(w,
          "%s%"
          "d年度没有政府性基金预算财政拨款收入，也没有使用政府性基金预算财政拨款安排的支出，故公开0"
          "8表为空表。",
          w->doc->dept, w->year);
    }
    para(w);
}

/* 九 */
static void s_soe(nw *w)
{
    topic_section(w, "soe");
    char a[32], b[32], c[32];
    if (!w->doc->tables[9]->empty_note)
        P(w, "%d年度国有资本经营预算财政拨款支出%s万元，其中：基本支出%s万元，项目支出%s万元。",
          w->year, W(say(w, "soe", "支出"), a), W(say(w, "soe", "基本支出"), b),
          W(say(w, "soe", "项目支出"), c));
    else
        P(w, "%s%d年度没有使用国有资本经营预算财政拨款安排的支出，故公开09表为空表。", w->doc->dept,
          w->year);
    para(w);
}

/* 十 */
static void s_jiguan(nw *w)
{
    const bm_meta *m = w->m;
    topic_section(w, "jiguan");
    char a[32], b[32], c[32], d[32];
    int64_t pub = say(w, "jiguan", "机关运行经费");
    P(w, "%d年度本部门机关运行经费支出%s万元", w->year, W(pub, a));
    if (m->org_running_budget >= 0) {
        int64_t ob = bl_round_wan(m->org_running_budget), dd = pub - ob;
        P(w, "，年初预算为%s万元", W(ob, b));
        if (ob > 0 && dd != 0)
            P(w, "，比年初预算%s%s万元，%s%s%%", dd > 0 ? "增加" : "减少", W(dd > 0 ? dd : -dd, c),
              dd > 0 ? "增长" : "下降", bc_pct(dd > 0 ? dd : -dd, ob, PCT_DEC, d, sizeof d));
    }
    change(w, pub, m->ly_org_running, m->r_org_running);
    P(w, "。");
    para(w);
}

/* 十一 */
static void s_genexp(nw *w)
{
    const bm_meta *m = w->m;
    topic_section(w, "genexp");
    char a[32];
    P(w, "%d年度本部门开支会议费%s万元", w->year, W(ledger_econ(w->L, 30215), a));
    if (m->meetings_text) P(w, "，%s", m->meetings_text);
    P(w, "；开支培训费%s万元", W(ledger_econ(w->L, 30216), a));
    if (m->training_text) P(w, "，%s", m->training_text);
    P(w, "。");
    para(w);
}

/* 十二 */
static void s_procure(nw *w)
{
    const bm_meta *m = w->m;
    topic_section(w, "procure");
    char a[32], b[32], c[32], d[32], e[32];
    int64_t pg = bl_round_wan(m->proc_goods), pw = bl_round_wan(m->proc_works),
            ps = bl_round_wan(m->proc_services), pt = pg + pw + ps, sme = bl_round_wan(m->proc_sme);
    P(w,
      "%d年度本部门政府采购支出总额%s万元，其中：政府采购货物支出%s万元、政府采购工程支出%"
      "s万元、政府采购服务支出%s万元。授予中小企业合同金额%s万元",
      w->year, W(pt, a), W(pg, b), W(pw, c), W(ps, d), W(sme, e));
    share(w, "procure", 0, "政府采购支出总额", sme, pt);
    P(w, "。");
    para(w);
}

/* 十三 */
static void s_assets(nw *w)
{
    const bm_meta *m = w->m;
    topic_section(w, "assets");
    int nveh = 0;
    for (int i = 0; i < 6; i++)
        nveh += m->veh[i];
    P(w,
      "截至%d年12月31日，本部门共有车辆%d辆，其中：主要领导干部用车%d辆、机要通信用车%"
      "d辆、应急保障用车%d辆、执法执勤用车%d辆、特种专业技术用车%d辆、其他用车%"
      "d辆；单位价值50万元以上通用设备%d台（套），单位价值100万元以上专用设备%d台（套）。",
      w->year, nveh, m->veh[0], m->veh[1], m->veh[2], m->veh[3], m->veh[4], m->veh[5], m->equip50,
      m->equip100);
    para(w);
}

/* 十四: performance tables first, so the text can state their results */
static void s_perf(nw *w, int64_t actual_total)
{
    const bm_meta *m = w->m;
    js_doc *doc = w->doc;
    js_perf *pdept = NULL;
    if (m->has_dept_perf)
        pdept = perf_table(doc, &m->dept_perf, 1,
                           m->dept_perf.actual >= 0 ? m->dept_perf.actual : actual_total);
    topic_section(w, "perf");
    if (m->perf_text) {
        P(w, "%s", m->perf_text);
        para(w);
    }
    if (pdept) {
        P(w, "本部门对%d年度部门整体支出开展了绩效自评，自评得分%s分，等级为“%s”。", w->year,
          pdept->total_score.text, pdept->grade);
        if (m->dept_perf.goal) P(w, "年度总体目标：%s", m->dept_perf.goal);
        if (m->dept_perf.done) P(w, "实际完成情况：%s", m->dept_perf.done);
        para(w);
    }
    for (int i = 0; i < m->nprojects; i++) {
        const bm_perf *bp = &m->projects[i];
        int64_t act = bp->actual;
        if (act < 0) {
            act = 0;
            for (size_t j = 0; j < w->L->pcap; j++)
                if (w->L->proj[j].name && bp->name && strcmp(w->L->proj[j].name, bp->name) == 0)
                    act = w->L->proj[j].sum;
        }
        js_perf *pp = perf_table(doc, bp, 2, act);
        if (!pp) break;
        P(w, "“%s”项目全年预算数%s万元，全年执行数%s万元，自评得分%s分，等级为“%s”。", pp->name,
          pp->funds[0].budget_full.text, pp->funds[0].actual.text, pp->total_score.text, pp->grade);
        if (bp->goal) P(w, "年度目标：%s", bp->goal);
        if (bp->done) P(w, "实际完成情况：%s", bp->done);
        para(w);
    }
}

int bc_narrative(js_doc *doc, const js_ctx *ctx, const bl_ledger *L, const bm_meta *m)
{
    nw w = {doc, ctx, m, L, -1, {0}, doc->year, -1};
    js_buf_init(&w.b);
    overview(&w);
    /* 第三部分 情况说明: the sections and their figures as the form's data names them */
    w.part = section(&w, JS_PART_NARRATIVE, 0, "",
                     js_arena_printf(doc->arena, "%d年度部门决算情况说明", doc->year), 3, -1);
    s_total(&w);
    s_parts(&w, "income", 2, "本年收入合计");
    s_parts(&w, "expend", 3, "本年支出合计");
    s_fiscal(&w);
    int64_t exp = say(&w, "expend", "本年支出合计");
    s_general(&w, exp);
    s_basic(&w);
    int s7 = topic_section(&w, "sangong");
    sangong_total(&w, s7);
    sangong_detail(&w, s7);
    s_fund(&w);
    s_soe(&w);
    s_jiguan(&w);
    s_genexp(&w);
    s_procure(&w);
    s_assets(&w);
    s_perf(&w, exp);
    topic_section(&w, "other");
    P(&w, "%s", m->other_text ? m->other_text : "本部门无其他需要说明的重要事项。");
    para(&w);
    /* 第四部分 名词解释 */
    char cn[32];
    section(&w, JS_PART_GLOSSARY, 0, "", "名词解释", 4, -1);
    for (size_t i = 0; i < sizeof GLOSSARY / sizeof GLOSSARY[0]; i++) {
        P(&w, "%s、%s", js_cnum_fmt((int)i + 1, cn, sizeof cn), GLOSSARY[i]);
        para(&w);
    }
    js_buf_release(&w.b);
    return 0;
}
