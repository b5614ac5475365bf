/*
 * export_xlsx.c - the XLSX form of `db export` (store.c's js_store_export):
 * one sheet written row by row by libxlsxwriter in constant-memory mode.
 * Apart from store.c because the program loads the XLSX writers on first use,
 * as the module juesuan-xlsx.so (CMakeLists.txt, docs/performance.md "Start-up").
 */
#include "store_impl.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

struct js_xsheet {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *money;
};

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
        for (int c = 0; c < ncols; c++)
            worksheet_write_string(x->ws, 0, (lxw_col_t)c, header ? header[c] : names[c], NULL);
    lxw_row_t r = (lxw_row_t)(nrows + 1);
    for (int c = 0; c < ncols; c++) {
        if (v[c].type == JS_SVAL_INT)
            worksheet_write_number(x->ws, r, (lxw_col_t)c, (double)v[c].i, NULL);
        else if (v[c].type == JS_SVAL_TEXT && strcmp(names[c], "value") == 0)
            worksheet_write_number(x->ws, r, (lxw_col_t)c, strtod(v[c].s, NULL), x->money);
        else if (v[c].type == JS_SVAL_TEXT)
            worksheet_write_string(x->ws, r, (lxw_col_t)c, v[c].s, NULL);
    }
    return JS_OK;
}

int js_xsheet_close(js_xsheet *x, const char *path, int rc, js_err *err)
{
    lxw_error e = workbook_close(x->wb);
    free(x);
    if (rc == JS_OK && e != LXW_NO_ERROR)
        rc = js_err_set(err, JS_EINTERNAL, "%s: %s", path, lxw_strerror(e));
    return rc;
}
