/*
 * diag.c - the list of diagnostics (diag.h): adding, counting, and the one
 * text and one JSON form of a diagnostic.
 */
#include "juesuan/diag.h"

#include "model/diag_json.h"

#include <jansson.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A text shown to users, in their language (src/cli/i18n.c chooses it). */
#define JS_T(s) dgettext("juesuan", s)

void js_diags_init(js_diags *l)
{
    *l = (js_diags){0};
    l->own = true;
}

void js_diags_init_in(js_diags *l, js_arena *a)
{
    *l = (js_diags){0};
    l->arena = a;
}

void js_diags_release(js_diags *l)
{
    if (l->own) {
        js_arena_free(l->arena);
        *l = (js_diags){0};
        l->own = true;
    } else {
        js_arena *a = l->arena;
        *l = (js_diags){0};
        l->arena = a;
    }
}

static const char *dup(js_arena *a, const char *s, bool *ok)
{
    if (!s) return NULL;
    char *c = js_arena_strdup(a, s);
    if (!c) *ok = false;
    return c;
}

js_diag *js_diags_vadd(js_diags *l, const js_diag *d, const char *fmt, va_list ap)
{
    if (!l->arena && l->own) l->arena = js_arena_new();
    if (!l->arena) {
        l->oom = true;
        return NULL;
    }
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 16;
        js_diag *v = js_arena_grow(l->arena, l->v, (size_t)l->n, (size_t)cap, sizeof *v);
        if (!v) {
            l->oom = true;
            return NULL;
        }
        l->v = v;
        l->cap = cap;
    }
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    bool ok = true;
    js_diag x = *d;
    x.code = dup(l->arena, d->code ? d->code : "", &ok);
    x.file = dup(l->arena, d->file, &ok);
    x.cell = dup(l->arena, d->cell, &ok);
    x.key = dup(l->arena, d->key, &ok);
    x.text = dup(l->arena, msg, &ok);
    if (!ok) {
        l->oom = true;
        return NULL;
    }
    l->v[l->n] = x;
    return &l->v[l->n++];
}

js_diag *js_diags_add(js_diags *l, const js_diag *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    js_diag *r = js_diags_vadd(l, d, fmt, ap);
    va_end(ap);
    return r;
}

int js_diags_count(const js_diags *l, int min_severity)
{
    int n = 0;
    for (int i = 0; i < l->n; i++)
        n += l->v[i].severity >= min_severity;
    return n;
}

const char *js_diag_severity_name(int severity)
{
    switch (severity) {
    case JS_DIAG_ERROR:
        return "error";
    case JS_DIAG_WARNING:
        return "warning";
    default:
        return "note";
    }
}

void js_diag_text(const js_diag *d, const char *default_file, js_buf *out)
{
    const char *file = d->file ? d->file : default_file;
    if (file) {
        js_buf_puts(out, file);
        if (d->loc.line > 0) {
            js_buf_printf(out, ":%d", d->loc.line);
            if (d->column > 0) js_buf_printf(out, ":%d", d->column);
        } else if (d->loc.page > 0) {
            js_buf_puts(out, ": ");
            js_buf_printf(out, JS_T("page %d"), d->loc.page);
        }
        js_buf_puts(out, ": ");
    } else if (d->loc.line > 0) {
        js_buf_printf(out, "%d: ", d->loc.line);
    } else if (d->loc.page > 0) {
        js_buf_printf(out, JS_T("page %d"), d->loc.page);
        js_buf_puts(out, ": ");
    }
    if (d->cell) js_buf_printf(out, "%s：", d->cell);
    if (d->key) js_buf_printf(out, "%s: ", d->key);
    js_buf_puts(out, d->text ? d->text : "");
}

void js_diags_text(const js_diags *l, const char *default_file, js_buf *out)
{
    for (int i = 0; i < l->n; i++) {
        js_diag_text(&l->v[i], default_file, out);
        js_buf_putc(out, '\n');
    }
}

/* ---- JSON ------------------------------------------------------------------ */

static void put(json_t *o, const char *k, json_t *v)
{
    if (v) json_object_set_new(o, k, v);
}

static json_t *jstr(const char *s)
{
    if (!s) return json_null();
    json_t *j = json_string(s);
    return j ? j : json_null(); /* not UTF-8: cannot be written */
}

json_t *js_loc_json(js_loc l)
{
    json_t *o = json_object();
    if (!o) return NULL;
    if (l.line) put(o, "line", json_integer(l.line));
    if (l.page) put(o, "page", json_integer(l.page));
    if (l.x0 != 0 || l.y0 != 0 || l.x1 != 0 || l.y1 != 0)
        put(o, "box", json_pack("[ffff]", (double)l.x0, (double)l.y0, (double)l.x1, (double)l.y1));
    return o;
}

json_t *js_diag_json(const js_diag *d)
{
    json_t *o = json_object();
    if (!o) return NULL;
    put(o, "code", jstr(d->code));
    put(o, "table", json_integer(d->table));
    put(o, "loc", js_loc_json(d->loc));
    put(o, "text", jstr(d->text));
    /* the fields a reading note does not use are left out when unset */
    if (d->severity != JS_DIAG_NOTE)
        put(o, "severity", json_string(js_diag_severity_name(d->severity)));
    if (d->file) put(o, "file", jstr(d->file));
    if (d->column) put(o, "column", json_integer(d->column));
    if (d->cell) put(o, "cell", jstr(d->cell));
    if (d->key) put(o, "key", jstr(d->key));
    return o;
}

json_t *js_diags_to_json(const js_diag *v, int n)
{
    json_t *a = json_array();
    for (int i = 0; a && i < n; i++) {
        json_t *o = js_diag_json(&v[i]);
        if (!o || json_array_append_new(a, o)) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

int js_diags_json(const js_diags *l, js_buf *out, js_err *err)
{
    json_t *a = js_diags_to_json(l->v, l->n);
    char *s = a ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    if (!s) return js_err_set(err, JS_EINTERNAL, "out of memory");
    js_buf_puts(out, s);
    free(s);
    return out->oom ? js_err_set(err, JS_EINTERNAL, "out of memory") : JS_OK;
}

int js_diag_severity_parse(const char *s)
{
    if (s && strcmp(s, "error") == 0) return JS_DIAG_ERROR;
    if (s && strcmp(s, "warning") == 0) return JS_DIAG_WARNING;
    return JS_DIAG_NOTE;
}
