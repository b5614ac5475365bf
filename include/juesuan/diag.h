/*
 * diag.h - diagnostics: everything the library has to say that is not a
 * finding about a document's content. One type for all of them:
 *
 *   - reading notes (what a reader noticed about its input: bytes that could not
 *     be decoded, a damaged workbook, pages read by OCR, a table printed twice,
 *     a wrong 公开NN表 label, a document cut short …) — js_doc.diags;
 *   - build errors (a ledger cell, a metadata key that is wrong) — the list
 *     js_build fills.
 *
 * A diagnostic names where (file, line and column, or page, or sheet cell, or
 * metadata key), has a severity and a stable code, and a message. It is printed
 * one way (js_diag_text: "FILE:LINE: message", as compilers do) and carried in
 * JSON one way (js_diags_json). The checker turns reading notes into findings
 * (rules R-*, C-*), so `check` reports them with the document's findings.
 *
 * Fatal errors (an input that cannot be read at all) stay a js_err: a status and
 * one message, returned by the function that failed.
 *
 * Ownership: a list allocates every diagnostic and string from one arena —
 * its own (js_diags_init, freed by js_diags_release) or a borrowed one
 * (js_diags_init_in: a document's, dying with the document). Strings handed to
 * js_diags_add are copied.
 */
#ifndef JUESUAN_DIAG_H
#define JUESUAN_DIAG_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where something came from: a line of a text file, or a page (and box) of a PDF. */
typedef struct js_loc {
    int line;             /* 1-based line of the input text; 0 if not from text */
    int page;             /* 1-based page of a PDF; 0 if not from a PDF */
    float x0, y0, x1, y1; /* box on the page in PDF points (top-left origin); 0 if unknown */
} js_loc;

enum js_diag_severity {
    JS_DIAG_NOTE = 0,    /* worth knowing; nothing was lost (the default of reading notes) */
    JS_DIAG_WARNING = 1, /* something was lost or guessed; the rest is sound */
    JS_DIAG_ERROR = 2,   /* the input is wrong here (a build stops after collecting them all) */
};

/* One diagnostic. code, table, loc and text come first: a reading note (js_note)
 * is a js_diag. */
typedef struct js_diag {
    const char *code; /* stable id: "R-ENCODING", "TABLE-TWICE", "B-LEDGER", "B-META", … */
    int table;        /* the table it is about: 1..9 (or a budget table's number), 0 if none */
    js_loc loc;       /* line, or page (and box) */
    const char *text; /* the message (Chinese for reading notes and build errors) */
    int severity;     /* enum js_diag_severity */
    const char *file; /* the file it is about; NULL: the document's own (js_doc.path) */
    int column;       /* 1-based column within the line (a JSON syntax error), 0 if none */
    const char *cell; /* a cell of a sheet or CSV: "F列“金额”", "明细账!F5“金额”"; NULL */
    const char *key; /* a key of the metadata: "distribution", "元数据!A5"; NULL */
} js_diag;

/* A reading note is a diagnostic (the name the document model has always used). */
typedef js_diag js_note;

/* A list of diagnostics, in the order they were added. */
typedef struct js_diags {
    js_diag *v;
    int n, cap;
    js_arena *arena; /* where items and strings live */
    bool own;        /* the list made the arena and frees it */
    bool oom;        /* an add failed for want of memory (the diagnostic is missing) */
} js_diags;

/* An empty list with an arena of its own (made at the first add). */
void js_diags_init(js_diags *l);
/* An empty list allocating from arena a (not freed by the list). */
void js_diags_init_in(js_diags *l, js_arena *a);
/* Frees the list's own arena; the list is empty again. */
void js_diags_release(js_diags *l);

/* Append a diagnostic: the fields of *d (strings copied), its text made from fmt.
 * Returns the stored diagnostic, or NULL when out of memory (l->oom is then set). */
js_diag *js_diags_add(js_diags *l, const js_diag *d, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
js_diag *js_diags_vadd(js_diags *l, const js_diag *d, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* How many diagnostics of at least this severity the list holds. */
int js_diags_count(const js_diags *l, int min_severity);

/* One diagnostic as one line, without the newline:
 *   FILE:LINE[:COLUMN]: [CELL：][KEY: ]message      (a line of a text, CSV or JSON)
 *   FILE: page N: message                           (a page of a PDF)
 *   FILE: [KEY: ]message                            (neither)
 * FILE is d->file, else default_file; left out (with its ": ") when both are NULL. */
void js_diag_text(const js_diag *d, const char *default_file, js_buf *out);
/* Every diagnostic of the list, one line each (js_diag_text), each ending in '\n'. */
void js_diags_text(const js_diags *l, const char *default_file, js_buf *out);
/* The list as a JSON array (js_diag_json's objects, see there), compact. */
int js_diags_json(const js_diags *l, js_buf *out, js_err *err);
/* The severity as a word: "note", "warning", "error". */
const char *js_diag_severity_name(int severity);

#ifdef __cplusplus
}
#endif
#endif
