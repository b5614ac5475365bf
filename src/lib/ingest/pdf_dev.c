/*
 * pdf_dev.c - one interpretation of a PDF page through MuPDF: glyphs, the
 * page's dark pixels without its text, and its images (pdf_dev.h).
 *
 * The device below receives the page's content stream once, as MuPDF
 * interprets it. Text (filled, stroked, clipping, invisible) becomes glyph
 * boxes; everything else (paths, shadings, images, clips, groups) is passed on
 * to a MuPDF draw device that paints into a grey map of the page at
 * RULE_SCALE, so that the map holds the ruling lines of tables but no glyphs.
 *
 * Glyph boxes are those of poppler's text layer, which the reader used before
 * (and which pdf_geom.c's thresholds were measured on): from the glyph's
 * origin along its advance, and across the baseline from the font's ascent to
 * its descent as the font descriptor gives them (0.95 and -0.35 of the font
 * size when it gives none or nonsense), the advance shared equally when one
 * glyph stands for several characters (a ligature).
 */
#include "pdf_dev.h"
#include "pdf_font.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_GLYPHS_PER_PAGE = 200000, MAX_RULE_PIXELS = 4000000 };

/* The rendering scale (pixels per point) of the ruling map. */
static const double RULE_SCALE = 1.0;

/* A glyph recently put, to recognise its double (fake bold: text drawn twice, a
 * little apart). */
typedef struct recent {
    int cp;
    float x, y;   /* origin */
    float dx, dy; /* unit vector along the baseline */
    float size;   /* font size */
} recent;

enum { RECENT = 128 };

/* The word being built, as poppler builds them (word_step). */
typedef struct word {
    bool open, last_overlap;
    int last;                    /* its last glyph in buf->gv, or -1 */
    float size, base, edge, end; /* base: across the baseline; edge, end: along it */
    fz_point dir;
    float asc, desc;
} word;

typedef struct pdev {
    fz_device super;
    fz_device *draw; /* the ruling map (no text), or NULL */
    float scale;     /* its pixels per point */
    js_pdf_pagebuf *buf;
    int n;
    bool oom;
    float pw, ph;
    js_pdf_fonts fonts; /* the page's fonts (pdf_font.c) */
    double page_area, best_area;
    int best_dpi;
    bool any_image;
    recent last[RECENT]; /* ring of the last glyphs put */
    word word;
    int nlast;
    const fz_font *last_font; /* the font of the last span, and */
    int last_mark;            /* its stand-in mark (js_pdf_stand_in_mark) */
} pdev;

static bool is_space(int c)
{
    return c <= 0x20 || c == 0xA0 || c == 0x3000 || c == 0x200B || c == 0xFEFF ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x7F;
}

/* ---- text ------------------------------------------------------------------------ */

/* Is the glyph cp at origin o a double of one put shortly before (same
 * character, less than 0.1 of the font size along the baseline and 0.2 across
 * from it)? poppler's text layer leaves such doubles out. Remembers it if not. */
static bool is_double(pdev *d, int cp, fz_point o, fz_point dir, float size)
{
    int n = d->nlast < RECENT ? d->nlast : RECENT;
    for (int i = 0; i < n; i++) {
        const recent *r = &d->last[i];
        if (r->cp != cp) continue;
        float vx = o.x - r->x, vy = o.y - r->y;
        float along = vx * r->dx + vy * r->dy, across = vx * r->dy - vy * r->dx;
        if (fabsf(along) < 0.1f * r->size && fabsf(across) < 0.2f * r->size) return true;
    }
    d->last[d->nlast++ % RECENT] = (recent){cp, o.x, o.y, dir.x, dir.y, size};
    if (d->nlast >= 2 * RECENT) d->nlast -= RECENT;
    return false;
}

static void put_glyph(pdev *d, fz_quad q, int cp)
{
    if (d->oom || d->n >= MAX_GLYPHS_PER_PAGE || is_space(cp)) return;
    js_pdf_pagebuf *b = d->buf;
    if (d->n == b->gcap) {
        int nc = b->gcap ? b->gcap * 2 : 1024;
        js_glyph *ng = realloc(b->gv, (size_t)nc * sizeof *ng);
        if (!ng) {
            d->oom = true;
            return;
        }
        b->gv = ng;
        b->gcap = nc;
    }
    fz_rect r = fz_rect_from_quad(q);
    if (!isfinite(r.x0) || !isfinite(r.y0) || !isfinite(r.x1) || !isfinite(r.y1)) return;
    js_glyph *g = &b->gv[d->n++];
    g->x0 = r.x0;
    g->y0 = r.y0;
    g->x1 = r.x1;
    g->y1 = r.y1;
    g->cp = cp;
}

/* poppler's words (TextOutputDev): a glyph continues the current word unless
 * it is a space, starts more than 0.1 em after the word's end or 0.2 em
 * before it, is off the word's baseline by more than 0.5 pt, has another font
 * size or direction, or overlaps the previous glyph (fake bold). Every glyph
 * of a word gets the ascent and descent of the word's first font: a box
 * height the grid (pdf_geom.c) was tuned on. */
static bool word_step(pdev *d, fz_point o, fz_point dir, float size, float asc, float desc)
{
    word *w = &d->word;
    float along = o.x * dir.x + o.y * dir.y, across = o.x * dir.y - o.y * dir.x;
    bool overlap = false;
    if (w->open) {
        float sp = along - w->end, delta = along - w->edge, dbase = fabsf(across - w->base);
        overlap = fabsf(delta) < 0.1f * w->size && dbase < 0.2f * w->size;
        if (overlap || w->last_overlap || sp < -0.2f * w->size || sp > 0.1f * w->size ||
            dbase > 0.5f || fabsf(size - w->size) > 1e-3f * w->size ||
            fabsf(dir.x - w->dir.x) > 1e-3f || fabsf(dir.y - w->dir.y) > 1e-3f)
            w->open = false;
    }
    w->last_overlap = overlap;
    bool cont = w->open;
    if (!w->open) {
        w->open = true;
        w->last = -1;
        w->size = size;
        w->base = across;
        w->dir = dir;
        w->asc = asc;
        w->desc = desc;
    }
    w->edge = along;
    return cont;
}

/* In a word, a glyph's box ends where the next glyph starts (poppler's word
 * edges): the last glyph of the word gets o as its end. */
static void word_edge(pdev *d, fz_point o, fz_point dir)
{
    if (d->word.last < 0 || d->word.last >= d->n) return;
    js_glyph *g = &d->buf->gv[d->word.last];
    if (dir.x == 1 && dir.y == 0)
        g->x1 = o.x;
    else if (dir.x == -1 && dir.y == 0)
        g->x0 = o.x;
    else if (dir.x == 0 && dir.y == 1)
        g->y1 = o.y;
    else if (dir.x == 0 && dir.y == -1)
        g->y0 = o.y;
}

/* The distance from item i of span s to the next glyph (item j, or the first
 * of the next span), in font sizes along its baseline (text space); 0 when
 * there is none. */
static float advance_to(const fz_text_span *s, int i, int j)
{
    const fz_text_item *next = j < s->len                    ? &s->items[j]
                               : s->next && s->next->len > 0 ? &s->next->items[0]
                                                             : NULL;
    if (!next) return 0;
    fz_matrix inv = fz_invert_matrix(s->trm);
    inv.e = inv.f = 0;
    fz_point v =
        fz_transform_vector(fz_make_point(next->x - s->items[i].x, next->y - s->items[i].y), inv);
    return v.x > 0 ? v.x : 0;
}

/* The glyphs of one span: item i and the filler items after it (gid -1: more
 * characters of the same glyph) share the glyph's advance. */
static void span_glyphs(fz_context *ctx, pdev *d, const fz_text_span *s, fz_matrix ctm)
{
    float asc, desc;
    js_pdf_font_metrics(ctx, &d->fonts, s->font, &asc, &desc);
    if (s->font != d->last_font) {
        d->last_font = s->font;
        d->last_mark = js_pdf_stand_in_mark(s->font);
    }
    bool widths = d->last_mark >= 0 && s->wmode == 0;
    /* the font's ToUnicode map when the reader maps its characters itself */
    pdf_cmap *tu =
        d->last_mark > 0 && d->last_mark <= d->buf->ntu ? d->buf->tu[d->last_mark - 1] : NULL;
    fz_matrix m = fz_concat(s->trm, ctm);
    m.e = m.f = 0; /* the linear part: text space (1 = font size) to page */
    fz_point up = fz_transform_vector(fz_make_point(0, 1), m);
    fz_point dir = fz_normalize_vector(fz_transform_vector(fz_make_point(1, 0), m));
    float size = sqrtf(up.x * up.x + up.y * up.y);
    for (int i = 0; i < s->len; i++) {
        const fz_text_item *it = &s->items[i];
        if (it->gid < 0 && i > 0) continue; /* done with its glyph */
        int nu = 1;
        while (i + nu < s->len && s->items[i + nu].gid < 0)
            nu++;
        float adv = it->gid < 0 ? 0
                    : widths    ? js_pdf_width(s->font, it->gid)
                                : fz_advance_glyph(ctx, s->font, it->gid, s->wmode);
        if (adv <= 0) /* a glyph the font program lacks: as far as the next glyph */
            adv = advance_to(s, i, i + nu);
        fz_point o = fz_transform_point_xy(it->x, it->y, ctm);
        fz_point w = fz_transform_vector(fz_make_point(adv, 0), m);
        /* poppler drops characters that are off the page */
        if (o.x + w.x < 0 || o.x > d->pw || o.y + w.y < 0 || o.y > d->ph) continue;
        /* the glyph's characters: MuPDF's (the item and its fillers), or the
         * font's ToUnicode entry for its CID (= its id), as MuPDF would map it */
        int cps[PDF_MRANGE_CAP], ncp = 0;
        if (tu && it->gid >= 0) {
            ncp = pdf_lookup_cmap_full(tu, (unsigned int)it->gid, cps);
            if (ncp <= 0 || ncp > PDF_MRANGE_CAP || (ncp == 1 && cps[0] == 0)) {
                cps[0] = 0xFFFD;
                ncp = 1;
            }
        } else {
            for (ncp = 0; ncp < nu && ncp < PDF_MRANGE_CAP; ncp++)
                cps[ncp] = s->items[i + ncp].ucs;
        }
        if (ncp == 1 && (cps[0] < 0 || is_space(cps[0]))) {
            d->word.open = false; /* a space ends a word */
            continue;
        }
        if (word_step(d, o, dir, size, asc, desc)) word_edge(d, o, dir);
        d->word.end = d->word.edge + adv * size;
        if (ncp == 1 && is_double(d, cps[0], o, dir, size)) continue;
        /* the word's ascent and descent, in this glyph's text space */
        float wa = d->word.asc * d->word.size / size, wd = d->word.desc * d->word.size / size;
        for (int k = 0; k < ncp; k++) {
            int cp = cps[k];
            if (cp < 0) continue;
            float u0 = adv * (float)k / (float)ncp, u1 = adv * (float)(k + 1) / (float)ncp;
            fz_quad q;
            q.ul = fz_transform_point_xy(u0, wa, m);
            q.ur = fz_transform_point_xy(u1, wa, m);
            q.ll = fz_transform_point_xy(u0, wd, m);
            q.lr = fz_transform_point_xy(u1, wd, m);
            q.ul.x += o.x, q.ul.y += o.y, q.ur.x += o.x, q.ur.y += o.y;
            q.ll.x += o.x, q.ll.y += o.y, q.lr.x += o.x, q.lr.y += o.y;
            int before = d->n;
            put_glyph(d, q, cp);
            if (d->n > before) d->word.last = d->n - 1;
        }
    }
}

static void text_glyphs(fz_context *ctx, pdev *d, const fz_text *text, fz_matrix ctm)
{
    for (const fz_text_span *s = text->head; s; s = s->next)
        span_glyphs(ctx, d, s, ctm);
}

static void dev_fill_text(fz_context *ctx, fz_device *dev, const fz_text *text, fz_matrix ctm,
                          fz_colorspace *cs, const float *color, float alpha, fz_color_params cp)
{
    (void)cs, (void)color, (void)alpha, (void)cp;
    text_glyphs(ctx, (pdev *)dev, text, ctm);
}

static void dev_stroke_text(fz_context *ctx, fz_device *dev, const fz_text *text,
                            const fz_stroke_state *st, fz_matrix ctm, fz_colorspace *cs,
                            const float *color, float alpha, fz_color_params cp)
{
    (void)st, (void)cs, (void)color, (void)alpha, (void)cp;
    text_glyphs(ctx, (pdev *)dev, text, ctm);
}

static void dev_ignore_text(fz_context *ctx, fz_device *dev, const fz_text *text, fz_matrix ctm)
{
    text_glyphs(ctx, (pdev *)dev, text, ctm);
}

/* Clipping text is text, and a clip for what follows: the draw device gets the clip. */
static void dev_clip_text(fz_context *ctx, fz_device *dev, const fz_text *text, fz_matrix ctm,
                          fz_rect sc)
{
    pdev *d = (pdev *)dev;
    text_glyphs(ctx, d, text, ctm);
    if (d->draw) fz_clip_text(ctx, d->draw, text, ctm, sc);
}

static void dev_clip_stroke_text(fz_context *ctx, fz_device *dev, const fz_text *text,
                                 const fz_stroke_state *st, fz_matrix ctm, fz_rect sc)
{
    pdev *d = (pdev *)dev;
    text_glyphs(ctx, d, text, ctm);
    if (d->draw) fz_clip_stroke_text(ctx, d->draw, text, st, ctm, sc);
}

/* ---- everything else goes to the ruling map ------------------------------------------- */

static void dev_fill_path(fz_context *ctx, fz_device *dev, const fz_path *p, int eo, fz_matrix ctm,
                          fz_colorspace *cs, const float *color, float alpha, fz_color_params cp)
{
    pdev *d = (pdev *)dev;
    if (d->draw) fz_fill_path(ctx, d->draw, p, eo, ctm, cs, color, alpha, cp);
}

/* A path of horizontal and vertical lines moved to pixel centres (in pixels
 * of the map), as poppler's cairo output draws strokes thinner than a pixel. */
typedef struct snap {
    fz_path *out;
    fz_matrix m; /* path space to map pixels */
    fz_point cur, start;
    bool bent; /* a curve or a slanted line: not snapped */
} snap;

static fz_point snapped(const snap *sn, float x, float y)
{
    fz_point p = fz_transform_point_xy(x, y, sn->m);
    return fz_make_point(floorf(p.x) + 0.5f, floorf(p.y) + 0.5f);
}

static void snap_move(fz_context *ctx, void *arg, float x, float y)
{
    snap *sn = arg;
    sn->cur = sn->start = fz_transform_point_xy(x, y, sn->m);
    fz_point p = snapped(sn, x, y);
    fz_moveto(ctx, sn->out, p.x, p.y);
}

static void snap_line(fz_context *ctx, void *arg, float x, float y)
{
    snap *sn = arg;
    fz_point q = fz_transform_point_xy(x, y, sn->m);
    if (fabsf(q.x - sn->cur.x) > 0.01f && fabsf(q.y - sn->cur.y) > 0.01f) sn->bent = true;
    sn->cur = q;
    fz_point p = snapped(sn, x, y);
    fz_lineto(ctx, sn->out, p.x, p.y);
}

static void snap_curve(fz_context *ctx, void *arg, float x1, float y1, float x2, float y2, float x3,
                       float y3)
{
    (void)ctx, (void)x1, (void)y1, (void)x2, (void)y2, (void)x3, (void)y3;
    ((snap *)arg)->bent = true;
}

static void snap_close(fz_context *ctx, void *arg)
{
    snap *sn = arg;
    sn->cur = sn->start;
    fz_closepath(ctx, sn->out);
}

static const fz_path_walker SNAP_WALKER = {
    .moveto = snap_move, .lineto = snap_line, .curveto = snap_curve, .closepath = snap_close};

/* A thin straight-lined stroke drawn one pixel wide at pixel centres; false
 * when the stroke is not one (then it is drawn as it is). */
static bool stroke_snapped(fz_context *ctx, pdev *d, const fz_path *p, const fz_stroke_state *st,
                           fz_matrix ctm, fz_colorspace *cs, const float *color, float alpha,
                           fz_color_params cp)
{
    if (st->dash_len > 0 || st->linewidth * fz_matrix_expansion(ctm) * d->scale > 1.0f)
        return false;
    snap sn = {.m = fz_concat(ctm, fz_scale(d->scale, d->scale))};
    fz_stroke_state *volatile s2 = NULL;
    volatile bool done = false;
    fz_var(s2);
    fz_var(sn.out);
    fz_try(ctx)
    {
        sn.out = fz_new_path(ctx);
        fz_walk_path(ctx, p, &SNAP_WALKER, &sn);
        if (!sn.bent) {
            s2 = fz_clone_stroke_state(ctx, (fz_stroke_state *)st);
            s2->linewidth = 1.0f;
            fz_stroke_path(ctx, d->draw, sn.out, s2, fz_scale(1 / d->scale, 1 / d->scale), cs,
                           color, alpha, cp);
            done = true;
        }
    }
    fz_always(ctx)
    {
        fz_drop_stroke_state(ctx, s2);
        fz_drop_path(ctx, sn.out);
    }
    fz_catch(ctx) done = false;
    return done;
}

static void dev_stroke_path(fz_context *ctx, fz_device *dev, const fz_path *p,
                            const fz_stroke_state *st, fz_matrix ctm, fz_colorspace *cs,
                            const float *color, float alpha, fz_color_params cp)
{
    pdev *d = (pdev *)dev;
    if (d->draw && !stroke_snapped(ctx, d, p, st, ctm, cs, color, alpha, cp))
        fz_stroke_path(ctx, d->draw, p, st, ctm, cs, color, alpha, cp);
}

static void dev_clip_path(fz_context *ctx, fz_device *dev, const fz_path *p, int eo, fz_matrix ctm,
                          fz_rect sc)
{
    pdev *d = (pdev *)dev;
    if (d->draw) fz_clip_path(ctx, d->draw, p, eo, ctm, sc);
}

static void dev_clip_stroke_path(fz_context *ctx, fz_device *dev, const fz_path *p,
                                 const fz_stroke_state *st, fz_matrix ctm, fz_rect sc)
{
    pdev *d = (pdev *)dev;
    if (d->draw) fz_clip_stroke_path(ctx, d->draw, p, st, ctm, sc);
}

static void dev_fill_shade(fz_context *ctx, fz_device *dev, fz_shade *shd, fz_matrix ctm,
                           float alpha, fz_color_params cp)
{
    pdev *d = (pdev *)dev;
    if (d->draw) fz_fill_shade(ctx, d->draw, shd, ctm, alpha, cp);
}

static void dev_fill_image(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm,
                           float alpha, fz_color_params cp)
{
    pdev *d = (pdev *)dev;
    /* placed size: the unit square through ctm */
    double aw = fabs(ctm.a) + fabs(ctm.c), ah = fabs(ctm.b) + fabs(ctm.d);
    d->any_image = true;
    if (aw >= 1 && aw * ah > d->best_area && img->w > 0) {
        d->best_area = aw * ah;
        d->best_dpi = (int)(img->w / (aw / 72.0) + 0.5);
    }
    if (d->draw) fz_fill_image(ctx, d->draw, img, ctm, alpha, cp);
}

static void dev_fill_image_mask(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm,
                                fz_colorspace *cs, const float *color, float alpha,
                                fz_color_params cp)
{
    pdev *d = (pdev *)dev;
    if (d->draw) fz_fill_image_mask(ctx, d->draw, img, ctm, cs, color, alpha, cp);
}

static void dev_clip_image_mask(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm,
                                fz_rect sc)
{
    pdev *d = (pdev *)dev;
    if (d->draw) fz_clip_image_mask(ctx, d->draw, img, ctm, sc);
}

static void dev_pop_clip(fz_context *ctx, fz_device *dev)
{
    pdev *d = (pdev *)dev;
    if (d->draw) fz_pop_clip(ctx, d->draw);
}

static void dev_begin_mask(fz_context *ctx, fz_device *dev, fz_rect area, int lum,
                           fz_colorspace *cs, const float *bc, fz_color_params cp)
{
    pdev *d = (pdev *)dev;
    if (d->draw) fz_begin_mask(ctx, d->draw, area, lum, cs, bc, cp);
}

static void dev_end_mask(fz_context *ctx, fz_device *dev)
{
    pdev *d = (pdev *)dev;
    if (d->draw) fz_end_mask(ctx, d->draw);
}

/* A transparency group of normal blending in RGB (the page group of most
 * PDFs: the whole page) is drawn in grey, the map's colour space: the draw
 * device would otherwise paint it into an RGB pixmap of its own and convert
 * that to grey at its end. The same grey where the page's colours are grey.
 * (Not drawing such a group as a group at all would be cheaper, but it
 * changes the rounding of thin rules' edges, and one rule of 300 pages was
 * lost that way.) */
static void dev_begin_group(fz_context *ctx, fz_device *dev, fz_rect area, fz_colorspace *cs,
                            int isolated, int knockout, int blend, float alpha)
{
    pdev *d = (pdev *)dev;
    if (!d->draw) return;
    if (blend == FZ_BLEND_NORMAL && cs && fz_colorspace_is_rgb(ctx, cs)) cs = fz_device_gray(ctx);
    fz_begin_group(ctx, d->draw, area, cs, isolated, knockout, blend, alpha);
}

static void dev_end_group(fz_context *ctx, fz_device *dev)
{
    pdev *d = (pdev *)dev;
    if (d->draw) fz_end_group(ctx, d->draw);
}

static int dev_begin_tile(fz_context *ctx, fz_device *dev, fz_rect area, fz_rect view, float xs,
                          float ys, fz_matrix ctm, int id)
{
    pdev *d = (pdev *)dev;
    return d->draw ? fz_begin_tile_id(ctx, d->draw, area, view, xs, ys, ctm, id) : 0;
}

static void dev_end_tile(fz_context *ctx, fz_device *dev)
{
    pdev *d = (pdev *)dev;
    if (d->draw) fz_end_tile(ctx, d->draw);
}

/* The device for page, and the page's bounds; NULL when MuPDF fails. */
static pdev *new_pdev(fz_context *ctx, fz_page *page, fz_rect *bounds)
{
    pdev *volatile d = NULL;
    fz_try(ctx)
    {
        *bounds = fz_bound_page(ctx, page);
        d = fz_new_derived_device(ctx, pdev);
    }
    fz_catch(ctx) return NULL;
    d->super.fill_text = dev_fill_text;
    d->super.stroke_text = dev_stroke_text;
    d->super.clip_text = dev_clip_text;
    d->super.clip_stroke_text = dev_clip_stroke_text;
    d->super.ignore_text = dev_ignore_text;
    d->super.fill_path = dev_fill_path;
    d->super.stroke_path = dev_stroke_path;
    d->super.clip_path = dev_clip_path;
    d->super.clip_stroke_path = dev_clip_stroke_path;
    d->super.fill_shade = dev_fill_shade;
    d->super.fill_image = dev_fill_image;
    d->super.fill_image_mask = dev_fill_image_mask;
    d->super.clip_image_mask = dev_clip_image_mask;
    d->super.pop_clip = dev_pop_clip;
    d->super.begin_mask = dev_begin_mask;
    d->super.end_mask = dev_end_mask;
    d->super.begin_group = dev_begin_group;
    d->super.end_group = dev_end_group;
    d->super.begin_tile = dev_begin_tile;
    d->super.end_tile = dev_end_tile;
    return d;
}

/* ---- contexts and documents ---------------------------------------------------------- */

static void quiet(void *user, const char *message)
{
    (void)user;
    (void)message;
}

fz_context *js_pdf_context(float min_line_width)
{
    fz_context *ctx = fz_new_context(NULL, NULL, FZ_STORE_DEFAULT);
    if (ctx) {
        fz_set_warning_callback(ctx, quiet, NULL);
        fz_set_error_callback(ctx, quiet, NULL);
        if (min_line_width > 0) fz_set_graphics_min_line_width(ctx, min_line_width);
    }
    return ctx;
}

pdf_document *js_pdf_open(fz_context *ctx, const char *path, const char *data, size_t n,
                          js_err *err)
{
    pdf_document *volatile doc = NULL;
    fz_stream *volatile stm = NULL;
    volatile int locked = 0;
    fz_var(doc);
    fz_var(stm);
    fz_try(ctx)
    {
        if (data) {
            stm = fz_open_memory(ctx, (const unsigned char *)data, n);
            doc = pdf_open_document_with_stream(ctx, stm);
        } else {
            doc = pdf_open_document(ctx, path);
        }
        locked = pdf_needs_password(ctx, doc);
    }
    fz_always(ctx) fz_drop_stream(ctx, stm);
    fz_catch(ctx)
    {
        const char *m = fz_caught_message(ctx);
        js_err_set(err, JS_EINPUT, "%s: not a readable PDF (%s)", path,
                   m && *m ? m : "damaged or truncated");
        pdf_drop_document(ctx, doc);
        return NULL;
    }
    if (locked) {
        js_err_set(err, JS_EINPUT, "%s: the PDF is encrypted (password-protected): cannot read it",
                   path);
        pdf_drop_document(ctx, doc);
        return NULL;
    }
    return doc;
}

/* ---- a page -------------------------------------------------------------------------- */

static bool grow(unsigned char **p, size_t *cap, size_t need)
{
    if (need <= *cap) return true;
    free(*p);
    *p = malloc(need);
    *cap = *p ? need : 0;
    return *p != NULL;
}

/* The scale of the ruling map of a page pw × ph points: RULE_SCALE, halved
 * until the map has at most MAX_RULE_PIXELS; 0 for a page too odd to draw. */
static double rule_scale(double pw, double ph)
{
    double scale = RULE_SCALE;
    if (!(pw > 0 && ph > 0 && pw <= 20000 && ph <= 20000)) return 0;
    while (pw * scale * ph * scale > MAX_RULE_PIXELS && scale > 0.05)
        scale /= 2;
    return ceil(pw * scale) >= 8 && ceil(ph * scale) >= 8 ? scale : 0;
}

/* Grey values to the dark map: darker than 180 of 255 is dark. */
static void to_dark(unsigned char *p, size_t n)
{
    /* in blocks of 32 (a loop of known length: the compiler makes it vector code
     * at -O2), then the rest one by one */
    size_t i = 0;
    for (; i + 32 <= n; i += 32)
        for (size_t k = 0; k < 32; k++)
            p[i + k] = p[i + k] < 180;
    for (; i < n; i++)
        p[i] = p[i] < 180;
}

/* Draw the recorded paths into buf->dark (white first), w × h pixels at scale. */
static bool draw_map(fz_context *ctx, fz_display_list *list, js_pdf_pagebuf *buf, int w, int h,
                     float scale)
{
    fz_pixmap *volatile px = NULL;
    fz_device *volatile draw = NULL;
    volatile bool ok = false;
    fz_var(px);
    fz_var(draw);
    memset(buf->dark, 255, (size_t)w * (size_t)h);
    fz_try(ctx)
    {
        px = fz_new_pixmap_with_data(ctx, fz_device_gray(ctx), w, h, NULL, 0, w, buf->dark);
        /* the list is in page points from (0,0) */
        draw = fz_new_draw_device(ctx, fz_scale(scale, scale), px);
        fz_run_display_list(ctx, list, draw, fz_identity, fz_infinite_rect, NULL);
        fz_close_device(ctx, draw);
        ok = true;
    }
    fz_always(ctx)
    {
        fz_drop_device(ctx, draw);
        fz_drop_pixmap(ctx, px);
    }
    fz_catch(ctx) ok = false;
    return ok;
}

bool js_pdf_page_rules(fz_context *ctx, js_pdf_pageinfo *info, js_pdf_pagebuf *buf)
{
    double scale = rule_scale(info->w, info->h);
    if (!info->paths || scale <= 0) return false;
    int w = (int)ceil(info->w * scale), h = (int)ceil(info->h * scale);
    if (!grow(&buf->dark, &buf->darkcap, (size_t)w * (size_t)h) ||
        !draw_map(ctx, info->paths, buf, w, h, (float)scale))
        return false;
    to_dark(buf->dark, (size_t)w * (size_t)h);
    info->pix.dark = buf->dark;
    info->pix.w = w;
    info->pix.h = h;
    info->pix.scale = (float)scale;
    return true;
}

void js_pdf_pageinfo_release(fz_context *ctx, js_pdf_pageinfo *info)
{
    fz_drop_display_list(ctx, info->paths);
    info->paths = NULL;
}

/* A display list of the page's size and a device recording into it. */
static fz_display_list *new_list(fz_context *ctx, float w, float h, fz_device **rec)
{
    fz_display_list *volatile list = NULL;
    fz_var(list);
    fz_try(ctx)
    {
        list = fz_new_display_list(ctx, fz_make_rect(0, 0, w, h));
        *rec = fz_new_list_device(ctx, list);
    }
    fz_catch(ctx)
    {
        fz_drop_display_list(ctx, list);
        return NULL;
    }
    return list;
}

int js_pdf_page_read(fz_context *ctx, pdf_document *doc, fz_page *page, js_pdf_pagebuf *buf,
                     js_pdf_pageinfo *info)
{
    memset(info, 0, sizeof *info);
    fz_rect b;
    pdev *d = new_pdev(ctx, page, &b);
    if (!d) return -1;
    info->w = b.x1 - b.x0;
    info->h = b.y1 - b.y0;
    d->buf = buf;
    d->pw = info->w;
    d->ph = info->h;
    d->scale = (float)rule_scale(info->w, info->h);
    fz_device *volatile rec = NULL;
    fz_display_list *volatile list = NULL;
    volatile int failed = 0; /* damaged content: the glyphs read so far are kept */
    fz_var(rec);
    fz_var(list);
    fz_try(ctx)
    {
        fz_device *r = NULL;
        if (d->scale > 0) list = new_list(ctx, info->w, info->h, &r);
        rec = r;
        d->draw = rec;
        pdf_page *pp = pdf_page_from_fz_page(ctx, page);
        if (pp) {
            pdf_obj *c = pdf_page_contents(ctx, pp);
            int nc = pdf_is_array(ctx, c) ? pdf_array_len(ctx, c) : 0;
            if (!nc) js_pdf_inflate_stream(ctx, doc, c);
            for (int i = 0; i < nc && i < 1024; i++)
                js_pdf_inflate_stream(ctx, doc, pdf_array_get(ctx, c, i));
            js_pdf_scan_fonts(ctx, doc, buf, &d->fonts, pdf_page_resources(ctx, pp));
        }
        fz_run_page_contents(ctx, page, &d->super, fz_translate(-b.x0, -b.y0), NULL);
        fz_close_device(ctx, &d->super);
        if (rec) fz_close_device(ctx, rec);
    }
    fz_always(ctx) fz_drop_device(ctx, rec);
    fz_catch(ctx) failed = 1;
    info->nglyphs = d->n;
    if (!failed)
        info->paths = list;
    else
        fz_drop_display_list(ctx, list);
    double area = (double)info->w * info->h;
    info->image_share = area > 0 ? d->best_area / area : 0;
    info->image_dpi = d->best_dpi;
    info->any_image = d->any_image;
    bool oom = d->oom;
    free(d->fonts.fm);
    fz_drop_device(ctx, &d->super);
    return oom ? -1 : 0;
}

bool js_pdf_page_gray(fz_context *ctx, fz_page *page, double scale, js_pdf_pagebuf *buf, int *w,
                      int *h)
{
    fz_pixmap *volatile px = NULL;
    volatile bool ok = false;
    fz_var(px);
    fz_try(ctx)
    {
        fz_rect b = fz_bound_page(ctx, page);
        fz_matrix t = fz_concat(fz_translate(-b.x0, -b.y0), fz_scale((float)scale, (float)scale));
        px = fz_new_pixmap_from_page_contents(ctx, page, t, fz_device_gray(ctx), 0);
        int pw = fz_pixmap_width(ctx, px), ph = fz_pixmap_height(ctx, px);
        if (pw >= 16 && ph >= 16 && grow(&buf->gray, &buf->graycap, (size_t)pw * (size_t)ph)) {
            const unsigned char *s = fz_pixmap_samples(ctx, px);
            ptrdiff_t stride = fz_pixmap_stride(ctx, px);
            for (int y = 0; y < ph; y++)
                memcpy(buf->gray + (size_t)y * (size_t)pw, s + y * stride, (size_t)pw);
            *w = pw;
            *h = ph;
            ok = true;
        }
    }
    fz_always(ctx) fz_drop_pixmap(ctx, px);
    fz_catch(ctx) ok = false;
    return ok;
}

void js_pdf_pagebuf_release(fz_context *ctx, js_pdf_pagebuf *buf)
{
    for (int i = 0; i < buf->ntu; i++)
        pdf_drop_cmap(ctx, buf->tu[i]);
    free(buf->tu);
    free(buf->gv);
    free(buf->dark);
    free(buf->gray);
    memset(buf, 0, sizeof *buf);
}
