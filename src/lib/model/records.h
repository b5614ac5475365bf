/*
 * records.h - private to model/: the one reader of the form data files
 * (data/templates/templates.tsv, data/templates/budgets.tsv). One record a
 * line, TAB-separated fields, '#' comment lines and blank lines skipped; each
 * line goes to the reader of its record kind (the first field), with
 * "ORIGIN:LINE:" in every error. Both files are read by it: the kinds of
 * records, not the reading, differ between them.
 *
 * Ownership: the fields handed to a reader are NUL-terminated copies in the
 * arena given (they live as long as it).
 */
#ifndef JUESUAN_MODEL_RECORDS_H
#define JUESUAN_MODEL_RECORDS_H

#include "juesuan/base.h"

#define JS_REC_MAX_FIELDS 12

typedef struct js_rec_line {
    const char *origin; /* the file's name, for messages */
    int line;           /* 1-based */
    char **f;           /* the fields */
    int nf;
} js_rec_line;

/* A record kind: its first field, how many fields it has (min..max, the name
 * included), and its reader (JS_OK, or an error set with js_rec_error). */
typedef struct js_rec_kind {
    const char *name;
    int min_fields, max_fields;
    int (*read)(void *ctx, const js_rec_line *l, js_err *err);
} js_rec_kind;

/* Read text (n bytes) line by line into the readers of kinds; a line of no
 * kind, or with a number of fields its kind does not take, is an error. */
int js_records_read(const char *origin, const char *text, size_t n, js_arena *a,
                    const js_rec_kind *kinds, size_t nkinds, void *ctx, js_err *err);

/* err = "ORIGIN:LINE: message" (JS_EINPUT). */
int js_rec_error(js_err *err, const js_rec_line *l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* s (n bytes) normalised (js_norm_key: full-width folded, spaces removed), a
 * string in the arena; NULL when out of memory. */
const char *js_rec_norm(js_arena *a, const char *s, size_t n);

/* The '|'-separated words of s, normalised (js_norm_key: full-width folded,
 * spaces removed), empty ones dropped; NULL-terminated, in the arena. */
const char **js_rec_words(js_arena *a, const char *s, int *n);

#endif
