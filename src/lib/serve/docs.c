/*
 * docs.c - documents of the web server: an upload read and checked in-process
 * (sv_doc), a small cache of them shared read-only between requests, and the
 * store behind a mutex (one connection).
 *
 * The type of an upload is decided by its bytes, never by its name: "%PDF-"
 * is a PDF, a JSON object with "juesuan_model" a model, a ZIP or Office 97
 * file a spreadsheet (XLSX, XLS), other known binary signatures (images,
 * programs, archives) are refused with a message, and the rest must be text
 * that the reader recognises as a disclosure.
 */
#include "serve_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void doc_free(sv_doc *d)
{
    if (!d) return;
    js_findings_release(&d->f);
    js_doc_free(d->doc);
    js_buf_release(&d->src);
    free(d);
}

void sv_doc_release(js_server *s, sv_doc *d)
{
    if (!d) return;
    pthread_mutex_lock(&s->mu);
    bool last = --d->refs == 0;
    pthread_mutex_unlock(&s->mu);
    if (last) doc_free(d);
}

/* What the bytes are, or a message saying why they are refused. */
static const char *sniff(const char *p, size_t n, int *kind)
{
    static const struct {
        const char *magic;
        size_t len;
        const char *what;
    } BIN[] = {
        {"\x89PNG", 4, "这是 PNG 图片，不是决算公开文件"},
        {"\xFF\xD8\xFF", 3, "这是 JPEG 图片，不是决算公开文件"},
        {"GIF8", 4, "这是 GIF 图片，不是决算公开文件"},
        {"\x7F"
         "ELF",
         4, "这是程序文件，不是决算公开文件"},
        {"\x1F\x8B", 2, "这是 gzip 压缩文件，请解压后上传"},
        {"Rar!", 4, "这是 RAR 压缩文件，请解压后上传"},
    };
    *kind = 0;
    if (n == 0) return "文件是空的";
    if ((n >= 4 && memcmp(p, "PK\x03\x04", 4) == 0) ||
        (n >= 4 && memcmp(p, "\xD0\xCF\x11\xE0", 4) == 0)) {
        *kind = 4; /* XLSX (ZIP) or XLS (Office 97): the spreadsheet reader says if it is one */
        return NULL;
    }
    for (size_t i = 0; i < sizeof BIN / sizeof BIN[0]; i++)
        if (n >= BIN[i].len && memcmp(p, BIN[i].magic, BIN[i].len) == 0) return BIN[i].what;
    size_t head = n < 1024 ? n : 1024;
    for (size_t i = 0; i + 5 <= head; i++)
        if (memcmp(p + i, "%PDF-", 5) == 0) {
            *kind = 1;
            return NULL;
        }
    if (js_json_is_model(p, n)) {
        *kind = 2;
        return NULL;
    }
    if (memchr(p, '\0', head)) return "这是二进制文件，不是决算公开文件（PDF 或文本）";
    *kind = 3;
    return NULL;
}

/* A document that could not be read: one `read` finding saying why. */
static int unreadable(sv_doc *d, const char *name, const char *why, js_err *err)
{
    js_findings_release(&d->f);
    js_doc_free(d->doc);
    d->doc = NULL;
    return js_check_unreadable(name, why, &d->doc, &d->f, err);
}

bool sv_doc_unreadable(const sv_doc *d)
{
    return d->f.n == 1 && d->f.items[0].rule && strcmp(d->f.items[0].rule, "R-UNREADABLE") == 0;
}

sv_doc *sv_doc_make(js_server *s, const char *name, const char *data, size_t n, js_err *err)
{
    sv_doc *d = calloc(1, sizeof *d);
    if (!d) {
        js_err_set(err, JS_EINTERNAL, "out of memory");
        return NULL;
    }
    d->refs = 1;
    js_buf_init(&d->src);
    js_findings_init(&d->f);
    js_sha256_hex(data, n, d->hash);
    int kind = 0;
    const char *why = sniff(data, n, &kind);
    int rc = JS_OK;
    js_err perr;
    js_err_clear(&perr);
    char whybuf[700];
    if (!why) {
        if (kind == 1)
            rc = js_parse_pdf_bytes(s->ctx, name, data, n, &d->doc, &perr);
        else if (kind == 2)
            rc = js_doc_from_json(name, data, n, &d->doc, &perr);
        else if (kind == 4)
            rc = js_parse_sheet_bytes(s->ctx, name, data, n, &d->doc, &perr);
        else
            rc = js_parse_text(s->ctx, name, data, n, &d->doc, &perr);
        d->pdf = kind == 1;
        if (rc == JS_EINTERNAL) {
            js_err_set(err, JS_EINTERNAL, "%s", perr.msg);
            doc_free(d);
            return NULL;
        }
        if (rc != JS_OK) {
            snprintf(whybuf, sizeof whybuf, "不是决算公开文件，或无法读取（%s）",
                     perr.msg[0] ? perr.msg : name);
            why = whybuf;
        }
    }
    if (why) {
        d->pdf = false;
        if (unreadable(d, name, why, err) != JS_OK) {
            doc_free(d);
            return NULL;
        }
        return d;
    }
    if (js_check(s->ctx, d->doc, &d->f, err) != JS_OK) {
        doc_free(d);
        return NULL;
    }
    if (d->pdf) js_buf_append(&d->src, data, n);
    if (d->src.oom) {
        js_err_set(err, JS_EINTERNAL, "out of memory");
        doc_free(d);
        return NULL;
    }
    return d;
}

/* ---- the cache --------------------------------------------------------------- */

/* Put d in the cache (taking one more reference), evicting the least used. */
static void cache_put(js_server *s, sv_doc *d)
{
    pthread_mutex_lock(&s->mu);
    int slot = -1;
    sv_doc *evict = NULL;
    /* a newer reading of the same document replaces the older one */
    for (int i = 0; i < SV_CACHE && slot < 0 && d->id; i++)
        if (s->cache[i] && s->cache[i]->id == d->id) {
            slot = i;
            evict = s->cache[i];
            if (--evict->refs > 0) evict = NULL;
        }
    for (int i = 0; i < SV_CACHE && slot < 0; i++)
        if (!s->cache[i]) slot = i;
    if (slot < 0) {
        slot = 0;
        for (int i = 1; i < SV_CACHE; i++)
            if (s->cache[i]->used < s->cache[slot]->used) slot = i;
        evict = s->cache[slot];
        if (--evict->refs > 0) evict = NULL;
    }
    d->refs++;
    d->used = ++s->clock;
    s->cache[slot] = d;
    pthread_mutex_unlock(&s->mu);
    doc_free(evict);
}

static sv_doc *cache_get(js_server *s, int64_t id)
{
    sv_doc *d = NULL;
    pthread_mutex_lock(&s->mu);
    for (int i = 0; i < SV_CACHE; i++)
        if (s->cache[i] && s->cache[i]->id == id) {
            d = s->cache[i];
            d->refs++;
            d->used = ++s->clock;
            break;
        }
    pthread_mutex_unlock(&s->mu);
    return d;
}

typedef struct meta_st {
    char hash[65];
    char path[512];
    bool found;
} meta_st;

static int meta_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    meta_st *m = ud;
    if (ncols < 2 || v[0].type != JS_SVAL_TEXT) return 1;
    snprintf(m->hash, sizeof m->hash, "%s", v[0].s);
    snprintf(m->path, sizeof m->path, "%s", v[1].type == JS_SVAL_TEXT ? v[1].s : "");
    m->found = true;
    return 1;
}

/* ---- a document stored without its file (juesuan db load) -------------------------- */

typedef struct stored_st {
    sv_doc *d;
    bool oom;
} stored_st;

static const char *dup_text(js_arena *a, const js_sval *v, bool *oom)
{
    if (v->type != JS_SVAL_TEXT) return NULL;
    char *s = js_arena_strdup(a, v->s);
    if (!s) *oom = true;
    return s;
}

static int stored_finding(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    stored_st *x = ud;
    js_findings *f = &x->d->f;
    if (ncols < 13) return 1;
    if (f->n == f->cap) {
        int nc = f->cap ? f->cap * 2 : 32;
        js_finding *ni = js_arena_grow(f->arena, f->items, (size_t)f->n, (size_t)nc, sizeof *ni);
        if (!ni) {
            x->oom = true;
            return 1;
        }
        f->items = ni;
        f->cap = nc;
    }
    js_finding *e = &f->items[f->n];
    memset(e, 0, sizeof *e);
    e->id = v[0].type == JS_SVAL_INT ? (int)v[0].i : f->n + 1;
    e->rule = dup_text(f->arena, &v[1], &x->oom);
    e->kind = dup_text(f->arena, &v[2], &x->oom);
    const char *sev = v[3].type == JS_SVAL_TEXT ? v[3].s : "";
    e->severity = strcmp(sev, "error") == 0     ? JS_SEV_ERROR
                  : strcmp(sev, "warning") == 0 ? JS_SEV_WARNING
                                                : JS_SEV_NOTICE;
    e->table = dup_text(f->arena, &v[4], &x->oom);
    e->row = dup_text(f->arena, &v[5], &x->oom);
    e->column = dup_text(f->arena, &v[6], &x->oom);
    e->section = dup_text(f->arena, &v[7], &x->oom);
    e->loc.line = v[8].type == JS_SVAL_INT ? (int)v[8].i : 0;
    e->loc.page = v[9].type == JS_SVAL_INT ? (int)v[9].i : 0;
    e->stated = dup_text(f->arena, &v[10], &x->oom);
    e->expected = dup_text(f->arena, &v[11], &x->oom);
    e->message = dup_text(f->arena, &v[12], &x->oom);
    if (!e->message) e->message = "";
    f->n++;
    return x->oom;
}

typedef struct stored_meta {
    char path[512], dept[512];
    int year;
} stored_meta;

static int stored_meta_row(void *ud, int ncols, const js_sval *v, const char *const *names)
{
    (void)names;
    stored_meta *m = ud;
    if (ncols < 3) return 1;
    snprintf(m->path, sizeof m->path, "%s", v[0].type == JS_SVAL_TEXT ? v[0].s : "");
    snprintf(m->dept, sizeof m->dept, "%s", v[1].type == JS_SVAL_TEXT ? v[1].s : "");
    m->year = v[2].type == JS_SVAL_INT ? (int)v[2].i : 0;
    return 1;
}

/* The document as the store has it: its findings as they were stored, no
 * tables and no pages (the file was not kept). The caller holds store_mu. */
static sv_doc *doc_from_store(js_server *s, int64_t id, const char *hash, js_err *err)
{
    sv_doc *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->refs = 1;
    d->id = id;
    d->stored_only = true;
    snprintf(d->hash, sizeof d->hash, "%s", hash);
    js_buf_init(&d->src);
    js_findings_init(&d->f);
    d->f.arena = js_arena_new();
    stored_meta m = {{0}, {0}, 0};
    js_sval p[1] = {js_sval_int(id)};
    int rc = d->f.arena ? JS_OK : js_err_set(err, JS_EINTERNAL, "out of memory");
    if (rc == JS_OK)
        rc = js_store_query(s->store, "SELECT path, dept, year FROM documents WHERE id = ?1", p, 1,
                            stored_meta_row, &m, err);
    const char *base = strrchr(m.path, '/');
    d->doc = rc == JS_OK ? js_doc_new(base ? base + 1 : m.path) : NULL;
    if (rc == JS_OK && !d->doc) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    if (rc == JS_OK) {
        d->doc->dept = js_arena_strdup(d->doc->arena, m.dept);
        d->doc->year = m.year;
        stored_st x = {d, false};
        rc = js_store_query(s->store,
                            "SELECT seq, rule, kind, severity, tbl, row_key, col_key, section, "
                            "line, page, stated, expected, message FROM findings "
                            "WHERE doc_id = ?1 ORDER BY seq",
                            p, 1, stored_finding, &x, err);
        if (rc == JS_OK && x.oom) rc = js_err_set(err, JS_EINTERNAL, "out of memory");
    }
    if (rc != JS_OK) {
        doc_free(d);
        return NULL;
    }
    return d;
}

sv_doc *sv_doc_get(js_server *s, int64_t id, int *status, js_err *err)
{
    sv_doc *d = cache_get(s, id);
    if (d) return d;
    meta_st m = {.found = false};
    js_buf src;
    js_buf_init(&src);
    pthread_mutex_lock(&s->store_mu);
    js_sval p[1] = {js_sval_int(id)};
    int rc = js_store_query(s->store, "SELECT hash, path FROM documents WHERE id = ?1", p, 1,
                            meta_row, &m, err);
    if (rc == JS_OK && m.found) rc = js_store_get_source(s->store, m.hash, &src, err);
    if (rc == JS_EUSAGE && m.found) {
        /* loaded by `juesuan db load`: the file was not kept, its findings were */
        js_err_clear(err);
        d = doc_from_store(s, id, m.hash, err);
        pthread_mutex_unlock(&s->store_mu);
        js_buf_release(&src);
        if (!d) {
            *status = 500;
            return NULL;
        }
        cache_put(s, d);
        return d;
    }
    pthread_mutex_unlock(&s->store_mu);
    if (rc == JS_OK && !m.found)
        rc = js_err_set(err, JS_EUSAGE, "没有编号为 %lld 的文件", (long long)id);
    if (rc != JS_OK) {
        *status = rc == JS_EUSAGE ? (m.found ? 409 : 404) : 500;
        js_buf_release(&src);
        return NULL;
    }
    const char *base = strrchr(m.path, '/');
    d = sv_doc_make(s, base ? base + 1 : m.path, src.data, src.len, err);
    js_buf_release(&src);
    if (!d) {
        *status = 500;
        return NULL;
    }
    d->id = id;
    cache_put(s, d);
    return d;
}

/* ---- storing ----------------------------------------------------------------- */

/* A copy of d's findings (items copied, strings shared with d) with the
 * acceptances of d's hash applied. The caller holds store_mu. */
int sv_findings_accepted(js_server *s, const sv_doc *d, js_findings *out, js_err *err)
{
    js_findings_init(out);
    out->arena = js_arena_new();
    if (!out->arena) return js_err_set(err, JS_EINTERNAL, "out of memory");
    if (d->f.n) {
        out->items = js_arena_calloc(out->arena, (size_t)d->f.n, sizeof *out->items);
        if (!out->items) return js_err_set(err, JS_EINTERNAL, "out of memory");
        memcpy(out->items, d->f.items, (size_t)d->f.n * sizeof *out->items);
    }
    out->n = out->cap = d->f.n;
    return js_store_apply_accepted(s->store, d->hash, out, err);
}

int sv_doc_store(js_server *s, sv_doc *d, const char *name, const char *data, size_t n, bool *dup,
                 js_err *err)
{
    js_store_docinfo info = {
        .hash = d->hash, .path = name, .bytes = (long long)n, .checked = true, .check_note = NULL};
    js_findings acc;
    pthread_mutex_lock(&s->store_mu);
    int rc = sv_findings_accepted(s, d, &acc, err);
    int64_t id = 0;
    if (rc == JS_OK) rc = js_store_put(s->store, &info, d->doc, &acc, &id, dup, err);
    if (rc == JS_OK) rc = js_store_put_source(s->store, d->hash, name, data, n, err);
    pthread_mutex_unlock(&s->store_mu);
    js_findings_release(&acc);
    if (rc != JS_OK) return rc;
    d->id = id;
    cache_put(s, d);
    return JS_OK;
}
