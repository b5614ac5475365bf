/*
 * pdf_annot.c - the original PDF with the findings drawn on it (annotate.h),
 * through MuPDF, the library that reads the PDF (ingest/pdf.c):
 *
 *   - a page as a PNG image: the page drawn by MuPDF's draw device, the
 *     findings' boxes drawn on top with the same device;
 *   - the annotated PDF: the original document itself (pages untouched) with
 *     one Square annotation per finding (colour by severity, /Contents the
 *     finding's message, so a viewer shows it on hover) whose appearance is
 *     the box and its numbered tag, then pages listing every finding, set in
 *     Chinese with a CJK font of the Adobe-GB1 collection (not embedded: every
 *     PDF viewer has one; widths and a ToUnicode map are written, so the list
 *     reads and extracts the same everywhere).
 *
 * The reader gives a table finding the box of its whole row; the box is
 * narrowed to the printed value of the cell by finding that text on the page
 * inside the row (MuPDF's text search over the page's structured text),
 * choosing among equal values of the row by the cell's order. Every MuPDF
 * object, the context included, is made and released within a call.
 */
#include "juesuan/annotate.h"
#include "ingest/pdf_dev.h"
#include "juesuan/juesuan.h"
#include "render/render_impl.h"

#include <math.h>
#include <mupdf/fitz.h>
#include <mupdf/pdf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { MAX_PNG_PIXELS = 24000000, MAX_MARKS = 512, MAX_HITS = 64 };

static const float LABEL_H = 11.0f;   /* points: the numbered tag above a box */
static const float LABEL_SIZE = 8.0f; /* its digits */

/* ---- narrowing a row box to the cell's printed value ------------------------------ */

static const js_row *finding_row(const js_doc *doc, const js_finding *x, const js_table **tp)
{
    if (!doc || !x->table || !x->row || !x->column || strlen(x->table) != 2) return NULL;
    int no = x->table[1] - '0';
    if (x->table[0] != '0' || no < 1 || no > 9 || !doc->tables[no]) return NULL;
    *tp = doc->tables[no];
    return js_table_row(*tp, x->row);
}

static int cmp_rect(const void *a, const void *b)
{
    const fz_rect *p = a, *q = b;
    return (p->x0 > q->x0) - (p->x0 < q->x0);
}

/* The places text is printed on the page (st: its structured text, page
 * space: top-left origin, as the reader's boxes) within box (vertically
 * within slack points of it), sorted left to right; at most max. */
static int find_in(fz_context *ctx, fz_stext_page *st, const char *text, const js_loc *box,
                   float slack, fz_rect *m, int max)
{
    fz_quad q[MAX_HITS];
    int mark[MAX_HITS];
    volatile int nq = 0;
    int n = 0;
    fz_try(ctx) nq = fz_search_stext_page(ctx, st, text, mark, q, MAX_HITS);
    fz_catch(ctx) nq = 0;
    for (int i = 0; i < nq;) {
        fz_rect r = fz_rect_from_quad(q[i]); /* one hit: its quads (one per line) */
        for (i++; i < nq && !mark[i]; i++)
            r = fz_union_rect(r, fz_rect_from_quad(q[i]));
        float cy = (r.y0 + r.y1) / 2;
        if (n < max && cy >= box->y0 - slack && cy <= box->y1 + slack && r.x0 >= box->x0 - 2 &&
            r.x1 <= box->x1 + 2)
            m[n++] = r;
    }
    qsort(m, (size_t)n, sizeof *m, cmp_rect);
    return n;
}

static void set_box(js_loc *box, const fz_rect *m)
{
    box->x0 = m->x0 - 2;
    box->x1 = m->x1 + 2;
    box->y0 = m->y0 - 1.5f;
    box->y1 = m->y1 + 1.5f;
}

/* A figure of the 说明: the stated value printed nearest the line's box. */
static void narrow_text(fz_context *ctx, fz_stext_page *st, const js_finding *x, js_loc *box)
{
    /* a figure of one or two characters ("0") is found everywhere: keep the line */
    if (!x->stated || strlen(x->stated) < 3 || strlen(x->stated) > 60) return;
    fz_rect m[MAX_HITS];
    int n = find_in(ctx, st, x->stated, box, 14, m, MAX_HITS);
    float cy = (box->y0 + box->y1) / 2, best = 1e9f;
    int pick = -1;
    for (int i = 0; i < n; i++) {
        float d = fabsf((m[i].y0 + m[i].y1) / 2 - cy);
        if (d < best - 0.5f) best = d, pick = i;
    }
    if (pick >= 0) set_box(box, &m[pick]);
}

static void narrow(fz_context *ctx, fz_stext_page *st, const js_doc *doc, const js_finding *x,
                   js_loc *box)
{
    const js_table *t = NULL;
    const js_row *row = finding_row(doc, x, &t);
    if (!row) {
        if (!x->table) narrow_text(ctx, st, x, box);
        return;
    }
    int ci = js_table_col(t, x->column);
    if (ci < 0 || !row->cells[ci].text || !row->cells[ci].text[0]) return;
    const char *text = row->cells[ci].text;
    /* the cell's rank among the cells of its row that print the same text */
    int rank = 0, same = 0;
    for (int c = 0; c < t->ncols; c++) {
        const char *o = row->cells[c].text;
        if (!o || strcmp(o, text) != 0) continue;
        if (c < ci) rank++;
        same++;
    }
    fz_rect m[MAX_HITS];
    int n = find_in(ctx, st, text, box, 2, m, MAX_HITS);
    if (n == 0) return;
    int pick = rank;
    if (n != same && x->row && strncmp(x->row, "支出:", strlen("支出:")) == 0)
        pick = n - same + rank; /* two-sided table: the spending side is on the right */
    if (pick < 0 || pick >= n) pick = 0;
    set_box(box, &m[pick]);
}

/* ---- the marks of a page: a box and its numbered tag per finding ----------------- */

typedef struct mark {
    const js_finding *x;
    fz_rect box, tag; /* page space, points */
    float rgb[3];
    bool focus, dashed;
    char num[16];
} mark;

static void sev_rgb(const js_finding *x, float rgb[3])
{
    static const float grey[3] = {0.55f, 0.55f, 0.55f}, red[3] = {0.86f, 0.10f, 0.10f},
                       orange[3] = {0.93f, 0.50f, 0.05f}, blue[3] = {0.15f, 0.40f, 0.85f};
    const float *c = x->accepted_by                  ? grey
                     : x->severity == JS_SEV_ERROR   ? red
                     : x->severity == JS_SEV_WARNING ? orange
                                                     : blue;
    memcpy(rgb, c, sizeof grey);
}

static float string_width(fz_context *ctx, fz_font *font, const char *s, float size)
{
    float w = 0;
    for (; *s; s++)
        w += fz_advance_glyph(ctx, font, fz_encode_character(ctx, font, (unsigned char)*s), 0);
    return w * size;
}

/* The marks of page p (1-based): boxes narrowed with the page's text, tags of
 * boxes at the same place moved right past each other. Returns their count;
 * throws on MuPDF errors. */
static int page_marks(fz_context *ctx, fz_page *page, fz_font *font, const js_doc *doc,
                      const js_findings *f, int p, int focus, mark *mk, int max)
{
    volatile int n = 0;
    fz_stext_page *st = NULL;
    fz_var(st);
    fz_try(ctx)
    {
        for (int i = 0; i < f->n && n < max; i++) {
            const js_finding *x = &f->items[i];
            js_loc b;
            if (x->loc.page != p || !js_annot_box(doc, x, &b)) continue;
            if (!st) st = fz_new_stext_page_from_page(ctx, page, NULL);
            narrow(ctx, st, doc, x, &b);
            if (b.y1 - b.y0 < 8) { /* a line's box at its baseline: grow it over the glyphs */
                b.y0 = b.y1 - 11;
                b.y1 += 1;
            }
            mark *m = &mk[n];
            memset(m, 0, sizeof *m);
            m->x = x;
            m->box = fz_make_rect(b.x0, b.y0, b.x1, b.y1);
            sev_rgb(x, m->rgb);
            m->focus = focus && x->id == focus;
            m->dashed = x->accepted_by != NULL;
            snprintf(m->num, sizeof m->num, "%d", x->id);
            float w = string_width(ctx, font, m->num, LABEL_SIZE) + 5, lx = b.x0,
                  ly = b.y0 - LABEL_H;
            if (ly < 0) ly = b.y0;
            for (int k = 0; k < n; k++)
                if (fabsf(mk[k].tag.y0 - ly) < LABEL_H && mk[k].tag.x1 > lx - 1 &&
                    mk[k].tag.x1 - lx < 400)
                    lx = mk[k].tag.x1 + 1;
            m->tag = fz_make_rect(lx, ly, lx + w, ly + LABEL_H - 1);
            n++;
        }
    }
    fz_always(ctx) fz_drop_stext_page(ctx, st);
    fz_catch(ctx) fz_rethrow(ctx);
    return n;
}

static void fill_rect(fz_context *ctx, fz_device *dev, fz_matrix ctm, fz_rect r, const float *rgb,
                      float alpha)
{
    fz_path *path = fz_new_path(ctx);
    fz_try(ctx)
    {
        fz_rectto(ctx, path, r.x0, r.y0, r.x1, r.y1);
        fz_fill_path(ctx, dev, path, 0, ctm, fz_device_rgb(ctx), rgb, alpha,
                     fz_default_color_params);
    }
    fz_always(ctx) fz_drop_path(ctx, path);
    fz_catch(ctx) fz_rethrow(ctx);
}

/* Draw one mark (page space) through dev with ctm. */
static void draw_mark(fz_context *ctx, fz_device *dev, fz_matrix ctm, fz_font *font, const mark *m)
{
    static const float yellow[3] = {1.0f, 0.9f, 0.0f}, white[3] = {1, 1, 1};
    if (m->focus) fill_rect(ctx, dev, ctm, m->box, yellow, 0.30f);
    fz_path *path = NULL;
    fz_stroke_state *ss = NULL;
    fz_text *text = NULL;
    fz_var(path);
    fz_var(ss);
    fz_var(text);
    fz_try(ctx)
    {
        path = fz_new_path(ctx);
        fz_rectto(ctx, path, m->box.x0, m->box.y0, m->box.x1, m->box.y1);
        ss = fz_new_stroke_state_with_dash_len(ctx, m->dashed ? 2 : 0);
        ss->linewidth = m->focus ? 2.5f : 1.2f;
        if (m->dashed) {
            ss->dash_len = 2;
            ss->dash_list[0] = 3;
            ss->dash_list[1] = 2;
        }
        fz_stroke_path(ctx, dev, path, ss, ctm, fz_device_rgb(ctx), m->rgb, 1,
                       fz_default_color_params);
        fill_rect(ctx, dev, ctm, m->tag, m->rgb, 1);
        text = fz_new_text(ctx);
        fz_matrix trm = fz_make_matrix(LABEL_SIZE, 0, 0, -LABEL_SIZE, m->tag.x0 + 2.5f,
                                       m->tag.y0 + LABEL_H - 3.5f);
        fz_show_string(ctx, text, font, trm, m->num, 0, 0, FZ_BIDI_LTR, FZ_LANG_UNSET);
        fz_fill_text(ctx, dev, text, ctm, fz_device_rgb(ctx), white, 1, fz_default_color_params);
    }
    fz_always(ctx)
    {
        fz_drop_text(ctx, text);
        fz_drop_stroke_state(ctx, ss);
        fz_drop_path(ctx, path);
    }
    fz_catch(ctx) fz_rethrow(ctx);
}

/* ---- MuPDF context, document, output --------------------------------------------- */

/* A MuPDF context (*ctx) and the PDF in pdf[0..n) opened in it (*pd), for
 * close_pdf; else JS_EINTERNAL (out of memory) or JS_EINPUT (unreadable,
 * encrypted or without pages) with err set, and nothing to close. */
static int open_pdf(fz_context **ctx, pdf_document **pd, const char *pdf, size_t n, js_err *err)
{
    *ctx = js_pdf_context(0);
    if (!*ctx) return js_err_set(err, JS_EINTERNAL, "out of memory");
    pdf_document *doc = js_pdf_open(*ctx, "the original PDF", pdf, n, err);
    volatile int np = 0;
    fz_try(*ctx) np = doc ? pdf_count_pages(*ctx, doc) : 0;
    fz_catch(*ctx) np = 0;
    if (doc && np <= 0) {
        js_err_set(err, JS_EINPUT, "the original PDF: not a readable PDF (no pages)");
        pdf_drop_document(*ctx, doc);
        doc = NULL;
    }
    if (!doc) {
        fz_drop_context(*ctx);
        return err ? err->status : JS_EINPUT;
    }
    *pd = doc;
    return JS_OK;
}

static void close_pdf(fz_context *ctx, pdf_document *pd)
{
    pdf_drop_document(ctx, pd);
    fz_drop_context(ctx);
}

typedef struct sink_st {
    js_annot_sink fn;
    void *ud;
    int64_t written;
    bool failed;
} sink_st;

static void sink_write(fz_context *ctx, void *state, const void *data, size_t n)
{
    sink_st *s = state;
    if (!s->failed && n && s->fn(s->ud, data, n) != 0) s->failed = true;
    if (s->failed) fz_throw(ctx, FZ_ERROR_GENERIC, "cannot write");
    s->written += (int64_t)n;
}

/* The PDF writer asks where it is (the cross-reference table's offsets). */
static int64_t sink_tell(fz_context *ctx, void *state)
{
    (void)ctx;
    return ((sink_st *)state)->written;
}

/* An output into the sink (written through a buffer of 64 KB). */
static fz_output *sink_output(fz_context *ctx, sink_st *s)
{
    fz_output *out = fz_new_output(ctx, 65536, s, sink_write, NULL, NULL);
    out->tell = sink_tell;
    return out;
}

/* ---- a page as a PNG --------------------------------------------------------------- */

int js_annotate_page_png(const char *pdf, size_t n, const js_doc *doc, const js_findings *f,
                         int page, double scale, int focus, js_annot_sink sink, void *ud,
                         js_err *err)
{
    const float sc = !(scale >= 0.5) ? 0.5f : scale > 4 ? 4.0f : (float)scale;
    fz_context *ctx;
    pdf_document *pd;
    int opened = open_pdf(&ctx, &pd, pdf, n, err);
    if (opened != JS_OK) return opened;
    volatile int rc = JS_OK;
    fz_page *volatile pg = NULL;
    fz_pixmap *volatile pix = NULL;
    fz_device *volatile dev = NULL;
    fz_font *volatile font = NULL;
    fz_output *volatile out = NULL;
    mark *mk = calloc(MAX_MARKS, sizeof *mk);
    sink_st s = {sink, ud, 0, false};
    if (!mk) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    if (rc == JS_OK && (page < 1 || page > pdf_count_pages(ctx, pd)))
        rc = js_err_set(err, JS_EUSAGE, "no page %d", page);
    fz_try(ctx)
    {
        if (rc != JS_OK) break;
        pg = fz_load_page(ctx, &pd->super, page - 1);
        fz_matrix ctm = fz_scale(sc, sc);
        fz_rect bounds = fz_bound_page(ctx, pg);
        ctm = fz_pre_translate(ctm, -bounds.x0, -bounds.y0);
        fz_irect ib = fz_round_rect(fz_transform_rect(bounds, ctm));
        double pw = ib.x1 - ib.x0, ph = ib.y1 - ib.y0;
        if (pw <= 0 || ph <= 0 || pw * ph > MAX_PNG_PIXELS) {
            rc = js_err_set(err, JS_EINPUT, "page %d is too large to draw", page);
            break;
        }
        pix = fz_new_pixmap_with_bbox(ctx, fz_device_rgb(ctx), ib, NULL, 0);
        fz_clear_pixmap_with_value(ctx, pix, 255);
        dev = fz_new_draw_device(ctx, fz_identity, pix);
        fz_run_page(ctx, pg, dev, ctm, NULL);
        font = fz_new_base14_font(ctx, "Helvetica-Bold");
        int nm = page_marks(ctx, pg, font, doc, f, page, focus, mk, MAX_MARKS);
        ctm = fz_pre_translate(fz_scale(sc, sc), -bounds.x0, -bounds.y0);
        for (int i = 0; i < nm; i++)
            draw_mark(ctx, dev, ctm, font, &mk[i]);
        fz_close_device(ctx, dev);
        out = sink_output(ctx, &s);
        fz_write_pixmap_as_png(ctx, out, pix);
        fz_close_output(ctx, out);
    }
    fz_always(ctx)
    {
        fz_drop_output(ctx, out);
        fz_drop_device(ctx, dev);
        fz_drop_font(ctx, font);
        fz_drop_pixmap(ctx, pix);
        fz_drop_page(ctx, pg);
    }
    fz_catch(ctx)
    {
        if (s.failed || pix)
            rc = js_err_set(err, JS_EINTERNAL, "page %d: cannot write the PNG", page);
        else
            rc = js_err_set(err, JS_EINPUT, "page %d cannot be read", page);
    }
    free(mk);
    close_pdf(ctx, pd);
    return rc;
}

/* ---- the annotated PDF: one Square annotation per finding ------------------------------ */

static void finding_contents(const js_finding *x, js_buf *b)
{
    static const char *const SEV[] = {"提示", "警告", "错误"};
    int sv = x->severity >= 0 && x->severity <= 2 ? x->severity : 0;
    js_buf_printf(b, "%d %s %s %s", x->id, SEV[sv], x->rule ? x->rule : "",
                  x->message ? x->message : "");
    if (x->stated || x->expected) {
        js_buf_puts(b, "（");
        if (x->stated) js_buf_printf(b, "所述 %s", x->stated);
        if (x->stated && x->expected) js_buf_puts(b, "，");
        if (x->expected) js_buf_printf(b, "应为 %s", x->expected);
        js_buf_puts(b, "）");
    }
    if (x->accepted_by)
        js_buf_printf(b, " 已接受（%s）：%s", x->accepted_by,
                      x->accepted_comment ? x->accepted_comment : "");
}

/* Add mark m to page as a Square annotation whose appearance is the mark
 * drawn in page space (ctm: PDF user space -> page space). */
static void add_annot(fz_context *ctx, pdf_page *page, fz_matrix ctm, fz_font *font, const mark *m)
{
    pdf_annot *annot = NULL;
    pdf_obj *res = NULL;
    fz_buffer *buf = NULL;
    fz_device *dev = NULL;
    js_buf text;
    js_buf_init(&text);
    fz_var(annot);
    fz_var(res);
    fz_var(buf);
    fz_var(dev);
    fz_try(ctx)
    {
        float lw = m->focus ? 2.5f : 1.2f;
        fz_rect all = fz_union_rect(fz_expand_rect(m->box, lw), m->tag);
        annot = pdf_create_annot(ctx, page, PDF_ANNOT_SQUARE);
        pdf_set_annot_rect(ctx, annot, all);
        pdf_set_annot_color(ctx, annot, 3, m->rgb);
        pdf_set_annot_border(ctx, annot, lw);
        finding_contents(m->x, &text);
        pdf_set_annot_contents(ctx, annot, text.data ? text.data : "");
        pdf_set_annot_author(ctx, annot, "juesuan");
        res = pdf_new_dict(ctx, page->doc, 2);
        buf = fz_new_buffer(ctx, 512);
        dev = pdf_new_pdf_device(ctx, page->doc, fz_invert_matrix(ctm), res, buf);
        draw_mark(ctx, dev, fz_identity, font, m);
        fz_close_device(ctx, dev);
        fz_rect bbox = fz_transform_rect(all, fz_invert_matrix(ctm));
        pdf_set_annot_appearance(ctx, annot, "N", NULL, fz_identity, bbox, res, buf);
    }
    fz_always(ctx)
    {
        js_buf_release(&text);
        fz_drop_device(ctx, dev);
        fz_drop_buffer(ctx, buf);
        pdf_drop_obj(ctx, res);
        pdf_drop_annot(ctx, annot);
    }
    fz_catch(ctx) fz_rethrow(ctx);
}

/* ---- the findings list pages ------------------------------------------------------------- */

static const float A4_W = 595, A4_H = 842, MARGIN = 42;

/* A run of text of one style. */
typedef struct run {
    const char *s;
    float rgb[3];
    bool bold;
} run;

/* The list being set: its font (measures), the GB1 map from Unicode to CIDs,
 * the widths of the CIDs used, the current page's content. */
typedef struct lister {
    pdf_document *doc;
    fz_font *font;
    pdf_cmap *cmap;
    pdf_obj *fontref;
    unsigned short *width; /* [CID]: 1000ths of an em + 1, 0: unused */
    int ncid;
    unsigned char hi_used[256]; /* first bytes of the UTF-16 codes used (ToUnicode) */
    fz_buffer *content;
    float y; /* top of the next line, page space */
} lister;

static int next_cp(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    int c = p[0], n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    for (int i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80) n = 1;
    if (n == 2) c = ((c & 0x1F) << 6) | (p[1] & 0x3F);
    if (n == 3) c = ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    if (n == 4)
        c = ((c & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    *s += n;
    return c;
}

/* The code written for code point c (UTF-16, BMP only: others are '?'), its
 * advance in ems; its CID's width is recorded. */
static int code_of(fz_context *ctx, lister *L, int c, float *adv)
{
    if (c < 0x20 || c > 0xFFFF || (c >= 0xD800 && c <= 0xDFFF)) c = '?';
    int cid = pdf_lookup_cmap(L->cmap, (unsigned)c);
    if (cid <= 0 || cid >= L->ncid) c = '?', cid = pdf_lookup_cmap(L->cmap, '?');
    int gid = fz_encode_character(ctx, L->font, c);
    *adv = gid > 0 ? fz_advance_glyph(ctx, L->font, gid, 0) : 1.0f;
    if (cid > 0 && cid < L->ncid) L->width[cid] = (unsigned short)(*adv * 1000 + 0.5f) + 1;
    L->hi_used[c >> 8] = 1;
    return c;
}

static bool word_char(int c)
{
    return c > 0x20 && c < 0x7F;
}

/* The width (points) of the word of ASCII characters starting at s. */
static float word_width(fz_context *ctx, lister *L, const char *s, float size)
{
    float w = 0, adv;
    while (*s && word_char((unsigned char)*s)) {
        code_of(ctx, L, (unsigned char)*s++, &adv);
        w += adv * size;
    }
    return w;
}

/* Lay the runs out as a paragraph at size (points) with lines lead × size
 * apart, wrapped at the text width (a word of ASCII characters, a figure, is
 * not broken unless it is longer than a line), from L->y down. Writes the
 * text into the page's content when emit; returns the paragraph's height. */
static float set_para(fz_context *ctx, lister *L, const run *r, int nr, float size, float lead,
                      bool emit)
{
    float width = A4_W - 2 * MARGIN, x = 0, y0 = L->y;
    float y = L->y + size; /* baseline of the first line (page space) */
    int prev = 0;
    for (int i = 0; i < nr; i++) {
        const char *s = r[i].s;
        bool open = false;
        while (s && *s) {
            const char *at = s;
            int c = next_cp(&s);
            float adv;
            int code = c == '\n' ? 0 : code_of(ctx, L, c, &adv);
            bool wrap = c == '\n' || (x > 0 && x + adv * size > width);
            if (!wrap && x > 0 && word_char(c) && !word_char(prev)) {
                float ww = word_width(ctx, L, at, size);
                wrap = x + ww > width && ww <= width;
            }
            prev = c;
            if (wrap) {
                if (open && emit) fz_append_string(ctx, L->content, "> Tj ET\n");
                open = false;
                x = 0;
                y += size * lead;
                if (c == '\n' || c == ' ') continue;
            }
            if (!open && emit) {
                const float *k = r[i].rgb;
                fz_append_printf(ctx, L->content, "BT /FC %g Tf %g %g %g rg %g %g %g RG %s ", size,
                                 k[0], k[1], k[2], k[0], k[1], k[2],
                                 r[i].bold ? "2 Tr 0.3 w" : "0 Tr");
                fz_append_printf(ctx, L->content, "1 0 0 1 %g %g Tm <", MARGIN + x, A4_H - y);
            }
            open = true;
            if (emit) fz_append_printf(ctx, L->content, "%04x", code);
            x += adv * size;
        }
        if (open && emit) fz_append_string(ctx, L->content, "> Tj ET\n");
    }
    float h = y + size * (lead - 1) - y0;
    if (emit) L->y += h;
    return h;
}

static void end_page(fz_context *ctx, lister *L)
{
    pdf_obj *res = NULL, *page = NULL;
    fz_var(res);
    fz_var(page);
    fz_try(ctx)
    {
        res = pdf_new_dict(ctx, L->doc, 1);
        pdf_obj *fonts = pdf_dict_put_dict(ctx, res, PDF_NAME(Font), 1);
        pdf_dict_puts(ctx, fonts, "FC", L->fontref);
        page = pdf_add_page(ctx, L->doc, fz_make_rect(0, 0, A4_W, A4_H), 0, res, L->content);
        pdf_insert_page(ctx, L->doc, -1, page);
    }
    fz_always(ctx)
    {
        pdf_drop_obj(ctx, page);
        pdf_drop_obj(ctx, res);
    }
    fz_catch(ctx) fz_rethrow(ctx);
    /* the page keeps its content buffer: a new one for the next page */
    fz_drop_buffer(ctx, L->content);
    L->content = NULL;
    L->content = fz_new_buffer(ctx, 4096);
    L->y = MARGIN;
}

/* The font's widths (/W) of the CIDs used, and a ToUnicode map: the codes are UTF-16. */
static void finish_font(fz_context *ctx, lister *L)
{
    pdf_obj *desc = pdf_array_get(ctx, pdf_dict_get(ctx, L->fontref, PDF_NAME(DescendantFonts)), 0);
    pdf_obj *w = pdf_dict_put_array(ctx, desc, PDF_NAME(W), 64);
    for (int cid = 0; cid < L->ncid; cid++) {
        if (!L->width[cid]) continue;
        pdf_array_push_int(ctx, w, cid);
        pdf_obj *one = pdf_array_push_array(ctx, w, 1);
        pdf_array_push_int(ctx, one, L->width[cid] - 1);
    }
    fz_buffer *cm = fz_new_buffer(ctx, 1024);
    fz_try(ctx)
    {
        int nhi = 0;
        for (int i = 0; i < 256; i++)
            nhi += L->hi_used[i];
        fz_append_string(ctx, cm,
                         "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                         "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> "
                         "def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                         "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        for (int i = 0, k = 0; i < 256; i++) {
            if (!L->hi_used[i]) continue;
            if (k % 100 == 0)
                fz_append_printf(ctx, cm, "%d beginbfrange\n", nhi - k < 100 ? nhi - k : 100);
            fz_append_printf(ctx, cm, "<%02x00> <%02xff> <%02x00>\n", i, i, i);
            if (++k % 100 == 0 || k == nhi) fz_append_string(ctx, cm, "endbfrange\n");
        }
        fz_append_string(ctx, cm,
                         "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        pdf_dict_put_drop(ctx, L->fontref, PDF_NAME(ToUnicode),
                          pdf_add_stream(ctx, L->doc, cm, NULL, 0));
    }
    fz_always(ctx) fz_drop_buffer(ctx, cm);
    fz_catch(ctx) fz_rethrow(ctx);
}

static const float BLACK[3] = {0, 0, 0}, GREY[3] = {0.4f, 0.4f, 0.4f},
                   LIGHT[3] = {0.55f, 0.55f, 0.55f};

/* The runs of one finding of the list; text points into x or into bufs. */
static int finding_runs(const js_finding *x, run *r, char bufs[3][96])
{
    static const char *const SEV[] = {"提示  ", "警告  ", "错误  "};
    static const float COL[3][3] = {
        {0.15f, 0.40f, 0.85f}, {0.93f, 0.50f, 0.05f}, {0.86f, 0.10f, 0.10f}};
    int sv = x->severity >= 0 && x->severity <= 2 ? x->severity : 0, n = 0;
    const float *body = x->accepted_by ? LIGHT : BLACK;
#define RUN(text, colour, b)                                                                       \
    do {                                                                                           \
        r[n].s = (text);                                                                           \
        memcpy(r[n].rgb, (colour), sizeof r[n].rgb);                                               \
        r[n++].bold = (b);                                                                         \
    } while (0)
    snprintf(bufs[0], 96, "%d  ", x->id);
    RUN(bufs[0], body, true);
    RUN(SEV[sv], x->accepted_by ? LIGHT : COL[sv], true);
    bufs[1][0] = 0;
    if (x->loc.page > 0)
        snprintf(bufs[1], 96, "第%d页  ", x->loc.page);
    else if (x->loc.line > 0)
        snprintf(bufs[1], 96, "第%d行  ", x->loc.line);
    RUN(bufs[1], body, false);
    RUN(x->rule, GREY, false);
    RUN("  ", body, false);
    RUN(x->message, body, false);
    if (x->stated || x->expected) {
        RUN("（", GREY, false);
        if (x->stated) {
            RUN("所述 ", GREY, false);
            RUN(x->stated, GREY, false);
        }
        if (x->stated && x->expected) RUN("，", GREY, false);
        if (x->expected) {
            RUN("应为 ", GREY, false);
            RUN(x->expected, GREY, false);
        }
        RUN("）", GREY, false);
    }
    if (x->accepted_by) {
        RUN("  已接受（", LIGHT, false);
        RUN(x->accepted_by, LIGHT, false);
        RUN("）：", LIGHT, false);
        RUN(x->accepted_comment, LIGHT, false);
    }
#undef RUN
    return n;
}

static void list_pages(fz_context *ctx, pdf_document *doc, const js_doc *jd, const js_findings *f)
{
    lister L = {.doc = doc, .y = MARGIN};
    fz_var(L.font);
    fz_var(L.cmap);
    fz_var(L.fontref);
    fz_var(L.width);
    fz_var(L.content);
    js_buf head;
    js_buf_init(&head);
    fz_try(ctx)
    {
        L.font = fz_new_cjk_font(ctx, FZ_ADOBE_GB);
        L.cmap = pdf_load_system_cmap(ctx, "UniGB-UTF16-H");
        L.fontref = pdf_add_cjk_font(ctx, doc, L.font, FZ_ADOBE_GB, 0, 1);
        L.ncid = 65536;
        L.width = fz_calloc(ctx, (size_t)L.ncid, sizeof *L.width);
        L.content = fz_new_buffer(ctx, 4096);
        int e, w, nn;
        js_findings_summary(f, &e, &w, &nn);
        run title = {"审核问题清单", {0, 0, 0}, true};
        set_para(ctx, &L, &title, 1, 13, 1.4f, true);
        js_buf_printf(&head, "%s", jd->dept ? jd->dept : "");
        if (jd->year) js_buf_printf(&head, "  %d年度", jd->year);
        js_buf_printf(&head,
                      "  %s\n%d 个错误，%d 个警告，%d 个提示（已接受的不计）  由 juesuan %s 生成",
                      jd->path ? jd->path : "", e, w, nn, JS_VERSION);
        run sub = {head.data, {0, 0, 0}, false};
        set_para(ctx, &L, &sub, 1, 10.5f, 1.4f, true);
        L.y += 10;
        if (f->n == 0) {
            run none = {"未发现问题。", {0, 0, 0}, false};
            set_para(ctx, &L, &none, 1, 9, 1.4f, true);
        }
        for (int i = 0; i < f->n; i++) {
            run r[24];
            char bufs[3][96];
            int nr = finding_runs(&f->items[i], r, bufs);
            float hh = set_para(ctx, &L, r, nr, 8, 1.45f, false);
            if (L.y + hh > A4_H - MARGIN && L.y > MARGIN + 1) end_page(ctx, &L);
            set_para(ctx, &L, r, nr, 8, 1.45f, true);
            L.y += 3;
        }
        end_page(ctx, &L);
        finish_font(ctx, &L);
    }
    fz_always(ctx)
    {
        js_buf_release(&head);
        fz_drop_buffer(ctx, L.content);
        fz_free(ctx, L.width);
        pdf_drop_obj(ctx, L.fontref);
        pdf_drop_cmap(ctx, L.cmap);
        fz_drop_font(ctx, L.font);
    }
    fz_catch(ctx) fz_rethrow(ctx);
}

int js_annotate_pdf(const char *pdf, size_t n, const js_doc *doc, const js_findings *f,
                    js_annot_sink sink, void *ud, js_err *err)
{
    fz_context *ctx;
    pdf_document *pd;
    int opened = open_pdf(&ctx, &pd, pdf, n, err);
    if (opened != JS_OK) return opened;
    volatile int rc = JS_OK, at = 0;
    pdf_page *volatile pg = NULL;
    fz_font *volatile font = NULL;
    fz_output *volatile out = NULL;
    mark *mk = calloc(MAX_MARKS, sizeof *mk);
    sink_st s = {sink, ud, 0, false};
    fz_try(ctx)
    {
        if (!mk) fz_throw(ctx, FZ_ERROR_MEMORY, "out of memory");
        font = fz_new_base14_font(ctx, "Helvetica-Bold");
        int np = pdf_count_pages(ctx, pd);
        for (int p = 1; p <= np; p++) {
            at = p;
            pg = pdf_load_page(ctx, pd, p - 1);
            int nm = page_marks(ctx, &pg->super, font, doc, f, p, 0, mk, MAX_MARKS);
            fz_matrix ctm;
            pdf_page_transform(ctx, pg, NULL, &ctm);
            for (int i = 0; i < nm; i++)
                add_annot(ctx, pg, ctm, font, &mk[i]);
            fz_drop_page(ctx, &pg->super);
            pg = NULL;
        }
        at = 0;
        list_pages(ctx, pd, doc, f);
        pdf_obj *trailer = pdf_trailer(ctx, pd);
        if (!pdf_is_dict(ctx, pdf_dict_get(ctx, trailer, PDF_NAME(Info)))) /* none: made */
            pdf_dict_put_drop(ctx, trailer, PDF_NAME(Info), pdf_add_new_dict(ctx, pd, 2));
        fz_set_metadata(ctx, &pd->super, FZ_META_INFO_TITLE, "决算公开审核标注");
        fz_set_metadata(ctx, &pd->super, FZ_META_INFO_CREATOR, "juesuan " JS_VERSION);
        pdf_write_options opts = pdf_default_write_options;
        opts.do_compress = 1;
        opts.do_compress_fonts = 1;
        opts.do_garbage = 1;
        out = sink_output(ctx, &s);
        pdf_write_document(ctx, pd, out, &opts);
        fz_close_output(ctx, out);
    }
    fz_always(ctx)
    {
        fz_drop_output(ctx, out);
        fz_drop_page(ctx, pg ? &pg->super : NULL);
        fz_drop_font(ctx, font);
    }
    fz_catch(ctx)
    {
        if (at > 0)
            rc = js_err_set(err, JS_EINPUT, "page %d cannot be read", at);
        else
            rc = js_err_set(err, JS_EINTERNAL, "cannot write the annotated PDF: %s",
                            fz_caught_message(ctx));
    }
    free(mk);
    close_pdf(ctx, pd);
    return rc;
}

static int file_sink(void *ud, const char *data, size_t n)
{
    return fwrite(data, 1, n, ud) != n;
}

int js_annotate_pdf_file(const js_doc *doc, const js_findings *f, const char *path, js_err *err)
{
    if (!f)
        return js_err_set(err, JS_EUSAGE,
                          "the annotated PDF needs the findings: juesuan check --annotate");
    js_buf pdf;
    js_buf_init(&pdf);
    int rc = js_file_read(doc->path ? doc->path : "", &pdf, err);
    if (rc == JS_OK && (pdf.len < 5 || memcmp(pdf.data, "%PDF-", 5) != 0))
        rc = js_err_set(err, JS_EUSAGE, "%s: the annotated PDF needs a PDF input", doc->path);
    char tmp[4096];
    if (rc == JS_OK) rc = js_tmp_for(path, tmp, sizeof tmp, err);
    if (rc != JS_OK) {
        js_buf_release(&pdf);
        return rc;
    }
    FILE *fp = fopen(tmp, "wb");
    if (!fp)
        rc = js_err_set(err, JS_EINTERNAL, "%s: cannot write", path);
    else
        rc = js_annotate_pdf(pdf.data, pdf.len, doc, f, file_sink, fp, err);
    if (fp && fclose(fp) != 0 && rc == JS_OK)
        rc = js_err_set(err, JS_EINTERNAL, "%s: cannot write", path);
    rc = js_tmp_done(rc, tmp, path, err);
    js_buf_release(&pdf);
    return rc;
}
