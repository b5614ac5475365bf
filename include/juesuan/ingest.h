/*
 * ingest.h - reading published disclosures into the document model.
 *
 *   text (.txt, tab-separated cells or pdftotext -layout columns) ─┐
 *   PDF (glyphs with positions, MuPDF; OCR for scans) ─────────────┤
 *   XLSX / XLS (sheet rows as tab-separated cells, sheet.h) ───────┤→ js_srcdoc → recognizer →
 * js_doc model JSON (juesuan build / parse --format json) ─────────────────────────────────────→
 * js_doc
 *
 * Every reader turns its input into a js_srcdoc: lines of cells, each cell
 * with its text and, where known, its horizontal extent. The recognizer
 * (tables by title, narrative sections, performance tables) works on that one
 * form, so a new input format is a new reader, not a new recognizer.
 *
 * Ownership: a js_srcdoc's lines and cells live in the arena given to the
 * reader (normally the js_doc's arena). js_parse_* return a js_doc the caller
 * frees with js_doc_free().
 */
#ifndef JUESUAN_INGEST_H
#define JUESUAN_INGEST_H

#include "base.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct js_ctx js_ctx;

typedef struct js_srccell {
    const char *text; /* normalised, NUL-terminated, trimmed */
    uint32_t len;     /* 32 bits: the record is 32 bytes (a large input has millions) */
    float x0, x1;     /* horizontal extent: PDF points, or character columns for layout text;
                         both -1 when unknown (tab-separated text) */
    int index;        /* position of the cell in its line (0-based, blank cells counted for tabs) */
} js_srccell;         /* 24 bytes: a large text input has millions (a PDF cell's vertical
                         extent is js_srcdoc.cell_y) */

typedef struct js_srcline {
    const char *text; /* the whole line, normalised, NUL-terminated */
    js_srccell *cells;
    unsigned len : 31;  /* bytes of text (a reader cuts a longer line); with blank in one */
    unsigned blank : 1; /* word: the record is 48 bytes, not 56 (a large input has millions) */
    int ncells;
    js_loc loc; /* line (text) or page+box (PDF) */
} js_srcline;

/* The longest line a js_srcline holds (len is 31 bits); the text reader refuses a longer one. */
#define JS_SRCLINE_MAX 0x7FFFFFFFu

typedef struct js_srclazy js_srclazy;

typedef struct js_srcdoc {
    js_srcline *lines;
    int nlines;
    bool positional; /* cells carry x extents */
    int npages;
    /* PDF: the vertical extent of each cell's glyphs in points (top-left origin), y0 and y1
     * of lines[i].cells[k] at cell_y[i][2k], [2k + 1]; NULL for other input, and in the
     * views the recognizers make of the lines (only the reading of scanned labels, before
     * recognition, uses it) */
    float **cell_y;
    /* text input: how it was decoded (decode.c) */
    const char *encoding; /* "UTF-8", "GB18030", "UTF-16LE", "UTF-16BE"; NULL for a PDF */
    int nbad;             /* bytes that could not be decoded, read as U+FFFD */
    int nbadlines;        /* lines holding such bytes */
    const int *badlines;  /* the first nbadkept of them (1-based), in the arena */
    int nbadkept;
    /* text input read by js_parse_*: tab-separated lines hold no cells (their ncells
     * counted) until a recognizer asks for them (recognize.h js_srcdoc_need_cells);
     * NULL when every line has its cells */
    js_srclazy *lazy;
} js_srcdoc;

/* Split text into source lines: tab-separated cells when the text has tabs,
 * else columns found from runs of two or more spaces (pdftotext -layout). The
 * text is decoded (UTF-8, GB18030, or UTF-16 with a byte order mark; a byte that
 * cannot be decoded is read as U+FFFD and counted in nbad/badlines; a lone CR
 * ends a line) and normalised (text.h js_norm). JS_EINPUT, with err naming path
 * and line, only when the bytes are not text (binary or random). */
int js_srcdoc_from_text(js_arena *a, const char *path, const char *text, size_t n, js_srcdoc *out,
                        js_err *err);

/* Recognise tables, narrative and performance tables in src, filling doc.
 * JS_EINPUT when nothing of a disclosure is found (err names the file). */
int js_recognize(const js_ctx *ctx, const js_srcdoc *src, js_doc *doc, js_err *err);

/* ---- the reader table (ingest/parse.c) ------------------------------------
 * One record per input format. js_parse_file sniffs the first bytes of the
 * file and hands it to the first record whose sniff says yes: to open() when
 * the reader opens the file itself (a library reads it: MuPDF, libzip), else
 * to read() with the whole file in memory (also for standard input, "-"). */
typedef struct js_reader {
    const char *name; /* "pdf", "json", "text" */
    const char *what; /* one line for people */
    /* Is this the reader for an input starting with head[0..n)? head holds the
     * first 4 KiB of a file (for open), or all its bytes (for read). */
    bool (*sniff)(const char *head, size_t n, const char *path);
    /* Read the file at path itself; NULL when the reader reads bytes only. */
    int (*open)(const js_ctx *ctx, const char *path, js_doc **out, js_err *err);
    /* Read the whole input in bytes (never empty); the reader may release
     * bytes early to lower peak memory (the caller releases it in any case). */
    int (*read)(const js_ctx *ctx, const char *path, js_buf *bytes, js_doc **out, js_err *err);
} js_reader;

/* The built-in readers, in the order they are tried (text last: it takes anything). */
const js_reader *js_readers(size_t *n);

/* Read a file of any supported kind (the reader table: %PDF, a JSON model,
 * else text). On JS_EINPUT *out may still hold what could be read. */
int js_parse_file(const js_ctx *ctx, const char *path, js_doc **out, js_err *err);
/* The same with the given readers instead of the built-in ones (tests, tools). */
int js_parse_file_with(const js_ctx *ctx, const js_reader *readers, size_t nreaders,
                       const char *path, js_doc **out, js_err *err);
/* Read text already in memory; path names it in messages. */
int js_parse_text(const js_ctx *ctx, const char *path, const char *text, size_t n, js_doc **out,
                  js_err *err);
/* Read a spreadsheet (XLSX or XLS, sniffed from the bytes) already in memory:
 * every visible sheet row becomes a line of cells for the recognizer. */
int js_parse_sheet_bytes(const js_ctx *ctx, const char *path, const char *data, size_t n,
                         js_doc **out, js_err *err);
/* Spreadsheet input: the sheet name and cell ("D12") of loc (a cell's own column,
 * else the first non-empty cell of its line). False for other input. */
bool js_doc_sheet_cell(const js_doc *doc, const js_loc *loc, const char **sheet, char *cell,
                       size_t n);
/* Read a PDF file through MuPDF (glyph positions, rulings). */
int js_parse_pdf(const js_ctx *ctx, const char *path, js_doc **out, js_err *err);
/* The same from a PDF already in memory (standard input); path names it. */
int js_parse_pdf_bytes(const js_ctx *ctx, const char *path, const char *data, size_t n,
                       js_doc **out, js_err *err);

#ifdef __cplusplus
}
#endif
#endif
