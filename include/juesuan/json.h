/*
 * json.h - the document model as JSON (jansson): the documented form that
 * `juesuan parse --format json` prints and `juesuan build` writes, and that
 * parse/facts/check accept back as input. The form is described in
 * docs/model-json.md.
 *
 * Ownership: js_doc_to_json appends to the caller's buffer; js_doc_from_json
 * returns a new document the caller frees with js_doc_free().
 */
#ifndef JUESUAN_JSON_H
#define JUESUAN_JSON_H

#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { JS_JSON_PRETTY = 1, JS_JSON_NO_LINES = 2 };

/* Append the whole model (meta, tables, narrative, performance tables, notes). */
int js_doc_to_json(const js_doc *doc, js_buf *out, int flags, js_err *err);
/* Read a model back; JS_EINPUT with err naming path (and line/column) when malformed. */
int js_doc_from_json(const char *path, const char *text, size_t n, js_doc **out, js_err *err);
/* Does text look like a model JSON (a JSON object with "juesuan_model")? */
bool js_json_is_model(const char *text, size_t n);

#ifdef __cplusplus
}
#endif
#endif
