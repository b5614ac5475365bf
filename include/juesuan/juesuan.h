/*
 * juesuan.h - the public interface of libjuesuan, and the context every
 * operation runs in.
 *
 * A js_ctx holds what is loaded once and shared read-only: the classification
 * catalogues and the table templates. Create one per program (or per thread if
 * you like); it is immutable after js_ctx_new() and safe to share.
 */
#ifndef JUESUAN_H
#define JUESUAN_H

#include "base.h"
#include "diag.h"
#include "text.h"
#include "model.h"
#include "catalog.h"
#include "template.h"
#include "words.h"
#include "budget.h"
#include "ingest.h"
#include "facts.h"
#include "json.h"
#include "check.h"
#include "render.h"

#ifdef __cplusplus
extern "C" {
#endif

#define JS_VERSION "0.1.0"

struct js_ocr;
struct js_ctx {
    js_catalog *catalog;
    js_templates *templates;
    js_words *words;    /* the words of the audit rules (data/check/words.tsv) */
    struct js_ocr *ocr; /* OCR of scanned pages: the model is loaded on the first scan and used
                           under its own lock (src/lib/ingest/ocr.h) */
};

/* Load the built-in catalogues and templates. NULL with err set on failure. */
js_ctx *js_ctx_new(js_err *err);
void js_ctx_free(js_ctx *ctx);

#ifdef __cplusplus
}
#endif
#endif
