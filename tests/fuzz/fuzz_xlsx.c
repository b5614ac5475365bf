/* fuzz_xlsx.c - libFuzzer target: any bytes as a spreadsheet (XLSX through
 * libzip + libxml2, XLS through libfreexl, sniffed from the bytes). The reader
 * and then the recognizer must never crash, hang or leak; on success every line
 * must name its sheet and row, and every cell's text must be as long as it says;
 * every error names the file.
 *
 * Corpus: tests/fuzz/corpus/xlsx (the export-style workbook of seed 000, and a
 * rendered workbook saved as .xls by LibreOffice). */
#include "../../src/lib/ingest/sheet.h"
#include "juesuan/juesuan.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* libfreexl loses its own buffers when freexl_open fails on some damaged
 * workbooks (the handle is never returned, so no caller can free them): a leak
 * inside the library, not of the reader. Leaks of ours stay fatal. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfreexl.so\n";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16) return 0;
    /* XLS (OLE2) bytes are fuzzed too: libfreexl runs in a child process
     * (xls.c), so its own overrun on damaged workbooks (found by this target
     * under ASan) kills the child, which the reader reports as a damaged file;
     * the fuzzer checks that the program itself survives. */
    static js_ctx *ctx; /* built once: immutable after js_ctx_new */
    if (!ctx) {
        js_err e;
        ctx = js_ctx_new(&e);
        if (!ctx) abort();
    }
    js_doc *doc = js_doc_new("fuzz.xlsx");
    if (!doc) return 0;
    js_workbook wb;
    js_srcdoc src;
    js_err err;
    js_err_clear(&err);
    /* the lenient reading of check/facts (a damaged XLSX read as far as it goes)
     * and the strict one of build, on alternate inputs */
    int rc =
        size % 2
            ? js_workbook_read_lenient(doc->arena, "fuzz.xlsx", (const char *)data, size, &wb, &err)
            : js_workbook_read(doc->arena, "fuzz.xlsx", (const char *)data, size, &wb, &err);
    if (rc == JS_OK) rc = js_workbook_srcdoc(&wb, doc, &src, &err);
    if (rc == JS_OK) {
        for (int i = 0; i < src.nlines; i++) {
            const js_srcline *l = &src.lines[i];
            const js_sheetpos *p = &doc->line_sheets[i];
            if (p->sheet < 0 || p->sheet >= doc->nsheets || p->row < 1) abort();
            if (strlen(l->text) != l->len) abort();
            for (int c = 0; c < l->ncells; c++)
                if (strlen(l->cells[c].text) != l->cells[c].len) abort();
        }
        (void)js_recognize(ctx, &src, doc, &err);
    } else if (rc != JS_EINPUT && rc != JS_EINTERNAL) {
        abort();
    } else if (!strstr(err.msg, "fuzz.xlsx")) {
        abort(); /* every error names the file */
    }
    js_doc_free(doc);
    return 0;
}
