/*
 * ocr.h - reading scanned pages with tesseract (internal to libjuesuan).
 *
 * A js_ocr belongs to a js_ctx: the model (chi_sim+eng, ~60 MB of network
 * weights) is loaded on the first page that needs it, once per context, and
 * used under the context's lock, so a context stays safe to share between
 * threads. A program that never meets a scan never loads it.
 *
 * js_ocr_page reads a grey page image and gives its words as glyphs (one per
 * character, boxes in PDF points, top-left origin) in the form pdf_geom.c
 * takes from a PDF's text layer, so tables, narrative and page numbers of a
 * scan are rebuilt exactly as those of a PDF with text. A word's box is shared
 * out among its characters by their advance (a CJK character one em, others
 * half), which is what the page geometry expects of a font.
 *
 * The interface with the PDF reader (pdf.c, whichever library renders it: MuPDF
 * since the one-pass reader, poppler and cairo before), all the OCR side needs:
 *   1. the reader decides which pages are scans (no text, or a junk layer, over
 *      a page-sized image) and renders page N at a dpi into 8-bit grey pixels
 *      (w x h, stride; scale = dpi / 72 pixels per point, white = 255);
 *   2. js_ocr_page(ocr, grey, w, h, stride, scale, …) gives the page's glyphs in
 *      points, top-left origin, which the reader's page geometry takes as it
 *      takes a text layer's, and the doubtful words;
 *   3. after the source lines are built, js_ocr_fix_labels(templates, arena,
 *      lines, pages read by OCR, npages), then recognition as for any PDF.
 *
 * Ownership: js_ocr_new/js_ocr_free; glyph buffers are the caller's (malloc'd,
 * grown with realloc as in pdf.c).
 */
#ifndef JS_INGEST_OCR_H
#define JS_INGEST_OCR_H

#include "pdf_geom.h"

typedef struct js_ocr js_ocr;

/* A word tesseract was not sure of (confidence below JS_OCR_DOUBT), in points. */
typedef struct js_ocr_word {
    float x0, y0, x1, y1;
    int conf; /* 0..100 */
    char text[48];
} js_ocr_word;

enum {
    JS_OCR_DPI = 200,  /* rendering of a page whose images' resolution is unknown */
    JS_OCR_DOUBT = 70, /* words below this confidence are doubtful */
    JS_OCR_MAX_DOUBT = 64,
};

/* A new engine (nothing loaded yet); NULL when out of memory. */
js_ocr *js_ocr_new(void);
void js_ocr_free(js_ocr *o);

/* Can OCR run? (the language data is there; loads the model on first call).
 * false with err set (naming path) when tesseract or its data is missing. */
bool js_ocr_ready(js_ocr *o, const char *path, js_err *err);

/* Read the 8-bit grey image gray (w x h, stride bytes a row; scale pixels per
 * point) into glyphs appended to *gv (n in *ng, capacity *cap); low-confidence
 * words into doubts (at most JS_OCR_MAX_DOUBT, count in *ndoubt). JS_EINTERNAL
 * when out of memory or tesseract fails. */
int js_ocr_page(js_ocr *o, const unsigned char *gray, int w, int h, int stride, float scale,
                js_glyph **gv, int *cap, int *ng, js_ocr_word *doubts, int *ndoubt);

/* The labels of the scanned pages (pages[p] set for a page read by OCR, p in
 * 1..npages) read back to the names the templates print: a cell without a
 * digit that is a row name, 类 name, column header or table title of tp behind
 * OCR noise (an ordinal without its 、, Latin letters for a stroke, a doubled
 * or misread character: one edit, two from nine characters) becomes that name
 * (ocr_fix.c). Returns the number of cells changed, -1 when out of memory. */
struct js_templates;
struct js_doc;
int js_ocr_fix_labels(const struct js_templates *tp, js_arena *a, js_srcdoc *src,
                      const unsigned char *pages, int npages, struct js_doc *doc);

#endif
