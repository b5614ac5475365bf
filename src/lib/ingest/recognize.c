/*
 * recognize.c - tables, narrative and performance tables from source lines.
 * (Being written: issue #3.)
 */
#include "juesuan/juesuan.h"

int js_recognize(const js_ctx *ctx, const js_srcdoc *src, js_doc *doc, js_err *err)
{
    (void)ctx;
    (void)src;
    return js_err_set(err, JS_EINPUT, "%s: the text recognizer is not built yet", doc->path);
}
