/*
 * words.h - the words of the audit rules: short forms of 科目, the figures and the
 * comparing words of F-YEAR, the labels of the 三公 items. Data
 * (data/check/words.tsv), compiled into the library and parsed once by
 * js_words_new(); immutable once built, shared read-only through js_ctx.
 *
 * Ownership: the word set owns every string it returns.
 */
#ifndef JUESUAN_WORDS_H
#define JUESUAN_WORDS_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

enum js_word_kind {
    JS_W_SHORT = 0,        /* short: word -> 功能分类 code (prefix) */
    JS_W_YEAR_FIGURE = 1,  /* year-figure: word */
    JS_W_YEAR_COMPARE = 2, /* year-compare: word */
    JS_W_SANGONG = 3,      /* sangong: words ('+'-joined, all must occur) -> 07 item */
    JS_W_COUNT
};

typedef struct js_word {
    const char *word;  /* as printed in the file */
    const char *value; /* the code or item; NULL for a plain list */
} js_word;

typedef struct js_words js_words;

/* The built-in word lists. NULL with err set on failure. */
js_words *js_words_new(js_err *err);
/* Word lists from text (n bytes) in the format of data/check/words.tsv; origin names it
 * in errors ("ORIGIN:LINE: …"). NULL with err set on failure. */
js_words *js_words_parse(const char *origin, const char *text, size_t n, js_err *err);
void js_words_free(js_words *w);
/* The records of one kind in file order, *n of them (an empty list for w NULL). */
const js_word *js_words_of(const js_words *w, int kind, int *n);
/* Does s hold every '+'-separated part of word? */
bool js_words_all_in(const char *s, const char *word);

#ifdef __cplusplus
}
#endif

#endif
