/*
 * narrative_rules.h - private to the 情况说明 rules (narrative_rules.c,
 * narrative_rules_util.c, narrative_rules_amounts.c): the per-section state
 * and the steps shared between those files.
 */
#ifndef JUESUAN_CHECK_NARRATIVE_RULES_H
#define JUESUAN_CHECK_NARRATIVE_RULES_H

#include "checker.h"
#include "claims.h"

enum topic {
    TP_NONE = 0,
    TP_TOTAL,   /* 一 收入支出决算总体情况 */
    TP_INCOME,  /* 二 收入决算 */
    TP_EXPEND,  /* 三 支出决算 */
    TP_FISCAL,  /* 四 财政拨款收入支出决算总体情况 */
    TP_GENERAL, /* 五 一般公共预算财政拨款支出 */
    TP_BASIC,   /* 六 基本支出 */
    TP_SANGONG, /* 七 三公经费 */
    TP_FUND,    /* 八 政府性基金 */
    TP_SOE,     /* 九 国有资本经营 */
    TP_JIGUAN,  /* 机关运行经费 */
    TP_GENEXP,  /* 一般性支出 */
    TP_PROCURE, /* 政府采购 */
    TP_ASSETS,  /* 国有资产 */
    TP_PERF,    /* 绩效 */
    TP_APPX, /* 附件: 预算收支情况 (收入, 支出, 基本/项目支出, 人员/公用经费) */
};

#define WAN_CENT 10000 /* 0.01 万元 in fen */
#define HALF_CENT 5000 /* the rounding error of a printed 万元 figure */

typedef struct seg {
    size_t off;
    const js_para *para; /* NULL for a title */
    js_loc loc;
} seg;

typedef struct nctx {
    js_checker *ck;
    const js_doc *doc;
    js_arena *a;
    const char *num; /* section number for messages */
    int topic, sub;
    bool item; /* a 五(三) item */
    js_buf text;
    seg *segs;
    int nsegs, capsegs;
    js_claims cl;
    unsigned char *bad;   /* per claim: already reported wrong (a 三公 budget) */
    js_amount *fix;       /* per claim reported wrong (N-AMOUNT error): the table's figure */
    unsigned char *wrong; /* per claim: fix holds the table's figure (2: not known) */
    const char **sgitem;  /* per claim in 七: the 07 item it is about, or NULL */
    /* 五(三): the stated totals and the items' sums (N-ITEMSUM) */
    struct item_group {
        bool open;
        const char *num;
        bool has_budget, has_actual;
        js_amount budget, actual, sum_budget, sum_actual;
        const char *budget_text, *actual_text;
        js_loc budget_loc, actual_loc;
        int items, items_budget, items_actual;
        /* each item (up to 64): its section, stated budget and (table-fixed) actual */
        const char *inum[64];
        js_amount ibud[64], iact[64];
        bool iboth[64];
    } grp;
    struct canon_memo {
        const char *s, *c;
    } * memo; /* nr_canon() of the strings seen, by address: row and catalogue names recur */
    size_t nmemo, capmemo;
    js_says says; /* js_table_says_memo */
} nctx;

enum { V_OK = 0, V_ROUND = 1, V_WRONG = 2 };

typedef struct target {
    int table;
    const char *row, *col, *what;
    bool missing_zero;
    const js_tpl_ref *cells; /* the map's cells (the first is table/row/col), summed */
    int ncells;
} target;

typedef struct names3 {
    const char *lei, *kuan, *xiang; /* canon forms, NULL when not given */
} names3;

bool nr_has(const char *s, const char *w);
bool nr_ends_with(const char *s, const char *w);
js_amount nr_absd(js_amount x);
const char *nr_wan(nctx *n, js_amount v);
const char *nr_numtxt(nctx *n, js_num v);
js_amount nr_uncert(js_amount v);
int nr_colidx(const js_table *t, const char *key);
const js_row *nr_rowk(const js_table *t, const char *key);
bool nr_tval(nctx *n, int no, const char *row, const char *col, bool missing_zero, js_amount *v);
const char *nr_canon(nctx *n, const char *s);
int nr_sim(const char *a, const char *b);
js_loc nr_claim_loc(nctx *n, size_t off);
void nr_rep(nctx *n, js_rule_id rule, int sev, const js_claim *c, const char *stated,
            const char *expected, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
int nr_verdict(js_num stated, js_amount p, js_amount q, js_amount plo, js_amount qhi, js_amount phi,
               js_amount qlo, js_num *expected);
int nr_share_verdict(js_num stated, js_amount p, js_amount q, js_num *expected);
bool nr_is_amountish(const js_claim *c);
const js_claim *nr_subject_of(nctx *n, int i, bool block_fallback);
/* The amount of claim c to compute a rate from: the table's figure when the
 * stated one is already reported wrong (its rate is then judged on the table,
 * so one wrong figure gives one finding, not two), else the stated one. */
js_amount nr_base_amount(const nctx *n, const js_claim *c);
/* the claim is reported wrong and its right value is not known */
bool nr_unknown(const nctx *n, const js_claim *c);
const js_claim *nr_last_before(nctx *n, int i, int kind, bool same_block);
/* narrative_map.c: the form's topic and say records (data/templates/templates.tsv) */
int nr_title_topic(const nctx *n, const char *title);
/* The topic a section title of the 附件 names (the form's `appx` records), or TP_NONE. */
int nr_appx_topic(const nctx *n, const char *title);
bool nr_say(const nctx *n, int topic, const js_claim *c, target *t);
bool nr_target_value(nctx *n, const target *t, js_amount *v);
/* The value of the cell the map gives label in topic's sections (false when
 * the map has none or its first cell is not printed); nr_say_sum counts every
 * cell not printed as 0. */
bool nr_say_value(nctx *n, int topic, const char *label, js_amount *v);
void nr_say_sum(nctx *n, int topic, const char *label, js_amount *v);
/* The base of a share printed with base label ("" none) in the current section
 * (the form's `share` records), or NULL; nr_share_cell_value: its cell's figure
 * (false when it names none or the cell is not printed). */
const js_tpl_share *nr_share(const nctx *n, const char *label);
bool nr_share_cell_value(nctx *n, const js_tpl_share *s, js_amount *v);
void nr_check_amounts(nctx *n);
void nr_check_basic_items(nctx *n);
void nr_check_item(nctx *n, const char *name_text);
/* purpose.c: N-PURPOSE, what a 五(三) item matched to 05 row best says it is for */
void nr_check_item_purpose(nctx *n, const js_table *t5, const js_row *best);
void nr_check_procurement(nctx *n);
void nr_check_vehicles(nctx *n);
void nr_check_appx_totals(nctx *n);

#endif
