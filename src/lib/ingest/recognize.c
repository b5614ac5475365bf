/*
 * recognize.c - from source lines to the document model: tables, then the
 * performance tables, then the narrative from what is left (recognize.h).
 */
#include "recognize.h"
#include "budget.h"

/* One R-ENCODING note per line holding bytes that could not be decoded (the first
 * ones), one more for the rest: the text is read all the same. */
static void encoding_notes(const js_srcdoc *src, js_doc *doc)
{
    if (src->nbad <= 0) return;
    const char *enc = src->encoding ? src->encoding : "UTF-8";
    for (int i = 0; i < src->nbadkept; i++) {
        js_loc loc = {0};
        loc.line = src->badlines[i];
        js_doc_note(doc, "R-ENCODING", 0, loc,
                    "第%d行有无法按%s解码的字节，已记为“�”，该行其余内容照常读取", loc.line, enc);
    }
    if (src->nbadlines > src->nbadkept) {
        js_loc loc = {0};
        loc.line = src->badlines[src->nbadkept - 1];
        js_doc_note(doc, "R-ENCODING", 0, loc, "另有%d行有无法解码的字节（全文共%d个）",
                    src->nbadlines - src->nbadkept, src->nbad);
    }
}

int js_recognize(const js_ctx *ctx, const js_srcdoc *src, js_doc *doc, js_err *err)
{
    return js_recognize_with(ctx, src, doc, NULL, NULL, err);
}

int js_recognize_with(const js_ctx *ctx, const js_srcdoc *src, js_doc *doc,
                      js_recognize_between between, void *ud, js_err *err)
{
    unsigned char *kind = js_arena_calloc(doc->arena, (size_t)src->nlines + 1, 1);
    if (!kind) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
    encoding_notes(src, doc);
    /* a budget disclosure is read by its own form (budget.h), never as final accounts */
    js_budget_kind(src, doc);
    if (doc->kind == JS_KIND_BUDGET) {
        js_srcdoc_need_cells(src, 0, src->nlines, 0); /* text: every line's cells */
        return js_recognize_budget(ctx, src, kind, doc, err);
    }
    int rc = js_recognize_tables(ctx, src, kind, doc, err);
    if (rc == JS_EINTERNAL) return rc;
    int rc2 = js_recognize_perf(ctx, src, kind, doc, err);
    if (rc2 == JS_EINTERNAL) return rc2;
    if (between && between(ud, kind) != 0)
        return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
    int rc3 = js_recognize_narrative(ctx, src, kind, doc, err);
    if (rc3 == JS_EINTERNAL) return rc3;
    bool any = doc->nsections > 0 || doc->nperf > 0;
    for (int i = 1; i <= 9; i++)
        any = any || doc->tables[i];
    if (!any)
        return js_err_set(err, JS_EINPUT,
                          "%s: not a final-account disclosure: none of the nine tables "
                          "(公开01–09表), no 情况说明 and no 绩效自评表 found",
                          doc->path);
    return rc != JS_OK ? rc : rc2 != JS_OK ? rc2 : rc3;
}
