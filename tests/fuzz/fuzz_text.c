/* fuzz_text.c - libFuzzer target: any bytes through js_parse_text (source lines,
 * tables, narrative, performance tables) must never crash, hang or leak. */
#include "juesuan/juesuan.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static js_ctx *ctx; /* loaded once: the catalogue and templates are read-only */
    js_err err;
    if (!ctx) ctx = js_ctx_new(&err);
    if (!ctx) return 0;
    js_doc *doc = NULL;
    js_parse_text(ctx, "fuzz.txt", (const char *)data, size, &doc, &err);
    if (doc) {
        js_fact *f;
        size_t n;
        js_facts_collect(doc, &f, &n);
    }
    js_doc_free(doc);
    return 0;
}
