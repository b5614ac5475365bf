/*
 * report_impl.h - the batch of findings behind the HTML page (report_html.c)
 * and the workbook (report_xlsx.c) of `juesuan check` (internal to libjuesuan).
 * Everything is copied into the batch's arena; the documents may be freed.
 */
#ifndef JUESUAN_REPORT_IMPL_H
#define JUESUAN_REPORT_IMPL_H

#include "juesuan/juesuan.h"

typedef struct js_batch_doc {
    const char *path, *dept;
    int year;
    int errors, warnings, notices; /* not counting accepted findings */
    int rounding;                  /* 尾数 notices among the notices */
    int accepted;
    int first_row, nrows; /* its findings: rows[first_row .. first_row+nrows) */
} js_batch_doc;

typedef struct js_batch_row {
    int doc; /* index into docs */
    int severity, id, cause;
    int group_no; /* js_out_group */
    bool rounding;
    const char *rule, *kind, *group, *place, *stated, *expected, *message, *source;
    const char *accepted; /* "who：comment" or NULL */
} js_batch_row;

typedef struct js_batch_rule {
    const char *rule, *kind;
    int severity; /* the highest seen */
    int n, docs, accepted;
    int last_doc; /* 1 + index of the last document counted, for docs */
} js_batch_rule;

struct js_batch {
    js_arena *arena;
    js_batch_doc *docs;
    int ndocs, capdocs;
    js_batch_row *rows;
    int nrows, caprows;
    js_batch_rule *rules;
    int nrules, caprules;
};

/* The rules by severity, then count (free() the array; NULL when out of memory). */
const js_batch_rule **js_batch_rules_sorted(const js_batch *b);

#endif
