/*
 * perf.c - the 绩效自评表 of the 附件. (Being written: issue #3.)
 */
#include "recognize.h"

int js_recognize_perf(const js_ctx *ctx, const js_srcdoc *src, unsigned char *line_kind,
                      js_doc *doc, js_err *err)
{
    (void)ctx, (void)src, (void)line_kind, (void)doc, (void)err;
    return JS_OK;
}
