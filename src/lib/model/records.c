/*
 * records.c - the one reader of the form data files (records.h).
 */
#include "records.h"

#include "juesuan/text.h"

#include <stdio.h>
#include <string.h>

int js_rec_error(js_err *err, const js_rec_line *l, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return js_err_set(err, JS_EINPUT, "%s:%d: %s", l->origin, l->line, msg);
}

const char *js_rec_norm(js_arena *a, const char *s, size_t n)
{
    js_buf b;
    js_buf_init(&b);
    js_norm_key(&b, s, n);
    const char *r = js_arena_strndup(a, b.data ? b.data : "", b.len);
    js_buf_release(&b);
    return r;
}

const char **js_rec_words(js_arena *a, const char *s, int *n)
{
    int cap = 1;
    for (const char *p = s; *p; p++)
        if (*p == '|') cap++;
    const char **out = js_arena_calloc(a, (size_t)cap + 1, sizeof *out);
    *n = 0;
    if (!out) return NULL;
    for (const char *p = s, *start = s;; p++) {
        if (*p == '|' || *p == '\0') {
            if (p > start && !(out[(*n)++] = js_rec_norm(a, start, (size_t)(p - start))))
                return NULL;
            if (!*p) break;
            start = p + 1;
        }
    }
    return out;
}

/* One line: its fields to the reader of its kind. */
static int read_line(js_rec_line *l, char *copy, const js_rec_kind *kinds, size_t nkinds, void *ctx,
                     js_err *err)
{
    char *f[JS_REC_MAX_FIELDS] = {0};
    int nf = 0;
    for (char *q = copy; nf < JS_REC_MAX_FIELDS;) {
        f[nf++] = q;
        char *tab = strchr(q, '\t');
        if (!tab) break;
        *tab = '\0';
        q = tab + 1;
    }
    l->f = f;
    l->nf = nf;
    for (size_t i = 0; i < nkinds; i++)
        if (strcmp(f[0], kinds[i].name) == 0 && nf >= kinds[i].min_fields &&
            nf <= kinds[i].max_fields)
            return kinds[i].read(ctx, l, err);
    return js_rec_error(err, l, "cannot read record '%s' (%d fields)", f[0], nf);
}

int js_records_read(const char *origin, const char *text, size_t n, js_arena *a,
                    const js_rec_kind *kinds, size_t nkinds, void *ctx, js_err *err)
{
    js_rec_line l = {origin, 0, NULL, 0};
    for (size_t pos = 0; pos < n;) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', n - pos);
        size_t len = nl ? (size_t)(nl - line) : n - pos;
        pos += len + 1;
        l.line++;
        if (len == 0 || line[0] == '#') continue;
        char *copy = js_arena_strndup(a, line, len);
        if (!copy) return js_err_set(err, JS_EINTERNAL, "out of memory reading %s", origin);
        int rc = read_line(&l, copy, kinds, nkinds, ctx, err);
        if (rc != JS_OK) return rc;
    }
    return JS_OK;
}
