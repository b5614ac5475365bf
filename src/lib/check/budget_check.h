/*
 * budget_check.h - what the budget rule files share (internal to libjuesuan):
 * the document's budget tables with their form description (budget.h), found
 * by role. budget.c runs the table rules, budget_narrative.c the narrative ones.
 */
#ifndef JUESUAN_BUDGET_CHECK_H
#define JUESUAN_BUDGET_CHECK_H

#include "checker.h"

typedef struct js_bchk {
    js_checker *ck;
    const js_doc *doc;
    const js_bforms *bf;
    int n;
    js_table *tab[JS_YTABLE_MAX + 1];
    const js_btable *bt[JS_YTABLE_MAX + 1];
} js_bchk;

/* The table of role (and its description), NULL if the document has none. */
js_table *js_bchk_role(const js_bchk *b, const char *role, const js_btable **bt);
/* A cell's value (0 when row, column or cell is missing). */
js_amount js_bchk_value(const js_table *t, const char *row, const char *col);
/* "Y05" and the table's title for messages. */
const char *js_bchk_name(const js_bchk *b, const js_table *t, char *buf, size_t n);

/* The value of a target "ROLE:ROW[COL] + ROLE:ROW[COL] - …" (a cell not printed is
 * 0); false when a table or row of it is absent. loc: the first printed cell's. */
bool js_bchk_target(const js_bchk *b, const char *expr, js_amount *value, js_loc *loc);

void js_check_budget_narrative(js_bchk *b); /* budget_narrative.c */

#endif
