/* fuzz_check.c - libFuzzer target: any bytes read as a disclosure (text, or a
 * model JSON when they look like one) and then audited: js_check and the four
 * output forms must never crash, hang or leak, whatever the tables hold. */
#include "juesuan/juesuan.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static js_ctx *ctx; /* loaded once: read-only */
    js_err err;
    if (!ctx) ctx = js_ctx_new(&err);
    if (!ctx || size > 1 << 18) return 0;
    js_doc *doc = NULL;
    const char *text = (const char *)data;
    if (js_json_is_model(text, size))
        js_doc_from_json("fuzz.json", text, size, &doc, &err);
    else
        js_parse_text(ctx, "fuzz.txt", text, size, &doc, &err);
    if (doc) {
        js_findings f;
        js_findings_init(&f);
        if (js_check(ctx, doc, &f, &err) == JS_OK) {
            js_buf b;
            js_buf_init(&b);
            js_findings_json(doc, &f, 2, &b, &err);
            js_findings_text(doc, &f, &b);
            js_findings_tsv(doc, &f, true, &b);
            js_findings_html_begin(&b, "fuzz");
            js_findings_html_doc(doc, &f, &b);
            js_findings_html_end(&b);
            js_buf_release(&b);
        }
        js_findings_release(&f);
    }
    js_doc_free(doc);
    return 0;
}
