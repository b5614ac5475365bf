/*
 * sheet.c - spreadsheets into the reader's intermediate form (sheet.h): each
 * row of each visible sheet becomes one source line of tab-separated cells,
 * column A first, blank cells kept; js_parse_sheet_bytes runs the one
 * recognizer over them; js_doc_sheet_cell names the cell of a place.
 */
#include "sheet.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

bool js_sniff_xlsx(const char *data, size_t n)
{
    /* a zip (local file header) naming the workbook part somewhere in its directory */
    return n >= 30 && memcmp(data, "PK\x03\x04", 4) == 0 &&
           js_memstr(data, n, "xl/workbook.xml") != NULL;
}

bool js_sniff_ole2(const char *data, size_t n)
{
    return n >= 512 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
}

int js_workbook_read(js_arena *a, const char *path, const char *data, size_t n, js_workbook *wb,
                     js_err *err)
{
    memset(wb, 0, sizeof *wb);
    if (js_sniff_xlsx(data, n)) return js_xlsx_read(a, path, data, n, wb, err);
    if (js_sniff_ole2(data, n)) return js_xls_read(a, path, data, n, wb, err);
    return js_err_set(err, JS_EINPUT, "%s: not a spreadsheet (XLSX or XLS)", path);
}

int js_workbook_read_lenient(js_arena *a, const char *path, const char *data, size_t n,
                             js_workbook *wb, js_err *err)
{
    memset(wb, 0, sizeof *wb);
    wb->lenient = true;
    if (js_sniff_xlsx(data, n)) return js_xlsx_read(a, path, data, n, wb, err);
    return js_workbook_read(a, path, data, n, wb, err);
}

void js_cell_ref(int col, int row, char *buf, size_t n)
{
    char letters[8];
    int k = 0;
    for (int c = col + 1; c > 0 && k < (int)sizeof letters; c = (c - 1) / 26)
        letters[k++] = (char)('A' + (c - 1) % 26);
    char rev[8];
    for (int i = 0; i < k; i++)
        rev[i] = letters[k - 1 - i];
    snprintf(buf, n, "%.*s%d", k, rev, row);
}

bool js_cell_ref_parse(const char *s, int *col, int *row)
{
    int c = 0, k = 0;
    while (s[k] >= 'A' && s[k] <= 'Z' && k < 4) {
        c = c * 26 + (s[k] - 'A' + 1);
        k++;
    }
    if (k == 0 || c > JS_SHEET_MAX_COLS) return false;
    long r = 0;
    int d = 0;
    while (s[k + d] >= '0' && s[k + d] <= '9' && d < 8) {
        r = r * 10 + (s[k + d] - '0');
        d++;
    }
    if (d == 0 || s[k + d] != '\0' || r < 1 || r > JS_SHEET_MAX_ROWS) return false;
    *col = c - 1;
    *row = (int)r;
    return true;
}

void js_sheet_number(js_buf *out, double v, int dec, int mindig, bool pct)
{
    if (!isfinite(v)) {
        js_buf_puts(out, "#NUM!");
        return;
    }
    if (pct) v *= 100;
    char b[64];
    if (dec < 0) {
        /* General: up to 15 significant digits, no exponent for the figures of a table */
        snprintf(b, sizeof b, "%.15g", v);
        if (strchr(b, 'e')) snprintf(b, sizeof b, "%.2f", v);
    } else {
        snprintf(b, sizeof b, "%.*f", dec > 10 ? 10 : dec, v);
    }
    if (strcmp(b, "-0") == 0 || (b[0] == '-' && strspn(b + 1, "0.") == strlen(b + 1)))
        memmove(b, b + 1, strlen(b)); /* -0.00 shows as 0.00 */
    const char *digits = b[0] == '-' ? b + 1 : b;
    int intdig = (int)strcspn(digits, ".");
    if (b[0] == '-') js_buf_putc(out, '-');
    for (int i = intdig; i < mindig && i < 20; i++)
        js_buf_putc(out, '0');
    js_buf_puts(out, digits);
    if (pct) js_buf_putc(out, '%');
}

const char *js_wbsheet_at(const js_wbsheet *s, int row, int col)
{
    int lo = 0, hi = s->nrows - 1;
    while (lo <= hi) {
        int m = (lo + hi) / 2;
        if (s->rows[m].row == row) {
            const js_wbrow *r = &s->rows[m];
            for (int i = 0; i < r->ncells; i++)
                if (r->cells[i].col == col) return r->cells[i].text;
            return NULL;
        }
        if (s->rows[m].row < row)
            lo = m + 1;
        else
            hi = m - 1;
    }
    return NULL;
}

/* The normalised, trimmed text of a cell into the arena: line breaks inside a
 * cell (a header wrapped with Alt+Enter) are dropped, tabs become spaces. */
static char *cell_text(js_arena *a, const char *s, size_t *len)
{
    size_t n = strlen(s);
    char *tmp = js_arena_alloc(a, 3 * n + 1);
    if (!tmp) return NULL;
    size_t m = js_norm_into(tmp, s, n, false);
    size_t k = 0;
    for (size_t i = 0; i < m; i++) {
        char c = tmp[i];
        if (c == '\r' || c == '\n') continue;
        tmp[k++] = c == '\t' ? ' ' : c;
    }
    tmp[k] = '\0';
    char *t = (char *)js_trim(tmp, &k);
    t[k] = '\0'; /* the trimmed end too: the cell's text is a C string of its length */
    *len = k;
    return t;
}

typedef struct lines {
    js_srcline *v;
    js_sheetpos *pos;
    int n, cap;
} lines;

static js_srcline *add_line(js_arena *a, lines *L, int sheet, int row, int col)
{
    if (L->n == L->cap) {
        int nc = L->cap ? L->cap * 2 : 256;
        js_srcline *nv = js_arena_grow(a, L->v, (size_t)L->n, (size_t)nc, sizeof *nv);
        js_sheetpos *np = js_arena_grow(a, L->pos, (size_t)L->n, (size_t)nc, sizeof *np);
        if (!nv || !np) return NULL;
        L->v = nv;
        L->pos = np;
        L->cap = nc;
    }
    js_srcline *ln = &L->v[L->n];
    memset(ln, 0, sizeof *ln);
    L->pos[L->n] = (js_sheetpos){sheet, row, col};
    L->n++;
    ln->loc.line = L->n;
    ln->text = "";
    ln->blank = true;
    return ln;
}

static int row_line(js_arena *a, const js_wbrow *r, js_srcline *ln)
{
    int ncol = r->cells[r->ncells - 1].col + 1;
    js_srccell *cells = js_arena_calloc(a, (size_t)ncol, sizeof *cells);
    if (!cells) return JS_EINTERNAL;
    for (int c = 0; c < ncol; c++) {
        cells[c].text = "";
        cells[c].index = c;
        cells[c].x0 = (float)c;
        cells[c].x1 = (float)(c + 1);
    }
    js_buf line;
    js_buf_init(&line);
    int k = 0;
    for (int c = 0; c < ncol; c++) {
        if (c) js_buf_putc(&line, '\t');
        if (k < r->ncells && r->cells[k].col == c) {
            size_t len;
            char *t = cell_text(a, r->cells[k].text, &len);
            if (!t) {
                js_buf_release(&line);
                return JS_EINTERNAL;
            }
            cells[c].text = t;
            cells[c].len = len;
            js_buf_append(&line, t, len);
            if (len) ln->blank = false;
            k++;
        }
    }
    ln->text = line.oom ? NULL : js_arena_strndup(a, line.data ? line.data : "", line.len);
    ln->len = line.len;
    js_buf_release(&line);
    if (!ln->text) return JS_EINTERNAL;
    ln->cells = cells;
    ln->ncells = ncol;
    return JS_OK;
}

int js_workbook_srcdoc(const js_workbook *wb, js_doc *doc, js_srcdoc *out, js_err *err)
{
    memset(out, 0, sizeof *out);
    js_arena *a = doc->arena;
    lines L = {0};
    const char **names = js_arena_calloc(a, (size_t)wb->nsheets + 1, sizeof *names);
    if (!names) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
    for (int s = 0; s < wb->nsheets; s++) {
        const js_wbsheet *sh = &wb->sheets[s];
        names[s] = sh->name;
        if (sh->hidden || sh->nrows == 0) continue;
        if (L.n > 0 && !add_line(a, &L, s, sh->rows[0].row, 0))
            return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
        for (int i = 0; i < sh->nrows; i++) {
            const js_wbrow *r = &sh->rows[i];
            /* a gap of empty rows reads as one blank line (a paragraph break) */
            if (i > 0 && r->row > sh->rows[i - 1].row + 1 &&
                !add_line(a, &L, s, sh->rows[i - 1].row + 1, 0))
                return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
            js_srcline *ln = r->ncells ? add_line(a, &L, s, r->row, r->cells[0].col) : NULL;
            if (r->ncells && (!ln || row_line(a, r, ln) != JS_OK))
                return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
        }
    }
    out->lines = L.v;
    out->nlines = L.n;
    out->positional = false;
    doc->sheet_names = names;
    doc->nsheets = wb->nsheets;
    doc->line_sheets = L.pos;
    doc->lines = js_arena_calloc(a, (size_t)L.n + 1, sizeof(char *));
    if (!doc->lines) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", doc->path);
    for (int i = 0; i < L.n; i++)
        doc->lines[i] = L.v[i].text;
    doc->nlines = L.n;
    return JS_OK;
}

int js_parse_sheet_bytes(const js_ctx *ctx, const char *path, const char *data, size_t n,
                         js_doc **out, js_err *err)
{
    *out = NULL;
    js_doc *doc = js_doc_new(path);
    if (!doc) return js_err_set(err, JS_EINTERNAL, "%s: out of memory", path);
    js_workbook wb;
    js_srcdoc src;
    int rc = js_workbook_read_lenient(doc->arena, path, data, n, &wb, err);
    if (rc == JS_OK) rc = js_workbook_srcdoc(&wb, doc, &src, err);
    if (rc == JS_OK && src.nlines == 0)
        rc = js_err_set(err, JS_EINPUT, "%s: the workbook has no cell with a value%s", path,
                        wb.ndamage ? " that could be read (damaged XLSX)" : "");
    if (rc != JS_OK) {
        js_doc_free(doc);
        return rc;
    }
    rc = js_recognize(ctx, &src, doc, err);
    /* what a damaged workbook lost: a warning each, the rest is read as usual */
    for (int i = 0; i < wb.ndamage; i++)
        js_doc_note(doc, "R-DAMAGED", 0, (js_loc){0}, "%s", wb.damage[i]);
    *out = doc; /* even on JS_EINPUT: what could be read is reported */
    return rc;
}

bool js_doc_sheet_cell(const js_doc *doc, const js_loc *loc, const char **sheet, char *cell,
                       size_t n)
{
    if (!doc->line_sheets || loc->line < 1 || loc->line > doc->nlines) return false;
    const js_sheetpos *p = &doc->line_sheets[loc->line - 1];
    if (p->sheet < 0 || p->sheet >= doc->nsheets) return false;
    int col = p->col;
    if (loc->x1 > loc->x0 && loc->x0 >= 0 && loc->x0 < JS_SHEET_MAX_COLS) col = (int)loc->x0;
    *sheet = doc->sheet_names[p->sheet];
    js_cell_ref(col, p->row, cell, n);
    return true;
}
