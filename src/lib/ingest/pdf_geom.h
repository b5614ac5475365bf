/*
 * pdf_geom.h - page geometry to source lines (internal to libjuesuan).
 *
 * The PDF reader (pdf.c) hands each page here as glyphs (one code point and
 * its box, PDF points, top-left origin) and, when the page could be drawn,
 * a map of dark pixels from which the ruling lines of tables are found. The
 * result is appended to a js_srcdoc:
 *
 *   - a ruled table becomes one source line per row band (the space between
 *     two horizontal rules), one cell per ruled cell (the space between two
 *     vertical rules inside that band), blank cells included, with x0/x1 the
 *     positions of the rules. Text wrapped over several lines inside one ruled
 *     cell is joined; a number printed above or below the middle of its row
 *     still belongs to the band that contains its vertical centre.
 *   - all other text becomes lines grouped by baseline, split into cells
 *     where the gap between two glyphs is at least one em (like the runs of
 *     two spaces of pdftotext -layout), x0/x1 the extent of the cell's glyphs.
 *
 * Lines of one page are in reading order (top to bottom). Every line and cell
 * has loc.page and loc's box set.
 */
#ifndef JS_PDF_GEOM_H
#define JS_PDF_GEOM_H

#include "juesuan/ingest.h"

typedef struct js_glyph {
    float x0, y0, x1, y1; /* PDF points, top-left origin */
    int32_t cp;           /* Unicode code point (never whitespace) */
} js_glyph;

/* Dark pixels of the page drawn without its text: dark[y * w + x] != 0; one pixel is 1/scale
 * points. */
typedef struct js_pixmap {
    const unsigned char *dark;
    int w, h;
    float scale;
} js_pixmap;

/* A growing list of source lines (arena-backed). */
typedef struct js_linevec {
    js_srcline *v;
    float **ys; /* ys[i]: y0, y1 of each cell of v[i] (js_srcdoc.cell_y) */
    int n, cap;
} js_linevec;

/* Lay out one page (1-based pageno) of width pw, height ph points. glyphs may
 * be reordered. pix may be NULL (no rulings: every line is grouped by
 * baseline). Returns JS_OK or JS_EINTERNAL (out of memory). */
int js_geom_page(js_arena *a, int pageno, float pw, float ph, js_glyph *glyphs, int nglyphs,
                 const js_pixmap *pix, js_linevec *out);

/* Could the page hold a table of amounts? At least two lines of two or more
 * cells (gaps of 1.5 em) with a decimal number (1,503.52) in them. The rulings
 * of other pages are not used. */
bool js_geom_maybe_table(const js_glyph *glyphs, int nglyphs);

/* Read the PDF at path (its bytes data[0..n)) into source lines (pdf.c): each
 * page interpreted once by MuPDF (pdf_dev.c) for its glyphs and the rulings of
 * the pages that can hold a table.
 * JS_EINPUT with err naming the file (and page) when it is not a readable PDF,
 * is encrypted, has no pages, or has no text layer (a scan: OCR needed). */
int js_pdf_srcdoc(js_arena *a, const char *path, const char *data, size_t n, js_srcdoc *out,
                  js_err *err);

#endif
