/*
 * pdf_font.h - the fonts of a page as the PDF reader's device needs them
 * (pdf_font.c), and Flate streams decompressed before MuPDF reads them.
 *
 * Before a page is interpreted, js_pdf_scan_fonts loads every font of its
 * resources (and of its forms): it notes each font's ascent and descent (the
 * height of its glyph boxes), decompresses its program with libdeflate, or gives a
 * CID-keyed font a stand-in program (the reader never draws glyphs; advances then
 * come from the PDF's /W widths, js_pdf_width, and characters, when the reader maps
 * them itself, from the font's ToUnicode map kept in js_pdf_pagebuf.tu).
 */
#ifndef JS_PDF_FONT_H
#define JS_PDF_FONT_H

#include "pdf_dev.h"

/* A font's ascent and descent (fractions of the font size). */
typedef struct js_pdf_fmetric {
    fz_font *font;
    float asc, desc;
} js_pdf_fmetric;

/* The fonts of one page. */
typedef struct js_pdf_fonts {
    js_pdf_fmetric *fm;
    int n, cap;
} js_pdf_fonts;

/* Load the fonts of resource dictionary res (and of its forms, depth-limited)
 * into fs, preparing their programs as above (buf: the document's buffers). */
void js_pdf_scan_fonts(fz_context *ctx, pdf_document *doc, js_pdf_pagebuf *buf, js_pdf_fonts *fs,
                       pdf_obj *res);

/* The ascent and descent of font: from fs when it is one of the page's fonts,
 * else its own metrics (0.95 and -0.35 when nonsense). */
void js_pdf_font_metrics(fz_context *ctx, const js_pdf_fonts *fs, fz_font *font, float *asc,
                         float *desc);

/* -1 when font is not loaded from a stand-in program, else its mark: 0 when MuPDF
 * maps its characters, k > 0 when the reader does, with buf->tu[k - 1]. */
int js_pdf_stand_in_mark(const fz_font *font);

/* The advance of glyph gid of a font with a stand-in program: its PDF width. */
float js_pdf_width(const fz_font *font, int gid);

/* Decompress the Flate stream stm with libdeflate into the document in memory
 * (nothing when it is not one, or unusual: then MuPDF decompresses it). */
void js_pdf_inflate_stream(fz_context *ctx, pdf_document *doc, pdf_obj *stm);

#endif
