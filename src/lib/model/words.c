/*
 * words.c - the word lists of the audit rules (data/check/words.tsv, see
 * include/juesuan/words.h), read through records.c.
 */
#include "data.h"
#include "juesuan/words.h"
#include "records.h"

#include <stdlib.h>
#include <string.h>

typedef struct wlist {
    js_word *items;
    int n, cap;
} wlist;

struct js_words {
    js_arena *arena;
    wlist lists[JS_W_COUNT];
};

static int add(js_words *w, int kind, const js_rec_line *l, js_err *err)
{
    wlist *L = &w->lists[kind];
    if (!l->f[1][0] || (l->nf > 2 && !l->f[2][0]))
        return js_rec_error(err, l, "empty word in '%s' record", l->f[0]);
    if (L->n == L->cap) {
        int cap = L->cap ? 2 * L->cap : 16;
        js_word *items =
            js_arena_grow_raw(w->arena, L->items, (size_t)L->n, (size_t)cap, sizeof *items);
        if (!items) return js_err_set(err, JS_EINTERNAL, "out of memory reading %s", l->origin);
        L->items = items;
        L->cap = cap;
    }
    L->items[L->n++] = (js_word){l->f[1], l->nf > 2 ? l->f[2] : NULL};
    return JS_OK;
}

static int rd_short(void *c, const js_rec_line *l, js_err *err)
{
    const char *code = l->f[2];
    size_t k = strlen(code);
    if (k < 3 || k > 7 || strspn(code, "0123456789") != k)
        return js_rec_error(err, l, "'%s' is not a 功能分类 code", code);
    return add(c, JS_W_SHORT, l, err);
}
static int rd_figure(void *c, const js_rec_line *l, js_err *err)
{
    return add(c, JS_W_YEAR_FIGURE, l, err);
}
static int rd_compare(void *c, const js_rec_line *l, js_err *err)
{
    return add(c, JS_W_YEAR_COMPARE, l, err);
}
static int rd_sangong(void *c, const js_rec_line *l, js_err *err)
{
    return add(c, JS_W_SANGONG, l, err);
}

static const js_rec_kind RECORDS[] = {
    {"short", 3, 3, rd_short},
    {"year-figure", 2, 2, rd_figure},
    {"year-compare", 2, 2, rd_compare},
    {"sangong", 3, 3, rd_sangong},
};

js_words *js_words_parse(const char *origin, const char *text, size_t n, js_err *err)
{
    js_words *w = calloc(1, sizeof *w);
    if (!w || !(w->arena = js_arena_new())) {
        free(w);
        js_err_set(err, JS_EINTERNAL, "out of memory loading %s", origin);
        return NULL;
    }
    if (js_records_read(origin, text, n, w->arena, RECORDS, sizeof RECORDS / sizeof RECORDS[0], w,
                        err) != JS_OK) {
        js_words_free(w);
        return NULL;
    }
    return w;
}

js_words *js_words_new(js_err *err)
{
    return js_words_parse("data/check/words.tsv", js_data_words_tsv, js_data_words_tsv_len, err);
}

void js_words_free(js_words *w)
{
    if (!w) return;
    js_arena_free(w->arena);
    free(w);
}

const js_word *js_words_of(const js_words *w, int kind, int *n)
{
    if (!w || kind < 0 || kind >= JS_W_COUNT) {
        *n = 0;
        return NULL;
    }
    *n = w->lists[kind].n;
    return w->lists[kind].items;
}

bool js_words_all_in(const char *s, const char *word)
{
    if (!s || !word) return false;
    const char *p = word;
    for (;;) {
        const char *plus = strchr(p, '+');
        size_t k = plus ? (size_t)(plus - p) : strlen(p);
        if (k > 0) {
            char part[128];
            if (k >= sizeof part) return false;
            memcpy(part, p, k);
            part[k] = '\0';
            if (!strstr(s, part)) return false;
        }
        if (!plus) return true;
        p = plus + 1;
    }
}
