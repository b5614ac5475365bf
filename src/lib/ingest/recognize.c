/*
 * recognize.c - from source lines to the document model: tables, then the
 * performance tables, then the narrative from what is left (recognize.h).
 */
#include "recognize.h"

int js_recognize(const js_ctx *ctx, const js_srcdoc *src, js_doc *doc, js_err *err)
{
    unsigned char *kind = js_arena_calloc(doc->arena, (size_t)src->nlines + 1, 1);
    if (!kind) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
    int rc = js_recognize_tables(ctx, src, kind, doc, err);
    if (rc == JS_EINTERNAL) return rc;
    int rc2 = js_recognize_perf(ctx, src, kind, doc, err);
    if (rc2 == JS_EINTERNAL) return rc2;
    int rc3 = js_recognize_narrative(ctx, src, kind, doc, err);
    if (rc3 == JS_EINTERNAL) return rc3;
    bool any = doc->nsections > 0 || doc->nperf > 0;
    for (int i = 1; i <= 9; i++) any = any || doc->tables[i];
    if (!any)
        return js_err_set(err, JS_EINPUT,
                          "%s: not a final-account disclosure: none of the nine tables "
                          "(公开01–09表), no 情况说明 and no 绩效自评表 found",
                          doc->path);
    return rc != JS_OK ? rc : rc2 != JS_OK ? rc2 : rc3;
}
