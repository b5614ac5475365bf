/*
 * md.c - a disclosure as Markdown: headings for the parts, the tables and
 * the numbered sections; each table as a pipe table whose first row is its
 * first header row (Markdown has no merged cells: a merged cell's text is
 * given once and the cells it covers are left blank).
 */
#include "juesuan/render.h"
#include "render/render_impl.h"

#include <stdlib.h>
#include <string.h>

/* Text from the document: HTML escaped as the HTML writer does (js_buf_html:
 * Markdown passes raw HTML through, so a name holding <script> must not), '|'
 * escaped for pipe tables, line breaks joined. */
static void cell_md(js_buf *out, const char *s)
{
    while (s && *s) {
        size_t n = strcspn(s, "|\n");
        if (n) {
            char *part = strndup(s, n);
            if (part)
                js_buf_html(out, part);
            else
                out->oom = true;
            free(part);
            s += n;
        }
        if (*s == '|')
            js_buf_puts(out, "\\|");
        else if (*s == '\n')
            js_buf_putc(out, ' ');
        if (*s) s++;
    }
}

/* "### 公开01表 title" etc.: printf, then the text arguments escaped. */
static void heading_md(js_buf *out, const char *prefix, const char *text, const char *suffix)
{
    js_buf_puts(out, prefix);
    cell_md(out, text);
    js_buf_puts(out, suffix);
}

static void grid_md(js_buf *out, const bg_grid *g)
{
    for (int r = 0; r < g->nrows; r++) {
        js_buf_putc(out, '|');
        for (int c = 0; c < g->ncols; c++) {
            const bg_cell *x = bg_at(g, r, c);
            js_buf_putc(out, ' ');
            if (x->text && !x->covered) cell_md(out, x->text);
            js_buf_puts(out, " |");
        }
        js_buf_putc(out, '\n');
        if (r == 0) {
            js_buf_putc(out, '|');
            for (int c = 0; c < g->ncols; c++) {
                bool num = false;
                for (int k = g->nhead; k < g->nrows; k++)
                    num |= bg_at(g, k, c)->num && bg_at(g, k, c)->text;
                js_buf_puts(out, num ? " ---: |" : " --- |");
            }
            js_buf_putc(out, '\n');
        }
    }
}

static void section_md(js_buf *out, const js_section *s, const char *text)
{
    for (int k = 0; k < s->level + 2 && k < 6; k++)
        js_buf_putc(out, '#');
    js_buf_putc(out, ' ');
    cell_md(out, text);
    js_buf_puts(out, "\n\n");
}

static void para_md(js_buf *out, const char *text)
{
    cell_md(out, text);
    js_buf_puts(out, "\n\n");
}

static const bg_pen MD = {section_md, para_md};

static void draw_md(const js_templates *tp, const js_doc *doc, js_arena *a, js_buf *out)
{
    const char *dept = doc->dept ? doc->dept : "";
    heading_md(out, "# ", dept, "");
    js_buf_printf(out, " %d年度部门决算\n\n", doc->year);
    js_buf_puts(out, "## 第一部分 部门概况\n\n");
    bg_part(out, doc, JS_PART_OVERVIEW, true, &MD);
    js_buf_printf(out, "## 第二部分 %d年度部门决算表\n\n", doc->year);
    for (int no = 1; no <= 9; no++) {
        bg_grid *g = bg_table_in(tp, doc, no, a);
        if (!g) continue;
        js_buf_printf(out, "### 公开%s表 ", g->label);
        heading_md(out, "", g->title, "\n\n");
        heading_md(out, "部门：", dept, "　　单位：万元\n\n");
        grid_md(out, g);
        heading_md(out, "\n", g->note, "\n\n");
    }
    js_buf_printf(out, "## 第三部分 %d年度部门决算情况说明\n\n", doc->year);
    bg_part(out, doc, JS_PART_NARRATIVE, true, &MD);
    js_buf_puts(out, "## 第四部分 名词解释\n\n");
    bg_part(out, doc, JS_PART_GLOSSARY, false, &MD);
    if (doc->nperf) js_buf_puts(out, "## 第五部分 附件\n\n");
    for (int i = 0; i < doc->nperf; i++) {
        bg_grid *g = bg_perf_in(tp, doc, i, a);
        if (!g) continue;
        js_buf_printf(out, "### 附件%d ", doc->perf[i].kind);
        cell_md(out, g->title);
        if (doc->perf[i].kind == 2) heading_md(out, "：", doc->perf[i].name, "");
        js_buf_puts(out, "\n\n");
        grid_md(out, g);
        heading_md(out, "\n", g->note, "\n\n");
    }
}

int js_render_md(const js_templates *form, const js_doc *doc, js_buf *out, js_err *err)
{
    return bg_draw_buf(form, doc, draw_md, out, err);
}
