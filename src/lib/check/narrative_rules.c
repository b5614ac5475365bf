/*
 * narrative_rules.c - the 情况说明 against the tables and against itself
 * (rules N-*; docs/narrative-rules.md).
 *
 * Each narrative section is read as one text (its title and paragraphs, a
 * paragraph that does not end a sentence running on into the next), the
 * claims of claims.h are extracted, and the section's topic (decided by its
 * title: 收入支出决算总体, 收入决算, 三公, 机关运行经费, 政府采购 …, not by
 * its number, which varies between documents) says which table each amount
 * restates. Then:
 *
 *   N-AMOUNT      an amount differs from its table cell
 *   N-SHARE       占 X% is not part / base
 *   N-GROWTH      增长 X% is not A / (本年 - A) (下降: A / (本年 + A))
 *   N-COMPLETION  完成预算的 X% is not 决算 / 预算, or a % is given for a 0 budget
 *   N-DIRECTION   决算数大于/小于预算数, or 增加 … 下降 X%, contradict the numbers
 *   N-SANGONG     a 三公 figure, completion or share differs from table 07
 *   N-JIGUAN      机关运行经费 differs from 06 公用经费合计 (warning)
 *   N-PROCUREMENT goods + works + services differ from the 政府采购 total
 *   N-VEHICLES    vehicles by kind do not add up to the total
 *   N-ITEM        an amount is given for an item that the table shows under another item
 *
 * Percentages. Every printed amount is a rounding to 0.01 万元, so a rate
 * computed from printed amounts is only known to an interval: a stated rate
 * inside the rounded interval is right; one outside it but within one unit of
 * its last printed digit of the rate computed from the printed figures is a
 * rounding notice; anything else is an error. A stated amount within 0.01 of
 * the table is a rounding notice. All arithmetic is exact (js_ratio).
 *
 * When a sentence cannot be tied to a table figure with confidence the rules
 * stay silent: no finding is better than a false one.
 */
#include "narrative_rules.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* 增长/下降 r against the change c on this year's S: V_*, or -1 when the base year
 * was 0 (no rate). */
static int growth_verdict(const js_claim *r, const js_claim *c, js_amount S, js_num *exp)
{
    js_amount A = c->amount, eS = nr_uncert(S), eA = nr_uncert(A);
    if (c->sign > 0) {
        if (S - A <= 0) return -1;
        return nr_verdict(r->num, A, S - A, A - eA, S + eS - A + eA, A + eA, S - eS - A - eA, exp);
    }
    return nr_verdict(r->num, A, S + A, A - eA, S + eS + A - eA, A + eA, S - eS + A + eA, exp);
}

/* ---- N-GROWTH, N-DIRECTION (change against rate) ----------------------------- */

static void check_growth(nctx *n)
{
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *r = &n->cl.items[i];
        if (r->kind != JS_CL_RATE) continue;
        const js_claim *c = NULL;
        for (int j = i - 1; j >= 0 && n->cl.items[j].sentence == r->sentence; j--) {
            if (n->cl.items[j].kind == JS_CL_CHANGE) {
                c = &n->cl.items[j];
                break;
            }
            if (n->cl.items[j].kind == JS_CL_RATE) break;
        }
        if (!c) continue;
        int ci = (int)(c - n->cl.items);
        const char *pre = r->base == JS_BASE_BUDGET ? "比年初预算" : "与上年相比";
        if (c->sign != r->sign) {
            nr_rep(n, JS_R_N_DIRECTION, JS_SEV_ERROR, r, r->text, NULL,
                   "%s%s%s万元，却称%s%s%%，增减方向矛盾", pre, c->word, c->text, r->word, r->text);
            continue;
        }
        const js_claim *s = nr_subject_of(n, ci, true);
        if (!s) continue;
        js_amount S = nr_base_amount(n, s), A = c->amount;
        if (A <= 0) continue;
        js_num exp, exp2;
        int v = growth_verdict(r, c, S, &exp);
        if (v < 0) continue; /* the base year was 0: no rate can be computed */
        if (v == V_OK) continue;
        /* the stated 本年 is reported wrong: a rate right on the stated figure (the
         * author's own arithmetic) follows from that finding alone */
        if (S != s->amount && growth_verdict(r, c, s->amount, &exp2) == V_OK) continue;
        nr_rep(n, JS_R_N_GROWTH, v == V_ROUND ? JS_SEV_ROUNDING : JS_SEV_ERROR, r, r->text,
               nr_numtxt(n, exp), "%s%s%s%%，按本年%s万元、%s%s万元计算应为%s%%", pre, r->word,
               r->text, S == s->amount ? s->text : nr_wan(n, S), c->word, c->text,
               nr_numtxt(n, exp));
    }
}

/* "与上年相比增加1.03万元（上年为0）": with nothing the year before, the increase is the
 * whole of this year's figure. */
static void check_zero_base(nctx *n)
{
    const char *t = n->text.data;
    for (int i = 0; t && i < n->cl.n; i++) {
        const js_claim *c = &n->cl.items[i];
        if (c->kind != JS_CL_CHANGE || c->sign <= 0 || c->base != JS_BASE_LASTYEAR) continue;
        size_t k = c->end, e = k + 24 < n->text.len ? k + 24 : n->text.len;
        const char *z = js_memstr(t + k, e - k, "上年为");
        if (!z) continue;
        z += strlen("上年为");
        if (!(js_startswith(z, "0") && !(z[1] >= '0' && z[1] <= '9') && z[1] != '.') &&
            !js_startswith(z, "零"))
            continue;
        const js_claim *s = nr_subject_of(n, i, true);
        if (!s || s->kind != JS_CL_AMOUNT) continue;
        js_amount S = nr_base_amount(n, s), d = c->amount - S;
        if (d == 0 || nr_absd(d) <= WAN_CENT) continue;
        nr_rep(n, JS_R_N_GROWTH, JS_SEV_ERROR, c, c->text, nr_wan(n, S),
               "与上年相比%s%s万元，上年为0，应等于本年的%s万元", c->word, c->text, nr_wan(n, S));
    }
}

/* ---- N-COMPLETION / N-SANGONG completion, N-DIRECTION 大于/小于 ------------- */

/* 七: the actual of the sentence before k, and the budget of the same 07 item
 * (stated in the sentence, else table 07's). False when there is none. */
static bool sangong_pair(nctx *n, const js_claim *k, const js_claim **pa, const js_claim **pb,
                         js_amount *bud, const char **btext)
{
    const js_claim *a = NULL, *b = NULL;
    int i = (int)(k - n->cl.items);
    for (int j = i - 1; j >= 0 && n->cl.items[j].sentence == k->sentence; j--) {
        const js_claim *x = &n->cl.items[j];
        if ((x->kind == JS_CL_ACTUAL || x->kind == JS_CL_AMOUNT) && !x->paren) {
            a = x;
            break;
        }
    }
    const char *item = a && n->sgitem ? n->sgitem[a - n->cl.items] : NULL;
    if (!item) return false;
    for (int j = (int)(a - n->cl.items) - 1; j >= 0 && n->cl.items[j].sentence == k->sentence;
         j--) {
        const js_claim *x = &n->cl.items[j];
        if (x->kind == JS_CL_BUDGET && n->sgitem[j] && strcmp(n->sgitem[j], item) == 0) {
            b = x;
            break;
        }
    }
    if (b) {
        *bud = b->amount;
        *btext = b->text;
    } else {
        char col[96];
        snprintf(col, sizeof col, "预算:%s", item);
        if (!nr_tval(n, 7, "三公经费", col, false, bud)) return false;
        *btext = nr_wan(n, *bud);
    }
    *pa = a;
    *pb = b;
    return true;
}

/* 完成预算的 X% against a budget of 0. */
static void completion_of_zero(nctx *n, js_rule_id rule, const js_claim *k, const js_claim *a)
{
    if (a->amount > 0)
        nr_rep(n, rule, JS_SEV_ERROR, k, k->text, NULL,
               "预算为0万元、决算为%s万元，完成预算的比例无法计算，不应写作%s%%", a->text, k->text);
    else if (k->num.mant != 0)
        nr_rep(n, rule, JS_SEV_WARNING, k, k->text, NULL,
               "预算和决算均为0万元，完成预算的比例无法计算，不应写作%s%%", k->text);
    else
        nr_rep(n, rule, JS_SEV_NOTICE, k, k->text, NULL,
               "预算为0万元，完成预算的比例无法计算，宜删去“完成预算的%s%%”", k->text);
}

/* One 完成预算的 X% claim (at index i). */
static void completion_one(nctx *n, js_rule_id rule, int i)
{
    const js_claim *k = &n->cl.items[i];
    const js_claim *b = nr_last_before(n, i, JS_CL_BUDGET, true);
    const js_claim *a = nr_last_before(n, i, JS_CL_ACTUAL, true);
    js_amount bud = 0;
    const char *btext = NULL;
    if (n->topic == TP_SANGONG) {
        if (!sangong_pair(n, k, &a, &b, &bud, &btext)) return;
    } else {
        if (!b || !a) return;
        bud = nr_base_amount(n, b);
        btext = bud == b->amount ? b->text : nr_wan(n, bud);
    }
    /* a budget already reported as differing from table 07: its rate is not the issue */
    if (n->bad && ((b && n->bad[b - n->cl.items]) || n->bad[a - n->cl.items])) return;
    if (bud == 0) {
        completion_of_zero(n, rule, k, a);
        return;
    }
    js_num exp, exp2;
    js_amount act = nr_base_amount(n, a);
    int v = nr_share_verdict(k->num, act, bud, &exp);
    if (v == V_OK) return;
    /* right on the stated figures, one of which is reported wrong: that finding only */
    if (b && (act != a->amount || bud != b->amount) && b->amount > 0 &&
        nr_share_verdict(k->num, a->amount, b->amount, &exp2) == V_OK)
        return;
    nr_rep(n, rule, v == V_ROUND ? JS_SEV_ROUNDING : JS_SEV_ERROR, k, k->text, nr_numtxt(n, exp),
           "完成预算的%s%%，按预算%s万元、决算%s万元计算应为%s%%", k->text, btext,
           act == a->amount ? a->text : nr_wan(n, act), nr_numtxt(n, exp));
}

/* One 决算数大于/小于/等于预算数 claim (at index i). */
static void direction_one(nctx *n, int i)
{
    const js_claim *d = &n->cl.items[i];
    const js_claim *b = nr_last_before(n, i, JS_CL_BUDGET, true);
    const js_claim *a = nr_last_before(n, i, JS_CL_ACTUAL, true);
    if (!b || !a) {
        /* 比年初预算数增加/减少 A 万元 … 决算数大于/小于年初预算数 */
        const js_claim *c = NULL;
        for (int j = i - 1; j >= 0 && n->cl.items[j].block == d->block; j--) {
            const js_claim *x = &n->cl.items[j];
            if (x->kind == JS_CL_CHANGE && x->base == JS_BASE_BUDGET) {
                c = x;
                break;
            }
        }
        if (c && c->amount > 0 && d->sign != 0 && c->sign != d->sign)
            nr_rep(n, JS_R_N_DIRECTION, JS_SEV_ERROR, d, NULL, NULL,
                   "称决算数%s预算数，但前文为比年初预算数%s%s万元", d->word, c->word, c->text);
        return;
    }
    js_amount diff = a->amount - b->amount;
    bool wrong = (d->sign > 0 && diff < 0) || (d->sign < 0 && diff > 0) ||
                 (d->sign == 0 && nr_absd(diff) > WAN_CENT) || (d->sign != 0 && diff == 0);
    if (!wrong) return;
    /* an amount already reported wrong: judged on the table's figure too */
    js_amount fd = nr_base_amount(n, a) - nr_base_amount(n, b);
    if (fd != diff && !((d->sign > 0 && fd < 0) || (d->sign < 0 && fd > 0) ||
                        (d->sign == 0 && nr_absd(fd) > WAN_CENT) || (d->sign != 0 && fd == 0)))
        return;
    const char *rel = diff > 0 ? "大于" : diff < 0 ? "小于" : "等于";
    nr_rep(n, JS_R_N_DIRECTION, JS_SEV_ERROR, d, NULL, NULL,
           "称决算数%s预算数，但决算%s万元%s预算%s万元", d->word, a->text, rel, b->text);
}

static void check_completion(nctx *n)
{
    js_rule_id rule = n->topic == TP_SANGONG ? JS_R_N_SANGONG : JS_R_N_COMPLETION;
    for (int i = 0; i < n->cl.n; i++)
        if (n->cl.items[i].kind == JS_CL_COMPLETION) completion_one(n, rule, i);
    for (int i = 0; i < n->cl.n; i++)
        if (n->cl.items[i].kind == JS_CL_DIRECTION) direction_one(n, i);
}

/* ---- N-SHARE ------------------------------------------------------------------ */

/* The base of a share: a stated amount (*bc) or a table figure (*base), named
 * *bname. False when the base is not known. */
typedef struct sbase {
    js_amount base;
    const char *bname;
    const js_claim *bc;
} sbase;

/* The first amount the record's STATED matches: in block first, else anywhere. */
static const js_claim *find_stated(nctx *n, const js_tpl_share *r, int block)
{
    for (int pass = 0; pass < 2; pass++) {
        for (int j = 0; j < n->cl.n; j++) {
            const js_claim *x = &n->cl.items[j];
            if (pass == 0 && x->block != block) continue;
            if (nr_is_amountish(x) && js_tpl_share_stated(r, x->label)) return x;
        }
    }
    return NULL;
}

/* 占 X% with no base named and none in the form's data: a headline total of the
 * same paragraph. */
static bool share_base_headline(nctx *n, int i, const js_claim *part, sbase *b)
{
    const js_claim *s = &n->cl.items[i];
    for (int j = 0; j < i && !b->bc; j++) {
        const js_claim *x = &n->cl.items[j];
        if (x->block == s->block && nr_is_amountish(x)) b->bc = x;
    }
    if (!b->bc || b->bc == part) return false;
    if (!nr_has(b->bc->label, "合计") && !nr_has(b->bc->label, "总计") &&
        !nr_has(b->bc->label, "总额"))
        return false;
    b->bname = b->bc->label;
    return true;
}

/* The base the form's `share` records give a share (data/templates/templates.tsv). */
static bool share_base(nctx *n, int i, const js_claim *part, sbase *b)
{
    const js_claim *s = &n->cl.items[i];
    memset(b, 0, sizeof *b);
    const js_tpl_share *r = nr_share(n, s->label);
    if (!r) return s->label[0] == '\0' && share_base_headline(n, i, part, b);
    b->bname = r->name;
    if (r->stated_when) b->bc = find_stated(n, r, s->block);
    return b->bc || nr_share_cell_value(n, r, &b->base);
}

static void check_shares(nctx *n)
{
    js_rule_id rule = n->topic == TP_SANGONG   ? JS_R_N_SANGONG
                      : n->topic == TP_PROCURE ? JS_R_N_PROCUREMENT
                                               : JS_R_N_SHARE;
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *s = &n->cl.items[i];
        if (s->kind != JS_CL_SHARE) continue;
        const js_claim *part = nr_subject_of(n, i, false);
        if (!part || nr_unknown(n, part)) continue;
        sbase b;
        if (!share_base(n, i, part, &b)) continue;
        js_amount base = b.bc ? nr_base_amount(n, b.bc) : b.base;
        const char *btext = b.bc && base == b.bc->amount ? b.bc->text : nr_wan(n, base);
        if (base <= 0) continue;
        js_num exp;
        js_amount pa = nr_base_amount(n, part);
        int v = nr_share_verdict(s->num, pa, base, &exp);
        if (v == V_OK) continue;
        /* right on the stated figures, one of which is reported wrong: that finding only */
        js_num exp1;
        if ((pa != part->amount || (b.bc && base != b.bc->amount)) &&
            (b.bc ? b.bc->amount : base) > 0 &&
            nr_share_verdict(s->num, part->amount, b.bc ? b.bc->amount : base, &exp1) == V_OK)
            continue;
        /* a base taken from a table figure that the table's own identities report
         * wrong: the share is judged on the figure they expect too */
        js_amount fixed;
        js_num exp2;
        if (!b.bc && js_table_fixed(n->ck, &n->says, base, &fixed) && fixed > 0 &&
            nr_share_verdict(s->num, pa, fixed, &exp2) == V_OK)
            continue;
        nr_rep(n, rule, v == V_ROUND ? JS_SEV_ROUNDING : JS_SEV_ERROR, s, s->text,
               nr_numtxt(n, exp), "%s%s万元占%s%%，按%s%s万元计算应为%s%%", part->label,
               pa == part->amount ? part->text : nr_wan(n, pa), s->text, b.bname, btext,
               nr_numtxt(n, exp));
    }
}

/* ---- sections ------------------------------------------------------------------ */

/* The topic a section title names: the form's `topic` records, and for a
 * section of the 附件 (部门整体支出绩效评价报告) its `appx` records: its 收支 part
 * (TP_APPX), its 决算与预算差异 part and the items under it (五(三) again), and the
 * 三公, 政府采购 and 机关运行经费 parts as in the 说明; the rest (职能, 绩效) says
 * nothing the tables show (narrative_map.c). */

static bool own_topic(int tp)
{
    return tp == TP_SANGONG || tp == TP_JIGUAN || tp == TP_PROCURE || tp == TP_ASSETS ||
           tp == TP_GENEXP || tp == TP_PERF;
}

static bool terminal_end(const char *s, size_t n)
{
    static const char *const T[] = {"。", ";", "；", ":", "：", "!", "！", "?", "？", NULL};
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    for (const char *const *t = T; *t; t++) {
        size_t k = strlen(*t);
        if (n >= k && memcmp(s + n - k, *t, k) == 0) return true;
    }
    return false;
}

static bool has_digit(const char *s)
{
    for (; *s; s++)
        if (*s >= '0' && *s <= '9') return true;
    return false;
}

static void stream_reset(nctx *n)
{
    n->text.len = 0;
    if (n->text.data) n->text.data[0] = '\0';
    n->nsegs = 0;
    n->cl.n = 0;
}

static void stream_add(nctx *n, const char *s, const js_para *p, js_loc loc, bool title)
{
    if (n->text.len > 0) {
        const char *prev = n->text.data;
        if (terminal_end(prev, n->text.len)) js_buf_putc(&n->text, '\n');
    }
    if (n->nsegs == n->capsegs) {
        int cap = n->capsegs ? n->capsegs * 2 : 16;
        seg *g = js_arena_grow(n->a, n->segs, (size_t)n->nsegs, (size_t)cap, sizeof *g);
        if (!g) return;
        n->segs = g;
        n->capsegs = cap;
    }
    n->segs[n->nsegs++] = (seg){n->text.len, p, loc};
    js_buf_puts(&n->text, s);
    if (title && !has_digit(s)) js_buf_putc(&n->text, '\n');
}

/* 八/九: a sentence saying there is none, against a table that shows amounts */
static void check_none(nctx *n)
{
    int no = n->topic == TP_FUND ? 8 : 9;
    const js_table *t = n->doc->tables[no];
    if (!t) return;
    const char *txt = n->text.data;
    const char *w = strstr(txt, "没有");
    if (!w) w = strstr(txt, "无");
    if (!w) return;
    const js_row *r = nr_rowk(t, "合计");
    if (!r || !r->cells) return;
    for (int i = 0; i < t->ncols; i++) {
        if (!r->cells[i].present || r->cells[i].value == 0) continue;
        js_claim c;
        memset(&c, 0, sizeof c);
        c.off = (size_t)(w - txt);
        nr_rep(n, JS_R_N_AMOUNT, JS_SEV_ERROR, &c, NULL, nr_wan(n, r->cells[i].value),
               "称没有%s，但公开%s表合计行%s为%s万元",
               no == 8 ? "政府性基金预算收支" : "国有资本经营预算收支", js_table_id(no),
               t->cols[i] ? t->cols[i] : "", nr_wan(n, r->cells[i].value));
        return;
    }
}

/* ---- N-ITEMSUM: the 五(三) items against the totals stated before them ---------- */

/* The stated 年初预算数 is off from the items' budgets (f): a completion rate of the
 * same section that is wrong on the stated budget but right on the items' sum follows
 * from it. */
static void completion_follows(nctx *n, const struct item_group *g, const js_finding *f)
{
    js_findings *out = n->ck->out;
    for (int i = n->ck->from; i < out->n; i++) {
        js_finding *x = &out->items[i];
        if (x == f || x->cause || !x->rule || strcmp(x->rule, "N-COMPLETION") != 0 || !x->section ||
            strcmp(x->section, g->num) != 0 || !x->stated)
            continue;
        js_num r, e;
        if (js_num_parse(x->stated, strlen(x->stated), &r) != JS_NUM_VALUE) continue;
        if (g->sum_budget > 0 && nr_share_verdict(r, g->actual, g->sum_budget, &e) == V_OK)
            x->cause = f->id;
    }
}

/* The items' budgets are off by d from the stated 年初预算数 (f): an item's completion
 * rate that is wrong on its stated budget but right on that budget less d follows from
 * the same wrong budget. */
static void item_completion_follows(nctx *n, const struct item_group *g, js_amount d,
                                    const js_finding *f)
{
    js_findings *out = n->ck->out;
    for (int k = 0; k < g->items && k < 64; k++) {
        if (!g->iboth[k] || !g->inum[k] || g->ibud[k] - d <= 0) continue;
        for (int i = n->ck->from; i < out->n; i++) {
            js_finding *x = &out->items[i];
            if (x == f || x->cause || !x->rule || strcmp(x->rule, "N-COMPLETION") != 0 ||
                !x->section || strcmp(x->section, g->inum[k]) != 0 || !x->stated)
                continue;
            js_num r, e;
            if (js_num_parse(x->stated, strlen(x->stated), &r) == JS_NUM_VALUE &&
                nr_share_verdict(r, g->iact[k], g->ibud[k] - d, &e) == V_OK)
                x->cause = f->id;
        }
    }
}

static void group_flush(nctx *n)
{
    struct item_group *g = &n->grp;
    if (!g->open) return;
    g->open = false;
    if (g->items < 2) return;
    for (int k = 0; k < 2; k++) {
        bool has = k == 0 ? g->has_budget : g->has_actual;
        int with = k == 0 ? g->items_budget : g->items_actual;
        if (!has || with != g->items) continue;
        js_amount want = k == 0 ? g->budget : g->actual,
                  sum = k == 0 ? g->sum_budget : g->sum_actual;
        js_amount d = sum - want;
        if (d == 0 || js_within_rounding(d, JS_UNIT_WANYUAN, g->items, 0, 0)) continue;
        js_where w = {0};
        w.section = g->num;
        w.loc = k == 0 ? g->budget_loc : g->actual_loc;
        const char *what = k == 0 ? "年初预算" : "支出决算";
        const char *st = k == 0 ? g->budget_text : g->actual_text;
        const char *pre = strncmp(g->num, "附件", strlen("附件")) == 0 ? "" : "说明";
        js_finding *f = js_report(n->ck, JS_R_N_ITEMSUM, JS_SEV_WARNING, w, st, nr_wan(n, sum),
                                  "%s%s：所列%d个科目的%s之和为%s万元，与所述%s数%s万元不符", pre,
                                  g->num, g->items, what, nr_wan(n, sum), what, st);
        if (f && k == 0 && g->has_actual) completion_follows(n, g, f);
        if (f && k == 0) item_completion_follows(n, g, sum - want, f);
    }
}

static void group_add(nctx *n)
{
    struct item_group *g = &n->grp;
    const js_claim *b = NULL, *a = NULL;
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *c = &n->cl.items[i];
        if (c->paren) continue;
        if (c->kind == JS_CL_BUDGET && !b) b = c;
        if (c->kind == JS_CL_ACTUAL && !a) a = c;
    }
    if (!n->item) {
        group_flush(n);
        memset(g, 0, sizeof *g);
        g->open = true;
        g->num = js_arena_strdup(n->a, n->num);
        if (b) {
            g->has_budget = true;
            g->budget = b->amount;
            g->budget_text = js_arena_strdup(n->a, b->text);
            g->budget_loc = nr_claim_loc(n, b->off);
        }
        if (a) {
            g->has_actual = true;
            g->actual = nr_base_amount(n, a); /* the table's figure when reported wrong */
            g->actual_text = js_arena_strdup(n->a, a->text);
            g->actual_loc = nr_claim_loc(n, a->off);
        }
        return;
    }
    if (!g->open) return;
    if (g->items < 64) {
        int k = g->items;
        g->inum[k] = js_arena_strdup(n->a, n->num);
        g->iboth[k] = a && b;
        g->ibud[k] = b ? b->amount : 0;
        g->iact[k] = a ? nr_base_amount(n, a) : 0;
    }
    g->items++;
    /* an item's amount reported wrong counts with the table's figure: one defect */
    if (b) g->items_budget++, g->sum_budget += nr_base_amount(n, b);
    if (a) g->items_actual++, g->sum_actual += nr_base_amount(n, a);
}

/* ---- N-REASON: the reason given for 决算数大于/小于预算数 ------------------------ */

static bool has_any(const char *s, const char *const *w)
{
    for (; *w; w++)
        if (strstr(s, *w)) return true;
    return false;
}

static void check_reason(nctx *n)
{
    static const char *const LESS[] = {"未开展", "未实施", "未安排", "未执行", "未发生", "压减",
                                       "节约",   "节省",   "调减",   "缩减",   "减少",   NULL};
    static const char *const MORE[] = {"增加", "追加", "新增", "调增",
                                       "提高", "上涨", "增长", NULL};
    static const char *const MORE_STRONG[] = {"追加", "新增", "调增", NULL};
    const char *txt = n->text.data;
    for (int i = 0; i < n->cl.n; i++) {
        const js_claim *d = &n->cl.items[i];
        if (d->kind != JS_CL_DIRECTION || d->sign == 0) continue;
        const char *r = strstr(txt + d->end, "原因");
        if (!r) continue;
        /* the reason: up to the end of the sentence or of the block */
        const char *e = r + strlen(r);
        static const char *const END[] = {"。", "\n", "与上年", "比上年", "较上年", NULL};
        for (const char *const *x = END; *x; x++) {
            const char *q = strstr(r, *x);
            if (q && q < e) e = q;
        }
        /* the reason belongs to this statement: nothing but 的主要原因是 between */
        if ((size_t)(r - (txt + d->end)) > 30) continue;
        const char *rs = r + strlen("原因");
        if (strncmp(rs, "是", strlen("是")) == 0) rs += strlen("是");
        if (*rs == ':') rs++;
        if (strncmp(rs, "：", strlen("：")) == 0) rs += strlen("：");
        if (rs > e) rs = e;
        char *reason = js_arena_strndup(n->a, rs, (size_t)(e - rs));
        if (!reason) continue;
        bool contrary = d->sign > 0 ? has_any(reason, LESS) && !has_any(reason, MORE)
                                    : has_any(reason, MORE_STRONG) && !has_any(reason, LESS);
        if (!contrary) continue;
        nr_rep(n, JS_R_N_REASON, JS_SEV_WARNING, d, NULL, NULL,
               "称决算数%s预算数，所述原因“%s”说明的却是%s", d->word, reason,
               d->sign > 0 ? "支出减少" : "支出增加");
    }
}

static void stream_run(nctx *n, const char *item_name)
{
    if (!n->text.data || n->text.len == 0) return;
    if (!js_claims_extract(n->a, n->text.data, n->text.len, &n->cl)) return;
    n->bad = n->cl.n > 0 ? js_arena_calloc(n->a, (size_t)n->cl.n, 1) : NULL;
    n->wrong = n->cl.n > 0 ? js_arena_calloc(n->a, (size_t)n->cl.n, 1) : NULL;
    n->fix = n->cl.n > 0 ? js_arena_calloc(n->a, (size_t)n->cl.n, sizeof *n->fix) : NULL;
    if (!n->fix) n->wrong = NULL;
    n->sgitem = n->cl.n > 0 ? js_arena_calloc(n->a, (size_t)n->cl.n, sizeof *n->sgitem) : NULL;
    /* the amounts first: a rate is then judged on the table's figure where the stated
     * one is reported wrong (nr_base_amount) */
    nr_check_amounts(n);
    if (n->topic == TP_GENERAL && n->item) nr_check_item(n, item_name);
    if (n->topic == TP_PROCURE) nr_check_procurement(n);
    check_shares(n);
    check_growth(n);
    check_zero_base(n);
    check_completion(n);
    if (n->topic == TP_BASIC) nr_check_basic_items(n);
    if (n->topic == TP_ASSETS) nr_check_vehicles(n);
    if (n->topic == TP_FUND || n->topic == TP_SOE) check_none(n);
    if (n->topic == TP_APPX) nr_check_appx_totals(n);
    if (n->topic == TP_GENERAL && n->sub == 3) group_add(n);
    check_reason(n);
}

static bool has_xiang(const char *s)
{
    return nr_has(s, "(项)") || nr_has(s, "（项）");
}

/* An item number at the start of a paragraph ("1、", "- 2、"): its value, or 0. */
static int item_start(const char *s)
{
    size_t n = strlen(s);
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '-'))
        i++;
    js_heading_num h;
    if (js_heading_parse(s + i, n - i, &h) == 0 || h.level != 3) return 0;
    return h.value;
}

/* The item name: the text before the first 。 or the first 年初预算. */
static const char *item_name_of(nctx *n, const char *s)
{
    const char *e = strstr(s, "。");
    const char *y = strstr(s, "年初预算");
    if (!e || (y && y < e)) e = y;
    size_t len = e ? (size_t)(e - s) : strlen(s);
    return js_arena_strndup(n->a, s, len);
}

/* The topic of section si from its own title and its parent's topic, and for
 * 五 its part (1 总体, 2 结构, 3 具体 items). */
static void section_topic(const nctx *n, const js_doc *doc, int si, int *topic, int *sub)
{
    const js_section *s = &doc->sections[si];
    int own =
        s->part == JS_PART_APPENDIX ? nr_appx_topic(n, s->title) : nr_title_topic(n, s->title);
    int par = s->parent >= 0 && s->parent < si ? topic[s->parent] : TP_NONE;
    if (s->level <= 1 || par == TP_NONE || own_topic(own) ||
        (s->part == JS_PART_APPENDIX && own != TP_NONE))
        topic[si] = own ? own : par;
    else
        topic[si] = par;
    if (topic[si] == TP_GENERAL && s->level >= 2) {
        if (s->level == 2) {
            sub[si] = nr_has(s->title, "总体")   ? 1
                      : nr_has(s->title, "结构") ? 2
                      : nr_has(s->title, "具体") ? 3
                                                 : s->value;
        } else {
            sub[si] = s->parent >= 0 ? sub[s->parent] : 0;
        }
    }
    if (s->part == JS_PART_APPENDIX && topic[si] == TP_GENERAL && s->title && has_xiang(s->title))
        sub[si] = 3; /* an item of 单位决算与预算差异情况 */
}

/* One section's paragraphs as streams: the section, or each 五(三) item printed
 * as a numbered paragraph ("1、…") in it. */
static void run_section(nctx *n, int si)
{
    const js_doc *doc = n->doc;
    const js_section *s = &doc->sections[si];
    n->num = s->num ? s->num : "";
    n->item = n->topic == TP_GENERAL && n->sub == 3 &&
              (s->part == JS_PART_APPENDIX ? s->title && has_xiang(s->title) : s->level >= 3);
    stream_reset(n);
    const char *item_name = n->item ? s->title : NULL;
    if (s->title) stream_add(n, s->title, NULL, s->loc, true);
    for (int pi = 0; pi < doc->nparas; pi++) {
        const js_para *p = &doc->paras[pi];
        if (p->section != si || !p->text) continue;
        int iv = n->topic == TP_GENERAL && n->sub == 3 && s->level == 2 ? item_start(p->text) : 0;
        if (iv > 0) {
            /* an item printed as a paragraph: close what came before */
            stream_run(n, item_name);
            stream_reset(n);
            n->item = true;
            n->num = js_arena_printf(n->a, "%s%d", s->num ? s->num : "", iv);
            item_name = item_name_of(n, p->text);
        }
        if (n->item && item_name == s->title && s->title && !has_xiang(s->title)) {
            /* the (项) of a long name wrapped into the paragraph */
            const char *e = strstr(p->text, "。");
            size_t k = e ? (size_t)(e - p->text) : strlen(p->text);
            item_name = js_arena_printf(n->a, "%s%.*s", s->title, (int)k, p->text);
        }
        stream_add(n, p->text, p, p->loc, false);
    }
    stream_run(n, item_name);
}

void js_check_narrative(js_checker *ck)
{
    const js_doc *doc = ck->doc;
    if (!doc || doc->nsections <= 0) return;
    nctx n;
    memset(&n, 0, sizeof n);
    n.ck = ck;
    n.doc = doc;
    n.a = js_arena_new();
    if (!n.a) return;
    js_buf_init(&n.text);
    int *topic = js_arena_calloc(n.a, (size_t)doc->nsections, sizeof *topic);
    int *sub = js_arena_calloc(n.a, (size_t)doc->nsections, sizeof *sub);
    for (int si = 0; topic && sub && si < doc->nsections; si++) {
        const js_section *s = &doc->sections[si];
        section_topic(&n, doc, si, topic, sub);
        if ((s->part != JS_PART_NARRATIVE && s->part != JS_PART_APPENDIX) || s->level < 1) continue;
        n.topic = topic[si];
        n.sub = sub[si];
        if (n.topic != TP_GENERAL || n.sub != 3) group_flush(&n);
        if (n.topic == TP_NONE || n.topic == TP_PERF || n.topic == TP_GENEXP) continue;
        run_section(&n, si);
    }
    group_flush(&n);
    js_says_release(&n.says);
    js_buf_release(&n.text);
    js_arena_free(n.a);
}
