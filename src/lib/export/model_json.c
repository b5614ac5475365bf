/*
 * model_json.c - the document model as JSON. (Being written: issue #3.)
 */
#include "juesuan/json.h"

#include "juesuan/text.h"

#include <string.h>

int js_doc_to_json(const js_doc *doc, js_buf *out, int flags, js_err *err)
{
    (void)out;
    (void)flags;
    return js_err_set(err, JS_EINTERNAL, "%s: JSON output is not built yet", doc->path);
}

int js_doc_from_json(const char *path, const char *text, size_t n, js_doc **out, js_err *err)
{
    (void)text;
    (void)n;
    *out = NULL;
    return js_err_set(err, JS_EINPUT, "%s: reading model JSON is not built yet", path);
}

bool js_json_is_model(const char *text, size_t n)
{
    return n > 0 && text[0] == '{' && js_memstr(text, n < 4096 ? n : 4096, "\"juesuan_model\"") != NULL;
}
