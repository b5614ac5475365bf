/*
 * claims.h - the claim extractor of the narrative rules (internal).
 *
 * The 情况说明 restates the tables in a small number of fixed phrasings:
 *
 *   本年收入合计179.22万元，其中：财政拨款收入75.40万元，占42.1%；
 *   与上年相比，增加112.29万元，增长267.8%
 *   年初预算为66.93万元，支出决算为75.40万元，完成年初预算的112.6%，
 *   决算数大于年初预算数的主要原因是……
 *   共有车辆20辆，其中，主要领导干部用车1辆……
 *
 * js_claims_extract() scans one text (a section's paragraphs joined) and
 * returns every number that is followed by 万元, %, or a counting word (辆,
 * 个, 人次 …), classified by the words just before it, plus the direction
 * phrases (决算数大于/小于年初预算数) that carry no number. Nothing is
 * interpreted here: which table a claim restates is decided by the rules.
 *
 * Text. The input is UTF-8, normalised or not: both the full-width (，；：（）％)
 * and the ASCII forms of the punctuation are understood. A "," between digits
 * followed by exactly three digits is a thousands separator ("5,531.10").
 *
 * Structure. Sentences end at 。 ; ； ! ？ and at a '\n' (which the caller
 * puts between paragraphs that do not run on). Clauses end at sentence ends and
 * at ， , ： :. A block is the text between two '\n'. Claims carry their
 * sentence, clause and block index, and whether they are inside brackets.
 *
 * Ownership: labels are allocated from the arena given; the claims array is
 * grown in the same arena.
 */
#ifndef JUESUAN_CLAIMS_H
#define JUESUAN_CLAIMS_H

#include "juesuan/juesuan.h"

enum js_claim_kind {
    JS_CL_AMOUNT = 1, /* <label> N 万元 */
    JS_CL_BUDGET,     /* <label>(年初)预算(数)(为) N 万元 */
    JS_CL_ACTUAL,     /* <label>决算(数)(为) N 万元 */
    JS_CL_CHANGE,     /* 增加/减少 N 万元; sign */
    JS_CL_SHARE,      /* 占<label>(的) N% */
    JS_CL_RATE,       /* 增长/下降 N%; sign */
    JS_CL_COMPLETION, /* 完成(年初)预算的 N% */
    JS_CL_PCT,        /* any other percentage */
    JS_CL_DIRECTION,  /* 决算数大于/小于/等于(年初)预算数; sign, no number */
    JS_CL_COUNT,      /* N 辆 / 台 / 个 / 人次 …; unit */
};

/* What a change or rate is measured against. */
enum js_claim_base { JS_BASE_NONE = 0, JS_BASE_LASTYEAR = 1, JS_BASE_BUDGET = 2 };

typedef struct js_claim {
    int kind;         /* enum js_claim_kind */
    js_num num;       /* the number as printed (not for DIRECTION) */
    js_amount amount; /* AMOUNT, BUDGET, ACTUAL, CHANGE: the number in fen (万元) */
    char text[32];    /* the number as printed, separators removed: "267.8" */
    int sign; /* CHANGE, RATE: +1 增加/增长, -1 减少/下降; DIRECTION: +1 大于, -1 小于, 0 等于 */
    int base;          /* CHANGE, RATE: enum js_claim_base */
    const char *word;  /* CHANGE, RATE, DIRECTION: the keyword as printed ("增长") */
    const char *label; /* AMOUNT: the words naming it; BUDGET/ACTUAL: the item before 预算/决算;
                          SHARE: the base between 占 and 的 ("" when none); COUNT: the words
                          before it; others: "" */
    const char *unit;  /* COUNT: "辆", "个", …; NULL otherwise */
    size_t off;        /* byte offset of the number (or keyword) in the text */
    size_t end;        /* byte offset just after the unit */
    int sentence, clause, block;
    bool paren; /* inside brackets */
} js_claim;

typedef struct js_claims {
    js_claim *items;
    int n, cap;
} js_claims;

/* Append the claims of s[0..n) to out (in text order). Returns false when out
 * of memory (what was found so far stays in out). */
bool js_claims_extract(js_arena *a, const char *s, size_t n, js_claims *out);

/* Name of a claim kind for tests and debugging ("AMOUNT"). */
const char *js_claim_kind_name(int kind);

#endif
