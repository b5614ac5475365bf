/*
 * export_xlsx.c - the XLSX form of `db export` (store.c's js_store_export):
 * one sheet written row by row by libxlsxwriter in constant-memory mode: the
 * header bold, shaded and frozen, each column as wide as its widest cell, an
 * autofilter over the table (issue #15.4: readable in Excel/WPS as it opens).
 * Apart from store.c because the program loads the XLSX writers on first use,
 * as the module juesuan-xlsx.so (CMakeLists.txt, docs/performance.md "Start-up").
 */
#include "store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

enum { XS_COLS = 64 };

/* The header bold and shaded, frozen; every column as wide as its widest cell (a
 * CJK character counts two, at most XS_WIDTH); an autofilter over the whole table:
 * set when the workbook is closed, as the rows are streamed (constant memory). */
#define XS_WIDTH 60

struct js_xsheet {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *money, *head;
    int ncols;
    long long nrows;
    unsigned char width[XS_COLS]; /* display width of the widest cell so far */
};

static void widen(js_xsheet *x, int c, size_t w)
{
    if (c < XS_COLS && w > x->width[c]) x->width[c] = (unsigned char)(w < XS_WIDTH ? w : XS_WIDTH);
}

int js_xsheet_open(const char *path, const char *sheet, js_xsheet **out, js_err *err)
{
    *out = NULL;
    js_xsheet *x = calloc(1, sizeof *x);
    if (!x) return js_err_set(err, JS_EINTERNAL, "out of memory");
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    x->wb = workbook_new_opt(path, &opt);
    if (!x->wb) {
        free(x);
        return js_err_set(err, JS_EINTERNAL, "%s: cannot create the workbook", path);
    }
    x->ws = workbook_add_worksheet(x->wb, sheet);
    if (x->ws) worksheet_freeze_panes(x->ws, 1, 0); /* the header row stays in view */
    x->money = workbook_add_format(x->wb);
    format_set_num_format(x->money, "0.00");
    x->head = workbook_add_format(x->wb);
    format_set_bold(x->head);
    format_set_bg_color(x->head, 0xDDEBF7);
    format_set_border(x->head, LXW_BORDER_THIN);
    *out = x;
    return JS_OK;
}

int js_xsheet_row(js_xsheet *x, long long nrows, int ncols, const js_sval *v,
                  const char *const *names, const char *const *header, js_err *err)
{
    if (nrows + 1 >= LXW_ROW_MAX)
        return js_err_set(err, JS_EUSAGE,
                          "more than %d rows: too many for one XLSX sheet; export CSV",
                          LXW_ROW_MAX - 1);
    if (nrows == 0)
        for (int c = 0; c < ncols; c++) {
            const char *h = header ? header[c] : names[c];
            worksheet_write_string(x->ws, 0, (lxw_col_t)c, h, x->head);
            widen(x, c, js_text_width(h) + 3); /* room for the filter's button */
        }
    lxw_row_t r = (lxw_row_t)(nrows + 1);
    for (int c = 0; c < ncols; c++) {
        char n[24];
        if (v[c].type == JS_SVAL_INT) {
            worksheet_write_number(x->ws, r, (lxw_col_t)c, (double)v[c].i, NULL);
            widen(x, c, (size_t)snprintf(n, sizeof n, "%lld", (long long)v[c].i));
        } else if (v[c].type == JS_SVAL_TEXT && strcmp(names[c], "value") == 0) {
            worksheet_write_number(x->ws, r, (lxw_col_t)c, strtod(v[c].s, NULL), x->money);
            widen(x, c, strlen(v[c].s));
        } else if (v[c].type == JS_SVAL_TEXT) {
            worksheet_write_string(x->ws, r, (lxw_col_t)c, v[c].s, NULL);
            widen(x, c, js_text_width(v[c].s));
        }
    }
    if (ncols > x->ncols) x->ncols = ncols;
    x->nrows = nrows + 1;
    return JS_OK;
}

int js_xsheet_close(js_xsheet *x, const char *path, int rc, js_err *err)
{
    for (int c = 0; c < x->ncols && c < XS_COLS; c++)
        worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, x->width[c] + 2.0, NULL);
    if (x->ncols > 0)
        worksheet_autofilter(x->ws, 0, 0, (lxw_row_t)(x->nrows > 0 ? x->nrows : 1),
                             (lxw_col_t)(x->ncols - 1));
    lxw_error e = workbook_close(x->wb);
    free(x);
    if (rc == JS_OK && e != LXW_NO_ERROR)
        rc = js_err_set(err, JS_EINTERNAL, "%s: %s", path, lxw_strerror(e));
    return rc;
}
