/*
 * ctx.c - the context: what is loaded once (catalogues, templates) and
 * shared read-only by every parse and check.
 */
#include "ingest/ocr.h"
#include "juesuan/juesuan.h"

#include <stdlib.h>

js_ctx *js_ctx_new(js_err *err)
{
    js_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx) {
        js_err_set(err, JS_EINTERNAL, "out of memory");
        return NULL;
    }
    ctx->catalog = js_catalog_new(err);
    if (ctx->catalog) ctx->templates = js_templates_new(err);
    if (ctx->templates) ctx->words = js_words_new(err);
    if (ctx->words) ctx->ocr = js_ocr_new();
    if (!ctx->catalog || !ctx->templates || !ctx->words || !ctx->ocr) {
        if (ctx->words && !ctx->ocr) js_err_set(err, JS_EINTERNAL, "out of memory");
        js_ctx_free(ctx);
        return NULL;
    }
    return ctx;
}

void js_ctx_free(js_ctx *ctx)
{
    if (!ctx) return;
    js_catalog_free(ctx->catalog);
    js_templates_free(ctx->templates);
    js_words_free(ctx->words);
    js_ocr_free(ctx->ocr);
    free(ctx);
}
