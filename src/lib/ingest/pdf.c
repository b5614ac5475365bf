/*
 * pdf.c - PDF disclosures read through poppler-glib (ingest.h js_parse_pdf).
 *
 * For each page: the characters and their boxes (poppler_page_get_text and
 * poppler_page_get_text_layout, which give one box per character of the
 * text), and, for a page of tables, a rendering of the page into a small
 * grey map from which pdf_geom.c finds the ruling lines of tables. pdf_geom.c
 * turns both into source lines: one per table row, one per line of running
 * text, each with its page and box. The recognizer then reads those lines as
 * it reads text.
 *
 * Speed (docs/pdf.md): poppler parses a page's content stream once per pass,
 * and rendering a page fills its text layer in the same pass. So a page that
 * follows a page of tables is rendered first (one parse gives both); other
 * pages are read for text only and rendered only if they hold a table. The
 * pixel buffers are reused from page to page; js_parse_pdf lets poppler read
 * the file itself instead of a copy of it.
 *
 * Every GLib/poppler/cairo object is created per call and released before
 * return; nothing is cached between calls.
 */
#include "juesuan/juesuan.h"
#include "check/checker.h"
#include "ocr.h"
#include "pdf_geom.h"

#include <cairo.h>
#include <fcntl.h>
#include <glib.h>
#include <math.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    MAX_GLYPHS_PER_PAGE = 200000,
    MAX_RENDER_PIXELS = 4000000, /* about an A3 page at 72 dpi */
    MAX_PAGES = 5000,
};

/* The rendering scale (pixels per point) used to find rulings. */
static const double RULE_SCALE = 1.0;

static bool is_space(gunichar c)
{
    return c <= 0x20 || c == 0xA0 || c == 0x3000 || c == 0x200B || c == 0xFEFF ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x7F;
}

/* Glyphs of one page into *gv (malloc'd, grown); returns count or -1 on OOM. */
static int page_glyphs(PopplerPage *page, js_glyph **gv, int *cap)
{
    char *text = poppler_page_get_text(page);
    PopplerRectangle *rects = NULL;
    guint nr = 0;
    int n = 0;
    if (text && poppler_page_get_text_layout(page, &rects, &nr)) {
        const char *p = text;
        for (guint k = 0; k < nr && *p && n < MAX_GLYPHS_PER_PAGE; k++) {
            gunichar c = g_utf8_get_char_validated(p, -1);
            if (c == (gunichar)-1 || c == (gunichar)-2) break;
            p = g_utf8_next_char(p);
            if (is_space(c)) continue;
            PopplerRectangle *r = &rects[k];
            if (!isfinite(r->x1) || !isfinite(r->x2) || !isfinite(r->y1) || !isfinite(r->y2))
                continue;
            if (n == *cap) {
                int nc = *cap ? *cap * 2 : 1024;
                js_glyph *ng = realloc(*gv, (size_t)nc * sizeof *ng);
                if (!ng) {
                    n = -1;
                    break;
                }
                *gv = ng;
                *cap = nc;
            }
            js_glyph *g = &(*gv)[n++];
            g->x0 = (float)(r->x1 < r->x2 ? r->x1 : r->x2);
            g->x1 = (float)(r->x1 < r->x2 ? r->x2 : r->x1);
            g->y0 = (float)(r->y1 < r->y2 ? r->y1 : r->y2);
            g->y1 = (float)(r->y1 < r->y2 ? r->y2 : r->y1);
            g->cp = (int32_t)c;
        }
    }
    g_free(rects);
    g_free(text);
    return n;
}

/* Is the page of a size that can be rendered to look for rulings? */
static bool renderable(double pw, double ph)
{
    return pw > 0 && ph > 0 && pw <= 20000 && ph <= 20000;
}

/* Does the page have annotations (form fields, stamps, notes)? A rendering
 * draws them, and while it fills the text layer their text would go into it;
 * the text layer read alone has the page's own text only. */
static bool has_annots(PopplerPage *page)
{
    GList *l = poppler_page_get_annot_mapping(page);
    bool any = l != NULL;
    poppler_page_free_annot_mapping(l);
    return any;
}

/* Buffers reused from page to page of one document (pixels and dark map):
 * no new allocation, and no page faults, per rendered page. */
typedef struct raster {
    unsigned char *px, *dark;
    size_t pxcap, darkcap;
    unsigned char *ocrpx, *gray; /* the page rendered for OCR, and its grey image */
    size_t ocrcap, graycap;
} raster;

/* What OCR did on a document: pages read, and words it was unsure of (with their page). */
typedef struct ocr_run {
    js_ocr *ocr; /* NULL: scans are not read (the error says so) */
    int pages;
    unsigned char *which; /* [1..npages]: read by OCR */
    int npages;
    js_ocr_word *doubts;
    int *doubt_page;
    int ndoubts, cap;
} ocr_run;

static bool grow(unsigned char **p, size_t *cap, size_t need)
{
    if (need <= *cap) return true;
    free(*p);
    *p = malloc(need);
    *cap = *p ? need : 0;
    return *p != NULL;
}

/* Is the RGB24 pixel dark (luminance below 180 of 255)? */
static unsigned char dark_px(uint32_t px)
{
    unsigned r = (px >> 16) & 0xFF, g = (px >> 8) & 0xFF, b = px & 0xFF;
    return (r * 30 + g * 59 + b * 11) < 180 * 100;
}

/* Draw page at scale onto white RGB24 pixels px (w × h, stride bytes a row):
 * the one rendering that ruling-line detection and OCR both start from. */
static bool render_white(PopplerPage *page, unsigned char *px, int w, int h, int stride,
                         double scale)
{
    cairo_surface_t *s = cairo_image_surface_create_for_data(px, CAIRO_FORMAT_RGB24, w, h, stride);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return false;
    }
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    cairo_surface_destroy(s);
    return true;
}

/* Render the page (white background) and mark dark pixels. When the page's
 * text layer has not been read yet, poppler-glib fills it during this same
 * pass, so the glyphs read afterwards cost no second parse of the content
 * stream. Returns false when the page is too large to render (then no
 * rulings are used) or on OOM. */
static bool page_pixmap(PopplerPage *page, double pw, double ph, raster *ra, js_pixmap *pix)
{
    double scale = RULE_SCALE;
    if (!renderable(pw, ph)) return false;
    while (pw * scale * ph * scale > MAX_RENDER_PIXELS && scale > 0.05)
        scale /= 2;
    int w = (int)ceil(pw * scale), h = (int)ceil(ph * scale);
    if (w < 8 || h < 8) return false;
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, w);
    if (stride <= 0 || !grow(&ra->px, &ra->pxcap, (size_t)stride * (size_t)h) ||
        !grow(&ra->dark, &ra->darkcap, (size_t)w * (size_t)h))
        return false;
    if (!render_white(page, ra->px, w, h, stride, scale)) return false;
    /* most of a page is white: test eight pixels at a time */
    const uint64_t white2 = 0x00FFFFFF00FFFFFFull;
    for (int y = 0; y < h; y++) {
        const unsigned char *row = ra->px + (size_t)y * (size_t)stride;
        unsigned char *o = ra->dark + (size_t)y * (size_t)w;
        int x = 0;
        for (; x + 8 <= w; x += 8) {
            uint64_t q[4];
            memcpy(q, row + 4 * (size_t)x, sizeof q);
            if ((q[0] & q[1] & q[2] & q[3] & white2) == white2) {
                memset(o + x, 0, 8);
                continue;
            }
            uint32_t p[8];
            memcpy(p, row + 4 * (size_t)x, sizeof p);
            for (int k = 0; k < 8; k++)
                o[x + k] = dark_px(p[k]);
        }
        for (; x < w; x++) {
            uint32_t p;
            memcpy(&p, row + 4 * (size_t)x, 4);
            o[x] = dark_px(p);
        }
    }
    pix->dark = ra->dark;
    pix->w = w;
    pix->h = h;
    pix->scale = (float)scale;
    return true;
}

/* ---- scanned pages ------------------------------------------------------ */

enum { MAX_OCR_PIXELS = 40000000, OCR_DPI_MIN = 150, OCR_DPI_MAX = 400 };

/* The resolution (dpi) of the largest image on the page, as placed; 0 when none. */
static int image_dpi(PopplerPage *page)
{
    GList *im = poppler_page_get_image_mapping(page);
    double best = 0;
    int dpi = 0;
    for (GList *l = im; l; l = l->next) {
        PopplerImageMapping *m = l->data;
        double aw = fabs(m->area.x2 - m->area.x1), ah = fabs(m->area.y2 - m->area.y1);
        if (aw * ah <= best || aw < 1) continue;
        cairo_surface_t *s = poppler_page_get_image(page, m->image_id);
        if (!s) continue;
        int w = cairo_image_surface_get_width(s);
        cairo_surface_destroy(s);
        if (w <= 0) continue;
        best = aw * ah;
        dpi = (int)(w / (aw / 72.0) + 0.5);
    }
    poppler_page_free_image_mapping(im);
    return dpi;
}

/* Does the page's area mostly hold one image (a scanned page)? */
static bool mostly_image(PopplerPage *page, double pw, double ph)
{
    GList *im = poppler_page_get_image_mapping(page);
    bool yes = false;
    for (GList *l = im; l && !yes; l = l->next) {
        PopplerImageMapping *m = l->data;
        double a = fabs(m->area.x2 - m->area.x1) * fabs(m->area.y2 - m->area.y1);
        yes = a >= 0.6 * pw * ph;
    }
    poppler_page_free_image_mapping(im);
    return yes;
}

/* A text layer that is junk: mostly characters no disclosure prints (U+FFFD,
 * private use, controls), or, over a page that is one image, no Chinese at all
 * (an invisible layer a scanner wrote with the wrong language). Whether the
 * page is one image is asked only for a layer without Chinese: finding a
 * page's images costs a parse of its content stream. */
static bool junk_layer(const js_glyph *g, int n, PopplerPage *page, double pw, double ph)
{
    int bad = 0, cjk = 0;
    for (int i = 0; i < n; i++) {
        int32_t c = g[i].cp;
        bad += c == 0xFFFD || (c >= 0xE000 && c <= 0xF8FF) || c < 0x20 || (c >= 0x80 && c < 0xA0);
        cjk += c >= 0x4E00 && c <= 0x9FFF;
    }
    return n > 0 && (bad * 10 >= n * 3 || (cjk == 0 && mostly_image(page, pw, ph)));
}

/* Render the page at dpi into a grey image for OCR (buffers reused). */
static bool ocr_render(PopplerPage *page, double pw, double ph, int dpi, raster *ra, int *w, int *h,
                       double *scale)
{
    double sc = dpi / 72.0;
    if (!renderable(pw, ph)) return false;
    while (pw * sc * ph * sc > MAX_OCR_PIXELS && sc > 0.5)
        sc *= 0.8;
    *w = (int)ceil(pw * sc);
    *h = (int)ceil(ph * sc);
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, *w);
    if (*w < 16 || *h < 16 || stride <= 0 ||
        !grow(&ra->ocrpx, &ra->ocrcap, (size_t)stride * (size_t)*h) ||
        !grow(&ra->gray, &ra->graycap, (size_t)*w * (size_t)*h))
        return false;
    if (!render_white(page, ra->ocrpx, *w, *h, stride, sc)) return false;
    for (int y = 0; y < *h; y++) {
        const unsigned char *row = ra->ocrpx + (size_t)y * (size_t)stride;
        unsigned char *o = ra->gray + (size_t)y * (size_t)*w;
        for (int x = 0; x < *w; x++) {
            uint32_t p;
            memcpy(&p, row + 4 * (size_t)x, 4);
            unsigned r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
            o[x] = (unsigned char)((r * 30 + g * 59 + b * 11) / 100);
        }
    }
    *scale = sc;
    return true;
}

/* OCR one scanned page into *gv; its doubtful words into run. Returns the
 * glyph count, or -1 (err set) when OCR cannot run or fails. */
static int page_ocr(PopplerPage *page, int pageno, double pw, double ph, raster *ra, ocr_run *run,
                    js_glyph **gv, int *gcap, const char *path, js_err *err)
{
    if (!js_ocr_ready(run->ocr, path, err)) return -1;
    int dpi = image_dpi(page);
    if (dpi <= 0) dpi = JS_OCR_DPI;
    if (dpi < OCR_DPI_MIN) dpi = OCR_DPI_MIN;
    if (dpi > OCR_DPI_MAX) dpi = OCR_DPI_MAX;
    int w, h;
    double sc;
    if (!ocr_render(page, pw, ph, dpi, ra, &w, &h, &sc)) {
        js_err_set(err, JS_EINPUT, "%s: page %d: the scanned page cannot be rendered for OCR", path,
                   pageno);
        return -1;
    }
    js_ocr_word dz[JS_OCR_MAX_DOUBT];
    int nd = 0, ng = 0;
    if (js_ocr_page(run->ocr, ra->gray, w, h, w, (float)sc, gv, gcap, &ng, dz, &nd) != JS_OK) {
        js_err_set(err, JS_EINTERNAL, "%s: page %d: OCR failed", path, pageno);
        return -1;
    }
    run->pages++;
    if (!run->which) run->which = calloc((size_t)run->npages + 2, 1);
    if (run->which && pageno <= run->npages) run->which[pageno] = 1;
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
    return ng;
}

static int doc_error(const char *path, GError *ge, js_err *err)
{
    int rc;
    if (ge && ge->domain == POPPLER_ERROR && ge->code == POPPLER_ERROR_ENCRYPTED)
        rc = js_err_set(err, JS_EINPUT,
                        "%s: the PDF is encrypted (password-protected): cannot read it", path);
    else
        rc = js_err_set(err, JS_EINPUT, "%s: not a readable PDF (%s)", path,
                        ge && ge->message ? ge->message : "damaged or truncated");
    return rc;
}

/* The source lines of an open document (pd is not released here). */
static int doc_srcdoc(js_arena *a, const char *path, PopplerDocument *pd, ocr_run *run,
                      js_srcdoc *out, js_err *err)
{
    int npages = poppler_document_get_n_pages(pd);
    int rc = JS_OK;
    if (npages <= 0) {
        rc = js_err_set(err, JS_EINPUT, "%s: the PDF has no pages", path);
    } else if (npages > MAX_PAGES) {
        rc = js_err_set(err, JS_EINPUT, "%s: the PDF has %d pages (more than %d): not read", path,
                        npages, MAX_PAGES);
    }
    if (run) run->npages = npages;
    js_linevec lv = {0};
    js_glyph *gv = NULL;
    int gcap = 0;
    raster ra = {0};
    long total_glyphs = 0;
    int image_pages = 0;
    bool after_table = false; /* the last page with text could hold a table */
    for (int i = 0; rc == JS_OK && i < npages; i++) {
        PopplerPage *page = poppler_document_get_page(pd, i);
        if (!page) {
            rc = js_err_set(err, JS_EINPUT, "%s: page %d: cannot be read (damaged PDF)", path,
                            i + 1);
            break;
        }
        double pw = 0, ph = 0;
        poppler_page_get_size(page, &pw, &ph);
        /* A page after a page of tables is likely to hold tables too: it is
         * rendered first, which also gives its text layer, so that it is
         * parsed once, not once for its text and again to be rendered.
         * Otherwise (or when the page has annotations, whose text the
         * rendering would add) the text layer is read alone, and the page is
         * rendered only if it turns out to hold a table. */
        js_pixmap pix = {0};
        bool have_pix = after_table && !has_annots(page) && page_pixmap(page, pw, ph, &ra, &pix);
        int ng = page_glyphs(page, &gv, &gcap);
        if (ng < 0) {
            rc = js_err_set(err, JS_EINTERNAL, "%s: page %d: out of memory", path, i + 1);
            g_object_unref(page);
            break;
        }
        /* a page that is an image without text (a scan), or with only a junk
         * text layer over it, is read by OCR when the caller allows it */
        if (run && run->ocr &&
            (ng == 0 ? mostly_image(page, pw, ph) : junk_layer(gv, ng, page, pw, ph))) {
            have_pix = false;
            ng = page_ocr(page, i + 1, pw, ph, &ra, run, &gv, &gcap, path, err);
            if (ng < 0) {
                rc = err->status;
                g_object_unref(page);
                break;
            }
        }
        total_glyphs += ng;
        if (ng > 0) {
            after_table = js_geom_maybe_table(gv, ng);
            if (!after_table)
                have_pix = false; /* not a page of tables: running text only */
            else if (!have_pix)
                have_pix = page_pixmap(page, pw, ph, &ra, &pix);
        } else {
            have_pix = false;
            GList *im = poppler_page_get_image_mapping(page);
            if (im) image_pages++;
            poppler_page_free_image_mapping(im);
        }
        if (js_geom_page(a, i + 1, (float)pw, (float)ph, gv, ng, have_pix ? &pix : NULL, &lv) !=
            JS_OK)
            rc = js_err_set(err, JS_EINTERNAL, "%s: page %d: out of memory", path, i + 1);
        g_object_unref(page);
    }
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
    free(gv);
    free(ra.px);
    free(ra.dark);
    free(ra.ocrpx);
    free(ra.gray);
    if (rc != JS_OK) return rc;
    out->lines = lv.v;
    out->nlines = lv.n;
    out->positional = true;
    out->npages = npages;
    return JS_OK;
}

static int bytes_srcdoc(js_arena *a, const char *path, const char *data, size_t n, ocr_run *run,
                        js_srcdoc *out, js_err *err)
{
    memset(out, 0, sizeof *out);
    if (n == 0) return js_err_set(err, JS_EINPUT, "%s: empty file", path);
    GBytes *bytes = g_bytes_new_static(data, n);
    GError *ge = NULL;
    PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, &ge);
    int rc;
    if (!pd) {
        rc = doc_error(path, ge, err);
        if (ge) g_error_free(ge);
    } else {
        rc = doc_srcdoc(a, path, pd, run, out, err);
        g_object_unref(pd);
    }
    g_bytes_unref(bytes);
    return rc;
}

int js_pdf_srcdoc(js_arena *a, const char *path, const char *data, size_t n, js_srcdoc *out,
                  js_err *err)
{
    return bytes_srcdoc(a, path, data, n, NULL, out, err);
}

enum { NOT_A_FILE = -1 };

/* The source lines of the PDF file at path, read by poppler from the file
 * itself: only the objects the pages need are read, the file is not copied
 * into memory first. NOT_A_FILE when path cannot be read that way (stdin "-",
 * not a regular file, empty, cannot be opened): the caller reads it into
 * memory, which also gives the error messages. */
static int file_srcdoc(js_arena *a, const char *path, ocr_run *run, js_srcdoc *out, js_err *err)
{
    memset(out, 0, sizeof *out);
    if (strcmp(path, "-") == 0) return NOT_A_FILE;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NOT_A_FILE;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
        close(fd);
        return NOT_A_FILE;
    }
    GError *ge = NULL;
    PopplerDocument *pd = poppler_document_new_from_fd(fd, NULL, &ge); /* owns fd */
    int rc;
    if (!pd) {
        rc = doc_error(path, ge, err);
        if (ge) g_error_free(ge);
    } else {
        rc = doc_srcdoc(a, path, pd, run, out, err);
        g_object_unref(pd);
    }
    return rc;
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
        js_ocr_fix_labels(ctx->templates, doc->arena, src, run->which, run->npages) < 0)
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
    ocr_run run = {.ocr = ctx->ocr};
    int rc = bytes_srcdoc(doc->arena, path, data, n, &run, &src, err);
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
