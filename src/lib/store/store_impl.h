/* store_impl.h - what the store backends and the analyses share (private). */
#ifndef JUESUAN_STORE_IMPL_H
#define JUESUAN_STORE_IMPL_H

#include "juesuan/store.h"

/* The schema (schema.c): portable SQL, IF NOT EXISTS throughout. */
extern const char js_store_schema_sql[];

/* Collect every row of a query into an rtable whose columns are the result's. */
int js_store_query_table(js_store *s, const char *sql, const js_sval *params, int nparams,
                         js_rtable *out, js_err *err);
/* Append s as one CSV field (RFC 4180: quoted when it holds , " CR or LF). NULL: empty. */
void js_csv_field(js_buf *b, const char *s);
/* Format an int value of fen as 万元 text ("75.40"). buf >= 32. */
const char *js_store_wan(int64_t fen, char *buf, size_t size);

#endif
