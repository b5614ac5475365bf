/*
 * test_annotate.c - the annotated PDF and the page images (annotate.h,
 * render/pdf_annot.c), drawn by MuPDF: on the Shanghai PDF, the annotated
 * PDF read back by MuPDF has the original pages + a list page, one Square
 * annotation per finding on its page, coloured by severity, its contents the
 * finding, its rectangle around the printed value; the list page's text is
 * the findings (its Chinese extracts); a page image is a PNG of the page's
 * size with the box's colour where the box is; a broken PDF is JS_EINPUT.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "juesuan/annotate.h"
#include "juesuan/juesuan.h"

#include <mupdf/fitz.h>
#include <mupdf/pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const PDF = JS_SHARED_DIR "/pdf/shanghai-putuo-finance-bureau-2024.pdf";

static int to_buf(void *ud, const char *data, size_t n)
{
    js_buf_append(ud, data, n);
    return 0;
}

typedef struct fx {
    js_ctx *ctx;
    js_doc *doc;
    js_findings fs;
    js_buf src;
} fx;

static int setup(void **state)
{
    if (access(PDF, R_OK) != 0) return -1;
    fx *f = calloc(1, sizeof *f);
    js_err err;
    js_err_clear(&err);
    f->ctx = js_ctx_new(&err);
    js_findings_init(&f->fs);
    js_buf_init(&f->src);
    if (!f->ctx || js_parse_file(f->ctx, PDF, &f->doc, &err) != JS_OK ||
        js_check(f->ctx, f->doc, &f->fs, &err) != JS_OK ||
        js_file_read(PDF, &f->src, &err) != JS_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    js_buf_release(&f->src);
    js_findings_release(&f->fs);
    js_doc_free(f->doc);
    js_ctx_free(f->ctx);
    free(f);
    return 0;
}

/* The first finding with a page whose box the page's text narrows (a table cell). */
static const js_finding *cell_finding(const js_findings *fs)
{
    for (int i = 0; i < fs->n; i++)
        if (fs->items[i].loc.page > 0 && fs->items[i].table && fs->items[i].column)
            return &fs->items[i];
    return NULL;
}

static void annotated_pdf(void **state)
{
    fx *f = *state;
    js_err err;
    js_err_clear(&err);
    js_buf out;
    js_buf_init(&out);
    assert_int_equal(js_annotate_pdf(f->src.data, f->src.len, f->doc, &f->fs, to_buf, &out, &err),
                     JS_OK);
    const js_finding *x = cell_finding(&f->fs);
    assert_non_null(x);

    fz_context *ctx = fz_new_context(NULL, NULL, FZ_STORE_DEFAULT);
    fz_stream *stm = fz_open_memory(ctx, (const unsigned char *)out.data, out.len);
    pdf_document *doc = pdf_open_document_with_stream(ctx, stm);
    assert_int_equal(pdf_count_pages(ctx, doc), 25 + 1);
    /* every finding with a page is one Square annotation on it */
    int annots = 0, paged = 0, found = 0;
    for (int i = 0; i < f->fs.n; i++)
        paged += f->fs.items[i].loc.page > 0;
    for (int p = 0; p < 25; p++) {
        pdf_page *page = pdf_load_page(ctx, doc, p);
        for (pdf_annot *a = pdf_first_annot(ctx, page); a; a = pdf_next_annot(ctx, a)) {
            annots++;
            assert_int_equal(pdf_annot_type(ctx, a), PDF_ANNOT_SQUARE);
            const char *c = pdf_annot_contents(ctx, a);
            char head[64];
            snprintf(head, sizeof head, "%d ", x->id);
            if (p + 1 != x->loc.page || strncmp(c, head, strlen(head)) != 0) continue;
            found++;
            assert_non_null(strstr(c, x->rule));
            assert_non_null(strstr(c, x->message));
            /* red, orange or blue by severity */
            int n = 0;
            float rgb[4];
            pdf_annot_color(ctx, a, &n, rgb);
            assert_int_equal(n, 3);
            if (x->severity == JS_SEV_ERROR) assert_true(rgb[0] > 0.8f && rgb[2] < 0.2f);
            if (x->severity == JS_SEV_WARNING) assert_true(rgb[0] > 0.8f && rgb[1] > 0.4f);
            /* the box is around the cell's printed value: inside the row's box,
             * narrower than the row */
            fz_rect r = pdf_bound_annot(ctx, a);
            js_loc b;
            assert_true(js_annot_box(f->doc, x, &b));
            float cy = (r.y0 + r.y1) / 2;
            assert_true(r.x1 - r.x0 < 120);
            assert_true(cy > b.y0 - 15 && cy < b.y1 + 15);
            /* and the text it boxes is the stated value */
            fz_stext_page *st = fz_new_stext_page_from_page(ctx, &page->super, NULL);
            char *t = fz_copy_rectangle(ctx, st, r, 0);
            if (x->stated) assert_non_null(strstr(t, x->stated));
            fz_free(ctx, t);
            fz_drop_stext_page(ctx, st);
        }
        fz_drop_page(ctx, &page->super);
    }
    assert_int_equal(annots, paged);
    assert_int_equal(found, 1);
    /* the list page: its Chinese text extracts (ToUnicode) */
    fz_page *last = fz_load_page(ctx, &doc->super, 25);
    fz_stext_page *st = fz_new_stext_page_from_page(ctx, last, NULL);
    fz_buffer *tb = fz_new_buffer_from_stext_page(ctx, st);
    const char *text = fz_string_from_buffer(ctx, tb);
    assert_non_null(strstr(text, "审核问题清单"));
    assert_non_null(strstr(text, x->rule));
    assert_non_null(strstr(text, "上海市普陀区财政局"));
    fz_drop_buffer(ctx, tb);
    fz_drop_stext_page(ctx, st);
    fz_drop_page(ctx, last);
    pdf_drop_document(ctx, doc);
    fz_drop_stream(ctx, stm);
    fz_drop_context(ctx);
    js_buf_release(&out);
}

static void page_png(void **state)
{
    fx *f = *state;
    js_err err;
    js_err_clear(&err);
    const js_finding *x = cell_finding(&f->fs);
    assert_non_null(x);
    js_buf out;
    js_buf_init(&out);
    assert_int_equal(js_annotate_page_png(f->src.data, f->src.len, f->doc, &f->fs, x->loc.page, 1.0,
                                          0, to_buf, &out, &err),
                     JS_OK);
    assert_true(out.len > 8 && memcmp(out.data, "\x89PNG", 4) == 0);
    fz_context *ctx = fz_new_context(NULL, NULL, FZ_STORE_DEFAULT);
    fz_buffer *b = fz_new_buffer_from_copied_data(ctx, (const unsigned char *)out.data, out.len);
    fz_image *img = fz_new_image_from_buffer(ctx, b);
    fz_pixmap *pix = fz_get_pixmap_from_image(ctx, img, NULL, NULL, NULL, NULL);
    /* the page at 72 dpi, and the box's colour on the left edge of the box */
    js_loc box;
    assert_true(js_annot_box(f->doc, x, &box));
    assert_true(fz_pixmap_width(ctx, pix) >= 595 && fz_pixmap_height(ctx, pix) >= 595);
    int coloured = 0, n = fz_pixmap_components(ctx, pix), stride = (int)fz_pixmap_stride(ctx, pix);
    const unsigned char *s = fz_pixmap_samples(ctx, pix);
    for (int y = 0; y < fz_pixmap_height(ctx, pix); y++)
        for (int xx = 0; xx < fz_pixmap_width(ctx, pix); xx++) {
            const unsigned char *p = s + y * stride + xx * n;
            coloured += p[0] > 200 && p[2] < 80; /* red or orange: the warning's box */
        }
    assert_true(coloured > 50);
    fz_drop_pixmap(ctx, pix);
    fz_drop_image(ctx, img);
    fz_drop_buffer(ctx, b);
    fz_drop_context(ctx);
    /* no such page: a usage error */
    out.len = 0;
    assert_int_equal(js_annotate_page_png(f->src.data, f->src.len, f->doc, &f->fs, 999, 1.0, 0,
                                          to_buf, &out, &err),
                     JS_EUSAGE);
    js_buf_release(&out);
}

static void broken_pdf(void **state)
{
    fx *f = *state;
    js_err err;
    js_err_clear(&err);
    js_buf out;
    js_buf_init(&out);
    static const char junk[] = "%PDF-1.4\nnot really a PDF at all";
    assert_int_equal(js_annotate_pdf(junk, sizeof junk - 1, f->doc, &f->fs, to_buf, &out, &err),
                     JS_EINPUT);
    js_err_clear(&err);
    assert_int_equal(
        js_annotate_page_png(junk, sizeof junk - 1, f->doc, &f->fs, 1, 1.0, 0, to_buf, &out, &err),
        JS_EINPUT);
    js_buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(annotated_pdf),
        cmocka_unit_test(page_png),
        cmocka_unit_test(broken_pdf),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
