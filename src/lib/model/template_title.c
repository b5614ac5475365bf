/*
 * template_title.c - the index of the tables' titles (template_title.h): the
 * titles sorted twice, as printed and with their quotation marks left out; of
 * equal keys only the one earliest in the templates is kept, the one a walk over
 * them in order would have found first.
 */
#include "template_title.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry {
    const char *s; /* the key */
    int order;     /* the title's place in the templates: the earlier wins */
    int no;        /* its table */
} entry;

struct js_tpl_title_ix {
    entry *printed;  /* the titles as printed, by strcmp */
    entry *unquoted; /* the titles without their quotation marks, by strcmp */
    int nprinted, nunquoted;
};

/* Bytes of a quotation mark at s (“ ” ‘ ’ " ' 「 」 『 』), 0 if none. */
static size_t quote_at(const char *s)
{
    static const char *const q[] = {"\"", "'", "“", "”", "‘", "’", "「", "」", "『", "』"};
    unsigned char b = (unsigned char)*s; /* every mark starts with one of these bytes */
    if (b != '"' && b != '\'' && b != 0xE2 && b != 0xE3) return 0;
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        size_t n = strlen(q[i]);
        if (strncmp(s, q[i], n) == 0) return n;
    }
    return 0;
}

/* s with its quotation marks left out, in a; NULL when out of memory */
static const char *unquoted(js_arena *a, const char *s)
{
    if (!s[strcspn(s, "\"'\xE2\xE3")]) return s; /* no byte a mark starts with */
    char *u = js_arena_alloc(a, strlen(s) + 1);
    if (!u) return NULL;
    size_t m = 0;
    for (;;) {
        size_t n;
        while ((n = quote_at(s)) != 0)
            s += n;
        if (!*s) break;
        u[m++] = *s++;
    }
    u[m] = '\0';
    return u;
}

/* key against s (as strcmp) when the quotation marks of s are left out (key has
 * none left): 0 when key is "三公" and s is “三公” */
static int cmp_unquoted(const char *key, const char *s)
{
    for (;; key++, s++) {
        size_t n;
        while ((n = quote_at(s)) != 0)
            s += n;
        if (*key != *s) return (unsigned char)*key < (unsigned char)*s ? -1 : 1;
        if (!*key) return 0;
    }
}

static int by_key(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* e[0..n) sorted by key, then order, and only the first of equal keys kept; the
 * number kept */
static int sort_keys(entry *e, int n)
{
    qsort(e, (size_t)n, sizeof *e, by_key);
    int m = 0;
    for (int i = 0; i < n; i++)
        if (m == 0 || strcmp(e[m - 1].s, e[i].s) != 0) e[m++] = e[i];
    return m;
}

js_tpl_title_ix *js_tpl_title_ix_new(js_arena *a, const char *const *titles, const int *no, int n)
{
    js_tpl_title_ix *ix = js_arena_calloc(a, 1, sizeof *ix);
    if (!ix) return NULL;
    ix->printed = js_arena_calloc(a, (size_t)n + 1, sizeof *ix->printed);
    ix->unquoted = js_arena_calloc(a, (size_t)n + 1, sizeof *ix->unquoted);
    if (!ix->printed || !ix->unquoted) return NULL;
    for (int i = 0; i < n; i++) {
        ix->printed[i] = (entry){titles[i], i, no[i]};
        ix->unquoted[i] = (entry){unquoted(a, titles[i]), i, no[i]};
        if (!ix->unquoted[i].s) return NULL;
    }
    ix->nprinted = sort_keys(ix->printed, n);
    ix->nunquoted = sort_keys(ix->unquoted, n);
    return ix;
}

/* The table of the entry of e[0..n) (sorted, keys unique) whose key cmp finds
 * equal to s, 0 if none. */
static int find(const entry *e, int n, const char *s, int (*cmp)(const char *, const char *))
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (cmp(e[mid].s, s) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && cmp(e[lo].s, s) == 0 ? e[lo].no : 0;
}

int js_tpl_title_ix_find(const js_tpl_title_ix *ix, const char *s)
{
    if (!ix || !s) return 0;
    int no = find(ix->printed, ix->nprinted, s, strcmp);
    return no ? no : find(ix->unquoted, ix->nunquoted, s, cmp_unquoted);
}
