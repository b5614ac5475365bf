/*
 * catalog.c - the classification catalogues (catalog.h): a sorted array of
 * entries searched by code, loaded from TSV text (the built-in file is
 * data/catalog/classification.tsv, compiled in).
 */
#include "juesuan/catalog.h"
#include "juesuan/text.h"
#include "../data.h"

#include <stdlib.h>
#include <string.h>

struct js_catalog {
    js_arena *arena;
    js_class_entry *e;
    size_t n, cap;
    bool sorted;
};

static int entry_cmp(const void *a, const void *b)
{
    const js_class_entry *x = a, *y = b;
    if (x->kind != y->kind) return x->kind - y->kind;
    int c = strcmp(x->code, y->code);
    if (c) return c;
    return x->year - y->year;
}

js_catalog *js_catalog_new(js_err *err)
{
    js_catalog *cat = calloc(1, sizeof *cat);
    if (!cat || !(cat->arena = js_arena_new())) {
        free(cat);
        js_err_set(err, JS_EINTERNAL, "out of memory loading the catalogue");
        return NULL;
    }
    if (js_catalog_load_text(cat, "data/catalog/classification.tsv", js_data_classification_tsv,
                             js_data_classification_tsv_len, err) != JS_OK) {
        js_catalog_free(cat);
        return NULL;
    }
    return cat;
}

void js_catalog_free(js_catalog *cat)
{
    if (!cat) return;
    js_arena_free(cat->arena);
    free(cat->e);
    free(cat);
}

static int add(js_catalog *cat, int kind, int year, const char *code, size_t codelen,
               const char *name, size_t namelen)
{
    if (cat->n == cat->cap) {
        size_t cap = cat->cap ? cat->cap * 2 : 256;
        js_class_entry *e = realloc(cat->e, cap * sizeof *e);
        if (!e) return JS_EINTERNAL;
        cat->e = e;
        cat->cap = cap;
    }
    js_buf nb;
    js_buf_init(&nb);
    js_norm_key(&nb, name, namelen);
    js_class_entry *e = &cat->e[cat->n];
    e->kind = kind;
    e->year = year;
    e->code = js_arena_strndup(cat->arena, code, codelen);
    e->name = js_arena_strndup(cat->arena, nb.data ? nb.data : "", nb.len);
    js_buf_release(&nb);
    if (!e->code || !e->name) return JS_EINTERNAL;
    cat->n++;
    cat->sorted = false;
    return JS_OK;
}

int js_catalog_load_text(js_catalog *cat, const char *origin, const char *text, size_t n,
                         js_err *err)
{
    size_t pos = 0;
    int lineno = 0;
    while (pos < n) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', n - pos);
        size_t len = nl ? (size_t)(nl - line) : n - pos;
        pos += len + (nl ? 1 : 0);
        lineno++;
        if (len && line[len - 1] == '\r') len--;
        if (len == 0 || line[0] == '#') continue;
        const char *f[4];
        size_t fl[4];
        int nf = 0;
        size_t start = 0;
        for (size_t i = 0; i <= len && nf < 4; i++) {
            if (i == len || line[i] == '\t') {
                f[nf] = line + start;
                fl[nf] = i - start;
                nf++;
                start = i + 1;
            }
        }
        if (nf != 4)
            return js_err_set(err, JS_EINPUT, "%s:%d: expected 4 tab-separated fields", origin,
                              lineno);
        int kind = fl[0] == 4 && memcmp(f[0], "func", 4) == 0   ? JS_CLASS_FUNC
                   : fl[0] == 4 && memcmp(f[0], "econ", 4) == 0 ? JS_CLASS_ECON
                                                                : 0;
        if (!kind)
            return js_err_set(err, JS_EINPUT, "%s:%d: kind must be func or econ", origin, lineno);
        int year = 0;
        for (size_t i = 0; i < fl[1]; i++) {
            if (f[1][i] < '0' || f[1][i] > '9' || year > 9999)
                return js_err_set(err, JS_EINPUT, "%s:%d: bad edition year", origin, lineno);
            year = year * 10 + (f[1][i] - '0');
        }
        char code[16];
        if (fl[2] == 0 || fl[2] >= sizeof code)
            return js_err_set(err, JS_EINPUT, "%s:%d: bad code", origin, lineno);
        memcpy(code, f[2], fl[2]);
        code[fl[2]] = '\0';
        if (!js_code_level(kind, code))
            return js_err_set(err, JS_EINPUT, "%s:%d: code %s has the wrong length", origin, lineno,
                              code);
        if (add(cat, kind, year, f[2], fl[2], f[3], fl[3]) != JS_OK)
            return js_err_set(err, JS_EINTERNAL, "out of memory loading %s", origin);
    }
    qsort(cat->e, cat->n, sizeof *cat->e, entry_cmp);
    cat->sorted = true;
    return JS_OK;
}

int js_catalog_load(js_catalog *cat, const char *path, js_err *err)
{
    js_buf b;
    js_buf_init(&b);
    int rc = js_file_read(path, &b, err);
    if (rc == JS_OK) rc = js_catalog_load_text(cat, path, b.data, b.len, err);
    js_buf_release(&b);
    return rc;
}

/* Index of the first entry with (kind, code), or n. */
static size_t lower(const js_catalog *cat, int kind, const char *code)
{
    size_t lo = 0, hi = cat->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const js_class_entry *e = &cat->e[mid];
        int c = e->kind != kind ? e->kind - kind : strcmp(e->code, code);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const js_class_entry *js_catalog_find(const js_catalog *cat, int kind, int year, const char *code)
{
    if (!cat || !code) return NULL;
    const js_class_entry *best = NULL;
    for (size_t i = lower(cat, kind, code);
         i < cat->n && cat->e[i].kind == kind && strcmp(cat->e[i].code, code) == 0; i++) {
        if (year == 0 || cat->e[i].year <= year)
            best = &cat->e[i];
        else if (!best)
            best = &cat->e[i]; /* only a later edition knows it: still the best guess */
    }
    return best;
}

bool js_catalog_known(const js_catalog *cat, int kind, const char *code)
{
    return js_catalog_find(cat, kind, 0, code) != NULL;
}

bool js_catalog_name_ok(const js_catalog *cat, int kind, int year, const char *code,
                        const char *name)
{
    if (!cat || !code || !name) return false;
    js_buf nb;
    js_buf_init(&nb);
    js_norm_key(&nb, name, strlen(name));
    const char *n = nb.data ? nb.data : "";
    bool ok = false;
    /* any edition's name is accepted: the year's own is checked by the caller via find */
    for (size_t i = lower(cat, kind, code);
         !ok && i < cat->n && cat->e[i].kind == kind && strcmp(cat->e[i].code, code) == 0; i++) {
        const char *c = cat->e[i].name;
        if (year && cat->e[i].year > year) continue;
        if (strcmp(c, n) == 0) ok = true;
        /* "其他商品和服务支出" printed as "其他商品和服务": accept the name without 支出/费 */
        size_t cl = strlen(c), nl = strlen(n);
        if (!ok && cl > nl && strncmp(c, n, nl) == 0 &&
            (strcmp(c + nl, "支出") == 0 || strcmp(c + nl, "费") == 0))
            ok = true;
    }
    js_buf_release(&nb);
    return ok;
}

const char *js_catalog_func_class(const js_catalog *cat, const char *name)
{
    if (!cat || !name) return NULL;
    js_buf nb;
    js_buf_init(&nb);
    js_norm_key(&nb, name, strlen(name));
    const char *n = nb.data ? nb.data : "";
    js_heading_num h;
    size_t skip = js_heading_parse(n, nb.len, &h);
    if (skip && h.level == 1) n += skip;
    const char *found = NULL;
    for (size_t i = lower(cat, JS_CLASS_FUNC, "200"); i < cat->n && !found; i++) {
        const js_class_entry *e = &cat->e[i];
        if (e->kind != JS_CLASS_FUNC) break;
        if (strlen(e->code) == 3 && strcmp(e->name, n) == 0) found = e->code;
    }
    js_buf_release(&nb);
    return found;
}

size_t js_catalog_size(const js_catalog *cat)
{
    return cat ? cat->n : 0;
}

const js_class_entry *js_catalog_at(const js_catalog *cat, size_t i)
{
    return cat && i < cat->n ? &cat->e[i] : NULL;
}

int js_code_level(int kind, const char *code)
{
    size_t n = 0;
    for (; code[n]; n++)
        if (code[n] < '0' || code[n] > '9') return 0;
    (void)kind;
    return n == 3 ? 1 : n == 5 ? 2 : n == 7 ? 3 : 0;
}

const char *js_row_key_code(const char *key)
{
    if (!key) return NULL;
    const char *colon = strrchr(key, ':');
    const char *c = colon ? colon + 1 : key;
    size_t n = strlen(c);
    if (colon && strncmp(key, "支出:", strlen("支出:")) != 0) return NULL;
    return (n == 3 || n == 5 || n == 7) && strspn(c, "0123456789") == n ? c : NULL;
}

const js_class_entry *js_catalog_find_code(const js_catalog *cat, int year, const char *code)
{
    if (!code) return NULL;
    int kind = code[0] == '3' ? JS_CLASS_ECON : JS_CLASS_FUNC;
    const js_class_entry *e = js_catalog_find(cat, kind, year, code);
    return e ? e
             : js_catalog_find(cat, kind == JS_CLASS_ECON ? JS_CLASS_FUNC : JS_CLASS_ECON, year,
                               code);
}
