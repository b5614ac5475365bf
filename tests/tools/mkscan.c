/* mkscan.c - make a "scan" of a PDF for the OCR tests and bench/ocr.sh: every
 * page (or pages FIRST..LAST) rendered by poppler at DPI into an image, and the
 * images written as an image-only PDF (cairo), each on a page of the original
 * size. Nothing of the text layer survives: the result reads like a scanner's.
 *
 *   mkscan IN.pdf OUT.pdf [DPI [FIRST [LAST]]]      (DPI 200, all pages)
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: mkscan IN.pdf OUT.pdf [DPI [FIRST [LAST]]]\n");
        return 2;
    }
    double dpi = argc > 3 ? strtod(argv[3], NULL) : 200;
    GError *ge = NULL;
    char *uri = g_filename_to_uri(argv[1], NULL, &ge);
    PopplerDocument *pd = uri ? poppler_document_new_from_file(uri, NULL, &ge) : NULL;
    g_free(uri);
    if (!pd) {
        fprintf(stderr, "mkscan: %s: %s\n", argv[1], ge ? ge->message : "cannot open");
        return 1;
    }
    int n = poppler_document_get_n_pages(pd);
    int first = argc > 4 ? (int)strtol(argv[4], NULL, 10) : 1;
    int last = argc > 5 ? (int)strtol(argv[5], NULL, 10) : n;
    if (first < 1) first = 1;
    if (last > n) last = n;
    cairo_surface_t *out = cairo_pdf_surface_create(argv[2], 595, 842);
    cairo_t *oc = cairo_create(out);
    for (int i = first - 1; i < last; i++) {
        PopplerPage *page = poppler_document_get_page(pd, i);
        double pw, ph;
        poppler_page_get_size(page, &pw, &ph);
        int w = (int)(pw * dpi / 72 + 0.5), h = (int)(ph * dpi / 72 + 0.5);
        cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
        cairo_t *cr = cairo_create(img);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_scale(cr, dpi / 72, dpi / 72);
        poppler_page_render_for_printing(page, cr);
        cairo_destroy(cr);
        cairo_surface_flush(img);
        cairo_pdf_surface_set_size(out, pw, ph);
        cairo_save(oc);
        cairo_scale(oc, 72 / dpi, 72 / dpi);
        cairo_set_source_surface(oc, img, 0, 0);
        cairo_paint(oc);
        cairo_restore(oc);
        cairo_show_page(oc);
        cairo_surface_destroy(img);
        g_object_unref(page);
    }
    cairo_destroy(oc);
    cairo_surface_finish(out);
    int bad = cairo_surface_status(out) != CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(out);
    g_object_unref(pd);
    if (bad) fprintf(stderr, "mkscan: cannot write %s\n", argv[2]);
    return bad;
}
