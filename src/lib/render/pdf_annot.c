/*
 * pdf_annot.c - the original PDF with the findings drawn on it (annotate.h):
 * a page as a PNG image, and the annotated PDF (each original page rendered
 * for printing onto a cairo PDF surface, so text and rulings stay vectors,
 * with numbered boxes on top, then the list of findings set with pango).
 *
 * The reader gives a table finding the box of its whole row; the box is
 * narrowed to the printed value of the cell by finding that text on the page
 * inside the row (poppler_page_find_text), choosing among equal values of
 * the row by the cell's order. Every poppler/cairo/pango object is made and
 * released within a call.
 */
#include "juesuan/annotate.h"
#include "juesuan/juesuan.h"
#include "render/render_impl.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <poppler.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { MAX_PNG_PIXELS = 24000000 };

static const double LABEL_H = 11.0; /* points: the numbered tag above a box */

bool js_annot_box(const js_doc *doc, const js_finding *x, js_loc *box)
{
    memset(box, 0, sizeof *box);
    if (x->loc.page <= 0) return false;
    js_loc l = x->loc;
    if (doc && x->table && x->row && x->column && strlen(x->table) == 2 && x->table[0] == '0') {
        int no = x->table[1] - '0';
        const js_table *t = no >= 1 && no <= 9 ? doc->tables[no] : NULL;
        const js_cell *c = t ? js_table_cell(t, x->row, x->column) : NULL;
        if (c && c->loc.page == l.page && c->loc.x1 > c->loc.x0) l = c->loc;
    }
    if (!(l.x1 > l.x0) || !(l.y1 >= l.y0)) return false;
    *box = l;
    return true;
}

/* ---- narrowing a row box to the cell's printed value ------------------------------ */

static const js_row *finding_row(const js_doc *doc, const js_finding *x, const js_table **tp)
{
    if (!doc || !x->table || !x->row || !x->column || strlen(x->table) != 2) return NULL;
    int no = x->table[1] - '0';
    if (x->table[0] != '0' || no < 1 || no > 9 || !doc->tables[no]) return NULL;
    *tp = doc->tables[no];
    return js_table_row(*tp, x->row);
}

typedef struct match {
    double x0, y0, x1, y1;
} match;

static int cmp_match(const void *a, const void *b)
{
    const match *p = a, *q = b;
    return (p->x0 > q->x0) - (p->x0 < q->x0);
}

/* The places text is printed on page within box (vertically within slack
 * points of it), sorted left to right; at most max. */
static int find_in(PopplerPage *page, double page_h, const char *text, const js_loc *box,
                   double slack, match *m, int max)
{
    GList *found = poppler_page_find_text_with_options(page, text, POPPLER_FIND_DEFAULT);
    int n = 0;
    for (GList *g = found; g; g = g->next) {
        PopplerRectangle *r = g->data;
        /* find_text gives PDF user space: origin at the bottom left */
        double y0 = page_h - fmax(r->y1, r->y2), y1 = page_h - fmin(r->y1, r->y2);
        double cy = (y0 + y1) / 2;
        if (n < max && cy >= box->y0 - slack && cy <= box->y1 + slack &&
            fmin(r->x1, r->x2) >= box->x0 - 2 && fmax(r->x1, r->x2) <= box->x1 + 2)
            m[n++] = (match){fmin(r->x1, r->x2), y0, fmax(r->x1, r->x2), y1};
        poppler_rectangle_free(r);
    }
    g_list_free(found);
    qsort(m, (size_t)n, sizeof *m, cmp_match);
    return n;
}

static void set_box(js_loc *box, const match *m)
{
    box->x0 = (float)(m->x0 - 2);
    box->x1 = (float)(m->x1 + 2);
    box->y0 = (float)(m->y0 - 1.5);
    box->y1 = (float)(m->y1 + 1.5);
}

/* A figure of the 说明: the stated value printed nearest the line's box. */
static void narrow_text(PopplerPage *page, double page_h, const js_finding *x, js_loc *box)
{
    /* a figure of one or two characters ("0") is found everywhere: keep the line */
    if (!x->stated || strlen(x->stated) < 3 || strlen(x->stated) > 60) return;
    match m[64];
    int n = find_in(page, page_h, x->stated, box, 14, m, 64);
    double cy = (box->y0 + box->y1) / 2, best = 1e9;
    int pick = -1;
    for (int i = 0; i < n; i++) {
        double d = fabs((m[i].y0 + m[i].y1) / 2 - cy);
        if (d < best - 0.5) best = d, pick = i;
    }
    if (pick >= 0) set_box(box, &m[pick]);
}

static void narrow(PopplerPage *page, double page_h, const js_doc *doc, const js_finding *x,
                   js_loc *box)
{
    const js_table *t = NULL;
    const js_row *row = finding_row(doc, x, &t);
    if (!row) {
        if (!x->table) narrow_text(page, page_h, x, box);
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
    match m[64];
    int n = find_in(page, page_h, text, box, 2, m, 64);
    if (n == 0) return;
    int pick = rank;
    if (n != same && x->row && strncmp(x->row, "支出:", strlen("支出:")) == 0)
        pick = n - same + rank; /* two-sided table: the spending side is on the right */
    if (pick < 0 || pick >= n) pick = 0;
    set_box(box, &m[pick]);
}

/* ---- drawing ------------------------------------------------------------------------ */

static void sev_rgb(const js_finding *x, double *r, double *g, double *b)
{
    if (x->accepted_by) {
        *r = 0.55, *g = 0.55, *b = 0.55;
    } else if (x->severity == JS_SEV_ERROR) {
        *r = 0.86, *g = 0.10, *b = 0.10;
    } else if (x->severity == JS_SEV_WARNING) {
        *r = 0.93, *g = 0.50, *b = 0.05;
    } else {
        *r = 0.15, *g = 0.40, *b = 0.85;
    }
}

/* Draw the boxes of page p (points; the caller scaled cr). Boxes of one row
 * with several findings get their labels side by side. */
static void draw_boxes(cairo_t *cr, PopplerPage *page, double page_h, const js_doc *doc,
                       const js_findings *f, int p, int focus)
{
    double label_x_end[64];
    double label_y[64];
    int nlab = 0;
    for (int i = 0; i < f->n; i++) {
        const js_finding *x = &f->items[i];
        js_loc b;
        if (x->loc.page != p || !js_annot_box(doc, x, &b)) continue;
        narrow(page, page_h, doc, x, &b);
        if (b.y1 - b.y0 < 8) { /* a line's box at its baseline: grow it over the glyphs */
            b.y0 = b.y1 - 11;
            b.y1 += 1;
        }
        double r, g, bl;
        sev_rgb(x, &r, &g, &bl);
        bool foc = focus && x->id == focus;
        if (foc) {
            cairo_set_source_rgba(cr, 1.0, 0.9, 0.0, 0.30);
            cairo_rectangle(cr, b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
            cairo_fill(cr);
        }
        cairo_set_source_rgb(cr, r, g, bl);
        cairo_set_line_width(cr, foc ? 2.5 : 1.2);
        if (x->accepted_by) {
            double dash[] = {3.0, 2.0};
            cairo_set_dash(cr, dash, 2, 0);
        }
        cairo_rectangle(cr, b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        /* the numbered tag, above the box's top left corner, moved right past
         * the tags already drawn at the same place */
        char num[16];
        snprintf(num, sizeof num, "%d", x->id);
        cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
        cairo_set_font_size(cr, 8.0);
        cairo_text_extents_t te;
        cairo_text_extents(cr, num, &te);
        double w = te.x_advance + 5, lx = b.x0, ly = b.y0 - LABEL_H;
        if (ly < 0) ly = b.y0;
        for (int k = 0; k < nlab; k++)
            if (fabs(label_y[k] - ly) < LABEL_H && label_x_end[k] > lx - 1 &&
                label_x_end[k] - lx < 400)
                lx = label_x_end[k] + 1;
        if (nlab < 64) {
            label_x_end[nlab] = lx + w;
            label_y[nlab++] = ly;
        }
        cairo_rectangle(cr, lx, ly, w, LABEL_H - 1);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_move_to(cr, lx + 2.5, ly + LABEL_H - 3.5);
        cairo_show_text(cr, num);
    }
}

static PopplerDocument *open_pdf(const char *pdf, size_t n, GBytes **bytes, js_err *err)
{
    *bytes = g_bytes_new_static(pdf, n);
    GError *ge = NULL;
    PopplerDocument *pd = poppler_document_new_from_bytes(*bytes, NULL, &ge);
    if (!pd) {
        js_err_set(err, JS_EINPUT, "the PDF cannot be opened: %s", ge ? ge->message : "?");
        if (ge) g_error_free(ge);
        g_bytes_unref(*bytes);
        *bytes = NULL;
    }
    return pd;
}

typedef struct sink_st {
    js_annot_sink fn;
    void *ud;
    bool failed;
} sink_st;

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
    sink_st *s = closure;
    if (s->failed || s->fn(s->ud, (const char *)data, len) != 0) {
        s->failed = true;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

int js_annotate_page_png(const char *pdf, size_t n, const js_doc *doc, const js_findings *f,
                         int page, double scale, int focus, js_annot_sink sink, void *ud,
                         js_err *err)
{
    if (!(scale >= 0.5)) scale = 0.5;
    if (scale > 4) scale = 4;
    GBytes *bytes = NULL;
    PopplerDocument *pd = open_pdf(pdf, n, &bytes, err);
    if (!pd) return err ? err->status : JS_EINPUT;
    int rc = JS_OK;
    PopplerPage *pg = NULL;
    if (page < 1 || page > poppler_document_get_n_pages(pd))
        rc = js_err_set(err, JS_EUSAGE, "no page %d", page);
    else
        pg = poppler_document_get_page(pd, page - 1);
    if (rc == JS_OK && !pg) rc = js_err_set(err, JS_EINPUT, "page %d cannot be read", page);
    if (rc == JS_OK) {
        double w, h;
        poppler_page_get_size(pg, &w, &h);
        int pw = (int)ceil(w * scale), ph = (int)ceil(h * scale);
        if (pw <= 0 || ph <= 0 || (double)pw * ph > MAX_PNG_PIXELS) {
            rc = js_err_set(err, JS_EINPUT, "page %d is too large to draw", page);
        } else {
            cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
            cairo_t *cr = cairo_create(img);
            cairo_set_source_rgb(cr, 1, 1, 1);
            cairo_paint(cr);
            cairo_scale(cr, scale, scale);
            poppler_page_render(pg, cr);
            draw_boxes(cr, pg, h, doc, f, page, focus);
            cairo_destroy(cr);
            cairo_surface_flush(img);
            sink_st s = {sink, ud, false};
            if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS ||
                cairo_surface_write_to_png_stream(img, write_cb, &s) != CAIRO_STATUS_SUCCESS)
                rc = js_err_set(err, JS_EINTERNAL, "page %d: cannot write the PNG", page);
            cairo_surface_destroy(img);
        }
    }
    if (pg) g_object_unref(pg);
    g_object_unref(pd);
    g_bytes_unref(bytes);
    return rc;
}

/* ---- the findings list pages ------------------------------------------------------------ */

static const double A4_W = 595.0, A4_H = 842.0, MARGIN = 42.0;

static void append_escaped(GString *s, const char *t)
{
    if (!t) return;
    char *e = g_markup_escape_text(t, -1);
    g_string_append(s, e);
    g_free(e);
}

static void finding_markup(GString *s, const js_finding *x)
{
    static const char *const SEV[] = {"提示", "警告", "错误"};
    static const char *const COL[] = {"#2667d9", "#ed800d", "#db1a1a"};
    int sv = x->severity >= 0 && x->severity <= 2 ? x->severity : 0;
    g_string_append_printf(s, "<b>%d</b>  <span foreground=\"%s\"><b>%s</b></span>  ", x->id,
                           x->accepted_by ? "#8c8c8c" : COL[sv], SEV[sv]);
    if (x->loc.page > 0)
        g_string_append_printf(s, "第%d页  ", x->loc.page);
    else if (x->loc.line > 0)
        g_string_append_printf(s, "第%d行  ", x->loc.line);
    g_string_append(s, "<span foreground=\"#666666\">");
    append_escaped(s, x->rule);
    g_string_append(s, "</span>  ");
    append_escaped(s, x->message);
    if (x->stated || x->expected) {
        g_string_append(s, "<span foreground=\"#666666\">（");
        if (x->stated) {
            g_string_append(s, "所述 ");
            append_escaped(s, x->stated);
        }
        if (x->stated && x->expected) g_string_append(s, "，");
        if (x->expected) {
            g_string_append(s, "应为 ");
            append_escaped(s, x->expected);
        }
        g_string_append(s, "）</span>");
    }
    if (x->accepted_by) {
        g_string_append(s, "  <span foreground=\"#8c8c8c\">已接受（");
        append_escaped(s, x->accepted_by);
        g_string_append(s, "）：");
        append_escaped(s, x->accepted_comment);
        g_string_append(s, "</span>");
    }
}

static PangoLayout *layout_of(cairo_t *cr, const char *font, double width, const char *markup)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_markup(l, markup, -1);
    return l;
}

static void list_pages(cairo_t *cr, cairo_surface_t *surf, const js_doc *doc, const js_findings *f)
{
    cairo_pdf_surface_set_size(surf, A4_W, A4_H);
    double width = A4_W - 2 * MARGIN, y = MARGIN;
    int e, w, nn;
    js_findings_summary(f, &e, &w, &nn);
    GString *s = g_string_new("<b>审核问题清单</b>\n<span size=\"small\">");
    append_escaped(s, doc->dept ? doc->dept : "");
    if (doc->year) g_string_append_printf(s, "  %d年度", doc->year);
    g_string_append(s, "  ");
    append_escaped(s, doc->path);
    g_string_append_printf(s,
                           "\n%d 个错误，%d 个警告，%d 个提示（已接受的不计）  "
                           "由 juesuan %s 生成</span>",
                           e, w, nn, JS_VERSION);
    PangoLayout *l = layout_of(cr, "Noto Sans CJK SC 13", width, s->str);
    g_string_free(s, TRUE);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, MARGIN, y);
    pango_cairo_show_layout(cr, l);
    int lw, lh;
    pango_layout_get_size(l, &lw, &lh);
    y += (double)lh / PANGO_SCALE + 10;
    g_object_unref(l);
    if (f->n == 0) {
        l = layout_of(cr, "Noto Sans CJK SC 9", width, "未发现问题。");
        cairo_move_to(cr, MARGIN, y);
        pango_cairo_show_layout(cr, l);
        g_object_unref(l);
    }
    for (int i = 0; i < f->n; i++) {
        GString *m = g_string_new(NULL);
        finding_markup(m, &f->items[i]);
        l = layout_of(cr, "Noto Sans CJK SC 8", width, m->str);
        g_string_free(m, TRUE);
        pango_layout_get_size(l, &lw, &lh);
        double hh = (double)lh / PANGO_SCALE;
        if (y + hh > A4_H - MARGIN && y > MARGIN + 1) {
            cairo_show_page(cr);
            y = MARGIN;
        }
        cairo_set_source_rgb(cr, f->items[i].accepted_by ? 0.45 : 0, 0, 0);
        if (f->items[i].accepted_by) cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
        cairo_move_to(cr, MARGIN, y);
        pango_cairo_show_layout(cr, l);
        g_object_unref(l);
        y += hh + 3;
    }
    cairo_show_page(cr);
}

int js_annotate_pdf(const char *pdf, size_t n, const js_doc *doc, const js_findings *f,
                    js_annot_sink sink, void *ud, js_err *err)
{
    GBytes *bytes = NULL;
    PopplerDocument *pd = open_pdf(pdf, n, &bytes, err);
    if (!pd) return err ? err->status : JS_EINPUT;
    sink_st s = {sink, ud, false};
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_cb, &s, A4_W, A4_H);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, "决算公开审核标注");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "juesuan " JS_VERSION);
    cairo_t *cr = cairo_create(surf);
    int np = poppler_document_get_n_pages(pd);
    int rc = JS_OK;
    for (int p = 1; p <= np && rc == JS_OK; p++) {
        PopplerPage *pg = poppler_document_get_page(pd, p - 1);
        if (!pg) {
            rc = js_err_set(err, JS_EINPUT, "page %d cannot be read", p);
            break;
        }
        double w, h;
        poppler_page_get_size(pg, &w, &h);
        cairo_pdf_surface_set_size(surf, w, h);
        cairo_save(cr);
        poppler_page_render_for_printing(pg, cr);
        cairo_restore(cr);
        cairo_save(cr);
        draw_boxes(cr, pg, h, doc, f, p, 0);
        cairo_restore(cr);
        cairo_show_page(cr);
        g_object_unref(pg);
    }
    if (rc == JS_OK) list_pages(cr, surf, doc, f);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    if (rc == JS_OK && (s.failed || cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS))
        rc = js_err_set(err, JS_EINTERNAL, "cannot write the annotated PDF");
    cairo_surface_destroy(surf);
    g_object_unref(pd);
    g_bytes_unref(bytes);
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
    if (rc == JS_OK && rename(tmp, path) != 0)
        rc = js_err_set(err, JS_EINTERNAL, "%s: cannot write", path);
    if (rc != JS_OK) unlink(tmp);
    js_buf_release(&pdf);
    return rc;
}
