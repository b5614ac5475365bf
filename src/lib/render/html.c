/*
 * html.c - a disclosure as one self-contained, print-ready HTML page (A4):
 * inline CSS with a CJK font stack, a cover, each of the nine tables on its
 * own page with the 公开NN表 label, 部门 and 单位 lines and the header cells
 * merged as on the official form (colspan/rowspan), then the narrative and
 * the performance tables. No script, no external resource.
 */
#include "juesuan/render.h"
#include "render/render_impl.h"

#include <string.h>

static const char CSS[] =
    "@page{size:A4;margin:18mm 15mm}\n"
    "body{font-family:\"Noto Serif CJK SC\",\"Source Han Serif SC\",\"SimSun\",\"Songti SC\","
    "\"Noto Sans CJK SC\",\"WenQuanYi Micro Hei\",serif;font-size:10.5pt;color:#000;"
    "max-width:190mm;margin:0 auto;line-height:1.6}\n"
    "h1{font-size:22pt;text-align:center;margin-top:60mm}\n"
    "h2{font-size:15pt;text-align:center;page-break-before:always;break-before:page}\n"
    "h3{font-size:12pt}h4{font-size:11pt}\n"
    ".cover p{text-align:center;font-size:14pt}\n"
    "section.table{page-break-before:always;break-before:page}\n"
    "h2+section.table{page-break-before:auto;break-before:auto}\n"
    "section.table h3{text-align:center;font-size:14pt;margin:0 0 4pt}\n"
    ".meta{display:flex;justify-content:space-between;font-size:9.5pt;margin:2pt 0}\n"
    ".label{text-align:right;font-size:9.5pt}\n"
    "table{border-collapse:collapse;width:100%;font-size:8.5pt;page-break-inside:auto}\n"
    "tr{page-break-inside:avoid}\n"
    "th,td{border:0.6pt solid #000;padding:1.5pt 3pt;vertical-align:middle}\n"
    "th{font-weight:normal;background:#f2f2f2;text-align:center}\n"
    "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "td.c{white-space:nowrap}\n"
    "p.note{font-size:8.5pt}\n"
    "p.para{text-indent:2em;margin:4pt 0}\n"
    "@media screen{body{padding:10mm}}\n";

static void grid_html(js_buf *out, const bg_grid *g)
{
    js_buf_puts(out, "<table>\n");
    for (int r = 0; r < g->nrows; r++) {
        js_buf_puts(out, "<tr>");
        bool head = r < g->nhead;
        for (int c = 0; c < g->ncols; c++) {
            const bg_cell *x = bg_at(g, r, c);
            if (x->covered) continue;
            const char *tag = head ? "th" : "td";
            js_buf_printf(out, "<%s", tag);
            if (!head && x->num)
                js_buf_puts(out, " class=\"n\"");
            else if (!head && c == 0)
                js_buf_puts(out, " class=\"c\"");
            if (x->colspan > 1) js_buf_printf(out, " colspan=\"%d\"", x->colspan);
            if (x->rowspan > 1) js_buf_printf(out, " rowspan=\"%d\"", x->rowspan);
            js_buf_putc(out, '>');
            js_buf_html(out, x->text);
            js_buf_printf(out, "</%s>", tag);
        }
        js_buf_puts(out, "</tr>\n");
    }
    js_buf_puts(out, "</table>\n");
}

static void section_html(js_buf *out, const js_section *s, const char *text)
{
    int lv = s->level + 2 > 6 ? 6 : s->level + 2;
    js_buf_printf(out, "<h%d>", lv);
    js_buf_html(out, text);
    js_buf_printf(out, "</h%d>\n", lv);
}

static void para_html(js_buf *out, const char *text)
{
    js_buf_puts(out, "<p class=\"para\">");
    js_buf_html(out, text);
    js_buf_puts(out, "</p>\n");
}

static const bg_pen HTML = {section_html, para_html};

static void draw_html(const js_templates *tp, const js_doc *doc, js_arena *a, js_buf *out)
{
    const char *dept = doc->dept ? doc->dept : "";
    js_buf_puts(
        out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    js_buf_html(out, dept);
    js_buf_printf(out, " %d年度部门决算</title>\n<style>\n%s</style>\n</head>\n<body>\n", doc->year,
                  CSS);
    js_buf_puts(out, "<div class=\"cover\"><h1>");
    js_buf_html(out, dept);
    js_buf_printf(out, "<br>%d年度部门决算</h1></div>\n", doc->year);
    js_buf_puts(out, "<h2>第一部分 部门概况</h2>\n");
    bg_part(out, doc, JS_PART_OVERVIEW, true, &HTML);
    js_buf_printf(out, "<h2>第二部分 %d年度部门决算表</h2>\n", doc->year);
    for (int no = 1; no <= 9; no++) {
        bg_grid *g = bg_table_in(tp, doc, no, a);
        if (!g) continue;
        js_buf_printf(out, "<section class=\"table\" id=\"t%s\">\n<h3>", g->label);
        js_buf_html(out, g->title);
        js_buf_printf(
            out, "</h3>\n<div class=\"label\">公开%s表</div>\n<div class=\"meta\"><span>部门：",
            g->label);
        js_buf_html(out, dept);
        js_buf_puts(out, "</span><span>单位：万元</span></div>\n");
        grid_html(out, g);
        js_buf_puts(out, "<p class=\"note\">");
        js_buf_html(out, g->note);
        js_buf_puts(out, "</p>\n</section>\n");
    }
    js_buf_printf(out, "<h2>第三部分 %d年度部门决算情况说明</h2>\n", doc->year);
    bg_part(out, doc, JS_PART_NARRATIVE, true, &HTML);
    js_buf_puts(out, "<h2>第四部分 名词解释</h2>\n");
    bg_part(out, doc, JS_PART_GLOSSARY, false, &HTML);
    if (doc->nperf) js_buf_puts(out, "<h2>第五部分 附件</h2>\n");
    for (int i = 0; i < doc->nperf; i++) {
        bg_grid *g = bg_perf_in(tp, doc, i, a);
        if (!g) continue;
        js_buf_printf(out, "<section class=\"table\">\n<div class=\"label\">附件%d</div>\n<h3>",
                      doc->perf[i].kind);
        js_buf_html(out, g->title);
        js_buf_puts(out, "</h3>\n");
        grid_html(out, g);
        js_buf_puts(out, "<p class=\"note\">");
        js_buf_html(out, g->note);
        js_buf_puts(out, "</p>\n</section>\n");
    }
    js_buf_puts(out, "</body>\n</html>\n");
}

int js_render_html(const js_templates *form, const js_doc *doc, js_buf *out, js_err *err)
{
    return bg_draw_buf(form, doc, draw_html, out, err);
}
