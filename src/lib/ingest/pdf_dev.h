/*
 * pdf_dev.h - one interpretation of a PDF page through MuPDF (internal to
 * libjuesuan; pdf.c reads documents with it).
 *
 * js_pdf_page_read runs the page's content stream once through a MuPDF device
 * that keeps
 *   - every glyph of the text (filled, stroked, clipping or invisible text) as
 *     a js_glyph: its code point and its box, as poppler's text layer gives it
 *     (from the glyph's origin along its advance, and from the font
 *     descriptor's ascent to its descent), duplicates of fake-bold text left
 *     out;
 *   - the page WITHOUT its text (paths, shadings, images) recorded in a MuPDF
 *     display list, drawn by js_pdf_page_rules into a map of dark pixels at
 *     RULE_SCALE pixels per point when the page may hold a table: the ruling
 *     lines of tables, for pdf_geom.c;
 *   - the placed images: the largest one's share of the page and resolution
 *     (a scanned page, and the resolution to read it by OCR).
 * js_pdf_page_gray renders the whole page (text included) at a resolution into
 * grey pixels, for OCR.
 *
 * Ownership: the caller owns the fz_context, the document and the page; the
 * buffers of js_pdf_pagebuf are reused from page to page and released by
 * js_pdf_pagebuf_release; js_pdf_pageinfo_release drops the paths a page
 * read kept. Nothing is kept between calls.
 */
#ifndef JS_PDF_DEV_H
#define JS_PDF_DEV_H

#include "pdf_geom.h"

#include <mupdf/fitz.h>
#include <mupdf/pdf.h>

/* Buffers reused from page to page of one document. */
typedef struct js_pdf_pagebuf {
    js_glyph *gv;
    int gcap;
    unsigned char *dark;
    size_t darkcap;
    unsigned char *gray; /* the page rendered for OCR */
    size_t graycap;
    int stand_ins; /* fonts read with a stand-in program (pdf_dev.c): glyphs not drawn */
    pdf_cmap **tu; /* the ToUnicode maps of those the reader maps itself */
    int ntu, captu;
} js_pdf_pagebuf;

/* What one pass over a page gave. */
typedef struct js_pdf_pageinfo {
    float w, h;             /* page size in points, as displayed (rotation applied) */
    int nglyphs;            /* in buf->gv */
    fz_display_list *paths; /* the page without its text, or NULL (js_pdf_page_rules) */
    js_pixmap pix;          /* the dark map, once js_pdf_page_rules has drawn it */
    double image_share;     /* the largest image's area / the page's area */
    int image_dpi;          /* that image's resolution as placed (0: no image) */
    bool any_image;
} js_pdf_pageinfo;

/* A MuPDF context for one call, its warnings and errors silenced (the library
 * prints nothing; the callers' messages name the file and page); strokes drawn
 * at least min_line_width wide (0: as MuPDF draws them). NULL when out of memory.
 * The reader (pdf.c) and the page images and annotated PDF (render/pdf_annot.c)
 * make theirs here. */
fz_context *js_pdf_context(float min_line_width);

/* Open the PDF: the file at path when data is NULL, else data[0..n) (path then
 * only names it). NULL with err set (JS_EINPUT, the message starting with path)
 * when it is not a readable PDF or is encrypted. */
pdf_document *js_pdf_open(fz_context *ctx, const char *path, const char *data, size_t n,
                          js_err *err);

/* Read page (of doc) in one pass. Returns 0 (on damaged content too: what
 * was read before the damage is kept, without the dark map), or -1 when memory
 * ran out or the page cannot be set up at all. */
int js_pdf_page_read(fz_context *ctx, pdf_document *doc, fz_page *page, js_pdf_pagebuf *buf,
                     js_pdf_pageinfo *info);

/* Draw the page's paths (info->paths) into buf->dark: its ruling map, set in
 * info->pix. false when it cannot (no paths recorded, page too odd). */
bool js_pdf_page_rules(fz_context *ctx, js_pdf_pageinfo *info, js_pdf_pagebuf *buf);

/* Release what js_pdf_page_read kept in info (the recorded paths). */
void js_pdf_pageinfo_release(fz_context *ctx, js_pdf_pageinfo *info);

/* Render page at scale (pixels per point) into buf->gray, *w × *h grey
 * pixels, one byte each, rows of *w bytes. false when it cannot. */
bool js_pdf_page_gray(fz_context *ctx, fz_page *page, double scale, js_pdf_pagebuf *buf, int *w,
                      int *h);

void js_pdf_pagebuf_release(fz_context *ctx, js_pdf_pagebuf *buf);

#endif
