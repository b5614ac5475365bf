/* diag_json.h - the JSON form of diagnostics (diag.c), for the library's JSON
 * writers and readers (export/model_json.c, ingest/model_json_read.c). */
#ifndef JUESUAN_DIAG_JSON_H
#define JUESUAN_DIAG_JSON_H

#include "juesuan/diag.h"

#include <jansson.h>

/* A place: {"line": N, "page": N, "box": [x0, y0, x1, y1]}, each only when set. */
json_t *js_loc_json(js_loc l);
/* One diagnostic: "code", "table", "loc", "text" always; "severity" (a word, when not
 * "note"), "file", "column", "cell", "key" when set. NULL when out of memory. */
json_t *js_diag_json(const js_diag *d);
/* n diagnostics as an array; NULL when out of memory. */
json_t *js_diags_to_json(const js_diag *v, int n);
/* The severity of a word of js_diag_severity_name (anything else: a note). */
int js_diag_severity_parse(const char *s);

#endif
