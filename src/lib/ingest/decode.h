/*
 * decode.h - text bytes to UTF-8 (internal to libjuesuan; decode.c).
 *
 * UTF-8, GB18030 or UTF-16 (with a byte order mark, or told by its NUL bytes);
 * bytes that cannot be decoded become U+FFFD and the lines holding them are
 * listed; lone CRs become LFs. Ownership: the decoded text is either the input
 * itself or the caller's js_buf conv (released by the caller).
 */
#ifndef JUESUAN_INGEST_DECODE_H
#define JUESUAN_INGEST_DECODE_H

#include "juesuan/juesuan.h"

#define JS_DECODE_MAX_LINES 16

typedef struct js_decoded {
    const char *text; /* UTF-8, no NUL, LF or CRLF line ends: s itself or conv->data */
    size_t len;
    const char *encoding; /* "UTF-8", "GB18030", "UTF-16LE", "UTF-16BE" (static) */
    int nbad;             /* bytes (UTF-16: units) that could not be decoded, now U+FFFD */
    int nlines;           /* lines holding U+FFFD (all of them counted) */
    int lines[JS_DECODE_MAX_LINES]; /* the first of them, 1-based */
} js_decoded;

/* Decode s[0..n). JS_EINPUT (err names path and line) when it is not text: NUL and
 * control bytes in over 1% of it, or too many bytes no encoding decodes. */
int js_text_decode(const char *path, const char *s, size_t n, js_buf *conv, js_decoded *info,
                   js_err *err);

/* js_text_decode, then js_norm_into (text.h) of the decoded text, into a block of
 * arena a: info->text (NUL-terminated, lone CRs as LFs, the CRs of CR LF dropped)
 * and info->len are that normalised text; the rest of info as js_text_decode's.
 * Plain UTF-8, the usual input, is checked and normalised in one pass over the
 * bytes, mostly 32 at a time; any other input goes through both functions. */
int js_text_decode_norm(const char *path, const char *s, size_t n, js_arena *a, js_decoded *info,
                        js_err *err);

/* js_srcdoc_from_text (lines.c) with the normalised text and the bad lines' numbers in
 * keep (the document quotes them), the line records in recs and the cells (records and the
 * copies of those that do not end their line) in cells: arenas the reader frees once
 * recognition is done (parse.c), they are 2x the input. lazy and the text tab-separated:
 * no line's cells are split here, only counted; a recognizer asks for them
 * (recognize.h js_srcdoc_need_cells; the state in recs, src->lazy, freed by
 * js_srcdoc_lazy_free). own, when not NULL, is the buffer
 * holding text: released as soon as the text is normalised (read_text: the bytes read are
 * not kept beside the records). */
int js_srcdoc_from_text2(js_arena *keep, js_arena *recs, js_arena *cells, bool lazy,
                         const char *path, const char *text, size_t n, js_buf *own, js_srcdoc *out,
                         js_err *err);
/* A lazy js_srcdoc's cells freed (the lines keep their number of cells), src->lazy NULL. */
void js_srcdoc_lazy_free(js_srcdoc *src);

/* After the tables, whose reading needs every line's cells: no line keeps its cells (the
 * reader frees the arena that held them, parse.c), the lines for which kind[i] == keep
 * (the running text the narrative reads) keep their number, split again on demand by
 * js_srcline_cells; every other line has none. */
void js_srcdoc_drop_cells(js_srcdoc *src, const unsigned char *kind, unsigned char keep);

/* A reusable block of cells for js_srcline_cells (zero-initialised; js_cellbuf_free). */
typedef struct js_cellbuf {
    js_srccell *v;
    int cap;
} js_cellbuf;

/* The cells of ln in *cells, and their number: the line's own, or, when the reader dropped
 * them (js_srcdoc_drop_cells), the line split again into buf as js_srcdoc_from_text split
 * it, the cells then slices of ln->text, read by their len (not NUL-terminated), valid
 * until the next call with buf. 0 (and no cells) when out of memory. */
int js_srcline_cells(const js_srcline *ln, js_cellbuf *buf, const js_srccell **cells);
void js_cellbuf_free(js_cellbuf *buf);

#endif
