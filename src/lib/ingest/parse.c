/*
 * parse.c - the entry points of ingest.h: sniff what a file is (PDF, model
 * JSON, text) and hand it to the right reader; text goes through the source
 * lines and the recognizer.
 */
#include "juesuan/juesuan.h"
#include "sheet.h"

#include <stdio.h>
#include <string.h>

/* Text to source lines in a new document; the text is not needed after this. */
static int text_lines(const char *path, const char *text, size_t n, js_doc **out, js_srcdoc *src,
                      js_err *err)
{
    *out = NULL;
    js_doc *doc = js_doc_new(path);
    if (!doc) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
    int rc = js_srcdoc_from_text(doc->arena, path, text, n, src, err);
    if (rc != JS_OK) {
        js_doc_free(doc);
        return rc;
    }
    /* keep the source lines for quoting in messages */
    doc->lines = js_arena_calloc(doc->arena, (size_t)src->nlines + 1, sizeof(char *));
    if (doc->lines) {
        for (int i = 0; i < src->nlines; i++)
            doc->lines[i] = src->lines[i].text;
        doc->nlines = src->nlines;
    }
    *out = doc;
    return JS_OK;
}

int js_parse_text(const js_ctx *ctx, const char *path, const char *text, size_t n, js_doc **out,
                  js_err *err)
{
    js_srcdoc src;
    int rc = text_lines(path, text, n, out, &src, err);
    if (rc != JS_OK) return rc;
    /* even on JS_EINPUT *out keeps what could be read */
    return js_recognize(ctx, &src, *out, err);
}

/* Does the file at path start with "%PDF-"? (false for stdin or an unreadable file,
 * which the whole-file read below then reports) */
static bool is_pdf_path(const char *path)
{
    if (strcmp(path, "-") == 0) return false;
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char head[5];
    bool pdf = fread(head, 1, sizeof head, f) == sizeof head && memcmp(head, "%PDF-", 5) == 0;
    fclose(f);
    return pdf;
}

int js_parse_file(const js_ctx *ctx, const char *path, js_doc **out, js_err *err)
{
    *out = NULL;
    /* a PDF is opened by poppler itself: no need to read its bytes here first */
    if (is_pdf_path(path)) return js_parse_pdf(ctx, path, out, err);
    js_buf b;
    js_buf_init(&b);
    int rc = js_file_read(path, &b, err);
    if (rc != JS_OK) {
        js_buf_release(&b);
        return rc;
    }
    if (b.len == 0) {
        js_buf_release(&b);
        return js_err_set(err, JS_EINPUT, "%s: empty file", path);
    }
    if (b.len >= 5 && memcmp(b.data, "%PDF-", 5) == 0) { /* a PDF on standard input */
        rc = js_parse_pdf_bytes(ctx, path, b.data, b.len, out, err);
        js_buf_release(&b);
        return rc;
    }
    if (js_sniff_xlsx(b.data, b.len) || js_sniff_ole2(b.data, b.len)) { /* XLSX, XLS */
        rc = js_parse_sheet_bytes(ctx, path, b.data, b.len, out, err);
        js_buf_release(&b);
        return rc;
    }
    if (js_json_is_model(b.data, b.len)) {
        rc = js_doc_from_json(path, b.data, b.len, out, err);
        js_buf_release(&b);
        return rc;
    }
    /* the file's bytes are dropped before recognition: peak memory is the model's */
    js_srcdoc src;
    rc = text_lines(path, b.data, b.len, out, &src, err);
    js_buf_release(&b);
    return rc == JS_OK ? js_recognize(ctx, &src, *out, err) : rc;
}
