/*
 * pdf.c - PDF disclosures read through poppler-glib. (Being written: issue #5.)
 */
#include "juesuan/juesuan.h"

int js_parse_pdf(const js_ctx *ctx, const char *path, js_doc **out, js_err *err)
{
    (void)ctx;
    *out = NULL;
    return js_err_set(err, JS_EINPUT, "%s: reading PDF files is not built yet", path);
}
