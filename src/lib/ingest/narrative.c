/*
 * narrative.c - parts, sections and paragraphs. (Being written: issue #3.)
 */
#include "recognize.h"

int js_recognize_narrative(const js_ctx *ctx, const js_srcdoc *src,
                           const unsigned char *line_kind, js_doc *doc, js_err *err)
{
    (void)ctx, (void)src, (void)line_kind, (void)doc, (void)err;
    return JS_OK;
}
