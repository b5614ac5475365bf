/*
 * annotate.h - the original PDF with the findings drawn on it (render/pdf_annot.c):
 * one page as a PNG image with a box at each finding of that page, and the
 * annotated PDF (every original page with numbered boxes, then a list of the
 * findings), both with MuPDF, the library that reads the PDF (docs/pdf.md):
 * the boxes of the annotated PDF are Square annotations on the original
 * pages, each with the finding as its contents.
 *
 * Boxes come from each finding's loc (PDF points, top-left origin). Where a
 * finding names a table cell whose box is the whole row, the box is narrowed
 * to the printed value of that cell when the page's text finds it there.
 * Findings without a page (text input) appear only in the list.
 *
 * Ownership: nothing is kept between calls; the output goes to sink in
 * chunks (a non-zero return from sink stops with JS_EINTERNAL).
 */
#ifndef JUESUAN_ANNOTATE_H
#define JUESUAN_ANNOTATE_H

#include "base.h"
#include "check.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef int (*js_annot_sink)(void *ud, const char *data, size_t n);

/* The box drawn for finding x of doc: its cell's printed value where found,
 * else x->loc. Returns false when the finding has no page or no box. */
bool js_annot_box(const js_doc *doc, const js_finding *x, js_loc *box);

/* Write the annotated PDF of the original pdf[0..n): each page with red
 * (error), orange (warning) or blue (notice) boxes numbered by finding id
 * (accepted findings grey), then one or more pages listing every finding
 * (page, rule, message, stated/expected). JS_EINPUT when pdf cannot be read. */
int js_annotate_pdf(const char *pdf, size_t n, const js_doc *doc, const js_findings *f,
                    js_annot_sink sink, void *ud, js_err *err);

/* The writer "annotated-pdf" of the writer table (render.h js_writers): read
 * the PDF doc was read from (doc->path), annotate it with f and write it to
 * path through a temporary file renamed into place. JS_EUSAGE without
 * findings or when doc->path is not a PDF. */
int js_annotate_pdf_file(const js_doc *doc, const js_findings *f, const char *path, js_err *err);

/* Render page (1-based) of pdf at scale (1.0 = 72 dpi; clamped to 0.5..4) as
 * a PNG with the boxes of the findings on that page; the finding numbered
 * focus (0: none) is drawn thicker. JS_EUSAGE for a page out of range. */
int js_annotate_page_png(const char *pdf, size_t n, const js_doc *doc, const js_findings *f,
                         int page, double scale, int focus, js_annot_sink sink, void *ud,
                         js_err *err);

#ifdef __cplusplus
}
#endif
#endif
