/*
 * perf_rules.c - the 绩效自评表 of the 附件 (rules P-*): 执行率 = 全年执行数 /
 * 全年预算数, 得分 = 分值 × 执行率 (at most 分值), 资金合计 = 当年财政拨款 +
 * 上年结转 + 其他资金, 分值 summing to 100, 总分 = Σ 得分, and the 等级 by the
 * bands the document prints (perf_bands.c; the national 90 / 80 / 60 when it
 * prints none).
 *
 * Numbers are js_num as printed; every computation is exact (integers scaled
 * to a common number of decimals, js_ratio for rounded quotients).
 */
#include "checker.h"
#include "model/form_layout.h"

#include <string.h>

static int64_t pow10i(int n)
{
    int64_t p = 1;
    while (n-- > 0)
        p *= 10;
    return p;
}

/* a at dec decimals; false on overflow or a bad decimal count. */
static bool scale(js_num a, int dec, int64_t *out)
{
    if (a.dec < 0 || a.dec > dec || dec > 9) return false;
    int64_t f = pow10i(dec - a.dec);
    if (a.mant > INT64_MAX / f || a.mant < -(INT64_MAX / f)) return false;
    *out = a.mant * f;
    return true;
}

static const char *fmtn(js_num n, char *buf, size_t size)
{
    return js_num_fmt(n, buf, size);
}

static const char *pid(const js_perf *p)
{
    return p->kind == 2 ? "P2" : "P1";
}

/* What word i of the 绩效自评表's words what names (the form's perf records of
 * data/templates/layout.tsv: title, fundcols, indcols, grade): the words its
 * findings name the table and its columns by. */
static const char *pword(const js_checker *ck, const js_perf *p, const char *what, int i)
{
    const js_layout *L = js_templates_layout(ck->ctx ? ck->ctx->templates : NULL);
    return js_layout_perf_name(L, ck->doc->form, p->kind == 2 ? 2 : 1, what, i);
}

static const char *pname(const js_checker *ck, const js_perf *p)
{
    return pword(ck, p, "title", 0);
}

/* The columns of a fund row (fundcols) and of an indicator (indcols) the checks read. */
enum { FC_START = 0, FC_FULL = 1, FC_ACTUAL = 2, FC_RATE = 4, FC_SCORE = 5 };
enum { IC_WEIGHT = 5, IC_SCORE = 6 };

static bool is_total_fund(const js_perf_fund *f)
{
    return f->name && (strstr(f->name, "合计") || strstr(f->name, "总额"));
}

/* What fund_sum found wrong in the 合计 row: per column (全年预算数, 全年执行数,
 * 年初预算数) the sum of the parts and the finding's id (0 when right). */
typedef struct fundfix {
    const js_perf_fund *tot;
    js_amount sum[3];
    int id[3];
} fundfix;

/* The 执行率 of the 合计 row on the parts' sums where fund_sum found the 合计 wrong:
 * right there, the rate follows from the wrong 合计 (the id of that finding), else 0. */
static int rate_follows(const fundfix *fx, const js_perf_fund *f)
{
    if (!fx || f != fx->tot || (!fx->id[0] && !fx->id[1])) return 0;
    js_amount a, b;
    if (!js_num_to_amount(f->actual.num, JS_UNIT_WANYUAN, &a) ||
        !js_num_to_amount(f->budget_full.num, JS_UNIT_WANYUAN, &b))
        return 0;
    if (fx->id[0]) b = fx->sum[0];
    if (fx->id[1]) a = fx->sum[1];
    if (b <= 0 || a < 0) return 0;
    js_num r = js_ratio(a, b, f->rate.num.dec, true);
    if (js_num_cmp(r, f->rate.num) != 0) return 0;
    return fx->id[0] ? fx->id[0] : fx->id[1];
}

static void rate_and_score(js_checker *ck, const js_perf *p, const js_perf_fund *f,
                           const fundfix *fx)
{
    if (!f->actual.set || !f->budget_full.set) return;
    int dec =
        f->actual.num.dec > f->budget_full.num.dec ? f->actual.num.dec : f->budget_full.num.dec;
    int64_t a, b;
    if (!scale(f->actual.num, dec, &a) || !scale(f->budget_full.num, dec, &b) || b <= 0 || a < 0)
        return;
    const char *name = f->name ? f->name : "资金";
    char sb[40], eb[40];
    js_num rate_exp = {0, 0};
    if (f->rate.set) {
        rate_exp = js_ratio(a, b, f->rate.num.dec, true);
        if (js_num_cmp(rate_exp, f->rate.num) != 0) {
            js_where w = {pid(p), name, pword(ck, p, "fundcols", FC_RATE), NULL, f->rate.loc};
            js_finding *x =
                js_report(ck, JS_R_P_RATE, JS_SEV_ERROR, w, fmtn(f->rate.num, sb, sizeof sb),
                          js_num_fmt(rate_exp, eb, sizeof eb),
                          "%s %s：执行率%s%%与全年执行数除以全年预算数的%s%%不符", pname(ck, p),
                          name, sb, eb);
            /* right on the parts of a wrong 合计: one defect, the 合计 */
            if (x) x->cause = rate_follows(fx, f);
        }
    }
    if (f->weight.set && f->score.set) {
        /* 得分 = 分值 × min(执行率, 100%), as exact quotient or from the printed rate */
        js_num w = f->weight.num;
        int64_t num = a < b ? a : b;
        if (w.mant < 0 || w.mant > 100000 || num > INT64_MAX / 100000 || w.dec > 6 ||
            b > INT64_MAX / pow10i(w.dec))
            return;
        js_num e1 = js_ratio(w.mant * num, pow10i(w.dec) * b, f->score.num.dec, false);
        bool ok = js_num_cmp(e1, f->score.num) == 0;
        if (!ok && f->rate.set && f->rate.num.mant >= 0 && f->rate.num.dec <= 6) {
            int64_t rm = f->rate.num.mant, rq = pow10i(f->rate.num.dec) * 100;
            if (rm > rq) rm = rq;
            js_num e2 = js_ratio(w.mant * rm, pow10i(w.dec) * rq, f->score.num.dec, false);
            ok = js_num_cmp(e2, f->score.num) == 0;
        }
        if (!ok) {
            js_where wh = {pid(p), name, pword(ck, p, "fundcols", FC_SCORE), NULL, f->score.loc};
            js_report(ck, JS_R_P_SCORE, JS_SEV_ERROR, wh, fmtn(f->score.num, sb, sizeof sb),
                      js_num_fmt(e1, eb, sizeof eb), "%s %s：得分%s与分值乘以执行率的%s不符",
                      pname(ck, p), name, sb, eb);
        }
    }
}

/* 合计 = the other fund rows, for 全年预算数, 全年执行数 and 年初预算数 (万元, rounding
 * allowed). */
static void fund_sum(js_checker *ck, const js_perf *p, fundfix *fx)
{
    const js_perf_fund *tot = NULL;
    for (int i = 0; i < p->nfunds && !tot; i++)
        if (is_total_fund(&p->funds[i])) tot = &p->funds[i];
    fx->tot = tot;
    if (!tot || p->nfunds < 2) return;
    static const int COL[3] = {FC_FULL, FC_ACTUAL, FC_START};
    for (int k = 0; k < 3; k++) {
        const js_pval *tv = k == 0 ? &tot->budget_full : k == 1 ? &tot->actual : &tot->budget_start;
        if (!tv->set) continue;
        js_amount t, sum = 0;
        int nz = 0, z = 0, nparts = 0;
        if (!js_num_to_amount(tv->num, JS_UNIT_WANYUAN, &t)) return;
        for (int i = 0; i < p->nfunds; i++) {
            const js_perf_fund *f = &p->funds[i];
            if (f == tot) continue;
            const js_pval *v = k == 0 ? &f->budget_full : k == 1 ? &f->actual : &f->budget_start;
            js_amount x = 0;
            if (v->set && !js_num_to_amount(v->num, JS_UNIT_WANYUAN, &x)) return;
            if (v->set) nparts++;
            if (__builtin_add_overflow(sum, x, &sum)) return;
            if (x)
                nz++;
            else
                z++;
        }
        /* rows that print only the 合计 (parts left blank) say nothing */
        if (nparts == 0) continue;
        js_amount d;
        if (__builtin_sub_overflow(t, sum, &d)) return;
        if (d == 0 || js_within_rounding(d, JS_UNIT_WANYUAN, nz, z, 0)) continue;
        char sb[40], eb[40];
        js_amount_fmt_wan(t, sb, sizeof sb);
        js_amount_fmt_wan(sum, eb, sizeof eb);
        const char *col = pword(ck, p, "fundcols", COL[k]);
        js_where w = {pid(p), tot->name, col, NULL, tv->loc};
        js_finding *ff = js_report(ck, JS_R_P_FUNDS, JS_SEV_ERROR, w, sb, eb,
                                   "%s：资金合计的%s%s与当年财政拨款、上年结转和其他资金之和%s不符",
                                   pname(ck, p), col, sb, eb);
        if (ff) {
            fx->sum[k] = sum;
            fx->id[k] = ff->id;
        }
    }
}

/* Σ of a list of printed numbers at dec decimals. */
typedef struct acc {
    int64_t sum;
    int dec, n;
    bool bad;
} acc;

static void acc_add(acc *s, js_num v)
{
    if (s->bad) return;
    if (v.dec > s->dec) {
        if (v.dec > 6) {
            s->bad = true;
            return;
        }
        if (__builtin_mul_overflow(s->sum, pow10i(v.dec - s->dec), &s->sum)) {
            s->bad = true;
            return;
        }
        s->dec = v.dec;
    }
    int64_t x;
    if (!scale(v, s->dec, &x) || __builtin_add_overflow(s->sum, x, &s->sum)) {
        s->bad = true;
        return;
    }
    s->n++;
}

/* The three groups of indicators: 产出, 效益, 满意度. An indicator's group is
 * told by its 二级指标 (数量/质量/时效/成本 are 产出, 经济/社会/生态效益 and
 * 可持续影响 are 效益), else by its 一级指标: the 一级 cell of a row is often
 * carried down wrongly across a page break, the 二级 one rarely. */
static const char *const GROUP[] = {"产出", "效益", "满意度"};

static int ind_group(const js_perf_ind *in)
{
    static const char *const L2[][5] = {
        {"数量", "质量", "时效", "成本", NULL},
        {"经济效益", "社会效益", "生态效益", "可持续", NULL},
        {"满意度", NULL},
    };
    for (int g = 0; g < 3; g++)
        for (int k = 0; L2[g][k]; k++)
            if (in->l2 && strstr(in->l2, L2[g][k])) return g;
    for (int g = 2; g >= 0; g--)
        if (in->l1 && strstr(in->l1, GROUP[g])) return g;
    return -1;
}

/* The weight a 一级指标 cell states: "产出指标(50分)" -> 50. */
static bool stated_weight(const char *l1, js_num *out)
{
    const char *f = l1 ? strstr(l1, "分") : NULL;
    if (!f) return false;
    const char *b = f;
    while (b > l1 && (b[-1] == ' ' || b[-1] == '.' || (b[-1] >= '0' && b[-1] <= '9')))
        b--;
    while (b < f && *b == ' ')
        b++;
    size_t n = (size_t)(f - b);
    while (n > 0 && b[n - 1] == ' ')
        n--;
    return n > 0 && js_num_parse(b, n, out) == JS_NUM_VALUE;
}

/* What the weight checks found, for the totals and the grade to point at. */
typedef struct wstate {
    int weight_root;  /* id of the finding that explains a 分值 total other than 100, 0 if none */
    int total_root;   /* id of the P-TOTAL finding, 0 if none */
    bool total_wrong; /* 总分 differs from Σ 得分 (beyond rounding) */
    js_num score_sum;
    bool have_sum;
} wstate;

/* P-SECTION: 分值 of each group against the weight its 一级指标 states. Reported
 * when every group that differs differs the same way (points missing, or too
 * many); differences of both signs are a row read under the wrong group, not
 * a defect of the table. Returns the sum of the differences (scaled to dec). */
static void section_weights(js_checker *ck, const js_perf *p, wstate *st, int64_t *devsum,
                            int *devdec, bool *reported)
{
    *devsum = 0;
    *devdec = 0;
    *reported = false;
    acc sum[3] = {{0, 0, 0, false}, {0, 0, 0, false}, {0, 0, 0, false}};
    js_num want[3];
    bool has_want[3] = {false, false, false};
    js_loc where[3];
    for (int i = 0; i < p->ninds; i++) {
        const js_perf_ind *in = &p->inds[i];
        int g = ind_group(in);
        if (g < 0) continue;
        if (in->weight.set) acc_add(&sum[g], in->weight.num);
        if (!has_want[g] && in->l1 && strstr(in->l1, GROUP[g]) && stated_weight(in->l1, &want[g])) {
            has_want[g] = true;
            where[g] = in->loc;
        }
    }
    int64_t dev[3] = {0, 0, 0};
    int dec = 0, pos = 0, neg = 0;
    for (int g = 0; g < 3; g++)
        if (!sum[g].bad && sum[g].dec > dec) dec = sum[g].dec;
    for (int g = 0; g < 3; g++) {
        if (!has_want[g] || sum[g].n == 0 || sum[g].bad) continue;
        int64_t a, b;
        js_num have = {sum[g].sum, sum[g].dec};
        if (!scale(have, dec, &a) || !scale(want[g], dec, &b)) return;
        dev[g] = a - b;
        if (dev[g] > 0) pos++;
        if (dev[g] < 0) neg++;
    }
    if (pos && neg) return;
    for (int g = 0; g < 3; g++) {
        if (dev[g] == 0) continue;
        *devsum += dev[g];
        char sb[40], eb[40];
        js_num have = {sum[g].sum, sum[g].dec};
        js_where wh = {pid(p), GROUP[g], pword(ck, p, "indcols", IC_WEIGHT), NULL, where[g]};
        js_finding *f =
            js_report(ck, JS_R_P_SECTION, JS_SEV_WARNING, wh, js_num_fmt(have, sb, sizeof sb),
                      js_num_fmt(want[g], eb, sizeof eb),
                      "%s：%s指标各项分值之和为%s，与所标%s分不符", pname(ck, p), GROUP[g], sb, eb);
        if (f && !st->weight_root) st->weight_root = f->id;
        *reported = true;
    }
    *devdec = dec;
}

/* Σ 分值 (*w) and Σ 得分 (*sc) of the fund row that carries them and of every
 * indicator; a score above its weight is P-SCORE. */
static void sum_weights(js_checker *ck, const js_perf *p, acc *w, acc *sc)
{
    const js_perf_fund *tot = NULL;
    for (int i = 0; i < p->nfunds; i++) {
        const js_perf_fund *f = &p->funds[i];
        if (!f->weight.set && !f->score.set) continue;
        if (tot) continue; /* one fund row carries the 分值 */
        tot = f;
        if (f->weight.set) acc_add(w, f->weight.num);
        if (f->score.set) acc_add(sc, f->score.num);
    }
    char sb[40], eb[40];
    for (int i = 0; i < p->ninds; i++) {
        const js_perf_ind *in = &p->inds[i];
        if (in->weight.set) acc_add(w, in->weight.num);
        if (in->score.set) acc_add(sc, in->score.num);
        if (in->weight.set && in->score.set && js_num_cmp(in->score.num, in->weight.num) > 0) {
            js_where wh = {pid(p), NULL, pword(ck, p, "indcols", IC_SCORE), NULL, in->score.loc};
            js_report(ck, JS_R_P_SCORE, JS_SEV_ERROR, wh, fmtn(in->score.num, sb, sizeof sb),
                      fmtn(in->weight.num, eb, sizeof eb), "%s 指标“%s”：得分%s超过分值%s",
                      pname(ck, p), in->l3 ? in->l3 : (in->l2 ? in->l2 : "?"), sb, eb);
        }
    }
}

/* P-WEIGHT: Σ 分值 and the printed 总分 分值 against 100. */
static void weight_hundred(js_checker *ck, const js_perf *p, wstate *st, const acc *w)
{
    char sb[40];
    js_num wsum = {w->sum, w->dec}, hundred = {100, 0};
    int64_t devsum;
    int devdec;
    bool sections;
    section_weights(ck, p, st, &devsum, &devdec, &sections);
    /* 分值 add up to 100 (only when the table lists its indicators) */
    if (p->ninds > 0 && w->n > 1 && js_num_cmp(wsum, hundred) != 0) {
        js_where wh = {pid(p), NULL, pword(ck, p, "indcols", IC_WEIGHT), NULL,
                       p->total_weight.set ? p->total_weight.loc : p->loc};
        js_finding *f =
            js_report(ck, JS_R_P_WEIGHT, JS_SEV_WARNING, wh, js_num_fmt(wsum, sb, sizeof sb), "100",
                      "%s：各项分值之和为%s，应为100", pname(ck, p), sb);
        /* the groups' differences add up to this one: it follows from them */
        int dec = devdec > w->dec ? devdec : w->dec;
        int64_t a, b, ds;
        js_num dsn = {devsum, devdec};
        bool explained = sections && scale(wsum, dec, &a) && scale(hundred, dec, &b) &&
                         scale(dsn, dec, &ds) && a - b == ds;
        if (f && explained) f->cause = st->weight_root;
        if (f && !st->weight_root) st->weight_root = f->id;
    }
    if (p->total_weight.set && js_num_cmp(p->total_weight.num, hundred) != 0) {
        js_where wh = {pid(p), NULL, pword(ck, p, "indcols", IC_WEIGHT), NULL, p->total_weight.loc};
        js_report(ck, JS_R_P_WEIGHT, JS_SEV_WARNING, wh, fmtn(p->total_weight.num, sb, sizeof sb),
                  "100", "%s：总分的分值为%s，应为100", pname(ck, p), sb);
    }
}

/* The Σ 得分 ssum of n scores with sc_dec decimals differs from the printed 总分
 * only by the rounding of each score. */
static bool total_rounding(js_num ssum, int sc_dec, int n, js_num total)
{
    int dec = sc_dec > total.dec ? sc_dec : total.dec;
    int64_t a, b, d;
    if (!scale(ssum, dec, &a) || !scale(total, dec, &b)) return false;
    if (__builtin_sub_overflow(a, b, &d)) return false;
    if (d < 0) d = -d;
    return d < INT64_MAX / 4 && 2 * d < pow10i(dec - sc_dec) * (n + 1) && dec > 0 && sc_dec > 0;
}

/* P-TOTAL: the printed 总分 against Σ 得分. */
static void total_score(js_checker *ck, const js_perf *p, wstate *st, const acc *w, const acc *sc)
{
    char sb[40], eb[40];
    js_num ssum = {sc->sum, sc->dec}, wsum = {w->sum, w->dec}, hundred = {100, 0};
    if (!p->total_score.set && sc->n > 0 && p->total_weight.set) {
        js_where wh = {pid(p), NULL, pword(ck, p, "indcols", IC_SCORE), NULL, p->total_weight.loc};
        js_report(ck, JS_R_P_TOTAL, JS_SEV_WARNING, wh, NULL, js_num_fmt(ssum, eb, sizeof eb),
                  "%s：总分未填写，按各项得分应为%s", pname(ck, p), eb);
    }
    if (!p->total_score.set || sc->n == 0) return;
    st->score_sum = ssum;
    st->have_sum = true;
    if (js_num_cmp(ssum, p->total_score.num) == 0) return;
    bool rounding = total_rounding(ssum, sc->dec, sc->n, p->total_score.num);
    js_where wh = {pid(p), NULL, pword(ck, p, "indcols", IC_SCORE), NULL, p->total_score.loc};
    js_finding *f =
        js_report(ck, JS_R_P_TOTAL, rounding ? JS_SEV_ROUNDING : JS_SEV_ERROR, wh,
                  fmtn(p->total_score.num, sb, sizeof sb), js_num_fmt(ssum, eb, sizeof eb),
                  "%s：总分%s与各项得分之和%s不符", pname(ck, p), sb, eb);
    if (!f || rounding) return;
    st->total_wrong = true;
    st->total_root = f->id;
    /* the points missing from the 分值 are missing from the 得分 too: the 总分 is
     * that of the full table, the rows are what is wrong */
    int dec2 = w->dec > sc->dec ? w->dec : sc->dec;
    if (p->total_score.num.dec > dec2) dec2 = p->total_score.num.dec;
    int64_t ww, hh, ss, tt;
    if (st->weight_root && scale(wsum, dec2, &ww) && scale(hundred, dec2, &hh) &&
        scale(ssum, dec2, &ss) && scale(p->total_score.num, dec2, &tt) && hh - ww == tt - ss)
        f->cause = st->weight_root;
}

static void weights_and_total(js_checker *ck, const js_perf *p, wstate *st)
{
    acc w = {0, 0, 0, false}, sc = {0, 0, 0, false};
    sum_weights(ck, p, &w, &sc);
    if (w.bad || sc.bad) return;
    weight_hundred(ck, p, st, &w);
    total_score(ck, p, st, &w, &sc);
}

/* How the bands were decided, for the message: "按第572行所印的等级划分" or the default. */
static const char *bands_said(js_checker *ck, const js_bands *b)
{
    js_arena *a = js_ck_arena(ck);
    if (!a) return "";
    if (!b->printed)
        return "文件未印出等级划分，按通行标准（90分（含）以上为优，80分（含）至90分为良，"
               "60分（含）至80分为中，60分以下为差）";
    if (b->loc.page) return js_arena_printf(a, "按第%d页所印的等级划分", b->loc.page);
    return js_arena_printf(a, "按第%d行所印的等级划分", b->loc.line);
}

static void grade(js_checker *ck, const js_perf *p, const wstate *st, const js_bands *bands)
{
    char sb[40];
    const js_band *want = p->total_score.set ? js_bands_judge(bands, p->total_score.num) : NULL;
    if (!p->grade) {
        /* 总分 filled in, 等级 not */
        if (p->ninds > 0 && want) {
            js_where wh = {pid(p), NULL, pword(ck, p, "grade", 0), NULL, p->total_score.loc};
            js_report(ck, JS_R_P_GRADE, JS_SEV_WARNING, wh, NULL, want->word,
                      "%s：总分%s，等级未填写，%s应为“%s”", pname(ck, p),
                      fmtn(p->total_score.num, sb, sizeof sb), bands_said(ck, bands), want->word);
        }
        return;
    }
    if (!want) return;
    /* a grade that is none of the words is not checked */
    int have = js_grade_canon(p->grade);
    if (have < 0 || have == want->grade) return;
    js_where wh = {pid(p), NULL, pword(ck, p, "grade", 0), NULL,
                   p->grade_loc.line || p->grade_loc.page ? p->grade_loc : p->total_score.loc};
    const js_band *by_sum = st->have_sum ? js_bands_judge(bands, st->score_sum) : NULL;
    if (st->total_wrong && by_sum && by_sum->grade == have) {
        /* the 总分 is the error: the grade agrees with the scores */
        char eb[40];
        js_finding *f =
            js_report(ck, JS_R_P_GRADE, JS_SEV_NOTICE, wh, p->grade, want->word,
                      "%s：等级“%s”与所填总分%s不符，但与各项得分之和%s相符（总分有误）",
                      pname(ck, p), p->grade, fmtn(p->total_score.num, sb, sizeof sb),
                      js_num_fmt(st->score_sum, eb, sizeof eb));
        if (f) f->cause = st->total_root;
        return;
    }
    js_report(ck, JS_R_P_GRADE, JS_SEV_ERROR, wh, p->grade, want->word,
              "%s：总分%s，%s对应等级应为“%s”，表中为“%s”", pname(ck, p),
              fmtn(p->total_score.num, sb, sizeof sb), bands_said(ck, bands), want->word, p->grade);
}

void js_check_performance(js_checker *ck)
{
    js_bandidx *ix = ck->doc->nperf > 0 ? js_bandidx_new(ck->doc) : NULL;
    for (int i = 0; i < ck->doc->nperf; i++) {
        const js_perf *p = &ck->doc->perf[i];
        fundfix fx;
        memset(&fx, 0, sizeof fx);
        fund_sum(ck, p, &fx);
        for (int k = 0; k < p->nfunds; k++)
            rate_and_score(ck, p, &p->funds[k], &fx);
        wstate st;
        memset(&st, 0, sizeof st);
        weights_and_total(ck, p, &st);
        js_bands bands;
        js_bands_find(ck->doc, ix, i, &bands);
        grade(ck, p, &st, &bands);
    }
    js_bandidx_free(ix);
}
