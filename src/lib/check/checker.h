/*
 * checker.h - what the rule families share (internal to libjuesuan).
 *
 * The engine (engine.c) runs each family over one document; a family reports
 * findings through js_report(). Rule ids, kinds and default severities come
 * from the rule catalogue (rules.c), so a family names the rule and the engine
 * fills in the kind. Messages are one plain Chinese sentence naming what is
 * wrong, where, the stated and the expected value.
 */
#ifndef JUESUAN_CHECKER_H
#define JUESUAN_CHECKER_H

#include "juesuan/juesuan.h"

typedef struct js_checker {
    const js_ctx *ctx;
    const js_doc *doc;
    js_findings *out;
} js_checker;

/* Where a finding points: a table cell, or a narrative section; loc always. */
typedef struct js_where {
    const char *table;   /* "01".."09", "P1", "P2", or NULL */
    const char *row;     /* facts row key */
    const char *column;  /* facts column key */
    const char *section; /* "五(三)2" */
    js_loc loc;
} js_where;

/* Report a finding of rule (its kind from the catalogue; severity as given,
 * since a rule may report a rounding notice or an error). stated/expected may
 * be NULL. Strings are copied. Returns the finding, or NULL when out of memory. */
js_finding *js_report(js_checker *ck, const char *rule, int severity, js_where where,
                      const char *stated, const char *expected, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* The rule families: one file each. */
void js_check_arithmetic(js_checker *ck);     /* arith.c: totals, hierarchy, identities */
void js_check_cross(js_checker *ck);          /* cross.c: tables against each other */
void js_check_completeness(js_checker *ck);   /* complete.c: tables/sections present, labels */
void js_check_classification(js_checker *ck); /* classify.c: codes and names */
void js_check_narrative(js_checker *ck);      /* narrative_rules.c: 说明 against tables */
void js_check_performance(js_checker *ck);    /* perf_rules.c: 绩效自评表 arithmetic */
void js_check_format(js_checker *ck);         /* format.c: placeholders, punctuation, years */

#endif
