/*
 * xlsx.c - a disclosure as an XLSX workbook (libxlsxwriter): one sheet per
 * table (公开01表 … 公开09表, then 绩效自评表), each with the title, the
 * 公开NN表 label, the 部门 and 单位 lines, the header cells merged as on the
 * form, amounts as numbers with a 0.00 format, the note, and column widths
 * fitted to the text.
 *
 * Amounts are exact in the model (fen); a spreadsheet cell stores a double,
 * so each displayed 万元 figure (two decimals) is written as the nearest
 * double of its printed text. No sum is computed here.
 */
#include "juesuan/render.h"
#include "render/render_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

typedef struct fmts {
    lxw_format *title, *label, *meta, *metar, *head, *text, *num, *numtxt, *note;
} fmts;

static void sheet(lxw_workbook *wb, const fmts *f, const bg_grid *g, const char *name,
                  const char *dept, const char *label)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    if (!ws) return;
    int nc = g->ncols;
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 1);
    worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(nc - 1), g->title, f->title);
    worksheet_set_row(ws, 0, 24, NULL);
    if (label) worksheet_merge_range(ws, 1, 0, 1, (lxw_col_t)(nc - 1), label, f->label);
    int half = nc / 2;
    char b[512];
    snprintf(b, sizeof b, "部门：%s", dept);
    if (half > 1)
        worksheet_merge_range(ws, 2, 0, 2, (lxw_col_t)(half - 1), b, f->meta);
    else
        worksheet_write_string(ws, 2, 0, b, f->meta);
    if (g->label) {
        if (nc - 1 > half)
            worksheet_merge_range(ws, 2, (lxw_col_t)half, 2, (lxw_col_t)(nc - 1), "单位：万元",
                                  f->metar);
        else
            worksheet_write_string(ws, 2, (lxw_col_t)(nc - 1), "单位：万元", f->metar);
    }
    int top = 3;
    for (int r = 0; r < g->nrows; r++) {
        for (int c = 0; c < nc; c++) {
            const bg_cell *x = bg_at(g, r, c);
            if (x->covered) continue;
            bool head = r < g->nhead;
            lxw_format *fm = head ? f->head : x->num ? f->num : f->text;
            lxw_row_t rr = (lxw_row_t)(top + r);
            lxw_col_t cc = (lxw_col_t)c;
            const char *t = x->text ? x->text : "";
            if (x->colspan > 1 || x->rowspan > 1) {
                worksheet_merge_range(ws, rr, cc, (lxw_row_t)(top + r + x->rowspan - 1),
                                      (lxw_col_t)(c + x->colspan - 1), t, fm);
                continue;
            }
            js_num n;
            if (!head && x->num && x->text &&
                js_num_parse(x->text, strlen(x->text), &n) == JS_NUM_VALUE && n.dec <= 2) {
                double v = (double)n.mant;
                for (int k = 0; k < n.dec; k++)
                    v /= 10.0;
                worksheet_write_number(ws, rr, cc, v, n.dec == 2 ? f->num : f->numtxt);
            } else if (x->text) {
                worksheet_write_string(ws, rr, cc, t, fm);
            } else {
                worksheet_write_blank(ws, rr, cc, fm);
            }
        }
    }
    int nr = top + g->nrows + 1;
    if (g->note) {
        worksheet_merge_range(ws, (lxw_row_t)nr, 0, (lxw_row_t)nr, (lxw_col_t)(nc - 1), g->note,
                              f->note);
        worksheet_set_row(ws, (lxw_row_t)nr,
                          15.0 * (1 + (double)strlen(g->note) / (double)(nc * 30)), NULL);
    }
    for (int c = 0; c < nc; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, g->widths[c] * 1.1 + 2, NULL);
    worksheet_repeat_rows(ws, (lxw_row_t)top, (lxw_row_t)(top + (g->nhead ? g->nhead - 1 : 0)));
}

static lxw_format *fmt(lxw_workbook *wb, bool border, int align, bool bold, double size)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_font_name(f, "宋体");
    format_set_font_size(f, size);
    if (border) format_set_border(f, LXW_BORDER_THIN);
    if (align) format_set_align(f, (uint8_t)align);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (bold) format_set_bold(f);
    return f;
}

static int write_xlsx(const js_templates *tp, const js_doc *doc, js_arena *a, void *file,
                      js_err *err)
{
    const char *path = file;
    lxw_workbook *wb = workbook_new(path);
    if (!wb) return js_err_set(err, JS_EINTERNAL, "%s: cannot create the workbook", path);
    fmts f;
    f.title = fmt(wb, false, LXW_ALIGN_CENTER, true, 16);
    f.label = fmt(wb, false, LXW_ALIGN_RIGHT, false, 10);
    f.meta = fmt(wb, false, LXW_ALIGN_LEFT, false, 10);
    f.metar = fmt(wb, false, LXW_ALIGN_RIGHT, false, 10);
    f.head = fmt(wb, true, LXW_ALIGN_CENTER, true, 10);
    format_set_text_wrap(f.head);
    format_set_bg_color(f.head, 0xF2F2F2);
    f.text = fmt(wb, true, LXW_ALIGN_LEFT, false, 10);
    f.num = fmt(wb, true, LXW_ALIGN_RIGHT, false, 10);
    format_set_num_format(f.num, "#,##0.00");
    f.numtxt = fmt(wb, true, LXW_ALIGN_RIGHT, false, 10);
    f.note = fmt(wb, false, LXW_ALIGN_LEFT, false, 9);
    format_set_text_wrap(f.note);
    format_set_align(f.note, LXW_ALIGN_VERTICAL_TOP);
    const char *dept = doc->dept ? doc->dept : "";
    char name[64], label[64];
    for (int no = 1; no <= 9; no++) {
        bg_grid *g = bg_table_in(tp, doc, no, a);
        if (!g) continue;
        snprintf(name, sizeof name, "公开%s表", g->label);
        snprintf(label, sizeof label, "公开%s表", g->label);
        sheet(wb, &f, g, name, dept, label);
    }
    for (int i = 0; i < doc->nperf; i++) {
        bg_grid *g = bg_perf_in(tp, doc, i, a);
        if (!g) continue;
        if (doc->perf[i].kind == 1)
            snprintf(name, sizeof name, "部门整体绩效自评表");
        else
            snprintf(name, sizeof name, "项目绩效自评表%d", i);
        snprintf(label, sizeof label, "附件%d", doc->perf[i].kind);
        sheet(wb, &f, g, name, dept, label);
    }
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR)
        return js_err_set(err, JS_EINTERNAL, "%s: writing the workbook failed: %s", path,
                          lxw_strerror(e));
    return JS_OK;
}

int js_render_xlsx(const js_templates *form, const js_doc *doc, const char *path, js_err *err)
{
    char tmp[4096];
    int rc = js_tmp_for(path, tmp, sizeof tmp, err);
    if (rc != JS_OK) return rc;
    rc = bg_draw(form, doc, write_xlsx, tmp, err);
    return js_tmp_done(rc, tmp, path, err);
}
