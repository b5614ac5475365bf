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

/* js_srcdoc_from_text (lines.c) with the normalised text and the bad lines' numbers in
 * keep (the document quotes them) and the line and cell records in recs, an arena the
 * reader frees once recognition is done (parse.c): they are 2-3x the input. */
int js_srcdoc_from_text2(js_arena *keep, js_arena *recs, const char *path, const char *text,
                         size_t n, js_srcdoc *out, js_err *err);

#endif
