/*
 * budget.h - the budget forms (部门预算公开, 单位预算公开) as data: for each form
 * (Jiangsu's 12 tables, Shanghai's 9) its tables by role, their printed titles,
 * the reader each uses, their columns with the header words naming them, named
 * rows, identities inside a table and links between tables. Read from
 * data/templates/budgets.tsv (compiled in); the format is docs/budgets.md.
 *
 * Ownership: a js_bforms owns everything it holds (one arena); immutable once
 * built. Names, titles and words are stored as written (compare them with
 * js_bforms_norm); keys as written.
 */
#ifndef JUESUAN_BUDGET_H
#define JUESUAN_BUDGET_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How a budget table is read. */
enum js_btable_kind {
    JS_BT_BALANCE = 1, /* two-sided 收/支 总表: income names at the left, expenditure beside */
    JS_BT_CODED = 2,   /* rows by 功能分类 or 经济分类 code, and 合计 */
    JS_BT_LIST = 3,    /* rows by name with one amount (江苏 收入预算总表) */
    JS_BT_ONEROW = 4,  /* one row of values under a header (三公, 江苏 支出预算总表) */
    JS_BT_PROCURE = 5, /* 政府采购: 合计 and the 货物/工程/服务 rows */
};

typedef struct js_bcol {
    const char *key;
    const char **words; /* header words, normalised */
    int nwords;
} js_bcol;

typedef struct js_brow {
    const char *key;
    const char **names; /* printed names, normalised */
    int nnames;
} js_brow;

typedef struct js_btable {
    const char *form;    /* "jiangsu", "shanghai" */
    const char *role;    /* "total", "income", "expend", "fiscal", "gpb_func", "sangong", … */
    int kind;            /* enum js_btable_kind */
    const char **titles; /* normalised (js_bforms_norm) */
    int ntitles;
    js_bcol *cols;
    int ncols;
    js_brow *rows;
    int nrows;
    const char **idents; /* "row 合计 = 基本支出 + 项目支出", "hier", "R[C] = R[C] + …" */
    int nidents;
    const char **links; /* "total:收入:收入总计[预算数] = income:合计[合计]" */
    int nlinks;
    const char **blanks; /* columns usually left blank when a row prints fewer values
                            (三公 公务用车购置费): placement prefers them empty */
    int nblanks;
} js_btable;

typedef struct js_bforms js_bforms;

/* What the narrative says: an amount whose label ends with one of words (a word
 * "=W" must be the whole label) restates target ("ROLE:ROW[COL] + ROLE:ROW[COL]"). */
typedef struct js_bsay {
    const char *form;
    const char *target;
    const char **words; /* normalised */
    int nwords;
} js_bsay;
const js_bsay *js_bforms_says(const js_bforms *f, int *n);

/* A row identity of a table ("row A = B + C"): column a = Σ columns b, as indices
 * into cols (the table's column keys). Returns how many of bt's row identities
 * name only columns of cols (at most max). */
typedef struct js_browid {
    int a;
    int b[12];
    int nb;
} js_browid;
int js_browids(const js_btable *bt, const char *const *cols, int ncols, js_browid *out, int max);

/* The built-in budget forms. NULL with err set on failure. */
js_bforms *js_bforms_new(js_err *err);
/* Forms from text in the format of docs/budgets.md; origin names it in messages. */
js_bforms *js_bforms_parse(const char *origin, const char *text, size_t n, js_err *err);
void js_bforms_free(js_bforms *f);
/* Every table of every form, in the order of the data. */
const js_btable *js_bforms_tables(const js_bforms *f, int *n);
/* The table of form with role, NULL if none. */
const js_btable *js_bforms_role(const js_bforms *f, const char *form, const char *role);
/* The table of form (any form when form is NULL) whose title a printed title is
 * (js_bforms_norm of it equals one of the table's titles), NULL if none. */
const js_btable *js_bforms_title(const js_bforms *f, const char *form, const char *printed,
                                 const char *dept);
/* A printed title in the form titles are compared in: spaces, quotation marks and
 * a leading heading number removed; a leading year (2017年度), the department
 * dept (may be NULL) and 部门/单位/预算单位 removed; a trailing (功能科目),
 * (经济科目) or leader dots removed. Writes into buf (size n), returns buf. */
const char *js_bforms_norm(const char *title, const char *dept, char *buf, size_t n);

#ifdef __cplusplus
}
#endif
#endif
