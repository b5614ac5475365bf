/*
 * txt.c - a disclosure as text in the shape of the published documents as
 * they come out of PDF extraction (shared/seeds): the title page, 第一部分
 * 概况, 第二部分 the nine tables (title, "公开 0N 表", "部门：…", "单位：万元",
 * rows of tab-separated cells, "注：…"), 第三部分 情况说明 with 一、（一）1、
 * headings, 第四部分 名词解释, 第五部分 附件 with the 绩效自评表. Paragraphs
 * are separated by blank lines, as in the seeds, so the text reader reads
 * this back to the same model.
 */
#include "juesuan/render.h"
#include "render/render_impl.h"

#include <string.h>

static void grid_txt(js_buf *out, const bg_grid *g)
{
    for (int r = 0; r < g->nrows; r++) {
        for (int c = 0; c < g->ncols; c++) {
            const bg_cell *x = bg_at(g, r, c);
            if (c) js_buf_putc(out, '\t');
            if (x->text && !x->covered) js_buf_puts(out, x->text);
        }
        js_buf_putc(out, '\n');
    }
}

/* The heading of section s as printed: "一、title", "（一）title", "1、title". */
void js_txt_heading(js_buf *out, const js_section *s)
{
    char b[16];
    switch (s->level) {
    case 0:
        js_buf_puts(out, s->title);
        break;
    case 1:
        js_buf_printf(out, "%s、%s", js_cnum_fmt(s->value, b, sizeof b), s->title);
        break;
    case 2:
        js_buf_printf(out, "（%s）%s", js_cnum_fmt(s->value, b, sizeof b), s->title);
        break;
    case 3:
        js_buf_printf(out, "%d、%s", s->value, s->title);
        break;
    default:
        js_buf_printf(out, "（%d）%s", s->value, s->title);
        break;
    }
}

static void para_txt(js_buf *out, const char *text)
{
    js_buf_puts(out, text);
    js_buf_puts(out, "\n\n");
}

static void heading_txt(js_buf *out, const js_section *s, const char *text)
{
    (void)s;
    para_txt(out, text);
}

static const bg_pen TXT = {heading_txt, para_txt};

static const char *part_title(const js_doc *doc, int part, const char *def)
{
    for (int i = 0; i < doc->nsections; i++)
        if (doc->sections[i].part == part && doc->sections[i].level == 0)
            return doc->sections[i].title;
    return def;
}

static void draw_txt(const js_templates *tp, const js_doc *doc, js_arena *a, js_buf *out)
{
    const char *dept = doc->dept ? doc->dept : "";
    js_buf_printf(out, "%d年度\n%s\n部门决算\n\n", doc->year, dept);
    js_buf_printf(out, "第一部分 %s\n\n", part_title(doc, JS_PART_OVERVIEW, "部门概况"));
    bg_part(out, doc, JS_PART_OVERVIEW, true, &TXT);
    js_buf_printf(out, "第二部分 %d年度部门决算表\n\n", doc->year);
    for (int no = 1; no <= 9; no++) {
        bg_grid *g = bg_table_in(tp, doc, no, a);
        if (!g) continue;
        js_buf_printf(out, "%s\n\n公开 %s 表\n\n部门：%s\n\n单位：万元\n\n", g->title, g->label,
                      dept);
        grid_txt(out, g);
        js_buf_printf(out, "\n%s\n\n", g->note);
    }
    js_buf_printf(out, "第三部分 %s\n\n", part_title(doc, JS_PART_NARRATIVE, "部门决算情况说明"));
    bg_part(out, doc, JS_PART_NARRATIVE, true, &TXT);
    js_buf_puts(out, "第四部分 名词解释\n\n");
    bg_part(out, doc, JS_PART_GLOSSARY, false, &TXT);
    if (doc->nperf) {
        js_buf_puts(out, "第五部分 附件\n\n");
        for (int i = 0; i < doc->nperf; i++) {
            bg_grid *g = bg_perf_in(tp, doc, i, a);
            if (!g) continue;
            js_buf_printf(out, "附件 %d\n\n%s\n\n", doc->perf[i].kind, g->title);
            grid_txt(out, g);
            js_buf_printf(out, "\n%s\n\n", g->note);
        }
    }
}

int js_render_txt(const js_templates *form, const js_doc *doc, js_buf *out, js_err *err)
{
    return bg_draw_buf(form, doc, draw_txt, out, err);
}
