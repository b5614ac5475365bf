/*
 * facts.h - the tidy facts export of spec/facts.md: one line per non-zero
 * number of the nine tables, keyed by (table, row, column).
 *
 * Ownership: js_facts_collect allocates the array from the document's arena.
 */
#ifndef JUESUAN_FACTS_H
#define JUESUAN_FACTS_H

#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct js_fact {
    const char *table; /* "01".."09" */
    const char *row;
    const char *col;
    js_amount value;   /* fen */
    js_loc loc;
} js_fact;

/* Every printed non-zero value of the nine tables, in table, row, column order;
 * a key repeated by a duplicated row is given once (the first). */
int js_facts_collect(const js_doc *doc, js_fact **out, size_t *n);

/* Append the facts as TSV lines (no header). When document is non-NULL, it is
 * printed as a first column. */
void js_facts_tsv(js_buf *out, const js_doc *doc, const char *document);
/* The header line ("table\trow\tcolumn\tvalue\n", with "document\t" first when asked). */
void js_facts_tsv_header(js_buf *out, bool with_document);

#ifdef __cplusplus
}
#endif
#endif
