/*
 * sheet.h - spreadsheets (XLSX, XLS) as grids of cell texts (internal to libjuesuan).
 *
 *   .xlsx ──libzip + libxml2 (xlsx.c)─┐
 *   .xls  ──libfreexl (xls.c)─────────┴► js_workbook ─► js_workbook_srcdoc (sheet.c) ─► recognizer
 *                                                    └► ledger / metadata sheets (compile/)
 *
 * A js_workbook is what the user sees in the cells: every value as the text
 * the sheet displays (numbers with their format's decimals and zero padding,
 * formulas as their cached value, shared and inline strings, booleans). Each
 * sheet row becomes one source line of tab-separated cells, column A first,
 * blank cells kept, so the recognizer reads a sheet as it reads tab-separated
 * text; every cell keeps its column (x0 = 0-based column, x1 = x0 + 1) and the
 * document keeps each line's sheet and row, so a finding can name `公开05表!D12`.
 *
 * Ownership: everything of a js_workbook lives in the arena given to the reader.
 */
#ifndef JS_INGEST_SHEET_H
#define JS_INGEST_SHEET_H

#include "juesuan/juesuan.h"

typedef struct js_wbcell {
    int col;          /* 0-based column (A = 0) */
    const char *text; /* as displayed, UTF-8, not empty */
} js_wbcell;

typedef struct js_wbrow {
    int row; /* 1-based row number */
    js_wbcell *cells;
    int ncells; /* ascending col */
} js_wbrow;

typedef struct js_wbsheet {
    const char *name;
    bool hidden;
    js_wbrow *rows; /* ascending row, only rows with a non-empty cell */
    int nrows;
} js_wbsheet;

enum { JS_SHEET_MAX_COLS = 16384, JS_SHEET_MAX_ROWS = 1048576, JS_WB_MAX_NOTES = 16 };

typedef struct js_workbook {
    js_wbsheet *sheets; /* in the workbook's order */
    int nsheets;
    /* in: read a damaged XLSX as far as it goes (js_workbook_read_lenient) */
    bool lenient;
    /* out, when lenient: what was damaged and what was lost, one sentence each (arena) */
    const char *damage[JS_WB_MAX_NOTES];
    int ndamage;
} js_workbook;

/* Is data an XLSX (a zip holding xl/workbook.xml) / an OLE2 compound file (XLS)? */
bool js_sniff_xlsx(const char *data, size_t n);
bool js_sniff_ole2(const char *data, size_t n);

/* Read an XLSX from memory. JS_EINPUT with err naming path (and the part of the
 * file) when it is not a readable workbook; JS_EINTERNAL when out of memory. */
int js_xlsx_read(js_arena *a, const char *path, const char *data, size_t n, js_workbook *wb,
                 js_err *err);
/* Read an XLS (BIFF5/8) from memory (libfreexl reads a file: the bytes go to a
 * temporary file when path is not the regular file holding them). */
int js_xls_read(js_arena *a, const char *path, const char *data, size_t n, js_workbook *wb,
                js_err *err);
/* The helper program juesuan-xls (src/helper/xls_helper.c): `juesuan-xls FILE NAME`
 * reads the XLS workbook FILE through libfreexl (NAME: the path its messages name)
 * and writes it to standard output for js_xls_read. Returns the exit status. */
int js_xls_helper_main(int argc, char **argv);
/* Either, sniffed from the bytes; JS_EINPUT when neither. */
int js_workbook_read(js_arena *a, const char *path, const char *data, size_t n, js_workbook *wb,
                     js_err *err);
/* The same, but a damaged XLSX is read as far as it goes (what the disclosure
 * reader wants; a ledger for build is read strictly): a part that cannot be
 * unpacked whole (a damaged deflate stream, a CRC mismatch) is read up to the
 * damage and parsed by libxml2 in recovery mode, a part that cannot be read at
 * all is left out (a worksheet: that sheet; the shared strings, styles or
 * relationships: their cells show nothing, General, default parts), and each
 * loss is a sentence in wb->damage. JS_EINPUT only when nothing is readable. */
int js_workbook_read_lenient(js_arena *a, const char *path, const char *data, size_t n,
                             js_workbook *wb, js_err *err);

/* A part of a damaged zip found by its local header (zip_salvage.c). */
typedef struct js_zpart {
    char *name;
    char *data; /* unpacked, len bytes */
    size_t len;
    bool broken; /* unpacked only up to its damage */
} js_zpart;

/* The parts of the zip data[0..n) found by their local headers, front to back,
 * each unpacked (at most max bytes) up to its end or its damage: for a zip
 * whose central directory libzip cannot read (a byte inserted or deleted, a
 * file cut short). *out (n in *nout) is freed by js_zip_salvage_free.
 * JS_EINPUT when no part is found. */
int js_zip_salvage(const char *data, size_t n, size_t max, js_zpart **out, int *nout);
void js_zip_salvage_free(js_zpart *v, int n);

/* The workbook's visible sheets as source lines into doc's arena, and the
 * sheet/row of every line on doc (doc->sheet_names, doc->line_sheets). */
int js_workbook_srcdoc(const js_workbook *wb, js_doc *doc, js_srcdoc *out, js_err *err);

/* A cell reference: column 0 row 12 -> "A12". */
void js_cell_ref(int col, int row, char *buf, size_t n);
/* Parse "D12" -> col 3, row 12; false when it is not a cell reference. */
bool js_cell_ref_parse(const char *s, int *col, int *row);

/* Append the display text of number v with a format of dec decimals (-1: as
 * General shows it), at least mindig integer digits, as a percentage when pct. */
void js_sheet_number(js_buf *out, double v, int dec, int mindig, bool pct);

/* The cell of a sheet at (row, col), or NULL. */
const char *js_wbsheet_at(const js_wbsheet *s, int row, int col);

#endif
