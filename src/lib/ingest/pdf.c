/*
 * pdf.c - PDF disclosures read through MuPDF (ingest.h js_parse_pdf).
 *
 * Each page is interpreted ONCE (pdf_dev.c): the one pass gives the glyphs
 * with their boxes, a map of the page's dark pixels drawn without its text
 * (the ruling lines of tables), and its images (is it a scan, at what
 * resolution). pdf_geom.c turns glyphs and rulings into source lines: one per
 * table row, one per line of running text, each with its page and box. The
 * recognizer then reads those lines as it reads text. A page that is a scan
 * (an image without a usable text layer) is rendered at its images'
 * resolution and read by OCR when the caller allows it.
 *
 * Every MuPDF object, the context included, is created per call and released
 * before return; MuPDF's own warnings and errors are silenced (the reader's
 * messages name the file and page); nothing is cached between calls.
 */
#include "juesuan/juesuan.h"
#include "check/checker.h"
#include "ocr.h"
#include "pdf_dev.h"
#include "pdf_geom.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { MAX_PAGES = 5000 };

/* What OCR did on a document: pages read, and words it was unsure of (with their page). */
typedef struct ocr_run {
    js_ocr *ocr; /* NULL: scans are not read (the error says so) */
    int pages;
    unsigned char *which; /* [1..npages]: read by OCR */
    int npages;
    js_ocr_word *doubts;
    int *doubt_page;
    int ndoubts, cap;
    const char *data; /* the document's bytes (NULL: the file at path), to open it anew */
    size_t n;
} ocr_run;

/* ---- scanned pages ------------------------------------------------------ */

enum { MAX_OCR_PIXELS = 40000000, OCR_DPI_MIN = 150, OCR_DPI_MAX = 400 };

/* A text layer that is junk: mostly characters no disclosure prints (U+FFFD,
 * private use, controls), or, over a page that is one image (scanned), no
 * Chinese at all (an invisible layer a scanner wrote with the wrong language). */
static bool junk_layer(const js_glyph *g, int n, bool scanned)
{
    int bad = 0, cjk = 0;
    for (int i = 0; i < n; i++) {
        int32_t c = g[i].cp;
        bad += c == 0xFFFD || (c >= 0xE000 && c <= 0xF8FF) || c < 0x20 || (c >= 0x80 && c < 0xA0);
        cjk += c >= 0x4E00 && c <= 0x9FFF;
    }
    return n > 0 && (bad * 10 >= n * 3 || (scanned && cjk == 0));
}

/* Keep OCR's doubtful words with their page. */
static void keep_doubts(ocr_run *run, const js_ocr_word *dz, int nd, int pageno)
{
    for (int i = 0; i < nd; i++) {
        if (run->ndoubts == run->cap) {
            int nc = run->cap ? run->cap * 2 : 64;
            js_ocr_word *v = realloc(run->doubts, (size_t)nc * sizeof *v);
            int *p = v ? realloc(run->doubt_page, (size_t)nc * sizeof *p) : NULL;
            if (v) run->doubts = v;
            if (!v || !p) break;
            run->doubt_page = p;
            run->cap = nc;
        }
        run->doubts[run->ndoubts] = dz[i];
        run->doubt_page[run->ndoubts++] = pageno;
    }
}

static fz_page *load_page(fz_context *ctx, pdf_document *doc, int i);

/* Render page pageno into buf->gray (js_pdf_page_gray). A page with text whose
 * fonts were given the stand-in program (pdf_dev.c: the reader's copy of the
 * document draws no glyphs) is taken from the document opened anew. */
static bool page_gray(fz_context *ctx, fz_page *page, int pageno, bool text, double sc,
                      js_pdf_pagebuf *buf, const ocr_run *run, const char *path, int *w, int *h)
{
    if (!text || !buf->stand_ins) return js_pdf_page_gray(ctx, page, sc, buf, w, h);
    js_err e = {0};
    pdf_document *doc = js_pdf_open(ctx, path, run->data, run->n, &e);
    fz_page *p = doc ? load_page(ctx, doc, pageno - 1) : NULL;
    bool ok = p && js_pdf_page_gray(ctx, p, sc, buf, w, h);
    fz_drop_page(ctx, p);
    pdf_drop_document(ctx, doc);
    return ok;
}

/* OCR one scanned page (rendered at its images' resolution) into buf->gv; its
 * doubtful words into run. text: the page has a text layer (junk). Returns the
 * glyph count, or -1 (err set) when OCR cannot run or fails. */
static int page_ocr(fz_context *ctx, fz_page *page, int pageno, bool text,
                    const js_pdf_pageinfo *info, js_pdf_pagebuf *buf, ocr_run *run,
                    const char *path, js_err *err)
{
    if (!js_ocr_ready(run->ocr, path, err)) return -1;
    int dpi = info->image_dpi > 0 ? info->image_dpi : JS_OCR_DPI;
    if (dpi < OCR_DPI_MIN) dpi = OCR_DPI_MIN;
    if (dpi > OCR_DPI_MAX) dpi = OCR_DPI_MAX;
    double sc = dpi / 72.0, pw = info->w, ph = info->h;
    while (pw * sc * ph * sc > MAX_OCR_PIXELS && sc > 0.5)
        sc *= 0.8;
    int w = 0, h = 0;
    if (!(pw > 0 && ph > 0 && pw <= 20000 && ph <= 20000) ||
        !page_gray(ctx, page, pageno, text, sc, buf, run, path, &w, &h)) {
        js_err_set(err, JS_EINPUT, "%s: page %d: the scanned page cannot be rendered for OCR", path,
                   pageno);
        return -1;
    }
    js_ocr_word dz[JS_OCR_MAX_DOUBT];
    int nd = 0, ng = 0;
    if (js_ocr_page(run->ocr, buf->gray, w, h, w, (float)sc, &buf->gv, &buf->gcap, &ng, dz, &nd) !=
        JS_OK) {
        js_err_set(err, JS_EINTERNAL, "%s: page %d: OCR failed", path, pageno);
        return -1;
    }
    run->pages++;
    if (!run->which) run->which = calloc((size_t)run->npages + 2, 1);
    if (run->which && pageno <= run->npages) run->which[pageno] = 1;
    keep_doubts(run, dz, nd, pageno);
    return ng;
}

/* ---- documents ------------------------------------------------------------ */

static int count_pages(fz_context *ctx, pdf_document *doc)
{
    volatile int n = -1;
    fz_try(ctx) n = pdf_count_pages(ctx, doc);
    fz_catch(ctx) n = -1;
    return n;
}

static fz_page *load_page(fz_context *ctx, pdf_document *doc, int i)
{
    fz_page *volatile page = NULL;
    fz_try(ctx) page = fz_load_page(ctx, &doc->super, i);
    fz_catch(ctx) page = NULL;
    return page;
}

/* One page into source lines (its glyphs, its rulings when it may hold a table,
 * or what OCR read of it). Counts glyphs and image-only pages. */
static int one_page(fz_context *ctx, pdf_document *doc, int i, js_pdf_pagebuf *buf, ocr_run *run,
                    js_arena *a, js_linevec *lv, long *glyphs, int *image_pages, const char *path,
                    js_err *err)
{
    fz_page *page = load_page(ctx, doc, i);
    if (!page)
        return js_err_set(err, JS_EINPUT, "%s: page %d: cannot be read (damaged PDF)", path, i + 1);
    js_pdf_pageinfo info;
    int rc = JS_OK;
    if (js_pdf_page_read(ctx, doc, page, buf, &info) != 0)
        rc = js_err_set(err, JS_EINTERNAL, "%s: page %d: out of memory", path, i + 1);
    int ng = info.nglyphs;
    /* a page that is an image without text (a scan), or with only a junk text
     * layer over it, is read by OCR when the caller allows it */
    bool scanned = info.image_share >= 0.6;
    if (rc == JS_OK && run && run->ocr && (ng == 0 ? scanned : junk_layer(buf->gv, ng, scanned))) {
        ng = page_ocr(ctx, page, i + 1, ng > 0, &info, buf, run, path, err);
        if (ng < 0) rc = err->status;
    }
    if (rc == JS_OK) {
        *glyphs += ng;
        /* only a page that may hold a table of amounts is looked at for rulings
         * (on a scan: those of its image, drawn with the page's paths) */
        bool rules = ng > 0 && info.paths && js_geom_maybe_table(buf->gv, ng) &&
                     js_pdf_page_rules(ctx, &info, buf);
        if (ng == 0 && info.any_image) ++*image_pages;
        if (js_geom_page(a, i + 1, info.w, info.h, buf->gv, ng, rules ? &info.pix : NULL, lv) !=
            JS_OK)
            rc = js_err_set(err, JS_EINTERNAL, "%s: page %d: out of memory", path, i + 1);
    }
    js_pdf_pageinfo_release(ctx, &info);
    fz_drop_page(ctx, page);
    return rc;
}

/* The source lines of an open document (doc is not released here). */
static int doc_srcdoc(fz_context *ctx, js_arena *a, const char *path, pdf_document *doc,
                      ocr_run *run, js_srcdoc *out, js_err *err)
{
    int npages = count_pages(ctx, doc);
    int rc = JS_OK;
    if (npages < 0) {
        rc = js_err_set(err, JS_EINPUT, "%s: not a readable PDF (its page tree is damaged)", path);
    } else if (npages == 0 && pdf_was_repaired(ctx, doc)) {
        rc = js_err_set(err, JS_EINPUT,
                        "%s: not a readable PDF (damaged or truncated: no page could be recovered)",
                        path);
    } else if (npages == 0) {
        rc = js_err_set(err, JS_EINPUT, "%s: the PDF has no pages", path);
    } else if (npages > MAX_PAGES) {
        rc = js_err_set(err, JS_EINPUT, "%s: the PDF has %d pages (more than %d): not read", path,
                        npages, MAX_PAGES);
    }
    if (run) run->npages = npages;
    js_linevec lv = {0};
    js_pdf_pagebuf buf = {0};
    long total_glyphs = 0;
    int image_pages = 0;
    for (int i = 0; rc == JS_OK && i < npages; i++)
        rc = one_page(ctx, doc, i, &buf, run, a, &lv, &total_glyphs, &image_pages, path, err);
    js_pdf_pagebuf_release(ctx, &buf);
    if (rc == JS_OK && total_glyphs == 0) {
        if (image_pages > 0)
            rc = js_err_set(err, JS_EINPUT,
                            "%s: the PDF has no text layer (%d of %d pages are images only, a "
                            "scan?): run OCR first, e.g. ocrmypdf -l chi_sim in.pdf out.pdf",
                            path, image_pages, npages);
        else
            rc = js_err_set(err, JS_EINPUT, "%s: the PDF has no text on any of its %d pages", path,
                            npages);
    }
    if (rc != JS_OK) return rc;
    out->lines = lv.v;
    out->cell_y = lv.ys;
    out->nlines = lv.n;
    out->positional = true;
    out->npages = npages;
    return JS_OK;
}

/* The source lines of the PDF at path: read by MuPDF from the file itself
 * when data is NULL (only the objects the pages need are read), else from
 * data[0..n). */
static int read_srcdoc(js_arena *a, const char *path, const char *data, size_t n, ocr_run *run,
                       js_srcdoc *out, js_err *err)
{
    memset(out, 0, sizeof *out);
    if (data && n == 0) return js_err_set(err, JS_EINPUT, "%s: empty file", path);
    /* a hairline is drawn one pixel wide, as poppler's cairo output does: thin
     * rulings stay dark at 72 dpi */
    fz_context *ctx = js_pdf_context(1.0f);
    if (!ctx) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
    int rc;
    pdf_document *doc = js_pdf_open(ctx, path, data, n, err);
    if (!doc) {
        rc = err->status ? err->status : JS_EINPUT;
    } else {
        rc = doc_srcdoc(ctx, a, path, doc, run, out, err);
        pdf_drop_document(ctx, doc);
    }
    fz_drop_context(ctx);
    return rc;
}

int js_pdf_srcdoc(js_arena *a, const char *path, const char *data, size_t n, js_srcdoc *out,
                  js_err *err)
{
    return read_srcdoc(a, path, data, n, NULL, out, err);
}

enum { NOT_A_FILE = -1 };

/* Can path be read by MuPDF from the file itself? Not stdin "-", nor what is
 * not a non-empty regular file: the caller reads those into memory, which
 * also gives the error messages. */
static bool readable_file(const char *path)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
}

static int file_srcdoc(js_arena *a, const char *path, ocr_run *run, js_srcdoc *out, js_err *err)
{
    memset(out, 0, sizeof *out);
    if (!readable_file(path)) return NOT_A_FILE;
    return read_srcdoc(a, path, NULL, 0, run, out, err);
}

/* Same text? (both normalised, spaces left out) */
static bool same_text(const char *a, const char *b)
{
    return a && b && js_name_eq(a, b);
}

/* The reader's notes about OCR: which pages were scans, and each amount of a
 * table that tesseract was not sure of, by page and cell (a `read` doubt for the
 * checker, never an arithmetic error of the document). */
static void ocr_notes(js_doc *doc, const ocr_run *run)
{
    if (!run || run->pages == 0) return;
    unsigned char *which = run->which ? js_arena_alloc(doc->arena, (size_t)run->npages + 2) : NULL;
    if (which) {
        memcpy(which, run->which, (size_t)run->npages + 2);
        doc->ocr_pages = which;
    }
    js_loc first = {0};
    first.page = run->ndoubts ? run->doubt_page[0] : 1;
    js_doc_note(doc, "R-OCR", 0, first, "%d页为扫描图像，已用OCR识别，请对照原件核对数字",
                run->pages);
    for (int i = 0; i < run->ndoubts; i++) {
        const js_ocr_word *w = &run->doubts[i];
        if (!strpbrk(w->text, "0123456789")) continue; /* amounts only */
        for (int t = 1; t <= 9; t++) {
            const js_table *tb = doc->tables[t];
            for (int r = 0; tb && r < tb->nrows; r++) {
                const js_row *row = &tb->rows[r];
                for (int c = 0; c < tb->ncols; c++) {
                    const js_cell *cell = &row->cells[c];
                    if (!cell->present || cell->loc.page != run->doubt_page[i] ||
                        !same_text(cell->text, w->text))
                        continue;
                    float cy = (w->y0 + w->y1) / 2;
                    if (cell->loc.y1 > cell->loc.y0 &&
                        (cy < cell->loc.y0 - 2 || cy > cell->loc.y1 + 2))
                        continue;
                    js_doc_note(doc, "R-OCR", t, cell->loc,
                                "第%d页 %s %s：OCR识别为“%s”，可信度%d%%，请核对原件",
                                run->doubt_page[i], row->key, tb->cols[c], w->text, w->conf);
                    goto next;
                }
            }
        }
    next:;
    }
}

/* The document from its source lines: keep the lines and their pages, then recognise. */
static int finish(const js_ctx *ctx, js_doc *doc, js_srcdoc *src, const ocr_run *run, js_doc **out,
                  js_err *err)
{
    doc->npages = src->npages;
    /* keep the source lines for quoting in messages */
    doc->lines = js_arena_calloc(doc->arena, (size_t)src->nlines + 1, sizeof(char *));
    int *pages = js_arena_calloc(doc->arena, (size_t)src->nlines + 1, sizeof(int));
    if (doc->lines && pages) {
        for (int i = 0; i < src->nlines; i++) {
            doc->lines[i] = src->lines[i].text;
            pages[i] = src->lines[i].loc.page;
        }
        doc->nlines = src->nlines;
        doc->line_pages = pages;
    }
    /* the labels of scanned tables read back to the forms' names (ocr_fix.c) */
    if (run && run->pages &&
        js_ocr_fix_labels(ctx->templates, doc->arena, src, run->which, run->npages, doc) < 0)
        return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
    int rc = js_recognize(ctx, src, doc, err);
    ocr_notes(doc, run);
    /* digits of scanned pages that the tables' identities pin are corrected (doubt.c) */
    if (doc->ocr_pages && js_doubts_fix_ocr(ctx, doc) < 0 && rc == JS_OK)
        rc = js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
    *out = doc; /* even on JS_EINPUT: what could be read is reported */
    return rc;
}

static void run_release(ocr_run *run)
{
    free(run->which);
    free(run->doubts);
    free(run->doubt_page);
}

int js_parse_pdf_bytes(const js_ctx *ctx, const char *path, const char *data, size_t n,
                       js_doc **out, js_err *err)
{
    *out = NULL;
    js_doc *doc = js_doc_new(path);
    if (!doc) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
    js_srcdoc src;
    ocr_run run = {.ocr = ctx->ocr, .data = data, .n = n};
    int rc = read_srcdoc(doc->arena, path, data, n, &run, &src, err);
    if (rc != JS_OK) {
        js_doc_free(doc);
        run_release(&run);
        return rc;
    }
    rc = finish(ctx, doc, &src, &run, out, err);
    run_release(&run);
    return rc;
}

int js_parse_pdf(const js_ctx *ctx, const char *path, js_doc **out, js_err *err)
{
    *out = NULL;
    js_doc *doc = js_doc_new(path);
    if (!doc) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
    js_srcdoc src;
    ocr_run run = {.ocr = ctx->ocr};
    int rc = file_srcdoc(doc->arena, path, &run, &src, err);
    if (rc == NOT_A_FILE) {
        js_doc_free(doc);
        run_release(&run);
        js_buf b;
        js_buf_init(&b);
        rc = js_file_read(path, &b, err);
        if (rc == JS_OK) rc = js_parse_pdf_bytes(ctx, path, b.data, b.len, out, err);
        js_buf_release(&b);
        return rc;
    }
    if (rc != JS_OK) {
        js_doc_free(doc);
        run_release(&run);
        return rc;
    }
    rc = finish(ctx, doc, &src, &run, out, err);
    run_release(&run);
    return rc;
}
