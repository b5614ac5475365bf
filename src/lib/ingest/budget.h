/*
 * budget.h - budget disclosures (部门预算公开, 单位预算公开) in the recognizer
 * (internal to libjuesuan; docs/budgets.md).
 *
 * js_recognize (recognize.c) first asks js_budget_kind which kind of document
 * the source lines are; a budget is then read by js_recognize_budget instead of
 * the final-accounts table reader: meta, the tables Y01… of its form
 * (data/templates/budgets.tsv), and the narrative.
 *
 * Ownership: everything read is allocated in the document's arena.
 */
#ifndef JUESUAN_INGEST_BUDGET_H
#define JUESUAN_INGEST_BUDGET_H

#include "juesuan/juesuan.h"

/* Decide doc->kind (决算 or 预算) and doc->scope (部门 or 单位) from the cover,
 * the 目录 and the table titles of src. A document with no sign of a budget is
 * left JS_KIND_FINAL. */
void js_budget_kind(const js_srcdoc *src, js_doc *doc);

/* Read a budget disclosure: department, year, unit, the form's tables and the
 * narrative. line_kind as in recognize.h. A budget whose form is not known
 * still gets its meta and narrative (doc->form stays ""), so the checker can
 * say so in one finding. JS_EINTERNAL only when out of memory. */
int js_recognize_budget(const js_ctx *ctx, const js_srcdoc *src, unsigned char *line_kind,
                        js_doc *doc, js_err *err);

/* A line's text with every space removed (normalised text), in buf of size n. */
const char *js_budget_key(const char *text, char *buf, size_t n);

#endif

/* ---- budget_cells.c: a source line as tokens, values placed into columns ---- */

enum { JS_BTOK_TEXT = 1, JS_BTOK_NUM = 2 };

typedef struct js_btok {
    int type;         /* JS_BTOK_TEXT or JS_BTOK_NUM */
    const char *text; /* the word(s) as printed, spaces removed (arena) */
    double x0, x1;    /* horizontal extent (estimated inside a cell of several words); -1 unknown */
    js_num num;       /* JS_BTOK_NUM */
    bool digits; /* JS_BTOK_NUM printed as bare digits (no separator, no point): may be a code */
} js_btok;

/* The tokens of a line: each cell split into words, each number its own token and,
 * with merge_text, a run of text words of one cell one token. Returns the count
 * (at most max). */
int js_btok_line(js_arena *a, const js_srcline *l, js_btok *out, int max, bool merge_text);

/* Place m values (x centres vx, amounts v) into distinct increasing columns among
 * cand[0..nc) (column indices, header x centres cx, NAN when unknown): the placement
 * that satisfies most row identities, then lies closest to the headers, then leaves
 * the columns blank[cand index] (may be NULL) empty, then the leftmost. out[i] = column
 * of value i. */
void js_bplace(const double *vx, const js_amount *v, int m, const int *cand, const double *cx,
               int nc, const js_browid *ids, int nids, int ncols, const bool *blank, int *out);

/* ---- budget_tables.c ---- */

/* Read the tables of a budget of a known form; sets doc->form. */
int js_budget_tables(const js_ctx *ctx, const js_srcdoc *src, unsigned char *line_kind, js_doc *doc,
                     js_err *err);
