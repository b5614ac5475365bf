/*
 * writers.c - THE WRITER TABLE: one record per output format of a document
 * model (`juesuan render --format NAME`), and the dispatcher that writes any
 * of them to a buffer or, through a temporary file renamed into place, to a
 * file. Adding a format is one record in WRITERS (and its function in a file
 * of its own), see docs/extending.md. The findings of `check` have their table
 * too (FINDINGS_WRITERS, below: text, JSON and TSV of check/output.c; the HTML
 * and XLSX reports of check are batch reports, check/report_*.c).
 */
#include "juesuan/annotate.h"
#include "juesuan/juesuan.h"
#include "render/render_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* path exists and is not a regular file (/dev/null, /dev/stdout, a FIFO): renaming over it
 * would replace it, so the bytes are made in a temporary file elsewhere and copied there. */
static bool not_regular(const struct stat *st, bool exists)
{
    return exists && !S_ISREG(st->st_mode);
}

int js_tmp_for(const char *path, char *out, size_t size, js_err *err)
{
    struct stat st;
    bool exists = stat(path, &st) == 0;
    if (exists && S_ISDIR(st.st_mode))
        return js_err_set(err, JS_EUSAGE, "%s: is a directory", path);
    int n;
    if (not_regular(&st, exists)) {
        const char *dir = getenv("TMPDIR");
        n = snprintf(out, size, "%s/juesuan-outXXXXXX", dir && *dir ? dir : "/tmp");
    } else {
        n = snprintf(out, size, "%s.tmpXXXXXX", path);
    }
    if (n < 0 || (size_t)n >= size) return js_err_set(err, JS_EUSAGE, "%s: path too long", path);
    int fd = mkstemp(out);
    if (fd < 0)
        return js_err_set(err, JS_EINTERNAL, "%s: cannot create a file there: %s", path,
                          strerror(errno));
    fchmod(fd, 0644);
    close(fd);
    return JS_OK;
}

static int copy_to(const char *tmp, const char *path, js_err *err)
{
    FILE *in = fopen(tmp, "rb"), *out = in ? fopen(path, "wb") : NULL;
    bool ok = in && out;
    char b[65536];
    size_t n;
    while (ok && (n = fread(b, 1, sizeof b, in)) > 0)
        ok = fwrite(b, 1, n, out) == n;
    ok = ok && !ferror(in);
    int e = errno;
    if (in) fclose(in);
    if (out && fclose(out) != 0) ok = false;
    return ok ? JS_OK : js_err_set(err, JS_EINTERNAL, "%s: %s", path, strerror(e));
}

int js_tmp_done(int rc, const char *tmp, const char *path, js_err *err)
{
    struct stat st;
    if (rc == JS_OK && not_regular(&st, stat(path, &st) == 0))
        rc = copy_to(tmp, path, err);
    else if (rc == JS_OK && rename(tmp, path) != 0)
        rc = js_err_set(err, JS_EINTERNAL, "%s: %s", path, strerror(errno));
    remove(tmp);
    return rc;
}

/* ---- the writers' records ------------------------------------------------- */

static int w_html(const js_templates *form, const js_doc *doc, const js_findings *f, js_buf *out,
                  js_err *err)
{
    (void)f;
    return js_render_html(form, doc, out, err);
}

static int w_md(const js_templates *form, const js_doc *doc, const js_findings *f, js_buf *out,
                js_err *err)
{
    (void)f;
    return js_render_md(form, doc, out, err);
}

static int w_txt(const js_templates *form, const js_doc *doc, const js_findings *f, js_buf *out,
                 js_err *err)
{
    (void)f;
    return js_render_txt(form, doc, out, err);
}

static int w_json(const js_templates *form, const js_doc *doc, const js_findings *f, js_buf *out,
                  js_err *err)
{
    (void)f, (void)form;
    int rc = js_doc_to_json(doc, out, JS_JSON_PRETTY, err);
    if (rc == JS_OK) js_buf_putc(out, '\n');
    return rc;
}

static int w_xlsx(const js_templates *form, const js_doc *doc, const js_findings *f,
                  const char *path, js_err *err)
{
    (void)f;
    return js_render_xlsx(form, doc, path, err);
}

static int w_annotated(const js_templates *form, const js_doc *doc, const js_findings *f,
                       const char *path, js_err *err)
{
    (void)form; /* the boxes go on the original PDF: no layout of its own */
    return js_annotate_pdf_file(doc, f, path, err);
}

static const js_writer WRITERS[] = {
    {"html", "one HTML page, print-ready on A4", w_html, NULL},
    {"xlsx", "an XLSX workbook, one sheet per table", NULL, w_xlsx},
    {"md", "Markdown", w_md, NULL},
    {"txt", "text in the shape of the published disclosures", w_txt, NULL},
    {"json", "the document model as JSON (docs/model-json.md)", w_json, NULL},
    {"annotated-pdf", "the original PDF with a numbered box at each finding and their list", NULL,
     w_annotated},
};

const js_writer *js_writers(size_t *n)
{
    *n = sizeof WRITERS / sizeof WRITERS[0];
    return WRITERS;
}

const js_writer *js_writer_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof WRITERS / sizeof WRITERS[0]; i++)
        if (strcmp(name, WRITERS[i].name) == 0) return &WRITERS[i];
    return NULL;
}

const js_writer *js_writer_get(const char *format, js_err *err)
{
    const js_writer *w = js_writer_find(format);
    if (!w)
        js_err_set(err, JS_EUSAGE, "unknown format '%s' (html, xlsx, md, txt, json)",
                   format ? format : "");
    return w;
}

bool js_render_format_ok(const char *format)
{
    return js_writer_find(format) != NULL;
}

/* ---- dispatch ------------------------------------------------------------- */

int js_write_buf(const js_writer *w, const js_templates *form, const js_doc *doc,
                 const js_findings *f, js_buf *out, js_err *err)
{
    if (!w->to_buf) return js_err_set(err, JS_EUSAGE, "%s cannot go to standard output", w->name);
    int rc = w->to_buf(form, doc, f, out, err);
    if (rc == JS_OK && out->oom) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    return rc;
}

static int write_through_tmp(const js_buf *b, const char *path, js_err *err)
{
    char tmp[4096];
    int rc = js_tmp_for(path, tmp, sizeof tmp, err);
    if (rc != JS_OK) return rc;
    FILE *fp = fopen(tmp, "wb");
    if (!fp || fwrite(b->data ? b->data : "", 1, b->len, fp) != b->len) rc = JS_EINTERNAL;
    if (fp && fclose(fp) != 0) rc = JS_EINTERNAL;
    if (rc != JS_OK) js_err_set(err, JS_EINTERNAL, "%s: write failed: %s", path, strerror(errno));
    return js_tmp_done(rc, tmp, path, err);
}

int js_write_file(const js_writer *w, const js_templates *form, const js_doc *doc,
                  const js_findings *f, const char *path, js_err *err)
{
    if (w->to_file) return w->to_file(form, doc, f, path, err);
    js_buf b;
    js_buf_init(&b);
    int rc = js_write_buf(w, form, doc, f, &b, err);
    if (rc == JS_OK) rc = write_through_tmp(&b, path, err);
    js_buf_release(&b);
    return rc;
}

int js_render_file(const js_doc *doc, const char *format, const char *path, js_err *err)
{
    const js_writer *w = js_writer_get(format, err);
    return w ? js_write_file(w, NULL, doc, NULL, path, err) : JS_EUSAGE;
}

/* ---- the findings writers (check --format) --------------------------------- */

static void fj_begin(js_buf *out, int ndocs)
{
    if (ndocs > 1) js_buf_puts(out, "[");
}

static int fj_one(const js_doc *doc, const js_findings *f, int index, int ndocs, js_buf *out,
                  js_err *err)
{
    if (ndocs > 1) js_buf_puts(out, index ? ",\n  " : "\n  ");
    int rc = js_findings_json(doc, f, ndocs > 1 ? 2 : 0, out, err);
    if (ndocs == 1) js_buf_puts(out, "\n");
    return rc;
}

static void fj_end(js_buf *out, int ndocs, int written)
{
    if (ndocs > 1) js_buf_puts(out, written ? "\n]\n" : "]\n");
}

static int ft_one(const js_doc *doc, const js_findings *f, int index, int ndocs, js_buf *out,
                  js_err *err)
{
    (void)ndocs, (void)err;
    js_findings_tsv(doc, f, index == 0, out);
    return JS_OK;
}

static int fx_one(const js_doc *doc, const js_findings *f, int index, int ndocs, js_buf *out,
                  js_err *err)
{
    (void)ndocs, (void)err;
    if (index) js_buf_puts(out, "\n");
    js_findings_text(doc, f, out);
    return JS_OK;
}

static const js_findings_writer FINDINGS_WRITERS[] = {
    {"text", "grouped by table and section, the source line quoted", NULL, fx_one, NULL, false,
     false},
    {"json", "spec/findings.md; an array of them for several documents", fj_begin, fj_one, fj_end,
     false, true},
    {"tsv", "one finding a line, one header", NULL, ft_one, NULL, false, false},
};

const js_findings_writer *js_findings_writers(size_t *n)
{
    *n = sizeof FINDINGS_WRITERS / sizeof FINDINGS_WRITERS[0];
    return FINDINGS_WRITERS;
}

const js_findings_writer *js_findings_writer_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof FINDINGS_WRITERS / sizeof FINDINGS_WRITERS[0]; i++)
        if (strcmp(name, FINDINGS_WRITERS[i].name) == 0) return &FINDINGS_WRITERS[i];
    return NULL;
}

bool js_findings_writer_streams(const js_findings_writer *w, int ndocs)
{
    return !w->whole && !(w->whole_when_several && ndocs > 1);
}
