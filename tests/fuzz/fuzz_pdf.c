/* fuzz_pdf.c - libFuzzer target: any bytes as a PDF file. The reader (poppler-glib
 * glyphs, the rendering for rulings, the page geometry) and then the recognizer
 * must never crash, hang or leak; on success every line must name a page within
 * the document and every cell's text must be as long as it says.
 *
 * Corpus: tests/fuzz/corpus/pdf (a one-page ruled table with uncompressed content,
 * so mutations reach the drawing and text operators; an empty page tree; a scan). */
#include "../../src/lib/ingest/pdf_geom.h"
#include "juesuan/juesuan.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/* fontconfig keeps its configuration, loaded once per process when poppler
 * looks up a font that is not embedded, until exit: not a leak of the reader. */
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16) return 0;
    static js_ctx *ctx; /* built once: immutable after js_ctx_new */
    if (!ctx) {
        js_err e;
        ctx = js_ctx_new(&e);
        if (!ctx) abort();
    }
    js_doc *doc = js_doc_new("fuzz.pdf");
    if (!doc) return 0;
    js_srcdoc src;
    js_err err;
    js_err_clear(&err);
    int rc = js_pdf_srcdoc(doc->arena, "fuzz.pdf", (const char *)data, size, &src, &err);
    if (rc == JS_OK) {
        for (int i = 0; i < src.nlines; i++) {
            const js_srcline *l = &src.lines[i];
            if (l->loc.page < 1 || l->loc.page > src.npages) abort();
            if (strlen(l->text) != l->len) abort();
            for (int c = 0; c < l->ncells; c++)
                if (strlen(l->cells[c].text) != l->cells[c].len) abort();
        }
        (void)js_recognize(ctx, &src, doc, &err);
    } else if (rc != JS_EINPUT && rc != JS_EINTERNAL) {
        abort();
    } else if (!strstr(err.msg, "fuzz.pdf")) {
        abort(); /* every error names the file */
    }
    js_doc_free(doc);
    return 0;
}
