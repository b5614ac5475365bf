/*
 * parse.c - the entry points of ingest.h and THE READER TABLE: one record per
 * input format (sniff its first bytes → open the file itself, or read its
 * bytes → the model). js_parse_file tries the records in order; text is the
 * last and takes anything. Adding a format is one record in READERS (and its
 * functions in a file of its own), see docs/extending.md.
 */
#include "juesuan/juesuan.h"
#include "decode.h"
#include "recognize.h"
#include "sheet.h"

#include <stdio.h>
#include <string.h>

/* The records of a text input's lines, not the document's: nothing of the model points
 * into them. The line records are freed once recognition is done. The cells (records
 * and the copies of those that do not end their line, 1.6x the input) of tab-separated
 * text are split on demand, by blocks of lines freed as the tables and 绩效 tables are
 * read (js_srcdoc_need_cells); those of layout text are split with the lines and freed
 * once the tables and the 绩效 tables are read (js_recognize_with). The narrative splits
 * the lines of running text it reads into a small reused block (js_srcline_cells), so
 * that no cells live beside the whole model (issue #16.7). */
typedef struct text_recs {
    js_srcdoc src;
    js_arena *lines, *cells;
    bool oom; /* a line's cells could not be split (js_srcdoc_cells_failed) */
} text_recs;

static void recs_free(text_recs *r)
{
    js_srcdoc_lazy_free(&r->src);
    js_arena_free(r->lines);
    js_arena_free(r->cells);
    memset(r, 0, sizeof *r);
}

/* Text to source lines in a new document; the text is not needed after this (own, when not
 * NULL, holds it and is released as soon as it is normalised). */
static int text_lines(const char *path, const char *text, size_t n, js_buf *own, js_doc **out,
                      text_recs *r, js_err *err)
{
    *out = NULL;
    memset(r, 0, sizeof *r);
    js_doc *doc = js_doc_new(path);
    r->lines = doc ? js_arena_new() : NULL;
    r->cells = r->lines ? js_arena_new() : NULL;
    if (!r->cells) {
        recs_free(r);
        js_doc_free(doc);
        return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
    }
    js_srcdoc *src = &r->src;
    int rc =
        js_srcdoc_from_text2(doc->arena, r->lines, r->cells, true, path, text, n, own, src, err);
    if (rc != JS_OK) {
        recs_free(r);
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

/* After the tables: every line's cells freed; the narrative splits a line of running text
 * again when it reads its cells (js_srcline_cells). */
static int text_between(void *ud, const unsigned char *line_kind)
{
    text_recs *r = ud;
    js_arena_free(r->cells);
    r->cells = NULL;
    r->oom = js_srcdoc_cells_failed(&r->src);
    js_srcdoc_lazy_free(&r->src);
    js_srcdoc_drop_cells(&r->src, line_kind, JS_LINE_TEXT);
    return 0;
}

/* Recognition, then the records freed. */
static int text_recognize(const js_ctx *ctx, text_recs *r, js_doc *doc, js_err *err)
{
    int rc = js_recognize_with(ctx, &r->src, doc, text_between, r, err);
    if (rc != JS_EINTERNAL && (r->oom || js_srcdoc_cells_failed(&r->src)))
        rc = js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
    recs_free(r);
    return rc;
}

int js_parse_text(const js_ctx *ctx, const char *path, const char *text, size_t n, js_doc **out,
                  js_err *err)
{
    text_recs r;
    int rc = text_lines(path, text, n, NULL, out, &r, err);
    if (rc != JS_OK) return rc;
    /* even on JS_EINPUT *out keeps what could be read */
    return text_recognize(ctx, &r, *out, err);
}

/* ---- the readers' records ------------------------------------------------- */

static bool sniff_pdf(const char *head, size_t n, const char *path)
{
    (void)path;
    return n >= 5 && memcmp(head, "%PDF-", 5) == 0;
}

static int read_pdf(const js_ctx *ctx, const char *path, js_buf *bytes, js_doc **out, js_err *err)
{
    return js_parse_pdf_bytes(ctx, path, bytes->data, bytes->len, out, err);
}

static bool sniff_xlsx(const char *head, size_t n, const char *path)
{
    (void)path;
    return js_sniff_xlsx(head, n);
}

static bool sniff_xls(const char *head, size_t n, const char *path)
{
    (void)path;
    return js_sniff_ole2(head, n);
}

static int read_sheet(const js_ctx *ctx, const char *path, js_buf *bytes, js_doc **out, js_err *err)
{
    return js_parse_sheet_bytes(ctx, path, bytes->data, bytes->len, out, err);
}

static bool sniff_json(const char *head, size_t n, const char *path)
{
    (void)path;
    return js_json_is_model(head, n);
}

static int read_json(const js_ctx *ctx, const char *path, js_buf *bytes, js_doc **out, js_err *err)
{
    (void)ctx;
    return js_doc_from_json(path, bytes->data, bytes->len, out, err);
}

static bool sniff_text(const char *head, size_t n, const char *path)
{
    (void)head, (void)n, (void)path;
    return true; /* the fallback: js_srcdoc_from_text says when it is not text */
}

static int read_text(const js_ctx *ctx, const char *path, js_buf *bytes, js_doc **out, js_err *err)
{
    /* the file's bytes are dropped once normalised, before the lines are split */
    text_recs r;
    int rc = text_lines(path, bytes->data, bytes->len, bytes, out, &r, err);
    js_buf_release(bytes);
    return rc == JS_OK ? text_recognize(ctx, &r, *out, err) : rc;
}

/* In the order they are tried; text, which takes anything, last. */
static const js_reader READERS[] = {
    {"pdf", "PDF (MuPDF: glyphs and ruling lines in one pass; scanned pages by tesseract OCR)",
     sniff_pdf, js_parse_pdf, read_pdf},
    {"xlsx", "XLSX workbook (libzip + libxml2), one sheet per table", sniff_xlsx, NULL, read_sheet},
    {"xls", "XLS workbook (libfreexl)", sniff_xls, NULL, read_sheet},
    {"json", "document model JSON (parse --format json, build)", sniff_json, NULL, read_json},
    {"text", "text: tab-separated cells or pdftotext -layout columns, UTF-8 or GB18030", sniff_text,
     NULL, read_text},
};

const js_reader *js_readers(size_t *n)
{
    *n = sizeof READERS / sizeof READERS[0];
    return READERS;
}

/* ---- dispatch ------------------------------------------------------------- */

#define SNIFF_BYTES 4096

/* The first bytes of the file at path; -1 for standard input or a file that
 * cannot be opened (the whole-file read then reports why). */
static long read_head(const char *path, char *head, size_t size)
{
    if (strcmp(path, "-") == 0) return -1;
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t n = fread(head, 1, size, f);
    fclose(f);
    return (long)n;
}

int js_parse_file_with(const js_ctx *ctx, const js_reader *readers, size_t nreaders,
                       const char *path, js_doc **out, js_err *err)
{
    *out = NULL;
    /* readers that open the file themselves (poppler, libzip) need not have
     * its bytes read here first */
    char head[SNIFF_BYTES];
    long nh = read_head(path, head, sizeof head);
    for (size_t i = 0; nh >= 0 && i < nreaders; i++)
        if (readers[i].open && readers[i].sniff(head, (size_t)nh, path))
            return readers[i].open(ctx, path, out, err);
    js_buf b;
    js_buf_init(&b);
    int rc = js_file_read(path, &b, err);
    if (rc == JS_OK && b.len == 0) rc = js_err_set(err, JS_EINPUT, "%s: empty file", path);
    for (size_t i = 0; rc == JS_OK && i < nreaders; i++) {
        if (!readers[i].sniff(b.data, b.len, path)) continue;
        rc = readers[i].read(ctx, path, &b, out, err);
        js_buf_release(&b);
        return rc;
    }
    if (rc == JS_OK) rc = js_err_set(err, JS_EINPUT, "%s: not a format juesuan reads", path);
    js_buf_release(&b);
    return rc;
}

int js_parse_file(const js_ctx *ctx, const char *path, js_doc **out, js_err *err)
{
    size_t n;
    const js_reader *r = js_readers(&n);
    return js_parse_file_with(ctx, r, n, path, out, err);
}
