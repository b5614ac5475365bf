/*
 * compile.h - internal interfaces of the build (build.h): the ledger
 * aggregate, the metadata, the table and narrative writers, and the table
 * layouts that the renderers share.
 */
#ifndef JUESUAN_COMPILE_H
#define JUESUAN_COMPILE_H

#include "juesuan/juesuan.h"
#include "juesuan/build.h"

/* Fund sources (资金来源), in the order of table 01's income rows. */
enum { F_GEN = 0, F_GOVFUND, F_SOE, F_UPPER, F_BIZ, F_OPER, F_SUBUNIT, F_OTHER, NFUND };
/* Expenditure types (支出类型), in the order of table 03's columns. */
enum { T_BASIC = 0, T_PROJ, T_UPPER, T_OPER, T_SUBSIDY, NTYPE };

extern const char *const JS_FUND_NAMES[NFUND];
extern const char *const JS_TYPE_NAMES[NTYPE];

/* One aggregated leaf: everything the tables are made of. */
typedef struct bl_leaf {
    uint64_t key;
    int64_t sum;     /* exact, fen */
    int64_t rounded; /* fen, rounded half away from zero to 0.01 万元 */
    int income;      /* 1 income, 0 expenditure */
    int fund, type;  /* type -1 for income */
    int func;        /* 7-digit 功能分类 项 as a number */
    int econ;        /* 5-digit 经济分类 款 as a number, 0 if none */
    int bad;         /* the code was rejected: lines using it are errors */
} bl_leaf;

typedef struct bl_project {
    const char *name;
    int64_t sum; /* exact fen, expenditure */
} bl_project;

typedef struct bl_ledger {
    bl_leaf *leaves; /* open-addressing table, cap slots (key 0 = empty) */
    size_t cap, n;
    bl_project *proj; /* open-addressing by name */
    size_t pcap, pn;
    js_arena *names; /* project names */
    long lines;
    int nerrors;
} bl_ledger;

/* Parse and aggregate the ledger; errors appended to errs. year picks the catalogue edition. */
/* sheet: the ledger came from this sheet of the workbook at path (one CSV line per
 * sheet row), NULL for a CSV file. */
int bl_ledger_read(bl_ledger *L, const js_ctx *ctx, int year, const char *path, const char *sheet,
                   const char *text, size_t n, js_diags *errs, js_err *err);
void bl_ledger_release(bl_ledger *L);

/* ---- inputs as sheets of a workbook (sheets.c) --------------------------- */

struct js_workbook;
/* The ledger sheet (first row names 收支 … 金额) as CSV text, one line per sheet row;
 * JS_EINPUT when the workbook has none. */
int bs_ledger_csv(const struct js_workbook *wb, js_buf *csv, const char **sheet);
/* The metadata sheet (元数据 / 基本信息 / meta, or first row 键 | 值) as the metadata
 * JSON; JS_EUSAGE when the workbook has none, JS_EINPUT when a key is wrong (errs). */
int bs_meta_json(const struct js_workbook *wb, const char *path, js_buf *json, const char **sheet,
                 js_diags *errs);

/* A round to 0.01 万元 (10000 fen), half away from zero. */
static inline int64_t bl_round_wan(int64_t fen)
{
    int64_t q = fen / 10000, r = fen % 10000;
    if (r >= 5000) q++;
    if (r <= -5000) q--;
    return q * 10000;
}

/* ---- metadata ---------------------------------------------------------- */

typedef struct bm_text {
    const char **v;
    int n;
} bm_text;

typedef struct bm_ind {
    const char *l1, *l2, *l3, *target, *result, *note;
    js_num weight, score;
} bm_ind;

typedef struct bm_perf {
    const char *name;
    const char *goal, *done;
    int64_t start[4], full[4]; /* fen: 合计 computed, 当年财政拨款, 上年结转, 其他资金 */
    int64_t actual;            /* fen; for a project -1 = take it from the ledger */
    bm_ind *inds;
    int ninds;
} bm_perf;

typedef struct bm_meta {
    const char *dept, *region;
    const char *form; /* the form to build in (templates.tsv), NULL: the 2020 form */
    int year;
    bm_text units, duties, organisation;
    int64_t opening[NFUND]; /* 年初结转和结余 by fund, fen */
    int64_t use_nonfiscal, distribution;
    int64_t budget_total; /* 年初预算 一般公共预算 total, fen; -1 = sum of by_code */
    int nbudget;
    int *budget_code;
    int64_t *budget_amt;
    const char **budget_reason;
    /* last year's totals (fen), -1 when not given */
    int64_t ly_income_total, ly_expense_total, ly_fiscal_income, ly_fiscal_expense, ly_general,
        ly_sanggong, ly_org_running;
    const char *r_total, *r_fiscal, *r_general, *r_sanggong, *r_org_running, *r_sanggong_budget;
    /* sanggong.budget: the 三公 budget by item key (the form's sgitem META), fen */
#define BM_MAX_SG 16
    const char *sg_budget_key[BM_MAX_SG];
    int64_t sg_budget[BM_MAX_SG];
    int nsg_budget;
    int sg_abroad_groups, sg_abroad_people, sg_recv_groups, sg_recv_people, sg_cars_bought,
        sg_cars_held;
    int64_t org_running_budget; /* -1 if not given */
    const char *meetings_text, *training_text;
    int64_t proc_goods, proc_works, proc_services, proc_sme;
    int veh[6]; /* 主要领导干部用车, 机要通信用车, 应急保障用车, 执法执勤用车, 特种专业技术用车,
                   其他用车 */
    int equip50, equip100;
    const char *perf_text, *other_text;
    bm_perf dept_perf;
    int has_dept_perf;
    bm_perf *projects;
    int nprojects;
    /* 年初结转和结余 of 政府性基金 by 功能分类 项 (opening_balances.政府性基金 given as an
     * object): table 08 shows it on these rows; their sum is opening[F_GOVFUND] */
    int nopen_gf;
    int *open_gf_code;
    int64_t *open_gf_amt;
} bm_meta;

/* Parse the metadata into m (strings in arena). Errors appended to errs; returns their count,
 * or -1 when the JSON itself cannot be read (also reported in errs). */
int bm_meta_read(bm_meta *m, js_arena *a, const char *path, const char *text, size_t n,
                 js_diags *errs);

/* ---- writers ----------------------------------------------------------- */

/* Fill the nine tables of doc from the ledger and metadata. */
int bc_tables(js_doc *doc, const js_ctx *ctx, const bl_ledger *L, const bm_meta *m, js_diags *errs,
              const char *meta_path);
/* Write 概况, 情况说明 一…十五, 名词解释 and the performance tables. */
int bc_narrative(js_doc *doc, const js_ctx *ctx, const bl_ledger *L, const bm_meta *m);

/* Format fen as 万元 with exactly two decimals ("1234.50"); buf >= 32. */
char *bc_wan(int64_t fen, char *buf, size_t size);
/* A percentage with dec decimals of p/q, as text without the % ("42.1"); buf >= 32. */
char *bc_pct(int64_t p, int64_t q, int dec, char *buf, size_t size);

#endif
