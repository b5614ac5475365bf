/*
 * xls.c - Excel 97-2003 workbooks (BIFF5/BIFF8 in an OLE2 compound file, as
 * older finance software and "Save as .xls" write them) into a js_workbook
 * (sheet.h), through libfreexl.
 *
 * libfreexl reads a file by name, so bytes that do not come from a regular
 * file (standard input) are written to a temporary file first, removed at
 * once. freexl gives numbers without their format: a double is shown as
 * General shows it (up to 15 significant digits); an integer as is.
 */
#include "sheet.h"

#include <fcntl.h>
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Does the regular file at path hold exactly these n bytes' length? (then
 * freexl can open it by name) */
static bool same_file(const char *path, size_t n)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
           (size_t)st.st_size == n;
}

static int temp_copy(const char *path, const char *data, size_t n, char *tmpl, size_t cap,
                     js_err *err)
{
    const char *dir = getenv("TMPDIR");
    snprintf(tmpl, cap, "%s/juesuan-xls-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(tmpl);
    if (fd < 0) return js_err_set(err, JS_EINTERNAL, "%s: cannot create a temporary file", path);
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(fd, data + off, n - off);
        if (w <= 0) {
            close(fd);
            unlink(tmpl);
            return js_err_set(err, JS_EINTERNAL, "%s: cannot write a temporary file", path);
        }
        off += (size_t)w;
    }
    close(fd);
    return JS_OK;
}

static const char *cell_text(js_arena *a, const FreeXL_CellValue *v, js_buf *b)
{
    b->len = 0;
    switch (v->type) {
    case FREEXL_CELL_INT:
        js_buf_printf(b, "%d", v->value.int_value);
        break;
    case FREEXL_CELL_DOUBLE:
        js_sheet_number(b, v->value.double_value, -1, 0, false);
        break;
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME:
        if (!v->value.text_value) return NULL;
        js_buf_puts(b, v->value.text_value);
        break;
    default:
        return NULL;
    }
    if (b->oom || b->len == 0) return NULL;
    return js_arena_strndup(a, b->data, b->len);
}

static int read_sheet(js_arena *a, const void *h, const char *path, js_wbsheet *sh, js_err *err)
{
    unsigned int nrows = 0;
    unsigned short ncols = 0;
    if (freexl_worksheet_dimensions(h, &nrows, &ncols) != FREEXL_OK)
        return js_err_set(err, JS_EINPUT, "%s: sheet “%s” cannot be read (damaged XLS)", path,
                          sh->name);
    if (nrows > JS_SHEET_MAX_ROWS) nrows = JS_SHEET_MAX_ROWS;
    sh->rows = js_arena_calloc(a, (size_t)nrows + 1, sizeof *sh->rows);
    js_wbcell *tmp = malloc(((size_t)ncols + 1) * sizeof *tmp);
    if (!sh->rows || !tmp) {
        free(tmp);
        return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
    }
    js_buf b;
    js_buf_init(&b);
    int rc = JS_OK;
    for (unsigned int r = 0; r < nrows && rc == JS_OK; r++) {
        int n = 0;
        for (unsigned short c = 0; c < ncols; c++) {
            FreeXL_CellValue v;
            if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK) continue;
            const char *t = cell_text(a, &v, &b);
            if (t) tmp[n++] = (js_wbcell){c, t};
        }
        if (!n) continue;
        js_wbrow *row = &sh->rows[sh->nrows++];
        row->row = (int)r + 1;
        row->cells = js_arena_alloc(a, (size_t)n * sizeof *row->cells);
        if (!row->cells) {
            rc = js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
            break;
        }
        memcpy(row->cells, tmp, (size_t)n * sizeof *tmp);
        row->ncells = n;
    }
    js_buf_release(&b);
    free(tmp);
    return rc;
}

int js_xls_read(js_arena *a, const char *path, const char *data, size_t n, js_workbook *wb,
                js_err *err)
{
    memset(wb, 0, sizeof *wb);
    char tmpl[4096];
    const char *file = path;
    bool temp = !same_file(path, n);
    if (temp) {
        int rc = temp_copy(path, data, n, tmpl, sizeof tmpl, err);
        if (rc != JS_OK) return rc;
        file = tmpl;
    }
    const void *h = NULL;
    int st = freexl_open(file, &h);
    if (temp) unlink(tmpl);
    if (st != FREEXL_OK) {
        if (h) freexl_close(h);
        return js_err_set(err, JS_EINPUT, "%s: not a readable XLS workbook (freexl error %d)", path,
                          st);
    }
    unsigned int nsheets = 0, pw = 0;
    int rc = JS_OK;
    if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK && pw == FREEXL_BIFF_OBFUSCATED)
        rc = js_err_set(err, JS_EINPUT, "%s: the XLS is password-protected: cannot read it", path);
    else if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &nsheets) != FREEXL_OK || nsheets == 0)
        rc = js_err_set(err, JS_EINPUT, "%s: the workbook has no sheets", path);
    if (nsheets > 4096) nsheets = 4096;
    wb->sheets = rc == JS_OK ? js_arena_calloc(a, nsheets + 1, sizeof *wb->sheets) : NULL;
    if (rc == JS_OK && !wb->sheets) rc = js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
    for (unsigned short s = 0; rc == JS_OK && s < nsheets; s++) {
        js_wbsheet *sh = &wb->sheets[wb->nsheets++];
        const char *name = NULL;
        if (freexl_get_worksheet_name(h, s, &name) != FREEXL_OK) name = NULL;
        sh->name = name ? js_arena_strdup(a, name) : js_arena_printf(a, "Sheet%u", s + 1u);
        if (!sh->name) {
            rc = js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
            break;
        }
        if (freexl_select_active_worksheet(h, s) != FREEXL_OK) {
            rc = js_err_set(err, JS_EINPUT, "%s: sheet %u cannot be read (damaged XLS)", path,
                            s + 1u);
            break;
        }
        rc = read_sheet(a, h, path, sh, err);
    }
    freexl_close(h);
    return rc;
}
