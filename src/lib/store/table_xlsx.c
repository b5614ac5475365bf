/*
 * table_xlsx.c - a js_rtable as an XLSX workbook (libxlsxwriter). Apart from
 * table.c because the program loads the XLSX writers on first use, as the
 * module juesuan-xlsx.so (CMakeLists.txt, docs/performance.md "Start-up").
 */
#include "juesuan/store.h"

#include <stdlib.h>
#include <xlsxwriter.h>

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

int js_rtable_xlsx(const js_rtable *t, const char *path, js_err *err)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) return js_err_set(err, JS_EINTERNAL, "%s: cannot create the workbook", path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format *two = workbook_add_format(wb);
    format_set_num_format(two, "0.00");
    lxw_row_t row = 0;
    if (t->title) worksheet_write_string(ws, row++, 0, t->title, bold);
    for (int c = 0; c < t->ncols; c++)
        worksheet_write_string(ws, row, (lxw_col_t)c, t->cols[c], bold);
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
        }
    for (int i = 0; i < t->nfoot && row < LXW_ROW_MAX - 1; i++)
        worksheet_write_string(ws, ++row, 0, t->foot[i], NULL);
    lxw_error x = workbook_close(wb);
    if (x != LXW_NO_ERROR) return js_err_set(err, JS_EINTERNAL, "%s: %s", path, lxw_strerror(x));
    return JS_OK;
}
