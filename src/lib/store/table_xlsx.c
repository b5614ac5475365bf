/*
 * table_xlsx.c - report tables (js_rtable) as an XLSX workbook (libxlsxwriter),
 * readable in Excel or WPS as it opens (issue #15.4): one sheet per table,
 * named after its title (汇总 2020, 汇总表的勾稽关系, 排名 三公经费决算 …); the
 * title on the first row, the header bold, shaded and frozen under it, an
 * autofilter over the table, each column as wide as its widest cell (a CJK
 * character counts two), numbers as numbers, the table's notes under it.
 * Apart from table.c because the program loads the XLSX writers on first use,
 * as the module juesuan-xlsx.so (CMakeLists.txt, docs/performance.md "Start-up").
 */
#include "juesuan/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define MAX_WIDTH 60 /* the widest column, in characters */

/* Is s a plain decimal number ("-12.50", "3")? Then XLSX gets a number. */
static bool plain_number(const char *s, int *decimals)
{
    const char *p = s;
    if (*p == '-') p++;
    if (!(*p >= '0' && *p <= '9')) return false;
    while (*p >= '0' && *p <= '9')
        p++;
    *decimals = 0;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            p++;
            (*decimals)++;
        }
    }
    return *p == '\0' && p - s < 20;
}

/* The sheet's name: the title up to its first colon or bracket ("汇总 2020：3 个单位"
 * names 汇总 2020), without the characters a sheet name may not hold, at most 31
 * characters, unique in the workbook (a number after it); 表N without a title. */
static void sheet_name(lxw_workbook *wb, const char *title, int n, char *out, size_t cap)
{
    size_t k = 0, chars = 0;
    for (const char *p = title ? title : ""; *p && k + 4 < cap && chars < 28;) {
        if (!strncmp(p, "：", 3) || !strncmp(p, "（", 3) || *p == ':' || *p == '(') break;
        size_t len = 1;
        unsigned char c = (unsigned char)*p;
        if (c >= 0xF0)
            len = 4;
        else if (c >= 0xE0)
            len = 3;
        else if (c >= 0xC0)
            len = 2;
        if (strnlen(p, len) < len) break;
        if (len == 1 && strchr("[]*?/\\'", *p)) {
            out[k++] = ' ';
        } else {
            memcpy(out + k, p, len);
            k += len;
        }
        p += len;
        chars++;
    }
    while (k > 0 && out[k - 1] == ' ')
        k--;
    out[k] = '\0';
    if (!k) snprintf(out, cap, "表%d", n);
    char base[128];
    snprintf(base, sizeof base, "%s", out);
    for (int i = 2; workbook_get_worksheet_by_name(wb, out) && i < 100; i++)
        snprintf(out, cap, "%.90s %d", base, i);
}

/* One table on a sheet of its own. */
static void table_sheet(lxw_workbook *wb, const js_rtable *t, int n, lxw_format *const *f)
{
    char name[128];
    sheet_name(wb, t->title, n, name, sizeof name);
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    if (!ws) ws = workbook_add_worksheet(wb, NULL);
    if (!ws) return;
    lxw_format *title = f[0], *head = f[1], *two = f[2];
    lxw_row_t row = 0;
    if (t->title) worksheet_write_string(ws, row++, 0, t->title, title);
    lxw_row_t hrow = row;
    size_t width[64] = {0};
    for (int c = 0; c < t->ncols; c++) {
        worksheet_write_string(ws, row, (lxw_col_t)c, t->cols[c], head);
        if (c < 64) width[c] = js_text_width(t->cols[c]) + 3; /* and the filter's button */
    }
    row++;
    for (int r = 0; r < t->nrows && row < LXW_ROW_MAX - 1; r++, row++)
        for (int c = 0; c < t->ncols; c++) {
            const char *s = t->rows[r][c];
            int dec = 0;
            if (!s) continue;
            if (t->right[c] && plain_number(s, &dec))
                worksheet_write_number(ws, row, (lxw_col_t)c, strtod(s, NULL),
                                       dec == 2 ? two : NULL);
            else
                worksheet_write_string(ws, row, (lxw_col_t)c, s, NULL);
            size_t w = js_text_width(s);
            if (c < 64 && w > width[c]) width[c] = w;
        }
    for (int c = 0; c < t->ncols && c < 64; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
                             (double)(width[c] < MAX_WIDTH ? width[c] : MAX_WIDTH) + 2, NULL);
    if (t->ncols > 0) {
        worksheet_freeze_panes(ws, hrow + 1, 0);
        worksheet_autofilter(ws, hrow, 0, row > hrow + 1 ? row - 1 : hrow + 1,
                             (lxw_col_t)(t->ncols - 1));
    }
    for (int i = 0; i < t->nfoot && row < LXW_ROW_MAX - 1; i++)
        worksheet_write_string(ws, ++row, 0, t->foot[i], NULL);
}

int js_rtables_xlsx(const js_rtable *const *ts, int n, const char *path, js_err *err)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) return js_err_set(err, JS_EINTERNAL, "%s: cannot create the workbook", path);
    lxw_format *f[3];
    f[0] = workbook_add_format(wb); /* the title */
    format_set_bold(f[0]);
    format_set_font_size(f[0], 12);
    f[1] = workbook_add_format(wb); /* the header */
    format_set_bold(f[1]);
    format_set_bg_color(f[1], 0xDDEBF7);
    format_set_border(f[1], LXW_BORDER_THIN);
    f[2] = workbook_add_format(wb); /* amounts */
    format_set_num_format(f[2], "0.00");
    for (int i = 0; i < n; i++)
        if (ts[i]) table_sheet(wb, ts[i], i + 1, f);
    lxw_error x = workbook_close(wb);
    if (x != LXW_NO_ERROR) return js_err_set(err, JS_EINTERNAL, "%s: %s", path, lxw_strerror(x));
    return JS_OK;
}

int js_rtable_xlsx(const js_rtable *t, const char *path, js_err *err)
{
    return js_rtables_xlsx(&t, 1, path, err);
}
