/*
 * pdf_font.c - the fonts of a page for the PDF reader's device (pdf_dev.c), and
 * the streams decompressed before MuPDF reads them (pdf_font.h): each font's
 * ascent and descent as poppler reads them, and the stand-in programs that let
 * MuPDF interpret CID-keyed text without loading megabytes of embedded CJK fonts.
 */
#include "pdf_font.h"

#include <libdeflate.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FONTS = 512 };

/* The font's FontDescriptor (its descendant's for a Type0 font), or NULL. */
static pdf_obj *font_descriptor(fz_context *ctx, pdf_obj *font)
{
    pdf_obj *fd = pdf_dict_get(ctx, font, PDF_NAME(FontDescriptor));
    if (!fd) {
        pdf_obj *df = pdf_dict_get(ctx, font, PDF_NAME(DescendantFonts));
        if (pdf_is_array(ctx, df))
            fd = pdf_dict_get(ctx, pdf_array_get(ctx, df, 0), PDF_NAME(FontDescriptor));
    }
    return pdf_is_dict(ctx, fd) ? fd : NULL;
}

/* Ascent and descent of a font dictionary as poppler reads them: from its
 * (or its descendant's) FontDescriptor, in thousandths, sign-corrected, used
 * only when not zero and below 3 em. */
static void dict_metrics(fz_context *ctx, pdf_obj *font, float *asc, float *desc)
{
    *asc = 0.95f;
    *desc = -0.35f;
    pdf_obj *fd = font_descriptor(ctx, font);
    if (!fd) return;
    pdf_obj *a = pdf_dict_get(ctx, fd, PDF_NAME(Ascent)),
            *d = pdf_dict_get(ctx, fd, PDF_NAME(Descent));
    if (pdf_is_number(ctx, a)) {
        float t = 0.001f * pdf_to_real(ctx, a);
        if (t < 0) t = -t;
        if (t != 0 && t < 3) *asc = t;
    }
    if (pdf_is_number(ctx, d)) {
        float t = 0.001f * pdf_to_real(ctx, d);
        if (t > 0) t = -t;
        if (t != 0 && t > -3) *desc = t;
    }
}

/* Is stream obj compressed by Flate alone (no predictor)? */
static bool flate_only(fz_context *ctx, pdf_obj *obj)
{
    pdf_obj *f = pdf_dict_get(ctx, obj, PDF_NAME(Filter));
    if (pdf_is_array(ctx, f) && pdf_array_len(ctx, f) == 1) f = pdf_array_get(ctx, f, 0);
    pdf_obj *parms = pdf_dict_get(ctx, obj, PDF_NAME(DecodeParms));
    if (pdf_is_array(ctx, parms)) parms = pdf_array_get(ctx, parms, 0);
    return pdf_name_eq(ctx, f, PDF_NAME(FlateDecode)) && !pdf_is_dict(ctx, parms);
}

enum { MAX_INFLATED = 64 << 20 };

/* Decompress stream stm (Flate) with libdeflate, in memory, before MuPDF
 * reads it: the document's stream then holds the decompressed bytes, which
 * MuPDF reads as they are. Used for the embedded font programs (megabytes of
 * CJK fonts: the largest cost of reading a disclosure), the page's content
 * streams and its forms. The bytes are the same as MuPDF's own inflate gives;
 * libdeflate takes a fraction of zlib's time and the interpreter then lexes
 * from memory. Anything unusual (a predictor, a damaged or truncated stream,
 * over 64 MB) is left to MuPDF. */
void js_pdf_inflate_stream(fz_context *ctx, pdf_document *doc, pdf_obj *stm)
{
    if (!pdf_is_stream(ctx, stm) || !flate_only(ctx, stm)) return;
    fz_buffer *volatile raw = NULL;
    fz_buffer *volatile out = NULL;
    struct libdeflate_decompressor *volatile z = NULL;
    fz_var(raw);
    fz_var(out);
    fz_try(ctx)
    {
        raw = pdf_load_raw_stream(ctx, stm);
        unsigned char *in = NULL;
        size_t n = fz_buffer_storage(ctx, raw, &in);
        int64_t len1 = pdf_dict_get_int(ctx, stm, PDF_NAME(Length1));
        size_t cap = len1 > 0 && len1 < MAX_INFLATED ? (size_t)len1 : 4 * n + 1024;
        z = libdeflate_alloc_decompressor();
        if (!z) fz_throw(ctx, FZ_ERROR_MEMORY, "libdeflate");
        for (;;) {
            out = fz_new_buffer(ctx, cap);
            size_t got = 0, used = 0;
            enum libdeflate_result r =
                libdeflate_zlib_decompress_ex(z, in, n, out->data, cap, &used, &got);
            if (r == LIBDEFLATE_SUCCESS) {
                out->len = got;
                pdf_update_stream(ctx, doc, stm, out, 0);
                break;
            }
            fz_drop_buffer(ctx, out);
            out = NULL;
            if (r != LIBDEFLATE_INSUFFICIENT_SPACE || cap >= MAX_INFLATED) break;
            cap = cap * 2 < MAX_INFLATED ? cap * 2 : MAX_INFLATED;
        }
    }
    fz_always(ctx)
    {
        libdeflate_free_decompressor(z);
        fz_drop_buffer(ctx, out);
        fz_drop_buffer(ctx, raw);
    }
    fz_catch(ctx)
    {
        /* left to MuPDF */
    }
}

/* ---- font programs left out ----------------------------------------------------
 * A font of type 0 (CID-keyed) with the Identity-H encoding gives MuPDF's
 * interpreter everything the reader takes from it without its font program: the
 * glyph of a character code is the CID itself or its CIDToGIDMap entry, the
 * character is its ToUnicode entry, and the advance that places the next glyph is
 * the /W (or /DW) width. The font program itself (megabytes of an embedded CJK
 * font, inflated and parsed on every document: the largest cost of reading most
 * disclosures) would only draw the glyphs, which the reader never draws. So such a
 * font's descriptor is pointed, in the document held in memory, at a stand-in
 * program (STAND_IN below), one stream object per document. MuPDF then loads that
 * in no time, and the glyph advances come from the PDF's widths (font->width_table,
 * which MuPDF builds from /W for every font it loads; exact for Identity-H, where
 * its index is the glyph id), as poppler's text layer takes them. Simple fonts
 * (TrueType, Type 1: glyphs found through the program's own tables and names) and
 * vertical writing keep their programs. Page images and the annotated PDF open the
 * file anew and draw with the real fonts; so does the OCR of a page whose text
 * layer is junk. */

/* The stand-in: the smallest TrueType font FreeType loads (tables head, hhea, maxp,
 * hmtx, loca, glyf; one empty glyph, 1000 units per em), written by hand. With one
 * glyph, MuPDF never outlines or measures one of its glyphs (a glyph id beyond the
 * font takes the font's box); a font of real glyphs (a built-in one) was bounded
 * glyph by glyph through its charstrings, 2% of reading a document. */
static const unsigned char STAND_IN[] = {
    0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x40, 0x00, 0x02, 0x00, 0x20, 0x67, 0x6c, 0x79, 0x66,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x6c, 0x00, 0x00, 0x00, 0x04, 0x68, 0x65, 0x61, 0x64,
    0x63, 0x07, 0x43, 0xa1, 0x00, 0x00, 0x00, 0x70, 0x00, 0x00, 0x00, 0x36, 0x68, 0x68, 0x65, 0x61,
    0x07, 0x6e, 0x03, 0x22, 0x00, 0x00, 0x00, 0xa8, 0x00, 0x00, 0x00, 0x24, 0x68, 0x6d, 0x74, 0x78,
    0x03, 0xe8, 0x00, 0x00, 0x00, 0x00, 0x00, 0xcc, 0x00, 0x00, 0x00, 0x04, 0x6c, 0x6f, 0x63, 0x61,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xd0, 0x00, 0x00, 0x00, 0x04, 0x6d, 0x61, 0x78, 0x70,
    0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0xd4, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x5f, 0x0f, 0x3c, 0xf5,
    0x00, 0x0b, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x38, 0x03, 0xe8, 0x03, 0x84, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x03, 0x84, 0xff, 0x38,
    0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0xe8, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
};

/* Where a font's stand-in carries its number (4 bytes of the head table's creation
 * date): 1 + its index in js_pdf_pagebuf.tu, 0 when MuPDF maps its characters. */
enum { STAND_IN_MARK = 0x84 };

/* Is font loaded from a stand-in program (its bytes are the stand-in's but for the
 * mark)? -1 if not, else the mark. */
int js_pdf_stand_in_mark(const fz_font *font)
{
    if (!font || !font->buffer || font->buffer->len != sizeof STAND_IN) return -1;
    const unsigned char *b = font->buffer->data;
    if (memcmp(b, STAND_IN, STAND_IN_MARK) != 0 ||
        memcmp(b + STAND_IN_MARK + 4, STAND_IN + STAND_IN_MARK + 4,
               sizeof STAND_IN - STAND_IN_MARK - 4) != 0)
        return -1;
    return (int)((uint32_t)b[STAND_IN_MARK] << 24 | (uint32_t)b[STAND_IN_MARK + 1] << 16 |
                 (uint32_t)b[STAND_IN_MARK + 2] << 8 | b[STAND_IN_MARK + 3]) &
           0x7fffffff;
}

/* Does fdict (a font dictionary) need its font program only to draw? A Type0 font
 * with the Identity-H encoding whose CIDFont (type 0 or 2) embeds one. */
static bool program_draws_only(fz_context *ctx, pdf_obj *fdict, pdf_obj *desc)
{
    if (!desc || !pdf_name_eq(ctx, pdf_dict_get(ctx, fdict, PDF_NAME(Subtype)), PDF_NAME(Type0)) ||
        !pdf_name_eq(ctx, pdf_dict_get(ctx, fdict, PDF_NAME(Encoding)), PDF_NAME(Identity_H)))
        return false;
    pdf_obj *cid = pdf_array_get(ctx, pdf_dict_get(ctx, fdict, PDF_NAME(DescendantFonts)), 0);
    pdf_obj *st = pdf_dict_get(ctx, cid, PDF_NAME(Subtype));
    if (!pdf_name_eq(ctx, st, PDF_NAME(CIDFontType0)) &&
        !pdf_name_eq(ctx, st, PDF_NAME(CIDFontType2)))
        return false;
    pdf_obj *ff = pdf_dict_get(ctx, desc, PDF_NAME(FontFile));
    if (!ff) ff = pdf_dict_get(ctx, desc, PDF_NAME(FontFile2));
    if (!ff) ff = pdf_dict_get(ctx, desc, PDF_NAME(FontFile3));
    return pdf_is_indirect(ctx, ff) && pdf_is_stream(ctx, ff);
}

/* The ToUnicode map of the Type0 font fdict, loaded here, when the reader can map
 * its characters itself (then MuPDF need not: it would remap the ToUnicode through
 * Identity-H, one look-up for each of the 65,536 codes, a tenth of reading a
 * document): a ToUnicode stream, and a CIDFont without a CIDToGIDMap stream, so
 * that a glyph's id is its CID and its code. NULL otherwise. */
static pdf_cmap *own_to_unicode(fz_context *ctx, pdf_document *doc, pdf_obj *fdict)
{
    pdf_obj *tu = pdf_dict_get(ctx, fdict, PDF_NAME(ToUnicode));
    pdf_obj *cid = pdf_array_get(ctx, pdf_dict_get(ctx, fdict, PDF_NAME(DescendantFonts)), 0);
    pdf_obj *map = pdf_dict_get(ctx, cid, PDF_NAME(CIDToGIDMap));
    if (!pdf_is_stream(ctx, tu) || (map && !pdf_name_eq(ctx, map, PDF_NAME(Identity)))) return NULL;
    pdf_cmap *volatile cm = NULL;
    fz_try(ctx) cm = pdf_load_embedded_cmap(ctx, doc, tu);
    fz_catch(ctx) cm = NULL; /* MuPDF will ignore it too */
    return cm;
}

/* Give the Type0 font fdict (program_draws_only) a stand-in program: its
 * DescendantFonts become a copy of its CIDFont whose FontDescriptor is a copy of
 * desc naming a stand-in stream of its own, so that nothing another font may share
 * (a descriptor, a CIDFont, the program's stream) is changed. When the reader maps
 * its characters itself (own_to_unicode), its ToUnicode map goes to buf->tu and
 * out of the font dictionary, and the stand-in's mark says where it went. The font
 * dictionary is marked (/JSStandIn) so that this is done once. False when it cannot
 * be done (then the font keeps its program). */
static bool use_stand_in(fz_context *ctx, pdf_document *doc, js_pdf_pagebuf *buf, pdf_obj *fdict,
                         pdf_obj *desc)
{
    if (pdf_dict_gets(ctx, fdict, "JSStandIn")) return true; /* done on an earlier page */
    fz_buffer *volatile b = NULL;
    pdf_obj *volatile ref = NULL;
    pdf_obj *volatile cid = NULL;
    pdf_obj *volatile fd = NULL;
    pdf_obj *volatile arr = NULL;
    pdf_cmap *volatile tu = NULL;
    volatile bool ok = false;
    fz_var(b);
    fz_var(ref);
    fz_var(cid);
    fz_var(fd);
    fz_var(arr);
    fz_var(tu);
    fz_try(ctx)
    {
        b = fz_new_buffer_from_copied_data(ctx, STAND_IN, sizeof STAND_IN);
        uint32_t mark = 0;
        if (buf->ntu < MAX_FONTS && (tu = own_to_unicode(ctx, doc, fdict)) != NULL)
            mark = (uint32_t)buf->ntu + 1;
        b->data[STAND_IN_MARK] = (unsigned char)(mark >> 24);
        b->data[STAND_IN_MARK + 1] = (unsigned char)(mark >> 16);
        b->data[STAND_IN_MARK + 2] = (unsigned char)(mark >> 8);
        b->data[STAND_IN_MARK + 3] = (unsigned char)mark;
        ref = pdf_add_stream(ctx, doc, b, NULL, 0);
        fd = pdf_copy_dict(ctx, desc);
        pdf_dict_del(ctx, fd, PDF_NAME(FontFile));
        pdf_dict_del(ctx, fd, PDF_NAME(FontFile3));
        pdf_dict_put(ctx, fd, PDF_NAME(FontFile2), ref);
        cid = pdf_copy_dict(
            ctx, pdf_array_get(ctx, pdf_dict_get(ctx, fdict, PDF_NAME(DescendantFonts)), 0));
        pdf_dict_put(ctx, cid, PDF_NAME(FontDescriptor), fd);
        arr = pdf_new_array(ctx, doc, 1);
        pdf_array_push(ctx, arr, cid);
        if (mark && buf->ntu == buf->captu) {
            int nc = buf->captu ? buf->captu * 2 : 16;
            pdf_cmap **v = realloc(buf->tu, (size_t)nc * sizeof *v);
            if (!v) fz_throw(ctx, FZ_ERROR_MEMORY, "out of memory");
            buf->tu = v;
            buf->captu = nc;
        }
        pdf_dict_put(ctx, fdict, PDF_NAME(DescendantFonts), arr);
        pdf_dict_puts_drop(ctx, fdict, "JSStandIn", pdf_new_int(ctx, (int64_t)mark));
        buf->stand_ins++;
        if (mark) {
            pdf_dict_del(ctx, fdict, PDF_NAME(ToUnicode));
            buf->tu[buf->ntu++] = tu;
            tu = NULL;
        }
        ok = true;
    }
    fz_always(ctx)
    {
        pdf_drop_cmap(ctx, tu);
        pdf_drop_obj(ctx, arr);
        pdf_drop_obj(ctx, cid);
        pdf_drop_obj(ctx, fd);
        pdf_drop_obj(ctx, ref);
        fz_drop_buffer(ctx, b);
    }
    fz_catch(ctx) ok = false;
    return ok;
}

static void add_font(fz_context *ctx, pdf_document *doc, js_pdf_pagebuf *buf, js_pdf_fonts *fs,
                     pdf_obj *res, pdf_obj *fdict)
{
    if (fs->n >= MAX_FONTS || !pdf_is_dict(ctx, fdict)) return;
    pdf_obj *desc = font_descriptor(ctx, fdict);
    if (desc &&
        !(program_draws_only(ctx, fdict, desc) && use_stand_in(ctx, doc, buf, fdict, desc))) {
        js_pdf_inflate_stream(ctx, doc, pdf_dict_get(ctx, desc, PDF_NAME(FontFile)));
        js_pdf_inflate_stream(ctx, doc, pdf_dict_get(ctx, desc, PDF_NAME(FontFile2)));
        js_pdf_inflate_stream(ctx, doc, pdf_dict_get(ctx, desc, PDF_NAME(FontFile3)));
    }
    pdf_font_desc *volatile fd = NULL;
    fz_try(ctx) fd = pdf_load_font(ctx, doc, res, fdict);
    fz_catch(ctx) fd = NULL; /* the interpreter will substitute a font */
    if (!fd) return;
    fz_font *font = fd->font;
    pdf_drop_font(ctx, fd); /* the document's store keeps it for the interpreter */
    for (int i = 0; i < fs->n; i++)
        if (fs->fm[i].font == font) return;
    if (fs->n == fs->cap) {
        int nc = fs->cap ? fs->cap * 2 : 16;
        js_pdf_fmetric *v = realloc(fs->fm, (size_t)nc * sizeof *v);
        if (!v) return;
        fs->fm = v;
        fs->cap = nc;
    }
    js_pdf_fmetric *m = &fs->fm[fs->n++];
    m->font = font;
    dict_metrics(ctx, fdict, &m->asc, &m->desc);
}

/* The fonts of a resource dictionary and of its forms (depth-limited). */
static void scan_fonts(fz_context *ctx, pdf_document *doc, js_pdf_pagebuf *buf, js_pdf_fonts *fs,
                       pdf_obj *res, int depth)
{
    if (!pdf_is_dict(ctx, res) || depth > 4 || pdf_mark_obj(ctx, res)) return;
    fz_try(ctx)
    {
        pdf_obj *fonts = pdf_dict_get(ctx, res, PDF_NAME(Font));
        int n = pdf_dict_len(ctx, fonts);
        for (int i = 0; i < n; i++)
            add_font(ctx, doc, buf, fs, res, pdf_dict_get_val(ctx, fonts, i));
        pdf_obj *xo = pdf_dict_get(ctx, res, PDF_NAME(XObject));
        n = pdf_dict_len(ctx, xo);
        for (int i = 0; i < n && i < 256; i++) {
            pdf_obj *x = pdf_dict_get_val(ctx, xo, i);
            if (pdf_name_eq(ctx, pdf_dict_get(ctx, x, PDF_NAME(Subtype)), PDF_NAME(Form))) {
                js_pdf_inflate_stream(ctx, doc, x);
                scan_fonts(ctx, doc, buf, fs, pdf_dict_get(ctx, x, PDF_NAME(Resources)), depth + 1);
            }
        }
    }
    fz_always(ctx) pdf_unmark_obj(ctx, res);
    fz_catch(ctx)
    {
        /* a damaged resource dictionary: the fonts found so far are kept */
    }
}

void js_pdf_font_metrics(fz_context *ctx, const js_pdf_fonts *fs, fz_font *font, float *asc,
                         float *desc)
{
    for (int i = 0; i < fs->n; i++)
        if (fs->fm[i].font == font) {
            *asc = fs->fm[i].asc;
            *desc = fs->fm[i].desc;
            return;
        }
    /* a font not in the page's resources (e.g. a fallback): its own metrics */
    *asc = fz_font_ascender(ctx, font);
    *desc = fz_font_descender(ctx, font);
    if (!(*asc > 0 && *asc < 3)) *asc = 0.95f;
    if (!(*desc < 0 && *desc > -3)) *desc = -0.35f;
}

/* The advance of glyph gid of a font loaded from the stand-in program: its width
 * in the PDF (/W, else /DW), in font sizes. */
float js_pdf_width(const fz_font *font, int gid)
{
    int w = gid >= 0 && gid < font->width_count && font->width_table ? font->width_table[gid]
                                                                     : font->width_default;
    return (float)w / 1000.0f;
}

void js_pdf_scan_fonts(fz_context *ctx, pdf_document *doc, js_pdf_pagebuf *buf, js_pdf_fonts *fs,
                       pdf_obj *res)
{
    scan_fonts(ctx, doc, buf, fs, res, 0);
}
