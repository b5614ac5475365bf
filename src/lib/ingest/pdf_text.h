/*
 * pdf_text.h - what pdf_geom.c (rulings, tables, the page's lines) and pdf_text.c
 * (free text: lines by baseline, two-column runs) share (internal to libjuesuan).
 */
#ifndef JS_PDF_TEXT_H
#define JS_PDF_TEXT_H

#include "pdf_geom.h"

#include "juesuan/text.h"

static inline float gcx(const js_glyph *g)
{
    return (g->x0 + g->x1) / 2;
}
static inline float gh(const js_glyph *g)
{
    float h = g->y1 - g->y0;
    return h > 0.5f ? h : 0.5f;
}

/* Wide (CJK, full-width) characters are written without spaces between them. */
static inline bool wide(int32_t cp)
{
    return cp >= 0x2E80;
}

/* The em of a glyph's font, estimated from its advance: a wide glyph is about
 * one em wide, a narrow one about half. (Box heights are unreliable: fonts
 * with a broken bounding box give boxes far lower or taller than the text.) */
static inline float gem(const js_glyph *g)
{
    float w = g->x1 - g->x0;
    float e = wide(g->cp) ? w : 2.0f * w;
    if (e < 1.0f) e = gh(g);
    return e > 1.0f ? e : 1.0f;
}

/* Vertical centre of a glyph. A box much taller than its em (a font whose
 * bounding box is wrong) is measured from its bottom, which stays near the
 * line's baseline. */
static inline float gcy(const js_glyph *g)
{
    float h = g->y1 - g->y0, e = gem(g);
    return g->y1 - (h < e ? h : e) / 2;
}

/* ---- the page's cells and lines ---------------------------------------------- */

typedef struct pcell {
    const char *text;
    size_t len;
    float x0, x1, y0, y1; /* x0/x1: cell extent; y: box of its glyphs */
} pcell;

typedef struct pline {
    float y0, y1, x0, x1;
    float key;    /* reading order: top rule of a band, centre of a text line */
    int first, n; /* cells[first .. first+n) of the page's cell list */
} pline;

typedef struct page_out {
    js_arena *a;
    pcell *cells;
    int ncells, capcells;
    pline *lines;
    int nlines, caplines;
    js_buf tmp, norm;
} page_out;

int js_geom_cmp_cy(const void *a, const void *b);
int js_geom_cmp_x(const void *a, const void *b);
void js_geom_put_cp(js_buf *b, int32_t cp);
/* Split g[0..n) (sorted by vertical centre) into lines: the number of glyphs in the first. */
int js_geom_line_len(const js_glyph *g, int n);
bool js_geom_add_cell(page_out *po, js_buf *raw, float x0, float x1, float y0, float y1);
bool js_geom_add_line(page_out *po, int first, float key, float y0, float y1, float x0, float x1);

/* Free text (glyphs outside ruled tables) into lines of po: by vertical centre, cells
 * split at gaps of 1.5 em; two-column runs column by column (pdf_text.c). */
bool js_geom_free_text(page_out *po, js_glyph *g, int n);

#endif
